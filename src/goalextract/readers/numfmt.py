"""Excel number formats rendered as printed: ``0.1`` with ``0.00%`` is ``10.00%``.

The parser reads values the way a person reads the printed table, so the
spreadsheet readers hand it each cell's text as Excel would print it from the
stored value and the cell's number format: decimals, thousands separators,
percentages, literal text and currency symbols, sections and conditions, and
dates (Chinese 年月日 formats as written, every other date format as ISO so the
output does not depend on the locale of whoever saved the file).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache


def normalise_newlines(text: str) -> str:
    """Excel stores in-cell line breaks as LF, some writers as CRLF or CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
        if is_date_format(number_format):
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


def is_date_format(fmt: str) -> bool:
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
    twelve_hour = any(t.lower() in {"am/pm", "上午/下午"} for t in tokens)
    return "".join(_date_token(tokens, i, moment, twelve_hour) for i in range(len(tokens)))


# Date tokens that print one field of the moment, whatever stands around them.
_DATE_FIELDS: dict[str, Callable[[dt.datetime], str]] = {
    "yyyy": lambda m: f"{m.year:04d}",
    "yy": lambda m: f"{m.year % 100:02d}",
    "mmm": lambda m: f"{m.month}月",
    "mmmm": lambda m: f"{m.month}月",
    "d": lambda m: str(m.day),
    "dd": lambda m: f"{m.day:02d}",
    "ddd": lambda m: "星期" + "一二三四五六日"[m.weekday()],
    "dddd": lambda m: "星期" + "一二三四五六日"[m.weekday()],
    "s": lambda m: str(m.second),
    "ss": lambda m: f"{m.second:02d}",
    "am/pm": lambda m: "AM" if m.hour < 12 else "PM",
    "上午/下午": lambda m: "上午" if m.hour < 12 else "下午",
}


def _date_token(tokens: list[str], i: int, moment: dt.datetime, twelve_hour: bool) -> str:
    """The printed form of ``tokens[i]``: literal text, a date field, or the token itself."""
    token = tokens[i]
    low = token.lower()
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    if token.startswith(("_", "*", "[")):
        return ""  # padding, fill, colours and locale tags print nothing
    if low in {"m", "mm"}:
        # m after h or before s is minutes (Excel's rule).
        before = [t.lower() for t in tokens[:i] if re.fullmatch(r"[a-z]+", t.lower())]
        after = [t.lower() for t in tokens[i + 1 :] if re.fullmatch(r"[a-z]+", t.lower())]
        minutes = (before and before[-1] in {"h", "hh"}) or (after and after[0] in {"s", "ss"})
        number = moment.minute if minutes else moment.month
        return f"{number:02d}" if low == "mm" else str(number)
    if low in {"h", "hh"}:
        hour = (moment.hour % 12 or 12) if twelve_hour else moment.hour
        return f"{hour:02d}" if low == "hh" else str(hour)
    printed = _DATE_FIELDS.get(low)
    return printed(moment) if printed is not None else token
