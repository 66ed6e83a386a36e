"""A sorted multimap of integer keys to rows, in numpy arrays: the story index's LSH buckets and seen sentences."""

from __future__ import annotations

import ctypes
import ctypes.util

import numpy as np


class SortedMultiMap:
    """Key -> rows: a sorted array plus a small dict of recent entries, merged into the array (one linear pass)
    whenever the dict outgrows an eighth of it. Lookups are binary searches."""

    #: Entries the dict holds before a merge. Fixed, not a share of the arrays: dict entries cost about 100 bytes
    #: each against 8 or 9 in the arrays, and a dict grown with the index doubled the crawler's memory per article.
    _MAX_RECENT = 16_384

    def __init__(self, key_type: type[np.unsignedinteger], row_type: type[np.unsignedinteger]) -> None:
        self._keys = np.empty(0, dtype=key_type)
        self._rows = np.empty(0, dtype=row_type)
        self._entry_bytes = self._keys.itemsize + self._rows.itemsize
        self._recent: dict[int, int | list[int]] = {}  # a list only for a key added more than once ...
        self._listed: set[int] = set()  # ... and these are those keys
        self._recent_entries = 0

    def __len__(self) -> int:
        return len(self._keys) + self._recent_entries

    @property
    def nbytes(self) -> int:
        """Bytes of the sorted arrays, counting recent entries as they will take once merged."""
        return self._keys.nbytes + self._rows.nbytes + self._entry_bytes * self._recent_entries

    def add(self, keys: np.ndarray, row: int) -> None:
        recent, listed = self._recent, keys.astype(self._keys.dtype).tolist()
        again = {key: recent[key] for key in listed if key in recent}  # rare: one dict update does the rest
        recent.update(dict.fromkeys(listed, row))
        for key, rows in again.items():
            if isinstance(rows, list):
                rows.append(row)  # in place: a key added thousands of times must not be copied each time
                recent[key] = rows
            else:
                recent[key] = [rows, row]
            self._listed.add(key)
        self._recent_entries += len(listed)
        if self._recent_entries > self._MAX_RECENT:
            self._merge()

    def add_many(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Add keys[i] -> rows[i] for every i at once, after the rows already there."""
        keys, rows = keys.astype(self._keys.dtype), rows.astype(self._rows.dtype)
        order = np.argsort(keys, kind="stable")  # stable: a key's rows stay oldest first
        keys, rows = keys[order], rows[order]
        at = np.searchsorted(self._keys, keys, side="right")
        self._keys, self._rows = np.insert(self._keys, at, keys), np.insert(self._rows, at, rows)

    def _merge(self) -> None:
        if not self._recent:
            return
        recent, more_keys, more_rows = self._recent, [], []
        for key in self._listed:
            first, *others = recent[key]  # type: ignore[misc]
            recent[key] = first
            more_keys += [key] * len(others)
            more_rows += others
        keys = np.fromiter(recent.keys(), dtype=self._keys.dtype, count=len(recent))
        rows = np.fromiter(recent.values(), dtype=self._rows.dtype, count=len(recent))
        self._recent, self._listed, self._recent_entries = {}, set(), 0
        self.add_many(
            np.concatenate([keys, np.array(more_keys, dtype=keys.dtype)]),
            np.concatenate([rows, np.array(more_rows, dtype=rows.dtype)]),
        )
        if self._keys.nbytes > _TRIM_FROM:
            _give_back_freed_memory()

    def lookup(self, keys: np.ndarray, limit: int | None = None) -> list[int]:
        """The rows stored under any of ``keys``: all of them, or the newest ``limit`` of each key."""
        keys = keys.astype(self._keys.dtype)
        found: list[int] = []
        if len(self._keys):
            left = np.searchsorted(self._keys, keys, side="left").tolist()
            right = np.searchsorted(self._keys, keys, side="right").tolist()
        else:
            left = right = [0] * len(keys)
        for key, start, end in zip(keys.tolist(), left, right, strict=True):
            recent = self._recent.get(key) if self._recent else None
            newer = [] if recent is None else recent if isinstance(recent, list) else [recent]
            if limit is not None:
                newer = newer[-limit:]
                start = max(start, end - (limit - len(newer)))  # a key's rows are stored oldest first
            if end > start:
                found.extend(self._rows[start:end].tolist())
            found.extend(newer)
        return found

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """A bool per key: stored or not."""
        keys = keys.astype(self._keys.dtype)
        present = np.zeros(len(keys), dtype=bool)
        if len(self._keys):
            at = np.searchsorted(self._keys, keys)
            inside = at < len(self._keys)
            present[inside] = self._keys[at[inside]] == keys[inside]
        if self._recent:
            present |= np.fromiter((k in self._recent for k in keys.tolist()), dtype=bool, count=len(keys))
        return present


#: Array size from which a merge hands the replaced arrays' memory back to the system.
_TRIM_FROM = 1 << 20
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6") if ctypes.util.find_library("c") else None


def _give_back_freed_memory() -> None:
    """Return freed heap pages to the system (glibc's ``malloc_trim``; a no-op where there is none).

    Each merge replaces the sorted arrays with larger copies. glibc raises its mmap threshold after the first large
    free, so later copies come from the heap, and the pages of the arrays they replace stay with the process: a
    crawler's memory grew by half again the index's own size (RSS 30 MiB for a 21 MiB index of 20,000 articles;
    24 MiB with this).
    """
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)
