"""goalextract: Chinese budget performance target tables (绩效目标表) as data.

>>> from goalextract import parse_file
>>> doc = parse_file("samples/shanhaiguan-cppcc-2021.txt")  # doctest: +SKIP
>>> doc.projects[0].name  # doctest: +SKIP
'综合事务管理'

``parse_file(path, options)`` is ``parse_cells(read_cells(path, options), options)``
with ``options`` a ``ParseOptions`` (or its fields as keyword arguments).

The names below are imported on first use, so ``import goalextract`` (and the
CLI's start-up) does not pay for pydantic and the parser until they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "InputCells": "goalextract.api",
    "InputFormat": "goalextract.api",
    "ParseOptions": "goalextract.api",
    "ReadOptions": "goalextract.api",
    "parse_bytes": "goalextract.api",
    "parse_cells": "goalextract.api",
    "parse_file": "goalextract.api",
    "read_bytes": "goalextract.api",
    "read_cells": "goalextract.api",
    "check": "goalextract.checks",
    "apply_checks": "goalextract.checks",
    "Code": "goalextract.codes",
    "RuleSet": "goalextract.codes",
    "Severity": "goalextract.codes",
    "GoalExtractError": "goalextract.errors",
    "Budget": "goalextract.models",
    "DepartmentGoals": "goalextract.models",
    "DepartmentTable": "goalextract.models",
    "Document": "goalextract.models",
    "Indicator": "goalextract.models",
    "ParseWarning": "goalextract.models",
    "Project": "goalextract.models",
    "Source": "goalextract.models",
    "SpendingPlanEntry": "goalextract.models",
    "Target": "goalextract.models",
    "to_dataframes": "goalextract.frames",
}

__all__ = [
    "Budget",
    "Code",
    "DepartmentGoals",
    "DepartmentTable",
    "Document",
    "GoalExtractError",
    "Indicator",
    "InputCells",
    "InputFormat",
    "ParseOptions",
    "ParseWarning",
    "Project",
    "ReadOptions",
    "RuleSet",
    "Severity",
    "Source",
    "SpendingPlanEntry",
    "Target",
    "__version__",
    "apply_checks",
    "check",
    "parse_bytes",
    "parse_cells",
    "parse_file",
    "read_bytes",
    "read_cells",
    "to_dataframes",
]

if TYPE_CHECKING:
    from goalextract.api import (
        InputCells,
        InputFormat,
        ParseOptions,
        ReadOptions,
        parse_bytes,
        parse_cells,
        parse_file,
        read_bytes,
        read_cells,
    )
    from goalextract.checks import apply_checks, check
    from goalextract.codes import Code, RuleSet, Severity
    from goalextract.errors import GoalExtractError
    from goalextract.frames import to_dataframes
    from goalextract.models import (
        Budget,
        DepartmentGoals,
        DepartmentTable,
        Document,
        Indicator,
        ParseWarning,
        Project,
        Source,
        SpendingPlanEntry,
        Target,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'goalextract' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
