"""The sample site's story data, read from ``stories.json``: every page's words, written for this project.

``build.py`` renders them. ``stories.json`` holds ``authors`` (key -> ``[display name, profile user]``) and
``stories``, a list in site order; each story is an object:

- ``key``: stable name; other stories link to it with ``href="@key"`` inside a paragraph.
- ``layout``: ``era-b`` (2021+ news), ``era-b-old`` (2019-2020 news), ``review``, ``gallery``, ``wordpress``.
- ``slug`` / ``typed_id``: the url is ``/articles/<slug>/<typed_id>/`` (``/reviews/``, ``/gallery/`` by layout);
  ``typed_id`` null gives a WordPress-era ``/articles/<slug>/``.
- ``published``: Pacific local time ``YYYY-MM-DD HH:MM``; ``updated`` likewise (optional).
- ``authors``: keys of the ``authors`` table; empty for a page without byline.
- ``deck``: null when the page has none. ``comments``: null when the page shows no comment block.
- ``blocks``: body in order. A string is a paragraph (inline HTML allowed); a list is an embed or other block,
  see ``build.render_block``. ``body_of`` (instead of ``blocks``) reposts another story's body word for word.
- ``outcome``: ``stored`` (default), ``duplicate``, ``failure`` (with ``reason``), ``never_fetch``.
- ``placement``: ``site`` (default), ``private`` (under /private/, robots-disallowed) or ``offsite`` (only linked
  through ``{{OFFSITE}}``).

Game, studio, show and people names are invented, except the Mission Impossible 7 story (the team's seed text).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "stories.json"


def _load() -> tuple[dict[str, tuple[str, str]], list[dict[str, Any]]]:
    """Authors and stories, JSON arrays turned back into the tuples ``build.py`` tells apart from paragraphs."""
    data = json.loads(DATA.read_text("utf-8"))
    authors = {key: tuple(pair) for key, pair in data["authors"].items()}
    stories = data["stories"]
    for story in stories:
        if "blocks" in story:
            story["blocks"] = [block if isinstance(block, str) else tuple(block) for block in story["blocks"]]
        if "gallery" in story:
            story["gallery"] = [tuple(item) for item in story["gallery"]]
    return authors, stories


AUTHORS, STORIES = _load()
