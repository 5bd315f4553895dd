"""File names and paths in every output format: names that are not UTF-8, names with line breaks,
two spellings of one path on --resume, a CSV cut off mid-character."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPORT = "关于安全生产检查问题整改情况的报告\n一、存在问题\n1.台账不全。\n二、整改措施\n共排查企业{n}家。\n"
# GBK names, as Windows archives on Chinese shared drives have them; the first three decode (as UTF-8,
# with replacement) to the same text, ����.txt; the last one's bytes happen to be valid UTF-8 (֪ͨ)
GBK_NAMES = ["报告", "整改", "方案", "通知"]
NOT_UTF8 = 3
FORMATS = ["jsonl", "json", "csv", "sqlite"]


def reportkit(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "reportkit.cli", *map(os.fsdecode, args)],
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def raw_name(word: str) -> bytes:
    return word.encode("gbk") + b".txt"


@pytest.fixture()
def folder(tmp_path) -> Path:
    root = tmp_path / "R"
    root.mkdir()
    (root / "a.txt").write_text(REPORT.format(n=1), encoding="utf-8")
    for i, word in enumerate(GBK_NAMES, 2):
        with open(os.path.join(os.fsencode(root), raw_name(word)), "wb") as fh:
            fh.write(REPORT.format(n=i).encode("gb18030"))
    (root / "z.txt").write_text(REPORT.format(n=9), encoding="utf-8")
    return root


def names_on_disk(root: Path) -> set[bytes]:
    return set(os.listdir(os.fsencode(root)))


def read_output(path: Path) -> list[dict]:
    """(path, path_bytes, record) of every row, whatever the format."""
    fmt = path.suffix.lstrip(".")
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        return [{"source": {"path": r["path"], "path_bytes": r["path_bytes"] or None}, "row": r} for r in rows]
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT path, path_bytes, record FROM documents ORDER BY doc_key").fetchall()
    finally:
        db.close()
    for path_text, path_bytes, record in rows:
        assert json.loads(record)["source"]["path"] == path_text
        assert json.loads(record)["source"].get("path_bytes") == path_bytes
    return [json.loads(record) for _, _, record in rows]


def raw_path(source: dict) -> bytes:
    if source.get("path_bytes"):
        raw = base64.b64decode(source["path_bytes"])
        assert source["path"] == raw.decode("utf-8", "replace")  # shown decoded with replacement
        return raw
    return source["path"].encode("utf-8")


@pytest.mark.parametrize("workers", ["0", "2"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_names_that_are_not_utf8_are_recorded_losslessly(folder, tmp_path, fmt, workers):
    """A GBK name aborted the run with a serialization traceback and 0 records."""
    out = tmp_path / f"out.{fmt}"
    result = reportkit("extract", folder, "-o", out, "--workers", workers, "--only", "counts")
    assert result.returncode == 0, result.stderr
    records = read_output(out)
    assert sorted(os.path.basename(raw_path(r["source"])) for r in records) == sorted(names_on_disk(folder))
    if fmt != "csv":
        assert all(not r["errors"] and r["fields"]["counts"] for r in records)
    gbk = [r["source"] for r in records if r["source"].get("path_bytes")]
    assert len(gbk) == NOT_UTF8 and len({s["path"] for s in gbk}) == 1  # the same text, apart by bytes


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
def test_resume_over_names_that_are_not_utf8(folder, tmp_path, fmt):
    """--resume stopped at the same name again; now it knows those inputs as done, by their bytes."""
    out = tmp_path / f"out.{fmt}"
    assert reportkit("extract", folder, "-o", out, "--only", "counts").returncode == 0
    if fmt != "sqlite":  # cut the output after the third record, as a killed run leaves it
        data = out.read_bytes()
        cut = 0
        for _ in range(3 + (fmt == "csv")):  # (and the CSV header)
            cut = data.index(b"\n", cut) + 1
        out.write_bytes(data[:cut])
    result = reportkit("extract", folder, "-o", out, "--resume", "--only", "counts")
    assert result.returncode == 0, result.stderr
    assert "resuming: " in result.stderr
    names = [os.path.basename(raw_path(r["source"])) for r in read_output(out)]
    assert sorted(names) == sorted(names_on_disk(folder))  # each input exactly once


def test_review_pages_read_files_whose_names_are_not_utf8(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    assert reportkit("extract", folder, "-o", out, "--only", "counts").returncode == 0
    shown = reportkit("show", out, "-o", tmp_path / "pages")
    assert shown.returncode == 0, shown.stderr
    assert len(list((tmp_path / "pages").glob("*.html"))) == len(names_on_disk(folder))
    page = reportkit("show", folder, "-o", tmp_path / "all.html")
    assert page.returncode == 0, page.stderr
    assert "����.txt" in (tmp_path / "all.html").read_text(encoding="utf-8")
    overview = reportkit("report", out, "-o", tmp_path / "overview.html")
    assert overview.returncode == 0, overview.stderr
    assert "text not shown" not in overview.stderr


def test_the_schema_documents_path_bytes():
    result = reportkit("schema")
    assert result.returncode == 0
    field = json.loads(result.stdout)["$defs"]["SourceInfo"]["properties"]["path_bytes"]
    assert "base64" in field["description"] and "not valid UTF-8" in field["description"]


# -- two spellings of one path, a line break in a name, a CSV cut mid-character ------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
def test_resume_with_another_spelling_of_the_same_folder(tmp_path, fmt, monkeypatch):
    """Resuming with ./R after a run on R wrote every input twice."""
    monkeypatch.chdir(tmp_path)
    root = Path("R")
    root.mkdir()
    for i in range(4):
        (root / f"{i}.txt").write_text(REPORT.format(n=i + 1), encoding="utf-8")
    out = Path(f"out.{fmt}")
    assert reportkit("extract", "R", "-o", out, "--only", "counts", cwd=tmp_path).returncode == 0
    for spelling in ("./R", str(tmp_path / "R"), "R/../R/"):
        result = reportkit("extract", spelling, "-o", out, "--resume", "--only", "counts", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "resuming: 4 inputs already done" in result.stderr
    assert len(read_output(tmp_path / out)) == 4


def test_a_name_with_a_line_break_is_written_once_in_csv_when_resuming(tmp_path):
    root = tmp_path / "R"
    root.mkdir()
    (root / "上半年\n总结.txt").write_text(REPORT.format(n=1), encoding="utf-8")
    (root / "z.txt").write_text(REPORT.format(n=2), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert reportkit("extract", root, "-o", out, "--only", "counts").returncode == 0
    result = reportkit("extract", root, "-o", out, "--only", "counts", "--resume")
    assert result.returncode == 0, result.stderr
    assert "resuming: 2 inputs already done" in result.stderr
    paths = sorted(r["source"]["path"] for r in read_output(out))
    assert paths == sorted([str(root / "上半年\n总结.txt"), str(root / "z.txt")])


@pytest.mark.parametrize("brk", ["\n", "\r", "\u2028", "\x0c"])
def test_the_error_of_a_file_whose_name_has_a_line_break_names_it_whole_and_says_why(tmp_path, brk):
    root = tmp_path / "R"
    root.mkdir()
    (root / f"坏{brk}名.txt").write_bytes(b"\xff\xfe\x00")  # a UTF-16 mark, then half a character
    out = tmp_path / "out.jsonl"
    result = reportkit("extract", root, "-o", out)
    assert result.returncode == 1
    (record,) = read_output(out)
    assert record["source"]["path"] == str(root / f"坏{brk}名.txt")  # the record keeps the name as it is
    (error,) = record["errors"]
    escaped = str(root / f"坏{brk}名.txt").replace(brk, repr(brk)[1:-1])
    assert error["message"].startswith(f"{escaped}: starts with a utf-16-le byte-order mark")
    assert len(error["message"].splitlines()) == 1
    assert f"    {escaped}: starts with" in result.stderr  # the summary shows the same one line


def test_a_csv_cut_mid_character_resumes(tmp_path):
    """A kill can land inside a multi-byte character; resuming decoded the whole file and crashed."""
    root = tmp_path / "R"
    root.mkdir()
    for i in range(4):
        (root / f"整改报告{i}.txt").write_text(REPORT.format(n=i + 1), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert reportkit("extract", root, "-o", out, "--only", "counts").returncode == 0
    data = out.read_bytes()
    last_row = data.rindex(b"\n", 0, len(data) - 1) + 1
    cut = data.index("整改".encode(), last_row) + 1  # inside the first character of the last row's path
    out.write_bytes(data[:cut])
    result = reportkit("extract", root, "-o", out, "--only", "counts", "--resume")
    assert result.returncode == 0, result.stderr
    assert "resuming: 3 inputs already done" in result.stderr
    assert sorted(os.path.basename(r["source"]["path"]) for r in read_output(out)) == [
        f"整改报告{i}.txt" for i in range(4)
    ]


OLD_DOCUMENTS = """
CREATE TABLE documents (
    doc_key INTEGER PRIMARY KEY, id TEXT NOT NULL, path TEXT, part INTEGER, part_key INTEGER NOT NULL,
    parts INTEGER, format TEXT, encoding TEXT, sha256 TEXT, title TEXT, chars INTEGER, doc_type TEXT,
    doc_type_zh TEXT, confidence REAL, uncertain INTEGER, scores TEXT, evidence TEXT,
    n_errors INTEGER NOT NULL DEFAULT 0, reportkit_version TEXT, record TEXT NOT NULL, updated_at TEXT NOT NULL,
    UNIQUE (path, part_key)
);
"""


def test_a_database_written_before_path_bytes_is_migrated(folder, tmp_path):
    """The old table is unique on (path, part): two GBK names with the same replacement text would
    collide in it. It is rebuilt with path_bytes, its rows and their findings kept."""
    out = tmp_path / "old.sqlite"
    assert reportkit("extract", folder / "a.txt", "-o", out, "--only", "counts").returncode == 0
    db = sqlite3.connect(out)
    rows = db.execute("SELECT doc_key, id, path, record FROM documents").fetchall()
    n_findings = db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    db.executescript("PRAGMA foreign_keys = OFF; DROP TABLE documents;" + OLD_DOCUMENTS)
    db.executemany(
        "INSERT INTO documents (doc_key, id, path, part_key, record, updated_at) VALUES (?, ?, ?, -1, ?, 'then')", rows
    )
    db.commit()
    db.close()
    result = reportkit("extract", folder, "-o", out, "--only", "counts", "--resume")
    assert result.returncode == 0, result.stderr
    assert "resuming: 1 inputs already done" in result.stderr
    names = [os.path.basename(raw_path(r["source"])) for r in read_output(out)]
    assert sorted(names) == sorted(names_on_disk(folder))
    db = sqlite3.connect(out)
    assert db.execute("SELECT COUNT(*) FROM findings WHERE doc_key = ?", (rows[0][0],)).fetchone()[0] == n_findings
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_a_csv_cut_inside_a_quoted_line_break_resumes(tmp_path):
    root = tmp_path / "R"
    root.mkdir()
    (root / "a.txt").write_text(REPORT.format(n=1), encoding="utf-8")
    (root / "上半年\n总结.txt").write_text(REPORT.format(n=2), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert reportkit("extract", root, "-o", out, "--only", "counts").returncode == 0
    data = out.read_bytes()
    out.write_bytes(data[: data.index("上半年\n".encode()) + len("上半年\n".encode())])  # the kill lands there
    result = reportkit("extract", root, "-o", out, "--only", "counts", "--resume")
    assert result.returncode == 0, result.stderr
    assert "resuming: 1 inputs already done" in result.stderr
    paths = sorted(r["source"]["path"] for r in read_output(out))
    assert paths == sorted([str(root / "上半年\n总结.txt"), str(root / "a.txt")])


def test_resume_counts_this_runs_inputs_not_the_rows_already_in_the_output(tmp_path):
    first, second = tmp_path / "A", tmp_path / "B"
    for folder, n in ((first, 3), (second, 2)):
        folder.mkdir()
        for k in range(n):
            (folder / f"{k}.txt").write_text(REPORT.format(n=k), encoding="utf-8")
    out = tmp_path / "all.sqlite"
    assert reportkit("extract", first, "-o", out, "--only", "counts").returncode == 0
    result = reportkit("extract", second, "-o", out, "--only", "counts", "--resume")
    assert result.returncode == 0, result.stderr
    assert "resuming: 0 inputs already done, 2 to go" in result.stderr  # the 3 rows of A are not B's
    result = reportkit("extract", first, second, "-o", out, "--only", "counts", "--resume")
    assert "resuming: 5 inputs already done, 0 to go" in result.stderr
