"""A segment's verdict: reproduces, diverges, different-parameters or no-match, and why."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grokking_spec.fidelity import ErrataError, Erratum, load_errata
from grokking_spec.golden import spec_root
from grokking_spec.grading.align import Alignment, Divergence, Line

REPRODUCES = "reproduces"
DIVERGES = "diverges"
DIFFERENT_PARAMETERS = "different-parameters"
NO_MATCH = "no-match"


@dataclass
class Segment:
    """A stretch of a reader's output and what it reproduces."""

    lines: list[Line]
    verdict: str
    listing: str | None = None
    variant: str | None = None
    divergence: Divergence | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int] | None:
        if not self.lines:
            return None
        return (self.lines[0].number, self.lines[-1].number)


@functools.lru_cache(maxsize=1)
def _errata() -> tuple[Erratum, ...]:
    try:
        return tuple(load_errata(spec_root() / "errata.yml"))
    except ErrataError:
        return ()


def _erratum_causes(listing_id: str, variant: str) -> list[str]:
    return [e.cause for e in _errata() if e.listing == listing_id and variant in e.variants]


def _params_difference(mine: Mapping[str, Any], other: Mapping[str, Any]) -> str | None:
    """``alpha 0.1 (book 0.01)`` when the two listings run the same code with other settings."""
    if set(mine) != set(other):
        return None
    changed = [
        f"{key} {other[key]!r} (book {mine[key]!r})" for key in mine if mine[key] != other[key]
    ]
    return ", ".join(changed) if changed else None


def judge(
    lines: list[Line],
    chosen: Alignment | None,
    others: Sequence[Alignment],
    error: str | None = None,
) -> Segment:
    """The verdict for ``lines`` graded against ``chosen``; ``others`` are the runners-up."""
    if chosen is None or (chosen.matched == 0 and not chosen.divergences):
        segment = Segment(lines, NO_MATCH)
        numbers = sum(1 for line in lines if any(ch.isdigit() for ch in line.text))
        segment.notes.append(
            "no output" if not lines else f"no listing's numbers found in {numbers} line(s)"
        )
        if error:
            segment.notes.append(f"the script raised: {error}")
        return segment
    expect = chosen.expectation
    segment = Segment(lines, REPRODUCES, expect.listing.id, expect.variant.name)
    first = chosen.first_divergence
    reproducing = [
        other
        for other in others
        if other is not chosen and not other.divergences and other.matched >= chosen.matched
    ]
    if first is not None:
        segment.verdict = DIVERGES
        segment.divergence = first
        if "iteration" in first.expected.field:
            segment.verdict = DIFFERENT_PARAMETERS
            segment.notes.append(
                f"the run's iterations differ from the book's: printed {first.obtained.text} "
                f"where the book's code prints {first.expected.text}"
            )
        for other in reproducing:
            _explain(segment, chosen, other)
    elif chosen.overflow:
        segment.verdict = DIFFERENT_PARAMETERS
        extra = max(len(lines_) for lines_ in chosen.overflow.values())
        total = max(len(numbers) for numbers in expect.columns.values())
        segment.notes.append(
            f"more iterations than the book's: {extra} record(s) after the book's {total}"
        )
    _coverage_notes(segment, chosen)
    if error:
        segment.notes.append(f"the script raised: {error}")
    return segment


def _explain(segment: Segment, chosen: Alignment, other: Alignment) -> None:
    """Say what the output reproduces instead, when something does."""
    mine, theirs = chosen.expectation, other.expectation
    where = f"{theirs.listing.id} ({theirs.variant.name})"
    if theirs.listing.id == mine.listing.id:
        if theirs.variant.name == "meap-as-printed":
            causes = _erratum_causes(mine.listing.id, "meap-as-printed")
            because = f": {causes[0]}" if causes else ""
            segment.notes.append(
                f"explained by a known erratum: the output reproduces the meap code exactly as "
                f"printed{because} (spec/errata.yml)"
            )
        else:
            segment.notes.append(f"the {theirs.variant.name} variant fits better: it reproduces")
        return
    difference = _params_difference(mine.golden["params"], theirs.golden["params"])
    if difference is not None and segment.verdict == DIVERGES:
        segment.verdict = DIFFERENT_PARAMETERS
        segment.notes.append(f"run with other settings: {difference}, as in {where}")
    else:
        segment.notes.append(f"the output reproduces {where} instead")


def _coverage_notes(segment: Segment, alignment: Alignment) -> None:
    expect = alignment.expectation
    printed = [column for column in expect.columns if alignment.reached.get(column)]
    short = [
        column
        for column in printed
        if alignment.reached[column] < len(expect.columns[column])
        and column not in alignment.overflow
    ]
    if short and segment.verdict == REPRODUCES:
        column = short[0]
        reached = alignment.reached[column]
        last = expect.columns[column][reached - 1]
        where = f"iteration {last.iteration}" if last.iteration is not None else "golden line"
        segment.notes.append(
            f"output stops early: graded on what is there, up to {where} "
            f"(golden line {last.golden_line + 1} of {len(expect.lines)})"
        )
    missing = sorted(
        {expect.columns[c][0].field.split("[")[0] for c in expect.columns if c not in printed}
    )
    if missing and printed and not expect.synthetic:
        segment.notes.append("not printed (not graded): " + ", ".join(missing[:6]))
    if alignment.extra_lines:
        segment.notes.append(
            f"{len(alignment.extra_lines)} extra line(s) not from the listing (not graded), "
            f"first at {alignment.extra_lines[0].where}"
        )
