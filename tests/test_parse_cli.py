"""`newsbot parse FILE...` through click's CliRunner on real files: one JSON object per line, errors per file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbot.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
GAMESPOT = FIXTURES / "gamespot" / "mission-impossible-7-stunt.html"
GENERIC = FIXTURES / "generic" / "polygon-chorus-2023.html"
SAMPLE_SITES = Path(__file__).parents[1] / "newsbot" / "samplesite"


def _expected(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text())


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_parse_prints_one_json_line_per_file_each_naming_its_file() -> None:
    result = CliRunner().invoke(main, ["parse", str(GAMESPOT), str(GENERIC)])
    assert result.exit_code == 0, result.output
    records = _lines(result.stdout)
    assert [r["file"] for r in records] == [str(GAMESPOT), str(GENERIC)]
    assert [r["headline"] for r in records] == [_expected(GAMESPOT)["headline"], _expected(GENERIC)["headline"]]


def test_a_failing_file_prints_its_error_and_the_others_are_still_parsed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["parse", str(empty), str(GAMESPOT)])
    assert result.exit_code == 1
    failed, parsed = _lines(result.stdout)
    assert failed == {"file": str(empty), "error": f"{empty}: file is empty; save the page's HTML into it"}
    assert parsed["headline"] == _expected(GAMESPOT)["headline"]
    assert "1 of 2 file(s) could not be parsed" in result.stderr


def test_url_with_many_files_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["parse", str(GAMESPOT), str(GENERIC), "--url", "https://example.org/a"])
    assert result.exit_code == 2
    assert "--url names the page of one FILE" in result.stderr


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"  \n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(200), "file is not text (binary data)"),
        (b"headline,author\nA story,Jane Doe\n", "file is not HTML"),
    ],
)
def test_a_file_that_is_no_page_is_named_with_its_real_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    page = tmp_path / "saved.html"
    page.write_bytes(content)
    result = CliRunner().invoke(main, ["parse", str(page), "--url", "https://example.org/a"])
    assert result.exit_code == 1
    assert _lines(result.stdout)[0]["error"].startswith(f"{page}: {problem}")


def test_a_page_without_canonical_link_asks_for_url(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text("<html><body><h1>A story</h1><p>Some text of the story.</p></body></html>")
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert result.exit_code == 1
    assert _lines(result.stdout) == [{"file": str(page), "error": "the page names no canonical link: pass --url URL"}]


def test_a_gzipped_page_is_read_as_the_page(tmp_path: Path) -> None:
    page = tmp_path / "saved.html.gz"
    page.write_bytes(gzip.compress(GENERIC.read_bytes()))
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert result.exit_code == 0, result.output
    assert _lines(result.stdout)[0]["headline"] == _expected(GENERIC)["headline"]


def test_sample_site_pages_on_disk_parse_without_template_placeholders() -> None:
    pages = sorted(str(p) for p in SAMPLE_SITES.glob("site*/**/*.html") if b"{{BASE}}" in p.read_bytes())
    assert len(pages) > 30  # the stored pages of the bundled sites hold their server's placeholders
    result = CliRunner().invoke(main, ["parse", *pages])
    records = _lines(result.stdout)
    assert len(records) == len(pages)
    assert "{{" not in result.stdout
    parsed = [r for r in records if "error" not in r]
    assert len(parsed) >= len(pages) - 5  # the sample sites hold a few deliberately broken pages
    # links written as {{BASE}}/path are read as the sample server's own address
    assert any(link["url"].startswith("http://127.0.0.1/") for r in parsed for link in r["links"])
