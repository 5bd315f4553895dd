"""Layered highlights: whatever the spans, the HTML gives back the text and each span exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.review.markup import Layer, escape_text, nesting_heights, render

from .dom import joined, read_back


def page_of(text: str, layers: list[Layer]) -> str:
    return f'<div class="doc-text">{render(text, layers)}</div>'


def spans_back(text: str, layers: list[Layer]) -> dict[str, tuple[int, int]]:
    texts, fragments = read_back(page_of(text, layers))
    assert texts == [text]
    return {key: joined(frags) for key, frags in fragments[0].items()}


def f(start: int, end: int, key: str, rank: int = 1) -> Layer:
    return Layer(start, end, "mark", {"data-f": key}, rank=rank)


def test_escaping_keeps_markup_as_text():
    text = '<script>alert("x")</script> & <img src=x onerror=alert(1)> &amp;'
    html = escape_text(text)
    assert "<" not in html
    assert read_back(f'<div class="doc-text">{html}</div>')[0] == [text]


def test_characters_the_parser_would_change_survive():
    text = "一\r\n二\r三\x00四\t五\u3000六"
    assert read_back(page_of(text, []))[0] == [text.replace("\x00", "\ufffd")]


def test_nested_spans_nest():
    text = "整改措施：全年培训干部3520人次，下发通报12期。"
    layers = [f(0, len(text), "problem"), f(5, 17, "measure"), f(11, 17, "count"), f(22, 25, "count2")]
    assert spans_back(text, layers) == {
        "data-f=problem": (0, len(text)),
        "data-f=measure": (5, 17),
        "data-f=count": (11, 17),
        "data-f=count2": (22, 25),
    }


def test_crossing_spans_are_cut_into_adjacent_fragments():
    text = "一、存在问题：资金拨付滞后，项目推进缓慢。"
    heading = Layer(0, 6, "span", {"data-h": "0"}, rank=0)
    problem = f(3, 14, "p")
    _, fragments = read_back(page_of(text, [heading, problem]))
    assert len(fragments[0]["data-f=p"]) == 2  # cut where the heading ends
    assert spans_back(text, [heading, problem]) == {"data-h=0": (0, 6), "data-f=p": (3, 14)}
    cont = [a for _, _, a in fragments[0]["data-f=p"] if "cont" in (a.get("class") or "")]
    assert len(cont) == 1  # the second fragment says it continues


def test_identical_and_empty_and_adjacent_spans():
    text = "共检查企业45家"
    layers = [f(5, 8, "a"), f(5, 8, "b"), f(8, 8, "empty"), f(0, 5, "left")]
    assert spans_back(text, layers) == {
        "data-f=a": (5, 8),
        "data-f=b": (5, 8),
        "data-f=empty": (8, 8),
        "data-f=left": (0, 5),
    }


def test_spans_outside_the_text_are_refused():
    with pytest.raises(ValueError, match="outside the text"):
        render("短", [f(0, 5, "x")])
    with pytest.raises(ValueError):
        render("短文本", [f(2, 1, "x")])


def test_attribute_values_are_escaped():
    html = render("文本", [Layer(0, 2, "mark", {"title": '"><script>x</script>'})])
    assert "<script>" not in html


def test_nesting_heights_stack_outer_below_inner():
    spans = [(0, 20), (2, 10), (4, 6), (30, 40), (12, 18), (2, 10)]
    heights = nesting_heights(spans)
    assert heights[2] == 0 and heights[4] == 0 and heights[3] == 0
    assert heights[1] != heights[5]  # two equal spans: one drawn outside the other
    assert heights[0] == max(heights[1], heights[5]) + 1


span_lists = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted), max_size=25)
texts = st.text(
    alphabet=st.sampled_from(list("一二三问题整改措施，。、\n\r<>&\"' \t（）1.𠀋")), min_size=0, max_size=60
)


@settings(max_examples=300, deadline=None)
@given(texts, span_lists, st.data())
def test_any_spans_round_trip(text, spans, data):
    spans = [(min(s, len(text)), min(e, len(text))) for s, e in spans]
    layers = []
    for k, (s, e) in enumerate(spans):
        key = data.draw(st.sampled_from(["data-f", "data-h", "data-m"]))
        layers.append(
            Layer(s, e, data.draw(st.sampled_from(["mark", "span"])), {key: str(k)}, rank=data.draw(st.integers(-1, 2)))
        )
    back = spans_back(text, layers)
    for k, layer in enumerate(layers):
        key = next(iter(layer.attrs))
        assert back[f"{key}={k}"] == (layer.start, layer.end)
