"""The JSON Schema of the output, generated from the models.

One schema covers every JSON object goalextract writes: the top-level ``anyOf``
accepts a ``Document`` (``parse FILE``, and each document line of JSON Lines), a
``DocumentCollection`` (``{"documents": [...], "failures": [...]}``, the JSON of
a batch) or a ``FailureLine`` (``{"failure": {...}}``, a JSON Lines line for a
failed input). The three are told apart by their keys (no model allows keys of
its own beyond its fields), and each is in ``$defs`` for a consumer that wants
to validate against one of them only (``#/$defs/Document``).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from goalextract.models import Document, DocumentCollection, FailureLine


def json_schema() -> dict[str, Any]:
    """The output's JSON Schema with a title and the schema_version noted."""
    models: list[type[BaseModel]] = [Document, DocumentCollection, FailureLine]
    refs, defs = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/$defs/{model}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "goalextract output (schema_version 1)",
        "description": (
            "A Document (one input), a DocumentCollection (JSON of several inputs) or a"
            " FailureLine (a JSON Lines line for an input that failed)"
        ),
        "anyOf": [refs[(model, "validation")] for model in models],
        **defs,
    }


def json_schema_text() -> str:
    """The schema as committed in schemas/goalextract.schema.json."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
