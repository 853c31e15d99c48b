"""The numbers a line prints, whatever its labels and layout, and the precision each shows.

A reader's line may say ``Error:0.302``, ``error = 3.025e-01``, ``[2.65612311]`` or
``iter 3  err 0.30195025  pred 0.2505``: each number is read with the label just before it
(the letters, lower-cased) and the power of ten of its last digit, which is the precision
it is compared at. Digits inside names (``layer_2``, ``ch04``, ``Test-Acc``) are not
numbers.
"""

from __future__ import annotations

import decimal
import functools
import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])"
    r"(?P<text>[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf|nan))"
    r"(?![A-Za-z0-9_])"
)
_LABEL = re.compile(r"([A-Za-z][A-Za-z_ \-]*)[^A-Za-z0-9]*$")

#: Enough digits for any float's exact binary value (a float64 needs at most ~770 digits,
#: but those that print have far fewer significant ones than this) to quantize exactly.
_CONTEXT = decimal.Context(prec=80)


@dataclass(frozen=True)
class Number:
    """One number as printed: its text, value, label, and the exponent of its last digit."""

    text: str
    value: float
    label: str
    exponent: int
    integer: bool

    @property
    def finite(self) -> bool:
        return math.isfinite(self.value)


@functools.lru_cache(maxsize=65536)
def read_numbers(line: str) -> tuple[Number, ...]:
    """Every number of ``line``, in order, with the label that precedes it (cached: the
    same lines are read against many candidate listings)."""
    numbers = []
    previous_end = 0
    for match in _NUMBER.finditer(line):
        text = match.group("text")
        before = line[previous_end : match.start()]
        previous_end = match.end()
        label_match = _LABEL.search(before)
        label = re.sub(r"[^a-z]", "", label_match.group(1).lower()) if label_match else ""
        integer = not any(mark in text for mark in ".eEn")
        if text.lstrip("+-") in ("inf", "nan"):
            numbers.append(Number(text, float(text), label, 0, False))
            continue
        numbers.append(Number(text, float(text), label, _last_digit(text), integer))
    return tuple(numbers)


def _last_digit(text: str) -> int:
    """The power of ten of the last digit shown: -3 for ``0.302``, -8 for ``2.5e-07``."""
    mantissa, _, power = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return (int(power) if power else 0) - decimals


@functools.lru_cache(maxsize=65536)
def template(line: str) -> str:
    """The line with its numbers replaced by ``#`` and runs of blanks by one space."""
    return " ".join(_NUMBER.sub("#", line).split())


def rounded(value: float, exponent: int, truncate: bool = False) -> float | None:
    """``value`` rounded half-even (or truncated) to a last digit at ``10**exponent``.

    Python's fixed-point formatting rounds the exact binary value correctly, as the reader's
    own ``{:.3f}`` did; ``Decimal`` does the rare cases formatting cannot (truncation, and
    rounding to tens or more).
    """
    if not math.isfinite(value):
        return None
    if exponent < 0 and not truncate:
        return float(format(value, f".{-exponent}f"))
    with decimal.localcontext(_CONTEXT):
        try:
            quantum = decimal.Decimal((0, (1,), exponent))
            mode = decimal.ROUND_DOWN if truncate else decimal.ROUND_HALF_EVEN
            return float(decimal.Decimal(value).quantize(quantum, rounding=mode))
        except decimal.InvalidOperation:
            return None


def significant_digits(number: Number) -> int:
    """How many significant digits the text of ``number`` shows."""
    digits = number.text.lstrip("+-").split("e")[0].split("E")[0].replace(".", "").lstrip("0")
    return len(digits)


def ulp_neighbours(value: float) -> tuple[float, ...]:
    """``value`` and the floats one unit in the last place either side: pow() noise."""
    if not math.isfinite(value):
        return (value,)
    return (value, math.nextafter(value, -math.inf), math.nextafter(value, math.inf))
