"""JSON Lines writer: one document per line, for pipes, ``jq -c`` and log stores.

Each line is a whole contract document (``to_json_dict()``), Chinese unescaped.
Inputs that failed in a batch follow as ``{"failure": {"path": ..., "error": ...}}``
lines, so a consumer reading line by line learns about them without a wrapper
object (which would defeat streaming).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from goalextract.models import Document
from goalextract.writers import WriteOptions

BINARY = False
# Each call writes whole lines: the runner may call it once per document.
STREAMING = True


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """Write one JSON object per line: the documents, then the failures."""
    for doc in documents:
        stream.write(json.dumps(doc.to_json_dict(), ensure_ascii=False))
        stream.write("\n")
    for failure in options.failures:
        stream.write(json.dumps({"failure": dict(failure)}, ensure_ascii=False))
        stream.write("\n")
