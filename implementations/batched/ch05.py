"""Chapter 5, learning several weights at once: one ``Dense`` layer, one example, batch size 1.

Each listing trains on the game it names, a ``(1, inputs)`` batch, through the engine's
loop; an iteration of the book is an epoch. The book keeps weights per output
(``weights[i]`` makes prediction ``i``) where the layer keeps them per input, so weights
and weight deltas are transposed on the way in and out. The frozen weight of
``freezing-one-weight`` is a frozen entry of the layer's weights (its gradient forced to
0); the trace shows its delta as the integer 0 the book assigns and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .engine import Array, Dense, GradientDescent, Sequential, Step, fit

Trace = dict[str, object]


@dataclass
class Recorded:
    """The weights each step starts from, its gradients, and the step itself."""

    weights: Array
    weight_deltas: Array
    delta: Array
    step: Step


def _train(
    weights: Array,
    alpha: float,
    input: Array,
    true: Array,
    iterations: int,
    frozen: tuple[int, int] | None = None,
) -> tuple[Dense, list[Recorded]]:
    """Gradient descent on one example; ``weights`` is ``(inputs, outputs)``."""
    layer = Dense(weights)
    if frozen is not None:
        layer.weights.frozen = np.zeros(weights.shape, dtype=np.bool_)
        layer.weights.frozen[frozen] = True
    network = Sequential([layer])
    recorded: list[Recorded] = []

    def record(step: Step) -> None:
        assert layer.weights.grad is not None
        recorded.append(
            Recorded(
                layer.weights.value.copy(),
                layer.weights.grad,
                network.output_gradients[-1],
                step,
            )
        )

    fit(
        network,
        GradientDescent(alpha),
        input[np.newaxis, :],
        true[np.newaxis, :],
        batch_size=1,
        epochs=iterations,
        on_step=record,
    )
    return layer, recorded


def _vector(*values: float) -> Array:
    return np.array(values, dtype=np.float64)


def multiple_inputs_one_step(
    weights: Sequence[float],
    alpha: float,
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    win_or_lose_binary: Sequence[int],
    game: int,
) -> Trace:
    input = _vector(toes[game], wlrec[game], nfans[game])
    start = np.asarray(weights, dtype=np.float64)[:, np.newaxis]
    layer, (first,) = _train(start, alpha, input, _vector(win_or_lose_binary[game]), 1)
    return {
        "input": input,
        "prediction": first.step.prediction[0, 0],
        "error": first.step.error,
        "delta": first.delta[0, 0],
        "weight_deltas": first.weight_deltas[:, 0],
        "new_weights": layer.weights.value[:, 0],
    }


def _watch_steps(
    weights: Sequence[float],
    alpha: float,
    iterations: int,
    input: Array,
    true: float,
    frozen_weight: int | None,
) -> Trace:
    start = np.asarray(weights, dtype=np.float64)[:, np.newaxis]
    frozen = None if frozen_weight is None else (frozen_weight, 0)
    layer, recorded = _train(start, alpha, input, _vector(true), iterations, frozen)
    return {
        "input": input,
        "weights": [r.weights[:, 0] for r in recorded],
        "prediction": [r.step.prediction[0, 0] for r in recorded],
        "error": [r.step.error for r in recorded],
        "delta": [r.delta[0, 0] for r in recorded],
        "weight_deltas": [_as_printed(r.weight_deltas[:, 0], frozen_weight) for r in recorded],
        "final_weights": layer.weights.value[:, 0],
    }


def multiple_inputs_three_steps(
    weights: Sequence[float],
    alpha: float,
    iterations: int,
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    win_or_lose_binary: Sequence[int],
    game: int,
) -> Trace:
    input = _vector(toes[game], wlrec[game], nfans[game])
    return _watch_steps(weights, alpha, iterations, input, win_or_lose_binary[game], None)


def freezing_one_weight(
    weights: Sequence[float],
    alpha: float,
    iterations: int,
    frozen_weight: int,
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    win_or_lose_binary: Sequence[int],
    game: int,
) -> Trace:
    input = _vector(toes[game], wlrec[game], nfans[game])
    true = win_or_lose_binary[game]
    return _watch_steps(weights, alpha, iterations, input, true, frozen_weight)


def multiple_outputs(
    weights: Sequence[float],
    alpha: float,
    wlrec: Sequence[float],
    hurt: Sequence[float],
    win: Sequence[int],
    sad: Sequence[float],
    game: int,
) -> Trace:
    input = _vector(wlrec[game])
    true = _vector(hurt[game], win[game], sad[game])
    start = np.asarray(weights, dtype=np.float64)[np.newaxis, :]
    layer, (first,) = _train(start, alpha, input, true, 1)
    return {
        "input": wlrec[game],
        "prediction": first.step.prediction[0],
        "error": (first.step.prediction[0] - true) ** 2,
        "delta": first.delta[0],
        "weight_deltas": first.weight_deltas[0],
        "new_weights": layer.weights.value[0],
    }


def multiple_inputs_outputs(
    weights: Sequence[Sequence[float]],
    alpha: float,
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    hurt: Sequence[float],
    win: Sequence[int],
    sad: Sequence[float],
    game: int,
) -> Trace:
    input = _vector(toes[game], wlrec[game], nfans[game])
    true = _vector(hurt[game], win[game], sad[game])
    start = np.asarray(weights, dtype=np.float64).T
    layer, (first,) = _train(start, alpha, input, true, 1)
    return {
        "input": input,
        "prediction": first.step.prediction[0],
        "error": (first.step.prediction[0] - true) ** 2,
        "delta": first.delta[0],
        "weight_deltas": first.weight_deltas.T,
        "new_weights": layer.weights.value.T,
    }


def _as_printed(weight_deltas: Array, frozen_weight: int | None) -> list[float]:
    """The weight deltas, with the book's integer 0 where a weight is frozen."""
    printed: list[float] = weight_deltas.tolist()
    if frozen_weight is not None:
        printed[frozen_weight] = 0
    return printed
