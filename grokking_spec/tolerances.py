"""Where every golden's tolerances come from: ``tolerances_for(listing_id, variant)``.

``golden.compare_policy`` asks this module, and nothing else, for the tolerance of each
trace field; a field without one is compared exactly.

Provisional content: the measured tolerances of chapter 8 (all six variants) as they were
before the catalog was split from them; every other listing is exact. Chapters 3-7 are
exact by measurement: lists matches the reference bit for bit (signed zeros too) on every
chapter 5-7 listing with numpy 2.4.6 (OpenBLAS 0.3.31) and numpy 1.26.4 (OpenBLAS 0.3.23),
under the Haswell, Zen, SkylakeX, Cooperlake, Sandybridge and Nehalem kernels
(OPENBLAS_CORETYPE), and both numpy versions write byte-identical goldens. Only OpenBLAS's
pre-AVX kernels (Prescott, Core2, Barcelona) sum the 1-D dot of the row [1, 1, 1] in
another order: ch06/streetlight-full-dataset then moves by up to 2.2e-16 (1.1e-13
relative), which no tolerance here covers.
"""

from __future__ import annotations

from collections.abc import Mapping

from grokking_spec.listing import Tolerance


def _measured(field: str, lists: str, evaluation: str = "") -> str:
    """The ``measured`` text of a tolerance: the drifts behind it, and the margin."""
    return (
        f"tools/ch08_drift.py, largest {field} drift: numpy 1.26.4 against 2.4.6 over whole "
        "runs of all six variants, none (bit-identical); "
        + (
            f"matrix-product test evaluation against the book's per-image loop, {evaluation}; "
            if evaluation
            else ""
        )
        + f"lists against the reference over the first iteration, {lists}. "
        "Set to about ten times the largest, for BLAS kernels not measured here."
    )


#: Counts (``train_correct``, ``test_correct``) stay exact: they agreed in every comparison
#: ``_measured`` names, and the smallest gap between the two largest outputs of a test
#: image, 7.2e-08, is eight orders above the drift; the exact ties (from I:70 of dropout)
#: are images whose hidden layer is all zero, whose outputs are exact zeros in any
#: arithmetic.
_WEIGHTS_0_1 = Tolerance(
    5e-15, 1e-13, _measured("weights_0_1", "relative 4.6e-16, absolute 7.1e-15")
)
_WEIGHTS_1_2 = Tolerance(
    5e-15, 1e-15, _measured("weights_1_2", "relative 4.3e-16, absolute 4.4e-16")
)
_CH08: dict[str, Tolerance] = {
    "train_error": Tolerance(5e-15, 0.0, _measured("train_error", "relative 3.5e-16")),
    "test_error": Tolerance(
        5e-15, 0.0, _measured("test_error", "relative 2.8e-16", "relative 4.1e-16")
    ),
    "weights_0_1": _WEIGHTS_0_1,
    "weights_1_2": _WEIGHTS_1_2,
    "final_weights_0_1": _WEIGHTS_0_1,
    "final_weights_1_2": _WEIGHTS_1_2,
}


def tolerances_for(listing_id: str, variant: str) -> Mapping[str, Tolerance]:
    """Trace field -> its tolerance, for that golden; fields absent are exact."""
    return _CH08 if listing_id.startswith("ch08/") else {}
