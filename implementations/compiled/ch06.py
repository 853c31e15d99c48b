"""Chapter 6 compiled: the streetlight network and backpropagation, loops in numba.

Each kernel does the book's arithmetic one multiply-add at a time, in the order numpy's
BLAS does it for these small shapes (a weighted sum added left to right from 0.0), so the
traces match the reference bit for bit, signed zeros included. The seeded weights are drawn
in Python with numpy's legacy generator, as the book's ``np.random.seed`` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .jit import kernel

F64Array = npt.NDArray[np.float64]
I64Array = npt.NDArray[np.int64]
Trace = dict[str, Any]

#: The exponent of the book's ``error = (goal_prediction - prediction) ** 2``.
SQUARE = 2.0


@kernel
def _weighted_sum(a: F64Array, b: F64Array) -> float:
    """``a.dot(b)`` of two vectors: from 0.0, left to right."""
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i] * b[i]
    return total


@kernel
def _elementwise(
    a: I64Array, b: I64Array, scalar: float
) -> tuple[I64Array, I64Array, F64Array, F64Array]:
    n = a.shape[0]
    times, plus = np.empty(n, np.int64), np.empty(n, np.int64)
    times_scalar, plus_scalar = np.empty(n), np.empty(n)
    for i in range(n):
        times[i] = a[i] * b[i]
        plus[i] = a[i] + b[i]
        times_scalar[i] = a[i] * scalar
        plus_scalar[i] = a[i] + scalar
    return times, plus, times_scalar, plus_scalar


@kernel
def _descend(
    weights: F64Array,
    lights: F64Array,
    goals: F64Array,
    rows: I64Array,
    alpha: float,
    iterations: int,
    square: float,
) -> tuple[F64Array, F64Array, F64Array, F64Array, F64Array, F64Array, F64Array]:
    """Gradient descent over ``rows`` in turn, every step recorded.

    The book squares the error of a numpy scalar with ``** 2``, which calls C's ``pow``;
    that is not always ``x * x`` (one ulp apart at 0.0298...). ``square`` is the exponent
    2.0, passed in because a constant one would let LLVM fold ``pow`` into a product.

    Returns the weights each step starts from ``[k, r, :]``, the prediction, error and
    delta ``[k, r]``, the weight delta ``[k, r, :]``, each iteration's summed error, and
    the final weights.
    """
    n_rows, n_weights = rows.shape[0], weights.shape[0]
    current = weights.copy()
    seen = np.empty((iterations, n_rows, n_weights))
    weight_deltas = np.empty((iterations, n_rows, n_weights))
    predictions = np.empty((iterations, n_rows))
    errors = np.empty((iterations, n_rows))
    deltas = np.empty((iterations, n_rows))
    totals = np.empty(iterations)
    for k in range(iterations):
        total = 0.0
        for r in range(n_rows):
            row = rows[r]
            seen[k, r, :] = current
            prediction = _weighted_sum(lights[row], current)
            error = math.pow(goals[row] - prediction, square)
            total += error
            delta = prediction - goals[row]
            for i in range(n_weights):
                weight_deltas[k, r, i] = lights[row, i] * delta
            for i in range(n_weights):
                current[i] = current[i] - alpha * weight_deltas[k, r, i]
            predictions[k, r], errors[k, r], deltas[k, r] = prediction, error, delta
        totals[k] = total
    return seen, predictions, errors, deltas, weight_deltas, totals, current


@kernel
def _relu(x: float) -> float:
    """``(x > 0) * x``: a bool times a float, so a negative x gives -0.0."""
    return (1.0 if x > 0 else 0.0) * x


@kernel
def _forward(
    layer_0: F64Array,
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    before_relu: F64Array,
    layer_1: F64Array,
) -> float:
    """Fills the hidden layer before and after relu; returns ``layer_2``'s single value."""
    for j in range(weights_0_1.shape[1]):
        before_relu[j] = _weighted_sum(layer_0, weights_0_1[:, j])
        layer_1[j] = _relu(before_relu[j])
    return _weighted_sum(layer_1, weights_1_2[:, 0])


