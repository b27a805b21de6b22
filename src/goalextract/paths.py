"""Field paths: how a field of a project or department table is named in one string.

``budget.total``, ``indicators[3]``, ``indicators[3].target``, ``spending_plan[0]``:
the parser records where it read each field under such a path, and the checks
point their findings at the same paths. Both build and read them here only.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_PATH = re.compile(r"^(?P<field>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z_]+))?$")


class FieldPath(NamedTuple):
    """A parsed path: the field, the item number of a list field, a sub-field."""

    field: str
    item: int | None = None
    sub: str | None = None

    def __str__(self) -> str:
        text = self.field
        if self.item is not None:
            text += f"[{self.item}]"
        if self.sub is not None:
            text += f".{self.sub}"
        return text


def budget_path(field: str) -> str:
    """``budget.total``, ``budget.fiscal`` …"""
    return str(FieldPath("budget", None, field))


def indicator_path(index: int, sub: str | None = None) -> str:
    """``indicators[3]``, or ``indicators[3].target`` with ``sub``."""
    return str(FieldPath("indicators", index, sub))


def plan_path(index: int) -> str:
    """``spending_plan[0]``."""
    return str(FieldPath("spending_plan", index))


def parse_path(path: str) -> FieldPath:
    """Read a path back; a string that is not one raises ValueError.

    >>> parse_path("indicators[3].target")
    FieldPath(field='indicators', item=3, sub='target')
    """
    found = _PATH.match(path)
    if found is None:
        raise ValueError(f"not a field path: {path!r}")
    index = found["index"]
    return FieldPath(found["field"], int(index) if index is not None else None, found["sub"])
