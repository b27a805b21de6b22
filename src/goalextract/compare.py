"""Compare two documents: projects matched, budgets and indicator targets that changed.

:func:`compare` is a pure function over two :class:`Document` s. Projects are
matched by ``code``, then by ``name`` (folded: NFKC, no whitespace); the rest are
added (only in the new document) or removed (only in the old one). Within a
matched pair, each budget field whose amount differs is a budget change, and
indicators are matched by their levels (一级, 二级, 三级, folded) and horizon —
the n-th indicator with a key in the old table pairs with the n-th with that key
in the new one — giving indicators added, removed, and changed (the printed
``value`` differs, folded).

:func:`comparison_json` is the ``--format json`` structure and :func:`change_rows`
the ``--format csv`` rows (one per change). :func:`document_from_bytes` turns an
input into a Document: goalextract's own JSON output is read back as it is, any
other input is parsed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from goalextract.errors import GoalExtractError
from goalextract.text import fold

if TYPE_CHECKING:
    from goalextract.api import ParseOptions
    from goalextract.models import Budget, Document, Indicator, Project, Source

Match = Literal["code", "name", "added", "removed"]
IndicatorKey = tuple[str, str, str, str]

# The Budget fields compared, in the contract's order.
BUDGET_FIELDS = ("total", "fiscal", "other", "carryover", "project_total")
_CENT = 0.005  # amounts closer than half a fen are the same amount


@dataclass(frozen=True)
class BudgetChange:
    """One budget field whose amount differs (元; None where the table has none)."""

    field: str
    old: float | None
    new: float | None

    @property
    def difference(self) -> float | None:
        """new − old, when both have an amount."""
        if self.old is None or self.new is None:
            return None
        return round(self.new - self.old, 2)


@dataclass(frozen=True)
class TargetChange:
    """An indicator in both tables whose printed value differs."""

    old: Indicator
    new: Indicator


@dataclass
class ProjectComparison:
    """One project of either document and what changed in it."""

    match: Match
    old: Project | None
    new: Project | None
    budget: list[BudgetChange] = field(default_factory=list)
    added: list[Indicator] = field(default_factory=list)
    removed: list[Indicator] = field(default_factory=list)
    changed: list[TargetChange] = field(default_factory=list)

    @property
    def project(self) -> Project:
        """The new project, or the old one when it was removed."""
        project = self.new or self.old
        assert project is not None
        return project

    @property
    def unchanged(self) -> bool:
        """A matched project without budget or indicator changes."""
        if self.match in ("added", "removed"):
            return False
        return not (self.budget or self.added or self.removed or self.changed)


@dataclass
class Comparison:
    """Two documents' sources and their projects compared."""

    old: Source
    new: Source
    projects: list[ProjectComparison]

    def count(self, match: Match) -> int:
        """How many projects were matched this way (or added, or removed)."""
        return sum(1 for p in self.projects if p.match == match)


def compare(old: Document, new: Document) -> Comparison:
    """Compare ``old`` with ``new``: in the new document's project order, removed ones last."""
    pairs, added, removed = match_projects(old.projects, new.projects)
    by_new = {id(new_p): (how, old_p) for how, old_p, new_p in pairs}
    projects: list[ProjectComparison] = []
    for project in new.projects:
        if id(project) not in by_new:
            projects.append(ProjectComparison("added", None, project))
            continue
        how, old_project = by_new[id(project)]
        projects.append(compare_projects(how, old_project, project))
    assert len(projects) == len(pairs) + len(added)
    projects.extend(ProjectComparison("removed", project, None) for project in removed)
    return Comparison(old=old.source, new=new.source, projects=projects)


def match_projects(
    old: list[Project], new: list[Project]
) -> tuple[list[tuple[Match, Project, Project]], list[Project], list[Project]]:
    """Pairs (how, old, new) matched by code, then by folded name; then added, removed."""
    pairs: list[tuple[Match, Project, Project]] = []
    rest_old, rest_new = list(old), list(new)
    keys: list[tuple[Match, Any]] = [
        ("code", lambda p: fold(p.code) if p.code else None),
        ("name", lambda p: fold(p.name) if p.name else None),
    ]
    for how, key in keys:
        waiting: dict[str, list[Project]] = {}
        for project in rest_old:
            if (k := key(project)) is not None:
                waiting.setdefault(k, []).append(project)
        unmatched: list[Project] = []
        for project in rest_new:
            candidates = waiting.get(key(project) or "", [])
            if candidates:
                pairs.append((how, candidates.pop(0), project))
            else:
                unmatched.append(project)
        taken = {id(o) for _, o, _ in pairs}
        rest_old = [p for p in rest_old if id(p) not in taken]
        rest_new = unmatched
    return pairs, rest_new, rest_old


def compare_projects(how: Match, old: Project, new: Project) -> ProjectComparison:
    """What changed between two matched projects."""
    result = ProjectComparison(how, old, new, budget=budget_changes(old.budget, new.budget))
    old_keyed = dict(_keyed(old.indicators))
    new_keyed = dict(_keyed(new.indicators))
    for key, indicator in new_keyed.items():
        before = old_keyed.get(key)
        if before is None:
            result.added.append(indicator)
        elif fold(before.value) != fold(indicator.value):
            result.changed.append(TargetChange(before, indicator))
    result.removed.extend(ind for key, ind in old_keyed.items() if key not in new_keyed)
    return result


