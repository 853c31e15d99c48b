"""Chapter 7, forward propagation as one formula: chapter 6's seeded network, every
streetlight in one batch, ``relu(l0 W0) W1`` as the network's single forward call."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .ch06 import deep_network, weights_of

Trace = dict[str, object]


def forward_formula(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    network = deep_network(seed, hidden_size)
    weights_0_1, weights_1_2 = weights_of(network)
    layer_2 = network.forward(np.asarray(streetlights, dtype=np.float64))
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": np.asarray(streetlights)[row],
        "layer_2": layer_2[row],
    }
