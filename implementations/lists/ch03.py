"""Chapter 3 with lists: the listings that use no numpy in the book."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .vector_math import ele_mul, vect_mat_mul, w_sum

Trace = dict[str, object]


def single_weight(weight: float, number_of_toes: Sequence[float], game: int) -> Trace:
    input = number_of_toes[game]
    return {"input": input, "prediction": input * weight}


def multiple_inputs(
    weights: Sequence[float],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    input = [toes[game], wlrec[game], nfans[game]]
    return {"input": input, "prediction": w_sum(input, weights)}


def dot_product_similarity(
    vectors: Mapping[str, Sequence[float]], pairs: Sequence[Sequence[str]]
) -> Trace:
    return {
        "pairs": [list(pair) for pair in pairs],
        "score": [w_sum(vectors[a], vectors[b]) for a, b in pairs],
    }


def multiple_outputs(weights: Sequence[float], wlrec: Sequence[float], game: int) -> Trace:
    input = wlrec[game]
    return {"input": input, "prediction": ele_mul(input, weights)}


def multiple_inputs_outputs(
    weights: Sequence[Sequence[float]],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    input = [toes[game], wlrec[game], nfans[game]]
    return {"input": input, "prediction": vect_mat_mul(input, weights)}


def predicting_on_predictions(
    input_to_hidden: Sequence[Sequence[float]],
    hidden_to_prediction: Sequence[Sequence[float]],
    toes: Sequence[float],
    wlrec: Sequence[float],
    nfans: Sequence[float],
    game: int,
) -> Trace:
    input = [toes[game], wlrec[game], nfans[game]]
    hidden = vect_mat_mul(input, input_to_hidden)
    return {
        "input": input,
        "hidden": hidden,
        "prediction": vect_mat_mul(hidden, hidden_to_prediction),
    }
