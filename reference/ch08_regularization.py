"""Chapter 8, regularization on MNIST: the three-layer network, dropout, mini-batches.

Each listing trains on the book's MNIST subset (``grokking_spec.porting.mnist``: the first 1000
training images, all 10000 test images, pixels / 255, one-hot labels) from weights drawn
after seeding numpy's legacy generator with 1. The training loops are the book's, one
numpy call for each of its lines, so the weights follow the book's arithmetic; the test
set, which the book walks one image at a time, is evaluated here in one matrix product per
layer (``evaluate``): a different summation order, whose distance from the book's loop
(``evaluate_per_example``, kept for measuring it) is what the goldens' tolerances allow.

BLAS runs on one thread while a listing trains: a threaded product may split its sums
differently from run to run, and a golden must come out byte for byte the same.

The trace of every listing, raw sums and counts (the printing divides and truncates):

- ``train_error``, ``train_correct``: per iteration, the summed squared error and the
  number of correct argmaxes over the 1000 training images, as the loop accumulates them;
- ``test_iteration``: the iterations after which the listing evaluates the test set, and
  ``test_error``, ``test_correct`` there (sums over the 10000 test images);
- ``weights_0_1``, ``weights_1_2``: a fingerprint of each matrix at those iterations, and
  ``final_weights_0_1``, ``final_weights_1_2`` after the last one. A fingerprint is the
  exactly rounded sum (``math.fsum``) and sum of squares, and the first and last element.
  (The corner pixels are blank in every image, so ``weights_0_1``'s first and last
  elements never move: they pin the seeded draw, the sums follow the training.)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from grokking_spec.listing import Trace
from grokking_spec.porting.mnist import as_book_arrays, load_mnist

F64Array = npt.NDArray[np.float64]

#: The listings evaluate the test set after every iteration j with j % TEST_EVERY == 0.
TEST_EVERY = 10

#: ``(weights_0_1, weights_1_2, images, labels) -> (summed error, correct count)``.
Evaluator = Callable[[F64Array, F64Array, F64Array, F64Array], tuple[float, int]]


@cache
def book_data() -> tuple[F64Array, F64Array, F64Array, F64Array]:
    """``(images, labels, test_images, test_labels)``, loaded once, read-only."""
    arrays = as_book_arrays(load_mnist())
    for array in arrays:
        array.flags.writeable = False
    return arrays


def relu(x: F64Array) -> F64Array:
    # The book's form: a negative input gives -0.0, not 0.0.
    return (x >= 0) * x


def relu2deriv(output: F64Array) -> npt.NDArray[np.bool_]:
    # As printed: ``>= 0``, true for every relu output, so the derivative is all ones.
    return output >= 0


def evaluate(
    weights_0_1: F64Array, weights_1_2: F64Array, images: F64Array, labels: F64Array
) -> tuple[float, int]:
    """The book's test loop in one matrix product per layer; the error is still summed
    image by image, in order, like the book's running total."""
    layer_1 = relu(images.dot(weights_0_1))
    layer_2 = layer_1.dot(weights_1_2)
    error = 0.0
    for image_error in np.sum((labels - layer_2) ** 2, axis=1).tolist():
        error += image_error
    correct = int(np.count_nonzero(np.argmax(layer_2, axis=1) == np.argmax(labels, axis=1)))
    return error, correct


def evaluate_per_example(
    weights_0_1: F64Array, weights_1_2: F64Array, images: F64Array, labels: F64Array
) -> tuple[float, int]:
    """The book's own test loop: one image at a time (for measuring ``evaluate``)."""
    error, correct = 0.0, 0
    for i in range(len(images)):
        layer_0 = images[i : i + 1]
        layer_1 = relu(np.dot(layer_0, weights_0_1))
        layer_2 = np.dot(layer_1, weights_1_2)
        error += float(np.sum((labels[i : i + 1] - layer_2) ** 2))
        correct += int(np.argmax(layer_2) == np.argmax(labels[i : i + 1]))
    return error, correct


def fingerprint(weights: F64Array) -> dict[str, float]:
    """Four numbers that move when any weight moves, independent of summation order."""
    values = weights.ravel().tolist()
    return {
        "sum": math.fsum(values),
        "sum_of_squares": math.fsum(value * value for value in values),
        "first": values[0],
        "last": values[-1],
    }


#: One pass over the training images: updates the weights in place, returns (error, correct).
Epoch = Callable[[F64Array, F64Array, np.random.RandomState], tuple[float, int]]


