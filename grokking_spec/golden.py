"""Golden files: where they live, what they hold, how they are written and read.

A golden is YAML: floats as their shortest round-trip repr (they read back exactly), keys
in a fixed order, no versions, dates or paths, so the same trace always gives the same
bytes. Only the reference writes them (``pytest --force-regen``), through ``write_golden``
(atomic, inside the spec root, never through a symlink); ``load_golden`` reads them strictly.
"""

from __future__ import annotations

import math
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from grokking_spec import strict_yaml
from grokking_spec.listing import Listing, Tolerance, Trace, UnknownName, Variant
from grokking_spec.tolerances import tolerances_for

HEADER = (
    "# Golden output of one book listing, written by the reference implementation.\n"
    "# Do not edit by hand: regenerate with `pytest --force-regen` (see spec/README.md).\n"
)

#: The sections of a golden file, in the order they are written.
KEYS = (
    "id",
    "variant",
    "title",
    "section",
    "source",
    "params",
    "compare",
    "output_lines",
    "book",
    "trace",
)


class GoldenError(ValueError):
    """A golden file that is missing, unreadable or not shaped like a golden."""


def spec_root() -> Path:
    """The ``spec/`` folder: ``$GROKKING_SPEC_ROOT``, the installed copy, or the checkout's."""
    override = os.environ.get("GROKKING_SPEC_ROOT")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    installed = package / "spec"
    return installed if installed.is_dir() else package.parent / "spec"


def golden_path(listing: Listing, variant: Variant, root: Path | None = None) -> Path:
    """``spec/chNN/<slug>.<variant>.yml``."""
    base = spec_root() if root is None else root
    return base / f"ch{listing.chapter:02d}" / f"{listing.slug}.{variant.name}.yml"


def compare_policy(listing: Listing, variant: Variant, trace: Trace) -> dict[str, Any]:
    """Every top-level trace field, ``exact`` or its measured tolerance.

    Tolerances come from ``grokking_spec.tolerances`` (measured, apart from the catalog),
    the one place that holds them.
    """
    field_tolerances = _measured(listing, variant)
    policy: dict[str, Any] = {}
    for name in trace:
        tolerance = field_tolerances.get(name)
        policy[name] = (
            "exact"
            if tolerance is None
            else {"rtol": tolerance.rtol, "atol": tolerance.atol, "measured": tolerance.measured}
        )
    return policy


def _measured(listing: Listing, variant: Variant) -> Mapping[str, Tolerance]:
    """The measured tolerances; none for a listing not measured yet (its fields stay exact
    until ``tools/measure_tolerances.py`` measures it, which tests/test_tolerances.py asks)."""
    try:
        return tolerances_for(listing.id, variant.name)
    except UnknownName:
        return {}


def tolerances_of(golden: Mapping[str, Any]) -> dict[str, Tolerance | None]:
    """The per-field tolerances a golden file declares (``None`` for exact)."""
    declared: dict[str, Tolerance | None] = {}
    for name, rule in golden["compare"].items():
        if rule == "exact":
            declared[name] = None
        else:
            declared[name] = Tolerance(float(rule["rtol"]), float(rule["atol"]), rule["measured"])
    return declared


def build_golden(listing: Listing, variant: Variant, trace: Trace) -> dict[str, Any]:
    """The golden document of one listing variant, from the reference's trace."""
    return {
        "id": listing.id,
        "variant": variant.name,
        "title": listing.title,
        "section": listing.section,
        "source": variant.source,
        "params": dict(variant.params),
        "compare": compare_policy(listing, variant, trace),
        "output_lines": len(variant.printout(trace, variant.edition)),
        "book": [
            {"line": line.line, "text": line.text, "shows": list(line.shows)}
            for line in variant.book
        ],
        "trace": trace,
    }


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of numbers: readable, and one element per diff hunk row."""


def _holds_mapping(value: Any) -> bool:
    if isinstance(value, list):
        return any(_holds_mapping(item) for item in value)
    return isinstance(value, dict)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = not _holds_mapping(data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_golden(document: Mapping[str, Any]) -> str:
    """The exact text of a golden file."""
    ordered = {key: document[key] for key in KEYS}
    body = yaml.dump(
        ordered,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=False,  # escaped: a raw U+0085 would read back as a line break
        width=100,
    )
    return HEADER + body


def load_golden(path: Path) -> dict[str, Any]:
    """Read and check a golden file; any problem is a one-line ``GoldenError`` naming it.

    Strict YAML (see ``strict_yaml``), then the shape: exactly the ``KEYS``, and compare
    rules that are ``exact`` or a finite, non-negative ``rtol``/``atol`` with ``measured``.
    """
    try:
        document = strict_yaml.load_file(path, "golden file")
    except strict_yaml.SpecFileError as error:
        raise GoldenError(str(error)) from None
    return _checked(document, path)


def load_golden_text(text: str, path: Path | str) -> dict[str, Any]:
    """``load_golden`` of a golden's text; ``path`` names it in errors."""
    try:
        document = strict_yaml.parse(text)
    except strict_yaml.YamlRejected as rejection:
        raise GoldenError(f"{path}: {rejection}") from None
    return _checked(document, path)


