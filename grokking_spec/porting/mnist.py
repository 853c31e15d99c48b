"""The MNIST data the book's listings train on, loaded offline and verified.

The book (chapter 8 on) uses the first 1000 MNIST training images and all 10000 test
images. That subset ships with the project as ``grokking_spec/data/mnist_subset.npz``
(built by ``tools/build_mnist_subset.py``), so nothing here touches the network.

Where the data comes from, when ``load_mnist()`` is given no ``source``:

1. the environment variable ``GROKKING_SPEC_MNIST``, if set and non-empty: a path to a
   keras-style ``mnist.npz`` or to a directory holding the four original IDX files;
2. otherwise the vendored subset.

The keras cache ``~/.keras/datasets/mnist.npz`` is *not* probed automatically, so results
never depend on what happens to be in the user's home directory; pass it as ``source`` (or
through ``GROKKING_SPEC_MNIST``) to use it.

Whatever the source, the four arrays returned are checked against pinned sha256 digests, so
every source yields byte-identical data or a :class:`MnistDataError`. Pickles are never
loaded: every ``np.load`` here passes ``allow_pickle=False``.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

from grokking_spec.porting.mnist_bytes import (
    EXPECTED_SHA256,
    IDX_FILES,
    IDX_IMAGES_MAGIC,
    IDX_LABELS_MAGIC,
    IMAGE_SHAPE,
    KEYS,
    MNIST_ENV_VAR,
    N_TEST,
    N_TRAIN,
    READ_ERRORS,
    VENDORED_NAME,
    MnistDataError,
    check_digest,
    data_error,
    describe,
    find_idx_file,
    open_npz,
    read_data_file,
    read_idx,
    read_vendored,
    select_source,
)

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "EXPECTED_SHA256",
    "MNIST_ENV_VAR",
    "N_TEST",
    "N_TRAIN",
    "MnistDataError",
    "MnistSubset",
    "as_book_arrays",
    "load_mnist",
]

U8Array = npt.NDArray[np.uint8]
F64Array = npt.NDArray[np.float64]

_KERAS_CACHE: Final = "~/.keras/datasets/mnist.npz"


@dataclass(frozen=True, eq=False)
class MnistSubset:
    """The book's MNIST subset: read-only uint8 arrays, verified against their sha256.

    ``x_train`` is (1000, 28, 28), ``y_train`` (1000,), ``x_test`` (10000, 28, 28),
    ``y_test`` (10000,). ``source`` says where the data was read from.
    """

    x_train: U8Array
    y_train: U8Array
    x_test: U8Array
    y_test: U8Array
    source: str


def load_mnist(source: str | os.PathLike[str] | None = None) -> MnistSubset:
    """Load and verify the book's MNIST subset.

    ``source`` may be a ``.npz`` file (the vendored subset's layout, or keras's
    ``mnist.npz`` with all 60000 training images, of which the first 1000 are kept) or a
    directory holding ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each plain or gzipped (a
    plain file is preferred over its ``.gz`` twin; gzip is recognised by content, not
    name). Only the arrays kept are hashed, so IDX files or an npz with at least 1000
    training images and exactly 10000 test images are accepted if those match.

    With ``source=None``: ``$GROKKING_SPEC_MNIST`` if set and non-empty, else the vendored
    subset. The keras cache is deliberately not probed (see the module docstring). A source
    that fails is an error; there is no silent fallback to another source.

    Raises :class:`MnistDataError` (a ``ValueError``) with a one-line message naming the file
    on a missing file, an unreadable/corrupt/truncated file, a wrong array, or a sha256
    mismatch.
    """
    return select_source(source, _load_path, _load_vendored, _relabel)


def _relabel(subset: MnistSubset, source: str) -> MnistSubset:
    return replace(subset, source=source)


def as_book_arrays(data: MnistSubset) -> tuple[F64Array, F64Array, F64Array, F64Array]:
    """The book's chapter-8 preprocessing: ``(images, labels, test_images, test_labels)``.

    Images become (n, 784) float64 ``x.reshape(n, 784) / 255``; labels become one-hot
    (n, 10) float64 rows.
    """
    images: F64Array = data.x_train.reshape(len(data.x_train), 28 * 28) / 255
    test_images: F64Array = data.x_test.reshape(len(data.x_test), 28 * 28) / 255
    return images, _one_hot(data.y_train), test_images, _one_hot(data.y_test)


def _one_hot(labels: U8Array) -> F64Array:
    one_hot = np.zeros((len(labels), 10), dtype=np.float64)
    one_hot[np.arange(len(labels)), labels] = 1.0
    return one_hot


# --- sources -------------------------------------------------------------------------------


def _vendored_resource() -> Traversable:
    return resources.files("grokking_spec") / "data" / "mnist_subset.npz"


def _load_vendored() -> MnistSubset:
    arrays = _read_npz(read_vendored(_vendored_resource()), VENDORED_NAME)
    return _finish(arrays, dict.fromkeys(KEYS, VENDORED_NAME), f"vendored subset {VENDORED_NAME}")


def _load_path(path: Path) -> MnistSubset:
    if path.is_dir():
        return _load_idx_dir(path)
    arrays = _read_npz(read_data_file(path), str(path))
    keras_cache = Path(_KERAS_CACHE).expanduser()
    if path.resolve() == keras_cache.resolve():
        description = f"keras cache {_KERAS_CACHE}"
    else:
        description = f"npz file {path}"
    return _finish(arrays, dict.fromkeys(KEYS, str(path)), description)


def _load_idx_dir(directory: Path) -> MnistSubset:
    arrays: dict[str, U8Array] = {}
    names: dict[str, str] = {}
    for key, base in IDX_FILES.items():
        path = find_idx_file(directory, base)
        names[key] = str(path)
        magic, item_shape = (
            (IDX_IMAGES_MAGIC, IMAGE_SHAPE) if key.startswith("x_") else (IDX_LABELS_MAGIC, ())
        )
        dims, body = read_idx(path, magic, item_shape)
        arrays[key] = np.frombuffer(body, dtype=np.uint8).reshape(dims)
    return _finish(arrays, names, f"IDX files in {directory}")


# --- formats -------------------------------------------------------------------------------


def _read_npz(raw: bytes, name: str) -> dict[str, U8Array]:
    """The four arrays of an npz's bytes, as stored (shapes/dtypes not yet checked)."""
    with open_npz(raw, name) as archive:
        for key in KEYS:
            _check_npy_claim(archive, key, name)
    arrays: dict[str, U8Array] = {}
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            for key in KEYS:
                try:
                    arrays[key] = npz[key]
                except READ_ERRORS as exc:
                    problem = f"{key}: unreadable ({describe(exc)}); altered or corrupt data"
                    raise data_error(name, problem) from exc
    except MnistDataError:
        raise
    except READ_ERRORS as exc:
        raise data_error(name, f"unreadable .npz ({describe(exc)})") from exc
    return arrays


