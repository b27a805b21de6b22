"""The Word readers (readers/word/, readers/doc97/): .docx, Word XML under .doc, binary .doc.

Fixtures are built here: python-docx makes the documents (its ``cell.merge()``
writes real gridSpan/vMerge markup), and XML the library cannot write (fields,
hidden runs, gridBefore, Word 2003 XML, Flat-OPC) is written by hand.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument

from goalextract.api import parse_file, read_bytes
from goalextract.cells import Block, Cell, Paragraph, Table
from goalextract.errors import ReaderError, UnsupportedFormat
from goalextract.readers import doc97, get_reader, word
from goalextract.readers.doc97.container import DocFormatError, word_streams
from goalextract.readers.office import convert, find_soffice

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEBEI = "shanhaiguan-cppcc-2021"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W2003 = "http://schemas.microsoft.com/office/word/2003/wordml"

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")


# ---------------------------------------------------------------- helpers


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_from_body(body: str, numbering: str = "") -> bytes:
    """A minimal .docx whose document.xml body is ``body`` (w: prefix bound).

    ``numbering`` is the content of a word/numbering.xml, when given.
    """
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
        if numbering:
            archive.writestr(
                "word/numbering.xml", f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'
            )
    return buffer.getvalue()


def tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def paragraphs(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def grid(table: Table) -> list[list[tuple[str, int, int]]]:
    """Rows as (text, col, colspan) triples: what the parser relies on."""
    return [[(c.text, c.col, c.colspan) for c in row] for row in table.rows]


def read_docx(data: bytes) -> list[Block]:
    result = word.read(data, fmt="docx")
    assert result.format == "docx"
    return result.blocks


def row_xml(*cells: str, tr_pr: str = "") -> str:
    return f"<w:tr>{tr_pr}{''.join(cells)}</w:tr>"


def tc(text: str, tc_pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


# ---------------------------------------------------------------- merges


def test_horizontal_merge_is_one_cell_with_colspan(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 2).text = "单位：元"
    table.cell(0, 0).merge(table.cell(0, 1))
    for c, text in enumerate(["一级指标", "二级指标", "三级指标"]):
        table.cell(1, c).text = text
    path = tmp_path / "hmerge.docx"
    document.save(str(path))
    (out,) = tables(read_docx(path.read_bytes()))
    assert grid(out) == [
        [("项目名称", 0, 2), ("单位：元", 2, 1)],
        [("一级指标", 0, 1), ("二级指标", 1, 1), ("三级指标", 2, 1)],
    ]
    assert out.location.table == 0
    assert out.rows[0][1].location.row == 0 and out.rows[0][1].location.col == 2


def test_vertical_merge_leaves_an_empty_continuation_cell() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "产出指标"
    for r, text in enumerate(["数量指标", "质量指标", "时效指标"]):
        table.cell(r, 1).text = text
    table.cell(0, 0).merge(table.cell(2, 0))
    (out,) = tables(read_docx(docx_bytes(document)))
    assert grid(out) == [
        [("产出指标", 0, 1), ("数量指标", 1, 1)],
        [("", 0, 1), ("质量指标", 1, 1)],
        [("", 0, 1), ("时效指标", 1, 1)],
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [row_xml(tc("a"), tc("b", '<w:gridSpan w:val="3"/>'))],
            [[("a", 0, 1), ("b", 1, 3)]],
            id="gridSpan",
        ),
        pytest.param(
            [row_xml(tc("x"), tr_pr='<w:trPr><w:gridBefore w:val="2"/></w:trPr>')],
            [[("x", 2, 1)]],
            id="gridBefore",
        ),
        pytest.param(
            [
                row_xml(tc("top", '<w:vMerge w:val="restart"/><w:gridSpan w:val="2"/>'), tc("r")),
                row_xml(tc("stale", '<w:vMerge/><w:gridSpan w:val="2"/>'), tc("s")),
            ],
            [[("top", 0, 2), ("r", 2, 1)], [("", 0, 2), ("s", 2, 1)]],
            id="vMerge-with-span",
        ),
        pytest.param(
            [row_xml(tc("a", '<w:hMerge w:val="restart"/>'), tc("", "<w:hMerge/>"), tc("c"))],
            [[("a", 0, 2), ("c", 2, 1)]],
            id="legacy-hMerge",
        ),
        pytest.param(
            [row_xml(f"<w:sdt><w:sdtContent>{tc('in control')}</w:sdtContent></w:sdt>", tc("b"))],
            [[("in control", 0, 1), ("b", 1, 1)]],
            id="cell-in-content-control",
        ),
        pytest.param(
            [
                row_xml(tc("gone")).replace("<w:tr>", "<w:tr><w:trPr><w:del/></w:trPr>"),
                row_xml(tc("kept")),
            ],
            [[("kept", 0, 1)]],
            id="deleted-row",
        ),
    ],
)
def test_grid_columns(rows: list[str], expected: list[list[tuple[str, int, int]]]) -> None:
    (out,) = tables(read_docx(docx_from_body(f"<w:tbl>{''.join(rows)}</w:tbl>")))
    assert grid(out) == expected
    assert [c.row for row in out.rows for c in row] == [
        r for r, row in enumerate(expected) for _ in row
    ]


# ---------------------------------------------------------------- text


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


_HIDDEN = "<w:rPr><w:vanish/></w:rPr>"
_TC_HIDDEN = (
    f'<w:r>{_HIDDEN}<w:fldChar w:fldCharType="begin"/></w:r>'
    f'<w:r>{_HIDDEN}<w:instrText xml:space="preserve">'
    ' TC "1、综合事务管理绩效目标表" \\f C \\l 1 </w:instrText></w:r>'
    f'<w:r>{_HIDDEN}<w:fldChar w:fldCharType="end"/></w:r>'
)
_TC_VISIBLE_INSTR = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> TC "总体绩效目标" \\f A \\l 1 </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)
_PAGEREF = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    "<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>"
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + _run("7")
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(_run("1.综合事务管理表") + _TC_HIDDEN, ["1.综合事务管理表"], id="hidden-TC"),
        pytest.param(_run("一、总体绩效目标") + _TC_VISIBLE_INSTR, ["一、总体绩效目标"], id="TC"),
        pytest.param(_run("见第") + _PAGEREF + _run("页"), ["见第7页"], id="field-result-kept"),
        pytest.param(
            '<w:fldSimple w:instr=" TC &quot;x&quot; \\l 1 ">' + _run("结果") + "</w:fldSimple>",
            ["结果"],
            id="fldSimple",
        ),
        pytest.param(_run("可见") + _run("隐藏", _HIDDEN), ["可见"], id="hidden-run"),
        pytest.param(
            _run("保留")
            + "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
            + f"<w:ins>{_run('插入')}</w:ins>",
            ["保留插入"],
            id="tracked-changes",
        ),
        pytest.param(
            _run("第一行") + "<w:r><w:br/></w:r>" + _run("第二行"),
            ["第一行", "第二行"],
            id="soft-break-splits-lines",
        ),
        pytest.param(
            _run("完成率") + '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>' + _run("90%"),
            ["完成率≥90%"],
            id="symbol-font",
        ),
        pytest.param(
            f"<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:tab/></w:r>{_run('文字')}",
            ["链接\t文字"],
            id="hyperlink-and-tab",
        ),
        pytest.param(_run("  "), [], id="blank-skipped"),
    ],
)
def test_paragraph_text(paragraph: str, expected: list[str]) -> None:
    blocks = read_docx(docx_from_body(f"<w:p>{paragraph}</w:p>"))
    assert paragraphs(blocks) == expected


def _level(ilvl: int, fmt: str, text: str, suffix: str = "") -> str:
    suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{suff}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    + _level(0, "chineseCounting", "%1、", "nothing")
    + _level(1, "decimal", "（%2）", "nothing")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="1">'
    + _level(0, "decimalEnclosedCircle", "%1")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
    + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
)


def _numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
        f"</w:numPr></w:pPr>{_run(text)}</w:p>"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            _numbered("总体绩效目标", 1)
            + _numbered("分项", 1, 1)
            + _numbered("保障", 1, 1)
            + _numbered("工作保障措施", 1)
            + _numbered("再分项", 1, 1),
            ["一、总体绩效目标", "（1）分项", "（2）保障", "二、工作保障措施", "（1）再分项"],
            id="chinese-counting-and-levels",
        ),
        pytest.param(
            _numbered("甲", 2) + _numbered("乙", 2) + _numbered("restarted", 3),
            ["① 甲", "② 乙", "① restarted"],
            id="circled-and-startOverride",
        ),
        pytest.param(
            _numbered("", 2) + _numbered("after an empty item", 2) + _numbered("off", 0),
            ["② after an empty item", "off"],
            id="empty-item-and-numId-0",
        ),
    ],
)
def test_automatic_list_numbers_are_printed(body: str, expected: list[str]) -> None:
    assert paragraphs(read_docx(docx_from_body(body, _NUMBERING))) == expected


def test_numbered_goals_in_a_cell_keep_their_numbers() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "顺利召开会议。"
    cell.paragraphs[0].style = document.styles["List Number"]
    cell.add_paragraph("完善会议制度。", style="List Number")
    (out,) = tables(read_docx(docx_bytes(document)))
    assert out.rows[0][0].text == "1. 顺利召开会议。\n2. 完善会议制度。"


def test_field_codes_never_reach_cells() -> None:
    body = f"<w:tbl><w:tr><w:tc><w:p>{_run('绩效目标')}{_TC_HIDDEN}</w:p></w:tc></w:tr></w:tbl>"
    (out,) = tables(read_docx(docx_from_body(body)))
    assert grid(out) == [[("绩效目标", 0, 1)]]


def test_multi_paragraph_cell_is_joined_with_newlines() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "绩效目标"
    cell = table.cell(0, 1)
    cell.text = "1.机关自身建设、服务保障能力进一步提升。"
    cell.add_paragraph("2.机关网站运行维护。")
    cell.add_paragraph("")  # a trailing empty paragraph is layout
    (out,) = tables(read_docx(docx_bytes(document)))
    assert out.rows[0][1].text == "1.机关自身建设、服务保障能力进一步提升。\n2.机关网站运行维护。"


def test_nested_table_is_flattened_into_its_cell() -> None:
    document = docx.Document()
    document.add_paragraph("前言")
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "成本测算"
    host = outer.cell(0, 1)
    host.text = "明细如下："
    inner = host.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "成本构成", (0, 1): "金额", (1, 0): "人员", (1, 1): "100"}.items():
        inner.cell(r, c).text = text
    outer.cell(1, 0).text = "项目名称"
    outer.cell(1, 1).text = "综合事务管理"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "second"
    blocks = read_docx(docx_bytes(document))
    assert paragraphs(blocks) == ["前言"]
    first, second = tables(blocks)
    # Every nested cell's text stays, in the outer cell after its own paragraphs.
    assert first.rows[0][1].text.split("\n") == ["明细如下：", "成本构成\t金额", "人员\t100"]
    assert grid(first)[1] == [("项目名称", 0, 1), ("综合事务管理", 1, 1)]
    # Nested tables take no table number: the next top-level table is table 1.
    assert (first.location.table, second.location.table) == (0, 1)
    assert second.rows[0][0].location.table == 1


def test_document_order_of_paragraphs_and_tables() -> None:
    document = docx.Document()
    document.add_paragraph("1.综合事务管理绩效目标表")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "项目名称"
    document.add_paragraph("")
    document.add_paragraph("2.政协会议绩效目标表")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "项目编码"
    blocks = read_docx(docx_bytes(document))
    kinds = [b.text if isinstance(b, Paragraph) else b.rows[0][0].text for b in blocks]
    assert kinds == ["1.综合事务管理绩效目标表", "项目名称", "2.政协会议绩效目标表", "项目编码"]


# ---------------------------------------------------------------- Word XML (.doc)


def _sample_table(vmerge: str) -> str:
    """A small target table; ``vmerge`` is vMerge (OOXML) or vmerge (Word 2003)."""
    restart = f'<w:{vmerge} w:val="restart"/>'
    return (
        "<w:tbl>"
        + row_xml(tc("项目名称", '<w:gridSpan w:val="2"/>'), tc("综合事务管理"))
        + row_xml(tc("产出指标", restart), tc("数量指标"), tc("≥80%"))
        + row_xml(f"<w:tc><w:tcPr><w:{vmerge}/></w:tcPr><w:p/></w:tc>", tc("质量指标"), tc("100%"))
        + "</w:tbl>"
    )


_TITLE = (
    "<w:p><w:r><w:t>项目支出绩效目标表</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText> TC "x" \\f A \\l 1 </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELS = "application/vnd.openxmlformats-package.relationships+xml"
_FLAT_OPC = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">
  <pkg:part pkg:name="/_rels/.rels" pkg:contentType="{_RELS}">
    <pkg:xmlData>
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>
    </pkg:xmlData>
  </pkg:part>
  <pkg:part pkg:name="/word/document.xml" pkg:contentType="{_MAIN}">
    <pkg:xmlData>
      <w:document xmlns:w="{W}"><w:body>{_TITLE}{_sample_table("vMerge")}</w:body></w:document>
    </pkg:xmlData>
  </pkg:part>
</pkg:package>
"""

