"""Implementations run in worker processes: whatever one does fails only its own cells.

A plugin package made on the fly (``plugin_packages``) maps chapter 4 listings to functions
that exit, exit hard, segfault, loop in numpy's C code past ``--timeout``, swallow every
signal and exception, or leave a thread and a child process running, between correct ones.
``grokking-spec check`` in a process of its own must still print the table, one line per
failing cell, exit 1, in bounded time, and leave no process of the plugin behind.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from plugin_packages import (
    CORRECT_CH04,
    digests,
    grokking_spec,
    install_plugin,
    no_traceback,
    processes_with,
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds left-over processes through /proc"
)

ROGUE = (
    CORRECT_CH04
    + """
import ctypes, signal, subprocess, sys, threading, time
import numpy as np
from grokking_spec import Implementation

def exits(**params):
    sys.exit(0)

def exits_hard(**params):
    os._exit(0)

def segfaults(**params):
    ctypes.string_at(0)

def loops_in_c(**params):
    # One einsum call: about 1e11 multiply-adds in numpy's C loop, which never looks at
    # signals; little memory, one thread.
    ones = np.ones(5000)
    return {"sum": float(np.einsum("i,j,k->", ones, ones, ones))}

def swallows(**params):
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
        signal.signal(number, signal.SIG_IGN)
    while True:
        try:
            time.sleep(0.05)
        except BaseException:
            pass

def leaves_work_behind(**params):
    threading.Thread(target=time.sleep, args=(3600,)).start()  # not a daemon
    subprocess.Popen(["sleep", "3600"])
    return one_step_gradient_descent(**params)

crashing = Implementation(name="crashing", listings={
    "ch04/error-measure": exits,
    "ch04/hot-cold-one-step": exits_hard,
    "ch04/hot-and-cold-learning": segfaults,
    "ch04/direction-and-amount": direction_and_amount,
    "ch04/one-step-gradient-descent": leaves_work_behind,
    "ch04/learning-is-reducing-error": direction_and_amount,
    "ch04/alpha": alpha,
})

hanging = Implementation(name="hanging", listings={
    "ch04/hot-and-cold-overshoot": loops_in_c,
    "ch04/direction-and-amount": direction_and_amount,
    "ch04/watch-several-steps": swallows,
    "ch04/alpha": alpha,
})
"""
)

#: Per implementation, the one line of each misbehaving listing, and the correct listings
#: (each run right after a misbehaving one, by a new worker or by the one left with threads).
EXPECTED = {
    "crashing": (
        {
            "ch04/error-measure": "raised SystemExit: 0",
            "ch04/hot-cold-one-step": "worker process exited with status 0 while running",
            "ch04/hot-and-cold-learning": "worker process crashed (SIGSEGV) while running",
        },
        (
            "ch04/direction-and-amount",
            "ch04/one-step-gradient-descent",
            "ch04/learning-is-reducing-error",
            "ch04/alpha",
        ),
    ),
    "hanging": (
        {
            "ch04/hot-and-cold-overshoot": "still running after 1 s (hung?)",
            "ch04/watch-several-steps": "still running after 1 s (hung?)",
        },
        ("ch04/direction-and-amount", "ch04/alpha"),
    ),
}


def check_isolated(tmp_path: Path, name: str) -> None:
    """Run ``name``'s chapter 4 listings beside the reference; each misbehaviour fails its
    own cell in one line, the rest pass, and nothing is left running or changed."""
    failing, passing = EXPECTED[name]
    install_plugin(
        tmp_path,
        "rogue",
        ROGUE,
        {"crashing": "rogue:crashing", "hanging": "rogue:hanging"},
    )
    before = digests()
    marker = uuid.uuid4().hex
    started = time.monotonic()
    result = grokking_spec(
        tmp_path,
        *("check", "ch04", "--impl", name, "--impl", "reference"),
        *("--variant", "published", "--timeout", "1"),
        GROKKING_TEST_RUN=marker,
    )
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"took {elapsed:.1f} s"
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    assert no_traceback(result.stdout)
    lines = result.stdout.splitlines()
    rows = {line.split()[0]: line.split()[2:] for line in lines[1 : lines.index("")]}
    for listing in failing:
        assert rows[listing] == ["exact", "FAIL", "(error)"], rows
    for listing in passing:
        assert rows[listing] == ["exact", "exact"], rows
    section = lines[lines.index("Failures (first divergence):") + 1 :]
    failures = section[: section.index("")]
    assert len(failures) == len(failing), failures
    for line, (listing, reason) in zip(failures, failing.items(), strict=True):
        assert line == f"  {name}: {listing} (published): {reason}"
    skipped = 10 - len(failing) - len(passing)
    assert lines[-1] == f"{10 + len(passing)} passed, {len(failing)} failed, {skipped} skipped"
    assert processes_with(marker) == [], "a worker, thread or child outlived the run"
    assert digests() == before


def test_exits_and_crashes_fail_only_their_own_cells(tmp_path: Path) -> None:
    check_isolated(tmp_path, "crashing")


@pytest.mark.full  # two time limits run out: a few seconds
def test_hangs_past_the_time_limit_fail_only_their_own_cells(tmp_path: Path) -> None:
    check_isolated(tmp_path, "hanging")
