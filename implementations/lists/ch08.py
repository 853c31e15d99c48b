"""Chapter 8 with lists: the MNIST network one multiply-add at a time, no numpy.

Weights are lists of rows, ``weights_0_1[pixel][hidden]`` and ``weights_1_2[hidden][label]``
as in the book's matrices; seeded weights and dropout masks come from the pure-Python copy
of numpy's generator, so they are the book's to the bit. The data is the book's MNIST
subset as verified bytes (``porting.mnist_bytes``: the same sources and sha256 digests as
the numpy loader).

Every weighted sum adds its terms in index order starting from 0.0, where numpy's BLAS
sums in blocks: the drift between the two is what the goldens' tolerances measure. Terms
with an input of exactly 0 (blank pixels, switched-off hidden units) are skipped. That
changes no value: such a term is a signed zero, and adding a zero to a sum that began at
0.0 leaves it as it was. It is what makes a pass over 10000 test images take seconds
rather than minutes.

One departure from the book's order of operations, in the published mini-batch code only:
its repeated updates take ``weights_0_1``'s increment as a linear function of the repeat
(see ``batch_epoch``), two sums over the batch instead of one per repeat. Its first
iteration then takes 11 s here instead of 78 s, within the goldens' tolerances.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from typing import cast

from grokking_spec.porting.legacy_random import LegacyRandomState
from grokking_spec.porting.mnist_bytes import load_mnist_bytes

Trace = dict[str, object]
Matrix = list[list[float]]

PIXELS, LABELS = 784, 10
TEST_EVERY = 10


class Example:
    """One image: its lit pixels (index, value / 255) in order, and its label, one-hot too.

    The blank pixels are left out: every product with them is a zero the sums skip.
    """

    __slots__ = ("label", "lit", "target")

    def __init__(self, pixels: bytes, label: int) -> None:
        self.lit = [(p, value / 255) for p, value in enumerate(pixels) if value]
        self.label = label
        self.target = [1.0 if k == label else 0.0 for k in range(LABELS)]


@cache
def book_data() -> tuple[list[Example], list[Example]]:
    """The training and test examples: pixels / 255, as the book prepares them."""
    data = load_mnist_bytes()
    return _examples(data.x_train, data.y_train), _examples(data.x_test, data.y_test)


def _examples(pixels: bytes, labels: bytes) -> list[Example]:
    return [Example(pixels[i * PIXELS : (i + 1) * PIXELS], labels[i]) for i in range(len(labels))]


def random_matrix(random: LegacyRandomState, rows: int, columns: int) -> Matrix:
    """``0.2 * np.random.random((rows, columns)) - 0.1``."""
    drawn = cast(Matrix, random.random((rows, columns)))
    return [[0.2 * value - 0.1 for value in row] for row in drawn]


def relu(x: float) -> float:
    """``(x >= 0) * x``: the book's relu, -0.0 for a negative input."""
    return x if x >= 0 else x * 0


def hidden_layer(example: Example, weights_0_1: Matrix, hidden_size: int) -> list[float]:
    """``relu(layer_0.dot(weights_0_1))``: the rows of the lit pixels, added in order."""
    sums = [0.0] * hidden_size
    for p, value in example.lit:
        sums = [total + value * weight for total, weight in zip(sums, weights_0_1[p], strict=True)]
    return [relu(total) for total in sums]


def output_layer(layer_1: Sequence[float], weights_1_2: Matrix) -> list[float]:
    """``layer_1.dot(weights_1_2)``."""
    sums = [0.0] * LABELS
    for h in range(len(layer_1)):
        value = layer_1[h]
        if value != 0:
            sums = [
                total + value * weight for total, weight in zip(sums, weights_1_2[h], strict=True)
            ]
    return sums


def squared_error(target: Sequence[float], layer_2: Sequence[float]) -> float:
    error = 0.0
    for k in range(len(target)):
        error += (target[k] - layer_2[k]) ** 2
    return error


def argmax(values: Sequence[float]) -> int:
    """The first index of the largest value, like ``np.argmax``."""
    best = 0
    for k in range(1, len(values)):
        if values[k] > values[best]:
            best = k
    return best


def back_to_hidden(
    layer_2_delta: Sequence[float],
    columns_1_2: Sequence[Sequence[float]],
    mask: Sequence[int] | None,
) -> list[float]:
    """``layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)``, times the mask if any.

    ``columns_1_2`` is ``weights_1_2`` by columns (one per label), so each hidden unit's sum
    runs over the labels in order. ``relu2deriv`` is ``output >= 0``, true for every relu
    output: a factor of 1.
    """
    sums = [0.0] * len(columns_1_2[0])
    for k in range(LABELS):
        delta = layer_2_delta[k]
        sums = [total + delta * weight for total, weight in zip(sums, columns_1_2[k], strict=True)]
    if mask is None:
        return [total * 1 for total in sums]
    return [total * 1 * bit for total, bit in zip(sums, mask, strict=True)]


