"""The one builder of a listing's variants, and the editions the catalog gives them."""

from __future__ import annotations

from grokking_spec.catalog import listing_variants
from grokking_spec.catalog.editions import Differences, Sources, editions
from grokking_spec.listing import BookLine, Trace, prints_nothing
from grokking_spec.pyformat import Edition

SOURCES = Sources(meap="meap text", published="published text")
LINE = BookLine("0.5", ("prediction",), line=0)


def prints_one(trace: Trace, edition: Edition) -> list[str]:
    return ["1"]


def test_editions_share_what_no_edition_overrides() -> None:
    meap, published = editions(SOURCES, {"x": 1}, prints_one, book=(LINE,))
    assert (meap.name, meap.edition, meap.source) == ("meap", Edition.PY2, "meap text")
    assert (published.name, published.edition) == ("published", Edition.PY3)
    assert published.source == "published text"
    for variant in (meap, published):
        assert variant.params == {"x": 1}
        assert variant.printout is prints_one
        assert variant.book == (LINE,)


def test_differences_replace_only_their_fields_for_their_edition() -> None:
    meap, published = editions(
        SOURCES,
        {"x": 1},
        prints_one,
        book=(LINE,),
        meap=Differences(printout=prints_nothing, book=()),
        published=Differences(params={"x": 2}, source="other"),
    )
    assert (meap.params, meap.printout, meap.book) == ({"x": 1}, prints_nothing, ())
    assert (published.params, published.source) == ({"x": 2}, "other")
    assert (published.printout, published.book) == (prints_one, (LINE,))


def test_meap_as_printed_starts_from_the_meap_variant() -> None:
    meap, _, as_printed = editions(
        SOURCES,
        {"x": 1},
        meap=Differences(book=(LINE,)),
        meap_as_printed=Differences(params={"x": 3}),
    )
    assert (as_printed.name, as_printed.edition) == ("meap-as-printed", Edition.PY2)
    assert (as_printed.source, as_printed.book) == (meap.source, (LINE,))
    assert as_printed.params == {"x": 3}


def test_every_catalog_variant_prints_with_its_editions_python() -> None:
    python_of = {"meap": Edition.PY2, "meap-as-printed": Edition.PY2, "published": Edition.PY3}
    for listing, variant in listing_variants():
        assert variant.edition is python_of[variant.name], (listing.id, variant.name)
