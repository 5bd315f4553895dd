""".pdf: text layer in page order, broken lines re-joined; scans and junk give clear errors."""

from __future__ import annotations

import os
import random

import pytest

pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from reportkit.errors import InputError, NoTextLayerError
from reportkit.io import read
from reportkit.io.pdf import join_lines

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

PAGE1 = [
    "县应急管理局关于安全生产大检查的整改报告",
    "一、存在问题",
    "检查发现部分企业安全生产主体责任落实不到位，隐患排查治理不彻",
    "底，应急预案演练流于形式，全县共排查企业3520家，发现隐患156处",
    "。",
    "二、整改措施",
    "（一）加强培训。",
    "- 1 -",
]
PAGE2 = [
    "（二）建立隐患排查治理台账，实行清单化管理，明确责任人和整改时",
    "限，整改一项销号一项。",
    "- 2 -",
]


def make_pdf(path, pages):
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            c.drawString(50, y, line)
            y -= 20
        c.showPage()
    c.save()


def test_text_layer_pages_in_order_lines_rejoined(tmp_path):
    path = tmp_path / "整改 报告.pdf"
    make_pdf(path, [PAGE1, PAGE2])
    doc = read(path)
    lines = doc.text.split("\n")
    assert lines[0] == "县应急管理局关于安全生产大检查的整改报告"
    assert lines[1] == "一、存在问题"
    # the two full lines and the orphan 。 are one paragraph again
    assert lines[2] == (
        "检查发现部分企业安全生产主体责任落实不到位，隐患排查治理不彻"
        "底，应急预案演练流于形式，全县共排查企业3520家，发现隐患156处。"
    )
    assert "（二）建立隐患排查治理台账，实行清单化管理，明确责任人和整改时限，整改一项销号一项。" in lines
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text  # page numbers dropped
    assert doc.text.index("（一）加强培训") < doc.text.index("（二）建立")
    assert doc.source.format == "pdf" and doc.source.metadata["pages"] == 2


def test_scan_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)  # an "image": drawing, no text
    c.showPage()
    c.save()
    with pytest.raises(NoTextLayerError, match="no text layer; OCR is not supported"):
        read(path)


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(os.urandom(5000))
    with pytest.raises(InputError) as info:
        read(path)
    assert str(path) in str(info.value)


def test_pdf_with_junk_objects(tmp_path):
    good = tmp_path / "good.pdf"
    make_pdf(good, [PAGE1])
    data = bytearray(good.read_bytes())
    # overwrite the middle of the file (objects, streams) with junk, keep header and trailer
    mid = len(data) // 3
    data[mid : mid + 400] = random.Random(7).randbytes(400)  # the same junk on every run
    bad = tmp_path / "junk-objects.pdf"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputError) as info:  # the junk lands in the page tree: no page is left to read
        read(bad)
    assert str(info.value).startswith(f"{bad}: ") and "\n" not in str(info.value)


def test_join_lines_keeps_headings_and_sentence_ends():
    pages = [
        [
            "一、总体要求",
            "坚持问题导向，聚焦群众反映强烈的突出问题，集中力量开展专项",
            "整治。",
            "二、主要任务",
            "1.加强组织领导。",
        ]
    ]
    assert join_lines(pages) == (
        "一、总体要求\n坚持问题导向，聚焦群众反映强烈的突出问题，集中力量开展专项整治。\n二、主要任务\n1.加强组织领导。"
    )


def test_join_lines_puts_a_space_between_latin_words():
    pages = [["The rectification report covers the audit findings of the", "county bureau in 2021."]]
    assert join_lines(pages) == "The rectification report covers the audit findings of the county bureau in 2021."
