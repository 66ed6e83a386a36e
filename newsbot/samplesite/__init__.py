"""The bundled sample sites and a loopback server: ``site/`` (GameSpot-like) and ``sites/<name>/`` (profile sites).

``SampleSite`` serves one (see ``server.py``); ``load_manifest()`` returns its ground truth, for tests that compare a
crawl with what the site holds. The pages are built by ``tests/samplesite_build/`` from its story data, which is
not shipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsbot.samplesite.server import SITE_DIR, SITES_DIR, RequestRecord, SampleSite

__all__ = ["SITES_DIR", "SITE_DIR", "RequestRecord", "SampleSite", "load_manifest"]


def load_manifest(root: Path | str | None = None) -> dict[str, Any]:
    """The site's ``manifest.json``: ``{"site", "outcomes", "hosts", "pages": [record, ...]}``."""
    return json.loads((Path(root) if root is not None else SITE_DIR).joinpath("manifest.json").read_text("utf-8"))
