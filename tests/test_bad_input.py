"""Bad input at the harness's lower layers: one clear line naming the file, fast, no harm.

One test per case: golden writes, golden and errata loading, traces, MNIST data. Each
refusal is checked to be one line, to name the file, to carry no traceback text and to
come within a time bound (SIGALRM: a hang fails the test instead of stalling the run).
Around the whole module, ``spec/`` and the vendored data are hashed: byte for byte unchanged.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import math
import os
import signal
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np
import pytest

from grokking_spec import golden
from grokking_spec.fidelity import ErrataError, load_errata
from grokking_spec.golden import KEYS, GoldenError, load_golden, spec_root, write_golden
from grokking_spec.implementations.lists import ch08 as lists_ch08
from grokking_spec.porting import mnist_bytes
from grokking_spec.porting.mnist import MNIST_ENV_VAR, MnistDataError, load_mnist
from grokking_spec.porting.mnist_bytes import describe, load_mnist_bytes
from grokking_spec.trace import MalformedTrace, normalise

SECONDS = 2.0  # every refusal comes well within this; a hang or a blow-up does not
VENDORED = resources.files("grokking_spec") / "data" / "mnist_subset.npz"


def _digests() -> dict[str, str]:
    files = sorted(path for path in spec_root().rglob("*") if path.is_file())
    digests = {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    digests["vendored"] = hashlib.sha256(VENDORED.read_bytes()).hexdigest()
    return digests


@pytest.fixture(scope="module", autouse=True)
def _spec_and_data_untouched() -> Iterator[None]:
    before = _digests()
    yield
    assert _digests() == before, "spec/ or the vendored MNIST data changed"


@pytest.fixture(autouse=True)
def _no_env_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MNIST_ENV_VAR, raising=False)


@contextmanager
def time_bound(seconds: float = SECONDS) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refused(error: type[Exception], call: Callable[[], object], names: str | Path) -> str:
    """``call()`` raises ``error`` in time: one line naming ``names``, no traceback text."""
    with time_bound(), pytest.raises(error) as raised:
        call()
    message = str(raised.value)
    assert "\n" not in message and "\r" not in message, message
    assert str(names) in message, message
    assert "Traceback" not in message and 'File "' not in message, message
    return message


# --- golden writes -------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "spec" / "ch03").mkdir(parents=True)
    return tmp_path / "spec"


def test_write_refuses_a_symlinked_golden(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yml"
    elsewhere.write_text("untouched\n")
    link = root / "ch03" / "x.meap.yml"
    link.symlink_to(elsewhere)
    assert "symlink" in refused(GoldenError, lambda: write_golden(link, "new\n", root), link)
    assert elsewhere.read_text() == "untouched\n" and link.is_symlink()


def test_write_refuses_a_golden_that_is_not_a_regular_file(root: Path) -> None:
    fifo = root / "ch03" / "x.meap.yml"
    os.mkfifo(fifo)
    message = refused(GoldenError, lambda: write_golden(fifo, "new\n", root), fifo)
    assert "not a regular file" in message


def test_write_refuses_a_path_outside_the_spec_root(root: Path, tmp_path: Path) -> None:
    outside = root / "ch03" / ".." / ".." / "x.meap.yml"
    assert "outside the spec root" in refused(
        GoldenError, lambda: write_golden(outside, "new\n", root), outside
    )
    assert not (tmp_path / "x.meap.yml").exists()


def test_write_refuses_a_folder_symlinked_out_of_the_root(root: Path, tmp_path: Path) -> None:
    (tmp_path / "away").mkdir()
    (root / "ch04").symlink_to(tmp_path / "away")
    target = root / "ch04" / "x.meap.yml"
    refused(GoldenError, lambda: write_golden(target, "new\n", root), target)
    assert list((tmp_path / "away").iterdir()) == []


def test_write_to_a_read_only_spec_is_one_line(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, which writes into a chmod 555 folder anyway.
    target = root / "ch03" / "x.meap.yml"
    target.write_text("old\n")

    def read_only(*args: Any, **kwargs: Any) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(golden.os, "open", read_only)
    message = refused(GoldenError, lambda: write_golden(target, "new\n", root), target)
    assert "Read-only file system" in message
    assert target.read_text() == "old\n"


def test_a_failed_write_leaves_the_old_golden_and_no_temporary(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = root / "ch03" / "x.meap.yml"
    target.write_text("old\n")

    def disk_full(source: Any, destination: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(golden.os, "replace", disk_full)
    refused(GoldenError, lambda: write_golden(target, "new\n", root), target)
    assert target.read_text() == "old\n"
    assert [path.name for path in target.parent.iterdir()] == [target.name]


def test_a_write_replaces_the_golden_whole(root: Path) -> None:
    target = root / "ch03" / "x.meap.yml"
    target.write_text("old\n")
    write_golden(target, "new\n", root)
    assert target.read_text() == "new\n" and not target.is_symlink()
    assert [path.name for path in target.parent.iterdir()] == [target.name]
    new_folder = root / "ch09" / "y.meap.yml"
    write_golden(new_folder, "fresh\n", root)  # a new chapter's folder is created
    assert new_folder.read_text() == "fresh\n"


_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from grokking_spec import golden

    class HalfThenStall:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)
        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            print("half", flush=True)
            time.sleep(60)
        def __getattr__(self, name):
            return getattr(self.handle, name)

    golden.open = lambda *a, **k: HalfThenStall(open(*a, **k))
    golden.write_golden(Path(sys.argv[1]), "new: " + "x" * 100000 + "\\n", Path(sys.argv[2]))
    """
)


