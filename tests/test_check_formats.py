"""``grokking-spec check --format json|markdown|junit -o FILE``: what CI reads.

One small run (chapter 4: the reference, ``lists``, and an implementation with one wrong
number and one expected failure, so that every status occurs) in each format, read back by
a JSON Schema validator, a Markdown parser and an XML parser.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from typing import Any

import jsonschema
import pytest

import grokking_spec.cli as cli
import grokking_spec.plugins as plugins
from grokking_spec.implementations.lists import implementation as lists
from grokking_spec.plugins import Implementation
from grokking_spec.reference import implementation as reference

#: The shape issue 8 asks of ``--format json``.
DIVERGENCE = {
    "type": "object",
    "required": ["field", "expected", "obtained"],
    "properties": {"field": {"type": ["string", "null"]}},
}
RESULT = {
    "type": "object",
    "required": ["implementation", "listing", "variant", "status", "level", "seconds"],
    "properties": {
        "implementation": {"type": "string", "minLength": 1},
        "listing": {"type": "string", "pattern": r"^ch0[3-8]/[a-z0-9-]+$"},
        "variant": {"type": "string", "pattern": r"^(meap|published)(-[a-z-]+)?$"},
        "status": {"enum": ["pass", "fail", "xfail", "skip"]},
        "level": {"type": ["string", "null"], "pattern": r"^(exact|ulp:\d+)$"},
        "seconds": {"type": "number", "minimum": 0},
        "first_divergence": DIVERGENCE,
    },
    "allOf": [
        {
            "if": {"properties": {"status": {"const": "fail"}}},
            "then": {"required": ["first_divergence"]},
        },
        {
            "if": {"properties": {"status": {"const": "pass"}}},
            "then": {"properties": {"level": {"type": "string"}}},
            "else": {"properties": {"level": {"type": "null"}}},
        },
    ],
}
COUNT = {"type": "integer", "minimum": 0}
REPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["results", "summary"],
    "properties": {
        "results": {"type": "array", "minItems": 1, "items": RESULT},
        "summary": {
            "type": "object",
            "required": ["pass", "fail", "xfail", "skip"],
            "properties": {status: COUNT for status in ("pass", "fail", "xfail", "skip")},
        },
    },
}

IMPLEMENTATIONS = ["reference", "lists", "drifting"]


def _drifting(**params: Any) -> dict[str, Any]:
    trace = dict(reference.listings["ch04/alpha"](**params))
    trace["error"] = [e + (1e-3 if i == 3 else 0.0) for i, e in enumerate(trace["error"])]
    return trace


DRIFTING = Implementation(
    name="drifting",
    listings={"ch04/alpha": _drifting},
    expected_failures={("ch04/alpha", "meap"): "drifts on purpose"},
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """Format: (status, text) of ``check ch04 --impl reference --impl lists --impl drifting
    --format F -o FILE``."""
    folder = tmp_path_factory.mktemp("reports")
    registered = {"reference": reference, "lists": lists, "drifting": DRIFTING}
    found = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(plugins, "discover", lambda: (registered, []))
        for format in ("json", "markdown", "junit"):
            output = folder / f"report.{format}"
            selection = ["ch04", *(f"--impl={name}" for name in IMPLEMENTATIONS)]
            code = cli.main(["check", *selection, "--format", format, "-o", str(output)])
            found[format] = code, output.read_text(encoding="utf-8")
    return found


@pytest.fixture
def json_results(reports: dict[str, tuple[int, str]]) -> dict[str, Any]:
    code, text = reports["json"]
    assert code == 1
    document: dict[str, Any] = json.loads(text)
    return document


def test_json_report_validates_against_the_issue_8_shape(json_results: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)
    jsonschema.validate(json_results, REPORT_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_json_report_holds_every_cell_and_the_counts(json_results: dict[str, Any]) -> None:
    results = json_results["results"]
    variants = 20  # chapter 4: ten listings, two editions each
    assert len(results) == variants * len(IMPLEMENTATIONS)
    assert {r["implementation"] for r in results} == set(IMPLEMENTATIONS)
    statuses = [r["status"] for r in results]
    summary = json_results["summary"]
    assert {s: statuses.count(s) for s in ("pass", "fail", "xfail", "skip")} == {
        s: summary[s] for s in ("pass", "fail", "xfail", "skip")
    }
    assert summary == {"pass": 40, "fail": 1, "xfail": 1, "skip": 18, "interrupted": False}
    (failed,) = [r for r in results if r["status"] == "fail"]
    assert (failed["implementation"], failed["listing"], failed["variant"]) == (
        "drifting",
        "ch04/alpha",
        "published",
    )
    first = failed["first_divergence"]
    assert first["field"] == "error[3]"
    assert first["obtained"] - first["expected"] == pytest.approx(1e-3)
    assert all(r["level"] == "exact" for r in results if r["implementation"] == "reference")


def _table(lines: list[str]) -> list[list[str]]:
    """The pipe table at the top of the report, checked cell by cell: GFM's table syntax."""
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        assert line.endswith("|"), line
        rows.append([cell.strip() for cell in line[1:-1].split("|")])
    assert len(rows) >= 3, lines[:3]
    header, delimiter = rows[0], rows[1]
    assert all(re.fullmatch(r":?-{3,}:?", cell) for cell in delimiter), delimiter
    assert all(len(row) == len(header) for row in rows), "ragged table"
    return [header, *rows[2:]]


def test_markdown_report_is_a_table_a_renderer_reads(
    reports: dict[str, tuple[int, str]],
) -> None:
    code, text = reports["markdown"]
    assert code == 1
    lines = text.splitlines()
    header, *rows = _table(lines)
    assert header == ["listing", "variant", *IMPLEMENTATIONS]
    assert lines[len(rows) + 2] == "", "a blank line must end the table"
    cells = {(row[0], row[1]): dict(zip(IMPLEMENTATIONS, row[2:], strict=True)) for row in rows}
    assert len(cells) == 20
    assert cells[("ch04/alpha", "published")] == {
        "reference": "`exact`",
        "lists": "`exact`",
        "drifting": "`FAIL error[3]`",
    }
    assert cells[("ch04/alpha", "meap")]["drifting"] == "`xfail`"
    assert lines[-1].startswith("**") and lines[-1].endswith("**")

    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    assert sum(token.type == "table_open" for token in tokens) == 1
    assert sum(token.type == "tr_open" for token in tokens) == 1 + len(rows)
    html = parser.render(text)
    # Every note survives rendering: nothing is taken for an HTML tag or emphasis.
    assert "FAIL &lt;field&gt;" in html
    assert "drifting: ch04/alpha (published): first divergence error[3]" in html
    assert "expected: drifts on purpose" in html


def test_junit_report_is_read_by_an_xml_parser(
    reports: dict[str, tuple[int, str]], json_results: dict[str, Any]
) -> None:
    code, text = reports["junit"]
    assert code == 1
    suite = ElementTree.fromstring(text.encode("utf-8"))
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    summary = json_results["summary"]
    assert int(suite.attrib["tests"]) == len(cases) == len(json_results["results"])
    assert int(suite.attrib["failures"]) == summary["fail"] == 1
    assert int(suite.attrib["skipped"]) == summary["skip"] + summary["xfail"]
    failing = [case for case in cases if case.find("failure") is not None]
    assert [(c.attrib["classname"], c.attrib["name"]) for c in failing] == [
        ("grokking_spec.drifting", "ch04/alpha (published)")
    ]
    failure = failing[0].find("failure")
    assert failure is not None and "first divergence error[3]" in failure.attrib["message"]
    assert sum(case.find("skipped") is not None for case in cases) == 19
