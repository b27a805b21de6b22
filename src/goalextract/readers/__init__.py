"""Reader registry: detected format → reader module, imported on first use.

Each reader module has
``read(data: bytes, *, fmt: str, name: str, options: ReadOptions) -> ReadResult``.
``fmt`` is the format :func:`goalextract.detect.detect_format` found (or the
caller forced): a reader trusts it and does not sniff the bytes again. Readers
of one format give ``fmt`` that format as its default. Heavy libraries
(pdfplumber, python-docx, openpyxl, olefile) are imported inside the modules,
so parsing a .txt never loads them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from goalextract.cells import ReadResult
from goalextract.errors import UnsupportedFormat
from goalextract.limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class ReadOptions:
    """Options that reach every reader; each reader uses what applies to it."""

    encoding: str | None = None
    password: str | None = None
    timeout: float = 120.0
    limits: Limits = DEFAULT_LIMITS


class _ReaderModule(Protocol):
    def read(self, data: bytes, *, fmt: str, name: str, options: ReadOptions) -> ReadResult: ...


# format -> module path (relative to this package)
READERS: dict[str, str] = {
    "txt": ".text",
    "xlsx": ".sheet",
    "spreadsheetml": ".spreadsheetml",
    "xls": ".sheet",
    "html": ".html",
    "pdf": ".pdf",
    "docx": ".word",
    "wordml": ".word",
    "doc": ".doc97",
}


def one_line(error: BaseException) -> str:
    """A third-party error's message on one line, for a reader's own error message."""
    return " ".join(str(error).split()) or "no detail"


def get_reader(fmt: str) -> _ReaderModule:
    """Import and return the reader module for a detected format."""
    try:
        module_name = READERS[fmt]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise UnsupportedFormat(f"no reader for format {fmt!r} (known: {known})") from None
    module: _ReaderModule = importlib.import_module(module_name, __name__)
    return module
