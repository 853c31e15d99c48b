"""Measure how far legitimate reassociations of the listings' arithmetic move every golden float.

Every figure behind ``grokking_spec/tolerances.py`` comes from here. Three kinds of run,
each compared field by field against the goldens (largest absolute, relative and ULP
difference; counts, ints, bools and strings must be identical):

- ``kernels``: the reference on every listing variant of chapters 3-7 under every OpenBLAS
  kernel numpy's bundled OpenBLAS accepts through ``OPENBLAS_CORETYPE``, one subprocess per
  kernel (``OPENBLAS_NUM_THREADS=1``); the kernel that really ran is read back from
  threadpoolctl, and names that fall back to the same kernel are listed under it. (numpy's
  OpenBLAS reports the Prescott-class SSE3 kernel, which Prescott, Core2 and older names
  select, as ``Katmai``.)
- ``perturbed``: the pure-Python ``lists`` implementation (its own, book-style summation
  order), then with every weighted sum added in a random order (several seeds), then with
  every scalar ``** 2`` result moved one ULP up or down (a model of another platform's libm
  ``pow``), then both; and the reference with the ``** 2`` model for the listings ``lists``
  does not cover. Chapter 8 is too slow in pure Python and is measured by kernels alone.
- ``ch08``: whole runs of the six chapter 8 variants under several kernels (minutes each;
  ``nice -n 10``).

Results are cached in ``tools/measurements/*.json``; without ``--rerun`` the tool only
reports from the cache. ``--write-module`` regenerates ``grokking_spec/tolerances.py`` from
the cache (the rule that turns figures into tolerances lives in that module).

Usage::

    python tools/measure_tolerances.py                       # report from the cache
    python tools/measure_tolerances.py --rerun kernels perturbed  # about a minute
    nice -n 10 python tools/measure_tolerances.py --rerun        # everything, ~25 min
    nice -n 10 python tools/measure_tolerances.py --rerun ch08 --ch08-kernel Prescott
    python tools/measure_tolerances.py --write-module
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tools" / "measurements"
MODULE = ROOT / "grokking_spec" / "tolerances.py"
TOOL = "tools/measure_tolerances.py"

#: Every name ``OPENBLAS_CORETYPE`` is tried with; several fall back to the same kernel.
CORETYPES = (
    "Prescott",
    "Core2",
    "Penryn",
    "Dunnington",
    "Nehalem",
    "Atom",
    "Sandybridge",
    "Haswell",
    "Zen",
    "SkylakeX",
    "CooperLake",
    "SapphireRapids",
    "Opteron",
    "Barcelona",
    "Bobcat",
    "Bulldozer",
    "Piledriver",
    "Steamroller",
    "Excavator",
)

#: The kernels chapter 8's whole runs use by default (Haswell wrote the goldens).
CH08_KERNELS = ("Prescott", "SkylakeX", "Sandybridge")

SHUFFLE_SEEDS = (0, 1, 2, 3, 4)

#: (listing, variant) -> field -> drift record; a record is a dict (see ``field_drift``).
Drifts = dict[str, dict[str, dict[str, Any]]]


# --- comparing a trace with its golden -------------------------------------------------


def _pairs(expected: Any, obtained: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """Leaf pairs with their paths; a shape difference yields one pair of whole values."""
    if isinstance(expected, list) and isinstance(obtained, list):
        if len(expected) != len(obtained):
            yield path, expected, obtained
            return
        for index, (left, right) in enumerate(zip(expected, obtained, strict=True)):
            yield from _pairs(left, right, f"{path}[{index}]")
    elif isinstance(expected, dict) and isinstance(obtained, dict):
        if expected.keys() != obtained.keys():
            yield path, expected, obtained
            return
        for key in expected:
            yield from _pairs(expected[key], obtained[key], f"{path}.{key}")
    else:
        yield path, expected, obtained


def field_drift(expected: Any, obtained: Any, name: str) -> dict[str, Any]:
    """Largest absolute, relative and ULP difference of a field's floats; unequal exacts."""
    record: dict[str, Any] = {
        "floats": 0,
        "max_abs": 0.0,
        "max_rel": 0.0,
        "max_ulp": 0.0,
        "where": None,
        "unequal_exact": [],
    }
    for path, left, right in _pairs(expected, obtained, name):
        if type(left) is float and type(right) is float:
            record["floats"] += 1
            difference = abs(right - left)
            if not difference:
                if math.copysign(1, left) != math.copysign(1, right):
                    record["signed_zero_flips"] = record.get("signed_zero_flips", 0) + 1
                continue
            ulps = difference / math.ulp(left)
            relative = difference / abs(left) if left else math.inf
            record["max_abs"] = max(record["max_abs"], difference)
            if ulps > record["max_ulp"]:
                record["max_ulp"] = ulps
                record["where"] = path
            record["max_rel"] = max(record["max_rel"], relative)
        elif type(left) is not type(right) or left != right:
            record["unequal_exact"].append(f"{path}: expected {left!r}, obtained {right!r}")
    return record


