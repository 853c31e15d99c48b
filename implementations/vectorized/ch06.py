"""Chapter 6, the streetlight problem and backpropagation, with vectors and outer products.

The book already writes this chapter in numpy, with every example as a 1xN matrix. Here an
example is a plain vector: the forward pass is a vector-matrix product, the backward pass a
matrix-vector product, and each weight delta an ``np.outer`` of a layer and a delta. The
trace reshapes back to the book's 1xN rows. Updates still follow every example in the
book's order (stochastic gradient descent); where the book's code updates only once per
iteration (``updates_per_example=False``), the forward pass of the whole dataset is one
matrix product per layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Trace = dict[str, object]
F64Array = npt.NDArray[np.float64]


def relu(x: F64Array) -> F64Array:
    """The book's relu, a mask times x: a negative x becomes -0.0."""
    return (x > 0) * x


def relu_slope(output: F64Array) -> npt.NDArray[np.bool_]:
    return output > 0


def seeded_weights(seed: int, hidden_size: int, inputs: int = 3) -> tuple[F64Array, F64Array]:
    """Both weight matrices, in the book's draw order: ``2 * random - 1`` after seeding."""
    random = np.random.RandomState(seed)
    weights_0_1 = 2 * random.random_sample((inputs, hidden_size)) - 1
    weights_1_2 = 2 * random.random_sample((hidden_size, 1)) - 1
    return weights_0_1, weights_1_2


def _as_row(vector: npt.NDArray[Any]) -> list[Any]:
    """A vector as the book's 1xN matrix."""
    return [vector.tolist()]


def streetlight_one_example(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    row: int,
    iterations: int,
) -> Trace:
    """Gradient descent on one streetlight, repeated."""
    input = np.asarray(streetlights)[row]
    goal_prediction = np.asarray(walk_vs_stop)[row]
    current = np.asarray(weights, dtype=np.float64)
    names = ("weights", "prediction", "error", "delta", "weight_delta")
    history: dict[str, list[Any]] = {name: [] for name in names}
    for _ in range(iterations):
        prediction = input.dot(current)
        delta = prediction - goal_prediction
        weight_delta = input * delta
        values = (current.tolist(), float(prediction), float(delta**2), float(delta))
        for name, value in zip(names, (*values, weight_delta.tolist()), strict=True):
            history[name].append(value)
        current = current - alpha * weight_delta
    return {
        "input": input,
        "goal_prediction": goal_prediction.item(),
        **history,
        "final_weights": current,
    }


def numpy_elementwise(a: Sequence[int], b: Sequence[int], scalar: float) -> Trace:
    """Vector-vector and vector-scalar arithmetic, element by element."""
    left, right = np.asarray(a), np.asarray(b)
    return {
        "a_times_b": left * right,
        "a_plus_b": left + right,
        "a_times_scalar": left * scalar,
        "a_plus_scalar": left + scalar,
    }


def streetlight_full_dataset(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    iterations: int,
) -> Trace:
    """Stochastic gradient descent: one update per streetlight, in order, every iteration.

    Per iteration ``[k]`` and light ``[k][r]``: the weights the step starts from, the
    prediction, its squared error, delta and weight delta.
    """
    lights = np.asarray(streetlights)
    goals = np.asarray(walk_vs_stop)
    current = np.asarray(weights, dtype=np.float64)
    names = ("weights", "prediction", "error", "delta", "weight_delta")
    history: dict[str, list[Any]] = {name: [] for name in names}
    totals = []
    for _ in range(iterations):
        starts = np.empty((len(lights), len(current)))
        predictions = np.empty(len(lights))
        for r, (input, goal) in enumerate(zip(lights, goals, strict=True)):
            starts[r] = current
            predictions[r] = input.dot(current)
            current = current - alpha * (input * (predictions[r] - goal))
        # Every per-light record follows from the weights and predictions kept above.
        deltas = predictions - goals
        errors = deltas**2
        totals.append(float(np.sum(errors)))
        for name, value in zip(
            names, (starts, predictions, errors, deltas, lights * deltas[:, None]), strict=True
        ):
            history[name].append(value.tolist())
    return {"error_for_all_lights": totals, **history, "final_weights": current}


def deep_forward(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    """One forward pass of the seeded three-layer network."""
    weights_0_1, weights_1_2 = seeded_weights(seed, hidden_size)
    layer_0 = np.asarray(streetlights)[row]
    layer_1_before_relu = layer_0 @ weights_0_1
    layer_1 = relu(layer_1_before_relu)
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": layer_0,
        "layer_1_before_relu": layer_1_before_relu,
        "layer_1": layer_1,
        "layer_2": layer_1 @ weights_1_2,
    }