def columns(matrix: Matrix) -> list[tuple[float, ...]]:
    """The columns of a matrix (numpy's ``.T``)."""
    return list(zip(*matrix, strict=True))


def add_outer(
    weights: Matrix, alpha: float, rows: Sequence[float], columns: Sequence[float]
) -> None:
    """``weights += alpha * rows.T.dot(columns)`` for one example: rows with a 0 are skipped."""
    for r in range(len(rows)):
        value = rows[r]
        if value != 0:
            weights[r] = [
                weight + alpha * (value * column)
                for weight, column in zip(weights[r], columns, strict=True)
            ]


def pixel_sums(
    batch: Sequence[Example], deltas: Sequence[Sequence[float]], hidden_size: int
) -> dict[int, list[float]]:
    """``layer_0.T.dot(deltas)`` for a mini-batch, by lit pixel: each row sums over the
    batch's images where the pixel is lit, in order (the others add zeros)."""
    sums: dict[int, list[float]] = {}
    for example, row_deltas in zip(batch, deltas, strict=True):
        for p, value in example.lit:
            row = sums.get(p)
            if row is None:
                row = [0.0] * hidden_size
            sums[p] = [total + value * delta for total, delta in zip(row, row_deltas, strict=True)]
    return sums


def fingerprint(weights: Matrix) -> dict[str, float]:
    values = [value for row in weights for value in row]
    return {
        "sum": math.fsum(values),
        "sum_of_squares": math.fsum(value * value for value in values),
        "first": values[0],
        "last": values[-1],
    }


def evaluate(
    weights_0_1: Matrix, weights_1_2: Matrix, hidden_size: int, examples: Sequence[Example]
) -> tuple[float, int]:
    """The book's test loop: summed squared error and correct count, image by image."""
    error, correct_cnt = 0.0, 0
    for example in examples:
        layer_1 = hidden_layer(example, weights_0_1, hidden_size)
        layer_2 = output_layer(layer_1, weights_1_2)
        error += squared_error(example.target, layer_2)
        correct_cnt += int(argmax(layer_2) == example.label)
    return error, correct_cnt


#: One pass over the training set: updates the weights, returns (error, correct count).
Epoch = Callable[[Matrix, Matrix, LegacyRandomState], tuple[float, int]]


def per_example_epoch(alpha: float, hidden_size: int, dropout: bool) -> Epoch:
    images, _ = book_data()

    def epoch(
        weights_0_1: Matrix, weights_1_2: Matrix, random: LegacyRandomState
    ) -> tuple[float, int]:
        error, correct_cnt = 0.0, 0
        for example in images:
            layer_1 = hidden_layer(example, weights_0_1, hidden_size)
            mask: list[int] | None = None
            if dropout:
                mask = cast(list[list[int]], random.randint(2, size=(1, hidden_size)))[0]
                layer_1 = [value * (bit * 2) for value, bit in zip(layer_1, mask, strict=True)]
            layer_2 = output_layer(layer_1, weights_1_2)
            error += squared_error(example.target, layer_2)
            correct_cnt += int(argmax(layer_2) == example.label)
            layer_2_delta = [example.target[k] - layer_2[k] for k in range(LABELS)]
            layer_1_delta = back_to_hidden(layer_2_delta, columns(weights_1_2), mask)
            add_outer(weights_1_2, alpha, layer_1, layer_2_delta)
            for p, value in example.lit:
                weights_0_1[p] = [
                    weight + alpha * (value * delta)
                    for weight, delta in zip(weights_0_1[p], layer_1_delta, strict=True)
                ]
        return error, correct_cnt

    return epoch


