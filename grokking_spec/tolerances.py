"""How far each float field of each golden may drift, from measured drift and one rule.

``DRIFTS`` holds, for every golden (listing, variant) of chapters 3-8 and every trace field
with a float in it, the largest drift ``tools/measure_tolerances.py`` measured against the
golden: the reference under every OpenBLAS kernel numpy's OpenBLAS offers, and (chapters
3-7) the pure-Python arithmetic with its weighted sums added in shuffled orders and every
scalar ``** 2`` moved one ULP (another libm's ``pow``). The tool writes the table; this
module turns it into tolerances by one rule:

- ``rtol`` is ``MARGIN`` times the largest relative drift, and at least ``MARGIN`` ULPs
  relative (a field no model moved can still differ by one rounding of a scalar ``pow`` or
  of a fused multiply-add elsewhere); ``atol`` is 0.
- Where that ``rtol`` would reach ``SENSITIVITY`` (golden values that are cancellation
  residues, a few ULPs of the numbers they came from, move by 100% of themselves), the
  field gets ``atol`` = ``MARGIN`` times the largest absolute drift instead, and ``rtol``
  0. Such fields are listed by ``loose_fields()``: a change of one part in 1e9 is caught
  there only on values above ``atol / SENSITIVITY``.

Integer, boolean and string fields have no entry: they stay exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from grokking_spec.listing import Tolerance, UnknownName

TOOL = "tools/measure_tolerances.py"

#: How many times the largest measured drift a tolerance allows.
MARGIN = 8.0

#: One ULP relative to the value, at most: the drift of one differently rounded operation.
ONE_ULP = 2.0**-52

#: The largest relative change of a golden value that a tolerance may let pass.
SENSITIVITY = 1e-9


class Drift(NamedTuple):
    """The largest drift of one field over every run that measured it."""

    #: Largest ``|obtained - expected| / |expected|`` (inf: a golden zero moved).
    relative: float = 0.0
    #: Largest ``|obtained - expected|``.
    absolute: float = 0.0
    #: Largest ``|obtained - expected| / ulp(expected)``.
    ulps: float = 0.0
    #: The element with the most ULPs of drift, and the run that gave it ("" if none).
    where: str = ""
    by: str = ""
    #: The runs that measured the field.
    runs: str = ""


def tolerance(drift: Drift) -> Tolerance:
    """The rule (see the module docstring), with the figures behind it in ``measured``."""
    if drift.relative * MARGIN < SENSITIVITY:
        rtol = max(MARGIN * drift.relative, MARGIN * ONE_ULP)
        if drift.relative == 0.0:
            figure = f"no drift over {drift.runs}"
        else:
            figure = (
                f"largest drift relative {drift.relative:.2g} ({drift.ulps:.3g} ULP at "
                f"{drift.where}, {drift.by}) over {drift.runs}"
            )
        if MARGIN * drift.relative >= MARGIN * ONE_ULP:
            margin = f"rtol set to {MARGIN:g}x"
        else:
            margin = f"rtol set to the floor, {MARGIN:g} ULPs relative (a pow or fused product)"
        return Tolerance(rtol, 0.0, f"{TOOL}: {figure}; {margin}")
    figure = (
        f"largest drift absolute {drift.absolute:.2g} ({drift.by}; relative up to "
        f"{drift.relative:.2g} at {drift.where}: golden values near zero from cancellation) "
        f"over {drift.runs}"
    )
    return Tolerance(0.0, MARGIN * drift.absolute, f"{TOOL}: {figure}; atol set to {MARGIN:g}x")


def tolerances_for(listing_id: str, variant: str) -> Mapping[str, Tolerance]:
    """Every float field of that golden -> its tolerance (fields absent stay exact)."""
    try:
        fields = DRIFTS[(listing_id, variant)]
    except KeyError:
        raise UnknownName(f"no measured tolerances for {listing_id} {variant}") from None
    return {name: tolerance(drift) for name, drift in fields.items()}


def loose_fields() -> Iterator[tuple[str, str, str]]:
    """(listing, variant, field) of every tolerance that is absolute (see the docstring)."""
    for (listing_id, variant), fields in DRIFTS.items():
        for name, drift in fields.items():
            if not drift.relative * MARGIN < SENSITIVITY:
                yield listing_id, variant, name


# --- measured figures: written by tools/measure_tolerances.py --write-module ---
_RUNS_0 = "3 OpenBLAS kernels (Katmai, Sandybridge, SkylakeX)"
_RUNS_1 = "5 OpenBLAS kernels (Haswell, Katmai, Nehalem, Sandybridge, SkylakeX); 1-ULP pow model"
_RUNS_2 = (
    "5 OpenBLAS kernels (Haswell, Katmai, Nehalem, Sandybridge, SkylakeX); "
    "shuffled sums (5 seeds); "
    "1-ULP pow model"
)

DRIFTS: dict[tuple[str, str], dict[str, Drift]] = {
    ("ch03/single-weight", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
    },
    ("ch03/single-weight", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
    },
    ("ch03/multiple-inputs", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
    },
    ("ch03/multiple-inputs", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
    },
    ("ch03/multiple-inputs-numpy", "meap"): {
        "input": Drift(runs=_RUNS_1),
        "prediction": Drift(runs=_RUNS_1),
    },
    ("ch03/multiple-inputs-numpy", "published"): {
        "input": Drift(runs=_RUNS_1),
        "prediction": Drift(runs=_RUNS_1),
    },
    ("ch03/dot-product-similarity", "meap"): {
        "score": Drift(runs=_RUNS_2),
    },
    ("ch03/dot-product-similarity", "published"): {
        "score": Drift(runs=_RUNS_2),
    },
    ("ch03/multiple-outputs", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
    },
    ("ch03/multiple-outputs", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
    },
    ("ch03/multiple-inputs-outputs", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(
            2.02e-16, 1.12e-16, 1, "prediction[0]", "lists shuffled sums seed 1", _RUNS_2
        ),
    },
    ("ch03/multiple-inputs-outputs", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(
            2.02e-16, 1.12e-16, 1, "prediction[0]", "lists shuffled sums seed 1", _RUNS_2
        ),
    },
    ("ch03/predicting-on-predictions", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "hidden": Drift(1.9e-16, 5.61e-17, 1, "hidden[1]", "lists shuffled sums seed 2", _RUNS_2),
        "prediction": Drift(
            2.63e-16, 5.61e-17, 2, "prediction[0]", "lists shuffled sums seed 0", _RUNS_2
        ),
    },
    ("ch03/predicting-on-predictions", "published"): {
        "input": Drift(runs=_RUNS_2),
        "hidden": Drift(1.9e-16, 5.61e-17, 1, "hidden[1]", "lists shuffled sums seed 1", _RUNS_2),
        "prediction": Drift(
            2.63e-16, 5.61e-17, 2, "prediction[0]", "lists shuffled sums seed 2", _RUNS_2
        ),
    },
    ("ch03/predicting-on-predictions-numpy", "meap"): {
        "input": Drift(runs=_RUNS_1),
        "hidden": Drift(1.81e-16, 2.24e-16, 1, "hidden[2]", "OpenBLAS kernel Katmai", _RUNS_1),
        "prediction": Drift(
            2.63e-16, 5.61e-17, 2, "prediction[0]", "OpenBLAS kernel Katmai", _RUNS_1
        ),
    },
    ("ch03/predicting-on-predictions-numpy", "published"): {
        "input": Drift(runs=_RUNS_1),
        "hidden": Drift(1.81e-16, 2.24e-16, 1, "hidden[2]", "OpenBLAS kernel Katmai", _RUNS_1),
        "prediction": Drift(
            2.63e-16, 5.61e-17, 2, "prediction[0]", "OpenBLAS kernel Katmai", _RUNS_1
        ),
    },
    ("ch03/numpy-primer", "meap"): {
        "d": Drift(runs=_RUNS_1),
        "a_times_0_1": Drift(runs=_RUNS_1),
        "c_times_0_2": Drift(runs=_RUNS_1),
        "a_times_b_times_0_2": Drift(runs=_RUNS_1),
    },
    ("ch03/numpy-primer", "published"): {
        "d": Drift(runs=_RUNS_1),
        "a_times_0_1": Drift(runs=_RUNS_1),
        "c_times_0_2": Drift(runs=_RUNS_1),
        "a_times_b_times_0_2": Drift(runs=_RUNS_1),
    },
    ("ch04/error-measure", "meap"): {
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.84e-16, 5.61e-17, 1, "error", "reference pow+1ulp", _RUNS_2),
    },
    ("ch04/error-measure", "published"): {
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.84e-16, 5.61e-17, 1, "error", "reference pow+1ulp", _RUNS_2),
    },
    ("ch04/hot-cold-one-step", "meap"): {
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.56e-16, 3.47e-18, 1, "error", "reference pow+1ulp", _RUNS_2),
        "up_prediction": Drift(runs=_RUNS_2),
        "up_error": Drift(2.07e-16, 8.76e-19, 1, "up_error", "reference pow+1ulp", _RUNS_2),
        "down_prediction": Drift(runs=_RUNS_2),
        "down_error": Drift(1.26e-16, 6.94e-18, 1, "down_error", "reference pow+1ulp", _RUNS_2),
        "new_weight": Drift(runs=_RUNS_2),
        "new_prediction": Drift(runs=_RUNS_2),
        "new_error": Drift(2.07e-16, 8.76e-19, 1, "new_error", "reference pow+1ulp", _RUNS_2),
    },
    ("ch04/hot-cold-one-step", "published"): {
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.56e-16, 3.47e-18, 1, "error", "reference pow+1ulp", _RUNS_2),
        "up_prediction": Drift(runs=_RUNS_2),
        "up_error": Drift(2.07e-16, 8.76e-19, 1, "up_error", "reference pow+1ulp", _RUNS_2),
        "down_prediction": Drift(runs=_RUNS_2),
        "down_error": Drift(1.26e-16, 6.94e-18, 1, "down_error", "reference pow+1ulp", _RUNS_2),
        "new_weight": Drift(runs=_RUNS_2),
        "new_prediction": Drift(runs=_RUNS_2),
        "new_error": Drift(2.07e-16, 8.76e-19, 1, "new_error", "reference pow+1ulp", _RUNS_2),
    },
    ("ch04/hot-and-cold-learning", "meap"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.24e-16, 5.61e-17, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/hot-and-cold-learning", "published"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.24e-16, 5.61e-17, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/hot-and-cold-overshoot", "meap"): {
        "cases": Drift(2.24e-16, 3.59e-15, 1, "cases[0].error[0]", "reference pow+1ulp", _RUNS_2),
    },
    ("ch04/hot-and-cold-overshoot", "published"): {
        "cases": Drift(2.24e-16, 3.59e-15, 1, "cases[0].error[0]", "reference pow+1ulp", _RUNS_2),
    },
    ("ch04/direction-and-amount", "meap"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.04e-16, 5.61e-17, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/direction-and-amount", "published"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.04e-16, 5.61e-17, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/one-step-gradient-descent", "meap"): {
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.56e-16, 3.47e-18, 1, "error", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "new_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/one-step-gradient-descent", "published"): {
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.56e-16, 3.47e-18, 1, "error", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "new_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/learning-is-reducing-error", "meap"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.04e-16, 5.61e-17, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/learning-is-reducing-error", "published"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.75e-16, 1.12e-16, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/watch-several-steps", "meap"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.76e-16, 1.12e-16, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/watch-several-steps", "published"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.76e-16, 1.12e-16, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/breaking-gradient-descent", "meap"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.17e-16, 8.0, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/breaking-gradient-descent", "published"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.17e-16, 8.0, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/alpha", "meap"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.18e-16, 6.94e-18, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch04/alpha", "published"): {
        "weight": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.18e-16, 6.94e-18, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weight": Drift(runs=_RUNS_2),
    },
    ("ch05/multiple-inputs-one-step", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.79e-16, 3.47e-18, 1, "error", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_deltas": Drift(runs=_RUNS_2),
        "new_weights": Drift(runs=_RUNS_2),
    },
    ("ch05/multiple-inputs-one-step", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.79e-16, 3.47e-18, 1, "error", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_deltas": Drift(runs=_RUNS_2),
        "new_weights": Drift(runs=_RUNS_2),
    },
    ("ch05/multiple-inputs-three-steps", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "weights": Drift(runs=_RUNS_2),
        "prediction": Drift(
            1.13e-16, 1.12e-16, 1, "prediction[2]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "error": Drift(
            2.39e-14, 3.47e-18, 155, "error[2]", "lists shuffled sums seed 0 pow+1ulp", _RUNS_2
        ),
        "delta": Drift(1.2e-14, 1.12e-16, 64, "delta[2]", "lists shuffled sums seed 0", _RUNS_2),
        "weight_deltas": Drift(
            1.19e-14, 9.44e-16, 83, "weight_deltas[2][1]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "final_weights": Drift(
            1.2e-16, 1.39e-17, 1, "final_weights[0]", "lists shuffled sums seed 0", _RUNS_2
        ),
    },
    ("ch05/multiple-inputs-three-steps", "published"): {
        "input": Drift(runs=_RUNS_2),
        "weights": Drift(runs=_RUNS_2),
        "prediction": Drift(
            1.13e-16, 1.12e-16, 1, "prediction[2]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "error": Drift(
            2.39e-14, 3.47e-18, 155, "error[2]", "lists shuffled sums seed 0 pow+1ulp", _RUNS_2
        ),
        "delta": Drift(1.2e-14, 1.12e-16, 64, "delta[2]", "lists shuffled sums seed 0", _RUNS_2),
        "weight_deltas": Drift(
            1.19e-14, 9.44e-16, 83, "weight_deltas[2][1]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "final_weights": Drift(
            1.2e-16, 1.39e-17, 1, "final_weights[0]", "lists shuffled sums seed 0", _RUNS_2
        ),
    },
    ("ch05/freezing-one-weight", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "weights": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.79e-16, 3.47e-18, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_deltas": Drift(runs=_RUNS_2),
        "final_weights": Drift(runs=_RUNS_2),
    },
    ("ch05/freezing-one-weight", "published"): {
        "input": Drift(runs=_RUNS_2),
        "weights": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.79e-16, 3.47e-18, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_deltas": Drift(runs=_RUNS_2),
        "final_weights": Drift(runs=_RUNS_2),
    },
    ("ch05/multiple-outputs", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.22e-16, 1.12e-16, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_deltas": Drift(runs=_RUNS_2),
        "new_weights": Drift(runs=_RUNS_2),
    },
    ("ch05/multiple-outputs", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(1.94e-16, 1.12e-16, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_deltas": Drift(runs=_RUNS_2),
        "new_weights": Drift(runs=_RUNS_2),
    },
    ("ch05/multiple-inputs-outputs", "meap"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(
            2.02e-16, 1.12e-16, 1, "prediction[0]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "error": Drift(
            5.42e-16, 1.12e-16, 4, "error[0]", "lists shuffled sums seed 0 pow+1ulp", _RUNS_2
        ),
        "delta": Drift(2.46e-16, 1.12e-16, 2, "delta[0]", "lists shuffled sums seed 0", _RUNS_2),
        "weight_deltas": Drift(
            2.3e-16, 8.97e-16, 2, "weight_deltas[0][0]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "new_weights": Drift(
            1.14e-16, 6.94e-18, 1, "new_weights[0][0]", "lists shuffled sums seed 0", _RUNS_2
        ),
    },
    ("ch05/multiple-inputs-outputs", "published"): {
        "input": Drift(runs=_RUNS_2),
        "prediction": Drift(
            2.02e-16, 1.12e-16, 1, "prediction[0]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "error": Drift(
            5.42e-16, 1.12e-16, 4, "error[0]", "lists shuffled sums seed 0 pow+1ulp", _RUNS_2
        ),
        "delta": Drift(2.46e-16, 1.12e-16, 2, "delta[0]", "lists shuffled sums seed 0", _RUNS_2),
        "weight_deltas": Drift(
            2.3e-16, 8.97e-16, 2, "weight_deltas[0][0]", "lists shuffled sums seed 0", _RUNS_2
        ),
        "new_weights": Drift(
            1.14e-16, 6.94e-18, 1, "new_weights[0][0]", "lists shuffled sums seed 0", _RUNS_2
        ),
    },
    ("ch06/streetlight-one-example", "meap"): {
        "weights": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.14e-16, 6.94e-18, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weights": Drift(runs=_RUNS_2),
    },
    ("ch06/streetlight-one-example", "published"): {
        "weights": Drift(runs=_RUNS_2),
        "prediction": Drift(runs=_RUNS_2),
        "error": Drift(2.14e-16, 6.94e-18, 1, "error[0]", "reference pow+1ulp", _RUNS_2),
        "delta": Drift(runs=_RUNS_2),
        "weight_delta": Drift(runs=_RUNS_2),
        "final_weights": Drift(runs=_RUNS_2),
    },
    ("ch06/numpy-elementwise", "meap"): {
        "a_times_scalar": Drift(runs=_RUNS_2),
        "a_plus_scalar": Drift(runs=_RUNS_2),
    },
    ("ch06/numpy-elementwise", "published"): {
        "a_times_scalar": Drift(runs=_RUNS_2),
        "a_plus_scalar": Drift(runs=_RUNS_2),
    },
    ("ch06/streetlight-full-dataset", "meap"): {
        "error_for_all_lights": Drift(
            1.8e-14,
            4.49e-16,
            154,
            "error_for_all_lights[35]",
            "lists shuffled sums seed 1 pow+1ulp",
            _RUNS_2,
        ),
        "weights": Drift(
            6.37e-15, 2.24e-16, 45, "weights[32][5][2]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "prediction": Drift(
            5.68e-14, 2.24e-16, 384, "prediction[16][5]", "OpenBLAS kernel Katmai", _RUNS_2
        ),
        "error": Drift(
            1.52e-13, 2.24e-16, 768, "error[35][1]", "lists shuffled sums seed 1 pow+1ulp", _RUNS_2
        ),
        "delta": Drift(
            7.59e-14, 2.24e-16, 512, "delta[35][1]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "weight_delta": Drift(
            7.59e-14, 2.24e-16, 512, "weight_delta[35][1][1]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "final_weights": Drift(
            2e-15, 2.78e-17, 16, "final_weights[0]", "lists shuffled sums seed 1", _RUNS_2
        ),
    },
    ("ch06/streetlight-full-dataset", "published"): {
        "error_for_all_lights": Drift(
            1.8e-14,
            4.49e-16,
            154,
            "error_for_all_lights[35]",
            "lists shuffled sums seed 1 pow+1ulp",
            _RUNS_2,
        ),
        "weights": Drift(
            6.37e-15, 2.24e-16, 42, "weights[32][5][2]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "prediction": Drift(
            5.68e-14, 2.24e-16, 384, "prediction[16][5]", "OpenBLAS kernel Katmai", _RUNS_2
        ),
        "error": Drift(
            1.52e-13, 2.24e-16, 768, "error[35][1]", "lists shuffled sums seed 1 pow+1ulp", _RUNS_2
        ),
        "delta": Drift(
            7.59e-14, 2.24e-16, 512, "delta[35][1]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "weight_delta": Drift(
            7.59e-14, 2.24e-16, 512, "weight_delta[35][1][1]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "final_weights": Drift(
            1.14e-15, 1.75e-17, 9, "final_weights[0]", "lists shuffled sums seed 1", _RUNS_2
        ),
    },
    ("ch06/deep-forward", "meap"): {
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_1_before_relu": Drift(runs=_RUNS_2),
        "layer_1": Drift(runs=_RUNS_2),
        "layer_2": Drift(runs=_RUNS_2),
    },
    ("ch06/deep-forward", "published"): {
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_1_before_relu": Drift(runs=_RUNS_2),
        "layer_1": Drift(runs=_RUNS_2),
        "layer_2": Drift(runs=_RUNS_2),
    },
    ("ch06/backpropagation", "meap"): {
        "error": Drift(3.17e-14, 3.36e-16, 192, "error[58]", "lists shuffled sums seed 1", _RUNS_2),
        "weights_0_1": Drift(
            9.43e-15, 3.36e-16, 72, "weights_0_1[13][2][1]", "OpenBLAS kernel SkylakeX", _RUNS_2
        ),
        "weights_1_2": Drift(
            5.61e-16, 3.36e-16, 3, "weights_1_2[16][3][0]", "OpenBLAS kernel SkylakeX", _RUNS_2
        ),
        "layer_1": Drift(
            1.27e-11, 3.36e-16, 79872, "layer_1[46][3][0][3]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "layer_2": Drift(
            1.27e-11, 3.36e-16, 87762, "layer_2[46][3][0][0]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "layer_2_delta": Drift(
            1.27e-11,
            3.36e-16,
            87762,
            "layer_2_delta[46][3][0][0]",
            "lists shuffled sums seed 1",
            _RUNS_2,
        ),
        "layer_1_delta": Drift(
            1.27e-11,
            3.7e-16,
            96432,
            "layer_1_delta[46][3][0][3]",
            "lists shuffled sums seed 1",
            _RUNS_2,
        ),
        "final_weights_0_1": Drift(
            6.28e-15, 2.24e-16, 34, "final_weights_0_1[2][3]", "lists shuffled sums seed 1", _RUNS_2
        ),
        "final_weights_1_2": Drift(
            2e-16, 2.24e-16, 1, "final_weights_1_2[3][0]", "lists shuffled sums seed 1", _RUNS_2
        ),
    },
    ("ch06/backpropagation", "published"): {
        "error": Drift(3.17e-14, 3.36e-16, 192, "error[58]", "lists shuffled sums seed 2", _RUNS_2),
        "weights_0_1": Drift(
            9.43e-15, 3.36e-16, 72, "weights_0_1[13][2][1]", "OpenBLAS kernel SkylakeX", _RUNS_2
        ),
        "weights_1_2": Drift(
            5.61e-16, 3.36e-16, 3, "weights_1_2[16][3][0]", "OpenBLAS kernel SkylakeX", _RUNS_2
        ),
        "layer_1": Drift(
            1.27e-11, 3.36e-16, 79872, "layer_1[46][3][0][3]", "lists shuffled sums seed 2", _RUNS_2
        ),
        "layer_2": Drift(
            1.27e-11, 3.36e-16, 87762, "layer_2[46][3][0][0]", "lists shuffled sums seed 2", _RUNS_2
        ),
        "layer_2_delta": Drift(
            1.0,
            3.36e-16,
            4503599627370496,
            "layer_2_delta[47][0][0][0]",
            "lists shuffled sums seed 0",
            _RUNS_2,
        ),
        "layer_1_delta": Drift(
            1.0,
            3.7e-16,
            5132398252004462,
            "layer_1_delta[47][0][0][1]",
            "lists shuffled sums seed 0",
            _RUNS_2,
        ),
        "final_weights_0_1": Drift(
            6.28e-15, 2.24e-16, 34, "final_weights_0_1[2][3]", "lists shuffled sums seed 2", _RUNS_2
        ),
        "final_weights_1_2": Drift(
            2e-16, 2.24e-16, 1, "final_weights_1_2[3][0]", "lists shuffled sums seed 1", _RUNS_2
        ),
    },
    ("ch06/backpropagation", "meap-as-printed"): {
        "error": Drift(runs=_RUNS_2),
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_1": Drift(runs=_RUNS_2),
        "layer_2": Drift(
            1.52e-16, 2.78e-17, 1, "layer_2[0][2][0][0]", "OpenBLAS kernel SkylakeX", _RUNS_2
        ),
        "layer_2_delta": Drift(runs=_RUNS_2),
        "layer_1_delta": Drift(runs=_RUNS_2),
        "final_weights_0_1": Drift(runs=_RUNS_2),
        "final_weights_1_2": Drift(runs=_RUNS_2),
    },
    ("ch06/backprop-one-iteration", "meap"): {
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_1_before_relu": Drift(runs=_RUNS_2),
        "layer_1": Drift(runs=_RUNS_2),
        "layer_2": Drift(runs=_RUNS_2),
        "error": Drift(runs=_RUNS_2),
        "layer_2_delta": Drift(runs=_RUNS_2),
        "layer_1_delta": Drift(runs=_RUNS_2),
        "weight_delta_1_2": Drift(runs=_RUNS_2),
        "weight_delta_0_1": Drift(runs=_RUNS_2),
        "new_weights_1_2": Drift(runs=_RUNS_2),
        "new_weights_0_1": Drift(runs=_RUNS_2),
    },
    ("ch06/backprop-one-iteration", "published"): {
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_1_before_relu": Drift(runs=_RUNS_2),
        "layer_1": Drift(runs=_RUNS_2),
        "layer_2": Drift(runs=_RUNS_2),
        "error": Drift(runs=_RUNS_2),
        "layer_2_delta": Drift(runs=_RUNS_2),
        "layer_1_delta": Drift(runs=_RUNS_2),
        "weight_delta_1_2": Drift(runs=_RUNS_2),
        "weight_delta_0_1": Drift(runs=_RUNS_2),
        "new_weights_1_2": Drift(runs=_RUNS_2),
        "new_weights_0_1": Drift(runs=_RUNS_2),
    },
    ("ch07/forward-formula", "meap"): {
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_2": Drift(runs=_RUNS_2),
    },
    ("ch07/forward-formula", "published"): {
        "weights_0_1": Drift(runs=_RUNS_2),
        "weights_1_2": Drift(runs=_RUNS_2),
        "layer_2": Drift(runs=_RUNS_2),
    },
    ("ch08/three-layer-mnist", "meap"): {
        "train_error": Drift(
            1.01e-14, 1.34e-12, 70, "train_error[218]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "test_error": Drift(
            4.35e-15, 2.46e-11, 27, "test_error[24]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_0_1": Drift(
            4.66e-15,
            9.76e-13,
            34,
            "weights_0_1[29].sum_of_squares",
            "OpenBLAS kernel SkylakeX",
            _RUNS_0,
        ),
        "weights_1_2": Drift(
            3.28e-13, 4.71e-14, 2707, "weights_1_2[3].last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "final_weights_0_1": Drift(
            4.2e-15,
            9.38e-13,
            33,
            "final_weights_0_1.sum_of_squares",
            "OpenBLAS kernel SkylakeX",
            _RUNS_0,
        ),
        "final_weights_1_2": Drift(
            8.66e-14, 2.15e-14, 419, "final_weights_1_2.last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
    },
    ("ch08/three-layer-mnist", "published"): {
        "train_error": Drift(
            1.27e-14, 1.38e-12, 96, "train_error[348]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "test_error": Drift(
            2.02e-14, 1.31e-10, 144, "test_error[35]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_0_1": Drift(
            7.3e-15,
            1.41e-12,
            49,
            "weights_0_1[35].sum_of_squares",
            "OpenBLAS kernel SkylakeX",
            _RUNS_0,
        ),
        "weights_1_2": Drift(
            3.28e-13, 6.04e-14, 2707, "weights_1_2[3].last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "final_weights_0_1": Drift(
            7.3e-15,
            1.41e-12,
            49,
            "final_weights_0_1.sum_of_squares",
            "OpenBLAS kernel SkylakeX",
            _RUNS_0,
        ),
        "final_weights_1_2": Drift(
            8.51e-14, 6.04e-14, 755, "final_weights_1_2.last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
    },
    ("ch08/dropout", "meap"): {
        "train_error": Drift(
            6.46e-15, 1.99e-12, 35, "train_error[225]", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "test_error": Drift(
            3.08e-15, 1.23e-11, 27, "test_error[22]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_0_1": Drift(
            2.12e-15, 9.19e-12, 17, "weights_0_1[26].sum", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "weights_1_2": Drift(
            8.67e-12, 2.89e-14, 66528, "weights_1_2[9].first", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "final_weights_0_1": Drift(
            2.05e-15, 9.19e-12, 10, "final_weights_0_1.sum", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "final_weights_1_2": Drift(
            7.51e-14, 1.44e-14, 660, "final_weights_1_2.last", "OpenBLAS kernel Katmai", _RUNS_0
        ),
    },
    ("ch08/dropout", "published"): {
        "train_error": Drift(
            6.46e-15, 1.99e-12, 35, "train_error[225]", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "test_error": Drift(
            3.08e-15, 1.23e-11, 27, "test_error[22]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_0_1": Drift(
            2.12e-15, 9.19e-12, 17, "weights_0_1[26].sum", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "weights_1_2": Drift(
            8.67e-12, 2.89e-14, 66528, "weights_1_2[9].first", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "final_weights_0_1": Drift(
            2.05e-15, 9.19e-12, 10, "final_weights_0_1.sum", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "final_weights_1_2": Drift(
            7.51e-14, 1.44e-14, 660, "final_weights_1_2.last", "OpenBLAS kernel Katmai", _RUNS_0
        ),
    },
    ("ch08/batch-gradient-descent", "meap"): {
        "train_error": Drift(
            9.11e-16, 3.44e-13, 6, "train_error[270]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "test_error": Drift(
            6.44e-16, 2.73e-12, 3, "test_error[26]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_0_1": Drift(
            2.12e-16, 2.3e-13, 1, "weights_0_1[0].sum", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_1_2": Drift(
            3.73e-13, 6.22e-15, 2562, "weights_1_2[11].last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "final_weights_0_1": Drift(
            2.02e-16, 2.3e-13, 1, "final_weights_0_1.sum", "OpenBLAS kernel Katmai", _RUNS_0
        ),
        "final_weights_1_2": Drift(
            1.24e-14, 7.11e-15, 70, "final_weights_1_2.last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
    },
    ("ch08/batch-gradient-descent", "published"): {
        "train_error": Drift(
            7.01e-15, 2.73e-12, 48, "train_error[287]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "test_error": Drift(
            5.54e-15, 2.39e-11, 26, "test_error[26]", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
        "weights_0_1": Drift(
            2.41e-15, 2.96e-12, 20, "weights_0_1[21].sum", "OpenBLAS kernel Sandybridge", _RUNS_0
        ),
        "weights_1_2": Drift(
            2.62e-12, 6.46e-14, 20756, "weights_1_2[9].last", "OpenBLAS kernel Sandybridge", _RUNS_0
        ),
        "final_weights_0_1": Drift(
            2.49e-15, 3.22e-12, 14, "final_weights_0_1.sum", "OpenBLAS kernel Sandybridge", _RUNS_0
        ),
        "final_weights_1_2": Drift(
            2.56e-13, 6e-14, 1796, "final_weights_1_2.last", "OpenBLAS kernel SkylakeX", _RUNS_0
        ),
    },
}
