"""Reading a data file that may be anything: only regular files, only up to a size.

``Path.read_bytes`` on a FIFO blocks until a writer comes, on ``/dev/zero`` it reads until
memory runs out. Here the file is opened without blocking, checked with ``fstat`` on the
open descriptor (so what is checked is what is read), and read no further than the limit.
"""

from __future__ import annotations

import os
import stat
from typing import Final

_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(ValueError):
    """The path is not a regular file, or is over the size limit (message: the problem)."""


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, if there are at most ``limit`` of them.

    Raises ``FileRefused`` for anything else at the path or a larger file, and ``OSError``
    (``FileNotFoundError`` included) when it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in _KINDS if test(status.st_mode)), "special")
            raise FileRefused(f"not a regular file ({kind})")
        if status.st_size > limit:
            raise FileRefused(f"{status.st_size} bytes, over the limit of {limit}")
        chunks = []
        remaining = limit + 1  # a file that grew since fstat is caught too
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileRefused(f"more than {limit} bytes")
    return data
