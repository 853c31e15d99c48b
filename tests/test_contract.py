"""``grokking-spec show`` and ``grokking-spec schema``: the contract of a listing variant.

What a porter reads before writing a function or a trace file: the params, every trace
field with its type, shape and comparison rule, the output and the errata (``show``), and a
JSON Schema a trace file must satisfy (``schema``). Both are read back against the golden.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

import grokking_spec.cli as cli
from grokking_spec.catalog import get_listing
from grokking_spec.contract import shape
from grokking_spec.fidelity import load_errata
from grokking_spec.golden import golden_path, load_golden, spec_root


def main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exited:
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def golden(listing_id: str, variant: str) -> dict[str, Any]:
    listing = get_listing(listing_id)
    return load_golden(golden_path(listing, listing.variant(variant)))


def section(lines: list[str], title: str) -> list[str]:
    """The indented lines under a ``title`` line of ``show``."""
    start = next(i for i, line in enumerate(lines) if line.startswith(title)) + 1
    found = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        found.append(line)
    return found


@pytest.mark.parametrize(
    ("listing_id", "variant"),
    [
        ("ch04/alpha", "meap"),
        ("ch06/streetlight-one-example", "meap"),
        ("ch08/batch-gradient-descent", "published"),
    ],
)
def test_show_prints_the_goldens_contract(
    capsys: pytest.CaptureFixture[str], listing_id: str, variant: str
) -> None:
    code, out, err = main(capsys, "show", listing_id, "--variant", variant)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    document = golden(listing_id, variant)
    assert lines[0].startswith(f"{listing_id} ({variant}): {document['title']}")

    params = section(lines, "params")
    assert params == [f"  {name} = {value!r}" for name, value in document["params"].items()]

    fields = section(lines, "trace")
    assert [line.split(":")[0].strip() for line in fields[::2]] == list(document["trace"])
    for (name, value), described, rule in zip(
        document["trace"].items(), fields[::2], fields[1::2], strict=True
    ):
        assert described == f"  {name}: {shape(value)}"
        expected = document["compare"][name]
        if expected == "exact":
            assert rule.strip() == "compared: exact"
        else:
            assert rule.strip().startswith(f"compared: rtol {expected['rtol']:g}, atol")
            assert expected["measured"] in rule

    assert f"output: {document['output_lines']} lines" in out
    errata = [
        erratum
        for erratum in load_errata(spec_root() / "errata.yml")
        if erratum.listing == listing_id and variant in erratum.variants
    ]
    assert f"errata ({len(errata)}):" in lines
    assert sum(line.startswith("  - book: ") for line in lines) == len(errata)


def test_show_names_shapes_of_nested_lists(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = main(capsys, "show", "ch06/streetlight-one-example", "--variant", "meap")
    assert "  weights: list[20] of list[3] of float" in out.splitlines()
    assert "errata (1):" in out.splitlines()


def schema_of(capsys: pytest.CaptureFixture[str], listing_id: str, variant: str) -> Any:
    code, out, err = main(capsys, "schema", listing_id, "--variant", variant)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize(
    ("listing_id", "variant"),
    [
        ("ch04/alpha", "published"),
        ("ch04/hot-and-cold-overshoot", "meap"),
        ("ch06/backpropagation", "meap-as-printed"),
    ],
)
def test_schema_accepts_the_goldens_trace(
    capsys: pytest.CaptureFixture[str], listing_id: str, variant: str
) -> None:
    schema = schema_of(capsys, listing_id, variant)
    assert re.search(rf"ch0\d/{listing_id.split('/')[1]}\.{variant}\.json", schema["description"])
    jsonschema.validate(golden(listing_id, variant)["trace"], schema)


def _without(trace: dict[str, Any], field: str) -> dict[str, Any]:
    return {name: value for name, value in trace.items() if name != field}


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda t: _without(t, "final_weight"), "'final_weight' is a required property"),
        (lambda t: {**t, "extra": 1.0}, "Additional properties are not allowed"),
        (lambda t: {**t, "error": t["error"][:-1]}, "is too short"),
        (lambda t: {**t, "error": [*t["error"], 0.0]}, "is too long"),
        (lambda t: {**t, "final_weight": "0.4"}, "is not of type 'number'"),
        (lambda t: {**t, "delta": [[d] for d in t["delta"]]}, "is not of type 'number'"),
    ],
    ids=["missing", "extra", "short", "long", "string", "nested"],
)
def test_schema_rejects_a_trace_file_of_another_shape(
    capsys: pytest.CaptureFixture[str], change: Any, complaint: str
) -> None:
    schema = schema_of(capsys, "ch04/alpha", "published")
    trace = change(golden("ch04/alpha", "published")["trace"])
    with pytest.raises(jsonschema.ValidationError, match=re.escape(complaint)):
        jsonschema.validate(trace, schema)


def test_schema_accepts_an_integral_literal_for_a_float(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Many languages print 1.0 as 1; JSON Schema's "number" takes both, as the harness does.
    schema = schema_of(capsys, "ch04/alpha", "published")
    trace = {**golden("ch04/alpha", "published")["trace"], "final_weight": 1}
    jsonschema.validate(trace, schema)


@pytest.mark.parametrize("command", ["show", "schema"])
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ch04/alpha", "--variant", "draft"], "ch04/alpha has no variant 'draft'"),
        (["ch09/nothing"], "unknown listing 'ch09/nothing'"),
    ],
)
def test_show_and_schema_of_unknown_names_are_one_line(
    capsys: pytest.CaptureFixture[str], command: str, argv: list[str], message: str
) -> None:
    code, out, err = main(capsys, command, *argv)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1
