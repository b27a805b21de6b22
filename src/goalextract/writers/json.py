"""JSON writer: UTF-8, Chinese unescaped, contract key order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from goalextract.models import Document
from goalextract.writers import WriteOptions

BINARY = False


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """One document → its object; several → ``{"documents": [...], "failures": [...]}``."""
    payload: Any
    if len(documents) == 1 and not options.failures and not options.collection:
        payload = documents[0].to_json_dict()
    else:
        payload = {
            "documents": [doc.to_json_dict() for doc in documents],
            "failures": list(options.failures),
        }
    json.dump(payload, stream, ensure_ascii=False, indent=options.indent)
    stream.write("\n")
