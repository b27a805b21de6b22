"""Exceptions raised by goalextract; every one is a GoalExtractError."""

from __future__ import annotations


class GoalExtractError(Exception):
    """Root of every error goalextract raises on purpose.

    The CLI prints ``str(error)`` as one line on stderr and exits 1, so messages
    name the problem and, where there is one, the fix.
    """


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
