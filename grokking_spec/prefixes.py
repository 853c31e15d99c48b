"""Prefix rules: how a long listing runs and is compared for its first iterations only.

A ``Listing`` with a ``prefix`` (chapter 8's, which train for minutes) can be run with
fewer iterations; the rule's ``cut`` keeps the part of a trace those iterations determine,
so a short run and the whole golden compare on the same cut (``grokking_spec.engine``).
"""

from __future__ import annotations

from grokking_spec.ch08_trace import PER_TEST, TEST_EVERY
from grokking_spec.listing import Prefix, Trace


def first_iterations(trace: Trace, n: int) -> Trace:
    """The part of a chapter 8 trace the first ``n`` iterations determine.

    Per-iteration series are cut to ``n``; of the test evaluations, those every 10
    iterations before ``n`` are kept. The three-layer listing also evaluates after its last
    iteration, which a shortened run moves, and the final fingerprints move with it: both
    are left out.
    """
    kept = [
        index
        for index, iteration in enumerate(trace["test_iteration"])
        if iteration < n and iteration % TEST_EVERY == 0
    ]
    return {
        "train_error": trace["train_error"][:n],
        "train_correct": trace["train_correct"][:n],
        **{name: [trace[name][index] for index in kept] for name in PER_TEST},
    }


#: Chapter 8's rule: the ``iterations`` parameter sets the run's length.
ITERATIONS = Prefix("iterations", first_iterations)
