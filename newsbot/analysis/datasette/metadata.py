"""What every table, view and column of the newsbot database means: the one place Datasette's descriptions come from.

``tests/test_serve.py`` fails when the database has a table, view or column missing here (add its description
below) or when an entry here names something the database no longer has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsbot.analysis.datasette.queries import QUERIES

#: Datasette's name for the database, whatever the file is called: the canned query urls and the chart template
#: (``templates/query-newsbot.html``) depend on it.
DATABASE = "newsbot"


@dataclass(frozen=True)
class Described:
    """A table or view: what one row is, what each column holds, and how Datasette should present it."""

    description: str
    columns: dict[str, str]
    facets: tuple[str, ...] = ()
    label_column: str | None = None
    sort_desc: str | None = None
    hidden: bool = False
    view: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


_ID = "row id"
_TIME = "(UTC)"
_ARTICLE = "the article (articles.id)"
_SITE = "site name"


def _view(description: str, columns: dict[str, str], facets: tuple[str, ...] = ()) -> Described:
    """A SQL view, described like a table; Datasette shows its description starting with "View: "."""
    return Described(f"View: {description}", columns, facets=facets, view=True)


TABLES: dict[str, Described] = {
    "sources": Described(
        "One row per site newsbot crawls (a spider or profile name).",
        {"id": _ID, "name": "site name, e.g. gamespot", "created_at": f"when newsbot first stored this site {_TIME}"},
        label_column="name",
    ),
    "articles": Described(
        "One row per canonical url: the latest version of the page. Earlier versions are in article_versions, "
        "the comment count history in comment_snapshots.",
        {
            "id": _ID,
            "source_id": "the site (sources.id)",
            "url": "url the page was last fetched from",
            "canonical_url": "the page's canonical url, tracking parameters removed (unique)",
            "kind": "article, review, gallery or video",
            "headline": "headline",
            "deck": "standfirst under the headline, if any",
            "body_text": "article text, paragraphs separated by a blank line",
            "body_html": "sanitised article HTML (no scripts, styles or event handlers)",
            "published_at": f"publication time the page gives {_TIME}",
            "updated_at": f"last-modified time the page gives {_TIME}",
            "language": "language code the page declares, e.g. en",
            "word_count": "words in body_text",
            "lead_image": "url of the lead image",
            "content_hash": "SHA-256 of the normalised body text (same text, same hash)",
            "comment_count": "latest comment count seen; NULL when the page shows none",
            "url_key": "one key for every form of the url (http/https, www/m/amp, tracking parameters, trailing "
            "slash); unique",
            "etag": "the page's last ETag header; a revisit sends it back as If-None-Match",
            "last_modified": "the page's last Last-Modified header; a revisit sends it back as If-Modified-Since",
            "first_seen_at": f"when newsbot first stored the page {_TIME}",
            "last_seen_at": f"when newsbot last fetched the page {_TIME}",
        },
        facets=("source_id", "kind", "language"),
        label_column="headline",
        sort_desc="published_at",
        extra={"fts_table": "articles_fts", "fts_pk": "id"},
    ),
    "article_versions": Described(
        "The headline and text an article had before a change replaced them: one row per change.",
        {
            "id": _ID,
            "article_id": _ARTICLE,
            "headline": "headline of the replaced version",
            "deck": "deck of the replaced version",
            "body_text": "text of the replaced version",
            "body_html": "sanitised HTML of the replaced version",
            "content_hash": "SHA-256 of the replaced version's normalised text",
            "page_modified_at": f"updated_at the page gave for this version {_TIME}",
            "replaced_at": f"when a newer version was seen {_TIME}",
        },
        sort_desc="replaced_at",
    ),
    "articles_fts": Described(
        "Full-text index (SQLite FTS5) over articles' headline, deck and body_text; the articles page's search box "
        "uses it.",
        {"headline": "indexed headline", "deck": "indexed deck", "body_text": "indexed text"},
        hidden=True,
    ),
    "authors": Described(
        "One row per byline: a name and profile url (two people with one name differ by url).",
        {"id": _ID, "name": "name as the byline shows it", "url": "profile url; '' when the page links none"},
        label_column="name",
    ),
    "article_authors": Described(
        "Who wrote what: one row per article and author.",
        {
            "article_id": _ARTICLE,
            "author_id": "the author (authors.id)",
            "position": "place in the byline, 0 first",
        },
        facets=("author_id",),
    ),
    "tags": Described(
        "One row per tag or related game name.", {"id": _ID, "name": "tag as the page shows it"}, label_column="name"
    ),
    "article_tags": Described(
        "Which tags an article has: one row per article and tag. Facet on tag_id to count articles per tag.",
        {"article_id": _ARTICLE, "tag_id": "the tag (tags.id)"},
        facets=("tag_id",),
    ),
    "embeds": Described(
        "Rich content placed in an article body (posts, tweets, videos, galleries).",
        {
            "id": _ID,
            "article_id": _ARTICLE,
            "provider": "instagram, twitter, youtube, tiktok, gamespot, ...",
            "kind": "post, tweet, video, gallery, image, ...",
            "url": "url of the embedded content",
            "external_id": "the provider's id of the content, when the url carries one",
            "author_handle": "account that published the content, when known",
            "caption": "caption or text shown with the embed",
            "position": "text blocks of the body before the embed (0 = before the first)",
        },
        facets=("provider", "kind"),
    ),
    "links": Described(
        "Outbound links in an article body, in order.",
        {
            "id": _ID,
            "article_id": _ARTICLE,
            "url": "link target",
            "text": "anchor text",
            "position": "order in the body, 0 first",
        },
    ),
    "comment_snapshots": Described(
        "One row per visit of an article: the comment count seen then. The canned query 'Comment growth of one "
        "article' charts them.",
        {
            "id": _ID,
            "article_id": _ARTICLE,
            "observed_at": f"time of the visit {_TIME}",
            "count": "comment count the page showed; NULL when it showed none",
            "crawl_run_id": "the crawl run of the visit (crawl_runs.id)",
        },
        sort_desc="observed_at",
    ),
    "duplicates": Described(
        "Urls whose body text repeats an article stored under another url (syndicated copies).",
        {
            "id": _ID,
            "canonical_url": "canonical url of the copy",
            "url": "url the copy was fetched from",
            "duplicate_of": "the article it repeats (articles.id)",
            "content_hash": "SHA-256 of the normalised text both share",
            "source_id": "the site that ran the copy (sources.id)",
            "published_at": f"publication time the copy's page gives {_TIME}",
            "first_seen_at": f"when the copy was first seen {_TIME}",
            "last_seen_at": f"when the copy was last seen {_TIME}",
        },
    ),
    "stories": Described(
        "One row per story: articles that are one text run again (syndicated copies, light rewrites) across sites. "
        "Every article is in exactly one; story_timeline lists each story's copies in publication order.",
        {
            "id": _ID,
            "headline": "headline of the article that started the story",
            "first_seen_at": f"when newsbot first saw the story {_TIME}",
            "member_count": "articles in the story (story_members); exact copies are in duplicates",
        },
        label_column="headline",
        sort_desc="member_count",
    ),
    "story_members": Described(
        "Which story each article is in: one row per article.",
        {
            "id": _ID,
            "story_id": "the story (stories.id)",
            "article_id": _ARTICLE,
            "source_id": "the article's site (sources.id)",
            "joined_at": f"when the article joined the story {_TIME}",
            "similarity": "estimated share of word pairs in common with matched_article_id (0-1); NULL for the "
            "article that started the story",
            "matched_article_id": "the article it was found like (articles.id)",
        },
        facets=("source_id",),
        sort_desc="id",
    ),
    "story_signatures": Described(
        "The MinHash fingerprint each story member was indexed with (binary; for newsbot's story index).",
        {
            "article_id": _ARTICLE,
            "scheme": "how the fingerprint was made",
            "minhash": "MinHash signature",
            "sentences": "keys of the article's sentences",
        },
        hidden=True,
    ),
    "story_bands": Described(
        "The LSH bands of each story member's fingerprint: where newsbot's story index finds candidates.",
        {"band_key": "a band's MinHash values folded into 32 bits", "article_id": _ARTICLE},
        hidden=True,
    ),
    "story_sentences": Described(
        "Sentences the sites ran (64-bit keys of site and words): a sentence met again is template text.",
        {"sentence_key": "key of site and sentence"},
        hidden=True,
    ),
    "story_lock": Described(
        "One row crawlers lock to decide stories one at a time.",
        {"id": _ID, "held_at": f"when a crawler last took the lock {_TIME}"},
        hidden=True,
    ),
    "crawl_runs": Described(
        "One row per spider run: when, how it ended and what it did.",
        {
            "id": _ID,
            "spider": "spider name (the site)",
            "started_at": f"start {_TIME}",
            "finished_at": f"end {_TIME}; NULL while running or after a crash",
            "finish_reason": "Scrapy's finish reason: finished, shutdown, ...",
            "pages_fetched": "responses received",
            "items_stored": "articles inserted or changed",
            "items_unchanged": "articles seen again unchanged",
            "items_dropped": "items refused by a pipeline",
            "duplicates": "pages recorded as duplicates",
            "failures": "pages recorded in failures",
            "stats": "all of Scrapy's stats for the run, as JSON",
        },
        facets=("spider", "finish_reason"),
        label_column="spider",
        sort_desc="id",
    ),
    "failures": Described(
        "Pages that did not become an article, with the stage that refused them and why.",
        {
            "id": _ID,
            "crawl_run_id": "the crawl run (crawl_runs.id)",
            "url": "the page",
            "stage": "fetch, parse, validate or store",
            "reason": "what was wrong, and what to do about it",
            "created_at": f"when {_TIME}",
        },
        facets=("stage",),
        sort_desc="id",
    ),
    "alembic_version": Described(
        "The schema migration the database is at (Alembic bookkeeping).",
        {"version_num": "revision id of the newest migration applied"},
        hidden=True,
    ),
    # Views (migration 0004).
    "articles_per_day": _view(
        "articles per day and site, by publication day (first-seen day for a page without a date).",
        {"day": "day, YYYY-MM-DD (UTC)", "source": _SITE, "articles": "articles that day"},
        facets=("source",),
    ),
    "most_commented": _view(
        "each article's latest comment count (from the latest snapshot that showed one), highest first.",
        {
            "article_id": _ARTICLE,
            "headline": "headline",
            "source": _SITE,
            "comment_count": "latest comment count shown",
            "observed_at": f"when that count was seen {_TIME}",
        },
        facets=("source",),
    ),
    "comment_growth": _view(
        "how fast each article's comment count grows, from its first to its latest counted snapshot.",
        {
            "article_id": _ARTICLE,
            "headline": "headline",
            "first_count": "comment count at the first snapshot that showed one",
            "latest_count": "comment count at the latest snapshot that showed one",
            "first_observed_at": f"time of the first counted snapshot {_TIME}",
            "latest_observed_at": f"time of the latest counted snapshot {_TIME}",
            "change_per_hour": "comments gained per hour between the two; NULL until they are apart in time",
        },
    ),
    "embed_providers": _view(
        "embeds per site and provider.",
        {
            "source": _SITE,
            "provider": "embed provider",
            "embeds": "embeds of this provider",
            "articles": "articles with at least one",
        },
        facets=("source", "provider"),
    ),
    "author_output": _view(
        "articles per author and site, with the first and latest publication time.",
        {
            "author_id": "the author (authors.id)",
            "name": "author name",
            "source": _SITE,
            "articles": "articles with this author in the byline",
            "first_published_at": f"earliest publication time {_TIME}",
            "latest_published_at": f"latest publication time {_TIME}",
        },
        facets=("source",),
    ),
    # View (migration 0006).
    "story_timeline": _view(
        "which sites ran each story, in what order and how fast. One row per copy: the story's articles and "
        "the urls repeating one of them word for word, by publication time.",
        {
            "story_id": "the story (stories.id)",
            "headline": "the story's headline",
            "position": "order of publication within the story, 1 first",
            "source": "site that ran this copy",
            "url": "canonical url of this copy",
            "published_at": f"publication time the copy's page gives (first seen when it gives none) {_TIME}",
            "hours_after_first": "hours after the story's first publication",
            "joined_by": "first seen (started the story), similar text (MinHash) or same text (duplicates)",
            "similarity": "estimated similarity that joined it; 1.0 for the same text",
            "copies": "copies of the story; filter copies > 1 for stories run more than once",
        },
        facets=("source", "joined_by"),
    ),
}


def _table_metadata(described: Described) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": described.description, "columns": dict(described.columns)}
    if described.facets:
        entry["facets"] = list(described.facets)
    if described.label_column:
        entry["label_column"] = described.label_column
    if described.sort_desc:
        entry["sort_desc"] = described.sort_desc
    if described.hidden:
        entry["hidden"] = True
    return entry | described.extra


def datasette_metadata() -> dict[str, Any]:
    """Datasette's metadata document for the newsbot database."""
    return {
        "title": "newsbot",
        "description": "Entertainment news articles crawled by newsbot: read-only. Times are UTC.",
        "databases": {
            DATABASE: {
                "description": "Articles with their authors, tags, embeds, links and comment history, and the "
                "crawl runs that stored them. Start with the canned queries below.",
                # SQLite's own bookkeeping of AUTOINCREMENT ids: nothing for an analyst.
                "tables": {name: _table_metadata(described) for name, described in TABLES.items()}
                | {"sqlite_sequence": {"hidden": True}},
                "queries": {name: query.metadata() for name, query in QUERIES.items()},
            }
        },
    }
