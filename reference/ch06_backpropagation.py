"""Chapter 6, the streetlight problem and backpropagation: numpy, as the book writes it.

Arrays in a trace keep the shape the book gives them (``streetlights[i:i+1]`` is a 1x3
row, ``weights_1_2`` a 4x1 column). Loops record the weights each step (for
backpropagation, each iteration) starts from, every example's prediction and deltas, and
the final weights, so a comparison names the first step where an implementation drifts.

BLAS runs on one thread: a threaded reduction could split a sum differently from run to
run. Seeded weights come from ``RandomState(seed)``, the same stream as the book's
``np.random.seed(seed)`` without touching numpy's global state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from grokking_spec.listing import Trace

STREETLIGHTS = ((1, 0, 1), (0, 1, 1), (0, 0, 1), (1, 1, 1), (0, 1, 1), (1, 0, 1))
WALK_VS_STOP = (0, 1, 0, 1, 1, 0)
#: The four-row dataset of the deep network, where no single light correlates with walking.
DEEP_STREETLIGHTS = ((1, 0, 1), (0, 1, 1), (0, 0, 1), (1, 1, 1))
DEEP_WALK_VS_STOP = (1, 1, 0, 0)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def single_blas_thread(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with BLAS pinned to one thread, for repeatable sums."""

    @wraps(function)
    def pinned(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with threadpool_limits(limits=1):
            return function(*args, **kwargs)

    return pinned


def relu(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The book's relu: a bool mask times x (so a negative x gives -0.0)."""
    mask: NDArray[np.bool_] = x > 0
    return mask * x


def relu2deriv(output: NDArray[np.float64]) -> NDArray[np.bool_]:
    return output > 0


def initial_weights(
    seed: int, hidden_size: int, inputs: int = 3
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``weights_0_1`` then ``weights_1_2``, each ``2*random - 1`` after seeding."""
    random = np.random.RandomState(seed)
    weights_0_1 = 2 * random.random_sample((inputs, hidden_size)) - 1
    weights_1_2 = 2 * random.random_sample((hidden_size, 1)) - 1
    return weights_0_1, weights_1_2


@single_blas_thread
def streetlight_one_example(
    weights: Sequence[float] = (0.5, 0.48, -0.7),
    alpha: float = 0.1,
    streetlights: Sequence[Sequence[int]] = STREETLIGHTS,
    walk_vs_stop: Sequence[int] = WALK_VS_STOP,
    row: int = 0,
    iterations: int = 20,
) -> Trace:
    """Gradient descent on the first streetlight only."""
    current = np.array(weights)
    input = np.array(streetlights)[row]
    goal_prediction = np.array(walk_vs_stop)[row]
    history: dict[str, list[Any]] = {
        name: [] for name in ("weights", "prediction", "error", "delta", "weight_delta")
    }
    for _ in range(iterations):
        prediction = input.dot(current)
        error = (goal_prediction - prediction) ** 2
        delta = prediction - goal_prediction
        weight_delta = input * delta
        for name, value in (
            ("weights", current.tolist()),
            ("prediction", float(prediction)),
            ("error", float(error)),
            ("delta", float(delta)),
            ("weight_delta", weight_delta.tolist()),
        ):
            history[name].append(value)
        current = current - (alpha * weight_delta)
    return {
        "input": input.tolist(),
        "goal_prediction": int(goal_prediction),
        **history,
        "final_weights": current.tolist(),
    }


def numpy_elementwise(
    a: Sequence[int] = (0, 1, 2, 1), b: Sequence[int] = (2, 2, 2, 3), scalar: float = 0.5
) -> Trace:
    """Elementwise vector-vector and vector-scalar arithmetic."""
    left, right = np.array(a), np.array(b)
    return {
        "a_times_b": (left * right).tolist(),
        "a_plus_b": (left + right).tolist(),
        "a_times_scalar": (left * scalar).tolist(),
        "a_plus_scalar": (left + scalar).tolist(),
    }


@single_blas_thread
def streetlight_full_dataset(
    weights: Sequence[float] = (0.5, 0.48, -0.7),
    alpha: float = 0.1,
    streetlights: Sequence[Sequence[int]] = STREETLIGHTS,
    walk_vs_stop: Sequence[int] = WALK_VS_STOP,
    iterations: int = 40,
) -> Trace:
    """Stochastic gradient descent: one update per streetlight, every streetlight in turn.

    Per iteration ``[k]`` and row ``[k][r]``: the weights the step starts from, the
    prediction, its squared error, delta and weight delta.
    """
    current = np.array(weights)
    lights, goals = np.array(streetlights), np.array(walk_vs_stop)
    names = ("weights", "prediction", "error", "delta", "weight_delta")
    history: dict[str, list[Any]] = {name: [] for name in names}
    errors_for_all_lights = []
    for _ in range(iterations):
        error_for_all_lights = 0
        steps: dict[str, list[Any]] = {name: [] for name in names}
        for row_index in range(len(goals)):
            input = lights[row_index]
            goal_prediction = goals[row_index]
            prediction = input.dot(current)
            error = (goal_prediction - prediction) ** 2
            error_for_all_lights += error
            delta = prediction - goal_prediction
            weight_delta = input * delta
            for name, value in zip(
                names,
                (
                    current.tolist(),
                    float(prediction),
                    float(error),
                    float(delta),
                    weight_delta.tolist(),
                ),
                strict=True,
            ):
                steps[name].append(value)
            current = current - (alpha * weight_delta)
        errors_for_all_lights.append(float(error_for_all_lights))
        for name in names:
            history[name].append(steps[name])
    return {
        "error_for_all_lights": errors_for_all_lights,
        **history,
        "final_weights": current.tolist(),
    }


@single_blas_thread
def deep_forward(
    seed: int = 1,
    hidden_size: int = 4,
    streetlights: Sequence[Sequence[int]] = DEEP_STREETLIGHTS,
    row: int = 0,
) -> Trace:
    """One forward pass of the seeded three-layer network (relu hidden layer)."""
    weights_0_1, weights_1_2 = initial_weights(seed, hidden_size)
    layer_0 = np.array(streetlights)[row]
    layer_1_before_relu = np.dot(layer_0, weights_0_1)
    layer_1 = relu(layer_1_before_relu)
    layer_2 = np.dot(layer_1, weights_1_2)
    return {
        "weights_0_1": weights_0_1.tolist(),
        "weights_1_2": weights_1_2.tolist(),
        "layer_0": layer_0.tolist(),
        "layer_1_before_relu": layer_1_before_relu.tolist(),
        "layer_1": layer_1.tolist(),
        "layer_2": layer_2.tolist(),
    }


def _backpropagate(
    weights_0_1: NDArray[np.float64],
    weights_1_2: NDArray[np.float64],
    alpha: float,
    layer_0: NDArray[Any],
    layer_1: NDArray[np.float64],
    layer_2: NDArray[np.float64],
    goal: NDArray[Any],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Both deltas, then both updates in place (the book's ``-=``); returns the deltas."""
    layer_2_delta = layer_2 - goal
    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
    weights_1_2 -= alpha * layer_1.T.dot(layer_2_delta)
    weights_0_1 -= alpha * layer_0.T.dot(layer_1_delta)
    return layer_2_delta, layer_1_delta


@single_blas_thread
def backpropagation(
    seed: int = 1,
    hidden_size: int = 4,
    alpha: float = 0.2,
    iterations: int = 60,
    streetlights: Sequence[Sequence[int]] = DEEP_STREETLIGHTS,
    walk_vs_stop: Sequence[int] = DEEP_WALK_VS_STOP,
    updates_per_example: bool = True,
) -> Trace:
    """Train the three-layer network by backpropagation.

    ``updates_per_example``: the update follows every example (what the book's output
    shows); False runs "Putting it all together" as printed, where the deltas and the
    two updates sit after the example loop and so use only the last example of each
    iteration.

    The trace keeps the weights each iteration starts from, and per example ``[k][i]``
    the layers and (updating per example) the deltas, or the deltas once per iteration
    ``[k]``. Weight deltas are left out: each entry is one product of recorded values
    (``layer_1.T.dot(layer_2_delta)``, and ``layer_0.T.dot(layer_1_delta)`` with 0/1
    inputs), so the layers, deltas and weights already locate the first drifting step.
    """
    weights_0_1, weights_1_2 = initial_weights(seed, hidden_size)
    lights = np.array(streetlights)
    goals = np.array([walk_vs_stop]).T
    per_example = ("layer_1", "layer_2", "layer_2_delta", "layer_1_delta")
    history: dict[str, list[Any]] = {
        name: [] for name in ("error", "weights_0_1", "weights_1_2", *per_example)
    }
    for _ in range(iterations):
        history["weights_0_1"].append(weights_0_1.tolist())
        history["weights_1_2"].append(weights_1_2.tolist())
        layer_2_error = 0
        steps: dict[str, list[Any]] = {name: [] for name in per_example}
        for i in range(len(lights)):
            layer_0 = lights[i : i + 1]
            layer_1 = relu(np.dot(layer_0, weights_0_1))
            layer_2 = np.dot(layer_1, weights_1_2)
            layer_2_error += np.sum((layer_2 - goals[i : i + 1]) ** 2)
            steps["layer_1"].append(layer_1.tolist())
            steps["layer_2"].append(layer_2.tolist())
            if updates_per_example:
                deltas = _backpropagate(
                    weights_0_1, weights_1_2, alpha, layer_0, layer_1, layer_2, goals[i : i + 1]
                )
                steps["layer_2_delta"].append(deltas[0].tolist())
                steps["layer_1_delta"].append(deltas[1].tolist())
        if not updates_per_example:
            deltas = _backpropagate(
                weights_0_1, weights_1_2, alpha, layer_0, layer_1, layer_2, goals[i : i + 1]
            )
            steps["layer_2_delta"] = deltas[0].tolist()
            steps["layer_1_delta"] = deltas[1].tolist()
        history["error"].append(float(layer_2_error))
        for name, values in steps.items():
            history[name].append(values)
    return {
        **history,
        "final_weights_0_1": weights_0_1.tolist(),
        "final_weights_1_2": weights_1_2.tolist(),
    }


@single_blas_thread
def backprop_one_iteration(
    seed: int = 1,
    hidden_size: int = 3,
    alpha: float = 0.2,
    lights: Sequence[Sequence[int]] = DEEP_STREETLIGHTS,
    walk_stop: Sequence[int] = DEEP_WALK_VS_STOP,
    row: int = 0,
) -> Trace:
    """One backpropagation step on one streetlight, every intermediate kept.

    The meap text gives the code of steps 1-2 only (steps 3-4 are figures); the deltas,
    weight deltas and updates here are the published code's, the same arithmetic as the
    60-iteration listing.
    """
    weights_0_1, weights_1_2 = initial_weights(seed, hidden_size)
    goals = np.array([walk_stop]).T
    layer_0 = np.array(lights)[row : row + 1]
    layer_1_before_relu = np.dot(layer_0, weights_0_1)
    layer_1 = relu(layer_1_before_relu)
    layer_2 = np.dot(layer_1, weights_1_2)
    error = (layer_2 - goals[row : row + 1]) ** 2
    layer_2_delta = layer_2 - goals[row : row + 1]
    layer_1_delta = layer_2_delta.dot(weights_1_2.T)
    layer_1_delta *= relu2deriv(layer_1)
    weight_delta_1_2 = layer_1.T.dot(layer_2_delta)
    weight_delta_0_1 = layer_0.T.dot(layer_1_delta)
    return {
        "weights_0_1": weights_0_1.tolist(),
        "weights_1_2": weights_1_2.tolist(),
        "layer_0": layer_0.tolist(),
        "layer_1_before_relu": layer_1_before_relu.tolist(),
        "layer_1": layer_1.tolist(),
        "layer_2": layer_2.tolist(),
        "error": error.tolist(),
        "layer_2_delta": layer_2_delta.tolist(),
        "layer_1_delta": layer_1_delta.tolist(),
        "weight_delta_1_2": weight_delta_1_2.tolist(),
        "weight_delta_0_1": weight_delta_0_1.tolist(),
        "new_weights_1_2": (weights_1_2 - alpha * weight_delta_1_2).tolist(),
        "new_weights_0_1": (weights_0_1 - alpha * weight_delta_0_1).tolist(),
    }
