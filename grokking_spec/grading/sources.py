"""Where a reader's output comes from: a text file, stdin, a script run here, or a notebook.

Everything becomes *units* of lines as a terminal shows them (of a ``\\r``-rewritten
progress line only the last write stays). A text or a script's output is one unit; a
notebook gives one unit per code cell with output, in the order the cells ran
(``execution_count``), its stream records joined.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grokking_spec.grading.align import Line

#: Seconds a reader's script may run before it is stopped.
DEFAULT_TIMEOUT = 600.0

NOTEBOOK_EXTRA = "reading notebooks needs nbformat: pip install 'grokking-spec[notebook]'"
EXECUTE_EXTRA = "--execute needs nbclient and ipykernel: pip install 'grokking-spec[notebook]'"

#: Put first on a reader script's path: ``from keras.datasets import mnist`` then loads the
#: project's vendored subset, offline.
_KERAS_SHIM = {
    "keras/__init__.py": "",
    "keras/datasets/__init__.py": "",
    "keras/datasets/mnist.py": "from grokking_spec.porting.mnist import load_data  # noqa: F401\n",
}


class SourceError(ValueError):
    """A source that cannot be read or run (a usage error: one line)."""


@dataclass
class Unit:
    """A stretch of output that may hold one listing's output or several."""

    lines: list[Line]
    label: str = ""


@dataclass
class Capture:
    """A reader's output, ready to grade."""

    origin: str
    kind: str
    units: list[Unit] = field(default_factory=list)
    error: str | None = None

    @property
    def lines(self) -> list[Line]:
        return [line for unit in self.units for line in unit.lines]


def screen_lines(text: str) -> list[str]:
    """The lines a terminal shows for ``text``: after a ``\\r``, the last write wins."""
    shown = []
    for raw in text.split("\n"):
        pieces = [piece for piece in raw.split("\r") if piece.strip()]
        shown.append(pieces[-1] if pieces else "")
    if shown and shown[-1] == "":
        shown.pop()
    return shown


def from_text(text: str, origin: str, kind: str = "text") -> Capture:
    lines = [Line(n, line, f"line {n}") for n, line in enumerate(screen_lines(text), start=1)]
    return Capture(origin, kind, [Unit(lines)])


def read_source(source: str, timeout: float = DEFAULT_TIMEOUT, execute: bool = False) -> Capture:
    """The capture of ``source``: a path, or ``-`` for stdin."""
    if source == "-":
        # Bytes, not text: text mode would turn a progress line's \r into a line break.
        return from_text(sys.stdin.buffer.read().decode(errors="replace"), "<stdin>")
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"{source}: no such file")
    if path.suffix == ".ipynb":
        return read_notebook(path, timeout, execute)
    if execute:
        raise SourceError(f"{source}: --execute applies to notebooks only")
    if path.suffix == ".py":
        return run_script(path, timeout)
    try:
        return from_text(path.read_bytes().decode(errors="replace"), str(path))
    except OSError as error:
        raise SourceError(f"{source}: cannot read ({error.strerror})") from None


def _shim_dir() -> str:
    folder = Path(tempfile.mkdtemp(prefix="grokking-spec-shim-"))
    for name, text in _KERAS_SHIM.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return str(folder)


def _offline_environment(shim: str) -> dict[str, str]:
    environment = dict(os.environ)
    paths = [shim, environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    environment["PYTHONUNBUFFERED"] = "1"
    environment["MPLBACKEND"] = "Agg"  # a reader's plt.show() must not wait for a window
    return environment


def run_script(path: Path, timeout: float) -> Capture:
    """Run a reader's script with this Python, offline MNIST first on its path."""
    shim = _shim_dir()
    try:
        completed = subprocess.run(
            [sys.executable, path.name],
            cwd=path.resolve().parent,
            env=_offline_environment(shim),
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or ""
        text = out.decode(errors="replace") if isinstance(out, bytes) else out
        capture = from_text(text, str(path), "script")
        capture.error = f"stopped after {timeout:g} s (time limit; see --timeout)"
        return capture
    finally:
        _remove_tree(Path(shim))
    capture = from_text(completed.stdout.decode(errors="replace"), str(path), "script")
    if completed.returncode != 0:
        stderr = completed.stderr.decode(errors="replace")
        errors = [line for line in stderr.splitlines() if line.strip()]
        capture.error = errors[-1] if errors else f"exit status {completed.returncode}"
    return capture


def _remove_tree(folder: Path) -> None:
    for item in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if item.is_dir():
            item.rmdir()
        else:
            item.unlink()
    folder.rmdir()


def _cell_text(cell: Any) -> tuple[str, str | None]:
    """A code cell's printed text (stdout records joined, results' text) and its error."""
    parts: list[str] = []
    error = None
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            text = output.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
        elif kind in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if text:
                parts.append(text if text.endswith("\n") else text + "\n")
        elif kind == "error":
            error = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
    return "".join(parts), error


def _ran_cells(notebook: Any) -> Iterator[tuple[int, Any]]:
    """Code cells with their 1-based index, in the order they ran."""
    cells = [
        (index, cell)
        for index, cell in enumerate(notebook.cells, start=1)
        if cell.get("cell_type") == "code"
    ]
    ran = sorted(
        (cell.get("execution_count") or 0, index, cell) for index, cell in cells if cell.outputs
    )
    for _, index, cell in ran:
        yield index, cell


def read_notebook(path: Path, timeout: float, execute: bool) -> Capture:
    try:
        import nbformat
    except ImportError:
        raise SourceError(NOTEBOOK_EXTRA) from None
    try:
        notebook = nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]
    except Exception as problem:  # noqa: BLE001 - nbformat raises many kinds; all: unreadable
        raise SourceError(f"{path}: not a readable notebook ({type(problem).__name__})") from None
    capture = Capture(str(path), "notebook")
    if execute:
        capture.error = execute_notebook(notebook, path, timeout)
    number = 0
    for index, cell in _ran_cells(notebook):
        text, error = _cell_text(cell)
        count = cell.get("execution_count")
        label = f"cell {index}" + (f" [{count}]" if count else "")
        lines = []
        for offset, line in enumerate(screen_lines(text), start=1):
            number += 1
            lines.append(Line(number, line, f"{label}, line {offset}"))
        if lines:
            capture.units.append(Unit(lines, label))
        if error and capture.error is None:
            capture.error = f"{label}: {error}"
    return capture


def execute_notebook(notebook: Any, path: Path, timeout: float) -> str | None:
    """Run every cell in a fresh kernel (offline MNIST on its path); the error, if any."""
    try:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError:
        raise SourceError(EXECUTE_EXTRA) from None
    shim = _shim_dir()
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = _offline_environment(shim)["PYTHONPATH"]
    try:
        client = NotebookClient(
            notebook,
            timeout=int(timeout),
            kernel_name="python3",
            resources={"metadata": {"path": str(path.resolve().parent)}},
        )
        client.execute()
    except CellExecutionError as error:
        lines = [line for line in str(error).splitlines() if line.strip()]
        return lines[-1] if lines else "a cell raised"
    except Exception as error:  # noqa: BLE001 - no kernel, kernel died: one line, not a traceback
        raise SourceError(f"{path}: cannot execute ({type(error).__name__}: {error})") from None
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
        _remove_tree(Path(shim))
    return None
