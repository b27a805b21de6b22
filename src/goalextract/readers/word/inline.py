"""A paragraph's visible text: runs, tabs and breaks, without field codes or hidden text.

Left out, because Word does not print them: field instructions (``w:instrText``
between ``fldChar`` begin and separate, the ``instr`` attribute of
``w:fldSimple``, whose children are the visible result), hidden runs
(``w:vanish``, which is how TC fields are hidden), tracked deletions and the
other markup :data:`goalextract.readers.word.xml.SKIP` lists. Symbols inserted
with Insert > Symbol (``w:sym``) are mapped to the characters they show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goalextract.readers.word.xml import Markup, child, switched_on

# w:sym elements carry a font and a code in the font's own encoding (often in the
# U+F0xx private-use alias). The Symbol font puts the math signs budget tables
# use (≥, ≤) where Latin-1 has other letters, and Wingdings holds the check
# boxes; other codes are kept as they are.
_SYMBOL_FONT = {
    0x3C: "<",
    0x3D: "=",
    0x3E: ">",
    0x25: "%",
    0xA3: "≤",
    0xB3: "≥",
    0xB9: "≠",
    0xB1: "±",
    0xB4: "×",
    0xB8: "÷",
    0xBB: "≈",
    0xB0: "°",
    0xD6: "√",
    0xAE: "→",
    0xAC: "←",
    0xB7: "•",
    0xBC: "…",
    0xA5: "∞",
    0xD7: "·",
}
_WINGDINGS = {
    0xFC: "✓",
    0xFB: "✗",
    0xFE: "☑",
    0xFD: "☒",
    0xA8: "☐",
    0x6F: "□",
    0xA1: "○",
    0x9F: "•",
    0x6C: "●",
    0x6E: "■",
}


@dataclass
class _Field:
    """One open complex field: in its instruction until ``separate``."""

    in_instruction: bool = True


@dataclass
class _TextState:
    """Field nesting while collecting one paragraph's visible text."""

    fields: list[_Field] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        # Anything inside an instruction is instruction text, including the
        # results of fields nested in that instruction.
        return any(f.in_instruction for f in self.fields)


def visible_text(p: Any, m: Markup) -> str:
    """The visible text of paragraph ``p`` (line breaks as \\n, tabs as \\t)."""
    # Field state is per paragraph: a field left open by a damaged document
    # must not swallow the rest of it.
    state = _TextState()
    _inline(p, m, state)
    return "".join(state.parts)


def _inline(element: Any, m: Markup, state: _TextState) -> None:
    for item in element:
        tag = item.tag
        if tag == m.R:
            _run(item, m, state)
        elif tag == m.FLD_SIMPLE or m.descend(item):
            # w:fldSimple: its w:instr attribute is the instruction and its
            # children the visible result. Others: w:hyperlink, w:smartTag,
            # w:ins, w:moveTo, w:sdt, w:customXml, w:bdo/w:dir, Word 2003
            # w:hlink and aml insertions.
            _inline(item, m, state)


def _run(run: Any, m: Markup, state: _TextState) -> None:
    hidden = _hidden(run, m)
    parts = state.parts
    for item in run:
        tag = item.tag
        if tag == m.FLD_CHAR:
            _field_char(item.get(m.FLD_CHAR_TYPE), state)
            continue
        if tag not in m.text_parts or hidden or (state.fields and state.hidden):
            continue
        if tag == m.T:
            parts.append(_text(item))
        elif tag == m.SYM:
            parts.append(_symbol(item, m))
        else:
            parts.append(m.text_parts[tag] or "")


def _hidden(run: Any, m: Markup) -> bool:
    r_pr = child(run, m.R_PR)
    if r_pr is None:
        return False
    return any(switched_on(prop, m.val) for prop in r_pr.iterchildren(*m.HIDDEN))


def _field_char(kind: str | None, state: _TextState) -> None:
    if kind == "begin":
        state.fields.append(_Field())
    elif kind == "separate" and state.fields:
        state.fields[-1].in_instruction = False
    elif kind == "end" and state.fields:
        state.fields.pop()


def _text(t: Any) -> str:
    # python-docx's parser keeps XML comments (lxml's own parse here drops
    # them); a comment inside w:t must not cut its text short.
    if len(t):
        return "".join(t.itertext())
    return str(t.text or "")


def _symbol(sym: Any, m: Markup) -> str:
    font = str(sym.get(m.w("font"), "")).lower()
    try:
        code = int(str(sym.get(m.w("char"), "")), 16)
    except ValueError:
        return ""
    low = code - 0xF000 if code >= 0xF000 else code
    if font == "symbol" and low in _SYMBOL_FONT:
        return _SYMBOL_FONT[low]
    if font.startswith("wingdings"):
        # An unmapped dingbat is kept as its private-use code, not as the
        # ASCII letter that shares its number.
        return _WINGDINGS.get(low, chr(code))
    return chr(low) if 0x20 <= low < 0x7F else chr(code)
