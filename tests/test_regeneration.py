"""Only the reference writes goldens, and regenerating is byte-stable (run in a sandbox pytest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grokking_spec.golden import spec_root


@pytest.fixture
def sandbox(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of spec/ in an empty directory: no test file, no conftest, only the plugin."""
    spec = pytester.path / "spec"
    shutil.copytree(spec_root(), spec)
    monkeypatch.setenv("GROKKING_SPEC_ROOT", str(spec))
    return spec


def _pytest(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # The two in-repo implementations of level exact: others may be installed too. In
    # process: what is tested here is regeneration, not the workers (tests/test_isolation.py).
    pinned = "--impl" in args or "--force-regen" in args or "--regen-all" in args
    impls = [] if pinned else ["--impl", "reference", "--impl", "lists"]
    return pytester.runpytest(
        "--grokking-spec", "--in-process", "-p", "no:cacheprovider", *impls, *args
    )


def _snapshot(spec: Path) -> dict[str, bytes]:
    return {str(p.relative_to(spec)): p.read_bytes() for p in sorted(spec.rglob("*.yml"))}


def test_regenerating_with_another_implementation_refuses_to_start(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    for flag in ("--force-regen", "--regen-all"):
        result = _pytest(pytester, flag, "--impl", "lists")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*only the reference writes goldens*"])


def test_unknown_implementation_refuses_to_start(pytester: pytest.Pytester, sandbox: Path) -> None:
    result = _pytest(pytester, "--impl", "nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--impl: unknown implementation 'nope'*"])


def test_a_changed_golden_fails_everyone_and_only_the_reference_restores_it(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    before = _snapshot(sandbox)
    golden = sandbox / "ch04" / "alpha.meap.yml"
    original = golden.read_text()
    golden.write_text(original.replace("0.03999999999999998", "0.05", 1))
    tampered = golden.read_bytes()

    checked = _pytest(pytester, "-k", "alpha and meap")
    checked.assert_outcomes(failed=2)
    assert golden.read_bytes() == tampered  # checking never writes

    regenerated = _pytest(pytester, "--force-regen", "-k", "alpha and meap")
    outcomes = regenerated.parseoutcomes()  # pytest-regressions: "regenerated" fails
    assert outcomes["failed"] == 1 and outcomes["skipped"] >= 1  # the others skip
    regenerated.stdout.fnmatch_lines(["*alpha.meap.yml: golden regenerated (error*expected 0.05*"])
    assert _snapshot(sandbox) == before

    again = _pytest(pytester, "--force-regen")
    assert again.ret == pytest.ExitCode.OK
    assert _snapshot(sandbox) == before


def test_a_missing_golden_is_created_by_the_reference_only(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    golden = sandbox / "ch04" / "alpha.meap.yml"
    original = golden.read_bytes()
    golden.unlink()
    result = _pytest(pytester, "--impl", "lists", "-k", "alpha and meap")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*alpha.meap.yml: golden file is missing*"])
    assert not golden.exists()
    created = _pytest(pytester, "--impl", "reference", "-k", "alpha and meap")
    created.assert_outcomes(failed=1)
    assert golden.read_bytes() == original


def test_a_corrupt_golden_is_rewritten_by_force_regen(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    golden = sandbox / "ch04" / "alpha.meap.yml"
    original = golden.read_bytes()
    golden.write_text("id: [broken\n")
    result = _pytest(pytester, "-k", "alpha and meap")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*alpha.meap.yml: not valid YAML at line 2*"])
    _pytest(pytester, "--force-regen", "-k", "alpha and meap")
    assert golden.read_bytes() == original