def _train(
    iterations: int,
    hidden_size: int,
    epoch: Epoch,
    test_at_end: bool,
    evaluator: Evaluator,
) -> Trace:
    _, _, test_images, test_labels = book_data()
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
    with threadpool_limits(limits=1):
        random = np.random.RandomState(1)
        weights_0_1 = 0.2 * random.random_sample((784, hidden_size)) - 0.1
        weights_1_2 = 0.2 * random.random_sample((hidden_size, 10)) - 0.1
        for j in range(iterations):
            error, correct = epoch(weights_0_1, weights_1_2, random)
            trace["train_error"].append(error)
            trace["train_correct"].append(correct)
            if j % TEST_EVERY == 0 or (test_at_end and j == iterations - 1):
                test_error, test_correct = evaluator(
                    weights_0_1, weights_1_2, test_images, test_labels
                )
                trace["test_iteration"].append(j)
                trace["test_error"].append(test_error)
                trace["test_correct"].append(test_correct)
                trace["weights_0_1"].append(fingerprint(weights_0_1))
                trace["weights_1_2"].append(fingerprint(weights_1_2))
    trace["final_weights_0_1"] = fingerprint(weights_0_1)
    trace["final_weights_1_2"] = fingerprint(weights_1_2)
    return trace


def _per_image_epoch(alpha: float, dropout: bool) -> Epoch:
    """Stochastic gradient descent, one image at a time, relu hidden layer; with ``dropout``
    a fresh 50% mask on the hidden layer per image (drawn only then, as in the book)."""
    images, labels, _, _ = book_data()

    def epoch(
        weights_0_1: F64Array, weights_1_2: F64Array, random: np.random.RandomState
    ) -> tuple[float, int]:
        error, correct_cnt = 0.0, 0
        for i in range(len(images)):
            layer_0 = images[i : i + 1]
            layer_1 = relu(np.dot(layer_0, weights_0_1))
            if dropout:
                dropout_mask = random.randint(2, size=layer_1.shape)
                layer_1 *= dropout_mask * 2
            layer_2 = np.dot(layer_1, weights_1_2)
            error += float(np.sum((labels[i : i + 1] - layer_2) ** 2))
            correct_cnt += int(np.argmax(layer_2) == np.argmax(labels[i : i + 1]))
            layer_2_delta = labels[i : i + 1] - layer_2
            layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
            if dropout:
                layer_1_delta *= dropout_mask
            weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
            weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
        return error, correct_cnt

    return epoch


def _batch_epoch(alpha: float, batch_size: int, updates_inside_accuracy_loop: bool) -> Epoch:
    """Mini-batches with one dropout mask per batch and the delta divided by the batch size.

    ``updates_inside_accuracy_loop`` is the published code: the deltas and both updates
    sit inside the loop that counts correct answers, so they run once per image of the
    batch. ``layer_2`` is not recomputed there, so ``weights_1_2`` gets the same increment
    ``batch_size`` times, and ``weights_0_1`` an increment that follows ``weights_1_2``.
    """
    images, labels, _, _ = book_data()

    def epoch(
        weights_0_1: F64Array, weights_1_2: F64Array, random: np.random.RandomState
    ) -> tuple[float, int]:
        error, correct_cnt = 0.0, 0
        for i in range(len(images) // batch_size):
            batch_start, batch_end = i * batch_size, (i + 1) * batch_size
            layer_0 = images[batch_start:batch_end]
            layer_1 = relu(np.dot(layer_0, weights_0_1))
            dropout_mask = random.randint(2, size=layer_1.shape)
            layer_1 *= dropout_mask * 2
            layer_2 = np.dot(layer_1, weights_1_2)
            error += float(np.sum((labels[batch_start:batch_end] - layer_2) ** 2))
            # The book compares one row at a time; argmax along rows is the same test.
            correct_cnt += int(
                np.count_nonzero(
                    np.argmax(layer_2, axis=1) == np.argmax(labels[batch_start:batch_end], axis=1)
                )
            )
            # Recomputed from unchanged inputs, the second layer's delta and increment
            # come out the same every time; computing them once changes no bit.
            layer_2_delta = (labels[batch_start:batch_end] - layer_2) / batch_size
            increment_1_2 = alpha * layer_1.T.dot(layer_2_delta)
            for _ in range(batch_size if updates_inside_accuracy_loop else 1):
                layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
                layer_1_delta *= dropout_mask
                weights_1_2 += increment_1_2
                weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
        return error, correct_cnt

    return epoch


def three_layer_mnist(
    alpha: float = 0.005,
    iterations: int = 350,
    hidden_size: int = 40,
    evaluator: Evaluator = evaluate,
) -> Trace:
    """784-40-10 relu network, one image at a time; the test set every 10 iterations and
    after the last."""
    return _train(iterations, hidden_size, _per_image_epoch(alpha, dropout=False), True, evaluator)


def dropout(
    alpha: float = 0.005,
    iterations: int = 300,
    hidden_size: int = 100,
    evaluator: Evaluator = evaluate,
) -> Trace:
    """784-100-10 relu network with dropout on the hidden layer; the test set every 10."""
    return _train(iterations, hidden_size, _per_image_epoch(alpha, dropout=True), False, evaluator)


def batch_gradient_descent(
    alpha: float = 0.001,
    iterations: int = 300,
    hidden_size: int = 100,
    batch_size: int = 100,
    updates_inside_accuracy_loop: bool = True,
    evaluator: Evaluator = evaluate,
) -> Trace:
    """Dropout network trained on mini-batches; the test set every 10 iterations."""
    epoch = _batch_epoch(alpha, batch_size, updates_inside_accuracy_loop)
    return _train(iterations, hidden_size, epoch, False, evaluator)
