"""The library API: parse_file/parse_bytes/read_cells/parse_cells, their options and errors."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import (
    Document,
    GoalExtractError,
    InputFormat,
    ParseOptions,
    ReadOptions,
    parse_bytes,
    parse_cells,
    parse_file,
    read_bytes,
    read_cells,
)
from goalextract.cells import ReadResult, Table
from goalextract.errors import DecodeError, EmptyInput, InputError, UnsupportedFormat

SAMPLE = SAMPLES / f"{HEBEI}.txt"


def test_parse_file_and_parse_bytes_agree(hebei_txt_bytes: bytes) -> None:
    from_file = parse_file(SAMPLES / f"{HEBEI}.txt")
    from_bytes = parse_bytes(hebei_txt_bytes, str(SAMPLES / f"{HEBEI}.txt"))
    assert from_file == from_bytes


def test_stdin_name_is_kept(hebei_txt_bytes: bytes) -> None:
    assert parse_bytes(hebei_txt_bytes).source.path == "-"


def test_read_cells_gives_tables() -> None:
    result = read_cells(SAMPLES / f"{HEBEI}.txt")
    assert sum(isinstance(b, Table) for b in result.blocks) == 5


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInput, "empty"),
        (b"  \n\n ", EmptyInput, "empty"),
        (b"\x00\x01\x02\xff" * 64, UnsupportedFormat, "not a supported format"),
        (b"PK\x03\x04garbage", UnsupportedFormat, "damaged zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, UnsupportedFormat, "OLE"),
    ],
)
def test_bad_bytes(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        parse_bytes(data, "bad")


def test_errors_share_one_root() -> None:
    assert issubclass(InputError, GoalExtractError) and issubclass(InputError, OSError)
    assert issubclass(DecodeError, GoalExtractError) and issubclass(DecodeError, UnicodeError)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        parse_file(tmp_path)


def test_document_without_target_table_warns() -> None:
    document = parse_bytes("第一章 总则\n本办法适用于全部门。\n".encode(), "notes.txt")
    assert document.projects == [] and document.department_tables == []
    assert [w.code for w in document.warnings] == ["no_target_tables"]


def test_forced_input_format(hebei_txt_bytes: bytes) -> None:
    assert parse_bytes(hebei_txt_bytes, "x.bin", input_format="txt").projects
    with pytest.raises(UnsupportedFormat, match="no reader for format 'nope'"):
        parse_bytes(hebei_txt_bytes, "x", input_format="nope")


def test_format_comes_from_content_not_name(tmp_path: Path) -> None:
    mislabelled = tmp_path / "really-a-docx.pdf"
    mislabelled.write_bytes((SAMPLES / f"{HEBEI}.docx").read_bytes())
    document = parse_file(mislabelled)
    assert document.source.format == "docx"
    assert len(document.projects) == 5


def test_every_detected_format_has_a_reader() -> None:
    from goalextract.detect import FORMATS
    from goalextract.readers import READERS

    assert set(FORMATS) == set(READERS)


def test_every_reader_format_can_be_forced() -> None:
    from goalextract.readers import READERS

    assert {member.value for member in InputFormat} == set(READERS)


# -- parse_cells(read_cells(p)) is parse_file(p) ---------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        None,
        ParseOptions(rules=None),
        ParseOptions(rules="2021"),
        ParseOptions(input_format="txt", encoding="utf-8"),
    ],
    ids=["defaults", "no-checks", "rules-2021", "forced-format"],
)
def test_parse_cells_of_read_cells_is_parse_file(options: ParseOptions | None) -> None:
    whole = parse_file(SAMPLE, options)
    assert parse_cells(read_cells(SAMPLE, options), options) == whole
    assert whole.source.path == str(SAMPLE)
    assert whole.source.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_the_options_decide_the_checks() -> None:
    # The sample's one finding (a blank 3月底) comes from the checks, so it tells
    # whether they ran.
    codes = {w.code for w in parse_file(SAMPLE).warnings}
    assert codes == {"spending_plan_missing_value"}
    assert parse_file(SAMPLE, rules=None).warnings == []
    assert parse_cells(read_cells(SAMPLE), rules=None).warnings == []


@pytest.mark.parametrize(
    ("by_keywords", "by_options"),
    [
        (
            lambda: parse_file(SAMPLE, rules="2021"),
            lambda: parse_file(SAMPLE, ParseOptions(rules="2021")),
        ),
        (
            lambda: parse_bytes(SAMPLE.read_bytes(), "x", rules=None),
            lambda: parse_bytes(SAMPLE.read_bytes(), "x", ParseOptions(rules=None)),
        ),
        (
            lambda: read_cells(SAMPLE, encoding="utf-8"),
            lambda: read_cells(SAMPLE, ReadOptions(encoding="utf-8")),
        ),
        (
            lambda: read_bytes(b"\t\xcf\xee", input_format="txt"),
            lambda: read_bytes(b"\t\xcf\xee", options=ReadOptions(input_format=InputFormat.TXT)),
        ),
    ],
)
def test_keywords_are_the_options_fields(
    by_keywords: Callable[[], object], by_options: Callable[[], object]
) -> None:
    assert by_keywords() == by_options()


def test_keywords_override_the_options_object() -> None:
    options = ParseOptions(rules=None)
    assert parse_file(SAMPLE, options, rules="standard") == parse_file(SAMPLE)


def test_read_cells_carries_its_source() -> None:
    cells = read_cells(SAMPLE)
    assert (cells.path, cells.format, cells.encoding) == (str(SAMPLE), "txt", "utf-8")
    assert cells.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_parse_cells_of_a_bare_read_result() -> None:
    # Straight from a reader module: no path or hash unless given.
    cells = read_cells(SAMPLE)
    bare = ReadResult(cells.blocks, cells.format, cells.encoding, cells.pages)
    assert (parse_cells(bare).source.path, parse_cells(bare).source.sha256) == ("-", "")
    named = parse_cells(bare, path="a.txt", sha256="00")
    assert (named.source.path, named.source.sha256) == ("a.txt", "00")
    assert _without_source(named) == _without_source(parse_file(SAMPLE))


def _without_source(document: Document) -> dict[str, object]:
    data = document.to_json_dict()
    del data["source"]
    return data


# -- every error names the input --------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path", "error", "reason"),
    [
        (lambda: parse_file("missing.txt"), "missing.txt", InputError, "no such file"),
        (lambda: read_cells("folder"), "folder", InputError, "is a directory"),
        (lambda: parse_bytes(b"", "empty.txt"), "empty.txt", EmptyInput, "the file is empty"),
        (lambda: parse_bytes(b"\x00\x01\xff" * 64), "-", UnsupportedFormat, "not a supported"),
        (
            lambda: read_bytes(b"x", "x.bin", input_format="odt"),
            "x.bin",
            UnsupportedFormat,
            "no reader for format 'odt'",
        ),
        (
            lambda: parse_bytes("项目".encode("gb18030"), "gb.txt", encoding="ascii"),
            "gb.txt",
            DecodeError,
            "cannot decode as ascii",
        ),
        (lambda: parse_bytes(b"%PDF-1.4 broken", "b.pdf"), "b.pdf", GoalExtractError, ""),
    ],
    ids=["missing", "directory", "empty", "binary", "forced-format", "encoding", "damaged-pdf"],
)
def test_errors_name_the_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: Callable[[], object],
    path: str,
    error: type[GoalExtractError],
    reason: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(error) as raised:
        call()
    assert raised.value.path == path
    assert str(raised.value) == f"{path}: {raised.value.reason}"
    assert raised.value.reason.startswith(reason)


@pytest.mark.parametrize(
    ("error", "path", "detail"),
    [
        (InputError("no such file", path="a.txt"), "a.txt", "no such file"),
        (InputError("no such file"), "a.txt", "no such file"),
        (InputError("no such file", path="b.txt"), "a.txt", "b.txt: no such file"),
    ],
)
def test_detail_leaves_out_the_path_a_line_names_already(
    error: GoalExtractError, path: str, detail: str
) -> None:
    assert error.detail(path) == detail
