"""Chapter 8 printouts: the training and test figures, divided and cut like the book.

Printing divides the trace's sums by the set sizes (``grokking_spec.ch08_trace``) and
truncates like the book (``str(x)[0:5]``). Output lines are what a terminal shows:

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
"""

from __future__ import annotations

from grokking_spec.ch08_trace import TEST_EVERY, TEST_IMAGES, TRAIN_IMAGES
from grokking_spec.listing import Trace
from grokking_spec.pyformat import Edition


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