def batch_epoch(
    alpha: float, hidden_size: int, batch_size: int, updates_inside_accuracy_loop: bool
) -> Epoch:
    images, _ = book_data()

    def epoch(
        weights_0_1: Matrix, weights_1_2: Matrix, random: LegacyRandomState
    ) -> tuple[float, int]:
        error, correct_cnt = 0.0, 0
        for i in range(len(images) // batch_size):
            batch = images[i * batch_size : (i + 1) * batch_size]
            masks = cast(list[list[int]], random.randint(2, size=(batch_size, hidden_size)))
            layer_1 = [
                [
                    value * (bit * 2)
                    for value, bit in zip(hidden_layer(x, weights_0_1, hidden_size), m, strict=True)
                ]
                for x, m in zip(batch, masks, strict=True)
            ]
            layer_2 = [output_layer(row, weights_1_2) for row in layer_1]
            # np.sum over the whole batch, then one addition to the running error.
            batch_error = 0.0
            for b, example in enumerate(batch):
                for k in range(LABELS):
                    batch_error += (example.target[k] - layer_2[b][k]) ** 2
            error += batch_error
            for b, example in enumerate(batch):
                correct_cnt += int(argmax(layer_2[b]) == example.label)
            layer_2_delta = [
                [(example.target[k] - layer_2[b][k]) / batch_size for k in range(LABELS)]
                for b, example in enumerate(batch)
            ]
            # weights_1_2's increment: sum over the batch of layer_1 x layer_2_delta, in order.
            products = [[0.0] * LABELS for _ in range(hidden_size)]
            for b in range(batch_size):
                row_1, row_2 = layer_1[b], layer_2_delta[b]
                for h in range(hidden_size):
                    value = row_1[h]
                    if value != 0:
                        products[h] = [
                            total + value * delta
                            for total, delta in zip(products[h], row_2, strict=True)
                        ]
            increment_1_2 = [[alpha * total for total in row] for row in products]
            # The deltas come from weights_1_2 before this batch's updates (layer_2 is not
            # recomputed), and every repeat adds the same increment to it.
            columns_1_2 = columns(weights_1_2)
            layer_1_delta = [
                back_to_hidden(layer_2_delta[b], columns_1_2, masks[b]) for b in range(batch_size)
            ]
            repeats = batch_size if updates_inside_accuracy_loop else 1
            for _ in range(repeats):
                for h in range(hidden_size):
                    weights_1_2[h] = [
                        weight + step
                        for weight, step in zip(weights_1_2[h], increment_1_2[h], strict=True)
                    ]
            increment_0_1 = pixel_sums(batch, layer_1_delta, hidden_size)
            if repeats == 1:
                for p in sorted(increment_0_1):
                    weights_0_1[p] = [
                        weight + alpha * total
                        for weight, total in zip(weights_0_1[p], increment_0_1[p], strict=True)
                    ]
                continue
            # The published code's repeats: repeat t's deltas come from weights_1_2 after t
            # additions of increment_1_2, and are linear in it, so its increment of
            # weights_0_1 is taken as first + t * change (two sums over the batch, not one
            # per repeat); each repeat still adds its own alpha * increment, in order. The
            # book's sums see the rounding of each addition to weights_1_2: a few ULPs
            # apart, within the goldens' tolerances (which is all chapter 8 holds lists to).
            columns_increment = columns(increment_1_2)
            change_deltas = [
                back_to_hidden(layer_2_delta[b], columns_increment, masks[b])
                for b in range(batch_size)
            ]
            change_0_1 = pixel_sums(batch, change_deltas, hidden_size)
            for p in sorted(increment_0_1):
                row, first, change = weights_0_1[p], increment_0_1[p], change_0_1[p]
                for t in range(repeats):
                    row = [
                        weight + alpha * (total + t * slope)
                        for weight, total, slope in zip(row, first, change, strict=True)
                    ]
                weights_0_1[p] = row
        return error, correct_cnt

    return epoch


def train(iterations: int, hidden_size: int, epoch: Epoch, test_at_end: bool) -> Trace:
    _, tests = book_data()
    random = LegacyRandomState(1)
    weights_0_1 = random_matrix(random, PIXELS, hidden_size)
    weights_1_2 = random_matrix(random, hidden_size, LABELS)
    train_error: list[float] = []
    train_correct: list[int] = []
    test_iteration: list[int] = []
    test_error: list[float] = []
    test_correct: list[int] = []
    fingerprints_0_1: list[dict[str, float]] = []
    fingerprints_1_2: list[dict[str, float]] = []
    for j in range(iterations):
        error, correct_cnt = epoch(weights_0_1, weights_1_2, random)
        train_error.append(error)
        train_correct.append(correct_cnt)
        if j % TEST_EVERY == 0 or (test_at_end and j == iterations - 1):
            error, correct_cnt = evaluate(weights_0_1, weights_1_2, hidden_size, tests)
            test_iteration.append(j)
            test_error.append(error)
            test_correct.append(correct_cnt)
            fingerprints_0_1.append(fingerprint(weights_0_1))
            fingerprints_1_2.append(fingerprint(weights_1_2))
    return {
        "train_error": train_error,
        "train_correct": train_correct,
        "test_iteration": test_iteration,
        "test_error": test_error,
        "test_correct": test_correct,
        "weights_0_1": fingerprints_0_1,
        "weights_1_2": fingerprints_1_2,
        "final_weights_0_1": fingerprint(weights_0_1),
        "final_weights_1_2": fingerprint(weights_1_2),
    }


def three_layer_mnist(alpha: float, iterations: int, hidden_size: int) -> Trace:
    return train(iterations, hidden_size, per_example_epoch(alpha, hidden_size, False), True)


def dropout(alpha: float, iterations: int, hidden_size: int) -> Trace:
    return train(iterations, hidden_size, per_example_epoch(alpha, hidden_size, True), False)


def batch_gradient_descent(
    alpha: float,
    iterations: int,
    hidden_size: int,
    batch_size: int,
    updates_inside_accuracy_loop: bool,
) -> Trace:
    epoch = batch_epoch(alpha, hidden_size, batch_size, updates_inside_accuracy_loop)
    return train(iterations, hidden_size, epoch, False)
