"""The registry: every listing the spec covers, by the catalog id that all reports use."""

from __future__ import annotations

from collections.abc import Iterator

from grokking_spec.catalog import ch03, ch04, ch05, ch06, ch07, ch08
from grokking_spec.listing import Listing, UnknownName, Variant

LISTINGS: tuple[Listing, ...] = (
    *ch03.LISTINGS,
    *ch04.LISTINGS,
    *ch05.LISTINGS,
    *ch06.LISTINGS,
    *ch07.LISTINGS,
    *ch08.LISTINGS,
)

_BY_ID = {listing.id: listing for listing in LISTINGS}
if len(_BY_ID) != len(LISTINGS):  # pragma: no cover - a registry bug, caught at import
    raise RuntimeError("duplicate listing id in the catalog")


def get_listing(listing_id: str) -> Listing:
    """The listing with that id; ``UnknownName`` (one line) for an unknown id."""
    try:
        return _BY_ID[listing_id]
    except KeyError:
        raise UnknownName(f"unknown listing {listing_id!r} (see 'grokking-spec list')") from None


def listing_variants() -> Iterator[tuple[Listing, Variant]]:
    """Every (listing, variant) pair, in catalog order."""
    for listing in LISTINGS:
        for variant in listing.variants:
            yield listing, variant
