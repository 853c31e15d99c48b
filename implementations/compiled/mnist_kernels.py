"""The compiled loops of chapter 8: one training pass, and the test-set evaluation.

Each kernel does the book's arithmetic in the book's order of updates: one image at a time
(or one mini-batch at a time), each weighted sum added in index order from 0.0 over the
lit pixels only (see ``sparse_images``). numpy's BLAS adds the same terms in blocks, and
its error sums pairwise: ``pairwise_sum`` is numpy's own order, so the only drift left is
the BLAS one inside the products.

Arguments are plain arrays, so a kernel compiles once per type signature, and cached.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .jit import kernel

F64Array = npt.NDArray[np.float64]
I64Array = npt.NDArray[np.int64]

#: numpy's pairwise summation sums blocks of up to this many elements with 8 accumulators.
_PAIRWISE_BLOCK = 128
#: Room for the pairwise walk's stack: three entries per halving, 2**20 times a block.
_STACK = 64


@kernel
def _block_sum(values: F64Array, first: int, count: int) -> float:
    """numpy's sum of at most ``_PAIRWISE_BLOCK`` elements: in order below 8, else 8
    interleaved partial sums combined pairwise, then the remainder in order."""
    if count < 8:
        total = 0.0
        for i in range(first, first + count):
            total += values[i]
        return total
    partial = values[first : first + 8].copy()
    i = 8
    while i < count - count % 8:
        for k in range(8):
            partial[k] += values[first + i + k]
        i += 8
    total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + (
        (partial[4] + partial[5]) + (partial[6] + partial[7])
    )
    while i < count:
        total += values[first + i]
        i += 1
    return float(total)


@kernel
def pairwise_sum(values: F64Array, first: int, count: int) -> float:
    """``np.sum`` of ``values[first:first + count]``, in numpy's pairwise order.

    numpy halves a longer run (the first half a multiple of 8) and adds the two halves'
    sums. Written with an explicit stack: numba's on-disk cache does not load recursive
    functions reliably (a cached self-recursive kernel crashed here).
    """
    if count <= _PAIRWISE_BLOCK:
        return _block_sum(values, first, count)
    # Post-order walk of numpy's halving tree: a node is pushed again, marked, under its
    # two halves, and adds their sums when it comes back up.
    firsts, counts = np.empty(_STACK, np.int64), np.empty(_STACK, np.int64)
    split = np.zeros(_STACK, np.bool_)
    sums = np.empty(_STACK)
    top, done = 1, 0
    firsts[0], counts[0] = first, count
    while top > 0:
        top -= 1
        at, size = firsts[top], counts[top]
        if size <= _PAIRWISE_BLOCK:
            sums[done] = _block_sum(values, at, size)
            done += 1
        elif split[top]:
            sums[done - 2] = sums[done - 2] + sums[done - 1]
            done -= 1
        else:
            half = size // 2
            half -= half % 8
            split[top] = True
            firsts[top + 1], counts[top + 1], split[top + 1] = at + half, size - half, False
            firsts[top + 2], counts[top + 2], split[top + 2] = at, half, False
            top += 3
    return float(sums[0])


@kernel
def _relu(x: float) -> float:
    """``(x >= 0) * x``: the book's relu, -0.0 for a negative input."""
    return (1.0 if x >= 0 else 0.0) * x


@kernel
def _argmax(values: F64Array) -> int:
    """The first index of the largest value, like ``np.argmax``."""
    best = 0
    for k in range(1, values.shape[0]):
        if values[k] > values[best]:
            best = k
    return best


@kernel
def _hidden(
    image: int,
    start: I64Array,
    pixels: I64Array,
    values: F64Array,
    weights_0_1: F64Array,
    layer_1: F64Array,
) -> None:
    """``layer_1 = relu(layer_0.dot(weights_0_1))`` over the image's lit pixels."""
    layer_1[:] = 0.0
    for p in range(start[image], start[image + 1]):
        pixel, value = pixels[p], values[p]
        for j in range(layer_1.shape[0]):
            layer_1[j] += value * weights_0_1[pixel, j]
    for j in range(layer_1.shape[0]):
        layer_1[j] = _relu(layer_1[j])


@kernel
def _output(layer_1: F64Array, weights_1_2: F64Array, layer_2: F64Array) -> None:
    """``layer_2 = layer_1.dot(weights_1_2)``."""
    layer_2[:] = 0.0
    for j in range(layer_1.shape[0]):
        value = layer_1[j]
        for c in range(layer_2.shape[0]):
            layer_2[c] += value * weights_1_2[j, c]