@kernel
def _backpropagate(
    layer_0: F64Array,
    layer_1: F64Array,
    layer_2: float,
    goal: float,
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    alpha: float,
    layer_1_delta: F64Array,
    weight_delta_1_2: F64Array,
    weight_delta_0_1: F64Array,
) -> float:
    """Both deltas and weight deltas, then both updates in place (``-=``).

    Fills the hidden delta and the weight deltas; returns the output delta. A product of
    a column by a row is a one-term sum, started from 0.0 like any other.
    """
    layer_2_delta = layer_2 - goal
    for j in range(layer_1.shape[0]):
        back = 0.0 + layer_2_delta * weights_1_2[j, 0]
        layer_1_delta[j] = back * (1.0 if layer_1[j] > 0 else 0.0)
        weight_delta_1_2[j] = 0.0 + layer_1[j] * layer_2_delta
    for i in range(layer_0.shape[0]):
        for j in range(layer_1.shape[0]):
            weight_delta_0_1[i, j] = 0.0 + layer_0[i] * layer_1_delta[j]
    for j in range(layer_1.shape[0]):
        weights_1_2[j, 0] -= alpha * weight_delta_1_2[j]
    for i in range(layer_0.shape[0]):
        for j in range(layer_1.shape[0]):
            weights_0_1[i, j] -= alpha * weight_delta_0_1[i, j]
    return layer_2_delta


@kernel
def _train(
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    lights: F64Array,
    goals: F64Array,
    alpha: float,
    iterations: int,
    per_example: bool,
) -> tuple[F64Array, F64Array, F64Array, F64Array, F64Array, F64Array, F64Array]:
    """Backpropagation, updating the weights in place.

    Returns per iteration the summed error and the weights it starts from, and per example
    ``[k, i]`` the hidden layer, the output and both deltas. Without ``per_example`` the
    deltas are computed once per iteration, after the example loop, from the last example,
    and stored at ``[k, 0]``.
    """
    n, hidden = lights.shape[0], weights_0_1.shape[1]
    errors = np.empty(iterations)
    seen_0_1 = np.empty((iterations, weights_0_1.shape[0], hidden))
    seen_1_2 = np.empty((iterations, hidden, weights_1_2.shape[1]))
    layers_1 = np.empty((iterations, n, hidden))
    layers_2 = np.empty((iterations, n))
    deltas_2 = np.empty((iterations, n))
    deltas_1 = np.empty((iterations, n, hidden))
    before_relu = np.empty(hidden)
    weight_delta_1_2 = np.empty(hidden)
    weight_delta_0_1 = np.empty(weights_0_1.shape)
    for k in range(iterations):
        seen_0_1[k] = weights_0_1
        seen_1_2[k] = weights_1_2
        error = 0.0
        last = 0
        for i in range(n):
            layer_1 = layers_1[k, i]
            layers_2[k, i] = _forward(lights[i], weights_0_1, weights_1_2, before_relu, layer_1)
            difference = layers_2[k, i] - goals[i]
            error += difference * difference
            if per_example:
                deltas_2[k, i] = _backpropagate(
                    lights[i], layer_1, layers_2[k, i], goals[i], weights_0_1, weights_1_2,
                    alpha, deltas_1[k, i], weight_delta_1_2, weight_delta_0_1,
                )  # fmt: skip
            last = i
        if not per_example:
            deltas_2[k, 0] = _backpropagate(
                lights[last], layers_1[k, last], layers_2[k, last], goals[last], weights_0_1,
                weights_1_2, alpha, deltas_1[k, 0], weight_delta_1_2, weight_delta_0_1,
            )  # fmt: skip
        errors[k] = error
    return errors, seen_0_1, seen_1_2, layers_1, layers_2, deltas_2, deltas_1


def _initial_weights(seed: int, hidden_size: int, inputs: int = 3) -> tuple[F64Array, F64Array]:
    """``2 * np.random.random(shape) - 1`` for each matrix, after seeding, in Python."""
    random = np.random.RandomState(seed)
    weights_0_1 = 2 * random.random_sample((inputs, hidden_size)) - 1
    weights_1_2 = 2 * random.random_sample((hidden_size, 1)) - 1
    return weights_0_1, weights_1_2


def _floats(rows: Sequence[Sequence[int]]) -> F64Array:
    return np.array(rows, dtype=np.float64)


def streetlight_one_example(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    row: int,
    iterations: int,
) -> Trace:
    seen, predictions, errors, deltas, weight_deltas, _, final = _descend(
        np.array(weights, dtype=np.float64),
        _floats(streetlights),
        np.array(walk_vs_stop, dtype=np.float64),
        np.array([row], dtype=np.int64),
        alpha,
        iterations,
        SQUARE,
    )
    return {
        "input": list(streetlights[row]),
        "goal_prediction": walk_vs_stop[row],
        "weights": seen[:, 0].tolist(),
        "prediction": predictions[:, 0].tolist(),
        "error": errors[:, 0].tolist(),
        "delta": deltas[:, 0].tolist(),
        "weight_delta": weight_deltas[:, 0].tolist(),
        "final_weights": final.tolist(),
    }


