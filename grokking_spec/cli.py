"""``grokking-spec``: list the listings, run one book-style, check implementations."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from grokking_spec.catalog import LISTINGS, get_listing, listing_variants
from grokking_spec.compare import worst
from grokking_spec.conformance import DEFAULT_PREFIX, Outcome, check_variant, time_limit
from grokking_spec.grading.cli import register as register_grading
from grokking_spec.listing import Listing, UnknownName, Variant
from grokking_spec.plugins import (
    DEFAULT_TIMEOUT,
    Implementation,
    ImplementationError,
    discover,
    run_listing,
)

PROG = "grokking-spec"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage dump: the message already says what is wrong.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Golden-output spec of Grokking Deep Learning's code.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("list", help="one line per listing variant: id, variant, title")
    run = commands.add_parser("run", help="print exactly what a listing's code prints")
    run.add_argument("id", help="catalog id, e.g. ch04/hot-and-cold-learning")
    run.add_argument("--variant", default="published", help="meap or published (default)")
    run.add_argument("--impl", default="reference", help="implementation (default reference)")
    run.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds")
    check = commands.add_parser("check", help="check implementations against spec/")
    check.add_argument(
        "--impl", action="append", default=[], help="only this implementation (repeatable)"
    )
    check.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds")
    check.add_argument(
        "--full",
        action="store_true",
        help="run long listings (chapter 8) whole, or as far as each implementation's prefix "
        f"budget allows; default: their first {DEFAULT_PREFIX} iterations, and implementations "
        "with a prefix budget for them are skipped",
    )
    register_grading(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    handler = getattr(arguments, "handler", None)
    if handler is not None:
        return int(handler(arguments))
    try:
        if arguments.command == "list":
            return _list()
        if arguments.command == "run":
            return _run(arguments.id, arguments.variant, arguments.impl, arguments.timeout)
        return _check(arguments.impl, arguments.timeout, arguments.full)
    except UnknownName as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Output cut short by `| head`: not an error; keep Python from reporting it at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _list() -> int:
    width = max(len(listing.id) for listing in LISTINGS)
    for listing, variant in listing_variants():
        print(f"{listing.id:<{width}}  {variant.name:<15}  {listing.title}")
    return 0


def _implementations(names: Sequence[str]) -> tuple[list[Implementation], list[str]]:
    registered, problems = discover()
    for name in names:
        if name not in registered:
            known = ", ".join(sorted(registered)) or "none: is the project installed?"
            raise UnknownName(f"unknown implementation {name!r} (registered: {known})")
    chosen = [registered[name] for name in (names or sorted(registered))]
    # The reference first: it is the column every other one is read against.
    chosen.sort(key=lambda implementation: not implementation.writes_goldens)
    return chosen, problems if not names else []


def _run(listing_id: str, variant_name: str, impl_name: str, timeout: float) -> int:
    listing = get_listing(listing_id)
    variant = listing.variant(variant_name)
    (implementation,), _ = _implementations([impl_name])
    if not implementation.covers(listing.id):
        raise UnknownName(f"implementation {impl_name!r} does not implement {listing.id}")
    try:
        trace = run_listing(
            implementation, listing.id, variant.params, time_limit(listing, None, timeout)
        )
    except ImplementationError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    for line in variant.printout(trace, variant.edition):
        print(line)
    return 0


def _check_one(
    implementation: Implementation, listing: Listing, variant: Variant, timeout: float, full: bool
) -> Outcome:
    """Long listings: whole with ``--full``; else the first iterations, as pytest's default."""
    if full or listing.prefix is None:
        return check_variant(implementation, listing, variant, timeout=timeout)
    if listing.id in implementation.prefix_budgets:
        # A budget marks an implementation too slow for the quick check (pytest: -m full).
        return Outcome(implementation.name, listing.id, variant.name, "skip", "run with --full")
    return check_variant(implementation, listing, variant, timeout=timeout, limit=DEFAULT_PREFIX)


def _check(names: Sequence[str], timeout: float, full: bool = False) -> int:
    implementations, problems = _implementations(names)
    rows: list[tuple[str, str, list[Outcome]]] = []
    for listing, variant in listing_variants():
        outcomes = [
            _check_one(implementation, listing, variant, timeout, full)
            for implementation in implementations
        ]
        rows.append((listing.id, variant.name, outcomes))
    _print_table([i.name for i in implementations], rows)
    failures = [o for _, _, outcomes in rows for o in outcomes if o.status == "fail"]
    if failures or problems:
        print("\nFailures (worst field first):")
        for outcome in failures:
            print(
                f"  {outcome.implementation}: {outcome.listing_id} ({outcome.variant}): "
                f"{outcome.detail}"
            )
        for problem in problems:
            print(f"  {problem}")
    counts = {status: 0 for status in ("pass", "fail", "skip")}
    for _, _, outcomes in rows:
        for outcome in outcomes:
            counts[outcome.status] += 1
    failed = counts["fail"] + len(problems)
    print(f"\n{counts['pass']} passed, {failed} failed, {counts['skip']} skipped")
    return 1 if failed else 0


def _cell(outcome: Outcome) -> str:
    """``pass``, ``skip``, ``FAIL <worst field>``, or ``FAIL (error)`` when nothing ran."""
    if outcome.status != "fail":
        return outcome.status
    return "FAIL " + (worst(list(outcome.mismatches)).path if outcome.mismatches else "(error)")


def _print_table(names: list[str], rows: list[tuple[str, str, list[Outcome]]]) -> None:
    header = ["listing", "variant", *names]
    table = [header] + [[lid, var, *(_cell(o) for o in outcomes)] for lid, var, outcomes in rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
