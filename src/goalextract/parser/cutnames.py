"""A flat-list block cut at a page break: its name and amounts printed on both pages.

A PDF draws a merged cell cut by a page break on each page it covers, clipped
to the part of the cell the page holds: each page shows some of the cell's
lines, and a line cut by the break may show on both. So the name of a block
that runs onto a new page comes back at the top of that page as its head
(``…网络市级枢`` | ``…网络市级枢纽平台基础运维``), its tail
(``化蓝皮书`` | ``…首都现代化蓝皮书``), or a tail that repeats the last line
the page before showed (``…市级枢纽平台基础运`` | ``市级枢纽平台基础运维``).
This module tells such a repeat from the name of a new block, and puts the
two printings together.
"""

from __future__ import annotations

import unicodedata

from goalextract.values import parse_amount

# A repeated line is a whole line of the name column: a few characters at least.
# Shorter overlaps happen by chance (`…项目` | `目标…`).
_MIN_OVERLAP = 4


def _key(text: str) -> list[tuple[int, str]]:
    """(position, character) of the text's letters, punctuation and spaces left out.

    The two printings of a line may differ in punctuation: a page can leave a
    glyph out of a clipped line (`问题违规` on one page, `问题、违规` on the next).
    """
    return [
        (position, char)
        for position, char in enumerate(text)
        if not char.isspace() and not unicodedata.category(char).startswith("P")
    ]


def overlap_join(head: str, tail: str) -> str | None:
    """``head`` and ``tail`` as one text when the end of one repeats the start of the other.

    The longest overlap counts; the tail's printing of it is kept. None when
    they share less than a line's worth of characters.
    """
    first, second = _key(head), _key(tail)
    for size in range(min(len(first), len(second)), _MIN_OVERLAP - 1, -1):
        if [c for _, c in first[-size:]] == [c for _, c in second[:size]]:
            return head[: first[-size][0]] + tail
    return None


def rejoined_name(printed: str, again: str) -> str | None:
    """The whole name when ``again`` prints the cut name ``printed`` once more.

    ``again`` may be the whole name (``printed`` is its head or its tail) or
    its end repeating the last line of ``printed``. None for another name.
    """
    if again == printed or printed.endswith(again):
        return None  # nothing new: the caller's "already read"
    if again.startswith(printed) or again.endswith(printed):
        return again
    return overlap_join(printed, again)


def same_amount(first: str, second: str) -> bool:
    """Whether two printings of a cut amount cell read the same amount.

    Either may have lost a glyph that the other shows (`264 640000` beside
    `264.640000`: the PDF left the point out of the clipped copy and a gap
    in its place).
    """
    value = parse_amount(first)[0]
    if value is not None and value == parse_amount(second)[0]:
        return True
    return lossy_copy(first, second) or lossy_copy(second, first)


def lossy_copy(copy: str, full: str) -> bool:
    """Whether ``copy`` is ``full`` with some characters printed as gaps."""
    return (
        len(copy) == len(full)
        and copy != full
        and all(a == b or a == " " for a, b in zip(copy, full, strict=True))
    )
