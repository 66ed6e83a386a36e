"""Write articles to the database, children and a comment snapshot included, in batches.

Articles come in the dedupe pipeline's batches (up to ``NEWSBOT_STORE_BATCH_SIZE`` gathered for up to
``NEWSBOT_STORE_BATCH_SECONDS``) and each batch is written in one transaction (``newsbot.storage.bulk``): the
per-statement cost, not the database, is what limits a crawl.
Each article passes on to the next pipeline once its batch is committed. A batch the database refuses for a
reason of one of its rows is written again article by article, so only that article becomes a failure.

Each article's text is first settled again under a lock on its hash (``newsbot.storage.same_text``): another crawler
may have stored the same text at another url since the dedupe pipeline looked.

When the database does not answer (PostgreSQL unreachable, SQLite locked past its busy timeout, a dropped
connection), the article goes to this run's spool file (the crawl's ``DatabaseService``) instead and the crawl
goes on; an article the dedupe pipeline could not compare is spooled there by dedupe. The spool is replayed, in
order, before the next article is stored, when the spider closes, and by ``newsbot db replay``. Log lines::

    WARNING: database unavailable: spooling items to data/spool/gamespot-20250101T120000.000000Z-4242.jsonl ...
    INFO: database answers again: replayed 12 spooled items
"""

from __future__ import annotations

import logging
from time import monotonic
from typing import Any

from newsbot.pipelines.batching import Batch
from newsbot.pipelines.drops import Duplicate, Rejected
from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError

from newsbot.items import Article
from newsbot.storage import bulk
from newsbot.storage.errors import broken, classify, is_transient
from newsbot.storage.repository import StoreResult
from newsbot.storage.service import DatabaseService
from newsbot.storage.spool import SpooledItem, replay, spool_files

logger = logging.getLogger(__name__)

#: Seconds from which a failed write counts as a timeout rather than a refusal (see ``_wait_out``).
SLOW_FAILURE = 1.0


class StorePipeline:
    """Upsert each article by canonical url; count new, changed and unchanged pages in the stats.

    Stats: ``newsbot/articles/<status>``, ``newsbot/spooled``, ``newsbot/replayed``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.retry_at = 0.0  # monotonic time before which a spool replay is not tried (see _wait_out)
        self.database = DatabaseService.of(crawler)
        self.sessions = self.database.sessions
        self.spool = self.database.spool
        self.known_ids = bulk.KnownIds()
        self.batch: Batch[SpooledItem] = Batch.of_crawl(crawler, self._write, follow=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """The item once stored (or spooled); an awaitable of it when batching (``NEWSBOT_STORE_BATCH_SIZE`` > 1)."""
        if not isinstance(item, Article):
            return item
        return self.batch.submit(self.database.entry(item))

    def _write(self, entries: list[SpooledItem]) -> list[Any]:
        """Store ``entries`` in one transaction; per entry, the item to pass on or the drop to raise."""
        if self.spool.waiting and (monotonic() < self.retry_at or not self.replay_spool()):
            for entry in entries:  # behind the items still waiting, so the database sees pages in crawl order
                self.database.spool_entry(entry)
            return [entry.article for entry in entries]
        batch = [bulk.Pending(e.article, e.observed_at, e.crawl_run_id) for e in entries]
        started = monotonic()
        try:
            with self.sessions.begin() as session:
                results = bulk.store_many(session, batch, self.known_ids)
        except Exception as exc:
            self.known_ids.forget()  # the rows this transaction added are gone
            if not isinstance(exc, SQLAlchemyError):
                raise
            kind = classify(exc)
            if kind == "transient":
                self._wait_out(started)
                logger.debug("cannot store %d items now (%s); spooling them", len(entries), exc)
                for entry in entries:
                    self.database.spool_entry(entry)
                return [entry.article for entry in entries]
            if kind == "broken":  # no row of the batch is to blame, and no wait will mend it
                raise broken(exc) from exc
            if len(entries) > 1:  # one of them breaks a constraint or a type: find it, store the others
                return [outcome for entry in entries for outcome in self._write([entry])]
            # The item itself breaks a constraint or a type: storing it again would fail the same way.
            reason = f"database refused the row: {getattr(exc, 'orig', None) or exc}"
            return [Rejected(entries[0].article.url, "store", reason)]
        return [self._outcome(entry.article, result) for entry, result in zip(entries, results, strict=True)]

    def _outcome(self, item: Article, result: StoreResult) -> Any:
        if result.status == "duplicate":
            # Another crawler, or an article before it in the batch, stored the same text after dedupe looked.
            self.stats.inc_value("newsbot/duplicates")
            return Duplicate(item.url, f"article {result.article_id}")
        if result.took_over:  # it came after its copy in the same batch, or after dedupe looked
            self.stats.inc_value("newsbot/duplicates")
            logger.info("%s is the original of a stored copy; it takes over the copy's row", item.url)
        self.stats.inc_value(f"newsbot/articles/{result.status}")
        logger.debug("stored %s (%s, id %d)", item.url, result.status, result.article_id)
        return item

    def open_spider(self, spider: Any = None) -> None:
        # Files of earlier runs (killed, or ended while the database was down) are not this run's to replay:
        # a crawl running beside this one may still be writing one. Say they are there.
        if earlier := spool_files(self.spool.directory):
            logger.warning(
                "%d spool files from earlier runs wait in %s; run `newsbot db replay` to store them",
                len(earlier),
                self.spool.directory,
            )

    def close_spider(self, spider: Any = None) -> Any:
        """Write the last batch and replay the spool; an awaitable when done in the database thread."""
        self.batch.flush()
        return self.batch.after(self._close_spool)

    def _close_spool(self) -> None:
        if self.spool.waiting:
            self.replay_spool()
        if self.spool.waiting:
            logger.error(
                "%d items wait in %s because the database is unavailable; run `newsbot db replay` when it answers",
                self.spool.waiting,
                self.spool.path,
            )
        self.spool.close()

    def replay_spool(self) -> bool:
        """Store the waiting items in order; True when none is left (the database answered for all of them)."""
        done, started = 0, monotonic()
        try:
            for _, status in replay(self.spool.pending(), self.sessions):
                done += 1
                self._count(status)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            self._wait_out(started)
            logger.debug("database still unavailable (%s); %d items wait", exc, self.spool.waiting - done)
        finally:
            self.spool.replayed(done)
        if done and not self.spool.waiting:
            logger.info("database answers again: replayed %d spooled items", self.stats.get_value("newsbot/replayed"))
        return not self.spool.waiting

    def _wait_out(self, started: float) -> None:
        """After a failure that took a while (a timeout: no answer at all), spool without asking the database for
        as long again, so that each batch does not wait out the same timeout."""
        took = monotonic() - started
        if took >= SLOW_FAILURE:
            self.retry_at = monotonic() + took

    def _count(self, status: str) -> None:
        self.stats.inc_value("newsbot/replayed")
        if status in ("new", "changed", "unchanged"):
            self.stats.inc_value(f"newsbot/articles/{status}")
        elif status == "duplicate":
            self.stats.inc_value("newsbot/duplicates")
        elif status.startswith("refused"):
            self.stats.inc_value("newsbot/failures")
            self.stats.inc_value("newsbot/failures/store")
