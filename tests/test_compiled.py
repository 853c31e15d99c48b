"""The numba implementation's pieces against numpy. Without numba only the no-numba
behaviour and the mask stream are checked."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from grokking_spec.porting.mnist import as_book_arrays, load_mnist

PACKAGE = "grokking_spec.implementations.compiled"


@pytest.fixture(scope="module")
def compiled() -> ModuleType:
    pytest.importorskip("numba")
    return importlib.import_module(PACKAGE)


def test_without_numba_every_listing_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = {name: module for name, module in sys.modules.items() if name.startswith(PACKAGE)}
    for name in loaded:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "numba", None)  # None: `import numba` raises ImportError
    try:
        package = importlib.import_module(PACKAGE)
        assert package.implementation.listings == {}
        assert "pip install grokking-spec[compiled]" in package.implementation.description
    finally:
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]
        sys.modules.update(loaded)


def test_one_mask_draw_per_pass_is_the_books_stream() -> None:
    # ch08.dropout draws a pass's masks in one call; the book draws one (1, hidden) row per
    # image. Legacy randint(2) takes one 32-bit word per element, whatever the shape.
    per_image, one_call = np.random.RandomState(1), np.random.RandomState(1)
    rows = [per_image.randint(2, size=(1, 100)) for _ in range(1000)]
    assert np.array_equal(np.concatenate(rows), one_call.randint(2, size=(1000, 100)))
    assert per_image.random_sample() == one_call.random_sample()


def test_pairwise_sum_is_numpys_sum(compiled: ModuleType) -> None:
    from grokking_spec.implementations.compiled.mnist_kernels import pairwise_sum

    random = np.random.RandomState(0)
    for count in [1, 7, 8, 9, 10, 15, 16, 17, 127, 128, 129, 130, 255, 256, 257, 1000, 4099]:
        values = random.standard_normal(count) * 10.0 ** random.randint(-8, 8, size=count)
        assert pairwise_sum(values, 0, count) == float(np.sum(values)), count


def _images() -> tuple[Any, Any]:
    images, labels, _, _ = as_book_arrays(load_mnist())
    return images, labels


def test_sparse_images_hold_every_lit_pixel(compiled: ModuleType) -> None:
    from grokking_spec.implementations.compiled.sparse_images import batch_columns, sparse

    images, labels = _images()
    rows = sparse(images[:300], labels[:300])
    rebuilt = np.zeros((300, 784))
    for i in range(300):
        lit = slice(rows.start[i], rows.start[i + 1])
        rebuilt[i, rows.pixels[lit]] = rows.values[lit]
    assert np.array_equal(rebuilt, images[:300])
    assert 0.15 < len(rows.pixels) / rebuilt.size < 0.25  # about 81% of pixels are blank
    columns = batch_columns(images[:300], 100)
    for batch in range(3):
        rebuilt = np.zeros((100, 784))
        for q in range(columns.pixel_start[batch], columns.pixel_start[batch + 1]):
            lit = slice(columns.entry_start[q], columns.entry_start[q + 1])
            rebuilt[columns.image[lit], columns.pixels[q]] = columns.values[lit]
        assert np.array_equal(rebuilt, images[batch * 100 : (batch + 1) * 100])


def test_repeated_batch_updates_follow_the_literal_products(compiled: ModuleType) -> None:
    """The published mini-batch code's 100 updates per batch, computed by linearity, stay
    within a few ulps of 100 literal products (the book's arithmetic, in numpy).

    Run on one batch of 20 images (20 repeats) to stay fast. Measured on the first batch
    of 100: weights_0_1 within 5.6e-17 (4 ulps of 0.1), weights_1_2 within 1.4e-15 (its
    increment's other summation order, added 100 times); the bounds are ten times that. A
    wrong repeat offset moves weights_0_1 by 1e-5.
    """
    from grokking_spec.implementations.compiled import mnist_kernels
    from grokking_spec.implementations.compiled.sparse_images import batch_columns, sparse

    images, labels = _images()
    images, labels, alpha, size = images[:20], labels[:20], 0.001, 20
    random = np.random.RandomState(1)
    weights_0_1 = 0.2 * random.random_sample((784, 100)) - 0.1
    weights_1_2 = 0.2 * random.random_sample((100, 10)) - 0.1
    masks = random.randint(2, size=(20, 100))
    literal_0_1, literal_1_2 = weights_0_1.copy(), weights_1_2.copy()
    hidden = images.dot(literal_0_1)
    layer_1 = (hidden >= 0) * hidden * (masks * 2)
    layer_2_delta = (labels - layer_1.dot(literal_1_2)) / size
    increment = alpha * layer_1.T.dot(layer_2_delta)
    for _ in range(size):
        layer_1_delta = layer_2_delta.dot(literal_1_2.T) * masks
        literal_1_2 += increment
        literal_0_1 += alpha * images.T.dot(layer_1_delta)
    rows, columns = sparse(images, labels), batch_columns(images, size)
    mnist_kernels.batch_epoch(
        weights_0_1, weights_1_2, rows.start, rows.pixels, rows.values, rows.targets,
        rows.digits, columns.pixel_start, columns.pixels, columns.entry_start, columns.image,
        columns.values, alpha, size, size, masks,
    )  # fmt: skip
    moved = literal_0_1 - (0.2 * np.random.RandomState(1).random_sample((784, 100)) - 0.1)
    assert np.abs(moved).max() > 1e-4  # the updates did something to compare
    np.testing.assert_allclose(weights_1_2, literal_1_2, rtol=0, atol=1.4e-14)
    np.testing.assert_allclose(weights_0_1, literal_0_1, rtol=0, atol=5.6e-16)


# Whole runs and first iterations of every chapter 6 and 8 variant are the spec's own cases
# (`pytest --grokking-spec --impl compiled`, whole runs under -m full), under the goldens'
# measured tolerances: no second copy of them here.
