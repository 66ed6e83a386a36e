"""A loopback HTTP server for the sample site, with a request log and runtime overrides for tests.

::

    with SampleSite() as site:                      # binds 127.0.0.1 on a free port
        urlopen(site.base_url + "/news/")
        site.set_override("/news/", status=429, headers={"Retry-After": "1"}, times=1)
        assert site.requests()[0].path == "/news/"

Pages are read from the site folder and ``{{BASE}}`` / ``{{OFFSITE}}`` are replaced with
``http://127.0.0.1:PORT`` / ``http://localhost:PORT`` (the same server under another host name, so a crawler
that follows an off-site link shows up in the log with ``Host: localhost:PORT``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import SHUT_RDWR, socket
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

SITE_DIR = Path(__file__).resolve().parent / "site"
#: The profile-driven spider's sample sites, one folder each (``sites/variety/``, ...).
SITES_DIR = Path(__file__).resolve().parent / "sites"
HOST = "127.0.0.1"
#: Last-Modified of every unmodified file: the site's newest story, so revisits get 304s.
SITE_LAST_MODIFIED = datetime(2025, 11, 20, 20, 0, tzinfo=UTC)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
NOT_SERVED = {"manifest.json"}  # ground truth for tests, not part of the site


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server saw it."""

    method: str
    host: str
    path: str  # path and query, as sent
    status: int
    user_agent: str
    headers: dict[str, str] = field(default_factory=dict)
    time: float = 0.0

    def __getitem__(self, name: str) -> object:
        """``record["host"]`` works like ``record.host``, so a record reads like its JSON line."""
        if name not in self.__dataclass_fields__:
            raise KeyError(name)
        return getattr(self, name)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Override:
    """A runtime replacement for one path's answer; ``times`` None means until cleared."""

    body: bytes | None
    status: int | None
    headers: dict[str, str | Callable[[], str]]
    times: int | None
    since: datetime


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str]
    last_modified: datetime | None


class SampleSite:
    """The sample site served on ``127.0.0.1`` in a background thread; use as a context manager."""

    def __init__(
        self,
        root: Path | str | None = None,
        *,
        port: int = 0,
        log_path: Path | str | None = None,
        latency: float = 0.0,
    ):
        self.root = Path(root) if root is not None else SITE_DIR
        #: Seconds each answer waits before it is sent, to stand in for a remote site's round trip.
        self.latency = latency
        self.log_path = Path(log_path) if log_path is not None else None
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._overrides: dict[str, Override] = {}
        self._cache: dict[Path, bytes] = {}
        self._connections: set[socket] = set()

    # lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> SampleSite:
        """Bind ``127.0.0.1`` (a free port unless one was given) and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("SampleSite is already running; call stop() first")
        if not (self.root / "robots.txt").is_file():
            raise FileNotFoundError(
                f"{self.root} holds no robots.txt, so it is no sample site; serve a folder of newsbot/samplesite/ or"
                " build one in a source checkout: python -m tests.samplesite_build.build --out FOLDER"
            )
        self._server = _Server((HOST, self._port), _Handler, self)
        self._thread = threading.Thread(target=self._server.serve_forever, name="samplesite", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open keep-alive connections and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by its handler
                conn.shutdown(SHUT_RDWR)
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("SampleSite is not running; call start() first")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{HOST}:{self.port}"

    @property
    def offsite_url(self) -> str:
        """``http://localhost:PORT``: the same server under a host name a crawler must treat as another site."""
        return f"http://localhost:{self.port}"

    def url(self, path: str) -> str:
        """Absolute on-site url of ``path``."""
        return self.base_url + path

    # request log -----------------------------------------------------------------------------------------

    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)
            if self.log_path is not None:
                with self.log_path.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(record.to_dict(), sort_keys=True) + "\n")

    # overrides -------------------------------------------------------------------------------------------

    def set_override(
        self,
        path: str,
        *,
        body: str | bytes | None = None,
        status: int | None = None,
        headers: Mapping[str, str | Callable[[], str]] | None = None,
        times: int | None = None,
    ) -> None:
        """Answer ``path`` (with ``?query`` to match only that query) differently from now on.

        ``body`` None keeps the file's body; a str body gets the ``{{BASE}}`` substitution. ``status`` None keeps
        the file's status (200, or 404 for a path without a file). ``headers`` are added to the answer (a callable
        value is called for each answer: a ``Retry-After`` date relative to when it is sent).
        ``times`` limits the override to the next N requests (e.g. one 429, then the page again). The answer's
        Last-Modified becomes the time of this call, so conditional revisits see the change.
        """
        if isinstance(body, str):
            body = body.encode("utf-8")
        with self._lock:
            self._overrides[path] = Override(body, status, dict(headers or {}), times, _now())

    def clear_override(self, path: str | None = None) -> None:
        """Forget the override for ``path``, or all overrides."""
        with self._lock:
            if path is None:
                self._overrides.clear()
            else:
                self._overrides.pop(path, None)

    def _take_override(self, target: str, path: str) -> Override | None:
        with self._lock:
            for key in (target, path):
                override = self._overrides.get(key)
                if override is None:
                    continue
                if override.times is not None:
                    override.times -= 1
                    if override.times <= 0:
                        del self._overrides[key]
                return override
        return None

    # answers ---------------------------------------------------------------------------------------------

    def _substitute(self, raw: bytes) -> bytes:
        return raw.replace(b"{{BASE}}", self.base_url.encode()).replace(b"{{OFFSITE}}", self.offsite_url.encode())

    def _read(self, file: Path) -> bytes:
        body = self._cache.get(file)
        if body is None:
            body = self._cache[file] = self._substitute(file.read_bytes())
        return body

    def locate(self, target: str) -> Path | str | None:
        """The file serving ``target``, a redirect location (str) for a folder without slash, or None."""
        parts = urlsplit(target)
        path = parts.path
        if not path.startswith("/") or ".." in path.split("/") or "\\" in path:
            return None
        relative = path.lstrip("/")
        if path.endswith("/"):
            folder = self.root / relative
            pages = parse_qs(parts.query).get("page", [])
            if pages and pages[0].isdigit() and int(pages[0]) > 1:
                candidates = [folder / f"page-{int(pages[0])}.html"]
            else:
                candidates = [folder / "index.html", folder / "index.rss"]
            return next((c for c in candidates if c.is_file()), None)
        file = self.root / relative
        if file.is_file() and file.name not in NOT_SERVED:
            return file
        if file.is_dir():
            return path + "/" + (f"?{parts.query}" if parts.query else "")
        return None

    def answer(self, target: str) -> Answer:
        """What the server sends for a GET of ``target`` (path and query), before conditional checks."""
        path = urlsplit(target).path
        found = self.locate(target)
        if isinstance(found, str):
            base = Answer(301, b"", "text/plain; charset=utf-8", {"Location": found}, None)
        elif found is None:
            body = b'<!DOCTYPE html>\n<html lang="en"><head><title>Page not found</title></head>' + (
                b"<body><p>There is no page at this address.</p></body></html>\n"
            )
            base = Answer(404, body, CONTENT_TYPES[".html"], {}, None)
        else:
            content_type = CONTENT_TYPES.get(found.suffix, "application/octet-stream")
            base = Answer(200, self._read(found), content_type, {}, SITE_LAST_MODIFIED)
        override = self._take_override(target, path)
        if override is None:
            return base
        body = base.body if override.body is None else self._substitute(override.body)
        status = override.status or (200 if override.body is not None else base.status)
        if status >= 400 and override.body is None:
            body = f"{status} {HTTPStatus(status).phrase}\n".encode()
        headers = {**base.headers, **{k: v() if callable(v) else v for k, v in override.headers.items()}}
        content_type = headers.pop("Content-Type", base.content_type)
        return Answer(status, body, content_type, headers, override.since)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], site: SampleSite):
        self.site = site
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler that was killed or timed out hangs up mid-answer; that is the client's business, not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newsbot-samplesite/1.0"
    timeout = 30  # an idle keep-alive connection is closed after this many seconds
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.site._lock:
            self.server.site._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.site._lock:
            self.server.site._connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log replaces the access log on stderr."""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        if site.latency:
            time.sleep(site.latency)
        answer = site.answer(self.path)
        status = answer.status
        headers = dict(answer.headers)
        if status == 200:
            etag = etag_of(answer.body)
            headers["ETag"] = etag
            if answer.last_modified is not None:
                headers["Last-Modified"] = format_datetime(answer.last_modified, usegmt=True)
            if self._not_modified(etag, answer.last_modified):
                status = 304
        body = b"" if status == 304 else answer.body
        # Logged before answering, so a client that has its response always finds it in the log.
        site._record(
            RequestRecord(
                method=self.command,
                host=self.headers.get("Host", ""),
                path=self.path,
                status=status,
                user_agent=self.headers.get("User-Agent", ""),
                headers=dict(self.headers.items()),
                time=time.time(),
            )
        )
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, last_modified: datetime | None) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since and last_modified is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return last_modified <= since
        return False
