"""Bad implementations fail with one clear line and lose nothing; plugins load by entry point."""

from __future__ import annotations

import math
import sys
import time
import types
from typing import Any

import pytest

import grokking_spec.plugins as plugins
from grokking_spec.catalog import get_listing
from grokking_spec.engine import check
from grokking_spec.plugins import Implementation, ImplementationError, run_listing
from grokking_spec.reference import implementation as reference

ALPHA = get_listing("ch04/alpha")
MEAP = ALPHA.variant("meap")


def _fake(function: Any, name: str = "fake") -> Implementation:
    return Implementation(name=name, listings={ALPHA.id: function})


def _good(**params: Any) -> dict[str, Any]:
    return dict(reference.listings[ALPHA.id](**params))


def _check(function: Any, timeout: float = 5.0) -> tuple[str, str]:
    outcome = check(_fake(function), ALPHA, MEAP, timeout=timeout)
    return outcome.status, outcome.detail


def test_a_faithful_port_passes() -> None:
    assert _check(_good) == ("pass", "")


def test_raising_implementation() -> None:
    def broken(**params: Any) -> dict[str, Any]:
        raise ZeroDivisionError("float division by zero\nsecond line")

    status, detail = _check(broken)
    assert status == "fail"
    assert detail == "fake: ch04/alpha: raised ZeroDivisionError: float division by zero"


def test_hanging_implementation_is_stopped() -> None:
    def hangs(**params: Any) -> dict[str, Any]:
        time.sleep(30)
        return {}

    started = time.monotonic()
    status, detail = _check(hangs, timeout=0.2)
    assert time.monotonic() - started < 5
    assert (status, detail) == ("fail", "fake: ch04/alpha: still running after 0.2 s (hung?)")


def test_nan_is_a_mismatch() -> None:
    def nan(**params: Any) -> dict[str, Any]:
        trace = _good(**params)
        trace["error"] = [math.nan, *trace["error"][1:]]
        return trace

    status, detail = _check(nan)
    assert status == "fail"
    assert detail.startswith(
        "first divergence error[0]: expected 0.03999999999999998, obtained nan"
    )


def test_wrong_shape_is_a_mismatch() -> None:
    def short(**params: Any) -> dict[str, Any]:
        trace = _good(**params)
        trace["weight"] = trace["weight"][:-1]
        return trace

    status, detail = _check(short)
    assert status == "fail" and "weight: expected 'list[20]', obtained 'list[19]' [shape]" in detail


def test_missing_and_extra_fields_fail() -> None:
    def renamed(**params: Any) -> dict[str, Any]:
        trace = _good(**params)
        trace["err"] = trace.pop("error")
        return trace

    outcome = check(_fake(renamed), ALPHA, MEAP)
    assert {(m.path, m.reason) for m in outcome.mismatches} == {
        ("error", "missing"),
        ("err", "extra"),
    }


def test_numpy_results_are_accepted_as_plain_data() -> None:
    np = pytest.importorskip("numpy")

    def numpy_port(**params: Any) -> dict[str, Any]:
        return {k: np.asarray(v) for k, v in _good(**params).items()}

    assert _check(numpy_port) == ("pass", "")


def test_non_trace_return_values() -> None:
    assert _check(lambda **params: [1, 2]) == (
        "fail",
        "fake: ch04/alpha: returned a list, not a mapping of named values",
    )
    status, detail = _check(lambda **params: {"error": object()})
    assert status == "fail" and detail.endswith("error is a object, not plain data")


def test_missing_golden_is_one_line(tmp_path: Any) -> None:
    outcome = check(reference, ALPHA, MEAP, root=tmp_path)
    assert outcome.status == "fail"
    assert outcome.detail == f"{tmp_path}/ch04/alpha.meap.yml: golden file is missing"


def test_uncovered_listing_is_skipped_not_failed() -> None:
    empty = Implementation(name="empty", listings={})
    assert check(empty, ALPHA, MEAP).status == "skip"
    with pytest.raises(ImplementationError, match="empty: ch04/alpha: not implemented"):
        run_listing(empty, ALPHA.id, MEAP.params)


class _EntryPoint:
    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value


def test_discovery_reports_broken_plugins_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("fake_plugins")
    module.good = _fake(_good, name="good")  # type: ignore[attr-defined]
    module.wrong = object()  # type: ignore[attr-defined]
    module.other = _fake(_good, name="other")  # type: ignore[attr-defined]
    module.writer = Implementation("writer", {}, writes_goldens=True)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_plugins", module)
    entries = [
        _EntryPoint("good", "fake_plugins:good"),
        _EntryPoint("broken", "no_such_module_for_tests:implementation"),
        _EntryPoint("wrong", "fake_plugins:wrong"),
        _EntryPoint("misnamed", "fake_plugins:other"),
        _EntryPoint("twice", "fake_plugins:good"),
        _EntryPoint("twice", "fake_plugins:other"),
        _EntryPoint("reference", "fake_plugins:good"),
        _EntryPoint("writer", "fake_plugins:writer"),
    ]
    monkeypatch.setattr(plugins, "entry_points", lambda group: entries)
    found, problems = plugins.discover()
    assert sorted(found) == ["good", "reference"]
    assert found["reference"].origin == plugins.REFERENCE_ORIGIN
    assert problems == [
        "implementation 'broken' (no_such_module_for_tests:implementation) failed to load: "
        "ModuleNotFoundError: No module named 'no_such_module_for_tests'",
        "implementation 'misnamed' (fake_plugins:other) calls itself 'other'; the entry point "
        "name must match",
        "implementation 'reference' (fake_plugins:good): the name is the harness's own "
        "reference; rename the entry point",
        "implementation 'twice' is registered twice (fake_plugins:good and fake_plugins:other); "
        "rename one of the entry points",
        "implementation 'writer' (fake_plugins:writer): only the reference writes goldens",
        "implementation 'wrong' (fake_plugins:wrong) is a object, not a grokking_spec "
        "Implementation",
    ]


def test_the_in_repo_implementations_are_registered_by_entry_point() -> None:
    found, problems = plugins.discover()
    assert problems == []
    assert {"reference", "lists"} <= set(found)
    assert [name for name, impl in found.items() if impl.writes_goldens] == ["reference"]
