"""Chapter 3, forward propagation: each function is one listing, the book's values as defaults.

Where the book works on Python lists the arithmetic here is plain Python floats in the
book's order (a numpy reduction could sum in another order and drift by an ulp); where the
book calls numpy, so does this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from grokking_spec.listing import Trace

TOES = (8.5, 9.5, 9.9, 9.0)
WLREC = (0.65, 0.8, 0.8, 0.9)
NFANS = (1.2, 1.3, 0.5, 1.0)

SIMILARITY_VECTORS: Mapping[str, Sequence[float]] = {
    "a": (0, 1, 0, 1),
    "b": (1, 0, 1, 0),
    "c": (0, 1, 1, 0),
    "d": (0.5, 0, 0.5, 0),
    "e": (-1, 1, 0, 0),
}
SIMILARITY_PAIRS = (("a", "b"), ("b", "c"), ("b", "d"), ("c", "c"), ("d", "d"), ("c", "e"))

HURT_WIN_SAD_WEIGHTS = ((0.1, 0.1, -0.3), (0.1, 0.2, 0.0), (0.0, 1.3, 0.1))
INPUT_TO_HIDDEN = ((0.1, 0.2, -0.1), (-0.1, 0.1, 0.9), (0.1, 0.4, 0.1))
HIDDEN_TO_PREDICTION = ((0.3, 1.1, -0.3), (0.1, 0.2, 0.0), (0.0, 1.3, 0.1))


def _weighted_sum(inputs: Sequence[float], weights: Sequence[float]) -> float:
    # Starts from the int 0 and adds left to right, as the book's loop does.
    total: float = 0
    for value, weight in zip(inputs, weights, strict=True):
        total += value * weight
    return total


def _game_input(
    game: int, toes: Sequence[float], wlrec: Sequence[float], nfans: Sequence[float]
) -> list[float]:
    return [toes[game], wlrec[game], nfans[game]]


def single_weight(
    weight: float = 0.1, number_of_toes: Sequence[float] = (8.5, 9.5, 10, 9), game: int = 0
) -> Trace:
    """A single weight scales a single input into a prediction."""
    value = number_of_toes[game]
    return {"input": value, "prediction": value * weight}


def multiple_inputs(
    weights: Sequence[float] = (0.1, 0.2, 0),
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    game: int = 0,
) -> Trace:
    """A weighted sum of three inputs, written with lists."""
    inputs = _game_input(game, toes, wlrec, nfans)
    return {"input": inputs, "prediction": _weighted_sum(inputs, weights)}


def multiple_inputs_numpy(
    weights: Sequence[float] = (0.1, 0.2, 0),
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    game: int = 0,
) -> Trace:
    """The same weighted sum through numpy's ``dot``."""
    inputs = np.array(_game_input(game, toes, wlrec, nfans))
    prediction = inputs.dot(np.array(weights))
    return {"input": inputs.tolist(), "prediction": float(prediction)}


def dot_product_similarity(
    vectors: Mapping[str, Sequence[float]] = SIMILARITY_VECTORS,
    pairs: Sequence[Sequence[str]] = SIMILARITY_PAIRS,
) -> Trace:
    """Weighted sums of small vectors, read as a similarity score."""
    scores = [_weighted_sum(vectors[left], vectors[right]) for left, right in pairs]
    return {"pairs": [list(pair) for pair in pairs], "score": scores}


def multiple_outputs(
    weights: Sequence[float] = (0.3, 0.2, 0.9),
    wlrec: Sequence[float] = WLREC,
    game: int = 0,
) -> Trace:
    """One input scaled by three weights into three separate predictions."""
    value = wlrec[game]
    return {"input": value, "prediction": [value * weight for weight in weights]}


def multiple_inputs_outputs(
    weights: Sequence[Sequence[float]] = HURT_WIN_SAD_WEIGHTS,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    game: int = 0,
) -> Trace:
    """One weighted sum of the inputs per output: a vector-matrix product."""
    inputs = _game_input(game, toes, wlrec, nfans)
    return {"input": inputs, "prediction": [_weighted_sum(inputs, row) for row in weights]}


def predicting_on_predictions(
    input_to_hidden: Sequence[Sequence[float]] = INPUT_TO_HIDDEN,
    hidden_to_prediction: Sequence[Sequence[float]] = HIDDEN_TO_PREDICTION,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    game: int = 0,
) -> Trace:
    """Two stacked vector-matrix products, with lists."""
    inputs = _game_input(game, toes, wlrec, nfans)
    hidden = [_weighted_sum(inputs, row) for row in input_to_hidden]
    prediction = [_weighted_sum(hidden, row) for row in hidden_to_prediction]
    return {"input": inputs, "hidden": hidden, "prediction": prediction}


def predicting_on_predictions_numpy(
    input_to_hidden: Sequence[Sequence[float]] = INPUT_TO_HIDDEN,
    hidden_to_prediction: Sequence[Sequence[float]] = HIDDEN_TO_PREDICTION,
    toes: Sequence[float] = TOES,
    wlrec: Sequence[float] = WLREC,
    nfans: Sequence[float] = NFANS,
    game: int = 0,
) -> Trace:
    """The stacked network in numpy: weights transposed, ``dot`` twice."""
    inputs = np.array(_game_input(game, toes, wlrec, nfans))
    hidden = inputs.dot(np.array(input_to_hidden).T)
    prediction = hidden.dot(np.array(hidden_to_prediction).T)
    return {"input": inputs.tolist(), "hidden": hidden.tolist(), "prediction": prediction.tolist()}


def numpy_primer() -> Trace:
    """The numpy primer's deterministic arrays, products, shapes and promised errors.

    The primer's unseeded ``np.random.rand(2, 5)`` is kept only by its shape.
    """
    a = np.array([0, 1, 2, 3])
    b = np.array([4, 5, 6, 7])
    c = np.array([[0, 1, 2, 3], [4, 5, 6, 7]])
    d = np.zeros((2, 4))
    e_shape = (2, 5)
    dot_shapes = [
        np.zeros((1, 4)).dot(np.zeros((4, 3))).shape,
        np.zeros((2, 4)).dot(np.zeros((4, 3))).shape,
        np.zeros((2, 1)).dot(np.zeros((1, 3))).shape,
        np.zeros((5, 4)).T.dot(np.zeros((5, 6))).shape,
    ]
    return {
        "a": a.tolist(),
        "b": b.tolist(),
        "c": c.tolist(),
        "d": d.tolist(),
        "e_shape": list(e_shape),
        "a_times_0_1": (a * 0.1).tolist(),
        "c_times_0_2": (c * 0.2).tolist(),
        "a_times_b": (a * b).tolist(),
        "a_times_b_times_0_2": (a * b * 0.2).tolist(),
        "a_times_c": (a * c).tolist(),
        "a_times_e_raises": _raised(lambda: a * np.zeros(e_shape)),
        "dot_shapes": [list(shape) for shape in dot_shapes],
        "misaligned_dot_raises": _raised(lambda: np.zeros((5, 4)).dot(np.zeros((5, 6)))),
    }


def _raised(operation: Callable[[], object]) -> str:
    """The name of the exception an operation raises ("" if it does not raise)."""
    try:
        operation()
    except Exception as error:  # noqa: BLE001 - the exception's type is the result
        return type(error).__name__
    return ""