def _check_npy_claim(archive: zipfile.ZipFile, key: str, name: str) -> None:
    """A member whose header claims more data than it holds is refused before numpy
    allocates the claimed array (``np.load`` allocates first, then reads)."""
    try:
        with archive.open(f"{key}.npy") as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(member)
            else:
                shape, _, dtype = np.lib.format.read_array_header_2_0(member)
    except READ_ERRORS as exc:
        raise data_error(name, f"{key}: unreadable .npy header ({describe(exc)})") from exc
    claimed = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if not dtype.hasobject and claimed > archive.getinfo(f"{key}.npy").file_size:
        problem = f"{key}: header claims shape {shape} ({claimed} bytes), more than it holds"
        raise data_error(name, problem)


# --- checks --------------------------------------------------------------------------------


def _finish(
    arrays: Mapping[str, U8Array], names: Mapping[str, str], description: str
) -> MnistSubset:
    """Check shapes and dtypes, keep the book's part, verify hashes, freeze."""
    for key in KEYS:
        array = arrays[key]
        if array.dtype != np.uint8:
            raise data_error(names[key], f"{key} has dtype {array.dtype}, expected uint8")
        item_shape = (28, 28) if key.startswith("x_") else ()
        if array.ndim != 1 + len(item_shape) or array.shape[1:] != item_shape:
            wanted = "(n, 28, 28)" if item_shape else "(n,)"
            raise data_error(names[key], f"{key} has shape {array.shape}, expected {wanted}")
    for split, count, exact in (("train", N_TRAIN, False), ("test", N_TEST, True)):
        n_images, n_labels = len(arrays[f"x_{split}"]), len(arrays[f"y_{split}"])
        if n_images != n_labels:
            problem = f"{n_labels} y_{split} labels for {n_images} x_{split} images"
            raise data_error(names[f"y_{split}"], problem)
        if n_images < count or (exact and n_images != count):
            need = f"{'exactly' if exact else 'at least'} {count}"
            problem = f"x_{split} has {n_images} images, expected {need}"
            raise data_error(names[f"x_{split}"], problem)

    kept: dict[str, U8Array] = {}
    for key in KEYS:
        array = arrays[key][: N_TRAIN if key.endswith("_train") else N_TEST].copy()
        check_digest(key, np.ascontiguousarray(array).tobytes(), names[key])
        array.flags.writeable = False
        kept[key] = array
    return MnistSubset(
        x_train=kept["x_train"],
        y_train=kept["y_train"],
        x_test=kept["x_test"],
        y_test=kept["y_test"],
        source=description,
    )


def load_data() -> tuple[tuple[U8Array, U8Array], tuple[U8Array, U8Array]]:
    """``keras.datasets.mnist.load_data()`` for the book's subset, offline.

    A reader's chapter 8 script can replace ``from keras.datasets import mnist`` and
    ``mnist.load_data()`` with ``from grokking_spec.porting.mnist import load_data``: the
    arrays are uint8 like keras's, with the 1000 training images the book keeps (so its
    ``x_train[0:1000]`` slices are unchanged) and all 10000 test images.
    """
    data = load_mnist()
    return (data.x_train, data.y_train), (data.x_test, data.y_test)
