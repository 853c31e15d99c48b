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

import gzip
import hashlib
import io
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

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

#: Environment variable naming a keras-style ``mnist.npz`` or a directory of IDX files.
MNIST_ENV_VAR: Final = "GROKKING_SPEC_MNIST"

#: How many training images the book uses (the first ones), and how many test images (all).
N_TRAIN: Final = 1000
N_TEST: Final = 10000

#: sha256 of each array's raw C-order bytes (``np.ascontiguousarray(a).tobytes()``):
#: x_* are (n, 28, 28) uint8, y_* are (n,) uint8.
EXPECTED_SHA256: Final[Mapping[str, str]] = MappingProxyType(
    {
        "x_train": "2304e0137aea1f236247daacc2dcaf275996895e40c4bb0760c448434d361d1a",
        "y_train": "b03ead2884240483d956c7feac7a9b39d28685062da0a980bb73d2196dc506b8",
        "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
        "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
    }
)

_KEYS: Final = ("x_train", "y_train", "x_test", "y_test")
_VENDORED_NAME: Final = "grokking_spec/data/mnist_subset.npz"
_KERAS_CACHE: Final = "~/.keras/datasets/mnist.npz"

#: IDX file base names per array; each may also be present with a ``.gz`` suffix.
_IDX_FILES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "x_train": "train-images-idx3-ubyte",
        "y_train": "train-labels-idx1-ubyte",
        "x_test": "t10k-images-idx3-ubyte",
        "y_test": "t10k-labels-idx1-ubyte",
    }
)
_IDX_IMAGES_MAGIC: Final = 2051  # 0x00000803: unsigned bytes, 3 dimensions
_IDX_LABELS_MAGIC: Final = 2049  # 0x00000801: unsigned bytes, 1 dimension
_GZIP_MAGIC: Final = b"\x1f\x8b"

#: What reading a damaged zip/npz member can raise (zipfile.BadZipFile: bad CRC-32, ...).
_READ_ERRORS: Final = (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error)


class MnistDataError(ValueError):
    """MNIST data is missing, unreadable, malformed, or not the expected bytes.

    The message is always one line and starts with the file it is about.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message.replace("\r", " ").replace("\n", " "))


def _error(where: str | os.PathLike[str], problem: str) -> MnistDataError:
    return MnistDataError(f"{os.fspath(where)}: {problem}")


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
    if source is not None:
        return _load_path(Path(os.fspath(source)).expanduser())
    env_value = os.environ.get(MNIST_ENV_VAR, "")
    if env_value:
        try:
            subset = _load_path(Path(env_value).expanduser())
        except MnistDataError as exc:
            raise MnistDataError(f"{exc} (from {MNIST_ENV_VAR}={env_value})") from exc
        return replace(subset, source=f"{MNIST_ENV_VAR}={env_value} ({subset.source})")
    return _load_vendored()


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
    try:
        raw = _vendored_resource().read_bytes()
    except OSError as exc:
        problem = f"cannot read vendored data ({_describe(exc)}); rebuild it with "
        raise _error(_VENDORED_NAME, problem + "tools/build_mnist_subset.py") from exc
    arrays = _read_npz(raw, _VENDORED_NAME)
    return _finish(
        arrays, dict.fromkeys(_KEYS, _VENDORED_NAME), f"vendored subset {_VENDORED_NAME}"
    )


def _load_path(path: Path) -> MnistSubset:
    if path.is_dir():
        return _load_idx_dir(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise _error(path, "no such file or directory") from exc
    except OSError as exc:
        raise _error(path, f"cannot read ({_describe(exc)})") from exc
    arrays = _read_npz(raw, str(path))
    keras_cache = Path(_KERAS_CACHE).expanduser()
    if path.resolve() == keras_cache.resolve():
        description = f"keras cache {_KERAS_CACHE}"
    else:
        description = f"npz file {path}"
    return _finish(arrays, dict.fromkeys(_KEYS, str(path)), description)


def _load_idx_dir(directory: Path) -> MnistSubset:
    arrays: dict[str, U8Array] = {}
    names: dict[str, str] = {}
    for key, base in _IDX_FILES.items():
        path = _find_idx_file(directory, base)
        names[key] = str(path)
        if key.startswith("x_"):
            arrays[key] = _read_idx(path, _IDX_IMAGES_MAGIC, (28, 28))
        else:
            arrays[key] = _read_idx(path, _IDX_LABELS_MAGIC, ())
    return _finish(arrays, names, f"IDX files in {directory}")


def _find_idx_file(directory: Path, base: str) -> Path:
    for candidate in (directory / base, directory / f"{base}.gz"):
        if candidate.is_file():
            return candidate
    raise _error(directory / base, "missing IDX file (looked for it plain and .gz)")


# --- formats -------------------------------------------------------------------------------


def _read_npz(raw: bytes, name: str) -> dict[str, U8Array]:
    """The four arrays of an npz's bytes, as stored (shapes/dtypes not yet checked)."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _error(name, "not a readable .npz (zip) file (truncated, corrupt, or another format)")
    arrays: dict[str, U8Array] = {}
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            missing = [key for key in _KEYS if key not in npz.files]
            if missing:
                raise _error(name, f"missing array(s) {', '.join(missing)}")
            for key in _KEYS:
                try:
                    arrays[key] = npz[key]
                except _READ_ERRORS as exc:
                    problem = f"{key}: unreadable ({_describe(exc)}); altered or corrupt data"
                    raise _error(name, problem) from exc
    except MnistDataError:
        raise
    except _READ_ERRORS as exc:
        raise _error(name, f"unreadable .npz ({_describe(exc)})") from exc
    return arrays


