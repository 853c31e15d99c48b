"""Chapter 5 with lists, as the book writes it: ``w_sum``, ``ele_mul``, ``outer_prod``."""

from __future__ import annotations

from collections.abc import Sequence

from .vector_math import ele_mul, outer_prod, vect_mat_mul, w_sum

Trace = dict[str, object]


def multiple_inputs_one_step(
    weights: Sequence[float],
    alpha: float,
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    win_or_lose_binary: Sequence[int],
    game: int,
) -> Trace:
    input = [toes[game], wlrec[game], nfans[game]]
    true = win_or_lose_binary[game]
    weights = list(weights)
    pred = w_sum(input, weights)
    error = (pred - true) ** 2
    delta = pred - true
    weight_deltas = ele_mul(delta, input)
    for i in range(len(weights)):
        weights[i] -= alpha * weight_deltas[i]
    return {
        "input": input,
        "prediction": pred,
        "error": error,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": weights,
    }


def _watch_steps(
    weights: Sequence[float],
    alpha: float,
    iterations: int,
    input: list[float],
    true: int,
    frozen_weight: int | None,
) -> Trace:
    weights = list(weights)
    names = ("weights", "prediction", "error", "delta", "weight_deltas")
    history: dict[str, list[object]] = {name: [] for name in names}
    for _iter in range(iterations):
        pred = w_sum(input, weights)
        error = (pred - true) ** 2
        delta = pred - true
        weight_deltas: list[float] = ele_mul(delta, input)
        if frozen_weight is not None:
            weight_deltas[frozen_weight] = 0
        values = (list(weights), pred, error, delta, weight_deltas)
        for name, value in zip(names, values, strict=True):
            history[name].append(value)
        for i in range(len(weights)):
            weights[i] -= alpha * weight_deltas[i]
    return {"input": input, **history, "final_weights": weights}


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
    input = [toes[game], wlrec[game], nfans[game]]
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
    input = [toes[game], wlrec[game], nfans[game]]
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
    input = wlrec[game]
    true = [hurt[game], win[game], sad[game]]
    weights = list(weights)
    pred = ele_mul(input, weights)
    error = [0.0, 0.0, 0.0]
    delta = [0.0, 0.0, 0.0]
    for i in range(len(true)):
        error[i] = (pred[i] - true[i]) ** 2
        delta[i] = pred[i] - true[i]
    weight_deltas = ele_mul(input, delta)
    for i in range(len(weights)):
        weights[i] -= weight_deltas[i] * alpha
    return {
        "input": input,
        "prediction": pred,
        "error": error,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": weights,
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
    input = [toes[game], wlrec[game], nfans[game]]
    true = [hurt[game], win[game], sad[game]]
    new_weights = [list(row) for row in weights]
    pred = vect_mat_mul(input, weights)
    error = [0.0, 0.0, 0.0]
    delta = [0.0, 0.0, 0.0]
    for i in range(len(true)):
        error[i] = (pred[i] - true[i]) ** 2
        delta[i] = pred[i] - true[i]
    weight_deltas = outer_prod(delta, input)
    for i in range(len(new_weights)):
        for j in range(len(new_weights[0])):
            new_weights[i][j] -= alpha * weight_deltas[i][j]
    return {
        "input": input,
        "prediction": pred,
        "error": error,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": new_weights,
    }
