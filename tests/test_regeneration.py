"""Only the reference writes goldens, and regenerating is byte-stable (run in a sandbox pytest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grokking_spec.golden import spec_root
from grokking_spec.plugins import discover

TEST_MODULE = (Path(__file__).parent / "test_conformance.py").read_text(encoding="utf-8")

#: How many registered implementations check ch04/alpha: each fails on a broken golden.
EVERYONE = sum(impl.covers("ch04/alpha") for impl in discover()[0].values())


@pytest.fixture
def sandbox(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    spec = pytester.path / "spec"
    shutil.copytree(spec_root(), spec)
    monkeypatch.setenv("GROKKING_SPEC_ROOT", str(spec))
    pytester.makeconftest('pytest_plugins = ["grokking_spec.pytest_plugin"]')
    pytester.makepyfile(test_sandboxed_conformance=TEST_MODULE)
    return spec


def _snapshot(spec: Path) -> dict[str, bytes]:
    return {str(p.relative_to(spec)): p.read_bytes() for p in sorted(spec.rglob("*.yml"))}


def test_regenerating_with_another_implementation_refuses_to_start(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    for flag in ("--force-regen", "--regen-all"):
        result = pytester.runpytest(flag, "--impl", "lists")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*only the reference writes goldens*"])


def test_unknown_implementation_refuses_to_start(pytester: pytest.Pytester, sandbox: Path) -> None:
    result = pytester.runpytest("--impl", "nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--impl nope: no such implementation*"])


def test_a_changed_golden_fails_everyone_and_only_the_reference_restores_it(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    before = _snapshot(sandbox)
    golden = sandbox / "ch04" / "alpha.meap.yml"
    original = golden.read_text()
    golden.write_text(original.replace("0.03999999999999998", "0.03999999999999997", 1))
    tampered = golden.read_bytes()

    checked = pytester.runpytest("-k", "alpha and meap")
    checked.assert_outcomes(failed=EVERYONE)
    assert golden.read_bytes() == tampered  # checking never writes

    regenerated = pytester.runpytest("--force-regen", "-k", "alpha and meap")
    # The reference fails (pytest-regressions: "regenerated"), the others are skipped.
    regenerated.assert_outcomes(failed=1, skipped=EVERYONE - 1)
    assert _snapshot(sandbox) == before

    again = pytester.runpytest("--force-regen")
    assert again.ret == pytest.ExitCode.OK
    assert _snapshot(sandbox) == before


def test_a_missing_golden_is_created_by_the_reference_only(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    golden = sandbox / "ch04" / "alpha.meap.yml"
    original = golden.read_bytes()
    golden.unlink()
    result = pytester.runpytest("--impl", "lists", "-k", "alpha and meap")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*alpha.meap.yml: golden file is missing*"])
    assert not golden.exists()
    created = pytester.runpytest("--impl", "reference", "-k", "alpha and meap")
    created.assert_outcomes(failed=1)
    assert golden.read_bytes() == original


def test_a_corrupt_golden_is_rewritten_by_force_regen(
    pytester: pytest.Pytester, sandbox: Path
) -> None:
    golden = sandbox / "ch04" / "alpha.meap.yml"
    original = golden.read_bytes()
    golden.write_text("id: [broken\n")
    result = pytester.runpytest("-k", "alpha and meap")
    result.assert_outcomes(failed=EVERYONE)
    result.stdout.fnmatch_lines(["*alpha.meap.yml: not valid YAML at line 2*"])
    pytester.runpytest("--force-regen", "-k", "alpha and meap")
    assert golden.read_bytes() == original
