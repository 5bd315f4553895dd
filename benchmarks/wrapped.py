"""How reportkit reads text copied from a PDF or a web page: a gold set hard-wrapped at page widths, run
together into long lines, or cut to excerpts, scored beside itself.

    python benchmarks/wrapped.py                          # the held-out set (corpus/heldout), hard-wrapped
    python benchmarks/wrapped.py --set corpus --code OLD  # another set; OLD: a checkout to compare with
    python benchmarks/wrapped.py --copy run-together      # each line run into the one before
    python benchmarks/wrapped.py --copy excerpt           # each document from a third of its length on
    python benchmarks/wrapped.py --copy opening           # each document's first 400 to 1,200 characters

Paged (``--copy paged``), the hard-wrapped copy also keeps its page numbers, as text copied out of a PDF does:
a line of its own ("- 3 -", "—3—", "第3页" or a bare "3", one style per document) after every 18 to 29 lines,
mostly inside a paragraph; the gold's strings that run over one hold it, as a finding that reads past it does.

Run together (``--copy run-together``), each line of a document is joined to the one before, its spaces at the
join taken out, except the rows of tables and aligned lists (a tab, a bar or a gap of two spaces): how a web
page's or a chat's copy runs a report's paragraphs, headings and fields into one line. The gold's strings are
mapped alike (the run-together breaks found, :attr:`reportkit.Document.run_together_breaks`, are counted but
not scored: no break is "made" there).

Excerpts (``--copy excerpt``): each document from the first line that starts at or after a third of its length,
as reports so often arrive — no title, no preamble, the middle of a section —, its gold cut alike (the strings
found in the part kept; the ledger's entries whose problem is kept, with what of them the part kept has).

Openings (``--copy opening``): each document cut after the last sentence that ends within its first 400 to 1,200
characters (drawn from its id), as a web page's excerpt is cut off — the length of most of the development set's
documents —, its gold cut alike (what lies in the part kept; a problem or a measure that the cut runs into, its
part left when that is at least half of it).

Text copied out of a PDF keeps the page's line breaks: every paragraph cut into lines of one width. Here each
line of a gold set longer than ``W`` characters (``W`` from 24 to 35, fixed per document by its id) is cut
every ``W`` characters — not the rows of tables or aligned lists (a tab, a bar or a gap of two spaces), which a
page does not wrap that way — and every quoted string of the gold is mapped to the wrapped text (its first
occurrence, as scoring finds it). ``reportkit eval`` then scores the set as written and the wrapped copy, and
the wrapped line breaks found (:attr:`reportkit.Document.wrapped_breaks`) are counted against those made.

The units score compares strings (docs/gold.md), so a unit that the gold quotes from an occurrence on one line
and the pipeline finds at another occurrence cut by a wrap (县生态环境分局 / 县生态环境分⏎局) counts as wrong:
the wrapped copy's units figure is a lower bound. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib
from bisect import bisect_left
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"\S(?:[ \u3000]{2,}|\t)\S|[|｜]")  # a table or aligned-list row: not wrapped
KEEP = {"doc_type", "doc_type_also", "doc_type_note", "status", "unit", "approx", "value", "subject"}


def wrap(text: str, width: int) -> tuple[str, list[int]]:
    """``text`` with every line longer than ``width`` (not a row) cut every ``width`` characters after its
    indent, and the offsets of the breaks made (in the result)."""
    out: list[str] = []
    breaks: list[int] = []
    pos = 0  # length of the result so far
    for n, line in enumerate(text.split("\n")):
        if n:
            out.append("\n")
            pos += 1
        body = line.rstrip("\r")
        if len(body.strip()) <= width or ROW.search(body.strip()):
            out.append(line)
            pos += len(line)
            continue
        indent = len(body) - len(body.lstrip(" \u3000\t"))
        start = 0
        for cut in range(indent + width, len(body), width):
            out.append(line[start:cut] + "\n")
            pos += cut - start
            breaks.append(pos)
            pos += 1
            start = cut
        out.append(line[start:])
        pos += len(line) - start
    return "".join(out), breaks


def run_together_set(src: Path, dest: Path) -> dict[str, list[int]]:
    """Write the run-together copy of the set at ``src`` to ``dest``; return the run-together breaks found."""
    import reportkit
    from reportkit.items.train import run_together_text

    (dest / "docs").mkdir(parents=True)
    gold = json.loads((src / "gold.json").read_text(encoding="utf-8"))
    found: dict[str, list[int]] = {}
    new_gold: dict[str, Any] = {}
    for path in sorted((src / "docs").iterdir()):
        text = path.read_text(encoding="utf-8")
        new, kept = run_together_text(text)  # and the offset in text of each character of new
        (dest / "docs" / path.name).write_text(new, encoding="utf-8")
        found[path.stem] = reportkit.Document(new).run_together_breaks
        if path.stem in gold:

            def quote(s: str, text: str = text, new: str = new, kept: list[int] = kept) -> str:
                at = text.find(s)
                return s if at < 0 else new[bisect_left(kept, at) : bisect_left(kept, at + len(s))]

            new_gold[path.stem] = _walk(gold[path.stem], quote)
    (dest / "gold.json").write_text(json.dumps(new_gold, ensure_ascii=False), encoding="utf-8")
    return found


def _walk(x: Any, quote: Any) -> Any:
    if isinstance(x, dict):
        return {k: v if k in KEEP else _walk(v, quote) for k, v in x.items()}
    if isinstance(x, list):
        return [_walk(v, quote) for v in x]
    return quote(x) if isinstance(x, str) and x else x


def wrap_set(src: Path, dest: Path) -> dict[str, list[int]]:
    """Write the wrapped copy of the set at ``src`` (docs/, gold.json) to ``dest``; return the breaks made."""
    (dest / "docs").mkdir(parents=True)
    gold = json.loads((src / "gold.json").read_text(encoding="utf-8"))
    made: dict[str, list[int]] = {}
    wrapped_gold: dict[str, Any] = {}
    for path in sorted((src / "docs").iterdir()):
        text = path.read_text(encoding="utf-8")
        width = 24 + zlib.crc32(path.stem.encode()) % 12
        new, breaks = wrap(text, width)
        made[path.stem] = breaks
        (dest / "docs" / path.name).write_text(new, encoding="utf-8")
        if path.stem in gold:
            wrapped_gold[path.stem] = _map_gold(gold[path.stem], text, new, breaks)
    (dest / "gold.json").write_text(json.dumps(wrapped_gold, ensure_ascii=False), encoding="utf-8")
    return made


PAGE_STYLES = ("- {} -", "—{}—", "第{}页", "{}")


def paginate(text: str, every: int, style: str) -> tuple[str, list[int]]:
    """``text`` with a page-number line put in after every ``every`` lines (not after the last), and the
    offsets (in the result) of every character put in."""
    lines = text.split("\n")
    out: list[str] = []
    made: list[int] = []
    pos = 0
    page = 1
    for n, line in enumerate(lines, 1):
        if n > 1:
            out.append("\n")
            pos += 1
        out.append(line)
        pos += len(line)
        if n % every == 0 and n < len(lines):
            page += 1
            added = "\n" + style.format(page)
            out.append(added)
            made.extend(range(pos, pos + len(added)))
            pos += len(added)
    return "".join(out), made


def page_set(src: Path, dest: Path) -> dict[str, int]:
    """Write the paged copy of the set at ``src`` to ``dest`` (hard-wrapped, then page numbers put in); return
    the number of page-number lines put in each document."""
    wrapped = dest.parent / "wrapped"
    wrap_set(src, wrapped)
    (dest / "docs").mkdir(parents=True)
    gold = json.loads((wrapped / "gold.json").read_text(encoding="utf-8"))
    made: dict[str, int] = {}
    new_gold: dict[str, Any] = {}
    for path in sorted((wrapped / "docs").iterdir()):
        text = path.read_text(encoding="utf-8")
        crc = zlib.crc32(path.stem.encode())
        new, added = paginate(text, 18 + crc % 12, PAGE_STYLES[crc % len(PAGE_STYLES)])
        made[path.stem] = new.count("\n") - text.count("\n")
        (dest / "docs" / path.name).write_text(new, encoding="utf-8")
        if path.stem in gold:
            new_gold[path.stem] = _map_gold(gold[path.stem], text, new, added)
    (dest / "gold.json").write_text(json.dumps(new_gold, ensure_ascii=False), encoding="utf-8")
    return made


def _cut_set(src: Path, dest: Path, part: Any) -> dict[str, int]:
    """Write the copy of the set at ``src`` to ``dest`` in which each document is ``text[at:end]`` for
    ``(at, end) = part(stem, text)``, its gold cut alike (:func:`_cut_gold`); return the characters cut from each
    document."""
    (dest / "docs").mkdir(parents=True)
    gold = json.loads((src / "gold.json").read_text(encoding="utf-8"))
    cut: dict[str, int] = {}
    new_gold: dict[str, Any] = {}
    for path in sorted((src / "docs").iterdir()):
        text = path.read_text(encoding="utf-8")
        at, end = part(path.stem, text)
        cut[path.stem] = len(text) - (end - at)
        (dest / "docs" / path.name).write_text(text[at:end], encoding="utf-8")
        if path.stem in gold:
            new_gold[path.stem] = _cut_gold(gold[path.stem], text, at, end)
    (dest / "gold.json").write_text(json.dumps(new_gold, ensure_ascii=False), encoding="utf-8")
    return cut


def excerpt_set(src: Path, dest: Path) -> dict[str, int]:
    """Write the excerpt copy of the set at ``src`` to ``dest``: each document from the first line that starts at
    or after a third of its length (no title, no preamble, often the middle of a section), its gold cut alike —
    the strings whose first occurrence (as scoring finds them) is in the part kept, the ledger's entries whose
    problem and a measure are kept, with the measures, units, deadline and status words the part kept has;
    return the characters cut from each document."""

    def part(stem: str, text: str) -> tuple[int, int]:
        at = text.find("\n", len(text) // 3)
        return (0 if at < 0 or not text[at:].strip() else at + 1), len(text)

    return _cut_set(src, dest, part)


def opening_set(src: Path, dest: Path) -> dict[str, int]:
    """Write the opening copy of the set at ``src`` to ``dest``: each document cut after the last sentence that
    ends within its first 400 to 1,200 characters (drawn from its id), as a web page's excerpt is cut off, its
    gold cut alike (:func:`_cut_gold`); return the characters cut from each document."""

    def part(stem: str, text: str) -> tuple[int, int]:
        length = 400 + zlib.crc32(stem.encode()) % 800
        if len(text) <= length:
            return 0, len(text)
        ends = [m.end() for m in re.finditer(r"[。！？!?\n]", text[:length])]
        return 0, (ends[-1] if ends and ends[-1] > length // 2 else length)

    return _cut_set(src, dest, part)


def _cut_gold(entry: dict[str, Any], text: str, at: int, end: int | None = None) -> dict[str, Any]:
    """``entry`` for ``text[at:end]``: what of it that part has (see :func:`excerpt_set`)."""
    end = len(text) if end is None else end

    def kept(s: str | None) -> bool:
        return s is None or at <= text.find(s) <= end - len(s)

    def clipped(s: str) -> str:
        # a problem or a measure the cut-off end runs into: the part of it that is left, as an annotator of the
        # cut text would mark it (none when under half of it is left)
        start = text.find(s)
        if at <= start < end < start + len(s) and 2 * (end - start) >= len(s):
            return text[start:end].rstrip()
        return s

    entry = {
        **entry,
        "problems": [clipped(s) for s in entry.get("problems", [])],
        "measures": [clipped(s) for s in entry.get("measures", [])],
        "ledger": [
            {**e, "problem": clipped(e["problem"]), "measures": [clipped(m) for m in e["measures"]]}
            for e in entry.get("ledger", [])
        ],
    }
    out = dict(entry)
    for name in ("problems", "measures"):
        out[name] = [s for s in entry[name] if kept(s)]
    out["counts"] = [c for c in entry.get("counts", []) if kept(c["text"])]
    out["leadership_groups"] = [g for g in entry.get("leadership_groups", []) if kept(g["quote"])]
    ledger = []
    rest = text[at:end]
    for e in entry.get("ledger", []):
        measures = [m for m in e["measures"] if kept(m)]
        if not (kept(e["problem"]) and measures):
            continue
        # a deadline's or a status's words recur (长期坚持, 已整改): kept when the part kept has them at all
        deadline = e["deadline"] if e["deadline"] is not None and e["deadline"] in rest else None
        status = e["status_text"] if e["status_text"] is not None and e["status_text"] in rest else None
        new = {**e, "measures": measures, "units": [u for u in e["units"] if u in rest], "deadline": deadline}
        new.update(status_text=status, status=e["status"] if status is not None or e["status_text"] is None else None)
        ledger.append(new)
    out.pop("ledger", None)
    if ledger:
        out["ledger"] = ledger
    return out


def found_pages(folder: Path, made: dict[str, int]) -> tuple[int, int]:
    """Page-number lines found, in all, and in documents where more were found than put in."""
    import reportkit

    found = extra = 0
    for path in sorted((folder / "docs").iterdir()):
        n = len(reportkit.read(path).page_numbers)
        found += min(n, made[path.stem])
        extra += max(0, n - made[path.stem])
    return found, extra


def _map_gold(entry: Any, text: str, new: str, breaks: list[int]) -> Any:
    # the new offset of original offset i: i plus the breaks made before it
    def moved(i: int) -> int:
        lo, hi = 0, len(breaks)
        while lo < hi:  # breaks made before i's character lands: those at new offsets <= i + count
            mid = (lo + hi) // 2
            if breaks[mid] - mid <= i:
                lo = mid + 1
            else:
                hi = mid
        return i + lo

    def quote(s: str) -> str:
        at = text.find(s)
        return s if at < 0 else new[moved(at) : moved(at + len(s) - 1) + 1]

    return _walk(entry, quote)


def score(folder: Path, code: Path | None, items_model: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code / "src"), str(code / "plugins")])
    cmd = [sys.executable, "-m", "reportkit", "eval", str(folder / "docs"), "--gold", str(folder / "gold.json")]
    if items_model is not None:
        cmd += ["--items-model", str(items_model)]
    out = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env, check=True).stdout
    return json.loads(out)


def found_breaks(folder: Path, made: dict[str, list[int]]) -> tuple[int, int, int]:
    import reportkit

    hit = extra = missed = 0
    for path in sorted((folder / "docs").iterdir()):
        got = set(reportkit.read(path).wrapped_breaks)
        want = set(made[path.stem])
        hit, extra, missed = hit + len(got & want), extra + len(got - want), missed + len(want - got)
    return hit, extra, missed


def row(name: str, d: dict[str, Any]) -> str:
    ledger = d["ledger"]
    cells = [
        d["problems"]["f1"],
        d["measures"]["f1"],
        d["calibration"]["ece"],
        ledger["links"]["f1"],
        ledger["units"]["accuracy"],
        ledger["deadline"]["accuracy"],
        ledger["status"]["accuracy"],
        d["counts"]["f1"],
        d["groups"]["f1"],
    ]
    return f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + f" | {d['spans']['invalid']} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="corpus/heldout", help="a folder with docs/ and gold.json")
    parser.add_argument("--code", type=Path, help="also score the copy with this checkout's src/ and plugins/")
    parser.add_argument(
        "--copy",
        choices=["wrapped", "paged", "run-together", "excerpt", "opening"],
        default="wrapped",
        help="how the copy differs",
    )
    parser.add_argument("--items-model", type=Path, help="score both texts with this item model")
    args = parser.parse_args()
    src = (ROOT / args.set).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "copy"
        name = {
            "wrapped": "hard-wrapped",
            "paged": "hard-wrapped, page numbers kept",
            "excerpt": "excerpts (from a third on)",
            "opening": "openings (400 to 1,200 characters)",
        }.get(args.copy, "run together")
        made: dict[str, Any]
        if args.copy == "wrapped":
            made, what = wrap_set(src, dest), "line breaks made"
        elif args.copy == "paged":
            made, what = page_set(src, dest), "page-number lines put in"
        elif args.copy == "excerpt":
            made, what = excerpt_set(src, dest), "characters cut"
        elif args.copy == "opening":
            made, what = opening_set(src, dest), "characters cut"
        else:
            made, what = run_together_set(src, dest), "run-together breaks found"
        plain, copied = score(src, None, args.items_model), score(dest, None, args.items_model)
        total = sum(v if isinstance(v, int) else len(v) for v in made.values())
        print(f"{args.set}: {plain['documents']} documents, {total} {what}\n")
        print("| text | problems | measures | ECE | links | units | deadline | status | counts | groups | bad spans |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(row("as written", plain))
        print(row(name, copied))
        if args.code is not None:
            print(row(f"{name}, {args.code}", score(dest, args.code.resolve())))
        print(
            f"\ndocument type right: {plain['type']['accuracy']:.3f} as written, {copied['type']['accuracy']:.3f} {name}"
        )
        if args.copy == "paged":
            found, extra = found_pages(dest, made)
            print(f"\npage-number lines found: {found} of {total} put in, {extra} found that were not")
        if args.copy == "wrapped":
            hit, extra, missed = found_breaks(dest, made)
            print(
                f"\nwrapped breaks found: {hit} of {hit + missed} made (recall {hit / max(1, hit + missed):.3f}), "
                f"{extra} found that were not made"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
