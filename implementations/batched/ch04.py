"""Chapter 4, compare and learn: a network of one weight, trained through the engine's loop.

The data set is the one example ``(input, goal_prediction)``, a batch of size 1; an
iteration of the book is an epoch. Gradient descent is the engine's ``GradientDescent``
(the listings without alpha step by the raw weight delta: alpha 1). Hot and cold learning
is not gradient descent: it is the engine's ``HotAndCold`` rule, which probes the weight
plus and minus the step with two extra forward passes and keeps the better move, inside
the same loop (see ``engine.HotAndCold``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .engine import (
    Array,
    Dense,
    GradientDescent,
    HotAndCold,
    Rule,
    Sequential,
    SquaredError,
    Step,
    fit,
)

Trace = dict[str, object]


def one_weight(weight: float) -> Sequential:
    return Sequential([Dense(np.array([[weight]]))])


def example(value: float) -> Array:
    """One example of one feature: a ``(1, 1)`` batch."""
    return np.array([[value]], dtype=np.float64)


def weight_of(network: Sequential) -> float:
    return float(network.dense_layers()[0].weights.value[0, 0])


def error_measure(weight: float, input: float, goal_prediction: float) -> Trace:
    prediction = one_weight(weight).forward(example(input))
    return {
        "prediction": prediction[0, 0],
        "error": SquaredError().value(prediction, example(goal_prediction)),
    }


def _learn(
    rule: Rule, weight: float, input: float, goal_prediction: float, iterations: int
) -> tuple[Sequential, list[Step]]:
    """Train the one-weight network; every step (its weight read before it moves) kept."""
    network = one_weight(weight)
    steps: list[Step] = []

    def record(step: Step) -> None:
        step.details["weight"] = weight_of(network)
        if isinstance(rule, GradientDescent):
            step.details["delta"] = network.output_gradients[-1][0, 0]
            grad = network.dense_layers()[0].weights.grad
            assert grad is not None
            step.details["weight_delta"] = grad[0, 0]
        steps.append(step)

    fit(
        network,
        rule,
        example(input),
        example(goal_prediction),
        batch_size=1,
        epochs=iterations,
        on_step=record,
    )
    return network, steps


def hot_cold_one_step(weight: float, lr: float, input: float, goal_prediction: float) -> Trace:
    network, (step,) = _learn(HotAndCold(lr), weight, input, goal_prediction, 1)
    new_prediction = network.forward(example(input))
    return {
        "prediction": step.prediction[0, 0],
        "error": step.error,
        "up_prediction": step.details["up_prediction"][0, 0],
        "up_error": step.details["up_error"],
        "down_prediction": step.details["down_prediction"][0, 0],
        "down_error": step.details["down_error"],
        "new_weight": weight_of(network),
        "new_prediction": new_prediction[0, 0],
        "new_error": SquaredError().value(new_prediction, example(goal_prediction)),
    }


def hot_and_cold_learning(
    weight: float, input: float, goal_prediction: float, step_amount: float, iterations: int
) -> Trace:
    network, steps = _learn(HotAndCold(step_amount), weight, input, goal_prediction, iterations)
    return {
        "weight": [step.details["weight"] for step in steps],
        "prediction": [step.prediction[0, 0] for step in steps],
        "error": [step.error for step in steps],
        "final_weight": weight_of(network),
    }


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
                "step_amount": step_amount,
                **hot_and_cold_learning(weight, input, goal_prediction, step_amount, iterations),
            }
            for step_amount in step_amounts
        ]
    }


def gradient_descent(
    weight: float,
    goal_prediction: float,
    input: float,
    iterations: int,
    alpha: float = 1.0,
) -> Trace:
    """Every chapter 4 listing that repeats gradient descent on the one example."""
    rule = GradientDescent(alpha)
    network, steps = _learn(rule, weight, input, goal_prediction, iterations)
    return {
        "weight": [step.details["weight"] for step in steps],
        "prediction": [step.prediction[0, 0] for step in steps],
        "error": [step.error for step in steps],
        "delta": [step.details["delta"] for step in steps],
        "weight_delta": [step.details["weight_delta"] for step in steps],
        "final_weight": weight_of(network),
    }


def one_step_gradient_descent(
    weight: float, alpha: float, input: float, goal_prediction: float
) -> Trace:
    network, (step,) = _learn(GradientDescent(alpha), weight, input, goal_prediction, 1)
    return {
        "prediction": step.prediction[0, 0],
        "error": step.error,
        "delta": step.details["delta"],
        "weight_delta": step.details["weight_delta"],
        "new_weight": weight_of(network),
    }
