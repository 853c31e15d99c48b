"""Chapter 8, regularization on MNIST: per-image and mini-batch training, vectorized.

Training keeps the book's order of updates: one image at a time (or one mini-batch at a
time), the weights updated after each. Within a step every operation is on whole arrays:
an image is a vector, the hidden layer a vector-matrix product, the backward pass a
matrix-vector product, and the weight deltas ``np.outer`` (per image) or a matrix product
(per batch). The test set, which the book walks one image at a time, is one matrix product
per layer, and its error one reduction.

Weights and dropout masks are drawn from ``np.random.RandomState(1)`` in the book's order
(first layer, second layer, then one mask per image or batch while training), so they are
the book's draws. The data is the verified MNIST subset from ``grokking_spec.porting``.

The trace (the golden's fields): per iteration the summed squared training error and the
count of correct argmaxes; at every iteration that evaluates the test set, its summed
error and correct count and a fingerprint of each weight matrix; the fingerprints after
the last iteration. A fingerprint is the exactly rounded sum and sum of squares of the
matrix (``math.fsum``, so its summation order is not the implementation's), and its first
and last element.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np
import numpy.typing as npt

from grokking_spec.porting.mnist import as_book_arrays, load_mnist

Trace = dict[str, object]
F64Array = npt.NDArray[np.float64]

#: The listings evaluate the test set after every iteration j with j % TEST_EVERY == 0.
TEST_EVERY = 10

#: One pass over the training images: updates the weights in place, returns (error, correct).
Epoch = Callable[[F64Array, F64Array, np.random.RandomState], tuple[float, int]]


@cache
def mnist() -> tuple[F64Array, F64Array, F64Array, F64Array]:
    """``(images, labels, test_images, test_labels)``: pixels / 255, one-hot labels."""
    arrays = as_book_arrays(load_mnist())
    for array in arrays:
        array.flags.writeable = False
    return arrays


def relu(x: F64Array) -> F64Array:
    """The chapter's relu, ``(x >= 0) * x``: a negative x becomes -0.0."""
    return (x >= 0) * x


def relu_slope(output: F64Array) -> npt.NDArray[np.bool_]:
    """The chapter's derivative as printed, ``output >= 0``: true for every relu output."""
    return output >= 0


def fingerprint(weights: F64Array) -> dict[str, float]:
    """Exactly rounded sum and sum of squares, first and last element."""
    values = weights.ravel()
    return {
        "sum": math.fsum(values.tolist()),
        "sum_of_squares": math.fsum((values * values).tolist()),
        "first": float(values[0]),
        "last": float(values[-1]),
    }


def evaluate(
    weights_0_1: F64Array, weights_1_2: F64Array, images: F64Array, labels: F64Array
) -> tuple[float, int]:
    """The whole test set at once: one matrix product per layer, no dropout."""
    outputs = relu(images @ weights_0_1) @ weights_1_2
    error = float(np.sum((labels - outputs) ** 2))
    correct = int(np.count_nonzero(outputs.argmax(axis=1) == labels.argmax(axis=1)))
    return error, correct


def _train(iterations: int, hidden_size: int, epoch: Epoch, test_at_end: bool) -> Trace:
    """Seed, draw the weights, run the epochs, evaluate every ``TEST_EVERY`` iterations."""
    _, _, test_images, test_labels = mnist()
    names = ("train_error", "train_correct", "test_iteration", "test_error", "test_correct")
    trace: dict[str, list[object]] = {name: [] for name in (*names, "weights_0_1", "weights_1_2")}
    random = np.random.RandomState(1)
    weights_0_1 = 0.2 * random.random_sample((test_images.shape[1], hidden_size)) - 0.1
    weights_1_2 = 0.2 * random.random_sample((hidden_size, test_labels.shape[1])) - 0.1
    for j in range(iterations):
        error, correct = epoch(weights_0_1, weights_1_2, random)
        trace["train_error"].append(error)
        trace["train_correct"].append(correct)
        if j % TEST_EVERY == 0 or (test_at_end and j == iterations - 1):
            test_error, test_correct = evaluate(weights_0_1, weights_1_2, test_images, test_labels)
            trace["test_iteration"].append(j)
            trace["test_error"].append(test_error)
            trace["test_correct"].append(test_correct)
            trace["weights_0_1"].append(fingerprint(weights_0_1))
            trace["weights_1_2"].append(fingerprint(weights_1_2))
    return {
        **trace,
        "final_weights_0_1": fingerprint(weights_0_1),
        "final_weights_1_2": fingerprint(weights_1_2),
    }


