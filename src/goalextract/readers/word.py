"""Reader for Word documents: .docx, Word XML saved as .doc (``wordml``) and binary .doc.

The parser is format-blind, so this reader produces the same block stream as
Word's own plain-text export read by :mod:`goalextract.readers.text`:

* body paragraphs outside tables become :class:`Paragraph` blocks (one per printed
  line: a soft line break splits a paragraph the way the text export does; blank
  lines are skipped);
* every top-level table becomes a :class:`Table` whose rows hold each distinct cell
  once: a horizontally merged cell (``w:gridSpan``) is one cell with ``col`` = its
  first grid column and ``colspan`` = its span, and a vertically merged
  continuation cell (``w:vMerge`` without ``restart``) is an empty cell at its grid
  column, which is exactly what the text export prints;
* cell text is the cell's paragraphs joined with ``\\n`` (trailing empty paragraphs
  dropped, as the text reader does), visible text only: field instructions
  (``w:instrText`` between ``fldChar`` begin and separate, the ``instr`` of
  ``w:fldSimple``), hidden runs (``w:vanish``, which is how TC fields are hidden)
  and tracked deletions are left out; :func:`strip_field_codes` runs last as a
  safety net.

The XML is walked directly with lxml. python-docx's ``Table.cell()`` is
quadratic and ``row.cells`` repeats a merged cell once per grid column, so
neither is used; grid columns are tracked from ``w:gridBefore`` and
``w:gridSpan``.

Input kinds, told apart by the bytes (the registry sends ``docx``, ``wordml`` and
``doc`` here):

* ``PK`` zip: a .docx (or a docx under a wrong name); the main part is found
  through ``_rels/.rels``, falling back to ``word/document.xml``;
* XML: a Flat-OPC ``pkg:package`` (the part ``/word/document.xml``) or Word 2003
  XML (``w:wordDocument``, namespace ``.../office/word/2003/wordml``), which uses
  the same element names in its own namespace (``w:vmerge`` in lower case);
* OLE compound file: a Word 97 .doc, converted to .docx by LibreOffice
  (:func:`goalextract.readers.office.convert`) and then read as a .docx. One
  exception: a .doc whose main text ends inside a table (no paragraph after the
  last table, as some generators write it, our sample included) loses that table
  in LibreOffice's import, so such a file is read from its binary structures
  here (see ``goalextract.readers.doc97``), with the same stream rules.

Automatic list numbers (numbering.xml) are printed as Word prints them, since
the parser splits numbered goals at them. Headers, footers, footnotes and
comments are not read. Text boxes and drawings (``w:drawing``, ``w:pict``,
``mc:AlternateContent`` choices) are skipped: their text floats outside the
reading order and the legacy fallback would otherwise be read twice. Paragraphs
carry an empty Location: a .docx has no lines or pages to point at.
"""

from __future__ import annotations

import base64
import binascii
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from goalextract.cells import Block, Cell, Location, Paragraph, ReadResult, Table, strip_field_codes
from goalextract.errors import ReaderError, UnsupportedFormat
from goalextract.readers import ReadOptions

# WordprocessingML namespaces: transitional (what Word writes), strict ISO 29500,
# and Word 2003 XML. Element local names are the same in all three.
W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_W_NAMESPACES = frozenset({W_TRANSITIONAL, W_STRICT, W_2003})
# Word 2003 revision marks (aml:annotation) and the Flat-OPC package.
_AML = "http://schemas.microsoft.com/aml/2001/core"
_PKG = "http://schemas.microsoft.com/office/2006/xmlPackage"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_MAIN_CONTENT_TYPE = "wordprocessingml.document.main+xml"

# Word markup whose content never prints in the body text: properties, tracked
# deletions and moves-away, field instructions, drawings and text boxes,
# note/comment references (their text lives in other parts).
_SKIP = frozenset(
    {
        "pPr",
        "rPr",
        "tcPr",
        "trPr",
        "tblPr",
        "tblGrid",
        "sectPr",
        "sdtPr",
        "sdtEndPr",
        "del",
        "moveFrom",
        "delText",
        "delInstrText",
        "instrText",
        "drawing",
        "pict",
        "object",
        "txbxContent",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
        "footnote",
        "endnote",
    }
)
# Truthy values of an on/off property such as <w:vanish w:val="..."/>.
_OFF = frozenset({"0", "false", "off", "none"})

