"""The one way a catalog entry builds its variants: ``editions(...)``.

Every listing has a ``meap`` variant (the MEAP v6 text, printed by Python 2) and a
``published`` one (the 2019 edition, Python 3); a few also have ``meap-as-printed`` (the
meap code exactly as typeset, Python 2). What the editions share is written once, in
``editions``'s own arguments; what one edition has of its own is a ``Differences``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grokking_spec.listing import BookLine, Printout, Variant, prints_nothing
from grokking_spec.pyformat import Edition

#: The published text of chapters 5-7 is not at hand: their published variants are the meap
#: code run by Python 3, with the differences the catalog's params state.
MEAP_CODE_IN_PYTHON_3 = (
    "published 2019 edition: the meap code, Python 3, with the catalog's differences"
)


def meap_seed(chapter: int) -> str:
    """The source text of a chapter's meap variants."""
    return f"seed 000 (MEAP v6), chapter {chapter}"


@dataclass(frozen=True)
class Sources:
    """Which text each edition of a chapter's listings comes from (a golden's ``source``)."""

    meap: str
    published: str


@dataclass(frozen=True)
class Differences:
    """What one edition has of its own; a field left ``None`` takes the shared value."""

    params: Mapping[str, Any] | None = None
    printout: Printout | None = None
    book: Sequence[BookLine] | None = None
    source: str | None = None


SAME = Differences()


def editions(
    sources: Sources,
    params: Mapping[str, Any],
    printout: Printout = prints_nothing,
    *,
    book: Sequence[BookLine] = (),
    meap: Differences = SAME,
    published: Differences = SAME,
    meap_as_printed: Differences | None = None,
) -> tuple[Variant, ...]:
    """A listing's variants: ``meap``, ``published`` and, if given, ``meap-as-printed``.

    ``params``, ``printout`` and ``book`` are what both editions share; ``meap`` and
    ``published`` replace any of them (or the source) for one edition. ``meap_as_printed``
    starts from the meap variant and replaces what the typeset code does differently.
    """
    meap_variant = _variant("meap", Edition.PY2, sources.meap, params, printout, book, meap)
    variants = [
        meap_variant,
        _variant("published", Edition.PY3, sources.published, params, printout, book, published),
    ]
    if meap_as_printed is not None:
        variants.append(
            _variant(
                "meap-as-printed",
                Edition.PY2,
                meap_variant.source,
                meap_variant.params,
                meap_variant.printout,
                meap_variant.book,
                meap_as_printed,
            )
        )
    return tuple(variants)


def _variant(
    name: str,
    edition: Edition,
    source: str,
    params: Mapping[str, Any],
    printout: Printout,
    book: Sequence[BookLine],
    own: Differences,
) -> Variant:
    return Variant(
        name,
        edition,
        params=params if own.params is None else own.params,
        source=source if own.source is None else own.source,
        printout=printout if own.printout is None else own.printout,
        book=tuple(book if own.book is None else own.book),
    )
