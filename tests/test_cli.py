"""The CLI end to end: a folder of mixed formats plus broken files -> one record per input."""

from __future__ import annotations

import json
import os
from itertools import pairwise

import docx
import pytest
from click.testing import CliRunner

from reportkit.cli import main

REPORT = "关于安全生产检查问题整改情况的报告\n一、存在问题\n1.台账不全。\n2.隐患未整改。\n二、整改措施\n加强培训。\n"


@pytest.fixture()
def mixed_folder(tmp_path):
    root = tmp_path / "报告 文件夹"
    (root / "子目录").mkdir(parents=True)
    (root / "utf8.txt").write_text(REPORT, encoding="utf-8")
    (root / "gbk 报告.txt").write_bytes(REPORT.encode("gbk"))
    (root / "子目录" / "big5.md").write_bytes("關於整改情況的報告\n一、存在問題".encode("big5"))
    d = docx.Document()
    for line in REPORT.splitlines():
        d.add_paragraph(line)
    d.save(root / "子目录" / "方案.docx")
    paragraphs = "".join(f"<p>{line}</p>" for line in REPORT.splitlines())
    (root / "page.html").write_text(f"<html><body>{paragraphs}</body></html>", encoding="utf-8")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (root / "binary.txt").write_bytes(os.urandom(2048))
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")  # unsupported type: skipped, not an error
    (root / ".hidden.txt").write_text("隐藏文件", encoding="utf-8")
    return root


