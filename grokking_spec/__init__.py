"""grokking-spec: the golden-output spec of the code listings of *Grokking Deep Learning*.

The public API, in the order a reader meets it:

- ``LISTINGS``, ``get_listing``: the registry (``Listing``, ``Variant``, ``BookLine``).
- ``Implementation``, ``discover``, ``run_listing``: implementations and how they plug in.
- ``check``, ``regenerate``, ``Outcome``: the engine (one implementation against one
  golden file; the reference rewriting one), run through a ``Runner``: worker processes,
  or in-process by default.
- ``golden_path``, ``load_golden``, ``build_golden``, ``dump_golden``: the spec files.
- ``Edition``: how each edition's Python printed numbers.
"""

from grokking_spec import _checkout  # noqa: F401 - maps reference/ and implementations/
from grokking_spec.catalog import LISTINGS, get_listing, listing_variants
from grokking_spec.compare import Mismatch, compare_traces
from grokking_spec.engine import Outcome, check, regenerate
from grokking_spec.golden import build_golden, dump_golden, golden_path, load_golden, spec_root
from grokking_spec.listing import BookLine, Listing, Tolerance, Trace, UnknownName, Variant
from grokking_spec.plugins import (
    Implementation,
    ImplementationError,
    Level,
    discover,
    read_expectations,
    run_listing,
)
from grokking_spec.pyformat import Edition
from grokking_spec.workers import Runner

__all__ = [
    "LISTINGS",
    "BookLine",
    "Edition",
    "Implementation",
    "ImplementationError",
    "Level",
    "Listing",
    "Mismatch",
    "Outcome",
    "Runner",
    "Tolerance",
    "Trace",
    "UnknownName",
    "Variant",
    "build_golden",
    "check",
    "compare_traces",
    "discover",
    "dump_golden",
    "get_listing",
    "golden_path",
    "listing_variants",
    "load_golden",
    "read_expectations",
    "regenerate",
    "run_listing",
    "spec_root",
]
