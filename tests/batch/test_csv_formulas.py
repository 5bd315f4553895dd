"""CSV cells that a spreadsheet would run as formulas are neutralised (OWASP: CSV injection)."""

from __future__ import annotations

import csv
import os

from click.testing import CliRunner

from reportkit.cli import main
from reportkit.extract.base import Finding
from reportkit.output.csv import CsvWriter
from reportkit.record import Record, SourceInfo

REPORT = '=HYPERLINK("http://x.invalid","点此")关于整改情况的报告\n一、存在问题\n台账不全。\n'


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_formula_cells_get_an_apostrophe(tmp_path):
    out = tmp_path / "docs.csv"
    record = Record(
        id="abc",
        source=SourceInfo(path="=1+1.txt", format="txt"),
        title="@SUM(A1:A9)关于整改的报告",
        fields={"probe": [Finding(text="-2+3", span=(0, 4)), Finding(text="+台账", span=(5, 8))]},
    )
    with CsvWriter(out, extractors=["probe"]) as writer:
        writer.write(record)
    (row,) = _rows(out)
    assert (row["path"], row["title"]) == ("'=1+1.txt", "'@SUM(A1:A9)关于整改的报告")
    assert row["n_probe"] == "2"  # numbers stay numbers
    findings = tmp_path / "findings.csv"
    with CsvWriter(findings, extractors=["probe"], field="probe") as writer:
        writer.write(record)
    assert [r["text"] for r in _rows(findings)] == ["'-2+3", "'+台账"]
    assert [r["start"] for r in _rows(findings)] == ["0", "5"]


def test_tab_line_break_full_width_and_apostrophe_starts_are_escaped_too(tmp_path):
    out = tmp_path / "docs.csv"
    titles = ["\t=1", "\r=1", "＝1+1", "＠A1", "'=1", "关于=1的报告", "1-2"]
    with CsvWriter(out, extractors=[]) as writer:
        for i, title in enumerate(titles):
            writer.write(Record(id=str(i), source=SourceInfo(path=f"r{i}.txt"), title=title))
    got = [r["title"] for r in _rows(out)]
    assert got == ["'\t=1", "'\r=1", "'＝1+1", "'＠A1", "''=1", "关于=1的报告", "1-2"]


def test_resume_reads_escaped_paths_back(tmp_path):
    """The apostrophe is undone when --resume reads the paths already written: nothing twice."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=cmd.txt").write_text(REPORT, encoding="utf-8")
    (folder / "plain.txt").write_text(REPORT, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        runner = CliRunner()
        first = runner.invoke(main, ["extract", "=cmd.txt", "-o", "../out.csv", "-q", "--workers", "0"])
        assert first.exit_code == 0, first.output
        again = runner.invoke(
            main, ["extract", "=cmd.txt", "plain.txt", "-o", "../out.csv", "-q", "--workers", "0", "--resume"]
        )
        assert again.exit_code == 0, again.output
    finally:
        os.chdir(cwd)
    rows = _rows(tmp_path / "out.csv")
    assert [r["path"] for r in rows] == ["'=cmd.txt", "plain.txt"]
    assert rows[0]["title"].startswith("'=HYPERLINK(")
