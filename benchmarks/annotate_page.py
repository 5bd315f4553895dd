"""How fast an annotation page of many documents opens in Chromium (a measurement, not a test).

    python benchmarks/annotate_page.py                # 300 documents from corpus/docs, best of 3 loads
    python benchmarks/annotate_page.py --docs 1000 --runs 5 --json out.json

The pipeline runs once on the corpus' documents (replicated to ``--docs``: the page holds that many
texts, each with its own findings), ``render_annotate_page`` writes one page, and headless Chromium
(driven over the DevTools pipe, as the browser tests drive it) opens it in a fresh profile each run.
Reported: the page's size, the time from navigation to the load event, and to the moment the first
document is drawn and the page answers a key (``j`` selects a finding; measured in the page with
``performance.now()``, relative to navigation start).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(n: int, folder: Path) -> tuple[Path, int]:
    from reportkit import Pipeline
    from reportkit.annotate.page import AnnotatedDoc, labels_for, render_annotate_page

    pipe = Pipeline(only=["counts", "leadership_groups", "problems", "measures"])
    sources = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
    base = []
    for path in sources[: min(n, len(sources))]:
        doc = pipe.read(str(path))[0]
        base.append((path, doc, pipe.analyze(doc).to_dict()))
    docs = []
    for i in range(n):
        path, doc, record = base[i % len(base)]
        d = AnnotatedDoc(f"{path.stem}-{i}", str(path), doc.text, f"{i:064x}", title=doc.title, record=record)
        d.prepare()
        docs.append(d)
    page = folder / "page.html"
    page.write_text(render_annotate_page(docs, labels=labels_for(docs)), encoding="utf-8")
    findings = sum(len(d.state["items"]) for d in docs)
    return page, findings


def load_once(page: Path, work: Path) -> dict[str, float]:
    from tests.review.cdp import Chromium

    profile = work / f"profile-{time.monotonic_ns()}"
    c = Chromium(profile)
    try:
        start = time.perf_counter()
        c.open(page.as_uri())
        loaded = time.perf_counter() - start
        c.key("j")
        ready = c.eval(
            "(function(){var t=performance.getEntriesByType('navigation')[0];"
            "return {dcl: t.domContentLoadedEventEnd, load: t.loadEventEnd, now: performance.now(),"
            " selected: !!document.querySelector('#text .seg.sel')};})()"
        )
        assert ready["selected"], "the page did not answer the key"
        return {
            "wall_load_s": loaded,
            "dom_ready_ms": ready["dcl"],
            "load_event_ms": ready["load"],
            "answered_ms": ready["now"],
        }
    finally:
        c.close()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rk-annotate-bench-"))
    try:
        t0 = time.perf_counter()
        page, findings = build(args.docs, work)
        built = time.perf_counter() - t0
        runs = [load_once(page, work) for _ in range(args.runs)]
        result = {
            "documents": args.docs,
            "findings": findings,
            "page_mb": round(page.stat().st_size / 1e6, 2),
            "build_s (pipeline included)": round(built, 1),
            "runs": runs,
            "best_load_event_s": round(min(r["load_event_ms"] for r in runs) / 1000, 3),
            "median_load_event_s": round(statistics.median(r["load_event_ms"] for r in runs) / 1000, 3),
            "best_answered_s": round(min(r["answered_ms"] for r in runs) / 1000, 3),
        }
        print("| documents | findings | page | load event (best / median) | answers a key |")
        print("|---|---|---|---|---|")
        print(
            f"| {args.docs} | {findings:,} | {result['page_mb']} MB | {result['best_load_event_s']:.2f} s / "
            f"{result['median_load_event_s']:.2f} s | {result['best_answered_s']:.2f} s |"
        )
        if args.json:
            args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
