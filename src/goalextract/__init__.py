"""goalextract: Chinese budget performance target tables (绩效目标表) as data.

>>> from goalextract import parse_file
>>> doc = parse_file("samples/shanhaiguan-cppcc-2021.txt")  # doctest: +SKIP
>>> doc.projects[0].name  # doctest: +SKIP
'综合事务管理'
"""

from __future__ import annotations

from goalextract.api import parse_bytes, parse_cells, parse_file, read_bytes, read_cells
from goalextract.errors import GoalExtractError
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

__version__ = "0.1.0"

__all__ = [
    "Budget",
    "DepartmentGoals",
    "DepartmentTable",
    "Document",
    "GoalExtractError",
    "Indicator",
    "ParseWarning",
    "Project",
    "Source",
    "SpendingPlanEntry",
    "Target",
    "__version__",
    "parse_bytes",
    "parse_cells",
    "parse_file",
    "read_bytes",
    "read_cells",
]
