"""Requests in the shared frontier as JSON, never pickles: an entry is data, so whoever can write to the Redis
cannot make a worker run code by queuing one.

scrapy-redis takes any module with ``loads`` and ``dumps`` (its ``SCHEDULER_SERIALIZER`` setting; the frontier
passes this one to its queue). A request dict (``Request.to_dict``) holds bytes (body, headers) and tuples, which
JSON lacks: bytes are written as ``{"$bytes": "<base64>"}`` and a mapping whose keys are not text as
``{"$pairs": [[key, value], ...]}``; tuples become lists. Anything else (an object in ``meta`` or ``cb_kwargs``)
cannot be queued, and ``dumps`` names it. ``loads`` refuses an entry that is not such JSON (a pickle written by an
older newsbot, or by someone else) with ``ValueError`` naming what it found.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

BYTES = "$bytes"
PAIRS = "$pairs"
#: Bytes of a refused entry quoted in the error.
QUOTED = 40


def dumps(request: dict[str, Any]) -> bytes:
    """A request dict as JSON bytes; TypeError names a value that is not data."""
    return json.dumps(_encode(request), separators=(",", ":")).encode("utf-8")


def loads(data: bytes | str) -> dict[str, Any]:
    """The request dict an entry holds; ValueError when the entry is not a JSON request (e.g. a pickle)."""
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
        raise ValueError(f"not a JSON request ({exc}); starts {raw[:QUOTED]!r}") from exc
    if not isinstance(value, dict) or "url" not in value:
        raise ValueError(f"not a JSON request: a JSON {type(value).__name__} without a url")
    try:
        return _decode(value)
    except TypeError as exc:  # e.g. a list as a header name
        raise ValueError(f"not a JSON request: {exc}") from exc


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {PAIRS: [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(
        f"cannot queue a {type(value).__name__} in the shared frontier ({value!r:.80}); "
        "put only text, numbers, bytes, lists and dicts in a request's meta and cb_kwargs"
    )


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {BYTES}:
        try:
            return base64.b64decode(value[BYTES], validate=True)
        except (binascii.Error, TypeError) as exc:
            raise ValueError(f"not a JSON request: bad base64 in {BYTES} ({exc})") from exc
    if set(value) == {PAIRS}:
        return {_decode(key): _decode(item) for key, item in value[PAIRS]}
    return {key: _decode(item) for key, item in value.items()}
