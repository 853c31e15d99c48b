"""Cut a reader's output into segments, one per listing it reproduces, and judge each.

A text holding several listings is cut where a listing's output ends: the lines its
numbers occupy form a segment, and what comes before or after is identified again. Numbers
past a listing's last iteration that another listing explains start a new segment; if
nothing else explains them, they are more iterations of the same run. A notebook is cut
at its cells first; consecutive cells of the same listing are one segment.
"""

from __future__ import annotations

from collections.abc import Sequence

from grokking_spec.grading.align import Alignment, Line, align
from grokking_spec.grading.expected import expectation
from grokking_spec.grading.identify import best, rank
from grokking_spec.grading.numbers import read_numbers
from grokking_spec.grading.sources import Capture
from grokking_spec.grading.verdict import NO_MATCH, Segment, judge


def _numbers_in(lines: Sequence[Line]) -> int:
    return sum(len(read_numbers(line.text)) for line in lines)


def _recognised(alignment: Alignment | None, lines: Sequence[Line]) -> bool:
    """Enough of a stretch is a listing's output to call it a segment of its own."""
    if alignment is None:
        return False
    assigned = set(alignment.assigned_lines)
    return alignment.recognised(_numbers_in([line for line in lines if line.number in assigned]))


def _choose(
    lines: Sequence[Line], listing_id: str | None, variant: str | None
) -> tuple[Alignment | None, list[Alignment]]:
    """The alignment to grade against, and the others (for the verdict's explanations)."""
    if listing_id is None:
        ranked = rank(lines)
        return best(ranked), ranked
    own = rank(lines, listing_id, screen=False)
    chosen: Alignment | None
    if variant is not None:
        chosen = align(expectation(listing_id, variant), lines)
    else:
        chosen = best(own) or (own[0] if own else None)
    chosen_first = chosen is None or chosen.divergences or chosen.overflow
    others = own + (rank(lines) if chosen_first else [])
    return chosen, others


def _split(
    lines: list[Line], listing_id: str | None, variant: str | None, error: str | None
) -> list[Segment]:
    if not lines or _numbers_in(lines) == 0:
        return []
    chosen, others = _choose(lines, listing_id, variant)
    if chosen is None or chosen.matched == 0:
        return [judge(lines, chosen, others, error)]
    if listing_id is None and not _recognised(chosen, lines):
        return [judge(lines, None, others, error)]
    if listing_id is None and chosen.overflow:
        cut = min(overflowing[0].number for overflowing in chosen.overflow.values())
        rest = [line for line in lines if line.number >= cut]
        rest_best = best(rank(rest))
        if rest_best is not None and rest_best.expectation.key != chosen.expectation.key:
            head = [line for line in lines if line.number < cut]
            return _split(head, None, None, None) + _split(rest, None, None, error)
    used = chosen.assigned_lines
    first, last = used[0], used[-1]
    before = [line for line in lines if line.number < first]
    after = [line for line in lines if line.number > last]
    inside = [line for line in lines if first <= line.number <= last]
    segments: list[Segment] = []
    if listing_id is None:
        segments += _side(before)
    segment = judge(inside, chosen, others, error)
    if listing_id is not None:
        if before or after:
            extra = [line for line in before + after if line.text.strip()]
            if extra:
                segment.notes.append(f"{len(extra)} line(s) before or after it not graded")
        return [segment]
    segments.append(segment)
    segments += _side(after)
    return segments


def _side(lines: list[Line]) -> list[Segment]:
    """Lines before or after a segment: segments of their own, or extra lines noted."""
    if not lines or _numbers_in(lines) == 0:
        return []
    if _recognised(best(rank(lines)), lines):
        return _split(lines, None, None, None)
    return []


def grade_capture(
    capture: Capture, listing_id: str | None = None, variant: str | None = None
) -> list[Segment]:
    """Every segment of a capture, judged."""
    if capture.kind != "notebook" or listing_id is not None:
        lines = capture.lines
        segments = _split(lines, listing_id, variant, capture.error)
        if not segments:
            segments = [judge(lines, None, [], capture.error)]
        return segments
    groups: list[tuple[str | None, list[Line]]] = []
    for unit in capture.units:
        found = best(rank(unit.lines)) if _numbers_in(unit.lines) else None
        key = found.expectation.listing.id if _recognised(found, unit.lines) and found else None
        if groups and groups[-1][0] == key and key is not None:
            groups[-1][1].extend(unit.lines)
        else:
            groups.append((key, list(unit.lines)))
    segments = []
    for key, lines in groups:
        if key is None:
            continue
        segments += _split(lines, None, None, None)
    if not segments:
        segments = [judge(capture.lines, None, [], capture.error)]
    elif capture.error:
        segments[-1].notes.append(f"the notebook raised: {capture.error}")
    return [s for s in segments if s.verdict != NO_MATCH or len(segments) == 1]
