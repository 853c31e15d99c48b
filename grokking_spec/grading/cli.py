"""The ``grade`` and ``plot`` commands: ``register(commands)`` adds them to a CLI's subparsers."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from grokking_spec.catalog import get_listing
from grokking_spec.golden import GoldenError
from grokking_spec.grading.report import as_json, as_text
from grokking_spec.grading.segments import grade_capture
from grokking_spec.grading.sources import DEFAULT_TIMEOUT, SourceError, read_source
from grokking_spec.grading.verdict import REPRODUCES
from grokking_spec.listing import UnknownName

PROG = "grokking-spec"


def register(commands: Any) -> None:
    """Add ``grade`` and ``plot`` to ``commands`` (an argparse subparsers object)."""
    grade = commands.add_parser(
        "grade",
        help="grade a run's output, a script or a notebook against the book",
        description="Grade captured output (a text file, or - for stdin), a Python script "
        "(run here, offline) or a Jupyter notebook against the goldens.",
    )
    grade.add_argument(
        "arguments",
        nargs="+",
        metavar="[ID] SOURCE",
        help="optional catalog id (e.g. ch04/hot-and-cold-learning), then the source",
    )
    grade.add_argument("--variant", help="grade against this variant (meap, published, ...)")
    grade.add_argument("--format", choices=("text", "json"), default="text")
    grade.add_argument(
        "--execute", action="store_true", help="run the notebook first (needs nbclient)"
    )
    grade.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a script may run"
    )
    grade.set_defaults(handler=run_grade)
    plot = commands.add_parser("plot", help="draw a listing's curves, optionally with a run's")
    plot.add_argument("id", help="catalog id, e.g. ch08/three-layer-mnist")
    plot.add_argument("--variant", default="published", help="meap or published (default)")
    plot.add_argument("-o", "--output", default=None, help="PNG file (default: <slug>.png)")
    plot.add_argument("--against", metavar="SOURCE", help="overlay the numbers of this output")
    plot.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help=argparse.SUPPRESS)
    plot.set_defaults(handler=run_plot)


def _usage(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def run_grade(arguments: argparse.Namespace) -> int:
    given = list(arguments.arguments)
    if len(given) > 2:
        return _usage("grade takes at most an id and a source")
    listing_id, source = (given[0], given[1]) if len(given) == 2 else (None, given[0])
    try:
        if listing_id is not None:
            listing = get_listing(listing_id)
            if arguments.variant is not None:
                listing.variant(arguments.variant)
        elif arguments.variant is not None:
            return _usage("--variant needs a listing id")
        capture = read_source(source, arguments.timeout, arguments.execute)
        segments = grade_capture(capture, listing_id, arguments.variant)
    except (UnknownName, SourceError, GoldenError) as error:
        return _usage(str(error).strip("'\""))
    render = as_json if arguments.format == "json" else as_text
    try:
        print(render(capture.origin, segments))
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if segments and all(s.verdict == REPRODUCES for s in segments) else 1


def run_plot(arguments: argparse.Namespace) -> int:
    from grokking_spec.grading.plot import PlotError, plot_listing

    try:
        listing = get_listing(arguments.id)
        listing.variant(arguments.variant)
        against = read_source(arguments.against, arguments.timeout) if arguments.against else None
        output = arguments.output or f"{listing.slug}.png"
        written = plot_listing(listing.id, arguments.variant, output, against)
    except (UnknownName, SourceError, GoldenError, PlotError) as error:
        return _usage(str(error).strip("'\""))
    print(f"wrote {written}")
    return 0
