"""The pictures and the report page in a real browser, headless Chromium: they render (a screenshot
that is not blank), the texts as the browser sets them in its own fonts keep to their regions and
off each other, and the page fits the width of A4 and Letter paper, and prints on both.

The measuring is done by a script in a copy of the page made for the test (the page itself has no
script); the browser writes what it measured into the copy, and --dump-dom hands it back. Skipped,
saying why, where no Chromium is installed (.ci/run installs it where it can).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import png
from tests.helpers import BUNDLED, ONET_SMALL, run
from tests.pictures import Box, circles, parse, region_of, regions, view_box

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
    None,
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium to check the pictures in: install the distribution's chromium package (.ci/run does)",
)


def browser(tmp_path: Path, page: Path, *args: str, width: int = 1200, height: int = 1600) -> bytes:
    """Chromium, headless, on `page`; its stdout."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={width},{height}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


def screenshot(tmp_path: Path, page: Path) -> png.Image:
    """A screenshot at a quarter of the size: enough to see whether anything was drawn."""
    shot = tmp_path / "shot.png"
    browser(tmp_path, page, f"--screenshot={shot}", "--force-device-scale-factor=0.25")
    return png.read(shot.read_bytes())


def measured(tmp_path: Path, document: str, script: str, *, width: int = 1200) -> Any:
    """What `script` (which sets `result`) measured in `document`, as the browser laid it out."""
    page = tmp_path / "measured.html"
    probe = f'<pre id="result"></pre><script>let result;\n{script}\ndocument.getElementById("result").textContent = JSON.stringify(result);</script>'
    page.write_text(document.replace("</body>", probe + "</body>"), encoding="utf-8")
    dom = browser(tmp_path, page, "--dump-dom", width=width).decode("utf-8")
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, flags=re.DOTALL)
    assert found and found.group(1), dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