_NO_DRIFT = field_drift(0.0, 0.0, "")


def trace_drift(golden_trace: dict[str, Any], trace: dict[str, Any]) -> dict[str, Any]:
    """Per field, its drift record; fields that did not move at all are left out."""
    records = {
        name: field_drift(value, trace.get(name), name) for name, value in golden_trace.items()
    }
    return {
        name: record
        for name, record in records.items()
        if record["max_ulp"] or record["unequal_exact"] or record.get("signed_zero_flips")
    }


def _golden_traces(chapters: Sequence[int]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    from grokking_spec.catalog import listing_variants
    from grokking_spec.golden import golden_path, load_golden

    for listing, variant in listing_variants():
        if listing.chapter in chapters:
            golden = load_golden(golden_path(listing, variant))
            yield listing.id, variant.name, golden


# --- workers: run in a subprocess (kernels) or in process (perturbed) ------------------


def _blas_architecture() -> str:
    import numpy  # noqa: F401  (threadpoolctl sees only the libraries loaded so far)
    from threadpoolctl import threadpool_info

    names = {
        str(info.get("architecture")) for info in threadpool_info() if info["user_api"] == "blas"
    }
    return ",".join(sorted(names))


def _run_reference(chapters: Sequence[int], variants: Sequence[str]) -> dict[str, Any]:
    from grokking_spec.plugins import run_listing
    from grokking_spec.reference import implementation

    runs: dict[str, Any] = {}
    for listing_id, variant, golden in _golden_traces(chapters):
        key = f"{listing_id}:{variant}"
        if variants and key not in variants:
            continue
        start = time.perf_counter()
        trace = run_listing(implementation, listing_id, golden["params"], timeout=None)
        runs[key] = {
            "seconds": round(time.perf_counter() - start, 2),
            "fields": trace_drift(golden["trace"], trace),
        }
        print(f"  {key}: {runs[key]['seconds']} s", file=sys.stderr, flush=True)
    return runs


def worker(chapters: Sequence[int], variants: Sequence[str], out: Path) -> None:
    """The reference under whatever kernel this process's environment selects."""
    result = {
        "coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
        "architecture": _blas_architecture(),
        "runs": _run_reference(chapters, variants),
    }
    out.write_text(json.dumps(result))


def _in_subprocess(coretype: str, chapters: str, variants: Sequence[str] = ()) -> dict[str, Any]:
    env = {**os.environ, "OPENBLAS_CORETYPE": coretype, "OPENBLAS_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, __file__, "--worker", chapters, "--out", str(out)]
        for variant in variants:
            command += ["--variant", variant]
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def measure_kernels() -> dict[str, Any]:
    """Chapters 3-7 under every coretype name; the kernel that ran is recorded with it."""
    results: dict[str, Any] = {}
    for coretype in CORETYPES:
        start = time.perf_counter()
        print(f"kernel {coretype}", file=sys.stderr, flush=True)
        results[coretype] = _in_subprocess(coretype, "3-7")
        results[coretype]["seconds"] = round(time.perf_counter() - start, 1)
    return results


def measure_ch08(coretypes: Sequence[str], variants: Sequence[str], resume: bool) -> None:
    """Whole chapter 8 runs, one variant per subprocess, cached as each one finishes
    (``resume`` keeps the variants a cache file already has)."""
    for coretype in coretypes:
        path = CACHE / f"ch08-{coretype}.json"
        fresh = {"coretype": coretype, "architecture": "", "runs": {}}
        cached: dict[str, Any] = (_read(path) if resume else None) or fresh
        keys = [f"{listing}:{variant}" for listing, variant, _ in _golden_traces([8])]
        for key in keys:
            if (variants and key not in variants) or key in cached["runs"]:
                continue
            print(f"ch08 {coretype} {key}", file=sys.stderr, flush=True)
            result = _in_subprocess(coretype, "8", [key])
            cached["architecture"] = result["architecture"]
            cached["runs"].update(result["runs"])
            _write(path, cached)


# --- the perturbed-arithmetic model ----------------------------------------------------


class _Square:
    """Replaces ``x ** 2``: the correctly rounded result moved ``ulps`` ULPs (0: unchanged)."""

    def __init__(self, ulps: int) -> None:
        self.ulps = ulps

    def __call__(self, base: Any) -> Any:
        result = base**2
        if self.ulps and isinstance(result, float) and result:
            # Python floats and numpy float64 scalars; a scalar pow is what libm computes.
            target = math.inf if self.ulps > 0 else -math.inf
            for _ in range(abs(self.ulps)):
                result = type(result)(math.nextafter(float(result), target))
        return result


class _SquareCalls(ast.NodeTransformer):
    """``a ** 2`` becomes ``__square__(a)``."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        right = node.right
        if isinstance(node.op, ast.Pow) and isinstance(right, ast.Constant) and right.value == 2:
            call = ast.Call(ast.Name("__square__", ast.Load()), [node.left], [])
            return ast.copy_location(call, node)
        return node


def _load_with_square(package: str, name: str, square: _Square) -> types.ModuleType:
    """A fresh copy of ``package.name`` whose ``** 2`` go through ``square``."""
    source = resources.files(package).joinpath(f"{name}.py").read_text(encoding="utf-8")
    tree = ast.fix_missing_locations(_SquareCalls().visit(ast.parse(source)))
    module = types.ModuleType(f"{package}.{name}")
    module.__package__ = package
    module.__dict__["__square__"] = square
    sys.modules[module.__name__] = module
    exec(compile(tree, f"<{package}.{name} with scalar ** 2 model>", "exec"), module.__dict__)
    return module


def _shuffled_w_sum(rng: random.Random) -> Callable[[Sequence[float], Sequence[float]], float]:
    def w_sum(a: Sequence[float], b: Sequence[float]) -> float:
        assert len(a) == len(b)
        order = list(range(len(a)))
        rng.shuffle(order)
        output: float = 0
        for i in order:
            output += a[i] * b[i]
        return output

    return w_sum


def _lists_modules(square: _Square, seed: int | None) -> dict[str, Callable[..., Any]]:
    """The lists implementation's listing functions, rebuilt with the model applied."""
    from grokking_spec.implementations.lists import implementation

    package = "grokking_spec.implementations.lists"
    saved = {name: module for name, module in sys.modules.items() if name.startswith(package + ".")}
    try:
        vector_math = _load_with_square(package, "vector_math", square)
        if seed is not None:
            vector_math.__dict__["w_sum"] = _shuffled_w_sum(random.Random(seed))
        chapters = {}
        for chapter in ("ch03", "ch04", "ch05", "ch06", "ch07"):
            chapters[chapter] = _load_with_square(package, chapter, square)
            if seed is not None and "w_sum" in chapters[chapter].__dict__:
                chapters[chapter].__dict__["w_sum"] = vector_math.__dict__["w_sum"]
    finally:
        sys.modules.update(saved)
    functions = {}
    for listing_id, function in implementation.listings.items():
        chapter = listing_id.split("/")[0]
        if chapter in chapters:
            functions[listing_id] = getattr(chapters[chapter], function.__name__)
    return functions


def _reference_with_square(square: _Square) -> dict[str, Callable[..., Any]]:
    from grokking_spec.reference import implementation

    package = "grokking_spec.reference"
    modules = {
        "ch03": "ch03_prediction",
        "ch04": "ch04_compare_and_learn",
        "ch05": "ch05_learning_multiple_weights",
        "ch06": "ch06_backpropagation",
        "ch07": "ch07_picturing_networks",
    }
    saved = {name: module for name, module in sys.modules.items() if name.startswith(package + ".")}
    try:
        loaded = {key: _load_with_square(package, name, square) for key, name in modules.items()}
    finally:
        sys.modules.update(saved)
    functions = {}
    for listing_id, function in implementation.listings.items():
        chapter = listing_id.split("/")[0]
        if chapter in loaded:
            functions[listing_id] = getattr(loaded[chapter], function.__name__)
    return functions


def _run_functions(functions: dict[str, Callable[..., Any]]) -> dict[str, Any]:
    from grokking_spec.trace import normalise

    runs: dict[str, Any] = {}
    for listing_id, variant, golden in _golden_traces(range(3, 8)):
        function = functions.get(listing_id)
        if function is None:
            continue
        trace = normalise(function(**golden["params"]))
        runs[f"{listing_id}:{variant}"] = {"fields": trace_drift(golden["trace"], trace)}
    return runs


def measure_perturbed() -> dict[str, Any]:
    """Every model of another correct arithmetic, run in this process."""
    results: dict[str, Any] = {}
    for ulps in (0, 1, -1):
        square = _Square(ulps)
        pow_name = {0: "", 1: "pow+1ulp", -1: "pow-1ulp"}[ulps]
        results["reference " + (pow_name or "rerun")] = {
            "runs": _run_functions(_reference_with_square(square))
        }
        for seed in (None, *SHUFFLE_SEEDS):
            sums = "book order" if seed is None else f"shuffled sums seed {seed}"
            name = f"lists {sums}" + (f" {pow_name}" if pow_name else "")
            results[name] = {"runs": _run_functions(_lists_modules(square, seed))}
            print(name, file=sys.stderr, flush=True)
    return results


# --- cache -----------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=1) + "\n")
    temporary.replace(path)


@dataclass
class Source:
    """One measured run: what it was (``label``, ``kind``) and its drift per listing variant."""

    label: str
    kind: str  # "kernel", "sums" or "pow"
    runs: dict[str, Any]


def kernel_names() -> dict[str, list[str]]:
    """The kernel threadpoolctl reported -> the ``OPENBLAS_CORETYPE`` names that selected it."""
    names: dict[str, list[str]] = {}
    for coretype, result in (_read(CACHE / "kernels.json") or {}).items():
        names.setdefault(result["architecture"], []).append(coretype)
    return names


def load_sources() -> list[Source]:
    sources: list[Source] = []
    kernels = _read(CACHE / "kernels.json") or {}
    for architecture, coretypes in kernel_names().items():
        label = f"OpenBLAS kernel {architecture}"
        sources.append(Source(label, "kernel", kernels[coretypes[0]]["runs"]))
    for path in sorted(CACHE.glob("ch08-*.json")):
        result = _read(path) or {}
        label = f"OpenBLAS kernel {result['architecture']}"
        sources.append(Source(label, "kernel", result["runs"]))
    for name, result in (_read(CACHE / "perturbed.json") or {}).items():
        if name == "reference rerun":
            continue  # the reference itself under the goldens' kernel: a sanity check only
        kind = "pow" if "pow" in name else "sums"
        sources.append(Source(name, kind, result["runs"]))
    return sources


def _describe_runs(sources: list[Source]) -> str:
    kernels = sorted(
        {
            source.label.removeprefix("OpenBLAS kernel ")
            for source in sources
            if source.kind == "kernel"
        }
    )
    plural = "s" if len(kernels) > 1 else ""
    parts = [f"{len(kernels)} OpenBLAS kernel{plural} ({', '.join(kernels)})"] if kernels else []
    seeds = {
        source.label.split("seed ")[1].split()[0] for source in sources if "seed" in source.label
    }
    if seeds:
        parts.append(f"shuffled sums ({len(seeds)} seeds)")
    if any(source.kind == "pow" for source in sources):
        parts.append("1-ULP pow model")
    return "; ".join(parts)


@dataclass
class Measured:
    """The largest drift of one field over every run that measured it."""

    relative: float = 0.0
    absolute: float = 0.0
    ulps: float = 0.0
    where: str = ""
    by: str = ""
    runs: str = ""
    unequal_exact: tuple[str, ...] = ()


def measurements() -> dict[tuple[str, str], dict[str, Measured]]:
    """(listing, variant) -> field -> the largest drift measured, for every golden field
    that holds a float."""
    from grokking_spec.trace import leaves

    sources = load_sources()
    table: dict[tuple[str, str], dict[str, Measured]] = {}
    for listing_id, variant, golden in _golden_traces(range(3, 9)):
        key = f"{listing_id}:{variant}"
        fields: dict[str, Measured] = {}
        for name, value in golden["trace"].items():
            measuring = [source for source in sources if key in source.runs]
            measured = Measured(runs=_describe_runs(measuring))
            unequal: list[str] = []
            for source in measuring:
                record = source.runs[key]["fields"].get(name, _NO_DRIFT)
                unequal += [f"{source.label}: {item}" for item in record["unequal_exact"]]
                if record["max_ulp"] > measured.ulps or (
                    record["max_rel"] > measured.relative and record["max_ulp"] == measured.ulps
                ):
                    measured.ulps, measured.where, measured.by = (
                        record["max_ulp"],
                        record["where"],
                        source.label,
                    )
                measured.relative = max(measured.relative, record["max_rel"])
                measured.absolute = max(measured.absolute, record["max_abs"])
            measured.unequal_exact = tuple(unequal)
            if any(type(leaf) is float for leaf in leaves(value)):
                fields[name] = measured
            elif unequal:
                fields[name] = measured  # an exact field that moved: reported, no tolerance
        table[(listing_id, variant)] = fields
    return table


def _golden_scale(value: Any) -> float:
    """The smallest nonzero magnitude among a field's floats (inf if none)."""
    from grokking_spec.trace import leaves

    magnitudes = [abs(leaf) for leaf in leaves(value) if type(leaf) is float and leaf]
    return min(magnitudes, default=math.inf)


def _round_up(value: float) -> float:
    """``value`` to three significant digits, never below it (a tolerance made from it
    still covers the measurement)."""
    if value == 0.0 or not math.isfinite(value):
        return value
    rounded = float(f"{value:.2e}")
    # Rounding to three digits moves a value by at most 0.5%: 1% up always lands above it.
    return rounded if rounded >= value else float(f"{value * 1.01:.2e}")


def write_module(table: dict[tuple[str, str], dict[str, Measured]]) -> None:
    """``grokking_spec/tolerances.py``: the figures; the module turns them into tolerances."""
    template = MODULE.read_text(encoding="utf-8")
    head, marker, _ = template.partition(_TABLE_MARKER)
    if not marker:
        raise SystemExit(f"{MODULE}: no line {_TABLE_MARKER!r} to write the table after")
    runs = sorted({m.runs for fields in table.values() for m in fields.values()})
    names = {text: f"_RUNS_{index}" for index, text in enumerate(runs)}
    lines = [marker]
    for text in runs:
        pieces = [piece + "; " for piece in text.split("; ")]
        pieces[-1] = pieces[-1].removesuffix("; ")
        lines += [f"{names[text]} = (", *[f"    {piece!r}" for piece in pieces], ")"]
    lines += ["", "DRIFTS: dict[tuple[str, str], dict[str, Drift]] = {"]
    for (listing_id, variant), fields in table.items():
        lines.append(f"    ({listing_id!r}, {variant!r}): {{")
        for name, m in fields.items():
            if m.unequal_exact:
                continue  # an exact field that moved: the report names it, no tolerance
            if m.ulps == 0.0:
                lines.append(f"        {name!r}: Drift(runs={names[m.runs]}),")
                continue
            lines.append(
                f"        {name!r}: Drift({_round_up(m.relative)!r}, {_round_up(m.absolute)!r}, "
                f"{m.ulps:.0f}, {m.where!r}, {m.by!r}, {names[m.runs]}),"
            )
        lines.append("    },")
    lines.append("}")
    MODULE.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(MODULE)], check=False)


