"""The compound file (OLE/CFB) container of a Word 97 .doc, opened with olefile."""

from __future__ import annotations

import io
import struct


class DocFormatError(Exception):
    """The binary is not something the native .doc reader handles: use LibreOffice."""


# The main text and its properties; "0Table" or "1Table" by a FIB flag.
_STREAMS = ("WordDocument", "0Table", "1Table", "Data")


def word_streams(data: bytes) -> dict[str, bytes]:
    """The Word streams of the root storage that the file has, by name."""
    _check_header(data)
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {
                name: ole.openstream(name).read()
                for name in _STREAMS
                if ole.get_type(name) == olefile.STGTY_STREAM
            }
    # olefile raises many types on a damaged container (OSError, ValueError,
    # struct.error, IndexError, RecursionError on a degenerate directory ...);
    # any of them means "not for the native reader".
    except Exception as error:
        raise DocFormatError(f"unreadable compound file: {error}") from error


def _check_header(data: bytes) -> None:
    """Refuse a header that claims more FAT or DIFAT sectors than the file holds.

    olefile follows such a header: a DIFAT chain that loops over a few sectors
    makes it load the same FAT sectors again and again, billions of entries
    from a few KB. A real file's FAT fits in the file.
    """
    if len(data) < 512:
        raise DocFormatError("unreadable compound file: shorter than its header")
    shift = struct.unpack_from("<H", data, 30)[0]
    if not 7 <= shift <= 16:
        raise DocFormatError(f"unreadable compound file: sector size 2^{shift}")
    sectors = (len(data) - 512) // (1 << shift) + 1
    fat_sectors, difat_sectors = (
        struct.unpack_from("<I", data, 44)[0],
        struct.unpack_from("<I", data, 72)[0],
    )
    if fat_sectors > sectors or difat_sectors > sectors:
        raise DocFormatError(
            f"unreadable compound file: the header claims {fat_sectors} FAT and "
            f"{difat_sectors} DIFAT sectors in a file of {sectors} sectors"
        )
