"""Chapter 8, MNIST: ``Dense(784, hidden) -> ReLU -> [Dropout] -> Dense(hidden, 10)``.

One ``RandomState(1)`` draws ``weights_0_1``, then ``weights_1_2`` (``0.2 * random - 0.1``),
then feeds the dropout layer, so its masks are the book's, in the book's order: one
``(1, hidden)`` mask per image at batch size 1, one ``(100, hidden)`` mask per batch at
batch size 100. The ReLU derivative is the book's ``output >= 0`` (all ones).

``three-layer-mnist`` and ``dropout`` train at batch size 1, ``batch-gradient-descent`` at
the listing's ``batch_size``; its published variant (``updates_inside_accuracy_loop``)
is ``GradientDescent(repeats=batch_size)``: the book's update sits inside the loop over
the batch's images, so it runs ``batch_size`` times on the same forward pass.

The test set is evaluated as one batch of 10000 (dropout off), its error summed by
``np.sum``; the training error is the batches' errors added in order. The trace holds the
same raw sums, counts and weight fingerprints as the golden (see the spec's chapter 8).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from grokking_spec.porting.mnist import as_book_arrays, load_mnist

from .engine import (
    Array,
    Dense,
    Dropout,
    EpochSummary,
    GradientDescent,
    Layer,
    ReLU,
    Sequential,
    SquaredError,
    Step,
    fit,
    uniform_weights,
)

Trace = dict[str, object]

PIXELS, LABELS = 784, 10
TEST_EVERY = 10


@cache
def book_data() -> tuple[Array, Array, Array, Array]:
    """``(images, labels, test_images, test_labels)``: pixels / 255, one-hot labels."""
    arrays = as_book_arrays(load_mnist())
    for array in arrays:
        array.flags.writeable = False
    return arrays


def mnist_network(random: np.random.RandomState, hidden_size: int, dropout: bool) -> Sequential:
    weights_0_1 = uniform_weights(random, (PIXELS, hidden_size), 0.2, 0.1)
    weights_1_2 = uniform_weights(random, (hidden_size, LABELS), 0.2, 0.1)
    layers: list[Layer] = [Dense(weights_0_1), ReLU(">=")]
    if dropout:
        layers.append(Dropout(random))
    layers.append(Dense(weights_1_2))
    return Sequential(layers)


def correct(prediction: Array, labels: Array) -> int:
    return int(np.count_nonzero(np.argmax(prediction, axis=1) == np.argmax(labels, axis=1)))


def fingerprint(weights: Array) -> dict[str, float]:
    """Exactly rounded sum and sum of squares, first and last element."""
    values = weights.ravel().tolist()
    return {
        "sum": math.fsum(values),
        "sum_of_squares": math.fsum(value * value for value in values),
        "first": values[0],
        "last": values[-1],
    }


def train(
    iterations: int,
    hidden_size: int,
    dropout: bool,
    batch_size: int,
    rule: GradientDescent,
    test_at_end: bool,
) -> Trace:
    images, labels, test_images, test_labels = book_data()
    network = mnist_network(np.random.RandomState(1), hidden_size, dropout)
    trace: dict[str, Any] = {
        name: []
        for name in (
            "train_error",
            "train_correct",
            "test_iteration",
            "test_error",
            "test_correct",
            "weights_0_1",
            "weights_1_2",
        )
    }
    counted = [0]

    def count(step: Step) -> None:
        counted[0] += correct(step.prediction, step.targets)

    def evaluate(summary: EpochSummary) -> None:
        trace["train_error"].append(summary.error)
        trace["train_correct"].append(counted[0])
        counted[0] = 0
        j = summary.epoch
        if j % TEST_EVERY == 0 or (test_at_end and j == iterations - 1):
            prediction = network.forward(test_images, training=False)
            trace["test_iteration"].append(j)
            trace["test_error"].append(SquaredError().value(prediction, test_labels))
            trace["test_correct"].append(correct(prediction, test_labels))
            first, second = network.dense_layers()
            trace["weights_0_1"].append(fingerprint(first.weights.value))
            trace["weights_1_2"].append(fingerprint(second.weights.value))

    fit(
        network,
        rule,
        images,
        labels,
        batch_size=batch_size,
        epochs=iterations,
        on_forward=count,
        on_epoch=evaluate,
    )
    first, second = network.dense_layers()
    trace["final_weights_0_1"] = fingerprint(first.weights.value)
    trace["final_weights_1_2"] = fingerprint(second.weights.value)
    return trace


def three_layer_mnist(alpha: float, iterations: int, hidden_size: int) -> Trace:
    return train(iterations, hidden_size, False, 1, GradientDescent(alpha), test_at_end=True)


def dropout(alpha: float, iterations: int, hidden_size: int) -> Trace:
    return train(iterations, hidden_size, True, 1, GradientDescent(alpha), test_at_end=False)


def batch_gradient_descent(
    alpha: float,
    iterations: int,
    hidden_size: int,
    batch_size: int,
    updates_inside_accuracy_loop: bool,
) -> Trace:
    repeats = batch_size if updates_inside_accuracy_loop else 1
    rule = GradientDescent(alpha, repeats)
    return train(iterations, hidden_size, True, batch_size, rule, test_at_end=False)
