"""Full-text search over stored articles: SQLite FTS5 (bm25, snippet) or PostgreSQL (ts_rank_cd, ts_headline).

Both read the same user query the same way: words, and "quoted phrases", every one required; operators, stray
quotes and punctuation are not syntax but separators, so no input can make the database raise. Matched words are
marked ``[`` ``]`` in the snippet on both databases.

Common English words (``COMMON_WORDS``: not, the, of, ...) are left out of the query on both databases, as
PostgreSQL's ``english`` configuration leaves them out of its index; SQLite's index holds them, and searching for
``not`` there found every article that says it while PostgreSQL found none. Both match word forms (Porter stems on
SQLite, Snowball on PostgreSQL: ``running`` finds ``run``). One difference is left: inside a phrase PostgreSQL lets
any word stand where the phrase has a common word (``"the last of us"`` also matches "the last for us"); SQLite
matches the phrase as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, Integer, String, Text, bindparam, text
from sqlalchemy.orm import Session

from newsbot.storage.models import UTCDateTime

#: Words (and phrases, and words per phrase) past this many are ignored: nobody types them, and each costs.
MAX_TERMS = 32
#: Words around the matched ones in a snippet.
SNIPPET_WORDS = 24

#: PostgreSQL's english stop words (``tsearch_data/english.stop``, from Snowball), in its order.
_STOP_LIST = """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the and but if or because as until while of
    at by for with about against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each few more most other
    some such no nor not only own same so than too very s t can will just don should now"""
COMMON_WORDS = frozenset(_STOP_LIST.split())

_PHRASE = re.compile(r'"([^"]*)"')
# Letters and digits only: both databases' tokenisers split words at everything else (including "_").
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    """One matching article; ``rank`` is higher for a better match (comparable within one result list only)."""

    article_id: int
    headline: str
    source: str
    published_at: datetime | None
    url: str
    snippet: str
    rank: float


@dataclass(frozen=True)
class Terms:
    """What a user's query asks for: phrases (two or more words in order) and single words, all required."""

    phrases: tuple[str, ...]
    words: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words)


def parse_query(query: str) -> Terms:
    """The phrases and words of ``query``; quotes that pair up make phrases, everything else separates words."""
    phrases: list[str] = []
    words: list[str] = []

    def take_phrase(match: re.Match[str]) -> str:
        found = _WORD.findall(match.group(1))
        if len(found) > 1:
            phrases.append(" ".join(found[:MAX_TERMS]))
        else:
            words.extend(found)  # a quoted single word is just a word
        return " "

    words.extend(_WORD.findall(_PHRASE.sub(take_phrase, query)))
    return Terms(tuple(phrases[:MAX_TERMS]), tuple(words[:MAX_TERMS]))


def common_words(query: str) -> list[str]:
    """The words of ``query`` that the search leaves out (``COMMON_WORDS``), in order, each once."""
    terms = parse_query(query)
    words = [w for phrase in terms.phrases for w in phrase.split()] + list(terms.words)
    return list(dict.fromkeys(w for w in words if w.lower() in COMMON_WORDS))


def _without_common_words(terms: Terms) -> Terms:
    """``terms`` less the common words; a phrase keeps them (see the module's docstring) unless it is only those."""
    phrases = tuple(p for p in terms.phrases if any(w.lower() not in COMMON_WORDS for w in p.split()))
    return Terms(phrases, tuple(w for w in terms.words if w.lower() not in COMMON_WORDS))


def search(
    session: Session, query: str, *, source: str | None = None, since: datetime | None = None, limit: int = 20
) -> list[SearchHit]:
    """Articles matching ``query``, best first, optionally from one source and published at or after ``since``."""
    terms = _without_common_words(parse_query(query))
    if not terms or limit <= 0:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        statement, params = _sqlite_statement(terms, source, since)
    elif dialect == "postgresql":
        statement, params = _postgresql_statement(terms, source, since)
    else:
        raise NotImplementedError(f"newsbot's full-text search supports SQLite and PostgreSQL, not {dialect}")
    rows = session.execute(statement, {**params, "limit": limit})
    return [SearchHit(**row._asdict()) for row in rows]


