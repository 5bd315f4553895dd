"""Document: paragraphs, sentences and sections with exact spans; the id; the source."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.document import Document
from reportkit.textutil import strip_span

TEXT = "　　关于整改情况的报告\r\n\r\n一、存在问题\r\n　　台账不全；制度缺失。部分隐患未整改！\r\n“三个不到位”问题突出……下一步怎么办？\r\n"


def test_paragraphs_are_trimmed_lines():
    doc = Document(TEXT)
    assert [p.text for p in doc.paragraphs] == [
        "关于整改情况的报告",
        "一、存在问题",
        "台账不全；制度缺失。部分隐患未整改！",
        "“三个不到位”问题突出……下一步怎么办？",
    ]
    for p in doc.paragraphs:
        assert TEXT[p.start : p.end] == p.text


def test_sentences():
    doc = Document(TEXT)
    assert [s.text for s in doc.sentences] == [
        "关于整改情况的报告",
        "一、存在问题",
        "台账不全；",
        "制度缺失。",
        "部分隐患未整改！",
        "“三个不到位”问题突出……",
        "下一步怎么办？",
    ]
    for s in doc.sentences:
        assert TEXT[s.start : s.end] == s.text
    assert doc.sentence_at(TEXT.index("制度")).text == "制度缺失。"


def test_closing_quote_stays_with_its_sentence():
    doc = Document("他说：“要立行立改。”随后召开会议。")
    assert [s.text for s in doc.sentences] == ["他说：“要立行立改。”", "随后召开会议。"]


def test_section_at_and_ancestors():
    text = "一、存在问题\n（一）制度\n台账不全。\n二、措施\n加强培训。"
    doc = Document(text)
    pos = text.index("台账")
    assert doc.section_at(pos).heading == "（一）制度"
    assert [s.heading for s in doc.ancestors(pos)] == ["一、存在问题", "（一）制度"]
    assert doc.section_at(0).style == "cn"
    assert doc.section_at(text.index("加强")).heading == "二、措施"


def test_id_is_stable_and_text_based_for_in_memory_text():
    assert Document("同一段文字").id == Document("同一段文字").id
    assert Document("同一段文字").id != Document("另一段文字").id


TEXTS = st.text(alphabet=st.sampled_from(list("整改措施领导小组。！？；…”“\n\r 　一、（）1.")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_paragraph_and_sentence_spans_are_exact(text):
    doc = Document(text)
    for item in doc.paragraphs + doc.sentences:
        assert text[item.start : item.end] == item.text
        assert item.text and item.text == item.text.strip(" \t\r\u3000\xa0\ufeff")
    # sentences do not overlap and stay inside paragraphs
    ends = [s.end for s in doc.sentences]
    starts = [s.start for s in doc.sentences]
    assert all(a <= b for a, b in zip(ends, starts[1:]))


_SENTENCE_TEXT = "一、总体要求\n各单位要高度重视。加强领导！确保落实？\n\n（一）排查隐患；整改到位…  \n最后一句没有句号"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-3, max_value=len(_SENTENCE_TEXT) + 3), st.integers(min_value=0, max_value=30))
def test_sentences_in_a_span_are_exactly_those_that_overlap_it(start, length):
    doc = Document(_SENTENCE_TEXT)
    end = start + length
    expected = [s for s in doc.sentences if s.start < end and s.end > start and start < end]
    assert doc.sentences_in(start, end) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-3, max_value=len(_SENTENCE_TEXT) + 3), st.integers(min_value=0, max_value=30))
def test_word_lookups_are_exactly_the_words_by_their_offsets(start, length):
    doc = Document(_SENTENCE_TEXT)
    tokens = doc.tokens()
    end = start + length
    assert doc.tokens_in(start, end) == [t for t in tokens if start <= t.start < end]
    covering = [t for t in tokens if t.start <= start < t.end]
    assert doc.token_at(start) == (covering[0] if covering else None)


def test_a_lone_surrogate_is_a_clear_input_error_not_a_crash_later():
    """A Python str can hold half of a UTF-16 pair; it cannot be hashed, segmented or written as UTF-8."""
    import pytest

    from reportkit.errors import InputError

    with pytest.raises(InputError, match=r"lone surrogate \(U\+D800\) at offset 2"):
        Document("领导\ud800小组")
    assert Document("领导😀小组").text == "领导😀小组"  # a real astral character is fine


def test_the_document_does_not_import_the_readers():
    """A part's title comes from its heading without importing reportkit.io (which imports the document):
    what both need lives in reportkit.part_headings."""
    code = (
        "import sys\n"
        "from reportkit.document import Document, Source\n"
        "doc = Document('2.乡镇防汛工作总结 篇二\\n今年以来，全镇共转移群众120人。', Source(part=2, part_heading='2.乡镇防汛工作总结 篇二'))\n"
        "print(doc.title, sorted(m for m in sys.modules if m.startswith('reportkit.io')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "乡镇防汛工作总结 []\n"


@pytest.mark.parametrize(
    "text, start, end, chars, end_chars, expected",
    [
        ("  整改 \n", 0, 6, None, None, (2, 4)),
        ("\u3000\u3000台账不全。\r", 0, 8, " \t\r\u3000", None, (2, 7)),
        ("由县长等", 0, 4, "由", "等", (1, 3)),
        ("   ", 0, 3, None, None, (3, 3)),  # all stripped: empty, at its end
        ("ab  cd  ef", 2, 8, None, None, (4, 6)),  # offsets stay the text's
    ],
)
def test_strip_span(text, start, end, chars, end_chars, expected):
    s, e = strip_span(text, start, end, chars, end_chars)
    assert (s, e) == expected
    assert text[s:e] == text[start:end].lstrip(chars).rstrip(end_chars if end_chars is not None else chars)