_TABLE_MARKER = "# --- measured figures: written by tools/measure_tolerances.py --write-module ---"


def report(table: dict[tuple[str, str], dict[str, Measured]]) -> None:
    from grokking_spec import tolerances

    print("Kernels (OPENBLAS_CORETYPE -> kernel threadpoolctl reports):")
    for architecture, coretypes in kernel_names().items():
        print(f"  {architecture}: {', '.join(coretypes)}")
    for path in sorted(CACHE.glob("ch08-*.json")):
        result = _read(path) or {}
        seconds = sum(run["seconds"] for run in result["runs"].values())
        print(
            f"  chapter 8 whole runs, {result['coretype']} ({result['architecture']}): "
            f"{len(result['runs'])} variants, {seconds:.0f} s"
        )
    goldens = {
        (listing, variant): golden for listing, variant, golden in _golden_traces(range(3, 9))
    }
    for chapter in range(3, 9):
        rows = [
            (key, name, m)
            for key, fields in table.items()
            if key[0].startswith(f"ch{chapter:02d}/")
            for name, m in fields.items()
        ]
        key, name, m = max(rows, key=lambda row: (row[2].relative, row[2].ulps))
        print(
            f"\nChapter {chapter}: widest drift {name} of {key[0]} {key[1]}: relative "
            f"{m.relative:.3g} ({m.ulps:.3g} ULP at {m.where}, {m.by})"
        )
        tolerance_rows = [
            (key, name, tolerances.tolerances_for(*key)[name])
            for key, name, m in rows
            if not m.unequal_exact
        ]
        relative_rows = [row for row in tolerance_rows if not row[2].atol]
        absolute_rows = [row for row in tolerance_rows if row[2].atol]
        widest = [max(relative_rows, key=lambda row: row[2].rtol)] if relative_rows else []
        widest += [max(absolute_rows, key=lambda row: row[2].atol)] if absolute_rows else []
        for place, field, t in widest:
            print(f"  widest tolerance {field} of {place[0]} {place[1]}: ", end="")
            print(f"rtol {t.rtol:.3g} atol {t.atol:.3g}")
            print(f"    {t.measured}")
        still = [f"{key[0]} {key[1]} {name}" for key, name, m in rows if not m.ulps]
        if still:
            print(f"  no drift measured (rtol at the floor): {', '.join(still)}")
        for key, name, m in rows:
            for item in m.unequal_exact:
                print(f"  EXACT FIELD MOVED {key[0]} {key[1]} {name}: {item}")
            if m.unequal_exact:
                continue
            t = tolerances.tolerances_for(*key)[name]
            scale = _golden_scale(goldens[key]["trace"][name])
            if math.isfinite(scale) and t.atol + t.rtol * scale >= tolerances.SENSITIVITY * scale:
                print(
                    f"  PROBLEM {key[0]} {key[1]} {name}: atol {t.atol:.3g} against smallest "
                    f"nonzero |value| {scale:.3g}; a 1e-9 change is caught only for "
                    f"|value| > {t.atol / (tolerances.SENSITIVITY - t.rtol):.3g}"
                )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rerun", nargs="*", choices=("kernels", "perturbed", "ch08"))
    parser.add_argument("--ch08-kernel", action="append", default=[])
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--resume", action="store_true", help="ch08: keep cached variants")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write-module", action="store_true")
    arguments = parser.parse_args(argv)
    if arguments.worker:
        first, _, last = arguments.worker.partition("-")
        worker(range(int(first), int(last or first) + 1), arguments.variant, arguments.out)
        return 0
    # ``--rerun`` alone reruns everything; ``None`` (no flag) reports from the cache.
    rerun = ("kernels", "perturbed", "ch08") if arguments.rerun == [] else arguments.rerun or []
    if "kernels" in rerun:
        _write(CACHE / "kernels.json", measure_kernels())
    if "perturbed" in rerun:
        _write(CACHE / "perturbed.json", measure_perturbed())
    if "ch08" in rerun:
        measure_ch08(arguments.ch08_kernel or CH08_KERNELS, arguments.variant, arguments.resume)
    table = measurements()
    if arguments.write_module:
        write_module(table)
        return 0
    report(table)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
