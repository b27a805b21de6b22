"""Writing outputs: atomic files (a temporary file beside the target, then rename),
and the one place where a failure to write becomes an :class:`OutputError`."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from goalextract.errors import GoalExtractError, OutputError, shown

STANDARD_OUTPUT = "standard output"


def output_failure(error: BaseException, target: str) -> OutputError | None:
    """``error`` as an :class:`OutputError` about ``target``, or None when it is not
    a failure to write (a bug, Ctrl-C): an OSError, an sqlite3 error, or an error
    raised while cleaning up after one (openpyxl's ``seek of closed file`` after
    the disk filled)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, GoalExtractError):
            return None  # says what it is already
        reason = _reason(seen, target)
        if reason is not None:
            return OutputError(reason, path=target)
        seen = seen.__context__
    return None


def _reason(error: BaseException, target: str) -> str | None:
    sqlite3 = sys.modules.get("sqlite3")  # imported only when an sqlite output is written
    if sqlite3 is not None and isinstance(error, sqlite3.Error):
        return f"cannot write the database: {error}"
    if not isinstance(error, OSError):
        return None
    if isinstance(error, BrokenPipeError):
        return None  # the reader went away: the CLI stops quietly
    text = error.strerror or str(error)
    text = text[:1].lower() + text[1:]
    if error.errno in (errno.EEXIST, errno.ENOTDIR) and error.filename not in (None, target):
        return f"cannot write: {shown(os.fsdecode(error.filename))} is not a folder"
    if error.filename is not None and os.fsdecode(error.filename) != target:
        return f"cannot write: {text} ({shown(os.fsdecode(error.filename))})"
    return f"cannot write: {text}"


@contextlib.contextmanager
def writing(target: str) -> Iterator[None]:
    """Turn a failure to write ``target`` in the block into an :class:`OutputError`."""
    try:
        yield
    except Exception as error:
        failure = output_failure(error, target)
        if failure is None:
            raise
        raise failure from error


@contextlib.contextmanager
def atomic_output(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a stream whose content replaces ``path`` only if the block succeeds.

    An interrupted run (exception, Ctrl-C, kill) leaves at most a hidden
    temporary file, never a half-written output. A target that is not a regular
    file (``/dev/null``, a named pipe) is written directly: renaming over it would
    replace the device. A failure to write raises :class:`OutputError`.
    """
    with writing(str(path)):
        if _is_special(path):
            with path.open("wb" if binary else "w", **_text_args(binary)) as stream:
                yield stream
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=_temporary_prefix(path.name), suffix=".tmp", dir=path.parent
        )
        try:
            if hasattr(os, "fchmod"):
                # mkstemp makes the file 0600; an output gets what the umask allows,
                # as a file opened by any other tool would.
                os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb" if binary else "w", **_text_args(binary)) as stream:
                yield stream
            Path(tmp).replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise


# A file name may have at most this many bytes on common file systems; mkstemp
# adds 8 random characters and the suffix ``.tmp`` to the prefix.
_NAME_MAX = 255
_PREFIX_MAX = _NAME_MAX - 8 - len(".tmp")


def _temporary_prefix(name: str) -> str:
    """``.NAME.`` for the temporary file beside ``name``, shortened to fit a file name.

    An output whose own name is near the limit (80 Chinese characters are 240
    bytes) must not fail because of its temporary file's longer name.
    """
    while len(os.fsencode(f".{name}.")) > _PREFIX_MAX:
        name = name[:-1]
    return f".{name}."


def _text_args(binary: bool) -> dict[str, Any]:
    return {} if binary else {"encoding": "utf-8", "newline": ""}


def _is_special(path: Path) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (a device, a pipe)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    """The process's umask (reading it means setting it: set it back at once)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
