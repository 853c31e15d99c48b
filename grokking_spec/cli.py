"""``grokking-spec``: list, run, show and check the listings; a thin front end on the engine."""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn, TextIO

from grokking_spec.catalog import LISTINGS, get_listing, listing_variants
from grokking_spec.contract import describe
from grokking_spec.engine import DEFAULT_PREFIX, Outcome, check, time_limit
from grokking_spec.fidelity import ErrataError
from grokking_spec.golden import GoldenError
from grokking_spec.grading.cli import register as register_grading
from grokking_spec.levels import GOLDENS_KERNEL, blas_kernel
from grokking_spec.listing import Listing, UnknownName, Variant
from grokking_spec.plugins import (
    DEFAULT_TIMEOUT,
    Implementation,
    ImplementationError,
    positive_seconds,
    select_implementations,
)
from grokking_spec.report import FORMATS, Results, render
from grokking_spec.tracefiles import TraceFiles, trace_file_implementation, trace_schema
from grokking_spec.workers import Runner

PROG = "grokking-spec"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage dump: the message already says what is wrong.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _version() -> str:
    try:
        return version("grokking-spec")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without install
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Golden-output spec of Grokking Deep Learning's code.")
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("list", help="one line per listing variant: id, variant, title")

    run = commands.add_parser("run", help="print exactly what a listing's code prints")
    run.add_argument("id", help="catalog id, e.g. ch04/hot-and-cold-learning")
    run.add_argument("--variant", default="published", help="meap or published (default)")
    run.add_argument("--impl", default="reference", help="implementation (default reference)")
    run.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT, help="seconds")

    show = commands.add_parser("show", help="the contract of a listing variant")
    show.add_argument("id", help="catalog id")
    show.add_argument("--variant", default="published", help="meap or published (default)")

    schema = commands.add_parser("schema", help="JSON Schema of a listing variant's trace file")
    schema.add_argument("id", help="catalog id")
    schema.add_argument("--variant", default="published", help="meap or published (default)")

    checking = commands.add_parser("check", help="check implementations against spec/")
    checking.add_argument(
        "selectors",
        nargs="*",
        metavar="ID",
        help="listing ids or prefixes (ch04/alpha, ch05); default: every listing",
    )
    checking.add_argument("--variant", action="append", default=[], help="only this variant")
    checking.add_argument(
        "--impl", action="append", default=[], help="only this implementation (repeatable)"
    )
    checking.add_argument(
        "--traces",
        type=Path,
        metavar="DIR",
        help="check trace files DIR/chNN/<slug>.<variant>.json",
    )
    checking.add_argument("--name", default="traces", help="the name of the trace files' port")
    checking.add_argument(
        "--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT, help="seconds"
    )
    checking.add_argument(
        "--full",
        action="store_true",
        help="run long listings (chapter 8) whole, or as far as each implementation's prefix "
        f"budget allows; default: their first {DEFAULT_PREFIX} iterations, and implementations "
        "with a prefix budget for them are skipped",
    )
    checking.add_argument(
        "--in-process",
        action="store_true",
        help="run implementations in this process, not in worker processes (for debugging: "
        "a crash or a hang in C code then stops the whole check)",
    )
    checking.add_argument("--format", choices=FORMATS, default="table", help="output format")
    checking.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    checking.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    register_grading(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if sys.stdout is None and getattr(arguments, "output", None) is None:
        # Standard output closed (`>&-`): Python leaves None and print() drops every line,
        # so the command would seem to succeed. Exit as for any broken stdout.
        return 1
    handler = getattr(arguments, "handler", None)
    try:
        code = int(handler(arguments)) if handler is not None else _dispatch(arguments)
        # Inside the try: a block-buffered stdout (a pipe, a file) fails here, not at exit.
        if sys.stdout is not None:
            sys.stdout.flush()
        return code
    except (UnknownName, GoldenError, ErrataError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Output cut short by `| head`: exit as Python tools do, with no report at exit.
        _silence_stdout()
        return 141
    except OSError as error:
        if error.errno in (errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO):
            _silence_stdout()
            return 1
        raise


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _dispatch(arguments: argparse.Namespace) -> int:
    if arguments.command == "list":
        return _list()
    if arguments.command == "run":
        return _run(arguments.id, arguments.variant, arguments.impl, arguments.timeout)
    if arguments.command == "show":
        listing = get_listing(arguments.id)
        _print_lines(describe(listing, listing.variant(arguments.variant)))
        return 0
    if arguments.command == "schema":
        listing = get_listing(arguments.id)
        schema = trace_schema(listing, listing.variant(arguments.variant))
        print(json.dumps(schema, indent=2))
        return 0
    return _check(arguments)


def _print_lines(lines: Iterable[str]) -> None:
    for line in lines:
        print(line)


def _list() -> int:
    width = max(len(listing.id) for listing in LISTINGS)
    for listing, variant in listing_variants():
        print(f"{listing.id:<{width}}  {variant.name:<15}  {listing.title}")
    return 0


def _run(listing_id: str, variant_name: str, impl_name: str, timeout: float) -> int:
    listing = get_listing(listing_id)
    variant = listing.variant(variant_name)
    (implementation,), _ = select_implementations([impl_name])
    if not implementation.covers(listing.id):
        raise UnknownName(f"implementation {impl_name!r} does not implement {listing.id}")
    with Runner() as runner:
        try:
            trace = runner.run(
                implementation, listing.id, variant.params, time_limit(listing, None, timeout)
            )
            lines = variant.printout(trace, variant.edition)
        except ImplementationError as error:
            print(f"{PROG}: {error}", file=sys.stderr)
            return 1
        except (KeyError, IndexError, TypeError, ValueError) as error:
            print(
                f"{PROG}: {impl_name}: {listing.id}: its trace cannot be printed "
                f"({type(error).__name__}: {error})",
                file=sys.stderr,
            )
            return 1
    _print_lines(lines)
    return 0


def select(selectors: Sequence[str], variants: Sequence[str]) -> list[tuple[Listing, Variant]]:
    """The listing variants the selectors name (ids, or prefixes ending at a ``/``)."""
    chosen = []
    for selector in selectors:
        if not any(_matches(selector, listing) for listing in LISTINGS):
            raise UnknownName(f"no listing matches {selector!r} (see 'grokking-spec list')")
    known_variants = {variant.name for _, variant in listing_variants()}
    for name in variants:
        if name not in known_variants:
            raise UnknownName(f"no variant {name!r} (known: {', '.join(sorted(known_variants))})")
    for listing, variant in listing_variants():
        if selectors and not any(_matches(selector, listing) for selector in selectors):
            continue
        if variants and variant.name not in variants:
            continue
        chosen.append((listing, variant))
    return chosen


def _matches(selector: str, listing: Listing) -> bool:
    selector = selector.rstrip("/")
    return listing.id == selector or listing.id.startswith(selector + "/")


def _check(arguments: argparse.Namespace) -> int:
    cases = select(arguments.selectors, arguments.variant)
    problems: list[str] = []
    if arguments.traces is not None:
        if not arguments.traces.is_dir():
            raise UnknownName(f"--traces {arguments.traces}: not a directory")
        chosen = [trace_file_implementation(arguments.traces, arguments.name)]
        runner: Runner | TraceFiles = TraceFiles(arguments.traces)
    else:
        chosen, problems = select_implementations(arguments.impl)
        runner = Runner(isolate=not arguments.in_process)
    progress = _Progress(len(cases) * len(chosen))
    outcomes: list[Outcome] = []
    interrupted = False
    try:
        for listing, variant in cases:
            for implementation in chosen:
                outcomes.append(_check_one(implementation, listing, variant, runner, arguments))
                progress.step()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.done()
        if isinstance(runner, Runner):
            runner.close()
    results = Results(
        tuple(outcomes),
        tuple(implementation.name for implementation in chosen),
        blas_kernel(),
        GOLDENS_KERNEL,
        tuple(problems),
        interrupted,
    )
    text = render(results, arguments.format, arguments.verbose)
    if arguments.output is not None:
        arguments.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if interrupted:
        return 130
    return 1 if results.failed else 0


def _check_one(
    implementation: Implementation,
    listing: Listing,
    variant: Variant,
    runner: Runner | TraceFiles,
    arguments: argparse.Namespace,
) -> Outcome:
    """Long listings: whole with ``--full`` (or as far as the implementation's prefix budget
    allows); else their first iterations, as pytest's default run."""
    limit = None if arguments.full else DEFAULT_PREFIX
    return check(implementation, listing, variant, runner, timeout=arguments.timeout, limit=limit)


class _Progress:
    """A running count on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self._stream = sys.stderr if stream is None else stream
        self._total = total
        self._done = 0
        self._shown = self._stream.isatty()

    def step(self) -> None:
        self._done += 1
        if self._shown:
            self._write(f"\rchecked {self._done}/{self._total}")

    def done(self) -> None:
        if self._shown:
            self._write("\r" + " " * 30 + "\r")

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()
