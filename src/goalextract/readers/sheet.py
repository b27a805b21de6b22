"""Reader for spreadsheets: .xlsx, SpreadsheetML 2003 XML, and binary .xls/.et.

One module serves three detected formats (``xlsx``, ``spreadsheetml``, ``xls``).
``read`` gets no format argument, so it tells them apart from the bytes again:
a zip is .xlsx, an OLE compound file is binary .xls (converted to .xlsx by
LibreOffice, then read as one), anything else is SpreadsheetML XML.

Every non-empty sheet becomes one :class:`Table`. The parser is format-blind, so
the table must look like what Word's text export gives for a table, but with
the grid kept: a merged cell appears once with its ``colspan``/``rowspan``, and
a position covered by a merge from the row above is an empty cell with the
merge's column and width (DOMAIN.md §7: "vertical merges printed once, blanks
below"). Cell text is "as printed": numbers go through the cell's number format
(``0.1`` with ``0.00%`` is ``10.00%``), because the parser reads values the way
a person reads the printed form.

The grid with its merges becomes a Table in :mod:`goalextract.readers.spangrid`,
shared with the HTML reader.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from goalextract.cells import Block, ReadResult, Table
from goalextract.errors import EncryptedInput, ReaderError
from goalextract.readers import ReadOptions
from goalextract.readers.encoding import xml_for_libxml
from goalextract.readers.spangrid import Area, SpanGrid, grids_to_blocks

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SS_NS = "urn:schemas-microsoft-com:office:spreadsheet"


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def read(data: bytes, *, name: str = "", options: ReadOptions | None = None) -> ReadResult:
    """Read a spreadsheet (any of the three kinds) into one Table per non-empty sheet."""
    options = options or ReadOptions()
    kind = _sniff(data)
    if kind == "xlsx":
        return ReadResult(blocks=read_xlsx_blocks(data), format="xlsx")
    if kind == "xls":
        # Imported here: the office module shells out and is only needed for BIFF.
        from goalextract.readers.office import convert

        xlsx = convert(data, source_ext="xls", target_ext="xlsx", timeout=options.timeout)
        blocks = read_xlsx_blocks(xlsx, source="xls")
        if _text_import_fallback(blocks):
            raise ReaderError("damaged .xls file: LibreOffice could not read it as a spreadsheet")
        return ReadResult(blocks=blocks, format="xls")
    return ReadResult(blocks=read_spreadsheetml_blocks(data), format="spreadsheetml")


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


def _sniff(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container with an EncryptedPackage stream;
        # openpyxl and LibreOffice (headless) both fail on it with unhelpful errors.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedInput(
                "the spreadsheet is password-protected; open it in Excel or WPS, "
                "remove the password, save it and try again"
            )
        return "xls"
    return "spreadsheetml"


def normalise_newlines(text: str) -> str:
    """Excel stores in-cell line breaks as LF, some writers as CRLF or CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def read_xlsx_blocks(data: bytes, *, source: str = "xlsx") -> list[Block]:
    """Read every sheet of an .xlsx into Tables (``source`` names the file kind in errors)."""
    # read_only=False on purpose: read-only worksheets do not expose merged_cells,
    # and merges are the grid. data_only=True gives cached formula results
    # (what Excel printed), not the formulas.
    from openpyxl import load_workbook

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
            f"damaged .{source} file ({type(error).__name__}: {_one_line(error)})"
        ) from error
    try:
        return grids_to_blocks(_xlsx_grid(sheet) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def _xlsx_grid(sheet: Any) -> SpanGrid:
    grid = SpanGrid(name=str(sheet.title))
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


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or "no detail"


# --------------------------------------------------------------------------
# Values "as printed"
# --------------------------------------------------------------------------


def format_cell_value(value: object, number_format: str = "General") -> str:
    """The text Excel would print for a stored value and its number format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return normalise_newlines(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return format_date(value, number_format)
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    if isinstance(value, (int, float, Decimal)):
        if _is_date_format(number_format):
            # A serial number under a date format openpyxl did not recognise
            # (the zh-CN built-ins): convert it the way Excel does.
            from openpyxl.utils.datetime import from_excel

            try:
                converted = from_excel(float(value))
            except (ValueError, OverflowError):
                return format_number(value, "General")
            if isinstance(converted, (dt.datetime, dt.date, dt.time)):
                return format_date(converted, number_format)
        return format_number(value, number_format)
    return normalise_newlines(str(value))


# Format sections are split at ';' outside quotes and brackets.
_SECTION_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|;|[^"\\\[;]+')
_CONDITION = re.compile(r"^\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)\]")


@lru_cache(maxsize=512)
def _split_sections(fmt: str) -> tuple[str, ...]:
    sections = [""]
    for token in _SECTION_TOKEN.findall(fmt):
        if token == ";":
            sections.append("")
        else:
            sections[-1] += token
    return tuple(sections)


def format_number(value: float | Decimal, number_format: str = "General") -> str:
    """Apply an Excel number format to a number (the parts that matter for our tables).

    Handled: General, fixed decimals (``0.00``), thousands (``#,##0.00``),
    percentages, literal text and currency symbols (``0.00"万元"``, ``[$¥-804]``),
    sections (positive;negative;zero) and conditions (``[=0]""``). Where a format
    prints nothing for a number (the ``[=0]""`` zero-hiding template), the stored
    value is printed with the first section instead: DOMAIN.md §6 says to prefer
    the stored value.
    """
    number = _to_decimal(value)
    if number is None:
        return str(value)
    fmt = number_format.strip() if number_format else ""
    if not fmt or fmt.lower() in {"general", "@", "general number"}:
        return format_general(number)
    sections = _split_sections(fmt)
    section, use_abs = _pick_section(sections, number)
    text = _render_section(section, abs(number) if use_abs else number)
    if not text.strip():
        text = _render_section(sections[0], number)
    if not text.strip():
        text = format_general(number)
    return text


def _to_decimal(value: float | Decimal) -> Decimal | None:
    try:
        # repr() of a float is the shortest string that round-trips, so 0.1
        # stays 0.1 instead of 0.1000000000000000055511151231257827.
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return None


def _pick_section(sections: Sequence[str], number: Decimal) -> tuple[str, bool]:
    """The section Excel uses for ``number``, and whether the sign is implied by it."""
    conditional = [(_CONDITION.match(s), s) for s in sections]
    if any(match for match, _ in conditional):
        for match, section in conditional:
            if match and _condition_holds(match.group(1), Decimal(match.group(2)), number):
                return section[match.end() :], False
        for match, section in conditional:
            if not match:
                return section, False
        return sections[0], False
    if number < 0 and len(sections) >= 2 and sections[1]:
        return sections[1], True
    if number == 0 and len(sections) >= 3:
        return sections[2], False
    return sections[0], False


def _condition_holds(op: str, bound: Decimal, number: Decimal) -> bool:
    return {
        "<": number < bound,
        ">": number > bound,
        "=": number == bound,
        "<=": number <= bound,
        ">=": number >= bound,
        "<>": number != bound,
    }[op]


_PLACEHOLDERS = set("0#?")


def _render_section(section: str, number: Decimal) -> str:
    """Render one format section: the digits go where the first placeholder is."""
    if section.lower() in {"general", ""}:
        return format_general(number) if section else ""
    if section == "@":
        return format_general(number)
    parts, pattern, percent = _compile_section(section)
    if not pattern:
        return "".join(text for kind, text in parts if kind == "lit")
    digits = _render_digits(pattern, number * (Decimal(100) ** percent))
    return "".join(digits if kind == "num" else text for kind, text in parts)


@lru_cache(maxsize=512)
def _compile_section(section: str) -> tuple[tuple[tuple[str, str], ...], str, int]:
    """Split a section into (kind, text) parts ("lit" or the "num" slot), the digit
    pattern and the number of % signs. Cached: a sheet uses a handful of formats."""
    parts: list[tuple[str, str]] = []
    pattern = ""
    percent = 0
    for token in re.findall(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|.', section):
        if token.startswith('"'):
            parts.append(("lit", token[1:-1]))
        elif token.startswith("\\"):
            parts.append(("lit", token[1:]))
        elif token.startswith(("_", "*")):
            continue  # padding to a character's width / fill: no text of its own
        elif token.startswith("["):
            inner = token[1:-1]
            if inner.startswith("$"):
                # [$¥-804]: a currency symbol followed by a locale id.
                parts.append(("lit", inner[1:].split("-", 1)[0]))
            continue  # colours, conditions, locale tags
        elif token in _PLACEHOLDERS or (token in {".", ","} and pattern):
            if not pattern:
                parts.append(("num", ""))
            pattern += token
        elif (token in {"E", "e"} and pattern) or (
            token in {"+", "-"} and pattern.endswith(("E", "e"))
        ):
            pattern += token  # scientific notation: 0.00E+00
        elif token == "%":
            percent += 1
            parts.append(("lit", "%"))
        else:
            parts.append(("lit", token))
    return tuple(parts), pattern, percent


def _render_digits(pattern: str, number: Decimal) -> str:
    if "e" in pattern.lower():
        mantissa = pattern.lower().split("e", 1)[0]
        decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
        return f"{float(number):.{decimals}E}"
    integer_part, _, decimal_part = pattern.partition(".")
    # Commas right after the last integer placeholder scale by 1000 each.
    stripped = integer_part.rstrip(",")
    scale = len(integer_part) - len(stripped)
    if scale:
        number = number / (Decimal(1000) ** scale)
    thousands = "," in stripped
    min_decimals = sum(1 for ch in decimal_part if ch in "0?")
    max_decimals = sum(1 for ch in decimal_part if ch in _PLACEHOLDERS)
    min_integer = sum(1 for ch in stripped if ch in "0?")
    rounded = number.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{max_decimals}f}" if thousands else f"{abs(rounded):.{max_decimals}f}"
    whole, _, fraction = text.partition(".")
    if max_decimals > min_decimals:
        trimmed = fraction.rstrip("0")
        fraction = trimmed + "0" * max(0, min_decimals - len(trimmed))
    if min_integer == 0 and whole == "0":
        whole = ""
    elif len(whole.replace(",", "")) < min_integer:
        whole = whole.zfill(min_integer)
    sign = "-" if rounded < 0 else ""
    return sign + whole + ("." + fraction if fraction else "")


def format_general(number: float | Decimal) -> str:
    """Excel's General format without float noise: ``100000.0`` → ``100000``."""
    value = _to_decimal(number) if not isinstance(number, Decimal) else number
    if value is None:
        return str(number)
    if value == value.to_integral_value():
        return str(int(value))
    # 15 significant digits, like Excel's own precision, and never exponent form.
    rounded = Decimal(f"{float(value):.15g}")
    text = format(rounded, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# Date and time tokens of a number format (outside quotes).
_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|'
    r"AM/PM|am/pm|上午/下午|.",
    re.IGNORECASE,
)


def _is_date_format(fmt: str) -> bool:
    section = _split_sections(fmt)[0]
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section).lower()
    return bool(re.search(r"[ymdhs]", bare)) and not re.search(r"[0#?]", bare)


def format_date(value: dt.datetime | dt.date | dt.time, number_format: str = "") -> str:
    """Dates as ``2026-01-01`` (times as ``HH:MM[:SS]``), or per a Chinese date format.

    Formats that spell the date with 年/月/日 are rendered as written
    (``2026年1月1日``): that is what the printed table shows. Every other date
    format (``m/d/yyyy``, ``mm-dd-yy``, locale defaults) becomes ISO form, so the
    output does not depend on the locale of whoever saved the file.
    """
    fmt = _split_sections(number_format or "")[0]
    if any(ch in fmt for ch in "年月日时分秒"):
        return _render_date_format(value, fmt)
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt).lower()
    has_date = bool(re.search(r"[yd]", bare)) or ("m" in bare and "h" not in bare)
    has_time = "h" in bare or "s" in bare
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second or "s" in bare else "%H:%M")
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if not has_date and not has_time:
        has_date = True
        has_time = moment.time() != dt.time()
    parts = []
    if has_date or not has_time:
        parts.append(moment.strftime("%Y-%m-%d"))
    if has_time:
        parts.append(moment.strftime("%H:%M:%S" if "s" in bare or moment.second else "%H:%M"))
    return " ".join(parts)


