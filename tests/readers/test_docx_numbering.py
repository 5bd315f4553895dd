""".docx automatic list numbers: Word shows "一、总体要求" where the paragraph's text holds "总体要求".

The documents here are built with python-docx and list definitions written into their numbering part,
the way Word and WPS write them; each test reads the file back through :func:`reportkit.read`.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

import reportkit
from reportkit.io.docx_numbering import format_number

ROOT = Path(__file__).resolve().parents[2]

# a report's outline as 公文 number it: 一、 （一） 1. （1） ①
OUTLINE = [
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
    ("decimalEnclosedCircle", "%5"),
]


def _abstract(aid: int, levels, extra: str = "") -> str:
    """A list definition; each level is (format, text[, start[, more XML]]), start 1 unless given."""
    lvls = []
    for i, level in enumerate(levels):
        fmt, text, start, more = (*level, 1, "")[:4] if len(level) == 2 else (*level, "")[:4]
        lvls.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{more}</w:lvl>'
        )
    lvls = "".join(lvls)
    return f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{extra}{lvls}</w:abstractNum>'


def _numbering(d):
    return d.part.part_related_by(RT.NUMBERING).element


def add_list(d, aid: int, num_id: int, levels, overrides: str = "", extra: str = "") -> int:
    """Add a list definition ``aid`` and a list ``num_id`` using it; return ``num_id``."""
    numbering = _numbering(d)
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(_abstract(aid, levels, extra))
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema puts every abstractNum before the nums
    else:
        numbering.append(abstract)
    add_num(d, num_id, aid, overrides)
    return num_id


def add_num(d, num_id: int, aid: int, overrides: str = "") -> None:
    _numbering(d).append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>')
    )


def numbered(d, text: str, num_id: int, ilvl: int = 0):
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return p


def lines(d, tmp_path, name="numbered.docx"):
    path = tmp_path / name
    d.save(path)
    return reportkit.read(path).text.split("\n")


def test_a_report_outline_numbered_by_word(tmp_path):
    d = docx.Document()
    d.add_paragraph("关于做好防汛工作的实施方案")
    n = add_list(d, 90, 90, OUTLINE)
    numbered(d, "总体要求", n, 0)
    numbered(d, "工作目标", n, 1)
    numbered(d, "完善预案", n, 2)
    numbered(d, "加强值守", n, 2)
    numbered(d, "值班人员", n, 3)
    numbered(d, "到岗到位", n, 4)
    numbered(d, "信息报送", n, 4)
    numbered(d, "工作措施", n, 1)
    numbered(d, "排查隐患", n, 2)  # restarts at 1 under a new （二）
    numbered(d, "保障措施", n, 0)
    numbered(d, "加强组织领导", n, 1)  # restarts at （一） under 二、
    assert lines(d, tmp_path) == [
        "关于做好防汛工作的实施方案",
        "一、总体要求",
        "（一）工作目标",
        "1.完善预案",
        "2.加强值守",
        "（1）值班人员",
        "①到岗到位",
        "②信息报送",
        "（二）工作措施",
        "1.排查隐患",
        "二、保障措施",
        "（一）加强组织领导",
    ]


def test_the_outline_and_extractors_read_the_numbers(tmp_path):
    d = docx.Document()
    n = add_list(d, 91, 91, OUTLINE)
    numbered(d, "存在的问题", n, 0)
    d.add_paragraph("一是台账管理不规范。二是隐患整改不及时。")
    numbered(d, "整改措施", n, 0)
    numbered(d, "建立隐患排查台账，每月更新一次。", n, 1)
    numbered(d, "对发现的隐患限期整改到位。", n, 1)
    path = tmp_path / "整改.docx"
    d.save(path)
    doc = reportkit.read(path)
    assert [(s.marker, s.style, s.number) for s in doc.sections] == [
        ("一、", doc.sections[0].style, 1),
        ("一是", doc.sections[1].style, 1),
        ("二是", doc.sections[1].style, 2),
        ("二、", doc.sections[0].style, 2),
        ("（一）", doc.sections[4].style, 1),
        ("（二）", doc.sections[4].style, 2),
    ]
    assert len({doc.sections[0].style, doc.sections[1].style, doc.sections[4].style}) == 3
    record = reportkit.Pipeline().analyze(doc)
    assert record.fields["measures"], "the numbered steps under 二、整改措施 are measures"
    for field in ("problems", "measures"):
        for f in record.fields[field]:
            assert doc.text[f.span[0] : f.span[1]] == f.text


def test_style_numbering_list_number(tmp_path):
    """python-docx's own template numbers "List Number" through its style (no numPr on the paragraph)."""
    d = docx.Document()
    for text in ("落实责任", "强化督查", "严肃问责"):
        d.add_paragraph(text, style="List Number")
    assert lines(d, tmp_path) == ["1.落实责任", "2.强化督查", "3.严肃问责"]