def _per_image_epoch(alpha: float, dropout: bool) -> Epoch:
    """Stochastic gradient descent, one image at a time; with ``dropout`` a fresh mask on
    the hidden layer per image (half the units kept, doubled)."""
    images, labels, _, _ = mnist()

    def epoch(
        weights_0_1: F64Array, weights_1_2: F64Array, random: np.random.RandomState
    ) -> tuple[float, int]:
        error, correct = 0.0, 0
        for image, label in zip(images, labels, strict=True):
            hidden = relu(image @ weights_0_1)
            if dropout:
                mask = random.randint(2, size=hidden.shape)
                hidden *= mask * 2
            output = hidden @ weights_1_2
            output_delta = label - output
            error += float(output_delta @ output_delta)
            correct += int(np.argmax(output) == np.argmax(label))
            hidden_delta = (weights_1_2 @ output_delta) * relu_slope(hidden)
            if dropout:
                hidden_delta *= mask
            weights_1_2 += alpha * np.outer(hidden, output_delta)
            weights_0_1 += alpha * np.outer(image, hidden_delta)
        return error, correct

    return epoch


def _batch_epoch(alpha: float, batch_size: int, updates_inside_accuracy_loop: bool) -> Epoch:
    """Mini-batches, one dropout mask per batch, the output delta divided by the batch size.

    ``updates_inside_accuracy_loop`` (the published code) applies the batch's updates once
    per image of the batch, from the same forward pass: the second layer gets the same
    increment ``batch_size`` times, and the first an increment that follows it.
    """
    images, labels, _, _ = mnist()
    repeats = batch_size if updates_inside_accuracy_loop else 1

    def epoch(
        weights_0_1: F64Array, weights_1_2: F64Array, random: np.random.RandomState
    ) -> tuple[float, int]:
        error, correct = 0.0, 0
        for start in range(0, len(images) - batch_size + 1, batch_size):
            batch = images[start : start + batch_size]
            targets = labels[start : start + batch_size]
            hidden = relu(batch @ weights_0_1)
            mask = random.randint(2, size=hidden.shape)
            hidden *= mask * 2
            outputs = hidden @ weights_1_2
            error += float(np.sum((targets - outputs) ** 2))
            correct += int(np.count_nonzero(outputs.argmax(axis=1) == targets.argmax(axis=1)))
            output_delta = (targets - outputs) / batch_size
            # The same forward pass every repeat: the second layer's increment is one value.
            increment_1_2 = alpha * (hidden.T @ output_delta)
            for _ in range(repeats):
                hidden_delta = (output_delta @ weights_1_2.T) * relu_slope(hidden) * mask
                weights_1_2 += increment_1_2
                weights_0_1 += alpha * (batch.T @ hidden_delta)
        return error, correct

    return epoch


def three_layer_mnist(alpha: float, iterations: int, hidden_size: int) -> Trace:
    """784-40-10 relu network, one image at a time; the test set every 10 iterations and
    after the last."""
    return _train(iterations, hidden_size, _per_image_epoch(alpha, dropout=False), True)


def dropout(alpha: float, iterations: int, hidden_size: int) -> Trace:
    """The network with dropout on its hidden layer; the test set every 10 iterations."""
    return _train(iterations, hidden_size, _per_image_epoch(alpha, dropout=True), False)


def batch_gradient_descent(
    alpha: float,
    iterations: int,
    hidden_size: int,
    batch_size: int,
    updates_inside_accuracy_loop: bool,
) -> Trace:
    """The dropout network trained on mini-batches; the test set every 10 iterations."""
    epoch = _batch_epoch(alpha, batch_size, updates_inside_accuracy_loop)
    return _train(iterations, hidden_size, epoch, False)
