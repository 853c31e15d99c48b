"""Golden files: where they live, what they hold, how they are written and read.

A golden is YAML: floats as their shortest round-trip repr (they read back exactly), keys
in a fixed order, no versions, dates or paths, so the same trace always gives the same
bytes. Only the reference writes them (``pytest --force-regen``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from grokking_spec.listing import Listing, Tolerance, Trace, Variant

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


def compare_policy(variant: Variant, trace: Trace) -> dict[str, Any]:
    """Every top-level trace field, ``exact`` or its measured tolerance."""
    policy: dict[str, Any] = {}
    for name in trace:
        tolerance = variant.tolerances.get(name)
        policy[name] = (
            "exact"
            if tolerance is None
            else {"rtol": tolerance.rtol, "atol": tolerance.atol, "measured": tolerance.measured}
        )
    return policy


def tolerances_of(golden: Mapping[str, Any]) -> dict[str, Tolerance | None]:
    """The per-field tolerances a golden file declares (``None`` for exact)."""
    tolerances: dict[str, Tolerance | None] = {}
    for name, rule in golden["compare"].items():
        if rule == "exact":
            tolerances[name] = None
        else:
            tolerances[name] = Tolerance(float(rule["rtol"]), float(rule["atol"]), rule["measured"])
    return tolerances


def build_golden(listing: Listing, variant: Variant, trace: Trace) -> dict[str, Any]:
    """The golden document of one listing variant, from the reference's trace."""
    return {
        "id": listing.id,
        "variant": variant.name,
        "title": listing.title,
        "section": listing.section,
        "source": variant.source,
        "params": dict(variant.params),
        "compare": compare_policy(variant, trace),
        "output_lines": len(variant.printout(trace, variant.edition)),
        "book": [
            {"line": line.line, "text": line.text, "shows": list(line.shows)}
            for line in variant.book
        ],
        "trace": trace,
    }


#: libyaml's safe loader when PyYAML has it (six times faster on the big goldens); the same
#: safe constructors either way, so the same values.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """Read and check a golden file; any problem is a one-line ``GoldenError`` naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldenError(f"{path}: golden file is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GoldenError(f"{path}: cannot read golden file ({error})") from None
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise GoldenError(f"{path}: not valid YAML{at}") from None
    if not isinstance(document, dict):
        raise GoldenError(f"{path}: not a golden file (expected a mapping at the top)")
    missing = [key for key in KEYS if key not in document]
    if missing:
        raise GoldenError(f"{path}: golden file lacks {', '.join(missing)}")
    if not isinstance(document["trace"], dict) or not isinstance(document["compare"], dict):
        raise GoldenError(f"{path}: 'trace' and 'compare' must be mappings")
    try:
        tolerances_of(document)
    except (KeyError, TypeError, ValueError) as error:
        raise GoldenError(f"{path}: malformed compare rule ({error})") from None
    return document


def write_golden(path: Path, text: str, root: Path | None = None) -> None:
    """Write a golden atomically: a temporary file beside it, then a rename; never through
    a link, never outside the spec root."""
    base = (spec_root() if root is None else root).resolve()
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise GoldenError(f"{path}: not a regular file; refusing to write a golden through it")
    target = path.parent.resolve() / path.name
    if base not in target.parents:
        raise GoldenError(f"{path}: outside the spec folder {base}; refusing to write")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise GoldenError(f"{path}: cannot write golden ({error.strerror or error})") from None