def output(*args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


CHARTS: dict[str, list[str | Path]] = {
    "venn": ["chart", "venn", "ds", "mle", "aie", "-d", "skills"],
    "upset": ["chart", "upset", "--data", ONET_SMALL, "-d", "skills"],
    "heatmap": ["chart", "heatmap"],
    "report": ["report", "ds", "mle", "aie"],
}


@pytest.mark.parametrize("name", CHARTS)
def test_each_picture_and_the_report_is_drawn(name: str, tmp_path: Path) -> None:
    page = tmp_path / (name + (".html" if name == "report" else ".svg"))
    page.write_text(output(*CHARTS[name]), encoding="utf-8")
    image = screenshot(tmp_path, page)
    pixels = [row[x : x + 3] for row in image.pixels for x in range(0, len(row), 3)]
    inked = sum(1 for p in pixels if p != b"\xff\xff\xff")
    assert inked > len(pixels) // 50, "the screenshot is blank"
    assert len(set(pixels)) > 20, "the screenshot has next to no colours"


# Each text's box as the browser sets it, in the picture's own coordinates; a wrapped name line by line.
TEXT_BOXES = """
const svg = document.querySelector("svg"), origin = svg.getBoundingClientRect();
result = [];
for (const text of svg.querySelectorAll("text")) {
  const lines = text.querySelectorAll("tspan");
  for (const part of lines.length ? lines : [text]) {
    const box = part.getBoundingClientRect();
    result.push({text: text.textContent, kind: text.getAttribute("class") || "",
                 box: [box.left - origin.left, box.top - origin.top, box.right - origin.left, box.bottom - origin.top]});
  }
}
"""


def real_boxes(tmp_path: Path, svg: str) -> list[tuple[str, str, Box]]:
    document = f'<!DOCTYPE html><html><body style="margin:0">{svg}</body></html>'
    return [(m["text"], m["kind"], Box(*m["box"])) for m in measured(tmp_path, document, TEXT_BOXES)]


@pytest.mark.parametrize(
    ("args", "path", "ids", "dimension"),
    [
        (["ds", "mle", "aie"], BUNDLED, ["data-scientist", "ml-engineer", "ai-engineer"], "skills"),
        (
            ["ds", "mle", "aie", "-d", "tasks"],
            BUNDLED,
            ["data-scientist", "ml-engineer", "ai-engineer"],
            "tasks",
        ),
        (
            [
                "statisticians",
                "database-architects",
                "data-warehousing-specialists",
                "-d",
                "technology",
                "--data",
                ONET_SMALL,
            ],
            ONET_SMALL,
            ["statisticians", "database-architects", "data-warehousing-specialists"],
            "technology",
        ),
    ],
    ids=["skills", "tasks", "onet-technology"],
)
def test_in_the_browsers_own_font_venn_names_keep_to_their_regions(
    args: list[str], path: Path, ids: list[str], dimension: str, tmp_path: Path
) -> None:
    svg = output("chart", "venn", *args)
    root = parse(svg)
    shapes = circles(root)
    frame = view_box(root)
    expected = regions(path, ids, dimension)
    boxes = real_boxes(tmp_path, svg)
    assert len(boxes) >= sum(min(len(v), 1) for v in expected.values())
    for text, kind, box in boxes:
        where = region_of(box, shapes)
        assert where is not None, f"{text!r} crosses a circle's edge"
        assert frame.left <= box.left and box.right <= frame.right and box.bottom <= frame.bottom, text
        if kind == "item":
            assert " ".join(text.split()).casefold() in expected[where], (text, sorted(where))
    for n, (text, _, box) in enumerate(boxes):
        for other, _, other_box in boxes[n + 1 :]:
            assert text == other or not box.overlaps(other_box), (text, other)


@pytest.mark.parametrize("name", ["upset", "heatmap"])
def test_in_the_browsers_own_font_no_text_covers_another(name: str, tmp_path: Path) -> None:
    svg = output(*CHARTS[name])
    frame = view_box(parse(svg))
    boxes = real_boxes(tmp_path, svg)
    for n, (text, _, box) in enumerate(boxes):
        assert frame.left <= box.left and box.right <= frame.right, text
        assert frame.top <= box.top and box.bottom <= frame.bottom, text
        for other, _, other_box in boxes[n + 1 :]:
            assert not box.overlaps(other_box), (text, other)


# Everything on the page that reaches past its right edge.
OVERFLOW = """
const width = document.documentElement.clientWidth;
const wide = [];
for (const element of document.body.querySelectorAll("*")) {
  const box = element.getBoundingClientRect();
  if (box.width > 0 && box.right > width + 0.5) wide.push(element.tagName + " " + Math.round(box.right));
}
result = {width: width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
"""

A4 = 680
"""The width between 15 mm margins on A4, in CSS pixels (180 mm). Letter is wider (186 mm, 703
pixels): a page that fits A4's width fits Letter's."""


@pytest.mark.parametrize(
    "args",
    [
        ["ds", "mle", "aie", "--skills", "Python,SQL"],
        [
            "--data",
            str(ONET_SMALL),
            "statisticians",
            "database-architects",
            "business-intelligence-analysts",
            "operations-research-analysts",
        ],
    ],
    ids=["bundled", "onet"],
)
def test_the_report_fits_the_paper_with_its_print_styles(args: list[str], tmp_path: Path) -> None:
    page = output("report", *args)
    # The print styles applied on screen, at the width of the paper between its margins.
    rules = re.search(r"@media print \{(.*)\}\s*$", page.split("</style>")[0], flags=re.DOTALL)
    assert rules
    printed = page.replace("</style>", rules.group(1) + "</style>")
    found = measured(tmp_path, printed, OVERFLOW, width=A4)
    assert found["width"] == A4
    assert found["scroll"] <= found["width"] and found["wide"] == []


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("letter", (612, 792))])
def test_the_report_prints_on_a4_and_letter(paper: str, size: tuple[int, int], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    # The page leaves the paper to the printer; here the test chooses it.
    text = output("report", "ds", "mle", "aie").replace("</style>", f"@page {{ size: {paper}; }}</style>")
    page.write_text(text, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    browser(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all((round(float(w)), round(float(h))) == size for w, h in boxes)
    assert len(boxes) >= 3  # summaries, tables and pictures take several pages
