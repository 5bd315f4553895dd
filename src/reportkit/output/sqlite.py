"""SQLite output: an embedded database for analysts.

Tables (``reportkit extract DIR -o results.sqlite``)::

    documents  doc_key INTEGER PRIMARY KEY, id, path, part, parts, format, encoding, sha256, title, chars,
               doc_type, doc_type_zh, confidence, uncertain, scores (JSON), evidence (JSON),
               n_errors, reportkit_version, record (the whole JSON record), updated_at,
               path_bytes (base64 of a file name that is not valid UTF-8, which path then shows
               decoded with replacement; NULL otherwise)
               unique on (path, path_bytes, part_key) — one row per file (or per part of a split file)
    findings   finding_key INTEGER PRIMARY KEY, doc_key -> documents, extractor, start, end, text,
               value, unit, approx, subject, name, section, score, data (the finding as JSON)
    errors     doc_key -> documents, stage, type, message, extractor
    ledger     doc_key -> documents, entry, problem, problem_start, problem_end, measures (texts joined with
               ；), measure_ids (JSON), units (joined with 、), deadline, deadline_date, deadline_kind,
               status, status_text, score — one row per entry of the rectification ledger

Indexes: ``documents(doc_type)``, ``findings(extractor)``, ``findings(doc_key)``, ``errors(doc_key)``.

One run writes a database at a time: the writer holds an advisory lock on the file (``flock``, where the
system has it) for as long as it is open, and a second run on the same file stops at once with an
:class:`~reportkit.errors.OutputError` instead of interleaving its rows; so does any database error
(a full disk, a file that is not a SQLite database). The column ``part_key`` is ``part`` with -1 for an
unsplit file, so that the unique key (``path``, ``part_key``) also holds for files without parts (SQL's
NULLs are never equal).

Rerunning over the same files upserts: a document's row is replaced (its findings and errors too) when
its path and part come again, so nothing is duplicated; with ``--resume`` files already present are not
processed again (compared by absolute path), except those a worker process died on: their rows are
removed and they are tried again. A database written before ``path_bytes`` existed is migrated.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from ..errors import OutputError
from ..record import Record, path_of, printable
from . import input_key, make_parent, output_failed, worker_died
from .ledger import LEDGER_COLUMNS, ledger_rows

DOCUMENTS = """
CREATE TABLE IF NOT EXISTS {name} (
    doc_key INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    path TEXT,
    part INTEGER,
    part_key INTEGER NOT NULL,
    parts INTEGER,
    format TEXT,
    encoding TEXT,
    sha256 TEXT,
    title TEXT,
    chars INTEGER,
    doc_type TEXT,
    doc_type_zh TEXT,
    confidence REAL,
    uncertain INTEGER,
    scores TEXT,
    evidence TEXT,
    n_errors INTEGER NOT NULL DEFAULT 0,
    reportkit_version TEXT,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    path_bytes TEXT
);
"""
# the columns of documents before path_bytes: what a migration copies
_OLD_COLUMNS = (
    "doc_key, id, path, part, part_key, parts, format, encoding, sha256, title, chars, doc_type, doc_type_zh, "
    "confidence, uncertain, scores, evidence, n_errors, reportkit_version, record, updated_at"
)
SCHEMA = (
    DOCUMENTS.format(name="documents")
    + """