# Characters inserted with Insert > Symbol are w:sym elements with a font and a
# code in the font's own encoding (often in the U+F0xx private-use alias). The
# Symbol font puts the math signs budget tables use (≥, ≤) where Latin-1 has other
# letters, and Wingdings holds the check boxes; other codes are kept as they are.
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


def read(
    data: bytes, *, fmt: str, name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read a .docx (``fmt`` docx) or a Word XML file (``wordml``) into the block stream."""
    if fmt == "docx":
        return ReadResult(blocks=read_docx_blocks(data), format="docx")
    if fmt == "wordml":
        return ReadResult(blocks=_read_wordml(data), format="wordml")
    raise UnsupportedFormat(f"the Word reader does not read {fmt!r}")


# --------------------------------------------------------------------------- inputs


def _parse_xml(data: bytes, what: str) -> Any:
    # No entity resolution and no network: the input is untrusted. huge_tree lets
    # very long documents (thousands of table rows) through libxml2's limits.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ReaderError(f"damaged {what}: XML syntax error: {error}") from error
    if root is None:
        raise ReaderError(f"damaged {what}: no XML content")
    return root


def read_docx_blocks(data: bytes, *, converted: bool = False) -> list[Block]:
    """The block stream of a .docx (``converted``: made by LibreOffice from a .doc)."""
    what = "Word file (converted from .doc)" if converted else ".docx file"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _main_part_name(archive)
            if part is None:
                raise ReaderError(f"damaged {what}: it has no word/document.xml")
            xml = archive.read(part)
            numbering, styles = _docx_aux_parts(archive, part)
    except ReaderError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as error:
        raise ReaderError(f"damaged {what} (not a readable zip): {error}") from error
    except NotImplementedError as error:  # an unsupported zip compression method
        raise ReaderError(f"cannot unpack this {what}: {error}") from error
    return _blocks_from_document(_parse_xml(xml, what), what, numbering, styles)


def _docx_aux_parts(archive: zipfile.ZipFile, main: str) -> tuple[Any, Any]:
    """The numbering and styles parts (parsed), or None where absent or unreadable.

    They only serve list numbers, so a damaged one costs the numbers, not the file.
    """
    names = set(archive.namelist())
    folder = posixpath.dirname(main)
    targets = {"numbering": f"{folder}/numbering.xml", "styles": f"{folder}/styles.xml"}
    rels_name = f"{folder}/_rels/{posixpath.basename(main)}.rels"
    if rels_name in names:
        rels = _parse_aux(archive.read(rels_name))
        for rel in rels.iter(f"{{{_REL}}}Relationship") if rels is not None else ():
            kind = str(rel.get("Type", "")).rsplit("/", 1)[-1]
            if kind in targets and rel.get("TargetMode") != "External":
                target = str(rel.get("Target", ""))
                targets[kind] = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                )
    found = [
        _parse_aux(archive.read(targets[k])) if targets[k] in names else None
        for k in ("numbering", "styles")
    ]
    return found[0], found[1]


def _parse_aux(data: bytes) -> Any:
    try:
        return _parse_xml(data, "part")
    except ReaderError:
        return None


def _main_part_name(archive: zipfile.ZipFile) -> str | None:
    """The main document part: the officeDocument relationship, else word/document.xml."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        try:
            rels = _parse_xml(archive.read("_rels/.rels"), "package relationships")
        except ReaderError:
            rels = None
        if rels is not None:
            for rel in rels.iter(f"{{{_REL}}}Relationship"):
                if str(rel.get("Type", "")).endswith("/officeDocument"):
                    target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                    if target in names:
                        return target
    if "word/document.xml" in names:
        return "word/document.xml"
    # Some producers write the part name in another case.
    for candidate in names:
        if candidate.lower() == "word/document.xml":
            return candidate
    return None


def _read_wordml(data: bytes) -> list[Block]:
    root = _parse_xml(data, "Word XML file")
    if root.tag == f"{{{_PKG}}}package":
        what = "Flat-OPC Word XML file"
        document = _flat_opc_part(root, "/word/document.xml", _MAIN_CONTENT_TYPE)
        if document is None:
            raise ReaderError(f"damaged {what}: it has no /word/document.xml part")
        numbering = _flat_opc_part(root, "/word/numbering.xml", "numbering+xml", optional=True)
        styles = _flat_opc_part(root, "/word/styles.xml", "styles+xml", optional=True)
        return _blocks_from_document(document, what, numbering, styles)
    if _local(root) in {"wordDocument", "document"} and _namespace(root) in _W_NAMESPACES:
        return _blocks_from_document(root, "Word XML file")
    raise ReaderError(
        "an XML file that is neither a Flat-OPC Word package (pkg:package) "
        "nor Word 2003 XML (w:wordDocument)"
    )


def _flat_opc_part(package: Any, name: str, content_type: str, *, optional: bool = False) -> Any:
    """The root element of a Flat-OPC part, found by name or content type; None if absent."""
    parts = list(package.iter(f"{{{_PKG}}}part"))
    chosen = next((p for p in parts if p.get(f"{{{_PKG}}}name") == name), None)
    if chosen is None:
        chosen = next(
            (p for p in parts if str(p.get(f"{{{_PKG}}}contentType", "")).endswith(content_type)),
            None,
        )
    if chosen is None:
        return None
    for child in chosen:
        if child.tag == f"{{{_PKG}}}xmlData":
            for element in child:
                if isinstance(element.tag, str):
                    return element
        elif child.tag == f"{{{_PKG}}}binaryData":
            try:
                raw = base64.b64decode("".join(child.itertext()), validate=False)
                return _parse_xml(raw, f"Flat-OPC Word XML file (part {name})")
            except (binascii.Error, ValueError, ReaderError) as error:
                if optional:
                    return None
                raise ReaderError(
                    f"damaged Flat-OPC Word XML file: unreadable part {name}: {error}"
                ) from error
    if optional:
        return None
    raise ReaderError(f"damaged Flat-OPC Word XML file: the {name} part is empty")


def _blocks_from_document(
    root: Any, what: str, numbering: Any = None, styles: Any = None
) -> list[Block]:
    namespace = _namespace(root)
    if namespace not in _W_NAMESPACES:
        raise ReaderError(f"damaged {what}: the main part is not WordprocessingML")
    body = root.find(f"{{{namespace}}}body")
    if body is None:
        raise ReaderError(f"damaged {what}: the document has no body")
    walker = _Walker(namespace, _Numbering(namespace, numbering, styles))
    walker.container(body)
    return walker.blocks


# --------------------------------------------------------------------------- helpers


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def _namespace(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


def _child(parent: Any, tag: str) -> Any:
    """The first child with ``tag``, or None.

    lxml's ``find`` goes through its Python ElementPath layer; ``iterchildren``
    filters in C, which matters at one call per cell and property.
    """
    return next(parent.iterchildren(tag), None)


def _on(prop: Any, val: str) -> bool:
    """Whether an on/off property element (w:vanish, ...) is switched on."""
    value = prop.get(val)
    return value is None or str(value).lower() not in _OFF


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


@dataclass
class _CellDraft:
    text: str
    col: int
    colspan: int


@dataclass
class _Level:
    """One level of a list definition (w:lvl)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: every level number printed in decimal


class _Numbering:
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
        if numbering is not None and _namespace(numbering) == ns:
            self._load_numbering(numbering)
        if styles is not None and _namespace(styles) == ns and self.nums:
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
        p_pr = _child(p, self._w("pPr"))
        if p_pr is None:
            return ""
        num_id: str | None = None
        ilvl: int | None = None
        style = _child(p_pr, self._w("pStyle"))
        if style is not None:
            num_id, ilvl = self.style_numbers.get(self._attr(style, "val"), (None, None))
        num_pr = _child(p_pr, self._w("numPr"))
        if num_pr is not None:
            direct_num = _child(num_pr, self._w("numId"))
            direct_lvl = _child(num_pr, self._w("ilvl"))
            if direct_num is not None:
                num_id = self._attr(direct_num, "val")
            if direct_lvl is not None:
                ilvl = self._int(direct_lvl, 0)
        if not num_id or num_id not in self.nums:  # numId 0 switches numbering off
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        ilvl = min(max(ilvl or 0, 0), 8)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
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


class _Walker:
    """Walks a w:body and collects the block stream.

    Tags are compared as full ``{namespace}name`` strings built once here: the
    walk touches every element, and splitting tag names per element would
    dominate the run time of long tables.
    """

    def __init__(self, namespace: str, numbering: _Numbering) -> None:
        self.ns = namespace

        def w(name: str) -> str:
            return f"{{{namespace}}}{name}"

        self.w = w
        self.val = w("val")
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0  # top-level tables seen: Location.table
        self.P, self.TBL, self.TR, self.TC, self.R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
        self.TR_PR, self.TC_PR, self.R_PR = w("trPr"), w("tcPr"), w("rPr")
        self.FLD_SIMPLE, self.FLD_CHAR, self.FLD_CHAR_TYPE = (
            w("fldSimple"),
            w("fldChar"),
            w("fldCharType"),
        )
        self.GRID_SPAN, self.GRID_BEFORE = w("gridSpan"), w("gridBefore")
        # Word 2003 XML spells the merge properties in lower case.
        self.VMERGE = (w("vMerge"), w("vmerge"))
        self.HMERGE = (w("hMerge"), w("hmerge"))
        self.HIDDEN = (w("vanish"), w("specVanish"))
        self.skip = frozenset(w(name) for name in _SKIP)
        self.wrappers = frozenset({w("sdt"), w("sdtContent"), w("customXml")})
        self.text_parts = {
            w("t"): None,
            w("tab"): "\t",
            w("ptab"): "\t",
            # Line, page and column breaks all end a printed line.
            w("br"): "\n",
            w("cr"): "\n",
            w("noBreakHyphen"): "-",
            w("sym"): None,
        }
        self.T, self.SYM = w("t"), w("sym")

    # ---- block level

    def container(self, element: Any) -> None:
        """Body, content control, section wrapper: paragraphs and tables in order."""
        for child in element:
            tag = child.tag
            if tag == self.P:
                for line in self.paragraph_text(child).split("\n"):
                    cleaned = strip_field_codes(line)
                    if cleaned.strip():
                        self.blocks.append(Paragraph(text=cleaned, location=Location()))
            elif tag == self.TBL:
                self.blocks.append(self.table(child))
            elif self._descend(child):
                # w:sdt/w:sdtContent, w:customXml, Word 2003's wx:sect and
                # wx:sub-section, aml:annotation insertions: wrappers around blocks.
                self.container(child)

    def _descend(self, element: Any) -> bool:
        """Whether an element other than p/tbl/r may hold printed content."""
        tag = element.tag
        if not isinstance(tag, str) or tag in self.skip:
            return False
        if tag.startswith(f"{{{self.ns}}}"):
            return True  # w:hyperlink, w:ins, w:smartTag, w:sdt, ...
        namespace = _namespace(element)
        if namespace == _MC:
            return False  # mc:AlternateContent: drawings, see the module docstring
        if namespace == _AML:
            # Word 2003 tracked deletion: <aml:annotation w:type="Word.Deletion">.
            return not str(element.get(self.w("type"), "")).endswith("Deletion")
        return _local(element) not in _SKIP

    # ---- tables

    def table(self, tbl: Any) -> Table:
        index = self.tables
        self.tables += 1
        rows: list[tuple[Cell, ...]] = []
        for tr in self._children(tbl, self.TR):
            if self._row_deleted(tr):
                continue
            drafts = self.row_cells(tr)
            if not drafts:
                continue
            r = len(rows)
            rows.append(
                tuple(
                    Cell(
                        text=d.text,
                        row=r,
                        col=d.col,
                        colspan=d.colspan,
                        location=Location(table=index, row=r, col=d.col),
                    )
                    for d in drafts
                )
            )
        return Table(rows=tuple(rows), location=Location(table=index))

    def _children(self, element: Any, tag: str) -> Iterator[Any]:
        """Children with ``tag``, looking through sdt/customXml wrappers."""
        for child in element:
            if child.tag == tag:
                yield child
            elif child.tag in self.wrappers or (
                # Word 2003 revision marks: aml:annotation > aml:content.
                _namespace(child) == _AML and self._descend(child)
            ):
                yield from self._children(child, tag)

    def _row_deleted(self, tr: Any) -> bool:
        tr_pr = _child(tr, self.TR_PR)
        return tr_pr is not None and _child(tr_pr, self.w("del")) is not None

    def _int_prop(self, parent: Any, tag: str) -> int:
        """The integer w:val of a property such as w:gridSpan; 0 when absent or bad."""
        prop = _child(parent, tag) if parent is not None else None
        if prop is None:
            return 0
        try:
            return max(0, int(str(prop.get(self.val, "0"))))
        except ValueError:
            return 0

    def _merge(self, tc_pr: Any, tags: tuple[str, str]) -> str | None:
        """A merge property's value: restart / continue, or None when absent."""
        if tc_pr is None:
            return None
        for prop in tc_pr.iterchildren(*tags):
            return str(prop.get(self.val, "continue")).lower()
        return None

    def row_cells(self, tr: Any) -> list[_CellDraft]:
        """The row's distinct cells with their grid columns."""
        col = self._int_prop(_child(tr, self.TR_PR), self.GRID_BEFORE)
        drafts: list[_CellDraft] = []
        for tc in self._children(tr, self.TC):
            tc_pr = _child(tc, self.TC_PR)
            span = max(1, self._int_prop(tc_pr, self.GRID_SPAN))
            hmerge = self._merge(tc_pr, self.HMERGE)
            vmerge = self._merge(tc_pr, self.VMERGE)
            if hmerge == "continue" and drafts and drafts[-1].col + drafts[-1].colspan == col:
                # Legacy horizontal merge: the continuation cell widens the one before.
                drafts[-1].colspan += span
            elif vmerge is not None and vmerge != "restart":
                # Vertically merged away: Word prints an empty cell here.
                drafts.append(_CellDraft("", col, span))
            else:
                drafts.append(_CellDraft(self.cell_text(tc), col, span))
            col += span
        return drafts

    def cell_text(self, tc: Any) -> str:
        """The cell's paragraphs joined with \\n, nested tables flattened in place.

        A nested table is flattened into the outer cell's text (one line per
        nested row, its cells joined with a TAB) rather than emitted as a Table of
        its own: the nested grids of these forms (cost breakdowns, task lists) are
        part of the outer label's value, and the parser then keeps them with that
        label (``extra``) instead of mistaking them for a new target table. No
        cell text is lost either way, and Location.table stays the number of the
        top-level table.
        """
        lines: list[str] = []
        self._cell_lines(tc, lines)
        # A trailing empty paragraph inside a cell is layout, not content (the
        # text reader drops it the same way).
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        return strip_field_codes("\n".join(lines))

    def _cell_lines(self, element: Any, lines: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == self.P:
                lines.append(self.paragraph_text(child))
            elif tag == self.TBL:
                for tr in self._children(child, self.TR):
                    if self._row_deleted(tr):
                        continue
                    texts = [d.text.replace("\n", " ") for d in self.row_cells(tr)]
                    while texts and not texts[-1].strip():
                        texts.pop()
                    if texts:
                        lines.append("\t".join(texts))
            elif self._descend(child):
                self._cell_lines(child, lines)

    # ---- text

    def paragraph_text(self, p: Any) -> str:
        """The visible text of one paragraph (line breaks as \\n, tabs as \\t)."""
        # Field state is per paragraph: a field left open by a damaged document
        # must not swallow the rest of it.
        state = _TextState()
        self._inline(p, state)
        text = "".join(state.parts)
        # Word prints automatic list numbers (1. （1） ① 一、) as text, and the
        # parser splits goals at them. An empty numbered paragraph still counts
        # (Word shows its number) but its lone number is left out: it is template
        # residue, not an item.
        label = self.numbering.label(p)
        return label + text if text.strip() else text

    def _inline(self, element: Any, state: _TextState) -> None:
        for child in element:
            tag = child.tag
            if tag == self.R:
                self._run(child, state)
            elif tag == self.FLD_SIMPLE or self._descend(child):
                # w:fldSimple: its w:instr attribute is the instruction and its
                # children the visible result. Others: w:hyperlink, w:smartTag,
                # w:ins, w:moveTo, w:sdt, w:customXml, w:bdo/w:dir, Word 2003
                # w:hlink and aml insertions.
                self._inline(child, state)

    def _run(self, run: Any, state: _TextState) -> None:
        hidden = False
        r_pr = _child(run, self.R_PR)
        if r_pr is not None:
            for prop in r_pr.iterchildren(*self.HIDDEN):
                if _on(prop, self.val):
                    hidden = True
        parts = state.parts
        for child in run:
            tag = child.tag
            if tag == self.FLD_CHAR:
                kind = child.get(self.FLD_CHAR_TYPE)
                if kind == "begin":
                    state.fields.append(_Field())
                elif kind == "separate" and state.fields:
                    state.fields[-1].in_instruction = False
                elif kind == "end" and state.fields:
                    state.fields.pop()
                continue
            if tag not in self.text_parts or hidden or (state.fields and state.hidden):
                continue
            if tag == self.T:
                parts.append(child.text or "")
            elif tag == self.SYM:
                parts.append(self._symbol(child))
            else:
                parts.append(self.text_parts[tag] or "")

    def _symbol(self, sym: Any) -> str:
        font = str(sym.get(self.w("font"), "")).lower()
        try:
            code = int(str(sym.get(self.w("char"), "")), 16)
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
