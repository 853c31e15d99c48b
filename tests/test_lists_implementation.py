"""The lists implementation stays pure Python: no numpy, in its source or at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from grokking_spec.implementations import lists

PACKAGE = Path(lists.__file__).parent


def _imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_of_lists_imports_numpy() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert sources
    offenders = [str(path) for path in sources if "numpy" in _imported_modules(path)]
    assert not offenders, f"numpy imported in {offenders}"


def test_lists_imports_with_numpy_unavailable() -> None:
    # The harness may use numpy; lists must not. Load the harness first, then a None entry
    # in sys.modules makes any later `import numpy` (or numpy.x) raise ImportError.
    code = (
        "import sys, grokking_spec\n"
        "sys.modules['numpy'] = None\n"
        "from importlib import import_module\n"
        "from pathlib import Path\n"
        "import grokking_spec.implementations.lists as lists\n"
        "for path in sorted(Path(lists.__file__).parent.glob('*.py')):\n"
        "    if path.stem != '__init__':\n"
        "        import_module('grokking_spec.implementations.lists.' + path.stem)\n"
        "print(len(lists.implementation.listings))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 0
