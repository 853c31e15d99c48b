"""Chapter 5, learning multiple weights at a time: gradient descent with several inputs/outputs.

The book writes this chapter with Python lists, so the reference computes with plain
Python floats, one operation at a time in the listings' order (a numpy reduction could sum
in another order). Iterative listings record the weights each iteration starts from (what
the book prints as ``Weights:``) and the weights after the last update.
"""

from __future__ import annotations

from collections.abc import Sequence

from grokking_spec.listing import Trace

TOES = (8.5, 9.5, 9.9, 9.0)
WLREC = (0.65, 0.8, 0.8, 0.9)
NFANS = (1.2, 1.3, 0.5, 1.0)
WIN_OR_LOSE_BINARY = (1, 1, 0, 1)
HURT = (0.1, 0.0, 0.0, 0.1)
WIN = (1, 1, 0, 1)
SAD = (0.1, 0.0, 0.1, 0.2)
HURT_WIN_SAD_WEIGHTS = ((0.1, 0.1, -0.3), (0.1, 0.2, 0.0), (0.0, 1.3, 0.1))


def _weighted_sum(inputs: Sequence[float], weights: Sequence[float]) -> float:
    # From the int 0, left to right, like the book's w_sum / neural_network loops.
    total: float = 0
    for value, weight in zip(inputs, weights, strict=True):
        total += value * weight
    return total


def _learn_one_output(
    weights: Sequence[float],
    alpha: float,
    inputs: Sequence[float],
    true: float,
    iterations: int,
    frozen: Sequence[int] = (),
) -> Trace:
    """Several inputs, one output: predict, compare, and step every unfrozen weight."""
    current = list(weights)
    history: dict[str, list[object]] = {
        name: [] for name in ("weights", "prediction", "error", "delta", "weight_deltas")
    }
    for _ in range(iterations):
        prediction = _weighted_sum(inputs, current)
        error = (prediction - true) ** 2
        delta = prediction - true
        weight_deltas: list[float] = [value * delta for value in inputs]
        for index in frozen:
            # The book assigns the int 0, and prints it as 0 in the list.
            weight_deltas[index] = 0
        for name, value in (
            ("weights", list(current)),
            ("prediction", prediction),
            ("error", error),
            ("delta", delta),
            ("weight_deltas", weight_deltas),
        ):
            history[name].append(value)
        current = [
            weight - alpha * step for weight, step in zip(current, weight_deltas, strict=True)
        ]
    return {"input": list(inputs), **history, "final_weights": current}


def multiple_inputs_one_step(
    weights: Sequence[float] = (0.1, 0.2, -0.1),
    alpha: float = 0.01,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    win_or_lose_binary: Sequence[int] = WIN_OR_LOSE_BINARY,
    game: int = 0,
) -> Trace:
    """One gradient descent step on three inputs: one shared delta, three weight deltas."""
    inputs = [toes[game], wlrec[game], nfans[game]]
    true = win_or_lose_binary[game]
    prediction = _weighted_sum(inputs, weights)
    delta = prediction - true
    weight_deltas = [delta * value for value in inputs]
    return {
        "input": inputs,
        "prediction": prediction,
        "error": (prediction - true) ** 2,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": [w - alpha * step for w, step in zip(weights, weight_deltas, strict=True)],
    }


def multiple_inputs_three_steps(
    weights: Sequence[float] = (0.1, 0.2, -0.1),
    alpha: float = 0.01,
    iterations: int = 3,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    win_or_lose_binary: Sequence[int] = WIN_OR_LOSE_BINARY,
    game: int = 0,
) -> Trace:
    """The same step repeated: watch every weight move along its own error curve."""
    inputs = [toes[game], wlrec[game], nfans[game]]
    return _learn_one_output(weights, alpha, inputs, win_or_lose_binary[game], iterations)


def freezing_one_weight(
    weights: Sequence[float] = (0.1, 0.2, -0.1),
    alpha: float = 0.3,
    iterations: int = 3,
    frozen_weight: int = 0,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    win_or_lose_binary: Sequence[int] = WIN_OR_LOSE_BINARY,
    game: int = 0,
) -> Trace:
    """Learning with one weight delta forced to 0: the other weights absorb the error."""
    inputs = [toes[game], wlrec[game], nfans[game]]
    true = win_or_lose_binary[game]
    return _learn_one_output(weights, alpha, inputs, true, iterations, frozen=(frozen_weight,))


def multiple_outputs(
    weights: Sequence[float] = (0.3, 0.2, 0.9),
    alpha: float = 0.1,
    wlrec: Sequence[float] = (0.65, 1.0, 1.0, 0.9),
    hurt: Sequence[float] = HURT,
    win: Sequence[int] = WIN,
    sad: Sequence[float] = SAD,
    game: int = 0,
) -> Trace:
    """One input, three outputs: one delta per output, each scaled by the shared input."""
    value = wlrec[game]
    true = [hurt[game], win[game], sad[game]]
    prediction = [value * weight for weight in weights]
    error = [(prediction[i] - true[i]) ** 2 for i in range(len(true))]
    delta = [prediction[i] - true[i] for i in range(len(true))]
    weight_deltas = [value * d for d in delta]
    return {
        "input": value,
        "prediction": prediction,
        "error": error,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": [w - step * alpha for w, step in zip(weights, weight_deltas, strict=True)],
    }


def multiple_inputs_outputs(
    weights: Sequence[Sequence[float]] = HURT_WIN_SAD_WEIGHTS,
    alpha: float = 0.01,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    hurt: Sequence[float] = HURT,
    win: Sequence[int] = WIN,
    sad: Sequence[float] = SAD,
    game: int = 0,
) -> Trace:
    """Three inputs, three outputs: the weight deltas are the outer product delta x input."""
    inputs = [toes[game], wlrec[game], nfans[game]]
    true = [hurt[game], win[game], sad[game]]
    prediction = [_weighted_sum(inputs, row) for row in weights]
    error = [(prediction[i] - true[i]) ** 2 for i in range(len(true))]
    delta = [prediction[i] - true[i] for i in range(len(true))]
    weight_deltas = [[d * value for value in inputs] for d in delta]
    new_weights = [
        [weights[i][j] - alpha * weight_deltas[i][j] for j in range(len(weights[0]))]
        for i in range(len(weights))
    ]
    return {
        "input": inputs,
        "prediction": prediction,
        "error": error,
        "delta": delta,
        "weight_deltas": weight_deltas,
        "new_weights": new_weights,
    }
