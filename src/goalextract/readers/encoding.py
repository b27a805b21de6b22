"""Text encodings: the one place that guesses how an input's bytes decode.

Three callers, three policies over the same sniffing:

* :func:`sniff_text` (format detection): decode just enough of the head to look
  for markup, or None when the bytes are binary;
* :func:`decode_text` (Word's text exports): explicit encoding, byte-order mark,
  UTF-16 without a BOM, UTF-8, GB18030;
* :func:`decode_markup` (HTML pages): explicit encoding, byte-order mark, the
  charset the page declares, UTF-8, GB18030;
* :func:`xml_for_libxml` (SpreadsheetML): re-encode GB-labelled XML as UTF-8
  before libxml2 sees it, since libxml2 decodes by the declaration itself.

Chinese Windows exports are mostly GBK labelled ``gb2312`` or ``gbk`` and use
characters outside GB2312 (镕, 堃 in names); GB18030 is a superset of both, so
every GB label is read as GB18030 (browsers do the same with GBK).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence

from goalextract.errors import DecodeError

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Codec names (after codecs.lookup) and raw labels that mean "GB": x-gbk is a
# WHATWG label Python's codec registry does not know.
_GB_CODECS = frozenset({"gb2312", "gbk", "gb18030"})
_GB_LABELS = frozenset({"x-gbk"})
# The XML declaration's encoding (only at the very start, where XML allows it),
# and an HTML page's <meta charset> / http-equiv content charset.
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)


# --------------------------------------------------------------------------- sniffing


def sniff_text(head: bytes) -> str | None:
    """Decode enough of the head to look at markup; None when it is binary."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    utf16 = utf16_without_bom(head)
    if utf16:
        return head.decode(utf16, errors="ignore")
    if looks_binary(head):
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as error:
            # The head may cut a multi-byte character in half.
            if error.start >= len(head) - 4:
                return head[: error.start].decode(encoding, errors="ignore")
    return None


def utf16_without_bom(head: bytes) -> str | None:
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


