"""Writer registry: output format name → writer module, imported on first use.

A writer module has ``write(documents, stream, options)``; ``BINARY`` tells
whether it wants a binary stream. A new output format is one module here.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from goalextract.errors import UnsupportedFormat
from goalextract.models import Document

WRITERS: dict[str, str] = {
    "json": ".json",
}
# Output file extension → format, for `-o out.csv` without --format.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
}


@dataclass(frozen=True)
class WriteOptions:
    """Options for writers; each uses what applies to it."""

    table: str = "indicators"  # csv: indicators | projects
    lang: str = "en"  # csv header language
    indent: int | None = 2
    failures: Sequence[dict[str, str]] = field(default_factory=tuple)


class _WriterModule(Protocol):
    BINARY: bool

    def write(
        self, documents: Sequence[Document], stream: IO[Any], options: WriteOptions
    ) -> None: ...


def get_writer(name: str) -> _WriterModule:
    """Import and return the writer for an output format name."""
    try:
        module_name = WRITERS[name]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise UnsupportedFormat(f"unknown output format {name!r} (known: {known})") from None
    module: _WriterModule = importlib.import_module(module_name, __name__)
    return module
