"""The annotation page in a real browser, driven as a reviewer drives it: keys, mouse selections, the
count editor, the export button — and the gold that comes out, compared exactly, spans included.
Needs Debian's ``chromium`` (``.ci/run`` installs it); skips where no browser exists."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from reportkit.annotate.gold import entry_from_state
from reportkit.cli import main

from .annotate_data import M2, TEXT, at, corrected_gold, write_set
from .cdp import CHAR_BOXES, Chromium
from .test_browser import browser


@pytest.fixture
def chromium(tmp_path):
    browser()  # skips without one
    c = Chromium(tmp_path / "profile")
    yield c
    c.close()


def annotate(*args) -> None:
    result = CliRunner().invoke(main, ["annotate", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def select_text(c: Chromium, span: list[int]) -> None:
    boxes = c.eval(f"{CHAR_BOXES}({span[0]}, {span[1]})")
    boxes = c.eval(f"{CHAR_BOXES}({span[0]}, {span[1]})")  # again, after any scrolling
    c.drag((boxes["start"]["x"], boxes["start"]["y"]), (boxes["end"]["x"], boxes["end"]["y"]))


def click_text(c: Chromium, span: list[int]) -> None:
    boxes = c.eval(f"{CHAR_BOXES}({span[0]}, {span[1]})")
    boxes = c.eval(f"{CHAR_BOXES}({span[0]}, {span[1]})")
    c.click(boxes["start"]["x"] + 2, boxes["start"]["y"])
    assert c.wait_for("!!document.querySelector('#panel .quote')"), "nothing selected by the click"


def test_reject_add_edit_export_gives_the_expected_gold(tmp_path, chromium):
    doc, results = write_set(tmp_path)
    page = tmp_path / "page.html"
    annotate(doc, "--from", results, "-o", page)
    c = chromium
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    c.allow_downloads(downloads)
    c.open(page.as_uri())
    assert c.eval("document.getElementById('text').textContent") == TEXT  # the text as it is

    # reject: the first finding in text order is the title, taken for a problem
    c.key("j")
    assert c.eval("document.querySelector('#panel .quote').textContent") == TEXT[: TEXT.index("\n")]
    c.key("r")
    rejected = "[...document.querySelectorAll('#text .seg.rej')].map(e => e.textContent).join('')"
    assert c.eval(rejected) == TEXT[: TEXT.index("\n")]  # struck through, still there to accept again
    # add: select the second measure with the mouse and press m
    select_text(c, at(M2))
    assert c.eval("getSelection().toString()") == M2
    c.key("m")
    assert c.eval("document.querySelector('#panel h3').firstChild.textContent") == "measure"
    # edit a count: click 56.5万元, put the right value in
    c.key("Escape")
    click_text(c, at("56.5万元"))
    assert c.eval("document.querySelector('#panel .quote').textContent") == "56.5万元"
    c.eval("(function(i){i.focus();i.select();})(document.querySelector('#panel input[name=value]'))")
    c.type_text("565000")
    c.key("Enter")
    c.key("Escape")
    # done, then export with the button
    c.key("d")
    assert c.eval("document.getElementById('progress').textContent") == "1 done / 0 left"
    c.eval("document.getElementById('export').click()")
    c.wait_download()
    exported = json.loads((downloads / "gold.json").read_text(encoding="utf-8"))
    assert exported == {"env_001": corrected_gold(doc)}

    # the exported file is gold: eval reads it, the strict checker finds nothing wrong
    from reportkit.annotate.gold import check_entry

    assert check_entry("env_001", exported["env_001"], TEXT, sha256=exported["env_001"]["source"]["sha256"]) == []

    # the work survives a reload (localStorage), and undo takes back the last change
    c.open(page.as_uri())
    assert c.eval("JSON.stringify(reportkitAnnotate.gold())") == json.dumps(
        exported, ensure_ascii=False, separators=(",", ":")
    )
    c.key("u")  # undoes nothing across a reload: the history is per visit
    c.key("d")  # reopen
    c.key("u")
    assert c.eval("document.getElementById('progress').textContent") == "1 done / 0 left"


def test_an_untouched_page_exports_what_python_computes(tmp_path, chromium):
    """The page's export and reportkit.annotate.gold.entry_from_state are one function written twice."""
    doc, results = write_set(tmp_path)
    page = tmp_path / "page.html"
    annotate(doc, "--from", results, "-o", page)
    data = re.search(r'<script type="application/json" id="rk-data">(.*?)</script>', page.read_text(encoding="utf-8"))
    state = json.loads(data.group(1))["docs"][0]["initial"]
    c = chromium
    c.open(page.as_uri())
    in_page = c.eval("reportkitAnnotate.entry(0)")
    assert in_page == entry_from_state(state, TEXT, {"path": str(doc), "sha256": in_page["source"]["sha256"]})
    assert in_page["ledger"][0]["units"] == ["县城管局"]  # pre-filled from the record's ledger


