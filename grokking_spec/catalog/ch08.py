"""Chapter 8 listings: regularization on MNIST (three-layer network, dropout, mini-batches).

The three listings train on the book's MNIST subset (``grokking_spec.porting.mnist``) for 300 or 350
iterations, so they are long: each has a ``Prefix`` rule, and the harness can run and
compare only their first iterations (see ``grokking_spec.engine``). The trace is the
reference's (``reference/ch08_regularization.py``): raw per-iteration training sums and
counts, the test-set sums and counts and two weight fingerprints at every iteration that
evaluates the test set, and the fingerprints after the last iteration. Printing divides and
truncates like the book (``str(x)[0:5]``).

Output lines are what a terminal shows:

- ``sys.stdout.write("\\r" + ...)`` returns to the start of the line, so of a loop's
  ``\\r``-led progress writes only the last stays on screen. The meap three-layer listing
  writes one per iteration and never a newline: its output is the final one,
  ``" I:299 Error:... Correct:..."``. The published one completes the line at every test
  evaluation (``" Test-Err:... Test-Acc:..."`` and a newline): 36 lines, iterations 0, 10,
  ..., 340 and 349.
- ``sys.stdout.write("\\n" + ...)`` (dropout, mini-batch) starts each record on a new line;
  the blank line this leaves before the first record is not counted: 30 lines,
  iterations 0, 10, ..., 290.

The meap three-layer printout is three programs, in the order the seed shows their
output: the training listing (its final progress line), the test snippet run after it
(``" Error:... Correct:..."``), and the Memorization vs Generalization table, whose code
the seed does not print: it is modelled as the same network with the dropout listing's
evaluation and print every 10 iterations (30 lines). Training is deterministic and the
evaluations do not touch the weights, so one run of 300 iterations gives all 32 lines.

Differences of the published edition (the meap code otherwise, Python 3): the
three-layer listing runs 350 iterations and prints train and test figures on one line;
the mini-batch listing has alpha 0.001 and its deltas and both weight updates inside the
per-image accuracy loop (``updates_inside_accuracy_loop``), a bug the variant reproduces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from grokking_spec.listing import BookLine, Listing, Prefix, Trace, Variant
from grokking_spec.pyformat import Edition

SEED_MEAP = "seed 000 (MEAP v6), chapter 8"
SEED_PUBLISHED = "published 2019 edition: the meap code in Python 3, with the catalog's changes"

TRAIN_IMAGES = 1000
TEST_IMAGES = 10000

#: The listings evaluate the test set after iteration j when j % TEST_EVERY == 0.
TEST_EVERY = 10

#: Trace fields with one entry per test evaluation.
PER_TEST = ("test_iteration", "test_error", "test_correct", "weights_0_1", "weights_1_2")


def first_iterations(trace: Trace, n: int) -> Trace:
    """The part of a trace the first ``n`` iterations determine.

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


ITERATIONS = Prefix("iterations", first_iterations)


def _mean(edition: Edition, total: float, count: int) -> str:
    """``str(total / float(count))[0:5]``."""
    return edition.truncated(total / float(count), 5)


def _rate(edition: Edition, correct: int, count: int) -> str:
    """``str(correct / float(count))``."""
    return edition.format(correct / float(count))


def _record(trace: Trace, edition: Edition, index: int) -> str:
    """One line of the dropout listing's print: test figures, then training figures."""
    iteration = trace["test_iteration"][index]
    return (
        f"I:{iteration}"
        f" Test-Err:{_mean(edition, trace['test_error'][index], TEST_IMAGES)}"
        f" Test-Acc:{_rate(edition, trace['test_correct'][index], TEST_IMAGES)}"
        f" Train-Err:{_mean(edition, trace['train_error'][iteration], TRAIN_IMAGES)}"
        f" Train-Acc:{_rate(edition, trace['train_correct'][iteration], TRAIN_IMAGES)}"
    )


