"""What the book's prose says its listings do, held as named predicates over the goldens.

``spec/claims.yml`` (hand-written) lists each claim: the listing and variants it is about,
the seed's words, a predicate named here with its arguments, and the verdict the goldens
give, ``holds`` or ``fails`` (with the cause, as in the errata). A predicate reads the
golden of the claim's listing variant and, for a comparison, the golden of another listing
in the same variant; a claim about the code run with other parameters (alpha 0.1) reruns
the reference, only where that takes milliseconds.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grokking_spec.fidelity import numbers_agree
from grokking_spec.golden import spec_root
from grokking_spec.plugins import Implementation
from grokking_spec.trace import normalise, resolve

#: A golden document, and how to get the golden of a listing id in a variant.
Golden = Mapping[str, Any]
FetchGolden = Callable[[str, str], Golden]

VERDICTS = ("holds", "fails")


class ClaimsError(ValueError):
    """``spec/claims.yml`` is missing, unreadable or malformed (one line, naming the file)."""


@dataclass(frozen=True)
class Claim:
    """One statement of the prose about a listing's behaviour, and whether the code bears it out."""

    id: str
    listing: str
    variants: tuple[str, ...]
    says: str
    seed_quote: str
    predicate: str
    args: Mapping[str, Any] = field(default_factory=dict)
    verdict: str = "holds"
    cause: str = ""


@dataclass(frozen=True)
class Evidence:
    """What a predicate reads: one golden, and the goldens of other listings in its variant."""

    listing_id: str
    variant: str
    golden: Golden
    fetch: FetchGolden

    def value(self, path: str) -> Any:
        """``params.…`` from the golden's params, anything else from its trace."""
        document = self.golden if path.startswith("params.") else self.golden["trace"]
        return resolve(document, path)

    def other(self, listing_id: str) -> Evidence:
        return Evidence(listing_id, self.variant, self.fetch(listing_id, self.variant), self.fetch)


Predicate = Callable[..., bool]
PREDICATES: dict[str, Predicate] = {}


def predicate(function: Predicate) -> Predicate:
    """Register a predicate under its function name, the name ``claims.yml`` uses."""
    PREDICATES[function.__name__] = function
    return function


# --- numbers ------------------------------------------------------------------------------


@predicate
def rounds_to(evidence: Evidence, path: str, shown: str) -> bool:
    """The value at ``path``, rounded to the digits of ``shown``, is ``shown`` (sign included)."""
    return numbers_agree(shown, [evidence.value(path)])


@predicate
def products_round_to(evidence: Evidence, left: str, right: str, shown: Sequence[str]) -> bool:
    """``left[i] * right[i]`` (the code's order) rounds to ``shown[i]``, for every i."""
    products = [a * b for a, b in zip(evidence.value(left), evidence.value(right), strict=True)]
    return numbers_agree(" ".join(shown), products)


@predicate
def negative_before_relu(evidence: Evidence, index: int) -> bool:
    """Hidden unit ``index`` of ``layer_0 · weights_0_1`` is negative (relu then zeroes it)."""
    layer_0, weights = evidence.value("layer_0"), evidence.value("weights_0_1")
    total = sum(x * row[index] for x, row in zip(layer_0, weights, strict=True))
    return bool(total < 0)


# --- scores of the similarity listing -----------------------------------------------------


@predicate
def highest_score_only_for_identical_pairs(evidence: Evidence) -> bool:
    """Every pair reaching the highest score pairs a vector with itself."""
    scores, pairs = evidence.value("score"), evidence.value("pairs")
    top = max(scores)
    return all(
        left == right for (left, right), score in zip(pairs, scores, strict=True) if score == top
    )


@predicate
def negative_entries_lower_score(evidence: Evidence, pair: Sequence[str]) -> bool:
    """The pair's score is below what it would be with the second vector's negatives at 0."""
    left, right = (evidence.value(f"params.vectors.{name}") for name in pair)
    score = evidence.value("score")[evidence.value("pairs").index(list(pair))]
    without_negatives = sum(a * max(b, 0) for a, b in zip(left, right, strict=True))
    return bool(score < without_negatives)


# --- trends of a series -------------------------------------------------------------------


@predicate
def falls_every_step(evidence: Evidence, path: str) -> bool:
    """Each value of the series is below the one before."""
    series = evidence.value(path)
    return all(later < earlier for earlier, later in itertools.pairwise(series))


@predicate
def grows_every_step(evidence: Evidence, path: str) -> bool:
    """Each value of the series is above the one before."""
    series = evidence.value(path)
    return all(later > earlier for earlier, later in itertools.pairwise(series))


@predicate
def ends_below(evidence: Evidence, path: str, bound: float) -> bool:
    """The last value of the series is below ``bound``."""
    last: float = evidence.value(path)[-1]
    return last < bound


@predicate
def near(evidence: Evidence, paths: Sequence[str], target: float, within: float) -> bool:
    """Each value at ``paths`` is within ``within`` of ``target``."""
    return all(abs(evidence.value(path) - target) <= within for path in paths)


