"""SQLite, CSV and JSON outputs, and the property that readers only ever raise reportkit's errors."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportkit.errors import InputError
from reportkit.io import read_bytes

ROOT = Path(__file__).resolve().parents[2]
BUILT_INS = "counts,leadership_groups,measures,problems"


def reportkit(*args):
    return subprocess.run(
        [sys.executable, "-m", "reportkit.cli", *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for name in ("rec_004.txt", "wp_002.txt", "sur_003.txt", "brf_001.txt", "sum_004.txt"):
        (folder / name).write_bytes((ROOT / "corpus" / "docs" / name).read_bytes())
    (folder / "bad.docx").write_bytes(b"not a docx")
    return folder


README_QUERIES = {
    "documents by type": "SELECT doc_type, COUNT(*) FROM documents GROUP BY doc_type ORDER BY COUNT(*) DESC",
    "total counts by unit": "SELECT unit, COUNT(*) AS n, SUM(value) AS total FROM findings "
    "WHERE extractor = 'counts' GROUP BY unit ORDER BY n DESC",
    "problems per document": "SELECT d.path, d.title, COUNT(f.finding_key) AS problems FROM documents d "
    "LEFT JOIN findings f ON f.doc_key = d.doc_key AND f.extractor = 'problems' "
    "GROUP BY d.doc_key ORDER BY problems DESC",
}


def test_sqlite_tables_upserts_and_the_readme_queries(docs, tmp_path):
    db_path = tmp_path / "results.sqlite"
    first = reportkit("extract", docs, "-o", db_path, "--only", BUILT_INS, "--include-text")
    assert first.returncode == 1  # bad.docx
    db = sqlite3.connect(db_path)
    n_docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    n_findings = db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    assert n_docs == 6 and n_findings > 50
    assert db.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == 1
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"documents_doc_type", "findings_extractor"} <= indexes
    # every finding's text is the document's text at its span
    checked = 0
    for record_json, start, end, text in db.execute(
        'SELECT d.record, f.start, f."end", f.text FROM findings f JOIN documents d USING (doc_key)'
    ):
        assert json.loads(record_json)["text"][start:end] == text
        checked += 1
    assert checked == n_findings
    for name, query in README_QUERIES.items():
        assert db.execute(query).fetchall(), name
    counts = dict(db.execute("SELECT unit, COUNT(*) FROM findings WHERE extractor='counts' GROUP BY unit"))
    recorded = Counter(
        f["unit"]
        for (r,) in db.execute("SELECT record FROM documents")
        for f in json.loads(r)["fields"].get("counts", [])
    )
    assert counts == recorded and len(counts) > 3  # every count of every record, grouped by its unit
    db.close()
    # a rerun replaces, it does not duplicate
    reportkit("extract", docs, "-o", db_path, "--only", BUILT_INS)
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == n_docs
    assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == n_findings
    db.close()
    # --resume skips what is there
    again = reportkit("extract", docs, "-o", db_path, "--only", BUILT_INS, "--resume")
    assert "6 inputs already done" in again.stderr and "0 records" in again.stderr


def test_csv_documents_and_findings(docs, tmp_path):
    out = tmp_path / "docs.csv"
    reportkit("extract", docs, "-o", out, "--only", BUILT_INS)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 6 and {"doc_type", "confidence", "n_counts", "n_problems"} <= set(rows[0])
    by_name = {Path(r["path"]).name: r for r in rows}
    assert by_name["wp_002.txt"]["doc_type"] == "work_plan" and int(by_name["wp_002.txt"]["n_counts"]) > 5
    assert by_name["bad.docx"]["errors"] == "1"
    assert by_name["bad.docx"]["n_counts"] == ""  # nothing ran on it: not "0 found"
    counts = tmp_path / "counts.csv"
    reportkit("extract", docs, "--format", "csv", "--field", "counts", "-o", counts, "--only", BUILT_INS)
    header, *lines = csv.reader(io.StringIO(counts.read_text(encoding="utf-8-sig")))
    assert len(header) == len(set(header))  # no column twice: a DictReader would keep only the last
    rows = [dict(zip(header, line)) for line in lines]
    assert {"text", "start", "end", "value", "unit", "approx", "subject"} <= set(rows[0])
    # each row says which record it belongs to (the record's id) and which finding it is
    assert {r["id"] for r in rows} == {r["id"] for r in by_name.values() if int(r["n_counts"] or 0)}
    assert [r["finding_id"] for r in rows if r["path"].endswith("wp_002.txt")][:2] == ["counts/1", "counts/2"]
    text = (docs / "wp_002.txt").read_text(encoding="utf-8")
    wp_rows = [r for r in rows if r["path"].endswith("wp_002.txt")]
    assert len(wp_rows) == int(by_name["wp_002.txt"]["n_counts"])  # a row per count of the document
    for r in wp_rows:
        assert text[int(r["start"]) : int(r["end"])] == r["text"]


def test_json_array(docs, tmp_path):
    out = tmp_path / "all.json"
    reportkit("extract", docs, "-o", out, "--only", "counts")
    records = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) == 6
    assert not list(tmp_path.glob(".all.json.*"))  # no temporary file left behind


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "html"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096))
def test_no_byte_string_makes_a_reader_raise_anything_else(fmt, data):
    try:
        docs = read_bytes(data, fmt, f"fuzz.{fmt}")
    except InputError as exc:
        assert str(exc).startswith(f"fuzz.{fmt}: ")
    else:
        assert all(isinstance(d.text, str) for d in docs)


@pytest.mark.parametrize("prefix", [b"PK\x03\x04", b"%PDF-1.4\n", b"<html><body>", b"\xef\xbb\xbf"])
@settings(max_examples=40, deadline=None)
@given(tail=st.binary(max_size=2048))
def test_plausible_headers_with_junk_after_them(prefix, tail):
    for fmt in ("docx", "pdf", "html", "txt"):
        try:
            read_bytes(prefix + tail, fmt, "x")
        except InputError:
            pass
