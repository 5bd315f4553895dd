"""An HTML page's title is its <h1> (or the heading its <title> names), never a breadcrumb trail above it."""

from __future__ import annotations

import pytest

from reportkit import Document
from reportkit.io import read_bytes


def page(body: str, title: str = "") -> bytes:
    head = f"<head><meta charset='utf-8'><title>{title}</title></head>" if title else ""
    return f"<html>{head}<body>{body}</body></html>".encode()


def title_of(data: bytes) -> str | None:
    (doc,) = read_bytes(data, "html", "page.html")
    if doc.title is not None:
        assert doc.text[doc.title_span[0] : doc.title_span[1]] == doc.title
    return doc.title


@pytest.mark.parametrize(
    "crumbs",
    [
        "当前位置：首页 &gt; 通知公告 &gt; 正文",
        "您现在的位置: 首页 &gt;&gt; 工作动态",
        "首页 » 政务公开 » 整改报告",
        "位置：网站首页 / 部门动态",
    ],
)
def test_a_breadcrumb_above_the_h1_is_not_the_title(crumbs):
    body = f"<div class='weizhi'>{crumbs}</div><h1>县教育局开展校园安全大检查</h1><p>近日，县教育局检查学校32所。</p>"
    assert title_of(page(body)) == "县教育局开展校园安全大检查"


def test_the_heading_the_title_element_names_wins_over_a_site_name_h1():
    body = (
        "<h1>青川县人民政府</h1><div>首页 &gt; 通知公告</div>"
        "<h2>关于做好2024年防汛工作的通知</h2><p>各乡镇人民政府：现将有关事项通知如下。</p>"
    )
    assert title_of(page(body, title="关于做好2024年防汛工作的通知_青川县人民政府")) == "关于做好2024年防汛工作的通知"


def test_without_headings_the_breadcrumb_is_still_skipped():
    body = "<p>首页 &gt; 政务公开 &gt; 整改报告</p><p>关于巡察反馈问题整改情况的报告</p><p>一、存在问题</p>"
    assert title_of(page(body, title="政府信息公开")) == "关于巡察反馈问题整改情况的报告"


def test_a_hidden_or_navigation_h1_is_not_taken():
    body = (
        "<nav><h1>网站导航</h1></nav><h1 style='display:none'>隐藏标题</h1>"
        "<div>当前位置：首页 &gt; 工作动态</div><p>县教育局开展校园安全大检查</p><p>近日，县教育局检查学校32所。</p>"
    )
    assert title_of(page(body)) == "县教育局开展校园安全大检查"


def test_a_breadcrumb_in_plain_text_is_not_the_title():
    doc = Document("当前位置：首页 > 新闻中心 > 工作动态\n学校召开毕业生就业工作推进会\n3月5日，学校召开推进会。")
    assert doc.title == "学校召开毕业生就业工作推进会"
