"""Automatic list numbers (numbering.xml), printed the way Word prints them.

The parser splits numbered goals at their numbers (1. （1） ① 一、), so a list
paragraph's number must reach the block stream as text, as it does in Word's
own text export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from goalextract.readers.word.xml import child, namespace


@dataclass
class _Level:
    """One level of a list definition (w:lvl)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: every level number printed in decimal


class Numbering:
    """Automatic list numbers from numbering.xml, counted in document order.

    Counters are kept per abstract list, so two w:num instances of one list
    continue each other's count unless a startOverride restarts them, which is
    what Word does. A level resets the levels below it. Bullets print nothing.
    Word 2003 XML keeps its lists elsewhere (w:lists) and is not numbered.
    """

    def __init__(self, ns: str, numbering: Any, styles: Any) -> None:
        self.ns = ns
        self.val = f"{{{ns}}}val"
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None and namespace(numbering) == ns:
            self._load_numbering(numbering)
        if styles is not None and namespace(styles) == ns and self.nums:
            self._load_styles(styles)

    def _w(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def _attr(self, element: Any, name: str) -> str:
        if element is None:
            return ""
        return str(element.get(self._w(name), ""))

    def _int(self, element: Any, default: int) -> int:
        try:
            return int(self._attr(element, "val"))
        except ValueError:
            return default

    def _load_numbering(self, root: Any) -> None:
        for abstract in root.iter(self._w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(self._w("lvl")):
                levels[self._int_attr(lvl, "ilvl")] = _Level(
                    start=self._int(lvl.find(self._w("start")), 1),
                    fmt=self._attr(lvl.find(self._w("numFmt")), "val") or "decimal",
                    text=self._attr(lvl.find(self._w("lvlText")), "val"),
                    suffix=self._attr(lvl.find(self._w("suff")), "val") or "tab",
                    legal=lvl.find(self._w("isLgl")) is not None,
                )
            self.abstract[self._attr(abstract, "abstractNumId")] = levels
        for num in root.iter(self._w("num")):
            overrides: dict[int, int] = {}
            for override in num.iter(self._w("lvlOverride")):
                start = override.find(self._w("startOverride"))
                if start is not None:
                    overrides[self._int_attr(override, "ilvl")] = self._int(start, 1)
            abstract_id = self._attr(num.find(self._w("abstractNumId")), "val")
            self.nums[self._attr(num, "numId")] = (abstract_id, overrides)

    def _int_attr(self, element: Any, name: str) -> int:
        try:
            return int(self._attr(element, name))
        except ValueError:
            return 0

    def _load_styles(self, root: Any) -> None:
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in root.iter(self._w("style")):
            style_id = self._attr(style, "styleId")
            num_pr = style.find(f"{self._w('pPr')}/{self._w('numPr')}")
            if num_pr is not None:
                num_element = num_pr.find(self._w("numId"))
                lvl_element = num_pr.find(self._w("ilvl"))
                own[style_id] = (
                    self._attr(num_element, "val") if num_element is not None else None,
                    self._int(lvl_element, 0) if lvl_element is not None else None,
                )
            parent = style.find(self._w("basedOn"))
            if parent is not None:
                based[style_id] = self._attr(parent, "val")
        for style_id in set(own) | set(based):
            num_id: str | None = None
            ilvl: int | None = None
            current: str | None = style_id
            seen: set[str] = set()
            while current is not None and current not in seen and (num_id is None or ilvl is None):
                seen.add(current)
                found_num, found_lvl = own.get(current, (None, None))
                num_id = num_id if num_id is not None else found_num
                ilvl = ilvl if ilvl is not None else found_lvl
                current = based.get(current)
            if num_id:
                self.style_numbers[style_id] = (num_id, ilvl or 0)

    def label(self, p: Any) -> str:
        """The printed list number of paragraph ``p`` (with its separator), or ""."""
        if not self.nums:
            return ""
        num_id, ilvl = self._list_of(p)
        if not num_id or num_id not in self.nums:  # numId 0 switches numbering off
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        ilvl = min(max(ilvl or 0, 0), 8)
        if not levels or ilvl not in levels:
            return ""
        counters = self._count(num_id, abstract_id, overrides, levels[ilvl], ilvl)
        level = levels[ilvl]
        if level.fmt in {"bullet", "none"}:
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            spec = levels.get(k, _Level())
            value = counters.get(k, spec.start)
            fmt = "decimal" if level.legal and k < ilvl else spec.fmt
            return _format_number(value, fmt)

        printed = _LEVEL_REF.sub(number, level.text)
        if not printed:
            return ""
        return printed + ("" if level.suffix == "nothing" else " ")

    def _list_of(self, p: Any) -> tuple[str | None, int | None]:
        """The paragraph's list (numId) and level: its style's, overridden by its own."""
        p_pr = child(p, self._w("pPr"))
        if p_pr is None:
            return None, None
        num_id: str | None = None
        ilvl: int | None = None
        style = child(p_pr, self._w("pStyle"))
        if style is not None:
            num_id, ilvl = self.style_numbers.get(self._attr(style, "val"), (None, None))
        num_pr = child(p_pr, self._w("numPr"))
        if num_pr is not None:
            direct_num = child(num_pr, self._w("numId"))
            direct_lvl = child(num_pr, self._w("ilvl"))
            if direct_num is not None:
                num_id = self._attr(direct_num, "val")
            if direct_lvl is not None:
                ilvl = self._int(direct_lvl, 0)
        return num_id, ilvl

    def _count(
        self, num_id: str, abstract_id: str, overrides: dict[int, int], level: _Level, ilvl: int
    ) -> dict[int, int]:
        """Advance the list's counter at ``ilvl`` (resetting deeper levels); the counters."""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return counters


_LEVEL_REF = re.compile(r"%([1-9])")
_CHINESE_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(value: int, digits: str = _CHINESE_DIGITS, ten: str = "十") -> str:
    """Chinese counting for list numbers (1-99 as Word prints them; larger in digits)."""
    if value <= 0 or value >= 100:
        return str(value)
    tens, ones = divmod(value, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")


def _roman(value: int) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    out = []
    for amount, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def _letters(value: int) -> str:
    # Word's alphabetic lists: a..z, then aa..zz, aaa.. (the letter repeated).
    if value <= 0:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _format_number(value: int, fmt: str) -> str:
    """A list counter in a w:numFmt."""
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "ideographDigital",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    }:
        return _chinese(value)
    if fmt == "chineseLegalSimplified":
        return _chinese(value, _LEGAL_DIGITS, "拾")
    if fmt in {"decimalEnclosedCircle", "decimalEnclosedCircleChinese"} and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if fmt == "ideographTraditional" and 1 <= value <= 10:
        return _HEAVENLY_STEMS[value - 1]
    if fmt == "ideographZodiac" and 1 <= value <= 12:
        return _EARTHLY_BRANCHES[value - 1]
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)
