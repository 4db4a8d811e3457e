"""The pictures, read as a program would read them: each SVG parsed as XML, each item's text checked
to lie inside the circles of exactly the roles that list it (from the YAML, tests/pictures.py), no
text over another or across an edge, the counts adding up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import BUNDLED, MINIMAL, ONET, ONET_SMALL, raw, run, weighted_jaccard, write_yaml
from tests.pictures import (
    SVG,
    Box,
    all_text_boxes,
    circles,
    content,
    elements,
    key,
    overlapping,
    parse,
    region_of,
    regions,
    text_boxes,
    view_box,
)


def chart(*args: str | Path) -> str:
    """A chart command's SVG, as printed on stdout (which is no terminal here)."""
    result = run("chart", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def check_venn(svg: str, expected: dict[frozenset[str], dict[str, float]], ids: list[str]) -> dict[str, Any]:
    """Everything a reader of the Venn diagram relies on; returns what each region shows."""
    root = parse(svg)
    assert (root.findtext(f"{SVG}title") or "").strip()
    shapes = circles(root)
    assert [c.role for c in shapes] == ids  # each circle says whose it is
    frame = view_box(root)
    for text, box in all_text_boxes(root):
        assert region_of(box, shapes) is not None, f"{content(text)!r} crosses a circle's edge"
        assert frame.left <= box.left and box.right <= frame.right, content(text)
        assert frame.top <= box.top and box.bottom <= frame.bottom, content(text)
    assert overlapping(root) == []
    shown: dict[frozenset[str], list[str]] = {}
    for text in elements(root, "text", "item"):
        (region,) = {region_of(box, shapes) for box in text_boxes(text)}  # every line in one region
        assert region is not None
        name = key(content(text))
        assert name in expected.get(region, {}), f"{content(text)!r} is drawn in {sorted(region)}"
        shown.setdefault(region, []).append(name)
        core = expected[region][name] >= 4.5
        assert (text.get("font-weight") == "bold") == core, content(text)
    hidden: dict[frozenset[str], int] = {}
    for text in elements(root, "text", "more"):
        (box,) = text_boxes(text)
        region = region_of(box, shapes)
        assert region is not None
        found = re.fullmatch(r"\+(\d+) more", content(text))
        assert found, content(text)
        hidden[region] = int(found.group(1))
    for region, items in expected.items():
        names = shown.get(region, [])
        assert len(names) == len(set(names)), region
        assert len(names) + hidden.get(region, 0) == len(items), region
        if hidden.get(region) and names:  # the most important are the ones shown
            left_out = set(items) - set(names)
            assert min(items[n] for n in names) >= max(items[n] for n in left_out)
    return {"shown": shown, "hidden": hidden, "root": root}


# -- Venn ----------------------------------------------------------------------------------------------


def test_venn_of_the_three_bundled_roles_shows_every_skill_in_its_region() -> None:
    ids = ["data-scientist", "ml-engineer", "ai-engineer"]
    found = check_venn(
        chart("venn", "ds", "mle", "aie", "-d", "skills"), regions(BUNDLED, ids, "skills"), ids
    )
    assert found["hidden"] == {}  # every skill fits
    assert sum(len(names) for names in found["shown"].values()) == len(
        {i["key"] for r in raw(BUNDLED)["roles"] for i in r["skills"]}
    )
    # The legend names each role with its counts.
    legend = [content(t) for t in elements(found["root"], "text")]
    for role in raw(BUNDLED)["roles"]:
        keys = {i["key"] for i in role["skills"]}
        others = {i["key"] for r in raw(BUNDLED)["roles"] if r is not role for i in r["skills"]}
        line = f"{role['name']} ({role['id']}): {len(keys)} in all, {len(keys - others)} only here"
        assert line in legend


def test_venn_of_two_roles_and_of_long_items_that_wrap() -> None:
    ids = ["data-scientist", "ml-engineer"]
    check_venn(chart("venn", "ds", "mle", "-d", "tasks"), regions(BUNDLED, ids, "tasks"), ids)
    ids = ["statisticians", "database-architects"]
    svg = chart("venn", *ids, "--data", ONET_SMALL)  # skills by default
    check_venn(svg, regions(ONET_SMALL, ids, "skills"), ids)


def test_a_full_region_shows_its_most_important_items_and_how_many_more() -> None:
    ids = ["statisticians", "database-architects", "data-warehousing-specialists"]
    found = check_venn(
        chart("venn", *ids, "-d", "technology", "--data", ONET_SMALL),
        regions(ONET_SMALL, ids, "technology"),
        ids,
    )
    assert found["hidden"]  # 40 items a role do not all fit


def test_venn_circles_differ_without_colour() -> None:
    root = parse(chart("venn", "ds", "mle", "aie"))
    shapes = elements(root, "circle", "role")
    assert len({c.get("stroke-dasharray") for c in shapes}) == 3  # a dash pattern each, for greyscale
    assert len({c.get("stroke") for c in shapes}) == 3


def test_names_from_a_file_are_text_and_never_markup(tmp_path: Path) -> None:
    nasty = ["</text><script>alert(1)</script>", 'Fish & "chips"', "Tab\there", "數據分析", "Bell\x07ring"]
    document = {
        "version": 1,
        "dimensions": ["skills"],
        "roles": [
            {"id": "a", "name": "A <b>", "summary": "x", "skills": [*nasty, "Own"]},
            {"id": "b", "name": "B & co", "summary": "y", "skills": [*nasty[:2], "Other"]},
        ],
    }
    path = write_yaml(tmp_path, yaml.safe_dump(document, allow_unicode=True))
    svg = chart("venn", "a", "b", "--data", path)
    root = parse(svg)  # well-formed: nothing closed an element early
    assert not elements(root, "script")
    said = {content(t) for t in elements(root, "text", "item")}
    assert {
        "</text><script>alert(1)</script>",
        'Fish & "chips"',
        "Tab here",
        "數據分析",
        "Bell\\x07ring",
    } <= said
    assert "A <b> (a): 6 in all, 4 only here" in {content(t) for t in elements(root, "text")}
    assert overlapping(root) == []


NAMES = st.text(
    st.characters(whitelist_categories=["Lu", "Ll", "Nd", "Lo", "Zs", "Pd", "Sm"]), min_size=1, max_size=50
).filter(lambda s: bool(s.strip()))


@st.composite
def venn_files(draw: st.DrawFn) -> tuple[str, dict[frozenset[str], dict[str, float]], list[str]]:
    ids = ["r0", "r1", "r2"][: draw(st.integers(2, 3))]
    pool = draw(st.lists(NAMES, min_size=1, max_size=40, unique_by=key))
    roles: list[dict[str, Any]] = []
    for role_id in ids:
        names = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=min(len(pool), 30), unique=True))
        items = [{"name": n, "importance": draw(st.integers(1, 5))} for n in names]
        roles.append({"id": role_id, "name": f"Role {role_id}", "summary": "s", "skills": items})
    text = yaml.safe_dump({"version": 1, "dimensions": ["skills"], "roles": roles}, allow_unicode=True)
    expected: dict[frozenset[str], dict[str, float]] = {}
    for name in {key(n) for r in roles for n in (i["name"] for i in r["skills"])}:
        owners = frozenset(r["id"] for r in roles if any(key(i["name"]) == name for i in r["skills"]))
        weight = max(i["importance"] for r in roles for i in r["skills"] if key(i["name"]) == name)
        expected.setdefault(owners, {})[name] = weight
    return text, expected, ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(venn_files())
