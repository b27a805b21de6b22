"""The compound file (OLE/CFB) container of a Word 97 .doc, opened with olefile."""

from __future__ import annotations

import io


class DocFormatError(Exception):
    """The binary is not something the native .doc reader handles: use LibreOffice."""


# The main text and its properties; "0Table" or "1Table" by a FIB flag.
_STREAMS = ("WordDocument", "0Table", "1Table", "Data")


def word_streams(data: bytes) -> dict[str, bytes]:
    """The Word streams of the root storage that the file has, by name."""
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