def _checked(document: Any, path: Path | str) -> dict[str, Any]:
    """The document, if it has the shape of a golden; else a one-line ``GoldenError``."""
    if not isinstance(document, dict):
        raise GoldenError(f"{path}: not a golden file (expected a mapping at the top)")
    missing = [key for key in KEYS if key not in document]
    if missing:
        raise GoldenError(f"{path}: golden file lacks {', '.join(missing)}")
    unknown = [str(key) for key in document if key not in KEYS]
    if unknown:
        raise GoldenError(f"{path}: unknown top-level key(s) {', '.join(unknown)[:200]}")
    if not isinstance(document["trace"], dict) or not isinstance(document["compare"], dict):
        raise GoldenError(f"{path}: 'trace' and 'compare' must be mappings")
    for name, rule in document["compare"].items():
        problem = _compare_rule_problem(rule)
        if problem:
            raise GoldenError(f"{path}: malformed compare rule at compare.{name}: {problem}")
    if not isinstance(document["params"], dict) or not isinstance(document["book"], list):
        raise GoldenError(f"{path}: 'params' must be a mapping and 'book' a list")
    return document


_RULE_KEYS = ("rtol", "atol", "measured")


def _compare_rule_problem(rule: Any) -> str:
    """What is wrong with one compare rule, or ``""``."""
    if rule == "exact":
        return ""
    if not isinstance(rule, dict):
        return "expected 'exact' or a mapping of rtol, atol, measured"
    unknown = [str(key) for key in rule if key not in _RULE_KEYS]
    missing = [key for key in _RULE_KEYS if key not in rule]
    if unknown or missing:
        return f"unknown {unknown}, missing {missing} (a rule has only rtol, atol, measured)"
    for key in ("rtol", "atol"):
        value = rule[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{key} is not a number"
        if not math.isfinite(value) or value < 0:
            return f"{key} is {value}, expected a finite number >= 0"
    if not isinstance(rule["measured"], str) or not rule["measured"].strip():
        return "measured must name the tool and the figure"
    return ""


def write_golden(path: Path, text: str, root: Path | None = None) -> None:
    """Write a golden so that a reader sees the old file or the new one, never a mix.

    The text goes to a hidden temporary file beside the golden, is flushed to disk, and
    replaces the golden by an atomic rename. Refused, with one ``GoldenError`` line: a
    golden path outside the spec root (``spec_root()`` or ``root``), a golden that is a
    symlink or not a regular file, and any OS error (a read-only ``spec/``, a full disk).
    A write killed half-way leaves the old golden and, at worst, a ``.*.tmp`` file beside it.
    """
    base = spec_root() if root is None else root
    try:
        folder = path.parent.resolve()
        inside = folder.is_relative_to(base.resolve())
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
        raise GoldenError(f"{path}: cannot resolve the golden's folder ({error})") from None
    if not inside:
        raise GoldenError(f"{path}: outside the spec root {base}; not written")
    target = folder / path.name
    try:
        existing = target.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise GoldenError(f"{path}: cannot inspect golden ({_reason(error)})") from None
    if existing is not None and stat.S_ISLNK(existing.st_mode):
        raise GoldenError(f"{path}: golden is a symlink; refusing to write through it")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise GoldenError(f"{path}: golden is not a regular file; not written")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _replace_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise GoldenError(f"{path}: cannot write golden ({_reason(error)})") from None


def _replace_atomically(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # O_EXCL|O_NOFOLLOW: a fresh file of ours, never one planted at that name; 0o666 lets
    # the umask give goldens their usual mode.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with open(descriptor, "wb", closefd=True) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
