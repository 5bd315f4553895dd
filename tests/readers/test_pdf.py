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


def _scan_page(c, tmp_path):
    """A page as a scanner makes it: one image, no text."""
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("L", (60, 80), color=200).save(image)
    c.drawImage(str(image), 0, 0, width=595, height=842)


def test_scanned_pages_among_text_pages_are_listed(tmp_path):
    """A signed last page or a scanned annex is not silently lost: its page number is recorded."""
    import json

    import reportkit

    path = tmp_path / "带扫描页.pdf"
    c = canvas.Canvas(str(path))
    for lines in (PAGE1, None, [], PAGE2, None):
        if lines is None:
            _scan_page(c, tmp_path)
        else:
            c.setFont("STSong-Light", 12)
            for k, line in enumerate(lines):
                c.drawString(50, 800 - 20 * k, line)
        c.showPage()
    c.save()
    doc = read(path)
    assert doc.source.metadata["pages"] == 5
    assert doc.source.metadata["scanned_pages"] == [2, 5]  # page 3 is blank: nothing is missing from it
    assert "限，整改一项销号一项。" in doc.text
    record = json.loads(reportkit.Pipeline().analyze(doc).to_json())
    assert record["source"]["scanned_pages"] == [2, 5]


def test_a_pdf_without_scanned_pages_records_none(tmp_path):
    import json

    import reportkit

    path = tmp_path / "report.pdf"
    make_pdf(path, [PAGE1, PAGE2])
    doc = read(path)
    assert "scanned_pages" not in doc.source.metadata
    assert "scanned_pages" not in json.loads(reportkit.Pipeline().analyze(doc).to_json())["source"]


def test_extract_summary_names_the_files_with_scanned_pages(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    c = canvas.Canvas(str(folder / "a.pdf"))
    c.setFont("STSong-Light", 12)
    c.drawString(50, 800, PAGE1[0])
    c.showPage()
    _scan_page(c, tmp_path)
    c.showPage()
    c.save()
    make_pdf(folder / "b.pdf", [PAGE2])
    result = subprocess.run(
        [sys.executable, "-m", "reportkit", "extract", str(folder), "-o", str(tmp_path / "out.jsonl")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("  scanned pages not read") and "1 input " in line for line in lines), result.stderr
    assert f"    {folder / 'a.pdf'}: page 2" in lines
    assert not any("b.pdf" in line for line in lines)


@pytest.mark.parametrize(
    "number", ["- 3 -", "—3—", "·3·", "• 3 •", "第3页", "第 3 页 共 12 页", "3/12", "Page 3", "3", "\xa0- 3 -\xa0"]
)
def test_a_page_number_first_or_last_on_a_page_is_dropped_in_every_style_the_text_view_knows(number):
    # one definition of a page-number line (normalize.PAGE_NUMBER) for the PDF reader and for text copied out of
    # a PDF: what the one drops at a page's edge, the other leaves out of its views
    from reportkit.io.pdf import _page_lines
    from reportkit.normalize import PAGE_NUMBER

    body = ["二、整改措施", "（一）加强培训，全年培训企业负责人120人次。"]
    assert PAGE_NUMBER.match(number)
    assert _page_lines("\n".join([*body, number])) == body
    assert _page_lines("\n".join([number, *body])) == body
    assert _page_lines("\n".join([*body, "共3页码表"])) == [*body, "共3页码表"]  # not a page number