@kernel
def _squared_errors(target: F64Array, layer_2: F64Array, into: F64Array, first: int) -> None:
    """``(target - layer_2) ** 2`` into ``into[first:]`` (numpy squares by multiplying)."""
    for c in range(layer_2.shape[0]):
        difference = target[c] - layer_2[c]
        into[first + c] = difference * difference


@kernel
def evaluate(
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    start: I64Array,
    pixels: I64Array,
    values: F64Array,
    targets: F64Array,
    digits: I64Array,
) -> tuple[float, int]:
    """The test loop: the summed squared error (image by image) and the correct count."""
    layer_1 = np.empty(weights_0_1.shape[1])
    layer_2 = np.empty(weights_1_2.shape[1])
    squares = np.empty(weights_1_2.shape[1])
    error, correct = 0.0, 0
    for i in range(start.shape[0] - 1):
        _hidden(i, start, pixels, values, weights_0_1, layer_1)
        _output(layer_1, weights_1_2, layer_2)
        _squared_errors(targets[i], layer_2, squares, 0)
        error += pairwise_sum(squares, 0, squares.shape[0])
        correct += _argmax(layer_2) == digits[i]
    return error, correct


@kernel
def per_image_epoch(
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    start: I64Array,
    pixels: I64Array,
    values: F64Array,
    targets: F64Array,
    digits: I64Array,
    alpha: float,
    dropout: bool,
    masks: I64Array,
) -> tuple[float, int]:
    """One pass of stochastic gradient descent, updating the weights in place.

    With ``dropout``, ``masks[i]`` is image ``i``'s 0/1 mask on the hidden layer: the
    layer is multiplied by ``mask * 2``, its delta by ``mask``.
    """
    hidden, labels = weights_1_2.shape
    layer_1, layer_1_delta = np.empty(hidden), np.empty(hidden)
    layer_2, layer_2_delta, squares = np.empty(labels), np.empty(labels), np.empty(labels)
    error, correct = 0.0, 0
    for i in range(start.shape[0] - 1):
        _hidden(i, start, pixels, values, weights_0_1, layer_1)
        if dropout:
            for j in range(hidden):
                layer_1[j] *= masks[i, j] * 2
        _output(layer_1, weights_1_2, layer_2)
        _squared_errors(targets[i], layer_2, squares, 0)
        error += pairwise_sum(squares, 0, labels)
        correct += _argmax(layer_2) == digits[i]
        for c in range(labels):
            layer_2_delta[c] = targets[i, c] - layer_2[c]
        # layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1): the derivative, as
        # printed (output >= 0), is 1 for every relu output.
        layer_1_delta[:] = 0.0
        for c in range(labels):
            delta = layer_2_delta[c]
            for j in range(hidden):
                layer_1_delta[j] += delta * weights_1_2[j, c]
        for j in range(hidden):
            layer_1_delta[j] *= 1.0 if layer_1[j] >= 0 else 0.0
            if dropout:
                layer_1_delta[j] *= masks[i, j]
        for j in range(hidden):
            value = layer_1[j]
            for c in range(labels):
                weights_1_2[j, c] += alpha * (value * layer_2_delta[c])
        for p in range(start[i], start[i + 1]):
            pixel, value = pixels[p], values[p]
            for j in range(hidden):
                weights_0_1[pixel, j] += alpha * (value * layer_1_delta[j])
    return error, correct


@kernel
def _hidden_deltas(
    layer_2_delta: F64Array,
    columns_1_2: F64Array,
    layer_1: F64Array,
    masks: I64Array,
    first: int,
    into: F64Array,
) -> None:
    """``layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1) * mask`` for a batch.

    ``columns_1_2`` is ``weights_1_2.T``, contiguous, so the loop runs along memory; each
    sum still adds the labels in order. ``relu2deriv`` (``>= 0``) is 1 for any relu output.
    """
    into[:] = 0.0
    for b in range(into.shape[0]):
        for c in range(layer_2_delta.shape[1]):
            delta = layer_2_delta[b, c]
            for j in range(into.shape[1]):
                into[b, j] += delta * columns_1_2[c, j]
        for j in range(into.shape[1]):
            into[b, j] *= 1.0 if layer_1[b, j] >= 0 else 0.0
            into[b, j] *= masks[first + b, j]


@kernel
def _pixel_sum(
    entry_start: I64Array,
    entry_image: I64Array,
    entry_values: F64Array,
    lit: int,
    deltas: F64Array,
    into: F64Array,
) -> None:
    """One row of ``layer_0.T.dot(deltas)``: the batch's images where the pixel is lit, in
    order (the others add zeros)."""
    into[:] = 0.0
    for e in range(entry_start[lit], entry_start[lit + 1]):
        b, value = entry_image[e], entry_values[e]
        for j in range(into.shape[0]):
            into[j] += value * deltas[b, j]