def _every_tenth(trace: Trace) -> list[int]:
    return [
        index
        for index, iteration in enumerate(trace["test_iteration"])
        if iteration % TEST_EVERY == 0
    ]


def prints_records(trace: Trace, edition: Edition) -> list[str]:
    """Dropout and mini-batch: ``I:j Test-Err:... Test-Acc:... Train-Err:... Train-Acc:...``."""
    return [_record(trace, edition, index) for index in _every_tenth(trace)]


def prints_meap_three_layer(trace: Trace, edition: Edition) -> list[str]:
    """The last progress line, the test line after training, then the every-10 table."""
    last = len(trace["train_error"]) - 1
    training = (
        f" I:{last}"
        f" Error:{_mean(edition, trace['train_error'][last], TRAIN_IMAGES)}"
        f" Correct:{_rate(edition, trace['train_correct'][last], TRAIN_IMAGES)}"
    )
    test = (
        f" Error:{_mean(edition, trace['test_error'][-1], TEST_IMAGES)}"
        f" Correct:{_rate(edition, trace['test_correct'][-1], TEST_IMAGES)}"
    )
    return [training, test, *prints_records(trace, edition)]


def prints_published_three_layer(trace: Trace, edition: Edition) -> list[str]:
    """`` I:j Train-Err:... Train-Acc:... Test-Err:... Test-Acc:...`` at each evaluation."""
    lines = []
    for index, iteration in enumerate(trace["test_iteration"]):
        lines.append(
            f" I:{iteration}"
            f" Train-Err:{_mean(edition, trace['train_error'][iteration], TRAIN_IMAGES)}"
            f" Train-Acc:{_rate(edition, trace['train_correct'][iteration], TRAIN_IMAGES)}"
            f" Test-Err:{_mean(edition, trace['test_error'][index], TEST_IMAGES)}"
            f" Test-Acc:{_rate(edition, trace['test_correct'][index], TEST_IMAGES)}"
        )
    return lines


def _table(text: str, first_line: int = 0) -> tuple[BookLine, ...]:
    """The seed's every-10-iterations table, one BookLine per row.

    Row k is the k-th test evaluation (iteration 10k) and starts output line
    ``first_line + k``.
    """
    return tuple(
        BookLine(
            row,
            (
                f"test_error[{index}]",
                f"test_correct[{index}]",
                f"train_error[{index * TEST_EVERY}]",
                f"train_correct[{index * TEST_EVERY}]",
            ),
            line=first_line + index,
        )
        for index, row in enumerate(text.splitlines())
    )


