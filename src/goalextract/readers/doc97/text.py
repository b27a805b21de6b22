"""The main text of a Word 97-2003 binary file, split into paragraphs with their properties.

Read from the Word streams ([MS-DOC]): the FIB, the piece table (which
characters of the WordDocument stream make the text, 8-bit or UTF-16), and the
paragraph and character property pages (FKPs) for table depth, row ends, cell
edges and merges, and hidden text. Field instructions (between the 0x13 and 0x14
marks) and hidden runs are left out, as Word does not print them. Not read:
automatic list numbers (the LST/LFO tables) and property changes recorded by
fast saves (piece-table prm).
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from goalextract.readers.doc97.container import DocFormatError


def _u16(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from("<H", data, offset)[0]
    return value


def _u32(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from("<I", data, offset)[0]
    return value


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
class DocRowProps:
    """Cell edges (twips) and per-cell merge flags of one table row (its TAP)."""

    edges: list[int]
    first_merged: list[bool]
    merged: list[bool]
    vert_merged: list[bool]  # merged with the cell above: printed empty


@dataclass
class DocParagraph:
    text: str  # visible text without the mark
    mark: str  # "\r", "\x07" or "" (text ending without a mark)
    itap: int  # table depth: 0 outside tables
    row_end: bool  # the row-end mark of a depth-1 row
    inner_cell_end: bool
    inner_row_end: bool
    row: DocRowProps | None


def _row_props(operand: bytes) -> DocRowProps:
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
    return DocRowProps(edges, first_merged, merged, vert_merged)


class Doc97Text:
    """The main text of a Word 97-2003 binary file, split into paragraphs with props."""

    def __init__(self, streams: dict[str, bytes]) -> None:
        wd = streams.get("WordDocument")
        if wd is None or len(wd) < 160 or _u16(wd, 0) != 0xA5EC:
            raise DocFormatError("no Word 97 FIB")
        flags = _u16(wd, 10)
        if _u16(wd, 2) < 0xC1 or flags & 0x0100:  # before Word 97, or encrypted
            raise DocFormatError("Word 6/95 or encrypted file")
        table = streams.get("1Table" if flags & 0x0200 else "0Table")
        if table is None:
            raise DocFormatError("no table stream")
        self.wd, self.table, self.data_stream = wd, table, streams.get("Data", b"")
        csw = _u16(wd, 32)
        lw = 34 + 2 * csw + 2
        cslw = _u16(wd, lw - 2)
        ccp_text = struct.unpack_from("<i", wd, lw + 12)[0]
        fclcb = lw + 4 * cslw + 2
        pairs = _u16(wd, fclcb - 2)
        if pairs <= 33 or ccp_text <= 0:
            raise DocFormatError("short FIB")

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

    def _pieces(self, fc_clx: int, lcb_clx: int, ccp_text: int) -> list[tuple[str, range]]:
        """The main text as (text, FC of each character) pieces.

        Pieces may not hold more text together than the stream has bytes: a
        forged table of overlapping pieces would copy the stream once per piece.
        """
        clx = self.table[fc_clx : fc_clx + lcb_clx]
        i = 0
        while i < len(clx) and clx[i] == 1:  # Prc: property modifiers of fast saves
            i += 3 + _u16(clx, i + 1)
        if i >= len(clx) or clx[i] != 2:
            raise DocFormatError("no piece table")
        plc = clx[i + 5 : i + 5 + _u32(clx, i + 1)]
        n = (len(plc) - 4) // 12
        cps = struct.unpack_from(f"<{n + 1}i", plc)
        pieces: list[tuple[str, range]] = []
        budget = len(self.wd)
        for k in range(n):
            cp_start, cp_end = cps[k], min(cps[k + 1], ccp_text)
            if cp_start >= ccp_text:
                break
            fc = _u32(plc, 4 * (n + 1) + 8 * k + 2)
            count = cp_end - cp_start
            budget -= max(0, count)
            if budget < 0:
                raise DocFormatError("the pieces hold more text than the stream")
            # The text is cut from the stream first, so a forged count cannot
            # make the FC list outgrow the file.
            if fc & 0x40000000:  # 8-bit (cp1252) text
                start, width = (fc & 0x3FFFFFFF) // 2, 1
                text = self.wd[start : start + count].decode("cp1252", errors="replace")
            else:
                start, width = fc, 2
                text = self.wd[fc : fc + 2 * count].decode("utf-16-le", errors="replace")
            if len(text) != count:
                raise DocFormatError("piece outside the stream")
            # A range, not a list: one int object per character would cost 36 bytes each.
            pieces.append((text, range(start, start + width * count, width)))
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
                raise DocFormatError("property page outside the stream")
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

    def paragraphs(self) -> list[DocParagraph]:
        """The main text's paragraphs in order, each with its mark and table properties."""
        out: list[DocParagraph] = []
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

    def _paragraph(self, text: str, mark: str, fc: int) -> DocParagraph:
        in_table = row_end = inner_cell = inner_row = False
        itap: int | None = None
        row: DocRowProps | None = None
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
        return DocParagraph(text, mark, depth, row_end, inner_cell, inner_row, row)


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
