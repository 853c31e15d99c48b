"""Chapter 3, forward propagation: each network predicts every game at once, as a batch.

The games are the rows of one input matrix (``toes``, ``wlrec``, ``nfans`` side by side);
the listing's game is read off the batch's output. Weights the book gives per output
(``weights[i]`` makes prediction ``i``) become a ``Dense`` layer's columns.

``dot-product-similarity`` is no network: each pair's score is one numpy dot product of
the two vectors in their own dtype. Stacking the pairs into one float matrix would turn
the integer scores the book prints (``0``, ``1``, ``2``) into floats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .engine import Array, Dense, Sequential

Trace = dict[str, object]


def games(*columns: Sequence[float]) -> Array:
    """One row per game, one column per input."""
    return np.column_stack([np.asarray(column, dtype=np.float64) for column in columns])


def single_weight(weight: float, number_of_toes: Sequence[float], game: int) -> Trace:
    inputs = games(number_of_toes)
    prediction = Sequential([Dense(np.array([[weight]]))]).forward(inputs)
    return {"input": inputs[game, 0], "prediction": prediction[game, 0]}


def multiple_inputs(
    weights: Sequence[float],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    inputs = games(toes, wlrec, nfans)
    network = Sequential([Dense(np.asarray(weights, dtype=np.float64)[:, np.newaxis])])
    prediction = network.forward(inputs)
    return {"input": inputs[game], "prediction": prediction[game, 0]}


def dot_product_similarity(
    vectors: Mapping[str, Sequence[float]], pairs: Sequence[Sequence[str]]
) -> Trace:
    arrays = {name: np.asarray(vector) for name, vector in vectors.items()}
    return {
        "pairs": [list(pair) for pair in pairs],
        "score": [arrays[left] @ arrays[right] for left, right in pairs],
    }


def multiple_outputs(weights: Sequence[float], wlrec: Sequence[float], game: int) -> Trace:
    inputs = games(wlrec)
    network = Sequential([Dense(np.asarray(weights, dtype=np.float64)[np.newaxis, :])])
    prediction = network.forward(inputs)
    return {"input": inputs[game, 0], "prediction": prediction[game]}


def multiple_inputs_outputs(
    weights: Sequence[Sequence[float]],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    inputs = games(toes, wlrec, nfans)
    network = Sequential([Dense(np.asarray(weights, dtype=np.float64).T)])
    prediction = network.forward(inputs)
    return {"input": inputs[game], "prediction": prediction[game]}


def predicting_on_predictions(
    input_to_hidden: Sequence[Sequence[float]],
    hidden_to_prediction: Sequence[Sequence[float]],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    inputs = games(toes, wlrec, nfans)
    network = Sequential(
        [
            Dense(np.asarray(input_to_hidden, dtype=np.float64).T),
            Dense(np.asarray(hidden_to_prediction, dtype=np.float64).T),
        ]
    )
    network.forward(inputs)
    hidden, prediction = network.activations
    return {"input": inputs[game], "hidden": hidden[game], "prediction": prediction[game]}


def numpy_primer() -> Trace:
    """The primer's arrays and products; the unseeded random matrix only by its shape."""
    a = np.array([0, 1, 2, 3])
    b = np.array([4, 5, 6, 7])
    c = np.array([[0, 1, 2, 3], [4, 5, 6, 7]])
    e_shape = (2, 5)
    shape_pairs = (((1, 4), (4, 3)), ((2, 4), (4, 3)), ((2, 1), (1, 3)))
    dot_shapes = [list((np.zeros(left) @ np.zeros(right)).shape) for left, right in shape_pairs]
    dot_shapes.append(list((np.zeros((5, 4)).T @ np.zeros((5, 6))).shape))
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
        "a_times_e_raises": _raised(lambda: a * np.zeros(e_shape)),
        "dot_shapes": dot_shapes,
        "misaligned_dot_raises": _raised(lambda: np.zeros((5, 4)).dot(np.zeros((5, 6)))),
    }


def _raised(operation: Callable[[], object]) -> str:
    """The name of the exception ``operation`` raises, or "" if it returns."""
    try:
        operation()
    except Exception as error:  # noqa: BLE001 - which exception it is, is the result
        return type(error).__name__
    return ""
