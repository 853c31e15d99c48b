"""LegacyRandomState against numpy's legacy stream, value for value and bit for bit."""

from __future__ import annotations

import ast
import struct
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grokking_spec.porting import legacy_random
from grokking_spec.porting.legacy_random import LegacyRandomState

MODULE_PATH = Path(legacy_random.__file__)

Shape = None | int | tuple[int, ...]
#: (kind, shape, high): ("random", shape, 0) or ("randint", shape, high).
Call = tuple[str, Shape, int]


def draw(source: Any, call: Call) -> Any:
    """One call on a RandomState, the np.random module, or a LegacyRandomState."""
    kind, shape, high = call
    if kind == "random":
        return source.random(shape)
    return source.randint(high, size=shape)


def assert_identical(expected: Any, actual: Any, where: str = "value") -> None:
    """Same nesting, same Python types, same values: floats by ``==``, so one bit counts."""
    assert type(actual) is type(expected), f"{where}: {type(actual)} != {type(expected)}"
    if isinstance(expected, list):
        assert len(actual) == len(expected), f"{where}: length {len(actual)} != {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_identical(e, a, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def compare_streams(
    seed: int,
    calls: Sequence[Call],
    make: Callable[[int], LegacyRandomState] = LegacyRandomState,
) -> None:
    """Apply ``calls`` in order to RandomState(seed) and make(seed); all results identical."""
    numpy_rs = np.random.RandomState(seed)
    ours = make(seed)
    for i, call in enumerate(calls):
        expected = np.asarray(draw(numpy_rs, call)).tolist()
        assert_identical(expected, draw(ours, call), f"call {i} {call}")


@contextmanager
def numpy_global_state() -> Iterator[None]:
    """Leave np.random's global state as it was, whatever the test seeds."""
    saved = np.random.get_state()
    try:
        yield
    finally:
        np.random.set_state(saved)


small_sizes = st.integers(1, 7)
shapes: st.SearchStrategy[Shape] = st.one_of(
    st.none(), small_sizes, st.lists(small_sizes, max_size=3).map(tuple)
)
book_calls = st.one_of(
    st.tuples(st.just("random"), shapes, st.just(0)),
    st.tuples(st.just("randint"), shapes, st.just(2)),
)
seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=200, deadline=None)
@given(seed=seeds, calls=st.lists(book_calls, min_size=1, max_size=6))
def test_random_and_randint2_match_randomstate(seed: int, calls: list[Call]) -> None:
    compare_streams(seed, calls)


# Every branch of the bounded sampler: no draw (1), mask without rejection (powers of two,
# 2**32), masked rejection on one word, and on two words past 2**32.
highs = st.one_of(
    st.sampled_from([1, 2, 3, 5, 6, 7, 100, 2**31, 2**31 + 1, 2**32 - 1, 2**32, 2**32 + 1]),
    st.sampled_from([3 * 2**40 + 7, 2**62 + 1, 2**63]),
    st.integers(1, 2**63),
)
shapes_with_empty: st.SearchStrategy[Shape] = st.one_of(
    st.none(), st.integers(0, 7), st.lists(st.integers(0, 7), max_size=3).map(tuple)
)
any_calls = st.one_of(
    st.tuples(st.just("random"), shapes_with_empty, st.just(0)),
    st.tuples(st.just("randint"), shapes_with_empty, highs),
)


@settings(max_examples=100, deadline=None)
@given(seed=seeds, calls=st.lists(any_calls, min_size=1, max_size=6))
def test_any_high_and_empty_shapes_match_randomstate(seed: int, calls: list[Call]) -> None:
    compare_streams(seed, calls)


@settings(max_examples=50, deadline=None)
@given(seed=seeds, calls=st.lists(book_calls, min_size=1, max_size=4))
def test_global_state_form(seed: int, calls: list[Call]) -> None:
    with numpy_global_state():
        np.random.seed(seed)
        expected = [np.asarray(draw(np.random, call)).tolist() for call in calls]
    # Reseeding a used state must start over just like np.random.seed does.
    ours = LegacyRandomState(12345)
    ours.random(1000)
    ours.seed(seed)
    for i, call in enumerate(calls):
        assert_identical(expected[i], draw(ours, call), f"call {i} {call}")


