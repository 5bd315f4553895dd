"""Web compilations: parts cut at their headings, each an exact slice of the file's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportkit.io import read
from reportkit.io.split import find_part_headings, split_compilation

BODY = (
    "一、基本情况\n今年以来，我局认真落实安全生产责任制，共开展检查42次，排查隐患156处，整改率达95%以上。\n"
    "二、存在问题\n部分企业主体责任落实不到位，隐患排查治理不彻底，应急演练流于形式。\n"
    "三、下一步打算\n继续加大执法检查力度，推动隐患动态清零。\n"
)


def compilation_numbered() -> str:
    return (
        "安全生产工作总结报告（精选3篇）\n下面是小编为大家整理的安全生产工作总结报告，供大家参考。\n\n"
        f"1.安全生产工作总结报告 篇一\n{BODY}\n"
        f"2.安全生产工作总结报告 篇二\n{BODY.replace('42', '37')}\n"
        f"3.安全生产工作总结报告 篇三\n{BODY.replace('156', '98')}"
    )


def compilation_title_number() -> str:
    return f"学校安全工作自查报告1\n{BODY}\n学校安全工作自查报告2\n{BODY}\n学校安全工作自查报告3\n{BODY}"


def compilation_pian_first() -> str:
    return f"篇一：乡镇防汛工作总结\n{BODY}\n【篇二】社区防汛工作总结\n{BODY}\n第三篇 学校防汛工作总结\n{BODY}"


@pytest.mark.parametrize(
    "make, first_heading",
    [
        (compilation_numbered, "1.安全生产工作总结报告 篇一"),
        (compilation_title_number, "学校安全工作自查报告1"),
        (compilation_pian_first, "篇一：乡镇防汛工作总结"),
    ],
)
def test_parts_are_exact_slices(make, first_heading):
    text = make()
    parts = split_compilation(text)
    assert [p.index for p in parts] == [1, 2, 3]
    assert parts[0].heading == first_heading
    for part in parts:
        assert text[part.offset : part.offset + len(part.text)] == part.text
    # together the parts cover everything after the preamble
    assert "".join(p.text for p in parts) == text[parts[0].offset :]


def test_not_a_compilation_is_one_part():
    text = "关于安全生产工作的总结\n" + BODY + "1.加强领导\n2.完善制度\n3.强化考核\n"
    parts = split_compilation(text)
    assert len(parts) == 1 and parts[0].text == text and parts[0].offset == 0


def test_attachment_lines_are_not_parts():
    text = BODY + "附件1\n" + BODY + "附件2\n" + BODY
    assert find_part_headings(text) == []


def test_numbered_list_items_are_not_parts():
    text = "1.标题 篇一\n短\n2.标题 篇二\n短\n"
    assert find_part_headings(text) == []


def test_long_preamble_becomes_part_zero():
    preamble = (
        "编者按：" + "本页汇集了基层单位报送的安全生产工作总结，内容真实，数据详实，供各单位学习参考。" * 6 + "\n"
    )
    text = preamble + compilation_title_number()
    parts = split_compilation(text)
    assert parts[0].index == 0 and parts[0].offset == 0 and parts[0].text == preamble
    assert len(parts) == 4


def test_read_with_split_sets_part_and_offset(tmp_path):
    path = tmp_path / "精选.txt"
    text = compilation_numbered()
    path.write_text(text, encoding="gb18030")
    docs = read(path, split=True)
    assert len(docs) == 3
    for i, doc in enumerate(docs, start=1):
        assert doc.source.part == i
        assert text[doc.source.offset : doc.source.offset + len(doc.text)] == doc.text
        assert doc.source.encoding == "gb18030"
        assert doc.id.endswith(f"-p{i}")
    assert len({d.id for d in docs}) == 3
    whole = read(path)
    assert whole.text == text and whole.source.part is None


COMPILATIONS = Path(__file__).resolve().parents[2] / "corpus" / "compilations"


def test_corpus_compilations_split_into_their_documents():
    import csv
    import json

    parts = json.loads((COMPILATIONS / "parts.json").read_text(encoding="utf-8"))
    assert sorted(parts) == sorted(p.name for p in COMPILATIONS.iterdir() if p.name != "parts.json")
    with open(COMPILATIONS.parent / "manifest.csv", encoding="utf-8", newline="") as fh:
        titles = {r["id"]: r["title"] for r in csv.DictReader(fh)}
    for name, ids in parts.items():
        docs = read(COMPILATIONS / name, split=True)
        assert [d.source.part for d in docs] == list(range(1, len(ids) + 1)), name
        assert [d.title for d in docs] == [titles[i] for i in ids]
        whole = read(COMPILATIONS / name)
        for d in docs:
            assert whole.text[d.source.offset : d.source.offset + len(d.text)] == d.text
