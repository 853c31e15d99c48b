"""Chapter 3 listings: forward propagation."""

from __future__ import annotations

from grokking_spec.listing import BookLine, Listing, Trace, Variant, prints_nothing
from grokking_spec.pyformat import Edition

SEED_MEAP = "seed 000 (MEAP v6), chapter 3"
SEED_PUBLISHED = "published 2019 edition: the meap code, Python 3, with print(pred)"


def prints_prediction(trace: Trace, edition: Edition) -> list[str]:
    """``print(pred)`` of a Python number or list."""
    return [edition.format(trace["prediction"])]


def prints_prediction_array(trace: Trace, edition: Edition) -> list[str]:
    """``print(pred)`` of a numpy array."""
    return edition.array(trace["prediction"])


def prints_numpy_primer(trace: Trace, edition: Edition) -> list[str]:
    """The primer's four blocks; a raised error prints its type and ends its block.

    ``print(e)`` of the unseeded random matrix is left out: no seed can reproduce it.
    """
    lines: list[str] = []
    for name in ("a", "b", "c", "d"):
        lines += edition.array(trace[name])
    for name in ("a_times_0_1", "c_times_0_2", "a_times_b", "a_times_b_times_0_2", "a_times_c"):
        lines += edition.array(trace[name])
    lines.append(trace["a_times_e_raises"])
    lines += [edition.format(tuple(shape)) for shape in trace["dot_shapes"]]
    lines.append(trace["misaligned_dot_raises"])
    return lines


def _meap_and_published(
    params: dict[str, object],
    book: tuple[BookLine, ...] = (),
    meap_prints: bool = False,
    array: bool = False,
    published_params: dict[str, object] | None = None,
) -> tuple[Variant, Variant]:
    """The meap code prints only where it says ``print``; the published code prints pred."""
    printout = prints_prediction_array if array else prints_prediction
    meap_printout = printout if meap_prints else prints_nothing
    meap = Variant("meap", params, SEED_MEAP, printout=meap_printout, book=book)
    published = Variant("published", published_params or params, SEED_PUBLISHED, printout=printout)
    return meap, published


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

GAME_DATA = {
    "toes": [8.5, 9.5, 9.9, 9.0],
    "wlrec": [0.65, 0.8, 0.8, 0.9],
    "nfans": [1.2, 1.3, 0.5, 1.0],
    "game": 0,
}

# The list and the numpy version of a listing share their numbers.
STACKED = {
    "input_to_hidden": [[0.1, 0.2, -0.1], [-0.1, 0.1, 0.9], [0.1, 0.4, 0.1]],
    "hidden_to_prediction": [[0.3, 1.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]],
    **GAME_DATA,
}
PRINTS_0_98 = (BookLine("0.98", ("prediction",), line=0),)

LISTINGS = (
    Listing(
        "ch03/single-weight",
        "A single weight makes a prediction",
        "What is a Neural Network?",
        _meap_and_published(
            {"weight": 0.1, "number_of_toes": [8.5, 9.5, 10, 9], "game": 0},
            book=(
                BookLine("It should be 0.85", ("prediction",)),
                # The next section's recap of the same network names another input.
                BookLine("in this case, 0.5", ("input",)),
            ),
        ),
    ),
    Listing(
        "ch03/multiple-inputs",
        "A weighted sum of multiple inputs (lists)",
        "Multiple Inputs - Complete Runnable Code (Previous Code)",
        _meap_and_published(
            {"weights": [0.1, 0.2, 0], **GAME_DATA},
            book=PRINTS_0_98,
            meap_prints=True,
        ),
    ),
    Listing(
        "ch03/multiple-inputs-numpy",
        "A weighted sum of multiple inputs (numpy dot)",
        "Multiple Inputs - Complete Runnable Code (Numpy Code)",
        _meap_and_published(
            {"weights": [0.1, 0.2, 0], **GAME_DATA},
            book=PRINTS_0_98,
            meap_prints=True,
        ),
    ),
    Listing(
        "ch03/dot-product-similarity",
        "The dot product as a similarity score",
        "Multiple Inputs - What does this Neural Network do?",
        tuple(
            Variant(name, SIMILARITY, source, book=book)
            for name, source, book in (
                (
                    "meap",
                    SEED_MEAP,
                    tuple(
                        BookLine(text, (f"score[{index}]",))
                        for index, text in enumerate(
                            (
                                "w_sum(a,b) = 0",
                                "w_sum(b,c) = 1",
                                "w_sum(b,d) = 1",
                                "w_sum(c,c) = 2",
                                "w_sum(d,d) = .5",
                                "w_sum(c,e) = 0",
                                "the final score is only 0.5",
                                "would yield the number 2",
                            )
                        )
                    ),
                ),
                ("published", SEED_PUBLISHED, ()),
            )
        ),
    ),
    Listing(
        "ch03/multiple-outputs",
        "One input, three predictions (elementwise multiplication)",
        "Making a Prediction with Multiple Outputs",
        _meap_and_published(
            {"weights": [0.3, 0.2, 0.9], "wlrec": [0.9, 0.8, 0.8, 0.9], "game": 0},
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
            published_params={
                "weights": [0.3, 0.2, 0.9],
                "wlrec": [0.65, 0.8, 0.8, 0.9],
                "game": 0,
            },
        ),
    ),
    Listing(
        "ch03/multiple-inputs-outputs",
        "Three inputs, three outputs (vector-matrix multiplication)",
        "Predicting with Multiple Inputs & Outputs",
        _meap_and_published(
            {
                "weights": [[0.1, 0.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]],
                **GAME_DATA,
            },
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
    Listing(
        "ch03/predicting-on-predictions",
        "Stacked networks: a hidden layer (lists)",
        "Predicting on Predictions",
        _meap_and_published(STACKED),
    ),
    Listing(
        "ch03/predicting-on-predictions-numpy",
        "Stacked networks: a hidden layer (numpy, transposed weights)",
        "Numpy Version",
        _meap_and_published(
            STACKED,
            meap_prints=True,
            array=True,
        ),
    ),
    Listing(
        "ch03/numpy-primer",
        "A quick primer on numpy: arrays, broadcasting, dot shapes",
        "A Quick Primer on Numpy",
        (
            Variant(
                "meap",
                {},
                SEED_MEAP,
                printout=prints_numpy_primer,
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
                ),
            ),
            Variant("published", {}, SEED_PUBLISHED, printout=prints_numpy_primer),
        ),
    ),
)