@pytest.mark.parametrize("seed", [0, 1, 2**31, 2**32 - 1])
def test_long_streams_cross_block_boundaries(seed: int) -> None:
    # Odd-sized calls so that 624-word refills land mid-call, for every kind of draw.
    calls: list[Call] = [
        ("random", 1000, 0),
        ("randint", (7, 101), 3),
        ("random", (3, 111), 0),
        ("randint", 701, 2),
        ("randint", 333, 2**40 + 1),
        ("randint", (2, 500), 2**32),
        ("random", None, 0),
    ]
    compare_streams(seed, calls)


def test_randint_one_draws_nothing() -> None:
    ours = LegacyRandomState(7)
    assert ours.randint(1) == 0
    assert ours.randint(1, size=(2, 3)) == [[0, 0, 0], [0, 0, 0]]
    assert_identical(np.random.RandomState(7).random(4).tolist(), ours.random(4))


def test_shape_conventions() -> None:
    ours = LegacyRandomState(3)
    # A 0-d result is a scalar, as np.asarray(result).tolist() gives.
    assert isinstance(ours.random(()), float)
    assert isinstance(ours.randint(5, size=()), int)
    assert ours.random((2, 0, 3)) == [[], []]
    assert ours.randint(2, size=0) == []
    compare_streams(3, [("random", (), 0), ("randint", (), 5), ("random", (2, 0, 3), 0)])


def test_known_first_value() -> None:
    # np.random.seed(1); np.random.random() -- pinned so a change in numpy would show too.
    assert LegacyRandomState(1).random() == 0.417022004702574


def test_book_weights_and_dropout_masks() -> None:
    with numpy_global_state():
        np.random.seed(1)
        w = 2 * np.random.random((3, 4)) - 1
        w01 = 0.2 * np.random.random((784, 40)) - 0.1
        w12 = 0.2 * np.random.random((40, 10)) - 0.1
        masks = [np.random.randint(2, size=(1, 100)) for _ in range(3)]
    ours: Any = LegacyRandomState(1)
    # numpy's elementwise 2*x - 1 and 0.2*x - 0.1 round exactly like Python's float ops.
    assert_identical(w.tolist(), [[2 * x - 1 for x in row] for row in ours.random((3, 4))])
    assert_identical(w01.tolist(), [[0.2 * x - 0.1 for x in r] for r in ours.random((784, 40))])
    assert_identical(w12.tolist(), [[0.2 * x - 0.1 for x in r] for r in ours.random((40, 10))])
    for mask in masks:
        assert_identical(mask.tolist(), ours.randint(2, size=(1, 100)))


def test_book_chapter8_order() -> None:
    # Chapter 8 seeds, draws its two weight matrices, then a mask per training example.
    calls: list[Call] = [("random", (784, 40), 0), ("random", (40, 10), 0)]
    compare_streams(1, calls + [("randint", (1, 100), 2)] * 50)


class FlipOneBit(LegacyRandomState):
    """The legacy stream with one bit of the ``word``-th 32-bit draw flipped."""

    def __init__(self, seed: int, word: int, bit: int) -> None:
        self.flip_word, self.flip_bit, self.drawn = word, bit, 0
        super().__init__(seed)

    def _words(self, n: int) -> list[int]:
        words = super()._words(n)
        k = self.flip_word - self.drawn
        if 0 <= k < n:
            words[k] ^= 1 << self.flip_bit
        self.drawn += n
        return words


# Words 0-23 feed 12 floats, 24-123 the mask, 124-133 five floats.
SENSITIVITY_CALLS: list[Call] = [("random", (3, 4), 0), ("randint", (1, 100), 2), ("random", 5, 0)]
FLOAT_WORDS = [*range(24), *range(124, 134)]


def lowest_used_bit(word: int) -> int:
    """The lowest bit numpy keeps: bit 5 of a float's first word, 6 of its second, 0 of a mask."""
    if word in FLOAT_WORDS:
        return 5 if word % 2 == 0 else 6
    return 0