def test_dragging_a_handle_moves_the_end_to_a_character(tmp_path, chromium):
    doc, results = write_set(tmp_path)
    page = tmp_path / "page.html"
    annotate(doc, "--from", results, "-o", page)
    c = chromium
    c.open(page.as_uri())
    # select the group, drag its end handle to the end of 领导小组's line … onto 3次's last character
    click_text(c, at("成立"))
    handle = c.eval(
        "(function(){var r=document.getElementById('handle-e').getBoundingClientRect();return {x:r.left+3,y:r.top+r.height/2};})()"
    )
    target = c.eval(f"{CHAR_BOXES}({at('3次')[0]}, {at('3次')[1]})")["end"]
    c.drag((handle["x"], handle["y"]), (target["x"], target["y"]), steps=6)
    quote = c.eval("document.querySelector('#panel .quote').textContent")
    assert quote == TEXT[TEXT.index("成立") : at("3次")[1]]
    c.key("{")  # and one character back with the keyboard
    assert c.eval("document.querySelector('#panel .quote').textContent") == quote[:-1]


def test_serve_saves_each_document_to_the_gold_file(tmp_path, chromium):
    doc, results = write_set(tmp_path)
    twin = doc.with_name("env_002.txt")  # the same text under another name: a second document
    twin.write_bytes(doc.read_bytes())
    gold = tmp_path / "gold.json"
    other = {"doc_type": "other", "leadership_groups": [], "counts": [], "problems": [], "measures": []}
    gold.write_text(json.dumps({"other_doc": other}), encoding="utf-8")  # not on the page: kept
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportkit", "annotate", str(doc.parent), "--from", str(results)]
        + ["-o", str(tmp_path / "pages" / "all.html")]
        + ["--gold", str(gold), "--serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/\S+)", line)
            url = found.group(1) if found else None
            assert line or proc.poll() is None, f"the server stopped: {proc.stderr.read()}"
        assert url and url.endswith("/all.html")
        c = chromium
        c.open(url)
        c.key("j")
        c.key("r")  # reject the title
        c.key("d")  # done: saved, and the next document opens
        c.key("d")  # at once done too: saved as well
        expected = corrected_gold(doc)
        expected["measures"], expected["spans"]["measures"] = (
            expected["measures"][:1],
            expected["spans"]["measures"][:1],
        )
        expected["counts"][2]["value"] = 56500  # not corrected here
        deadline = time.monotonic() + 30
        saved = {}
        while time.monotonic() < deadline and len(saved) < 3:
            time.sleep(0.2)
            saved = json.loads(gold.read_text(encoding="utf-8"))
        twin_gold = corrected_gold(twin)
        twin_gold["measures"], twin_gold["spans"]["measures"] = (
            twin_gold["measures"][:1],
            [at(twin_gold["measures"][0])],
        )
        twin_gold["counts"][2]["value"] = 56500
        twin_gold["problems"], twin_gold["spans"]["problems"] = (
            [TEXT[: TEXT.index("\n")], *twin_gold["problems"]],
            [
                [0, TEXT.index("\n")],
                *twin_gold["spans"]["problems"],
            ],
        )  # untouched: the title stays a problem
        assert saved == {"env_001": expected, "env_002": twin_gold, "other_doc": other}
        assert c.eval("document.getElementById('status').textContent").startswith("saved env_00")
        # a request without the page's token is refused
        status = c.eval(
            "fetch('/api/gold',{method:'POST',headers:{'Content-Type':'application/json'},body:'{}'}).then(r=>r.status)"
        )
        assert status == 403
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    assert proc.returncode == 0


def hostile_doc():
    from reportkit.annotate.page import AnnotatedDoc

    text = (
        "关于<script>window.pwned=1</script>的报告</title></textarea></script><!--\n"
        + "整改" * 60_000
        + '\n一、存在问题\n检查发现<img src=x onerror="window.pwned=2">问题3个，&amp; \r\n完成率85%。𠀀𠀁末尾3个\n'
    )
    start = text.index("问题3个") + 2
    end = text.rindex("3个") + 2
    count = {"id": "counts/1", "text": "3个", "span": [start, start + 2], "value": 3, "unit": "个"}
    after = {
        "id": "counts/2",
        "text": "3个",
        "span": [end - 2, end],
        "value": 3,
        "unit": "个",
    }  # after astral characters
    rec = {"doc_type": {"label": "other", "confidence": 0.5}, "fields": {"counts": [count, after]}}
    doc = AnnotatedDoc(
        "</script><b>x", "a/</textarea>.txt", text, "f" * 64, title="</title><script>x</script>", record=rec
    )
    doc.prepare()
    return doc, text


def test_hostile_text_stays_text_and_usable(tmp_path, chromium):
    from reportkit.annotate.page import render_annotate_page

    doc, text = hostile_doc()
    page = tmp_path / "hostile.html"
    page.write_text(render_annotate_page([doc], labels=["other"]), encoding="utf-8")
    c = chromium
    c.open(page.as_uri())
    assert c.eval("typeof window.pwned") == "undefined"
    assert c.eval("document.getElementById('text').textContent") == text
    assert c.eval("document.title").startswith("</title><script>x</script>")
    assert c.eval("document.getElementById('doc-meta').textContent").startswith("a/</textarea>.txt")
    # the count after the astral characters is highlighted over its own characters, and can be edited
    c.key("k")  # the last finding
    assert c.eval("document.querySelector('#text .seg.sel').textContent") == "3个"
    c.key("{")
    c.key("}")
    c.key("[")  # one character earlier: 末 … the span is in code points, as Python counts
    entry = c.eval("reportkitAnnotate.entry()")
    s, e = entry["spans"]["counts"][1]
    assert text[s:e] == entry["counts"][1]["text"] == "尾3个"
    # selecting across the long line and the markup-looking text adds a problem with the exact string
    target = [text.index("检查发现"), text.index("问题3个")]
    select_text(c, target)
    c.key("p")
    entry = c.eval("reportkitAnnotate.entry()")
    assert entry["problems"] == [text[target[0] : target[1]]] and entry["spans"]["problems"] == [target]


def test_ten_thousand_findings_on_one_page(tmp_path, chromium):
    from reportkit.annotate.page import AnnotatedDoc, render_annotate_page

    parts, counts, pos = [], [], 0
    for n in range(10_000):
        piece = f"第{n}处检查发现{n % 9 + 1}个问题；"
        k = piece.index("发现") + 2
        counts.append({"id": f"counts/{n + 1}", "text": piece[k : k + 2], "span": [pos + k, pos + k + 2]})
        counts[-1] |= {"value": n % 9 + 1, "unit": "个"}
        parts.append(piece)
        pos += len(piece)
    text = "".join(parts)
    doc = AnnotatedDoc("many", "many.txt", text, "e" * 64, record={"fields": {"counts": counts}})
    doc.prepare()
    page = tmp_path / "many.html"
    page.write_text(render_annotate_page([doc], labels=["other"]), encoding="utf-8")
    c = chromium
    c.open(page.as_uri())
    assert c.eval("document.querySelectorAll('#text .seg.hl').length") == 10_000
    c.key("j")
    c.key("r")
    c.key("1")  # the type
    c.key("d")
    gold = c.eval("reportkitAnnotate.gold()")
    assert len(gold["many"]["counts"]) == 9_999
    assert gold["many"]["counts"][0]["text"] == text[counts[1]["span"][0] : counts[1]["span"][1]]
    assert c.eval("document.getElementById('text').textContent") == text
