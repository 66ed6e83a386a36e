"""The durable spool: articles the database could not take when they arrived, kept on disk until it can.

Each crawl run appends to its own JSON-lines file, ``<NEWSBOT_SPOOL_DIR>/<spider>-<UTC time>-<pid>.jsonl``, one
item per line, fsynced before the pipeline moves on, so a crash loses nothing that was spooled. The run holds an
exclusive ``flock`` on its file while it lives; replay skips files another live process holds.

Replay is idempotent. Each line carries the time the page was seen (``observed_at``) and is stored as of that
time; a line whose article row was already seen at or after it is skipped as ``already stored``. So replaying a
file twice, or after a crash between storing a line and deleting the file, never stores anything twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from newsbot.items import Article, Author, Embed, Link
from newsbot.storage import migrations, models, repository, runs, same_text
from newsbot.storage.errors import broken, classify
from newsbot.storage.errors import is_transient as is_transient  # re-exported: `newsbot db replay` asks here
from newsbot.urls import url_key

logger = logging.getLogger(__name__)

FORMAT = 1
SUFFIX = ".jsonl"
_NESTED = {"authors": Author, "embeds": Embed, "links": Link}
_DATETIMES = ("published_at", "updated_at")


class SpoolError(ValueError):
    """A spool line that cannot be read back; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class SpooledItem:
    """One spooled article, as of the moment it was seen."""

    article: Article
    observed_at: datetime  # when the page was seen: the stored row and its comment snapshot get this time
    crawl_run_id: int | None = None
    # False: spooled before the dedupe pipeline could compare it. Replay settles the text either way (another
    # crawler may have stored it since); the flag stays in the file format for operators reading a spool.
    checked: bool = True


# --- format -------------------------------------------------------------------------------------------------


def encode(entry: SpooledItem) -> str:
    """One spool line (no newline): the article with its authors, embeds and links, times in ISO 8601."""
    article = asdict(entry.article)
    for name in _DATETIMES:
        article[name] = article[name].isoformat() if article[name] is not None else None
    record = {
        "format": FORMAT,
        "observed_at": entry.observed_at.isoformat(),
        "crawl_run_id": entry.crawl_run_id,
        "checked": entry.checked,
        "article": article,
    }
    # ASCII only: lone surrogates and odd line separators are escaped, so one item is always one line.
    return json.dumps(record, ensure_ascii=True, separators=(",", ":"))


def decode(line: str) -> SpooledItem:
    """The SpooledItem a line written by ``encode`` holds, exactly."""
    record = json.loads(line)
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ValueError(f"not a newsbot spool line of format {FORMAT}")
    values = dict(record["article"])
    for name, kind in _NESTED.items():
        values[name] = [kind(**value) for value in values.get(name, [])]
    for name in _DATETIMES:
        values[name] = datetime.fromisoformat(values[name]) if values.get(name) else None
    known = {f.name for f in fields(Article)}
    if unknown := set(values) - known:
        raise ValueError(f"unknown article fields {sorted(unknown)}")
    return SpooledItem(
        article=Article(**values),
        observed_at=datetime.fromisoformat(record["observed_at"]),
        crawl_run_id=record.get("crawl_run_id"),
        checked=bool(record.get("checked", True)),
    )


def read(path: Path) -> list[SpooledItem]:
    """Every item in a spool file, in order; a torn last line (a crash mid-write) was never spooled."""
    data = path.read_bytes().decode("ascii", "replace")
    lines = data.split("\n")
    if lines[-1]:
        logger.warning("%s: ignoring an incomplete last line (the write was cut short)", path)
    entries = []
    for number, line in enumerate(lines[:-1], start=1):
        try:
            entries.append(decode(line))
        except (ValueError, TypeError, KeyError) as exc:
            raise SpoolError(f"{path}:{number}: not a spooled item ({exc}); move the file aside to go on") from exc
    return entries