@pytest.mark.parametrize("seed", [1, 2**32 - 1])
def test_comparison_catches_every_single_bit_flip(seed: int) -> None:
    compare_streams(seed, SENSITIVITY_CALLS)  # the unflipped stream matches
    for word in range(134):
        bit = lowest_used_bit(word)
        with pytest.raises(AssertionError):
            compare_streams(seed, SENSITIVITY_CALLS, partial(FlipOneBit, word=word, bit=bit))


def test_bit_flip_harness_only_touches_the_chosen_bit() -> None:
    # Bits numpy throws away change nothing, so a failure above is the chosen bit's doing.
    for word in range(134):
        unused = 0 if word in FLOAT_WORDS else 1
        compare_streams(1, SENSITIVITY_CALLS, partial(FlipOneBit, word=word, bit=unused))
    compare_streams(1, SENSITIVITY_CALLS, partial(FlipOneBit, word=134, bit=0))


def flip_lowest_mantissa_bit(x: float) -> float:
    (bits,) = struct.unpack("<Q", struct.pack("<d", x))
    flipped: float = struct.unpack("<d", struct.pack("<Q", bits ^ 1))[0]
    return flipped


def test_comparison_catches_one_flipped_output_bit() -> None:
    weights = np.random.RandomState(1).random((3, 4)).tolist()
    for i in range(3):
        for j in range(4):
            changed = [row[:] for row in weights]
            changed[i][j] = flip_lowest_mantissa_bit(changed[i][j])
            with pytest.raises(AssertionError):
                assert_identical(weights, changed)
    mask = np.random.RandomState(1).randint(2, size=(1, 100)).tolist()
    for j in range(100):
        changed = [mask[0][:]]
        changed[0][j] ^= 1
        with pytest.raises(AssertionError):
            assert_identical(mask, changed)
    with pytest.raises(AssertionError):  # types count too: 1.0 is not the mask's 1
        assert_identical(mask, [[float(v) for v in mask[0]]])


@pytest.mark.parametrize("seed", [-1, 2**32, 2**64])
def test_seed_out_of_range(seed: int) -> None:
    with pytest.raises(ValueError):
        np.random.RandomState(seed)
    with pytest.raises(ValueError, match=str(seed)):
        LegacyRandomState(seed)


def test_seed_types() -> None:
    with pytest.raises(TypeError):
        LegacyRandomState(1.0)  # type: ignore[arg-type]
    # numpy integer seeds work as their int value.
    numpy_seed: Any = np.uint32(7)
    ours = LegacyRandomState(numpy_seed)
    assert_identical(np.random.RandomState(7).random(3).tolist(), ours.random(3))


@pytest.mark.parametrize("high", [0, -5, 2**63 + 1])
def test_randint_high_out_of_range(high: int) -> None:
    with pytest.raises(ValueError):
        np.random.RandomState(0).randint(high)
    with pytest.raises(ValueError, match=str(high)):
        LegacyRandomState(0).randint(high)


def test_negative_shape() -> None:
    with pytest.raises(ValueError):
        LegacyRandomState(0).random((2, -1))


def test_module_source_never_imports_numpy() -> None:
    tree = ast.parse(MODULE_PATH.read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported, "the AST walk found no imports at all"
    assert not [name for name in imported if name.split(".")[0] == "numpy"]
    assert "__import__" not in MODULE_PATH.read_text(encoding="utf-8")


def test_module_runs_with_numpy_unimportable() -> None:
    # Loaded by file path: the package __init__ is not this module's business.
    script = textwrap.dedent(
        f"""
        import importlib.util, sys
        sys.modules["numpy"] = None  # any "import numpy" now raises ImportError
        spec = importlib.util.spec_from_file_location("legacy_random", {str(MODULE_PATH)!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rs = module.LegacyRandomState(1)
        print(rs.random(), rs.randint(2, size=3))
        assert sys.modules["numpy"] is None
        assert not [m for m in sys.modules if m.startswith("numpy.")]
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0.417022004702574 [")