THREE_LAYER_TABLE = """\
I:0 Test-Err:0.650 Test-Acc:0.595 Train-Err:0.743 Train-Acc:0.511
I:10 Test-Err:0.471 Test-Acc:0.746 Train-Err:0.293 Train-Acc:0.917
I:20 Test-Err:0.478 Test-Acc:0.753 Train-Err:0.222 Train-Acc:0.952
I:30 Test-Err:0.501 Test-Acc:0.74 Train-Err:0.189 Train-Acc:0.974
I:40 Test-Err:0.527 Test-Acc:0.728 Train-Err:0.170 Train-Acc:0.986
I:50 Test-Err:0.552 Test-Acc:0.708 Train-Err:0.158 Train-Acc:0.991
I:60 Test-Err:0.574 Test-Acc:0.692 Train-Err:0.150 Train-Acc:0.992
I:70 Test-Err:0.595 Test-Acc:0.676 Train-Err:0.144 Train-Acc:0.993
I:80 Test-Err:0.614 Test-Acc:0.661 Train-Err:0.138 Train-Acc:0.995
I:90 Test-Err:0.633 Test-Acc:0.651 Train-Err:0.134 Train-Acc:0.996
I:100 Test-Err:0.650 Test-Acc:0.645 Train-Err:0.129 Train-Acc:0.996
I:110 Test-Err:0.667 Test-Acc:0.635 Train-Err:0.126 Train-Acc:0.997
I:120 Test-Err:0.682 Test-Acc:0.633 Train-Err:0.123 Train-Acc:0.998
I:130 Test-Err:0.697 Test-Acc:0.631 Train-Err:0.121 Train-Acc:0.998
I:140 Test-Err:0.711 Test-Acc:0.627 Train-Err:0.119 Train-Acc:0.999
I:150 Test-Err:0.722 Test-Acc:0.627 Train-Err:0.117 Train-Acc:0.999
I:160 Test-Err:0.733 Test-Acc:0.625 Train-Err:0.116 Train-Acc:0.999
I:170 Test-Err:0.742 Test-Acc:0.62 Train-Err:0.114 Train-Acc:0.999
I:180 Test-Err:0.750 Test-Acc:0.616 Train-Err:0.112 Train-Acc:0.999
I:190 Test-Err:0.758 Test-Acc:0.614 Train-Err:0.111 Train-Acc:0.999
I:200 Test-Err:0.765 Test-Acc:0.612 Train-Err:0.110 Train-Acc:0.999
I:210 Test-Err:0.771 Test-Acc:0.611 Train-Err:0.108 Train-Acc:0.999
I:220 Test-Err:0.776 Test-Acc:0.612 Train-Err:0.107 Train-Acc:0.999
I:230 Test-Err:0.779 Test-Acc:0.611 Train-Err:0.106 Train-Acc:0.999
I:240 Test-Err:0.783 Test-Acc:0.61 Train-Err:0.105 Train-Acc:0.999
I:250 Test-Err:0.786 Test-Acc:0.605 Train-Err:0.104 Train-Acc:0.999
I:260 Test-Err:0.790 Test-Acc:0.606 Train-Err:0.103 Train-Acc:0.999
I:270 Test-Err:0.793 Test-Acc:0.603 Train-Err:0.103 Train-Acc:0.999
I:280 Test-Err:0.796 Test-Acc:0.6 Train-Err:0.102 Train-Acc:0.999
I:290 Test-Err:0.800 Test-Acc:0.602 Train-Err:0.101 Train-Acc:1.0
"""