def test_a_write_killed_midway_leaves_the_old_golden(root: Path) -> None:
    target = root / "ch03" / "x.meap.yml"
    target.write_text("old\n")
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), str(root)],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        with time_bound(4 * SECONDS):
            assert writer.stdout.readline() == "half\n"
        writer.kill()  # SIGKILL: no cleanup runs
        writer.wait()
    assert target.read_text() == "old\n"
    visible = [path.name for path in target.parent.iterdir() if not path.name.startswith(".")]
    assert visible == [target.name]


# --- golden and errata loading -------------------------------------------------------------


def _golden_text(**overrides: str) -> str:
    body = {
        "id": "ch03/x",
        "variant": "meap",
        "title": "t",
        "section": "s",
        "source": "seed",
        "params": "{}",
        "compare": "\n  error: {rtol: 1.0e-12, atol: 0.0, measured: 'tool: 3e-13'}",
        "output_lines": "1",
        "book": "[]",
        "trace": "\n  error: [0.5]",
    }
    body.update(overrides)
    return "".join(f"{key}: {body[key]}\n" for key in KEYS)


def _write(tmp_path: Path, text: str | bytes, name: str = "x.meap.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_a_well_formed_golden_loads(tmp_path: Path) -> None:
    document = load_golden(_write(tmp_path, _golden_text()))
    assert document["trace"] == {"error": [0.5]}  # the control for the cases below


def test_alias_bomb_is_refused_before_expanding(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    assert path.stat().st_size < 4096  # expanded: 10**10 strings
    started = time.perf_counter()
    assert "anchors are not allowed" in refused(GoldenError, lambda: load_golden(path), path)
    assert time.perf_counter() - started < 0.5


def test_an_alias_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text(title="*t"))
    assert "aliases are not allowed" in refused(GoldenError, lambda: load_golden(path), path)


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text() + "id: ch03/y\n")
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "duplicate key 'id' at line 13" in message


def test_duplicate_key_inside_the_trace(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text(trace="\n  error: [0.5]\n  error: [0.6]"))
    assert "duplicate key 'error'" in refused(GoldenError, lambda: load_golden(path), path)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text() + "extra: 1\n")
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "unknown top-level key(s) extra" in message


def test_unknown_compare_key(tmp_path: Path) -> None:
    rule = "\n  error: {rtol: 0.0, atol: 0.0, measured: m, ulps: 4}"
    path = _write(tmp_path, _golden_text(compare=rule))
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "compare.error" in message and "'ulps'" in message


def test_huge_integer_is_refused_before_conversion(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text(output_lines="9" * 5000))
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "integer of 5000 digits" in message and "line 9" in message


@pytest.mark.parametrize("value", [".inf", ".nan", "-1", "-.inf", "true"])
def test_tolerance_must_be_finite_and_not_negative(tmp_path: Path, value: str) -> None:
    rule = f"\n  error: {{rtol: {value}, atol: 0.0, measured: m}}"
    path = _write(tmp_path, _golden_text(compare=rule))
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "compare.error: rtol" in message


def test_oversize_golden_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.meap.yml"
    with path.open("wb") as handle:
        handle.truncate(17 * 2**20)  # sparse: no 17 MB actually written
    assert "over the limit" in refused(GoldenError, lambda: load_golden(path), path)


def test_non_utf8_golden(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text(title="caf\xe9").encode("latin-1"))
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "not UTF-8 (byte 0xe9" in message


