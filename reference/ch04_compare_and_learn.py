"""Chapter 4, compare and learn: error, hot and cold learning, gradient descent on one weight.

The book does this chapter with Python floats, so the reference does too: the same
operations in the same order give the book's numbers to the last bit.
"""

from __future__ import annotations

from collections.abc import Sequence

from grokking_spec.listing import Trace


def error_measure(weight: float = 0.5, input: float = 0.5, goal_prediction: float = 0.8) -> Trace:
    """One prediction and its squared error."""
    prediction = input * weight
    return {"prediction": prediction, "error": (prediction - goal_prediction) ** 2}


def hot_cold_one_step(
    weight: float = 0.1, lr: float = 0.01, input: float = 8.5, goal_prediction: float = 1
) -> Trace:
    """Try the weight, the weight plus lr and the weight minus lr; keep the best of the moves."""
    prediction = input * weight
    up_prediction = input * (weight + lr)
    down_prediction = input * (weight - lr)
    error = (prediction - goal_prediction) ** 2
    up_error = (up_prediction - goal_prediction) ** 2
    down_error = (down_prediction - goal_prediction) ** 2
    new_weight = weight
    if down_error < up_error:
        new_weight = weight - lr
    if down_error > up_error:
        new_weight = weight + lr
    new_prediction = input * new_weight
    return {
        "prediction": prediction,
        "error": error,
        "up_prediction": up_prediction,
        "up_error": up_error,
        "down_prediction": down_prediction,
        "down_error": down_error,
        "new_weight": new_weight,
        "new_prediction": new_prediction,
        "new_error": (new_prediction - goal_prediction) ** 2,
    }


def _hot_and_cold(
    weight: float, input: float, goal_prediction: float, step_amount: float, iterations: int
) -> Trace:
    weights, predictions, errors = [], [], []
    for _ in range(iterations):
        prediction = input * weight
        weights.append(weight)
        predictions.append(prediction)
        errors.append((prediction - goal_prediction) ** 2)
        # The book subtracts the other way round here; squaring makes it the same number.
        up_error = (goal_prediction - input * (weight + step_amount)) ** 2
        down_error = (goal_prediction - input * (weight - step_amount)) ** 2
        if down_error < up_error:
            weight = weight - step_amount
        if down_error > up_error:
            weight = weight + step_amount
    return {"weight": weights, "prediction": predictions, "error": errors, "final_weight": weight}


def hot_and_cold_learning(
    weight: float = 0.5,
    input: float = 0.5,
    goal_prediction: float = 0.8,
    step_amount: float = 0.001,
    iterations: int = 1101,
) -> Trace:
    """Hot and cold learning: move the weight a fixed step towards the smaller error."""
    return _hot_and_cold(weight, input, goal_prediction, step_amount, iterations)


def hot_and_cold_overshoot(
    weight: float = 0.5,
    input: float = 0.5,
    goal_prediction: float = 0.8,
    step_amounts: Sequence[float] = (0.2, 10),
    iterations: int = 1101,
) -> Trace:
    """The same loop with steps too coarse to land on the goal: it oscillates for ever."""
    cases = []
    for step_amount in step_amounts:
        case = _hot_and_cold(weight, input, goal_prediction, step_amount, iterations)
        cases.append({"step_amount": step_amount, **case})
    return {"cases": cases}


def _gradient_descent(
    weight: float, goal_prediction: float, input: float, iterations: int, alpha: float | None
) -> Trace:
    weights, predictions, errors, deltas, weight_deltas = [], [], [], [], []
    for _ in range(iterations):
        prediction = input * weight
        delta = prediction - goal_prediction
        weight_delta = delta * input
        weights.append(weight)
        predictions.append(prediction)
        errors.append((prediction - goal_prediction) ** 2)
        deltas.append(delta)
        weight_deltas.append(weight_delta)
        # Without alpha the book subtracts the raw weight delta; multiplying by 1.0 would
        # be the same number, but this keeps the arithmetic the listing's.
        weight = weight - (weight_delta if alpha is None else alpha * weight_delta)
    return {
        "weight": weights,
        "prediction": predictions,
        "error": errors,
        "delta": deltas,
        "weight_delta": weight_deltas,
        "final_weight": weight,
    }


def direction_and_amount(
    weight: float = 0.5, goal_prediction: float = 0.8, input: float = 0.5, iterations: int = 20
) -> Trace:
    """Gradient descent's first form: pure error times input gives direction and amount."""
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=None)


def one_step_gradient_descent(
    weight: float = 0.1, alpha: float = 0.01, input: float = 8.5, goal_prediction: float = 1
) -> Trace:
    """One gradient descent update: node delta, weight delta, then the scaled step."""
    prediction = input * weight
    error = (prediction - goal_prediction) ** 2
    delta = prediction - goal_prediction
    weight_delta = input * delta
    new_weight = weight - weight_delta * alpha
    return {
        "prediction": prediction,
        "error": error,
        "delta": delta,
        "weight_delta": weight_delta,
        "new_weight": new_weight,
    }


def learning_is_reducing_error(
    weight: float = 0.0, goal_prediction: float = 0.8, input: float = 0.5, iterations: int = 4
) -> Trace:
    """Gradient descent written with delta and weight_delta."""
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=None)


def watch_several_steps(
    weight: float = 0.0, goal_prediction: float = 0.8, input: float = 1.1, iterations: int = 4
) -> Trace:
    """Four steps down the error bowl, overshooting and coming back."""
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=None)


def breaking_gradient_descent(
    weight: float = 0.5, goal_prediction: float = 0.8, input: float = 2, iterations: int = 20
) -> Trace:
    """A large input makes every update overcorrect: the prediction diverges."""
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=None)


def alpha(
    weight: float = 0.5,
    goal_prediction: float = 0.8,
    input: float = 2,
    alpha: float = 0.1,
    iterations: int = 20,
) -> Trace:
    """The diverging case tamed by scaling every update by alpha."""
    return _gradient_descent(weight, goal_prediction, input, iterations, alpha=alpha)
