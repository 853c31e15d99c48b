"""Change every number of every exact golden, one at a time, and count what the checks catch.

    python tools/golden_mutation_sweep.py [--every N] [--listing PREFIX]

``--every N`` tries every N-th number of each file (1 = all of them); ``--listing`` keeps
the listings whose id starts with PREFIX (e.g. ``ch04/``). Prints one line per
golden (numbers tried, caught) and any number whose change went unnoticed; exits 1 if any did.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from grokking_spec.catalog import listing_variants
from grokking_spec.golden import golden_path, load_golden
from grokking_spec.mutation import detects, mutated, number_spans
from grokking_spec.reference import implementation as reference


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="try every N-th number")
    parser.add_argument("--listing", default="", help="only ids starting with this")
    arguments = parser.parse_args()
    every = arguments.every
    missed = 0
    total = 0
    with tempfile.TemporaryDirectory() as scratch:
        for listing, variant in listing_variants():
            if not listing.id.startswith(arguments.listing):
                continue
            path = golden_path(listing, variant)
            rules = load_golden(path)["compare"].values()
            if any(rule != "exact" for rule in rules):
                print(f"{path.name}: has tolerance fields, skipped")
                continue
            text = path.read_text(encoding="utf-8")
            spans = number_spans(text)[::every]
            caught = 0
            for start, end in spans:
                changed = text[:start] + mutated(text[start:end]) + text[end:]
                if detects(reference, listing, variant, changed, Path(scratch)):
                    caught += 1
                else:
                    line = text.count("\n", 0, start) + 1
                    print(f"  MISSED {path.name} line {line}: {text[start:end]}")
            total += len(spans)
            missed += len(spans) - caught
            print(f"{path.name}: {caught}/{len(spans)} changes caught")
    print(f"{total - missed}/{total} single-number changes caught")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
