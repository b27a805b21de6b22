"""pdfium's page objects against pdfminer's, page by page, on any PDFs.

    python tools/pdf_parity.py FILES_OR_FOLDERS ... [--all-pages] [--quiet]

The PDF reader takes a table page's glyphs and rulings from pdfium
(readers/pdfium_layout.py), shaped as pdfplumber's objects, where pdfminer gave
them before; its rules were written against pdfminer's. Run this on the
publications of a city no one has tried yet: it reads every page the quick pass
would send through the table finder (``--all-pages``: every page) both ways and
prints each page where the two differ (glyph text, spaces, boxes past float
precision, lines, rectangles or curves) and each page pdfium leaves to pdfminer.
The last line sums it up; the exit status is 1 when a page differs.
tests/test_pdfium_layout.py runs the same comparison on the repository's PDFs.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Obj = dict[str, Any]

# Glyph origins, sizes and rules agree to float precision (pdfium keeps float32);
# advance widths to a quarter point (the rare kerned glyph).
PLACE = 0.05
WIDTH = 0.25
_MARKERS = ("指标", "绩效目标", "项目名称", "项目编码")  # as readers/pdf.py's quick pass
_WHITESPACE = re.compile(r"\s+")


def glyphs(chars: list[Obj]) -> list[tuple[str, bool]]:
    """Each non-blank glyph with whether a space came before it, in drawing order."""
    out, spaced = [], False
    for char in chars:
        if not char["text"].strip():
            spaced = True
            continue
        out.append((char["text"], spaced))
        spaced = False
    return out


def char_difference(theirs: list[Obj], ours: list[Obj]) -> str | None:
    """The first way pdfium's glyphs differ from pdfminer's, or None."""
    if glyphs(ours) != glyphs(theirs):
        mine, other = glyphs(ours), glyphs(theirs)
        at = next((i for i, (a, b) in enumerate(zip(mine, other, strict=False)) if a != b), None)
        if at is None:
            return f"{len(mine)} glyphs against {len(other)}"
        return f"glyph {at}: {mine[at]} against {other[at]}"
    solid = [c for c in theirs if c["text"].strip()], [c for c in ours if c["text"].strip()]
    for them, us in zip(*solid, strict=True):
        for key in ("x0", "top", "bottom", "size", "x1"):
            if abs(us[key] - them[key]) > (WIDTH if key == "x1" else PLACE):
                return f"{them['text']!r} {key} {us[key]:.3f} against {them[key]:.3f}"
    return None


def shape_difference(theirs: Obj, ours: Obj) -> str | None:
    """The first line, rectangle or curve of one that the other lacks, or None."""

    def shapes(objects: Obj) -> list[tuple[Any, ...]]:
        return sorted(
            (kind, o["fill"], o["stroke"], *(o[key] for key in ("x0", "x1", "top", "bottom")))
            for kind in ("line", "rect", "curve")
            for o in objects.get(kind, [])
        )

    left = shapes(theirs)
    for shape in shapes(ours):
        match = next(
            (
                other
                for other in left
                if other[:3] == shape[:3]
                and all(abs(a - b) <= PLACE for a, b in zip(other[3:], shape[3:], strict=True))
            ),
            None,
        )
        if match is None:
            return f"pdfium's {_shape_text(shape)} is not pdfminer's"
        left.remove(match)
    return f"pdfminer's {_shape_text(left[0])} is not pdfium's" if left else None


def _shape_text(shape: tuple[Any, ...]) -> str:
    kind, fill, stroke, *box = shape
    return f"{kind} ({', '.join(f'{v:.2f}' for v in box)}, fill={fill}, stroke={stroke})"


def pages(data: bytes, *, all_pages: bool = False, pdfminer: bool = True) -> Iterator[Any]:
    """(page number, pdfminer's objects or {}, pdfium's or None, why None) per page compared."""
    import pdfplumber
    import pypdfium2

    from goalextract.readers.pdfium_layout import objects_for

    document = pypdfium2.PdfDocument(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                source = document[page.page_number - 1]
                textpage = source.get_textpage()
                text = _WHITESPACE.sub("", textpage.get_text_range())
                textpage.close()
                if all_pages or any(marker in text for marker in _MARKERS):
                    reasons: list[str] = []
                    ours = objects_for(source, page, reasons)
                    theirs = page.objects if pdfminer else {}
                    yield page.page_number, theirs, ours, "; ".join(reasons)
                source.close()
                page.close()
    finally:
        document.close()


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.rglob("*.pdf")) if path.is_dir() else [path])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="PDF files or folders of them")
    parser.add_argument("--all-pages", action="store_true", help="every page, not only marked ones")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    args = parser.parse_args(argv)
    same = differ = left = 0
    for path in _files(args.paths):
        for number, theirs, ours, why_left in pages(path.read_bytes(), all_pages=args.all_pages):
            if ours is None:
                left += 1
                if not args.quiet:
                    print(f"{path.name} p.{number}: left to pdfminer ({why_left})")
                continue
            why = char_difference(theirs.get("char", []), ours["char"]) or shape_difference(
                theirs, ours
            )
            if why is None:
                same += 1
                continue
            differ += 1
            if not args.quiet:
                print(f"{path.name} p.{number}: {why}")
    print(f"pages: {same} the same, {differ} different, {left} left to pdfminer")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
