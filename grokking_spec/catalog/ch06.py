"""Chapter 6 listings: the streetlight problem, a first deep network, backpropagation."""

from __future__ import annotations

from typing import Any

from grokking_spec.listing import (
    BookLine,
    Listing,
    Printout,
    Trace,
    Variant,
    prints_nothing,
)
from grokking_spec.pyformat import Edition

SEED_MEAP = "seed 000 (MEAP v6), chapter 6"
SEED_PUBLISHED = "published 2019 edition: the meap code, Python 3, with the catalog's differences"
SEED_AS_PRINTED = (
    "seed 000 (MEAP v6), chapter 6, 'Putting it all together' run as printed: the deltas "
    "and both weight updates after the example loop"
)


def prints_error_and_prediction(trace: Trace, edition: Edition) -> list[str]:
    """One ``Error:... Prediction:...`` line per iteration."""
    return [
        "Error:" + edition.format(error) + " Prediction:" + edition.format(prediction)
        for error, prediction in zip(trace["error"], trace["prediction"], strict=True)
    ]


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


def _both(
    params: dict[str, Any],
    printout: Printout = prints_nothing,
    meap_book: tuple[BookLine, ...] = (),
    meap_source: str = SEED_MEAP,
) -> tuple[Variant, Variant]:
    """No published chapter 6 text is at hand, so only the meap variant has book lines.

    Every field is exact, by measurement: lists matches the reference bit for bit (signed
    zeros too) on every chapter 5-7 listing with numpy 2.4.6 (OpenBLAS 0.3.31) and numpy
    1.26.4 (OpenBLAS 0.3.23), under the Haswell, Zen, SkylakeX, Cooperlake, Sandybridge and
    Nehalem kernels (OPENBLAS_CORETYPE), and both numpy versions write byte-identical
    goldens. Only OpenBLAS's pre-AVX kernels (Prescott, Core2, Barcelona) sum the 1-D dot
    of the row [1, 1, 1] in another order: streetlight-full-dataset then moves by up to
    2.2e-16 (1.1e-13 relative), which no tolerance here covers.
    """
    return (
        Variant("meap", params, meap_source, printout, meap_book),
        Variant("published", params, SEED_PUBLISHED, printout),
    )


STREETLIGHTS = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]]
WALK_VS_STOP = [0, 1, 0, 1, 1, 0]
DEEP_STREETLIGHTS = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]]
DEEP_WALK_VS_STOP = [1, 1, 0, 0]

DEEP_FORWARD = {"seed": 1, "hidden_size": 4, "streetlights": DEEP_STREETLIGHTS, "row": 0}

BACKPROPAGATION = {
    "seed": 1,
    "hidden_size": 4,
    "alpha": 0.2,
    "iterations": 60,
    "streetlights": DEEP_STREETLIGHTS,
    "walk_vs_stop": DEEP_WALK_VS_STOP,
    "updates_per_example": True,
}

BACKPROPAGATION_ERRORS = tuple(
    BookLine(text, (f"error[{10 * line + 9}]",), line=line)
    for line, text in enumerate(
        (
            "Error:0.634231159844",
            "Error:0.358384076763",
            "Error:0.0830183113303",
            "Error:0.0064670549571",
            "Error:0.000329266900075",
            "Error:1.50556226651e-05",
        )
    )
)

LISTINGS = (
    Listing(
        "ch06/streetlight-one-example",
        "Gradient descent on the first streetlight",
        "Building Our Neural Network",
        _both(
            {
                "weights": [0.5, 0.48, -0.7],
                "alpha": 0.1,
                "streetlights": STREETLIGHTS,
                "walk_vs_stop": WALK_VS_STOP,
                "row": 0,
                "iterations": 20,
            },
            prints_error_and_prediction,
        ),
    ),
    Listing(
        "ch06/numpy-elementwise",
        "Elementwise arithmetic on numpy vectors",
        "Building Our Neural Network",
        _both({"a": [0, 1, 2, 1], "b": [2, 2, 2, 3], "scalar": 0.5}, prints_elementwise),
    ),
    Listing(
        "ch06/streetlight-full-dataset",
        "Stochastic gradient descent over the whole streetlight dataset",
        "Learning the whole dataset!",
        _both(
            {
                "weights": [0.5, 0.48, -0.7],
                "alpha": 0.1,
                "streetlights": STREETLIGHTS,
                "walk_vs_stop": WALK_VS_STOP,
                "iterations": 40,
            },
            prints_predictions_then_error,
            meap_book=tuple(
                BookLine(text, (f"error_for_all_lights[{iteration}]",), line=8 * iteration + 6)
                for iteration, text in (
                    (0, "Error:2.6561231104"),
                    (1, "Error:0.962870177672"),
                    (38, "Error:0.000614343567483"),
                    (39, "Error:0.000533736773285"),
                )
            ),
        ),
    ),
    Listing(
        "ch06/deep-forward",
        "Forward propagation through a seeded three-layer network",
        'Our First "Deep" Neural Network',
        _both(DEEP_FORWARD),
    ),
    Listing(
        "ch06/backpropagation",
        "Training the three-layer network with backpropagation",
        "Backpropagation in Code / Putting it all together",
        (
            *_both(BACKPROPAGATION, prints_every_tenth_error, meap_book=BACKPROPAGATION_ERRORS),
            Variant(
                "meap-as-printed",
                {**BACKPROPAGATION, "updates_per_example": False},
                SEED_AS_PRINTED,
                prints_every_tenth_error,
                BACKPROPAGATION_ERRORS,
            ),
        ),
    ),
    Listing(
        "ch06/backprop-one-iteration",
        "One iteration of backpropagation, every intermediate value",
        "One Iteration of Backpropagation",
        _both(
            {
                "seed": 1,
                "hidden_size": 3,
                "alpha": 0.2,
                "lights": DEEP_STREETLIGHTS,
                "walk_stop": DEEP_WALK_VS_STOP,
                "row": 0,
            },
            meap_source=SEED_MEAP + "; steps 3-4 are figures without code, computed as published",
        ),
    ),
)
