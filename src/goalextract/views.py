"""Human view of the block stream for `goalextract cells` (rich, imported by the CLI only)."""

from __future__ import annotations

import json
import sys

from goalextract.cells import Paragraph, ReadResult


def print_blocks(result: ReadResult, *, as_json: bool = False) -> None:
    """Print every paragraph and table row with its location."""
    if as_json:
        for block in result.blocks:
            if isinstance(block, Paragraph):
                record: dict[str, object] = {
                    "paragraph": block.text,
                    "location": block.location.as_dict(),
                }
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
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
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(soft_wrap=True, highlight=False)
    console.print(
        f"[bold]format[/] {result.format}  [bold]encoding[/] {result.encoding}  "
        f"[bold]pages[/] {result.pages}  [bold]blocks[/] {len(result.blocks)}"
    )
    for block in result.blocks:
        if isinstance(block, Paragraph):
            console.print(f"[dim]{block.location.describe()}[/]  ¶ {escape(block.text)}")
            continue
        console.print(f"[bold cyan]table[/] {block.location.describe()}: {len(block.rows)} rows")
        for row in block.rows:
            for cell in row:
                span = f" span {cell.colspan}" if cell.colspan > 1 else ""
                text = escape(cell.text).replace("\n", "⏎") if not cell.blank else "[dim]·[/]"
                console.print(f"  [dim]r{cell.row} c{cell.col}{span}[/]  {text}")
