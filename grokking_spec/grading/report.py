"""Segments as text for a reader, or as JSON for tools."""

from __future__ import annotations

import json
from typing import Any

from grokking_spec.grading.verdict import Segment


def divergence_record(segment: Segment) -> dict[str, Any] | None:
    found = segment.divergence
    if found is None:
        return None
    expected = found.expected
    return {
        "line": found.line.number,
        "where": found.line.where,
        "text": found.line.text,
        "obtained": found.obtained.text,
        "expected": expected.value,
        "expected_text": expected.text,
        "golden_line": expected.golden_line + 1,
        "golden_text": expected.golden_text,
        "field": expected.field,
        "path": expected.path,
        "iteration": expected.iteration,
        "difference": found.difference,
    }


def as_json(origin: str, segments: list[Segment]) -> str:
    records = []
    for segment in segments:
        span = segment.span
        record: dict[str, Any] = {
            "listing": segment.listing,
            "variant": segment.variant,
            "verdict": segment.verdict,
            "lines": list(span) if span else None,
            "notes": segment.notes,
        }
        divergence = divergence_record(segment)
        if divergence is not None:
            record["first_divergence"] = divergence
        records.append(record)
    return json.dumps({"source": origin, "segments": records}, indent=2)


def as_text(origin: str, segments: list[Segment]) -> str:
    out = []
    for segment in segments:
        span = segment.span
        lines = f"lines {span[0]}-{span[1]}" if span else "no lines"
        name = f"{segment.listing} ({segment.variant})" if segment.listing else origin
        out.append(f"{name}, {lines}: {segment.verdict}")
        record = divergence_record(segment)
        if record is not None:
            iteration = (
                f", iteration {record['iteration']}" if record["iteration"] is not None else ""
            )
            out.append(f"  first divergence at {record['where']}: {record['text'].strip()!r}")
            out.append(
                f"    printed {record['obtained']} where the book's code gives "
                f"{record['expected']!r} ({record['field']}{iteration}); "
                f"difference {record['difference']:.3g}"
            )
            out.append(
                f"    golden line {record['golden_line']}: {record['golden_text'].strip()!r}"
            )
        out.extend(f"  {note}" for note in segment.notes)
    return "\n".join(out)
