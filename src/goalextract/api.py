"""The library's entry points: read_bytes, read_cells, parse_cells, parse_bytes, parse_file.

``parse_file(path, options)`` is ``parse_cells(read_cells(path, options), options)``:
the same source path and sha256 (read_cells' result carries them), the same
warnings and the same checks. Options are frozen dataclasses: :class:`ReadOptions`
says how an input is read, and :class:`ParseOptions` is a ReadOptions plus what
follows the parser (the checks' rule set), so one ParseOptions serves every entry
point. Each function also takes the options' fields as keyword arguments
(``parse_file(p, rules=None)`` is ``parse_file(p, ParseOptions(rules=None))``).

Every GoalExtractError raised here names the input: ``error.path`` is the path as
given (``-`` for standard input) and ``str(error)`` starts with it.

The parser, the models and the checks are imported on first use: the CLI imports
this module at start-up (for InputFormat), long before anything is parsed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, TypeVar

from goalextract.cells import ReadResult
from goalextract.codes import StrEnum
from goalextract.detect import detect_format
from goalextract.errors import GoalExtractError, InputError, ReaderError
from goalextract.limits import DEFAULT_LIMITS, Limits, check_size, read_file
from goalextract.readers import ReadOptions as ReaderOptions
from goalextract.readers import get_reader

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from goalextract.models import Document, ParseWarning


class InputFormat(StrEnum):
    """A format that ``input_format`` (``--input-format``) can force instead of detection."""

    TXT = "txt"
    DOCX = "docx"
    DOC = "doc"
    WORDML = "wordml"  # Word 2003 XML and Flat-OPC, often under a .doc name
    PDF = "pdf"
    XLSX = "xlsx"
    XLS = "xls"
    SPREADSHEETML = "spreadsheetml"  # Excel 2003 XML, often under a .xls name
    HTML = "html"


@dataclass(frozen=True)
class ReadOptions:
    """How an input is read into cells."""

    input_format: str | None = None  # an InputFormat (or its value); None: from the content
    encoding: str | None = None  # of text inputs; None: detected (UTF-8, UTF-16, GB18030)
    password: str | None = None  # of encrypted PDFs
    timeout: float | None = None  # seconds for PDF pages or a conversion; None: 120
    limits: Limits = DEFAULT_LIMITS  # what one input may cost (goalextract.limits)

    def for_reader(self) -> ReaderOptions:
        """The options a reader module takes (the format has chosen the reader already)."""
        options = ReaderOptions(encoding=self.encoding, password=self.password, limits=self.limits)
        return dataclasses.replace(options, timeout=self.timeout) if self.timeout else options


@dataclass(frozen=True)
class ParseOptions(ReadOptions):
    """How an input is read, and what runs after the parser.

    ``rules`` is the rule set of the checks whose findings join the parser's
    warnings (a :class:`~goalextract.codes.RuleSet` or its value); None leaves the
    parser's warnings alone. The fields inherited from ReadOptions do not apply to
    ``parse_cells``, whose cells are read already.
    """

    rules: str | None = "standard"


class ReadFields(TypedDict, total=False):
    """ReadOptions' fields, as keyword arguments of the read functions."""

    input_format: str | None
    encoding: str | None
    password: str | None
    timeout: float | None
    limits: Limits


class ParseFields(ReadFields, total=False):
    """ParseOptions' fields, as keyword arguments of the parse functions."""

    rules: str | None


@dataclass
class InputCells(ReadResult):
    """A reader's block stream plus the input it came from, for ``parse_cells``."""

    path: str = "-"  # as given; "-" for standard input or unnamed bytes
    sha256: str = ""  # of the input bytes


_Options = TypeVar("_Options", bound=ReadOptions)


def _resolve(kind: type[_Options], options: _Options | None, fields: ReadFields) -> _Options:
    """``options`` (or the defaults) with the keyword arguments given on top."""
    base = options if options is not None else kind()
    return dataclasses.replace(base, **fields) if fields else base


@contextlib.contextmanager
def _about(path: str) -> Iterator[None]:
    """Name ``path`` in a GoalExtractError raised inside, unless it names a file already."""
    try:
        yield
    except GoalExtractError as error:
        if error.path is None:
            error.path = path
        raise


