"""The Word plain-text export reader: cells, rows, continuation lines, encodings, line ends."""

from __future__ import annotations

import pytest

from conftest import HEBEI, SAMPLES, load_expected, score
from goalextract import parse_bytes
from goalextract.cells import Paragraph, Table
from goalextract.errors import DecodeError
from goalextract.readers.encoding import decode_text
from goalextract.readers.text import read, split_blocks


def _table(blocks: list[Paragraph | Table]) -> Table:
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def test_cells_rows_and_paragraphs() -> None:
    text = " 标题 TC 标题 \\f A \\l 1 \n\t项目名称\n\t甲\n\n\t\n\t值\n\n后记\n"
    blocks = split_blocks(text)
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == " 标题"
    table = _table(blocks)
    assert [[c.text for c in row] for row in table.rows] == [["项目名称", "甲"], ["", "值"]]
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].text == "后记"


def test_continuation_lines_join_the_cell() -> None:
    text = "\t绩效目标\n\t1.甲。\n2.乙。\n\n\n\t一级指标\n\n"
    table = _table(split_blocks(text))
    assert table.rows[0][1].text == "1.甲。\n2.乙。"
    assert table.rows[1][0].text == "一级指标"


def test_cell_locations() -> None:
    table = _table(split_blocks("段落\n\t甲\n\t乙\n\n\t丙\n"))
    cell = table.rows[1][0]
    assert (cell.location.line, cell.location.table, cell.location.row, cell.location.col) == (
        5,
        0,
        1,
        0,
    )


def test_tab_separated_row_on_one_line() -> None:
    table = _table(split_blocks("\t项目名称\t甲\t项目编码\tA1\n"))
    assert [c.text for c in table.rows[0]] == ["项目名称", "甲", "项目编码", "A1"]


ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("gb18030", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_ends_give_the_same_document(
    encoding: str, bom: bytes, newline: str
) -> None:
    text = (SAMPLES / f"{HEBEI}.txt").read_text(encoding="utf-8").replace("\n", newline)
    data = bom + text.encode(encoding)
    document = parse_bytes(data, "sample.txt")
    matched, total, misses = score(load_expected(f"{HEBEI}.json"), document.to_json_dict())
    assert (matched, total) == (709, 709), misses[:5]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("甲".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "甲".encode(), "utf-8-sig"),
        ("甲乙丙".encode("gb18030"), "gb18030"),
        ("\ufeff甲乙".encode("utf-16-le"), "utf-16"),
        ("\t项目名称\n\t甲\n\n\t预算数\n\t100\n\n".encode("utf-16-le"), "utf-16-le"),
        ("\t项目名称\n\t甲\n\n\t预算数\n\t100\n\n".encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decode_text_reports_the_encoding(data: bytes, encoding: str) -> None:
    assert decode_text(data)[1] == encoding


def test_explicit_encoding_wins() -> None:
    data = "項目".encode("big5")
    assert decode_text(data, "big5") == ("項目", "big5")
    with pytest.raises(DecodeError, match="cannot decode as ascii"):
        decode_text(data, "ascii")


def test_binary_is_refused() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_text(b"\x00\x01\x02\x03" * 100)


def test_read_result_records_encoding() -> None:
    result = read("\t项目名称\n".encode("gb18030"))
    assert (result.format, result.encoding) == ("txt", "gb18030")
