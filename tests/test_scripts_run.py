"""The tools and benchmarks keep working as the harness changes (not timed: timings are the
benchmark's own output, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "tools").glob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_script_starts(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_benchmark_times_one_iteration_and_checks_it_against_the_golden() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "ch08_implementations.py"),
            "--impl",
            "reference",
            "--listing",
            "ch08/three-layer-mnist",
            "--variant",
            "meap",
            "--iterations",
            "1",
            "--no-book",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    row = next(line for line in result.stdout.splitlines() if line.startswith("ch08/three-layer"))
    assert row.split()[-1] == "pass"
