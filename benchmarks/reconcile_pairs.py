"""`reportkit reconcile` end to end on the project's feedback/report pairs, with the problems the pipeline finds.

    python benchmarks/reconcile_pairs.py          # totals
    python benchmarks/reconcile_pairs.py -v       # and each miss

The pairs: ``corpus/pairs/*.json`` (documents in ``corpus/docs``) and ``corpus/pairs/heldout/*.json`` (their
own ``docs/``). Each feedback problem of a pair's annotation is looked up among the rows ``reconcile`` gives:
a row counts for it when its feedback span overlaps the problem or the problem's details (the rest of its line,
or the paragraph under a title on a line of its own, up to the next annotated problem), since the pipeline may
find the case a title stands over rather than the title. An annotated answer is *found* when one of those rows
is matched to a report problem that overlaps it (shares half its characters, or holds it), *wrong* when they
are matched only to others, *missed* when none is matched; an unanswered problem is *said* unanswered when none
of its rows is matched. A measurement, not a test (tests/test_reconcile.py scores the matcher on the annotated
problems).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a or len(set(a) & set(b)) * 2 >= min(len(a), len(b))


def _pairs() -> list[tuple[str, Path, Path, list[dict]]]:
    out = []
    for path in sorted((ROOT / "corpus" / "pairs").glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        docs = ROOT / "corpus" / "docs"
        out.append((path.name, docs / f"{pair['feedback']}.txt", docs / f"{pair['reports'][0]}.txt", pair["links"]))
    for path in sorted((ROOT / "corpus" / "pairs" / "heldout").glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        docs = path.parent / "docs"
        out.append(
            (f"heldout/{path.name}", docs / f"{pair['feedback']}.txt", docs / f"{pair['report']}.txt", pair["links"])
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print each miss")
    args = parser.parse_args()

    import reportkit
    from reportkit.reconcile import details_of, reconcile_records

    pipe = reportkit.Pipeline(only=["ledger"])
    totals: Counter[str] = Counter()
    for name, fb_path, rep_path, links in _pairs():
        fb, rep = reportkit.read(str(fb_path)), reportkit.read(str(rep_path))
        result = reconcile_records(
            pipe.analyze(fb),
            [("report", pipe.analyze(rep))],
            feedback_name="feedback",
            texts={"feedback": fb.text, "report": rep.text},
        )
        totals["rows"] += len(result.matches)
        starts = [fb.text.index(link["feedback_problem"]) for link in links]
        for link, start in zip(links, starts):
            end = start + len(link["feedback_problem"])
            reach = end + len(details_of(fb.text, (start, end), starts))
            rows = [m for m in result.matches if m.feedback.span[0] < reach and m.feedback.span[1] > start]
            got = [m.report.text for m in rows if m.report is not None]
            want = link["report_problem"]
            if want is None:
                kind = "falsely answered" if got else "said unanswered"
            elif not got:
                kind = "missed"
            else:
                kind = "found" if any(_overlaps(want, g) for g in got) else "wrong"
            totals[kind] += 1
            if args.verbose and kind not in ("found", "said unanswered"):
                print(f"{name}\t{kind}\t{link['feedback_problem']}\t{want}\t{got}")
    answered = totals["found"] + totals["wrong"] + totals["missed"]
    unanswered = totals["said unanswered"] + totals["falsely answered"]
    print(
        f"{answered} answered feedback problems: {totals['found']} found, {totals['wrong']} wrongly, "
        f"{totals['missed']} missed; {unanswered} unanswered: {totals['said unanswered']} said so, "
        f"{totals['falsely answered']} called answered; {totals['rows']} rows"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
