"""Chapter 6 listings: the streetlight problem, a first deep network, backpropagation.

No published chapter 6 text is at hand, so only the meap variants have book lines.
"""

from __future__ import annotations

from grokking_spec.catalog.editions import (
    MEAP_CODE_IN_PYTHON_3,
    Differences,
    Sources,
    editions,
    meap_seed,
)
from grokking_spec.listing import BookLine, Listing
from grokking_spec.printouts.ch04 import prints_error_and_prediction
from grokking_spec.printouts.ch06 import (
    prints_elementwise,
    prints_every_tenth_error,
    prints_predictions_then_error,
)

SOURCES = Sources(meap=meap_seed(6), published=MEAP_CODE_IN_PYTHON_3)

STREETLIGHT = {
    "weights": [0.5, 0.48, -0.7],
    "alpha": 0.1,
    "streetlights": [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]],
    "walk_vs_stop": [0, 1, 0, 1, 1, 0],
}
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
        editions(SOURCES, {**STREETLIGHT, "row": 0, "iterations": 20}, prints_error_and_prediction),
    ),
    Listing(
        "ch06/numpy-elementwise",
        "Elementwise arithmetic on numpy vectors",
        "Building Our Neural Network",
        editions(
            SOURCES, {"a": [0, 1, 2, 1], "b": [2, 2, 2, 3], "scalar": 0.5}, prints_elementwise
        ),
    ),
    Listing(
        "ch06/streetlight-full-dataset",
        "Stochastic gradient descent over the whole streetlight dataset",
        "Learning the whole dataset!",
        editions(
            SOURCES,
            {**STREETLIGHT, "iterations": 40},
            prints_predictions_then_error,
            meap=Differences(
                book=tuple(
                    BookLine(text, (f"error_for_all_lights[{iteration}]",), line=8 * iteration + 6)
                    for iteration, text in (
                        (0, "Error:2.6561231104"),
                        (1, "Error:0.962870177672"),
                        (38, "Error:0.000614343567483"),
                        (39, "Error:0.000533736773285"),
                    )
                )
            ),
        ),
    ),
    Listing(
        "ch06/deep-forward",
        "Forward propagation through a seeded three-layer network",
        'Our First "Deep" Neural Network',
        editions(SOURCES, DEEP_FORWARD),
    ),
    Listing(
        "ch06/backpropagation",
        "Training the three-layer network with backpropagation",
        "Backpropagation in Code / Putting it all together",
        editions(
            SOURCES,
            BACKPROPAGATION,
            prints_every_tenth_error,
            meap=Differences(book=BACKPROPAGATION_ERRORS),
            meap_as_printed=Differences(
                params={**BACKPROPAGATION, "updates_per_example": False},
                source=(
                    SOURCES.meap + ", 'Putting it all together' run as printed: the deltas "
                    "and both weight updates after the example loop"
                ),
            ),
        ),
    ),
    Listing(
        "ch06/backprop-one-iteration",
        "One iteration of backpropagation, every intermediate value",
        "One Iteration of Backpropagation",
        editions(
            SOURCES,
            {
                "seed": 1,
                "hidden_size": 3,
                "alpha": 0.2,
                "lights": DEEP_STREETLIGHTS,
                "walk_stop": DEEP_WALK_VS_STOP,
                "row": 0,
            },
            meap=Differences(
                source=SOURCES.meap + "; steps 3-4 are figures without code, computed as published"
            ),
        ),
    ),
)
