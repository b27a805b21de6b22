"""What one input may cost: every limit in one place, with its default and its option.

A small input can ask for a great deal: a 1.6 KB workbook whose two cells lie a
sheet apart, a 434 KB .docx that inflates to 400 MB, an HTML table whose spans
cover millions of positions, standard input that never ends. Each such input
stops at one of these limits with a message that names the limit and the
option that raises it, instead of eating the machine's memory.

The defaults fit real publications with ample room (the largest real ones run
to about 200 pages: tens of MB of input, some 100,000 table cells); the options
(``--max-size`` ...) raise them for an input that really is that large. Limits
that follow from a format's own structure (a .doc's piece table cannot hold
more text than its stream; a PDF font's Unicode map has at most
:data:`MAX_CMAP_ENTRIES` codes) are checked where the structure is read and
have no option.

This module imports nothing heavy: the CLI and every reader use it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from goalextract.errors import LimitExceeded

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# Bytes read from a file or a stream at a time.
CHUNK = MIB

# A member this small may inflate at any ratio: short XML parts (a run of
# spaces, an empty sheet) compress far better than 200:1 and cost nothing.
RATIO_FLOOR = MIB

# Entries in one PDF font's Unicode map (ToUnicode CMap): a font has at most
# 65,536 glyphs, so more codes than this is a forged range, not a font.
MAX_CMAP_ENTRIES = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The limits one input is read under (see the module docstring and README)."""

    # Bytes of one input: a file, or standard input (--max-size).
    max_size: int = 256 * MIB
    # Bytes one compressed part may inflate to: a zip member of a .docx/.xlsx, a
    # PDF stream (--max-inflated). Its XML tree takes about ten times as much; a
    # 200-page document's main part is some 20 MB. All members of a package
    # together may inflate to max_size, no more than a plain input may be.
    max_inflated: int = 64 * MIB
    # How many times its packed size a zip member (past RATIO_FLOOR) may inflate
    # to; a zip bomb reaches 1,000 (--max-ratio). Not PDF streams: a blank page's
    # image inflates a thousandfold and is no bomb.
    max_ratio: int = 200
    # Grid positions of one table built from spans (a sheet, an HTML table: rows ×
    # columns of its filled part, and the positions its merges cover); the cells
    # of one workbook, merged areas counted by their size; the cells and
    # paragraphs of one text export or Word document (--max-cells). A
    # table of this size takes seconds to read and parse and some 200 MB; a
    # 200-page publication as one workbook holds about 100,000.
    max_cells: int = 500_000
    # Characters in one line of a text input (--max-line).
    max_line: int = 1_000_000
    # Pages of one PDF: every page is listed (and its text read once) before any
    # is skipped, so a page tree of a million empty pages costs gigabytes (--max-pages).
    max_pages: int = 10_000


DEFAULT_LIMITS = Limits()

# Limit field → (what it is called in messages, the option that raises it, unit).
_NAMES: dict[str, tuple[str, str, str]] = {
    "max_size": ("input size limit", "--max-size", "bytes"),
    "max_inflated": ("inflated size limit", "--max-inflated", "bytes"),
    "max_ratio": ("compression ratio limit", "--max-ratio", "ratio"),
    "max_cells": ("cell limit", "--max-cells", "count"),
    "max_line": ("line length limit", "--max-line", "count"),
    "max_pages": ("page limit", "--max-pages", "count"),
}


def describe(limit: str, value: int) -> str:
    """``value`` of the limit field ``limit`` as a message shows it: ``256 MiB``, ``1,000,000``."""
    unit = _NAMES[limit][2]
    if unit == "bytes":
        return size_text(value)
    if unit == "ratio":
        return f"{value:,}:1"
    return f"{value:,}"


def exceeded(limit: str, value: int, what: str) -> LimitExceeded:
    """The error for ``what`` (``the input is larger``) passing the limit ``limit``.

    Every limit message has the same shape: what passed which limit, its value,
    and the option that raises it.
    """
    title, option, _unit = _NAMES[limit]
    return LimitExceeded(
        f"{what} than the {title} of {describe(limit, value)} (raise it with {option})"
    )


def option_of(limit: str) -> str:
    """The command-line option that sets the limit field ``limit``."""
    return _NAMES[limit][1]


# --------------------------------------------------------------------------- sizes

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)
_FACTORS = {"": 1, "k": KIB, "m": MIB, "g": GIB, "t": 1024 * GIB}


def parse_size(text: str) -> int:
    """A size as an option gives it: bytes, or with a unit (``300M``, ``1.5GiB``, ``64k``).

    Units are binary (``M`` is MiB), as file managers on the platforms this runs
    on show them. Raises ValueError for anything else.
    """
    found = _SIZE.fullmatch(text)
    if not found:
        raise ValueError(f"not a size: {text!r} (examples: 300M, 2G, 1048576)")
    number = float(found.group(1)) * _FACTORS[found.group(2).lower()]
    if number < 1:
        raise ValueError(f"a size must be at least 1 byte: {text!r}")
    return int(number)


def size_text(size: int) -> str:
    """``size`` bytes for people: ``256 MiB``, ``1.5 GiB``, ``800 bytes``."""
    for factor, unit in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if size >= factor:
            return f"{size / factor:.4g} {unit}"
    return f"{size} bytes"


# --------------------------------------------------------------------------- reading


def read_at_most(stream: IO[bytes], count: int) -> bytes:
    """At most ``count`` bytes of ``stream``, read in chunks (never more held)."""
    chunks: list[bytes] = []
    total = 0
    while total < count:
        chunk = stream.read(min(CHUNK, count - total))
        if not chunk:
            break
        total += len(chunk)
        chunks.append(chunk)
    return b"".join(chunks)


def read_stream(stream: IO[bytes], limit: int) -> bytes:
    """All of ``stream``, or an error once it passes ``limit`` bytes.

    ``/dev/zero`` or an endless pipe on standard input stops here, after at most
    ``limit`` + 1 bytes held, instead of growing until the machine gives out.
    """
    data = read_at_most(stream, limit + 1)
    check_size(data, limit)
    return data


def read_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """A file's bytes, refused unread when it is a regular file larger than ``limit``.

    Anything else (a device, a pipe, a file still growing) is read in chunks up to
    the limit, so that ``/dev/zero`` given as a file stops too.
    """
    with Path(path).open("rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise exceeded("max_size", limit, f"the input ({size_text(info.st_size)}) is larger")
        return read_stream(stream, limit)


def check_size(data: bytes, limit: int) -> None:
    """Refuse an input's bytes past the size limit."""
    if len(data) > limit:
        raise exceeded("max_size", limit, "the input is larger")
