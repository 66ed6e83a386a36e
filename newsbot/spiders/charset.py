"""Read a page's bytes as text in the charset they are really in, whatever the header and ``<meta>`` claim.

Scrapy decodes with the HTTP header's charset first. Two lies are common on news sites:

- the header says UTF-8 and the ``<meta>`` names the real charset (windows-1252): the meta is believed;
- header and meta both say UTF-8 but the bytes are windows-1252 (a template saved in another editor): the bytes
  are not valid UTF-8, so the charset is detected (charset-normalizer) and the page read in it when that gives
  words (accented letters inside words, typographic quotes and dashes), not noise.

A page whose bytes are simply broken (a few invalid bytes in UTF-8 text) keeps its replacement characters: a
guess would garble the rest of the page to mend a few bytes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

#: The charset a page mislabelled as UTF-8 is most often in (WHATWG maps latin-1 labels to it too).
FALLBACK = "cp1252"
#: Share of the non-ASCII characters that must read as words for a detected charset to be believed.
PLAUSIBLE = 0.8
#: Characters windows-1252 pages use that are not letters: quotes, dashes, ellipsis, euro, bullet, nbsp, degree.
TYPOGRAPHY = set("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u20ac\u2022\u00a0\u00b0\u00a9\u00ae\u2122")


@dataclass(frozen=True)
class PageText:
    """A page's text; ``mislabelled`` names the charset it was read in when its declaration was wrong."""

    text: str
    mislabelled: str | None = None


def read_page(response: TextResponse) -> PageText:
    """The page as text, read in the charset its bytes are in (see the module docstring)."""
    text = response.text
    if "\ufffd" not in text:
        return PageText(text)
    used = resolve_encoding(response.encoding) or response.encoding
    if used == "utf-8":
        declared = html_body_declared_encoding(response.body)
        meta = resolve_encoding(declared) if declared else None
        if meta is not None and meta != "utf-8":
            # The header says UTF-8, the page's own <meta> names its charset: the header is the one that lies.
            try:
                return PageText(response.body.decode(meta), meta)
            except UnicodeDecodeError:
                pass
    try:
        response.body.decode(used)
        return PageText(text)  # the replacement characters are in the page itself
    except (UnicodeDecodeError, LookupError):
        pass
    guess = _detect(response.body, used)
    if guess is not None:
        return PageText(guess[1], guess[0])
    return PageText(text)  # really broken bytes: keep the replacement characters rather than guess


def page_text(response: TextResponse) -> str:
    """The page as text (``read_page`` without saying whether its charset was mislabelled)."""
    return read_page(response).text


def _detect(body: bytes, declared: str) -> tuple[str, str] | None:
    """(charset, text) when the bytes read as words in a detected charset other than ``declared``."""
    best = from_bytes(body).best()
    candidates = [best.encoding] if best is not None and best.encoding != declared else []
    for charset in (*candidates, FALLBACK):
        try:
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        if _reads_as_words(text):
            return charset, text
    return None


def _reads_as_words(text: str) -> bool:
    """True when most non-ASCII characters are letters inside words or typographic punctuation."""
    wordlike, total = 0, 0
    for i, char in enumerate(text):
        if ord(char) < 128:
            continue
        total += 1
        if char in TYPOGRAPHY:
            wordlike += 1
        elif unicodedata.category(char).startswith("L"):
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            wordlike += (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
    return total > 0 and wordlike / total >= PLAUSIBLE
