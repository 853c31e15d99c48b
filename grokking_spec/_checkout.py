"""In a checkout, ``grokking_spec.reference`` and ``grokking_spec.implementations`` are the
``reference/`` and ``implementations/`` folders beside the package.

The wheel puts those folders inside the package, so an install adds no generic top-level
names to site-packages; the repository keeps them at its top, where its layout shows the
architecture. This finder makes the two import paths the same in both cases.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

FOLDERS = ("reference", "implementations")


class _CheckoutFolders(importlib.abc.MetaPathFinder):
    def __init__(self, package: Path) -> None:
        self._package = package

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        parent, _, name = fullname.partition(".")
        if parent != self._package.name or name not in FOLDERS:
            return None
        folder = self._package.parent / name
        return importlib.util.spec_from_file_location(
            fullname, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )


def install(package: Path) -> None:
    """Map the two folders if they sit beside ``package`` rather than inside it."""
    beside = [
        name
        for name in FOLDERS
        if not (package / name).is_dir() and (package.parent / name / "__init__.py").is_file()
    ]
    if beside and not any(isinstance(f, _CheckoutFolders) for f in sys.meta_path):
        sys.meta_path.append(_CheckoutFolders(package))


install(Path(__file__).resolve().parent)
