"""What a listing variant's code prints, as numbers with their golden line, field and tolerance.

Built from the golden file alone (never by running anything) and cached, so grading any
output takes well under a second once the goldens are read. Each printed number has a
*column*: the golden line's template and the number's place in it (``Error:# Prediction:#``,
slot 0). A reader's output is aligned column by column. A listing that prints nothing has
one synthetic line per trace field (a reader's script usually prints its results anyway).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from grokking_spec.catalog import get_listing, listing_variants
from grokking_spec.golden import golden_path, load_golden, tolerances_of
from grokking_spec.grading.numbers import Number, read_numbers, template
from grokking_spec.grading.provenance import Provenance, Source, numeric_leaves
from grokking_spec.listing import Listing, Tolerance, Variant

Column = tuple[str, int]


@dataclass(frozen=True)
class Expected:
    """One number the book's code prints."""

    position: int
    column: Column
    label: str
    value: float
    text: str
    integer: bool
    golden_line: int
    golden_text: str
    path: str | None
    field: str
    iteration: int | None
    truncated: bool
    tolerance: Tolerance | None


@dataclass
class Expectation:
    """Everything a variant prints, in order, and grouped by column."""

    listing: Listing
    variant: Variant
    golden: Mapping[str, Any]
    lines: list[str]
    numbers: list[Expected]
    columns: dict[Column, list[Expected]] = field(default_factory=dict)
    #: Each number's place in its column, by its position in the printout.
    offsets: dict[int, int] = field(default_factory=dict)
    synthetic: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.listing.id, self.variant.name)


def _synthetic_lines(trace: Mapping[str, Any]) -> list[str]:
    """``name: v1 v2 ...`` per trace field, for listings whose code prints nothing."""
    lines = []
    for name, value in trace.items():
        values = [repr(number) for _, number in numeric_leaves(value)]
        if values:
            lines.append(f"{name}: " + " ".join(values))
    return lines


@functools.cache
def _printed(listing_id: str, variant_name: str) -> tuple[dict[str, Any], list[str], bool]:
    """The golden (read once), the lines its code prints, and whether they are synthetic."""
    listing = get_listing(listing_id)
    variant = listing.variant(variant_name)
    golden = load_golden(golden_path(listing, variant))
    lines = variant.printout(golden["trace"], variant.edition)
    if lines:
        return golden, lines, False
    return golden, _synthetic_lines(golden["trace"]), True


@functools.cache
def expectation(listing_id: str, variant_name: str) -> Expectation:
    """The (cached) expectation of one listing variant, from its golden file."""
    listing = get_listing(listing_id)
    variant = listing.variant(variant_name)
    golden, lines, synthetic = _printed(listing_id, variant_name)
    trace = golden["trace"]
    tolerances = tolerances_of(golden)
    provenance = Provenance(
        trace, variant.edition, listing.chapter, "iterations" in golden["params"]
    )
    numbers: list[Expected] = []
    last_iteration: int | None = None
    for index, line in enumerate(lines):
        shape = template(line)
        for slot, number in enumerate(read_numbers(line)):
            source = provenance.find(number, last_iteration)
            if source is not None and source.iteration is not None:
                last_iteration = source.iteration
            tolerance = None
            if source is not None:
                tolerance = tolerances.get(re.split(r"[.\[]", source.path, maxsplit=1)[0])
            numbers.append(
                _expected(len(numbers), (shape, slot), number, (index, line), source, tolerance)
            )
    result = Expectation(listing, variant, golden, lines, numbers, synthetic=synthetic)
    for printed in numbers:
        column = result.columns.setdefault(printed.column, [])
        result.offsets[printed.position] = len(column)
        column.append(printed)
    return result


def _expected(
    position: int,
    column: Column,
    number: Number,
    golden_line: tuple[int, str],
    source: Source | None,
    tolerance: Tolerance | None,
) -> Expected:
    value = source.value if source is not None else number.value
    integral = math.isfinite(value) and value == int(value) and "." not in number.text
    return Expected(
        position=position,
        column=column,
        label=number.label,
        value=value,
        text=number.text,
        integer=number.integer or integral,
        golden_line=golden_line[0],
        golden_text=golden_line[1],
        path=source.path if source is not None else None,
        field=source.field if source is not None else f"{column[0]!r} number {column[1] + 1}",
        iteration=source.iteration if source is not None else None,
        truncated=source.truncated if source is not None else False,
        tolerance=tolerance,
    )


@functools.cache
def fingerprint(listing_id: str, variant_name: str) -> frozenset[str]:
    """Each printed number to two significant digits: a cheap first screen of candidates."""
    _, lines, _ = _printed(listing_id, variant_name)
    return frozenset(coarse(number.value) for line in lines for number in read_numbers(line))


def coarse(value: float) -> str:
    return format(value, ".1e")


def variant_keys(listing_id: str | None = None) -> list[tuple[str, str]]:
    """``(listing id, variant)`` of every variant (of one listing when an id is given)."""
    return [
        (listing.id, variant.name)
        for listing, variant in listing_variants()
        if listing_id is None or listing.id == listing_id
    ]
