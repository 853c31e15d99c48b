"""The contract of one listing variant, as ``grokking-spec show`` prints it.

What a porter needs: the params the function is called with, every trace field with its
type, shape and comparison rule, how many lines the code prints, and where the book and
its code disagree (errata) or what the prose claims of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from grokking_spec.claims import claims_for
from grokking_spec.fidelity import load_errata
from grokking_spec.golden import golden_path, load_golden, spec_root
from grokking_spec.listing import Listing, Variant


def shape(value: Any) -> str:
    """``float``, ``list[20] of float``, ``list[3] of list[4] of float``, ``record``."""
    if isinstance(value, list):
        if not value:
            return "list[0]"
        inner = {shape(item) for item in value}
        of = inner.pop() if len(inner) == 1 else "mixed"
        return f"list[{len(value)}] of {of}"
    if isinstance(value, dict):
        return "record {" + ", ".join(f"{k}: {shape(v)}" for k, v in value.items()) + "}"
    return type(value).__name__


def _rule(rule: Any) -> str:
    if rule == "exact":
        return "exact"
    return f"rtol {rule['rtol']:g}, atol {rule['atol']:g} ({rule['measured']})"


def describe(listing: Listing, variant: Variant, root: Path | None = None) -> Iterator[str]:
    """The lines of ``grokking-spec show``."""
    golden = load_golden(golden_path(listing, variant, root))
    yield f"{listing.id} ({variant.name}): {listing.title}"
    yield f"  section: {listing.section}; source: {variant.source}"
    yield f"  golden: {golden_path(listing, variant, root)}"
    yield "params (keyword arguments of the listing function):"
    for name, value in golden["params"].items():
        yield f"  {name} = {value!r}"
    yield "trace (the mapping the function returns):"
    rules: Mapping[str, Any] = golden["compare"]
    for name, value in golden["trace"].items():
        yield f"  {name}: {shape(value)}"
        yield f"      compared: {_rule(rules.get(name, 'exact'))}"
    if listing.prefix is not None:
        yield (
            f"long listing: checks may run its first n iterations ({listing.prefix.param} = n) "
            "and compare that part of the trace"
        )
    yield (
        f"output: {golden['output_lines']} lines "
        f"(grokking-spec run {listing.id} --variant {variant.name})"
    )
    yield f"book: {len(golden['book'])} printed lines or stated values held against the trace"
    errata = _errata(listing, variant, root)
    yield f"errata ({len(errata)}):"
    for erratum in errata:
        yield f"  - book: {erratum.book}"
        yield f"    code: {erratum.code}"
        yield f"    cause: {erratum.cause}"
    claims = claims_for(listing.id, variant.name)
    yield f"claims of the prose ({len(claims)}):"
    for claim in claims:
        yield f"  - {claim.id}: {claim.says} [{claim.verdict}]"
        if claim.cause:
            yield f"    cause: {claim.cause}"


def _errata(listing: Listing, variant: Variant, root: Path | None) -> list[Any]:
    path = (spec_root() if root is None else root) / "errata.yml"
    return [
        erratum
        for erratum in load_errata(path)
        if erratum.listing == listing.id and variant.name in erratum.variants
    ]
