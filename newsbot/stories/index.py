"""Stories: articles that are one text run again (syndicated copies, light rewrites), found by MinHash and LSH.

How two articles are compared:

1. Each is fingerprinted (``fingerprint.py``): its sentences' keys, and a MinHash signature of its word shingles.
   A sentence its own site already ran in another article (a deal post's disclaimer, a patch-notes header, "here
   is the full schedule") is template text and is left out of the signature, so two posts from one template do
   not look alike; when every sentence is template text, all of them count. This index knows which sentences a
   site ran.
2. The signature is stored whole; the index keeps the low 8 bits of each value (256 bytes) and corrects for chance
   agreement.
3. A banded LSH index (bands and rows chosen by datasketch for the threshold) names the stored signatures likely
   to reach the threshold; each is checked by its estimate, and the best one at or above the threshold wins.

This module keeps everything in memory and touches no database. ``pipelines/stories.py`` keeps the index in the
database, shared by every crawler (``story_bands``, ``story_sentences``, the signatures): for each batch it builds
a ``StoryIndex`` of the members the batch's bands name, and decides under a database lock.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from datasketch import MinHashLSH

from newsbot.stories import fingerprint as fingerprinting
from newsbot.stories.fingerprint import NUM_PERM, Fingerprint
from newsbot.stories.multimap import SortedMultiMap

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


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, element-wise (multiplication wraps: that is the intended mod 2**64)."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


@dataclass(frozen=True)
class Match:
    """The stored article an incoming one is most similar to, and the estimated Jaccard similarity."""

    article_id: int
    story_id: int
    similarity: float


class StoryIndex:
    """Signatures of indexed articles with their stories, an LSH index over them and each site's seen sentences."""

    def __init__(self, threshold: float, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"story threshold {threshold} is not in (0, 1]; try 0.3")
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = _layout(threshold, num_perm)
        self._signatures = np.empty((0, num_perm), dtype=np.uint8)  # the low KEPT_BITS of each value
        self._articles = np.empty(0, dtype=np.int64)
        self._stories = np.empty(0, dtype=np.int64)
        self._size = 0
        # LSH buckets: 32-bit band keys (8 bytes an entry with the row); a chance collision only adds a candidate,
        # which its signature then rules out. Sentence keys keep 64 bits (a collision would drop a sentence).
        self._buckets = SortedMultiMap(np.uint32, np.uint32)
        self._sentences = SortedMultiMap(np.uint64, np.uint8)
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
        return fingerprinting.sentence_keys(source, text)

    def note_sentences(self, keys: np.ndarray) -> None:
        """Count ``keys`` as sentences seen before (read from the shared index, or an article filed just now)."""
        self._add_sentences(keys)

    def band_keys(self, fingerprint: Fingerprint) -> np.ndarray:
        """The LSH band keys of a fingerprint that has a signature: what the shared index files it under."""
        return self._band_keys_of(fingerprint)

    def fingerprint(self, source: str, text: str) -> Fingerprint:
        """The fingerprint of ``text`` published by ``source``, leaving out sentences it ran in other articles."""
        split = [fingerprinting.words(s) for s in fingerprinting.sentences(text)]
        split = [w for w in split if w]
        keys = np.array([fingerprinting.sentence_key(source, w) for w in split], dtype=np.uint64)
        seen = self._sentences.contains(keys) if len(keys) else np.zeros(0, dtype=bool)
        kept = [w for w, old in zip(split, seen.tolist(), strict=True) if not old] or split
        return Fingerprint(
            fingerprinting.signature([word for sentence in kept for word in sentence], self.num_perm), keys
        )

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


@functools.cache
def _layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands x rows that minimise the weighted false positive/negative areas, as datasketch picks them (by
    numerical integration, 0.4 s: the pipeline makes an index per batch)."""
    layout = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return layout.b, layout.r


def _low_bits(signatures: np.ndarray) -> np.ndarray:
    return (signatures & np.uint32(2**KEPT_BITS - 1)).astype(np.uint8)


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown
