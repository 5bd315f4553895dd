"""Show pages and the overview, built from real pipeline records and from hostile ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportkit import Pipeline
from reportkit.review import Item, items_from_paths, items_from_records, load_records, render_page
from reportkit.review.overview import Overview
from reportkit.review.source import ResultsError

from .dom import joined, read_back

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "corpus" / "docs"
BUILTINS = ["counts", "leadership_groups", "problems", "measures"]


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(only=BUILTINS)


def every_finding(record: dict) -> list[tuple[str, int, int]]:
    return sorted((x, *f["span"]) for x, items in record["fields"].items() for f in items)


def highlighted(page: str, doc: int = 0) -> list[tuple[str, int, int]]:
    _texts, fragments = read_back(page)
    found = []
    for key, frags in fragments[doc].items():
        if key.startswith("data-f="):
            start, end = joined(frags)
            found.append((frags[0][2]["data-x"], start, end))
    return sorted(found)


@pytest.mark.parametrize("name", ["rec_001.txt", "wp_003.txt", "brf_007.txt", "sur_017.txt"])
def test_every_finding_is_highlighted_exactly(pipe, name):
    (item,) = items_from_paths(pipe, [str(DOCS / name)])
    page = render_page([item])
    texts, _ = read_back(page)
    assert texts == [item.text]  # the page's text is the document's, character for character
    assert highlighted(page) == every_finding(item.record)
    assert every_finding(item.record)  # these documents do have findings


def test_headings_and_mentions_are_marked(pipe):
    (item,) = items_from_paths(pipe, [str(DOCS / "rec_001.txt")])
    page = render_page([item])
    _, fragments = read_back(page)
    headings = [joined(v) for k, v in fragments[0].items() if k.startswith("data-h=")]
    assert any(item.text[s:e].startswith("一、") for s, e in headings)
    mentions = [(v[0][2]["data-role"], joined(v)) for k, v in fragments[0].items() if k.startswith("data-m=")]
    group = item.record["fields"]["leadership_groups"][0]
    assert group["leaders"]
    for leader in group["leaders"]:
        assert ("leaders", tuple(leader["span"])) in mentions
    assert 'href="#d0-h0"' in page  # the outline links to the first heading


def test_type_confidence_and_evidence_at_the_top(pipe):
    (item,) = items_from_paths(pipe, [str(DOCS / "rec_001.txt")])
    page = render_page([item])
    head = page[page.index('<header class="doc-head">') : page.index('<div class="body')]
    doc_type = item.record["doc_type"]
    assert doc_type["label_zh"] in head and f"{doc_type['confidence']:.0%}" in head
    assert doc_type["evidence"]
    for evidence in doc_type["evidence"]:
        assert evidence["feature"] in head


def hostile_item() -> Item:
    text = (
        "关于<script>window.pwned=1</script>的报告</title>\n一、存在问题\n"
        '检查发现<img src=x onerror="window.pwned=2">问题3个，&amp; 整改\r\n完成率85%。'
    )
    start = text.index("3个")
    record = {
        "id": "x<y",
        "source": {"path": "a<b>/c&d.txt", "format": "txt"},
        "title": "</title><script>x</script>",
        "chars": len(text),
        "doc_type": None,
        "errors": [],
        "fields": {
            "counts": [
                {
                    "text": "3个",
                    "span": [start, start + 2],
                    "value": 3,
                    "unit": "个",
                    "explanation": "</script><script>alert(1)</script>",
                }
            ],
            "problems": [{"text": "wrong text", "span": [0, 10]}],
        },
    }
    return Item(record, text)


def test_hostile_text_is_shown_as_text():
    item = hostile_item()
    page = render_page([item])
    texts, _ = read_back(page)
    assert texts == [item.text]
    assert page.count("<script") == 2  # the data block and the page's own script, nothing from the document
    data = page[page.index('id="rk-data">') + 13 :]
    data = data[: data.index("</script>")]
    assert json.loads(data)["findings"]  # the JSON block parses and cannot be closed early
    assert "<title>&lt;/title&gt;&lt;script&gt;" in page


def test_a_span_that_does_not_match_is_reported_not_drawn():
    page = render_page([hostile_item()])
    item = hostile_item()
    (count,) = item.record["fields"]["counts"]
    assert highlighted(page) == [("counts", *count["span"])]
    assert "span does not match the text" in page and "problems #1" in page


def test_a_record_without_text_still_gets_a_page():
    record = {
        "id": "err-1",
        "source": {"path": "missing.docx", "format": "docx"},
        "chars": 0,
        "fields": {},
        "errors": [{"stage": "read", "type": "DecodeError", "message": "missing.docx: not a zip file"}],
    }
    page = render_page([Item(record, None, "the file could not be read during the run")])
    assert "not a zip file" in page and "text not shown" in page and 'class="doc-text"' not in page


def test_several_documents_on_one_page(pipe):
    items = list(items_from_paths(pipe, [str(DOCS / "rec_001.txt"), str(DOCS / "brf_007.txt")]))
    page = render_page(items)
    texts, _ = read_back(page)
    assert texts == [i.text for i in items]
    assert highlighted(page, 1) == every_finding(items[1].record)
    assert highlighted(page, 0) == every_finding(items[0].record)  # ids do not collide across documents


def test_results_file_round_trip(tmp_path, pipe):
    paths = [DOCS / "rec_001.txt", DOCS / "rec_010.txt", DOCS / "sum_020.docx"]  # UTF-8, GB18030, .docx
    out = tmp_path / "r.jsonl"
    records = [r for p in paths for r in pipe.process_path(str(p))]
    out.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    items = list(items_from_records(load_records(out)))
    assert [i.problem for i in items] == [None] * len(paths)
    for item, record in zip(items, records):
        assert highlighted(render_page([item])) == every_finding(record.to_dict())


def test_results_file_problems_are_one_line_each(tmp_path, pipe):
    doc = tmp_path / "d.txt"
    doc.write_text("关于整改情况的报告\n一、存在问题\n发现问题3个。", encoding="utf-8")
    (record,) = pipe.process_path(str(doc))
    line = record.to_json()
    doc.write_text("关于整改情况的报告\n一、存在问题\n发现问题4个。", encoding="utf-8")
    (item,) = items_from_records([json.loads(line)])
    assert item.text is None and "changed since the run" in item.problem
    doc.unlink()
    (item,) = items_from_records([json.loads(line)])
    assert "file not found" in item.problem
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "source": {}, "fields": {}}\nnot json\n', encoding="utf-8")
    with pytest.raises(ResultsError, match=r"bad.jsonl:2: not a JSON record"):
        list(load_records(bad))


def test_overview_counts_and_charts():
    ov = Overview(title="run <1>")
    ov.add(
        {
            "id": "a",
            "source": {"path": "a.txt"},
            "chars": 100,
            "errors": [],
            "doc_type": {"label": "survey", "label_zh": "调研报告", "confidence": 0.91},
            "fields": {
                "counts": [
                    {"unit": "人次", "value": 3520},
                    {"unit": "人次", "value": 40, "approx": "over"},
                    {"unit": "%", "value": 80, "subject": "完成率"},
                    {"unit": "%", "value": 90, "subject": "完成率"},
                ],
                "problems": [{}, {}],
            },
        },
        href="p/a.html",
    )
    ov.add(
        {
            "id": "b",
            "source": {"path": "<b>.txt"},
            "chars": 50,
            "fields": {},
            "doc_type": {"label": "survey", "confidence": 0.4, "uncertain": True},
            "errors": [{"stage": "read", "type": "DecodeError", "message": "<b>.txt: cannot decode"}],
        }
    )
    data = ov.to_dict()
    assert data["types"] == {"survey": 2} and data["uncertain"] == {"survey": 1}
    assert data["units"]["人次"] == {"findings": 2, "total": 3560, "documents": 1, "approx": 1}
    assert data["errors"] == {"read: DecodeError": 1}
    assert data["confidence_bins"][18] == 1 and data["confidence_bins"][8] == 1
    page = ov.render()
    assert page.count("<svg") >= 4 and "mean 85%" in page and "total 3,560 人次" in page
    assert "&lt;b&gt;.txt" in page and "<b>.txt" not in page
    assert 'href="p/a.html"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # self-contained: nothing fetched
