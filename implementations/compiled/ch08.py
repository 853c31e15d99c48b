"""Chapter 8 compiled: the MNIST network, dropout and mini-batches, trained in numba.

Python draws what the book draws from numpy's legacy generator seeded with 1, in the
book's order: the weights, then per image (or per mini-batch) a dropout mask. One
iteration's masks are drawn before the compiled pass over the training set runs, which
changes nothing in the stream: nothing else draws in between. The trace is the
reference's (see the reference's chapter 8 module docstring): raw sums and counts per
iteration, the test set's every 10 iterations, and ``math.fsum`` fingerprints of the
weights there and at the end.

Where this departs from the book's arithmetic, within the goldens' tolerances: numpy's
BLAS sums the products in blocks, here in index order; and the published mini-batch
code's repeated updates come from two products per batch (see ``batch_epoch``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from . import mnist_kernels
from .sparse_images import SparseImages, book_batches, book_data

F64Array = npt.NDArray[np.float64]
I64Array = npt.NDArray[np.int64]
Trace = dict[str, Any]

PIXELS, LABELS = 784, 10
#: The listings evaluate the test set after every iteration j with j % TEST_EVERY == 0.
TEST_EVERY = 10

#: One pass over the training set: updates the weights in place, returns (error, correct).
Epoch = Callable[[F64Array, F64Array, np.random.RandomState], tuple[float, int]]


def draw_masks(random: np.random.RandomState, draws: int, shape: tuple[int, int]) -> I64Array:
    """``draws`` calls of the book's ``randint(2, size=shape)``, stacked row after row."""
    masks = np.empty((draws * shape[0], shape[1]), dtype=np.int64)
    for n in range(draws):
        masks[n * shape[0] : (n + 1) * shape[0]] = random.randint(2, size=shape)
    return masks


def fingerprint(weights: F64Array) -> dict[str, float]:
    """Exactly rounded sum and sum of squares, first and last element."""
    values = weights.ravel().tolist()
    return {
        "sum": math.fsum(values),
        "sum_of_squares": math.fsum(value * value for value in values),
        "first": values[0],
        "last": values[-1],
    }


def _evaluate(
    weights_0_1: F64Array, weights_1_2: F64Array, tests: SparseImages
) -> tuple[float, int]:
    return mnist_kernels.evaluate(
        weights_0_1,
        weights_1_2,
        tests.start,
        tests.pixels,
        tests.values,
        tests.targets,
        tests.digits,
    )


def _train(iterations: int, hidden_size: int, epoch: Epoch, test_at_end: bool) -> Trace:
    _, tests = book_data()
    names = ("train_error", "train_correct", "test_iteration", "test_error", "test_correct")
    trace: dict[str, list[Any]] = {name: [] for name in (*names, "weights_0_1", "weights_1_2")}
    random = np.random.RandomState(1)
    weights_0_1 = 0.2 * random.random_sample((PIXELS, hidden_size)) - 0.1
    weights_1_2 = 0.2 * random.random_sample((hidden_size, LABELS)) - 0.1
    for j in range(iterations):
        error, correct = epoch(weights_0_1, weights_1_2, random)
        trace["train_error"].append(error)
        trace["train_correct"].append(correct)
        if j % TEST_EVERY == 0 or (test_at_end and j == iterations - 1):
            test_error, test_correct = _evaluate(weights_0_1, weights_1_2, tests)
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


def _per_image_epoch(alpha: float, hidden_size: int, dropout: bool) -> Epoch:
    images, _ = book_data()
    no_masks = np.zeros((0, hidden_size), dtype=np.int64)

    def epoch(
        weights_0_1: F64Array, weights_1_2: F64Array, random: np.random.RandomState
    ) -> tuple[float, int]:
        # The book draws randint(2, size=(1, hidden_size)) per image; one call for the whole
        # pass gives the same stream (each 0/1 is one 32-bit draw, whatever the shape; tests/
        # test_compiled.py checks it) and saves a Python call per image, half the run time.
        masks = random.randint(2, size=(len(images), hidden_size)) if dropout else no_masks
        return mnist_kernels.per_image_epoch(
            weights_0_1, weights_1_2, images.start, images.pixels, images.values,
            images.targets, images.digits, alpha, dropout, masks,
        )  # fmt: skip

    return epoch


def _batch_epoch(
    alpha: float, hidden_size: int, batch_size: int, updates_inside_accuracy_loop: bool
) -> Epoch:
    images, _ = book_data()
    columns = book_batches(batch_size)
    batches = len(images) // batch_size
    repeats = batch_size if updates_inside_accuracy_loop else 1

    def epoch(
        weights_0_1: F64Array, weights_1_2: F64Array, random: np.random.RandomState
    ) -> tuple[float, int]:
        masks = draw_masks(random, batches, (batch_size, hidden_size))
        return mnist_kernels.batch_epoch(
            weights_0_1, weights_1_2, images.start, images.pixels, images.values,
            images.targets, images.digits, columns.pixel_start, columns.pixels,
            columns.entry_start, columns.image, columns.values, alpha, batch_size, repeats,
            masks,
        )  # fmt: skip

    return epoch


def three_layer_mnist(alpha: float, iterations: int, hidden_size: int) -> Trace:
    """784-40-10 relu network, one image at a time; tested every 10 and after the last."""
    return _train(iterations, hidden_size, _per_image_epoch(alpha, hidden_size, False), True)


def dropout(alpha: float, iterations: int, hidden_size: int) -> Trace:
    """784-100-10 relu network with dropout on the hidden layer; tested every 10."""
    return _train(iterations, hidden_size, _per_image_epoch(alpha, hidden_size, True), False)


def batch_gradient_descent(
    alpha: float,
    iterations: int,
    hidden_size: int,
    batch_size: int,
    updates_inside_accuracy_loop: bool,
) -> Trace:
    """The dropout network on mini-batches, one update (or the published code's
    ``batch_size`` repeated updates) per batch; tested every 10."""
    epoch = _batch_epoch(alpha, hidden_size, batch_size, updates_inside_accuracy_loop)
    return _train(iterations, hidden_size, epoch, False)