def numpy_elementwise(a: Sequence[int], b: Sequence[int], scalar: float) -> Trace:
    times, plus, times_scalar, plus_scalar = _elementwise(
        np.array(a, dtype=np.int64), np.array(b, dtype=np.int64), scalar
    )
    return {
        "a_times_b": times.tolist(),
        "a_plus_b": plus.tolist(),
        "a_times_scalar": times_scalar.tolist(),
        "a_plus_scalar": plus_scalar.tolist(),
    }


def streetlight_full_dataset(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    iterations: int,
) -> Trace:
    seen, predictions, errors, deltas, weight_deltas, totals, final = _descend(
        np.array(weights, dtype=np.float64),
        _floats(streetlights),
        np.array(walk_vs_stop, dtype=np.float64),
        np.arange(len(walk_vs_stop), dtype=np.int64),
        alpha,
        iterations,
        SQUARE,
    )
    return {
        "error_for_all_lights": totals.tolist(),
        "weights": seen.tolist(),
        "prediction": predictions.tolist(),
        "error": errors.tolist(),
        "delta": deltas.tolist(),
        "weight_delta": weight_deltas.tolist(),
        "final_weights": final.tolist(),
    }


def deep_forward(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    weights_0_1, weights_1_2 = _initial_weights(seed, hidden_size)
    before_relu, layer_1 = np.empty(hidden_size), np.empty(hidden_size)
    layer_2 = _forward(_floats(streetlights)[row], weights_0_1, weights_1_2, before_relu, layer_1)
    return {
        "weights_0_1": weights_0_1.tolist(),
        "weights_1_2": weights_1_2.tolist(),
        "layer_0": list(streetlights[row]),
        "layer_1_before_relu": before_relu.tolist(),
        "layer_1": layer_1.tolist(),
        "layer_2": [layer_2],
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
    weights_0_1, weights_1_2 = _initial_weights(seed, hidden_size)
    errors, seen_0_1, seen_1_2, layers_1, layers_2, deltas_2, deltas_1 = _train(
        weights_0_1,
        weights_1_2,
        _floats(streetlights),
        np.array(walk_vs_stop, dtype=np.float64),
        alpha,
        iterations,
        updates_per_example,
    )
    # The book's shapes: a 1xN row per example, a 1x1 output and output delta.
    if updates_per_example:
        delta_2, delta_1 = deltas_2[:, :, None, None], deltas_1[:, :, None, :]
    else:
        delta_2, delta_1 = deltas_2[:, 0, None, None], deltas_1[:, 0, None, :]
    return {
        "error": errors.tolist(),
        "weights_0_1": seen_0_1.tolist(),
        "weights_1_2": seen_1_2.tolist(),
        "layer_1": layers_1[:, :, None, :].tolist(),
        "layer_2": layers_2[:, :, None, None].tolist(),
        "layer_2_delta": delta_2.tolist(),
        "layer_1_delta": delta_1.tolist(),
        "final_weights_0_1": weights_0_1.tolist(),
        "final_weights_1_2": weights_1_2.tolist(),
    }


def backprop_one_iteration(
    seed: int,
    hidden_size: int,
    alpha: float,
    lights: Sequence[Sequence[int]],
    walk_stop: Sequence[int],
    row: int,
) -> Trace:
    weights_0_1, weights_1_2 = _initial_weights(seed, hidden_size)
    initial_0_1, initial_1_2 = weights_0_1.tolist(), weights_1_2.tolist()
    layer_0 = _floats(lights)[row]
    goal = float(walk_stop[row])
    before_relu, layer_1 = np.empty(hidden_size), np.empty(hidden_size)
    layer_2 = _forward(layer_0, weights_0_1, weights_1_2, before_relu, layer_1)
    layer_1_delta, weight_delta_1_2 = np.empty(hidden_size), np.empty(hidden_size)
    weight_delta_0_1 = np.empty(weights_0_1.shape)
    layer_2_delta = _backpropagate(
        layer_0, layer_1, layer_2, goal, weights_0_1, weights_1_2, alpha,
        layer_1_delta, weight_delta_1_2, weight_delta_0_1,
    )  # fmt: skip
    difference = layer_2 - goal
    return {
        "weights_0_1": initial_0_1,
        "weights_1_2": initial_1_2,
        "layer_0": [list(lights[row])],
        "layer_1_before_relu": [before_relu.tolist()],
        "layer_1": [layer_1.tolist()],
        "layer_2": [[layer_2]],
        "error": [[difference * difference]],
        "layer_2_delta": [[layer_2_delta]],
        "layer_1_delta": [layer_1_delta.tolist()],
        "weight_delta_1_2": weight_delta_1_2[:, None].tolist(),
        "weight_delta_0_1": weight_delta_0_1.tolist(),
        "new_weights_1_2": weights_1_2.tolist(),
        "new_weights_0_1": weights_0_1.tolist(),
    }
