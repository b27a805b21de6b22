"""Format detection from content: where the PDF signature counts."""

from __future__ import annotations

import pytest

from conftest import HEBEI, SAMPLES
from goalextract.detect import detect_format

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
