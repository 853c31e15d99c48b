"""Chapter 3, forward propagation: every weighted sum is one ``dot`` or matrix product.

Where the book loops (``w_sum``, ``ele_mul``, ``vect_mat_mul``) this takes the whole
vector at once: a dot product for one output, a matrix-vector product for several,
broadcasting for one input scaled by several weights. The weight matrices are given as
one row per output, so ``matrix @ input`` is the book's ``vect_mat_mul``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

Trace = dict[str, object]


def _game_input(
    game: int, toes: Sequence[float], wlrec: Sequence[float], nfans: Sequence[float]
) -> npt.NDArray[np.float64]:
    """The three statistics of one game: a column of the stacked dataset."""
    return np.array([toes, wlrec, nfans])[:, game]


def single_weight(weight: float, number_of_toes: Sequence[float], game: int) -> Trace:
    """One input scaled by one weight."""
    input = np.asarray(number_of_toes)[game]
    return {"input": input.item(), "prediction": (input * weight).item()}


def weighted_sum_of_inputs(
    weights: Sequence[float],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    """Three inputs, one output: the dot product of inputs and weights.

    Serves both the list listing and the numpy one: they compute the same sum.
    """
    input = _game_input(game, toes, wlrec, nfans)
    return {"input": input, "prediction": float(input.dot(np.asarray(weights)))}


def dot_product_similarity(
    vectors: Mapping[str, Sequence[float]], pairs: Sequence[Sequence[str]]
) -> Trace:
    """Each pair's dot product as its similarity score.

    One ``dot`` per pair rather than one stacked product: stacking would turn the
    integer vectors' scores into floats, and the book prints ``2`` where it adds ints.
    """
    scores = [
        np.dot(np.asarray(vectors[left]), np.asarray(vectors[right])).item()
        for left, right in pairs
    ]
    return {"pairs": [list(pair) for pair in pairs], "score": scores}


def multiple_outputs(weights: Sequence[float], wlrec: Sequence[float], game: int) -> Trace:
    """One input, three predictions: the input broadcast over the weight vector."""
    input = np.asarray(wlrec)[game]
    return {"input": input.item(), "prediction": input * np.asarray(weights)}


def multiple_inputs_outputs(
    weights: Sequence[Sequence[float]],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    """Three inputs, three outputs: one matrix-vector product (a row of weights per output)."""
    input = _game_input(game, toes, wlrec, nfans)
    return {"input": input, "prediction": np.asarray(weights) @ input}


def predicting_on_predictions(
    input_to_hidden: Sequence[Sequence[float]],
    hidden_to_prediction: Sequence[Sequence[float]],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    """A hidden layer: two matrix-vector products in a row.

    Serves both the list listing and the numpy one, whose ``input.dot(W.T)`` is the same
    product.
    """
    input = _game_input(game, toes, wlrec, nfans)
    hidden = np.asarray(input_to_hidden) @ input
    prediction = np.asarray(hidden_to_prediction) @ hidden
    return {"input": input, "hidden": hidden, "prediction": prediction}


def numpy_primer() -> Trace:
    """The primer's arrays, broadcasts and ``dot`` shapes, and the two operations that raise.

    The primer's unseeded random 2x5 matrix is kept by its shape only.
    """
    a = np.array([0, 1, 2, 3])
    b = np.array([4, 5, 6, 7])
    c = np.array([[0, 1, 2, 3], [4, 5, 6, 7]])
    e_shape = (2, 5)
    dot_shapes = [
        (np.ones((1, 4)) @ np.ones((4, 3))).shape,
        (np.ones((2, 4)) @ np.ones((4, 3))).shape,
        (np.ones((2, 1)) @ np.ones((1, 3))).shape,
        (np.ones((5, 4)).T @ np.ones((5, 6))).shape,
    ]
    return {
        "a": a,
        "b": b,
        "c": c,
        "d": np.zeros((2, 4)),
        "e_shape": list(e_shape),
        "a_times_0_1": a * 0.1,
        "c_times_0_2": c * 0.2,
        "a_times_b": a * b,
        "a_times_b_times_0_2": a * b * 0.2,
        "a_times_c": a * c,
        "a_times_e_raises": _exception_name(lambda: a * np.ones(e_shape)),
        "dot_shapes": [list(shape) for shape in dot_shapes],
        "misaligned_dot_raises": _exception_name(lambda: np.ones((5, 4)).dot(np.ones((5, 6)))),
    }


def _exception_name(operation: Callable[[], object]) -> str:
    """The type name of what ``operation`` raises, or "" if it returns."""
    try:
        operation()
    except Exception as error:  # noqa: BLE001 - which exception it is, is the result
        return type(error).__name__
    return ""
