"""Pictures: a listing's curves from its golden, with a reader's numbers over them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from grokking_spec.ch08_trace import TEST_IMAGES, TRAIN_IMAGES
from grokking_spec.grading.align import align
from grokking_spec.grading.expected import Expectation, expectation
from grokking_spec.grading.sources import Capture

PLOT_EXTRA = "plotting needs matplotlib: pip install 'grokking-spec[plot]'"

Curve = tuple[str, list[float], list[float]]


class PlotError(ValueError):
    """matplotlib missing, or a listing with nothing to draw (one line)."""


def _chapter_8_panels(trace: dict[str, Any]) -> dict[str, list[Curve]]:
    """Accuracy and error per iteration: training every iteration, test when evaluated."""
    train = list(range(len(trace["train_error"])))
    tested = [float(i) for i in trace["test_iteration"]]
    return {
        "accuracy": [
            (
                "train",
                [float(i) for i in train],
                [c / TRAIN_IMAGES for c in trace["train_correct"]],
            ),
            ("test", tested, [c / TEST_IMAGES for c in trace["test_correct"]]),
        ],
        "error": [
            ("train", [float(i) for i in train], [e / TRAIN_IMAGES for e in trace["train_error"]]),
            ("test", tested, [e / TEST_IMAGES for e in trace["test_error"]]),
        ],
    }


def _printed_panels(expect: Expectation) -> dict[str, list[Curve]]:
    """One panel per printed field, its values against the iteration (or print order)."""
    series: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for number in expect.numbers:
        if "iteration" in number.field:
            continue
        xs, ys = series[number.field]
        xs.append(float(number.iteration if number.iteration is not None else len(xs)))
        ys.append(float(number.value))
    return {name: [("book", xs, ys)] for name, (xs, ys) in series.items() if len(xs) > 1}


def _reader_points(expect: Expectation, capture: Capture) -> dict[str, list[tuple[float, float]]]:
    """The reader's numbers, placed at the iteration of the golden number each was held to."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for number, expected in align(expect, capture.lines).pairs:
        if expected.iteration is None or "iteration" in expected.field:
            continue
        name = expected.field
        if expect.listing.chapter == 8:
            kind = "accuracy" if "correct" in name else "error"
            name = f"{kind}:{name.split('_')[0]}"
        points[name].append((float(expected.iteration), number.value))
    return points


def plot_listing(
    listing_id: str, variant: str, output: str, against: Capture | None = None
) -> Path:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError(PLOT_EXTRA) from None
    expect = expectation(listing_id, variant)
    chapter_8 = expect.listing.chapter == 8
    panels = _chapter_8_panels(expect.golden["trace"]) if chapter_8 else _printed_panels(expect)
    if not panels:
        raise PlotError(f"{listing_id} ({variant}) prints no series to draw")
    reader = _reader_points(expect, against) if against is not None else {}
    figure, axes = plt.subplots(len(panels), 1, figsize=(8, 3.2 * len(panels)), squeeze=False)
    for axis, (name, curves) in zip(axes[:, 0], panels.items(), strict=True):
        for label, xs, ys in curves:
            axis.plot(xs, ys, label=f"{label} {name} (golden)" if chapter_8 else "golden")
        for key, values in reader.items():
            kind, _, part = key.partition(":")
            if (chapter_8 and kind == name) or (not chapter_8 and key == name):
                axis.plot(
                    [x for x, _ in values],
                    [y for _, y in values],
                    "x",
                    label=f"{part} {name} (your run)" if chapter_8 else "your run",
                )
        axis.set_xlabel("iteration")
        axis.set_ylabel(name)
        positive = all(y > 0 for _, _, ys in curves for y in ys)
        spread = [y for _, _, ys in curves for y in ys]
        if not chapter_8 and positive and max(spread) > 1000 * min(spread):
            axis.set_yscale("log")
        axis.grid(alpha=0.3)
        axis.legend(loc="best", fontsize="small")
    figure.suptitle(f"{listing_id} ({variant})\n{expect.listing.title}", fontsize="medium")
    figure.tight_layout()
    path = Path(output)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
