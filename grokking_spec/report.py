"""Conformance results for people and for CI: table, JSON, Markdown and JUnit XML."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from typing import Any

from grokking_spec.compare import Mismatch
from grokking_spec.engine import Outcome

FORMATS = ("table", "json", "markdown", "junit")

LEGEND = (
    ("exact", "passed, every number bit-identical to the golden"),
    ("ulp:N", "passed within the fields' measured tolerances; N is the largest ULP distance"),
    ("xfail", "fails as the implementation's expectations file says it will (reason below)"),
    ("FAIL <field>", "beyond tolerance, or did not run; <field> is the first divergence"),
    ("skip", "not implemented by it, or no trace file (reason below)"),
)


@dataclass(frozen=True)
class Results:
    """One run of ``check``: outcomes in catalog order, and the environment they ran in."""

    outcomes: tuple[Outcome, ...]
    implementations: tuple[str, ...]
    kernel: str
    goldens_kernel: str
    problems: tuple[str, ...] = ()
    interrupted: bool = False

    def counts(self) -> dict[str, int]:
        counted = Counter(outcome.status for outcome in self.outcomes)
        counts = {status: counted.get(status, 0) for status in ("pass", "fail", "xfail", "skip")}
        counts["fail"] += len(self.problems)
        return counts

    @property
    def failed(self) -> bool:
        return self.counts()["fail"] > 0 or self.interrupted


def cell(outcome: Outcome) -> str:
    if outcome.status == "fail":
        first = outcome.first_divergence
        return "FAIL " + (first.path if first is not None else "(error)")
    return outcome.level


def _rows(results: Results) -> list[tuple[str, str, dict[str, Outcome]]]:
    """(listing, variant, outcome by implementation), catalog order; a row only where at
    least one implementation covers the variant, when some skip everything."""
    rows: dict[tuple[str, str], dict[str, Outcome]] = {}
    for outcome in results.outcomes:
        rows.setdefault((outcome.listing_id, outcome.variant), {})[outcome.implementation] = outcome
    kept = []
    for (listing_id, variant), by_implementation in rows.items():
        if any(outcome.implemented for outcome in by_implementation.values()):
            kept.append((listing_id, variant, by_implementation))
    return kept


def _summary_line(results: Results) -> str:
    counts = results.counts()
    line = f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped"
    if counts["xfail"]:
        line += f", {counts['xfail']} xfailed"
    return line + (" (interrupted)" if results.interrupted else "")


def _notes(results: Results, verbose: bool) -> list[str]:
    """Failures (first divergence; every mismatch when verbose), xfail and skip reasons."""
    lines: list[str] = []
    failures = [o for o in results.outcomes if o.status == "fail"]
    if failures or results.problems:
        lines += ["", "Failures (first divergence):"]
        lines += ["  " + o.report(verbose).replace("\n", "\n  ") for o in failures]
        lines += [f"  {problem}" for problem in results.problems]
    for status, title in (("xfail", "Expected failures:"), ("skip", "Skipped:")):
        reasons = Counter(_reason(o) for o in results.outcomes if o.status == status)
        if reasons:
            lines += ["", title]
            lines += [
                f"  {reason}" + (f" ({count} variants)" if count > 1 else "")
                for reason, count in reasons.items()
            ]
    return lines


def _reason(outcome: Outcome) -> str:
    """An xfail or skip reason; "does not implement" is said once per implementation."""
    if not outcome.implemented:
        return f"{outcome.implementation}: listings it does not implement"
    return f"{outcome.implementation}: {outcome.detail}"


def _legend(results: Results) -> list[str]:
    width = max(len(key) for key, _ in LEGEND)
    lines = ["", "Legend:"] + [f"  {key:<{width}}  {meaning}" for key, meaning in LEGEND]
    lines.append(
        f"  BLAS kernel: {results.kernel} (goldens written with OpenBLAS "
        f"{results.goldens_kernel}; implementations of level exact are held to bit-identity "
        "only there)"
    )
    return lines


def as_table(results: Results, verbose: bool = False) -> str:
    header = ["listing", "variant", *results.implementations]
    table = [header] + [
        [listing_id, variant, *(cell(by[name]) if name in by else "" for name in header[2:])]
        for listing_id, variant, by in _rows(results)
    ]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    lines = [
        "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines += _legend(results) + _notes(results, verbose) + ["", _summary_line(results)]
    return "\n".join(lines) + "\n"


def as_markdown(results: Results, verbose: bool = False) -> str:
    header = ["listing", "variant", *results.implementations]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for listing_id, variant, by in _rows(results):
        cells = [f"`{cell(by[name])}`" if name in by else "" for name in header[2:]]
        lines.append("| " + " | ".join([listing_id, variant, *cells]) + " |")
    notes = [
        "- " + _markdown_text(line.strip()) if line.startswith("  ") else line
        for line in _legend(results) + _notes(results, verbose)
    ]
    return "\n".join(lines + notes + ["", f"**{_summary_line(results)}**"]) + "\n"


#: Characters a renderer would read as markup in a note (``FAIL <field>`` as an HTML tag).
_MARKUP = re.compile(r"([\\`*_<>\[\]|])")


def _markdown_text(text: str) -> str:
    """``text`` shown as it is: markup characters backslash-escaped (CommonMark)."""
    return _MARKUP.sub(r"\\\1", text)


def _plain(value: Any) -> Any:
    """JSON has no NaN or infinity: those become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _divergence(mismatch: Mismatch | None, detail: str) -> dict[str, Any]:
    if mismatch is None:
        return {"field": None, "expected": None, "obtained": None, "reason": detail}
    return {
        "field": mismatch.path,
        "expected": _plain(mismatch.expected),
        "obtained": _plain(mismatch.obtained),
        "reason": mismatch.reason,
    }


