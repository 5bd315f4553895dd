"""What a new user meets on the command line: progress, reasons for errors, readable output."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reportkit.cli import main

PLANS = [
    "关于开展安全检查的工作方案\n一、工作目标\n二、实施步骤\n",
    "关于开展消防演练的实施方案\n一、组织领导\n二、工作要求\n",
]
REPORTS = [
    "关于安全生产检查问题整改情况的报告\n一、存在问题\n台账不全。\n二、整改措施\n",
    "关于巡察反馈问题整改落实情况的报告\n一、整改进展\n已完成整改12项。\n",
]


def run(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


@pytest.fixture()
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    for label, texts in (("plans", PLANS), ("reports", REPORTS)):
        (corpus / label).mkdir(parents=True)
        for i, text in enumerate(texts):
            (corpus / label / f"{i}.txt").write_text(text, encoding="utf-8")
    return corpus


def test_train_shows_progress(small_corpus, tmp_path):
    result = run(["train", "--corpus", str(small_corpus), "--out", str(tmp_path / "m" / "m.npz"), "--progress"])
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "reportkit: reading" in err and "4/4" in err  # the bar over the documents
    stages = ["4 documents read", "featurizing 4 documents", "2-fold cross-validation", "fitting the model"]
    positions = [err.index(stage) for stage in stages]
    assert positions == sorted(positions)
    assert (tmp_path / "m" / "m.npz").is_file()
    quiet = run(["train", "--corpus", str(small_corpus), "--out", str(tmp_path / "m2.npz"), "--no-progress"])
    assert "reportkit: reading" not in quiet.stderr and "featurizing" in quiet.stderr


def test_the_model_records_the_folds_cross_validation_used(small_corpus, tmp_path):
    from reportkit.classifier import CompiledModel

    out = tmp_path / "m.npz"
    result = run(["train", "--corpus", str(small_corpus), "--out", str(out), "--cv", "5", "--no-progress"])
    assert result.exit_code == 0, result.stderr
    assert "2-fold cross-validation" in result.stderr  # two documents a label: five folds cannot be made
    metadata = CompiledModel.load(out).metadata
    assert metadata["cv"] == metadata["cv_scores"]["folds"] == 2


def test_the_summary_names_each_error_file_and_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(REPORTS[0], encoding="utf-8")
    (folder / "damaged.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "empty.txt").write_bytes(b"")
    result = run(["extract", str(folder), "--workers", "0"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    reasons = [line.strip() for line in lines if line.startswith("    ")]
    assert len(reasons) == 2
    assert reasons[0].startswith(str(folder / "damaged.docx") + ": ") and "zip" in reasons[0]
    assert reasons[1].startswith(str(folder / "empty.txt") + ": ")


def test_the_summary_lists_the_first_20_errors_then_a_count(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(23):
        (folder / f"bad{i:02d}.docx").write_bytes(b"not a docx")
    result = run(["extract", str(folder), "--workers", "0"])
    assert result.exit_code == 1
    listed = [line for line in result.stderr.splitlines() if line.startswith("    ")]
    assert len(listed) == 21
    assert [line.split(":")[0].strip() for line in listed[:20]] == [str(folder / f"bad{i:02d}.docx") for i in range(20)]
    assert listed[20].strip().startswith("… and 3 more")


def test_a_folder_with_nothing_to_read_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "a.xlsx").write_bytes(b"x")
    (sheets / "b.xlsx").write_bytes(b"x")
    report = tmp_path / "r.txt"
    report.write_text(REPORTS[0], encoding="utf-8")
    result = run(["extract", str(empty), str(sheets), str(report), "-q", "--workers", "0"])
    assert result.exit_code == 1  # the report was fine, but two inputs gave nothing
    lines = result.stderr.splitlines()
    assert f"reportkit: {empty}: no file reportkit reads in this folder (no visible files)" in lines
    (sheet_line,) = [line for line in lines if line.startswith(f"reportkit: {sheets}:")]
    assert "2 skipped: .xlsx 2" in sheet_line and ".docx" in sheet_line
    assert len(result.stdout.splitlines()) == 1  # the report's record


@pytest.fixture()
def gold_set(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    text = (
        "关于安全检查问题整改情况的报告\n一、存在问题\n1.台账不全；\n2.制度缺失。\n二、整改措施\n"
        "成立由局长任组长，办公室主任、安全科科长为成员的整改工作领导小组。\n共排查企业3520家。"
    )
    (docs / "d1.txt").write_text(text, encoding="utf-8")
    gold = {
        "d1": {
            "doc_type": "rectification",
            "doc_type_also": [],
            "leadership_groups": [
                {
                    "name": "整改工作领导小组",
                    "leaders": ["局长"],
                    "deputy_leaders": [],
                    "members": ["办公室主任、安全科科长"],
                }
            ],
            "counts": [{"value": 3520, "unit": "家", "approx": None, "subject": "企业", "text": "3520家"}],
            "problems": ["台账不全", "制度缺失"],
            "measures": [],
        }
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path, docs


def test_eval_per_doc_without_json_prints_each_documents_scores(gold_set):
    gold, docs = gold_set
    result = run(["eval", "--gold", str(gold), str(docs), "--per-doc"])
    assert result.exit_code == 0
    table = result.stdout.split("per document", 1)[1].splitlines()
    (row,) = [line for line in table if line.startswith("d1 ")]
    assert "rectification" in row and "1.000 (1/1)" in row  # the count 3520家, found
    assert "per document" not in run(["eval", "--gold", str(gold), str(docs)]).stdout


def test_eval_members_line_says_what_its_precision_and_recall_count(gold_set):
    gold, docs = gold_set
    result = run(["eval", "--gold", str(gold), str(docs)])
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("members")]
    # the one gold member "办公室主任、安全科科长" is found by both predicted members: 2 of 2, 1 of 1
    assert "2 of 2 predicted match a gold member" in line and "1 of 1 gold members are found" in line
    data = json.loads(run(["eval", "--gold", str(gold), str(docs), "--json"]).stdout)
    members = data["groups"]["members"]
    assert (members["pred_matching"], members["n_pred"], members["gold_found"], members["n_gold"]) == (2, 2, 1, 1)


def test_python_dash_m_reportkit_runs_the_command(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "r.txt"
    path.write_text(REPORTS[0], encoding="utf-8")
    version = subprocess.run([sys.executable, "-m", "reportkit", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("reportkit ")
    result = subprocess.run(
        [sys.executable, "-m", "reportkit", "extract", str(path), "-q", "--workers", "0"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "关于安全生产检查问题整改情况的报告"


def test_segment_offsets_show_the_words_as_in_the_text(tmp_path):
    text = "整改措施：（一）ＡＢＣ公司排查３５２０人次，成立工作\n专班。"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    out = run(["segment", str(path), "--offsets"]).stdout
    pieces = [p for line in out.splitlines() for p in line.split(" ")]
    assert pieces
    for piece in pieces:
        word, span = piece.rsplit("[", 1)
        start, end = map(int, span.rstrip(")").split(","))
        assert text[start:end] == word.replace("\\n", "\n"), piece
    assert "ＡＢＣ[" in out and "３５２０[" in out and "（[" in out


def test_include_exclude_and_show_match_agree(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(REPORTS[0], encoding="utf-8")
    (folder / "b.txt").write_text(REPORTS[1], encoding="utf-8")
    (folder / "sub" / "c.md").write_text(PLANS[0], encoding="utf-8")
    results = tmp_path / "all.jsonl"
    assert run(["extract", str(folder), "-o", str(results), "-q", "--workers", "0"]).exit_code == 0
    for pattern in ("a.txt", "*.txt", "*/sub/*", "c.*"):
        chosen = run(["extract", str(folder), "--include", pattern, "-q", "--workers", "0"]).stdout
        included = sorted(json.loads(line)["source"]["path"] for line in chosen.splitlines())
        pages = tmp_path / f"pages-{len(included)}-{pattern.replace('*', 'x').replace('/', '_')}"
        shown = run(["show", str(results), "--match", pattern, "-o", str(pages)])
        assert shown.exit_code == 0, (pattern, shown.stderr)
        assert f"wrote {len(included)} pages" in shown.stderr, (pattern, included, shown.stderr)
