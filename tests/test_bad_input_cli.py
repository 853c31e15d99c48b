"""Bad input and faults at the command line: one clear line, the right status, no harm.

The cases of issue 10 that need the whole command: time limits, Ctrl-C, broken standard
output, implementation names, plugins that clash or claim the reference, traces that cannot
be printed, exceptions that cannot be printed, and an implementation that writes into
``spec/`` while it runs. Each asserts the exit status, the one line naming the listing or
implementation, that no traceback is printed, and (autouse) that ``spec/`` and the vendored
data are byte for byte unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from plugin_packages import (
    CORRECT_CH04,
    digests,
    environment,
    install_plugin,
    no_traceback,
    processes_with,
)

import grokking_spec.cli as cli
import grokking_spec.plugins as plugins
from grokking_spec.catalog import get_listing
from grokking_spec.golden import golden_path, spec_root
from grokking_spec.plugins import Implementation
from grokking_spec.reference import implementation as reference


@pytest.fixture(autouse=True)
def _spec_and_data_untouched() -> Iterator[None]:
    before = digests()
    yield
    assert digests() == before, "spec/ or the vendored MNIST data changed"


def main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``grokking-spec ARGV`` in this process: status, stdout, stderr."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exited:  # argparse's own errors
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(text: str, *names: str) -> str:
    """``text`` is one line naming every one of ``names``, with no traceback."""
    assert text.count("\n") == 1 and text.endswith("\n"), text
    assert no_traceback(text), text
    for name in names:
        assert name in text, (name, text)
    return text


def failure_lines(out: str) -> list[str]:
    """The lines of a ``check`` table's failure notes."""
    lines = out.splitlines()
    section = lines[lines.index("Failures (first divergence):") + 1 :]
    return section[: section.index("")]


def registered(monkeypatch: pytest.MonkeyPatch, *extra: Implementation) -> None:
    """The CLI sees the reference and ``extra`` (made here: they run in this process)."""
    found = {"reference": reference, **{i.name: i for i in extra}}
    monkeypatch.setattr(plugins, "discover", lambda: (found, []))


def alpha_trace(**params: Any) -> dict[str, Any]:
    return dict(reference.listings["ch04/alpha"](**params))


# --- time limits -----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "run ch04/alpha"])
@pytest.mark.parametrize("seconds", ["-1", "0", "nan", "inf", "-inf", "soon"])
def test_timeout_must_be_positive_and_finite(
    capsys: pytest.CaptureFixture[str], command: str, seconds: str
) -> None:
    code, out, err = main(capsys, *command.split(), f"--timeout={seconds}")
    assert (code, out) == (2, "")
    one_line(err, "--timeout", repr(seconds))


# --- implementation names --------------------------------------------------------------


def test_the_same_impl_twice_runs_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def counted(**params: Any) -> dict[str, Any]:
        calls.append(params)
        return alpha_trace(**params)

    registered(monkeypatch, Implementation(name="counted", listings={"ch04/alpha": counted}))
    code, out, _ = main(capsys, "check", "ch04/alpha", "--impl", "counted", "--impl", "counted")
    assert code == 0
    assert out.splitlines()[0].split() == ["listing", "variant", "counted"]
    assert len(calls) == 2  # one run per variant
    assert out.splitlines()[-1] == "2 passed, 0 failed, 0 skipped"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder for plugin packages, on this process's path and its workers'."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHONPATH", str(folder))
    return folder


def test_two_plugins_with_one_name_are_an_error_naming_both(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, site: Path
) -> None:
    body = CORRECT_CH04 + (
        "\nfrom grokking_spec import Implementation\n"
        "implementation = Implementation(name='twin', listings={'ch04/alpha': alpha})\n"
    )
    unique = uuid.uuid4().hex[:8]
    module_a, module_b = f"twin_a_{unique}", f"twin_b_{unique}"
    install_plugin(site, module_a, body, {"twin": f"{module_a}:implementation"})
    install_plugin(site, module_b, body, {"twin": f"{module_b}:implementation"})

    code, out, err = main(capsys, "check", "ch04/alpha", "--impl", "twin", "--in-process")
    assert (code, out) == (2, "")
    one_line(err, "'twin'", f"{module_a}:implementation", f"{module_b}:implementation")

    code, out, _ = main(capsys, "check", "ch04/alpha", "--in-process")  # all of them: reported
    assert code == 1
    assert any(f"{module_a}:implementation and {module_b}" in line for line in out.splitlines())


