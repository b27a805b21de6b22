"""Exceptions raised by goalextract; every one is a GoalExtractError."""

from __future__ import annotations

import unicodedata

# Characters that must not reach a terminal raw: controls (a newline splits a
# one-line message, ESC starts an escape sequence), format characters (bidi
# overrides), surrogates (undecodable bytes of a file name), unassigned ones, and
# the Unicode line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def shown(path: str) -> str:
    """``path`` as a message names it: as is, or quoted with escapes (``'a\\nb.txt'``)
    when it holds a character that would break the line or drive the terminal.

    Every message that names a file passes the name through here.
    """
    if any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in path):
        return repr(path)
    return path


def time_limit(seconds: float) -> str:
    """The start of every message about a time limit that ran out: which limit it was.

    A timeout is not damage; saying so (and naming --timeout) tells the user what
    to raise instead of what to repair.
    """
    return f"time limit of {seconds:g} s reached (--timeout)"


class GoalExtractError(Exception):
    """Root of every error goalextract raises on purpose.

    ``reason`` names the problem and, where there is one, the fix. ``path`` is the
    input it is about (as given; ``-`` for standard input), or None when it is about
    no input; the library's entry points fill it in for whatever the readers raise.
    ``str(error)`` is ``"PATH: reason"``, so a message caught far from the call
    still says which file it is about.
    """

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return self.reason if self.path is None else f"{shown(self.path)}: {self.reason}"

    def detail(self, path: str) -> str:
        """The message for a line that names ``path`` already (the CLI's, a failures list).

        The reason alone when the error is about ``path`` (or about no input), the
        whole message when it is about another file.
        """
        return self.reason if self.path in (None, path) else str(self)


class InputError(GoalExtractError, OSError):
    """The input cannot be opened: missing, a directory, not readable."""


class EmptyInput(GoalExtractError, ValueError):
    """The input holds no bytes (or only whitespace)."""


class UnsupportedFormat(GoalExtractError, ValueError):
    """The input's content matches no format goalextract reads."""


class DecodeError(GoalExtractError, UnicodeError):
    """A text input could not be decoded with any encoding tried."""


class ReaderError(GoalExtractError, ValueError):
    """A reader failed on damaged input (corrupt zip, broken PDF, ...)."""


class EncryptedInput(ReaderError):
    """The input is password protected and no (or a wrong) password was given."""


class NoTextLayer(ReaderError):
    """A PDF has pages but no extractable text: probably a scan."""


class ConverterMissing(GoalExtractError, RuntimeError):
    """An external converter (LibreOffice) needed for this format is not installed."""


class OutputError(GoalExtractError, OSError):
    """An output cannot be written: its folder is not one, the disk is full, a
    database is locked or is not a database. ``path`` is the output (``standard
    output`` for the process's)."""


class EngineError(GoalExtractError, RuntimeError):
    """The engine that parses a batch elsewhere failed as a whole (``--engine dask``):
    its scheduler cannot be reached, its cluster cannot start or drops the work.
    ``path`` names the scheduler (or ``dask``)."""
