""".ofd (GB/T 33190): pages in order, broken lines re-joined, page numbers dropped; scans and junk give clear errors.

The files are built here as an OFD producer writes them: a zip with OFD.xml, a Document.xml listing the
pages, and each page's Content.xml placing text objects (millimetres, origin top left).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

import reportkit
from reportkit.errors import InputError, NoTextLayerError
from reportkit.io import read

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def make_ofd(pages, title="", *, images=()) -> bytes:
    """An OFD of ``pages`` (each a list of lines, one text object per line, 5 mm characters 8 mm apart);
    ``images``: numbers (0-based) of pages that also draw an image."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = f"<ofd:DocInfo><ofd:DocID>a1</ofd:DocID><ofd:Title>{title}</ofd:Title></ofd:DocInfo>" if title else ""
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>{info}'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        listed = "".join(f'<ofd:Page ID="{100 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999'
            "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{listed}</ofd:Pages>"
            "</ofd:Document>",
        )
        z.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        for i, lines in enumerate(pages):
            objects = [
                f'<ofd:TextObject ID="{200 + k}" Boundary="25 {30 + 8 * k} 160 7" Font="2" Size="5">'
                f'<ofd:TextCode X="0" Y="5" DeltaX="g {max(len(line) - 1, 1)} 5">{line}</ofd:TextCode></ofd:TextObject>'
                for k, line in enumerate(lines)
            ]
            if i in images:
                objects.append(
                    '<ofd:ImageObject ID="900" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="5"/>'
                )
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="3">'
                f"{''.join(objects)}</ofd:Layer></ofd:Content></ofd:Page>",
            )
    return buf.getvalue()


PAGE1 = [
    "关于安全生产检查问题整改情况的报告",
    "一、存在的问题",
    "检查发现部分企业安全生产主体责任落实不到位，隐患排查治",
    "理不彻底，应急预案演练流于形式，全县共排查企业352家。",
    "二、整改措施",
    "- 1 -",
]
PAGE2 = ["（一）建立隐患排查治理台账，每月更新一次。", "（二）2023年6月底前完成全员安全培训。", "- 2 -"]


def test_pages_in_order_lines_rejoined_page_numbers_dropped(tmp_path):
    path = tmp_path / "整改 报告.ofd"
    path.write_bytes(make_ofd([PAGE1, PAGE2], title="整改报告"))
    doc = read(path)
    assert doc.text.split("\n") == [
        "关于安全生产检查问题整改情况的报告",
        "一、存在的问题",
        "检查发现部分企业安全生产主体责任落实不到位，隐患排查治理不彻底，应急预案演练流于形式，全县共排查企业352家。",
        "二、整改措施",
        "（一）建立隐患排查治理台账，每月更新一次。",
        "（二）2023年6月底前完成全员安全培训。",
    ]
    assert doc.source.format == "ofd"
    assert doc.source.metadata == {"pages": 2, "ofd_title": "整改报告"}
    record = reportkit.Pipeline().analyze(doc)
    assert [s.heading for s in doc.sections][:2] == ["一、存在的问题", "二、整改措施"]
    assert [c.text for c in record.fields["counts"]] == ["352家"]
    assert record.fields["measures"], "the numbered steps are measures"
    for findings in record.fields.values():
        for f in findings:
            assert doc.text[f.span[0] : f.span[1]] == f.text


def test_a_scan_has_no_text_layer(tmp_path):
    path = tmp_path / "扫描件.ofd"
    path.write_bytes(make_ofd([[], []], images=(0, 1)))
    with pytest.raises(NoTextLayerError, match=r"扫描件\.ofd.*no text on any page; OCR is not supported \(2 pages"):
        read(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", r"not a valid \.ofd file"),
        (make_ofd([PAGE1])[:200], r"not a valid \.ofd file"),
    ],
)
def test_damaged_files_give_one_line_errors(tmp_path, data, message):
    path = tmp_path / "bad.ofd"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        read(path)
    assert "\n" not in str(caught.value) and "bad.ofd" in str(caught.value)


def test_a_zip_that_is_no_ofd(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "other.ofd"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"other\.ofd: not a readable \.ofd file: .*OFD\.xml is missing"):
        read(path)


def test_a_zip_bomb_is_refused_before_inflating(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", b"\0" * (8 * 1024 * 1024))
    path = tmp_path / "bomb.ofd"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"zip bomb"):
        read(path)


def test_extract_reads_ofd_files_in_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.ofd").write_bytes(make_ofd([PAGE1, PAGE2]))
    (folder / "b.ofd").write_bytes(b"junk")
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "reportkit", "extract", str(folder), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["path"].rsplit("/", 1)[-1] for r in records] == ["a.ofd", "b.ofd"]
    assert records[0]["source"]["format"] == "ofd" and records[0]["errors"] == []
    assert records[0]["title"] == "关于安全生产检查问题整改情况的报告"
    assert records[1]["errors"][0]["type"] == "InputError"
    assert result.returncode == 1, result.stderr  # one input failed: the run says so


def test_scanned_pages_among_text_pages_are_listed(tmp_path):
    """As for a PDF: a page that places an image and no text is listed; a blank page is not."""
    path = tmp_path / "带扫描页.ofd"
    path.write_bytes(make_ofd([PAGE1, [], [], PAGE2], images=(1,)))
    doc = read(path)
    assert doc.source.metadata["scanned_pages"] == [2]
    assert "（一）建立隐患排查治理台账，每月更新一次。" in doc.text
    record = json.loads(reportkit.Pipeline().analyze(doc).to_json())
    assert record["source"]["scanned_pages"] == [2]
