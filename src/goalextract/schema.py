"""The JSON Schema of the output, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from goalextract.models import Document


def json_schema() -> dict[str, Any]:
    """``Document``'s JSON Schema with a title and the schema_version noted."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "goalextract output (schema_version 1)"
    return schema


def json_schema_text() -> str:
    """The schema as committed in schemas/goalextract.schema.json."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