def _learn_from(
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    alpha: float,
    layer_0: npt.NDArray[Any],
    layer_1: F64Array,
    layer_2: F64Array,
    goal: npt.NDArray[Any],
) -> tuple[F64Array, F64Array]:
    """Both deltas of one example, then both updates in place; returns the deltas."""
    layer_2_delta = layer_2 - goal
    layer_1_delta = (weights_1_2 @ layer_2_delta) * relu_slope(layer_1)
    weights_1_2 -= alpha * np.outer(layer_1, layer_2_delta)
    weights_0_1 -= alpha * np.outer(layer_0, layer_1_delta)
    return layer_2_delta, layer_1_delta


def backpropagation(
    seed: int,
    hidden_size: int,
    alpha: float,
    iterations: int,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    updates_per_example: bool,
) -> Trace:
    """Train the three-layer network by backpropagation.

    ``updates_per_example``: update after every example (what the book's output shows).
    False is the code as the meap prints it: the deltas and updates sit after the example
    loop, so once per iteration, from the last example only; the weights then stay fixed
    through an iteration, and its forward pass is one matrix product per layer.

    Per iteration ``[k]``: the error and the weights it starts from; per example
    ``[k][i]``: the layers and (updating per example) the deltas, otherwise the deltas
    once per iteration.
    """
    weights_0_1, weights_1_2 = seeded_weights(seed, hidden_size)
    lights = np.asarray(streetlights)
    goals = np.asarray(walk_vs_stop)[:, None]
    names = ("layer_1", "layer_2", "layer_2_delta", "layer_1_delta")
    history: dict[str, list[Any]] = {
        name: [] for name in ("error", "weights_0_1", "weights_1_2", *names)
    }
    for _ in range(iterations):
        history["weights_0_1"].append(weights_0_1.tolist())
        history["weights_1_2"].append(weights_1_2.tolist())
        if updates_per_example:
            steps: dict[str, list[Any]] = {name: [] for name in names}
            errors = []
            for layer_0, goal in zip(lights, goals, strict=True):
                layer_1 = relu(layer_0 @ weights_0_1)
                layer_2 = layer_1 @ weights_1_2
                errors.append(np.sum((layer_2 - goal) ** 2))
                steps["layer_1"].append(_as_row(layer_1))
                steps["layer_2"].append(_as_row(layer_2))
                deltas = _learn_from(
                    weights_0_1, weights_1_2, alpha, layer_0, layer_1, layer_2, goal
                )
                steps["layer_2_delta"].append(_as_row(deltas[0]))
                steps["layer_1_delta"].append(_as_row(deltas[1]))
            error = float(np.sum(errors))
        else:
            layers_1 = relu(lights @ weights_0_1)
            layers_2 = layers_1 @ weights_1_2
            error = float(np.sum((layers_2 - goals) ** 2))
            deltas = _learn_from(
                weights_0_1, weights_1_2, alpha, lights[-1], layers_1[-1], layers_2[-1], goals[-1]
            )
            steps = {
                "layer_1": [_as_row(layer) for layer in layers_1],
                "layer_2": [_as_row(layer) for layer in layers_2],
                "layer_2_delta": _as_row(deltas[0]),
                "layer_1_delta": _as_row(deltas[1]),
            }
        history["error"].append(error)
        for name, values in steps.items():
            history[name].append(values)
    return {**history, "final_weights_0_1": weights_0_1, "final_weights_1_2": weights_1_2}


def backprop_one_iteration(
    seed: int,
    hidden_size: int,
    alpha: float,
    lights: Sequence[Sequence[int]],
    walk_stop: Sequence[int],
    row: int,
) -> Trace:
    """One backpropagation step on one streetlight, every intermediate value kept."""
    weights_0_1, weights_1_2 = seeded_weights(seed, hidden_size)
    layer_0 = np.asarray(lights)[row]
    goal = np.asarray(walk_stop)[row : row + 1]
    layer_1_before_relu = layer_0 @ weights_0_1
    layer_1 = relu(layer_1_before_relu)
    layer_2 = layer_1 @ weights_1_2
    layer_2_delta = layer_2 - goal
    layer_1_delta = (weights_1_2 @ layer_2_delta) * relu_slope(layer_1)
    weight_delta_1_2 = np.outer(layer_1, layer_2_delta)
    weight_delta_0_1 = np.outer(layer_0, layer_1_delta)
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": _as_row(layer_0),
        "layer_1_before_relu": _as_row(layer_1_before_relu),
        "layer_1": _as_row(layer_1),
        "layer_2": _as_row(layer_2),
        "error": _as_row(layer_2_delta**2),
        "layer_2_delta": _as_row(layer_2_delta),
        "layer_1_delta": _as_row(layer_1_delta),
        "weight_delta_1_2": weight_delta_1_2,
        "weight_delta_0_1": weight_delta_0_1,
        "new_weights_1_2": weights_1_2 - alpha * weight_delta_1_2,
        "new_weights_0_1": weights_0_1 - alpha * weight_delta_0_1,
    }
