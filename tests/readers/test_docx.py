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


def _large_xml_docx(xml_bytes: int) -> bytes:
    """A valid .docx whose document.xml inflates to ``xml_bytes``, compressed about 15 times: within
    the zip-bomb limits, as a long report with heavy Word markup is."""
    import random

    rnd = random.Random(0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            para = (
                '<w:p><w:pPr><w:spacing w:line="360"/></w:pPr><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
                "<w:t>第{}项检查记录已整改</w:t></w:r></w:p>"
            )
            written = 0
            while written < xml_bytes:
                chunk = "".join(para.format(rnd.getrandbits(40)) for _ in range(5000)).encode()
                member.write(chunk)
                written += len(chunk)
            member.write(b"</w:body></w:document>")
    return buf.getvalue()


def test_xml_too_large_to_parse_in_bounded_memory_is_refused(tmp_path):
    """A few MB of .docx whose XML inflates to 70 MB: python-docx would hold it as a tree of over a GB
    (a 251 MB document.xml took 5 GB); refused from the zip directory, before anything is inflated."""
    from reportkit.io.docx import MAX_RATIO, MAX_UNCOMPRESSED, MAX_XML

    data = _large_xml_docx(70 * 1024 * 1024)
    sizes = [(m.file_size, m.compress_size) for m in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    assert sum(f for f, _ in sizes) < MAX_UNCOMPRESSED and all(f < MAX_RATIO * c for f, c in sizes if f > 2**20)
    assert sum(f for f, _ in sizes) > MAX_XML
    path = tmp_path / "long.docx"
    path.write_bytes(data)
    with pytest.raises(LimitExceededError) as info:
        read(path)
    assert str(info.value).startswith(f"{path}: refused: its XML parts inflate to ")
    assert "\n" not in str(info.value)


def test_xml_within_the_limit_is_read(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(_large_xml_docx(200_000))
    text = read(path).text
    assert text.startswith("第") and text.count("\n") > 1000


# --- text that python-docx's paragraph.text and block iterator leave out -------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with_body(tmp_path, *blocks: str):
    from docx.oxml import parse_xml

    d = docx.Document()
    body = d.element.body
    for xml in blocks:
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties
    path = tmp_path / "runs.docx"
    d.save(path)
    return read(path).text.split("\n")


def _p(inner: str) -> str:
    return f"<w:p {_W}>{inner}</w:p>"


def _r(text: str, props: str = "") -> str:
    return f"<w:r>{props}<w:t>{text}</w:t></w:r>"


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # a tracked insertion is shown, a tracked deletion is not
        (_p(_r("整改") + '<w:ins w:id="1" w:author="a">' + _r("已经") + "</w:ins>" + _r("完成")), "整改已经完成"),
        (
            _p(_r("整改") + '<w:del w:id="2" w:author="a"><w:r><w:delText>尚未</w:delText></w:r></w:del>' + _r("完成")),
            "整改完成",
        ),
        # text inside an inline content control, a smart tag, a simple field and a hyperlink
        (_p("<w:sdt><w:sdtContent>" + _r("张三") + "</w:sdtContent></w:sdt>" + _r("同志")), "张三同志"),
        (
            _p('<w:smartTag w:uri="urn:x" w:element="date">' + _r("2023年6月30日") + "</w:smartTag>" + _r("前")),
            "2023年6月30日前",
        ),
        (_p(_r("第") + '<w:fldSimple w:instr=" PAGE ">' + _r("3") + "</w:fldSimple>" + _r("页")), "第3页"),
        (
            _p(
                '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                + _r("通知")
                + "</w:hyperlink>"
            ),
            "通知",
        ),
        # a complex field shows its result, not its code
        (
            _p(
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                + _r("2023年5月")
                + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            ),
            "2023年5月",
        ),
        # hidden text is not shown; a run whose vanish is switched off is
        (
            _p(
                _r("可见")
                + _r("隐藏", "<w:rPr><w:vanish/></w:rPr>")
                + _r("也可见", '<w:rPr><w:vanish w:val="0"/></w:rPr>')
            ),
            "可见也可见",
        ),
        # an mc:AlternateContent is read once, not twice
        (
            _p(
                _r("正文")
                + '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                '<mc:Choice Requires="wps"><w:t>甲</w:t></mc:Choice><mc:Fallback><w:t>甲</w:t></mc:Fallback>'
                "</mc:AlternateContent></w:r>"
            ),
            "正文甲",
        ),
        # breaks and special characters as python-docx writes them
        (
            _p(
                '<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br w:type="page"/><w:t>丙</w:t><w:noBreakHyphen/><w:t>丁</w:t></w:r>'
            ),
            "甲\t乙丙-丁",
        ),
    ],
)
def test_paragraph_text_as_word_shows_it(tmp_path, paragraph, expected):
    assert _docx_with_body(tmp_path, paragraph) == [expected]


_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _box(*paragraphs: str) -> str:
    return "<w:txbxContent>" + "".join(f"<w:p>{_r(t)}</w:p>" for t in paragraphs) + "</w:txbxContent>"


def test_a_text_box_is_read_after_the_paragraph_that_anchors_it_once(tmp_path):
    # Word writes a box twice: a DrawingML one in mc:Choice and a VML copy in mc:Fallback
    anchored = _p(
        _r("正文") + f'<w:r><mc:AlternateContent {_MC}><mc:Choice Requires="wps"><w:drawing><wps:wsp '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>'
        + _box("一、存在问题", "台账不全。")
        + "</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        + _box("一、存在问题", "台账不全。")
        + "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        + _r("继续")
    )
    vml_only = _p("<w:r><w:pict>" + _box("二、整改措施") + "</w:pict></w:r>")
    deleted = _p('<w:del w:id="3" w:author="a"><w:r><w:pict>' + _box("删掉的框") + "</w:pict></w:r></w:del>")
    lines = _docx_with_body(tmp_path, anchored, vml_only, deleted, _p(_r("后文")))
    assert lines == ["正文继续", "一、存在问题", "台账不全。", "", "二、整改措施", "", "后文"]


def test_text_boxes_nested_past_the_limit_are_not_read_and_do_not_fail(tmp_path):
    from reportkit.io.docx import MAX_BOX_DEPTH

    inner = _r("最里层")
    for depth in range(MAX_BOX_DEPTH + 2, 0, -1):
        inner = f"<w:r><w:pict><w:txbxContent><w:p>{_r(f'第{depth}层')}{inner}</w:p></w:txbxContent></w:pict></w:r>"
    lines = _docx_with_body(tmp_path, _p(_r("正文") + inner))
    assert lines == ["正文", *[f"第{d}层" for d in range(1, MAX_BOX_DEPTH + 1)]]


def test_paragraphs_inside_block_content_controls_are_read(tmp_path):
    control = f"<w:sdt {_W}><w:sdtPr/><w:sdtContent>{_p(_r('控件中的第一段'))}{_p(_r('第二段'))}</w:sdtContent></w:sdt>"
    assert _docx_with_body(tmp_path, _p(_r("前")), control, _p(_r("后"))) == ["前", "控件中的第一段", "第二段", "后"]


def test_a_block_deleted_with_tracked_changes_is_not_read(tmp_path):
    deleted = f'<w:del {_W} w:id="5" w:author="a">{_p(_r("删掉的段落"))}</w:del>'
    inserted = f'<w:ins {_W} w:id="6" w:author="a">{_p(_r("插入的段落"))}</w:ins>'
    assert _docx_with_body(tmp_path, deleted, inserted) == ["插入的段落"]


@pytest.mark.parametrize("layout", ["a vMerge that continues nothing", "a vMerge under a row a cell short"])
def test_a_table_merged_in_a_way_word_would_repair_is_read_not_refused(tmp_path, layout):
    # python-docx cannot lay such a row out on the grid and raised; the row's cells are read as written
    from docx.oxml.ns import qn
    from lxml import etree

    d = docx.Document()
    d.add_paragraph("关于巡察反馈问题整改情况的报告")
    table = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"单元{r}{c}"
    rows = table._tbl.findall(qn("w:tr"))
    if layout == "a vMerge that continues nothing":
        etree.SubElement(rows[0].findall(qn("w:tc"))[1].get_or_add_tcPr(), qn("w:vMerge"))
    else:
        rows[0].remove(rows[0].findall(qn("w:tc"))[-1])
        etree.SubElement(rows[1].findall(qn("w:tc"))[2].get_or_add_tcPr(), qn("w:vMerge"))
    d.add_paragraph("以上问题均已整改。")
    path = tmp_path / "表.docx"
    d.save(path)
    text = read(path).text
    present = [f"单元{r}{c}" for r in range(3) for c in range(3) if f"单元{r}{c}" in text]
    expected = 9 if layout == "a vMerge that continues nothing" else 8  # the removed cell is gone from the file
    assert len(present) == expected
    assert text.endswith("以上问题均已整改。")


def test_a_main_part_without_a_body_says_so(tmp_path):
    d = docx.Document()
    d.add_paragraph("关于整改情况的报告")
    saved = io.BytesIO()
    d.save(saved)
    path = tmp_path / "无正文.docx"
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
            zout.writestr(info, data)
    with pytest.raises(InputError, match=r"无正文\.docx: damaged \.docx: its main part has no body \(w:body\)"):
        read(path)
