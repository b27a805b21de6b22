"""Reader for binary Word 97-2003 .doc files.

Most .doc files go through LibreOffice (:func:`goalextract.readers.office.convert`),
which knows far more of the format (fast saves, Word 6, ...), and the .docx it
writes is read by :mod:`goalextract.readers.word`. One exception: LibreOffice
(7.x) reads a .doc whose main text ends inside a table (no final paragraph mark
after the last row, which some generators write; the bundled sample is one) with
that last table turned into one run-on paragraph. Such files are read here from
the binary itself, one job per module:

* :mod:`.container` opens the compound file (OLE/CFB) with olefile;
* :mod:`.text` reads the FIB, piece table and property pages into paragraphs;
* :mod:`.tables` turns the paragraphs into the block stream, tables on their grid.

Any parse failure means "not for us", and the file goes to LibreOffice after all.
"""

from __future__ import annotations

import struct

from goalextract.cells import Block, ReadResult
from goalextract.readers import ReadOptions
from goalextract.readers.doc97.container import DocFormatError, word_streams
from goalextract.readers.doc97.tables import doc_blocks
from goalextract.readers.doc97.text import Doc97Text


def read(
    data: bytes, *, fmt: str = "doc", name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read a Word 97-2003 binary .doc into the block stream.

    ConverterMissing and ReaderError (a .doc LibreOffice cannot read) come from
    office.convert itself.
    """
    options = options or ReadOptions()
    native = native_doc_blocks(data)
    if native is not None:
        return ReadResult(blocks=native, format="doc")
    from goalextract.readers.office import convert
    from goalextract.readers.word import read_docx_blocks

    docx = convert(data, source_ext="doc", target_ext="docx", timeout=options.timeout)
    blocks = read_docx_blocks(docx, converted=True, limits=options.limits)
    return ReadResult(blocks=blocks, format="doc")


def native_doc_blocks(data: bytes) -> list[Block] | None:
    """The block stream of a .doc LibreOffice misreads, else None (use LibreOffice)."""
    try:
        paragraphs = Doc97Text(word_streams(data)).paragraphs()
    except (DocFormatError, struct.error, IndexError, ValueError):
        return None
    # Only the LibreOffice failure case: the main text ends inside a table.
    if not paragraphs or paragraphs[-1].itap < 1:
        return None
    return doc_blocks(paragraphs)