@kernel
def batch_epoch(
    weights_0_1: F64Array,
    weights_1_2: F64Array,
    start: I64Array,
    pixels: I64Array,
    values: F64Array,
    targets: F64Array,
    digits: I64Array,
    batch_pixel_start: I64Array,
    batch_pixels: I64Array,
    entry_start: I64Array,
    entry_image: I64Array,
    entry_values: F64Array,
    alpha: float,
    batch_size: int,
    repeats: int,
    masks: I64Array,
) -> tuple[float, int]:
    """One pass of mini-batch gradient descent with dropout, updating the weights in place.

    ``masks[i]`` is image ``i``'s dropout mask (its row of the book's one draw per batch).
    The batch's forward pass runs once; the deltas and both updates run ``repeats`` times
    (1 as the meap prints it; ``batch_size`` in the published code, whose updates sit
    inside the per-image accuracy loop). ``weights_0_1``'s increment is summed over the
    batch pixel by pixel (``batch_*`` and ``entry_*``, see ``BatchColumns``).

    Repeated updates: repeat ``t`` (from 0) computes the hidden deltas from
    ``weights_1_2`` after ``t`` additions of the same increment, and they are linear in
    it. So ``weights_0_1``'s increment at repeat ``t`` is taken as ``first + t * change``,
    two products per batch (``change`` from the increment of ``weights_1_2``) instead of
    ``repeats``; each repeat still adds its own ``alpha * increment``, in order. This is
    the one place the arithmetic is not the book's: the book's products see the rounding
    of each addition to ``weights_1_2``, a difference of a few ulps, like a BLAS's other
    summation order. With one repeat it is the book's product.
    """
    hidden, labels = weights_1_2.shape
    layer_1 = np.empty((batch_size, hidden))
    layer_2 = np.empty((batch_size, labels))
    layer_2_delta = np.empty((batch_size, labels))
    layer_1_delta = np.empty((batch_size, hidden))
    delta_change = np.empty((batch_size, hidden))
    squares = np.empty(batch_size * labels)
    increment_1_2 = np.empty((hidden, labels))
    columns_1_2 = np.empty((labels, hidden))
    column_increment = np.empty((labels, hidden))
    increment, change = np.empty(hidden), np.empty(hidden)
    error, correct = 0.0, 0
    for batch in range((start.shape[0] - 1) // batch_size):
        first = batch * batch_size
        for b in range(batch_size):
            i = first + b
            _hidden(i, start, pixels, values, weights_0_1, layer_1[b])
            for j in range(hidden):
                layer_1[b, j] *= masks[i, j] * 2
            _output(layer_1[b], weights_1_2, layer_2[b])
            _squared_errors(targets[i], layer_2[b], squares, b * labels)
        error += pairwise_sum(squares, 0, batch_size * labels)
        for b in range(batch_size):
            correct += _argmax(layer_2[b]) == digits[first + b]
            for c in range(labels):
                layer_2_delta[b, c] = (targets[first + b, c] - layer_2[b, c]) / batch_size
        # alpha * layer_1.T.dot(layer_2_delta): the same every repeat, computed once.
        increment_1_2[:] = 0.0
        for b in range(batch_size):
            for j in range(hidden):
                value = layer_1[b, j]
                for c in range(labels):
                    increment_1_2[j, c] += value * layer_2_delta[b, c]
        for j in range(hidden):
            for c in range(labels):
                increment_1_2[j, c] = alpha * increment_1_2[j, c]
                column_increment[c, j] = increment_1_2[j, c]
                columns_1_2[c, j] = weights_1_2[j, c]
        _hidden_deltas(layer_2_delta, columns_1_2, layer_1, masks, first, layer_1_delta)
        if repeats > 1:
            _hidden_deltas(layer_2_delta, column_increment, layer_1, masks, first, delta_change)
        for j in range(hidden):
            for c in range(labels):
                for _ in range(repeats):
                    weights_1_2[j, c] += increment_1_2[j, c]
        for q in range(batch_pixel_start[batch], batch_pixel_start[batch + 1]):
            pixel = batch_pixels[q]
            _pixel_sum(entry_start, entry_image, entry_values, q, layer_1_delta, increment)
            if repeats == 1:
                for j in range(hidden):
                    weights_0_1[pixel, j] += alpha * increment[j]
                continue
            _pixel_sum(entry_start, entry_image, entry_values, q, delta_change, change)
            for t in range(repeats):
                for j in range(hidden):
                    weights_0_1[pixel, j] += alpha * (increment[j] + t * change[j])
    return error, correct
