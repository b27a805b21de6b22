"""Binary Office formats (.doc, .wps, .xls, .et) through LibreOffice.

python-docx and openpyxl read only the XML formats; the binary ones are turned
into .docx / .xlsx by ``soffice --headless --convert-to`` in a private
temporary profile (so a running LibreOffice or a locked profile cannot block
it), with a timeout, and then read by the XML readers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from goalextract.errors import ConverterMissing, ReaderError, time_limit

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/bin/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


# An explicit import filter: without it LibreOffice imports a damaged binary file
# as plain text and "succeeds" with garbage instead of failing.
_IMPORT_FILTERS = {
    "doc": "MS Word 97",
    "wps": "MS Word 97",
    "xls": "MS Excel 97",
    "et": "MS Excel 97",
}


def find_soffice() -> str | None:
    """Path of the LibreOffice executable, or None (GOALEXTRACT_SOFFICE overrides)."""
    override = os.environ.get("GOALEXTRACT_SOFFICE")
    if override:
        return override if Path(override).exists() or shutil.which(override) else None
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def convert(data: bytes, *, source_ext: str, target_ext: str, timeout: float = 120.0) -> bytes:
    """Convert ``data`` (a .doc/.xls/...) to ``target_ext`` (docx/xlsx) and return the bytes."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            f"reading .{source_ext} (binary Office) files needs LibreOffice: install it "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui; "
            "macOS: brew install --cask libreoffice), or save the file as "
            f".{target_ext} and parse that"
        )
    with tempfile.TemporaryDirectory(prefix="goalextract-") as tmp:
        work = Path(tmp)
        source = work / f"input.{source_ext}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_ext,
            "--outdir",
            str(work / "out"),
        ]
        if source_ext in _IMPORT_FILTERS:
            command.append(f"--infilter={_IMPORT_FILTERS[source_ext]}")
        command.append(str(source))
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as error:
            raise ReaderError(
                f"{time_limit(timeout)}: LibreOffice did not convert the .{source_ext} file"
            ) from error
        except OSError as error:
            raise ConverterMissing(f"cannot run LibreOffice ({soffice}): {error}") from error
        produced = work / "out" / f"input.{target_ext}"
        if completed.returncode != 0 or not produced.exists():
            detail = (completed.stderr or completed.stdout).decode("utf-8", "replace").strip()
            raise ReaderError(
                f"LibreOffice could not convert this .{source_ext} file (damaged?)"
                + (f": {detail.splitlines()[-1]}" if detail else "")
            )
        return produced.read_bytes()
