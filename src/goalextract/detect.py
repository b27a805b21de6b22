"""Detect an input's format from its leading bytes, and decode text inputs.

The extension is only a tie-breaker: budget systems export WordprocessingML XML
under a .doc name, spreadsheets as HTML under .xls, and so on (DOMAIN.md §8).
"""

from __future__ import annotations

import io
import re
import zipfile

from goalextract.errors import DecodeError, EmptyInput, UnsupportedFormat

# Formats goalextract knows how to read; readers/__init__.py maps them to modules.
FORMATS = ("txt", "docx", "doc", "wordml", "pdf", "xlsx", "xls", "spreadsheetml", "html")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect_format(data: bytes, name: str = "") -> str:
    """Return one of FORMATS for the input bytes; raise UnsupportedFormat or EmptyInput."""
    if not data.strip():
        raise EmptyInput("the file is empty")
    head = data[:4096]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    text_head = _sniff_text(head)
    if text_head is not None:
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


def _sniff_text(head: bytes) -> str | None:
    """Decode enough of the head to look at markup; None when it is binary."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    utf16 = _utf16_without_bom(head)
    if utf16:
        return head.decode(utf16, errors="ignore")
    if _looks_binary(head):
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as error:
            # The head may cut a multi-byte character in half.
            if error.start >= len(head) - 4:
                return head[: error.start].decode(encoding, errors="ignore")
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Guess UTF-16 without a BOM from NUL bytes on one side (TABs, newlines, digits)."""
    sample = head[:2000]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    guess = None
    if odd_zero > 0.1 and even_zero < 0.02:
        guess = "utf-16-le"
    elif even_zero > 0.1 and odd_zero < 0.02:
        guess = "utf-16-be"
    if guess is None:
        return None
    try:
        text = sample.decode(guess)
    except UnicodeDecodeError:
        return None
    # Binary data can have the same NUL pattern; real text decodes to printable characters.
    return None if _control_ratio(text) > 0.01 else guess


def _control_ratio(text: str) -> float:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\x0c")
    return control / max(1, len(text))


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    control = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(2, len(data) // 100)


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text input; return the text and the encoding used.

    Order: an explicit encoding; a BOM (UTF-8, UTF-16); UTF-16 without BOM;
    strict UTF-8; strict GB18030 (a superset of GBK, the usual Windows export).
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise DecodeError(f"cannot decode as {encoding}: {error}") from error
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), ("utf-16" if name == "utf-16" else name)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"starts with a {name} byte-order mark but does not decode: {error}"
                ) from error
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _looks_binary(data[:65536]):
        raise DecodeError("binary content, not a text export (try --input-format)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not UTF-8 and not GB18030 ({error.reason} at byte {error.start}); "
            "try --encoding big5 or another encoding"
        ) from error
