"""The vocabulary of the registry: a listing, its edition variants, what the book prints."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from grokking_spec.pyformat import Edition

#: A listing's result: plain data only (str keys; numbers, strings, bools, and lists or
#: dicts of them). Implementations return one; the golden file stores one.
Trace = dict[str, Any]

#: Turns a trace into the lines that edition's code prints.
Printout = Callable[[Trace, Edition], list[str]]


def prints_nothing(trace: Trace, edition: Edition) -> list[str]:
    """For listings whose code computes but never prints."""
    return []


@dataclass(frozen=True)
class Tolerance:
    """How far an implementation may drift on one trace field, and why that far."""

    rtol: float
    atol: float
    measured: str

    def allows(self, expected: float, obtained: float) -> bool:
        return abs(obtained - expected) <= self.atol + self.rtol * abs(expected)


@dataclass(frozen=True)
class BookLine:
    """One line of output the seed text shows, or one result its prose states.

    ``line`` is the index of the line in the listing's output; ``None`` marks a value the
    text states (a table, "it should print ...") that no code of the listing prints.
    ``shows`` names the trace entries the numbers of the line come from, in order, as
    paths like ``error[0]`` or ``weights[2]`` (negative indexes count from the end).
    """

    text: str
    shows: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Variant:
    """One edition of a listing: its parameters, printing and the seed's printed lines.

    ``name`` is the golden's variant (``meap``, ``published``, ``meap-as-printed``);
    ``edition`` the Python whose number formatting its printout uses. The catalog builds
    variants with ``grokking_spec.catalog.editions``; tolerances are not part of a variant
    (``grokking_spec.tolerances`` holds them).
    """

    name: str
    edition: Edition
    params: Mapping[str, Any]
    source: str
    printout: Printout = prints_nothing
    book: tuple[BookLine, ...] = ()


@dataclass(frozen=True)
class Prefix:
    """How a long listing runs and is compared for its first iterations only.

    ``param`` names the parameter that sets the number of iterations. ``cut(trace, n)`` is
    the part of a listing's trace that its first ``n`` iterations determine, so a run with
    ``param = n`` and the full-length golden have the same cut.
    """

    param: str
    cut: Callable[[Trace, int], Trace]


@dataclass(frozen=True)
class Listing:
    """A code listing of the book, known by the catalog id every report uses.

    ``prefix`` is set for long listings (chapter 8): the harness can then run and compare
    only their first iterations.
    """

    id: str
    title: str
    section: str
    variants: tuple[Variant, ...]
    prefix: Prefix | None = None

    @property
    def chapter(self) -> int:
        return int(self.id.split("/")[0].removeprefix("ch"))

    @property
    def slug(self) -> str:
        return self.id.split("/")[1]

    def variant(self, name: str) -> Variant:
        for variant in self.variants:
            if variant.name == name:
                return variant
        known = ", ".join(v.name for v in self.variants)
        raise UnknownName(f"{self.id} has no variant {name!r} (it has: {known})")


class UnknownName(LookupError):
    """An unknown listing id, variant or implementation name (a user error)."""
