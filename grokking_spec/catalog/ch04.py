"""Chapter 4 listings: compare and learn on a single weight."""

from __future__ import annotations

from grokking_spec.catalog.editions import Differences, Sources, editions, meap_seed
from grokking_spec.listing import BookLine, Listing, prints_nothing
from grokking_spec.printouts.ch04 import (
    prints_each_case,
    prints_error,
    prints_error_and_prediction,
    prints_three_errors,
    prints_weight_error_delta,
)

SOURCES = Sources(
    meap=meap_seed(4),
    published="seed 004 (published 2019 edition), chapter 4",
)

# How grokking_spec.fidelity holds the published book lines below. Every printed line
# (``line`` set) is exact text: the seed shows the published outputs as Python 2 printed
# them, and each line equals that text (or the Python 3 text) of the golden, character for
# character: hot-and-cold-learning, hot-and-cold-overshoot, direction-and-amount,
# watch-several-steps (``Weight:0.88``, ``Prediction:0.968``), breaking-gradient-descent
# and alpha. Only the values the prose states (``line`` None) are held by rounding to the
# digits shown, since no code prints them: error-measure's "0.3025", hot-cold-one-step's
# "0.004", one-step-gradient-descent's "0.85".


def _steps(*lines: tuple[int, str]) -> tuple[BookLine, ...]:
    """Error/prediction lines the book shows, by their index in the output."""
    return tuple(
        BookLine(text, (f"error[{index}]", f"prediction[{index}]"), line=index)
        for index, text in lines
    )


GOAL_0_8 = {"weight": 0.5, "goal_prediction": 0.8, "input": 0.5, "iterations": 20}

CONVERGING_STEPS = _steps(
    (0, "Error:0.3025 Prediction:0.25"),
    (1, "Error:0.17015625 Prediction:0.3875"),
    (2, "Error:0.095712890625 Prediction:0.490625"),
    (17, "Error:1.7092608064e-05 Prediction:0.79586567925"),
    (18, "Error:9.61459203602e-06 Prediction:0.796899259437"),
    (19, "Error:5.40820802026e-06 Prediction:0.797674444578"),
)


def _watched_steps(*steps: tuple[str, str, str]) -> tuple[BookLine, ...]:
    """The published 'watch several steps' output: four lines per step, the first '-----'."""
    lines: list[BookLine] = []
    for index, (weight, error_prediction, deltas) in enumerate(steps):
        lines += [
            BookLine("-----", (), line=len(lines)),
            BookLine(weight, (f"weight[{index}]",), line=len(lines) + 1),
            BookLine(
                error_prediction, (f"error[{index}]", f"prediction[{index}]"), line=len(lines) + 2
            ),
            BookLine(deltas, (f"delta[{index}]", f"weight_delta[{index}]"), line=len(lines) + 3),
        ]
    return tuple(lines)


WATCHED_STEPS = _watched_steps(
    ("Weight:0.0", "Error:0.64 Prediction:0.0", "Delta:-0.8 Weight Delta:-0.88"),
    ("Weight:0.88", "Error:0.028224 Prediction:0.968", "Delta:0.168 Weight Delta:0.1848"),
    (
        "Weight:0.6952",
        "Error:0.0012446784 Prediction:0.76472",
        "Delta:-0.03528 Weight Delta:-0.038808",
    ),
    (
        "Weight:0.734008",
        "Error:5.489031744e-05 Prediction:0.8074088",
        "Delta:0.0074088 Weight Delta:0.00814968",
    ),
)

