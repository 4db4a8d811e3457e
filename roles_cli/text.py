"""Words: how item names, task sentences and free text (a job ad, a CV) are cut into comparable words,
and how known phrases are found in a text.

One normaliser serves everything, so that an item, a skill someone types and a word in an ad meet
on the same terms: lower case, Unicode NFC, and a light suffix stripper (plurals as in Harman's
S-stemmer, 1991, then -ing and -ed, then a final e: "models", "modeling" and "modeled" are all
"model"; "analyzes", "analyzed" and "analyze" are all "analyz"). Words of three letters or fewer are
kept as they are ("AWS", "SAS", "GIS"), and so are "C#" and "C++", which are not "C".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+(?:[#+]+(?![^\W_]))?")
"""A run of letters and digits, with a trailing '#' or '+' run ("C#", "C++") when no letter follows."""

STOP_WORDS = frozenset(
    """a an and are as at be been being both but by can could do does each either etc for from had has
    have how i if in into is it its may might more most must no nor not of on or other our own per
    same should so such than that the their them then there these they this those through to too
    under up upon us via was we were what when where whether which while who whom why will with
    within without would you your""".split()
)
"""Words too common to say anything about a role; left out when items are compared by their words."""


def fold(text: str) -> str:
    """Lower case, in the composed Unicode form."""
    folded = text.casefold()
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


def stem(word: str) -> str:
    """A folded word without its inflection: plural -s, -ing, -ed, final -e (see the module's notes)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        word = word[:-3] + "y"
    elif word.endswith("es") and not word.endswith(("aes", "ees", "oes", "ses", "xes")):
        word = word[:-1]
    elif word.endswith("s") and not word.endswith(("us", "ss", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


_STEMS: dict[str, str] = {}
"""Every word stemmed so far: a file's vocabulary is small and its words recur."""


def _stem(word: str) -> str:
    stemmed = _STEMS.get(word)
    if stemmed is None:
        stemmed = _STEMS[word] = stem(word)
    return stemmed


def tokens(text: str) -> list[str]:
    """Every word of `text`, folded and stemmed, in order (stop words included)."""
    return [_stem(word) for word in _WORD.findall(fold(text))]


def content_words(text: str) -> list[str]:
    """The words of `text` that carry meaning: folded, stemmed, stop words and lone digits left out."""
    return [
        _stem(word) for word in _WORD.findall(fold(text)) if word not in STOP_WORDS and not word.isdigit()
    ]


def words_as_written(text: str) -> Iterator[tuple[str, str]]:
    """Each word of `text` that carries meaning: its normal form, and the word as written."""
    for word in _WORD.findall(text):
        folded = fold(word)
        if folded not in STOP_WORDS and not folded.isdigit():
            yield _stem(folded), word


class Span(NamedTuple):
    start: int
    end: int


class Found(NamedTuple):
    """A known phrase found in a text: what it stands for and where, as character offsets."""

    value: str
    text: str
    """The text as written there."""
    span: Span


class PhraseFinder:
    """Finds many phrases in a text at once, on word boundaries, ignoring case and inflection.

    Phrases are cut into words the way the text is, and looked up by their first word; at each
    word of the text the longest phrase that starts there wins, and the search goes on after it.
    The cost is that of reading the text once, whatever the number of phrases.
    """

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], str]]) -> None:
        """`phrases`: (a phrase's words, as `tokens` gives them; the value a match reports)."""
        self._starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, value in phrases:
            if words:
                self._starts.setdefault(words[0], []).append((words, value))
        for candidates in self._starts.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))  # the longest first

    def find(self, text: str) -> Iterator[Found]:
        folded = fold(text)
        # Offsets are taken on the folded text; folding can change the length (ß -> ss), so a
        # text where it does is matched on its own spans only when lengths agree.
        same_length = len(folded) == len(text)
        matches = list(_WORD.finditer(folded))
        words = [_stem(match.group()) for match in matches]
        index = 0
        while index < len(words):
            found = None
            for phrase, value in self._starts.get(words[index], ()):
                if tuple(words[index : index + len(phrase)]) == phrase:
                    found = (phrase, value)
                    break
            if found is None:
                index += 1
                continue
            phrase, value = found
            start, end = matches[index].start(), matches[index + len(phrase) - 1].end()
            shown = text[start:end] if same_length else folded[start:end]
            yield Found(value, shown, Span(start, end))
            index += len(phrase)
