"""numpy's legacy random stream (``np.random.seed`` / ``RandomState``) in pure Python.

Gives, bit for bit, what ``numpy.random.RandomState(seed)`` or the global state after
``np.random.seed(seed)`` returns from ``random`` (``random_sample``) and from
``randint(high, size=...)``, in any interleaving, so an implementation without numpy can
reproduce the book's seeded weights and dropout masks. numpy froze this stream (NEP 19),
so numpy 1.x and 2.x give the same numbers.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from itertools import pairwise
from math import prod
from typing import Any, TypeAlias, TypeVar, overload

#: ``random(shape)``: a float, or nested lists of floats in C order.
NestedFloat: TypeAlias = "float | list[NestedFloat]"
#: ``randint(high, size)``: an int, or nested lists of ints in C order.
NestedInt: TypeAlias = "int | list[NestedInt]"

_T = TypeVar("_T", int, float)

_N = 624  # words in the MT19937 state
_M = 397
_UPPER = 0x80000000
_LOWER = 0x7FFFFFFF
_MASK32 = 0xFFFFFFFF
# Indexed by ``y & 1`` so the twist needs no branch.
_MAG = (0, 0x9908B0DF)
# 2**-53 is exact, so multiplying by it equals numpy's division by 9007199254740992.0.
_INV_2_53 = 1.0 / 9007199254740992.0
# numpy's default randint dtype is int64 (on Linux, and everywhere in numpy 2),
# so ``high - 1`` must fit in int64.
_MAX_HIGH = 2**63


def _init_genrand(seed: int) -> list[int]:
    """The state ``mt19937_seed`` (Matsumoto-Nishimura ``init_genrand``) builds."""
    key = [seed]
    for i in range(1, _N):
        seed = (1812433253 * (seed ^ (seed >> 30)) + i) & _MASK32
        key.append(seed)
    return key


def _twist(old: list[int]) -> list[int]:
    """The next state, as numpy's ``mt19937_gen`` computes it in place."""
    # In place, word i is old[i+M] ^ t[i] for i < N-M, then new[i-(N-M)] ^ t[i]: the new
    # words it reads lie N-M = 227 back, so whole 227-word slices can be built at once.
    mag = _MAG
    ys = [(a & _UPPER) | (b & _LOWER) for a, b in pairwise(old)]
    ts = [(y >> 1) ^ mag[y & 1] for y in ys]
    new = [m ^ t for m, t in zip(old[_M:], ts, strict=False)]
    new += [m ^ t for m, t in zip(new, ts[227:454], strict=True)]
    new += [m ^ t for m, t in zip(new[227:], ts[454:], strict=False)]
    # The last word pairs with the already-updated word 0.
    y = (old[_N - 1] & _UPPER) | (new[0] & _LOWER)
    new.append(new[_M - 1] ^ (y >> 1) ^ mag[y & 1])
    return new


def _temper(key: list[int]) -> list[int]:
    """The 32-bit outputs ``mt19937_next`` returns for the words of ``key``."""
    ys = [y ^ (y >> 11) for y in key]
    ys = [y ^ ((y << 7) & 0x9D2C5680) for y in ys]
    ys = [y ^ ((y << 15) & 0xEFC60000) for y in ys]
    return [y ^ (y >> 18) for y in ys]


def _check_seed(seed: int) -> int:
    try:
        value = operator.index(seed)
    except TypeError:
        # numpy would seed from an array via init_by_array: a different stream, unsupported.
        raise TypeError(f"seed must be an integer, got {seed!r}") from None
    if not 0 <= value <= _MASK32:
        raise ValueError(f"seed {seed!r} is out of range: numpy needs 0 <= seed < 2**32")
    return value


def _check_high(high: int) -> int:
    value = operator.index(high)
    if not 1 <= value <= _MAX_HIGH:
        raise ValueError(f"high {high!r} is out of range: need 1 <= high <= 2**63")
    return value


def _dims(shape: int | Iterable[int]) -> tuple[int, ...]:
    dims = (operator.index(shape),) if isinstance(shape, int) else tuple(map(operator.index, shape))
    if any(d < 0 for d in dims):
        raise ValueError(f"negative dimensions are not allowed: {shape!r}")
    return dims


def _empty(dims: tuple[int, ...]) -> list[Any]:
    """``np.empty(dims).tolist()`` for a shape with a zero in it."""
    if len(dims) == 1 or dims[0] == 0:
        return []
    return [_empty(dims[1:]) for _ in range(dims[0])]


