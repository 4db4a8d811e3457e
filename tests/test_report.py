"""The report page, read as a browser and a screen reader would: one HTML file that holds everything
it shows (no script, nothing fetched), with headers on every table, a title on every picture, and the
answers of the commands it gathers."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import BUNDLED, ONET_SMALL, ROOT, fit_scores, raw, run, write_yaml


class Page(HTMLParser):
    """Every start tag with its attributes, the text of each element kind, and the styles."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.style = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "meta", "rect", "circle", "line", "path"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.text.setdefault(self.stack[-1], []).append(data)
            if self.stack[-1] == "style":
                self.style += data

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def words(self) -> str:
        return " ".join(" ".join(parts) for parts in self.text.values())


def report(*args: str | Path) -> Page:
    result = run("report", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    return Page(result.stdout)


def test_the_page_holds_everything_and_fetches_nothing() -> None:
    page = report("ds", "mle", "aie")
    assert not page.all("script") and not page.all("link") and not page.all("iframe")
    assert not any(name in ("src", "srcset") or name.startswith("on") for _, a in page.tags for name in a)
    assert "url(" not in page.style and "@import" not in page.style
    hrefs = [a.get("href") or "" for a in page.all("a")]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)  # links to the sources only
    assert page.all("html")[0].get("lang") == "en"
    assert (page.text.get("title") or [""])[0] == "Data Scientist vs Machine Learning Engineer vs AI Engineer"


def test_the_page_is_accessible_tables_with_headers_pictures_with_titles() -> None:
    page = report("ds", "mle", "aie")
    headers = page.all("th")
    assert any(h.get("scope") == "col" for h in headers) and any(h.get("scope") == "row" for h in headers)
    pictures = page.all("svg")
    assert len(pictures) == 4 + 1  # a Venn diagram per dimension, and the heatmap
    ids = {a.get("id") for _, a in page.tags if a.get("id")}
    for svg in pictures:
        assert svg.get("role") == "img" and svg.get("viewbox")
        assert set((svg.get("aria-labelledby") or "").split()) <= ids
    assert len(page.text.get("title", [])) >= 1 + 5  # the page's and each picture's
    assert len(ids) == len([a for _, a in page.tags if a.get("id")])  # every id once on the page


def test_the_page_prints_on_a4_and_letter() -> None:
    style = report("ds", "mle").style
    assert "@media print" in style and "@page" in style
    assert "size:" not in style.split("@page")[1].split("}")[0]  # the printer's paper, A4 or Letter


def test_the_page_gathers_summaries_comparison_pictures_and_sources() -> None:
    page = report("ds", "mle", "aie")
    words = page.words()
    for role in raw(BUNDLED)["roles"]:
        assert " ".join(role["summary"].split()) in " ".join(words.split())
        for source in role.get("sources", []):
            if source.get("url"):
                assert {"href": source["url"]} in [{"href": a.get("href")} for a in page.all("a")]
    assert "Side by side" in words and "What they share" in words and "How alike they are" in words
    assert len([c for c in page.all("circle") if c.get("class") == "role"]) == 3 * 4  # 3 circles, 4 Venns


def test_four_roles_get_upset_charts_and_two_no_heatmap() -> None:
    ids = [r["id"] for r in raw(ONET_SMALL)["roles"][:4]]
    page = report(*ids, "--data", ONET_SMALL, "-d", "skills")
    assert [r for r in page.all("rect") if r.get("class") == "combination"]
    assert not [c for c in page.all("circle") if c.get("class") == "role"]
    pair = report("ds", "mle")
    assert "How alike they are" not in pair.words()
    assert not [r for r in pair.all("rect") if r.get("class") == "cell"]


def test_skills_add_the_fit_to_the_roles_compared() -> None:
    page = report("ds", "mle", "--skills", "Python, SQL", "-s", "Statistics")
    assert "Your fit" in page.words()
    roles = [r for r in raw(BUNDLED)["roles"] if r["id"] in ("data-scientist", "ml-engineer")]
    scores = fit_scores(raw(BUNDLED)["roles"], "skills", {"python", "sql", "statistics"})
    cells = " ".join(page.text.get("td", []))
    for role in roles:  # the fit as fit computes it over the whole file
        assert f"{round(scores[role['id']]['score'] * 100)}%" in cells
    assert "ai-engineer" not in " ".join(page.text.get("th", []))  # only the roles compared are ranked


def test_a_text_gives_the_skills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    page = report("ds", "aie", "--text", "examples/job-ad.txt")
    assert "found in the text" in page.words()


def test_only_web_addresses_become_links(tmp_path: Path) -> None:
    role: dict[str, Any] = {"summary": "s", "skills": ["x"]}
    document = {
        "version": 1,
        "dimensions": ["skills"],
        "roles": [
            {**role, "id": "a", "name": "A", "sources": [{"title": "Click", "url": "javascript:alert(1)"}]},
            {
                **role,
                "id": "b",
                "name": "B <i>",
                "sources": [{"title": "Web", "url": "https://example.org/b"}],
            },
        ],
    }
    result = run("report", "a", "b", "--data", write_yaml(tmp_path, yaml.safe_dump(document)))
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    assert [a.get("href") for a in page.all("a")] == ["https://example.org/b"]
    assert "javascript:alert(1)" in page.words()  # shown, as text
    assert not page.all("i")  # a name is text, never markup
