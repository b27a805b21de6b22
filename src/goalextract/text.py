"""Text helpers shared by the parser: joining wrapped lines, splitting numbered items.

And :func:`plural`, for the counts in messages to people.
"""

from __future__ import annotations

import re
import unicodedata

from goalextract.numbering import INLINE_ITEM, ITEM

_QUOTED = re.compile(r'^\s*"(?P<body>.*)"\s*$', re.DOTALL)


_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """The comparison key of printed text: NFKC (full-width to half-width), no whitespace.

    ``（万元）`` and ``(万元)``, ``＞＝`` and ``>=``, ``项 目 名 称`` and ``项目名称``
    are the same key: the layout and the input method never change a meaning.
    """
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def unquote(text: str) -> str:
    """Remove ASCII double quotes that wrap a whole cell (spreadsheet quoting residue)."""
    found = _QUOTED.match(text)
    if found and '"' not in found.group("body"):
        return found.group("body")
    return text


def join_wrapped(text: str) -> str:
    """Join a cell's lines back into one: wrapped lines join without a separator.

    Two Latin words split over lines keep one space between them; everything
    else (CJK, digits, codes) is joined directly (``100000.0⏎0`` → ``100000.00``).
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        if (
            out[-1].isascii()
            and out[-1].isalpha()
            and line[0].isascii()
            and line[0].isalpha()
            and (" " in out or " " in line)
        ):
            out += " " + line
        else:
            out += line
    return out


def clean_value(text: str) -> str:
    """A cell's value as printed, for single-line fields: unquoted, wraps joined."""
    return join_wrapped(unquote(text.strip()))


def keep_paragraphs(text: str) -> str:
    """A free-text cell as printed: unquoted, lines trimmed, blank lines dropped."""
    lines = (line.strip() for line in unquote(text.strip()).splitlines())
    return "\n".join(line for line in lines if line)


def split_items(text: str) -> list[str]:
    """Split a goal cell into its numbered items, numbering removed, wraps joined.

    >>> split_items("1.机关自身建设。\\n2.机关网站运行维护。")
    ['机关自身建设。', '机关网站运行维护。']
    """
    text = unquote(text.strip()).strip()
    if not text:
        return []
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(part for part in INLINE_ITEM.split(line))
    items: list[list[str]] = []
    numbered = any(ITEM.match(line) for line in lines)
    for line in lines:
        stripped = line.strip().strip('"').strip()
        if not stripped:
            continue
        if numbered and ITEM.match(stripped):
            items.append([ITEM.sub("", stripped, count=1)])
        elif items:
            items[-1].append(stripped)
        else:
            items.append([stripped])
    joined = [join_wrapped("\n".join(parts)) for parts in items]
    return [item for item in joined if item]


def strip_numbering(text: str) -> str:
    """Remove list numbering (``1.`` ``一、`` ``（1）``) from the start of a heading."""
    return ITEM.sub("", text.strip(), count=1).strip()


def plural(count: int, noun: str) -> str:
    """``1 project``, ``2 projects``: a count and a (regular) English noun."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