def test_numid_zero_switches_style_numbering_off(tmp_path):
    d = docx.Document()
    d.add_paragraph("落实责任", style="List Number")
    p = d.add_paragraph("（这一段不编号）", style="List Number")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="0"/></w:numPr>'))
    d.add_paragraph("强化督查", style="List Number")
    assert lines(d, tmp_path) == ["1.落实责任", "（这一段不编号）", "2.强化督查"]


def test_lists_sharing_a_definition_continue_and_start_override_restarts(tmp_path):
    d = docx.Document()
    add_list(d, 92, 92, [("chineseCounting", "%1、")])
    add_num(d, 93, 92)  # same definition, no override: Word continues the count
    add_num(d, 94, 92, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    numbered(d, "甲项", 92)
    numbered(d, "乙项", 92)
    numbered(d, "丙项", 93)
    numbered(d, "重新开始", 94)
    numbered(d, "接着", 94)
    assert lines(d, tmp_path) == ["一、甲项", "二、乙项", "三、丙项", "一、重新开始", "二、接着"]


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("chineseCounting", "第%1章", ["第一章 总则", "第二章 职责"]),  # a tab after no punctuation: a space
        ("ideographTraditional", "%1、", ["甲、总则", "乙、职责"]),
        ("chineseLegalSimplified", "%1、", ["壹、总则", "贰、职责"]),
        ("decimalEnclosedParen", "%1", ["⑴总则", "⑵职责"]),
        ("upperLetter", "%1.", ["A.总则", "B.职责"]),
        ("lowerRoman", "(%1)", ["(i)总则", "(ii)职责"]),
        ("decimalFullWidth", "%1．", ["１．总则", "２．职责"]),
        ("none", "", ["总则", "职责"]),  # no number shown
    ],
)
def test_number_formats(tmp_path, fmt, text, expected):
    d = docx.Document()
    n = add_list(d, 95, 95, [(fmt, text)])
    numbered(d, "总则", n)
    numbered(d, "职责", n)
    assert lines(d, tmp_path) == expected


def test_suffix_space_and_nothing(tmp_path):
    d = docx.Document()
    n = add_list(d, 96, 96, [("chineseCounting", "%1、", 1, '<w:suff w:val="space"/>')])
    m = add_list(d, 97, 97, [("decimal", "%1", 1, '<w:suff w:val="nothing"/>')])
    numbered(d, "总则", n)
    numbered(d, "条", m)
    assert lines(d, tmp_path) == ["一、 总则", "1条"]


def test_legal_numbering_and_start_values(tmp_path):
    d = docx.Document()
    n = add_list(
        d,
        98,
        98,
        [("chineseCounting", "%1、", 3), ("chineseCounting", "%1.%2", 1, '<w:isLgl/><w:suff w:val="space"/>')],
    )
    numbered(d, "总则", n, 0)
    numbered(d, "适用范围", n, 1)
    numbered(d, "职责", n, 0)
    assert lines(d, tmp_path) == ["三、总则", "3.1 适用范围", "四、职责"]


def test_bullets(tmp_path):
    d = docx.Document()
    n = add_list(d, 99, 99, [("bullet", "\uf0b7", 1, '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>')])
    m = add_list(d, 100, 100, [("bullet", "●")])
    numbered(d, "加强宣传", n)
    numbered(d, "加强培训", m)
    assert lines(d, tmp_path) == ["•加强宣传", "●加强培训"]


def test_empty_numbered_paragraph_counts_without_text(tmp_path):
    d = docx.Document()
    n = add_list(d, 101, 101, [("chineseCounting", "%1、")])
    numbered(d, "甲项", n)
    numbered(d, "", n)  # Word shows 二、 on an empty line
    numbered(d, "丙项", n)
    assert lines(d, tmp_path) == ["一、甲项", "", "三、丙项"]


def test_numbers_in_table_cells_continue_the_document_count(tmp_path):
    d = docx.Document()
    n = add_list(d, 102, 102, [("decimal", "%1.")])
    numbered(d, "正文第一项", n)
    table = d.add_table(rows=1, cols=2)
    cell = table.cell(0, 1)
    cell.paragraphs[0].text = "表中一项"
    cell.paragraphs[0]._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{n}"/></w:numPr>')
    )
    table.cell(0, 0).text = "问题"
    numbered(d, "正文第三项", n)
    path = tmp_path / "t.docx"
    d.save(path)
    doc = reportkit.read(path)
    assert doc.text.split("\n") == ["1.正文第一项", "问题\t2.表中一项", "3.正文第三项"]
    (row,) = doc.source.metadata["tables"][0]
    assert [doc.text[a:b] for a, b in row] == ["问题", "2.表中一项"]


