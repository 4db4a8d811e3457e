"""The pictures the README shows are what the commands draw today (docs/regenerate.py makes them)."""

from __future__ import annotations

import hashlib
import importlib.util

import pytest

from tests import png
from tests.helpers import ROOT, run

DOCS = ROOT / "docs"
_spec = importlib.util.spec_from_file_location("regenerate", DOCS / "regenerate.py")
assert _spec is not None and _spec.loader is not None
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)


@pytest.mark.parametrize("name", list(regenerate.PICTURES))
def test_each_picture_is_what_its_command_prints(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run(*regenerate.PICTURES[name])
    assert result.exit_code == 0, result.stderr
    assert (DOCS / name).read_text(encoding="utf-8") == result.stdout, (
        f"docs/{name} is out of date: run python docs/regenerate.py"
    )


def test_the_screenshot_shows_the_report_as_it_is() -> None:
    texts = png.text_chunks((DOCS / regenerate.SCREENSHOT).read_bytes())
    page = hashlib.sha256((DOCS / "report.html").read_bytes()).hexdigest()
    assert texts.get(regenerate.SOURCE_KEY) == page, "docs/report.png is out of date: run docs/regenerate.py"


def test_the_readme_shows_the_pictures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/venn.svg)" in readme and "(docs/report.png)" in readme and "(docs/report.html)" in readme
