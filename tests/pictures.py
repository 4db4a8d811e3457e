"""Reading the pictures the way a program checking them would: SVG parsed as XML, each text's box
from the README's width estimate (written here again from the README, not taken from the code),
circles, and the regions of a Venn diagram computed from the YAML."""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path
from typing import Any, NamedTuple

from tests.helpers import raw

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    """The SVG document's root; fails on anything that is not well-formed XML."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


def elements(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    found = root.iter(f"{SVG}{tag}")
    return [e for e in found if cls is None or cls in (e.get("class") or "").split()]


# -- the README's estimate of a text's extent ----------------------------------------------------------


def char_em(char: str) -> float:
    if char.isascii():
        if char in "mMwW@%#+=<>~&^":
            return 1.05
        return 0.8 if "A" <= char <= "Z" else 0.64
    if unicodedata.combining(char):
        return 0.0
    return 1.25 if unicodedata.east_asian_width(char) in ("W", "F") else 1.05


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def corners(self) -> list[tuple[float, float]]:
        return [
            (self.left, self.top),
            (self.right, self.top),
            (self.left, self.bottom),
            (self.right, self.bottom),
        ]


def _font(element: ET.Element) -> tuple[float, bool, str]:
    size = float(element.get("font-size", "16"))
    return size, element.get("font-weight") == "bold", element.get("text-anchor", "start")


def text_boxes(text: ET.Element) -> list[Box]:
    """One box per line of a <text> (its tspans, or itself), as the README says a text spans."""
    size, bold, anchor = _font(text)
    spans = text.findall(f"{SVG}tspan")
    lines = [(float(s.get("x", "0")), float(s.get("y", "0")), s.text or "") for s in spans] or [
        (float(text.get("x", "0")), float(text.get("y", "0")), text.text or "")
    ]
    boxes = []
    for x, y, line in lines:
        width = size * sum(char_em(c) for c in line) * (1.12 if bold else 1.0)
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        box = Box(left, y - 0.9 * size, left + width, y + 0.25 * size)
        turned = re.fullmatch(r"rotate\(-90 ([-\d.]+) ([-\d.]+)\)", text.get("transform", ""))
        if turned:  # a quarter turn to the left about (cx, cy)
            cx, cy = float(turned.group(1)), float(turned.group(2))
            box = Box(
                cx + (box.top - cy), cy - (box.right - cx), cx + (box.bottom - cy), cy - (box.left - cx)
            )
        else:
            assert "transform" not in text.attrib, text.attrib
        boxes.append(box)
    return boxes


def content(text: ET.Element) -> str:
    """What a text says, its lines joined, white space as a reader sees it."""
    return " ".join("".join(text.itertext()).split())


def all_text_boxes(root: ET.Element) -> list[tuple[ET.Element, Box]]:
    return [(t, box) for t in elements(root, "text") for box in text_boxes(t)]


def overlapping(root: ET.Element) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap (lines of one text may touch)."""
    boxes = all_text_boxes(root)
    return [
        (content(a), content(b))
        for (a, box_a), (b, box_b) in combinations(boxes, 2)
        if a is not b and box_a.overlaps(box_b)
    ]


def view_box(root: ET.Element) -> Box:
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    return Box(x, y, x + width, y + height)


# -- circles -----------------------------------------------------------------------------------------


class Circle(NamedTuple):
    role: str
    x: float
    y: float
    r: float

    def holds(self, box: Box) -> bool:
        """The whole box is inside."""
        return all(math.hypot(x - self.x, y - self.y) <= self.r for x, y in box.corners())

    def misses(self, box: Box) -> bool:
        """No point of the box is inside."""
        nearest_x = min(max(self.x, box.left), box.right)
        nearest_y = min(max(self.y, box.top), box.bottom)
        return math.hypot(nearest_x - self.x, nearest_y - self.y) >= self.r


def circles(root: ET.Element) -> list[Circle]:
    return [
        Circle(
            c.get("data-role", ""), float(c.get("cx", "0")), float(c.get("cy", "0")), float(c.get("r", "0"))
        )
        for c in elements(root, "circle", "role")
    ]


def region_of(box: Box, shapes: list[Circle]) -> frozenset[str] | None:
    """The roles whose circles hold the box, when it misses every other; None when it crosses an edge."""
    inside = frozenset(c.role for c in shapes if c.holds(box))
    if all(c.role in inside or c.misses(box) for c in shapes):
        return inside
    return None


# -- the Venn diagram's regions, from the YAML -------------------------------------------------------


def regions(path: Path, ids: list[str], dimension: str) -> dict[frozenset[str], dict[str, float]]:
    """Role ids -> the items (by key) that exactly those roles list, each with the highest importance
    its roles give it."""
    roles: dict[str, Any] = {r["id"]: r for r in raw(path)["roles"]}
    owners: dict[str, set[str]] = {}
    importance: dict[str, float] = {}
    for role_id in ids:
        for item in roles[role_id][dimension]:
            owners.setdefault(item["key"], set()).add(role_id)
            importance[item["key"]] = max(importance.get(item["key"], 0), item["importance"])
    found: dict[frozenset[str], dict[str, float]] = {}
    for key, who in owners.items():
        found.setdefault(frozenset(who), {})[key] = importance[key]
    return found


def key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name.casefold()).split())