def test_a_plugin_named_reference_does_not_replace_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, site: Path
) -> None:
    module = f"fakeref_{uuid.uuid4().hex[:8]}"
    install_plugin(
        site,
        module,
        """
        from grokking_spec import Implementation

        def alpha(**params):
            return {"weight": [12345.0]}

        implementation = Implementation(
            name="reference", listings={"ch04/alpha": alpha}, writes_goldens=True
        )
        """,
        {"reference": f"{module}:implementation"},
    )
    code, out, err = main(capsys, "check", "ch04/alpha", "--impl", "reference", "--in-process")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert [line.split() for line in lines[1:3]] == [
        ["ch04/alpha", "meap", "exact"],
        ["ch04/alpha", "published", "exact"],
    ]
    (problem,) = failure_lines(out)
    assert f"implementation 'reference' ({module}:implementation)" in problem
    assert "harness's own reference" in problem

    code, out, _ = main(capsys, "run", "ch04/alpha", "--impl", "reference")
    assert code == 0 and out.splitlines()[1] == "Error:0.0144 Prediction:0.92"


PYTEST = [sys.executable, "-m", "pytest", "--grokking-spec", "-p", "no:cacheprovider"]


@pytest.mark.full  # a pytest session of its own: a few seconds
def test_a_plugin_named_reference_never_writes_goldens(tmp_path: Path) -> None:
    site, spec = tmp_path / "site", tmp_path / "spec"
    shutil.copytree(spec_root(), spec)
    install_plugin(
        site,
        "fakeref",
        """
        from grokking_spec import Implementation

        def alpha(**params):
            return {"weight": [12345.0], "prediction": [], "error": [], "delta": [],
                    "weight_delta": [], "final_weight": 12345.0}

        implementation = Implementation(
            name="reference", listings={"ch04/alpha": alpha}, writes_goldens=True
        )
        """,
        {"reference": "fakeref:implementation"},
    )
    (tmp_path / "project").mkdir()
    result = subprocess.run(
        [*PYTEST, "--impl", "reference", "--force-regen", "-k", "ch04/alpha"],
        cwd=tmp_path / "project",
        env=environment(site, GROKKING_SPEC_ROOT=str(spec)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "2 passed" in result.stdout.splitlines()[-1], result.stdout + result.stderr
    for path in spec.rglob("*"):
        if path.is_file():
            original = spec_root() / path.relative_to(spec)
            assert path.read_bytes() == original.read_bytes(), path
    assert not any("12345" in path.read_text() for path in spec.rglob("*.yml"))


# --- traces and exceptions that cannot be printed ----------------------------------------


@pytest.mark.parametrize(
    ("damage", "error"),
    [
        (lambda trace: trace.pop("error"), "KeyError"),
        (lambda trace: trace["prediction"].pop(), "zip() argument 2 is shorter"),
        (lambda trace: trace.update(error=trace["error"][:3]), "zip() argument 2 is longer"),
    ],
    ids=["missing-field", "short-prediction", "short-error"],
)
def test_run_of_a_trace_that_cannot_be_printed(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damage: Any,
    error: str,
) -> None:
    def broken(**params: Any) -> dict[str, Any]:
        trace = alpha_trace(**params)
        damage(trace)
        return trace

    registered(monkeypatch, Implementation(name="broken", listings={"ch04/alpha": broken}))
    code, out, err = main(capsys, "run", "ch04/alpha", "--impl", "broken")
    assert (code, out) == (1, "")
    one_line(err, "broken", "ch04/alpha", "cannot be printed", error)


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no words for it")


def _raises_unprintable(**params: Any) -> dict[str, Any]:
    raise Unprintable


@pytest.mark.parametrize("command", ["check", "run"])
def test_an_exception_whose_str_raises_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    mute = Implementation(name="mute", listings={"ch04/alpha": _raises_unprintable})
    registered(monkeypatch, mute)
    code, out, err = main(capsys, command, "ch04/alpha", "--impl", "mute")
    assert code == 1
    if command == "run":
        one_line(err, "mute: ch04/alpha: raised Unprintable")
    else:
        assert err == ""
        assert failure_lines(out) == [
            f"  mute: ch04/alpha ({variant}): raised Unprintable"
            for variant in ("meap", "published")
        ]


# --- an implementation that writes into spec/ --------------------------------------------


def _append(path: Path) -> None:
    with path.open("a", encoding="utf-8") as golden:
        golden.write("# passes now\n")


def _replace_by_a_symlink(path: Path) -> None:
    elsewhere = path.with_name("elsewhere.yml")
    elsewhere.write_text("trace: {}\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(elsewhere)


@pytest.mark.parametrize(
    "tamper", [_append, Path.unlink, _replace_by_a_symlink], ids=["append", "delete", "symlink"]
)
def test_a_golden_changed_while_running_is_restored_and_fails(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    tamper: Any,
) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(spec_root(), spec)
    monkeypatch.setenv("GROKKING_SPEC_ROOT", str(spec))
    listing = get_listing("ch04/alpha")
    target = golden_path(listing, listing.variant("meap"))
    original = target.read_bytes()

    tampered: list[Path] = []

    def vandal(**params: Any) -> dict[str, Any]:
        if not tampered:  # once: in the meap run
            tamper(target)
            tampered.append(target)
        return alpha_trace(**params)

    registered(monkeypatch, Implementation(name="vandal", listings={"ch04/alpha": vandal}))
    code, out, err = main(capsys, "check", "ch04/alpha", "--impl", "vandal")
    assert code == 1 and err == ""
    (line,) = failure_lines(out)
    assert line == (
        f"  vandal: ch04/alpha (meap): changed its golden file {target} (restored) while running"
    )
    assert [row.split()[2] for row in out.splitlines()[1:3]] == ["FAIL", "exact"]
    assert not target.is_symlink() and target.read_bytes() == original


# --- Ctrl-C and broken standard output ---------------------------------------------------

SLEEPY = """
import os, time
from grokking_spec import Implementation

def alpha(**params):
    open(os.environ["GROKKING_TEST_STARTED"], "w").close()
    time.sleep(120)

implementation = Implementation(name="sleepy", listings={"ch04/alpha": alpha})
"""


def test_ctrl_c_during_check_prints_the_partial_table_and_exits_130(tmp_path: Path) -> None:
    install_plugin(tmp_path, "sleepy", SLEEPY, {"sleepy": "sleepy:implementation"})
    started, marker = tmp_path / "started", uuid.uuid4().hex
    command = [sys.executable, "-m", "grokking_spec", "check", "ch04/error-measure"]
    process = subprocess.Popen(
        [*command, "ch04/alpha", "--impl", "reference", "--impl", "sleepy"],
        env=environment(tmp_path, GROKKING_TEST_STARTED=str(started), GROKKING_TEST_RUN=marker),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert started.exists(), "the sleepy listing never started"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == "" and no_traceback(out)
    rows = [line.split() for line in out.splitlines()[1:4]]
    assert rows == [
        ["ch04/error-measure", "meap", "exact", "skip"],
        ["ch04/error-measure", "published", "exact", "skip"],
        ["ch04/alpha", "meap", "exact"],  # sleepy's cell was interrupted
    ]
    assert out.splitlines()[-1] == "3 passed, 0 failed, 2 skipped (interrupted)"
    if Path("/proc/self/environ").exists():
        assert processes_with(marker) == [], "the interrupted worker outlived the run"


def test_a_broken_pipe_is_quiet_with_status_141(tmp_path: Path) -> None:
    # `grokking-spec list | head -0`: the reader has gone before the first write.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "grokking_spec", "list"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")


def test_a_full_stdout_is_quiet_with_status_1() -> None:
    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "grokking_spec", "show", "ch04/alpha"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    assert (result.returncode, result.stderr) == (1, "")


def test_a_closed_stdout_is_quiet_with_status_1(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "grokking_spec", "check", "ch03/multiple-inputs"]
    result = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        # fd 1 closed in the child, as `>&-` does
        preexec_fn=lambda: os.close(1),
    )
    assert (result.returncode, result.stderr) == (1, "")


def test_check_to_a_file_needs_no_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    written = tmp_path / "r.txt"
    monkeypatch.setattr(sys, "stdout", None)  # what Python leaves when fd 1 is closed
    registered(monkeypatch)
    code = cli.main(["check", "ch03/multiple-inputs", "-o", str(written)])
    assert code == 0 and "2 passed" in written.read_text(encoding="utf-8")
