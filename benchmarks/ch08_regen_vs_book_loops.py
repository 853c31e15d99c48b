"""Time regenerating the chapter 8 goldens against running the book's own loops.

For every chapter 8 listing variant, in one process, on the same data and BLAS thread:

- regenerate: the reference with its matrix-product test evaluation, plus building and
  dumping the golden text (nothing is written to ``spec/``);
- book loops: the same training with the book's per-image test loop
  (``evaluate_per_example``), as the listings themselves run.

Prints both times per variant, the totals and their ratio, and checks that the two traces
agree under the golden's tolerances. ``--iterations N`` shortens every listing (the ratio
then covers the first N iterations); the default is the full length.

Usage::

    python benchmarks/ch08_regen_vs_book_loops.py [--iterations N]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from grokking_spec.catalog import ch08
from grokking_spec.compare import compare_traces
from grokking_spec.golden import build_golden, dump_golden, tolerances_of
from grokking_spec.reference import ch08_regularization as reference
from grokking_spec.trace import normalise

FUNCTIONS: dict[str, Any] = {
    "ch08/three-layer-mnist": reference.three_layer_mnist,
    "ch08/dropout": reference.dropout,
    "ch08/batch-gradient-descent": reference.batch_gradient_descent,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=None)
    arguments = parser.parse_args()
    reference.book_data()  # loading and hashing the data is common to both: not timed
    totals = [0.0, 0.0]
    for listing in ch08.LISTINGS:
        for variant in listing.variants:
            params = dict(variant.params)
            if arguments.iterations is not None:
                params["iterations"] = min(arguments.iterations, params["iterations"])
            function = FUNCTIONS[listing.id]
            start = time.perf_counter()
            trace = normalise(function(**params))
            golden = build_golden(listing, variant, trace)
            dump_golden(golden)
            regenerate = time.perf_counter() - start
            start = time.perf_counter()
            book = normalise(function(**params, evaluator=reference.evaluate_per_example))
            book_loops = time.perf_counter() - start
            totals[0] += regenerate
            totals[1] += book_loops
            agree = not compare_traces(trace, book, tolerances_of(golden))
            print(
                f"{listing.id} ({variant.name}, {params['iterations']} iterations): "
                f"regenerate {regenerate:.1f} s, book loops {book_loops:.1f} s, "
                f"ratio {regenerate / book_loops:.2f}, traces agree: {agree}"
            )
    print(
        f"total: regenerate {totals[0]:.1f} s, book loops {totals[1]:.1f} s, "
        f"ratio {totals[0] / totals[1]:.2f} (regenerate / book loops)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
