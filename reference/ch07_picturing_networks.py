"""Chapter 7, picturing neural networks: forward propagation as one formula.

``l2 = relu(l0 W0) W1`` written as the single numpy expression the chapter prints, on
the seeded network of chapter 6's first deep forward pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from grokking_spec.listing import Trace

from .ch06_backpropagation import (
    DEEP_STREETLIGHTS,
    initial_weights,
    relu,
    single_blas_thread,
)


@single_blas_thread
def forward_formula(
    seed: int = 1,
    hidden_size: int = 4,
    streetlights: Sequence[Sequence[int]] = DEEP_STREETLIGHTS,
    row: int = 0,
) -> Trace:
    """The whole forward pass in one expression; no intermediate layer is named."""
    weights_0_1, weights_1_2 = initial_weights(seed, hidden_size)
    layer_0 = np.array(streetlights)[row]
    layer_2 = relu(layer_0.dot(weights_0_1)).dot(weights_1_2)
    return {
        "weights_0_1": weights_0_1.tolist(),
        "weights_1_2": weights_1_2.tolist(),
        "layer_0": layer_0.tolist(),
        "layer_2": layer_2.tolist(),
    }
