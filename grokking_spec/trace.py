"""Traces as plain data: normalising what an implementation returns, and reading paths in it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from grokking_spec.listing import Trace


class MalformedTrace(ValueError):
    """An implementation returned something that is not a trace (a one-line message)."""

    def __init__(self, message: str) -> None:
        line = message.replace("\r", " ").replace("\n", " ")
        super().__init__(line if len(line) <= 500 else line[:497] + "...")


#: Deepest nesting of lists and mappings in a trace (the book's need about 4).
MAX_DEPTH = 64


def to_plain(value: Any, path: str = "trace") -> Any:
    """``value`` as plain Python data: numpy arrays and scalars become lists and numbers.

    Implementations may return numpy values; goldens and comparisons see only plain data:
    exact ``bool``/``int``/``float``/``str`` (an ``np.float64`` is a float subclass and
    becomes the ``float`` it equals), lists and string-keyed dicts. A trace that contains
    itself, nests deeper than ``MAX_DEPTH``, or whose objects fail when read is a one-line
    ``MalformedTrace``, never a ``RecursionError`` or the object's own exception.
    """
    return _plain(value, path, set())


_SCALARS = (bool, int, float, str)


def _plain(value: Any, path: str, open_ids: set[int]) -> Any:
    try:
        for scalar in _SCALARS:  # bool before int: True stays True
            if isinstance(value, scalar):
                return scalar(value)
        if len(open_ids) >= MAX_DEPTH:
            raise MalformedTrace(f"{path} is nested deeper than {MAX_DEPTH} levels")
        if id(value) in open_ids:
            raise MalformedTrace(f"{path} contains itself (a cycle)")
        open_ids.add(id(value))
        try:
            return _container(value, path, open_ids)
        finally:
            open_ids.discard(id(value))
    except MalformedTrace:
        raise
    except Exception as error:  # noqa: BLE001 - any failure of the implementation's object
        raise MalformedTrace(f"{path}: reading it raised {type(error).__name__}") from None


def _container(value: Any, path: str, open_ids: set[int]) -> Any:
    if hasattr(value, "tolist") and callable(value.tolist):
        listed = value.tolist()
        if listed is value:
            raise MalformedTrace(f"{path}: tolist() returned the object itself")
        return _plain(listed, path, open_ids)
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{index}]", open_ids) for index, item in enumerate(value)]
    if isinstance(value, Mapping):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise MalformedTrace(f"{path} has a non-string key of type {type(key).__name__}")
            plain[str(key)] = _plain(item, f"{path}.{key}" if path != "trace" else key, open_ids)
        return plain
    raise MalformedTrace(f"{path} is a {type(value).__name__}, not plain data")


def normalise(trace: Any) -> Trace:
    """A trace from an implementation's return value (a mapping of named values)."""
    if not isinstance(trace, Mapping):
        raise MalformedTrace(f"returned a {type(trace).__name__}, not a mapping of named values")
    plain = to_plain(trace)
    assert isinstance(plain, dict)
    return plain


_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(-?\d+)\]")


def resolve(document: Mapping[str, Any], path: str) -> Any:
    """The value at ``path`` (``error[3]``, ``cases[1].error[-1]``, ``params.weights[0]``)."""
    value: Any = document
    position = 0
    while position < len(path):
        match = _STEP.match(path, position)
        if match is None:
            raise KeyError(f"bad path {path!r} at {path[position:]!r}")
        name, index = match.groups()
        value = value[name] if name is not None else value[int(index)]
        position = match.end()
    return value


def leaves(value: Any) -> Iterator[Any]:
    """The scalars of a (nested) value, in reading order."""
    if isinstance(value, list):
        for item in value:
            yield from leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    else:
        yield value
