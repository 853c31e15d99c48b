"""Chapter 3 listings: forward propagation.

The meap code prints only where it says ``print``; the published code prints ``pred``.
"""

from __future__ import annotations

from grokking_spec.catalog.editions import Differences, Sources, editions, meap_seed
from grokking_spec.listing import BookLine, Listing, prints_nothing
from grokking_spec.printouts.ch03 import (
    prints_numpy_primer,
    prints_prediction,
    prints_prediction_array,
)

SOURCES = Sources(
    meap=meap_seed(3),
    published="published 2019 edition: the meap code, Python 3, with print(pred)",
)

#: The four games' statistics the book's networks predict from (chapter 5 reuses them).
GAME_STATS = {
    "toes": [8.5, 9.5, 9.9, 9.0],
    "wlrec": [0.65, 0.8, 0.8, 0.9],
    "nfans": [1.2, 1.3, 0.5, 1.0],
}
GAME_DATA = {**GAME_STATS, "game": 0}

#: The weights of the networks predicting hurt, win and sad from one input (the win/loss
#: record) and from all three statistics; chapter 5 trains both.
WLREC_TO_HURT_WIN_SAD = [0.3, 0.2, 0.9]
GAME_TO_HURT_WIN_SAD = [[0.1, 0.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]]

WEIGHTED_SUM = {"weights": [0.1, 0.2, 0], **GAME_DATA}
PRINTS_0_98 = (BookLine("0.98", ("prediction",), line=0),)

SIMILARITY = {
    "vectors": {
        "a": [0, 1, 0, 1],
        "b": [1, 0, 1, 0],
        "c": [0, 1, 1, 0],
        "d": [0.5, 0, 0.5, 0],
        "e": [-1, 1, 0, 0],
    },
    # The six pairs the listing prints, then the two the prose goes on to score: c with d
    # ("only 0.5") and e with itself ("would yield the number 2").
    "pairs": [
        ["a", "b"],
        ["b", "c"],
        ["b", "d"],
        ["c", "c"],
        ["d", "d"],
        ["c", "e"],
        ["c", "d"],
        ["e", "e"],
    ],
}
SIMILARITY_SCORES = (
    "w_sum(a,b) = 0",
    "w_sum(b,c) = 1",
    "w_sum(b,d) = 1",
    "w_sum(c,c) = 2",
    "w_sum(d,d) = .5",
    "w_sum(c,e) = 0",
    "the final score is only 0.5",
    "would yield the number 2",
)

MULTIPLE_OUTPUTS = {"weights": WLREC_TO_HURT_WIN_SAD, "wlrec": GAME_STATS["wlrec"], "game": 0}

# The list and the numpy version of a listing share their numbers.
STACKED = {
    "input_to_hidden": [[0.1, 0.2, -0.1], [-0.1, 0.1, 0.9], [0.1, 0.4, 0.1]],
    "hidden_to_prediction": [[0.3, 1.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]],
    **GAME_DATA,
}

