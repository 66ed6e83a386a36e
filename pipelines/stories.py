"""File every stored article under its url key and in exactly one story: its own, or the story of the article whose
text it runs again (a syndicated copy, a light rewrite; ``newsbot/stories/fingerprint.py`` says how texts compare).

Runs after the store pipeline. The story index lives in the database, shared by every crawler: each member's
fingerprint (``story_signatures``), the LSH bands it falls in (``story_bands``) and the sentences its site ran
(``story_sentences``). A batch of articles reads the members its fingerprints share a band with (the newest
``MAX_PER_BUCKET`` of each band, joined within ``NEWSBOT_STORY_WINDOW_DAYS``) into a small in-memory
``StoryIndex`` and decides against it, so a crawler's memory does not grow with the database. At spider open it
indexes members stored before the index moved into the database, then files the articles that have no story yet:
stored before stories existed, or by a spool replay. It does the latter again at close. Stats:
``newsbot/stories/started``, ``newsbot/stories/joined``. Log line::

    INFO: filed 3 articles that had no story

Crawlers sharing the database decide one batch at a time: deciding takes the story lock
(``story_queries.lock_stories``) for the transaction, and reads the shared index under it. So when two crawlers meet
two copies of one text at once, the second to get the lock sees the first's article and joins its story instead
of starting another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from newsbot.pipelines.batching import Batch
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newsbot.clock import crawl_now
from newsbot.items import Article
from newsbot.storage import story_queries, story_rows
from newsbot.storage.errors import is_transient
from newsbot.storage.service import DatabaseService
from newsbot.stories.fingerprint import SCHEME, Fingerprint
from newsbot.stories.index import DEFAULT_THRESHOLD, MAX_PER_BUCKET, StoryIndex
from newsbot.urls import url_key

logger = logging.getLogger(__name__)

#: Articles filed per transaction by the sweep for articles without a story.
SWEEP_BATCH = 200
#: Stored members given their band rows per transaction when the index moves into the database.
BAND_BATCH = 2_000


class StoryPipeline:
    """Give each stored article its url key and its story; items pass on unchanged."""

    def __init__(self, crawler: Crawler, threshold: float) -> None:
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.sessions = DatabaseService.of(crawler).sessions
        self.threshold = threshold
        days = crawler.settings.getfloat("NEWSBOT_STORY_WINDOW_DAYS", 0)
        self.window = timedelta(days=days) if days > 0 else None  # None: every story ever met
        self.batch: Batch[Article] = Batch.of_crawl(crawler, self._file_items, follow=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoryPipeline:
        if not crawler.settings.getbool("NEWSBOT_STORY_ENABLED", True):
            raise NotConfigured("NEWSBOT_STORY_ENABLED is off: stored articles get no story")
        threshold = crawler.settings.getfloat("NEWSBOT_STORY_THRESHOLD", DEFAULT_THRESHOLD)
        StoryIndex(threshold)  # refuse a bad threshold now, not at the first article
        return cls(crawler, threshold)

    def open_spider(self, spider: Any = None) -> None:
        self._unless_unavailable(self.index_stored_members)
        self._unless_unavailable(self.file_unfiled)

    def close_spider(self, spider: Any = None) -> Any:
        """File the last batch and any article without a story; an awaitable when done in the database thread."""
        self.batch.flush()
        return self.batch.after(lambda: self._unless_unavailable(self.file_unfiled))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """The item, once its article is filed; an awaitable of it when batching (as the store pipeline does)."""
        if not isinstance(item, Article):
            return item
        # The article was stored (or spooled: then the sweep after the replay files it).
        return self.batch.submit(item)

    def _file_items(self, articles: list[Article]) -> list[Article]:
        self._unless_unavailable(lambda: self.file_many([a.canonical_url for a in articles]))
        return articles

    # --- filing ------------------------------------------------------------------------------------------

    def file_many(self, canonical_urls: list[str]) -> None:
        """Give the articles stored at ``canonical_urls`` their url key and story, where they lack either (in the
        order they were stored): one read, then one transaction deciding all of them, if any needs it."""
        with self.sessions.begin() as session:
            states = story_queries.filing_states(session, canonical_urls)
            if all(_filed(*state) for state in states):
                return
        with self._deciding() as session:
            self._file(session, story_queries.story_articles(session, canonical_urls))  # again, under the lock

    def file_unfiled(self) -> int:
        """File every stored article that has no story; returns how many there were."""
        after, filed = 0, 0
        while True:
            with self._deciding() as session:
                batch = story_queries.articles_without_story(session, after, SWEEP_BATCH)
                self._file(session, batch)
            filed += len(batch)
            if len(batch) < SWEEP_BATCH:
                break
            after = batch[-1].id
        if filed:
            logger.info("filed %d articles that had no story", filed)
        return filed

    def _file(self, session: Session, articles: list[story_queries.StoryArticle]) -> None:
        """Decide the articles' stories in order (an article may join a story the batch started), against the
        members of the shared index whose bands the batch's fingerprints fall in, then write the url keys,
        stories, members, fingerprints and index rows in a few statements."""
        wanted = {a.id: key for a in articles if a.url_key != (key := url_key(a.canonical_url))}
        urls = {a.id: a.canonical_url for a in articles}
        for article_id in story_rows.claim_url_keys(session, wanted):
            logger.warning("%s: another stored article has this url in another form", urls[article_id])
        todo = []
        for article in articles:
            if article.member_source_id is None:
                todo.append(article)
            elif article.member_source_id != article.source_id:
                story_queries.move_story_member(session, article.id, article.source_id)
        if not todo:
            return
        index = StoryIndex(self.threshold)
        sentence_keys = np.concatenate([index.sentence_keys(a.source, a.body_text) for a in todo])
        index.note_sentences(story_rows.seen_sentences(session, sentence_keys))
        fingerprints = []
        for article in todo:  # each article's sentences count as seen for the next, as when it is filed
            fingerprints.append(fingerprint := index.fingerprint(article.source, article.body_text))
            index.note_sentences(fingerprint.sentence_keys)
        bands = {a.id: index.band_keys(f) for a, f in zip(todo, fingerprints, strict=True) if f.signature is not None}
        if bands:
            candidates = story_rows.band_candidates(
                session, np.concatenate(list(bands.values())), SCHEME, MAX_PER_BUCKET, self._window_start()
            )
            index.add_many(
                [c.article_id for c in candidates],
                [c.story_id for c in candidates],
                [Fingerprint.from_bytes(c.minhash, None) for c in candidates],
            )
        now = crawl_now(self.settings)
        decisions: list[story_rows.Decision] = []
        headlines: list[str] = []
        for article, fingerprint in zip(todo, fingerprints, strict=True):
            match = index.match(fingerprint)
            if match is None:
                headlines.append(article.headline)
                story_id = -len(headlines)  # the batch's k-th new story, until the database gives it an id
            else:
                story_id = match.story_id
                logger.debug(
                    "%s joins story %d (%.2f like article %d)",
                    article.canonical_url,
                    story_id,
                    match.similarity,
                    match.article_id,
                )
            index.add(article.id, story_id, fingerprint)
            decisions.append(
                story_rows.Decision(
                    article_id=article.id,
                    source_id=article.source_id,
                    story_id=story_id,
                    similarity=round(match.similarity, 4) if match else None,
                    matched_article_id=match.article_id if match else None,
                    scheme=SCHEME,
                    minhash=fingerprint.signature_bytes(),
                    sentences=fingerprint.sentence_bytes(),
                )
            )
        story_rows.write_decisions(session, decisions, headlines, now)
        story_rows.save_index_rows(session, bands, sentence_keys)
        for decision in decisions:
            self.stats.inc_value("newsbot/stories/joined" if decision.matched_article_id else "newsbot/stories/started")

    @contextmanager
    def _deciding(self) -> Iterator[Session]:
        """A transaction holding the story lock: what it reads of the shared index is the latest committed."""
        with self.sessions.begin() as session:
            story_queries.lock_stories(session, crawl_now(self.settings))
            yield session

    # --- the shared index --------------------------------------------------------------------------------

    def index_stored_members(self) -> int:
        """Give the story members stored before the index moved into the database their band and sentence rows,
        and make again the fingerprints another version made (in joining order); returns how many."""
        remade = 0
        while True:
            with self._deciding() as session:
                members = story_rows.members_of_other_schemes(session, SCHEME, SWEEP_BATCH)
                remade += self._remake(session, members)
            if len(members) < SWEEP_BATCH:
                break
        banded, after = 0, 0
        while True:
            with self._deciding() as session:
                unbanded = story_rows.unbanded_signatures(session, SCHEME, after, BAND_BATCH)
                index = StoryIndex(self.threshold)
                fingerprints = {a: Fingerprint.from_bytes(minhash, keys) for _, a, minhash, keys in unbanded}
                bands = {a: index.band_keys(f) for a, f in fingerprints.items() if f.signature is not None}
                keys = [f.sentence_keys for f in fingerprints.values()]
                story_rows.save_index_rows(session, bands, np.concatenate(keys) if keys else np.empty(0, np.uint64))
            banded += len(unbanded)
            if len(unbanded) < BAND_BATCH:
                break
            after = unbanded[-1][0]
        if remade or banded:
            logger.info("story index: %d stored members indexed in the database", remade + banded)
        return remade + banded

    def _remake(self, session: Session, members: list[tuple[int, str, str]]) -> int:
        """Make the fingerprints of (article id, source, text) again with this version's scheme."""
        index = StoryIndex(self.threshold)
        remade, bands, all_keys = [], {}, []
        for article_id, source, text in members:
            keys = index.sentence_keys(source, text)
            index.note_sentences(story_rows.seen_sentences(session, keys))
            fingerprint = index.fingerprint(source, text)
            index.note_sentences(fingerprint.sentence_keys)
            remade.append((article_id, SCHEME, fingerprint.signature_bytes(), fingerprint.sentence_bytes()))
            if fingerprint.signature is not None:
                bands[article_id] = index.band_keys(fingerprint)
            all_keys.append(fingerprint.sentence_keys)
        story_rows.save_signatures(session, remade)
        story_rows.save_index_rows(session, bands, np.concatenate(all_keys) if all_keys else np.empty(0, np.uint64))
        if remade:
            logger.warning("made %d story fingerprints again for %s", len(remade), SCHEME)
        return len(remade)

    def _window_start(self) -> datetime | None:
        """Members that joined before this are not loaded (``NEWSBOT_STORY_WINDOW_DAYS``): memory stays bounded."""
        return crawl_now(self.settings) - self.window if self.window else None

    def _unless_unavailable(self, work: Any) -> None:
        """Run ``work``; a database that does not answer now only postpones filing to the next sweep."""
        try:
            work()
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            self.stats.inc_value("newsbot/stories/postponed")
            logger.warning("stories postponed: database unavailable (%s)", exc)


def _filed(canonical_url: str, key: str | None, source_id: int, member_source_id: int | None) -> bool:
    """True when the article is in a story under its current site and holds its url's key."""
    return member_source_id == source_id and key == url_key(canonical_url)
