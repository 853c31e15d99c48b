"""Chapter 5 listings: gradient descent on several weights at a time."""

from __future__ import annotations

from typing import Any

from grokking_spec.listing import BookLine, Listing, Printout, Trace, Variant, prints_nothing
from grokking_spec.pyformat import Edition

SEED_MEAP = "seed 000 (MEAP v6), chapter 5"
SEED_PUBLISHED = "published 2019 edition: the meap code, Python 3, with the catalog's differences"


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


def _both(
    params: dict[str, Any],
    published_printout: Printout,
    meap_printout: Printout = prints_nothing,
    meap_book: tuple[BookLine, ...] = (),
    meap_params: dict[str, Any] | None = None,
) -> tuple[Variant, Variant]:
    """No published chapter 5 text is at hand, so only the meap variant has book lines."""
    return (
        Variant(
            "meap",
            params if meap_params is None else meap_params,
            SEED_MEAP,
            printout=meap_printout,
            book=meap_book,
        ),
        Variant("published", params, SEED_PUBLISHED, printout=published_printout),
    )


GAME_DATA: dict[str, Any] = {
    "toes": [8.5, 9.5, 9.9, 9.0],
    "wlrec": [0.65, 0.8, 0.8, 0.9],
    "nfans": [1.2, 1.3, 0.5, 1.0],
}
WIN_OR_LOSE = {"win_or_lose_binary": [1, 1, 0, 1], "game": 0}
HURT_WIN_SAD = {"hurt": [0.1, 0.0, 0.0, 0.1], "win": [1, 1, 0, 1], "sad": [0.1, 0.0, 0.1, 0.2]}


def _one_step_table() -> tuple[BookLine, ...]:
    """The worked weight-delta and update tables, printed twice (the second in math type)."""
    deltas = (
        ("8.5 * 0.14 = 1.19", "8.5 * 0.14 &= 1.19"),
        ("0.65 * 0.14 = 0.091", "0.65 * 0.14 &= 0.091"),
        ("1.2 * 0.14 = 0.168", "1.2 * 0.14 &= 0.168"),
    )
    updates = (
        ("0.1 - (1.19 * 0.01) = 0.0881", "0.1 - (1.19 * 0.01) = .0881"),
        ("0.2 - (0.091 * 0.01) = 0.191", "0.2 - (.091 * 0.01) = .191"),
        ("-0.1 - (0.168 * 0.01) = -0.102", "-0.1 - (.168 * 0.01) = -.102"),
    )
    lines = []
    for i, texts in enumerate(deltas):
        lines += [BookLine(t, (f"input[{i}]", "delta", f"weight_deltas[{i}]")) for t in texts]
    for i, texts in enumerate(updates):
        shows = (f"params.weights[{i}]", f"weight_deltas[{i}]", "params.alpha", f"new_weights[{i}]")
        lines += [BookLine(t, shows) for t in texts]
    # The side-by-side recap names the delta the tables use.
    lines.append(BookLine("`delta` (0.14)", ("delta",)))
    return tuple(lines)


LISTINGS = (
    Listing(
        "ch05/multiple-inputs-one-step",
        "One step of gradient descent with three inputs",
        "Gradient Descent Learning with Multiple Inputs",
        _both(
            {"weights": [0.1, 0.2, -0.1], "alpha": 0.01, **GAME_DATA, **WIN_OR_LOSE},
            prints_weights_and_deltas,
            meap_book=_one_step_table(),
        ),
    ),
    Listing(
        "ch05/multiple-inputs-three-steps",
        "Three steps of gradient descent with three inputs",
        "Let's Watch Several Steps of Learning",
        _both(
            {
                "weights": [0.1, 0.2, -0.1],
                "alpha": 0.01,
                "iterations": 3,
                **GAME_DATA,
                **WIN_OR_LOSE,
            },
            prints_iterations("Weight_Deltas:", blank_line=True),
            meap_printout=prints_iterations("Weight_Deltas:", blank_line=False),
        ),
    ),
    Listing(
        "ch05/freezing-one-weight",
        "Gradient descent with the first weight frozen",
        "Freezing One Weight",
        _both(
            {
                "weights": [0.1, 0.2, -0.1],
                "alpha": 0.3,
                "iterations": 3,
                "frozen_weight": 0,
                **GAME_DATA,
                **WIN_OR_LOSE,
            },
            prints_iterations("Weight_Deltas:", blank_line=True),
            meap_printout=prints_iterations("Weight Deltas:", blank_line=False),
        ),
    ),
    Listing(
        "ch05/multiple-outputs",
        "One step of gradient descent with one input and three outputs",
        "Gradient Descent Learning with Multiple Outputs",
        _both(
            {
                "weights": [0.3, 0.2, 0.9],
                "alpha": 0.1,
                "wlrec": [0.65, 1.0, 1.0, 0.9],
                **HURT_WIN_SAD,
                "game": 0,
            },
            prints_weights_and_deltas,
            meap_params={
                "weights": [0.3, 0.2, 0.9],
                "alpha": 0.1,
                "wlrec": [0.9, 1.0, 1.0, 0.9],
                **HURT_WIN_SAD,
                "game": 0,
            },
        ),
    ),
    Listing(
        "ch05/multiple-inputs-outputs",
        "One step of gradient descent with three inputs and three outputs",
        "Gradient Descent with Multiple Inputs & Outputs",
        _both(
            {
                "weights": [[0.1, 0.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]],
                "alpha": 0.01,
                **GAME_DATA,
                **HURT_WIN_SAD,
                "game": 0,
            },
            prints_new_weights,
        ),
    ),
)
