"""Traces as plain data: normalising what an implementation returns, and reading paths in it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from grokking_spec.listing import Trace


class MalformedTrace(ValueError):
    """An implementation returned something that is not a trace."""


def to_plain(value: Any, path: str = "trace") -> Any:
    """``value`` as plain Python data: numpy arrays and scalars become lists and numbers.

    Implementations may return numpy values; goldens and comparisons see only plain data.
    """
    if isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "tolist") and callable(value.tolist):
        return to_plain(value.tolist(), path)
    if isinstance(value, list | tuple):
        return [to_plain(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, Mapping):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise MalformedTrace(f"{path} has a non-string key {key!r}")
            plain[key] = to_plain(item, f"{path}.{key}" if path != "trace" else key)
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
