"""Format detection from content: where the PDF signature counts."""

from __future__ import annotations

import pytest

from conftest import HEBEI, SAMPLES
from goalextract.detect import detect_format
from goalextract.errors import UnsupportedFormat

PDF = (SAMPLES / f"{HEBEI}.pdf").read_bytes()
NOTE = "说明：本表原为 %PDF-1.4 文件，转存为文本。\n项目名称\t综合事务管理\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(PDF, "pdf", id="signature-at-start"),
        pytest.param(b"\x00\x01\x02junk\xff" * 20 + PDF, "pdf", id="binary-junk-before"),
        pytest.param(NOTE.encode("utf-8"), "txt", id="utf8-text-mentioning-pdf"),
        pytest.param(NOTE.encode("gb18030"), "txt", id="gb18030-text-mentioning-pdf"),
        pytest.param(("目录\n" * 100 + NOTE).encode("utf-8"), "txt", id="later-in-the-first-kib"),
    ],
)
def test_pdf_signature(data: bytes, expected: str) -> None:
    assert detect_format(data, "x.txt") == expected


# Text-encoded formats that are not text exports: refused, not read as text with exit 0.
@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 \\'cb\\'ce;}}\\f0 x\\par}", "an RTF document"),
        ("\ufeff{\\rtf1\\ansi 项目}".encode(), "an RTF document"),
        (b"%!PS-Adobe-3.0\n%%Pages: 1\n", "a PostScript file"),
        (
            b"From: <Saved by Windows Internet Explorer 8>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/related;\r\n\tboundary="----=_NextPart"\r\n',
            "an MHTML web archive",
        ),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "an SVG"),
    ],
)
def test_other_markup_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedFormat, match=f"not a supported format: {what}"):
        detect_format(data, "x.rtf")


@pytest.mark.parametrize(
    "text",
    ["<一>项目支出绩效目标表\n", "项目名称 {\\rtf 不在开头}\n", "MIME-Version 说明\n"],
)
def test_text_that_merely_looks_like_markup_is_text(text: str) -> None:
    assert detect_format(text.encode(), "x.txt") == "txt"