@pytest.mark.parametrize(
    ("num_pr", "expected"),
    [
        ('<w:ilvl w:val="0"/><w:numId w:val="4242"/>', "正文"),  # no such list
        ('<w:ilvl w:val="7"/><w:numId w:val="103"/>', "正文"),  # a level the list does not define
        ('<w:ilvl w:val="99"/><w:numId w:val="103"/>', "正文"),  # beyond Word's nine levels
        ('<w:ilvl w:val="x"/><w:numId w:val="103"/>', "一、正文"),  # a level that is no number: as if absent
        ('<w:numId w:val="103"/>', "一、正文"),  # no level: the first
    ],
)
def test_malformed_numbering_gives_no_number_and_no_error(tmp_path, num_pr, expected):
    d = docx.Document()
    add_list(d, 103, 103, [("chineseCounting", "%1、")])
    p = d.add_paragraph("正文")
    p._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {nsdecls('w')}>{num_pr}</w:numPr>"))
    assert lines(d, tmp_path) == [expected]


def test_a_list_that_links_to_a_numbering_style(tmp_path):
    """Word writes a multilevel list style as a definition with the levels (styleLink) and lists whose
    definitions only link to that style (numStyleLink); both count as one list."""
    d = docx.Document()
    add_list(d, 106, 106, OUTLINE[:2], extra='<w:styleLink w:val="Outline"/>')
    add_list(d, 107, 107, [], extra='<w:numStyleLink w:val="Outline"/>')
    d.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="Outline"><w:pPr><w:numPr><w:numId w:val="106"/>'
            "</w:numPr></w:pPr></w:style>"
        )
    )
    numbered(d, "总体要求", 107, 0)
    numbered(d, "目标", 107, 1)
    numbered(d, "主要任务", 106, 0)
    assert lines(d, tmp_path) == ["一、总体要求", "（一）目标", "二、主要任务"]


def test_style_cycles_and_numbering_style_links_end(tmp_path):
    d = docx.Document()
    styles = d.styles.element
    styles.append(
        parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>')
    )
    styles.append(
        parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>')
    )
    # a list whose definition only links to a numbering style that points back at the same list
    add_list(d, 104, 104, [], extra='<w:numStyleLink w:val="Loop"/>')
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="Loop"><w:pPr><w:numPr><w:numId w:val="104"/>'
            "</w:numPr></w:pPr></w:style>"
        )
    )
    d.add_paragraph("循环样式", style=None)._p.get_or_add_pPr().append(
        parse_xml(f'<w:pStyle {nsdecls("w")} w:val="A"/>')
    )
    numbered(d, "循环链接", 104)
    assert lines(d, tmp_path) == ["循环样式", "循环链接"]


@pytest.mark.parametrize("name", ["wp_010.txt", "rec_029.txt"])
def test_a_corpus_outline_survives_word_numbering(tmp_path, name):
    """A corpus document, its outline markers turned into Word list numbers, reads back to the same text
    and gives the same findings at the same offsets."""
    import regex

    source = ROOT / "corpus" / "docs" / name
    text = source.read_text(encoding="utf-8")
    marks = [
        (0, regex.compile(r"^([一二三四五六七八九十]+)、")),
        (1, regex.compile(r"^（([一二三四五六七八九十]+)）")),
        (2, regex.compile(r"^(\d+)\.")),
    ]
    d = docx.Document()
    n = add_list(d, 105, 105, OUTLINE[:3])
    numbered_lines = 0
    for line in text.split("\n"):
        for level, mark in marks:
            m = mark.match(line)
            if m:
                numbered(d, line[m.end() :], n, level)
                numbered_lines += 1
                break
        else:
            d.add_paragraph(line)
    assert numbered_lines >= 5, "the document chosen for this test should have an outline"
    path = tmp_path / "wp.docx"
    d.save(path)
    doc = reportkit.read(path)
    assert doc.text == text
    plain = reportkit.Pipeline().analyze(reportkit.Document(text))
    from_docx = reportkit.Pipeline().analyze(doc)
    assert from_docx.fields["measures"], "the chosen document has measures"
    for field in ("problems", "measures", "leadership_groups", "counts"):
        assert [(f.span, f.text) for f in from_docx.fields[field]] == [(f.span, f.text) for f in plain.fields[field]]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (11, "chineseCounting", "十一"),
        (101, "chineseCounting", "一百零一"),
        (10, "ideographDigital", "一〇"),
        (21, "decimalEnclosedCircle", "21"),
        (27, "upperLetter", "AA"),
        (1994, "upperRoman", "MCMXCIV"),
        (11, "ideographTraditional", "甲"),
        (5, "decimalZero", "05"),
        (0, "chineseCounting", "0"),
        (7, "someFutureFormat", "7"),
        (10**12, "upperRoman", "1000000000000"),  # a hostile start: digits, not a billion Ms
        (10**12, "upperLetter", "1000000000000"),
        (32767, "lowerLetter", "g" * 1261),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected
