"""The shared frontier in Redis: one request queue, one seen-set and one in-flight hash per site, and its passes.

Keys, for site ``gamespot`` and the default prefix ``newsbot``:

- ``newsbot:gamespot:requests`` (sorted set): requests waiting, in scrapy-redis's ``PriorityQueue`` format
  (request dicts as JSON, ``newsbot.distributed.serializer``, never pickles; score = -priority).
- ``newsbot:gamespot:seen`` (set): fingerprints of every request queued this pass (scrapy-redis's
  ``RFPDupeFilter``): a url found by two workers is queued once.
- ``newsbot:gamespot:inflight`` (hash): ``<worker>#<n>`` -> ``<score> <request>``, each request a worker took from
  the queue and has not finished. Taking is one Lua script (pop + record), so a request is always in one of the
  two; a worker deletes its entry once the request's items are through the pipelines.
- ``newsbot:gamespot:worker:<worker>`` (string with a TTL of ``lease`` seconds): the worker's heartbeat. When it
  expires, the worker is dead and any worker (or ``newsbot seed --requeue``) moves its in-flight requests back to
  the queue: none is lost, some may be fetched twice.
- ``newsbot:gamespot:pass`` (hash): the current pass (``state`` seeding/open, ``seeder``, ``started``). The first
  worker to find none seeds the start requests; the others join. The pass is over when it is open, the queue is
  empty and nothing is in flight; the last worker to see that deletes it and every worker exits.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from scrapy import Request, Spider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

from newsbot.distributed import serializer

#: Take the most urgent request and record it as held by ARGV[1], in one step.
_LEASE = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
redis.call('HSET', KEYS[2], ARGV[1], popped[2] .. ' ' .. popped[1])
return popped[1]
"""

#: Move every in-flight request whose token starts with ARGV[1] back to the queue; returns the requests moved.
_REQUEUE = """
local moved = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local token = entries[i]
  if string.sub(token, 1, #ARGV[1]) == ARGV[1] then
    local value = entries[i + 1]
    local space = string.find(value, ' ', 1, true)
    local request = string.sub(value, space + 1)
    redis.call('ZADD', KEYS[2], string.sub(value, 1, space - 1), request)
    redis.call('HDEL', KEYS[1], token)
    moved[#moved + 1] = request
  end
end
return moved
"""

#: Start a pass (and forget the last one's seen-set) unless one is under way; returns {state, seeder}.
#: An open pass with nothing queued and nothing in flight is over, even if its last worker died before saying so.
_CLAIM = """
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'open' and redis.call('ZCARD', KEYS[3]) == 0 and redis.call('HLEN', KEYS[4]) == 0 then
  state = false
end
if not state then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[1], 'state', 'seeding', 'seeder', ARGV[1], 'started', ARGV[2])
  return {'seed', ARGV[1]}
end
return {state, redis.call('HGET', KEYS[1], 'seeder')}
"""

#: Seeding passes from a dead seeder (ARGV[1]) to ARGV[2]; 1 when it did.
_TAKE_OVER = """
if redis.call('HGET', KEYS[1], 'state') == 'seeding' and redis.call('HGET', KEYS[1], 'seeder') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'seeder', ARGV[2])
  return 1
end
return 0
"""

#: Where the pass stands for an idle worker; deletes a pass that is over and says 'finished'.
_FINISH = """
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'none' end
if state ~= 'open' then return state end
if redis.call('ZCARD', KEYS[2]) > 0 then return 'queued' end
if redis.call('HLEN', KEYS[3]) > 0 then return 'busy' end
redis.call('DEL', KEYS[1])
return 'finished'
"""


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one site's frontier."""

    requests: str
    seen: str
    inflight: str
    passes: str
    worker_prefix: str

    @classmethod
    def for_site(cls, prefix: str, site: str) -> Keys:
        base = f"{prefix}:{site}"
        return cls(f"{base}:requests", f"{base}:seen", f"{base}:inflight", f"{base}:pass", f"{base}:worker:")

    def worker(self, worker: str) -> str:
        return self.worker_prefix + worker


@dataclass(frozen=True)
class Status:
    """A site's frontier as ``newsbot seed --status`` shows it."""

    site: str
    state: str  # "none", "seeding" or "open"
    seeder: str | None
    started: str | None
    queued: int
    seen: int
    in_flight: dict[str, int] = field(default_factory=dict)  # worker -> requests it holds
    workers: list[str] = field(default_factory=list)  # workers alive

    def lines(self) -> list[str]:
        """The status as text, one fact a line."""
        if self.state == "none":
            head = f"{self.site}: no pass under way (the last one saw {self.seen} urls)"
        else:
            head = f"{self.site}: pass {self.state} since {self.started}, seeded by {self.seeder}"
        held = ", ".join(
            f"{worker} {n}{'' if worker in self.workers else ' (dead: newsbot seed --requeue)'}"
            for worker, n in sorted(self.in_flight.items())
        )
        return [
            head,
            f"  queued: {self.queued}",
            f"  in flight: {sum(self.in_flight.values())}" + (f" ({held})" if held else ""),
            f"  seen: {self.seen}",
            f"  workers alive: {len(self.workers)}" + (f" ({', '.join(sorted(self.workers))})" if self.workers else ""),
        ]


