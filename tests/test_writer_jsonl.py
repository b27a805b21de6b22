"""JSON Lines writer: one document per line, failures as trailing lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import parse_file
from goalextract.models import Document
from goalextract.writers import EXTENSIONS, WriteOptions, get_writer, write_file


@pytest.fixture(scope="module")
def hebei() -> Document:
    return parse_file(SAMPLES / f"{HEBEI}.txt")


def _other(doc: Document) -> Document:
    """The same content under another path and hash: a second, distinct document."""
    source = doc.source.model_copy(update={"path": "other.txt", "sha256": "0" * 64})
    return doc.model_copy(update={"source": source})


def test_registered() -> None:
    assert EXTENSIONS[".jsonl"] == "jsonl"
    assert get_writer("jsonl").BINARY is False


def test_one_line_per_document_equal_to_the_dicts(hebei: Document) -> None:
    docs = [hebei, _other(hebei)]
    stream = io.StringIO()
    get_writer("jsonl").write(docs, stream, WriteOptions())
    text = stream.getvalue()
    lines = text.splitlines()
    assert len(lines) == 2
    assert text.endswith("\n")
    assert [json.loads(line) for line in lines] == [doc.to_json_dict() for doc in docs]
    parsed = json.loads(lines[0])
    assert len(parsed["projects"]) == 5
    assert parsed["projects"][0]["name"] == "综合事务管理"
    # Chinese is written as is, not as \\u escapes.
    assert "综合事务管理" in lines[0]


def test_failures_come_last(hebei: Document) -> None:
    failures = ({"path": "bad.pdf", "error": "no text layer"},)
    stream = io.StringIO()
    get_writer("jsonl").write([hebei], stream, WriteOptions(failures=failures))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["source"]["path"].endswith(f"{HEBEI}.txt")
    assert json.loads(lines[1]) == {"failure": {"path": "bad.pdf", "error": "no text layer"}}


def test_no_documents_only_failures() -> None:
    stream = io.StringIO()
    options = WriteOptions(failures=({"path": "a.txt", "error": "empty"},))
    get_writer("jsonl").write([], stream, options)
    assert stream.getvalue() == '{"failure": {"path": "a.txt", "error": "empty"}}\n'


def test_file_output_is_utf8(hebei: Document, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    write_file(get_writer(EXTENSIONS[out.suffix]), [hebei], out, WriteOptions())
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == hebei.to_json_dict()
