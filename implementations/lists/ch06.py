"""Chapter 6 with lists: the book's numpy listings, one float operation at a time.

A numpy array becomes a list (a 1xN row stays ``[[...]]``), ``.dot`` becomes weighted
sums added left to right from 0 (so, like numpy's, a dot product never gives -0.0), and
the seeded weights come from the pure-Python copy of numpy's legacy random stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from grokking_spec.porting.legacy_random import LegacyRandomState

from .vector_math import ele_mul, transpose, vect_dot_mat, w_sum

Trace = dict[str, object]
Matrix = list[list[float]]


def relu(x: Sequence[float]) -> list[float]:
    # False * x is -0.0 for a negative x, exactly like numpy's bool-times-float.
    return [(value > 0) * value for value in x]


def relu2deriv(output: Sequence[float]) -> list[bool]:
    return [value > 0 for value in output]


def dot(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> Matrix:
    """numpy's 2-D ``a.dot(b)``."""
    return [vect_dot_mat(row, b) for row in a]


def _minus(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> Matrix:
    return [[x - y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)]


def _step(weights: Matrix, alpha: float, weight_delta: Sequence[Sequence[float]]) -> Matrix:
    """``weights -= alpha * weight_delta``."""
    return [
        [w - alpha * d for w, d in zip(rw, rd, strict=True)]
        for rw, rd in zip(weights, weight_delta, strict=True)
    ]


def uniform_weights(random: LegacyRandomState, rows: int, columns: int) -> Matrix:
    """``2*np.random.random((rows, columns)) - 1``."""
    drawn = cast(Matrix, random.random((rows, columns)))
    return [[2 * value - 1 for value in row] for row in drawn]


def streetlight_one_example(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    row: int,
    iterations: int,
) -> Trace:
    input = list(streetlights[row])
    goal_prediction = walk_vs_stop[row]
    current = list(weights)
    names = ("weights", "prediction", "error", "delta", "weight_delta")
    history: dict[str, list[object]] = {name: [] for name in names}
    for _iteration in range(iterations):
        prediction = w_sum(input, current)
        # A numpy float64 scalar's ** calls C pow, as Python's float ** does.
        error = (goal_prediction - prediction) ** 2
        delta = prediction - goal_prediction
        weight_delta = ele_mul(delta, input)
        values = (current, prediction, error, delta, weight_delta)
        for name, value in zip(names, values, strict=True):
            history[name].append(value)
        current = [w - (alpha * d) for w, d in zip(current, weight_delta, strict=True)]
    return {
        "input": input,
        "goal_prediction": goal_prediction,
        **history,
        "final_weights": current,
    }


def numpy_elementwise(a: Sequence[int], b: Sequence[int], scalar: float) -> Trace:
    return {
        "a_times_b": [x * y for x, y in zip(a, b, strict=True)],
        "a_plus_b": [x + y for x, y in zip(a, b, strict=True)],
        "a_times_scalar": [x * scalar for x in a],
        "a_plus_scalar": [x + scalar for x in a],
    }


def streetlight_full_dataset(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    iterations: int,
) -> Trace:
    current = list(weights)
    names = ("weights", "prediction", "error", "delta", "weight_delta")
    history: dict[str, list[object]] = {name: [] for name in names}
    errors_for_all_lights = []
    for _iteration in range(iterations):
        error_for_all_lights: float = 0
        steps: dict[str, list[object]] = {name: [] for name in names}
        for row_index in range(len(walk_vs_stop)):
            input = streetlights[row_index]
            goal_prediction = walk_vs_stop[row_index]
            prediction = w_sum(input, current)
            error = (goal_prediction - prediction) ** 2
            error_for_all_lights += error
            delta = prediction - goal_prediction
            weight_delta = ele_mul(delta, input)
            values = (current, prediction, error, delta, weight_delta)
            for name, value in zip(names, values, strict=True):
                steps[name].append(value)
            current = [w - (alpha * d) for w, d in zip(current, weight_delta, strict=True)]
        errors_for_all_lights.append(error_for_all_lights)
        for name in names:
            history[name].append(steps[name])
    return {
        "error_for_all_lights": errors_for_all_lights,
        **history,
        "final_weights": current,
    }


def deep_forward(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    random = LegacyRandomState(seed)
    weights_0_1 = uniform_weights(random, 3, hidden_size)
    weights_1_2 = uniform_weights(random, hidden_size, 1)
    layer_0 = list(streetlights[row])
    layer_1_before_relu = vect_dot_mat(layer_0, weights_0_1)
    layer_1 = relu(layer_1_before_relu)
    layer_2 = vect_dot_mat(layer_1, weights_1_2)
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": layer_0,
        "layer_1_before_relu": layer_1_before_relu,
        "layer_1": layer_1,
        "layer_2": layer_2,
    }


class _Network:
    """The two weight matrices of the three-layer network, updated by backpropagation."""

    def __init__(self, seed: int, hidden_size: int) -> None:
        random = LegacyRandomState(seed)
        self.weights_0_1 = uniform_weights(random, 3, hidden_size)
        self.weights_1_2 = uniform_weights(random, hidden_size, 1)

    def forward(self, layer_0: Sequence[Sequence[float]]) -> tuple[Matrix, Matrix]:
        layer_1 = [relu(row) for row in dot(layer_0, self.weights_0_1)]
        return layer_1, dot(layer_1, self.weights_1_2)

    def backpropagate(
        self,
        alpha: float,
        layer_0: Sequence[Sequence[float]],
        layer_1: Matrix,
        layer_2: Matrix,
        goal: Sequence[Sequence[float]],
    ) -> dict[str, Matrix]:
        """Deltas and weight deltas, then both updates (``-=``); returns what it computed."""
        layer_2_delta = _minus(layer_2, goal)
        back = dot(layer_2_delta, transpose(self.weights_1_2))
        layer_1_delta = [
            [d * m for d, m in zip(rd, relu2deriv(r1), strict=True)]
            for rd, r1 in zip(back, layer_1, strict=True)
        ]
        weight_delta_1_2 = dot(transpose(layer_1), layer_2_delta)
        weight_delta_0_1 = dot(transpose(layer_0), layer_1_delta)
        self.weights_1_2 = _step(self.weights_1_2, alpha, weight_delta_1_2)
        self.weights_0_1 = _step(self.weights_0_1, alpha, weight_delta_0_1)
        return {
            "layer_2_delta": layer_2_delta,
            "layer_1_delta": layer_1_delta,
            "weight_delta_1_2": weight_delta_1_2,
            "weight_delta_0_1": weight_delta_0_1,
        }


def backpropagation(
    seed: int,
    hidden_size: int,
    alpha: float,
    iterations: int,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    updates_per_example: bool,
) -> Trace:
    network = _Network(seed, hidden_size)
    goals = transpose([walk_vs_stop])
    per_example = ("layer_1", "layer_2", "layer_2_delta", "layer_1_delta")
    history: dict[str, list[object]] = {
        name: [] for name in ("error", "weights_0_1", "weights_1_2", *per_example)
    }
    for _iteration in range(iterations):
        history["weights_0_1"].append(network.weights_0_1)
        history["weights_1_2"].append(network.weights_1_2)
        layer_2_error: float = 0
        steps: dict[str, list[object]] = {name: [] for name in per_example}
        for i in range(len(streetlights)):
            layer_0 = streetlights[i : i + 1]
            layer_1, layer_2 = network.forward(layer_0)
            difference = layer_2[0][0] - goals[i][0]
            # numpy's array ** 2 multiplies (np.square); Python's ** would call C pow.
            layer_2_error += difference * difference
            steps["layer_1"].append(layer_1)
            steps["layer_2"].append(layer_2)
            if updates_per_example:
                deltas = network.backpropagate(alpha, layer_0, layer_1, layer_2, goals[i : i + 1])
                steps["layer_2_delta"].append(deltas["layer_2_delta"])
                steps["layer_1_delta"].append(deltas["layer_1_delta"])
        history["error"].append(layer_2_error)
        if updates_per_example:
            for name in ("layer_2_delta", "layer_1_delta"):
                history[name].append(steps[name])
        else:
            # As printed: once per iteration, with the last example's layers.
            deltas = network.backpropagate(alpha, layer_0, layer_1, layer_2, goals[i : i + 1])
            history["layer_2_delta"].append(deltas["layer_2_delta"])
            history["layer_1_delta"].append(deltas["layer_1_delta"])
        history["layer_1"].append(steps["layer_1"])
        history["layer_2"].append(steps["layer_2"])
    return {
        **history,
        "final_weights_0_1": network.weights_0_1,
        "final_weights_1_2": network.weights_1_2,
    }


def backprop_one_iteration(
    seed: int,
    hidden_size: int,
    alpha: float,
    lights: Sequence[Sequence[int]],
    walk_stop: Sequence[int],
    row: int,
) -> Trace:
    network = _Network(seed, hidden_size)
    goal = transpose([walk_stop])[row : row + 1]
    layer_0 = lights[row : row + 1]
    layer_1_before_relu = dot(layer_0, network.weights_0_1)
    layer_1 = [relu(r) for r in layer_1_before_relu]
    layer_2 = dot(layer_1, network.weights_1_2)
    error = [
        [(p - g) * (p - g) for p, g in zip(rp, rg, strict=True)]
        for rp, rg in zip(layer_2, goal, strict=True)
    ]
    weights_0_1, weights_1_2 = network.weights_0_1, network.weights_1_2
    record = network.backpropagate(alpha, layer_0, layer_1, layer_2, goal)
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": [list(r) for r in layer_0],
        "layer_1_before_relu": layer_1_before_relu,
        "layer_1": layer_1,
        "layer_2": layer_2,
        "error": error,
        "layer_2_delta": record["layer_2_delta"],
        "layer_1_delta": record["layer_1_delta"],
        "weight_delta_1_2": record["weight_delta_1_2"],
        "weight_delta_0_1": record["weight_delta_0_1"],
        "new_weights_1_2": network.weights_1_2,
        "new_weights_0_1": network.weights_0_1,
    }
