"""Check and merge the project's own corpus (see docs/corpus.md).

    python scripts/corpus.py check corpus/.work/<author>   # validate one author's documents
    python scripts/corpus.py check corpus                  # validate the merged corpus
    python scripts/corpus.py merge [AUTHOR ...]            # fold corpus/.work/* (or those authors) into corpus/
    python scripts/corpus.py merge --into corpus/heldout AUTHOR ...   # … into the held-out set instead
    python scripts/corpus.py check corpus/heldout          # validate the held-out set

Standard library only, so authors can run it before reportkit is installed.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from pathlib import Path

LABELS = {"rectification", "work_plan", "briefing", "survey", "summary", "other"}
PREFIX = {
    "rec": "rectification",
    "wp": "work_plan",
    "brf": "briefing",
    "sur": "survey",
    "sum": "summary",
    "oth": "other",
}
APPROX = {None, "over", "under", "about"}
GROUP_KEYS = {"name", "leaders", "deputy_leaders", "members", "office", "subgroups", "quote"}
GOLD_KEYS = {"doc_type", "doc_type_also", "doc_type_note", "leadership_groups", "counts", "problems", "measures"}
OPTIONAL_KEYS = {"ledger", "source", "spans"}  # source and spans: written by reportkit annotate
LEDGER_KEYS = {"problem", "measures", "units", "deadline", "status", "status_text"}
STATUS = {"done", "in_progress", "ongoing", "planned", None}
MANIFEST_FIELDS = [
    "id",
    "file",
    "label",
    "title",
    "chars",
    "subject",
    "level",
    "region",
    "year",
    "format",
    "encoding",
    "surface",
    "note",
]
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _check_group(group: dict, text: str, where: str, errors: list[str]) -> None:
    if set(group) != GROUP_KEYS:
        errors.append(f"{where}: group keys {sorted(group)} != {sorted(GROUP_KEYS)}")
        return
    for key in ("leaders", "deputy_leaders", "members"):
        if not isinstance(group[key], list):
            errors.append(f"{where}: {key} must be a list")
            continue
        for item in group[key]:
            if not isinstance(item, str) or item not in text:
                errors.append(f"{where}: {key} item {item!r} is not a substring of the document")
    for key in ("office", "quote"):
        value = group[key]
        if key == "quote" and not value:
            errors.append(f"{where}: quote is empty")
        if value is not None and value not in text:
            errors.append(f"{where}: {key} {value!r} is not a substring of the document")
    if group["name"] is not None and not isinstance(group["name"], str):
        errors.append(f"{where}: name must be a string or null")
    for i, sub in enumerate(group["subgroups"]):
        _check_group(sub, text, f"{where}.subgroups[{i}]", errors)


def check_entry(doc_id: str, text: str, gold: dict) -> list[str]:
    """Return the problems found in one gold entry (empty when it is valid)."""
    errors: list[str] = []
    if not GOLD_KEYS <= set(gold) <= GOLD_KEYS | OPTIONAL_KEYS:
        return [f"{doc_id}: gold keys {sorted(gold)}: need {sorted(GOLD_KEYS)}, may add {sorted(OPTIONAL_KEYS)}"]
    if gold["doc_type"] not in LABELS:
        errors.append(f"{doc_id}: doc_type {gold['doc_type']!r} not in {sorted(LABELS)}")
    prefix = doc_id.split("_")[0]
    if PREFIX.get(prefix) != gold["doc_type"]:
        errors.append(f"{doc_id}: id prefix {prefix!r} does not match doc_type {gold['doc_type']!r}")
    for extra in gold["doc_type_also"]:
        if extra not in LABELS or extra == gold["doc_type"]:
            errors.append(f"{doc_id}: bad doc_type_also entry {extra!r}")
    for i, group in enumerate(gold["leadership_groups"]):
        _check_group(group, text, f"{doc_id}.leadership_groups[{i}]", errors)
    for i, count in enumerate(gold["counts"]):
        where = f"{doc_id}.counts[{i}]"
        if set(count) != {"value", "unit", "approx", "subject", "text"}:
            errors.append(f"{where}: keys {sorted(count)}")
            continue
        if not isinstance(count["value"], (int, float)) or isinstance(count["value"], bool):
            errors.append(f"{where}: value must be a number")
        if count["approx"] not in APPROX:
            errors.append(f"{where}: approx {count['approx']!r} not in {APPROX}")
        if not count["unit"]:
            errors.append(f"{where}: unit is empty")
        if not count["text"] or count["text"] not in text:
            errors.append(f"{where}: text {count['text']!r} is not a substring of the document")
        if "万" in str(count["unit"]) or "亿" in str(count["unit"]):
            errors.append(f"{where}: unit {count['unit']!r} keeps a magnitude prefix")
    for field in ("problems", "measures"):
        for i, item in enumerate(gold[field]):
            if not isinstance(item, str) or not item.strip():
                errors.append(f"{doc_id}.{field}[{i}]: empty")
            elif item not in text:
                errors.append(f"{doc_id}.{field}[{i}]: {item[:30]!r}… is not a substring of the document")
    if "ledger" in gold:
        _check_ledger(doc_id, text, gold, errors)
    if "spans" in gold:
        _check_spans(doc_id, text, gold, errors)
    return errors


def _check_spans(doc_id: str, text: str, gold: dict, errors: list[str]) -> None:
    """Spans of problems, measures and counts (reportkit annotate writes them): each holds its string.
    ``reportkit.annotate.gold.check_entry`` checks the groups' and the ledger's as well."""
    spans = gold["spans"]
    for field in ("problems", "measures", "counts"):
        values, where = gold[field], spans.get(field) if isinstance(spans, dict) else None
        if not isinstance(where, list) or len(where) != len(values):
            errors.append(f"{doc_id}.spans.{field}: needs one [start, end] per item")
            continue
        for i, (value, span) in enumerate(zip(values, where)):
            quoted = value["text"] if field == "counts" else value
            if not (isinstance(span, list) and len(span) == 2 and text[span[0] : span[1]] == quoted):
                errors.append(f"{doc_id}.spans.{field}[{i}]: {span!r} does not hold {str(quoted)[:30]!r}")


def _check_ledger(doc_id: str, text: str, gold: dict, errors: list[str]) -> None:
    """The ledger rules of docs/gold.md: entries in text order, each problem one of ``problems`` answered by
    measures from ``measures``; units, deadline and status words verbatim."""
    ledger = gold["ledger"]
    if not isinstance(ledger, list) or not ledger:
        errors.append(f"{doc_id}.ledger: must be a non-empty list (omit the key when there is none)")
        return
    seen: set[str] = set()
    positions = []
    for i, entry in enumerate(ledger):
        where = f"{doc_id}.ledger[{i}]"
        if not isinstance(entry, dict) or set(entry) != LEDGER_KEYS:
            errors.append(f"{where}: keys must be {sorted(LEDGER_KEYS)}")
            continue
        problem = entry["problem"]
        if problem not in gold["problems"]:
            errors.append(f"{where}: problem {str(problem)[:30]!r} is not one of the document's problems")
        elif problem in seen:
            errors.append(f"{where}: problem {problem[:30]!r} has two entries")
        else:
            seen.add(problem)
            positions.append(_problem_at(gold, problem, text))
        if not entry["measures"]:
            errors.append(f"{where}: an entry needs at least one measure (a problem left unanswered is no entry)")
        for m in entry["measures"]:
            if m not in gold["measures"]:
                errors.append(f"{where}: measure {str(m)[:30]!r} is not one of the document's measures")
        for u in entry["units"]:
            if not isinstance(u, str) or not u or u not in text:
                errors.append(f"{where}: unit {u!r} is not a substring of the document")
        for key in ("deadline", "status_text"):
            value = entry[key]
            if value is not None and (not isinstance(value, str) or not value or value not in text):
                errors.append(f"{where}: {key} {value!r} is not a substring of the document")
        if entry["status"] not in STATUS:
            errors.append(f"{where}: status {entry['status']!r} not in {sorted(s for s in STATUS if s)} or null")
        if (entry["status"] is None) != (entry["status_text"] is None):
            errors.append(f"{where}: status and status_text are null together or not at all")
    if positions != sorted(positions):
        errors.append(f"{doc_id}.ledger: entries are not in text order")


def _problem_at(gold: dict, problem: str, text: str) -> int:
    """Where a problem is for the ledger's order: its span when the entry has spans (reportkit annotate
    writes them; the same words may occur earlier in the text), else where its words first occur."""
    listed = gold["spans"].get("problems") if isinstance(gold.get("spans"), dict) else None
    i = gold["problems"].index(problem)
    if isinstance(listed, list) and i < len(listed) and isinstance(listed[i], list) and len(listed[i]) == 2:
        return listed[i][0]
    return text.find(problem)


def _author_entries(folder: Path):
    for doc in sorted((folder / "docs").glob("*.txt")):
        doc_id = doc.stem
        gold_path = folder / "gold" / f"{doc_id}.json"
        manifest_path = folder / "manifest" / f"{doc_id}.json"
        yield doc_id, doc, gold_path, manifest_path


def check_author(folder: Path) -> list[str]:
    errors: list[str] = []
    n = 0
    for doc_id, doc, gold_path, manifest_path in _author_entries(folder):
        n += 1
        text = doc.read_bytes().decode("utf-8")  # no newline translation, as reportkit reads it
        cjk = len(CJK.findall(text))
        if not 250 <= cjk <= 9000:
            errors.append(f"{doc_id}: {cjk} CJK characters, outside 300–8000")
        for path in (gold_path, manifest_path):
            if not path.exists():
                errors.append(f"{doc_id}: missing {path.relative_to(folder)}")
        if not gold_path.exists() or not manifest_path.exists():
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            errors.append(f"{doc_id}: invalid JSON: {exc}")
            continue
        errors.extend(check_entry(doc_id, text, gold))
        if manifest.get("id") != doc_id or manifest.get("label") != gold["doc_type"]:
            errors.append(f"{doc_id}: manifest id/label disagree with file name/gold")
    print(f"{folder}: {n} documents checked, {len(errors)} problems", file=sys.stderr)
    return errors


def check_merged(root: Path = CORPUS) -> list[str]:
    from_gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    errors: list[str] = []
    with open(root / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        doc_id = row["id"]
        if doc_id not in from_gold:
            errors.append(f"{doc_id}: in manifest but not in gold.json")
            continue
        path = root / row["file"]
        if path.suffix != ".txt" or row.get("encoding", "utf-8") != "utf-8":
            continue  # other formats are checked through reportkit's readers in the tests
        errors.extend(check_entry(doc_id, path.read_bytes().decode("utf-8"), from_gold[doc_id]))
    missing = set(from_gold) - {r["id"] for r in rows}
    errors.extend(f"{m}: in gold.json but not in manifest" for m in sorted(missing))
    print(f"{root.name}: {len(rows)} documents checked, {len(errors)} problems", file=sys.stderr)
    return errors


def merge(authors: list[str] | None = None, into: Path = CORPUS) -> None:
    gold_path, manifest_path = into / "gold.json", into / "manifest.csv"
    gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
    rows: dict[str, dict] = {}
    if manifest_path.exists():
        with open(manifest_path, encoding="utf-8", newline="") as fh:
            rows = {r["id"]: r for r in csv.DictReader(fh)}
    (into / "docs").mkdir(parents=True, exist_ok=True)
    for folder in sorted((CORPUS / ".work").glob("*")):
        if authors and folder.name not in authors:
            continue
        if check_author(folder):
            print(f"skipping {folder}: fix its problems first", file=sys.stderr)
            continue
        for pair in sorted((folder / "pairs").glob("*.json")):
            # feedback/report pairs (reconcile tests): which report problem answers each feedback problem
            (into / "pairs").mkdir(exist_ok=True)
            shutil.copyfile(pair, into / "pairs" / pair.name)
        for doc_id, doc, g_path, m_path in _author_entries(folder):
            text = doc.read_bytes().decode("utf-8")  # no newline translation, as reportkit reads it
            shutil.copyfile(doc, into / "docs" / doc.name)
            gold[doc_id] = json.loads(g_path.read_text(encoding="utf-8"))
            m = json.loads(m_path.read_text(encoding="utf-8"))
            rows[doc_id] = {
                "id": doc_id,
                "file": f"docs/{doc.name}",
                "label": m["label"],
                "title": m.get("title", ""),
                "chars": len(CJK.findall(text)),
                "subject": m.get("subject", ""),
                "level": m.get("level", ""),
                "region": m.get("region", ""),
                "year": m.get("year", ""),
                "format": "txt",
                "encoding": "utf-8",
                "surface": m.get("surface", ""),
                "note": m.get("note", ""),
            }
    gold_path.write_text(json.dumps(dict(sorted(gold.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    with open(manifest_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=MANIFEST_FIELDS)
        writer.writeheader()
        for doc_id in sorted(rows):
            writer.writerow({k: rows[doc_id].get(k, "") for k in MANIFEST_FIELDS})
    print(f"merged: {len(rows)} documents", file=sys.stderr)


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "merge":
        if len(argv) >= 3 and argv[1] == "--into":
            merge(argv[3:] or None, Path(argv[2]).resolve())
        else:
            merge(argv[1:] or None)
        return 0
    if len(argv) == 2 and argv[0] == "check":
        target = Path(argv[1]).resolve()
        merged = (target / "manifest.csv").exists() and (target / "gold.json").exists()
        errors = check_merged(target) if merged else check_author(target)
        for e in errors:
            print(e)
        return 1 if errors else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
