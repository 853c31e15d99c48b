"""Golden mutation: change one number of a golden file and see whether the checks notice.

Used by ``tests/test_golden_mutation.py`` (a random sample on every run) and by
``tools/golden_mutation_sweep.py`` (every number, for a report).
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from grokking_spec.engine import check
from grokking_spec.golden import golden_path
from grokking_spec.listing import Listing, Variant
from grokking_spec.plugins import Implementation

#: A number standing on its own (not the 04 of ch04 or the 6 of v6).
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")


def number_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in NUMBER.finditer(text)]


def mutated(token: str) -> str:
    """The smallest change of value: the next float up, or the next integer."""
    if any(ch in token for ch in ".e"):
        return repr(math.nextafter(float(token), math.inf))
    return str(int(token) + 1)


def mutations(text: str) -> Iterator[tuple[int, str]]:
    """(offset, mutated text) for every number in ``text``."""
    for start, end in number_spans(text):
        yield start, text[:start] + mutated(text[start:end]) + text[end:]


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
