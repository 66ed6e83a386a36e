"""Story fingerprints: what of an article's text the story index compares, and how it is hashed.

1. The body is split into sentences (``sentences``); each gets a key of its site and words (``sentence_key``), by
   which the index knows the sentences a site already ran (template text, left out of the signature).
2. The words (NFKC, case-folded; each Chinese or Japanese character counts as a word) become 2-word shingles,
   hashed to 32 bits (``shingle_hashes``).
3. datasketch's MinHash (256 permutations, seed 1, ``affine32``) turns the shingle set into a 1 KB signature
   (``signature``); the share of equal values in two signatures estimates the Jaccard similarity of their
   shingle sets.

A ``Fingerprint`` holds the signature and the sentence keys, and their stored bytes.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

#: MinHash permutations: 1 KB signatures whose estimates fall within about +-0.03 of the true Jaccard near 0.3.
NUM_PERM = 256
#: Words per shingle. Two keep light rewrites (a word changed every few words) well apart from other texts.
SHINGLE_WORDS = 2
SEED = 1
#: Names everything a stored fingerprint depends on: a change here makes the pipeline recompute them all.
SCHEME = f"minhash-affine32/{NUM_PERM}/seed{SEED}/words{SHINGLE_WORDS}/templates-v1"

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


def sentence_keys(source: str, text: str) -> np.ndarray:
    """The keys of the sentences of ``text`` published by ``source``."""
    return np.array([sentence_key(source, w) for w in (words(s) for s in sentences(text)) if w], dtype=np.uint64)


def signature(text_words: list[str], num_perm: int = NUM_PERM) -> np.ndarray | None:
    """The MinHash signature of the words' shingles; None when there are no words."""
    hashes = shingle_hashes(text_words)
    if not len(hashes):
        return None
    minhash = MinHash(
        num_perm=num_perm, seed=SEED, scheme="affine32", hashfunc=int, permutations=_permutations(num_perm)
    )
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues.astype(np.uint32)


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


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    permutations = MinHash(num_perm=num_perm, seed=SEED, scheme="affine32").permutations
    permutations.setflags(write=False)  # shared by every index
    return permutations
