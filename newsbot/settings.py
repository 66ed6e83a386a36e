"""Scrapy settings for newsbot.

Every newsbot knob is named ``NEWSBOT_*`` and can be set three ways, strongest first: ``-s NAME=value`` on the
command line, the environment variable of the same name, the default here. The README lists them all.
"""

from __future__ import annotations

import os

from newsbot import __version__
from newsbot.paths import default_database_url, default_spool_dir


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"

# --- newsbot ------------------------------------------------------------------------------------------------

#: Where articles go: any SQLAlchemy url. Default: SQLite file data/newsbot.db in the project.
NEWSBOT_DATABASE_URL = _env("NEWSBOT_DATABASE_URL", default_database_url())

#: Articles written to the database together, in one transaction (1 writes each as it comes).
NEWSBOT_STORE_BATCH_SIZE = int(_env("NEWSBOT_STORE_BATCH_SIZE", "200"))

#: Seconds an article waits at most for its batch to fill before the batch is written anyway.
NEWSBOT_STORE_BATCH_SECONDS = float(_env("NEWSBOT_STORE_BATCH_SECONDS", "0.25"))

#: Seconds a PostgreSQL connection attempt may take before the database counts as unavailable (items are spooled).
NEWSBOT_DB_CONNECT_TIMEOUT = float(_env("NEWSBOT_DB_CONNECT_TIMEOUT", "10"))

#: Seconds a PostgreSQL statement may run (the server cancels it); the crawl stops waiting for an answer 2 s later
#: and closes the connection, so a network partition costs this long, not the rest of the run. 0: no bound.
NEWSBOT_DB_STATEMENT_TIMEOUT = float(_env("NEWSBOT_DB_STATEMENT_TIMEOUT", "60"))

#: Worker processes that parse article pages, so the crawl keeps downloading meanwhile (0: parse in the crawl).
NEWSBOT_PARSE_WORKERS = int(_env("NEWSBOT_PARSE_WORKERS", "1"))

#: Seconds a page may take to parse before its worker is stopped and the page becomes a failure row.
NEWSBOT_PARSE_TIMEOUT = float(_env("NEWSBOT_PARSE_TIMEOUT", "60"))

#: Contact url sent in the User-Agent so site operators can reach whoever runs the crawl.
NEWSBOT_CONTACT_URL = _env("NEWSBOT_CONTACT_URL", "https://github.com/newsbot-project/newsbot")

#: Folder for items waiting while the database is unavailable (one JSON-lines file per run). Default: data/spool.
NEWSBOT_SPOOL_DIR = _env("NEWSBOT_SPOOL_DIR", str(default_spool_dir()))

#: Listing pages (/news/?page=N) followed at most per run; feeds and sitemaps cover the rest.
NEWSBOT_MAX_LISTING_PAGES = int(_env("NEWSBOT_MAX_LISTING_PAGES", "50"))

#: Record each run in crawl_runs and each refused page in failures (off only for benchmarks).
NEWSBOT_RUNLOG_ENABLED = _env("NEWSBOT_RUNLOG_ENABLED", "1") not in ("0", "false", "False")

#: Print a progress line to stderr while crawling (the newsbot CLI turns it on).
NEWSBOT_PROGRESS_ENABLED = _env("NEWSBOT_PROGRESS_ENABLED", "0") not in ("0", "false", "False")

#: Seconds between two progress lines.
NEWSBOT_PROGRESS_INTERVAL = float(_env("NEWSBOT_PROGRESS_INTERVAL", "2"))

#: Skip stored articles that are not due for a revisit, and revisit due ones with conditional requests.
NEWSBOT_INCREMENTAL_ENABLED = _env("NEWSBOT_INCREMENTAL_ENABLED", "1") not in ("0", "false", "False")

#: When a stored article is revisited, counted from when it was first seen (each offset once).
NEWSBOT_REVISIT_SCHEDULE = _env("NEWSBOT_REVISIT_SCHEDULE", "1h,6h,24h,3d,7d")

#: The crawl's "now" (ISO 8601) for tests and backfills; empty means the real clock.
NEWSBOT_NOW = _env("NEWSBOT_NOW", "")

#: Put every stored article in a story (near-duplicate cluster across sites); off, articles get none.
NEWSBOT_STORY_ENABLED = _env("NEWSBOT_STORY_ENABLED", "1") not in ("0", "false", "False")

#: An article joins a story only through a member that joined within this many days (0: any). The story index
#: lives in the database (story_bands): a crawler's memory does not depend on it.
NEWSBOT_STORY_WINDOW_DAYS = float(_env("NEWSBOT_STORY_WINDOW_DAYS", "90"))

