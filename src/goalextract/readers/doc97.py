"""Reader for binary Word 97 .doc files whose text ends inside a table.

LibreOffice (7.x) reads a .doc whose main text ends inside a table (no final
paragraph mark after the last row, which some generators write; the bundled
sample is one) with that last table turned into one run-on paragraph. Such files
are read here from the binary itself ([MS-CFB] compound file, [MS-DOC] FIB, piece
table and paragraph/character property pages), with the stream rules of
:mod:`goalextract.readers.word`. Everything else still goes through LibreOffice,
which knows far more of the format (fast saves, Word 6, ...). Not rendered here:
automatic list numbers (the LST/LFO tables) and property changes recorded by fast
saves (piece-table prm); any parse failure means "not for us", and the file goes
to LibreOffice after all.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from goalextract.cells import Block, Cell, Location, Paragraph, ReadResult, Table, strip_field_codes
from goalextract.readers import ReadOptions


def read(
    data: bytes, *, fmt: str = "doc", name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read a Word 97-2003 binary .doc into the block stream.

    LibreOffice turns it into a .docx first (ConverterMissing / ReaderError come
    from office.convert itself), except for files whose text ends inside a table:
    LibreOffice reads that last table as one run-on paragraph, so those are read
    natively here.
    """
    options = options or ReadOptions()
    native = native_doc_blocks(data)
    if native is not None:
        return ReadResult(blocks=native, format="doc")
    from goalextract.readers.office import convert
    from goalextract.readers.word import read_docx_blocks

    docx = convert(data, source_ext="doc", target_ext="docx", timeout=options.timeout)
    return ReadResult(blocks=read_docx_blocks(docx, converted=True), format="doc")


@dataclass
class _CellDraft:
    text: str
    col: int
    colspan: int


class _DocFormatError(Exception):
    """The binary is not something the native .doc reader handles: use LibreOffice."""


_END_OF_CHAIN = 0xFFFFFFFA  # sector numbers at or above this end a chain
_TWIPS_TOLERANCE = 10  # cell edges closer than this are one grid line