@predicate
def eventually_alternates_around(evidence: Evidence, path: str, goal: float) -> bool:
    """The series crosses ``goal`` and, from its first crossing, lands on alternate sides."""
    sides = [math.copysign(1.0, value - goal) for value in evidence.value(path)]
    crossing = next((i for i in range(1, len(sides)) if sides[i] != sides[0]), None)
    if crossing is None:
        return False
    return all(sides[i] != sides[i - 1] for i in range(crossing, len(sides)))


@predicate
def never_within(evidence: Evidence, path: str, goal: float, distance: float) -> bool:
    """No value of the series comes within ``distance`` of ``goal``."""
    return all(abs(value - goal) >= distance for value in evidence.value(path))


@predicate
def stays_constant(evidence: Evidence, path: str, column: int) -> bool:
    """Column ``column`` of every row of the series keeps its first value."""
    rows = evidence.value(path)
    return all(row[column] == rows[0][column] for row in rows)


@predicate
def moves_most_where_input_largest(evidence: Evidence, before: str, after: str) -> bool:
    """The weight that moved farthest is the one with the largest input."""
    inputs: list[float] = evidence.value("input")
    moved = [abs(b - a) for a, b in zip(evidence.value(before), evidence.value(after), strict=True)]
    return moved.index(max(moved)) == inputs.index(max(inputs))


@predicate
def grows_every_step_when_rerun(evidence: Evidence, path: str, params: Mapping[str, Any]) -> bool:
    """Rerun by the reference with some parameters changed, the series grows every step.

    Only for listings that run in milliseconds: the golden cannot hold every alpha.
    """
    # Imported by name: the reference lives in the checkout's reference/ folder.
    reference: Implementation = importlib.import_module("grokking_spec.reference").implementation
    listing = reference.listings[evidence.listing_id]
    trace = normalise(listing(**{**evidence.golden["params"], **params}))
    rerun = Evidence(evidence.listing_id, evidence.variant, {"trace": trace}, evidence.fetch)
    return grows_every_step(rerun, path)


# --- chapter 8 accuracies -----------------------------------------------------------------

TRAIN_IMAGES = 1000
TEST_IMAGES = 10000


def _test_accuracy(evidence: Evidence) -> list[tuple[int, float]]:
    """(iteration, test accuracy) at each test evaluation."""
    return [
        (iteration, correct / TEST_IMAGES)
        for iteration, correct in zip(
            evidence.value("test_iteration"), evidence.value("test_correct"), strict=True
        )
    ]


def _train_accuracy(evidence: Evidence, iteration: int) -> float:
    return float(evidence.value("train_correct")[iteration] / TRAIN_IMAGES)


def _peak(evidence: Evidence) -> tuple[int, float]:
    return max(_test_accuracy(evidence), key=lambda point: point[1])


@predicate
def training_accuracy_reaches(evidence: Evidence, accuracy: float) -> bool:
    """Some iteration's training accuracy is at least ``accuracy``."""
    best: int = max(evidence.value("train_correct"))
    return best / TRAIN_IMAGES >= accuracy


@predicate
def test_accuracy_peaks_at(evidence: Evidence, iteration: int) -> bool:
    """The highest test accuracy is at the evaluation after ``iteration``."""
    return _peak(evidence)[0] == iteration


@predicate
def test_accuracy_peak_is(evidence: Evidence, percent: str) -> bool:
    """The highest test accuracy, in percent, rounds to ``percent``."""
    return numbers_agree(percent, [_peak(evidence)[1] * 100])


@predicate
def final_test_accuracy_is(evidence: Evidence, percent: str) -> bool:
    """The last test accuracy, in percent, rounds to ``percent``."""
    return numbers_agree(percent, [_test_accuracy(evidence)[-1][1] * 100])


@predicate
def test_peaks_then_falls_while_training_rises(evidence: Evidence, fall: float) -> bool:
    """After its peak, test accuracy ends at least ``fall`` lower, training accuracy higher."""
    peak_iteration, peak = _peak(evidence)
    last_iteration, last = _test_accuracy(evidence)[-1]
    train = _train_accuracy
    return (
        peak_iteration < last_iteration
        and last <= peak - fall
        and train(evidence, last_iteration) > train(evidence, peak_iteration)
    )


@predicate
def narrower_gap_than(evidence: Evidence, other: str, iteration: int) -> bool:
    """Training minus test accuracy after ``iteration`` is smaller than in ``other``."""

    def gap(subject: Evidence) -> float:
        test = dict(_test_accuracy(subject))[iteration]
        return _train_accuracy(subject, iteration) - test

    return gap(evidence) < gap(evidence.other(other))


@predicate
def trains_slower_than(evidence: Evidence, other: str, iteration: int) -> bool:
    """Training accuracy after ``iteration`` is below that of ``other``."""
    theirs = _train_accuracy(evidence.other(other), iteration)
    return _train_accuracy(evidence, iteration) < theirs