def result_record(outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {
        "implementation": outcome.implementation,
        "listing": outcome.listing_id,
        "variant": outcome.variant,
        "status": outcome.status,
        "level": outcome.level if outcome.status == "pass" else None,
        "seconds": round(outcome.seconds, 6),
    }
    if outcome.status == "pass":
        record["max_ulps"] = _plain(outcome.max_ulps)
    if outcome.prefix is not None:
        record["iterations"] = outcome.prefix
    if outcome.detail:
        record["detail"] = outcome.detail
    if outcome.status == "fail":
        record["first_divergence"] = _divergence(outcome.first_divergence, outcome.detail)
        record["largest"] = _divergence(outcome.largest, outcome.detail)
        record["mismatches"] = len(outcome.mismatches)
    return record


def as_json(results: Results, verbose: bool = False) -> str:
    document = {
        "results": [result_record(outcome) for outcome in results.outcomes],
        "summary": {**results.counts(), "interrupted": results.interrupted},
        "problems": list(results.problems),
        "kernel": results.kernel,
        "goldens_kernel": results.goldens_kernel,
    }
    return json.dumps(document, indent=2, allow_nan=False) + "\n"


def as_junit(results: Results, verbose: bool = False) -> str:
    counts = results.counts()
    suite = ElementTree.Element(
        "testsuite",
        name="grokking-spec",
        tests=str(len(results.outcomes) + len(results.problems)),
        failures=str(counts["fail"]),
        skipped=str(counts["skip"] + counts["xfail"]),
        errors="0",
        time=f"{sum(o.seconds for o in results.outcomes):.3f}",
    )
    for outcome in results.outcomes:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=f"grokking_spec.{outcome.implementation}",
            name=f"{outcome.listing_id} ({outcome.variant})",
            time=f"{outcome.seconds:.3f}",
        )
        if outcome.status == "fail":
            failure = ElementTree.SubElement(case, "failure", message=outcome.detail)
            failure.text = outcome.report(verbose=True)
        elif outcome.status in ("skip", "xfail"):
            ElementTree.SubElement(case, "skipped", message=f"{outcome.status}: {outcome.detail}")
        else:
            ElementTree.SubElement(case, "system-out").text = f"level {outcome.level}"
    for index, problem in enumerate(results.problems):
        case = ElementTree.SubElement(
            suite, "testcase", classname="grokking_spec.plugins", name=f"plugin-{index}"
        )
        ElementTree.SubElement(case, "failure", message=problem)
    ElementTree.indent(suite)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(suite, "unicode") + "\n"
    )


RENDERERS = {"table": as_table, "json": as_json, "markdown": as_markdown, "junit": as_junit}


def render(results: Results, format: str, verbose: bool = False) -> str:
    return RENDERERS[format](results, verbose)
