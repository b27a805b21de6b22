"""Reader for SpreadsheetML 2003 (Excel's XML workbook, often saved under .xls).

Every non-empty ``ss:Worksheet`` becomes one Table (see
:mod:`goalextract.readers.spangrid`): ``ss:Index`` jumps place rows and cells,
``ss:MergeAcross``/``ss:MergeDown`` are merged areas, and numbers are printed
through the cell style's number format (:mod:`goalextract.readers.numfmt`),
including SpreadsheetML's named formats (``Percent``, ``Short Date`` ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from goalextract.cells import Block, ReadResult
from goalextract.errors import ReaderError
from goalextract.limits import DEFAULT_LIMITS
from goalextract.readers import ReadOptions, one_line
from goalextract.readers.encoding import xml_for_libxml
from goalextract.readers.numfmt import (
    format_cell_value,
    format_date,
    format_number,
    is_date_format,
    normalise_newlines,
)
from goalextract.readers.spangrid import SpanGrid, grids_to_blocks

_SS_NS = "urn:schemas-microsoft-com:office:spreadsheet"


def read(
    data: bytes, *, fmt: str = "spreadsheetml", name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read an Excel 2003 XML workbook into one Table per non-empty sheet."""
    options = options or ReadOptions()
    return ReadResult(
        blocks=read_blocks(data, max_cells=options.limits.max_cells), format="spreadsheetml"
    )


# SpreadsheetML's named number formats (ss:Format) in terms of ordinary codes.
_NAMED_FORMATS: dict[str, str] = {
    "general": "General",
    "general number": "General",
    "fixed": "0.00",
    "standard": "#,##0.00",
    "percent": "0.00%",
    "scientific": "0.00E+00",
    "currency": "#,##0.00",
    "euro currency": "#,##0.00",
    "general date": "yyyy-mm-dd hh:mm",
    "long date": "yyyy-mm-dd",
    "medium date": "yyyy-mm-dd",
    "short date": "yyyy-mm-dd",
    "long time": "hh:mm:ss",
    "medium time": "hh:mm",
    "short time": "hh:mm",
}
_BOOLEAN_FORMATS: dict[str, tuple[str, str]] = {
    "yes/no": ("Yes", "No"),
    "true/false": ("True", "False"),
    "on/off": ("On", "Off"),
}


def read_blocks(data: bytes, *, max_cells: int = DEFAULT_LIMITS.max_cells) -> list[Block]:
    """Read an Excel 2003 XML workbook: one Table per non-empty ss:Worksheet.

    ``max_cells`` bounds each sheet's grid (its merges and its filled part).
    """
    root = _parse_xml(data)
    styles = _spreadsheetml_styles(root)
    return grids_to_blocks(
        _spreadsheetml_grid(sheet, styles, max_cells)
        for sheet in root.iter(f"{{{_SS_NS}}}Worksheet")
    )


def _parse_xml(data: bytes) -> Any:
    # lxml rather than xml.etree: it reports the line of a syntax error, and
    # its parser can be told not to resolve entities or fetch anything (XXE).
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(xml_for_libxml(data), parser)
    except etree.XMLSyntaxError as error:
        # Chinese exports without a declaration are often GBK, which libxml2
        # then reads as UTF-8 and rejects: retry once as GB18030.
        retry = xml_for_libxml(data, force=True)
        if retry is data:
            raise ReaderError(f"malformed SpreadsheetML XML: {one_line(error)}") from error
        try:
            root = etree.fromstring(retry, parser)
        except etree.XMLSyntaxError:
            raise ReaderError(f"malformed SpreadsheetML XML: {one_line(error)}") from error
    except ValueError as error:  # e.g. an encoding name libxml2 does not know
        raise ReaderError(f"unreadable SpreadsheetML XML: {one_line(error)}") from error
    if root is None or etree.QName(root).localname != "Workbook":
        raise ReaderError("not a SpreadsheetML workbook (no ss:Workbook root element)")
    return root


