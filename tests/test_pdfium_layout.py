"""pdfium's page objects against pdfminer's (readers/pdfium_layout.py).

The PDF reader's rules were written against pdfplumber's objects as pdfminer
makes them; pdfium's must be the same objects: every glyph in the same order
with the same box, the same spaces between words, the same lines, rectangles
and curves. Checked on every page of every PDF in the repository, and on a
small PDF made here with the constructs that differ between the two libraries
(a space drawn alone, a space inside a run, a form XObject, a white box, a
Bézier, a line-end hyphen).
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import hostile
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import pdf_parity

pdfplumber = pytest.importorskip("pdfplumber")
pypdfium2 = pytest.importorskip("pypdfium2")

from goalextract.readers.pdfium_layout import PdfiumPage, page_objects  # noqa: E402

Obj = dict[str, Any]


def _built_pdf() -> bytes:
    content = (
        b"q 0 0 0 RG 1 w 72 600 200 100 re S "  # a stroked frame
        b"72 650 m 272 650 l S "  # a rule
        b"1 1 1 rg 80 610 50 20 re f "  # a white box without a border
        b"0 0 0 rg 100 700 m 120 720 140 700 150 690 c S "  # a curve
        b"BT /F1 12 Tf 80 620 Td (A B) Tj ET "  # a space inside a run
        b"BT /F1 12 Tf 80 640 Td (C) Tj ( ) Tj (D) Tj ET "  # a space drawn alone
        b"BT /F1 12 Tf 300 640 Td (2026-) Tj 0 -14 Td (2028) Tj ET "  # a line-end hyphen
        b"/Fm1 Do Q"
    )
    form = b"BT /F1 10 Tf 0 0 Td (E F) Tj ET 0 -5 m 40 -5 l S"
    return hostile._pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /TrueType /BaseFont /Foo "
            b"/FirstChar 32 /LastChar 90 /Widths ["
            + b" ".join(b"%d" % w for w in [278] * 13 + [333] + [278] * 2 + [556] * 10 + [278] * 33)
            + b"] /FontDescriptor 7 0 R >>",
            b"<< /Type /XObject /Subtype /Form /BBox [0 -20 100 20] /Matrix [1 0 0 1 300 560] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n"
            % len(form)
            + form
            + b"\nendstream",
            b"<< /Type /FontDescriptor /FontName /Foo /Flags 32 /FontBBox [-166 -225 1000 931] "
            b"/ItalicAngle 0 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88 >>",
        ]
    )


def _pages(data: bytes, pdfminer: bool = True) -> list[tuple[Obj, Obj | None]]:
    """(pdfminer's objects or {}, pdfium's or None) for every page."""
    return [
        (theirs, ours)
        for _, theirs, ours, _ in pdf_parity.pages(data, all_pages=True, pdfminer=pdfminer)
    ]


def _assert_same(theirs: Obj, ours: Obj | None) -> None:
    assert ours is not None
    assert pdf_parity.char_difference(theirs.get("char", []), ours["char"]) is None
    assert pdf_parity.shape_difference(theirs, ours) is None


def _repository_pdfs() -> list[Path]:
    found = sorted((ROOT / "samples").rglob("*.pdf")) + sorted((ROOT / "tests").rglob("*.pdf"))
    return [path for path in found if path.name not in {"encrypted.pdf"}]


@pytest.mark.parametrize("path", _repository_pdfs(), ids=lambda p: p.name)
def test_pdfium_gives_pdfminers_objects(path: Path) -> None:
    for theirs, ours in _pages(path.read_bytes()):
        _assert_same(theirs, ours)


def test_the_constructs_that_differ_between_the_libraries() -> None:
    [(theirs, ours)] = _pages(_built_pdf())
    _assert_same(theirs, ours)
    assert ours is not None
    assert pdf_parity.glyphs(ours["char"]) == [
        ("A", False),
        ("B", True),
        ("C", False),
        ("D", True),
        *[(c, False) for c in "2026-2028"],
        ("E", False),
        ("F", True),
    ]
    assert Counter(kind for kind in ("line", "rect", "curve") for _ in ours[kind]) == {
        "line": 2,
        "rect": 2,
        "curve": 1,
    }
    white = [rect for rect in ours["rect"] if rect["fill"] and not rect["stroke"]]
    assert [rect["non_stroking_color"] for rect in white] == [(1.0, 1.0, 1.0)]


def _unmapped_pdf() -> bytes:
    """Glyphs of a CID font without a Unicode map: pdfminer says `(cid:65)`."""
    content = b"BT /F1 12 Tf 72 720 Td <00410042> Tj ET"
    return hostile._pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Foo /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Foo /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /Foo /Flags 4 /FontBBox [0 -200 1000 800] "
            b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
        ]
    )


@pytest.mark.parametrize(
    "data, reason",
    [
        # pdfminer would expand the forged map, so only pdfium reads these.
        (hostile.pdf_cmap_range(rotate=90), "a turned page"),
        (_unmapped_pdf(), "a glyph without a Unicode mapping"),
    ],
    ids=["turned", "unmapped"],
)
def test_pages_pdfium_cannot_give_as_pdfminer_would_go_to_pdfminer(
    data: bytes, reason: str
) -> None:
    [(_, _, ours, why)] = pdf_parity.pages(data, all_pages=True, pdfminer=False)
    assert ours is None
    assert why == reason


def test_glyphs_the_walk_does_not_meet_send_the_page_to_pdfminer() -> None:
    # The text page of one load of a page, the objects of another: no glyph is met.
    data = _built_pdf()
    document = pypdfium2.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        other = document[0].get_textpage()
        assert page_objects(document[0], other, 792.0, 1, 0, page.page_obj.resources) is None
    document.close()


def test_a_pdfium_page_serves_pdfplumbers_table_finder() -> None:
    data = _built_pdf()
    document = pypdfium2.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        source = document[0]
        objects = page_objects(
            source, source.get_textpage(), float(page.height), 1, 0, page.page_obj.resources
        )
        assert objects is not None
        served = PdfiumPage(page, objects)
        assert served.height == page.height
        assert len(served.edges) == len(page.edges)
        assert [t.bbox for t in served.find_tables()] == [t.bbox for t in page.find_tables()]
    document.close()


def test_the_pdfminer_switch_reads_the_same_without_pdfium_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import goalextract.readers.pdfium_layout as layout
    from goalextract.api import read_bytes

    data = (ROOT / "samples" / "shanhaiguan-cppcc-2021.pdf").read_bytes()
    served: list[int] = []
    objects_for = layout.objects_for

    def counted(source: Any, page: Any, reasons: list[str] | None = None) -> Any:
        served.append(page.page_number)
        return objects_for(source, page, reasons)

    monkeypatch.setattr(layout, "objects_for", counted)
    through_pdfium = read_bytes(data).blocks
    assert served
    served.clear()
    monkeypatch.setenv("GOALEXTRACT_PDF_LAYOUT", "pdfminer")
    assert read_bytes(data).blocks == through_pdfium
    assert not served
