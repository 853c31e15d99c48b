"""Chapter 4 printouts: compare and learn on a single weight."""

from __future__ import annotations

from grokking_spec.listing import Trace
from grokking_spec.pyformat import Edition


def prints_error(trace: Trace, edition: Edition) -> list[str]:
    return [edition.format(trace["error"])]


def prints_three_errors(trace: Trace, edition: Edition) -> list[str]:
    """The error of the weight, of the weight plus lr and of the weight minus lr."""
    return [edition.format(trace[name]) for name in ("error", "up_error", "down_error")]


def prints_error_and_prediction(trace: Trace, edition: Edition) -> list[str]:
    """One ``Error:... Prediction:...`` line per iteration."""
    return [
        "Error:" + edition.format(error) + " Prediction:" + edition.format(prediction)
        for error, prediction in zip(trace["error"], trace["prediction"], strict=True)
    ]


def prints_each_case(trace: Trace, edition: Edition) -> list[str]:
    """The error and prediction lines of each step amount, one case after the other."""
    return [line for case in trace["cases"] for line in prints_error_and_prediction(case, edition)]


def prints_weight_error_delta(trace: Trace, edition: Edition) -> list[str]:
    """Published: a separator, the weight, error and prediction, delta and weight delta."""
    lines = []
    for step in range(len(trace["error"])):
        lines += [
            "-----",
            "Weight:" + edition.format(trace["weight"][step]),
            "Error:"
            + edition.format(trace["error"][step])
            + " Prediction:"
            + edition.format(trace["prediction"][step]),
            "Delta:"
            + edition.format(trace["delta"][step])
            + " Weight Delta:"
            + edition.format(trace["weight_delta"][step]),
        ]
    return lines
