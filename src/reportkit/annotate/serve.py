"""``reportkit annotate --serve``: a small local server that saves each document's gold as it is made.

Standard library only (``http.server``), bound to 127.0.0.1. It serves the pages that ``annotate`` wrote
(and nothing else), each with a random token that the page sends back with every save; a request
without the token, from another site (which cannot read the token, and cannot send the custom header
without a preflight this server never grants) or for another host name is refused. A save is checked
against the document as it was read — every string at its span, the SHA-256 — before the gold file is
rewritten (atomically: a temporary file renamed over it), keeping the entries of documents that are not
on the pages.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from .gold import check_entry
from .page import AnnotatedDoc

__all__ = ["GoldStore", "make_server"]

MAX_BODY = 64 * 1024 * 1024


class GoldStore:
    """The gold file the server writes: one entry replaced per save, the others kept."""

    def __init__(self, path: str | os.PathLike[str], docs: list[AnnotatedDoc]) -> None:
        self.path = Path(path)
        self.docs = {d.id: d for d in docs}
        self.lock = threading.Lock()
        self.saved = 0

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GoldFormatError(f"{self.path}: cannot read the gold file to add to it ({exc})") from exc
        if not isinstance(data, dict):
            raise GoldFormatError(f"{self.path}: not a gold file (an object keyed by document id)")
        return data

    def save(self, doc_id: Any, entry: Any) -> None:
        """Check ``entry`` against its document and write it into the gold file.

        :raises GoldFormatError: naming what is wrong (unknown document, a string not at its span …)
        """
        doc = self.docs.get(doc_id) if isinstance(doc_id, str) else None
        if doc is None:
            raise GoldFormatError(f"{doc_id!r} is not a document of these pages")
        errors = check_entry(doc.id, entry, doc.text, sha256=doc.sha256)
        if errors:
            more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
            raise GoldFormatError("; ".join(errors[:3]) + more)
        with self.lock:
            data = self._read()
            data[doc.id] = entry
            tmp = self.path.with_name(f".{self.path.name}.tmp{os.getpid()}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(
                json.dumps(dict(sorted(data.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            os.replace(tmp, self.path)
            self.saved += 1


def port_of(server: Any) -> int:
    """The port a server listens on (its address is (host, port) for IPv4)."""
    return int(server.server_address[1])


def make_server(
    folder: str | os.PathLike[str],
    files: list[str],
    store: GoldStore,
    port: int = 0,
    log: Callable[[str], None] | None = None,
) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:``port`` (0: any free port) for the pages ``files`` in ``folder``."""
    root = Path(folder)
    token = secrets.token_urlsafe(24)
    allowed = set(files)

    class Handler(BaseHTTPRequestHandler):
        server_version = "reportkit-annotate"

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: the CLI says what matters

        def _host_ok(self) -> bool:
            host = (self.headers.get("Host") or "").lower()
            port_now = port_of(self.server)
            return host in (f"127.0.0.1:{port_now}", f"localhost:{port_now}")

        def _reply(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

        def do_GET(self) -> None:
            if not self._host_ok():
                self._json(HTTPStatus.FORBIDDEN, {"error": "wrong host"})
                return
            name = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
            if name == "":
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", "/" + files[0])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if name == "api/status":
                self._json(HTTPStatus.OK, {"gold": str(store.path), "saved": store.saved})
                return
            if name not in allowed:
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            page = (root / name).read_text(encoding="utf-8")
            page = page.replace("<head>", f'<head><meta name="rk-token" content="{token}">', 1)
            self._reply(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

        def do_POST(self) -> None:
            if not self._host_ok() or self.headers.get("X-Reportkit-Token") != token:
                self._json(HTTPStatus.FORBIDDEN, {"error": "refused: not from this server's pages"})
                return
            if self.path.split("?", 1)[0] != "/api/gold":
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 < length <= MAX_BODY:
                self._json(HTTPStatus.BAD_REQUEST, {"error": "a JSON body of at most 64 MB is needed"})
                return
            try:
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                doc_id, entry = body["id"], body["entry"]
                store.save(doc_id, entry)
            except (ValueError, KeyError, TypeError) as exc:
                self._json(HTTPStatus.BAD_REQUEST, {"error": f"not a save request ({exc})"})
                return
            except GoldFormatError as exc:
                self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)})
                if log:
                    log(f"not saved: {exc}")
                return
            except OSError as exc:
                self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"{store.path}: cannot write ({exc})"})
                if log:
                    log(f"{store.path}: cannot write ({exc})")
                return
            if log:
                log(f"saved {doc_id} to {store.path}")
            self._json(HTTPStatus.OK, {"saved": doc_id, "gold": str(store.path)})

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
