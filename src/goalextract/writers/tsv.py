"""TSV writer: the CSV writer's tables, tab-separated, for Unix tools.

Same rows and columns as ``csv`` (``--table``, ``--lang``), but UTF-8 without a
byte-order mark and with ``\n`` line ends, so ``cut -f``, ``awk -F'\t'`` and
``sort`` read it as it is. A cell holding a tab, a quote or a line break is
quoted the csv module's way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from goalextract.models import Document
from goalextract.writers import WriteOptions
from goalextract.writers.csv import write_table

BINARY = True


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """Write the table ``options.table`` of all documents under one header row."""
    write_table(documents, stream, options, delimiter="\t", encoding="utf-8", lineterminator="\n")
