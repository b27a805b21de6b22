"""The JSON Schema describes every field and accepts every JSON object the writers produce."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from conftest import HEBEI, ROOT, SAMPLES
from goalextract import parse_file
from goalextract.models import Document
from goalextract.schema import json_schema
from goalextract.writers import WriteOptions, get_writer

SCHEMA = json.loads((ROOT / "schemas" / "goalextract.schema.json").read_text(encoding="utf-8"))
FAILURES = ({"path": "broken.docx", "error": "broken.docx: not a Word file"},)


def _properties(schema: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every property of every object in ``schema``, nested ones included, with its path."""
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            yield f"{where}.{name}", prop
        for key, value in schema.items():
            yield from _properties(value, f"{where}.{key}" if key != "properties" else where)
    elif isinstance(schema, list):
        for i, item in enumerate(schema):
            yield from _properties(item, f"{where}[{i}]")


@pytest.fixture(scope="module")
def hebei() -> Document:
    return parse_file(SAMPLES / f"{HEBEI}.txt")


def _validator() -> Any:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def _json(documents: list[Document], options: WriteOptions, writer: str = "json") -> str:
    stream = io.StringIO()
    get_writer(writer).write(documents, stream, options)
    return stream.getvalue()


def test_committed_schema_is_the_generated_one() -> None:
    assert json_schema() == SCHEMA


def test_every_property_has_a_description() -> None:
    properties = list(_properties(SCHEMA, "#"))
    assert len(properties) > 60
    missing = [path for path, prop in properties if not prop.get("description", "").strip()]
    assert missing == []


def test_every_model_has_a_description() -> None:
    missing = [name for name, model in SCHEMA["$defs"].items() if not model.get("description")]
    assert missing == []


def test_single_document_output_validates(hebei: Document) -> None:
    output = json.loads(_json([hebei], WriteOptions()))
    assert "schema_version" in output
    _validator().validate(output)


def test_multi_document_output_with_a_failure_validates(hebei: Document) -> None:
    output = json.loads(_json([hebei, hebei], WriteOptions(failures=FAILURES)))
    assert output["failures"] == list(FAILURES)
    _validator().validate(output)
    # A batch that parsed nothing still validates.
    _validator().validate(json.loads(_json([], WriteOptions(failures=FAILURES))))


def test_every_jsonl_line_validates_failure_lines_included(hebei: Document) -> None:
    lines = _json([hebei, hebei], WriteOptions(failures=FAILURES), "jsonl").splitlines()
    assert len(lines) == 3 and lines[-1].startswith('{"failure"')
    validator = _validator()
    for line in lines:
        validator.validate(json.loads(line))


@pytest.mark.parametrize(
    "bad",
    [
        {"documents": [], "failures": [], "extra": 1},  # a key no wrapper has
        {"failure": {"path": "x"}},  # a failure without its error
        {"schema_version": 2, "source": {"path": "-", "format": "txt", "sha256": ""}},
    ],
)
def test_schema_rejects_other_shapes(bad: dict[str, Any]) -> None:
    assert not _validator().is_valid(bad)
