"""``grokking-spec grade`` and ``plot`` against the reader corpus (tests/grading/corpus)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from grokking_spec.cli import main
from grokking_spec.grading.agreement import agrees
from grokking_spec.grading.expected import expectation
from grokking_spec.grading.numbers import read_numbers
from grokking_spec.grading.segments import grade_capture
from grokking_spec.grading.sources import read_source, run_script

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yml").read_text())


def test_corpus_is_large_and_varied() -> None:
    listings = {s["listing"] for e in EXPECTED.values() for s in e["segments"] if s["listing"]}
    verdicts = {s["verdict"] for e in EXPECTED.values() for s in e["segments"]}
    assert len(EXPECTED) >= 40
    assert len(listings) >= 15
    assert verdicts == {"reproduces", "diverges", "different-parameters", "no-match"}
    assert any(name.endswith(".ipynb") for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_verdicts(name: str) -> None:
    entry = EXPECTED[name]
    capture = read_source(str(CORPUS / name), timeout=60)
    started = time.process_time()
    segments = grade_capture(capture, entry.get("id"), entry.get("variant"))
    spent = time.process_time() - started
    got = [(segment.listing, segment.verdict) for segment in segments]
    assert got == [(s["listing"], s["verdict"]) for s in entry["segments"]], segments
    assert spent < 2.0
    if "divergence" in entry:
        found = segments[0].divergence
        assert found is not None
        want = entry["divergence"]
        assert (found.line.number, found.expected.field, found.expected.iteration) == (
            want["line"],
            want["field"],
            want["iteration"],
        )


def test_hot_and_cold_printed_3f_reproduces(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["grade", "ch04/hot-and-cold-learning", str(CORPUS / "hc-3f.txt")])
    assert status == 0
    assert capsys.readouterr().out.startswith(
        "ch04/hot-and-cold-learning (published), lines 1-1101: reproduces"
    )


def test_slip_diverges_naming_line_field_iteration(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["grade", "ch04/hot-and-cold-learning", str(CORPUS / "hc-slip.txt"), "--format", "json"]
    )
    assert status == 1
    (segment,) = json.loads(capsys.readouterr().out)["segments"]
    assert segment["verdict"] == "diverges"
    first = segment["first_divergence"]
    assert (first["line"], first["field"], first["iteration"]) == (2, "error", 1)
    assert first["text"] == "Error:0.303 Prediction:0.250"
    assert first["expected"] == pytest.approx(0.30195025)


def test_notebook_with_three_listings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", str(CORPUS / "nb-three.ipynb"), "--format", "json"]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    assert [s["listing"] for s in segments] == [
        "ch03/single-weight",
        "ch04/direction-and-amount",
        "ch04/alpha",
    ]
    assert segments[1]["lines"] == [2, 21]


def test_erratum_explains_the_meap_code_as_printed() -> None:
    capture = read_source(str(CORPUS / "bp-as-printed.txt"))
    (segment,) = grade_capture(capture, "ch06/backpropagation", "meap")
    assert any("erratum" in note for note in segment.notes)


def test_script_loads_mnist_offline() -> None:
    capture = run_script(CORPUS / "mnist_offline.py", timeout=60)
    assert capture.error is None
    assert [line.text for line in capture.lines] == [EXPECTED["mnist_offline.py"]["stdout"]]


def test_script_error_line_is_shown() -> None:
    (segment,) = grade_capture(read_source(str(CORPUS / "raises.py")))
    assert segment.verdict == "no-match"
    assert any("NameError: name 'w_sum' is not defined" in note for note in segment.notes)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grade", "ch99/nothing", "x.txt"], "unknown listing"),
        (["grade", "missing-file.txt"], "no such file"),
        (["grade", "--variant", "meap", "out.txt"], "--variant needs a listing id"),
        (["grade", "ch04/alpha", "a", "b"], "at most an id and a source"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


@pytest.mark.parametrize(
    ("printed", "value", "agree"),
    [
        ("0.302", 0.3025, True),  # the binary 0.3025 is just below: rounds down
        ("0.303", 0.3015, False),
        ("0.30250000000000005", 0.30250000000000005, True),
        ("0.3025000000000001", 0.30250000000000005, True),  # one ulp
        ("0.3025000000000002", 0.30250000000000005, True),  # within the 8-ULP tolerance
        ("0.302500000000001", 0.30250000000000005, False),  # 18 ULPs: beyond it
        ("2.500000e-07", 2.50000000033e-07, True),
        ("1", 0.968, False),  # an integer is exact
    ],
)
def test_agreement_at_printed_precision(printed: str, value: float, agree: bool) -> None:
    golden = expectation("ch04/direction-and-amount", "published").numbers[0]
    from dataclasses import replace

    (number,) = read_numbers(f"x {printed}")
    assert agrees(number, replace(golden, value=value)) is agree


def test_numbers_ignore_digits_in_names() -> None:
    numbers = read_numbers("I:10 Train-Err:0.312 layer_2 [2.65612311] Test-Acc:7.5e-01")
    assert [n.text for n in numbers] == ["10", "0.312", "2.65612311", "7.5e-01"]
    assert [n.label for n in numbers][:2] == ["i", "trainerr"]


def test_plot_writes_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the plot extra; CI installs it with [test]")
    target = tmp_path / "curve.png"
    args = ["plot", "ch08/three-layer-mnist", "--variant", "published", "-o", str(target)]
    assert main([*args, "--against", str(CORPUS / "mnist-reformatted.txt")]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_execute_notebook(tmp_path: Path) -> None:
    pytest.importorskip("nbclient")
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 Jupyter kernel (pip install ipykernel)")
    import nbformat

    book = nbformat.v4.new_notebook()
    book.cells.append(nbformat.v4.new_code_cell("print(0.1 * 8.5)"))
    path = tmp_path / "run.ipynb"
    nbformat.write(book, str(path))
    (segment,) = grade_capture(read_source(str(path), timeout=60, execute=True))
    assert (segment.listing, segment.verdict) == ("ch03/single-weight", "reproduces")
