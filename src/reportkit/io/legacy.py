"""Legacy word-processor formats (.doc, .wps, .rtf, .odt): converted through LibreOffice when present.

reportkit does not parse these binary formats itself. When ``soffice`` (or ``libreoffice``) is on PATH,
the file is converted to .docx in a temporary folder (``soffice --headless --convert-to docx``) and
read as a .docx; the record's ``source.format`` stays the original one and ``source.converted_with``
says ``libreoffice``. Without LibreOffice the file gets an error record that says how to convert it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import UnsupportedFormatError
from .docx import read_docx_bytes
from .types import Extracted

LEGACY_SUFFIXES = {".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"}
CONVERT_TIMEOUT = 120  # seconds


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None (``REPORTKIT_SOFFICE`` overrides)."""
    override = os.environ.get("REPORTKIT_SOFFICE")
    if override:
        return override if shutil.which(override) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_bytes(data: bytes, path: str | None, suffix: str) -> Extracted:
    """Convert a legacy document with LibreOffice and read the result as .docx."""
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormatError(
            path,
            f"{suffix} files are not read directly; convert to .docx "
            f"(soffice --headless --convert-to docx FILE) or install LibreOffice so reportkit "
            f"converts them",
        )
    with tempfile.TemporaryDirectory(prefix="reportkit-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        try:
            proc = subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    str(outdir),
                    str(src),
                ],
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise UnsupportedFormatError(
                path, f"LibreOffice did not convert the {suffix} file within {CONVERT_TIMEOUT}s"
            ) from exc
        except OSError as exc:
            raise UnsupportedFormatError(path, f"cannot run LibreOffice ({soffice}): {exc}") from exc
        converted = outdir / "input.docx"
        if proc.returncode != 0 or not converted.exists():
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise UnsupportedFormatError(
                path, f"LibreOffice could not convert the {suffix} file ({detail[-1] if detail else 'no output'})"
            )
        extracted = read_docx_bytes(converted.read_bytes(), path)
    extracted.metadata["converted_with"] = "libreoffice"
    return extracted