def looks_binary(data: bytes) -> bool:
    """Whether bytes hold NULs or more control characters than text ever has."""
    if b"\x00" in data:
        return True
    control = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(2, len(data) // 100)


def is_gb(label: str) -> bool:
    """Whether a declared charset label names GB2312, GBK or GB18030 (any alias)."""
    label = label.strip().lower()
    if label in _GB_LABELS:
        return True
    try:
        return codecs.lookup(label).name in _GB_CODECS
    except LookupError:
        return False


# --------------------------------------------------------------------------- decoding


def decode_explicit(data: bytes, encoding: str, subject: str = "") -> tuple[str, str]:
    """Decode with the encoding the user gave (``subject`` names the input in errors)."""
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise DecodeError(f"cannot decode {_the(subject)}as {encoding}: {error}") from error


def implausible(data: bytes, text: str, encoding: str) -> str | None:
    """Why ``text``, ``data`` decoded with the user's ``encoding``, looks misread; else None.

    A wrong explicit encoding rarely fails (latin-1 never does): it gives garbage
    and no tables. The tell is that UTF-8 or GB18030 decode the same bytes into
    many more Chinese characters than the declared encoding did.
    """
    try:
        declared = codecs.lookup(encoding).name
    except LookupError:
        return None
    found = _cjk_count(text)
    for candidate in ("utf-8", "gb18030"):
        if candidate == declared or (candidate == "utf-8" and declared == "utf-8-sig"):
            continue
        try:
            other = _cjk_count(data.decode(candidate))
        except UnicodeDecodeError:
            continue
        if other >= 10 and other > 2 * found:
            return (
                f"decoded as {encoding} the text has {found} Chinese characters, as {candidate}"
                f" {other}: --encoding {encoding} looks wrong (leave it out to detect)"
            )
    return None


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def decode_bom(data: bytes, subject: str = "") -> tuple[str, str] | None:
    """Decode by a byte-order mark (UTF-8, UTF-16); None when there is none."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"{_the(subject)}starts with a {codec} byte-order mark "
                    f"but does not decode: {error}"
                ) from error
    return None


def _the(subject: str) -> str:
    return f"{subject} " if subject else ""


def decode_first(data: bytes, candidates: Sequence[str]) -> tuple[str, str]:
    """Decode with the first codec that takes all the bytes; the last one's error otherwise."""
    for codec in candidates[:-1]:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return data.decode(candidates[-1]), candidates[-1]


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text input; return the text and the encoding used.

    Order: an explicit encoding; a BOM (UTF-8, UTF-16); UTF-16 without BOM;
    strict UTF-8; strict GB18030 (a superset of GBK, the usual Windows export).
    """
    if encoding:
        return decode_explicit(data, encoding)
    by_bom = decode_bom(data)
    if by_bom is not None:
        return by_bom
    utf16 = utf16_without_bom(data[:4096])
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if looks_binary(data[:65536]):
        raise DecodeError("binary content, not a text export (try --input-format)")
    try:
        return decode_first(data, ("utf-8", "gb18030"))
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not UTF-8 and not GB18030 ({error.reason} at byte {error.start}); "
            "try --encoding big5 or another encoding"
        ) from error


def decode_markup(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; return the text and the codec used.

    Order: an explicit ``encoding``; a byte-order mark; the charset the page
    declares (``<meta charset>``, ``http-equiv`` content, XML declaration);
    strict UTF-8; strict GB18030. A declared charset that does not decode
    (pages saved as GBK that still say utf-8) falls through to the next ones.
    """
    if encoding:
        return decode_explicit(data, encoding, "the page")
    by_bom = decode_bom(data, "the page")
    if by_bom is not None:
        return by_bom
    candidates: list[str] = []
    declared = declared_charset(data[:16384])
    if declared and _single_byte(declared):
        # Latin labels never fail to decode, so a UTF-8 page with a template's
        # leftover iso-8859-1 label would come out garbled: valid UTF-8 with
        # non-ASCII bytes is not an accident, so it goes first.
        candidates.append("utf-8")
    if declared:
        candidates.append(declared)
    candidates += [c for c in ("utf-8", "gb18030") if c not in candidates]
    try:
        return decode_first(data, candidates)
    except UnicodeDecodeError as error:
        raise DecodeError(
            "the page decodes neither as its declared charset"
            + (f" ({declared})" if declared else "")
            + " nor as UTF-8 or GB18030; try --encoding big5 or another encoding"
        ) from error


def _single_byte(codec: str) -> bool:
    return codec in {"ascii", "latin-1", "iso8859-1"} or codec.startswith(("iso8859-", "cp125"))


def declared_charset(head: bytes) -> str | None:
    """The Python codec a page's head declares (XML declaration or ``<meta>``), or None."""
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii", "ignore").strip().lower()
    if is_gb(label):
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        # Without a BOM the bytes we just matched as ASCII cannot be UTF-16;
        # browsers read such pages as UTF-8.
        return "utf-8"
    return codec


def xml_for_libxml(data: bytes, *, force: bool = False) -> bytes:
    """GB-labelled XML re-encoded as UTF-8 for libxml2 (``data`` itself when not needed).

    libxml2 decodes XML by its declaration, and its strict GB2312 decoder rejects
    the GBK characters such files hold. ``force`` tries GB18030 on an undeclared
    or UTF-8-labelled file too (its UTF-8 parse having failed: a false label from
    a hand-made export).
    """
    declared = _XML_ENCODING.match(data)
    label = declared.group(1).decode("ascii").lower() if declared else None
    gb = label is not None and is_gb(label)
    if not gb and not (force and label in (None, "utf-8", "utf8")):
        return data
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return data
    if declared:
        start, end = declared.span(1)
        text = text[:start] + "UTF-8" + text[end:]  # the head is ASCII: offsets agree
    return text.encode("utf-8")
