"""The library's entry points: read_cells, parse_cells, parse_bytes, parse_file."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from goalextract.cells import ReadResult
from goalextract.detect import detect_format
from goalextract.errors import GoalExtractError, InputError, ReaderError
from goalextract.models import Document, Source
from goalextract.parser import parse_blocks
from goalextract.readers import ReadOptions, get_reader
from goalextract.stages import run_stages


def read_bytes(
    data: bytes,
    name: str = "-",
    *,
    input_format: str | None = None,
    options: ReadOptions | None = None,
) -> ReadResult:
    """Detect the format of ``data`` and read it into the block stream."""
    fmt = input_format or detect_format(data, name)
    reader = get_reader(fmt)
    try:
        return reader.read(data, fmt=fmt, name=name, options=options or ReadOptions())
    except GoalExtractError:
        raise
    except RecursionError as error:
        raise ReaderError(f"{fmt} structure too deeply nested to read") from error
    except Exception as error:  # a third-party reader failing on damaged input
        raise ReaderError(f"cannot read as {fmt}: {type(error).__name__}: {error}") from error


def load(path: str | Path) -> bytes:
    """Read an input file's bytes, with errors that name the problem."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file")
    if p.is_dir():
        raise InputError("is a directory (give files, or see --help for folders)")
    try:
        return p.read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error)) from error


def read_cells(path: str | Path, **kwargs: object) -> ReadResult:
    """Read a file into the block stream (paragraphs and tables of cells)."""
    return read_bytes(load(path), str(path), **kwargs)  # type: ignore[arg-type]


def parse_cells(result: ReadResult, *, path: str = "-", sha256: str = "") -> Document:
    """Parse a block stream into a Document."""
    content = parse_blocks(run_stages(result).blocks)
    return Document(
        source=Source(
            path=path,
            format=result.format,
            sha256=sha256,
            encoding=result.encoding,
            pages=result.pages,
        ),
        department_goals=content.department_goals,
        department_tables=content.department_tables,
        projects=content.projects,
        warnings=content.warnings,
    )


def parse_bytes(
    data: bytes,
    name: str = "-",
    *,
    input_format: str | None = None,
    encoding: str | None = None,
    password: str | None = None,
    rules: str | None = "standard",
    timeout: float | None = None,
) -> Document:
    """Parse an input given as bytes; ``name`` is reported as ``source.path``.

    ``rules`` names the rule set of the validation checks whose findings join
    the parser's warnings (``standard`` or ``2021``); ``None`` skips the checks.
    ``timeout`` bounds the slow readers (PDF pages, the LibreOffice conversion).
    """
    options = ReadOptions(encoding=encoding, password=password)
    if timeout:
        options = replace(options, timeout=timeout)
    result = read_bytes(data, name, input_format=input_format, options=options)
    document = parse_cells(result, path=name, sha256=hashlib.sha256(data).hexdigest())
    if rules is None:
        return document
    from goalextract.checks import apply_checks

    return apply_checks(document, rules=rules)


def parse_file(
    path: str | Path,
    *,
    input_format: str | None = None,
    encoding: str | None = None,
    password: str | None = None,
    rules: str | None = "standard",
) -> Document:
    """Parse one input file into a Document: ``parse_cells(read_cells(path))`` plus checks."""
    return parse_bytes(
        load(path),
        str(path),
        input_format=input_format,
        encoding=encoding,
        password=password,
        rules=rules,
    )