DROPOUT_TABLE = """\
I:0 Test-Err:0.681 Test-Acc:0.57 Train-Err:0.926 Train-Acc:0.388
I:10 Test-Err:0.495 Test-Acc:0.746 Train-Err:0.474 Train-Acc:0.769
I:20 Test-Err:0.454 Test-Acc:0.77 Train-Err:0.429 Train-Acc:0.824
I:30 Test-Err:0.460 Test-Acc:0.762 Train-Err:0.402 Train-Acc:0.835
I:40 Test-Err:0.467 Test-Acc:0.775 Train-Err:0.392 Train-Acc:0.836
I:50 Test-Err:0.460 Test-Acc:0.773 Train-Err:0.381 Train-Acc:0.843
I:60 Test-Err:0.458 Test-Acc:0.777 Train-Err:0.362 Train-Acc:0.869
I:70 Test-Err:0.466 Test-Acc:0.758 Train-Err:0.356 Train-Acc:0.879
I:80 Test-Err:0.454 Test-Acc:0.764 Train-Err:0.348 Train-Acc:0.879
I:90 Test-Err:0.454 Test-Acc:0.758 Train-Err:0.332 Train-Acc:0.895
I:100 Test-Err:0.452 Test-Acc:0.754 Train-Err:0.311 Train-Acc:0.905
I:110 Test-Err:0.456 Test-Acc:0.754 Train-Err:0.316 Train-Acc:0.903
I:120 Test-Err:0.450 Test-Acc:0.753 Train-Err:0.312 Train-Acc:0.903
I:130 Test-Err:0.450 Test-Acc:0.772 Train-Err:0.292 Train-Acc:0.913
I:140 Test-Err:0.455 Test-Acc:0.776 Train-Err:0.306 Train-Acc:0.918
I:150 Test-Err:0.456 Test-Acc:0.772 Train-Err:0.289 Train-Acc:0.927
I:160 Test-Err:0.464 Test-Acc:0.765 Train-Err:0.295 Train-Acc:0.917
I:170 Test-Err:0.462 Test-Acc:0.762 Train-Err:0.284 Train-Acc:0.928
I:180 Test-Err:0.466 Test-Acc:0.764 Train-Err:0.282 Train-Acc:0.922
I:190 Test-Err:0.468 Test-Acc:0.766 Train-Err:0.274 Train-Acc:0.934
I:200 Test-Err:0.472 Test-Acc:0.762 Train-Err:0.283 Train-Acc:0.94
I:210 Test-Err:0.478 Test-Acc:0.753 Train-Err:0.277 Train-Acc:0.93
I:220 Test-Err:0.471 Test-Acc:0.77 Train-Err:0.263 Train-Acc:0.938
I:230 Test-Err:0.474 Test-Acc:0.772 Train-Err:0.260 Train-Acc:0.937
I:240 Test-Err:0.488 Test-Acc:0.759 Train-Err:0.272 Train-Acc:0.935
I:250 Test-Err:0.480 Test-Acc:0.778 Train-Err:0.258 Train-Acc:0.939
I:260 Test-Err:0.488 Test-Acc:0.768 Train-Err:0.262 Train-Acc:0.943
I:270 Test-Err:0.487 Test-Acc:0.769 Train-Err:0.254 Train-Acc:0.945
I:280 Test-Err:0.503 Test-Acc:0.772 Train-Err:0.262 Train-Acc:0.938
I:290 Test-Err:0.509 Test-Acc:0.77 Train-Err:0.247 Train-Acc:0.949
"""

BATCH_TABLE = """\
I:0 Test-Err:0.849 Test-Acc:0.325 Train-Err:1.347 Train-Acc:0.159
I:10 Test-Err:0.603 Test-Acc:0.643 Train-Err:0.602 Train-Acc:0.659
I:20 Test-Err:0.547 Test-Acc:0.708 Train-Err:0.538 Train-Acc:0.726
I:30 Test-Err:0.522 Test-Acc:0.735 Train-Err:0.503 Train-Acc:0.745
I:40 Test-Err:0.502 Test-Acc:0.746 Train-Err:0.487 Train-Acc:0.746
I:50 Test-Err:0.491 Test-Acc:0.752 Train-Err:0.466 Train-Acc:0.791
I:60 Test-Err:0.485 Test-Acc:0.762 Train-Err:0.447 Train-Acc:0.789
I:70 Test-Err:0.474 Test-Acc:0.767 Train-Err:0.439 Train-Acc:0.791
I:80 Test-Err:0.473 Test-Acc:0.769 Train-Err:0.441 Train-Acc:0.794
I:90 Test-Err:0.470 Test-Acc:0.759 Train-Err:0.439 Train-Acc:0.804
I:100 Test-Err:0.470 Test-Acc:0.756 Train-Err:0.419 Train-Acc:0.815
I:110 Test-Err:0.465 Test-Acc:0.758 Train-Err:0.413 Train-Acc:0.828
I:120 Test-Err:0.467 Test-Acc:0.769 Train-Err:0.407 Train-Acc:0.814
I:130 Test-Err:0.465 Test-Acc:0.773 Train-Err:0.403 Train-Acc:0.818
I:140 Test-Err:0.469 Test-Acc:0.768 Train-Err:0.413 Train-Acc:0.835
I:150 Test-Err:0.469 Test-Acc:0.771 Train-Err:0.397 Train-Acc:0.845
I:160 Test-Err:0.469 Test-Acc:0.776 Train-Err:0.403 Train-Acc:0.84
I:170 Test-Err:0.471 Test-Acc:0.772 Train-Err:0.394 Train-Acc:0.859
I:180 Test-Err:0.468 Test-Acc:0.775 Train-Err:0.391 Train-Acc:0.84
I:190 Test-Err:0.466 Test-Acc:0.78 Train-Err:0.374 Train-Acc:0.859
I:200 Test-Err:0.469 Test-Acc:0.783 Train-Err:0.392 Train-Acc:0.862
I:210 Test-Err:0.470 Test-Acc:0.769 Train-Err:0.378 Train-Acc:0.861
I:220 Test-Err:0.466 Test-Acc:0.782 Train-Err:0.369 Train-Acc:0.864
I:230 Test-Err:0.465 Test-Acc:0.786 Train-Err:0.368 Train-Acc:0.87
I:240 Test-Err:0.469 Test-Acc:0.782 Train-Err:0.369 Train-Acc:0.869
I:250 Test-Err:0.470 Test-Acc:0.776 Train-Err:0.362 Train-Acc:0.876
I:260 Test-Err:0.466 Test-Acc:0.787 Train-Err:0.371 Train-Acc:0.859
I:270 Test-Err:0.469 Test-Acc:0.778 Train-Err:0.357 Train-Acc:0.877
I:280 Test-Err:0.469 Test-Acc:0.778 Train-Err:0.371 Train-Acc:0.878
I:290 Test-Err:0.466 Test-Acc:0.775 Train-Err:0.359 Train-Acc:0.873
"""


