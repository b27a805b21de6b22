"""Opening Word packages: the main document part and the parts list numbers need.

* A .docx (OPC zip) is opened with python-docx, which resolves the package's
  relationships to the main document part (the ``officeDocument`` relationship,
  so a main part not named ``word/document.xml`` is found too) and from there to
  its numbering and styles parts; their lxml elements are walked as they are.
  A zip python-docx will not open (no ``[Content_Types].xml``, a relationship to
  a missing part, a damaged part the text does not need, XML past libxml2's
  default size limits) is read as a plain zip from the conventional part names
  (``word/document.xml``, ``word/numbering.xml``, ``word/styles.xml``), which is
  also where its damage is reported, in one line.
* Flat-OPC XML (``pkg:package``, Word's "XML document") holds the same parts
  inline; Word 2003 XML (``w:wordDocument``) is one document element whose lists
  are not numbered. python-docx reads neither, so both are parsed with lxml.
"""

from __future__ import annotations

import base64
import binascii
import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from goalextract.errors import ReaderError
from goalextract.readers.word.xml import PKG, W_NAMESPACES, local, namespace, parse_xml

_MAIN_CONTENT_TYPE = "wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class WordParts:
    """The root elements a Word document is read from; ``what`` names the file in errors."""

    document: Any
    what: str
    numbering: Any = None
    styles: Any = None


# --------------------------------------------------------------------------- .docx


def open_docx(data: bytes, *, converted: bool = False) -> WordParts:
    """The parts of a .docx (``converted``: one LibreOffice made from a .doc)."""
    what = "Word file (converted from .doc)" if converted else ".docx file"
    try:
        parts = _parts_through_python_docx(data, what)
    except ReaderError:
        raise
    except Exception:  # python-docx rejects the package, for whatever reason: see below
        parts = None
    return parts if parts is not None else _parts_from_zip(data, what)


def _parts_through_python_docx(data: bytes, what: str) -> WordParts | None:
    """The parts python-docx finds through the relationships; None without a main part."""
    from docx.package import Package

    package = Package.open(io.BytesIO(data))
    main = _related(package.rels, "officeDocument")
    if main is None:
        return None
    # docx.Document() would refuse a template or macro-enabled main part; its
    # markup is the same, so the part is taken whatever its content type.
    document = _element(main)
    if document is None:
        document = parse_xml(main.blob, what)
    numbering, styles = _related(main.rels, "numbering"), _related(main.rels, "styles")
    return WordParts(
        document,
        what,
        _element(numbering) if numbering is not None else None,
        _element(styles) if styles is not None else None,
    )


def _related(rels: Any, kind: str) -> Any:
    """The part of the last internal relationship whose type ends in ``/kind``, or None.

    Matching on the last path segment takes the strict ISO 29500 relationship
    types (``http://purl.oclc.org/ooxml/...``) as well as the transitional ones.
    """
    found = None
    for rel in rels.values():
        if not rel.is_external and str(rel.reltype).rsplit("/", 1)[-1] == kind:
            found = rel.target_part
    return found


def _element(part: Any) -> Any:
    """A part's root element: python-docx's own parse, else the blob parsed here.

    python-docx parses only the content types it knows; an auxiliary part it
    left as bytes that does not parse costs the list numbers, not the file.
    """
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return _parse_optional(part.blob)


def _parts_from_zip(data: bytes, what: str) -> WordParts:
    """The conventionally named parts of a zip that is not a well-formed package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            main = _main_part_name(names)
            if main is None:
                raise ReaderError(f"damaged {what}: it has no word/document.xml")
            xml = archive.read(main)
            folder = posixpath.dirname(main)
            numbering, styles = (
                archive.read(name) if name in names else None
                for name in (f"{folder}/numbering.xml", f"{folder}/styles.xml")
            )
    except ReaderError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as error:
        raise ReaderError(f"damaged {what} (not a readable zip): {error}") from error
    except NotImplementedError as error:  # an unsupported zip compression method
        raise ReaderError(f"cannot unpack this {what}: {error}") from error
    return WordParts(
        parse_xml(xml, what), what, _parse_optional(numbering), _parse_optional(styles)
    )


def _main_part_name(names: set[str]) -> str | None:
    if "word/document.xml" in names:
        return "word/document.xml"
    # Some producers write the part name in another case.
    for candidate in names:
        if candidate.lower() == "word/document.xml":
            return candidate
    return None


def _parse_optional(data: bytes | None) -> Any:
    """An auxiliary part parsed, or None when absent or unreadable.

    Numbering and styles only serve list numbers, so a damaged one costs the
    numbers, not the file.
    """
    if data is None:
        return None
    try:
        return parse_xml(data, "part")
    except ReaderError:
        return None


# --------------------------------------------------------------------------- Word XML


def open_word_xml(data: bytes) -> WordParts:
    """The parts of a Flat-OPC package or the document of a Word 2003 XML file."""
    root = parse_xml(data, "Word XML file")
    if root.tag == f"{{{PKG}}}package":
        what = "Flat-OPC Word XML file"
        document = _flat_opc_part(root, "/word/document.xml", _MAIN_CONTENT_TYPE)
        if document is None:
            raise ReaderError(f"damaged {what}: it has no /word/document.xml part")
        numbering = _flat_opc_part(root, "/word/numbering.xml", "numbering+xml", optional=True)
        styles = _flat_opc_part(root, "/word/styles.xml", "styles+xml", optional=True)
        return WordParts(document, what, numbering, styles)
    if local(root) in {"wordDocument", "document"} and namespace(root) in W_NAMESPACES:
        return WordParts(root, "Word XML file")
    raise ReaderError(
        "an XML file that is neither a Flat-OPC Word package (pkg:package) "
        "nor Word 2003 XML (w:wordDocument)"
    )


def _flat_opc_part(package: Any, name: str, content_type: str, *, optional: bool = False) -> Any:
    """The root element of a Flat-OPC part, found by name or content type; None if absent."""
    parts = list(package.iter(f"{{{PKG}}}part"))
    chosen = next((p for p in parts if p.get(f"{{{PKG}}}name") == name), None)
    if chosen is None:
        chosen = next(
            (p for p in parts if str(p.get(f"{{{PKG}}}contentType", "")).endswith(content_type)),
            None,
        )
    if chosen is None:
        return None
    for item in chosen:
        if item.tag == f"{{{PKG}}}xmlData":
            element = next((e for e in item if isinstance(e.tag, str)), None)
            if element is not None:
                return element
        elif item.tag == f"{{{PKG}}}binaryData":
            return _binary_part(item, name, optional=optional)
    if optional:
        return None
    raise ReaderError(f"damaged Flat-OPC Word XML file: the {name} part is empty")


def _binary_part(data: Any, name: str, *, optional: bool) -> Any:
    """A base64 Flat-OPC part (pkg:binaryData) parsed."""
    try:
        raw = base64.b64decode("".join(data.itertext()), validate=False)
        return parse_xml(raw, f"Flat-OPC Word XML file (part {name})")
    except (binascii.Error, ValueError, ReaderError) as error:
        if optional:
            return None
        raise ReaderError(
            f"damaged Flat-OPC Word XML file: unreadable part {name}: {error}"
        ) from error