def test_any_venn_keeps_every_name_in_its_region_and_off_the_others(
    case: tuple[str, dict[frozenset[str], dict[str, float]], list[str]],
) -> None:
    from roles_cli import overlap, parse_roles
    from roles_cli.chart_venn import venn, venn_svg

    text, expected, ids = case
    roles = parse_roles(text)
    check_venn(venn_svg(venn(overlap(roles, ids, ["skills"], top=0))), expected, ids)


# -- UpSet ---------------------------------------------------------------------------------------------


def test_upset_of_the_eight_onet_roles_counts_each_combination() -> None:
    ids = [r["id"] for r in raw(ONET_SMALL)["roles"]]
    expected = {who: len(items) for who, items in regions(ONET_SMALL, ids, "skills").items()}
    root = parse(chart("upset", "--data", ONET_SMALL, "-d", "skills", "--top", "0"))
    bars = elements(root, "rect", "combination")
    drawn = {frozenset((b.get("data-roles") or "").split()): int(b.get("data-count", "-1")) for b in bars}
    assert drawn == expected
    counts = [int(b.get("data-count", "0")) for b in bars]
    assert counts == sorted(counts, reverse=True)  # largest first, left to right
    xs = [float(b.get("x", "0")) for b in bars]
    assert xs == sorted(xs)
    # Bar heights are proportional to the counts.
    heights = [float(b.get("height", "0")) for b in bars]
    assert all(abs(h / heights[0] - c / counts[0]) < 0.01 for h, c in zip(heights, counts, strict=True))
    # Each column's dots mark its roles' rows.
    rows = {t.get("data-role"): float(t.get("y", "0")) for t in elements(root, "text", "role-name")}
    assert list(rows) == ids
    for bar in bars:
        middle = float(bar.get("x", "0")) + float(bar.get("width", "0")) / 2
        dots = [d for d in elements(root, "circle", "in") if abs(float(d.get("cx", "0")) - middle) < 0.01]
        assert {d.get("data-role") for d in dots} == set((bar.get("data-roles") or "").split())
    # Each role's own bar counts its items.
    sizes = {b.get("data-role"): int(b.get("data-count", "-1")) for b in elements(root, "rect", "set")}
    assert sizes == {r["id"]: len(r["skills"]) for r in raw(ONET_SMALL)["roles"]}
    assert overlapping(root) == []


