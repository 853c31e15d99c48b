"""Implementations of the listings, and how they plug in.

An implementation is an ``Implementation`` object published under the entry-point group
``grokking_spec.plugins``; the harness finds it there, so adding one never means
editing the harness. In ``pyproject.toml``::

    [project.entry-points."grokking_spec.implementations"]
    mine = "my_package:implementation"
"""

from __future__ import annotations

import argparse
import importlib
import math
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Literal

from grokking_spec.listing import Trace, UnknownName
from grokking_spec.trace import MalformedTrace, normalise

ENTRY_POINT_GROUP = "grokking_spec.implementations"

#: Seconds a listing may run before the harness calls it hung.
DEFAULT_TIMEOUT = 300.0


#: What an implementation promises: ``exact``, the book's arithmetic in the book's order,
#: bit for bit on the BLAS kernel that wrote the goldens; ``tolerance``, within each field's
#: measured tolerance (another summation order, vectorised or compiled arithmetic).
Level = Literal["exact", "tolerance"]


@dataclass(frozen=True)
class Implementation:
    """A named set of listing functions, each called with a variant's params as keywords.

    ``listings`` maps catalog ids to functions; the ids it lacks are skipped, not failed.
    ``writes_goldens`` marks the reference: the only implementation allowed to write spec/.
    ``level`` is the promise it is held to. ``expected_failures`` maps ``(id, variant)`` to
    the reason the implementation by design does not reproduce that variant (read from an
    expectations file with ``read_expectations``): such a variant shows as ``xfail``, and
    fails the check if it passes.
    """

    name: str
    listings: Mapping[str, Callable[..., Any]]
    description: str = ""
    writes_goldens: bool = False
    prefix_budgets: Mapping[str, int] = field(default_factory=dict)
    level: Level = "tolerance"
    #: Listings an ``exact`` implementation is held only to the tolerances on, and why
    #: (pure Python cannot add a BLAS product's terms in the kernel's blocked order).
    tolerance_only: Mapping[str, str] = field(default_factory=dict)
    expected_failures: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: ``module:attribute`` of the entry point it was discovered under (set by ``discover``):
    #: how a worker process loads it. Empty for one made in-process, which runs in-process.
    origin: str = ""

    def covers(self, listing_id: str) -> bool:
        return listing_id in self.listings

    def bit_exact(self, listing_id: str) -> bool:
        """Whether it promises bit-identity on this listing (on the goldens' kernel)."""
        return self.level == "exact" and listing_id not in self.tolerance_only


