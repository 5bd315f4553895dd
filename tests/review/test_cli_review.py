"""`reportkit show` and `reportkit report` as a user runs them."""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner

from reportkit.cli import main

from .dom import joined, read_back
from .test_pages import DOCS

ONLY = ["--only", "counts,leadership_groups,problems,measures"]


def run(args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def test_show_a_document(tmp_path):
    out = tmp_path / "page.html"
    result = run(["show", DOCS / "rec_001.txt", "-o", out, *ONLY])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "整改报告" in page
    texts, fragments = read_back(page)
    assert texts == [(DOCS / "rec_001.txt").read_text(encoding="utf-8")]
    assert sum(k.startswith("data-f=") for k in fragments[0]) > 50


def test_show_from_results_uses_the_recorded_spans(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("rec_001.txt", "brf_007.txt", "wp_003.txt"):
        shutil.copy(DOCS / name, docs / name)
    results = tmp_path / "results.jsonl"
    assert run(["extract", docs, "-o", results, "--workers", "0", "-q", *ONLY]).exit_code == 0
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    # doctor the recorded span of one count: the page must show the record, not a fresh run
    rec = next(r for r in records if r["source"]["path"].endswith("rec_001.txt"))
    target = rec["fields"]["counts"][0]
    start, end = target["span"]
    text = (docs / "rec_001.txt").read_text(encoding="utf-8")
    target["span"], target["text"] = [start, end + 1], text[start : end + 1]
    results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    pages = tmp_path / "pages"
    result = run(["show", results, "-o", pages])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in pages.iterdir()) == sorted(f"{r['id']}.html" for r in records)
    page = (pages / f"{rec['id']}.html").read_text(encoding="utf-8")
    _, fragments = read_back(page)
    spans = {joined(v) for k, v in fragments[0].items() if k.startswith("data-f=")}
    assert (start, end + 1) in spans

    one = tmp_path / "one.html"
    brf = next(r for r in records if r["source"]["path"].endswith("brf_007.txt"))
    result = run(["show", results, "-o", one, "--id", brf["id"][:8]])
    assert result.exit_code == 0
    assert read_back(one.read_text(encoding="utf-8"))[0] == [(docs / "brf_007.txt").read_text(encoding="utf-8")]
    result = run(["show", results, "-o", one, "--match", "*wp_*"])
    assert read_back(one.read_text(encoding="utf-8"))[0] == [(docs / "wp_003.txt").read_text(encoding="utf-8")]


def test_show_reports_a_missing_file_and_exits_1(tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text("关于整改情况的报告\n一、存在问题\n发现问题3个。", encoding="utf-8")
    results = tmp_path / "r.jsonl"
    run(["extract", doc, "-o", results, "-q", *ONLY])
    doc.unlink()
    result = run(["show", results, "-o", tmp_path / "p.html"])
    assert result.exit_code == 1
    assert re.search(r"d\.txt: file not found", result.output)
    assert "file not found" in (tmp_path / "p.html").read_text(encoding="utf-8")


def test_show_finds_a_moved_folder_under_docs_root_when_the_run_recorded_absolute_paths(tmp_path):
    old = tmp_path / "run" / "docs"
    (old / "sub").mkdir(parents=True)
    shutil.copy(DOCS / "rec_001.txt", old / "sub" / "rec_001.txt")
    shutil.copy(DOCS / "wp_003.txt", old / "wp_003.txt")
    results = tmp_path / "r.jsonl"
    assert run(["extract", old.resolve(), "-o", results, "-q", *ONLY]).exit_code == 0  # absolute paths recorded
    new = tmp_path / "moved"
    shutil.move(str(old), str(new))
    assert run(["show", results, "-o", tmp_path / "p.html"]).exit_code == 1  # not where the run saw them
    result = run(["show", results, "-o", tmp_path / "p.html", "--docs-root", new])
    assert result.exit_code == 0, result.output
    texts, _ = read_back((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert sorted(texts) == sorted(
        [(new / "sub" / "rec_001.txt").read_text(encoding="utf-8"), (new / "wp_003.txt").read_text(encoding="utf-8")]
    )


def test_show_usage_errors(tmp_path):
    result = run(["show", DOCS, "-o", tmp_path / "all.html", *ONLY])
    assert result.exit_code == 2 and "too many for one page" in result.output
    result = run(["show", DOCS / "rec_001.txt", tmp_path / "r.jsonl", "-o", tmp_path / "x.html"])
    assert result.exit_code == 2 and "not both" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("hello\n", encoding="utf-8")
    result = run(["show", bad, "-o", tmp_path / "x.html"])
    assert result.exit_code == 2 and "bad.jsonl:1: not a JSON record" in result.output


def test_report_with_linked_pages(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("rec_001.txt", "brf_007.txt", "sur_017.txt", "wp_003.txt"):
        shutil.copy(DOCS / name, docs / name)
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    results = tmp_path / "results.jsonl"
    run(["extract", docs, "-o", results, "--workers", "0", "-q", *ONLY])
    out = tmp_path / "site" / "overview.html"
    out.parent.mkdir()
    result = run(["report", results, "-o", out])
    assert result.exit_code == 1  # the broken file has no text to show
    assert "5 documents" in result.output and "broken.docx" in result.output
    page = out.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]+)"', page)
    assert len(set(links)) == 5
    for link in links:
        assert (out.parent / link).is_file()  # every row links to its show page
    for label in ("rectification", "briefing", "survey", "work_plan"):
        assert label in page
    # the broken file's error is listed by kind, with its message naming the file
    assert re.search(r"<tr><td>read: InputError</td><td>[^<]*broken\.docx: ", page), "no error line for broken.docx"

    bare = tmp_path / "bare.html"
    result = run(["report", results, "-o", bare, "--no-pages"])
    assert result.exit_code == 0 and "<a href" not in bare.read_text(encoding="utf-8")
    assert not (tmp_path / "bare_pages").exists()


def test_report_on_a_json_array(tmp_path):
    results = tmp_path / "r.json"
    run(["extract", DOCS / "rec_001.txt", DOCS / "brf_007.txt", "-o", results, "-q", *ONLY])
    assert json.loads(results.read_text(encoding="utf-8"))[0]["id"]
    result = run(["report", results, "-o", tmp_path / "o.html"])
    assert result.exit_code == 0 and "2 documents" in result.output


def test_show_the_parts_of_a_compilation(tmp_path):
    compilation = next(p for p in (DOCS.parent / "compilations").iterdir() if p.suffix == ".txt")
    results = tmp_path / "parts.jsonl"
    run(["extract", compilation, "--split", "-o", results, "-q", *ONLY])
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert len(records) > 1 and all(r["source"]["part"] for r in records)
    page = tmp_path / "parts.html"
    assert run(["show", results, "-o", page]).exit_code == 0
    texts, fragments = read_back(page.read_text(encoding="utf-8"))
    assert len(texts) == len(records)
    for text, frags, record in zip(texts, fragments, records):
        assert len(text) == record["chars"]
        drawn = sorted(joined(v) for k, v in frags.items() if k.startswith("data-f="))
        assert drawn == sorted(tuple(f["span"]) for fs in record["fields"].values() for f in fs)
        for f in (f for fs in record["fields"].values() for f in fs):
            assert text[f["span"][0] : f["span"][1]] == f["text"]


def test_show_from_results_refuses_options_that_would_change_nothing(tmp_path):
    results = tmp_path / "results.jsonl"
    assert run(["extract", DOCS / "rec_001.txt", "-o", results, "--workers", "0", "-q", *ONLY]).exit_code == 0
    result = CliRunner().invoke(main, ["show", str(results), "-o", str(tmp_path / "p"), "--model", str(results)])
    assert result.exit_code == 2
    assert (
        "--model choose how documents are read and analyzed; a results file shows what its run found" in result.output
    )