def _nest(flat: list[_T], dims: tuple[int, ...]) -> _T | list[Any]:
    """``np.array(flat).reshape(dims).tolist()``; ``dims == ()`` gives the scalar."""
    if not dims:
        return flat[0]
    if not flat:
        return _empty(dims)
    out: list[Any] = flat
    for d in reversed(dims[1:]):
        out = [out[i : i + d] for i in range(0, len(out), d)]
    return out


class LegacyRandomState:
    """MT19937 stream of numpy.random.RandomState / the np.random.seed() global state."""

    def __init__(self, seed: int) -> None:
        self.seed(seed)

    def seed(self, seed: int) -> None:
        """Same as ``np.random.seed(seed)``; ``seed`` must be an int in [0, 2**32)."""
        # An int seed goes through init_genrand, not the init_by_array that Python's
        # ``random.seed`` uses, in numpy 1.x and 2.x alike.
        self._key = _init_genrand(_check_seed(seed))
        # Tempered outputs of ``_key`` and how many are used; empty means twist first,
        # as numpy's freshly seeded state has pos == 624.
        self._block: list[int] = []
        self._pos = 0

    @overload
    def random(self, shape: None = None) -> float: ...
    @overload
    def random(self, shape: int) -> list[float]: ...
    @overload
    def random(self, shape: tuple[int, ...]) -> NestedFloat: ...
    def random(self, shape: int | tuple[int, ...] | None = None) -> float | list[Any]:
        """``np.random.random(shape)``: nested lists in C order; float for None or ``()``."""
        if shape is None:
            a, b = self._words(2)
            return ((a >> 5) << 26 | (b >> 6)) * _INV_2_53
        dims = _dims(shape)
        words = self._words(2 * prod(dims))
        pairs = zip(words[::2], words[1::2], strict=True)
        # numpy's 53-bit double: 27 high bits of one word, then 26 of the next.
        flat = [((a >> 5) << 26 | (b >> 6)) * _INV_2_53 for a, b in pairs]
        return _nest(flat, dims)

    @overload
    def randint(self, high: int, size: None = None) -> int: ...
    @overload
    def randint(self, high: int, size: int) -> list[int]: ...
    @overload
    def randint(self, high: int, size: tuple[int, ...]) -> NestedInt: ...
    def randint(self, high: int, size: int | tuple[int, ...] | None = None) -> int | list[Any]:
        """``np.random.randint(high, size=size)`` (low 0, int64) for 1 <= high <= 2**63.

        Nested lists in C order; int for None or ``()``.
        """
        rng = _check_high(high) - 1
        if size is None:
            return self._bounded(rng, 1)[0]
        dims = _dims(size)
        return _nest(self._bounded(rng, prod(dims)), dims)

    def _bounded(self, rng: int, count: int) -> list[int]:
        """``count`` draws in [0, rng], by numpy's legacy masked rejection sampling."""
        if rng == 0:
            # numpy returns low without drawing: randint(1) leaves the stream untouched.
            return [0] * count
        mask = (1 << rng.bit_length()) - 1
        out: list[int] = []
        if rng <= _MASK32:
            # One 32-bit word per candidate, however wide the int64 result.
            if rng == mask:
                return [w & mask for w in self._words(count)]
            while len(out) < count:
                # numpy draws until it has ``count`` values, so the next ``count - len(out)``
                # words are all consumed; taking them in one batch never over-draws.
                words = self._words(count - len(out))
                out += [v for w in words if (v := w & mask) <= rng]
            return out
        while len(out) < count:
            # Wider ranges take two words per candidate, high word first (mt19937_next64).
            words = self._words(2 * (count - len(out)))
            pairs = zip(words[::2], words[1::2], strict=True)
            out += [v for hi, lo in pairs if (v := ((hi << 32) | lo) & mask) <= rng]
        return out

    def _words(self, n: int) -> list[int]:
        """The next ``n`` 32-bit outputs; every draw goes through here."""
        pos, block = self._pos, self._block
        if pos + n <= len(block):
            self._pos = pos + n
            return block[pos : pos + n]
        out = block[pos:]
        need = n - len(out)
        while True:
            self._key = _twist(self._key)
            block = self._block = _temper(self._key)
            if need <= _N:
                self._pos = need
                return out + block[:need]
            out += block
            need -= _N
