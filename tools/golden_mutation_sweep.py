"""Change every number of every golden, one at a time, and count what the checks catch.

    python tools/golden_mutation_sweep.py [--kind next|scaled] [--every N] [--listing PREFIX]

``--kind next`` (default): the next float up or the next integer, which the bit-exact
reference must catch on the goldens' kernel. ``--kind scaled``: each nonzero float times
1 + 1e-9, which the tolerances alone must catch. ``--every N`` tries every N-th number of
each file; ``--listing`` keeps the ids starting with PREFIX (e.g. ``ch04/``). Prints one
line per golden (numbers tried, caught) and every change that went unnoticed; exits 1 if
any did. Uses ``grokking_spec.mutation.caught`` (the reference's check, without rerunning
the reference: see that module), so the whole sweep takes minutes, not hours.
"""

from __future__ import annotations

import argparse

from grokking_spec.catalog import listing_variants
from grokking_spec.golden import golden_path, load_golden
from grokking_spec.mutation import caught, float_spans, mutated, number_spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("next", "scaled"), default="next")
    parser.add_argument("--every", type=int, default=1, help="try every N-th number")
    parser.add_argument("--listing", default="", help="only ids starting with this")
    arguments = parser.parse_args()
    kind, every = arguments.kind, arguments.every
    strict = kind == "next"
    missed = total = 0
    for listing, variant in listing_variants():
        if not listing.id.startswith(arguments.listing):
            continue
        path = golden_path(listing, variant)
        text = path.read_text(encoding="utf-8")
        golden = load_golden(path)
        spans = (number_spans(text) if kind == "next" else float_spans(text))[::every]
        found = 0
        for start, end in spans:
            changed = text[:start] + mutated(text[start:end], kind) + text[end:]
            if caught(listing, variant, golden, changed, strict):
                found += 1
            else:
                line = text.count("\n", 0, start) + 1
                print(f"  MISSED {path.name} line {line}: {text[start:end]}")
        total += len(spans)
        missed += len(spans) - found
        print(f"{path.name}: {found}/{len(spans)} changes caught")
    print(f"{total - missed}/{total} single-number changes ({kind}) caught")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
