""".html: visible text only, block elements as lines, entities decoded, encodings from meta or detection."""

from __future__ import annotations

import pytest

from reportkit.errors import InputError
from reportkit.io import read

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>某县人民政府网站 - 工作动态</title>
<style>p {{ color: red }}</style><script>var x = "不应出现";</script></head>
<body>
<div id="nav"><a href="/">首页</a> | <a href="/news">新闻中心</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 工作动态</div>
<div class="content">
<h1>县应急局开展安全生产&ldquo;百日攻坚&rdquo;行动</h1>
<p>近日，县应急局组织开展安全生产大检查，共检查企业&nbsp;126&nbsp;家，
发现隐患&lt;重大&gt;3处。</p>
<p>检查组要求：<br>一是压实主体责任；<br>二是建立隐患台账。</p>
<table><tr><td>乡镇</td><td>检查企业</td></tr><tr><td>城关镇</td><td>42</td></tr></table>
<p style="display:none">隐藏的文字</p>
<p>工作
专班将持续跟踪整改进展。</p>
</div>
<div class="footer">版权所有 某县人民政府 备案号</div>
</body></html>"""


@pytest.mark.parametrize("charset, encoding", [("utf-8", "utf-8"), ("gb2312", "gb18030"), ("GBK", "gb18030")])
def test_visible_text_only(tmp_path, charset, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(charset=charset).encode(encoding))
    doc = read(path)
    lines = doc.text.split("\n")
    assert lines == [
        "县应急局开展安全生产“百日攻坚”行动",
        "近日，县应急局组织开展安全生产大检查，共检查企业 126 家，发现隐患<重大>3处。",
        "检查组要求：",
        "一是压实主体责任；",
        "二是建立隐患台账。",
        "乡镇\t检查企业",
        "城关镇\t42",
        "工作专班将持续跟踪整改进展。",
    ]
    assert doc.source.encoding == ("gb18030" if encoding == "gb18030" else "utf-8")
    for boilerplate in ("首页", "不应出现", "当前位置", "版权所有", "隐藏的文字", "color"):
        assert boilerplate not in doc.text


def test_article_element_is_preferred(tmp_path):
    path = tmp_path / "article.htm"
    path.write_text(
        "<html><body><header>网站导航</header><article><h2>标题</h2><p>正文第一段。</p></article>"
        "<aside>相关阅读</aside></body></html>",
        encoding="utf-8",
    )
    assert read(path).text == "标题\n正文第一段。"


def test_gbk_page_without_meta_is_detected(tmp_path):
    path = tmp_path / "nometa.html"
    path.write_bytes("<html><body><p>县卫生健康局关于医疗质量检查问题整改情况的报告</p></body></html>".encode("gbk"))
    doc = read(path)
    assert doc.text == "县卫生健康局关于医疗质量检查问题整改情况的报告"
    assert doc.source.encoding == "gb18030"


def test_page_without_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>1</script></head><body></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no visible text"):
        read(path)


def _nested(depth: int) -> str:
    return (
        "<html><body><p>县应急局通报检查情况。</p>"
        + "<div>" * depth
        + "<p>共检查企业126家。</p>"
        + "</div>" * depth
        + "<p>整改工作持续推进。</p></body></html>"
    )


@pytest.mark.parametrize("depth", [255, 300, 500])
def test_deeply_nested_pages_are_read_whole(tmp_path, depth):
    """libxml2 stops 256 elements deep by default and drops the rest of the page without an error."""
    path = tmp_path / "deep.html"
    path.write_text(_nested(depth), encoding="utf-8")
    assert read(path).text == "县应急局通报检查情况。\n共检查企业126家。\n整改工作持续推进。"


@pytest.mark.parametrize("depth", [600, 3000])
def test_pages_nested_deeper_than_the_limit_are_refused_not_cut(tmp_path, depth):
    from reportkit.errors import LimitExceededError

    path = tmp_path / "deep.html"
    path.write_text(_nested(depth), encoding="utf-8")
    with pytest.raises(LimitExceededError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(f"{path}: refused: HTML elements nested") and "levels deep (limit 512)" in message


def _page_text(tmp_path, body: str) -> str:
    path = tmp_path / "list.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return read(path).text


def test_an_ordered_lists_numbers_are_written_as_a_browser_draws_them(tmp_path):
    text = _page_text(
        tmp_path,
        "<p>整改措施：</p><ol><li>压实主体责任；</li><li><p>建立隐患台账。</p>"
        '<ol type="a"><li>按月更新</li><li>逐项销号</li></ol></li><li value="7">开展回头看</li><li>通报结果</li></ol>'
        '<ol reversed><li>倒数第二</li><li>倒数第一</li></ol><ol start="3" type="I"><li>罗马数字</li></ol>',
    )
    assert text.split("\n") == [
        "整改措施：",
        "1.压实主体责任；",
        "2.建立隐患台账。",  # the number goes with the item's first text, inside its paragraph
        "a.按月更新",
        "b.逐项销号",
        "7.开展回头看",
        "8.通报结果",
        "2.倒数第二",
        "1.倒数第一",
        "III.罗马数字",
    ]


def test_a_chinese_list_style_gives_chinese_numbers_and_none_gives_none(tmp_path):
    text = _page_text(
        tmp_path,
        '<ol style="list-style-type: cjk-ideographic"><li>总体要求</li><li>主要任务</li></ol>'
        '<ol style="list-style: none"><li>不编号</li></ol>'
        '<ol><li style="list-style-type:decimal-leading-zero">补零</li></ol>',
    )
    assert text.split("\n") == ["一、总体要求", "二、主要任务", "不编号", "01.补零"]


def test_items_that_write_their_own_numbers_get_no_second_one(tmp_path):
    text = _page_text(
        tmp_path,
        "<ol><li>1. 自带编号</li><li><p>（二）括号编号</p></li><li>三、中文编号</li><li></li><li>未编号</li></ol>",
    )
    # an empty item is counted, as a browser counts it, but leaves no number alone on a line
    assert text.split("\n") == ["1. 自带编号", "（二）括号编号", "三、中文编号", "5.未编号"]


@pytest.mark.parametrize("start", ['"x"', '"-2"', '"999999999999"', '""'])
def test_odd_list_starts_give_numbers_not_errors(tmp_path, start):
    text = _page_text(tmp_path, f'<ol start={start} type="A"><li>甲</li><li>乙</li></ol>')
    first, second = text.split("\n")
    # no number: from 1; a zero or negative one, or one past what letters can spell: digits
    expected = {
        '"x"': ("A", "B"),
        '""': ("A", "B"),
        '"-2"': ("-2", "-1"),
        '"999999999999"': ("999999999999", "1000000000000"),
    }
    assert (first[:-2], second[:-2]) == expected[start]


def test_the_outline_reads_an_ordered_list_as_a_list(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><h2>一、整改措施</h2><ol><li>压实主体责任。</li><li>建立隐患台账。</li></ol></body></html>",
        encoding="utf-8",
    )
    doc = read(path)
    markers = [(it.marker, doc.text[it.start : it.end]) for it in doc.items() if it.marker]
    assert ("1.", "压实主体责任") in markers and ("2.", "建立隐患台账") in markers
