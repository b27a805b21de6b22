"""The blocks → blocks stages that run between the readers and the parser.

A reader gives what the document printed (stage ``read``); each stage after it
rewrites the block stream so that the parser sees only paragraphs and tables.
``goalextract cells --stage NAME`` shows the stream after a stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum

from goalextract.cells import Block, ReadResult


class Stage(str, Enum):
    """A point of the pipeline whose block stream can be shown."""

    READ = "read"  # as the reader produced it
    TABLES = "tables"  # titles wrapped over two lines joined; text lines rebuilt into tables

    def __str__(self) -> str:
        return self.value


def _stages() -> tuple[tuple[Stage, Callable[[Sequence[Block]], list[Block]]], ...]:
    """The stages in order; the parser reads the output of the last one."""
    # Imported here: the CLI imports Stage for its options, and start-up stays light.
    from goalextract.lines import join_wrapped_titles
    from goalextract.linetables import rebuild_tables

    def tables(blocks: Sequence[Block]) -> list[Block]:
        return rebuild_tables(join_wrapped_titles(blocks))

    return ((Stage.TABLES, tables),)


def run_stages(result: ReadResult, until: Stage | None = None) -> ReadResult:
    """The read result with its blocks passed through the stages up to ``until`` (all: None)."""
    if until is Stage.READ:
        return result
    blocks = list(result.blocks)
    for stage, apply in _stages():
        blocks = apply(blocks)
        if stage is until:
            break
    return replace(result, blocks=blocks)