def read_bytes(
    data: bytes, name: str = "-", options: ReadOptions | None = None, **fields: Unpack[ReadFields]
) -> InputCells:
    """Detect the format of ``data`` (unless forced) and read it into the block stream.

    ``name`` is the path reported in ``InputCells.path`` and in errors.
    """
    opts = _resolve(ReadOptions, options, fields)
    with _about(name):
        check_size(data, opts.limits.max_size)
        fmt = opts.input_format or detect_format(data, name)
        result = _read(fmt, data, name, opts.for_reader())
    facts = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
    return InputCells(**facts, path=name, sha256=hashlib.sha256(data).hexdigest())


def _read(fmt: str, data: bytes, name: str, options: ReaderOptions) -> ReadResult:
    reader = get_reader(fmt)
    try:
        return reader.read(data, fmt=fmt, name=name, options=options)
    except GoalExtractError:
        raise
    except RecursionError as error:
        raise ReaderError(f"{fmt} structure too deeply nested to read") from error
    except Exception as error:  # a third-party reader failing on damaged input
        raise ReaderError(f"cannot read as {fmt}: {type(error).__name__}: {error}") from error


def load(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read an input file's bytes, with errors that name the file and the problem.

    A file past ``limits.max_size`` is refused unread; a device or a pipe is read
    in chunks up to it (``/dev/zero`` stops there).
    """
    p = Path(path)
    try:
        p.stat()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except OSError as error:  # a symbolic link loop, a name too long: say which
        raise InputError(error.strerror or str(error), path=str(path)) from error
    if p.is_dir():
        raise InputError("is a directory (give files, or see --help for folders)", path=str(path))
    try:
        with _about(str(path)):
            return read_file(p, limits.max_size)
    except OSError as error:
        raise InputError(error.strerror or str(error), path=str(path)) from error


def read_cells(
    path: str | Path, options: ReadOptions | None = None, **fields: Unpack[ReadFields]
) -> InputCells:
    """Read a file into the block stream (paragraphs and tables of cells)."""
    opts = _resolve(ReadOptions, options, fields)
    return read_bytes(load(path, opts.limits), str(path), opts)


def parse_cells(
    cells: ReadResult,
    options: ParseOptions | None = None,
    *,
    path: str | None = None,
    sha256: str | None = None,
    **fields: Unpack[ParseFields],
) -> Document:
    """Parse a block stream into a Document, with the checks of ``options.rules``.

    ``source.path`` and ``source.sha256`` come from ``cells`` when read_cells or
    read_bytes made them; ``path`` and ``sha256`` override them (a ReadResult
    straight from a reader module has neither: ``-`` and ``""``).
    """
    from goalextract.models import Document, Source
    from goalextract.parser import parse_blocks
    from goalextract.stages import run_stages

    opts = _resolve(ParseOptions, options, fields)
    if path is None:
        path = cells.path if isinstance(cells, InputCells) else "-"
    if sha256 is None:
        sha256 = cells.sha256 if isinstance(cells, InputCells) else ""
    with _about(path):
        content = parse_blocks(run_stages(cells).blocks)
    document = Document(
        source=Source(
            path=path,
            format=cells.format,
            sha256=sha256,
            encoding=cells.encoding,
            pages=cells.pages,
        ),
        department_goals=content.department_goals,
        department_tables=content.department_tables,
        projects=content.projects,
        warnings=[*_reader_notes(cells), *content.warnings],
    )
    from goalextract.checks import mark_review, merged_findings

    if opts.rules is not None:
        # In place: the document was built just above and is no one else's yet.
        document.warnings = merged_findings(document, rules=opts.rules)
    return mark_review(document)


def _reader_notes(cells: ReadResult) -> list[ParseWarning]:
    """What the reader noticed about the whole input, as warnings."""
    from goalextract.models import ParseWarning

    return [ParseWarning(code=code, message=message) for code, message in cells.notes]


def parse_bytes(
    data: bytes,
    name: str = "-",
    options: ParseOptions | None = None,
    **fields: Unpack[ParseFields],
) -> Document:
    """Parse an input given as bytes; ``name`` is reported as ``source.path``."""
    opts = _resolve(ParseOptions, options, fields)
    return parse_cells(read_bytes(data, name, opts), opts)


def parse_file(
    path: str | Path, options: ParseOptions | None = None, **fields: Unpack[ParseFields]
) -> Document:
    """Parse one input file into a Document: ``parse_cells(read_cells(path))``, checks included."""
    opts = _resolve(ParseOptions, options, fields)
    return parse_cells(read_cells(path, opts), opts)
