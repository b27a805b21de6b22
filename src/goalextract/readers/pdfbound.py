"""A PDF's streams inflated in bounded chunks before pdfium or pdfminer opens it.

Both libraries inflate a FlateDecode stream whole, whatever it inflates to: a
1 MB stream of zeros becomes 1 GB in each. So every stream of the file is
inflated here first, one chunk at a time and without keeping the output, and the
PDF is refused when one passes the inflated size limit (``--max-inflated``),
or (through the reader's quick pass) when it has more pages than the page limit
(``--max-pages``). No
ratio limit for PDF streams: a blank page's image inflates a thousandfold and is
no bomb. zlib itself finds where a stream ends, so a wrong ``/Length`` does not
matter. What this cannot see: the streams of an encrypted PDF (their bytes are
ciphertext until the library decrypts them); the process memory limit of a
batch worker is the backstop there (README: Limits and safety).

pdfminer also expands every range of a font's ToUnicode map into entries, one
by one: ``<00000000> <FFFFFFFF>`` asks for four billion. :func:`guard_cmaps`
stops a map at :data:`~goalextract.limits.MAX_CMAP_ENTRIES`.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from goalextract.errors import LimitExceeded
from goalextract.limits import CHUNK, MAX_CMAP_ENTRIES, Limits, exceeded

# "stream" then its end-of-line, not the end of "endstream".
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FEED = 64 * 1024  # compressed bytes handed to zlib at a time
# An image's stream dictionary, looked for in the bytes just before "stream" (a
# stream dictionary is short; an image's runs to a few hundred bytes).
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_DICTIONARY = 1024


def check_streams(data: bytes, limits: Limits) -> None:
    """Refuse a PDF one of whose streams inflates past ``limits.max_inflated``.

    Image streams are left out: neither library decodes an image to read text,
    and a scan's page image may well inflate to more.
    """
    for found in _STREAM.finditer(data):
        # The stream's own dictionary: from its object's "N 0 obj" on, so that
        # an image just before does not count.
        window = max(0, found.start() - _DICTIONARY)
        header = data.rfind(b"obj", window, found.start())
        if not _IMAGE.search(data, max(window, header), found.start()):
            _check_stream(data, found.end(), limits.max_inflated)


def check_page_count(pages: int, limits: Limits) -> None:
    """Refuse a PDF of more than ``limits.max_pages`` pages.

    The count is pdfium's (the reader's quick pass), read from the page tree
    without loading the pages, before pdfminer lists them all.
    """
    if pages > limits.max_pages:
        raise exceeded("max_pages", limits.max_pages, f"the PDF has {pages:,} pages, more")


def _check_stream(data: bytes, start: int, limit: int) -> None:
    inflater = zlib.decompressobj()
    size = 0
    at = start
    try:
        while not inflater.eof and at < len(data):
            pending = data[at : at + _FEED]
            at += len(pending)
            # Bounded output per call; what zlib has not taken yet waits in the tail.
            while pending and not inflater.eof:
                size += len(inflater.decompress(pending, CHUNK))
                if size > limit:
                    raise exceeded("max_inflated", limit, "a stream of the PDF inflates to more")
                pending = inflater.unconsumed_tail
    except zlib.error:
        return  # not Flate data (an image, a stream of another filter, ciphertext)


# --------------------------------------------------------------------------- ToUnicode maps

_guarded = False


def guard_cmaps() -> None:
    """Make pdfminer's Unicode maps refuse to grow past MAX_CMAP_ENTRIES (installed once).

    pdfminer gives no hook for this: its map class's method is wrapped. The
    wrapper changes nothing below the limit, so other users of pdfminer in the
    process see the same maps.
    """
    global _guarded
    if _guarded:
        return
    from pdfminer.cmapdb import FileUnicodeMap

    add = FileUnicodeMap.add_cid2unichr

    def bounded_add(self: Any, cid: int, code: Any) -> None:
        if len(self.cid2unichr) >= MAX_CMAP_ENTRIES and cid not in self.cid2unichr:
            raise LimitExceeded(
                f"a font's Unicode map (ToUnicode) holds more than {MAX_CMAP_ENTRIES:,} "
                "codes: a forged range, not a font"
            )
        add(self, cid, code)

    FileUnicodeMap.add_cid2unichr = bounded_add  # type: ignore[method-assign]
    _guarded = True
