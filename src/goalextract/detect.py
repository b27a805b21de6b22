"""Detect an input's format from its leading bytes.

The extension is only a tie-breaker: budget systems export WordprocessingML XML
under a .doc name, spreadsheets as HTML under .xls, and so on (DOMAIN.md §8).
"""

from __future__ import annotations

import io
import re
import zipfile

from goalextract.errors import EmptyInput, UnsupportedFormat
from goalextract.readers.encoding import sniff_text

# Formats goalextract knows how to read; readers/__init__.py maps them to modules.
FORMATS = ("txt", "docx", "doc", "wordml", "pdf", "xlsx", "xls", "spreadsheetml", "html")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, name: str = "") -> str:
    """Return one of FORMATS for the input bytes; raise UnsupportedFormat or EmptyInput."""
    if not data.strip():
        raise EmptyInput("the file is empty")
    head = data[:4096]
    if _is_pdf(head):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    text_head = sniff_text(head)
    if text_head is not None:
        _refuse_other_markup(text_head)
        lowered = text_head.lower()
        if "<?xml" in lowered[:200] or lowered.lstrip().startswith("<"):
            if (
                "excel.sheet" in lowered
                or "urn:schemas-microsoft-com:office:spreadsheet" in lowered
            ):
                return "spreadsheetml"
            if (
                "word.document" in lowered
                or "schemas.microsoft.com/office/word" in lowered
                or ("pkg:package" in lowered)
            ):
                return "wordml"
            if "<html" in lowered or "<table" in lowered or "<!doctype html" in lowered:
                return "html"
        if re.search(r"<html|<table|<!doctype\s+html", lowered[:2048]):
            return "html"
        return "txt"
    raise UnsupportedFormat(
        "not a supported format (expected text, .docx, .doc, .pdf, .xlsx, .xls or .html)"
    )


# Text-encoded formats that are not text exports: read as text they give
# control words or base64 and no tables, with exit 0. (start of the head → what it is)
_OTHER_MARKUP: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\{\\rtf"), "an RTF document; save it as .docx and try again"),
    (re.compile(r"%!PS"), "a PostScript file; convert it to PDF and try again"),
    (
        re.compile(r"(?is)(?:[\w-]+:[^\n]*\n)*?mime-version:.*?multipart/related"),
        "an MHTML web archive (.mht); save it as .html or .docx and try again",
    ),
    (
        re.compile(r"(?i)<\?xml[^>]*>\s*(?:<!--.*?-->\s*)*<(?:svg|office:document)\b", re.S),
        "an SVG or OpenDocument XML file; save it as .docx or .xlsx and try again",
    ),
)


def _refuse_other_markup(text_head: str) -> None:
    """Raise UnsupportedFormat for a text-encoded format that is no text export."""
    start = text_head.lstrip("\ufeff \t\r\n")
    for pattern, what in _OTHER_MARKUP:
        if pattern.match(start):
            raise UnsupportedFormat(f"not a supported format: {what}")


def _is_pdf(head: bytes) -> bool:
    """The PDF signature at the start; or within the first KiB after junk (readers
    allow that), but only when the data is binary: a text file that mentions
    ``%PDF-`` near its top is text.
    """
    if head.startswith(b"%PDF"):
        return True
    return b"%PDF-" in head[:1024] and sniff_text(head) is None


def _ole_kind(data: bytes) -> str:
    # The OLE directory holds stream names in UTF-16LE; Word files have a
    # "WordDocument" stream (WPS files too), Excel files "Workbook" or "Book".
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnsupportedFormat(
            "this is a password-protected Office file; remove the password and try again"
        )
    raise UnsupportedFormat("an OLE compound file that is neither a Word nor an Excel document")


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as error:
        raise UnsupportedFormat(f"a damaged zip (Office) file: {error}") from error
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    raise UnsupportedFormat("a zip file that is neither a .docx nor an .xlsx")
