""".md files: Markdown syntax is layout — the pipeline reads a report without it, and every span is still exact.

Reports reach Markdown when a PDF or .docx is converted for a data pipeline: headings as ``## 一、…``, entries
as ``- …``, bold headings as ``**（一）…**``. The file's text is kept as it is; the views the pipeline reads
leave the syntax out (:func:`reportkit.normalize.markdown_markup`) and every span is mapped back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import reportkit
from reportkit.normalize import markdown_markup

ROOT = Path(__file__).resolve().parent.parent


def without_markup(text: str) -> str:
    keep = bytearray(b"\x01" * len(text))
    for a, b in markdown_markup(text):
        keep[a:b] = b"\x00" * (b - a)
    return "".join(ch for ch, k in zip(text, keep) if k)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("# 关于整改情况的报告", "关于整改情况的报告"),
        ("## 一、存在问题 ##", "一、存在问题"),
        ("###### 6级标题", "6级标题"),
        ("####### 七个井号不是标题", "####### 七个井号不是标题"),
        ("#没有空格不是标题", "#没有空格不是标题"),
        ("- 建立台账。", "建立台账。"),
        ("  * 加强培训。", "加强培训。"),
        ("+ 定期通报。", "定期通报。"),
        ("> 引用的一段话。", "引用的一段话。"),
        ("> > 二级引用。", "二级引用。"),
        ("**一、总体要求**", "一、总体要求"),
        ("__（一）工作目标__", "（一）工作目标"),
        ("全面*落实*责任", "全面*落实*责任"),  # a single * inside Chinese words is left alone
        ("要求 *当日* 办结", "要求 当日 办结"),
        ("详见[整改方案](http://example.org/a.html)。", "详见整改方案。"),
        ("![现场照片](img/1.png)检查现场", "检查现场"),
        ("使用`reportkit`工具", "使用reportkit工具"),
        ("面积\\*4", "面积*4"),
        ("---", ""),
        ("***", ""),
        ("===", ""),
        ("| --- | :---: |", ""),
        ("| 问题 | 措施 |", "| 问题 | 措施 |"),  # a table's rows stay rows
        ("-3℃以下", "-3℃以下"),  # a minus sign is no bullet
        ("1. 第一项", "1. 第一项"),  # an ordered list's number is the report's own marker
    ],
)
def test_markup_of_a_line(line, expected):
    assert without_markup(line) == expected


def test_fenced_code_is_left_as_it_is():
    text = "说明：\n```\n# 不是标题\n- 不是列表\n```\n## 一、正文"
    assert without_markup(text) == "说明：\n```\n# 不是标题\n- 不是列表\n```\n一、正文"


def _md(tmp_path, text: str, name: str = "report.md") -> reportkit.Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return reportkit.read(path)


REPORT = """# 关于安全生产检查问题整改情况的报告

## 一、存在的问题

1. **隐患排查台账不全**，部分企业未建立台账。
2. 安全培训覆盖面不够。

## 二、整改措施

- 建立隐患排查治理台账，每月更新一次。
- 每季度组织一次全员安全培训，2023年6月底前完成。

> 下一步，我们将持续加强督查。
"""


def test_a_markdown_report_is_read_without_its_syntax(tmp_path):
    doc = _md(tmp_path, REPORT)
    assert doc.text == REPORT  # the file's text is kept as it is
    record = reportkit.Pipeline().analyze(doc)
    assert record.title == "关于安全生产检查问题整改情况的报告"
    assert doc.text[record.title_span[0] : record.title_span[1]] == record.title
    assert [s.heading for s in doc.laid_out_document.sections][:2] == [
        "一、存在的问题",
        "1. 隐患排查台账不全，部分企业未建立台账",
    ]
    measures = [f.text for f in record.fields["measures"]]
    assert "建立隐患排查治理台账，每月更新一次" in measures
    assert not any(m.startswith(("-", "#", ">", "*")) for m in measures)
    assert record.errors == []
    for findings in record.fields.values():
        for f in findings:
            assert doc.text[f.span[0] : f.span[1]] == f.text


def test_the_same_text_as_txt_keeps_its_hashes(tmp_path):
    """Only a .md file's syntax is layout: a .txt that holds a # is read as written."""
    doc = _md(tmp_path, REPORT, name="report.txt")
    assert doc.markup == []
    assert doc.laid_out_document.text.startswith("# 关于")


