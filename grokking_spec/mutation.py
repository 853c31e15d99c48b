"""Golden mutation: change one number of a golden file and see whether the checks notice.

Two kinds of change, two promises:

- ``next``: the smallest change of value (the next float up, or the next integer). On the
  BLAS kernel that wrote the goldens the reference is held to bit-identity, so every such
  change must fail its check (``strict``).
- ``scaled``: a float multiplied by 1 + 1e-9. Every tolerance is far tighter than that, so
  such a change must fail even where implementations are held only to the tolerances
  (another kernel, another implementation).

``detects`` runs the reference against the changed file, as the tests do. ``caught`` is
its model without rerunning the reference, for the long listings and the full sweep: the
reference reproduces each golden bit for bit on the goldens' kernel (the conformance cases
check that), so its trace *is* the unchanged golden's trace, and ``caught`` compares
exactly what ``engine.check`` compares. Used by ``tests/test_golden_mutation.py`` (a
random sample on every run) and ``tools/golden_mutation_sweep.py`` (every number).
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from grokking_spec.engine import check, metadata_mismatches, trace_comparison
from grokking_spec.golden import GoldenError, build_golden, golden_path, load_golden_text
from grokking_spec.listing import Listing, Variant
from grokking_spec.plugins import Implementation

#: A number standing on its own (not the 04 of ch04 or the 6 of v6).
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")

Kind = Literal["next", "scaled"]

#: The relative change every tolerance must notice.
SCALE = 1e-9


def number_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in NUMBER.finditer(text)]


def float_spans(text: str) -> list[tuple[int, int]]:
    """The spans of nonzero floats (a scaled zero is still zero)."""
    return [
        (start, end)
        for start, end in number_spans(text)
        if any(ch in text[start:end] for ch in ".e") and float(text[start:end]) != 0.0
    ]


def mutated(token: str, kind: Kind = "next") -> str:
    """``next``: the next float up, or the next integer; ``scaled``: times 1 + 1e-9."""
    is_float = any(ch in token for ch in ".e")
    if kind == "scaled":
        assert is_float, token
        return repr(float(token) * (1 + SCALE))
    if is_float:
        return repr(math.nextafter(float(token), math.inf))
    return str(int(token) + 1)


def mutations(text: str, kind: Kind = "next") -> Iterator[tuple[int, str]]:
    """(offset, mutated text) for every number (every nonzero float, when scaled)."""
    spans = float_spans(text) if kind == "scaled" else number_spans(text)
    for start, end in spans:
        yield start, text[:start] + mutated(text[start:end], kind) + text[end:]


def detects(
    reference: Implementation, listing: Listing, variant: Variant, text: str, scratch: Path
) -> bool:
    """Whether checking the reference against golden ``text`` (placed under ``scratch``) fails."""
    path = golden_path(listing, variant, scratch)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        return check(reference, listing, variant, root=scratch).status == "fail"
    finally:
        shutil.rmtree(scratch / path.parent.name, ignore_errors=True)


def caught(
    listing: Listing,
    variant: Variant,
    original: Mapping[str, Any],
    text: str,
    strict: bool,
) -> bool:
    """Whether the reference's check fails on golden ``text``, given the unchanged golden.

    ``strict``: bit-identity is required (an exact implementation on the goldens' kernel);
    else only the tolerances hold.
    """
    try:
        changed = load_golden_text(text, "mutated golden")
    except GoldenError:
        return True
    built = build_golden(listing, variant, original["trace"])
    if metadata_mismatches(changed, built):
        return True
    comparison = trace_comparison(changed, original["trace"])
    return bool(comparison.mismatches) or (strict and not comparison.identical)
