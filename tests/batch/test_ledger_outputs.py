"""The ledger where users look for it: CSV rows, a SQLite table, an Excel workbook — the same rows."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "corpus" / "docs").glob("rec_10*.txt"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("ledger")
    paths = [str(p) for p in DOCS]
    runner = CliRunner()
    for target, extra in (("ledger.csv", ["--field", "ledger"]), ("r.sqlite", []), ("台账.xlsx", []), ("r.jsonl", [])):
        result = runner.invoke(main, ["extract", *paths, "-o", str(out / target), "-q", "--workers", "0", *extra])
        assert result.exit_code == 0, result.output
    return out


def _jsonl_entries(out):
    import json

    rows = []
    for line in (out / "r.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        measures = {m["id"]: m["text"] for m in record["fields"]["measures"]}
        for e in record["fields"]["ledger"]:
            rows.append((e["text"], "；".join(measures[m] for m in e["measures"])))
    return rows


def test_csv_has_one_row_per_entry(outputs):
    with open(outputs / "ledger.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = _jsonl_entries(outputs)
    assert len(expected) >= 10
    assert [(r["text"], r["measures"]) for r in rows] == expected
    assert {"units", "deadline", "deadline_date", "status", "status_text"} <= set(rows[0])


def test_sqlite_ledger_table_joins_documents(outputs):
    db = sqlite3.connect(outputs / "r.sqlite")
    rows = db.execute(
        "SELECT d.path, l.problem, l.measures FROM ledger l JOIN documents d USING (doc_key) ORDER BY d.path, l.entry"
    ).fetchall()
    assert [(problem, measures) for _, problem, measures in rows] == _jsonl_entries(outputs)
    assert {Path(path).name for path, _, _ in rows} <= {p.name for p in DOCS}


def test_xlsx_ledger_sheet(outputs):
    import openpyxl

    book = openpyxl.load_workbook(outputs / "台账.xlsx")
    assert book.sheetnames == ["整改台账", "文档"]
    ledger = book["整改台账"]
    assert [c.value for c in ledger[1]][:8] == [
        "序号",
        "问题",
        "整改措施",
        "责任单位",
        "整改时限",
        "整改状态",
        "来源文件",
        "位置",
    ]
    assert ledger.freeze_panes == "A2"
    body = [[c.value for c in row] for row in ledger.iter_rows(min_row=2)]
    assert [(r[1], r[2] or "") for r in body] == _jsonl_entries(outputs)
    assert [r[0] for r in body] == list(range(1, len(body) + 1))
    assert book["文档"].max_row == len(DOCS) + 1


def test_xlsx_written_again_is_the_same_bytes(outputs, tmp_path):
    import zipfile

    again = tmp_path / "台账.xlsx"
    result = CliRunner().invoke(main, ["extract", *map(str, DOCS), "-o", str(again), "-q", "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == (outputs / "台账.xlsx").read_bytes()
    with zipfile.ZipFile(again) as z:  # no member carries the time it was written, which a second apart would show
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"dcterms:modified" not in z.read("docProps/core.xml")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice (soffice) on this machine")
def test_xlsx_opens_in_libreoffice_with_the_rows_of_the_csv(outputs, tmp_path):
    run = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(outputs / "台账.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    (converted,) = tmp_path.glob("*.csv")
    with open(converted, encoding="utf-8", newline="") as fh:
        sheet = list(csv.reader(fh))
    with open(outputs / "ledger.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sheet[0][:3] == ["序号", "问题", "整改措施"]
    assert [(r[1], r[2], r[3], r[4]) for r in sheet[1:]] == [
        (r["text"], r["measures"], r["units"], r["deadline"]) for r in rows
    ]