_WORD_2003 = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="{W2003}"
    xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint">
  <w:body><wx:sect>{_TITLE}{_sample_table("vmerge")}</wx:sect></w:body>
</w:wordDocument>
"""


@pytest.mark.parametrize("xml", [_FLAT_OPC, _WORD_2003], ids=["flat-opc", "word-2003"])
def test_word_xml_saved_as_doc(tmp_path: Path, xml: str) -> None:
    path = tmp_path / "target.doc"
    path.write_text(xml, encoding="utf-8")
    result = read_bytes(path.read_bytes(), str(path))  # detected from the bytes
    assert result.format == "wordml"
    assert paragraphs(result.blocks) == ["项目支出绩效目标表"]
    (out,) = tables(result.blocks)
    assert grid(out) == [
        [("项目名称", 0, 2), ("综合事务管理", 2, 1)],
        [("产出指标", 0, 1), ("数量指标", 1, 1), ("≥80%", 2, 1)],
        [("", 0, 1), ("质量指标", 1, 1), ("100%", 2, 1)],
    ]


def test_registry_sends_word_formats_here() -> None:
    assert {get_reader(fmt).__name__ for fmt in ("docx", "wordml")} == {word.__name__}
    assert get_reader("doc").__name__ == doc97.__name__


# ---------------------------------------------------------------- errors


def _zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


_DOCUMENT = "word/document.xml"


def _truncated_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("x")
    data = docx_bytes(document)
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("fmt", "data", "message"),
    [
        pytest.param("docx", _truncated_docx(), "not a readable zip", id="truncated-zip"),
        pytest.param(
            "docx", _zip_with("word/x.xml", b"<x/>"), "no word/document.xml", id="no-document"
        ),
        pytest.param(
            "docx", _zip_with(_DOCUMENT, b"<w:document"), "XML syntax error", id="bad-xml"
        ),
        pytest.param("docx", _zip_with(_DOCUMENT, b"<a/>"), "not WordprocessingML", id="not-word"),
        pytest.param(
            "wordml",
            b'<?xml version="1.0"?><pkg:package xmlns:pkg='
            b'"http://schemas.microsoft.com/office/2006/xmlPackage"/>',
            "no /word/document.xml part",
            id="flat-opc-without-document",
        ),
        pytest.param(
            "wordml", b"<?xml version='1.0'?><html/>", "neither a Flat-OPC", id="other-xml"
        ),
    ],
)
def test_damaged_input_raises_reader_error(fmt: str, data: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        word.read(data, fmt=fmt)


# ---------------------------------------------------------------- package opening


def _repacked(data: bytes, renames: dict[str, str], drop: frozenset[str] = frozenset()) -> bytes:
    """``data`` (a .docx) with parts renamed: part names (and their .rels) and references."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            name, content = item.filename, source.read(item)
            if name in drop:
                continue
            for old, new in renames.items():
                if name.endswith(".rels") or name == "[Content_Types].xml":
                    content = content.replace(old.encode(), new.encode())
                name = name.replace(old, new)
            archive.writestr(name, content)
    return buffer.getvalue()