@pytest.mark.parametrize("name", ["wp_010.txt", "rec_029.txt"])
def test_a_corpus_report_written_as_markdown_gives_the_same_findings(tmp_path, name):
    """A corpus document, its title and outline written in Markdown (# title, ## 一、, ### （一）, **bold**
    entries, - bullets before its sentences' lines), gives the same findings as the plain text."""
    plain_text = (ROOT / "corpus" / "docs" / name).read_text(encoding="utf-8")
    lines = plain_text.split("\n")
    md_lines = []
    for k, line in enumerate(lines):
        if k == 0 and line.strip():
            md_lines.append("# " + line)
        elif regex.match(r"^[一二三四五六七八九十]+、", line):
            md_lines.append("## " + line)
        elif regex.match(r"^（[一二三四五六七八九十]+）", line):
            md_lines.append("### " + line)
        elif regex.match(r"^\d+\.", line) and not line.endswith("。"):
            md_lines.append("**" + line + "**")  # a numbered heading in bold
        else:
            md_lines.append(line)
    md_text = "\n".join(md_lines)
    assert md_text != plain_text
    plain = reportkit.Pipeline().analyze(reportkit.Document(plain_text))
    doc = _md(tmp_path, md_text)
    from_md = reportkit.Pipeline().analyze(doc)
    assert from_md.fields["measures"], "the chosen document has measures"
    assert from_md.title == plain.title
    for field in ("problems", "measures", "leadership_groups", "counts", "ledger"):
        assert [f.text for f in from_md.fields[field]] == [f.text for f in plain.fields[field]], field
        for f in from_md.fields[field]:
            assert md_text[f.span[0] : f.span[1]] == f.text


_piece = st.sampled_from(
    ["# ", "## ", "- ", "* ", "> ", "**", "__", "*", "`", "[", "](u)", "![a](b)", "\\", "---", "|", " ", "\n",
     "一、", "（一）", "1.", "整改", "措施", "。", "，", "加强督查", "存在问题", "2023年6月底前"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_piece, max_size=40))
def test_spans_are_exact_in_any_markdown(pieces):
    text = "".join(pieces)
    if not text.strip():
        return
    doc = reportkit.Document(text, reportkit.document.Source(format="md"))
    spans = markdown_markup(text)
    assert spans == sorted(spans)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    record = reportkit.Pipeline().analyze(doc)
    assert [e for e in record.errors if e.stage == "verify"] == []
    for findings in record.fields.values():
        for f in findings:
            assert text[f.span[0] : f.span[1]] == f.text
    for section in list(doc.laid_out_outline.walk())[1:]:
        assert text[section.heading_span[0] : section.heading_span[1]] == section.heading
        assert section.span[0] <= section.heading_span[0] <= section.heading_span[1] <= section.span[1] <= len(text)


def test_the_outline_command_shows_a_markdown_files_headings(tmp_path):
    from click.testing import CliRunner

    from reportkit.cli import main

    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    doc = reportkit.read(path)
    assert "一、存在的问题" not in [s.title for s in doc.sections]  # as written, "## 一、…" opens no section
    headings = [s.heading for s in list(doc.laid_out_outline.walk())[1:]]
    assert headings[:2] == ["一、存在的问题", "1. **隐患排查台账不全**，部分企业未建立台账"]  # as the file has them
    for section in list(doc.laid_out_outline.walk())[1:]:
        assert REPORT[section.heading_span[0] : section.heading_span[1]] == section.heading
    result = CliRunner().invoke(main, ["outline", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("关于安全生产检查问题整改情况的报告  [2,")  # the title without its #
    assert lines[1].startswith("一、存在的问题  [")


@pytest.mark.parametrize("unit", ["[a ", "**a ", "*a ", "![x", "[a](b "])
def test_openers_that_never_close_are_no_markup(unit):
    """A long line of openers with no closer (hostile, or a table dump) is read in one pass: its repetitions
    are bounded, so nothing is cut and nothing scans the rest of the line from every opener."""
    text = unit * 60_000
    assert markdown_markup(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- " * 60_000 + "x", [(0, 2)]),  # a bullet whose text is dashes: only the bullet is markup
        ("|---" * 60_000 + "|x", []),  # almost a table's rule line, but for its last character
        ("| --- " * 60_000 + "x", []),
    ],
)
def test_long_lines_that_almost_make_a_rule(text, expected):
    """Read by their characters in one pass: a pattern with nested repetition backtracked for minutes here."""
    assert markdown_markup(text) == expected
