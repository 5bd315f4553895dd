""".docx: paragraphs and tables in document order; damaged and hostile files give InputErrors."""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest

from reportkit.errors import EmptyDocumentError, InputError, LimitExceededError
from reportkit.io import read


def make_docx(path):
    d = docx.Document()
    d.add_paragraph("关于开展安全生产大检查的工作方案")
    d.add_paragraph("")
    d.add_paragraph("一、组织领导")
    d.add_paragraph("成立安全生产大检查工作领导小组，名单如下：")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("职务", "姓名", "单位"), ("组长", "王建国", "县政府"), ("成员", "各乡镇镇长", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "各乡镇镇长"
    p = d.add_paragraph("二、工作要求")
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("同一段的第二行")
    d.core_properties.title = "安全生产大检查方案"
    d.save(path)


def test_paragraphs_and_tables_in_order(tmp_path):
    path = tmp_path / "方案 2021.docx"
    make_docx(path)
    doc = read(path)
    assert doc.text.split("\n") == [
        "关于开展安全生产大检查的工作方案",
        "",
        "一、组织领导",
        "成立安全生产大检查工作领导小组，名单如下：",
        "职务\t姓名\t单位",
        "组长\t王建国\t县政府",
        "成员\t各乡镇镇长",  # the merged cell once
        "二、工作要求",
        "第一行",
        "同一段的第二行",
    ]
    assert doc.source.format == "docx"
    assert doc.source.encoding is None
    assert doc.source.metadata["docx_title"] == "安全生产大检查方案"
    assert doc.title == "关于开展安全生产大检查的工作方案"


def test_truncated_docx(tmp_path):
    good = tmp_path / "good.docx"
    make_docx(good)
    bad = tmp_path / "truncated.docx"
    bad.write_bytes(good.read_bytes()[:1500])
    with pytest.raises(InputError, match=r"not a valid \.docx"):
        read(bad)


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "random.docx"
    path.write_bytes(os.urandom(3000))
    with pytest.raises(InputError) as info:
        read(path)
    assert str(path) in str(info.value)


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "不是 Word 文档")
    with pytest.raises(InputError):
        read(path)


def test_zip_bomb_refused_before_inflating(tmp_path):
    """A tiny file declaring a huge uncompressed member is refused from the zip directory alone."""
    path = tmp_path / "bomb.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        # 300 MiB of zeros compress to ~300 KB: ratio ~1000x
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(chunk)
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 2_000_000
    with pytest.raises(LimitExceededError, match="zip bomb"):
        read(path)


def test_docx_without_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(EmptyDocumentError):
        read(path)
