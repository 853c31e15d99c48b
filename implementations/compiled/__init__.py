"""Chapters 6 and 8 compiled with numba (``pip install grokking-spec[compiled]``).

The book's loops in nopython mode, one multiply-add at a time; chapter 8 sums over the lit
pixels of each image only (see ``sparse_images``). Seeded weights and dropout masks are drawn
in Python from numpy's legacy generator, in the book's order, and passed to the kernels.

Without numba the package still imports: the implementation then covers no listing, so the
harness skips every cell instead of failing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grokking_spec import Implementation

INSTALL_HINT = "pip install grokking-spec[compiled]"


def _listings() -> dict[str, Callable[..., Any]]:
    from . import ch06, ch08

    return {
        "ch06/streetlight-one-example": ch06.streetlight_one_example,
        "ch06/numpy-elementwise": ch06.numpy_elementwise,
        "ch06/streetlight-full-dataset": ch06.streetlight_full_dataset,
        "ch06/deep-forward": ch06.deep_forward,
        "ch06/backpropagation": ch06.backpropagation,
        "ch06/backprop-one-iteration": ch06.backprop_one_iteration,
        "ch08/three-layer-mnist": ch08.three_layer_mnist,
        "ch08/dropout": ch08.dropout,
        "ch08/batch-gradient-descent": ch08.batch_gradient_descent,
    }


try:
    # Imported here, not lazily: a numba that cannot load (say, built for another numpy)
    # raises ImportError too, and then every listing is skipped rather than failed.
    import numba  # noqa: F401
except ImportError as error:
    implementation = Implementation(
        name="compiled",
        description=f"numba is not available ({error}): {INSTALL_HINT} (every listing skipped)",
        level="tolerance",
        listings={},
    )
else:
    implementation = Implementation(
        name="compiled",
        description="chapters 6 and 8 compiled with numba; chapter 8 sums over lit pixels only",
        level="tolerance",
        listings=_listings(),
    )
