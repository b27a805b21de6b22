"""A page's glyphs and paths read by pdfium, shaped as pdfplumber's page objects.

pdfplumber reads a page through pdfminer, whose pure-Python interpretation of the
content stream is about 85 % of a table page's time. pdfium (in C, and already
open for the reader's quick pass) reads the same page about eight times faster.
This module turns what pdfium reads into the dicts pdfplumber's own parser makes,
with the same keys and the same geometry, so that pdfplumber's table finder and
the reader's rules run on them unchanged:

- a glyph's box is pdfminer's: from the origin, the advance width across and the
  font size up from the font's descent (pdfium's own boxes are tighter);
- glyphs come in drawing order (content-stream order, form XObjects in place), as
  pdfminer gives them: the reader judges overflowing text by that order;
- pdfium leaves a space drawn as a text object of its own out of its text page
  (it puts a "generated" space without a position there, as it does between
  words where the PDF has no space): such a space is put back from its object,
  and pdfium's own spaces are dropped;
- paths are split into subpaths and classed as lines, rectangles and curves by
  pdfminer's rules (``converter.paint_path``).

A page this cannot read as pdfminer would (rotated, a media box not at the
origin, a glyph without a Unicode mapping, text that is not upright) gives None,
and pdfminer reads it.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfplumber.page import DerivedPage, Page

Obj = dict[str, Any]
_Matrix = tuple[float, float, float, float, float, float]
_Point = tuple[float, float]

_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# A space drawn as its own text object has no glyph box in pdfium: pdfminer gives
# it its advance width, about a quarter em in the fonts seen. Only its place in
# the line matters to the reader (it marks a word gap), not its exact width.
_SPACE_WIDTH = 0.25
# pdfium gives a hyphen that ends a line this code instead of the glyph's own.
_LINE_END_HYPHEN = 0x02
_SUBPATH = re.compile(r"m[^m]+")


class PdfiumPage(DerivedPage):
    """A pdfplumber page whose objects were read by pdfium (see :func:`page_objects`)."""

    def __init__(self, parent_page: Page, objects: dict[str, list[Obj]]) -> None:
        self.bbox = parent_page.bbox
        super().__init__(parent_page)
        self._pdfium_objects = objects

    @property
    def objects(self) -> dict[str, list[Obj]]:
        return self._pdfium_objects


def objects_for(
    source: Any, page: Page, reasons: list[str] | None = None
) -> dict[str, list[Obj]] | None:
    """:func:`page_objects` for pypdfium2's ``source`` and pdfplumber's ``page`` of one page."""
    textpage = source.get_textpage()
    try:
        return page_objects(
            source,
            textpage,
            float(page.height),
            page.page_number,
            page.initial_doctop,
            page.page_obj.resources,
            reasons,
        )
    finally:
        textpage.close()


class _Unfaithful(Exception):
    """The page holds something this module would not read as pdfminer does."""


def page_objects(
    page: Any,
    textpage: Any,
    height: float,
    number: int,
    doctop: float,
    resources: Any,
    reasons: list[str] | None = None,
) -> dict[str, list[Obj]] | None:
    """pdfplumber's ``page.objects`` for one page (chars, lines, rects, curves), or None.

    ``page`` and ``textpage`` are pypdfium2's; ``height``, ``number``, ``doctop``
    and ``resources`` are pdfplumber's page height, page number, initial doctop
    and the page's resource dictionary (pdfminer's, for the fonts' descents).
    Why a page gives None is appended to ``reasons`` when given (tools/pdf_parity.py).
    """
    layout = _Layout(height, number, doctop, font_descents(resources))
    try:
        _check_page(page)
        layout.read_glyphs(textpage.raw)
        layout.walk(page.raw)
        if layout.placed != layout.read:
            # Glyphs of objects the walk did not meet (or of another page's load).
            raise _Unfaithful("glyphs outside the page's objects")
    except _Unfaithful as reason:
        if reasons is not None:
            reasons.append(str(reason))
        return None
    return {
        "char": layout.chars,
        "line": layout.lines,
        "rect": layout.rects,
        "curve": layout.curves,
    }


def _check_page(page: Any) -> None:
    """Pages whose coordinates pdfminer and pdfplumber turn or flip: pdfium's are not.

    A media box away from the origin is fine: pdfminer moves the page to the
    origin and pdfplumber moves it back, to user space, where pdfium is.
    """
    if pdfium_c.FPDFPage_GetRotation(page.raw) != 0:
        raise _Unfaithful("a turned page")
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if pdfium_c.FPDFPage_GetMediaBox(
        page.raw, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    ) and (left.value > right.value or bottom.value > top.value):
        raise _Unfaithful("a media box given upside down")


@dataclass(frozen=True)
class _Font:
    """A font of the page: pdfium's handle and address, pdfminer's descent per em, its name."""

    handle: Any
    address: int
    descent: float
    name: str


class _Layout:
    """The objects of one page as they are read."""

    def __init__(
        self, height: float, number: int, doctop: float, descents: dict[bytes, set[float]]
    ) -> None:
        self.height = height
        self.number = number
        self.doctop = doctop
        self.descents = descents
        # Per text object (by address): its glyphs in order.
        self.glyphs: dict[int, list[Obj]] = {}
        self.fonts: dict[int, _Font] = {}  # by the font's address
        self.object_fonts: dict[int, tuple[float, _Font]] = {}  # text object: size, font
        self.advances: dict[tuple[int, int, float], float] = {}  # font, code, size: width
        self.chars: list[Obj] = []
        self.read = 0  # glyphs read from the text page
        self.placed = 0  # of those, glyphs placed by the walk over the page's objects
        self.lines: list[Obj] = []
        self.rects: list[Obj] = []
        self.curves: list[Obj] = []

    # ------------------------------------------------------------------ glyphs

    def read_glyphs(self, textpage: Any) -> None:
        for index in range(pdfium_c.FPDFText_CountChars(textpage)):
            text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
            address = ctypes.cast(text_object, ctypes.c_void_p).value
            if not address:
                continue
            if pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
                continue  # pdfium's own spaces and line ends, not the PDF's glyphs
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            self.read += 1
            self.glyphs.setdefault(address, []).append(
                self._glyph(textpage, index, text_object, code)
            )

    def _glyph(self, textpage: Any, index: int, text_object: Any, code: int) -> Obj:
        """One glyph with pdfminer's box: from its origin, its advance across, its size up."""
        if pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) == 1:
            raise _Unfaithful("a glyph without a Unicode mapping")
        matrix = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
        if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
            raise _Unfaithful("text that is not upright")
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        font_size, font = self._font(text_object)
        text = "-" if code == _LINE_END_HYPHEN else chr(code)
        # pdfium's own glyph boxes ("loose" ones included) take widths from the font
        # program where the PDF's width table says otherwise; pdfminer takes the table.
        advance = matrix.a * self._advance(font, ord(text[0]), font_size)
        size = matrix.d * font_size
        y0 = y.value + font.descent * size
        return self._char(text, x.value, x.value + advance, y0, y0 + size, size, font.name, matrix)

    def _advance(self, font: _Font, code: int, font_size: float) -> float:
        """A glyph's advance width from the font's width table, in text space."""
        key = (font.address, code, font_size)
        known = self.advances.get(key)
        if known is None:
            width = ctypes.c_float()
            if not pdfium_c.FPDFFont_GetGlyphWidth(
                font.handle, code, font_size, ctypes.byref(width)
            ):
                raise _Unfaithful("a glyph without a width")
            known = self.advances[key] = width.value
        return known

    def _font(self, text_object: Any) -> tuple[float, _Font]:
        """A text object's font size and font (one lookup per object, one read per font)."""
        object_address = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        cached = self.object_fonts.get(object_address)
        if cached is not None:
            return cached
        size = ctypes.c_float()
        pdfium_c.FPDFTextObj_GetFontSize(text_object, ctypes.byref(size))
        handle = pdfium_c.FPDFTextObj_GetFont(text_object)
        address = ctypes.cast(handle, ctypes.c_void_p).value or 0
        known = self.fonts.get(address)
        if known is None:
            buffer = ctypes.create_string_buffer(256)
            length = pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, len(buffer))
            raw = buffer.raw[: max(length - 1, 0)] if length else b""
            # pdfium falls back on the font program's descent where the PDF's font
            # descriptor gives none (or 0); pdfminer takes the descriptor's. Only a
            # font whose descriptor says one descent is read here.
            descents = self.descents.get(_untagged(raw), set())
            name = raw.decode("utf-8", "replace")
            if len(descents) != 1:
                raise _Unfaithful(f"the font {name!r} has no one descent")
            known = self.fonts[address] = _Font(handle, address, next(iter(descents)), name)
        found = self.object_fonts[object_address] = (size.value, known)
        return found

    def _char(
        self,
        text: str,
        x0: float,
        x1: float,
        y0: float,
        y1: float,
        size: float,
        fontname: str,
        matrix: Any,
    ) -> Obj:
        attributes = {
            "text": text,
            "fontname": fontname,
            "size": size,
            "upright": True,
            "matrix": (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f),
        }
        return self._bounds("char", x0, y0, x1, y1, attributes)

    def _place_text(self, text_object: Any, ctm: _Matrix) -> None:
        """The glyphs of one text object; a space drawn alone has none in the text page."""
        glyphs = self.glyphs.get(ctypes.cast(text_object, ctypes.c_void_p).value or 0)
        if not glyphs:
            self.chars.append(self._lone_space(text_object, ctm))
            return
        self.chars.extend(glyphs)
        self.placed += len(glyphs)

    def _lone_space(self, text_object: Any, ctm: _Matrix) -> Obj:
        """A text object without glyphs in pdfium's text page: a space drawn alone."""
        local = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFPageObj_GetMatrix(text_object, ctypes.byref(local))
        a, b, c, d, e, f = _multiply((local.a, local.b, local.c, local.d, local.e, local.f), ctm)
        if b or c or a <= 0 or d <= 0:
            raise _Unfaithful("text that is not upright")
        font_size, font = self._font(text_object)
        size = d * font_size
        y0 = f + font.descent * size
        width = a * font_size * _SPACE_WIDTH
        return self._char(" ", e, e + width, y0, y0 + size, size, font.name, local)

    # ------------------------------------------------------------- page objects

    def walk(self, page: Any) -> None:
        self._walk(
            pdfium_c.FPDFPage_CountObjects(page),
            lambda index: pdfium_c.FPDFPage_GetObject(page, index),
            _IDENTITY,
        )

    def _walk(self, count: int, get: Any, ctm: _Matrix) -> None:
        for index in range(count):
            item = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(item)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                self._place_text(item, ctm)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self._paint(item, ctm)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = _multiply(_object_matrix(item), ctm)
                self._walk(
                    pdfium_c.FPDFFormObj_CountObjects(item),
                    lambda i, form=item: pdfium_c.FPDFFormObj_GetObject(form, i),
                    inner,
                )

    # -------------------------------------------------------------------- paths

    def _paint(self, path: Any, ctm: _Matrix) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill_mode), ctypes.byref(stroke))
        matrix = _multiply(_object_matrix(path), ctm)
        operations = _operations(path, matrix)
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(path, ctypes.byref(width))
        style = {
            "linewidth": width.value,
            "stroke": bool(stroke.value),
            "fill": fill_mode.value != 0,
            "evenodd": fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE,
            "stroking_color": _colour(pdfium_c.FPDFPageObj_GetStrokeColor, path),
            "non_stroking_color": _colour(pdfium_c.FPDFPageObj_GetFillColor, path),
        }
        shape = "".join(op[0] for op in operations)
        for found in _SUBPATH.finditer(shape):
            self._subpath(operations[found.start() : found.end()], style)

    def _subpath(self, path: list[tuple[Any, ...]], style: Obj) -> None:
        """One subpath as pdfminer classes it: a line, a rectangle or a curve."""
        shape = "".join(op[0] for op in path)
        pts: list[_Point] = [op[-1] if op[0] != "h" else path[0][-1] for op in path]
        # Drop a redundant "l" on a path closed with "h" (as pdfminer does).
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in {"mlh", "ml"}:
            self.lines.append(self._shape("line", pts[:2], style))
            return
        if shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                self.rects.append(self._rect(pts[0], pts[2], style))
                return
        self.curves.append(self._shape("curve", pts, style))

    def _bounds(
        self, kind: str, x0: float, y0: float, x1: float, y1: float, attributes: Obj
    ) -> Obj:
        top = self.height - y1
        return {
            "object_type": kind,
            "page_number": self.number,
            "x0": x0,
            "y0": y0,
            "x1": x1,
            "y1": y1,
            "width": x1 - x0,
            "height": y1 - y0,
            "top": top,
            "bottom": self.height - y0,
            "doctop": self.doctop + top,
            **attributes,
        }

    def _shape(self, kind: str, pts: list[_Point], style: Obj) -> Obj:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        found = self._bounds(kind, min(xs), min(ys), max(xs), max(ys), style)
        found["pts"] = [(x, self.height - y) for x, y in pts]
        return found

    def _rect(self, corner: _Point, opposite: _Point, style: Obj) -> Obj:
        x0, x1 = sorted((corner[0], opposite[0]))
        y0, y1 = sorted((corner[1], opposite[1]))
        found = self._bounds("rect", x0, y0, x1, y1, style)
        found["pts"] = [(x, self.height - y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        return found


# A subset font's name starts with six capitals and "+" (ABCDEF+SimSun).
_SUBSET_TAG = re.compile(rb"^[A-Z]{6}\+")


def _untagged(name: Any) -> bytes:
    """A font name's bytes without the subset tag: names are compared as the PDF spells
    them (pdfminer decodes a UTF-8 name and keeps others, a GBK 宋体 say, as bytes)."""
    raw = name.encode("utf-8") if isinstance(name, str) else bytes(name)
    return _SUBSET_TAG.sub(b"", raw)


def font_descents(resources: Any) -> dict[bytes, set[float]]:
    """The descent (per em) of every font of a page as pdfminer reads it, by untagged name.

    pdfminer (``pdffont.PDFType1Font`` and ``PDFCIDFont``) takes a standard
    font's metrics from its own tables and any other font's from its font
    descriptor, 0 where the descriptor has none, and a positive descent as
    negative. Fonts of form XObjects count too. Type3 fonts are left out: their
    glyph space is their own, and a page that uses one goes to pdfminer.
    """
    from pdfminer.pdftypes import dict_value, resolve1
    from pdfminer.psparser import literal_name

    found: dict[bytes, set[float]] = {}
    seen: set[int] = set()

    def walk(resources: Any) -> None:
        resources = dict_value(resources)
        if id(resources) in seen:
            return
        seen.add(id(resources))
        for font in dict_value(resources.get("Font", {})).values():
            spec = dict_value(font)
            descriptor = _descriptor(spec)
            if descriptor is None:
                continue
            descent = float(resolve1(descriptor.get("Descent", 0)) or 0)
            for name in _font_names(spec):
                found.setdefault(name, set()).add(-abs(descent) / 1000.0)
        for xobject in dict_value(resources.get("XObject", {})).values():
            attrs = getattr(resolve1(xobject), "attrs", {})
            if literal_name(attrs.get("Subtype")) == "Form" and "Resources" in attrs:
                walk(attrs["Resources"])

    with contextlib.suppress(Exception):  # a damaged resource: no descents, pdfminer reads
        walk(resources)
    return found


def _descriptor(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The font descriptor pdfminer reads a font's metrics from (None for Type3)."""
    from pdfminer.pdffont import FontMetricsDB
    from pdfminer.pdftypes import dict_value, list_value
    from pdfminer.psparser import literal_name

    subtype = literal_name(spec.get("Subtype")) if "Subtype" in spec else "Type1"
    if subtype == "Type0":
        fonts = list_value(spec.get("DescendantFonts", []))
        return dict_value(dict_value(fonts[0]).get("FontDescriptor", {})) if fonts else None
    if subtype == "Type3":
        return None
    if subtype in ("Type1", "MMType1", "TrueType"):
        with contextlib.suppress(KeyError):
            return dict(FontMetricsDB.get_metrics(literal_name(spec.get("BaseFont")))[0])
    return dict_value(spec.get("FontDescriptor", {}))


def _font_names(spec: dict[str, Any]) -> set[bytes]:
    """A font's names as pdfium may give them: its own and its descendant's, untagged."""
    from pdfminer.pdftypes import dict_value, list_value

    names = [spec.get("BaseFont")]
    for font in list_value(spec.get("DescendantFonts", [])):
        names.append(dict_value(font).get("BaseFont"))
    # A literal's own name: ``literal_name`` turns a name kept as bytes into "b'…'".
    return {_untagged(getattr(name, "name", name)) for name in names if name is not None}


def _operations(path: Any, matrix: _Matrix) -> list[tuple[Any, ...]]:
    """A path's segments as pdfminer's operations: ("m", pt), ("l", pt), ("c", ...), ("h",)."""
    operations: list[tuple[Any, ...]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    curve: list[_Point] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = _apply(matrix, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            operations.append(("m", point))
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            operations.append(("l", point))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            # pdfium gives a Bézier as three segments: two control points, then the end.
            curve.append(point)
            if len(curve) < 3:
                continue
            operations.append(("c", *curve))
            curve = []
        else:
            raise _Unfaithful("an unknown path segment")
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            operations.append(("h",))
    return operations


def _object_matrix(item: Any) -> _Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(item, ctypes.byref(matrix)):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n (PDF's row-vector convention, as pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _apply(m: _Matrix, x: float, y: float) -> _Point:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _colour(getter: Any, item: Any) -> tuple[float, ...] | None:
    """An object's colour as RGB in 0–1 (pdfium converts every colour space to RGB)."""
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(item, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)
