"""Does the book agree with its own code? The seed's printed lines against the goldens.

A printed line (``line`` set) must equal, character for character, the golden formatted
the way the line's edition printed it. The meap text ran Python 2. The published chapter 4
text shows its outputs as Python 2 printed them (``Weight:0.88``, where its Python 3 code
prints ``0.8800000000000001``), so a published line may equal either the Python 3 or the
Python 2 text of the golden. Only a value the prose or a worked table states without code
printing it (``line`` null) is compared number by number, each rounded to the digits
shown. Every disagreement needs an erratum in ``spec/errata.yml``.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grokking_spec import strict_yaml
from grokking_spec.listing import Listing, Variant
from grokking_spec.pyformat import Edition
from grokking_spec.trace import leaves, resolve

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class BookCheck:
    """One line the book prints (or value it states), held against the golden."""

    listing_id: str
    variant: str
    text: str
    line: int | None
    agrees: bool
    code_gives: str


def check_book(listing: Listing, variant: Variant, golden: Mapping[str, Any]) -> list[BookCheck]:
    """Hold every book line of a golden file against the golden's own trace."""
    output = variant.printout(golden["trace"], variant.edition)
    # The published chapter 4 text printed its outputs with Python 2 (see the docstring).
    as_python2 = (
        variant.printout(golden["trace"], Edition.PY2)
        if variant.edition is not Edition.PY2
        else output
    )
    checks = []
    for entry in golden["book"]:
        text, line = entry["text"], entry["line"]
        if line is None:
            values = [value for path in entry["shows"] for value in _shown(golden, path)]
            agrees = numbers_agree(text, values)
            gives = ", ".join(repr(v) for v in values)
        elif not 0 <= line < len(output):
            agrees, gives = False, f"no output line {line} ({len(output)} lines)"
        else:
            agrees = text in (output[line], as_python2[line])
            gives = output[line]
        checks.append(BookCheck(listing.id, variant.name, text, line, agrees, gives))
    return checks


def _shown(golden: Mapping[str, Any], path: str) -> list[Any]:
    document = golden if path.startswith("params.") else golden["trace"]
    return list(leaves(resolve(document, path)))


def numbers_agree(text: str, values: Sequence[Any]) -> bool:
    """Each number in ``text`` equals its value rounded to the digits the text shows."""
    printed = _NUMBER.findall(text)
    if len(printed) != len(values):
        return False
    return all(_agrees(token, value) for token, value in zip(printed, values, strict=True))


def _agrees(token: str, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    shown = decimal.Decimal(token)
    exponent = shown.as_tuple().exponent
    assert isinstance(exponent, int)
    with decimal.localcontext() as context:
        context.prec = 80
        # The exact binary value, rounded half-even: what printf's %g does too.
        rounded = decimal.Decimal(value).quantize(
            decimal.Decimal((0, (1,), exponent)), rounding=decimal.ROUND_HALF_EVEN
        )
    return rounded == shown


# --- errata -------------------------------------------------------------------------------


class ErrataError(ValueError):
    """``spec/errata.yml`` is missing, unreadable or malformed."""


@dataclass(frozen=True)
class Erratum:
    """A disagreement between the book and its code, explained."""

    listing: str
    variants: tuple[str, ...]
    explains: tuple[str, ...]
    book: str
    code: str
    cause: str
    seed_quote: str = ""


_ERRATUM_FIELDS = {"listing", "variants", "explains", "book", "code", "cause", "seed_quote"}


def load_errata(path: Path) -> list[Erratum]:
    """Read the errata file; any problem is one ``ErrataError`` line naming the file."""
    try:
        document = strict_yaml.load_file(path, "errata file")
    except strict_yaml.SpecFileError as error:
        text = f"{path}: cannot read errata: {error.problem}" if error.in_text else str(error)
        raise ErrataError(text) from None
    if not isinstance(document, dict) or not isinstance(document.get("errata"), list):
        raise ErrataError(f"{path}: expected a mapping with an 'errata' list")
    if set(document) != {"errata"}:
        extra = ", ".join(str(key) for key in document if key != "errata")[:200]
        raise ErrataError(f"{path}: unknown top-level key(s) {extra}")
    errata = []
    for index, entry in enumerate(document["errata"]):
        where = f"{path}: errata[{index}]"
        if not isinstance(entry, dict):
            raise ErrataError(f"{where} is not a mapping")
        unknown = set(entry) - _ERRATUM_FIELDS
        missing = {"listing", "variants", "book", "code", "cause"} - set(entry)
        if unknown or missing:
            raise ErrataError(f"{where}: unknown {sorted(unknown)}, missing {sorted(missing)}")
        for field in sorted(_ERRATUM_FIELDS & set(entry)):
            text_list = field in ("variants", "explains")
            value = entry[field]
            ok = (
                isinstance(value, list) and all(isinstance(item, str) for item in value)
                if text_list
                else isinstance(value, str)
            )
            if not ok:
                kind = "a list of strings" if text_list else "a string"
                raise ErrataError(f"{where}.{field} must be {kind}")
        explains = tuple(entry.get("explains") or ())
        if not explains and not entry.get("seed_quote"):
            raise ErrataError(f"{where}: explains no book line and quotes no seed code")
        errata.append(
            Erratum(
                listing=entry["listing"],
                variants=tuple(entry["variants"]),
                explains=explains,
                book=entry["book"],
                code=entry["code"],
                cause=entry["cause"],
                seed_quote=entry.get("seed_quote", ""),
            )
        )
    return errata


def unexplained(checks: Sequence[BookCheck], errata: Sequence[Erratum]) -> list[BookCheck]:
    """Disagreements that no erratum explains."""
    explained = {
        (erratum.listing, variant, text)
        for erratum in errata
        for variant in erratum.variants
        for text in erratum.explains
    }
    return [
        check
        for check in checks
        if not check.agrees and (check.listing_id, check.variant, check.text) not in explained
    ]


def stale(checks: Sequence[BookCheck], errata: Sequence[Erratum]) -> list[str]:
    """Errata naming a book line that is not there or no longer disagrees with the code."""
    by_key = {(check.listing_id, check.variant, check.text): check for check in checks}
    problems = []
    for erratum in errata:
        for variant in erratum.variants:
            for text in erratum.explains:
                check = by_key.get((erratum.listing, variant, text))
                if check is None:
                    problems.append(f"{erratum.listing} ({variant}): no book line {text!r}")
                elif check.agrees:
                    problems.append(
                        f"{erratum.listing} ({variant}): {text!r} now agrees with the code"
                    )
    return problems