def _variants(
    meap: Mapping[str, object],
    published: Mapping[str, object],
    meap_book: tuple[BookLine, ...],
    meap_printout: Callable[[Trace, Edition], list[str]] = prints_records,
    published_printout: Callable[[Trace, Edition], list[str]] = prints_records,
) -> tuple[Variant, Variant]:
    return (
        Variant("meap", meap, SEED_MEAP, meap_printout, meap_book),
        Variant("published", published, SEED_PUBLISHED, published_printout, ()),
    )


THREE_LAYER = {"alpha": 0.005, "iterations": 300, "hidden_size": 40}
DROPOUT = {"alpha": 0.005, "iterations": 300, "hidden_size": 100}
BATCH = {
    "alpha": 0.1,
    "iterations": 300,
    "hidden_size": 100,
    "batch_size": 100,
    "updates_inside_accuracy_loop": False,
}

LISTINGS = (
    Listing(
        "ch08/three-layer-mnist",
        "Three-layer relu network on MNIST: memorization vs generalization",
        "3 Layer Network on MNIST, Memorization vs Generalization",
        _variants(
            THREE_LAYER,
            {**THREE_LAYER, "iterations": 350},
            (
                BookLine(
                    "I:299 Error:0.101 Correct:1.0",
                    ("train_error[299]", "train_correct[299]"),
                    line=0,
                ),
                BookLine(
                    "Error:0.803 Correct:0.601", ("test_error[-1]", "test_correct[-1]"), line=1
                ),
                *_table(THREE_LAYER_TABLE, first_line=2),
            ),
            meap_printout=prints_meap_three_layer,
            published_printout=prints_published_three_layer,
        ),
        prefix=ITERATIONS,
    ),
    Listing(
        "ch08/dropout",
        "Dropout on the hidden layer",
        "Dropout In Code, Dropout Evaluated on MNIST",
        _variants(DROPOUT, DROPOUT, _table(DROPOUT_TABLE)),
        prefix=ITERATIONS,
    ),
    Listing(
        "ch08/batch-gradient-descent",
        "Mini-batch gradient descent with dropout",
        "Batch Gradient Descent",
        _variants(
            BATCH,
            {**BATCH, "alpha": 0.001, "updates_inside_accuracy_loop": True},
            _table(BATCH_TABLE),
        ),
        prefix=ITERATIONS,
    ),
)
