"""The book's MNIST subset as verified raw bytes, without numpy; and what both loaders share.

``load_mnist_bytes()`` gives pure-Python implementations the same data ``porting.mnist``
gives numpy ones, from the same sources (``source``, else ``$GROKKING_SPEC_MNIST``, else the
vendored subset) and checked against the same pinned sha256 digests, which live here.

Anything at a data path is read defensively: only regular files (a FIFO or ``/dev/zero``
is refused, not read), at most ``MAX_FILE_BYTES``, never more than ``MAX_DATA_BYTES``
decompressed, and an IDX or ``.npy`` header that claims more data than that is refused from
the header, before anything is allocated. Every error is one ``MnistDataError`` line that
starts with the file it is about.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from grokking_spec.bounded_file import FileRefused, read_regular_file

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

#: Environment variable naming a keras-style ``mnist.npz`` or a directory of IDX files.
MNIST_ENV_VAR: Final = "GROKKING_SPEC_MNIST"

#: How many training images the book uses (the first ones), and how many test images (all).
N_TRAIN: Final = 1000
N_TEST: Final = 10000
IMAGE_SHAPE: Final = (28, 28)

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

KEYS: Final = ("x_train", "y_train", "x_test", "y_test")
VENDORED_NAME: Final = "grokking_spec/data/mnist_subset.npz"

#: Largest file read: keras's mnist.npz is 11 MB, the plain training-image IDX file 47 MB.
MAX_FILE_BYTES: Final = 64 * 2**20
#: Largest decompressed content (one gzip stream, or one npz member) accepted.
MAX_DATA_BYTES: Final = 64 * 2**20

#: IDX file base names per array; each may also be present with a ``.gz`` suffix.
IDX_FILES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "x_train": "train-images-idx3-ubyte",
        "y_train": "train-labels-idx1-ubyte",
        "x_test": "t10k-images-idx3-ubyte",
        "y_test": "t10k-labels-idx1-ubyte",
    }
)
IDX_IMAGES_MAGIC: Final = 2051  # 0x00000803: unsigned bytes, 3 dimensions
IDX_LABELS_MAGIC: Final = 2049  # 0x00000801: unsigned bytes, 1 dimension
_GZIP_MAGIC: Final = b"\x1f\x8b"

#: What reading a damaged zip or gzip member can raise (zipfile.BadZipFile: bad CRC-32, ...).
READ_ERRORS: Final = (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error)


class MnistDataError(ValueError):
    """MNIST data is missing, unreadable, malformed, or not the expected bytes.

    The message is always one line and starts with the file it is about.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message.replace("\r", " ").replace("\n", " "))


def data_error(where: str | os.PathLike[str], problem: str) -> MnistDataError:
    return MnistDataError(f"{os.fspath(where)}: {problem}")


def describe(exc: BaseException) -> str:
    """``TypeName: text`` of an exception, never failing (its ``__str__`` might)."""
    name = type(exc).__name__
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - a message must come out whatever __str__ does
        text = ""
    return f"{name}: {text}" if text and text != name else name


# --- reading files -------------------------------------------------------------------------


def read_data_file(path: Path) -> bytes:
    """A data file's bytes: a regular file of at most ``MAX_FILE_BYTES``, else an error."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError as exc:
        raise data_error(path, "no such file or directory") from exc
    except FileRefused as exc:
        raise data_error(path, f"refused: {exc}") from exc
    except OSError as exc:
        raise data_error(path, f"cannot read ({describe(exc)})") from exc


def read_vendored(resource: Traversable) -> bytes:
    """The vendored subset's bytes (unverified: its arrays are checked once read)."""
    try:
        with resources.as_file(resource) as path:
            return read_regular_file(path, MAX_FILE_BYTES)
    except (OSError, FileRefused) as exc:
        problem = f"cannot read vendored data ({describe(exc)}); rebuild it with "
        raise data_error(VENDORED_NAME, problem + "tools/build_mnist_subset.py") from exc


def vendored_resource() -> Traversable:
    return resources.files("grokking_spec") / "data" / "mnist_subset.npz"


def find_idx_file(directory: Path, base: str) -> Path:
    for candidate in (directory / base, directory / f"{base}.gz"):
        if candidate.is_file():
            return candidate
    raise data_error(directory / base, "missing IDX file (looked for it plain and .gz)")


def read_idx(path: Path, magic: int, item_shape: tuple[int, ...]) -> tuple[tuple[int, ...], bytes]:
    """Dimensions and data bytes of one IDX file (plain or gzipped) of unsigned bytes.

    The dimensions are checked against the data they claim before any more is read.
    """
    raw = read_data_file(path)
    stream: io.BufferedIOBase = io.BytesIO(raw)
    if raw[:2] == _GZIP_MAGIC:
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
    try:
        head = stream.read(4)
        if len(head) < 4:
            raise data_error(path, f"truncated IDX header ({len(head)} bytes)")
        found = int.from_bytes(head, "big")
        if found != magic:
            raise data_error(path, f"bad IDX magic number {found}, expected {magic}")
        ndim = head[3]
        header_len = 4 + 4 * ndim
        rest = stream.read(4 * ndim)
        if len(rest) < 4 * ndim:
            raise data_error(path, f"truncated IDX header ({4 + len(rest)} of {header_len} bytes)")
        dims = struct.unpack(f">{ndim}I", rest)
        if tuple(dims[1:]) != item_shape:
            expected = "x".join(["n", *map(str, item_shape)])
            raise data_error(path, f"wrong IDX dimensions {dims}, expected {expected}")
        n_bytes = _product(dims)
        if n_bytes > MAX_DATA_BYTES:
            problem = f"IDX header claims {dims[0]} items ({n_bytes} bytes), over the limit"
            raise data_error(path, f"{problem} of {MAX_DATA_BYTES}")
        body = stream.read(n_bytes + 1)  # one more: trailing bytes are an error too
    except MnistDataError:
        raise
    except READ_ERRORS as exc:
        raise data_error(path, f"corrupt gzip data ({describe(exc)})") from exc
    if len(body) < n_bytes:
        raise data_error(path, f"truncated IDX data ({len(body)} of {n_bytes} bytes)")
    if len(body) > n_bytes:
        extra = len(raw) - header_len - n_bytes if raw[:2] != _GZIP_MAGIC else "some"
        raise data_error(path, f"{extra} unexpected trailing bytes after IDX data")
    return dims, body


def check_npz_sizes(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse, before decompressing anything, members that claim too many bytes."""
    for info in archive.infolist():
        if info.file_size > MAX_DATA_BYTES:
            problem = f"{info.filename} claims {info.file_size} bytes, over {MAX_DATA_BYTES}"
            raise data_error(name, f"{problem} (refused before reading)")


def open_npz(raw: bytes, name: str) -> zipfile.ZipFile:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise data_error(
            name, "not a readable .npz (zip) file (truncated, corrupt, or another format)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except READ_ERRORS as exc:
        raise data_error(name, f"unreadable .npz ({describe(exc)})") from exc
    check_npz_sizes(archive, name)
    missing = [key for key in KEYS if f"{key}.npy" not in archive.namelist()]
    if missing:
        raise data_error(name, f"missing array(s) {', '.join(missing)}")
    return archive


# --- the numpy-free reader -----------------------------------------------------------------

#: The header numpy writes for a C-order uint8 array, the only kind read here.
_NPY_HEADER = re.compile(
    r"\{'descr': '\|u1', 'fortran_order': False, 'shape': \((\d+(?:, \d+)*)?,?\), \} *\n"
)


def read_npy_uint8(archive: zipfile.ZipFile, key: str, name: str) -> tuple[tuple[int, ...], bytes]:
    """Shape and raw bytes of one C-order uint8 ``.npy`` member (format 1.0, 2.0 or 3.0)."""
    try:
        raw = archive.read(f"{key}.npy")
    except READ_ERRORS as exc:
        problem = f"{key}: unreadable ({describe(exc)}); altered or corrupt data"
        raise data_error(name, problem) from exc
    if raw[:6] != b"\x93NUMPY" or raw[6:7] not in (b"\x01", b"\x02", b"\x03"):
        raise data_error(name, f"{key}: not a .npy file")
    size_bytes = 2 if raw[6] == 1 else 4
    start = 8 + size_bytes
    header_len = int.from_bytes(raw[8:start], "little")
    match = _NPY_HEADER.fullmatch(raw[start : start + header_len].decode("latin-1"))
    if match is None:
        raise data_error(name, f"{key}: expected a C-order uint8 array (.npy header)")
    shape = tuple(int(dim) for dim in (match.group(1) or "").split(", ") if dim)
    data = raw[start + header_len :]
    if len(data) != _product(shape):
        problem = f"{key}: {len(data)} data bytes for shape {shape}"
        raise data_error(name, problem)
    return shape, data


@dataclass(frozen=True)
class MnistBytes:
    """The book's subset as raw uint8 bytes in C order, verified against EXPECTED_SHA256.

    ``x_train`` holds N_TRAIN images of 28 x 28 bytes, one after the other; ``y_train`` one
    label byte per image; likewise ``x_test``/``y_test`` with N_TEST. ``source`` says where
    the data was read from.
    """

    x_train: bytes
    y_train: bytes
    x_test: bytes
    y_test: bytes
    source: str


def load_mnist_bytes(source: str | os.PathLike[str] | None = None) -> MnistBytes:
    """The verified subset as bytes, from the sources ``porting.mnist.load_mnist`` reads.

    A ``.npz`` (C-order uint8 members) or a directory of IDX files; ``None`` means
    ``$GROKKING_SPEC_MNIST`` if set and non-empty, else the vendored subset.
    """
    return select_source(source, _bytes_from_path, _bytes_from_vendored, _relabel)


def _relabel(data: MnistBytes, source: str) -> MnistBytes:
    return MnistBytes(data.x_train, data.y_train, data.x_test, data.y_test, source)


def _bytes_from_vendored() -> MnistBytes:
    arrays = _npz_bytes(read_vendored(vendored_resource()), VENDORED_NAME)
    names = dict.fromkeys(KEYS, VENDORED_NAME)
    return _verified(arrays, names, f"vendored subset {VENDORED_NAME}")


def _bytes_from_path(path: Path) -> MnistBytes:
    if path.is_dir():
        arrays, names = {}, {}
        for key, base in IDX_FILES.items():
            found = find_idx_file(path, base)
            magic, item = (
                (IDX_IMAGES_MAGIC, IMAGE_SHAPE) if key[0] == "x" else (IDX_LABELS_MAGIC, ())
            )
            arrays[key] = read_idx(found, magic, item)
            names[key] = str(found)
        return _verified(arrays, names, f"IDX files in {path}")
    arrays = _npz_bytes(read_data_file(path), str(path))
    return _verified(arrays, dict.fromkeys(KEYS, str(path)), f"npz file {path}")


def _npz_bytes(raw: bytes, name: str) -> dict[str, tuple[tuple[int, ...], bytes]]:
    with open_npz(raw, name) as archive:
        return {key: read_npy_uint8(archive, key, name) for key in KEYS}


def _verified(
    arrays: Mapping[str, tuple[tuple[int, ...], bytes]], names: Mapping[str, str], source: str
) -> MnistBytes:
    kept = {}
    for key in KEYS:
        shape, data = arrays[key]
        item_shape = IMAGE_SHAPE if key[0] == "x" else ()
        if shape[1:] != item_shape or len(shape) != 1 + len(item_shape):
            wanted = "(n, 28, 28)" if item_shape else "(n,)"
            raise data_error(names[key], f"{key} has shape {shape}, expected {wanted}")
        count = N_TRAIN if key.endswith("_train") else N_TEST
        if shape[0] < count or (key.endswith("_test") and shape[0] != count):
            raise data_error(names[key], f"{key} has {shape[0]} items, expected {count}")
        part = data[: count * _product(item_shape)]
        check_digest(key, part, names[key])
        kept[key] = part
    return MnistBytes(kept["x_train"], kept["y_train"], kept["x_test"], kept["y_test"], source)


# --- shared checks -------------------------------------------------------------------------


def check_digest(key: str, data: bytes, name: str) -> None:
    """``data`` (an array's kept part, C-order bytes) must have the pinned sha256."""
    if hashlib.sha256(data).hexdigest() != EXPECTED_SHA256[key]:
        raise data_error(name, f"{key} sha256 mismatch (altered or corrupt data)")


class _Sourced(Protocol):
    @property
    def source(self) -> str: ...


Loaded = TypeVar("Loaded", bound=_Sourced)


def select_source(
    source: str | os.PathLike[str] | None,
    from_path: Callable[[Path], Loaded],
    from_vendored: Callable[[], Loaded],
    relabel: Callable[[Loaded, str], Loaded],
) -> Loaded:
    """``source``, else ``$GROKKING_SPEC_MNIST`` (named in errors and the result), else the
    vendored subset. A source that fails is an error; there is no fallback to another."""
    if source is not None:
        return from_path(Path(os.fspath(source)).expanduser())
    env_value = os.environ.get(MNIST_ENV_VAR, "")
    if not env_value:
        return from_vendored()
    try:
        loaded = from_path(Path(env_value).expanduser())
    except MnistDataError as exc:
        raise MnistDataError(f"{exc} (from {MNIST_ENV_VAR}={env_value})") from exc
    return relabel(loaded, f"{MNIST_ENV_VAR}={env_value} ({loaded.source})")


def _product(numbers: tuple[int, ...]) -> int:
    total = 1
    for number in numbers:
        total *= number
    return total
