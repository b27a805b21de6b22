"""Parsed documents as pandas DataFrames: the tables of the CSV/XLSX/Parquet outputs.

Cheap by design: the frames are built from the same rows the writers write
(``writers._tables``), with the Parquet writer's values (lists stay lists,
mappings are JSON text). pandas is optional (``pip install
'goalextract[dataframes]'``) and imported only here, when called.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goalextract.errors import ConverterMissing

if TYPE_CHECKING:
    import pandas

    from goalextract.models import Document
    from goalextract.writers._tables import Value


def _render(value: Value) -> Any:
    """Lists stay lists; mappings become JSON text (as in SQLite and Parquet)."""
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False) if value else None
    return value


def to_dataframes(
    documents: Sequence[Document], failures: Sequence[Mapping[str, str]] = ()
) -> dict[str, pandas.DataFrame]:
    """Every table by name (documents, projects, indicators, spending_plan,
    department_tables, department_indicators, warnings, failures) as a DataFrame.

    ``failures`` (``{"path", "error"}`` records of inputs that failed) go to the
    ``failures`` table and the ``documents`` table's failed rows.

    >>> frames = to_dataframes([parse_file("samples/shanhaiguan-cppcc-2021.txt")])  # doctest: +SKIP
    >>> frames["indicators"].groupby("normalized_kind").size()  # doctest: +SKIP
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise ConverterMissing(
            "to_dataframes needs pandas: pip install 'goalextract[dataframes]'"
        ) from error
    from goalextract.writers._tables import TABLES

    return {
        spec.name: pd.DataFrame(
            list(spec.rows(documents, failures, _render)), columns=list(spec.columns)
        )
        for spec in TABLES
    }