def budget_changes(old: Budget, new: Budget) -> list[BudgetChange]:
    """The budget fields whose amount differs (appeared, vanished or changed)."""
    changes = []
    for name in BUDGET_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before is None and after is None:
            continue
        if before is None or after is None or abs(after - before) >= _CENT:
            changes.append(BudgetChange(name, before, after))
    return changes


def indicator_key(indicator: Indicator) -> IndicatorKey:
    """The levels (folded) and horizon that name an indicator within its table."""
    return (
        fold(indicator.level1 or ""),
        fold(indicator.level2 or ""),
        fold(indicator.level3 or ""),
        indicator.horizon,
    )


def _keyed(indicators: list[Indicator]) -> Iterator[tuple[tuple[IndicatorKey, int], Indicator]]:
    """Each indicator with its key and its occurrence of that key (a second 满意度 is 1)."""
    seen: dict[IndicatorKey, int] = {}
    for indicator in indicators:
        key = indicator_key(indicator)
        seen[key] = seen.get(key, -1) + 1
        yield (key, seen[key]), indicator


def indicator_label(indicator: Indicator) -> str:
    """``产出指标 / 数量指标 / 台数`` (``(long-term)`` after it for a long-term target)."""
    levels = " / ".join(
        level or "—" for level in (indicator.level1, indicator.level2, indicator.level3)
    )
    return levels + (" (long-term)" if indicator.horizon == "long_term" else "")


# --- the JSON structure and the CSV rows ---------------------------------------------


def _project_json(project: Project | None) -> dict[str, Any] | None:
    if project is None:
        return None
    return {
        "index": project.index,
        "code": project.code,
        "name": project.name,
        "budget": project.budget.model_dump(mode="json"),
        "indicators": len(project.indicators),
    }


def _indicator_json(indicator: Indicator) -> dict[str, Any]:
    return {
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level3": indicator.level3,
        "horizon": indicator.horizon,
        "value": indicator.value,
    }


def _change_json(change: TargetChange) -> dict[str, Any]:
    record = _indicator_json(change.new)
    del record["value"]
    return {**record, "old": change.old.value, "new": change.new.value}


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The ``--format json`` structure (README, "Compare two documents")."""
    return {
        "old": comparison.old.model_dump(mode="json"),
        "new": comparison.new.model_dump(mode="json"),
        "projects": [
            {
                "match": p.match,
                "old": _project_json(p.old),
                "new": _project_json(p.new),
                "budget": [
                    {"field": b.field, "old": b.old, "new": b.new, "difference": b.difference}
                    for b in p.budget
                ],
                "indicators": {
                    "added": [_indicator_json(i) for i in p.added],
                    "removed": [_indicator_json(i) for i in p.removed],
                    "changed": [_change_json(c) for c in p.changed],
                },
            }
            for p in comparison.projects
        ],
    }


CSV_COLUMNS = ("project", "code", "kind", "item", "old", "new")
Row = tuple[str, str, str, str, str, str]


def _amount(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def change_rows(comparison: Comparison) -> Iterator[Row]:
    """One row per change (CSV_COLUMNS): a project added or removed, a budget field, a target."""
    for p in comparison.projects:
        name, code = p.project.name or "", p.project.code or ""
        if p.match in ("added", "removed"):
            total = _amount(p.project.budget.total)
            old, new = (total, "") if p.match == "removed" else ("", total)
            yield name, code, f"project_{p.match}", "budget.total", old, new
            continue
        for b in p.budget:
            yield name, code, "budget", b.field, _amount(b.old), _amount(b.new)
        for i in p.added:
            yield name, code, "indicator_added", indicator_label(i), "", i.value
        for i in p.removed:
            yield name, code, "indicator_removed", indicator_label(i), i.value, ""
        for c in p.changed:
            yield name, code, "indicator_changed", indicator_label(c.new), c.old.value, c.new.value


def comparison_csv(comparison: Comparison) -> str:
    """The ``--format csv`` text: a header, then :func:`change_rows` (``\\r\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(change_rows(comparison))
    return out.getvalue()


# --- inputs ----------------------------------------------------------------------------


class NotADocument(GoalExtractError, ValueError):
    """JSON that is not one goalextract document."""


def document_from_bytes(data: bytes, name: str, options: ParseOptions | None = None) -> Document:
    """``data`` as a Document: goalextract's JSON output read back, anything else parsed."""
    from goalextract.api import parse_bytes

    found = _json_object(data)
    if found is None:
        return parse_bytes(data, name, options)
    from pydantic import ValidationError

    from goalextract.models import Document

    if "documents" in found and "projects" not in found:
        count = len(found["documents"]) if isinstance(found["documents"], list) else 0
        raise NotADocument(
            f"goalextract output of {count} documents; compare takes one document per side",
            path=name,
        )
    try:
        return Document.model_validate(found)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise NotADocument(
            f"not a goalextract document (schema_version 1): {where}: {first['msg']}", path=name
        ) from None


def _json_object(data: bytes) -> dict[str, Any] | None:
    """The JSON object in ``data`` when it looks like goalextract output, else None."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return None
    try:
        found = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(found, dict):
        return None
    if "schema_version" in found or "projects" in found or "documents" in found:
        return found
    return None