def spool_files(directory: Path) -> list[Path]:
    """Spool files in ``directory``, oldest first (names start with the time they were opened)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix == SUFFIX and p.is_file())


# --- writing ------------------------------------------------------------------------------------------------


@dataclass
class Spool:
    """One run's spool file: append items durably, read back those not replayed yet, delete the file when none.

    The items stay on disk only: during a long outage the file grows, the crawler's memory does not. What is
    pending is the lines from byte ``_start`` on (``waiting`` of them), read back one at a time.
    """

    directory: Path
    name: str  # file name prefix, e.g. the spider's name
    path: Path | None = None
    _fd: int | None = None
    _start: int = 0  # byte offset of the first line not replayed yet
    _waiting: int = 0

    @property
    def waiting(self) -> int:
        """How many items were spooled and not replayed yet."""
        return self._waiting

    def pending(self) -> Iterator[SpooledItem]:
        """The items not replayed yet, oldest first, read from the file as they are wanted."""
        if self.path is None or not self._waiting:
            return
        with self.path.open("rb") as file:
            file.seek(self._start)
            for _ in range(self._waiting):
                yield decode(file.readline().decode("ascii"))

    def append(self, entry: SpooledItem) -> None:
        """Write one item and fsync it; when this returns, a crash cannot lose it."""
        if self._fd is None:
            self._open()
        assert self._fd is not None
        data = (encode(entry) + "\n").encode("ascii")
        while data:  # a regular file takes it in one write, but write() may legally take less
            data = data[os.write(self._fd, data) :]
        os.fsync(self._fd)
        self._waiting += 1

    def replayed(self, count: int) -> None:
        """Pass over the first ``count`` pending items (now in the database); delete the file once all are."""
        if not count:
            return
        assert self.path is not None
        with self.path.open("rb") as file:
            file.seek(self._start)
            for _ in range(count):
                file.readline()
            self._start = file.tell()
        self._waiting -= count
        if not self._waiting:
            self.path.unlink(missing_ok=True)  # unlinked while still locked: no replayer can pick it up half-done
            self.close()

    def close(self) -> None:
        """Release the file; items still pending stay in it for the next replay."""
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock
        self._fd, self.path, self._start, self._waiting = None, None, 0, 0

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        self.path = self.directory / f"{self.name}-{stamp}-{os.getpid()}{SUFFIX}"
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        _fsync_directory(self.directory)  # the new name must survive a crash too, not just the bytes
        logger.warning("database unavailable: spooling items to %s until it answers", self.path)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def claimed(path: Path) -> Iterator[bool]:
    """Hold ``path``'s lock while the block runs; yields False when a live process (its crawl) holds it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield path.exists()  # the owner may have replayed and deleted it while we waited for the lock
    finally:
        os.close(fd)


# --- replaying ----------------------------------------------------------------------------------------------


def store_entry(session: Session, entry: SpooledItem) -> str:
    """Store one spooled article as of when it was seen; return what happened (``new``, ``already stored``, ...)."""
    article = entry.article
    if not entry.checked:  # dedupe never saw it: another form of a stored url takes that row's url, as dedupe would
        key = url_key(article.canonical_url)
        held = repository.articles_with_url_keys(session, [key]).get(key)
        if held is not None and held != article.canonical_url:
            article = replace(article, canonical_url=held)
    last_seen = session.scalar(
        select(models.Article.last_seen_at).where(models.Article.canonical_url == article.canonical_url)
    )
    if last_seen is not None and last_seen >= entry.observed_at:
        return "already stored"  # this very line (a replay cut short) or a later visit of the page
    # Settled again whether dedupe saw the item or not: another crawler may have stored its text meanwhile.
    return same_text.store_unless_copy(session, article, crawl_run_id=entry.crawl_run_id, now=entry.observed_at).status


def replay(entries: Iterable[SpooledItem], sessions: sessionmaker[Session]) -> Iterator[tuple[SpooledItem, str]]:
    """Store ``entries`` in order, one transaction each, yielding each with what happened.

    A transient error propagates: the entries from that one on wait for the next replay. An entry the database
    refuses for good (a constraint, a bad value) becomes a ``failures`` row (stage ``store``) and is not retried.
    A broken database (no such table, ...) raises DatabaseBroken: the entries wait until it is mended.
    """
    for entry in entries:
        try:
            with sessions.begin() as session:
                status = store_entry(session, entry)
        except SQLAlchemyError as exc:
            kind = classify(exc)
            if kind == "transient":
                raise
            if kind == "broken":
                raise broken(exc) from exc
            reason = f"database refused the row: {getattr(exc, 'orig', None) or exc}"
            with sessions.begin() as session:
                runs.record_failure(
                    session, url=entry.article.url, stage="store", reason=reason, crawl_run_id=entry.crawl_run_id
                )
            status = f"refused ({reason})"
        yield entry, status


def replay_directory(
    directory: Path, sessions: sessionmaker[Session]
) -> Iterator[tuple[Path, SpooledItem | None, str]]:
    """Replay every spool file in ``directory``, oldest first, deleting each once all its items are in.

    Yields (file, item, what happened) per item, and (file, None, reason) for a file a running crawl still holds.
    A transient error propagates and leaves the current file and all later ones in place. With files to replay,
    the database's schema is brought up to date first, as a crawl's start does: the items may come from a crawl
    that wrote to another database.
    """
    files = spool_files(directory)
    if files:
        migrations.upgrade(sessions.kw["bind"])
    for path in files:
        with claimed(path) as ours:
            if not ours:
                yield path, None, "skipped: a running crawl is writing it"
                continue
            for entry, status in replay(read(path), sessions):
                yield path, entry, status
            path.unlink()


def waiting(directory: Path) -> int:
    """How many items the spool files in ``directory`` hold."""
    return sum(len(read(path)) for path in spool_files(directory))
