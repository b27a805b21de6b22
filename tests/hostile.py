"""Small hostile inputs, made in memory: each asks for far more than its size.

Shared by tests/test_limits.py and tools/fuzz.py's seed list; every builder is
fast (well under a second) and returns the input's bytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    "{overrides}</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{rels}</Relationships>"
)
_REL = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/{type}" Target="{target}"/>'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx(body: str) -> bytes:
    """A minimal .docx whose w:body holds ``body`` (WordprocessingML markup)."""
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    override = (
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    )
    rel = _REL.format(
        id="rId1",
        type="officeDocument/2006/relationships/officeDocument",
        target="word/document.xml",
    )
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES.format(overrides=override).encode(),
            "_rels/.rels": _RELS.format(rels=rel).encode(),
            "word/document.xml": document.encode(),
        }
    )


def docx_table(rows: int, *, vmerge: bool = False) -> bytes:
    """A .docx with one table of ``rows`` rows (``vmerge``: the first column one vMerge chain)."""
    parts = []
    for r in range(rows):
        if vmerge:
            merge = '<w:vMerge w:val="restart"/>' if r == 0 else "<w:vMerge/>"
            text = "组" if r == 0 else ""
            first = f"<w:tc><w:tcPr>{merge}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
        else:
            first = f"<w:tc><w:p><w:r><w:t>行{r}</w:t></w:r></w:p></w:tc>"
        parts.append(f"<w:tr>{first}<w:tc><w:p><w:r><w:t>{r}</w:t></w:r></w:p></w:tc></w:tr>")
    return docx(f"<w:tbl>{''.join(parts)}</w:tbl>")


def docx_bomb(inflated: int) -> bytes:
    """A .docx whose document part inflates to ``inflated`` bytes (spaces in a paragraph)."""
    padding = " " * inflated
    return docx(f"<w:p><w:r><w:t>x{padding}</w:t></w:r></w:p>")


def xlsx(sheet_body: str, *, merges: str = "") -> bytes:
    """A minimal .xlsx with one worksheet: ``sheet_body`` inside sheetData, then ``merges``."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_S}">'
        f"<sheetData>{sheet_body}</sheetData>{merges}</worksheet>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_S}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    overrides = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES.format(overrides=overrides).encode(),
            "_rels/.rels": _RELS.format(
                rels=_REL.format(
                    id="rId1",
                    type="officeDocument/2006/relationships/officeDocument",
                    target="xl/workbook.xml",
                )
            ).encode(),
            "xl/workbook.xml": workbook.encode(),
            "xl/_rels/workbook.xml.rels": _RELS.format(
                rels=_REL.format(
                    id="rId1",
                    type="officeDocument/2006/relationships/worksheet",
                    target="worksheets/sheet1.xml",
                )
            ).encode(),
            "xl/worksheets/sheet1.xml": sheet.encode(),
        }
    )


def xlsx_far_corners() -> bytes:
    """Two inline-string cells a whole sheet apart: A1 and XFD1048576."""
    return xlsx(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>乙</t></is></c></row>'
    )


def xlsx_merged_sheet() -> bytes:
    """One cell and a merged range over the whole sheet."""
    return xlsx(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row>',
        merges='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )


def html_wide(cells: int, colspan: int = 1000) -> bytes:
    """One table row of ``cells`` cells of ``colspan`` columns each, and a second short row."""
    row = "".join(f'<td colspan="{colspan}">x</td>' for _ in range(cells))
    return f"<html><body><table><tr>{row}</tr><tr><td>y</td></tr></table></body></html>".encode()


def html_tall(rows: int) -> bytes:
    """``rows`` rows each starting a cell of rowspan=65534: a triangle of covered positions."""
    body = "".join('<tr><td rowspan="65534">x</td></tr>' for _ in range(rows))
    return f"<html><body><table>{body}</table></body></html>".encode()


def pdf_flate_bomb(inflated: int, *, image: bool = False) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces
    (``image``: the stream is an image XObject of the page instead, as a scan's)."""
    stream = zlib.compress(b" " * inflated, 9)
    kind = b"/Type /XObject /Subtype /Image /Width 1024 /Height 1024 " if image else b""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    page += b"/Resources << /XObject << /Im1 4 0 R >> >> >>" if image else b"/Contents 4 0 R >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            b"<< "
            + kind
            + b"/Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def pdf_cmap_range(text_font: bool = True, rotate: int = 0) -> bytes:
    """A one-page PDF whose font's ToUnicode bfrange covers the whole 32-bit code space.

    pdfium reads such a map lazily and takes the page in its stride; pdfminer
    expands the range entry by entry. ``rotate`` turns the page, which sends it
    to pdfminer (readers/pdfium_layout.py takes upright pages only).
    """
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
        b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = b"BT /F1 12 Tf 72 720 Td (AB) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Rotate %d /Resources << /Font << /F1 5 0 R >> >> >>" % rotate,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        ]
    )


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_pages(count: int) -> bytes:
    """A PDF of ``count`` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + k) for k in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * count
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            *pages,
        ]
    )


def hanging_pdf() -> bytes:
    """A 600-byte PDF whose /MediaBox is an object referring to itself.

    pdfminer loops on it; the alarm ends the first loop, and the reader's
    ``pdf.close()`` in a ``finally`` loops again with no alarm left.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox 6 0 R /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 36 >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"6 0 R",
    ]
    return _pdf(objects)
