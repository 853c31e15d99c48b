"""When a reader's printed number agrees with a number the book's code prints.

At the precision the reader printed: ``0.302`` agrees with 0.3025 rounded to three places
(as ``{:.3f}`` rounds the binary value); a number printed in full agrees within the golden
field's tolerance, and always within one unit in the last place (the platform's ``pow``);
a chapter 8 number the book truncates (``str(x)[0:5]``) also agrees truncated. An integer
(no point, no exponent) must equal the value exactly.
"""

from __future__ import annotations

import functools

from grokking_spec.grading.expected import Expectation, Expected, expectation
from grokking_spec.grading.numbers import Number, rounded, significant_digits, ulp_neighbours

#: A number printed with this many significant digits or more is a full-precision print.
FULL_PRECISION = 16


def agrees(number: Number, expected: Expected) -> bool:
    """Does ``number`` (as printed) agree with ``expected``?"""
    value = float(expected.value)
    if not number.finite:
        return number.text.lstrip("+") == expected.text.lstrip("+") or str(number.value) == str(
            value
        )
    neighbours = ulp_neighbours(value)
    if number.value in neighbours:
        return True
    if number.integer:
        return False
    tolerance = expected.tolerance
    if tolerance is not None and tolerance.allows(value, number.value):
        return True
    if significant_digits(number) >= FULL_PRECISION:
        return False
    for neighbour in neighbours:
        if rounded(neighbour, number.exponent) == number.value:
            return True
    return expected.truncated and rounded(value, number.exponent, truncate=True) == number.value


@functools.cache
def index_of(listing_id: str, variant: str) -> Index:
    """The (cached) index of one variant's printed numbers."""
    return Index(expectation(listing_id, variant))


class Index:
    """The expected numbers of one expectation, findable by what a reader printed."""

    def __init__(self, expectation: Expectation):
        self.expectation = expectation
        self._numbers = expectation.numbers
        self._exact: dict[float, list[int]] = {}
        for expected in self._numbers:
            for neighbour in ulp_neighbours(float(expected.value)):
                self._exact.setdefault(neighbour, []).append(expected.position)
        self._by_exponent: dict[int, dict[float, list[int]]] = {}

    def candidates(self, number: Number) -> list[int]:
        """Positions of the expected numbers ``number`` could be printing."""
        found = list(self._exact.get(number.value, ()))
        if number.integer or not number.finite or significant_digits(number) >= FULL_PRECISION:
            return found
        table = self._by_exponent.get(number.exponent)
        if table is None:
            table = self._build(number.exponent)
        found.extend(table.get(number.value, ()))
        return found

    def _build(self, exponent: int) -> dict[float, list[int]]:
        table: dict[float, list[int]] = {}
        for expected in self._numbers:
            keys = {rounded(n, exponent) for n in ulp_neighbours(float(expected.value))}
            if expected.truncated:
                keys.add(rounded(float(expected.value), exponent, truncate=True))
            for key in keys:
                if key is not None:
                    table.setdefault(key, []).append(expected.position)
        self._by_exponent[exponent] = table
        return table
