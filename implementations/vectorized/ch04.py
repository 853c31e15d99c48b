"""Chapter 4, compare and learn: one weight, so only the recurrence stays a loop.

Each step's new weight depends on the last, so the weights are found one after another.
Everything else the listings record (predictions, errors, deltas, weight deltas) is a
function of the weight alone, and is computed for all steps at once from the array of
weights. Hot and cold learning tries its three candidate weights as one array, and the
overshooting listing runs all its step sizes side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Trace = dict[str, object]
F64Array = npt.NDArray[np.float64]


def error_measure(weight: float, input: float, goal_prediction: float) -> Trace:
    """One prediction and its squared error."""
    prediction = np.float64(input) * weight
    return {"prediction": float(prediction), "error": float((prediction - goal_prediction) ** 2)}


def hot_cold_one_step(weight: float, lr: float, input: float, goal_prediction: float) -> Trace:
    """Predict with the weight, the weight plus ``lr`` and minus ``lr``; move to the best."""
    tried = np.array([weight, weight + lr, weight - lr])
    predictions = input * tried
    errors = (predictions - goal_prediction) ** 2
    current, up, down = range(3)
    new_weight = weight
    if errors[down] < errors[up]:
        new_weight = tried[down]
    if errors[down] > errors[up]:
        new_weight = tried[up]
    new_prediction = input * np.float64(new_weight)
    return {
        "prediction": float(predictions[current]),
        "error": float(errors[current]),
        "up_prediction": float(predictions[up]),
        "up_error": float(errors[up]),
        "down_prediction": float(predictions[down]),
        "down_error": float(errors[down]),
        "new_weight": float(new_weight),
        "new_prediction": float(new_prediction),
        "new_error": float((new_prediction - goal_prediction) ** 2),
    }


def _hot_and_cold_weights(
    weight: float, input: float, goal_prediction: float, steps: F64Array, iterations: int
) -> F64Array:
    """The weights of every iteration (rows) for every step size (columns), plus the final.

    Each column moves by its step towards the smaller of the two neighbouring errors and
    stays put when they tie, as the book's two ``if`` statements do.
    """
    weights = np.empty((iterations + 1, len(steps)))
    weights[0] = weight
    for k in range(iterations):
        current = weights[k]
        up_error = (goal_prediction - input * (current + steps)) ** 2
        down_error = (goal_prediction - input * (current - steps)) ** 2
        weights[k + 1] = np.where(
            down_error < up_error,
            current - steps,
            np.where(down_error > up_error, current + steps, current),
        )
    return weights


def _hot_and_cold_cases(
    weight: float,
    input: float,
    goal_prediction: float,
    step_amounts: Sequence[float],
    iterations: int,
) -> list[Trace]:
    steps = np.asarray(step_amounts, dtype=np.float64)
    weights = _hot_and_cold_weights(weight, input, goal_prediction, steps, iterations)
    predictions = input * weights[:iterations]
    errors = (predictions - goal_prediction) ** 2
    return [
        {
            "weight": weights[:iterations, case],
            "prediction": predictions[:, case],
            "error": errors[:, case],
            "final_weight": float(weights[iterations, case]),
        }
        for case in range(len(steps))
    ]


def hot_and_cold_learning(
    weight: float, input: float, goal_prediction: float, step_amount: float, iterations: int
) -> Trace:
    """Hot and cold learning: a fixed step towards whichever neighbour errs less."""
    return _hot_and_cold_cases(weight, input, goal_prediction, [step_amount], iterations)[0]


def hot_and_cold_overshoot(
    weight: float,
    input: float,
    goal_prediction: float,
    step_amounts: Sequence[float],
    iterations: int,
) -> Trace:
    """Hot and cold learning with coarse steps, all step sizes trained side by side."""
    cases = _hot_and_cold_cases(weight, input, goal_prediction, step_amounts, iterations)
    return {
        "cases": [
            {"step_amount": step, **case} for step, case in zip(step_amounts, cases, strict=True)
        ]
    }


def _gradient_descent(
    weight: float, goal_prediction: float, input: float, iterations: int, alpha: float | None
) -> Trace:
    """Gradient descent on one weight; without ``alpha`` the raw weight delta is the step."""
    weights = np.empty(iterations + 1)
    weights[0] = weight
    for k in range(iterations):
        weight_delta = (input * weights[k] - goal_prediction) * input
        step = weight_delta if alpha is None else alpha * weight_delta
        weights[k + 1] = weights[k] - step
    visited = weights[:iterations]
    predictions = input * visited
    deltas = predictions - goal_prediction
    return {
        "weight": visited,
        "prediction": predictions,
        "error": deltas**2,
        "delta": deltas,
        "weight_delta": deltas * input,
        "final_weight": float(weights[iterations]),
    }


def gradient_descent(weight: float, goal_prediction: float, input: float, iterations: int) -> Trace:
    """Gradient descent without alpha: the pure error times the input is the step.

    Serves the four listings that run it (direction and amount, learning is reducing
    error, watching several steps, breaking it with a large input).
    """
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=None)


def gradient_descent_with_alpha(
    weight: float, goal_prediction: float, input: float, iterations: int, alpha: float
) -> Trace:
    """Gradient descent with every step scaled by alpha."""
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=alpha)


def one_step_gradient_descent(
    weight: float, alpha: float, input: float, goal_prediction: float
) -> Trace:
    """One update: the delta, the weight delta, and the step scaled by alpha."""
    prediction = np.float64(input) * weight
    delta = prediction - goal_prediction
    weight_delta = input * delta
    return {
        "prediction": float(prediction),
        "error": float(delta**2),
        "delta": float(delta),
        "weight_delta": float(weight_delta),
        "new_weight": float(weight - weight_delta * alpha),
    }