def test_nesting_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "trace: " + "[" * 65 + "]" * 65 + "\n")
    assert "nested deeper than 64" in refused(GoldenError, lambda: load_golden(path), path)


def test_deep_nesting_is_refused_not_a_crash(tmp_path: Path) -> None:
    # 100000 levels would overflow a recursive composer (libyaml's C one segfaults). Our
    # reader stops at 64; since PyYAML 6.0.4, libyaml's scanner refuses past 1000 levels
    # first, as it reads ahead. Either refusal is one line naming the file.
    path = _write(tmp_path, "trace: " + "[" * 100_000 + "]" * 100_000 + "\n")
    message = refused(GoldenError, lambda: load_golden(path), path)
    assert "nested deeper than 64" in message or "exceeded maximum nesting depth" in message


def test_golden_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "x.meap.yml"
    os.mkfifo(path)
    assert "FIFO" in refused(GoldenError, lambda: load_golden(path), path)


def test_merge_key_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text(params="\n  <<: {alpha: 1}"))
    assert "merge keys" in refused(GoldenError, lambda: load_golden(path), path)


def test_second_document_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text() + "---\nid: again\n")
    assert "more than one YAML document" in refused(GoldenError, lambda: load_golden(path), path)


def test_non_plain_scalar_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _golden_text(section="2001-12-14"))
    assert "timestamp" in refused(GoldenError, lambda: load_golden(path), path)


_ERRATUM = "- {listing: x, variants: [meap], explains: [l], book: b, code: c, cause: d}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("errata:\n" + _ERRATUM + "errata: []\n", "duplicate key 'errata'"),
        ("errata: &e\n" + _ERRATUM, "anchors are not allowed"),
        ("errata:\n" + _ERRATUM + "notes: hi\n", "unknown top-level key(s) notes"),
        ("errata:\n" + _ERRATUM.replace("[meap]", "meap"), "errata[0].variants must be"),
        ("errata:\n" + _ERRATUM.replace("d}", "d, cause: e}"), "duplicate key 'cause'"),
    ],
    ids=["duplicate", "anchor", "unknown", "wrong-type", "duplicate-field"],
)
def test_bad_errata_file(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, "errata:\n" + _ERRATUM, "errata.yml")
    assert len(load_errata(path)) == 1  # the control
    path.write_text(text)
    assert expected in refused(ErrataError, lambda: load_errata(path), path)


# --- traces --------------------------------------------------------------------------------


def test_numpy_scalars_are_the_plain_numbers_they_are() -> None:
    trace = normalise(
        {
            "f64": np.float64(0.1),
            "f32": np.float32(0.5),
            "i64": np.int64(-3),
            "flag": np.bool_(True),
            "row": np.array([1.5, 2.5]),
        }
    )
    assert trace == {"f64": 0.1, "f32": 0.5, "i64": -3, "flag": True, "row": [1.5, 2.5]}
    assert [type(value) for value in trace.values()] == [float, float, int, bool, list]


def test_trace_that_contains_itself() -> None:
    cycle: list[Any] = [1.0]
    cycle.append(cycle)
    expected = r"error\[1\] contains itself"
    with time_bound(), pytest.raises(MalformedTrace, match=expected) as raised:
        normalise({"error": cycle})
    assert "\n" not in str(raised.value)


def test_absurdly_deep_trace_is_not_a_recursion_error() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with time_bound(), pytest.raises(MalformedTrace, match="nested deeper than 64"):
        normalise({"weights": deep})


class _Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no message for you")


class _BadArray:
    def tolist(self) -> list[float]:
        raise _Unprintable


def test_trace_object_failing_with_an_unprintable_exception() -> None:
    with time_bound(), pytest.raises(MalformedTrace) as raised:
        normalise({"weights": [_BadArray()]})
    assert str(raised.value) == "weights[0]: reading it raised _Unprintable"


def test_loader_message_of_an_unprintable_exception() -> None:
    assert describe(_Unprintable()) == "_Unprintable"


# --- MNIST ---------------------------------------------------------------------------------

LOADERS = [load_mnist, load_mnist_bytes]
LOADER_IDS = ["numpy", "bytes"]


@pytest.mark.parametrize("load", LOADERS, ids=LOADER_IDS)
def test_mnist_path_that_is_a_fifo(tmp_path: Path, load: Callable[[Path], object]) -> None:
    fifo = tmp_path / "mnist.npz"
    os.mkfifo(fifo)
    assert "FIFO" in refused(MnistDataError, lambda: load(fifo), fifo)