LISTINGS = (
    Listing(
        "ch04/error-measure",
        "Measure the error of one prediction",
        "Compare: Does our network make good predictions?",
        editions(
            SOURCES,
            {"weight": 0.5, "input": 0.5, "goal_prediction": 0.8},
            prints_error,
            book=(BookLine("It should print 0.3025:", ("error",)),),
            meap=Differences(book=(BookLine('It should print "0.16".', ("error",)),)),
        ),
    ),
    Listing(
        "ch04/hot-cold-one-step",
        "Hot and cold learning, one step",
        "Hot and Cold Learning steps 1-5",
        editions(
            SOURCES,
            {"weight": 0.1, "lr": 0.01, "input": 8.5, "goal_prediction": 1},
            prints_three_errors,
            book=(BookLine("the new error is only 0.004", ("new_error",)),),
            meap=Differences(
                printout=prints_nothing,
                book=(BookLine("The new error is only 0.004", ("new_error",)),),
            ),
        ),
    ),
    Listing(
        "ch04/hot-and-cold-learning",
        "Hot and cold learning",
        "Hot and Cold Learning",
        editions(
            SOURCES,
            {
                "weight": 0.5,
                "input": 0.5,
                "goal_prediction": 0.8,
                "step_amount": 0.001,
                "iterations": 1101,
            },
            prints_error_and_prediction,
            book=_steps(
                (0, "Error:0.3025 Prediction:0.25"),
                (1, "Error:0.30195025 Prediction:0.2505"),
                (1099, "Error:2.50000000033e-07 Prediction:0.7995"),
                (1100, "Error:1.07995057925e-27 Prediction:0.8"),
            ),
        ),
    ),
    Listing(
        "ch04/hot-and-cold-overshoot",
        "Hot and cold learning with steps too large (0.2, then 10)",
        "Characteristics of Hot and Cold Learning",
        editions(
            SOURCES,
            {
                "weight": 0.5,
                "input": 0.5,
                "goal_prediction": 0.8,
                "step_amounts": [0.2, 10],
                "iterations": 1101,
            },
            prints_each_case,
            book=tuple(
                BookLine(
                    text,
                    (f"cases[1].error[{step}]", f"cases[1].prediction[{step}]"),
                    line=1101 + step,
                )
                for step, text in enumerate(
                    ["Error:0.3025 Prediction:0.25", "Error:19.8025 Prediction:5.25"] * 2
                    + ["Error:0.3025 Prediction:0.25"]
                )
            ),
        ),
    ),
    Listing(
        "ch04/direction-and-amount",
        "Gradient descent: direction and amount from the pure error",
        "Calculating Both direction and amount from error",
        editions(SOURCES, GOAL_0_8, prints_error_and_prediction, book=CONVERGING_STEPS),
    ),
    Listing(
        "ch04/one-step-gradient-descent",
        "One iteration of gradient descent",
        "One Iteration of Gradient Descent",
        editions(
            SOURCES,
            {"weight": 0.1, "alpha": 0.01, "input": 8.5, "goal_prediction": 1},
            prints_nothing,
            book=(BookLine("the network's prediction was 0.85", ("prediction",)),),
            meap=Differences(
                book=(
                    # Chapter 5 recaps this step beside its multi-input version.
                    BookLine("8.5 * -0.15 = -1.25", ("params.input", "delta", "weight_delta")),
                    BookLine("our network's prediction was 0.85", ("prediction",)),
                )
            ),
        ),
    ),
    Listing(
        "ch04/learning-is-reducing-error",
        "Learning is just reducing error",
        "Learning Is Just Reducing Error",
        editions(
            SOURCES,
            {"weight": 0.0, "goal_prediction": 0.8, "input": 0.5, "iterations": 4},
            prints_error_and_prediction,
            meap=Differences(params=GOAL_0_8),
        ),
    ),
    Listing(
        "ch04/watch-several-steps",
        "Several steps of learning, overshooting and returning",
        "Let's Watch Several Steps of Learning",
        editions(
            SOURCES,
            {"weight": 0.0, "goal_prediction": 0.8, "input": 1.1, "iterations": 4},
            prints_weight_error_delta,
            book=WATCHED_STEPS,
            meap=Differences(printout=prints_error_and_prediction, book=()),
        ),
    ),
    Listing(
        "ch04/breaking-gradient-descent",
        "Breaking gradient descent: a large input diverges",
        "Breaking Gradient Descent",
        editions(
            SOURCES,
            {**GOAL_0_8, "input": 2},
            prints_error_and_prediction,
            book=_steps(
                (0, "Error:0.04 Prediction:1.0"),
                (1, "Error:0.36 Prediction:0.2"),
                (2, "Error:3.24 Prediction:2.6"),
                (17, "Error:6.67087267987e+14 Prediction:-25828031.8"),
                (18, "Error:6.00378541188e+15 Prediction:77484098.6"),
                (19, "Error:5.40340687069e+16 Prediction:-232452292.6"),
            ),
        ),
    ),
    Listing(
        "ch04/alpha",
        "Alpha tames the divergence",
        "Alpha In Code",
        editions(
            SOURCES,
            {**GOAL_0_8, "input": 2, "alpha": 0.1},
            prints_error_and_prediction,
            book=_steps(
                (0, "Error:0.04 Prediction:1.0"),
                (1, "Error:0.0144 Prediction:0.92"),
                (2, "Error:0.005184 Prediction:0.872"),
                (17, "Error:1.14604719983e-09 Prediction:0.800033853319"),
                (18, "Error:4.12576991939e-10 Prediction:0.800020311991"),
                (19, "Error:1.48527717099e-10 Prediction:0.800012187195"),
            ),
        ),
    ),
)
