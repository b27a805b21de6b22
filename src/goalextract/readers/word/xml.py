"""WordprocessingML markup shared by the Word reader's modules.

Namespaces, a safe XML parser for the parts lxml reads itself, small element
helpers, and :class:`Markup`: the full ``{namespace}name`` tags of one
WordprocessingML namespace, built once per document because the walk compares
tags on every element and splitting tag names per element would dominate the
run time of long tables.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml import etree

from goalextract.errors import ReaderError

# WordprocessingML namespaces: transitional (what Word writes), strict ISO 29500,
# and Word 2003 XML. Element local names are the same in all three.
W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
W_NAMESPACES = frozenset({W_TRANSITIONAL, W_STRICT, W_2003})
# Word 2003 revision marks (aml:annotation), the Flat-OPC package, markup compatibility.
AML = "http://schemas.microsoft.com/aml/2001/core"
PKG = "http://schemas.microsoft.com/office/2006/xmlPackage"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Word markup whose content never prints in the body text: properties, tracked
# deletions and moves-away, field instructions, drawings and text boxes,
# note/comment references (their text lives in other parts).
SKIP = frozenset(
    {
        "pPr",
        "rPr",
        "tcPr",
        "trPr",
        "tblPr",
        "tblGrid",
        "sectPr",
        "sdtPr",
        "sdtEndPr",
        "del",
        "moveFrom",
        "delText",
        "delInstrText",
        "instrText",
        "drawing",
        "pict",
        "object",
        "txbxContent",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
        "footnote",
        "endnote",
    }
)
# Values that switch an on/off property such as <w:vanish w:val="..."/> off.
_OFF = frozenset({"0", "false", "off", "none"})


def parse_xml(data: bytes, what: str) -> Any:
    """Parse one XML part; a syntax error is a ReaderError naming ``what``."""
    # No entity resolution and no network: the input is untrusted. huge_tree lets
    # very long documents (thousands of table rows) through libxml2's limits.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ReaderError(f"damaged {what}: XML syntax error: {error}") from error
    if root is None:
        raise ReaderError(f"damaged {what}: no XML content")
    return root


def local(element: Any) -> str:
    """An element's tag without its namespace ("" for comments and PIs)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: Any) -> str:
    """An element's namespace URI ("" when it has none)."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


def child(parent: Any, tag: str) -> Any:
    """The first child with ``tag``, or None.

    lxml's ``find`` goes through its Python ElementPath layer; ``iterchildren``
    filters in C, which matters at one call per cell and property.
    """
    return next(parent.iterchildren(tag), None)


def switched_on(prop: Any, val: str) -> bool:
    """Whether an on/off property element (w:vanish, ...) is switched on."""
    value = prop.get(val)
    return value is None or str(value).lower() not in _OFF


class Markup:
    """The tags of one WordprocessingML namespace, and which elements can print."""

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.prefix = f"{{{ns}}}"
        w = self.w
        self.val = w("val")
        self.P, self.TBL, self.TR, self.TC, self.R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
        self.TR_PR, self.TC_PR, self.R_PR, self.DEL = w("trPr"), w("tcPr"), w("rPr"), w("del")
        self.FLD_SIMPLE, self.FLD_CHAR, self.FLD_CHAR_TYPE = (
            w("fldSimple"),
            w("fldChar"),
            w("fldCharType"),
        )
        self.GRID_SPAN, self.GRID_BEFORE = w("gridSpan"), w("gridBefore")
        # Word 2003 XML spells the merge properties in lower case.
        self.VMERGE = (w("vMerge"), w("vmerge"))
        self.HMERGE = (w("hMerge"), w("hmerge"))
        self.HIDDEN = (w("vanish"), w("specVanish"))
        self.T, self.SYM, self.TYPE = w("t"), w("sym"), w("type")
        self.skip = frozenset(w(name) for name in SKIP)
        self.wrappers = frozenset({w("sdt"), w("sdtContent"), w("customXml")})
        # Run content that prints: its text (None: read from the element) ...
        self.text_parts: dict[str, str | None] = {
            self.T: None,
            w("tab"): "\t",
            w("ptab"): "\t",
            # Line, page and column breaks all end a printed line.
            w("br"): "\n",
            w("cr"): "\n",
            w("noBreakHyphen"): "-",
            self.SYM: None,
        }

    def w(self, name: str) -> str:
        """The full tag of ``name`` in this namespace."""
        return f"{self.prefix}{name}"

    def descend(self, element: Any) -> bool:
        """Whether an element other than p/tbl/r may hold printed content."""
        tag = element.tag
        if not isinstance(tag, str) or tag in self.skip:
            return False
        if tag.startswith(self.prefix):
            return True  # w:hyperlink, w:ins, w:smartTag, w:sdt, ...
        ns = namespace(element)
        if ns == MC:
            return False  # mc:AlternateContent: drawings (see the package docstring)
        if ns == AML:
            # Word 2003 tracked deletion: <aml:annotation w:type="Word.Deletion">.
            return not str(element.get(self.TYPE, "")).endswith("Deletion")
        return local(element) not in SKIP


@cache
def markup(ns: str) -> Markup:
    """The (shared) :class:`Markup` of a namespace."""
    return Markup(ns)
