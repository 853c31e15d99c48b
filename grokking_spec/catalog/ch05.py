"""Chapter 5 listings: gradient descent on several weights at a time."""

from __future__ import annotations

from grokking_spec.catalog.ch03 import GAME_STATS, GAME_TO_HURT_WIN_SAD, WLREC_TO_HURT_WIN_SAD
from grokking_spec.catalog.editions import (
    MEAP_CODE_IN_PYTHON_3,
    Differences,
    Sources,
    editions,
    meap_seed,
)
from grokking_spec.listing import BookLine, Listing, prints_nothing
from grokking_spec.printouts.ch05 import (
    prints_iterations,
    prints_new_weights,
    prints_weights_and_deltas,
)

#: No published chapter 5 text is at hand, so only the meap variants have book lines, and
#: the meap code prints only in the listings that say ``print``.
SOURCES = Sources(meap=meap_seed(5), published=MEAP_CODE_IN_PYTHON_3)

#: Which of the four games were won: the goal of the win/loss predictions.
WINS = [1, 1, 0, 1]
WIN_OR_LOSE = {"win_or_lose_binary": WINS, "game": 0}
HURT_WIN_SAD = {"hurt": [0.1, 0.0, 0.0, 0.1], "win": WINS, "sad": [0.1, 0.0, 0.1, 0.2]}
THREE_INPUTS = {"weights": [0.1, 0.2, -0.1], "alpha": 0.01}
MULTIPLE_OUTPUTS = {
    "weights": WLREC_TO_HURT_WIN_SAD,
    "alpha": 0.1,
    "wlrec": [0.65, 1.0, 1.0, 0.9],
    **HURT_WIN_SAD,
    "game": 0,
}


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
        editions(
            SOURCES,
            {**THREE_INPUTS, **GAME_STATS, **WIN_OR_LOSE},
            prints_weights_and_deltas,
            meap=Differences(printout=prints_nothing, book=_one_step_table()),
        ),
    ),
    Listing(
        "ch05/multiple-inputs-three-steps",
        "Three steps of gradient descent with three inputs",
        "Let's Watch Several Steps of Learning",
        editions(
            SOURCES,
            {**THREE_INPUTS, "iterations": 3, **GAME_STATS, **WIN_OR_LOSE},
            prints_iterations("Weight_Deltas:", blank_line=True),
            meap=Differences(printout=prints_iterations("Weight_Deltas:", blank_line=False)),
        ),
    ),
    Listing(
        "ch05/freezing-one-weight",
        "Gradient descent with the first weight frozen",
        "Freezing One Weight",
        editions(
            SOURCES,
            {
                **THREE_INPUTS,
                "alpha": 0.3,
                "iterations": 3,
                "frozen_weight": 0,
                **GAME_STATS,
                **WIN_OR_LOSE,
            },
            prints_iterations("Weight_Deltas:", blank_line=True),
            meap=Differences(printout=prints_iterations("Weight Deltas:", blank_line=False)),
        ),
    ),
    Listing(
        "ch05/multiple-outputs",
        "One step of gradient descent with one input and three outputs",
        "Gradient Descent Learning with Multiple Outputs",
        editions(
            SOURCES,
            MULTIPLE_OUTPUTS,
            prints_weights_and_deltas,
            meap=Differences(
                params={**MULTIPLE_OUTPUTS, "wlrec": [0.9, 1.0, 1.0, 0.9]},
                printout=prints_nothing,
            ),
        ),
    ),
    Listing(
        "ch05/multiple-inputs-outputs",
        "One step of gradient descent with three inputs and three outputs",
        "Gradient Descent with Multiple Inputs & Outputs",
        editions(
            SOURCES,
            {
                "weights": GAME_TO_HURT_WIN_SAD,
                "alpha": 0.01,
                **GAME_STATS,
                **HURT_WIN_SAD,
                "game": 0,
            },
            prints_new_weights,
            meap=Differences(printout=prints_nothing),
        ),
    ),
)
