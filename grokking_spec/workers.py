"""Implementations run in worker processes, one per implementation, reused between listings.

An implementation that exits, crashes, loops in C code, swallows the time limit or leaves
threads behind then fails its own cells with one line, and the run goes on: the harness
waits on the worker with a deadline, kills it when the deadline passes, and starts a new
one for the next listing. A worker loads its implementation from the entry point it was
discovered under (``Implementation.origin``, ``module:attribute``); an implementation made
in-process (tests, scripts) has no origin and runs in the calling process.

The protocol: the worker says ``ready`` once started (its start-up, importing numpy and the
harness, is not charged to the first listing's time limit); then one JSON request per line
on the worker's stdin, one JSON reply per line on a pipe of its own (the worker's stdout and
stderr go to /dev/null, so whatever an implementation prints cannot garble a reply). Floats
cross as their shortest repr, so they arrive bit for bit; NaN and infinities as JSON's usual
extensions.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import IO, Any

from grokking_spec.listing import Trace
from grokking_spec.plugins import (
    Implementation,
    ImplementationError,
    describe_error,
    load_entry,
    run_listing,
)

#: Seconds a new worker may take to start (import numpy and the harness) before it is given up.
STARTUP_TIMEOUT = 120.0

#: The worker's first line, once it has started and before any request.
READY = b"ready\n"


class Worker:
    """One worker process serving one implementation."""

    def __init__(self, implementation: Implementation) -> None:
        self.implementation = implementation
        self._process: subprocess.Popen[bytes] | None = None
        self._replies: IO[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        read_end, write_end = os.pipe()
        process = subprocess.Popen(
            [sys.executable, "-m", "grokking_spec.workers", str(write_end)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_end,),
            start_new_session=True,  # its own process group: a kill takes its children too
        )
        os.close(write_end)
        self._process, self._replies = process, os.fdopen(read_end, "rb", buffering=0)
        return process

    def run(self, listing_id: str, params: Mapping[str, Any], timeout: float | None) -> Trace:
        where = f"{self.implementation.name}: {listing_id}"
        if not self._alive():
            self.stop()  # a worker that died earlier: reap it, then start afresh
            self._start()
            if self._read_line(STARTUP_TIMEOUT) != READY:
                self.stop()
                raise ImplementationError(f"{where}: worker process failed to start")
        process = self._process
        assert process is not None and process.stdin is not None and self._replies is not None
        request = {
            "name": self.implementation.name,
            "origin": self.implementation.origin,
            "listing": listing_id,
            "params": params,
        }
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            self.stop()
            raise ImplementationError(f"{where}: worker process died before the run") from None
        line = self._read_line(timeout)
        if line is None:
            self.stop()
            raise ImplementationError(f"{where}: still running after {timeout:g} s (hung?)")
        if not line:
            status = self._reap()
            raise ImplementationError(f"{where}: {_death(status)} while running")
        try:
            reply = json.loads(line)
        except ValueError:
            self.stop()
            raise ImplementationError(f"{where}: worker sent an unreadable reply") from None
        if "error" in reply:
            raise ImplementationError(str(reply["error"]))
        trace: Trace = reply["trace"]
        return trace

    def _read_line(self, timeout: float | None) -> bytes | None:
        """A reply line; ``b""`` if the worker died; ``None`` when the deadline passed."""
        assert self._replies is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        chunks: list[bytes] = []
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._replies], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._replies.fileno(), 1 << 16)
            if not chunk:
                return b""
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)

    def _alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _reap(self) -> int:
        assert self._process is not None
        try:
            status = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop()
            return -signal.SIGKILL
        self._close()
        return status

    def stop(self) -> None:
        """Kill the worker and whatever it started (threads die with it)."""
        if self._process is not None:
            if self._process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self._close()

    def _close(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        if self._replies is not None:
            self._replies.close()
        self._process, self._replies = None, None


def _death(status: int) -> str:
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"worker process crashed ({name})"
    return f"worker process exited with status {status}"


class Runner:
    """Runs listings of implementations: in a worker when it has an origin, else in-process.

    Use it as a context manager, or call ``close()``: workers are stopped at the end.
    """

    def __init__(self, isolate: bool = True) -> None:
        self._isolate = isolate
        self._workers: dict[str, Worker] = {}

    def run(
        self,
        implementation: Implementation,
        listing_id: str,
        params: Mapping[str, Any],
        timeout: float | None,
        variant: str = "",
    ) -> Trace:
        if not self._isolate or not implementation.origin:
            return run_listing(implementation, listing_id, params, timeout)
        if listing_id not in implementation.listings:
            raise ImplementationError(f"{implementation.name}: {listing_id}: not implemented")
        worker = self._workers.get(implementation.name)
        if worker is None or worker.implementation is not implementation:
            worker = self._workers[implementation.name] = Worker(implementation)
        return worker.run(listing_id, params, timeout)

    def close(self) -> None:
        for worker in self._workers.values():
            worker.stop()
        self._workers.clear()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _serve(reply_fd: int) -> None:
    """The worker's loop: requests on stdin, replies on ``reply_fd``."""
    replies = os.fdopen(reply_fd, "w", encoding="utf-8")
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    # Whatever the implementation prints or reads goes nowhere.
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    replies.write(READY.decode())
    replies.flush()
    loaded: dict[str, Implementation] = {}
    for line in requests:
        request = json.loads(line)
        origin, listing_id = request["origin"], request["listing"]
        reply: dict[str, Any]
        try:
            if origin not in loaded:
                implementation, problem = load_entry(request["name"], origin)
                if implementation is None:
                    raise ImplementationError(problem)
                loaded[origin] = implementation
        except BaseException as error:  # noqa: BLE001 - say so, and serve the next request
            reply = {"error": _one_line(error)}
        else:
            implementation = loaded[origin]
            try:
                trace = run_listing(implementation, listing_id, request["params"], None)
                reply = {"trace": trace}
            except ImplementationError as error:
                reply = {"error": _one_line(error)}
            except BaseException as error:  # noqa: BLE001 - SystemExit, KeyboardInterrupt
                where = f"{implementation.name}: {listing_id}"
                reply = {"error": f"{where}: raised {_one_line(error)}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def _one_line(error: BaseException) -> str:
    if isinstance(error, ImplementationError):
        return describe_error(error).removeprefix("ImplementationError: ")
    return describe_error(error)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
