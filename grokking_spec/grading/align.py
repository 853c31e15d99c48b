"""Align a reader's output with what the book's code prints, number by number.

Two passes. First, every *slot* of the reader's output (a line shape, numbers replaced by
``#``, and a place in it) is given the golden *column* it prints: the column whose numbers
its values agree with most often, or, when none agree, the column whose label it repeats
(``error`` for ``Error:``). Labels, spacing, field order, one line or several: none of it
matters, since slots are matched by what they hold. Second, each column's numbers are
walked in the reader's order against the golden's: agreeing numbers advance; a reader who
prints every tenth iteration, or only the last, skips ahead when the next number confirms
the stride; the first number that agrees with nothing where it should is the column's
divergence. Numbers past the golden's end are counted (more iterations than the book).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from grokking_spec.grading.agreement import Index, agrees, index_of
from grokking_spec.grading.expected import Column, Expectation, Expected
from grokking_spec.grading.numbers import Number, read_numbers, significant_digits, template

#: A slot is given a column by its values only if at least this share of them agree.
_VOTE_SHARE = 0.3

#: A disagreeing number is taken for an extra one (a goal, a counter, a debug value) when
#: one of the column's next this-many numbers is the one the book prints there.
_RESYNC = 4

Slot = tuple[str, int]


@dataclass(frozen=True)
class Line:
    """One line of a reader's output: its 1-based line in the source, text, and place."""

    number: int
    text: str
    where: str


@dataclass(frozen=True)
class Divergence:
    """The first reader number of a column that disagrees with the golden."""

    line: Line
    obtained: Number
    expected: Expected

    @property
    def difference(self) -> float:
        return self.obtained.value - float(self.expected.value)


@dataclass
class Alignment:
    """How one reader output lines up with one listing variant."""

    expectation: Expectation
    matched: int = 0
    #: Agreeing numbers, integers counted a quarter (a counter or a shape agrees by chance).
    weight: float = 0.0
    exact_text: int = 0
    divergences: list[Divergence] = field(default_factory=list)
    overflow: dict[Column, list[Line]] = field(default_factory=dict)
    reached: dict[Column, int] = field(default_factory=dict)
    assigned_lines: list[int] = field(default_factory=list)
    matched_lines: list[int] = field(default_factory=list)
    extra_lines: list[Line] = field(default_factory=list)
    #: Each graded reader number with the golden number it was held against.
    pairs: list[tuple[Number, Expected]] = field(default_factory=list)

    @property
    def first_divergence(self) -> Divergence | None:
        return min(self.divergences, key=lambda d: d.line.number, default=None)

    @property
    def coverage(self) -> float:
        """The share of the golden's numbers the output printed and that agree."""
        total = len(self.expectation.numbers)
        return self.matched / total if total else 0.0

    def score(self) -> tuple[float, int, float, int]:
        """Best first: most agreeing numbers, fewest divergences, most of the golden covered."""
        return (self.weight, -len(self.divergences), self.coverage, self.exact_text)

    def recognised(self, numbers: int) -> bool:
        """Enough agrees to call ``numbers`` printed numbers this listing's output."""
        if self.matched == 0 or self.matched < 0.3 * numbers:
            return False
        # Integers alone (counters, shapes) need to be nearly all the listing's.
        return self.weight > 0.25 * self.matched or self.matched >= max(2.0, 0.8 * numbers)


def _columns_for_labels(expectation: Expectation) -> dict[str, list[Column]]:
    by_label: dict[str, list[Column]] = defaultdict(list)
    for column, numbers in expectation.columns.items():
        label = numbers[0].label
        if label and column not in by_label[label]:
            by_label[label].append(column)
    return by_label


def _label_column(label: str, by_label: dict[str, list[Column]]) -> Column | None:
    """The one column whose golden label the reader's label names (``err`` for ``error``)."""
    if len(label) < 3:
        return None
    found = [
        column
        for golden, columns in by_label.items()
        if len(golden) >= 3 and (golden.startswith(label) or label.startswith(golden))
        for column in columns
    ]
    return found[0] if len(set(found)) == 1 else None


