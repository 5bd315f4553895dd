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
