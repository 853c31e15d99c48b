"""Chapter 6 printouts: the streetlight problem, a first deep network, backpropagation.

The first streetlight listing prints chapter 4's ``Error:... Prediction:...`` lines
(``grokking_spec.printouts.ch04.prints_error_and_prediction``).
"""

from __future__ import annotations

from grokking_spec.listing import Trace
from grokking_spec.pyformat import Edition


def prints_elementwise(trace: Trace, edition: Edition) -> list[str]:
    """``print`` of a*b, a+b, a*0.5 and a+0.5, each a numpy array."""
    lines = []
    for name in ("a_times_b", "a_plus_b", "a_times_scalar", "a_plus_scalar"):
        lines += edition.array(trace[name])
    return lines


def prints_predictions_then_error(trace: Trace, edition: Edition) -> list[str]:
    """Per iteration: each row's ``Prediction:``, then ``Error:`` with its ``"\\n"``.

    ``print "Error:" + str(x) + "\\n"`` writes the line and then an empty one.
    """
    lines = []
    for predictions, total in zip(trace["prediction"], trace["error_for_all_lights"], strict=True):
        lines += ["Prediction:" + edition.format(prediction) for prediction in predictions]
        lines += ["Error:" + edition.format(total), ""]
    return lines


def prints_every_tenth_error(trace: Trace, edition: Edition) -> list[str]:
    """``Error:`` after iterations 9, 19, ... (``iteration % 10 == 9``)."""
    return [
        "Error:" + edition.format(error)
        for iteration, error in enumerate(trace["error"])
        if iteration % 10 == 9
    ]