_RESULT_COLUMNS = {
    "article_id": Integer(),
    "headline": Text(),
    "source": String(),
    "published_at": UTCDateTime(),
    "url": Text(),
    "snippet": Text(),
}


def _filters(source: str | None, since: datetime | None) -> tuple[str, dict[str, object]]:
    """SQL conditions on ``a`` (articles) and ``s`` (sources) for the optional filters, with their parameters."""
    sql, params = "", {}
    if source is not None:
        sql += " AND s.name = :source"
        params["source"] = source
    if since is not None:
        sql += " AND a.published_at >= :since"
        params["since"] = since
    return sql, params


def _typed(sql: str, params: dict[str, object], **columns: object):  # type: ignore[no-untyped-def]
    statement = text(sql)
    if "since" in params:
        # Bound as UTCDateTime so SQLite compares the same text form the column holds.
        statement = statement.bindparams(bindparam("since", type_=UTCDateTime()))
    return statement.columns(**_RESULT_COLUMNS, **columns)


def _sqlite_statement(terms: Terms, source: str | None, since: datetime | None):  # type: ignore[no-untyped-def]
    # Every word and phrase as an FTS5 string ("..."), so nothing in it is read as an operator or a column name.
    match = " ".join('"' + term.replace('"', '""') + '"' for term in (*terms.phrases, *terms.words))
    where, params = _filters(source, since)
    # bm25 weights: a word in the headline counts 10 times one in the body, in the deck 4 times.
    sql = f"""
        SELECT a.id AS article_id, a.headline, s.name AS source, a.published_at, a.url,
               snippet(articles_fts, -1, '[', ']', '…', {SNIPPET_WORDS}) AS snippet,
               -bm25(articles_fts, 10.0, 4.0, 1.0) AS rank
        FROM articles_fts
        JOIN articles a ON a.id = articles_fts.rowid
        JOIN sources s ON s.id = a.source_id
        WHERE articles_fts MATCH :match{where}
        ORDER BY rank DESC, a.published_at DESC, a.id
        LIMIT :limit"""
    return _typed(sql, params, rank=Float()), {**params, "match": match}


def _postgresql_statement(terms: Terms, source: str | None, since: datetime | None):  # type: ignore[no-untyped-def]
    parts = [f"phraseto_tsquery('english', :phrase_{i})" for i in range(len(terms.phrases))]
    params: dict[str, object] = {f"phrase_{i}": phrase for i, phrase in enumerate(terms.phrases)}
    if terms.words:
        parts.append("plainto_tsquery('english', :words)")
        params["words"] = " ".join(terms.words)
    where, filter_params = _filters(source, since)
    # Ranked and cut to the limit first; ts_headline re-reads the text, so it runs on the hits shown only.
    sql = f"""
        WITH q AS (SELECT {" && ".join(parts)} AS query),
        hits AS (
            SELECT a.id, ts_rank_cd(a.search_vector, q.query) AS rank
            FROM articles a JOIN sources s ON s.id = a.source_id, q
            WHERE a.search_vector @@ q.query{where}
            ORDER BY rank DESC, a.published_at DESC NULLS LAST, a.id
            LIMIT :limit
        )
        SELECT a.id AS article_id, a.headline, s.name AS source, a.published_at, a.url,
               ts_headline('english', concat_ws(' ', a.headline, a.deck, left(a.body_text, 300000)), q.query,
                           'StartSel="[", StopSel="]", MaxWords={SNIPPET_WORDS}, MinWords=10, MaxFragments=1')
                   AS snippet,
               CAST(hits.rank AS double precision) AS rank
        FROM hits JOIN articles a ON a.id = hits.id JOIN sources s ON s.id = a.source_id, q
        ORDER BY hits.rank DESC, a.published_at DESC NULLS LAST, a.id"""
    return _typed(sql, {**params, **filter_params}, rank=Float()), {**params, **filter_params}
