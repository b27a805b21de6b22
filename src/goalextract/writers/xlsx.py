"""XLSX writer: one workbook with a sheet per table, for people who live in Excel.

Sheets: ``documents`` (one row per input, failed ones included: status and
counts), ``projects``, ``indicators``, ``spending_plan``, ``warnings`` and, when a
batch had inputs that failed, ``failures``. Each has a frozen header row, an
autofilter and column widths fitted to the content. Amounts and numbers are
numeric cells, so they sum and sort; the header and the sheet names follow
``options.lang`` (``zh``: 文件, 项目, 绩效指标, 资金支出计划, 部门整体绩效目标,
部门整体绩效指标, 警告, 失败).

The workbook is built with openpyxl's write-only mode, which streams rows to
disk instead of holding a cell object graph, so large batches stay cheap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from goalextract.models import Document
from goalextract.writers import WriteOptions
from goalextract.writers._tables import (
    AMOUNT_COLUMNS,
    DEPARTMENT_COLUMNS,
    DEPARTMENT_INDICATOR_COLUMNS,
    DOCUMENT_COLUMNS,
    FAILURE_COLUMNS,
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    SPENDING_PLAN_COLUMNS,
    WARNING_COLUMNS,
    Cell,
    Row,
    department_indicator_rows,
    department_rows,
    document_rows,
    failure_rows,
    header,
    indicator_rows,
    project_rows,
    spending_plan_rows,
    table_name,
    warning_rows,
)

BINARY = True

MIN_WIDTH = 6
MAX_WIDTH = 60
# Excel refuses cells longer than this; a longer text would make the file unreadable.
MAX_CELL_CHARS = 32767

_NUMBER_FORMATS: dict[str, str] = dict.fromkeys(AMOUNT_COLUMNS, "#,##0.00")
_NUMBER_FORMATS["percent"] = "0.00"


def _display_width(text: str) -> int:
    """Width of the longest line in Excel character units; CJK characters count double."""
    widest = 0
    for line in text.splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)
        widest = max(widest, width)
    return widest


def _clean(text: str) -> str:
    # Control characters (Word's \x0b line breaks, \x07 cell marks) are illegal
    # in XML and make openpyxl raise; they carry no meaning in a cell.
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned[:MAX_CELL_CHARS]


def _add_sheet(
    workbook: Any, title: str, columns: Sequence[str], rows: Iterable[Row], lang: str
) -> None:
    sheet = workbook.create_sheet(table_name(title, lang))
    materialised = list(rows)  # widths must be known before the first row is streamed
    names = header(columns, lang, title)
    widths = [_display_width(name) for name in names]
    for row in materialised:
        for i, cell in enumerate(row):
            if cell is not None:
                widths[i] = max(widths[i], _display_width(str(cell)))
    for i, width in enumerate(widths, start=1):
        # +2 for the filter button and a little air; capped so prose does not
        # push every other column off screen.
        sheet.column_dimensions[get_column_letter(i)].width = min(
            max(width + 2, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{len(materialised) + 1}"

    bold = Font(bold=True)
    header_cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    formats = [_NUMBER_FORMATS.get(column) for column in columns]
    for row in materialised:
        sheet.append([_cell(sheet, value, fmt) for value, fmt in zip(row, formats, strict=True)])


def _cell(sheet: Any, value: Cell, number_format: str | None) -> Any:
    if value == "":
        value = None  # an empty cell, not a zero-length string Excel counts as filled
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_clean(value))
        # openpyxl turns any string starting with "=" into a formula; indicator
        # values such as "=100.00(%)" are text and must stay text.
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if number_format is not None and value is not None:
        cell.number_format = number_format
    return cell


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """Write all documents into one workbook and save it into the binary ``stream``."""
    workbook = Workbook(write_only=True)
    lang = options.lang
    rows = document_rows(documents, options.failures)
    _add_sheet(workbook, "documents", DOCUMENT_COLUMNS, rows, lang)
    _add_sheet(workbook, "projects", PROJECT_COLUMNS, project_rows(documents), lang)
    _add_sheet(workbook, "indicators", INDICATOR_COLUMNS, indicator_rows(documents), lang)
    _add_sheet(
        workbook, "spending_plan", SPENDING_PLAN_COLUMNS, spending_plan_rows(documents), lang
    )
    if any(doc.department_tables for doc in documents):
        # Only when there are any: most documents hold project tables alone.
        _add_sheet(
            workbook, "department_tables", DEPARTMENT_COLUMNS, department_rows(documents), lang
        )
        _add_sheet(
            workbook,
            "department_indicators",
            DEPARTMENT_INDICATOR_COLUMNS,
            department_indicator_rows(documents),
            lang,
        )
    _add_sheet(workbook, "warnings", WARNING_COLUMNS, warning_rows(documents), lang)
    if options.failures:
        _add_sheet(workbook, "failures", FAILURE_COLUMNS, failure_rows(options.failures), lang)
    workbook.save(stream)
