"""Which event loop the crawl runs on: code that awaits must hand Scrapy what that loop can await."""

from __future__ import annotations

import asyncio


def on_asyncio() -> bool:
    """True inside a running asyncio loop (Scrapy's asyncio reactor), where only asyncio futures can be awaited.

    False under a Twisted reactor of another kind, or in a script driving a pipeline by hand: there, Deferreds.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
