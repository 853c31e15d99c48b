"""Golden files: exact round trip, deterministic bytes, one-line errors for bad files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from grokking_spec.catalog import get_listing, listing_variants
from grokking_spec.golden import (
    KEYS,
    GoldenError,
    build_golden,
    dump_golden,
    golden_path,
    load_golden,
    spec_root,
)

PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.from_regex(r"[a-z_]{1,6}", fullmatch=True), inner, max_size=3)
    ),
    max_leaves=12,
)


def _document(trace: dict) -> dict:
    listing = get_listing("ch04/alpha")
    document = build_golden(listing, listing.variant("meap"), {"error": [0.1], "prediction": [1]})
    document["trace"] = trace
    return document


@given(st.dictionaries(st.from_regex(r"[a-z_]{1,6}", fullmatch=True), PLAIN, max_size=4))
def test_any_plain_trace_reads_back_exactly(trace: dict) -> None:
    text = dump_golden(_document(trace))
    assert dump_golden(_document(trace)) == text  # nothing volatile: same data, same bytes
    loaded = yaml.safe_load(text)["trace"]
    assert _same(loaded, trace)


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return left == right and math.copysign(1, left) == math.copysign(1, right)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_same, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same(left[k], right[k]) for k in left)
    return type(left) is type(right) and left == right


def test_every_catalog_variant_has_its_golden_file() -> None:
    for listing, variant in listing_variants():
        path = golden_path(listing, variant)
        assert path.is_file(), path
        assert path.relative_to(spec_root()).as_posix().startswith(f"ch{listing.chapter:02d}/")
        document = load_golden(path)
        assert (document["id"], document["variant"]) == (listing.id, variant.name)
        assert list(document) == list(KEYS)


def test_spec_folder_has_no_stray_goldens() -> None:
    expected = {golden_path(listing, variant) for listing, variant in listing_variants()}
    found = set(spec_root().glob("ch*/*.yml"))
    assert found <= expected, f"goldens of no catalog listing: {sorted(found - expected)}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "golden file is missing"),
        ("id: [unclosed\n", "not valid YAML at line"),
        ("- just\n- a list\n", "not a golden file"),
        ("id: x\nvariant: meap\n", "golden file lacks"),
        (
            "".join(f"{key}: {{}}\n" for key in KEYS).replace("compare: {}", "compare: {e: 3}"),
            "malformed compare rule",
        ),
        (b"\xff\xfe", "cannot read golden file"),
    ],
)
def test_bad_golden_is_one_line_naming_the_file(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "bad.yml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(GoldenError, match=message) as raised:
        load_golden(path)
    assert str(raised.value).startswith(str(path)) and "\n" not in str(raised.value)


def test_goldens_are_safe_loaded(tmp_path: Path) -> None:
    path = tmp_path / "evil.yml"
    path.write_text("!!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(GoldenError, match="not valid YAML"):
        load_golden(path)