def _u16(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from("<H", data, offset)[0]
    return value


def _u32(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from("<I", data, offset)[0]
    return value


def _cfb_streams(data: bytes, wanted: frozenset[str]) -> dict[str, bytes]:
    """The named streams of a compound file (root storage only)."""
    if len(data) < 512:
        raise _DocFormatError("truncated compound file")
    shift, mini_shift = _u16(data, 30), _u16(data, 32)
    if shift not in (9, 12) or mini_shift != 6:
        raise _DocFormatError("unexpected compound file sector size")
    size, mini_size = 1 << shift, 1 << mini_shift
    sector_count = max(0, (len(data) - 512) // size)

    def sector(number: int) -> bytes:
        if number >= sector_count:
            raise _DocFormatError("sector out of range")
        start = 512 + number * size
        return data[start : start + size]

    difat = [n for n in struct.unpack_from("<109I", data, 76) if n < _END_OF_CHAIN]
    next_difat, guard = _u32(data, 68), 0
    while next_difat < _END_OF_CHAIN:
        guard += 1
        if guard > sector_count:
            raise _DocFormatError("DIFAT loop")
        links = struct.unpack(f"<{size // 4}I", sector(next_difat))
        difat.extend(n for n in links[:-1] if n < _END_OF_CHAIN)
        next_difat = links[-1]
    fat: list[int] = []
    for number in difat[: _u32(data, 44)]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))

    def chain(start: int, table: list[int], read: Callable[[int], bytes]) -> bytes:
        parts: list[bytes] = []
        while start < _END_OF_CHAIN:
            if start >= len(table) or len(parts) > len(table):
                raise _DocFormatError("broken sector chain")
            parts.append(read(start))
            start = table[start]
        return b"".join(parts)

    directory = chain(_u32(data, 48), fat, sector)
    entries: list[tuple[str, int, int, int]] = []
    for offset in range(0, len(directory) - 127, 128):
        raw = directory[offset : offset + 128]
        name_length = min(64, _u16(raw, 64))
        name = raw[: max(0, name_length - 2)].decode("utf-16-le", errors="replace")
        start, length = struct.unpack_from("<IQ", raw, 116)
        entries.append((name, raw[66], start, length))
    if not entries:
        raise _DocFormatError("no directory")
    mini_stream = chain(entries[0][2], fat, sector)
    mini_fat: list[int] = []
    if _u32(data, 60) < _END_OF_CHAIN:
        raw_fat = chain(_u32(data, 60), fat, sector)
        mini_fat = list(struct.unpack(f"<{len(raw_fat) // 4}I", raw_fat))

    def mini_sector(number: int) -> bytes:
        return mini_stream[number * mini_size : (number + 1) * mini_size]

    cutoff = _u32(data, 56)
    streams: dict[str, bytes] = {}
    for name, kind, start, length in entries:
        if kind == 2 and name in wanted:
            if length >= cutoff:
                streams[name] = chain(start, fat, sector)[:length]
            else:
                streams[name] = chain(start, mini_fat, mini_sector)[:length]
    return streams


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """(sprm, operand) pairs of a property list."""
    i = 0
    while i + 2 <= len(grpprl):
        sprm = _u16(grpprl, i)
        i += 2
        kind = sprm >> 13
        if kind in (0, 1):
            size = 1
        elif kind in (2, 4, 5):
            size = 2
        elif kind == 3:
            size = 4
        elif kind == 7:
            size = 3
        elif i >= len(grpprl):
            return
        elif sprm == 0xD608 and i + 2 <= len(grpprl):  # sprmTDefTable: 2-byte length
            size = _u16(grpprl, i) + 1
        elif sprm == 0xC615 and grpprl[i] == 255:  # sprmPChgTabs, long form: give up
            return
        else:
            size = grpprl[i] + 1
        yield sprm, grpprl[i : i + size]
        i += size


@dataclass
class _DocRowProps:
    """Cell edges (twips) and per-cell merge flags of one table row (its TAP)."""

    edges: list[int]
    first_merged: list[bool]
    merged: list[bool]
    vert_merged: list[bool]  # merged with the cell above: printed empty


@dataclass
class _DocParagraph:
    text: str  # visible text without the mark
    mark: str  # "\r", "\x07" or "" (text ending without a mark)
    itap: int  # table depth: 0 outside tables
    row_end: bool  # the row-end mark of a depth-1 row
    inner_cell_end: bool
    inner_row_end: bool
    row: _DocRowProps | None


def _row_props(operand: bytes) -> _DocRowProps:
    # sprmTDefTable: cb (2), itcMac (1), rgdxaCenter (itcMac+1 int16), rgTc80 (20 each).
    body = operand[2:]
    count = body[0] if body else 0
    edges: list[int] = []
    if len(body) >= 3 + 2 * count:
        edges = list(struct.unpack_from(f"<{count + 1}h", body, 1))
    first_merged: list[bool] = []
    merged: list[bool] = []
    vert_merged: list[bool] = []
    start = 1 + 2 * (count + 1)
    for k in range(count):
        offset = start + 20 * k
        flags = _u16(body, offset) if offset + 2 <= len(body) else 0
        first_merged.append(bool(flags & 0x0001))
        merged.append(bool(flags & 0x0002))
        # fVertMerge without fVertRestart: the continuation of a vertical merge.
        vert_merged.append(bool(flags & 0x0020) and not flags & 0x0040)
    return _DocRowProps(edges, first_merged, merged, vert_merged)


class _Doc97:
    """The main text of a Word 97-2003 binary file, split into paragraphs with props."""

    def __init__(self, data: bytes) -> None:
        streams = _cfb_streams(data, frozenset({"WordDocument", "0Table", "1Table", "Data"}))
        wd = streams.get("WordDocument")
        if wd is None or len(wd) < 160 or _u16(wd, 0) != 0xA5EC:
            raise _DocFormatError("no Word 97 FIB")
        flags = _u16(wd, 10)
        if _u16(wd, 2) < 0xC1 or flags & 0x0100:  # before Word 97, or encrypted
            raise _DocFormatError("Word 6/95 or encrypted file")
        table = streams.get("1Table" if flags & 0x0200 else "0Table")
        if table is None:
            raise _DocFormatError("no table stream")
        self.wd, self.table, self.data_stream = wd, table, streams.get("Data", b"")
        csw = _u16(wd, 32)
        lw = 34 + 2 * csw + 2
        cslw = _u16(wd, lw - 2)
        ccp_text = struct.unpack_from("<i", wd, lw + 12)[0]
        fclcb = lw + 4 * cslw + 2
        pairs = _u16(wd, fclcb - 2)
        if pairs <= 33 or ccp_text <= 0:
            raise _DocFormatError("short FIB")

        def pair(index: int) -> tuple[int, int]:
            fc, lcb = struct.unpack_from("<II", wd, fclcb + 8 * index)
            return int(fc), int(lcb)

        self.pieces = self._pieces(*pair(33), ccp_text)
        self.papx = self._fkp_runs(*pair(13), paragraph=True)
        self.hidden = [
            (start, end)
            for start, end, grpprl in self._fkp_runs(*pair(12), paragraph=False)
            if _hidden(grpprl)
        ]
        self.papx_starts = [run[0] for run in self.papx]
        self.hidden_starts = [run[0] for run in self.hidden]

    def _pieces(self, fc_clx: int, lcb_clx: int, ccp_text: int) -> list[tuple[str, list[int]]]:
        """The main text as (text, FC of each character) pieces."""
        clx = self.table[fc_clx : fc_clx + lcb_clx]
        i = 0
        while i < len(clx) and clx[i] == 1:  # Prc: property modifiers of fast saves
            i += 3 + _u16(clx, i + 1)
        if i >= len(clx) or clx[i] != 2:
            raise _DocFormatError("no piece table")
        plc = clx[i + 5 : i + 5 + _u32(clx, i + 1)]
        n = (len(plc) - 4) // 12
        cps = struct.unpack_from(f"<{n + 1}i", plc)
        pieces: list[tuple[str, list[int]]] = []
        for k in range(n):
            cp_start, cp_end = cps[k], min(cps[k + 1], ccp_text)
            if cp_start >= ccp_text:
                break
            fc = _u32(plc, 4 * (n + 1) + 8 * k + 2)
            count = cp_end - cp_start
            # The text is cut from the stream first, so a forged count cannot
            # make the FC list outgrow the file.
            if fc & 0x40000000:  # 8-bit (cp1252) text
                start, width = (fc & 0x3FFFFFFF) // 2, 1
                text = self.wd[start : start + count].decode("cp1252", errors="replace")
            else:
                start, width = fc, 2
                text = self.wd[fc : fc + 2 * count].decode("utf-16-le", errors="replace")
            if len(text) != count:
                raise _DocFormatError("piece outside the stream")
            pieces.append((text, list(range(start, start + width * count, width))))
        return pieces

    def _fkp_runs(self, fc: int, lcb: int, *, paragraph: bool) -> list[tuple[int, int, bytes]]:
        """(fc start, fc end, grpprl) runs from the PAPX or CHPX property pages."""
        plc = self.table[fc : fc + lcb]
        n = (len(plc) - 4) // 8
        runs: list[tuple[int, int, bytes]] = []
        for k in range(max(0, n)):
            page = (_u32(plc, 4 * (n + 1) + 4 * k) & 0x3FFFFF) * 512
            fkp = self.wd[page : page + 512]
            if len(fkp) < 512:
                raise _DocFormatError("property page outside the stream")
            crun = fkp[511]
            bounds = struct.unpack_from(f"<{crun + 1}I", fkp)
            for j in range(crun):
                grpprl = b""
                if paragraph:
                    offset = fkp[4 * (crun + 1) + 13 * j] * 2
                    if offset:
                        cb = fkp[offset]
                        if cb == 0:
                            raw = fkp[offset + 2 : offset + 2 + 2 * fkp[offset + 1]]
                        else:
                            raw = fkp[offset + 1 : offset + 2 * cb]
                        grpprl = self._huge(raw[2:])  # after the 2-byte style index
                else:
                    offset = fkp[4 * (crun + 1) + j] * 2
                    if offset:
                        grpprl = fkp[offset + 1 : offset + 1 + fkp[offset]]
                runs.append((bounds[j], bounds[j + 1], grpprl))
        runs.sort(key=lambda run: run[0])
        return runs

    def _huge(self, grpprl: bytes) -> bytes:
        # sprmPHugePapx: the real properties (long table rows) sit in the Data stream.
        for sprm, operand in _sprms(grpprl):
            if sprm == 0x6646 and len(operand) == 4:
                at = _u32(operand, 0)
                if at + 2 <= len(self.data_stream):
                    size = _u16(self.data_stream, at)
                    return self.data_stream[at + 2 : at + 2 + size]
        return grpprl

    def _is_hidden(self, fc: int) -> bool:
        k = bisect.bisect_right(self.hidden_starts, fc) - 1
        return k >= 0 and fc < self.hidden[k][1]

    def _props(self, fc: int) -> bytes:
        k = bisect.bisect_right(self.papx_starts, fc) - 1
        return self.papx[k][2] if k >= 0 and fc < self.papx[k][1] else b""

    def paragraphs(self) -> list[_DocParagraph]:
        out: list[_DocParagraph] = []
        parts: list[str] = []
        fields: list[bool] = []  # open fields: True while in their instruction
        last_fc = 0
        for text, fcs in self.pieces:
            for char, fc in zip(text, fcs, strict=True):
                last_fc = fc
                if char in "\r\x07":
                    out.append(self._paragraph("".join(parts), char, fc))
                    parts, fields = [], []
                elif char == "\x13":
                    fields.append(True)
                elif char == "\x14":
                    if fields:
                        fields[-1] = False
                elif char == "\x15":
                    if fields:
                        fields.pop()
                elif any(fields) or (self.hidden and self._is_hidden(fc)):
                    continue
                else:
                    parts.append(_DOC_CHARS.get(char, char))
        if parts:
            out.append(self._paragraph("".join(parts), "", last_fc))
        return out

    def _paragraph(self, text: str, mark: str, fc: int) -> _DocParagraph:
        in_table = row_end = inner_cell = inner_row = False
        itap: int | None = None
        row: _DocRowProps | None = None
        vertical: list[tuple[int, int]] = []
        for sprm, operand in _sprms(self._props(fc)):
            if sprm == 0x2416:
                in_table = operand[:1] != b"\x00"
            elif sprm == 0x2417:
                row_end = operand[:1] != b"\x00"
            elif sprm == 0x6649 and len(operand) == 4:
                itap = _u32(operand, 0)
            elif sprm == 0x244B:
                inner_cell = operand[:1] != b"\x00"
            elif sprm == 0x244C:
                inner_row = operand[:1] != b"\x00"
            elif sprm == 0xD608:
                row = _row_props(operand)
            elif sprm == 0xD62B and len(operand) >= 3:  # sprmTVertMerge: cb, itc, code
                vertical.append((operand[1], operand[2]))
        if row is not None:
            for itc, code in vertical:
                if itc < len(row.vert_merged):
                    row.vert_merged[itc] = code == 1
        depth = itap if itap is not None else (1 if in_table else 0)
        return _DocParagraph(text, mark, depth, row_end, inner_cell, inner_row, row)


# Characters of the binary text stream that are markup, not text.
_DOC_CHARS = {
    "\x0b": "\n",  # line break
    "\x0c": "\n",  # page or section break
    "\x1e": "-",  # non-breaking hyphen
    "\x1f": "",  # optional hyphen
    "\x01": "",
    "\x02": "",
    "\x05": "",
    "\x08": "",  # picture, note and comment anchors
}


def _hidden(grpprl: bytes) -> bool:
    # sprmCFVanish / sprmCFSpecVanish: 1 = on, 0x81 = the opposite of the style
    # (taken as on: styles hiding text are not read).
    return any(
        sprm in (0x083C, 0x0818) and operand[:1] in (b"\x01", b"\x81")
        for sprm, operand in _sprms(grpprl)
    )


@dataclass
class _DocTable:
    rows: list[tuple[list[str], _DocRowProps | None]] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    nested_row: list[str] = field(default_factory=list)
    nested_cell: list[str] = field(default_factory=list)

    def end_cell(self) -> None:
        lines = self.lines
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        self.cells.append(strip_field_codes("\n".join(lines)))
        self.lines = []

    def end_row(self, props: _DocRowProps | None) -> None:
        if self.lines:
            self.end_cell()
        if self.cells:
            self.rows.append((self.cells, props))
        self.cells = []


def native_doc_blocks(data: bytes) -> list[Block] | None:
    """The block stream of a .doc LibreOffice misreads, else None (use LibreOffice)."""
    try:
        paragraphs = _Doc97(data).paragraphs()
    except (_DocFormatError, struct.error, IndexError, ValueError):
        return None
    # Only the LibreOffice failure case: the main text ends inside a table.
    if not paragraphs or paragraphs[-1].itap < 1:
        return None
    blocks: list[Block] = []
    table: _DocTable | None = None
    tables = 0
    for paragraph in paragraphs:
        if paragraph.itap < 1:
            if table is not None:
                blocks.append(_doc_table(table, tables))
                tables += 1
                table = None
            for line in paragraph.text.split("\n"):
                cleaned = strip_field_codes(line)
                if cleaned.strip():
                    blocks.append(Paragraph(text=cleaned, location=Location()))
            continue
        table = table or _DocTable()
        if paragraph.itap > 1:
            # A nested table is flattened into the outer cell, as for .docx: one
            # line per nested row, its cells joined with a TAB.
            if paragraph.inner_row_end:
                texts = list(table.nested_row)
                while texts and not texts[-1].strip():
                    texts.pop()
                if texts:
                    table.lines.append("\t".join(texts))
                table.nested_row = []
            else:
                table.nested_cell.append(paragraph.text)
                if paragraph.inner_cell_end:
                    table.nested_row.append(" ".join(table.nested_cell))
                    table.nested_cell = []
        elif paragraph.row_end:
            table.end_row(paragraph.row)
        else:
            table.lines.append(paragraph.text)
            if paragraph.mark == "\x07":
                table.end_cell()
    if table is not None:
        table.end_row(None)
        blocks.append(_doc_table(table, tables))
    return blocks


def _doc_table(table: _DocTable, index: int) -> Table:
    """Place the cells on the table's grid: the union of every row's cell edges."""
    lines: list[int] = []
    for edge in sorted({e for _, props in table.rows if props for e in props.edges}):
        if not lines or edge - lines[-1] > _TWIPS_TOLERANCE:
            lines.append(edge)

    def grid(edge: int) -> int:
        k = bisect.bisect_left(lines, edge - _TWIPS_TOLERANCE)
        return min(k, max(0, len(lines) - 1))

    rows: list[tuple[Cell, ...]] = []
    for texts, props in table.rows:
        drafts: list[_CellDraft] = []
        for k, text in enumerate(texts):
            after = drafts[-1].col + drafts[-1].colspan if drafts else 0
            if props is None or k + 1 >= len(props.edges):
                drafts.append(_CellDraft(text, after, 1))
                continue
            col = max(grid(props.edges[k]), after)
            span = max(1, grid(props.edges[k + 1]) - col)
            if props.merged[k] and not props.first_merged[k] and drafts:
                # Legacy horizontal merge: the continuation widens the cell before.
                drafts[-1].colspan = col + span - drafts[-1].col
            elif props.vert_merged[k]:
                drafts.append(_CellDraft("", col, span))
            else:
                drafts.append(_CellDraft(text, col, span))
        r = len(rows)
        rows.append(
            tuple(
                Cell(d.text, r, d.col, d.colspan, location=Location(table=index, row=r, col=d.col))
                for d in drafts
            )
        )
    return Table(rows=tuple(rows), location=Location(table=index))