#: Estimated Jaccard similarity of word-pair shingles (0-1) from which an article joins another's story. 0.3 lies
#: halfway between the most alike different stories (0.24) and the least alike rewrites (0.36) of the evaluation set.
NEWSBOT_STORY_THRESHOLD = float(_env("NEWSBOT_STORY_THRESHOLD", "0.3"))

# --- many workers (newsbot/distributed/) --------------------------------------------------------------------

#: Redis the workers share (redis://host:6379/0): one queue and seen-set per site. Empty: each process alone.
NEWSBOT_REDIS_URL = _env("NEWSBOT_REDIS_URL", "")

#: Prefix of every Redis key newsbot writes (<prefix>:<site>:requests, ...): one per deployment sharing a Redis.
NEWSBOT_REDIS_PREFIX = _env("NEWSBOT_REDIS_PREFIX", "newsbot")

#: Seconds without a heartbeat after which a worker counts as dead and the requests it held are re-queued.
NEWSBOT_REDIS_LEASE = float(_env("NEWSBOT_REDIS_LEASE", "60"))

# The add-on switches the scheduler to the shared frontier when NEWSBOT_REDIS_URL is set (also with -s).
ADDONS = {"newsbot.distributed.SharedFrontier": 100}

# --- politeness ---------------------------------------------------------------------------------------------

USER_AGENT = _env("NEWSBOT_USER_AGENT", f"newsbot/{__version__} (+{NEWSBOT_CONTACT_URL})")
ROBOTSTXT_OBEY = True
# AutoThrottle adapts the delay to the server's latency; at most 2 requests in flight per site.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = float(_env("NEWSBOT_AUTOTHROTTLE_START_DELAY", "1.0"))
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
# Scrapy starts this many asyncio tasks for every response's output, items or not (default 100). An article page
# yields one item (its Article); discovery pages yield requests, which need none. (Measured when an article page
# also yielded its visit as a second item.) At 100 the idle tasks were a large share of the event loop's work: at 4 the
# crawl benchmark's full/bare ratio went from 0.80-0.85 to 0.86-0.88 (latency 0.1 s), the bare spider from 542 to
# 700 pages/s (latency 0).
CONCURRENT_ITEMS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = int(_env("NEWSBOT_CONCURRENCY_PER_DOMAIN", "2"))
DOWNLOAD_DELAY = float(_env("NEWSBOT_DOWNLOAD_DELAY", "0.25"))
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# 429 and 503 wait for the server's Retry-After (seconds or HTTP date) before the retry, at most this long.
NEWSBOT_RETRY_AFTER_MAX = float(_env("NEWSBOT_RETRY_AFTER_MAX", "120"))
#: Without a Retry-After header: wait base * 2**retries seconds (capped as above).
NEWSBOT_RETRY_BACKOFF_BASE = float(_env("NEWSBOT_RETRY_BACKOFF_BASE", "2"))
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsbot.downloadermiddlewares.retry_after.RetryAfterMiddleware": 550,
}
DOWNLOAD_TIMEOUT = 30
# A news page is well under 2 MB; anything past 10 MB is refused rather than read into memory.
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_MAXSIZE = int(_env("NEWSBOT_DOWNLOAD_MAXSIZE", str(10 * 1024 * 1024)))
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- items --------------------------------------------------------------------------------------------------

ITEM_PIPELINES = {
    "newsbot.pipelines.validate.ValidatePipeline": 100,
    "newsbot.pipelines.normalize.NormalizePipeline": 200,
    "newsbot.pipelines.dedupe.DedupePipeline": 300,
    "newsbot.pipelines.store.StorePipeline": 400,
    "newsbot.pipelines.stories.StoryPipeline": 420,
}
SPIDER_MIDDLEWARES = {
    "newsbot.spidermiddlewares.incremental.IncrementalMiddleware": 950,
}
EXTENSIONS = {
    # Page visits (validators, 304 revisits) are no items: the spider hands them to the recorder by signal.
    "newsbot.extensions.visits.VisitRecorder": 480,
    # The ledger writes its figures into the stats at close, before the run recorder saves them.
    "newsbot.extensions.ledger.RunLedger": 490,
    "newsbot.extensions.runlog.CrawlRunRecorder": 500,
    "newsbot.extensions.progress.ProgressLine": 510,
}
# Dropped items are logged as one line with their reason, not a dump of the whole article.
LOG_FORMATTER = "newsbot.extensions.runlog.DropReasonFormatter"
FEED_EXPORT_ENCODING = "utf-8"

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = _env("NEWSBOT_LOG_LEVEL", "INFO")
