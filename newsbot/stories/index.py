"""Stories: articles that are one text run again (syndicated copies, light rewrites), found by MinHash and LSH.

How two articles are compared:

1. The body is split into sentences. A sentence its own site already ran in another article (a deal post's
   disclaimer, a patch-notes header, "here is the full schedule") is template text and is left out, so two posts
   from one template do not look alike; when every sentence is template text, all of them count.
2. The rest becomes word 2-shingles (NFKC, case-folded; each Chinese or Japanese character counts as a word).
3. datasketch's MinHash (256 permutations, seed 1, ``affine32``) turns the shingle set into a 1 KB signature
   (stored whole); the share of equal values in two signatures estimates the Jaccard similarity of their shingle
   sets. The in-memory index keeps the low 8 bits of each value (256 bytes) and corrects for chance agreement.
4. A banded LSH index (bands and rows chosen by datasketch for the threshold) names the stored signatures likely
   to reach the threshold; each is checked by its estimate, and the best one at or above the threshold wins.

This module keeps everything in memory and touches no database. ``pipelines/stories.py`` keeps the index in the
database, shared by every crawler (``story_bands``, ``story_sentences``, the signatures): for each batch it builds
a ``StoryIndex`` of the members the batch's bands name, and decides under a database lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

#: MinHash permutations: 1 KB signatures whose estimates fall within about +-0.03 of the true Jaccard near 0.3.
NUM_PERM = 256
#: Words per shingle. Two keep light rewrites (a word changed every few words) well apart from other texts.
SHINGLE_WORDS = 2
SEED = 1
#: Names everything a stored fingerprint depends on: a change here makes the pipeline recompute them all.
SCHEME = f"minhash-affine32/{NUM_PERM}/seed{SEED}/words{SHINGLE_WORDS}/templates-v1"
#: NEWSBOT_STORY_THRESHOLD's default: halfway between the most alike different stories (0.24) and the least alike
#: rewrites (0.36) of the labelled evaluation set (tests/fixtures/dedupe/).
DEFAULT_THRESHOLD = 0.3
#: Bits of each MinHash value the in-memory index keeps (b-bit minwise hashing, Li and Koenig 2010): a quarter of
#: the memory of whole values. Two values that differ agree in their low 8 bits once in 256 times, which the
#: estimate takes out; its spread near the threshold grows by under 1%. Stored fingerprints keep all 32 bits.
KEPT_BITS = 8
_CHANCE = 1.0 / 2**KEPT_BITS
#: LSH weighting of (false positive, false negative) areas: a missed candidate is lost for good, a false one
#: only costs a signature comparison.
LSH_WEIGHTS = (0.1, 0.9)
#: Rows read from one LSH bucket at most, the newest: a bucket this full holds one text run many times (a template
#: page, a story syndicated everywhere), and its newest members find that story as well as all of them would, while
#: reading every member would make each decision cost grow with the index.
MAX_PER_BUCKET = 64

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_SENTENCE_END = re.compile("(?<=[.!?])\\s+|(?<=[\u3002\uff01\uff1f])")  # and the CJK full stop, ! and ?


def words(text: str) -> list[str]:
    """The words of ``text``: NFKC, case-folded runs of letters and digits (CJK characters one by one)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (paragraphs split at ``.``, ``!``, ``?`` and their CJK forms)."""
    return [s for paragraph in text.split("\n\n") for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]


def sentence_key(source: str, sentence_words: list[str]) -> int:
    """A 64-bit key for one sentence of one site: the same words on another site give another key."""
    data = f"{source}\x1f{' '.join(sentence_words)}".encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def shingle_hashes(text_words: list[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the distinct ``size``-word shingles (one shingle of all words when there are fewer)."""
    if not text_words:
        return np.empty(0, dtype=np.uint32)
    size = min(size, len(text_words))
    word_hashes = np.array([zlib.crc32(w.encode()) for w in text_words], dtype=np.uint64)
    count = len(word_hashes) - size + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(size):
        mixed = mixed * np.uint64(0x100000001B3) + word_hashes[offset : offset + count]
    mixed ^= mixed >> np.uint64(29)
    return np.unique((mixed & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, element-wise (multiplication wraps: that is the intended mod 2**64)."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


@dataclass(frozen=True)
class Fingerprint:
    """What the index keeps of an article: its MinHash signature (None: no words) and its sentences' keys."""

    signature: np.ndarray | None  # uint32[NUM_PERM]
    sentence_keys: np.ndarray  # uint64

    def signature_bytes(self) -> bytes | None:
        return self.signature.astype("<u4").tobytes() if self.signature is not None else None

    def sentence_bytes(self) -> bytes:
        return self.sentence_keys.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, signature: bytes | None, sentence_keys: bytes | None) -> Fingerprint:
        sig = np.frombuffer(signature, dtype="<u4").astype(np.uint32) if signature else None
        keys = np.frombuffer(sentence_keys or b"", dtype="<u8").astype(np.uint64)
        return cls(sig, keys)


@dataclass(frozen=True)
class Match:
    """The stored article an incoming one is most similar to, and the estimated Jaccard similarity."""

    article_id: int
    story_id: int
    similarity: float


class _SortedMultiMap:
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


class StoryIndex:
    """Signatures of indexed articles with their stories, an LSH index over them and each site's seen sentences."""

    def __init__(self, threshold: float, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"story threshold {threshold} is not in (0, 1]; try 0.3")
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = _layout(threshold, num_perm)
        self._permutations = _permutations(num_perm)
        self._signatures = np.empty((0, num_perm), dtype=np.uint8)  # the low KEPT_BITS of each value
        self._articles = np.empty(0, dtype=np.int64)
        self._stories = np.empty(0, dtype=np.int64)
        self._size = 0
        # LSH buckets: 32-bit band keys (8 bytes an entry with the row); a chance collision only adds a candidate,
        # which its signature then rules out. Sentence keys keep 64 bits (a collision would drop a sentence).
        self._buckets = _SortedMultiMap(np.uint32, np.uint32)
        self._sentences = _SortedMultiMap(np.uint64, np.uint8)
        self._band_salt = _fmix64(np.arange(1, self.bands + 1, dtype=np.uint64))
        self._last_band_keys: tuple[Fingerprint, np.ndarray] | None = None

    def __len__(self) -> int:
        return self._size

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays (signatures, ids, LSH buckets, sentence keys)."""
        return self._size * (self.num_perm + 16) + self._buckets.nbytes + self._sentences.nbytes

    # --- fingerprints ------------------------------------------------------------------------------------

    @staticmethod
    def sentence_keys(source: str, text: str) -> np.ndarray:
        """The keys of the sentences of ``text`` published by ``source`` (what ``fingerprint`` checks as seen)."""
        return np.array([sentence_key(source, w) for w in (words(s) for s in sentences(text)) if w], dtype=np.uint64)

    def note_sentences(self, keys: np.ndarray) -> None:
        """Count ``keys`` as sentences seen before (read from the shared index, or an article filed just now)."""
        self._add_sentences(keys)

    def band_keys(self, fingerprint: Fingerprint) -> np.ndarray:
        """The LSH band keys of a fingerprint that has a signature: what the shared index files it under."""
        return self._band_keys_of(fingerprint)

    def fingerprint(self, source: str, text: str) -> Fingerprint:
        """The fingerprint of ``text`` published by ``source``, leaving out sentences it ran in other articles."""
        split = [words(s) for s in sentences(text)]
        split = [w for w in split if w]
        keys = np.array([sentence_key(source, w) for w in split], dtype=np.uint64)
        seen = self._sentences.contains(keys) if len(keys) else np.zeros(0, dtype=bool)
        kept = [w for w, old in zip(split, seen.tolist(), strict=True) if not old] or split
        return Fingerprint(self.signature([word for sentence in kept for word in sentence]), keys)

    def signature(self, text_words: list[str]) -> np.ndarray | None:
        """The MinHash signature of the words' shingles; None when there are no words."""
        hashes = shingle_hashes(text_words)
        if not len(hashes):
            return None
        minhash = MinHash(
            num_perm=self.num_perm, seed=SEED, scheme="affine32", hashfunc=int, permutations=self._permutations
        )
        minhash.update_batch(hashes.tolist())
        return minhash.hashvalues.astype(np.uint32)

    # --- lookups -----------------------------------------------------------------------------------------

    def match(self, fingerprint: Fingerprint) -> Match | None:
        """The indexed article most similar to ``fingerprint`` at or above the threshold (ties: the earliest)."""
        if fingerprint.signature is None or not self._size:
            return None
        rows = self._buckets.lookup(self._band_keys_of(fingerprint), MAX_PER_BUCKET)
        if not rows:
            return None
        candidates = np.unique(np.array(rows, dtype=np.int64))
        agree = (self._signatures[candidates] == _low_bits(fingerprint.signature)).sum(axis=1) / self.num_perm
        estimates = np.maximum(0.0, (agree - _CHANCE) / (1.0 - _CHANCE))
        best = int(np.argmax(estimates))
        if estimates[best] < self.threshold:
            return None
        row = int(candidates[best])
        return Match(int(self._articles[row]), int(self._stories[row]), float(estimates[best]))

    def similarity(self, first: Fingerprint, second: Fingerprint) -> float:
        """Estimated Jaccard similarity of two fingerprints (0 when either has no words)."""
        if first.signature is None or second.signature is None:
            return 0.0
        return float((first.signature == second.signature).sum() / self.num_perm)

    # --- additions ---------------------------------------------------------------------------------------

    def add(self, article_id: int, story_id: int, fingerprint: Fingerprint) -> None:
        """Index one article of ``story_id``; its sentences count as seen for its site from now on."""
        self._add_sentences(fingerprint.sentence_keys)
        if fingerprint.signature is None:
            return
        row = self._append(
            fingerprint.signature[np.newaxis, :], np.array([article_id]), np.array([story_id], dtype=np.int64)
        )
        self._buckets.add(self._band_keys_of(fingerprint), row)

    def add_many(self, article_ids: list[int], story_ids: list[int], fingerprints: list[Fingerprint]) -> None:
        """Index many articles at once (a reload at spider open): one sort instead of one insert each."""
        if not fingerprints:
            return
        self._add_sentences(np.concatenate([f.sentence_keys for f in fingerprints]), many=True)
        signed = [i for i, f in enumerate(fingerprints) if f.signature is not None]
        if not signed:
            return
        signatures = np.stack([fingerprints[i].signature for i in signed])  # type: ignore[misc]
        first = self._append(
            signatures,
            np.array([article_ids[i] for i in signed], dtype=np.int64),
            np.array([story_ids[i] for i in signed], dtype=np.int64),
        )
        band_keys = self._band_keys(signatures)
        rows = np.repeat(np.arange(first, first + len(signed), dtype=np.uint32), self.bands)
        self._buckets.add_many(band_keys.reshape(-1), rows)

    def rename_stories(self, new_ids: dict[int, int]) -> None:
        """Give indexed articles the real id of a story they were added under a stand-in id of (``old -> new``)."""
        if not new_ids:
            return
        stories = self._stories[: self._size]
        for old, new in new_ids.items():
            stories[stories == old] = new

    def _add_sentences(self, keys: np.ndarray, many: bool = False) -> None:
        """Remember sentence keys not seen yet: a set, so a site's boilerplate sentence takes one entry, not one
        per article that repeats it."""
        keys = np.unique(keys)
        keys = keys[~self._sentences.contains(keys)] if len(keys) else keys
        if not len(keys):
            return
        if many:
            self._sentences.add_many(keys, np.zeros(len(keys), dtype=np.uint8))
        else:
            self._sentences.add(keys, 0)

    def _append(self, signatures: np.ndarray, article_ids: np.ndarray, story_ids: np.ndarray) -> int:
        needed = self._size + len(signatures)
        if needed > len(self._signatures):
            capacity = max(needed, 2 * len(self._signatures), 1024)
            self._signatures = _grown(self._signatures, capacity)
            self._articles = _grown(self._articles, capacity)
            self._stories = _grown(self._stories, capacity)
        first = self._size
        self._signatures[first:needed] = _low_bits(signatures)
        self._articles[first:needed] = article_ids
        self._stories[first:needed] = story_ids
        self._size = needed
        return first

    def _band_keys_of(self, fingerprint: Fingerprint) -> np.ndarray:
        """The band keys of one fingerprint (remembered for the last one: a match is usually followed by its add)."""
        if self._last_band_keys is None or self._last_band_keys[0] is not fingerprint:
            assert fingerprint.signature is not None
            self._last_band_keys = (fingerprint, self._band_keys(fingerprint.signature[np.newaxis, :])[0])
        return self._last_band_keys[1]

    def _band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """(n, bands) keys: each band's rows folded into one 64-bit value, salted with the band number, cut to 32."""
        bands = signatures[:, : self.bands * self.rows].reshape(len(signatures), self.bands, self.rows)
        folded = np.zeros((len(signatures), self.bands), dtype=np.uint64)
        for row in range(self.rows):
            folded = _fmix64(folded ^ bands[:, :, row].astype(np.uint64))
        return (_fmix64(folded ^ self._band_salt) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


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


@functools.cache
def _layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands x rows that minimise the weighted false positive/negative areas, as datasketch picks them (by
    numerical integration, 0.4 s: the pipeline makes an index per batch)."""
    layout = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return layout.b, layout.r


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    permutations = MinHash(num_perm=num_perm, seed=SEED, scheme="affine32").permutations
    permutations.setflags(write=False)  # shared by every index
    return permutations


def _low_bits(signatures: np.ndarray) -> np.ndarray:
    return (signatures & np.uint32(2**KEPT_BITS - 1)).astype(np.uint8)


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown
