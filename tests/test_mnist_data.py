"""The vendored MNIST subset and the loader: formats, source selection, and every failure.

No network: everything corrupt or alternative is made from the vendored subset in tmp_path.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import pickle
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import ModuleType

import numpy as np
import numpy.typing as npt
import pytest

from grokking_spec.porting import mnist
from grokking_spec.porting.mnist import (
    EXPECTED_SHA256,
    MNIST_ENV_VAR,
    N_TEST,
    N_TRAIN,
    MnistDataError,
    MnistSubset,
    as_book_arrays,
    load_mnist,
)

KEYS = ("x_train", "y_train", "x_test", "y_test")
VENDORED_NAME = "grokking_spec/data/mnist_subset.npz"
IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
EXTRA_TRAIN = 37  # images past the first 1000, which every loader must drop

Arrays = dict[str, npt.NDArray[np.uint8]]


@pytest.fixture(autouse=True)
def _no_env_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MNIST_ENV_VAR, raising=False)


@pytest.fixture(scope="module")
def vendored() -> Iterator[MnistSubset]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(MNIST_ENV_VAR, raising=False)
        yield load_mnist()


@pytest.fixture(scope="module")
def vendored_path() -> Iterator[Path]:
    with resources.as_file(resources.files("grokking_spec") / "data" / "mnist_subset.npz") as p:
        yield p


def sha256(a: npt.NDArray[np.generic]) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def arrays_of(data: MnistSubset) -> Arrays:
    return {key: getattr(data, key) for key in KEYS}


def with_extra_train(data: MnistSubset) -> Arrays:
    """The subset plus EXTRA_TRAIN more training images, like a full training set would."""
    arrays = {key: np.array(value) for key, value in arrays_of(data).items()}
    arrays["x_train"] = np.concatenate([arrays["x_train"], 255 - data.x_train[:EXTRA_TRAIN]])
    arrays["y_train"] = np.concatenate([arrays["y_train"], 9 - data.y_train[:EXTRA_TRAIN]])
    return arrays


def write_idx(directory: Path, arrays: Arrays, gz: Callable[[str], bool]) -> dict[str, Path]:
    """Write the four IDX files; ``gz(key)`` says which ones to gzip."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key, base in IDX_NAMES.items():
        array = arrays[key]
        magic = 2051 if key.startswith("x_") else 2049
        raw = struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.tobytes()
        path = directory / (base + ".gz" if gz(key) else base)
        path.write_bytes(gzip.compress(raw, compresslevel=1, mtime=0) if gz(key) else raw)
        paths[key] = path
    return paths


def write_npz(path: Path, arrays: Mapping[str, npt.NDArray[np.generic]]) -> None:
    """Like np.savez_compressed (fast level 1), but typed for mypy and allowing object arrays."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for key, array in arrays.items():
            with zf.open(f"{key}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=True)


def raises_one_line(path: str | Path, call: Callable[[], object]) -> str:
    """Run ``call``; it must raise MnistDataError, one line, starting with ``path``."""
    with pytest.raises(MnistDataError) as excinfo:
        call()
    message = str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{path}: "), message
    return message


# --- the vendored subset ---------------------------------------------------------------------


def test_vendored_subset_matches_pins(vendored: MnistSubset) -> None:
    assert vendored.source == f"vendored subset {VENDORED_NAME}"
    assert vendored.x_train.shape == (N_TRAIN, 28, 28) == (1000, 28, 28)
    assert vendored.y_train.shape == (1000,)
    assert vendored.x_test.shape == (N_TEST, 28, 28) == (10000, 28, 28)
    assert vendored.y_test.shape == (10000,)
    for key in KEYS:
        array = getattr(vendored, key)
        assert array.dtype == np.uint8
        assert array.flags.c_contiguous and not array.flags.writeable
        assert sha256(array) == EXPECTED_SHA256[key]
    # Independent sanity: MNIST's well-known first labels.
    assert vendored.y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert vendored.y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert set(np.unique(vendored.y_train).tolist()) == set(range(10))


def test_vendored_file_is_compressed_with_fixed_metadata(vendored_path: Path) -> None:
    assert vendored_path.stat().st_size < 2_000_000
    with zipfile.ZipFile(vendored_path) as zf:
        infos = zf.infolist()
    assert [info.filename for info in infos] == [f"{key}.npy" for key in KEYS]
    for info in infos:
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_as_book_arrays(vendored: MnistSubset) -> None:
    images, labels, test_images, test_labels = as_book_arrays(vendored)
    assert images.shape == (1000, 784) and test_images.shape == (10000, 784)
    assert labels.shape == (1000, 10) and test_labels.shape == (10000, 10)
    for array in (images, labels, test_images, test_labels):
        assert array.dtype == np.float64
        assert array.min() == 0.0 and array.max() == 1.0
    assert np.array_equal(images, vendored.x_train.reshape(1000, 784).astype(np.float64) / 255.0)
    assert np.array_equal(test_images, vendored.x_test.reshape(10000, 784) / 255)
    for one_hot, raw in ((labels, vendored.y_train), (test_labels, vendored.y_test)):
        assert np.array_equal(one_hot.sum(axis=1), np.ones(len(raw)))
        assert np.array_equal(np.argmax(one_hot, axis=1), raw)
        assert set(np.unique(one_hot).tolist()) == {0.0, 1.0}


# --- a damaged npz ---------------------------------------------------------------------------


def member_data_offset(raw: bytes, member: str) -> tuple[int, int]:
    """Where a zip member's compressed bytes start, and how many there are."""
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        info = zf.getinfo(member)
    name_len, extra_len = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


