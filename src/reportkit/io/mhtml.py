""".mht/.mhtml (a "single file web page", as Word and browsers save one) through the standard library's email parser.

The page is a MIME ``multipart/related`` message: its HTML part (the one the message's ``start`` names, else
the first ``text/html`` part) is decoded from its transfer encoding (quoted-printable, base64) and its
charset (GB2312/GBK read as GB18030), then read as any .html page (:mod:`reportkit.io.html`); images and
styles beside it are left alone.
"""

from __future__ import annotations

import email
import email.policy
from email.message import Message

from ..errors import InputError
from .html import _CHARSET_ALIASES, read_html_bytes
from .types import Extracted


def _html_part(message: Message) -> Message | None:
    start = (message.get_param("start", header="content-type") or "") if message.is_multipart() else ""
    parts = [p for p in message.walk() if not p.is_multipart()]
    if isinstance(start, str) and start:
        for part in parts:
            if part.get("Content-ID", "").strip() == start.strip():
                return part
    return next((p for p in parts if p.get_content_type() == "text/html"), None)


def read_mhtml_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Extract the visible text of an MHTML page."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _html_part(message)
    if part is None:
        raise InputError(path, "no HTML part in this single-file web page (.mht)")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise InputError(path, "the HTML part of this single-file web page (.mht) is empty")
    charset = part.get_content_charset()
    if charset:
        codec = _CHARSET_ALIASES.get(charset.lower(), charset.lower())
        try:
            # the MIME header's charset decides; the page is handed on as UTF-8 with a BOM, which the
            # HTML reader trusts before any <meta charset> the page repeats
            payload = b"\xef\xbb\xbf" + payload.decode(codec).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: the HTML reader's own <meta> and detection decide
    extracted = read_html_bytes(payload, path)
    extracted.metadata["read_as"] = "mhtml"
    return extracted
