"""Reader for Excel workbooks: .xlsx, and binary .xls/.et through LibreOffice.

Two detected formats come here: ``xlsx`` is read with openpyxl; ``xls`` (BIFF,
or an encrypted OOXML package in an OLE container) is converted to .xlsx by
LibreOffice and then read the same way. SpreadsheetML 2003 XML has its own
module (:mod:`goalextract.readers.spreadsheetml`).

Every non-empty sheet becomes one Table built by
:mod:`goalextract.readers.spangrid` (merged areas give spans, positions covered
from above are empty cells). Cell text is "as printed": numbers go through the
cell's number format (:mod:`goalextract.readers.numfmt`), because the parser
reads values the way a person reads the printed form.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from typing import Any

from goalextract.cells import Block, ReadResult, Table
from goalextract.errors import EncryptedInput, ReaderError, UnsupportedFormat
from goalextract.limits import DEFAULT_LIMITS, Limits
from goalextract.readers import ReadOptions, one_line
from goalextract.readers.numfmt import format_cell_value
from goalextract.readers.spangrid import Area, SpanGrid, grids_to_blocks
from goalextract.readers.xlsxscan import check_cells
from goalextract.readers.zipbound import check_package


def read(
    data: bytes, *, fmt: str, name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read an .xlsx or a binary .xls (``fmt``) into one Table per non-empty sheet."""
    options = options or ReadOptions()
    if fmt == "xlsx":
        return ReadResult(blocks=read_xlsx_blocks(data, limits=options.limits), format="xlsx")
    if fmt == "xls":
        return ReadResult(blocks=_read_xls(data, options), format="xls")
    raise UnsupportedFormat(f"the Excel workbook reader does not read {fmt!r}")


def _read_xls(data: bytes, options: ReadOptions) -> list[Block]:
    # An encrypted .xlsx is an OLE container with an EncryptedPackage stream;
    # openpyxl and LibreOffice (headless) both fail on it with unhelpful errors.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedInput(
            "the spreadsheet is password-protected; open it in Excel or WPS, "
            "remove the password, save it and try again"
        )
    # Imported here: the office module shells out and is only needed for BIFF.
    from goalextract.readers.office import convert

    xlsx = convert(data, source_ext="xls", target_ext="xlsx", timeout=options.timeout)
    blocks = read_xlsx_blocks(xlsx, source="xls", limits=options.limits)
    if _text_import_fallback(blocks):
        raise ReaderError("damaged .xls file: LibreOffice could not read it as a spreadsheet")
    return blocks


def _text_import_fallback(blocks: Sequence[Block]) -> bool:
    """Whether LibreOffice imported a damaged .xls as plain text instead of failing.

    When its Excel filter rejects the file, soffice falls back to the text
    import: one sheet named after the temporary file (``input``) whose first
    cell is the OLE signature read as Latin-1 (``ÐÏ``). No real workbook
    starts that way.
    """
    tables = [block for block in blocks if isinstance(block, Table)]
    if len(tables) != 1 or tables[0].location.sheet != "input" or not tables[0].rows:
        return False
    first = tables[0].rows[0][0].text if tables[0].rows[0] else ""
    return first.startswith("\u00d0\u00cf")


# --------------------------------------------------------------------------
# .xlsx (openpyxl)
# --------------------------------------------------------------------------

# zh-CN built-in number formats (ECMA-376 Part 1, 18.8.30): locale dependent, so
# openpyxl does not know them and reports "General", which would print a date's
# serial number (46023) instead of the date.
_ZH_BUILTIN_FORMATS: dict[int, str] = {
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: 'h"时"mm"分"',
    35: 'h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: 'h"时"mm"分"',
    56: 'h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}


def read_xlsx_blocks(
    data: bytes, *, source: str = "xlsx", limits: Limits = DEFAULT_LIMITS
) -> list[Block]:
    """Read every sheet of an .xlsx into Tables (``source`` names the file kind in errors).

    Before openpyxl opens it, the package is inflated within ``limits`` and its
    cells counted (openpyxl makes an object per cell and per merged position).
    """
    # read_only=False on purpose: read-only worksheets do not expose merged_cells,
    # and merges are the grid. data_only=True gives cached formula results
    # (what Excel printed), not the formulas.
    from openpyxl import load_workbook

    check_package(data, limits, f".{source} file")
    check_cells(data, limits.max_cells, f".{source} file")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about unsupported extensions (data validation,
            # conditional formats) on stderr; they do not touch cell values.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except zipfile.BadZipFile as error:
        raise ReaderError(f"damaged .{source} file (not a readable zip: {error})") from error
    except KeyError as error:
        raise ReaderError(f"damaged .{source} file (missing part {error})") from error
    except Exception as error:  # openpyxl raises many types on damaged parts
        raise ReaderError(
            f"damaged .{source} file ({type(error).__name__}: {one_line(error)})"
        ) from error
    try:
        return grids_to_blocks(_xlsx_grid(sheet, limits.max_cells) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def _xlsx_grid(sheet: Any, max_cells: int) -> SpanGrid:
    grid = SpanGrid(name=str(sheet.title), max_cells=max_cells)
    # ``_cells`` holds only the cells present in the file. Iterating
    # ``iter_rows`` would materialise every position up to max_row × max_column,
    # which a template formatted down to row 1048576 turns into millions.
    for (row, col), cell in sheet._cells.items():
        value = cell.value
        if value is None:
            continue
        if isinstance(value, str) and "_x" in value:
            value = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        grid.texts[(row - 1, col - 1)] = format_cell_value(value, _number_format(cell))
    for area in sheet.merged_cells.ranges:
        grid.merges.append(
            Area(area.min_row - 1, area.min_col - 1, area.max_row - 1, area.max_col - 1)
        )
    return grid


# OOXML strings escape characters XML cannot hold as _xHHHH_: Excel stores the
# CR of a CRLF pasted from Word as _x000D_. openpyxl leaves these in (it only
# drops the _x005F_ that escapes a literal one, so the two can no longer be told
# apart; a literal "_x000D_" in a budget table is far less likely).
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _number_format(cell: Any) -> str:
    fmt = str(cell.number_format or "General")
    if fmt == "General":
        # See _ZH_BUILTIN_FORMATS; the id lives on the private style array.
        style = getattr(cell, "_style", None)
        fmt_id = getattr(style, "numFmtId", 0)
        if isinstance(fmt_id, int) and fmt_id in _ZH_BUILTIN_FORMATS:
            return _ZH_BUILTIN_FORMATS[fmt_id]
    return fmt
