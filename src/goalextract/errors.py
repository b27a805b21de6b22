"""Exceptions raised by goalextract; every one is a GoalExtractError."""

from __future__ import annotations


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
        return self.reason if self.path is None else f"{self.path}: {self.reason}"

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