def _read_idx(path: Path, magic: int, item_shape: tuple[int, ...]) -> U8Array:
    """Parse one IDX file (plain or gzipped) of unsigned bytes by hand."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _error(path, f"cannot read ({_describe(exc)})") from exc
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise _error(path, f"corrupt gzip data ({_describe(exc)})") from exc
    if len(raw) < 4:
        raise _error(path, f"truncated IDX header ({len(raw)} bytes)")
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        raise _error(path, f"bad IDX magic number {found}, expected {magic}")
    ndim = raw[3]
    header_len = 4 + 4 * ndim
    if len(raw) < header_len:
        raise _error(path, f"truncated IDX header ({len(raw)} of {header_len} bytes)")
    dims = struct.unpack(f">{ndim}I", raw[4:header_len])
    if tuple(dims[1:]) != item_shape:
        expected = "x".join(["n", *map(str, item_shape)])
        raise _error(path, f"wrong IDX dimensions {dims}, expected {expected}")
    n_bytes = int(np.prod(dims, dtype=np.int64))
    body = len(raw) - header_len
    if body < n_bytes:
        raise _error(path, f"truncated IDX data ({body} of {n_bytes} bytes)")
    if body > n_bytes:
        raise _error(path, f"{body - n_bytes} unexpected trailing bytes after IDX data")
    return np.frombuffer(raw, dtype=np.uint8, offset=header_len).reshape(dims)


# --- checks --------------------------------------------------------------------------------


def _finish(
    arrays: Mapping[str, U8Array], names: Mapping[str, str], description: str
) -> MnistSubset:
    """Check shapes and dtypes, keep the book's part, verify hashes, freeze."""
    for key in _KEYS:
        array = arrays[key]
        if array.dtype != np.uint8:
            raise _error(names[key], f"{key} has dtype {array.dtype}, expected uint8")
        item_shape = (28, 28) if key.startswith("x_") else ()
        if array.ndim != 1 + len(item_shape) or array.shape[1:] != item_shape:
            wanted = "(n, 28, 28)" if item_shape else "(n,)"
            raise _error(names[key], f"{key} has shape {array.shape}, expected {wanted}")
    for split, count, exact in (("train", N_TRAIN, False), ("test", N_TEST, True)):
        n_images, n_labels = len(arrays[f"x_{split}"]), len(arrays[f"y_{split}"])
        if n_images != n_labels:
            problem = f"{n_labels} y_{split} labels for {n_images} x_{split} images"
            raise _error(names[f"y_{split}"], problem)
        if n_images < count or (exact and n_images != count):
            need = f"{'exactly' if exact else 'at least'} {count}"
            problem = f"x_{split} has {n_images} images, expected {need}"
            raise _error(names[f"x_{split}"], problem)

    kept: dict[str, U8Array] = {}
    for key in _KEYS:
        array = arrays[key][: N_TRAIN if key.endswith("_train") else N_TEST].copy()
        digest = hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
        if digest != EXPECTED_SHA256[key]:
            raise _error(names[key], f"{key} sha256 mismatch (altered or corrupt data)")
        array.flags.writeable = False
        kept[key] = array
    return MnistSubset(
        x_train=kept["x_train"],
        y_train=kept["y_train"],
        x_test=kept["x_test"],
        y_test=kept["y_test"],
        source=description,
    )


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text


def load_data() -> tuple[tuple[U8Array, U8Array], tuple[U8Array, U8Array]]:
    """``keras.datasets.mnist.load_data()`` for the book's subset, offline.

    A reader's chapter 8 script can replace ``from keras.datasets import mnist`` and
    ``mnist.load_data()`` with ``from grokking_spec.porting.mnist import load_data``: the
    arrays are uint8 like keras's, with the 1000 training images the book keeps (so its
    ``x_train[0:1000]`` slices are unchanged) and all 10000 test images.
    """
    data = load_mnist()
    return (data.x_train, data.y_train), (data.x_test, data.y_test)
