"""The pages in a real browser: headless Chromium renders them, runs their script, and reports the DOM.

A checking script is appended to a copy of the page. In the browser it measures, for every highlight,
where its text sits in the document text (in code points, as Python counts) and whether it is drawn
(has boxes, a background and the extractor's underline colour); Chromium's ``--dump-dom`` hands the
result back. Needs Debian's ``chromium`` (``.ci/run`` installs it); skips where no browser exists.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportkit import Pipeline
from reportkit.review import items_from_paths, render_page
from reportkit.review.page import extractor_color

from .test_pages import BUILTINS, DOCS, hostile_item

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

CHECK = r"""<script>
(function () {
  var cps = function (s) { return Array.from(s).length; };
  var out = {title: document.title, pwned: typeof window.pwned, texts: [], marks: {}};
  document.querySelectorAll(".doc-text").forEach(function (c) { out.texts.push(c.textContent); });
  document.querySelectorAll("mark[data-f]").forEach(function (m) {
    var c = m.closest(".doc-text"), r = document.createRange();
    r.setStart(c, 0); r.setEndBefore(m);
    var start = cps(r.toString()), cs = getComputedStyle(m);
    var e = out.marks[m.dataset.f] = out.marks[m.dataset.f] || {x: m.dataset.x, doc: +c.dataset.doc, frags: []};
    e.frags.push({start: start, end: start + cps(m.textContent), text: m.textContent, boxes: m.getClientRects().length,
                  bg: cs.backgroundColor, line: cs.borderBottomColor, lineWidth: cs.borderBottomWidth});
  });
  var pre = document.createElement("pre"); pre.id = "rk-check"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def browser() -> str:
    for name in (os.environ.get("REPORTKIT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    pytest.skip("no Chromium on this machine (Debian package 'chromium'; .ci/run installs it)")


def run_browser(page: Path, tmp_path: Path, *args: str, fragment: str = "") -> str:
    cmd = [browser(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri() + fragment]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def in_browser(page_html: str, tmp_path: Path) -> dict:
    page = tmp_path / "checked.html"
    page.write_text(page_html.replace("</body>", CHECK + "</body>"), encoding="utf-8")
    dom = run_browser(page, tmp_path, "--dump-dom")
    found = re.search(r'<pre id="rk-check">(.*?)</pre>', dom, re.S)
    assert found, "the checking script did not run"
    return json.loads(html.unescape(found.group(1)))


def rgb(color: str) -> str:
    return "rgb({}, {}, {})".format(*(int(color[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.fixture(scope="module")
def items():
    pipe = Pipeline(only=BUILTINS)
    return list(items_from_paths(pipe, [str(DOCS / "rec_001.txt"), str(DOCS / "wp_003.txt")]))


def test_every_finding_is_highlighted_exactly_in_chromium(items, tmp_path):
    result = in_browser(render_page(items), tmp_path)
    assert result["texts"] == [item.text for item in items]  # the browser's text is the document's
    drawn = []
    for entry in result["marks"].values():
        frags = sorted(entry["frags"], key=lambda f: f["start"])
        for a, b in itertools.pairwise(frags):
            assert a["end"] == b["start"], frags  # fragments of one finding are adjacent
        start, end = frags[0]["start"], frags[-1]["end"]
        text = items[entry["doc"]].text
        assert "".join(f["text"] for f in frags) == text[start:end]
        for f in frags:
            if f["text"]:
                assert f["boxes"] > 0, f  # laid out on screen
                assert f["line"] == rgb(extractor_color(entry["x"])) and f["lineWidth"] == "2px", f
                assert f["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), f
        drawn.append((entry["doc"], entry["x"], start, end))
    expected = [
        (d, x, *f["span"]) for d, item in enumerate(items) for x, fs in item.record["fields"].items() for f in fs
    ]
    assert sorted(drawn) == sorted(expected)
    assert len(expected) > 50


def test_hostile_text_stays_text_in_chromium(tmp_path):
    item = hostile_item()
    result = in_browser(render_page([item]), tmp_path)
    assert result["pwned"] == "undefined"  # neither the <script> nor the onerror ran
    assert result["texts"] == [item.text]
    assert result["title"].startswith("</title><script>x</script>")


def test_a_link_to_a_finding_pins_it(items, tmp_path):
    page = tmp_path / "show.html"
    page.write_text(render_page(items[:1]), encoding="utf-8")
    group = items[0].record["fields"]["leadership_groups"][0]
    dom = run_browser(page, tmp_path, "--dump-dom")
    assert '<aside id="detail" class="detail" hidden="">' in dom  # nothing pinned by default
    dom = run_browser(page, tmp_path, "--dump-dom", fragment="#f=d0-leadership_groups-0")
    panel = dom[dom.index('<aside id="detail"') : dom.index("</aside>")]
    assert 'class="detail pinned"' in panel and "hidden" not in panel.split(">")[0]
    assert html.escape(group["leaders"][0]["text"], quote=False) in panel


def test_screenshots(items, tmp_path):
    page = tmp_path / "show.html"
    page.write_text(render_page(items[:1]), encoding="utf-8")
    shot = tmp_path / "show.png"
    run_browser(page, tmp_path, "--window-size=1280,1400", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes


LEDGER_TEXT = (
    "关于区委巡察反馈问题整改情况的报告\n"
    "（一）问题：食堂采购台账登记不全。整改措施：补登全部采购记录；建立采购验收双人签字制度。"
    "责任单位：后勤处。整改时限：2024年5月底前。\n"
    "（二）问题：消防通道堆放杂物。整改措施：清理通道杂物。责任单位：物业公司。整改时限：立行立改。\n"
)

POINT = r"""<script>
window.addEventListener("load", function () {
  var problem = document.querySelector('mark[data-x="problems"]');
  problem.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  var out = {problem: problem.textContent, linked: [], mentions: []};
  document.querySelectorAll("mark.linked").forEach(function (m) { out.linked.push([m.dataset.x, m.textContent]); });
  document.querySelectorAll(".m.linked, .m.hi").forEach(function (m) { out.mentions.push([m.dataset.role, m.textContent]); });
  var pre = document.createElement("pre"); pre.id = "rk-check"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def test_pointing_at_a_problem_lights_up_its_ledger(tmp_path):
    from reportkit.review.source import Item

    pipe = Pipeline(only=["ledger"])
    record = pipe.analyze(LEDGER_TEXT)
    entry = record.fields["ledger"][0]
    measures = {m.id: m.text for m in record.fields["measures"]}
    item = Item(record=json.loads(record.to_json()), text=LEDGER_TEXT)
    page = tmp_path / "ledger.html"
    page.write_text(render_page([item]).replace("</body>", POINT + "</body>"), encoding="utf-8")
    dom = run_browser(page, tmp_path, "--dump-dom", "--virtual-time-budget=2000")
    found = re.search(r'<pre id="rk-check">(.*?)</pre>', dom, re.S)
    assert found, "the pointing script did not run"
    result = json.loads(html.unescape(found.group(1)))
    assert result["problem"] == entry.text == "食堂采购台账登记不全"
    lit_measures = sorted(text for x, text in result["linked"] if x == "measures")
    assert (
        lit_measures == sorted(measures[m] for m in entry.measures) == ["建立采购验收双人签字制度", "补登全部采购记录"]
    )
    assert ["units", "后勤处"] in result["mentions"] and ["deadline", "2024年5月底前"] in result["mentions"]