def test_upset_top_shows_the_largest_combinations_and_says_how_many_there_are() -> None:
    ids = [r["id"] for r in raw(ONET_SMALL)["roles"]]
    sizes = sorted((len(v) for v in regions(ONET_SMALL, ids, "technology").values()), reverse=True)
    root = parse(chart("upset", "--data", ONET_SMALL, "-d", "technology", "--top", "5"))
    counts = [int(b.get("data-count", "0")) for b in elements(root, "rect", "combination")]
    assert counts == sizes[:5]
    assert f"The 5 largest of {len(sizes)} combinations; roles overlap lists them all." in {
        content(t) for t in elements(root, "text")
    }


# -- heatmap -------------------------------------------------------------------------------------------


def heat_cells(root: Any) -> dict[tuple[str, str], float]:
    cells = {}
    for cell in elements(root, "rect", "cell"):
        a, b = (cell.get("data-roles") or "").split()
        cells[a, b] = float(cell.get("data-value", "nan"))
    return cells


def test_heatmap_values_are_the_mean_similarity_over_the_dimensions() -> None:
    roles = {r["id"]: r for r in raw(ONET_SMALL)["roles"]}
    root = parse(chart("heatmap", "--data", ONET_SMALL, "--method", "jaccard", "-d", "skills", "-d", "tasks"))
    cells = heat_cells(root)
    assert len(cells) == len(roles) ** 2
    for (a, b), value in cells.items():
        if a != b:
            mean = sum(weighted_jaccard(roles[a][d], roles[b][d]) for d in ("skills", "tasks")) / 2
            assert value == pytest.approx(mean, abs=1e-4)
    # Every value is written in its cell, readable on its colour.
    for cell in elements(root, "rect", "cell"):
        a, b = (cell.get("data-roles") or "").split()
        if a == b:
            continue
        box = Box(
            float(cell.get("x", "0")),
            float(cell.get("y", "0")),
            float(cell.get("x", "0")) + float(cell.get("width", "0")),
            float(cell.get("y", "0")) + float(cell.get("height", "0")),
        )
        (label,) = [
            t
            for t in elements(root, "text", "value")
            if box.left <= float(t.get("x", "0")) <= box.right
            and box.top <= float(t.get("y", "0")) <= box.bottom
        ]
        assert content(label) == f"{round(cells[a, b] * 100)}%"
        assert contrast(label.get("fill", ""), cell.get("fill", "")) >= 4.5
    assert overlapping(root) == []


def test_heatmap_puts_alike_roles_next_to_each_other(tmp_path: Path) -> None:
    # Two families, interleaved in the file: each baker has three of four bread skills, each coder
    # three of four coding ones.
    bread, code = ["Kneading", "Ovens", "Proofing", "Flour"], ["Python", "Git", "Testing", "SQL"]
    roles = [
        {
            "id": f"{kind}-{n}",
            "name": f"{kind} {n}",
            "summary": "s",
            "skills": [s for s in pool if s != pool[n]],
        }
        for n in range(3)
        for kind, pool in (("baker", bread), ("coder", code))
    ]
    path = write_yaml(tmp_path, yaml.safe_dump({"version": 1, "dimensions": ["skills"], "roles": roles}))
    root = parse(chart("heatmap", "--data", path))
    rows = [t.get("data-role") or "" for t in elements(root, "text", "row-name")]
    columns = [t.get("data-role") or "" for t in elements(root, "text", "column-name")]
    assert rows == columns
    families = [row.split("-")[0] for row in rows]
    assert families in (["baker"] * 3 + ["coder"] * 3, ["coder"] * 3 + ["baker"] * 3)


def test_heatmap_greys_shade_with_the_value() -> None:
    cells = elements(parse(chart("heatmap", "--data", ONET_SMALL)), "rect", "cell")
    shades = sorted(
        (float(c.get("data-value", "0")), luminance(c.get("fill", "")))
        for c in cells
        if len(set((c.get("data-roles") or "").split())) == 2
    )
    lights = [light for _, light in shades]
    assert lights == sorted(lights)  # the more alike, the lighter: readable in greyscale print


