"""Ports in any language: traces written to JSON files, checked like any implementation.

A port writes ``DIR/chNN/<slug>.<variant>.json``: one JSON object with the golden's
``trace`` fields (``grokking-spec schema ID --variant V`` prints its JSON Schema). A JSON
integer where the golden has a float is read as that float, since many languages print
1.0 as 1. A missing file is a skip; an unreadable or malformed one fails with one line.
The whole trace is compared (no prefix), with the listing's full-length params.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from grokking_spec.catalog import get_listing, listing_variants
from grokking_spec.engine import Skipped
from grokking_spec.golden import GoldenError, golden_path, load_golden
from grokking_spec.listing import Listing, Trace, Variant
from grokking_spec.plugins import Implementation, ImplementationError

#: Larger trace files are refused unread (the largest golden trace is about 100 KB).
MAX_BYTES = 64 * 1024 * 1024


def trace_file(directory: Path, listing: Listing, variant: Variant) -> Path:
    return directory / f"ch{listing.chapter:02d}" / f"{listing.slug}.{variant.name}.json"


def _unavailable(**params: Any) -> Trace:
    raise ImplementationError("trace files are read by the harness, not called")


def trace_file_implementation(directory: Path, name: str) -> Implementation:
    """An implementation covering every listing with at least one trace file in ``directory``."""
    covered = {
        listing.id
        for listing, variant in listing_variants()
        if trace_file(directory, listing, variant).exists()
    }
    return Implementation(
        name=name,
        listings={listing_id: _unavailable for listing_id in covered},
        description=f"trace files in {directory}",
    )


class TraceFiles:
    """A runner that reads a port's trace files instead of calling functions."""

    def __init__(self, directory: Path, root: Path | None = None) -> None:
        self.directory = directory
        self._root = root

    def run(
        self,
        implementation: Implementation,
        listing_id: str,
        params: Mapping[str, Any],
        timeout: float | None,
        variant: str = "",
    ) -> Trace:
        listing = get_listing(listing_id)
        path = trace_file(self.directory, listing, listing.variant(variant))
        if not path.exists():
            raise Skipped(f"no trace file {path}")
        try:
            if not path.is_file():
                raise ImplementationError(f"{path}: not a regular file")
            if path.stat().st_size > MAX_BYTES:
                raise ImplementationError(f"{path}: larger than {MAX_BYTES} bytes")
            document = json.loads(path.read_text(encoding="utf-8"), parse_constant=_constant)
        except (OSError, UnicodeDecodeError) as error:
            raise ImplementationError(f"{path}: cannot read trace file ({error})") from None
        except (ValueError, RecursionError) as error:
            raise ImplementationError(f"{path}: not valid JSON ({error})") from None
        if not isinstance(document, dict):
            raise ImplementationError(f"{path}: expected a JSON object of trace fields")
        try:
            golden = load_golden(golden_path(listing, listing.variant(variant), self._root))
        except GoldenError:
            return document  # the engine reports the golden's problem
        coerced = as_golden_types(golden["trace"], document)
        assert isinstance(coerced, dict)
        return coerced


def _constant(name: str) -> float:
    """``NaN``, ``Infinity`` and ``-Infinity``, which JSON writers in many languages emit."""
    return float(name.replace("Infinity", "inf"))


def as_golden_types(expected: Any, obtained: Any) -> Any:
    """``obtained`` with integers read as floats wherever the golden has a float."""
    if isinstance(expected, float) and type(obtained) is int:
        return float(obtained) if math.isfinite(float(obtained)) else obtained
    if isinstance(expected, list) and isinstance(obtained, list):
        if len(expected) == len(obtained):
            return [as_golden_types(e, o) for e, o in zip(expected, obtained, strict=True)]
        return obtained
    if isinstance(expected, dict) and isinstance(obtained, dict):
        return {
            key: as_golden_types(expected[key], value) if key in expected else value
            for key, value in obtained.items()
        }
    return obtained


# --- schema ------------------------------------------------------------------------------


def trace_schema(listing: Listing, variant: Variant, root: Path | None = None) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the trace file of one listing variant.

    It pins every field, its nesting and list lengths, as the golden has them.
    """
    golden = load_golden(golden_path(listing, variant, root))
    schema = _schema_of(golden["trace"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"grokking-spec trace: {listing.id} ({variant.name})",
        "description": (
            f"Write it to ch{listing.chapter:02d}/{listing.slug}.{variant.name}.json and check it "
            "with grokking-spec check --traces DIR --name NAME"
        ),
        **schema,
    }


def _schema_of(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    if value is None:
        return {"type": "null"}
    if isinstance(value, list):
        schema: dict[str, Any] = {"type": "array", "minItems": len(value), "maxItems": len(value)}
        if value:
            items = [_schema_of(item) for item in value]
            schema["items"] = items[0] if all(item == items[0] for item in items) else {}
            if not schema["items"]:
                schema["prefixItems"] = items
                del schema["items"]
        return schema
    assert isinstance(value, dict)
    return {
        "type": "object",
        "properties": {key: _schema_of(item) for key, item in value.items()},
        "required": list(value),
        "additionalProperties": False,
    }
