"""``--in-process`` (the pytest plugin and ``grokking-spec check``) runs implementations
without worker processes, for breakpoints and ``--pdb``; without it, they run in workers."""

from __future__ import annotations

import pytest

from grokking_spec import cli, workers


class _Spawned(Exception):
    pass


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The implementations a worker process was asked for (none is started)."""
    names: list[str] = []

    def refuse(self: workers.Worker, implementation: object) -> None:
        names.append(getattr(implementation, "name", "?"))
        raise _Spawned

    monkeypatch.setattr(workers.Worker, "__init__", refuse)
    return names


CHECK = ["check", "ch04/alpha", "--variant", "meap", "--impl", "reference"]
PYTEST = ["--grokking-spec", "-p", "no:cacheprovider", "--impl", "reference"]
PYTEST += ["-k", "alpha and meap"]


def test_check_in_process_starts_no_worker(
    spawned: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*CHECK, "--in-process"]) == 0
    assert "exact" in capsys.readouterr().out
    assert spawned == []


def test_check_starts_a_worker_by_default(spawned: list[str]) -> None:
    with pytest.raises(_Spawned):
        cli.main(CHECK)
    assert spawned == ["reference"]


def test_pytest_in_process_starts_no_worker(spawned: list[str], pytester: pytest.Pytester) -> None:
    pytester.runpytest(*PYTEST, "--in-process").assert_outcomes(passed=1)
    assert spawned == []


def test_pytest_starts_a_worker_by_default(spawned: list[str], pytester: pytest.Pytester) -> None:
    pytester.runpytest(*PYTEST).assert_outcomes(failed=1)
    assert spawned == ["reference"]
