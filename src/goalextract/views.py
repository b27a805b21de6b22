"""Terminal views for the CLI (rich is imported here and in cli.py only).

rich, the models and the comparison are imported inside the functions that use
them: `goalextract parse FILE` to a pipe needs the reporter alone, and no rich.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import IO, TYPE_CHECKING

from goalextract.codes import Severity
from goalextract.errors import shown
from goalextract.text import plural

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.panel import Panel
    from rich.progress import ProgressColumn
    from rich.tree import Tree

    from goalextract.batch import Outcome
    from goalextract.cells import ReadResult
    from goalextract.compare import BudgetChange, Comparison
    from goalextract.models import DepartmentTable, Document, Indicator, ParseWarning, Project
    from goalextract.runner import Stats


def _console(stream: IO[str], *, soft_wrap: bool = False) -> Console:
    """A rich console printing to ``stream`` (standard output, for a view).

    On a closed pipe (`| head`) rich would exit 1 itself; this one raises
    BrokenPipeError, which the CLI ends quietly like every other closed pipe.
    """
    from rich.console import Console

    class _ViewConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _ViewConsole(file=stream, soft_wrap=soft_wrap, highlight=False)


def print_blocks(result: ReadResult, stream: IO[str], *, as_json: bool = False) -> None:
    """Print every paragraph and table row with its location."""
    from goalextract.cells import Paragraph

    if as_json:
        for block in result.blocks:
            if isinstance(block, Paragraph):
                record: dict[str, object] = {
                    "paragraph": block.text,
                    "location": block.location.as_dict(),
                }
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                continue
            for row in block.rows:
                record = {
                    "row": [
                        {
                            "text": c.text,
                            "col": c.col,
                            "colspan": c.colspan,
                            "location": c.location.as_dict(),
                        }
                        for c in row
                    ],
                }
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from rich.markup import escape

    console = _console(stream, soft_wrap=True)
    console.print(
        f"[bold]format[/] {result.format}  [bold]encoding[/] {result.encoding}  "
        f"[bold]pages[/] {result.pages}  [bold]blocks[/] {len(result.blocks)}"
    )
    for block in result.blocks:
        if isinstance(block, Paragraph):
            console.print(f"[dim]{block.location.describe()}[/]  ¶ {escape(block.text)}")
            continue
        console.print(
            f"[bold cyan]table[/] {block.location.describe()}: {plural(len(block.rows), 'row')}"
        )
        for row in block.rows:
            for cell in row:
                span = f" span {cell.colspan}" if cell.colspan > 1 else ""
                text = escape(cell.text).replace("\n", "⏎") if not cell.blank else "[dim]·[/]"
                console.print(f"  [dim]r{cell.row} c{cell.col}{span}[/]  {text}")


class RichReporter:
    """Progress bar and summary on stderr for `goalextract parse` (runner.Reporter)."""

    def __init__(self, *, quiet: bool, summary: bool | None, debug: bool) -> None:
        self._console: Console | None = None
        self.quiet = quiet
        self.debug = debug
        interactive = _stderr_is_terminal() and self.console.is_terminal
        self.show_summary = (interactive if summary is None else summary) and not quiet
        self.show_progress = interactive and not quiet
        self._progress: object | None = None
        self._task: object | None = None

    @property
    def console(self) -> Console:
        """The rich console on standard error, made (and rich imported) on first use."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)
        return self._console

    def start(self, total: int) -> None:
        """Open the progress bar (only on a terminal, only for several files)."""
        if not self.show_progress or total < 2:
            return
        from rich.progress import Progress

        columns, self._name_width = _progress_columns(self.console.width, total)
        progress = Progress(*columns, console=self.console, transient=True)
        progress.start()
        self._task = progress.add_task("parse", total=total, rate="", current="")
        self._progress = progress
        self._started = time.perf_counter()
        self._done = 0

    def advance(self, outcome: Outcome) -> None:
        """One more input done."""
        if self._progress is None:
            return
        from rich.progress import Progress, TaskID

        assert isinstance(self._progress, Progress)
        self._done += 1
        elapsed = max(time.perf_counter() - self._started, 1e-6)
        name, width = outcome.input.relative, self._name_width
        self._progress.update(
            TaskID(int(str(self._task))),
            advance=1,
            rate=f"{self._done / elapsed:.1f} files/s",
            current=name if len(name) <= width else "…" + name[-(width - 1) :],
        )

    def failure(self, path: str, message: str, traceback: str | None) -> None:
        """One line per failed input, on stderr, always (even with --quiet)."""
        if traceback and self.debug:
            sys.stderr.write(traceback)
        line = f"goalextract: {shown(path)}: {message}"
        if self._progress is not None:
            from rich.markup import escape

            self.console.print(escape(line), style="red", soft_wrap=True)
        else:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def finish(self, stats: Stats) -> None:
        """Close the bar; print the summary table."""
        if self._progress is not None:
            from rich.progress import Progress

            assert isinstance(self._progress, Progress)
            self._progress.stop()
        if not self.show_summary:
            return
        from rich.table import Table as RichTable

        table = RichTable(title="goalextract parse", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column(justify="right")
        skipped = sum(stats.skipped.values())
        table.add_row("files parsed", str(stats.files - len(stats.failures)))
        if skipped:
            detail = ", ".join(plural(n, reason) for reason, n in sorted(stats.skipped.items()))
            table.add_row("files skipped", f"{skipped} ({detail})")
        table.add_row("projects", str(stats.projects))
        if stats.department_tables:
            table.add_row("department tables", str(stats.department_tables))
        table.add_row("indicators", str(stats.indicators))
        table.add_row("warnings", str(stats.warnings))
        failures = len(stats.failures)
        table.add_row("failures", f"[red]{failures}[/]" if failures else "0")
        table.add_row("time", f"{stats.seconds:.2f} s")
        self.console.print(table)


# The progress line's parts by priority: the count and the time left always; the
# rate and the file being parsed only where the terminal has room for them.
_BAR_WIDE, _BAR_NARROW = 40, 10
_RATE_WIDTH = len("999.9 files/s")
_ETA_WIDTH = len("0:00:00")


def _progress_columns(width: int, total: int) -> tuple[list[ProgressColumn], int]:
    """The progress bar's columns for a terminal ``width`` wide, and the room for a file name.

    rich squeezes every column of a line that does not fit, so that at 60
    columns the count became ``19/…`` and the time left vanished. Here the parts
    that matter are sized first and the others get what is left, or are left out.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    count = 2 * len(str(total)) + 1
    fixed = len("parsing") + count + _ETA_WIDTH + 3  # and the spaces between them
    bar = _BAR_WIDE if width - fixed - _BAR_WIDE >= 60 else _BAR_NARROW
    room = width - fixed - bar - 1
    rate = room - _RATE_WIDTH - 1 >= 0
    name_width = room - (_RATE_WIDTH + 1 if rate else 0) - 1
    columns: list[ProgressColumn] = [
        TextColumn("[bold]parsing"),
        BarColumn(bar_width=max(0, min(bar, room + bar))),
        MofNCompleteColumn(table_column=Column(no_wrap=True, min_width=count)),
    ]
    if rate:
        columns.append(TextColumn("{task.fields[rate]}", table_column=Column(no_wrap=True)))
    columns.append(TimeRemainingColumn(table_column=Column(no_wrap=True, min_width=_ETA_WIDTH)))
    if name_width >= 8:
        column = Column(no_wrap=True, overflow="ellipsis", max_width=name_width)
        columns.append(TextColumn("[dim]{task.fields[current]}", table_column=column))
    return columns, max(name_width, 8)


def _stderr_is_terminal() -> bool:
    """False when rich's console would surely not call standard error a terminal.

    Without TTY_COMPATIBLE or FORCE_COLOR in the environment rich asks the stream's
    isatty(); when that says no, rich need not be imported to hear it say no too.
    Otherwise True: the console decides.
    """
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return True
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):  # no standard error, or a closed one
        return False


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f} 元"


def print_document(document: Document, stream: IO[str]) -> None:
    """`goalextract show`: each table's header, budget, spending plan and indicator tree."""
    from rich.markup import escape

    console = _console(stream)
    source = document.source
    console.print(
        f"[bold]{escape(shown(source.path))}[/]  {source.format}"
        + (f", {plural(source.pages, 'page')}" if source.pages else "")
        + f"  ·  {plural(len(document.projects), 'project')}, "
        f"{plural(len(document.department_tables), 'department table')}, "
        f"{plural(len(document.warnings), 'warning')}"
    )
    tables: list[Project | DepartmentTable] = [*document.department_tables, *document.projects]
    for table in tables:
        console.print(_table_panel(table))
    for warning in document.warnings:
        where = f" (project {warning.project})" if warning.project else ""
        console.print(f"[yellow]warning[/] {warning.code}{where}: {escape(warning.message)}")


def _table_panel(table: Project | DepartmentTable) -> Panel:
    """One table of `show`: its header lines, plan, goals and indicators in a titled box."""
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table as RichTable

    from goalextract.models import DepartmentTable, Project

    head = RichTable.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    header = _project_header(table) if isinstance(table, Project) else _department_header(table)
    for name, value in header:
        head.add_row(name, value)
    parts: list[RenderableType] = [head]
    if isinstance(table, Project) and table.spending_plan:
        parts.append(_plan_panel(table))
    parts.extend(_goal_trees(table))
    parts.append(_indicator_tree(table.indicators))
    default = "department table" if isinstance(table, DepartmentTable) else "project"
    title = escape(table.title or default)
    return Panel(Group(*parts), title=f"{table.index}. {title}", title_align="left")


def _project_header(project: Project) -> list[tuple[str, str]]:
    budget = project.budget
    rows = [
        ("project", f"{project.name or '—'}  [dim]{project.code or ''}[/]"),
        ("unit", " ".join(x for x in (project.unit_code, project.unit_name) if x) or "—"),
    ]
    if project.department_name:
        rows.append(("department", project.department_name))
    rows.append(
        (
            "budget",
            f"{_money(budget.total)}  (fiscal {_money(budget.fiscal)}, "
            f"other {_money(budget.other)})",
        )
    )
    if budget.carryover is not None:
        rows.append(("carryover", _money(budget.carryover)))
    if budget.project_total is not None:
        rows.append(("project total", _money(budget.project_total)))
    return rows


def _department_header(table: DepartmentTable) -> list[tuple[str, str]]:
    budget = table.budget
    department = " ".join(x for x in (table.department_code, table.department_name) if x)
    return [
        ("department", department or "—"),
        (
            "budget",
            f"{_money(budget.total)}  (basic {_money(budget.basic)}, "
            f"project {_money(budget.project)})",
        ),
    ]


def _plan_panel(project: Project) -> Panel:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table as RichTable

    plan = RichTable.grid(padding=(0, 1))
    for entry in project.spending_plan:
        percent = entry.percent
        bar = "█" * round((percent or 0) / 5)
        shown = "[yellow]blank[/]" if percent is None else f"{percent:g}%"
        plan.add_row(escape(entry.label), f"[green]{bar}[/]", shown)
    return Panel(plan, title="spending plan", title_align="left", expand=False)


def _goal_trees(table: Project | DepartmentTable) -> list[Tree]:
    from rich.markup import escape
    from rich.tree import Tree

    trees = []
    for label, goals in (("long-term goals", table.long_term_goals), ("goals", table.goals)):
        if goals:
            tree = Tree(f"[bold]{label}")
            for goal in goals:
                tree.add(escape(goal))
            trees.append(tree)
    return trees


def _indicator_tree(indicators: list[Indicator]) -> Tree:
    """Indicators under their level 1 and level 2, in table order."""
    from rich.markup import escape
    from rich.tree import Tree

    root = Tree("[bold]indicators")
    level1s: dict[str | None, Tree] = {}
    level2s: dict[tuple[str | None, str | None], Tree] = {}
    for indicator in indicators:
        one = level1s.get(indicator.level1)
        if one is None:
            one = root.add(escape(indicator.level1 or "(no 一级指标)"))
            level1s[indicator.level1] = one
        key = (indicator.level1, indicator.level2)
        two = level2s.get(key)
        if two is None:
            two = one.add(escape(indicator.level2 or "(no 二级指标)"))
            level2s[key] = two
        horizon = " [dim](long-term)[/]" if indicator.horizon == "long_term" else ""
        two.add(
            f"{escape(indicator.level3 or '—')}: [cyan]{escape(indicator.value)}[/]"
            f" [dim]{indicator.target.kind}[/]{horizon}"
        )
    return root


_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def print_check_report(
    documents: list[Document], stream: IO[str], *, as_json: bool = False, failed_inputs: int = 0
) -> None:
    """`goalextract check`: findings per document, grouped by project, severity coloured.

    Several inputs (a folder) end with a grand total over all of them, so that a
    long report need not be added up by hand; ``failed_inputs`` (inputs that
    could not be parsed, named on stderr already) are counted in it.
    """
    from goalextract.cells import Location
    from goalextract.codes import severity_of

    if as_json:
        payload = [
            {
                "path": doc.source.path,
                "findings": [
                    {**w.model_dump(mode="json"), "severity": severity_of(w.code)}
                    for w in doc.warnings
                ],
            }
            for doc in documents
        ]
        stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.markup import escape

    console = _console(stream)
    totals = {"error": 0, "warning": 0, "info": 0}
    for doc in documents:
        counts = {"error": 0, "warning": 0, "info": 0}
        for warning in doc.warnings:
            counts[severity_of(warning.code)] += 1
            totals[severity_of(warning.code)] += 1
        console.print(
            f"[bold]{escape(shown(doc.source.path))}[/]: {plural(len(doc.projects), 'project')}, "
            + _severity_counts(counts)
        )
        names = {p.index: p.name or p.title or f"project {p.index}" for p in doc.projects}
        groups: dict[int | None, list[ParseWarning]] = {}
        for warning in doc.warnings:
            groups.setdefault(warning.project, []).append(warning)
        for project in sorted(groups, key=lambda p: (p is not None, p or 0)):
            heading = (
                "document" if project is None else f"project {project} {names.get(project, '')}"
            )
            console.print(f"  [bold]{escape(heading)}[/]")
            for warning in groups[project]:
                severity = severity_of(warning.code)
                where = Location(**warning.location).describe() if warning.location else ""  # type: ignore[arg-type]
                console.print(
                    f"    [{_SEVERITY_STYLE[severity]}]{severity:<7}[/] {warning.code}: "
                    f"{escape(warning.message)}" + (f" [dim]({escape(where)})[/]" if where else "")
                )
    inputs = len(documents) + failed_inputs
    if inputs > 1:
        failed = f", [red]{failed_inputs} failed[/]" if failed_inputs else ""
        projects = sum(len(doc.projects) for doc in documents)
        console.print(
            f"[bold]total[/]: {plural(inputs, 'file')}{failed}, {plural(projects, 'project')}, "
            + _severity_counts(totals)
        )


def _severity_counts(counts: dict[str, int]) -> str:
    """``0 errors, 1 warning, 2 notes``, each in its severity's colour."""
    return (
        f"[bold red]{plural(counts['error'], 'error')}[/], "
        f"[yellow]{plural(counts['warning'], 'warning')}[/], "
        f"[cyan]{plural(counts['info'], 'note')}[/]"
    )


def _amount_change(change: BudgetChange) -> str:
    difference = change.difference
    shown = "" if difference is None else f" ({difference:+,.2f})"
    return f"{_money(change.old)} → {_money(change.new)}{shown}"


def print_comparison(comparison: Comparison, stream: IO[str]) -> None:
    """`goalextract compare`: what changed, grouped by project; unchanged projects counted."""
    from rich.markup import escape

    from goalextract.compare import indicator_label

    console = _console(stream)
    projects = comparison.projects
    unchanged = sum(1 for p in projects if p.unchanged)
    added, removed = comparison.count("added"), comparison.count("removed")
    matched = len(projects) - added - removed
    console.print(
        f"[bold]{escape(comparison.old.path)}[/] → [bold]{escape(comparison.new.path)}[/]: "
        f"{plural(matched, 'project')} matched ({unchanged} unchanged), "
        f"[green]{added} added[/], [red]{removed} removed[/]"
    )
    for p in projects:
        if p.unchanged:
            continue
        project = p.project
        name = escape(project.name or project.title or f"project {project.index}")
        code = f" [dim]{escape(project.code)}[/]" if project.code else ""
        if p.match in ("added", "removed"):
            style = "green" if p.match == "added" else "red"
            console.print(
                f"  [{style}]{p.match}[/] project {project.index} [bold]{name}[/]{code}: "
                f"{_money(project.budget.total)}, {plural(len(project.indicators), 'indicator')}"
            )
            continue
        how = " [dim](matched by name)[/]" if p.match == "name" else ""
        console.print(f"  [bold]project {project.index} {name}[/]{code}{how}")
        for b in p.budget:
            console.print(f"    [yellow]budget [/] {b.field}: {_amount_change(b)}")
        for i in p.added:
            console.print(
                f"    [green]added  [/] {escape(indicator_label(i))}: [cyan]{escape(i.value)}[/]"
            )
        for i in p.removed:
            console.print(
                f"    [red]removed[/] {escape(indicator_label(i))}: [cyan]{escape(i.value)}[/]"
            )
        for c in p.changed:
            console.print(
                f"    [yellow]changed[/] {escape(indicator_label(c.new))}: "
                f"[cyan]{escape(c.old.value)}[/] → [cyan]{escape(c.new.value)}[/]"
            )
