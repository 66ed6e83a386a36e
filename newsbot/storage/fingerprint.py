"""Content fingerprints: the same text gives the same hash whatever its whitespace or letter case."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_text(text: str) -> str:
    """Text folded for comparison: NFKC, lower case, runs of white space as one space."""
    # str.split() splits on exactly the characters \s matches (str.isspace), at a third of the regex's cost.
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


def content_hash(body_text: str) -> str:
    """SHA-256 hex digest of the normalised body text."""
    return hashlib.sha256(normalise_text(body_text).encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    """Words in ``text``, counted as runs of non-space characters."""
    return len(text.split())
