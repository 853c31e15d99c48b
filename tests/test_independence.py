"""The in-repo implementations are independent ports: none borrows the reference's code or
another implementation's. They import only the public ``grokking_spec`` names and the
helpers for implementations (``grokking_spec.porting``); a port that borrowed the
reference's code would prove nothing.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import grokking_spec.implementations

PACKAGES = sorted(
    path.parent
    for path in Path(grokking_spec.implementations.__file__).parent.glob("*/__init__.py")
)


def test_every_in_repo_implementation_is_checked() -> None:
    assert {path.name for path in PACKAGES} >= {"lists", "vectorized", "batched", "compiled"}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda path: path.name)
def test_imports_only_the_public_api_and_the_porting_helpers(package: Path) -> None:
    offenders = []
    for source in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                offenders.append(f"{source.name}: from {'.' * node.level}{node.module or ''}")
            modules = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            offenders += [
                f"{source.name}: {module}"
                for module in modules
                if module.startswith("grokking_spec.")
                and not module.startswith("grokking_spec.porting")
            ]
    assert not offenders, offenders


@pytest.mark.parametrize("package", PACKAGES, ids=lambda path: path.name)
def test_importing_it_loads_no_other_implementation(package: Path) -> None:
    name = f"grokking_spec.implementations.{package.name}"
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({name!r})\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith(("
        "'grokking_spec.reference', 'grokking_spec.implementations.'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert [module for module in loaded if not module.startswith(name)] == []
