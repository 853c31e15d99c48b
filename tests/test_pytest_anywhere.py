"""``pytest --grokking-spec --impl NAME`` in a porter's own folder: no conftest, no tests.

The port is a plugin package made on the fly (``plugin_packages``), found through its
entry point on ``PYTHONPATH``; pytest runs in a fresh empty folder, in a process of its
own, so only the ``pytest11`` entry point can have brought the cases in.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from plugin_packages import CORRECT_CH04, environment, install_plugin, no_traceback

PORT = (
    CORRECT_CH04
    + """
from grokking_spec import Implementation

implementation = Implementation(name="myport", listings={
    "ch04/alpha": alpha,
    "ch04/direction-and-amount": direction_and_amount,
    "ch04/one-step-gradient-descent": one_step_gradient_descent,
})
"""
)
PORTED = 6  # three listings, two editions each


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    install_plugin(folder, "myport", PORT, {"myport": "myport:implementation"})
    return folder


def pytest_in(
    folder: Path, site: Path, *argv: str, wrong: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python -m pytest --grokking-spec --impl myport ARGV`` run in ``folder``."""
    command = [sys.executable, "-m", "pytest", "--grokking-spec", "--impl", "myport"]
    return subprocess.run(
        [*command, "-p", "no:cacheprovider", *argv],
        cwd=folder,
        env=environment(site, **({"GROKKING_TEST_WRONG": "1"} if wrong else {})),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def junit_cases(path: Path) -> dict[str, str]:
    """Test case name: ``passed``, ``failure``, ``skipped`` or ``error``."""
    cases = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        outcomes = [child.tag for child in case if child.tag in ("failure", "skipped", "error")]
        cases[case.attrib["name"]] = outcomes[0] if outcomes else "passed"
    return cases


def failure_section(out: str, case: str) -> list[str]:
    """The lines pytest prints under the ``____ case ____`` header of a failure."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip("_ ") == case)
    section = []
    for line in lines[start + 1 :]:
        if line.startswith(("___", "---", "===")):
            break
        section.append(line)
    return section


def test_a_port_runs_its_cases_in_an_empty_folder(site: Path, tmp_path: Path) -> None:
    assert list(tmp_path.iterdir()) == []
    result = pytest_in(tmp_path, site, "--junitxml=r.xml", wrong=True)
    assert result.returncode == 1, result.stdout + result.stderr
    cases = junit_cases(tmp_path / "r.xml")
    # A case per variant of each listing it implements (none for the others).
    assert {name.split(":")[1] for name in cases} == {
        "ch04/alpha",
        "ch04/direction-and-amount",
        "ch04/one-step-gradient-descent",
    }
    by_outcome: dict[str, list[str]] = {}
    for name, outcome in sorted(cases.items()):
        by_outcome.setdefault(outcome, []).append(name)
    assert by_outcome.keys() == {"passed", "failure"}
    assert by_outcome["passed"] == [
        f"myport:{listing}:{variant}"
        for listing in ("ch04/direction-and-amount", "ch04/one-step-gradient-descent")
        for variant in ("meap", "published")
    ]
    # The wrong number: the first divergence, in a few lines, once.
    assert by_outcome["failure"] == ["myport:ch04/alpha:meap", "myport:ch04/alpha:published"]
    out = result.stdout
    assert no_traceback(out) and "During handling of the above exception" not in out
    section = failure_section(out, "myport:ch04/alpha:meap")
    assert 1 <= len(section) <= 4, section
    assert section[0].startswith("myport: ch04/alpha (meap): first divergence error[3]: expected")
    assert sum("first divergence" in line for line in section) == 1
    assert "2 failed, 4 passed" in out.splitlines()[-1]


@pytest.mark.full
def test_k_selects_and_x_stops_at_the_first_failure(site: Path, tmp_path: Path) -> None:
    result = pytest_in(tmp_path, site, "-k", "ch04", "-x", "--junitxml=r.xml", wrong=True)
    assert result.returncode == 1
    assert "stopping after 1 failures" in result.stdout
    assert "1 failed, 4 passed" in result.stdout.splitlines()[-1]
    cases = junit_cases(tmp_path / "r.xml")
    assert len(cases) == 5 and all(":ch04/" in name for name in cases)
    assert [name for name, outcome in cases.items() if outcome == "failure"] == [
        "myport:ch04/alpha:meap"
    ]


@pytest.mark.full
def test_xdist_runs_the_cases_in_two_processes(site: Path, tmp_path: Path) -> None:
    pytest.importorskip("xdist")
    result = pytest_in(tmp_path, site, "-n", "2", "-k", "ch04", "--junitxml=r.xml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 workers" in result.stdout
    outcomes = list(junit_cases(tmp_path / "r.xml").values())
    assert (outcomes.count("passed"), outcomes.count("skipped")) == (PORTED, 0)
