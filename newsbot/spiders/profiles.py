"""Site profiles: what the ``news`` spider needs to crawl a site, one TOML file per site in ``newsbot/profiles/``.

::

    name = "variety"                      # the source name; also the parser module and fixtures folder
    parser = "variety"                    # a module of newsbot.parsers, or "generic"
    base_url = "https://variety.com"      # replaced by ``-a base_url=...`` (a mirror, the sample site)
    allowed_domains = ["variety.com"]
    feeds = ["/feed/"]                    # paths on base_url
    sitemaps = ["/sitemap_index.xml"]
    article_path = '^/\\d{4}/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+-\\d{9,10}/$'   # regex on the url path

    [[listings]]
    start = "/v/film/"                    # first page
    page = "/v/film/page/{n}/"            # page n (n >= 2); omit for a single page
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsbot.items import Article

PROFILE_DIR = Path(__file__).resolve().parents[1] / "profiles"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PAGE_NUMBER = "{n}"


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class Listing:
    """A listing page and its pagination: ``page`` is a path with ``{n}`` for the page number."""

    start: str
    page: str | None = None

    def page_path(self, number: int) -> str:
        """The path of page `number` (1 is ``start``)."""
        return self.start if number <= 1 or not self.page else self.page.replace(PAGE_NUMBER, str(number))

    def page_number(self, path: str) -> int | None:
        """The page number `path` stands for, or None when it is not a page of this listing."""
        if path == self.start:
            return 1
        if not self.page:
            return None
        before, _, after = self.page.partition(PAGE_NUMBER)
        m = re.fullmatch(re.escape(before) + r"(\d+)" + re.escape(after), path)
        return int(m[1]) if m else None


@dataclass(frozen=True)
class Profile:
    """One site as the ``news`` spider crawls it."""

    name: str
    parser: str
    base_url: str
    allowed_domains: tuple[str, ...]
    article_path: re.Pattern[str]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = field(default_factory=tuple)

    def parse_function(self) -> Callable[[str, str], Article]:
        """The parser this profile names: ``newsbot.parsers.<parser>.parse``."""
        module = importlib.import_module(f"newsbot.parsers.{self.parser}")
        return module.parse


def profile_names(folder: Path = PROFILE_DIR) -> list[str]:
    """The names of the shipped profiles, sorted."""
    return sorted(p.stem for p in folder.glob("*.toml"))


def load_profile(name: str, folder: Path = PROFILE_DIR) -> Profile:
    """Read and check ``<folder>/<name>.toml``; raise ProfileError naming the problem and the fix."""
    path = folder / f"{name}.toml"
    if not NAME.match(name) or not path.is_file():
        known = ", ".join(profile_names(folder)) or "none"
        raise ProfileError(f"no profile {name!r} in {folder}; known: {known} (add {name}.toml to add a site)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from exc
    return _profile(path, data)


def _profile(path: Path, data: dict) -> Profile:
    """Build a Profile from parsed TOML, checking each field."""
    name = _text(path, data, "name")
    if name != path.stem:
        raise ProfileError(f"{path}: name {name!r} differs from the file name; one site keeps one name everywhere")
    parser = _text(path, data, "parser")
    if importlib.util.find_spec(f"newsbot.parsers.{parser}") is None:
        raise ProfileError(f'{path}: parser {parser!r} is not a module of newsbot.parsers; use "generic" or add it')
    base_url = _text(path, data, "base_url").rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise ProfileError(f"{path}: base_url {base_url!r} is not an http(s) url")
    try:
        article_path = re.compile(_text(path, data, "article_path"))
    except re.error as exc:
        raise ProfileError(f"{path}: article_path is not a regular expression ({exc})") from exc
    listings = tuple(_listing(path, item) for item in data.get("listings", []))
    paths = {key: tuple(_paths(path, data, key)) for key in ("feeds", "sitemaps")}
    if not (paths["feeds"] or paths["sitemaps"] or listings):
        raise ProfileError(f"{path}: no feeds, sitemaps or listings; the spider would find nothing")
    domains = tuple(data.get("allowed_domains", ()))
    return Profile(name, parser, base_url, domains, article_path, paths["feeds"], paths["sitemaps"], listings)


def _text(path: Path, data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"{path}: {key} is missing or empty; see newsbot/spiders/profiles.py for the format")
    return value.strip()


def _paths(path: Path, data: dict, key: str) -> list[str]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.startswith("/") for v in values):
        raise ProfileError(f"{path}: {key} must be a list of paths starting with /")
    return values


def _listing(path: Path, item: object) -> Listing:
    if not isinstance(item, dict) or not str(item.get("start", "")).startswith("/"):
        raise ProfileError(f'{path}: each [[listings]] needs start = "/path/"')
    page = item.get("page")
    if page is not None and (not isinstance(page, str) or PAGE_NUMBER not in page or not page.startswith("/")):
        raise ProfileError(f"{path}: listings page {page!r} must be a path with {PAGE_NUMBER} for the page number")
    return Listing(item["start"], page)