@pytest.mark.parametrize("load", LOADERS, ids=LOADER_IDS)
def test_mnist_path_that_is_dev_zero(load: Callable[[Path], object]) -> None:
    zero = Path("/dev/zero")
    assert "character device" in refused(MnistDataError, lambda: load(zero), zero)


def _idx(magic: int, dims: tuple[int, ...], body: bytes) -> bytes:
    return struct.pack(f">I{len(dims)}I", magic, *dims) + body


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
def test_idx_header_claiming_a_billion_images(tmp_path: Path, gzipped: bool) -> None:
    raw = _idx(2051, (1_000_000_000, 28, 28), bytes(784))
    name = "train-images-idx3-ubyte" + (".gz" if gzipped else "")
    path = _write(tmp_path, gzip.compress(raw) if gzipped else raw, name)
    for load in LOADERS:
        message = refused(MnistDataError, lambda: load(tmp_path), path)  # noqa: B023
        assert "claims 1000000000 items" in message


@pytest.mark.parametrize("load", LOADERS, ids=LOADER_IDS)
def test_truncated_npz(tmp_path: Path, load: Callable[[Path], object]) -> None:
    path = _write(tmp_path, VENDORED.read_bytes()[:-5000], "mnist.npz")
    refused(MnistDataError, lambda: load(path), path)


def _npz_member(key: str, header_shape: str, data: bytes) -> bytes:
    header = f"{{'descr': '|u1', 'fortran_order': False, 'shape': {header_shape}, }}"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data


def _npz_claiming(tmp_path: Path, key: str, shape: str) -> Path:
    path = tmp_path / "claims.npz"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("x_train", "y_train", "x_test", "y_test"):
            data = (
                _npz_member(name, shape, bytes(784))
                if name == key
                else _npz_member(name, "(1,)", b"\x00")
            )
            archive.writestr(f"{name}.npy", data)
    return path


@pytest.mark.parametrize("load", LOADERS, ids=LOADER_IDS)
def test_npy_header_claiming_a_billion_images(
    tmp_path: Path, load: Callable[[Path], object]
) -> None:
    path = _npz_claiming(tmp_path, "x_train", "(1000000000, 28, 28)")
    assert "x_train" in refused(MnistDataError, lambda: load(path), path)


@pytest.mark.parametrize("load", LOADERS, ids=LOADER_IDS)
def test_npz_member_claiming_too_much_is_refused_unread(
    tmp_path: Path, load: Callable[[Path], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mnist_bytes, "MAX_DATA_BYTES", 100)  # a bomb, without the bytes
    path = _npz_claiming(tmp_path, "x_test", "(1, 28, 28)")
    assert "refused before reading" in refused(MnistDataError, lambda: load(path), path)


def _tampered_copy(tmp_path: Path) -> Path:
    """The vendored subset with one test pixel changed, written as a plain npz."""
    with np.load(io.BytesIO(VENDORED.read_bytes()), allow_pickle=False) as npz:
        arrays = {key: np.array(npz[key]) for key in npz.files}
    arrays["x_test"][0, 14, 14] ^= 0x80
    path = tmp_path / "tampered.npz"
    np.savez(path, **arrays)
    return path


def test_lists_reads_through_the_verified_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tampered = _tampered_copy(tmp_path)
    monkeypatch.setenv(MNIST_ENV_VAR, str(tampered))
    lists_ch08.book_data.cache_clear()
    try:
        message = refused(MnistDataError, lists_ch08.book_data, tampered)
    finally:
        lists_ch08.book_data.cache_clear()
    assert "x_test sha256 mismatch" in message and f"from {MNIST_ENV_VAR}=" in message


def test_bytes_loader_agrees_with_the_numpy_loader() -> None:
    with time_bound():
        raw, arrays = load_mnist_bytes(), load_mnist()
    for key in ("x_train", "y_train", "x_test", "y_test"):
        assert getattr(raw, key) == getattr(arrays, key).tobytes()
    assert raw.source == arrays.source


def test_idx_folder_without_the_files(tmp_path: Path) -> None:
    for load in LOADERS:
        expected = tmp_path / "train-images-idx3-ubyte"
        message = refused(MnistDataError, lambda: load(tmp_path), expected)  # noqa: B023
        assert "missing IDX file" in message


def test_non_finite_trace_values_still_load(tmp_path: Path) -> None:
    trace = "\n  error: [.nan, -.inf, 1.0e-300]"
    document = load_golden(_write(tmp_path, _golden_text(trace=trace)))
    values = document["trace"]["error"]
    assert math.isnan(values[0]) and values[1] == -math.inf and values[2] == 1e-300
