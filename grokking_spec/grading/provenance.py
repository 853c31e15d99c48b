"""Which trace entry each number of a golden printout shows.

A printout is text; grading names fields and iterations, so each printed number is traced
back to the golden entry it comes from: the entry whose value, formatted as the edition
prints it, is that text. Chapter 8 prints sums divided by the number of images and
truncated (``str(x)[0:5]``); there the entry is the sum and the shown value the quotient.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from grokking_spec.ch08_trace import PER_TEST, TEST_IMAGES, TRAIN_IMAGES
from grokking_spec.grading.numbers import Number, rounded
from grokking_spec.pyformat import Edition

#: Chapter 8 prints these sums as means over the images (and accuracies as rates).
_CHAPTER_8_SCALES = {
    "train_error": TRAIN_IMAGES,
    "train_correct": TRAIN_IMAGES,
    "test_error": TEST_IMAGES,
    "test_correct": TEST_IMAGES,
}

#: Above this many entries a printed number not found by its text is left unnamed rather
#: than searched for digit by digit (the long listings always print full values).
_SCAN_LIMIT = 5000


@dataclass(frozen=True)
class Source:
    """The trace entry a printed number shows: its path, value as shown, and iteration."""

    path: str
    field: str
    value: int | float
    iteration: int | None
    truncated: bool


def numeric_leaves(value: Any, path: str = "") -> Iterator[tuple[str, int | float]]:
    """``(path, value)`` of every number in a trace, in reading order."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from numeric_leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numeric_leaves(item, f"{path}[{index}]")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path, value


_LAST_INDEX = re.compile(r"^(?P<field>.*?[A-Za-z_]\w*)\[(?P<index>\d+)\](?P<rest>(?:\[\d+\])*)$")


class Provenance:
    """Looks up printed golden numbers in one golden trace."""

    def __init__(self, trace: Mapping[str, Any], edition: Edition, chapter: int, iterated: bool):
        self._trace = trace
        self._iterated = iterated
        # text -> field -> sources in reading order (so by iteration within a field)
        self._by_text: dict[str, dict[str, tuple[list[Source], list[int]]]] = {}
        self._leaves: list[Source] = []
        scales = _CHAPTER_8_SCALES if chapter == 8 else {}
        for path, value in numeric_leaves(trace):
            top = re.split(r"[.\[]", path, maxsplit=1)[0]
            scale = scales.get(top)
            shown_value: int | float = value / float(scale) if scale else value
            text = edition.format(shown_value)
            field, iteration = self._field_and_iteration(path, top)
            source = Source(path, field, shown_value, iteration, truncated=False)
            self._leaves.append(source)
            self._add(text, source)
            if scale:
                self._add(text[0:5], Source(path, field, shown_value, iteration, truncated=True))

    def _add(self, text: str, source: Source) -> None:
        by_field = self._by_text.setdefault(text, {})
        sources, iterations = by_field.setdefault(source.field, ([], []))
        sources.append(source)
        iterations.append(source.iteration or 0)

    def _field_and_iteration(self, path: str, top: str) -> tuple[str, int | None]:
        match = _LAST_INDEX.match(path)
        if match is None or not self._iterated:
            return path, None
        index = int(match.group("index"))
        if top in PER_TEST and "test_iteration" in self._trace:
            index = int(self._trace["test_iteration"][index])
        return match.group("field") + match.group("rest"), index

    def find(self, number: Number, after: int | None) -> Source | None:
        """The entry ``number`` (a golden token) shows; nearest after ``after`` if several."""
        by_field = self._by_text.get(number.text.lstrip("+"), {})
        candidates = [
            sources[min(bisect.bisect_left(iterations, after or 0), len(sources) - 1)]
            for sources, iterations in by_field.values()
        ]
        if not candidates and not number.integer and len(self._leaves) <= _SCAN_LIMIT:
            candidates = [
                leaf
                for leaf in self._leaves
                if rounded(leaf.value, number.exponent) == number.value
            ]
        if not candidates:
            return None
        start = after or 0

        def preference(source: Source) -> tuple[bool, bool, int]:
            named = _same_name(number.label, source.field)
            if source.iteration is None:
                return (not named, False, 0)
            return (not named, source.iteration < start, abs(source.iteration - start))

        return min(candidates, key=preference)


def _same_name(label: str, field: str) -> bool:
    """Does a printed label name this field (``pred`` for ``prediction``)?"""
    name = re.sub(r"[^a-z]", "", field.rsplit(".", 1)[-1].split("[")[0].lower())
    if len(label) < 3 or not name:
        return False
    return name.startswith(label) or label.startswith(name)
