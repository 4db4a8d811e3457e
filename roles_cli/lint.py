"""Warnings about files that load but are probably not what their author meant.

Today one: two items of a dimension that are spelled almost alike ("Data visualization" and "Data
visualisation", "Time-series forecasting" and "Time series forecasting") are most likely one item,
and while they are spelled two ways the roles that have them do not overlap there. Only spelling is
folded, never meaning: "ML" and "Machine learning" are not paired.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+[#+]*")  # "C", "C#" and "C++" are different languages
_OUR = re.compile(r"our(?=s?$)")


class Occurrence(NamedTuple):
    """Where an item is first spelled a given way."""

    dimension: str
    key: str
    name: str
    role: str
    line: int | None


def spelling(key: str) -> str:
    """What is left of an item's key once the spellings that usually mean the same are folded:
    punctuation and separators dropped ("time-series", "time series", "timeseries"), -ize as -ise,
    -our as -or ("colour"), and a final "s" or "d" ("model", "models"; "structure", "structured").
    """
    return "".join(map(_folded, _WORD.findall(key)))


@functools.cache
def _folded(word: str) -> str:
    """One word of a key, folded (see spelling): a large file's items share most of their words, so
    each is folded once."""
    word = _OUR.sub("or", word.replace("z", "s"))
    return word[:-1] if len(word) > 3 and word[-1] in "sd" else word


def near_duplicates(occurrences: Iterable[Occurrence]) -> list[tuple[Occurrence, Occurrence]]:
    """Pairs of items of one dimension with different keys but the same spelling(); in each pair,
    and in the list, what comes first in the file comes first. One pass, no pairwise comparison.
    Items without a letter or a digit are never paired: "!!!" and "???" are not one item misspelt.
    """
    groups: dict[tuple[str, str], dict[str, Occurrence]] = {}
    spelled_as: dict[str, str] = {}  # a large file repeats its items: each key is folded once
    for occurrence in occurrences:
        key = occurrence.key
        if key not in spelled_as:
            spelled_as[key] = spelling(key)
        spelled = spelled_as[key]
        if not spelled:  # no letter or digit at all ("+++", "😀", "→"): nothing to spell two ways
            continue
        groups.setdefault((occurrence.dimension, spelled), {}).setdefault(occurrence.key, occurrence)
    pairs = []
    for group in groups.values():
        first, *others = group.values()
        pairs += [(first, other) for other in others]
    return pairs