def read_expectations(path: Path) -> dict[tuple[str, str], str]:
    """An expectations file: one ``<id> <variant> <reason>`` line per expected divergence.

    Blank lines and lines starting with ``#`` are comments. A malformed line is a
    ``ValueError`` naming the file and the line.
    """
    expected: dict[tuple[str, str], str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 3:
            raise ValueError(f"{path}:{number}: expected '<id> <variant> <reason>'")
        listing_id, variant, reason = parts
        if (listing_id, variant) in expected:
            raise ValueError(f"{path}:{number}: {listing_id} ({variant}) is listed twice")
        expected[(listing_id, variant)] = reason
    return expected


def positive_seconds(text: str) -> float:
    """A time limit from the command line: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a positive, finite number of seconds")
    return value


def select_implementations(names: Sequence[str]) -> tuple[list[Implementation], list[str]]:
    """The named implementations (each once), or every registered one; the reference first.

    With the discovery problems that concern them (all of them when none is named). A name
    that is not registered is ``UnknownName``, with the problem's own line when a plugin of
    that name failed to load or clashed with another.
    """
    registered, problems = discover()
    unique = list(dict.fromkeys(names))
    for name in unique:
        if name not in registered:
            about = _problems_of(name, problems)
            if about:
                raise UnknownName(about[0])
            known = ", ".join(sorted(registered)) or "none: is the project installed?"
            raise UnknownName(f"unknown implementation {name!r} (registered: {known})")
    chosen = [registered[name] for name in (unique or sorted(registered))]
    # The reference first: it is the column every other one is read against.
    chosen.sort(key=lambda implementation: not implementation.writes_goldens)
    if unique:
        problems = [problem for name in unique for problem in _problems_of(name, problems)]
    return chosen, problems


def _problems_of(name: str, problems: Sequence[str]) -> list[str]:
    return [problem for problem in problems if problem.startswith(f"implementation {name!r}")]


class ImplementationError(RuntimeError):
    """An implementation failed to load, raised, hung or returned a malformed trace."""


#: The reference is the harness's own: no plugin can take its name or write goldens.
REFERENCE_ORIGIN = "grokking_spec.reference:implementation"


def discover() -> tuple[dict[str, Implementation], list[str]]:
    """Every registered implementation, and a one-line message per entry point that broke.

    The reference is always the harness's own (``REFERENCE_ORIGIN``); an entry point that
    claims its name, or two entry points with one name, are reported and not loaded.
    """
    found: dict[str, Implementation] = {}
    problems: list[str] = []
    by_name: dict[str, set[str]] = {"reference": {REFERENCE_ORIGIN}}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        by_name.setdefault(entry.name, set()).add(entry.value)
    for name in sorted(by_name):
        origins = sorted(by_name[name])
        if name == "reference" and origins != [REFERENCE_ORIGIN]:
            others = ", ".join(o for o in origins if o != REFERENCE_ORIGIN)
            problems.append(
                f"implementation 'reference' ({others}): the name is the harness's own "
                "reference; rename the entry point"
            )
        elif len(origins) > 1:
            problems.append(
                f"implementation {name!r} is registered twice ({' and '.join(origins)}); "
                "rename one of the entry points"
            )
            continue
        loaded, problem = load_entry(name, REFERENCE_ORIGIN if name == "reference" else origins[0])
        if problem:
            problems.append(problem)
        elif loaded is not None:
            found[name] = loaded
    return found, problems


def load_entry(name: str, origin: str) -> tuple[Implementation | None, str]:
    module_name, _, attribute = origin.partition(":")
    try:
        value: Any = importlib.import_module(module_name)
        for part in attribute.split(".") if attribute else ():
            value = getattr(value, part)
    except Exception as error:  # noqa: BLE001 - a broken plugin must not hide the rest
        return None, f"implementation {name!r} ({origin}) failed to load: {describe_error(error)}"
    if not isinstance(value, Implementation):
        return None, (
            f"implementation {name!r} ({origin}) is a {type(value).__name__}, "
            "not a grokking_spec Implementation"
        )
    if value.name != name:
        return None, (
            f"implementation {name!r} ({origin}) calls itself {value.name!r}; "
            "the entry point name must match"
        )
    if value.writes_goldens and origin != REFERENCE_ORIGIN:
        return None, f"implementation {name!r} ({origin}): only the reference writes goldens"
    return replace(value, origin=origin), ""


def describe_error(error: BaseException) -> str:
    """``Type: first line`` of an exception, even one whose ``__str__`` raises."""
    try:
        text = str(error)
    except Exception:  # noqa: BLE001
        text = ""
    first = text.splitlines()[0] if text else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def run_listing(
    implementation: Implementation,
    listing_id: str,
    params: Mapping[str, Any],
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Trace:
    """Call one listing function and return its trace as plain data.

    Whatever goes wrong comes back as one ``ImplementationError`` line naming the
    implementation and the listing.
    """
    where = f"{implementation.name}: {listing_id}"
    function = implementation.listings.get(listing_id)
    if function is None:
        raise ImplementationError(f"{where}: not implemented")
    try:
        with _time_limit(timeout, where):
            result = function(**params)
    except ImplementationError:
        raise
    except (Exception, SystemExit) as error:  # sys.exit() in a listing fails only that listing
        raise ImplementationError(f"{where}: raised {describe_error(error)}") from error
    try:
        return normalise(result)
    except MalformedTrace as error:
        raise ImplementationError(f"{where}: {error}") from None


@contextmanager
def _time_limit(seconds: float | None, where: str) -> Iterator[None]:
    """Raise ``ImplementationError`` if the block runs longer than ``seconds``.

    Uses SIGALRM, so it only works in the main thread; elsewhere the block runs unbounded.
    """
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    assert seconds is not None

    def on_alarm(signum: int, frame: object) -> None:
        raise ImplementationError(f"{where}: still running after {seconds:g} s (hung?)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
