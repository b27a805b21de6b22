"""Reader for Word documents: .docx and Word XML (Flat-OPC, Word 2003) saved under any name.

The parser is format-blind, so this reader produces the same block stream as
Word's own plain-text export read by :mod:`goalextract.readers.text`. One job
per module:

* :mod:`.package` opens the input: a .docx through python-docx (``docx``), or a
  Flat-OPC / Word 2003 XML file through lxml (``wordml``);
* :mod:`.body` walks the body: paragraphs, tables, gridSpan/vMerge merges;
* :mod:`.inline` gives a paragraph's visible text (no field codes, no hidden runs);
* :mod:`.numbering` prints automatic list numbers the way Word does;
* :mod:`.xml` holds the namespaces and tag names they share.

Binary Word 97 files have their own reader (:mod:`goalextract.readers.doc97`),
which hands what LibreOffice converts back to :func:`read_docx_blocks`.

Headers, footers, footnotes and comments are not read. Text boxes and drawings
(``w:drawing``, ``w:pict``, ``mc:AlternateContent`` choices) are skipped: their
text floats outside the reading order and the legacy fallback would otherwise
be read twice. Paragraphs carry an empty Location: a .docx has no lines or
pages to point at.
"""

from __future__ import annotations

from goalextract.cells import Block, ReadResult
from goalextract.errors import UnsupportedFormat
from goalextract.limits import DEFAULT_LIMITS, Limits
from goalextract.readers import ReadOptions
from goalextract.readers.word.body import body_blocks
from goalextract.readers.word.package import open_docx, open_word_xml
from goalextract.readers.zipbound import check_package


def read(
    data: bytes, *, fmt: str, name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read a .docx (``fmt`` docx) or a Word XML file (``wordml``) into the block stream."""
    options = options or ReadOptions()
    if fmt == "docx":
        return ReadResult(blocks=read_docx_blocks(data, limits=options.limits), format="docx")
    if fmt == "wordml":
        blocks = body_blocks(open_word_xml(data), max_cells=options.limits.max_cells)
        return ReadResult(blocks=blocks, format="wordml")
    raise UnsupportedFormat(f"the Word reader does not read {fmt!r}")


def read_docx_blocks(
    data: bytes, *, converted: bool = False, limits: Limits = DEFAULT_LIMITS
) -> list[Block]:
    """The block stream of a .docx (``converted``: made by LibreOffice from a .doc).

    Its members are inflated within ``limits`` before python-docx reads them whole.
    """
    check_package(data, limits, "Word file (converted from .doc)" if converted else ".docx file")
    return body_blocks(open_docx(data, converted=converted), max_cells=limits.max_cells)