@pytest.mark.slow
def test_heatmap_around_a_role_shows_its_nearest_roles() -> None:
    roles = raw(ONET)["roles"]
    centre = next(r for r in roles if r["id"] == "statisticians")
    dimensions = ["skills", "tasks", "technology"]
    mean = {
        r["id"]: sum(weighted_jaccard(centre[d], r[d]) for d in dimensions) / 3
        for r in roles
        if r is not centre
    }
    nearest = sorted(mean, key=lambda i: -mean[i])[:6]
    root = parse(
        chart("heatmap", "--data", ONET, "--around", "statisticians", "--top", "6", "--method", "jaccard")
    )
    shown = {t.get("data-role") for t in elements(root, "text", "row-name")}
    assert shown == {"statisticians", *nearest}
    assert overlapping(root) == []


@pytest.mark.slow
def test_heatmap_around_a_role_by_tfidf_shows_the_roles_compare_finds_most_alike() -> None:
    """The neighbourhood comes from the file's postings, as similar ranks; compare weighs each pair
    role by role. Both must pick the same roles: the most alike by the mean over the dimensions."""
    import roles_cli

    roles = roles_cli.load_roles(ONET)
    mean = {
        other.id: sum(d.similarity for d in roles_cli.compare(roles, ["economists", other]).dimensions) / 3
        for other in roles
        if other.id != "economists"
    }
    nearest = sorted(mean, key=lambda i: -mean[i])[:8]
    assert mean[nearest[-1]] > mean[sorted(mean, key=lambda i: -mean[i])[8]]  # no tie at the edge
    for _ in range(2):  # parsed, then from the cache with its indexes
        root = parse(chart("heatmap", "--data", ONET, "--around", "economists", "--top", "8"))
        shown = {t.get("data-role") for t in elements(root, "text", "row-name")}
        assert shown == {"economists", *nearest}


def test_a_neighbourhood_larger_than_a_grid_is_refused_before_any_work() -> None:
    import roles_cli
    from roles_cli.matrix import similarity_matrix

    with pytest.raises(roles_cli.UsageError, match="a role and its 30 most similar roles are 31") as refused:
        similarity_matrix(roles_cli.load_roles(), around="ds", top=30, limit=30)
    assert refused.value.argument == "top"
    result = run("chart", "heatmap", "--around", "ds", "--top", "30")
    # Typer 0.28 says "30 is not in the range 1<=x<=29", 0.29 "should be less than or equal to 29".
    assert result.exit_code == 2 and "'--top'" in result.stderr and "29" in result.stderr
    assert result.stdout == ""


# -- every picture --------------------------------------------------------------------------------------

EVERY_CHART = [
    ["venn", "ds", "mle", "aie"],
    ["upset", "ds", "mle", "aie"],
    ["heatmap"],
]


@pytest.mark.parametrize("args", EVERY_CHART, ids=[a[0] for a in EVERY_CHART])
def test_every_chart_is_a_scalable_titled_svg(args: list[str]) -> None:
    svg = chart(*args)
    root = parse(svg)
    assert root.get("viewBox") and root.get("role") == "img"
    labelled = (root.get("aria-labelledby") or "").split()
    ids = {e.get("id") for e in root.iter()}
    assert labelled and set(labelled) <= ids
    assert (root.findtext(f"{SVG}title") or "").strip() and (root.findtext(f"{SVG}desc") or "").strip()
    frame = view_box(root)
    for text, box in all_text_boxes(root):
        assert frame.left <= box.left and box.right <= frame.right, content(text)
        assert frame.top <= box.top and box.bottom <= frame.bottom, content(text)
    assert overlapping(root) == []


# -- colours, computed here from the WCAG 2 definitions -------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_venn_says_so_when_the_roles_share_nothing(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    said = " ".join(
        content(t) for t in elements(parse(chart("venn", "baker", "cook", "--data", path)), "text")
    )
    assert "the overlap holds the 2 both share." in said  # Ovens and Timing
    said = " ".join(
        content(t)
        for t in elements(parse(chart("venn", "baker", "cook", "-d", "tasks", "--data", path)), "text")
    )
    assert "the overlap holds the 1 both share." in said  # Clean up
    apart = write_yaml(tmp_path, MINIMAL.replace("Clean up]", "Sweep]", 1), "apart.yaml")
    said = " ".join(
        content(t)
        for t in elements(parse(chart("venn", "baker", "cook", "-d", "tasks", "--data", apart)), "text")
    )
    assert "no item is shared by both." in said