LISTINGS = (
    Listing(
        "ch03/single-weight",
        "A single weight makes a prediction",
        "What is a Neural Network?",
        editions(
            SOURCES,
            {"weight": 0.1, "number_of_toes": [8.5, 9.5, 10, 9], "game": 0},
            prints_prediction,
            meap=Differences(
                printout=prints_nothing,
                book=(
                    BookLine("It should be 0.85", ("prediction",)),
                    # The next section's recap of the same network names another input.
                    BookLine("in this case, 0.5", ("input",)),
                ),
            ),
        ),
    ),
    Listing(
        "ch03/multiple-inputs",
        "A weighted sum of multiple inputs (lists)",
        "Multiple Inputs - Complete Runnable Code (Previous Code)",
        editions(SOURCES, WEIGHTED_SUM, prints_prediction, meap=Differences(book=PRINTS_0_98)),
    ),
    Listing(
        "ch03/multiple-inputs-numpy",
        "A weighted sum of multiple inputs (numpy dot)",
        "Multiple Inputs - Complete Runnable Code (Numpy Code)",
        editions(SOURCES, WEIGHTED_SUM, prints_prediction, meap=Differences(book=PRINTS_0_98)),
    ),
    Listing(
        "ch03/dot-product-similarity",
        "The dot product as a similarity score",
        "Multiple Inputs - What does this Neural Network do?",
        editions(
            SOURCES,
            SIMILARITY,
            meap=Differences(
                book=tuple(
                    BookLine(text, (f"score[{index}]",))
                    for index, text in enumerate(SIMILARITY_SCORES)
                )
            ),
        ),
    ),
    Listing(
        "ch03/multiple-outputs",
        "One input, three predictions (elementwise multiplication)",
        "Making a Prediction with Multiple Outputs",
        editions(
            SOURCES,
            MULTIPLE_OUTPUTS,
            prints_prediction,
            meap=Differences(
                params={**MULTIPLE_OUTPUTS, "wlrec": [0.9, 0.8, 0.8, 0.9]},
                printout=prints_nothing,
                book=(
                    BookLine(
                        "( 0.65 * 0.3 ) |         | = 0.195",
                        ("input", "params.weights[0]", "prediction[0]"),
                    ),
                    BookLine(
                        "( 0.65 * 0.2 ) |         | = 0.13",
                        ("input", "params.weights[1]", "prediction[1]"),
                    ),
                    BookLine(
                        "( 1.20 * 0.9 ) |         | = 0.585",
                        ("input", "params.weights[2]", "prediction[2]"),
                    ),
                ),
            ),
        ),
    ),
    Listing(
        "ch03/multiple-inputs-outputs",
        "Three inputs, three outputs (vector-matrix multiplication)",
        "Predicting with Multiple Inputs & Outputs",
        editions(
            SOURCES,
            {"weights": GAME_TO_HURT_WIN_SAD, **GAME_DATA},
            prints_prediction,
            meap=Differences(
                printout=prints_nothing,
                book=(
                    BookLine(
                        "(1.2 * -0.3) = 0.555 = hurt prediction",
                        ("input[2]", "params.weights[0][2]", "prediction[0]"),
                    ),
                    BookLine(
                        "(1.2 * 0.0) = 0.98 = win prediction",
                        ("input[2]", "params.weights[1][2]", "prediction[1]"),
                    ),
                    BookLine(
                        "(1.2 * 0.1) = 0.965 = sad prediction",
                        ("input[2]", "params.weights[2][2]", "prediction[2]"),
                    ),
                ),
            ),
        ),
    ),
    Listing(
        "ch03/predicting-on-predictions",
        "Stacked networks: a hidden layer (lists)",
        "Predicting on Predictions",
        editions(SOURCES, STACKED, prints_prediction, meap=Differences(printout=prints_nothing)),
    ),
    Listing(
        "ch03/predicting-on-predictions-numpy",
        "Stacked networks: a hidden layer (numpy, transposed weights)",
        "Numpy Version",
        editions(SOURCES, STACKED, prints_prediction_array),
    ),
    Listing(
        "ch03/numpy-primer",
        "A quick primer on numpy: arrays, broadcasting, dot shapes",
        "A Quick Primer on Numpy",
        editions(
            SOURCES,
            {},
            prints_numpy_primer,
            meap=Differences(
                book=(
                    BookLine("[0 1 2 3]", ("a",), line=0),
                    BookLine("[4 5 6 7]", ("b",), line=1),
                    BookLine("[[0 1 2 3]", ("c[0]",), line=2),
                    BookLine(" [4 5 6 7]]", ("c[1]",), line=3),
                    BookLine("[[ 0.  0.  0.  0.]", ("d[0]",), line=4),
                    BookLine(" [ 0.  0.  0.  0.]]", ("d[1]",), line=5),
                    BookLine("(1,3)", ("dot_shapes[0]",), line=14),
                    BookLine("print c.shape # outputs (2,3)", ("dot_shapes[1]",)),
                    BookLine("print g.shape # outputs (2,3)", ("dot_shapes[2]",)),
                    BookLine("print j.shape # outputs (4,6)", ("dot_shapes[3]",)),
                )
            ),
        ),
    ),
)
