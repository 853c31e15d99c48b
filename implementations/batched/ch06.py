"""Chapter 6, the streetlights and backpropagation, through the engine with batch size 1.

The single-layer listings are one ``Dense(3, 1)`` layer trained per example (an iteration
of the book is an epoch over the examples). The deep listings are
``Dense(3, hidden) -> ReLU -> Dense(hidden, 1)`` from ``RandomState(seed)``: the forward
pass ``deep-forward`` runs every streetlight as one batch and reads off the listing's row;
``backpropagation`` trains per example, and its ``meap-as-printed`` variant
(``updates_per_example`` False) is the engine's ``update_after_loop``: one update per
epoch from the last example's forward pass.

Layers and deltas keep the batch axis, so one example's ``layer_1`` is a ``(1, hidden)``
row, as the book's ``streetlights[i:i+1]`` gives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .engine import (
    Array,
    Dense,
    EpochSummary,
    GradientDescent,
    ReLU,
    Sequential,
    Step,
    fit,
    uniform_weights,
)

Trace = dict[str, object]


def deep_network(seed: int, hidden_size: int, inputs: int = 3) -> Sequential:
    """The seeded three-layer network: weights ``2 * random - 1``, input side drawn first."""
    random = np.random.RandomState(seed)
    weights_0_1 = uniform_weights(random, (inputs, hidden_size), 2, 1)
    weights_1_2 = uniform_weights(random, (hidden_size, 1), 2, 1)
    return Sequential([Dense(weights_0_1), ReLU(">"), Dense(weights_1_2)])


def weights_of(network: Sequential) -> list[Array]:
    return [layer.weights.value for layer in network.dense_layers()]


#: The trace's names of the two weight matrices, input side first.
NAMES = ("weights_0_1", "weights_1_2")


def _as_floats(rows: Sequence[Sequence[int]] | npt.NDArray[np.int_]) -> Array:
    return np.asarray(rows, dtype=np.float64)


def _single_layer_steps(
    weights: Sequence[float],
    alpha: float,
    inputs: Array,
    goals: Array,
    iterations: int,
) -> tuple[Dense, list[list[dict[str, Any]]], list[float]]:
    """Per epoch, per example: weights before the step, prediction, error, deltas."""
    layer = Dense(np.asarray(weights, dtype=np.float64)[:, np.newaxis])
    network = Sequential([layer])
    epochs: list[list[dict[str, Any]]] = []
    totals: list[float] = []

    def record(step: Step) -> None:
        if step.batch == 0:
            epochs.append([])
        assert layer.weights.grad is not None
        epochs[-1].append(
            {
                "weights": layer.weights.value[:, 0].tolist(),
                "prediction": step.prediction[0, 0],
                "error": step.error,
                "delta": network.output_gradients[-1][0, 0],
                "weight_delta": layer.weights.grad[:, 0].tolist(),
            }
        )

    def summarise(summary: EpochSummary) -> None:
        totals.append(summary.error)

    fit(
        network,
        GradientDescent(alpha),
        inputs,
        goals[:, np.newaxis],
        batch_size=1,
        epochs=iterations,
        on_step=record,
        on_epoch=summarise,
    )
    return layer, epochs, totals


_STEP_FIELDS = ("weights", "prediction", "error", "delta", "weight_delta")


def streetlight_one_example(
    weights: Sequence[float],
    alpha: float,
    streetlights: Sequence[Sequence[int]],
    walk_vs_stop: Sequence[int],
    row: int,
    iterations: int,
) -> Trace:
    lights, goals = np.asarray(streetlights), np.asarray(walk_vs_stop)
    layer, epochs, _ = _single_layer_steps(
        weights, alpha, _as_floats(lights[row : row + 1]), goals[row : row + 1], iterations
    )
    return {
        "input": lights[row],
        "goal_prediction": goals[row],
        **{name: [steps[0][name] for steps in epochs] for name in _STEP_FIELDS},
        "final_weights": layer.weights.value[:, 0],
    }


def numpy_elementwise(a: Sequence[int], b: Sequence[int], scalar: float) -> Trace:
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
    goals = np.asarray(walk_vs_stop, dtype=np.float64)
    layer, epochs, totals = _single_layer_steps(
        weights, alpha, _as_floats(streetlights), goals, iterations
    )
    return {
        "error_for_all_lights": totals,
        **{name: [[step[name] for step in steps] for steps in epochs] for name in _STEP_FIELDS},
        "final_weights": layer.weights.value[:, 0],
    }


def deep_forward(
    seed: int, hidden_size: int, streetlights: Sequence[Sequence[int]], row: int
) -> Trace:
    network = deep_network(seed, hidden_size)
    weights_0_1, weights_1_2 = (w.copy() for w in weights_of(network))
    network.forward(_as_floats(streetlights))
    layer_1_before_relu, layer_1, layer_2 = network.activations
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": np.asarray(streetlights)[row],
        "layer_1_before_relu": layer_1_before_relu[row],
        "layer_1": layer_1[row],
        "layer_2": layer_2[row],
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
    network = deep_network(seed, hidden_size)
    history: dict[str, list[Any]] = {
        name: []
        for name in (
            "error",
            "weights_0_1",
            "weights_1_2",
            "layer_1",
            "layer_2",
            "layer_2_delta",
            "layer_1_delta",
        )
    }
    per_epoch: dict[str, list[Any]] = {}

    def forwarded(step: Step) -> None:
        if step.batch == 0:
            per_epoch.clear()
            per_epoch.update(layer_1=[], layer_2=[], layer_2_delta=[], layer_1_delta=[])
            for name, weights in zip(NAMES, weights_of(network), strict=True):
                history[name].append(weights.tolist())
        _, layer_1, layer_2 = network.activations
        per_epoch["layer_1"].append(layer_1.tolist())
        per_epoch["layer_2"].append(layer_2.tolist())

    def stepped(step: Step) -> None:
        layer_1_delta, _, layer_2_delta = network.output_gradients
        per_epoch["layer_2_delta"].append(layer_2_delta.tolist())
        per_epoch["layer_1_delta"].append(layer_1_delta.tolist())

    def summarise(summary: EpochSummary) -> None:
        history["error"].append(summary.error)
        for name, values in per_epoch.items():
            # As printed, the deltas exist once per epoch, not once per example.
            once = not updates_per_example and name.endswith("_delta")
            history[name].append(values[0] if once else values)

    fit(
        network,
        GradientDescent(alpha),
        _as_floats(streetlights),
        np.asarray(walk_vs_stop, dtype=np.float64)[:, np.newaxis],
        batch_size=1,
        epochs=iterations,
        on_forward=forwarded,
        on_step=stepped,
        on_epoch=summarise,
        update_after_loop=not updates_per_example,
    )
    final_0_1, final_1_2 = weights_of(network)
    return {**history, "final_weights_0_1": final_0_1, "final_weights_1_2": final_1_2}


def backprop_one_iteration(
    seed: int,
    hidden_size: int,
    alpha: float,
    lights: Sequence[Sequence[int]],
    walk_stop: Sequence[int],
    row: int,
) -> Trace:
    network = deep_network(seed, hidden_size)
    weights_0_1, weights_1_2 = (w.copy() for w in weights_of(network))
    layer_0 = np.asarray(lights)[row : row + 1]
    goal = np.asarray(walk_stop, dtype=np.float64)[row : row + 1, np.newaxis]
    recorded: dict[str, Any] = {}

    def record(step: Step) -> None:
        layer_1_before_relu, layer_1, layer_2 = network.activations
        layer_1_delta, _, layer_2_delta = network.output_gradients
        first, second = network.dense_layers()
        recorded.update(
            layer_1_before_relu=layer_1_before_relu,
            layer_1=layer_1,
            layer_2=layer_2,
            error=(layer_2 - step.targets) ** 2,
            layer_2_delta=layer_2_delta,
            layer_1_delta=layer_1_delta,
            weight_delta_1_2=second.weights.grad,
            weight_delta_0_1=first.weights.grad,
        )

    fit(
        network,
        GradientDescent(alpha),
        _as_floats(layer_0),
        goal,
        batch_size=1,
        epochs=1,
        on_step=record,
    )
    new_weights_0_1, new_weights_1_2 = weights_of(network)
    return {
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "layer_0": layer_0,
        **recorded,
        "new_weights_1_2": new_weights_1_2,
        "new_weights_0_1": new_weights_0_1,
    }