def test_byte_flipped_inside_compressed_data(vendored_path: Path, tmp_path: Path) -> None:
    raw = bytearray(vendored_path.read_bytes())
    start, size = member_data_offset(bytes(raw), "x_test.npy")
    raw[start + size // 2] ^= 0xFF
    copy = tmp_path / "mnist_subset.npz"
    copy.write_bytes(bytes(raw))
    message = raises_one_line(copy, lambda: load_mnist(copy))
    assert "x_test" in message


@pytest.mark.parametrize("key", KEYS)
def test_valid_zip_with_altered_array(vendored: MnistSubset, tmp_path: Path, key: str) -> None:
    arrays = {k: np.array(v) for k, v in arrays_of(vendored).items()}
    arrays[key].reshape(-1)[len(arrays[key].reshape(-1)) // 2] ^= 1
    copy = tmp_path / "altered.npz"
    write_npz(copy, arrays)
    message = raises_one_line(copy, lambda: load_mnist(copy))
    assert message == f"{copy}: {key} sha256 mismatch (altered or corrupt data)"


@pytest.mark.parametrize("keep", [0, 3, 100, 1_000_000, -22])
def test_truncated_npz(vendored_path: Path, tmp_path: Path, keep: int) -> None:
    copy = tmp_path / "truncated.npz"
    copy.write_bytes(vendored_path.read_bytes()[:keep])
    raises_one_line(copy, lambda: load_mnist(copy))


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "mnist.npz"
    message = raises_one_line(missing, lambda: load_mnist(missing))
    assert "no such file" in message


def test_not_an_npz(vendored: MnistSubset, tmp_path: Path) -> None:
    npy = tmp_path / "x_test.npy"
    np.save(npy, vendored.x_test)
    raises_one_line(npy, lambda: load_mnist(npy))


def test_npz_missing_array(vendored: MnistSubset, tmp_path: Path) -> None:
    arrays = arrays_of(vendored)
    del arrays["y_test"]
    path = tmp_path / "three.npz"
    write_npz(path, arrays)
    assert "missing array(s) y_test" in raises_one_line(path, lambda: load_mnist(path))


def test_npz_wrong_dtype_and_shape(vendored: MnistSubset, tmp_path: Path) -> None:
    wide: dict[str, npt.NDArray[np.generic]] = {
        **arrays_of(vendored),
        "y_train": vendored.y_train.astype(np.int64),
    }
    path = tmp_path / "int64.npz"
    write_npz(path, wide)
    assert "y_train has dtype int64" in raises_one_line(path, lambda: load_mnist(path))

    flat = {**arrays_of(vendored), "x_test": vendored.x_test.reshape(10000, 784)}
    path = tmp_path / "flat.npz"
    write_npz(path, flat)
    assert "x_test has shape (10000, 784)" in raises_one_line(path, lambda: load_mnist(path))

    short = {
        **arrays_of(vendored),
        "x_test": vendored.x_test[:9999],
        "y_test": vendored.y_test[:9999],
    }
    path = tmp_path / "short.npz"
    write_npz(path, short)
    assert "exactly 10000" in raises_one_line(path, lambda: load_mnist(path))


TRIPPED: list[str] = []


def _trip() -> None:
    TRIPPED.append("unpickled")


class _Tripwire:
    """Unpickling this calls _trip(): proof that a pickle was (or was not) loaded."""

    def __reduce__(self) -> tuple[Callable[[], None], tuple[()]]:
        return (_trip, ())


def test_npz_with_object_array_is_refused_without_unpickling(
    vendored: MnistSubset, tmp_path: Path
) -> None:
    arrays: dict[str, npt.NDArray[np.generic]] = dict(arrays_of(vendored))
    arrays["y_test"] = np.array([_Tripwire()] * 3, dtype=object)
    path = tmp_path / "pickled.npz"
    write_npz(path, arrays)  # pickles the object array
    assert "allow_pickle" in raises_one_line(path, lambda: load_mnist(path))
    assert TRIPPED == []


def test_vendored_file_missing_or_altered(
    vendored: MnistSubset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mnist, "_vendored_resource", lambda: tmp_path / "gone.npz")
    assert "rebuild" in raises_one_line(VENDORED_NAME, load_mnist)

    arrays = {k: np.array(v) for k, v in arrays_of(vendored).items()}
    arrays["x_test"][0, 14, 14] ^= 0x80
    write_npz(tmp_path / "gone.npz", arrays)
    message = raises_one_line(VENDORED_NAME, load_mnist)
    assert message == f"{VENDORED_NAME}: x_test sha256 mismatch (altered or corrupt data)"


# --- other sources ---------------------------------------------------------------------------


def test_keras_style_npz(vendored: MnistSubset, tmp_path: Path) -> None:
    path = tmp_path / "mnist.npz"
    write_npz(path, with_extra_train(vendored))
    for source in (path, str(path)):
        data = load_mnist(source)
        assert data.source == f"npz file {path}"
        for key in KEYS:
            assert np.array_equal(getattr(data, key), getattr(vendored, key))


def test_keras_cache_is_used_only_when_asked(
    vendored: MnistSubset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    cache = tmp_path / ".keras" / "datasets" / "mnist.npz"
    cache.parent.mkdir(parents=True)
    write_npz(cache, with_extra_train(vendored))
    assert load_mnist("~/.keras/datasets/mnist.npz").source == (
        "keras cache ~/.keras/datasets/mnist.npz"
    )
    assert load_mnist().source == f"vendored subset {VENDORED_NAME}"


@pytest.mark.parametrize(
    "gz",
    [lambda key: False, lambda key: True, lambda key: key.endswith("_train")],
    ids=["plain", "gz", "mixed"],
)
def test_idx_directory(vendored: MnistSubset, tmp_path: Path, gz: Callable[[str], bool]) -> None:
    write_idx(tmp_path / "idx", with_extra_train(vendored), gz)
    data = load_mnist(tmp_path / "idx")
    assert data.source == f"IDX files in {tmp_path / 'idx'}"
    for key in KEYS:
        assert np.array_equal(getattr(data, key), getattr(vendored, key))
        assert sha256(getattr(data, key)) == EXPECTED_SHA256[key]


def test_env_var_selects_source(
    vendored: MnistSubset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idx = tmp_path / "idx"
    write_idx(idx, arrays_of(vendored), lambda key: True)
    monkeypatch.setenv(MNIST_ENV_VAR, str(idx))
    assert load_mnist().source == f"{MNIST_ENV_VAR}={idx} (IDX files in {idx})"

    npz = tmp_path / "mnist.npz"
    write_npz(npz, with_extra_train(vendored))
    monkeypatch.setenv(MNIST_ENV_VAR, str(npz))
    data = load_mnist()
    assert data.source == f"{MNIST_ENV_VAR}={npz} (npz file {npz})"
    assert np.array_equal(data.x_test, vendored.x_test)

    # An explicit source wins over the variable; an empty variable counts as unset.
    assert load_mnist(idx).source == f"IDX files in {idx}"
    monkeypatch.setenv(MNIST_ENV_VAR, "")
    assert load_mnist().source == f"vendored subset {VENDORED_NAME}"


def test_env_var_pointing_nowhere_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "missing.npz"
    monkeypatch.setenv(MNIST_ENV_VAR, str(missing))
    message = raises_one_line(missing, load_mnist)
    assert message.endswith(f"(from {MNIST_ENV_VAR}={missing})")


# --- damaged IDX files -----------------------------------------------------------------------


def _flip(raw: bytes, offset: int) -> bytes:
    return raw[:offset] + bytes([raw[offset] ^ 1]) + raw[offset + 1 :]


def _bad_magic(raw: bytes) -> bytes:
    return struct.pack(">I", 2049) + raw[4:]


def _wrong_dims(raw: bytes) -> bytes:
    return raw[:8] + struct.pack(">II", 27, 28) + raw[16:]


DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    "bad magic": ("x_train", _bad_magic, "bad IDX magic number 2049, expected 2051"),
    "labels bad magic": ("y_test", lambda raw: b"\x00\x00\x08\x03" + raw[4:], "magic"),
    "truncated data": ("x_test", lambda raw: raw[:-10], "truncated IDX data"),
    "truncated header": ("y_train", lambda raw: raw[:6], "truncated IDX header"),
    "empty": ("y_test", lambda raw: b"", "truncated IDX header"),
    "wrong dims": ("x_test", _wrong_dims, "wrong IDX dimensions"),
    "trailing bytes": ("y_test", lambda raw: raw + b"\x00", "trailing bytes"),
    "one pixel altered": ("x_train", lambda raw: _flip(raw, 16 + 500), "x_train sha256 mismatch"),
    "one label altered": ("y_test", lambda raw: _flip(raw, 8 + 9999), "y_test sha256 mismatch"),
}


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_idx_file(
    vendored: MnistSubset, tmp_path: Path, damage: str, gzipped: bool
) -> None:
    key, alter, expected = DAMAGE[damage]
    paths = write_idx(tmp_path, with_extra_train(vendored), lambda k: False)
    target = paths[key]
    altered = alter(target.read_bytes())
    if gzipped:
        target.unlink()
        target = target.with_name(target.name + ".gz")
        target.write_bytes(gzip.compress(altered, compresslevel=1, mtime=0))
    else:
        target.write_bytes(altered)
    message = raises_one_line(target, lambda: load_mnist(tmp_path))
    assert expected in message


def test_truncated_gzip_and_missing_idx_file(vendored: MnistSubset, tmp_path: Path) -> None:
    paths = write_idx(tmp_path, arrays_of(vendored), lambda key: True)
    gz = paths["x_test"]
    gz.write_bytes(gz.read_bytes()[: len(gz.read_bytes()) // 2])
    assert "corrupt gzip data" in raises_one_line(gz, lambda: load_mnist(tmp_path))

    paths["y_train"].unlink()
    message = raises_one_line(tmp_path / IDX_NAMES["y_train"], lambda: load_mnist(tmp_path))
    assert "missing IDX file" in message


def test_only_the_kept_images_are_hashed(vendored: MnistSubset, tmp_path: Path) -> None:
    paths = write_idx(tmp_path, with_extra_train(vendored), lambda key: False)
    images = paths["x_train"]
    images.write_bytes(_flip(images.read_bytes(), 16 + 784 * N_TRAIN + 300))  # image 1000
    assert np.array_equal(load_mnist(tmp_path).x_train, vendored.x_train)


def test_idx_label_count_must_match_images(vendored: MnistSubset, tmp_path: Path) -> None:
    arrays = with_extra_train(vendored)
    arrays["y_train"] = arrays["y_train"][:-1]
    paths = write_idx(tmp_path, arrays, lambda key: False)
    message = raises_one_line(paths["y_train"], lambda: load_mnist(tmp_path))
    assert f"{N_TRAIN + EXTRA_TRAIN - 1} y_train labels" in message


# --- the build script (its offline parts) ----------------------------------------------------

#: zlib the vendored file was deflated with; other zlib builds may pick other (valid) encodings.
BUILT_WITH_ZLIB = "1.2.13"


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "tools" / "build_mnist_subset.py"
    spec = importlib.util.spec_from_file_location("build_mnist_subset", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_reproduces_the_vendored_bytes(
    build_script: ModuleType, vendored: MnistSubset, vendored_path: Path
) -> None:
    """Same arrays, same bytes: fixed zip metadata, and (same zlib) the same deflate stream.

    Deflating x_test at level 9 takes seconds, so the stream is compared on the small members.
    """
    vendored_raw = vendored_path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(vendored_raw)) as zf:
        shipped = [
            (i.filename, i.date_time, i.create_system, i.external_attr) for i in zf.infolist()
        ]
    small = {key: getattr(vendored, key) for key in KEYS if key != "x_test"}
    rebuilt_raw = build_script.npz_bytes(small)
    with zipfile.ZipFile(io.BytesIO(rebuilt_raw)) as zf:
        rebuilt = [
            (i.filename, i.date_time, i.create_system, i.external_attr) for i in zf.infolist()
        ]
    assert [entry for entry in shipped if entry[0] != "x_test.npy"] == rebuilt
    assert rebuilt_raw == build_script.npz_bytes(small)
    if zlib.ZLIB_RUNTIME_VERSION != BUILT_WITH_ZLIB:
        pytest.skip(f"zlib {zlib.ZLIB_RUNTIME_VERSION}, the file was built with {BUILT_WITH_ZLIB}")
    for key in small:
        start, size = member_data_offset(vendored_raw, f"{key}.npy")
        new_start, new_size = member_data_offset(rebuilt_raw, f"{key}.npy")
        assert rebuilt_raw[new_start : new_start + new_size] == vendored_raw[start : start + size]


def test_build_script_unpickler_refuses_other_globals(build_script: ModuleType) -> None:
    evil = pickle.dumps(_Tripwire(), protocol=2)
    with pytest.raises(pickle.UnpicklingError, match="refusing to load global"):
        build_script._NumpyOnlyUnpickler(io.BytesIO(evil)).load()
    assert TRIPPED == []
    # Python-2-style numpy pickles (numpy.core.multiarray._reconstruct) do load.
    fine = pickle.dumps(np.arange(3, dtype=np.float32), protocol=3)
    fine = fine.replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    loaded = build_script._NumpyOnlyUnpickler(io.BytesIO(fine)).load()
    assert np.array_equal(loaded, [0.0, 1.0, 2.0])


def test_build_script_converts_exactly_and_checks(build_script: ModuleType) -> None:
    rng = np.random.default_rng(0)
    ints = rng.integers(0, 256, size=(10000, 784))
    labels = rng.integers(0, 10, size=10000)
    # Only the first 1000 training images are used (and checked); the rest are padding.
    train_x = np.zeros((50000, 784), dtype=np.float32)
    train_x[:1000] = ints[:1000] / 256
    train_y = np.zeros(50000, dtype=np.int64)
    train_y[:1000] = labels[:1000]
    test_ints, test_labels = ints, labels
    data = (
        (train_x, train_y),
        (None, None),
        ((test_ints / 256).astype(np.float32), test_labels),
    )
    arrays = build_script.extract_subset(data)
    assert np.array_equal(arrays["x_train"], ints[:1000].reshape(1000, 28, 28))
    assert np.array_equal(arrays["y_test"], test_labels)
    assert {key: (a.shape, a.dtype) for key, a in arrays.items()} == {
        "x_train": ((1000, 28, 28), np.uint8),
        "y_train": ((1000,), np.uint8),
        "x_test": ((10000, 28, 28), np.uint8),
        "y_test": ((10000,), np.uint8),
    }
    off_grid = (test_ints / 256).astype(np.float32)
    off_grid[3, 3] = 0.3
    with pytest.raises(build_script.BuildError, match="not an integer"):
        build_script.extract_subset((data[0], data[1], (off_grid, test_labels)))