def assign_slots(
    expectation: Expectation, index: Index, parsed: Sequence[tuple[Line, str, tuple[Number, ...]]]
) -> dict[Slot, Column]:
    """Pass one: the golden column each slot of the reader's output prints."""
    votes: dict[Slot, dict[Column, float]] = defaultdict(lambda: defaultdict(float))
    seen: dict[Slot, int] = defaultdict(int)
    labels: dict[Slot, str] = {}
    for _, shape, numbers in parsed:
        for place, number in enumerate(numbers):
            slot = (shape, place)
            seen[slot] += 1
            labels.setdefault(slot, number.label)
            columns = {expectation.numbers[p].column for p in index.candidates(number)}
            for column in columns:
                votes[slot][column] += 1.0 / len(columns)
    by_label = _columns_for_labels(expectation)
    assignment: dict[Slot, Column] = {}
    for slot, count in seen.items():
        tally = votes.get(slot)
        labelled = _label_column(labels[slot], by_label)
        if tally:
            column, weight = max(tally.items(), key=lambda item: item[1])
            # A label naming a column that the values support about as well settles a near
            # tie (a print rounded to 0.250 agrees with a prediction and with some error).
            if labelled is not None and tally.get(labelled, 0.0) >= 0.5 * weight:
                column, weight = labelled, tally[labelled]
            if weight >= _VOTE_SHARE * count or weight >= 3:
                assignment[slot] = column
                continue
        if labelled is not None:
            assignment[slot] = labelled
    return assignment


def align(expectation: Expectation, lines: Sequence[Line], index: Index | None = None) -> Alignment:
    """Pass one and pass two over a reader's lines against one expectation."""
    index = index or index_of(*expectation.key)
    parsed = [(line, template(line.text), read_numbers(line.text)) for line in lines]
    parsed = [entry for entry in parsed if entry[2]]
    assignment = assign_slots(expectation, index, parsed)
    result = Alignment(expectation)
    cursor: dict[Column, int] = defaultdict(int)
    diverged: set[Column] = set()
    # Each column's remaining reader numbers, to confirm a skip by the one that follows.
    queue: dict[Column, list[Number]] = defaultdict(list)
    for _, shape, numbers in parsed:
        for place, number in enumerate(numbers):
            column = assignment.get((shape, place))
            if column is not None:
                queue[column].append(number)
    taken: dict[Column, int] = defaultdict(int)
    slot_matched: dict[Slot, int] = defaultdict(int)
    slot_seen: dict[Slot, int] = defaultdict(int)
    overflow: list[tuple[Slot, Column, Line]] = []
    for line, shape, numbers in parsed:
        used = False
        for place, number in enumerate(numbers):
            slot = (shape, place)
            column = assignment.get(slot)
            if column is None:
                continue
            used = True
            slot_seen[slot] += 1
            taken[column] += 1
            if column in diverged:
                continue
            golden = expectation.columns[column]
            position = cursor[column]
            if position >= len(golden):
                overflow.append((slot, column, line))
                continue
            following = queue[column][taken[column] : taken[column] + _RESYNC]
            found: int | None = position
            if agrees(number, golden[position]):
                pass
            elif any(agrees(ahead, golden[position]) for ahead in following):
                # Another number in the same place (a goal, a counter, a debug value): the
                # column's next number is the one the book prints here.
                continue
            else:
                found = _skip_to(number, golden, position, following[:1], index)
            if found is None:
                result.divergences.append(Divergence(line, number, golden[position]))
                result.pairs.append((number, golden[position]))
                diverged.add(column)
                continue
            result.pairs.append((number, golden[found]))
            cursor[column] = found + 1
            result.matched += 1
            slot_matched[slot] += 1
            result.weight += 0.25 if number.integer else 1.0
            # Equal text says which edition printed it, but only where the text is long
            # enough to tell (a 3-decimal print equals many shortened meap texts).
            result.exact_text += (
                number.text == golden[found].text and significant_digits(number) >= 6
            )
            if not result.matched_lines or result.matched_lines[-1] != line.number:
                result.matched_lines.append(line.number)
        if used:
            result.assigned_lines.append(line.number)
        else:
            result.extra_lines.append(line)
    result.reached = dict(cursor)
    for slot, column, line in overflow:
        # Only a slot that printed the column faithfully runs on past the book's end; one
        # that never agreed (a constant goal, say) is an extra field.
        if slot_matched[slot] >= 0.5 * slot_seen[slot]:
            result.overflow.setdefault(column, []).append(line)
    return result


def _skip_to(
    number: Number,
    golden: list[Expected],
    position: int,
    following: list[Number],
    index: Index,
) -> int | None:
    """Where a reader who skips iterations picks up again, if the evidence says so.

    ``number`` must agree with a later golden number; the skip is believed when no number
    of the column follows (a final line), or the next one agrees further on still.
    """
    for target in _column_offsets(number, golden, position, index):
        if not following:
            return target
        if _column_offsets(following[0], golden, target, index):
            return target
    return None


def _column_offsets(
    number: Number, golden: list[Expected], position: int, index: Index
) -> list[int]:
    """Offsets in the column, after ``position``, whose golden number ``number`` agrees with."""
    column = golden[0].column
    numbers = index.expectation.numbers
    offsets = index.expectation.offsets
    found = {offsets[p] for p in index.candidates(number) if numbers[p].column == column}
    return sorted(offset for offset in found if offset > position)
