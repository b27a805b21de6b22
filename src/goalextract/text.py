"""Text helpers shared by the parser: joining wrapped lines, splitting numbered items."""

from __future__ import annotations

import re

_QUOTED = re.compile(r'^\s*"(?P<body>.*)"\s*$', re.DOTALL)
# Item numbering at the start of a line: 1. 1、 1． （1） (1) ① 目标1: 一、
_NUMBERING = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．,，](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①-⑳]|目标\s*\d{1,2}\s*[:：]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．])\s*"
)
# The same numbering after sentence-ending punctuation inside one line.
_INLINE_NUMBERING = re.compile(
    r"(?<=[。；;！!])\s*(?=(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]))"
)
_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]")


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
        lines.extend(part for part in _INLINE_NUMBERING.split(line))
    items: list[list[str]] = []
    numbered = any(_NUMBERING.match(line) for line in lines)
    for line in lines:
        stripped = line.strip().strip('"').strip()
        if not stripped:
            continue
        if numbered and _NUMBERING.match(stripped):
            items.append([_NUMBERING.sub("", stripped, count=1)])
        elif items:
            items[-1].append(stripped)
        else:
            items.append([stripped])
    joined = [join_wrapped("\n".join(parts)) for parts in items]
    return [item for item in joined if item]


def strip_numbering(text: str) -> str:
    """Remove list numbering (``1.`` ``一、`` ``（1）``) from the start of a heading."""
    return _NUMBERING.sub("", text.strip(), count=1).strip()
