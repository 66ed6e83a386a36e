"""Which spider crawls which site: each site spider under its own name (``gamespot``), and the profile spider for
every site a profile describes (``news -a profile=variety``)."""

from __future__ import annotations

import os
from typing import Any

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from newsbot.spiders.profiles import profile_names


def spider_names() -> list[str]:
    """Every spider of the project, by name."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    return sorted(SpiderLoader.from_settings(get_project_settings()).list())


#: The spider that crawls any site described by a profile (``-a profile=<name>``).
PROFILE_SPIDER = "news"


def site_names() -> list[str]:
    """Every site newsbot can crawl: each site spider (``gamespot``) and each profile (``variety``, ...)."""
    return sorted({*(n for n in spider_names() if n != PROFILE_SPIDER), *profile_names()})


def site_jobs(sites: list[str], spider_args: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(spider, arguments) for each site: its own spider, or the profile spider with ``profile=<site>``."""
    spiders = set(spider_names())
    return [
        (site, dict(spider_args)) if site in spiders else (PROFILE_SPIDER, {"profile": site, **spider_args})
        for site in sites
    ]
