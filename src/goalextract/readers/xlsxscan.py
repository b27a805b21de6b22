"""An .xlsx's cells counted before openpyxl makes them.

openpyxl makes an object for every cell a worksheet writes and, for a merged
range, one for every position it covers: a one-line ``<mergeCell
ref="A1:XFD1048576"/>`` asks for 17 billion. So the worksheets are streamed here
first (lxml's iterparse, each row dropped once counted) and the workbook is
refused when its cells, merged ranges counted by their size, pass the cell limit.
A part that does not parse is left for openpyxl to report.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

from goalextract.errors import LimitExceeded
from goalextract.limits import exceeded
from goalextract.readers.zipbound import members

_SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict ISO 29500
)
_CELL = frozenset(f"{{{ns}}}c" for ns in _SHEET_NAMESPACES)
_MERGE = frozenset(f"{{{ns}}}mergeCell" for ns in _SHEET_NAMESPACES)
_ROW = frozenset(f"{{{ns}}}row" for ns in _SHEET_NAMESPACES)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def check_cells(data: bytes, max_cells: int, what: str) -> None:
    """Refuse a workbook (a zip already bounded in size) holding more than ``max_cells``."""
    count = 0
    for archive, info in members(data):  # none in a damaged zip: openpyxl says what is wrong
        count = _count_part(archive, info, count, max_cells, what)


def _count_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, count: int, max_cells: int, what: str
) -> int:
    from lxml import etree

    tags = (*_CELL, *_MERGE, *_ROW)
    try:
        with archive.open(info) as stream:
            # No entities, no network, no DTD: the part is untrusted.
            events = etree.iterparse(
                stream,
                events=("end",),
                tag=tags,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=True,
            )
            for _event, element in events:
                count += _cells_of(element)
                if count > max_cells:
                    raise exceeded(
                        "max_cells",
                        max_cells,
                        f"the {what} holds at least {count:,} cells (merged ranges "
                        "counted by their size), more",
                    )
    except LimitExceeded:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        pass  # not XML (an image), or damaged: openpyxl reports what it needs
    return count


def _cells_of(element: Any) -> int:
    """Cells an element stands for: a cell 1, a merged range its size; a row is dropped."""
    tag = element.tag
    if tag in _CELL:
        return 1
    if tag in _MERGE:
        return _range_size(str(element.get("ref", "")))
    # A row ends after its cells were counted: drop it, and the rows before it,
    # so that memory stays flat over a long sheet.
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]
    return 0


def _range_size(ref: str) -> int:
    """Positions of an A1:B2 range (1 for a single cell, 0 for one that does not parse)."""
    corners = [_REF.fullmatch(part) for part in ref.split(":", 1)]
    if not corners or any(corner is None for corner in corners):
        return 0
    points = [(int(c.group(2)), _column(c.group(1))) for c in corners if c is not None]
    (r1, c1), (r2, c2) = points[0], points[-1]
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
