"""Legacy word-processor formats (.doc, .wps, .rtf, .odt): converted through LibreOffice when present.

Many such files are not what their name says: a ".doc" downloaded from a web site is often an HTML page or
a "single file web page" (MHTML) that Word saved, or a .docx renamed. Those are recognised by their first
bytes and read directly (:func:`disguised`; ``metadata["read_as"]`` says how), with or without LibreOffice.

reportkit does not parse the binary formats themselves. When ``soffice`` (or ``libreoffice``) is on PATH,
the file is converted to .docx in a temporary folder (``soffice --headless --convert-to docx``) and
read as a .docx; the record's ``source.format`` stays the original one and ``source.converted_with``
says ``libreoffice``. Without LibreOffice the file gets an error record that says how to convert it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import regex

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


_MHTML = regex.compile(rb"^\s*(?:[\w-]+:[^\n]*\n)*?\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", regex.I)
_HTML = regex.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)", regex.I | regex.S)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: Word 97-2003, WPS, or an encrypted OOXML
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected .docx holds
_TITLE = regex.compile(rb"<title[^>]*>([^<]{1,200})</title>", regex.I)


def _head(data: bytes) -> bytes:
    """The first bytes of a file, without a UTF-8 byte-order mark: what tells what the file is."""
    head = data[:4096]
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def web_page_title(data: bytes) -> str | None:
    """The ``<title>`` of bytes that are a web page, decoded leniently ("" when it has none); None when the
    bytes are no web page."""
    if not _HTML.match(_head(data)):
        return None
    m = _TITLE.search(data[:16384])
    if m is None:
        return ""
    raw = m.group(1)
    for codec in ("utf-8", "gb18030"):
        try:
            return " ".join(raw.decode(codec).split())
        except UnicodeDecodeError:
            continue
    return ""


def encrypted_ooxml(data: bytes) -> bool:
    """Whether ``data`` is a password-protected Office Open XML file (an OLE container with an
    EncryptedPackage stream), as Word writes a .docx with a password."""
    return data.startswith(OLE_MAGIC) and _ENCRYPTED_PACKAGE in data


def disguised(data: bytes) -> str | None:
    """What a legacy-named file really is when it is not a word-processor file: ``"docx"`` (a renamed
    .docx), ``"mhtml"`` (Word's or a browser's single file web page), ``"html"`` (a web page, Word's
    "save as web page" included); None for anything else (an OLE .doc, RTF, .odt …)."""
    head = _head(data)
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        return "docx" if "word/document.xml" in names else None
    if _MHTML.match(head):
        return "mhtml"
    if _HTML.match(head):
        return "html"
    return None


def read_legacy_bytes(data: bytes, path: str | None, suffix: str) -> Extracted:
    """Read a legacy-named document: directly when it is a web page or a .docx in disguise, otherwise
    converted with LibreOffice and read as .docx."""
    kind = disguised(data)
    if kind is not None:
        if kind == "docx":
            extracted = read_docx_bytes(data, path)
        elif kind == "mhtml":
            from .mhtml import read_mhtml_bytes

            extracted = read_mhtml_bytes(data, path)
        else:
            from .html import read_html_bytes

            extracted = read_html_bytes(data, path)
        extracted.metadata["read_as"] = kind
        return extracted
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
