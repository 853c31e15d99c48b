"""Changing any single number in a golden file makes the reference's check fail."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grokking_spec.catalog import listing_variants
from grokking_spec.golden import golden_path, load_golden
from grokking_spec.mutation import detects, mutated, number_spans
from grokking_spec.reference import implementation as reference

#: Goldens whose every field is exact: there, any change of value is a wrong number.
EXACT = [
    (listing, variant)
    for listing, variant in listing_variants()
    if all(
        rule == "exact" for rule in load_golden(golden_path(listing, variant))["compare"].values()
    )
]


def test_numbers_are_found_and_changed() -> None:
    text = "id: ch04/x\nsource: seed 000 (v6)\nerror: [0.25, 1.0e-05, -3]\ntext: Error:0.3025\n"
    tokens = [text[start:end] for start, end in number_spans(text)]
    assert tokens == ["000", "0.25", "1.0e-05", "-3", "0.3025"]
    assert [mutated(token) for token in tokens] == [
        "1",
        "0.25000000000000006",
        "1.0000000000000003e-05",
        "-2",
        "0.30250000000000005",
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=st.sampled_from(EXACT), data=st.data())
def test_any_changed_number_is_caught(case: tuple, data: st.DataObject, tmp_path: Path) -> None:
    listing, variant = case
    text = golden_path(listing, variant).read_text(encoding="utf-8")
    spans = number_spans(text)
    start, end = data.draw(st.sampled_from(spans), label="number")
    changed = text[:start] + mutated(text[start:end]) + text[end:]
    line = text.count("\n", 0, start) + 1
    change = f"{text[start:end]} -> {mutated(text[start:end])}"
    assert detects(reference, listing, variant, changed, tmp_path), (
        f"{listing.id} ({variant.name}) line {line}: {change}"
    )


def test_the_unchanged_goldens_pass(tmp_path: Path) -> None:
    for listing, variant in EXACT[:6]:
        text = golden_path(listing, variant).read_text(encoding="utf-8")
        assert not detects(reference, listing, variant, text, tmp_path)
