"""The bundled GameSpot-like sample site: static pages built by ``build.py`` and a loopback server.

``SampleSite`` serves it (see ``server.py``); ``load_manifest()`` returns its ground truth, written from the story
data in ``stories.py``, for tests that compare a crawl with what the site holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsbot.samplesite.server import SITE_DIR, RequestRecord, SampleSite

__all__ = ["SITE_DIR", "RequestRecord", "SampleSite", "load_manifest"]


def load_manifest(root: Path | str | None = None) -> dict[str, Any]:
    """The site's ``manifest.json``: ``{"site", "outcomes", "hosts", "pages": [record, ...]}``."""
    return json.loads((Path(root) if root is not None else SITE_DIR).joinpath("manifest.json").read_text("utf-8"))
