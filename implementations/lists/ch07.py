"""Chapter 7 with lists: the forward pass as one expression, ``relu(l0 W0) W1``."""

from __future__ import annotations

from collections.abc import Sequence

from grokking_spec.porting.legacy_random import LegacyRandomState

from .ch06 import relu, uniform_weights
from .vector_math import vect_dot_mat

Trace = dict[str, object]


def forward_formula(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    random = LegacyRandomState(seed)
    weights_0_1 = uniform_weights(random, 3, hidden_size)
    weights_1_2 = uniform_weights(random, hidden_size, 1)
    layer_0 = list(streetlights[row])
    layer_2 = vect_dot_mat(relu(vect_dot_mat(layer_0, weights_0_1)), weights_1_2)
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": layer_0,
        "layer_2": layer_2,
    }