def run(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


def test_extract_mixed_folder(mixed_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(["extract", str(mixed_folder), "-o", str(out)])
    assert result.exit_code == 1, result.output  # some inputs gave error records
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_name = {os.path.basename(r["source"]["path"]): r for r in records}
    assert sorted(by_name) == sorted(
        ["utf8.txt", "gbk 报告.txt", "big5.md", "方案.docx", "page.html", "broken.docx", "binary.txt"]
    )
    for name in ("utf8.txt", "gbk 报告.txt", "方案.docx", "page.html"):
        assert by_name[name]["errors"] == []
        assert by_name[name]["title"] == "关于安全生产检查问题整改情况的报告"
        assert by_name[name]["schema_version"] == "1"
    assert by_name["gbk 报告.txt"]["source"]["encoding"] == "gb18030"
    assert by_name["big5.md"]["source"]["encoding"] == "big5"
    for name in ("broken.docx", "binary.txt"):
        (error,) = by_name[name]["errors"]
        assert error["stage"] == "read"
        assert name in error["message"] and "\n" not in error["message"]
        assert by_name[name]["fields"] == {}
    assert "7 records" in result.stderr and "2 errors" in result.stderr
    assert ".jpg 1" in result.stderr  # skipped and counted


def test_output_is_utf8_with_chinese_unescaped(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run(["extract", str(path), "-q"])
    assert result.exit_code == 0
    assert "关于安全生产" in result.stdout and "\\u" not in result.stdout


def test_stdin(tmp_path):
    result = run(["extract", "-", "-q", "--include-text"], input=REPORT.encode("gb18030"))
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["text"] == REPORT
    assert record["source"]["path"] is None and record["source"]["encoding"] == "gb18030"


def test_json_array_format_and_include_text(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out.json"
    result = run(["extract", str(path), "--format", "json", "-o", str(out), "--include-text", "-q"])
    assert result.exit_code == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == 1 and records[0]["text"] == REPORT


def test_split_gives_one_record_per_part(tmp_path):
    body = REPORT * 2
    path = tmp_path / "精选.txt"
    path.write_text(f"1.整改报告 篇一\n{body}2.整改报告 篇二\n{body}", encoding="utf-8")
    result = run(["extract", str(path), "--split", "-q", "--include-text"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["part"] for r in records] == [1, 2]
    text = path.read_text(encoding="utf-8")
    for r in records:
        offset = r["source"]["offset"]
        assert text[offset : offset + len(r["text"])] == r["text"]
    result = run(["extract", str(path), "-q"])
    assert len(result.stdout.splitlines()) == 1


def test_missing_file_is_an_error_record_not_a_crash(tmp_path):
    result = run(["extract", str(tmp_path / "nope.txt"), "-q"])
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["errors"][0]["type"] == "InputError" and "no such file" in record["errors"][0]["message"]


def test_usage_errors_exit_2(tmp_path):
    assert run(["extract"]).exit_code == 2
    assert run(["extract", "x", "--format", "xml"]).exit_code == 2
    assert run(["nonsense"]).exit_code == 2


def test_missing_user_dict_is_a_one_line_usage_error(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run(["extract", str(path), "--user-dict", str(tmp_path / "none.txt")])
    assert result.exit_code == 2


def test_version():
    from reportkit import __version__

    result = run(["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"reportkit {__version__}"


def test_schema_is_json_schema():
    result = run(["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Record"
    for key in ("schema_version", "id", "source", "title", "chars", "doc_type", "fields", "errors"):
        assert key in schema["properties"]


def test_outline_and_segment(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run(["outline", str(path)])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("关于安全生产检查问题整改情况的报告")
    assert lines[1].startswith("一、存在问题") and lines[2].startswith("  1.台账不全")
    data = json.loads(run(["outline", str(path), "--format", "json"]).stdout)
    assert data["outline"]["children"][0]["heading"] == "一、存在问题"
    seg = run(["segment", str(path)]).stdout.splitlines()
    # a line of words per line of text; 安全生产, 整改情况 and 存在问题 are words of the domain dictionary
    assert seg[:3] == ["关于 安全生产 检查 问题 整改情况 的 报告", "一 、 存在问题", "1 . 台账 不全 。"]
    assert [line.replace(" ", "") for line in seg] == REPORT.splitlines()


def test_outline_of_a_run_together_text_shows_its_headings_alone(tmp_path):
    # a corpus report with its lines run together: the outline as the pipeline reads it (a heading glued to the
    # marker of its first entry stands alone), its spans in the file's text
    from pathlib import Path

    from reportkit.items.train import run_together_text

    corpus = Path(__file__).resolve().parents[1] / "corpus" / "docs"
    text, _ = run_together_text((corpus / "rec_1450.txt").read_text(encoding="utf-8"))
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    headings = [line.split("  [")[0].strip() for line in run(["outline", str(path)]).stdout.splitlines()]
    assert "二、具体问题整改情况" in headings
    data = json.loads(run(["outline", str(path), "--format", "json"]).stdout)
    sections = [data["outline"]]
    while sections:
        section = sections.pop()
        sections.extend(section["children"])
        start, end = section["heading_span"]
        assert text[start:end] == section["heading"]


def test_items_gives_each_item_the_label_it_gets_alone_at_min_score(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "关于安全生产检查问题整改情况的报告\n一、存在的问题\n（一）隐患排查台账不全，部分企业未建立台账。\n"
        "（二）部分员工未经安全培训上岗。\n二、整改措施\n（一）建立隐患排查治理台账，每月更新一次。\n"
        "（二）组织全体员工开展安全生产培训，考核合格后上岗。\n",
        encoding="utf-8",
    )

    def rows(*options):
        return json.loads(run(["items", str(path), "--format", "json", *options]).stdout)

    plain = rows()
    assert plain and all("scores" not in r for r in plain)  # no model asked for: the layer alone
    scored = rows("--scores")
    assert [r["span"] for r in scored] == [r["span"] for r in plain]
    for r in scored:
        best = max(r["scores"], key=lambda c: (r["scores"][c], c == "neither"))
        assert r["label"] == (best if r["scores"][best] >= 0.5 else "neither")
    assert {r["label"] for r in scored} >= {"problem", "measure"}
    # a threshold asks for scores, and only the surest keep their label. The scores shown are rounded to four
    # decimals (a score shown as 0.99 may be 0.98996), so the threshold lies in the middle of the widest gap
    # between the labelled items' scores, not within rounding of any
    kept = sorted(r["scores"][r["label"]] for r in scored if r["label"] != "neither")
    low, high = max(pairwise(kept), key=lambda pair: pair[1] - pair[0])
    assert high - low > 1e-3
    threshold = round((low + high) / 2, 6)
    strict = rows("--min-score", str(threshold))
    assert [r["label"] for r in strict] == [
        r["label"] if r["scores"][r["label"]] >= threshold else "neither" for r in scored
    ]
    assert sum(r["label"] != "neither" for r in strict) < sum(r["label"] != "neither" for r in scored)


def test_outline_of_unreadable_file_is_one_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(os.urandom(1000))
    result = CliRunner().invoke(main, ["outline", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr


def test_train_help_states_the_defaults_training_uses():
    # the help is written out (the CLI does not import the trainers, and NumPy with them, to start); it
    # must say the values the trainers default to
    from reportkit.classifier.train import CLASSIFIER_C
    from reportkit.items.train import ITEM_C

    help_text = " ".join(run(["train", "--help"]).output.split())
    assert f"default: {CLASSIFIER_C:g} for the classifier, {ITEM_C:g} for the item model" in help_text
