"""Why a database url cannot be opened, in one line a person can act on: the url (password masked), the cause, what
to check.

The commands turn any error of opening or reading the database into this line (``newsbot.cli``); nothing here
connects to anything.
"""

from __future__ import annotations

import re

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

EXAMPLE_URLS = "sqlite:///data/newsbot.db or postgresql+psycopg://user:password@host:5432/newsbot"

#: (pattern in the driver's message, what to check), first match wins; the patterns are the drivers' own wording.
_CHECKS = (
    (r"connection refused|is the server running|timeout expired|timed out", "that the server runs and listens on {at}"),
    (r"could not translate host name|name or service not known|nodename nor servname", "the host name in the url"),
    (r"role \S+ does not exist|password authentication failed|no password supplied", "the user name and password"),
    (r"database \S+ does not exist", "the database name (create it with `createdb`, or fix the url)"),
    (r"permission denied", "that this user may connect to that database"),
    (
        r"unable to open database file|readonly database|read-only file system",
        "that the file's folder exists and is writable",
    ),
    (r"file is not a database|database disk image is malformed", "that the file is a SQLite database"),
)
_CREDENTIALS = re.compile(r"(//[^:/@]*:)[^@/]*@")


def masked(url: str) -> str:
    """``url`` with its password replaced by ``***`` (also when it does not parse as a database url)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return _CREDENTIALS.sub(r"\1***@", url)


def _one_line(text: str) -> str:
    """The first line of a driver's message (psycopg adds a hint line that the check below says better)."""
    first = next((line for line in text.splitlines() if line.strip()), text)
    return " ".join(first.split())


#: The port a server listens on when the url names none.
_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}


def _place(url: str) -> str:
    parsed = make_url(url)
    port = parsed.port or _DEFAULT_PORTS.get(parsed.get_backend_name())
    return f"{parsed.host or 'localhost'}:{port}" if port else parsed.host or "localhost"


def describe(url: str, exc: BaseException) -> str:
    """One line: which database, what went wrong, what to check."""
    shown = masked(url)
    if isinstance(exc, NoSuchModuleError) or (isinstance(exc, ArgumentError) and "://" in url):
        return f"{shown} names no database newsbot can use ({_one_line(str(exc))}): use e.g. {EXAMPLE_URLS}"
    if isinstance(exc, ArgumentError):
        return f"{shown!r} is not a database url: use e.g. {EXAMPLE_URLS}"
    if isinstance(exc, ModuleNotFoundError):
        return (
            f"{shown}: its driver {exc.name} is not installed; newsbot works with SQLite and PostgreSQL"
            " (pip install 'newsbot[postgres]')"
        )
    cause = _one_line(str(getattr(exc, "orig", None) or exc))
    cause = re.sub(r"\s*\(Background on this error at: \S+\)$", "", cause)
    for pattern, check in _CHECKS:
        if re.search(pattern, cause, re.IGNORECASE):
            return f"cannot use the database {shown}: {cause}; check {check.format(at=_place(url))}"
    return f"cannot use the database {shown}: {cause}; check the url and that the database answers"
