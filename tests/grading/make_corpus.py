"""Write the grading corpus: reader-style outputs with the verdict each should get.

Run ``python tests/grading/make_corpus.py`` to rewrite ``tests/grading/corpus/``. Each entry
is what a reader's own script printed: the small listings are recomputed here the way a
reader retypes them (own code, own labels and formats, sometimes a slip); chapter 6 and 8
outputs are the golden printout reformatted as a reader's print statements would (no
retraining). ``expected.yml`` lists, per file, the segments ``grade`` must find.
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import yaml

from grokking_spec.catalog import get_listing
from grokking_spec.golden import golden_path, load_golden

HERE = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, object]] = {}


def golden_lines(listing_id: str, variant: str = "published") -> list[str]:
    listing = get_listing(listing_id)
    chosen = listing.variant(variant)
    golden = load_golden(golden_path(listing, chosen))
    return chosen.printout(golden["trace"], chosen.edition)


def capture(function: Callable[[], None]) -> str:
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        function()
    return buffer.getvalue()


def entry(
    name: str, kind: str, text: str, segments: list[tuple[str | None, str]], **extra: object
) -> None:
    (HERE / f"{name}.txt").write_text(text, encoding="utf-8")
    EXPECTED[f"{name}.txt"] = {
        "variation": kind,
        "segments": [{"listing": listing, "verdict": verdict} for listing, verdict in segments],
        **extra,
    }


# --- chapter 4: reader retypes of the single-weight loops -------------------------------


def hot_and_cold(fmt: str, slip: bool = False, step: float = 0.001) -> Callable[[], None]:
    def run() -> None:
        weight, inp, goal = 0.5, 0.5, 0.8
        for _ in range(1101):
            prediction = inp * weight
            error = (prediction - goal) ** 2
            print(fmt.format(error=error, prediction=prediction))
            up_error = (goal - inp * (weight + step)) ** 2
            # the slip: weight + step_amount where the book subtracts
            down_error = (goal - inp * ((weight + step) if slip else (weight - step))) ** 2
            if down_error < up_error:
                weight = weight - step
            if down_error > up_error:
                weight = weight + step

    return run


def gradient_descent(
    line: Callable[[int, float, float, float], str],
    weight: float = 0.5,
    inp: float = 0.5,
    goal: float = 0.8,
    iterations: int = 20,
    alpha: float | None = None,
    every: int = 1,
    final_only: bool = False,
) -> Callable[[], None]:
    def run() -> None:
        w = weight
        for iteration in range(iterations):
            prediction = inp * w
            error = (prediction - goal) ** 2
            text = line(iteration, error, prediction, w)
            if not final_only and iteration % every == 0:
                print(text)
            direction_and_amount = (prediction - goal) * inp
            w = w - (alpha * direction_and_amount if alpha is not None else direction_and_amount)
        if final_only:
            print(text)

    return run


def book_line(iteration: int, error: float, prediction: float, weight: float) -> str:
    return "Error:" + str(error) + " Prediction:" + str(prediction)


def py2_line(iteration: int, error: float, prediction: float, weight: float) -> str:
    return "Error:" + format(error, ".12g") + " Prediction:" + format(prediction, ".12g")


def make_chapter_4() -> None:
    hc = "ch04/hot-and-cold-learning"
    entry(
        "hc-3f",
        "rounding {:.3f}",
        capture(hot_and_cold("Error:{error:.3f} Prediction:{prediction:.3f}")),
        [(hc, "reproduces")],
        id=hc,
    )
    entry(
        "hc-slip",
        "a slip in the update",
        capture(hot_and_cold("Error:{error:.3f} Prediction:{prediction:.3f}", slip=True)),
        [(hc, "diverges")],
        id=hc,
        divergence={"line": 2, "field": "error", "iteration": 1},
    )
    entry(
        "hc-full-lower",
        "labels renamed, lower case",
        capture(hot_and_cold("error = {error}   prediction = {prediction}")),
        [(hc, "reproduces")],
    )
    entry(
        "hc-12-10f",
        "rounding {:12.10f}",
        capture(hot_and_cold("{error:12.10f} | {prediction:12.10f}")),
        [(hc, "reproduces")],
    )
    da = "ch04/direction-and-amount"
    entry(
        "da-book",
        "the book's own print",
        capture(gradient_descent(book_line)),
        [(da, "reproduces")],
    )
    entry(
        "da-reordered",
        "fields reordered",
        capture(gradient_descent(lambda i, e, p, w: f"Prediction: {p}  Error: {e}")),
        [(da, "reproduces")],
    )
    entry(
        "da-split",
        "fields split over lines",
        capture(gradient_descent(lambda i, e, p, w: f"error {e}\npred  {p}")),
        [(da, "reproduces")],
    )
    entry(
        "da-extra-fields",
        "extra fields (iteration, goal, weight)",
        capture(
            gradient_descent(lambda i, e, p, w: f"it {i} goal 0.8 weight {w} pred {p} err {e}")
        ),
        [(da, "reproduces")],
    )
    entry(
        "da-exponent",
        "exponent notation",
        capture(gradient_descent(lambda i, e, p, w: f"Error:{e:.6e} Prediction:{p:.6e}")),
        [(da, "reproduces")],
    )
    entry(
        "da-numpy",
        "numpy array printing",
        capture(gradient_descent(lambda i, e, p, w: f"Error:[{e:.8f}] Prediction:[{p:.8f}]")),
        [(da, "reproduces")],
    )
    entry(
        "da-only-error",
        "only the Error lines",
        capture(gradient_descent(lambda i, e, p, w: f"Error:{e}")),
        [(da, "reproduces")],
    )
    entry(
        "da-final-only",
        "only a final line",
        capture(gradient_descent(book_line, final_only=True)),
        [(da, "reproduces")],
        id=da,
    )
    entry(
        "da-every-5",
        "every fifth iteration",
        capture(gradient_descent(book_line, every=5)),
        [(da, "reproduces")],
        id=da,
    )
    entry(
        "da-fewer",
        "fewer iterations (stops early)",
        capture(gradient_descent(book_line, iterations=12)),
        [(da, "reproduces")],
        id=da,
    )
    entry(
        "da-more",
        "more iterations than the book",
        capture(gradient_descent(book_line, iterations=30)),
        [(da, "different-parameters")],
        id=da,
    )
    entry(
        "da-input-2",
        "another input from a sibling listing",
        capture(gradient_descent(book_line, inp=2)),
        [(da, "different-parameters")],
        id=da,
    )
    entry(
        "da-debug",
        "debug lines before, summary after",
        "loading... weight=0.5 input=0.5\nstarting 20 iterations\n"
        + capture(gradient_descent(book_line))
        + "done: final weight 1.59\n",
        [(da, "reproduces")],
    )

    def carriage() -> None:
        run = gradient_descent(lambda i, e, p, w: f"\rError:{e:.4f} Prediction:{p:.4f}")
        sys.stdout.write(capture(run).replace("\n", ""))
        print()

    entry(
        "da-carriage-return",
        "progress written with \\r (final line only)",
        capture(carriage),
        [(da, "reproduces")],
        id=da,
    )
    entry(
        "da-meap-py2",
        "the meap code run on Python 2",
        capture(gradient_descent(py2_line)),
        [(da, "reproduces")],
        id=da,
    )
    al = "ch04/alpha"
    entry(
        "alpha-3f",
        "rounding {:.3f}",
        capture(
            gradient_descent(
                lambda i, e, p, w: f"Error:{e:.3f} Prediction:{p:.3f}", inp=2, alpha=0.1
            )
        ),
        [(al, "reproduces")],
        id=al,
    )
    entry(
        "alpha-wrong-alpha",
        "a different alpha",
        capture(gradient_descent(book_line, inp=2, alpha=0.01)),
        [(al, "diverges")],
        id=al,
    )
    br = "ch04/breaking-gradient-descent"
    entry(
        "breaking-book",
        "the book's own print",
        capture(gradient_descent(book_line, inp=2)),
        [(br, "reproduces")],
    )

    def ulp_noise() -> None:
        for index, line in enumerate(golden_lines("ch04/watch-several-steps")):
            if line.startswith("Error:") and index == 6:
                error = float(line.split()[0].split(":")[1])
                line = "Error:" + repr(math.nextafter(error, 1.0)) + " " + line.split()[1]
            print(line)

    entry(
        "watch-ulp",
        "1-ULP platform noise",
        capture(ulp_noise),
        [("ch04/watch-several-steps", "reproduces")],
    )


# --- chapters 3 and 5 -------------------------------------------------------------------


def make_chapters_3_and_5() -> None:
    entry(
        "single-weight",
        "a bare result",
        "0.8500000000000001\n",
        [("ch03/single-weight", "reproduces")],
        id="ch03/single-weight",
    )
    entry(
        "multiple-outputs-list",
        "a list of results",
        "[0.195, 0.13, 0.5850000000000001]\n",
        [("ch03/multiple-outputs", "reproduces")],
    )
    entry(
        "pop-numpy-old",
        "numpy array printing (old numpy)",
        "[ 0.2135  0.145   0.5065]\n",
        [("ch03/predicting-on-predictions-numpy", "reproduces")],
        id="ch03/predicting-on-predictions-numpy",
    )
    three = "ch05/multiple-inputs-three-steps"

    def ch05() -> None:
        weights = [0.1, 0.2, -0.1]
        inputs, goal, alpha = [8.5, 0.65, 1.2], 1, 0.01
        for iteration in range(1, 4):
            pred = sum(i * w for i, w in zip(inputs, weights, strict=True))
            error = (pred - goal) ** 2
            delta = pred - goal
            deltas = [delta * i for i in inputs]
            print(f"--- iteration {iteration}: pred={pred:.4f} err={error:.6f} delta={delta:.4f}")
            print("   weights", [round(w, 5) for w in weights])
            print("   deltas ", [round(d, 5) for d in deltas])
            weights = [w - alpha * d for w, d in zip(weights, deltas, strict=True)]

    entry(
        "ch05-three-steps",
        "merged, renamed, rounded lists",
        capture(ch05),
        [(three, "reproduces")],
        id=three,
    )


# --- chapters 6 and 8: golden printouts as readers print them -----------------------------


def make_chapters_6_and_8() -> None:
    bp = "ch06/backpropagation"
    lines = golden_lines(bp)
    entry(
        "bp-4f",
        "rounding {:.4f}, renamed",
        "".join(f"err {float(line.split(':')[1]):.4f}\n" for line in lines),
        [(bp, "reproduces")],
    )
    entry(
        "bp-as-printed",
        "the meap code exactly as printed",
        "\n".join(golden_lines(bp, "meap-as-printed")) + "\n",
        [(bp, "diverges")],
        id=bp,
        variant="meap",
    )
    tl = "ch08/three-layer-mnist"
    published = golden_lines(tl)
    entry(
        "mnist-published",
        "the book's own print, \\r progress",
        "".join("\r" + line.split(" Test")[0] + "\r" + line + "\n" for line in published),
        [(tl, "reproduces")],
    )
    entry(
        "mnist-tail",
        "summary after, only the last three lines",
        "\n".join(published[-3:]) + "\nTraining finished in 93.4s\n",
        [(tl, "reproduces")],
        id=tl,
    )

    def reformatted(line: str) -> str:
        parts = dict(part.split(":") for part in line.split())
        return (
            f"iter {int(parts['I']):4d} | train acc {float(parts['Train-Acc']):.3f} "
            f"test acc {float(parts['Test-Acc']):.4f}"
        )

    entry(
        "mnist-reformatted",
        "fields dropped and reformatted",
        "\n".join(reformatted(line) for line in published) + "\n",
        [(tl, "reproduces")],
    )
    fewer = [*published[:10], published[9].replace("I:90", "I:99")]
    entry(
        "mnist-100-iterations",
        "fewer iterations (100): the final line",
        "\n".join(fewer) + "\n",
        [(tl, "different-parameters")],
        id=tl,
    )
    dropout = golden_lines("ch08/dropout")
    entry(
        "dropout-leading-blank",
        "leading blank line from write('\\n' + ...)",
        "".join("\n" + line for line in dropout) + "\n",
        [("ch08/dropout", "reproduces")],
    )
    batch = golden_lines("ch08/batch-gradient-descent", "meap")
    entry(
        "batch-meap",
        "the meap chapter 8 code",
        "\n".join(batch) + "\n",
        [("ch08/batch-gradient-descent", "reproduces")],
        id="ch08/batch-gradient-descent",
    )
    swapped = []
    for line in golden_lines("ch08/dropout", "meap"):
        parts = line.split()
        swapped.append(" ".join([parts[0], parts[3], parts[4], parts[1], parts[2]]))
    entry(
        "dropout-meap-reordered",
        "fields reordered (train before test)",
        "\n".join(swapped) + "\n",
        [("ch08/dropout", "reproduces")],
    )


def _pred_first(line: str) -> str:
    error, prediction = (float(part.split(":")[1]) for part in line.split())
    return f"pred={prediction:+.6f} err={error:.6f}\n"


def make_more_listings() -> None:
    one = "ch04/hot-cold-one-step"
    entry(
        "hot-cold-one-step-5f",
        "rounding {:.5f}, one labelled line",
        "error {:.5f}, up {:.5f}, down {:.5f}\n".format(*(float(x) for x in golden_lines(one))),
        [(one, "reproduces")],
        id=one,
    )
    street = "ch06/streetlight-one-example"
    entry(
        "streetlight-pred-first",
        "fields reordered, rounded",
        "".join(_pred_first(line) for line in golden_lines(street)),
        [(street, "reproduces")],
    )
    reducing = "ch04/learning-is-reducing-error"
    entry(
        "reducing-published",
        "the published print",
        "\n".join(golden_lines(reducing)) + "\n",
        [(reducing, "reproduces")],
        id=reducing,
    )
    outputs = "ch05/multiple-outputs"
    entry(
        "ch05-outputs-numpy",
        "numpy array printing of lists",
        "\n".join(line.replace(",", "").replace(":", ": ") for line in golden_lines(outputs))
        + "\n",
        [(outputs, "reproduces")],
        id=outputs,
    )
    elementwise = "ch06/numpy-elementwise"
    entry(
        "elementwise-published",
        "numpy arrays",
        "\n".join(golden_lines(elementwise)) + "\n",
        [(elementwise, "reproduces")],
        id=elementwise,
    )


# --- several listings, and nothing recognisable ---------------------------------------------


def make_mixed() -> None:
    text = (
        "== chapter 3 ==\n0.8500000000000001\n== chapter 4 ==\n"
        + capture(gradient_descent(book_line))
        + "== alpha ==\n"
        + capture(gradient_descent(book_line, inp=2, alpha=0.1))
    )
    entry(
        "three-listings",
        "several listings in one file",
        text,
        [
            ("ch03/single-weight", "reproduces"),
            ("ch04/direction-and-amount", "reproduces"),
            ("ch04/alpha", "reproduces"),
        ],
    )
    entry("empty", "empty output", "", [(None, "no-match")])
    entry(
        "noise",
        "nothing recognisable",
        "hello\nepoch done\n42 apples 17 pears\n",
        [(None, "no-match")],
    )


# --- scripts ---------------------------------------------------------------------------------


def make_scripts() -> None:
    (HERE / "raises.py").write_text(
        "weights = [0.1, 0.2, 0]\nprint(w_sum(weights, weights))\n", encoding="utf-8"
    )
    EXPECTED["raises.py"] = {
        "variation": "a script that raised",
        "segments": [{"listing": None, "verdict": "no-match"}],
    }
    (HERE / "alpha_script.py").write_text(
        "weight, goal_pred, input, alpha = 0.5, 0.8, 2, 0.1\n"
        "for iteration in range(20):\n"
        "    pred = input * weight\n"
        "    error = (pred - goal_pred) ** 2\n"
        "    derivative = input * (pred - goal_pred)\n"
        "    weight = weight - alpha * derivative\n"
        "    print('Error:' + str(error) + ' Prediction:' + str(pred))\n",
        encoding="utf-8",
    )
    EXPECTED["alpha_script.py"] = {
        "variation": "a script run in a subprocess",
        "id": "ch04/alpha",
        "segments": [{"listing": "ch04/alpha", "verdict": "reproduces"}],
    }
    (HERE / "mnist_offline.py").write_text(
        "from keras.datasets import mnist\n"
        "(x_train, y_train), (x_test, y_test) = mnist.load_data()\n"
        "images, labels = (x_train[0:1000].reshape(1000, 28 * 28) / 255, y_train[0:1000])\n"
        "print(images.shape, labels[:5], x_test.shape)\n",
        encoding="utf-8",
    )
    EXPECTED["mnist_offline.py"] = {
        "variation": "keras MNIST, run offline",
        "segments": [{"listing": None, "verdict": "no-match"}],
        "stdout": "(1000, 784) [5 0 4 1 9] (10000, 28, 28)",
    }


# --- notebooks -------------------------------------------------------------------------------


def notebook(
    name: str,
    kind: str,
    cells: list[tuple[int | None, list[str]]],
    segments: list[tuple[str | None, str]],
) -> None:
    book = nbformat.v4.new_notebook()
    for count, records in cells:
        cell = nbformat.v4.new_code_cell("# reader's code")
        cell.execution_count = count
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=text) for text in records
        ]
        book.cells.append(cell)
    nbformat.write(book, str(HERE / f"{name}.ipynb"))
    EXPECTED[f"{name}.ipynb"] = {
        "variation": kind,
        "segments": [{"listing": listing, "verdict": verdict} for listing, verdict in segments],
    }


def make_notebooks() -> None:
    da = capture(gradient_descent(book_line))
    al = capture(gradient_descent(book_line, inp=2, alpha=0.1))
    notebook(
        "nb-three",
        "a notebook holding three listings",
        [(1, ["0.8500000000000001\n"]), (2, [da]), (3, [al])],
        [
            ("ch03/single-weight", "reproduces"),
            ("ch04/direction-and-amount", "reproduces"),
            ("ch04/alpha", "reproduces"),
        ],
    )
    half = len(da) // 2
    cut = da.index("\n", half) + 1
    notebook(
        "nb-split-streams",
        "stdout split over several stream records",
        [(1, [da[:cut], da[cut:]])],
        [("ch04/direction-and-amount", "reproduces")],
    )
    notebook(
        "nb-out-of-order",
        "cells ran out of order",
        [(3, [al]), (None, []), (1, ["0.8500000000000001\n"]), (2, [da])],
        [
            ("ch03/single-weight", "reproduces"),
            ("ch04/direction-and-amount", "reproduces"),
            ("ch04/alpha", "reproduces"),
        ],
    )
    slip = capture(hot_and_cold("Error:{error:.3f} Prediction:{prediction:.3f}", slip=True))
    notebook(
        "nb-slip",
        "a notebook whose loop has a slip",
        [(1, [slip])],
        [("ch04/hot-and-cold-learning", "diverges")],
    )
    EXPECTED["nb-slip.ipynb"]["id"] = "ch04/hot-and-cold-learning"


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    make_chapter_4()
    make_chapters_3_and_5()
    make_chapters_6_and_8()
    make_more_listings()
    make_mixed()
    make_scripts()
    make_notebooks()
    (HERE / "expected.yml").write_text(
        "# Written by tests/grading/make_corpus.py: the segments grade must find in each file.\n"
        + yaml.safe_dump(EXPECTED, sort_keys=True, width=100),
        encoding="utf-8",
    )
    print(f"{len(EXPECTED)} entries")
