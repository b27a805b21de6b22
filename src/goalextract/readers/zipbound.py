"""Zip packages (.docx, .xlsx) inflated in bounded chunks before a library opens them.

python-docx and openpyxl read whole members into memory, and a member's declared
size is whatever the file says: a 434 KB .docx can inflate to 400 MB. So every
member is inflated here first, one chunk at a time, counting the bytes that
actually come out (zipfile yields exactly these again to the library), and the
package is refused as soon as one member passes the inflated size or ratio limit
or all of them together pass the input size limit (a package may not unpack to
more than a plain input may be). Damage (a bad CRC, an
unknown compression method, an encrypted member) is left for the reader, which
reports it in its own words or does without the part.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from goalextract.errors import shown
from goalextract.limits import CHUNK, RATIO_FLOOR, Limits, exceeded

# What reading a damaged member raises; the reader meets the same and reports it.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def members(data: bytes) -> Iterator[tuple[zipfile.ZipFile, zipfile.ZipInfo]]:
    """Every file member of the zip ``data``, with its archive; none when ``data`` is
    not a readable zip (the reader then says why)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        for info in archive.infolist():
            if not info.is_dir():
                yield archive, info


def check_package(data: bytes, limits: Limits, what: str) -> None:
    """Refuse a zip whose members inflate past the limits (``what`` names the file kind)."""
    total = 0
    for archive, info in members(data):
        total = _check_member(archive, info, limits, what, total)


def _check_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, what: str, total: int
) -> int:
    """Inflate one member chunk by chunk; the running total of the package after it."""
    packed = max(1, info.compress_size)
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                size += len(chunk)
                total += len(chunk)
                _check(info.filename, size, packed, total, limits, what)
    except _DAMAGE:
        pass  # the reader meets the same damage at the same place
    return total


def _check(name: str, size: int, packed: int, total: int, limits: Limits, what: str) -> None:
    member = f"part {shown(name)} of the {what}"
    if size > limits.max_inflated:
        raise exceeded("max_inflated", limits.max_inflated, f"{member} inflates to more")
    if total > limits.max_size:
        raise exceeded("max_size", limits.max_size, f"all parts of the {what} inflate to more")
    if size > RATIO_FLOOR and size > packed * limits.max_ratio:
        raise exceeded(
            "max_ratio",
            limits.max_ratio,
            f"{member} inflates to more times its packed size (a zip bomb?)",
        )