def _render_date_format(value: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    if isinstance(value, dt.time):
        moment = dt.datetime.combine(dt.date(1900, 1, 1), value)
    elif isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.combine(value, dt.time())
    tokens = _DATE_TOKEN.findall(fmt)
    out: list[str] = []
    twelve_hour = any(t.lower() in {"am/pm", "上午/下午"} for t in tokens)
    for i, token in enumerate(tokens):
        low = token.lower()
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif token.startswith(("_", "*", "[")):
            continue
        elif low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in {"m", "mm"}:
            # m after h or before s is minutes (Excel's rule).
            before = [t.lower() for t in tokens[:i] if re.fullmatch(r"[a-z]+", t.lower())]
            after = [t.lower() for t in tokens[i + 1 :] if re.fullmatch(r"[a-z]+", t.lower())]
            minutes = (before and before[-1] in {"h", "hh"}) or (after and after[0] in {"s", "ss"})
            number = moment.minute if minutes else moment.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low in {"mmm", "mmmm"}:
            out.append(f"{moment.month}月")
        elif low in {"d", "dd"}:
            out.append(f"{moment.day:02d}" if low == "dd" else str(moment.day))
        elif low in {"ddd", "dddd"}:
            out.append("星期" + "一二三四五六日"[moment.weekday()])
        elif low in {"h", "hh"}:
            hour = (moment.hour % 12 or 12) if twelve_hour else moment.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in {"s", "ss"}:
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        elif token == "上午/下午":
            out.append("上午" if moment.hour < 12 else "下午")
        else:
            out.append(token)
    return "".join(out)


# --------------------------------------------------------------------------
# SpreadsheetML 2003
# --------------------------------------------------------------------------

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


def read_spreadsheetml_blocks(data: bytes) -> list[Block]:
    """Read an Excel 2003 XML workbook: one Table per non-empty ss:Worksheet."""
    root = _parse_xml(data)
    styles = _spreadsheetml_styles(root)
    return grids_to_blocks(
        _spreadsheetml_grid(sheet, styles) for sheet in root.iter(f"{{{_SS_NS}}}Worksheet")
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
            raise ReaderError(f"malformed SpreadsheetML XML: {_one_line(error)}") from error
        try:
            root = etree.fromstring(retry, parser)
        except etree.XMLSyntaxError:
            raise ReaderError(f"malformed SpreadsheetML XML: {_one_line(error)}") from error
    except ValueError as error:  # e.g. an encoding name libxml2 does not know
        raise ReaderError(f"unreadable SpreadsheetML XML: {_one_line(error)}") from error
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


def _spreadsheetml_grid(sheet: Any, styles: Mapping[str, str]) -> SpanGrid:
    grid = SpanGrid(name=sheet.get(_ss("Name")))
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
        if _is_date_format(fmt):
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
