"""Chapter 5, learning multiple weights at a time: every per-weight loop is one array step.

The book's ``w_sum`` is a ``dot``, ``ele_mul`` a broadcast of the delta over the inputs,
``outer_prod`` an ``np.outer``, and its per-weight update loops one subtraction of arrays.
The weight matrices hold one row per output, as the book writes them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Trace = dict[str, object]
F64Array = npt.NDArray[np.float64]


def _game_input(
    game: int, toes: Sequence[float], wlrec: Sequence[float], nfans: Sequence[float]
) -> F64Array:
    return np.array([toes, wlrec, nfans])[:, game]


def multiple_inputs_one_step(
    weights: Sequence[float],
    alpha: float,
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    win_or_lose_binary: Sequence[int],
    game: int,
) -> Trace:
    """One step on three inputs: one delta, broadcast over the inputs into weight deltas."""
    input = _game_input(game, toes, wlrec, nfans)
    true = win_or_lose_binary[game]
    weight_vector = np.asarray(weights, dtype=np.float64)
    prediction = input.dot(weight_vector)
    delta = prediction - true
    weight_deltas = delta * input
    return {
        "input": input,
        "prediction": float(prediction),
        "error": float(delta**2),
        "delta": float(delta),
        "weight_deltas": weight_deltas,
        "new_weights": weight_vector - alpha * weight_deltas,
    }


def _descend(
    weights: Sequence[float],
    alpha: float,
    iterations: int,
    input: F64Array,
    true: int,
    frozen_weight: int | None,
) -> Trace:
    """Repeated steps on one example; a frozen weight's delta is zeroed by a mask."""
    trainable = np.ones_like(input)
    if frozen_weight is not None:
        trainable[frozen_weight] = 0.0
    current = np.asarray(weights, dtype=np.float64)
    names = ("weights", "prediction", "error", "delta", "weight_deltas")
    history: dict[str, list[object]] = {name: [] for name in names}
    for _ in range(iterations):
        prediction = input.dot(current)
        delta = prediction - true
        weight_deltas = delta * input * trainable
        recorded = weight_deltas.tolist()
        if frozen_weight is not None:
            # The book assigns the int 0 to the frozen delta, and prints it as 0.
            recorded[frozen_weight] = 0
        for name, value in zip(
            names,
            (current.tolist(), float(prediction), float(delta**2), float(delta), recorded),
            strict=True,
        ):
            history[name].append(value)
        current = current - alpha * weight_deltas
    return {"input": input, **history, "final_weights": current}


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
    """The one-example step repeated, every weight moving along its own error curve."""
    input = _game_input(game, toes, wlrec, nfans)
    return _descend(weights, alpha, iterations, input, win_or_lose_binary[game], None)


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
    """The repeated step with one weight held still: the others absorb the error."""
    input = _game_input(game, toes, wlrec, nfans)
    true = win_or_lose_binary[game]
    return _descend(weights, alpha, iterations, input, true, frozen_weight)


def multiple_outputs(
    weights: Sequence[float],
    alpha: float,
    wlrec: Sequence[float],
    hurt: Sequence[float],
    win: Sequence[int],
    sad: Sequence[float],
    game: int,
) -> Trace:
    """One input, three outputs: a delta per output, each scaled by the shared input."""
    input = np.asarray(wlrec)[game]
    true = np.array([hurt, win, sad], dtype=np.float64)[:, game]
    weight_vector = np.asarray(weights, dtype=np.float64)
    prediction = input * weight_vector
    delta = prediction - true
    weight_deltas = input * delta
    return {
        "input": input.item(),
        "prediction": prediction,
        "error": delta**2,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": weight_vector - weight_deltas * alpha,
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
    """Three inputs, three outputs: the weight deltas are the outer product delta x input."""
    input = _game_input(game, toes, wlrec, nfans)
    true = np.array([hurt, win, sad], dtype=np.float64)[:, game]
    weight_matrix = np.asarray(weights, dtype=np.float64)
    prediction = weight_matrix @ input
    delta = prediction - true
    weight_deltas = np.outer(delta, input)
    return {
        "input": input,
        "prediction": prediction,
        "error": delta**2,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": weight_matrix - alpha * weight_deltas,
    }
