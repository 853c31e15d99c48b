"""Chapter 4 with plain Python numbers, written the way the book's loops read."""

from __future__ import annotations

from collections.abc import Sequence

Trace = dict[str, object]


def neural_network(input: float, weight: float) -> float:
    return input * weight


def error_measure(weight: float, input: float, goal_prediction: float) -> Trace:
    pred = neural_network(input, weight)
    return {"prediction": pred, "error": (pred - goal_prediction) ** 2}


def hot_cold_one_step(weight: float, lr: float, input: float, goal_prediction: float) -> Trace:
    trace: Trace = {}
    for name, tried in (("", weight), ("up_", weight + lr), ("down_", weight - lr)):
        pred = neural_network(input, tried)
        trace[name + "prediction"] = pred
        trace[name + "error"] = (pred - goal_prediction) ** 2
    up_error, down_error = trace["up_error"], trace["down_error"]
    assert isinstance(up_error, float) and isinstance(down_error, float)
    new_weight = weight
    if down_error < up_error:
        new_weight = weight - lr
    if down_error > up_error:
        new_weight = weight + lr
    new_pred = neural_network(input, new_weight)
    trace.update(
        new_weight=new_weight,
        new_prediction=new_pred,
        new_error=(new_pred - goal_prediction) ** 2,
    )
    return trace


def hot_and_cold_learning(
    weight: float, input: float, goal_prediction: float, step_amount: float, iterations: int
) -> Trace:
    history: dict[str, list[float]] = {"weight": [], "prediction": [], "error": []}
    for _iteration in range(iterations):
        prediction = input * weight
        error = (prediction - goal_prediction) ** 2
        history["weight"].append(weight)
        history["prediction"].append(prediction)
        history["error"].append(error)
        up_prediction = input * (weight + step_amount)
        up_error = (goal_prediction - up_prediction) ** 2
        down_prediction = input * (weight - step_amount)
        down_error = (goal_prediction - down_prediction) ** 2
        if down_error < up_error:
            weight = weight - step_amount
        if down_error > up_error:
            weight = weight + step_amount
    return {**history, "final_weight": weight}


def hot_and_cold_overshoot(
    weight: float,
    input: float,
    goal_prediction: float,
    step_amounts: Sequence[float],
    iterations: int,
) -> Trace:
    return {
        "cases": [
            {
                "step_amount": step,
                **hot_and_cold_learning(weight, input, goal_prediction, step, iterations),
            }
            for step in step_amounts
        ]
    }


def gradient_descent(
    weight: float,
    goal_prediction: float,
    input: float,
    iterations: int,
    alpha: float | None = None,
) -> Trace:
    """The loop shared by every gradient descent listing of the chapter."""
    names = ("weight", "prediction", "error", "delta", "weight_delta")
    history: dict[str, list[float]] = {name: [] for name in names}
    for _iteration in range(iterations):
        pred = input * weight
        error = (pred - goal_prediction) ** 2
        delta = pred - goal_prediction
        weight_delta = delta * input
        for name, value in zip(names, (weight, pred, error, delta, weight_delta), strict=True):
            history[name].append(value)
        if alpha is None:
            weight = weight - weight_delta
        else:
            weight = weight - (alpha * weight_delta)
    return {**history, "final_weight": weight}


def one_step_gradient_descent(
    weight: float, alpha: float, input: float, goal_prediction: float
) -> Trace:
    pred = neural_network(input, weight)
    delta = pred - goal_prediction
    weight_delta = input * delta
    return {
        "prediction": pred,
        "error": (pred - goal_prediction) ** 2,
        "delta": delta,
        "weight_delta": weight_delta,
        "new_weight": weight - weight_delta * alpha,
    }
