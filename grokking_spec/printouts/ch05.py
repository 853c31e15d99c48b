"""Chapter 5 printouts: gradient descent on several weights at a time."""

from __future__ import annotations

from grokking_spec.listing import Printout, Trace
from grokking_spec.pyformat import Edition


def prints_weights_and_deltas(trace: Trace, edition: Edition) -> list[str]:
    """Published: the updated weights, then the weight deltas, each list on one line."""
    return [
        "Weights:" + edition.format(trace["new_weights"]),
        "Weight Deltas:" + edition.format(trace["weight_deltas"]),
    ]


def prints_new_weights(trace: Trace, edition: Edition) -> list[str]:
    """Published: ``print(weights)`` of the updated 3x3 weights."""
    return [edition.format(trace["new_weights"])]


def prints_iterations(label: str, blank_line: bool) -> Printout:
    """Iteration, Pred, Error, Delta, Weights, a weight-delta label and list per iteration.

    ``label`` is the line before the weight-delta list; the published code also prints an
    empty line after each iteration.
    """

    def printout(trace: Trace, edition: Edition) -> list[str]:
        lines = []
        for k in range(len(trace["prediction"])):
            lines += [
                "Iteration:" + str(k + 1),
                "Pred:" + edition.format(trace["prediction"][k]),
                "Error:" + edition.format(trace["error"][k]),
                "Delta:" + edition.format(trace["delta"][k]),
                "Weights:" + edition.format(trace["weights"][k]),
                label,
                edition.format(trace["weight_deltas"][k]),
            ]
            if blank_line:
                lines.append("")
        return lines

    return printout