CREATE TABLE IF NOT EXISTS findings (
    finding_key INTEGER PRIMARY KEY,
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    extractor TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    unit TEXT,
    approx TEXT,
    subject TEXT,
    name TEXT,
    section TEXT,
    score REAL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    stage TEXT,
    type TEXT,
    message TEXT,
    extractor TEXT
);
CREATE TABLE IF NOT EXISTS ledger (
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    entry INTEGER NOT NULL,
    problem TEXT NOT NULL,
    problem_start INTEGER NOT NULL,
    problem_end INTEGER NOT NULL,
    measures TEXT,
    measure_ids TEXT,
    units TEXT,
    deadline TEXT,
    deadline_date TEXT,
    deadline_kind TEXT,
    status TEXT,
    status_text TEXT,
    score REAL
);
CREATE INDEX IF NOT EXISTS documents_doc_type ON documents(doc_type);
CREATE INDEX IF NOT EXISTS ledger_doc ON ledger(doc_key);
CREATE INDEX IF NOT EXISTS findings_extractor ON findings(extractor);
CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc_key);
CREATE INDEX IF NOT EXISTS errors_doc ON errors(doc_key);
"""
)
# one row per file or part; path_bytes tells apart names that decode to the same replacement text
UNIQUE_SOURCE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS documents_source ON documents(path, COALESCE(path_bytes, ''), part_key)"
)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a database written before path_bytes existed to the current table (SQLite's documented
    procedure for changing a table's constraints: a new table, the rows copied, the old one dropped)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(documents)")}
    if "path_bytes" not in columns:
        db.commit()
        db.execute("PRAGMA foreign_keys = OFF")
        try:
            db.executescript(
                "BEGIN;"
                + DOCUMENTS.format(name="documents_migrated")
                + f"; INSERT INTO documents_migrated ({_OLD_COLUMNS}) SELECT {_OLD_COLUMNS} FROM documents;"
                "DROP TABLE documents; ALTER TABLE documents_migrated RENAME TO documents;"
                "CREATE INDEX IF NOT EXISTS documents_doc_type ON documents(doc_type);"
                "COMMIT;"
            )
        finally:
            db.execute("PRAGMA foreign_keys = ON")
    db.execute(UNIQUE_SOURCE)


class SqliteWriter:
    """Records into a SQLite database (see the module docstring for the tables)."""

    def __init__(self, path: str | os.PathLike[str], resume: bool = False, commit_every: int = 200) -> None:
        self.path = Path(path)
        self._lock: int | None = None
        self._closed = False
        try:
            make_parent(self.path)
            self._lock = _lock(self.path)
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.executescript(SCHEMA)
            _migrate(self.db)
            self.commit_every = commit_every
            self._pending = 0
            self.done: set[str] = set()
            if resume:
                self.done = self._resumable()
        except (OSError, sqlite3.Error) as exc:
            _unlock(self._lock)
            raise output_failed(self.path, exc) from exc

    def _resumable(self) -> set[str]:
        """Keys of the inputs whose every part is stored (a part-way input is simply redone: upserts).
        The rows of inputs a worker process died on are removed: they are tried again."""
        rows = self.db.execute(
            "SELECT path, path_bytes, COUNT(*), MAX(COALESCE(parts, 1)) FROM documents WHERE path IS NOT NULL "
            "GROUP BY path, path_bytes"
        ).fetchall()
        died = {
            (path, path_bytes)
            for path, path_bytes, etype, message in self.db.execute(
                "SELECT d.path, d.path_bytes, e.type, e.message FROM errors e JOIN documents d USING (doc_key)"
            )
            if worker_died([{"type": etype, "message": message}])
        }
        for path, path_bytes in died:
            self.db.execute("DELETE FROM documents WHERE path IS ? AND path_bytes IS ?", (path, path_bytes))
        self.db.commit()
        return {
            input_key(path_of(path, path_bytes))
            for path, path_bytes, n, parts in rows
            if n >= parts and (path, path_bytes) not in died
        }

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, record: Record) -> None:
        try:
            self._write(record)
        except sqlite3.Error as exc:
            raise output_failed(self.path, exc) from exc

    def _write(self, record: Record) -> None:
        src = record.source
        dt = record.doc_type
        part_key = -1 if src.part is None else src.part
        path = None if src.path is None else printable(src.path)
        old = self.db.execute(
            "SELECT doc_key FROM documents WHERE path IS ? AND path_bytes IS ? AND part_key = ?",
            (path, src.path_bytes, part_key),
        ).fetchone()
        if old:
            self.db.execute("DELETE FROM documents WHERE doc_key = ?", old)  # cascades to findings, errors
        cur = self.db.execute(
            """INSERT INTO documents (id, path, part, part_key, parts, format, encoding, sha256, title, chars,
                   doc_type, doc_type_zh, confidence, uncertain, scores, evidence, n_errors, reportkit_version,
                   record, updated_at, path_bytes)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                record.id,
                path,
                src.part,
                part_key,
                src.parts,
                src.format,
                src.encoding,
                src.sha256,
                record.title,
                record.chars,
                dt.label if dt else None,
                dt.label_zh if dt else None,
                dt.confidence if dt else None,
                int(dt.uncertain) if dt else None,
                json.dumps(dt.scores, ensure_ascii=False) if dt else None,
                json.dumps([e.model_dump() for e in dt.evidence], ensure_ascii=False) if dt else None,
                len(record.errors),
                record.reportkit_version,
                record.to_json(),
                time.strftime("%Y-%m-%dT%H:%M:%S"),
                src.path_bytes,
            ),
        )
        doc_key = cur.lastrowid
        rows = []
        for extractor, findings in record.fields.items():
            for f in findings:
                d = f.model_dump(mode="json")
                rows.append(
                    (
                        doc_key,
                        extractor,
                        d["span"][0],
                        d["span"][1],
                        d["text"],
                        d.get("value"),
                        d.get("unit"),
                        d.get("approx"),
                        d.get("subject"),
                        d.get("name"),
                        d.get("section"),
                        d.get("score"),
                        json.dumps(d, ensure_ascii=False),
                    )
                )
        self.db.executemany(
            """INSERT INTO findings (doc_key, extractor, start, "end", text, value, unit, approx, subject, name,
                   section, score, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
        self.db.executemany(
            f"INSERT INTO ledger ({', '.join(LEDGER_COLUMNS)}, doc_key) VALUES ({', '.join('?' * (len(LEDGER_COLUMNS) + 1))})",
            [
                (
                    *(json.dumps(row[c], ensure_ascii=False) if c == "measure_ids" else row[c] for c in LEDGER_COLUMNS),
                    doc_key,
                )
                for row in ledger_rows(record)
            ],
        )
        self.db.executemany(
            "INSERT INTO errors (doc_key, stage, type, message, extractor) VALUES (?, ?, ?, ?, ?)",
            [(doc_key, e.stage, e.type, e.message, e.extractor) for e in record.errors],
        )
        self._pending += 1
        if self._pending >= self.commit_every:
            self.db.commit()
            self._pending = 0

    def flush(self) -> None:
        try:
            self.db.commit()
        except sqlite3.Error as exc:
            raise output_failed(self.path, exc) from exc
        self._pending = 0

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.db.commit()
        except sqlite3.Error as exc:
            raise output_failed(self.path, exc) from exc
        finally:
            self.db.close()
            _unlock(self._lock)  # after the connection: closing a descriptor of the file drops its locks
            self._lock = None


def _lock(path: Path) -> int | None:
    """An exclusive advisory lock on ``path`` for this writer's lifetime (None where there is no flock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: SQLite's own locking still refuses a second writer
        return None
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputError(
            path, "another reportkit run is writing this database; wait for it to end or choose another -o"
        ) from None
    except OSError:  # a file system without flock: SQLite's own locking is all there is
        os.close(fd)
        return None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases the flock
