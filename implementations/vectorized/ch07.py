"""Chapter 7, picturing neural networks: the forward pass as the one formula relu(l0 W0) W1."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .ch06 import relu, seeded_weights

Trace = dict[str, object]


def forward_formula(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    """Chapter 6's seeded network, its forward pass in one expression."""
    weights_0_1, weights_1_2 = seeded_weights(seed, hidden_size)
    layer_0 = np.asarray(streetlights)[row]
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": layer_0,
        "layer_2": relu(layer_0 @ weights_0_1) @ weights_1_2,
    }
