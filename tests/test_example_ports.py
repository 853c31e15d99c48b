"""The example port outside Python (examples/node-port) passes through trace files.

``node port.js OUT`` writes trace files for three chapter 4 listings; ``grokking-spec check
--traces OUT --name node`` must read them ``exact`` (single-weight float arithmetic is
IEEE-identical in JavaScript), and one wrong number in one file must fail with its first
divergence named.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grokking_spec import cli

PORT = Path(__file__).resolve().parents[1] / "examples" / "node-port" / "port.js"
PORTED = ("ch04/hot-and-cold-learning", "ch04/direction-and-amount", "ch04/alpha")
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


@pytest.fixture(scope="module")
def traces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("node-traces")
    assert NODE is not None
    subprocess.run([NODE, str(PORT), str(out)], check=True, timeout=60)
    return out


def port(traces: Path) -> list[str]:
    return ["--traces", str(traces), "--name", "node", "--format", "json"]


def check(traces: Path, *selectors: str) -> subprocess.CompletedProcess[str]:
    """The command itself, in a process of its own, as a port's CI would run it."""
    return subprocess.run(
        [sys.executable, "-m", "grokking_spec", "check", *selectors, *port(traces)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_node_port_writes_both_variants_of_its_listings(traces: Path) -> None:
    written = sorted(str(path.relative_to(traces)) for path in traces.rglob("*.json"))
    assert written == sorted(
        f"ch04/{listing.split('/')[1]}.{variant}.json"
        for listing in PORTED
        for variant in ("meap", "published")
    )


def test_the_node_port_is_bit_identical(traces: Path) -> None:
    result = check(traces, "ch04")
    assert result.returncode == 0, result.stdout + result.stderr
    records = json.loads(result.stdout)["results"]
    levels = {(r["listing"], r["variant"]): r["level"] for r in records if r["status"] == "pass"}
    assert levels == {(listing, v): "exact" for listing in PORTED for v in ("meap", "published")}
    skipped = {r["listing"] for r in records if r["status"] == "skip"}
    assert skipped and skipped.isdisjoint(PORTED)  # the rest of ch04: no trace file


def test_one_wrong_number_fails_with_its_first_divergence(
    traces: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong, report = tmp_path / "traces", tmp_path / "r.json"
    shutil.copytree(traces, wrong)
    path = wrong / "ch04" / "direction-and-amount.published.json"
    trace = json.loads(path.read_text(encoding="utf-8"))
    trace["weight_delta"][5] += 2**-40  # one number, a few hundred ULP off
    path.write_text(json.dumps(trace), encoding="utf-8")

    code = cli.main(
        ["check", "ch04/direction-and-amount", "ch04/alpha", *port(wrong), "-o", str(report)]
    )
    assert code == 1
    records = json.loads(report.read_text(encoding="utf-8"))["results"]
    failed = [r for r in records if r["status"] == "fail"]
    assert [(r["listing"], r["variant"]) for r in failed] == [
        ("ch04/direction-and-amount", "published")
    ]
    first = failed[0]["first_divergence"]
    assert first["field"] == "weight_delta[5]"
    assert first["obtained"] == trace["weight_delta"][5]
    assert first["obtained"] - first["expected"] == 2**-40
    assert sum(r["status"] == "pass" for r in records) == 3

    capsys.readouterr()
    assert (
        cli.main(["check", "ch04/direction-and-amount", "--traces", str(wrong), "--name", "node"])
        == 1
    )
    table = capsys.readouterr().out
    assert "FAIL weight_delta[5]" in table
    assert "node: ch04/direction-and-amount (published): first divergence weight_delta[5]" in table
