"""Plugin packages made on the fly, as a porter's installed package would look.

A module and a ``*.dist-info`` folder (``METADATA`` and ``entry_points.txt``) in one
folder: with that folder on ``PYTHONPATH``, ``importlib.metadata`` finds the entry points
as it finds those of an installed wheel, in the harness and in its worker processes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from grokking_spec.golden import spec_root
from grokking_spec.plugins import ENTRY_POINT_GROUP

#: Plain Python versions of three chapter 4 listings, the book's arithmetic in its order:
#: a correct port's functions (``WRONG`` set by a test makes one number wrong).
CORRECT_CH04 = """
import os

def _descent(weight, goal_prediction, input, iterations, alpha=None):
    trace = {"weight": [], "prediction": [], "error": [], "delta": [], "weight_delta": []}
    for _ in range(iterations):
        prediction = input * weight
        delta = prediction - goal_prediction
        weight_delta = delta * input
        for name, value in zip(trace, (weight, prediction, (prediction - goal_prediction) ** 2,
                                       delta, weight_delta)):
            trace[name].append(value)
        weight = weight - (weight_delta if alpha is None else alpha * weight_delta)
    trace["final_weight"] = weight
    return trace

def alpha(**params):
    trace = _descent(**params)
    if os.environ.get("GROKKING_TEST_WRONG"):
        trace["error"][3] += 1e-3
    return trace

def direction_and_amount(**params):
    return _descent(**params)

def one_step_gradient_descent(weight, alpha, input, goal_prediction):
    prediction = input * weight
    delta = prediction - goal_prediction
    weight_delta = input * delta
    return {"prediction": prediction, "error": (prediction - goal_prediction) ** 2,
            "delta": delta, "weight_delta": weight_delta,
            "new_weight": weight - weight_delta * alpha}
"""


def install_plugin(
    site: Path,
    module: str,
    source: str,
    entry_points: Mapping[str, str],
    distribution: str | None = None,
) -> None:
    """Write ``module.py`` and a distribution publishing ``entry_points`` (name: target)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    name = distribution or module
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8"
    )
    lines = [f"[{ENTRY_POINT_GROUP}]", *(f"{k} = {v}" for k, v in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def environment(site: Path, **extra: str) -> dict[str, str]:
    """This environment with ``site`` first on ``PYTHONPATH``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH")) if p)
    env.pop("GROKKING_SPEC_ROOT", None)
    env.update(extra)
    return env


def grokking_spec(
    site: Path, *argv: str, timeout: float = 60, cwd: Path | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """``python -m grokking_spec ARGV`` with the plugins in ``site`` installed."""
    return subprocess.run(
        [sys.executable, "-m", "grokking_spec", *argv],
        env=environment(site, **extra),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def digests() -> dict[str, str]:
    """sha256 of every file in spec/ and of the vendored MNIST data."""
    files = sorted(path for path in spec_root().rglob("*") if path.is_file())
    found = {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    vendored = resources.files("grokking_spec") / "data" / "mnist_subset.npz"
    found["vendored"] = hashlib.sha256(vendored.read_bytes()).hexdigest()
    return found


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and 'File "' not in text


def processes_with(marker: str) -> list[int]:
    """Processes whose environment holds ``marker``: the run's workers and their children."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
