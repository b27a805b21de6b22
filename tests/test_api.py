"""The library API: parse_file/parse_bytes/read_cells and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import GoalExtractError, parse_bytes, parse_file, read_cells
from goalextract.cells import Table
from goalextract.errors import DecodeError, EmptyInput, InputError, UnsupportedFormat


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
