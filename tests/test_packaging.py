"""What `pip wheel .` ships: one top-level package, ``newsbot``, with the pipelines inside it and no generators."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_package_with_the_pipelines_inside(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), "."]
    subprocess.run(build, cwd=ROOT, check=True, capture_output=True, timeout=300)
    [wheel] = tmp_path.glob("newsbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if not name.startswith("newsbot-")} == {"newsbot"}
    assert {"newsbot/pipelines/store.py", "newsbot/analysis/datasette/templates/query-newsbot.html"} <= set(names)
    assert not [name for name in names if name.startswith("newsbot/samplesite/") and name.endswith(".py")
                and name.rsplit("/", 1)[1] not in ("__init__.py", "__main__.py", "server.py")]  # fmt: skip