@predicate
def higher_test_peak_than(evidence: Evidence, other: str) -> bool:
    """The highest test accuracy is above the highest of ``other``."""
    return _peak(evidence)[1] > _peak(evidence.other(other))[1]


@predicate
def smoother_training_than(evidence: Evidence, other: str, from_iteration: int) -> bool:
    """From ``from_iteration``, training accuracy moves less between evaluations than ``other``'s.

    The moves are the absolute changes between the iterations that evaluate the test set
    (every 10th), the rows of the seed's tables.
    """

    def mean_move(subject: Evidence) -> float:
        rows = [i for i, _ in _test_accuracy(subject) if i >= from_iteration and i % 10 == 0]
        accuracies = [_train_accuracy(subject, i) for i in rows]
        return sum(abs(b - a) for a, b in itertools.pairwise(accuracies)) / (len(rows) - 1)

    return mean_move(evidence) < mean_move(evidence.other(other))


# --- loading and evaluating ---------------------------------------------------------------

_REQUIRED = {"id", "listing", "variants", "says", "seed_quote", "predicate", "verdict"}
_FIELDS = _REQUIRED | {"args", "cause"}


def load_claims(path: Path) -> list[Claim]:
    """Read the claims file; any problem is one ``ClaimsError`` line naming file and entry."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClaimsError(f"{path}: claims file is missing") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ClaimsError(f"{path}: cannot read claims ({type(error).__name__})") from None
    if not isinstance(document, dict) or not isinstance(document.get("claims"), list):
        raise ClaimsError(f"{path}: expected a mapping with a 'claims' list")
    claims: list[Claim] = []
    for index, entry in enumerate(document["claims"]):
        claims.append(_claim(entry, f"{path}: claims[{index}]"))
    ids = [claim.id for claim in claims]
    duplicated = sorted({name for name in ids if ids.count(name) > 1})
    if duplicated:
        raise ClaimsError(f"{path}: duplicate claim ids {duplicated}")
    return claims


def _claim(entry: Any, where: str) -> Claim:
    if not isinstance(entry, dict):
        raise ClaimsError(f"{where} is not a mapping")
    where = f"{where} ({entry.get('id', 'no id')})"
    unknown, missing = set(entry) - _FIELDS, _REQUIRED - set(entry)
    if unknown or missing:
        raise ClaimsError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    variants, args = entry["variants"], entry.get("args") or {}
    if (
        not isinstance(variants, list)
        or not variants
        or not all(isinstance(v, str) for v in variants)
    ):
        raise ClaimsError(f"{where}: variants must be a non-empty list of names")
    if not isinstance(args, dict):
        raise ClaimsError(f"{where}: args must be a mapping")
    if entry["verdict"] not in VERDICTS:
        raise ClaimsError(f"{where}: verdict must be one of {list(VERDICTS)}")
    if (entry["verdict"] == "fails") != bool(entry.get("cause")):
        raise ClaimsError(f"{where}: a cause is required exactly when the verdict is 'fails'")
    function = PREDICATES.get(entry["predicate"])
    if function is None:
        raise ClaimsError(f"{where}: unknown predicate {entry['predicate']!r}")
    try:
        inspect.signature(function).bind(None, **args)
    except TypeError as error:
        raise ClaimsError(f"{where}: bad args for {entry['predicate']}: {error}") from None
    return Claim(
        id=str(entry["id"]),
        listing=str(entry["listing"]),
        variants=tuple(variants),
        says=str(entry["says"]),
        seed_quote=str(entry["seed_quote"]),
        predicate=entry["predicate"],
        args=args,
        verdict=entry["verdict"],
        cause=str(entry.get("cause", "")),
    )


def evaluate(claim: Claim, evidence: Evidence) -> str:
    """The verdict the golden gives: ``holds`` or ``fails``."""
    return "holds" if PREDICATES[claim.predicate](evidence, **claim.args) else "fails"


def mismatches(claims: Sequence[Claim], fetch: FetchGolden) -> list[str]:
    """One line per claim and variant whose goldens no longer give the recorded verdict."""
    problems = []
    for claim in claims:
        for variant in claim.variants:
            evidence = Evidence(claim.listing, variant, fetch(claim.listing, variant), fetch)
            found = evaluate(claim, evidence)
            if found != claim.verdict:
                problems.append(
                    f"{claim.id} ({claim.listing}, {variant}): recorded {claim.verdict!r}, "
                    f"the goldens give {found!r}"
                )
    return problems


def claims_path() -> Path:
    return spec_root() / "claims.yml"


def claims_for(listing_id: str, variant: str | None = None) -> list[Claim]:
    """The claims about one listing (about one of its variants, when ``variant`` is given)."""
    return [
        claim
        for claim in load_claims(claims_path())
        if claim.listing == listing_id and (variant is None or variant in claim.variants)
    ]
