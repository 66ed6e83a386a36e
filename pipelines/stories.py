"""File every stored article under its url key and in exactly one story: its own, or the story of the article whose
text it runs again (a syndicated copy, a light rewrite; see ``newsbot/stories.py`` for how texts are compared).

Runs after the store pipeline. At spider open it loads the fingerprints of every story member from the database
into an in-memory ``StoryIndex`` (a story seen yesterday is matched today), then files the articles that have no
story yet: stored before stories existed, or by a spool replay. It does the latter again at close, after the
store pipeline replayed its spool. Stats: ``newsbot/stories/started``, ``newsbot/stories/joined``. Log lines::

    INFO: story index: 12408 articles from the database in 0.9 s
    INFO: filed 3 articles that had no story

Crawlers sharing the database decide one article at a time: deciding takes the story lock
(``repository.lock_stories``) for the transaction, and first reads the members other crawlers added since it last
looked (their ids grow in the order they were decided). So when two crawlers meet two copies of one text at once,
the second to get the lock sees the first's article and joins its story instead of starting another.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newsbot.clock import crawl_now
from newsbot.database_thread import DatabaseThread
from newsbot.items import Article
from newsbot.storage import repository, story_rows
from newsbot.storage.bounds import Timeouts
from newsbot.storage.db import session_factory
from newsbot.storage.errors import is_transient
from newsbot.stories import DEFAULT_THRESHOLD, SCHEME, Fingerprint, StoryIndex
from newsbot.urls import url_key
from pipelines.batching import FOLLOW, Batch

logger = logging.getLogger(__name__)

#: Articles filed per transaction by the sweep for articles without a story.
SWEEP_BATCH = 200
#: Fingerprints read from the database per query when the index loads.
LOAD_BATCH = 10_000


class StoryPipeline:
    """Give each stored article its url key and its story; items pass on unchanged."""

    def __init__(self, crawler: Crawler, database_url: str, threshold: float) -> None:
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.sessions = session_factory(database_url, Timeouts.from_settings(crawler.settings))
        self.threshold = threshold
        days = crawler.settings.getfloat("NEWSBOT_STORY_WINDOW_DAYS", 0)
        self.window = timedelta(days=days) if days > 0 else None  # None: every story ever met
        self.index: StoryIndex | None = None  # None: (re)load from the database before the next decision
        self.batch: Batch[Article] = Batch(
            self._file_items,
            size=crawler.settings.getint("NEWSBOT_STORE_BATCH_SIZE", 1),
            seconds=FOLLOW,  # behind dedupe's batches
            thread=DatabaseThread.of(crawler),
        )
        self.last_member = 0  # the newest story member the index holds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoryPipeline:
        if not crawler.settings.getbool("NEWSBOT_STORY_ENABLED", True):
            raise NotConfigured("NEWSBOT_STORY_ENABLED is off: stored articles get no story")
        threshold = crawler.settings.getfloat("NEWSBOT_STORY_THRESHOLD", DEFAULT_THRESHOLD)
        StoryIndex(threshold)  # refuse a bad threshold now, not at the first article
        return cls(crawler, crawler.settings["NEWSBOT_DATABASE_URL"], threshold)

    def open_spider(self, spider: Any = None) -> None:
        self._unless_unavailable(self.load)
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
            states = repository.filing_states(session, canonical_urls)
            if all(_filed(*state) for state in states):
                return
        with self._deciding() as session:
            self._file(session, repository.story_articles(session, canonical_urls))  # again, under the lock

    def file_unfiled(self) -> int:
        """File every stored article that has no story; returns how many there were."""
        after, filed = 0, 0
        while True:
            with self._deciding() as session:
                batch = repository.articles_without_story(session, after, SWEEP_BATCH)
                self._file(session, batch)
            filed += len(batch)
            if len(batch) < SWEEP_BATCH:
                break
            after = batch[-1].id
        if filed:
            logger.info("filed %d articles that had no story", filed)
        return filed

    def _file(self, session: Session, articles: list[repository.StoryArticle]) -> None:
        """Decide the articles' stories in order, in memory (an article may join a story the batch started), then
        write the url keys, stories, members and fingerprints in a few statements."""
        assert self.index is not None
        wanted = {a.id: key for a in articles if a.url_key != (key := url_key(a.canonical_url))}
        urls = {a.id: a.canonical_url for a in articles}
        for article_id in story_rows.claim_url_keys(session, wanted):
            logger.warning("%s: another stored article has this url in another form", urls[article_id])
        now = crawl_now(self.settings)
        decisions: list[story_rows.Decision] = []
        headlines: list[str] = []
        for article in articles:
            if article.member_source_id is not None:
                if article.member_source_id != article.source_id:
                    repository.move_story_member(session, article.id, article.source_id)
                continue
            fingerprint = self.index.fingerprint(article.source, article.body_text)
            match = self.index.match(fingerprint)
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
            self.index.add(article.id, story_id, fingerprint)
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
        if not decisions:
            return
        self.last_member, new_ids = story_rows.write_decisions(session, decisions, headlines, now)
        self.index.rename_stories(new_ids)
        for decision in decisions:
            self.stats.inc_value("newsbot/stories/joined" if decision.matched_article_id else "newsbot/stories/started")

    @contextmanager
    def _deciding(self) -> Iterator[Session]:
        """A transaction holding the story lock, with the index up to date with every committed member."""
        try:
            with self.sessions.begin() as session:
                repository.lock_stories(session, crawl_now(self.settings))
                if self.index is None:
                    self._reload(session)
                else:
                    self._add_members(repository.story_members_after(session, self.last_member))
                yield session
        except BaseException:
            self.index = None  # it may hold members of the rolled-back transaction: reload before the next one
            raise

    # --- loading -----------------------------------------------------------------------------------------

    def load(self) -> None:
        """Load every story member's fingerprint into a new index (outside the lock: members commit in id order,
        so what one read sees is all members up to some id, and later decisions read on from there)."""
        started = time.perf_counter()
        self.index, self.last_member = StoryIndex(self.threshold), 0
        since = self._window_start()
        with self.sessions.begin() as session:
            # Members older than the window are passed over for good: later reads go on from the newest one.
            newest = repository.newest_member_id(session)
            while members := repository.story_members_after(session, self.last_member, LOAD_BATCH, since):
                if any(m.scheme != SCHEME for m in members):
                    self.index = None  # made by another version: the first decision makes them again, locked
                    return
                self._add_members(members)
            self.last_member = max(self.last_member, newest)
        logger.info(
            "story index: %d articles from the database in %.1f s%s",
            len(self.index),
            time.perf_counter() - started,
            f" (those that joined a story in the last {self.window.days} days)" if self.window else "",
        )

    def _add_members(self, members: list[repository.IndexedMember]) -> None:
        if not members:
            return
        assert self.index is not None
        self.index.add_many(
            [m.article_id for m in members],
            [m.story_id for m in members],
            [Fingerprint.from_bytes(m.minhash, m.sentences) for m in members],
        )
        self.last_member = members[-1].member_id

    def _reload(self, session: Session) -> None:
        """Load the index afresh, making again every fingerprint another scheme made (in joining order, as the
        first time, so template sentences count the same)."""
        self.index, self.last_member = StoryIndex(self.threshold), 0
        newest = repository.newest_member_id(session)
        members = repository.story_members_after(session, 0, joined_since=self._window_start())
        if all(m.scheme == SCHEME for m in members):
            self._add_members(members)
            self.last_member = max(self.last_member, newest)
            return
        remade: list[tuple[int, str, bytes | None, bytes]] = []
        for member in members:
            if member.scheme == SCHEME:
                fingerprint = Fingerprint.from_bytes(member.minhash, member.sentences)
            else:
                fingerprint = self.index.fingerprint(*repository.member_text(session, member.article_id))
                remade.append((member.article_id, SCHEME, fingerprint.signature_bytes(), fingerprint.sentence_bytes()))
            self.index.add(member.article_id, member.story_id, fingerprint)
            self.last_member = member.member_id
        self.last_member = max(self.last_member, newest)
        story_rows.save_signatures(session, remade)
        if remade:
            logger.warning("made %d story fingerprints again for %s", len(remade), SCHEME)

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
