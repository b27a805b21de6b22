"""Atomic output files: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def atomic_output(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a stream whose content replaces ``path`` only if the block succeeds.

    An interrupted run (exception, Ctrl-C, kill) leaves at most a hidden
    temporary file, never a half-written output.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            # mkstemp makes the file 0600; an output gets what the umask allows,
            # as a file opened by any other tool would.
            os.fchmod(fd, 0o666 & ~_umask())
        if binary:
            with os.fdopen(fd, "wb") as stream:
                yield stream
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                yield stream
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: set it back at once)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
