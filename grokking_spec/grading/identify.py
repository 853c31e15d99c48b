"""Which listing variant a stretch of output reproduces.

A cheap screen first (each number to two significant digits against every variant's
printout), then a full alignment with the few variants that share most numbers. Ties go
to the published edition (readers run Python 3), then to catalog order.
"""

from __future__ import annotations

from collections.abc import Sequence

from grokking_spec.grading.align import Alignment, Line, align
from grokking_spec.grading.expected import coarse, expectation, fingerprint, variant_keys
from grokking_spec.grading.numbers import read_numbers

#: How many variants get a full alignment after the screen.
SHORTLIST = 8

#: At most this many of the output's numbers feed the screen.
_SCREEN_SAMPLE = 600

_VARIANT_ORDER = {"published": 0, "meap": 1, "meap-as-printed": 2}


def _screen(lines: Sequence[Line], keys: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    printed = [coarse(n.value) for line in lines for n in read_numbers(line.text)]
    sample = printed[:_SCREEN_SAMPLE]
    scored = []
    for order, key in enumerate(keys):
        prints = fingerprint(*key)
        hits = sum(1 for value in sample if value in prints)
        if hits:
            scored.append((-hits, order, key))
    scored.sort()
    return [key for _, _, key in scored[:SHORTLIST]]


def _rank_key(alignment: Alignment, order: int) -> tuple[object, ...]:
    expect = alignment.expectation
    return (
        *(-part for part in alignment.score()),
        _VARIANT_ORDER.get(expect.variant.name, 3),
        order,
    )


def rank(
    lines: Sequence[Line], listing_id: str | None = None, screen: bool = True
) -> list[Alignment]:
    """Alignments with the candidate variants, best first (``meap-as-printed`` included)."""
    keys = variant_keys(listing_id)
    if screen and len(keys) > SHORTLIST:
        keys = _screen(lines, keys)
    alignments = [align(expectation(*key), lines) for key in keys]
    ordered = sorted(range(len(alignments)), key=lambda i: _rank_key(alignments[i], i))
    return [alignments[i] for i in ordered]


def best(alignments: Sequence[Alignment]) -> Alignment | None:
    """The best alignment that is not the verbatim-typo variant (that explains, not grades)."""
    for alignment in alignments:
        if alignment.expectation.variant.name != "meap-as-printed" and alignment.matched:
            return alignment
    return None
