"""Strict YAML for the spec's own files: plain data only, every oddity a one-line refusal.

Goldens and the errata file are safe-loaded, and stricter than PyYAML's safe loader:
anchors and aliases are refused as soon as the parser meets them (so an alias bomb never
expands), as are duplicate keys, merge keys, tags outside the plain ones, nesting deeper than
``MAX_DEPTH``, integers beyond ``MAX_INT`` (checked on the digits, before ``int()`` runs) and
more than one document. Values are built straight from libyaml's event stream: there is no
recursive composer (libyaml's C one overflows the C stack on deeply nested input) and
nothing is constructed that a check could still refuse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from grokking_spec.bounded_file import FileRefused, read_regular_file

#: Largest spec file read: far above any golden (the largest is about 110 KB), far below harm.
MAX_BYTES: Final = 16 * 2**20
#: Deepest nesting of lists and mappings accepted (goldens need about 5).
MAX_DEPTH: Final = 64
#: Largest magnitude of an integer; beyond it a number is not a golden's but an attack's.
MAX_INT: Final = 10**30
_MAX_INT_DIGITS: Final = 40  # of any base: 2**40 digits would be checked after conversion

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "merge")
)
_SEQ, _MAP = _TAG + "seq", _TAG + "map"

#: libyaml's parser when PyYAML has it; the pure-Python one gives the same events.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlRejected(ValueError):
    """The text is not strict, plain YAML. ``line`` is 1-based, when known."""

    def __init__(self, problem: str, line: int | None = None, detail: str = "") -> None:
        at = f" at line {line}" if line is not None else ""
        because = f" ({detail})" if detail else ""
        super().__init__(f"{problem}{at}{because}".replace("\r", " ").replace("\n", " "))
        self.line = line


class SpecFileError(ValueError):
    """A spec file that cannot be read as strict YAML: one line, starting with its path.

    ``problem`` is the message without the path; ``in_text`` says the file was read but
    its text refused (so a caller may word that part its own way).
    """

    def __init__(self, path: Path, problem: str, *, in_text: bool = False) -> None:
        super().__init__(f"{path}: {problem}".replace("\r", " ").replace("\n", " "))
        self.path = path
        self.problem = problem
        self.in_text = in_text


def load_file(path: Path, kind: str) -> Any:
    """The document in the file at ``path``; ``kind`` ("golden file") names it in errors."""
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise SpecFileError(path, f"{kind} is missing") from None
    except FileRefused as refusal:
        raise SpecFileError(path, f"cannot read {kind}: {refusal}") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SpecFileError(path, f"cannot read {kind} ({reason})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where = f"byte 0x{raw[error.start]:02x} at offset {error.start}"
        raise SpecFileError(path, f"cannot read {kind}: not UTF-8 ({where})") from None
    try:
        return parse(text)
    except YamlRejected as rejection:
        raise SpecFileError(path, str(rejection), in_text=True) from None


def parse(text: str) -> Any:
    """The one document in ``text`` as plain data (``None`` for an empty stream)."""
    loader = _Loader(text)
    try:
        return _Builder(loader).document()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or type(error).__name__
        raise YamlRejected("not valid YAML", _line(mark), problem) from None
    except yaml.YAMLError as error:
        raise YamlRejected("not valid YAML", None, type(error).__name__) from None
    finally:
        loader.dispose()


def _line(mark: Any) -> int | None:
    return None if mark is None else int(mark.line) + 1


_UNSET: Final = object()


class _Builder:
    """Lists and dicts from the event stream, with a stack instead of recursion."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self._loader: Any = loader  # PyYAML's loaders are untyped
        # Each open collection: (the list or dict, the key read and awaiting its value).
        self._stack: list[list[Any]] = []
        self._root: Any = None

    def document(self) -> Any:
        get_event = self._loader.get_event
        get_event()  # StreamStartEvent
        event = get_event()
        if isinstance(event, StreamEndEvent):
            return None
        assert isinstance(event, DocumentStartEvent)
        handlers = {
            ScalarEvent: self._scalar,
            SequenceStartEvent: self._open,
            MappingStartEvent: self._open,
            SequenceEndEvent: self._close,
            MappingEndEvent: self._close,
        }
        while True:
            event = get_event()
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
            elif isinstance(event, DocumentEndEvent):
                break
            elif isinstance(event, AliasEvent):
                raise YamlRejected("YAML aliases are not allowed", _line(event.start_mark))
        end = get_event()
        if not isinstance(end, StreamEndEvent):
            raise YamlRejected("more than one YAML document", _line(end.start_mark))
        return self._root

    def _check_node(self, event: Any, plain_tag: str) -> None:
        if event.anchor is not None:
            problem = f"YAML anchors are not allowed (&{event.anchor})"
            raise YamlRejected(problem, _line(event.start_mark))
        if event.tag not in (None, "!", plain_tag):
            problem = f"tag {event.tag} is not allowed"
            raise YamlRejected("not valid YAML", _line(event.start_mark), problem)

    def _open(self, event: Any) -> None:
        is_map = isinstance(event, MappingStartEvent)
        self._check_node(event, _MAP if is_map else _SEQ)
        if len(self._stack) >= MAX_DEPTH:
            problem = f"nested deeper than {MAX_DEPTH} levels"
            raise YamlRejected(problem, _line(event.start_mark))
        self._stack.append([{} if is_map else [], _UNSET])

    def _close(self, event: Any) -> None:
        container, _ = self._stack.pop()
        self._add(container, event)

    def _scalar(self, event: ScalarEvent) -> None:
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._loader.resolve(ScalarNode, value, event.implicit)
        self._check_node(event, tag)
        line = _line(event.start_mark)
        if tag == _STR:
            self._add(value, event)
        elif tag == _FLOAT:
            self._add(self._loader.construct_yaml_float(ScalarNode(tag, value)), event)
        elif tag == _INT:
            self._add(_integer(self._loader, value, line), event)
        elif tag == _BOOL:
            self._add(self._loader.construct_yaml_bool(ScalarNode(tag, value)), event)
        elif tag == _NULL:
            self._add(None, event)
        elif tag == _MERGE:
            raise YamlRejected("merge keys ('<<') are not allowed", line)
        else:
            problem = f"{_shown(value)} reads as {tag}, not plain data: quote it"
            raise YamlRejected("not valid YAML", line, problem)

    def _add(self, value: Any, event: Any) -> None:
        if not self._stack:
            self._root = value
            return
        top = self._stack[-1]
        container = top[0]
        if isinstance(container, list):
            container.append(value)
        elif top[1] is _UNSET:
            if isinstance(value, list | dict):
                raise YamlRejected("a key must be a scalar", _line(event.start_mark))
            if value in container:
                raise YamlRejected(f"duplicate key {_shown(value)}", _line(event.start_mark))
            top[1] = value
        else:
            container[top[1]] = value
            top[1] = _UNSET


def _integer(loader: yaml.SafeLoader, value: str, line: int | None) -> int:
    digits = value.lstrip("+-").replace("_", "")
    if len(digits) > _MAX_INT_DIGITS:
        raise YamlRejected(f"integer of {len(digits)} digits is beyond {MAX_INT:.0e}", line)
    number = int(loader.construct_yaml_int(ScalarNode(_INT, value)))
    if abs(number) > MAX_INT:
        raise YamlRejected(f"integer {number} is beyond {MAX_INT:.0e}", line)
    return number


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
