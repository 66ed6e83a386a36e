"""The one exception site parsers raise: it names the page, the missing field, what was tried and the fix."""

from __future__ import annotations

from collections.abc import Sequence

DEFAULT_FIX = "add a fixture for this layout"


class ParseError(ValueError):
    """A page that cannot become an Article.

    ``str(error)`` reads like ``"<url>: no headline (tried h1.news-title, og:title); add a fixture for this
    layout"``, so a pipeline can store it as the ``failures.reason`` without rewording.
    """

    def __init__(
        self,
        url: str,
        field: str | None,
        problem: str,
        tried: Sequence[str] = (),
        fix: str = DEFAULT_FIX,
    ) -> None:
        self.url = url
        self.field = field
        self.problem = problem
        self.tried = tuple(tried)
        self.fix = fix
        super().__init__(f"{url}: {self.reason}")

    @property
    def reason(self) -> str:
        """The message without the url: what is missing, what was tried, the fix."""
        attempts = f" (tried {', '.join(self.tried)})" if self.tried else ""
        return f"{self.problem}{attempts}; {self.fix}"

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str | None, str, tuple[str, ...], str]]:
        # Keyword-style constructors break the default pickling, which Scrapy and multiprocessing rely on.
        return (type(self), (self.url, self.field, self.problem, self.tried, self.fix))