def _numbered_document() -> bytes:
    document = docx.Document()
    for text in ("甲", "乙"):
        document.add_paragraph(text, style="List Number")
    return docx_bytes(document)


def test_parts_are_found_through_the_package_relationships() -> None:
    # Word sometimes names the main part document2.xml; lists live wherever
    # the document's relationships say.
    data = _repacked(
        _numbered_document(), {"document.xml": "document2.xml", "numbering.xml": "lists.xml"}
    )
    assert paragraphs(read_docx(data)) == ["1. 甲", "2. 乙"]


def test_a_package_python_docx_rejects_is_read_from_the_conventional_parts() -> None:
    # A relationship to a part the zip does not hold: python-docx gives up,
    # the text is still there under its usual name.
    data = _repacked(_numbered_document(), {}, drop=frozenset({"word/settings.xml"}))
    assert paragraphs(read_docx(data)) == ["1. 甲", "2. 乙"]


def test_a_template_main_part_is_read_like_a_document() -> None:
    # docx.Document() refuses a .dotx/.docm main part; its markup is the same.
    data = _numbered_document()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            archive.writestr(item, content)
    assert paragraphs(read_docx(buffer.getvalue())) == ["1. 甲", "2. 乙"]


def test_a_format_the_reader_does_not_read_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="does not read 'pdf'"):
        word.read(b"%PDF-1.7", fmt="pdf")


def test_the_doc_container_is_opened_with_olefile() -> None:
    streams = word_streams((SAMPLES / f"{HEBEI}.doc").read_bytes())
    assert set(streams) == {"WordDocument", "1Table", "Data"}
    with pytest.raises(DocFormatError, match="unreadable compound file"):
        word_streams(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


# ---------------------------------------------------------------- the real sample


def _content(document: Any) -> dict[str, Any]:
    """The parsed content without source, warnings and locations."""
    dumped = document.model_dump(exclude={"source", "warnings"})

    def drop_locations(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: drop_locations(v) for k, v in value.items() if k != "location"}
        if isinstance(value, list):
            return [drop_locations(v) for v in value]
        return value

    return {k: drop_locations(dumped[k]) for k in ("projects", "department_goals")}


@pytest.fixture(scope="module")
def hebei_txt() -> dict[str, Any]:
    return _content(parse_file(SAMPLES / f"{HEBEI}.txt"))


def _cell_texts(blocks: list[Block]) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in t.rows] for t in tables(blocks)]


def test_sample_docx_gives_the_text_export_stream_and_projects(hebei_txt: dict[str, Any]) -> None:
    txt = read_bytes((SAMPLES / f"{HEBEI}.txt").read_bytes())
    result = read_bytes((SAMPLES / f"{HEBEI}.docx").read_bytes())
    assert result.format == "docx"
    # Same paragraphs (the export's leading space aside, and a last line `1` that
    # only the export has) and the same cells in every row.
    assert [p.strip() for p in paragraphs(result.blocks)] == [
        p.strip() for p in paragraphs(txt.blocks) if p.strip() != "1"
    ]
    assert _cell_texts(result.blocks) == _cell_texts(txt.blocks)
    parsed = _content(parse_file(SAMPLES / f"{HEBEI}.docx"))
    assert parsed == hebei_txt
    assert len(parsed["projects"]) == 5


