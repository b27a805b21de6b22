"""List and heading numbering as printed: ``1.`` ``2、`` ``（3）`` ``①`` ``一、`` ``目标1:``.

Every pattern of the project that recognises numbering lives here. They differ
on purpose, each for its job, and are kept side by side so that a new
numbering style is added everywhere it matters:

- ``ITEM``: an item's number at the start of a line (goal cells are split at
  it, and it is removed from the item);
- ``INLINE_ITEM``: the same after sentence-ending punctuation inside a line;
- ``FIRST_ITEM``: the number ``1`` that opens a list (a list restarting means
  a new cell when a table's cells were printed as text lines);
- ``WRAP_ITEM``: a new numbered item in a wrapped PDF cell, where ``1.`` must
  not be followed by a digit so that a wrapped ``12.5`` stays one number;
- ``PARAGRAPH_START``: a heading or list item that starts a new paragraph
  whatever the layout;
- ``HEADING``: a section heading ``一、总体绩效目标`` (number, then its text);
- ``PART``: a part banner ``第二部分``;
- ``LEADING``: bullets, bracketed notes and numbers in front of a category
  name (``（一）产出指标``), removed before comparing names.
"""

from __future__ import annotations

import re

_CHINESE = r"[一二三四五六七八九十]"

ITEM = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．,，](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①-⑳]|目标\s*\d{1,2}\s*[:：]"
    rf"|{_CHINESE}{{1,3}}\s*[、.．])\s*"
)
INLINE_ITEM = re.compile(r"(?<=[。；;！!])\s*(?=(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]))")
FIRST_ITEM = re.compile(r'^"?\s*(?:1\s*[.、．]|[（(]\s*1\s*[)）]|①)')
WRAP_ITEM = re.compile(
    rf"""^\s*(?:
        \d{{1,2}}\s*(?:[.．](?!\d)|[、)）])
      | [（(]\s*(?:\d{{1,2}}|{_CHINESE}{{1,3}})\s*[)）]
      | [①-⑳⑴-⒇⒈-⒛]
      | {_CHINESE}{{1,3}}、
      | 目标\s*\d{{1,2}}\s*[:：]
    )""",
    re.VERBOSE,
)
PARAGRAPH_START = re.compile(
    rf"^(?:{_CHINESE}+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|"
    r"第[一二三四五六七八九十\d]+[部章节条]|[①-⑳]|附件|附表)"
)
HEADING = re.compile(rf"^({_CHINESE}{{1,3}})\s*[、.．]\s*(.+)$")
PART = re.compile(rf"^第{_CHINESE}+部分")
LEADING = re.compile(rf"^(?:[*★☆●■◆※]+|\([^()]*\)|{_CHINESE}+[、.]|\d+[、.])+")