def _ss(name: str) -> str:
    return f"{{{_SS_NS}}}{name}"


def _spreadsheetml_styles(root: Any) -> dict[str, str]:
    """Style id → number format, following ss:Parent inheritance."""
    formats: dict[str, str | None] = {}
    parents: dict[str, str] = {}
    for style in root.iter(_ss("Style")):
        style_id = style.get(_ss("ID"))
        if style_id is None:
            continue
        number = style.find(_ss("NumberFormat"))
        formats[style_id] = number.get(_ss("Format")) if number is not None else None
        parent = style.get(_ss("Parent"))
        if parent:
            parents[style_id] = parent
    resolved: dict[str, str] = {}
    for style_id in formats:
        current: str | None = style_id
        seen: set[str] = set()
        fmt: str | None = None
        while current is not None and current not in seen:
            seen.add(current)
            fmt = formats.get(current)
            if fmt is not None:
                break
            current = parents.get(current)
        resolved[style_id] = fmt or "General"
    return resolved


def _int_attr(element: Any, name: str, default: int) -> int:
    raw = element.get(_ss(name))
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError as error:
        raise ReaderError(f"malformed SpreadsheetML: ss:{name}={raw!r} is not a number") from error


def _spreadsheetml_grid(sheet: Any, styles: Mapping[str, str], max_cells: int) -> SpanGrid:
    grid = SpanGrid(name=sheet.get(_ss("Name")), max_cells=max_cells)
    table = sheet.find(_ss("Table"))
    if table is None:
        return grid
    default_style = table.get(_ss("StyleID"))
    row_index = -1
    for row in table.iter(_ss("Row")):
        # ss:Index is 1-based and jumps over rows that are not written.
        row_index = _int_attr(row, "Index", row_index + 2) - 1
        row_style = row.get(_ss("StyleID")) or default_style
        col = -1
        for cell in row.iter(_ss("Cell")):
            explicit = cell.get(_ss("Index")) is not None
            col = _int_attr(cell, "Index", col + 2) - 1
            if not explicit:
                # Excel always writes ss:Index after a gap, but hand-made
                # exports sometimes rely on rowspan-like skipping; covered
                # positions cannot hold a cell, so move past them.
                col = grid.free_col(row_index, col)
            across = max(0, _int_attr(cell, "MergeAcross", 0))
            down = max(0, _int_attr(cell, "MergeDown", 0))
            style = cell.get(_ss("StyleID")) or row_style
            text = _spreadsheetml_text(cell, styles.get(style or "", "General"))
            grid.place(row_index, col, text, rowspan=down + 1, colspan=across + 1)
            col += across
        # ss:Span repeats an (empty, formatted) row: the next row comes after the copies.
        row_index += max(0, _int_attr(row, "Span", 0))
    return grid


def _spreadsheetml_text(cell: Any, number_format: str) -> str:
    data = cell.find(_ss("Data"))
    if data is None:
        return ""
    # Rich text (<ss:Data><html:B>…</html:B></ss:Data>) spreads over children.
    raw = "".join(data.itertext())
    kind = (data.get(_ss("Type")) or "String").strip()
    named = number_format.strip().lower()
    if kind == "Number":
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            return normalise_newlines(raw)
        if named in _BOOLEAN_FORMATS:
            yes, no = _BOOLEAN_FORMATS[named]
            return yes if number else no
        fmt = _NAMED_FORMATS.get(named, number_format)
        if is_date_format(fmt):
            return format_cell_value(float(number), fmt)
        return format_number(number, fmt)
    if kind == "DateTime":
        try:
            moment = dt.datetime.fromisoformat(raw.strip()[:19])
        except ValueError:
            return normalise_newlines(raw)
        return format_date(moment, _NAMED_FORMATS.get(named, number_format))
    if kind == "Boolean":
        return "TRUE" if raw.strip() in {"1", "true", "TRUE"} else "FALSE"
    return normalise_newlines(raw)
