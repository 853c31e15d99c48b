"""The book's MNIST subset with the blank pixels left out, built once per process.

About 81% of the pixels are 0. Every product with a 0 pixel is a signed zero, and adding a
zero to a sum that already holds a term (or started at 0.0) leaves it as it was, so sums
over the lit pixels only are the dense sums, and an update of a blank pixel's weights
(adding ``alpha * 0``) changes nothing. Skipping them does a fifth of the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from grokking_spec.porting.mnist import as_book_arrays, load_mnist

F64Array = npt.NDArray[np.float64]
I64Array = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SparseImages:
    """Images by rows (CSR): image ``i``'s lit pixels are ``pixels[start[i]:start[i + 1]]``
    in increasing order, with ``values`` (pixel / 255) alongside; and the labels, one-hot
    (``targets``) and as a digit (``digits``)."""

    start: I64Array
    pixels: I64Array
    values: F64Array
    targets: F64Array
    digits: I64Array

    def __len__(self) -> int:
        return len(self.start) - 1


@dataclass(frozen=True)
class BatchColumns:
    """Each mini-batch by columns (CSC): batch ``n``'s lit pixels are
    ``pixels[pixel_start[n]:pixel_start[n + 1]]`` in increasing order, and lit pixel ``q``
    is lit in the batch's images ``image[entry_start[q]:entry_start[q + 1]]`` (index within
    the batch, increasing), with ``values`` alongside."""

    pixel_start: I64Array
    pixels: I64Array
    entry_start: I64Array
    image: I64Array
    values: F64Array


def sparse(images: F64Array, labels: F64Array) -> SparseImages:
    """The CSR form of dense ``(n, 784)`` images and their one-hot labels."""
    lit_rows, lit_pixels = np.nonzero(images)
    start = np.zeros(len(images) + 1, dtype=np.int64)
    np.cumsum(np.bincount(lit_rows, minlength=len(images)), out=start[1:])
    return SparseImages(
        start=start,
        pixels=lit_pixels.astype(np.int64),
        values=np.ascontiguousarray(images[lit_rows, lit_pixels]),
        targets=np.ascontiguousarray(labels),
        digits=np.argmax(labels, axis=1).astype(np.int64),
    )


def batch_columns(images: F64Array, batch_size: int) -> BatchColumns:
    """The CSC form of every whole mini-batch of ``batch_size`` consecutive images."""
    pixel_start, entry_start = [0], [0]
    pixels: list[I64Array] = []
    image: list[I64Array] = []
    values: list[F64Array] = []
    for first in range(0, len(images) - batch_size + 1, batch_size):
        columns = images[first : first + batch_size].T
        lit_pixels, lit_images = np.nonzero(columns)  # by pixel, then by image
        batch_pixels, counts = np.unique(lit_pixels, return_counts=True)
        pixels.append(batch_pixels.astype(np.int64))
        image.append(lit_images.astype(np.int64))
        values.append(columns[lit_pixels, lit_images])
        pixel_start.append(pixel_start[-1] + len(batch_pixels))
        entry_start.extend((entry_start[-1] + np.cumsum(counts)).tolist())
    return BatchColumns(
        pixel_start=np.array(pixel_start, dtype=np.int64),
        pixels=np.concatenate(pixels),
        entry_start=np.array(entry_start, dtype=np.int64),
        image=np.concatenate(image),
        values=np.concatenate(values),
    )


@cache
def book_data() -> tuple[SparseImages, SparseImages]:
    """The training and test sets of the book's subset (pixels / 255), sparse."""
    images, labels, test_images, test_labels = as_book_arrays(load_mnist())
    return sparse(images, labels), sparse(test_images, test_labels)


@cache
def book_batches(batch_size: int) -> BatchColumns:
    """The training set's mini-batches by columns."""
    images, _, _, _ = as_book_arrays(load_mnist())
    return batch_columns(images, batch_size)