def new_worker_id() -> str:
    """A name no other process will ever have: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Frontier:
    """One site's shared frontier, as one worker (or the ``seed`` command) sees it."""

    def __init__(self, server: Redis, keys: Keys, spider: Spider, *, lease: float, debug: bool = False) -> None:
        self.server = server
        self.keys = keys
        self.lease = lease
        self.worker = new_worker_id()
        self.queue = PriorityQueue(server=server, spider=spider, key=keys.requests, serializer=serializer)
        self.seen = RFPDupeFilter(server, key=keys.seen, debug=debug)
        self._scripts = {
            name: server.register_script(source)
            for name, source in [
                ("lease", _LEASE),
                ("requeue", _REQUEUE),
                ("claim", _CLAIM),
                ("take_over", _TAKE_OVER),
                ("finish", _FINISH),
            ]
        }
        self._taken = 0

    # membership ------------------------------------------------------------------------------------------

    def beat(self) -> None:
        """Say this worker is alive for another ``lease`` seconds."""
        about = json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "beat": _now()})
        self.server.set(self.keys.worker(self.worker), about, px=max(1, int(self.lease * 1000)))

    def leave(self) -> None:
        """Stop saying this worker is alive (it holds nothing any more)."""
        self.server.delete(self.keys.worker(self.worker))

    def alive(self) -> list[str]:
        """The workers whose heartbeat has not expired."""
        prefix = self.keys.worker_prefix.encode()
        return [key[len(prefix) :].decode() for key in self.server.scan_iter(match=prefix + b"*", count=500)]

    # passes ----------------------------------------------------------------------------------------------

    def claim(self) -> tuple[str, str]:
        """("seed", me) when this worker starts a new pass and must seed it, else (state, seeder) of the pass."""
        keys = [self.keys.passes, self.keys.seen, self.keys.requests, self.keys.inflight]
        state, seeder = self._scripts["claim"](keys=keys, args=[self.worker, _now()])
        return state.decode(), seeder.decode() if seeder else ""

    def take_over_seeding(self, seeder: str) -> bool:
        """True when ``seeder`` is dead and this worker now seeds the pass in its place."""
        if self.server.exists(self.keys.worker(seeder)):
            return False
        return bool(self._scripts["take_over"](keys=[self.keys.passes], args=[seeder, self.worker]))

    def opened(self) -> None:
        """Seeding is done: from now on the pass ends when the queue is empty and nothing is in flight."""
        self.server.hset(self.keys.passes, "state", "open")

    def finish(self) -> str:
        """For an idle worker: "finished" (it just ended the pass), "none" (ended before), "seeding", "queued",
        or "busy" (requests in flight elsewhere)."""
        keys = [self.keys.passes, self.keys.requests, self.keys.inflight]
        return self._scripts["finish"](keys=keys).decode()

    def pass_info(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.server.hgetall(self.keys.passes).items()}

    # requests --------------------------------------------------------------------------------------------

    def push(self, request: Request) -> bool:
        """Queue ``request`` unless this pass has seen it (``dont_filter`` requests always go)."""
        if not request.dont_filter and self.seen.request_seen(request):
            return False
        self.queue.push(request)
        return True

    def seed(self, requests: Iterable[Request]) -> int:
        """Queue the start requests and open the pass; returns how many were new to it."""
        pushed = sum(self.push(request) for request in requests)
        self.opened()
        return pushed

    def take(self) -> tuple[str, bytes] | None:
        """(token, encoded request) of the most urgent request, now recorded as held by this worker."""
        self._taken += 1
        token = f"{self.worker}#{self._taken}"
        data = self._scripts["lease"](keys=[self.keys.requests, self.keys.inflight], args=[token])
        return (token, data) if data else None

    def decode(self, data: bytes) -> Request:
        return self.queue._decode_request(data)

    def release(self, tokens: Iterable[str]) -> None:
        """These requests are finished: forget them."""
        tokens = list(tokens)
        if tokens:
            self.server.hdel(self.keys.inflight, *tokens)

    def give_back(self) -> list[str]:
        """Put every request this worker still holds back in the queue; returns their urls."""
        return self._requeue(self.worker)

    def requeue_dead(self) -> dict[str, list[str]]:
        """Put the requests of every dead worker back in the queue; returns their urls per worker."""
        holders = {token.decode().rpartition("#")[0] for token in self.server.hkeys(self.keys.inflight)}
        dead = [worker for worker in sorted(holders) if not self.server.exists(self.keys.worker(worker))]
        moved = {worker: self._requeue(worker) for worker in dead}
        return {worker: urls for worker, urls in moved.items() if urls}

    def _requeue(self, worker: str) -> list[str]:
        moved = self._scripts["requeue"](keys=[self.keys.inflight, self.keys.requests], args=[f"{worker}#"])
        return [url_of(data) for data in moved]

    def status(self, site: str) -> Status:
        held: dict[str, int] = {}
        for token in self.server.hkeys(self.keys.inflight):
            worker = token.decode().rpartition("#")[0]
            held[worker] = held.get(worker, 0) + 1
        info = self.pass_info()
        return Status(
            site=site,
            state=info.get("state", "none"),
            seeder=info.get("seeder"),
            started=info.get("started"),
            queued=len(self.queue),
            seen=int(self.server.scard(self.keys.seen)),
            in_flight=held,
            workers=self.alive(),
        )


def url_of(data: bytes) -> str:
    """The url of a queued request, without the spider its callbacks belong to."""
    try:
        request: dict[str, Any] = serializer.loads(data)
    except ValueError as exc:
        return f"<refused entry: {exc}>"
    return str(request.get("url"))