def test_sample_doc_ends_in_a_table_and_is_read_natively(hebei_txt: dict[str, Any]) -> None:
    # The sample .doc's text ends with the last table's row mark, which LibreOffice
    # reads as one paragraph; the native reader takes it, so no soffice is needed.
    data = (SAMPLES / f"{HEBEI}.doc").read_bytes()
    native = doc97.native_doc_blocks(data)
    assert native is not None
    docx_blocks = read_bytes((SAMPLES / f"{HEBEI}.docx").read_bytes()).blocks
    assert [grid(t) for t in tables(native)] == [grid(t) for t in tables(docx_blocks)]
    assert paragraphs(native) == paragraphs(docx_blocks)
    result = read_bytes(data)
    assert result.format == "doc"
    assert _content(parse_file(SAMPLES / f"{HEBEI}.doc")) == hebei_txt


@pytest.mark.soffice
@needs_soffice
def test_doc_through_libreoffice(tmp_path: Path) -> None:
    # A .doc that ends with a paragraph takes the LibreOffice route.
    document = docx.Document()
    document.add_paragraph("1.综合事务管理绩效目标表")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 1).text = "综合事务管理"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).text = "产出指标"
    table.cell(1, 0).merge(table.cell(2, 0))
    for r, (name, value) in enumerate([("数量指标", "≤100000元"), ("质量指标", "≥80%")], 1):
        table.cell(r, 1).text = name
        table.cell(r, 2).text = value
    document.add_paragraph("结束")
    doc = convert(docx_bytes(document), source_ext="docx", target_ext="doc")
    assert doc97.native_doc_blocks(doc) is None
    result = doc97.read(doc)
    assert result.format == "doc"
    assert paragraphs(result.blocks) == ["1.综合事务管理绩效目标表", "结束"]
    (out,) = tables(result.blocks)
    assert grid(out) == [
        [("项目名称", 0, 1), ("综合事务管理", 1, 2)],
        [("产出指标", 0, 1), ("数量指标", 1, 1), ("≤100000元", 2, 1)],
        [("", 0, 1), ("质量指标", 1, 1), ("≥80%", 2, 1)],
    ]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, id="empty-ole"),
        pytest.param((SAMPLES / f"{HEBEI}.doc").read_bytes()[:4096], id="truncated"),
        pytest.param(
            (SAMPLES / f"{HEBEI}.doc").read_bytes()[:512] + b"\xff" * 20000, id="garbage-body"
        ),
    ],
)
def test_native_doc_reader_declines_what_it_cannot_read(data: bytes) -> None:
    # None sends the file on to LibreOffice; the native reader never raises.
    assert doc97.native_doc_blocks(data) is None


@pytest.mark.soffice
@needs_soffice
def test_damaged_doc_raises_reader_error() -> None:
    data = (SAMPLES / f"{HEBEI}.doc").read_bytes()[:2048]
    with pytest.raises(ReaderError):
        doc97.read(data)


def test_cells_are_cell_objects() -> None:
    (out,) = tables(read_docx(docx_from_body(f"<w:tbl>{row_xml(tc('a'))}</w:tbl>")))
    assert out.rows == ((Cell("a", 0, 0),),)
