"""Scoring against gold annotations in the gold format, docs/gold.md (``reportkit eval``).

A gold file is one JSON object keyed by document id (the file name without its suffix). Each value has
``doc_type``, ``doc_type_also``, ``leadership_groups``, ``counts``, ``problems`` and ``measures``. The
scores follow docs/gold.md exactly:

* **type** — correct when the predicted label is ``doc_type`` or one of ``doc_type_also``; reported as
  accuracy, macro-F1 over the gold labels present, and a confusion matrix;
* **counts** — micro precision/recall/F1 over the multiset of ``(value rounded to 3 places, unit)`` per
  document; **subjects** — of the gold counts paired with a predicted one (same value and unit, the same
  text first, then in text order) whose gold ``subject`` is given, the share whose predicted subject
  contains it or lies inside it;
* **groups** — a gold group is found when an unused predicted group of the same document has a name
  that contains, or is contained in, the gold name, or shares a leader (containment either way);
  **roles** — for found groups whose gold ``leaders`` is non-empty, the leader sets must match (every
  leader of each side contained in one of the other's);
* **problems / measures** — a gold item is recalled when at least half of its characters lie inside
  predicted spans of that field; a predicted item is correct when at least half of its characters lie
  inside gold items of that field;
* **spans** — every predicted item's ``span`` must satisfy ``text[start:end] == item.text``.

Documents without gold fields but with a label (``--labels manifest.csv``) count for the type only.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldFormatError
from .textutil import confusion_lines, display_width, pad

__all__ = [
    "load_gold",
    "load_labels",
    "Scores",
    "evaluate",
    "EvalReport",
    "item_outcomes",
    "diff_outcomes",
    "DiffReport",
]

GOLD_KEYS = ("doc_type", "leadership_groups", "counts", "problems", "measures")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _refuse_duplicate_ids(path: Path) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A ``json.loads`` hook that refuses a document's entry given twice (JSON would keep the last): a key
    repeated whose value is a gold entry (an object with ``problems``)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out and isinstance(value, dict) and "problems" in value:
                raise GoldFormatError(f"{path}: entry {key!r} is given twice")
            out[key] = value
        return out

    return hook


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read and check a gold file; raise :class:`GoldFormatError` naming what is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), object_pairs_hook=_refuse_duplicate_ids(path))
    except FileNotFoundError as exc:
        raise GoldFormatError(f"{path}: no such gold file") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: not a JSON file in UTF-8 ({exc})") from exc
    if not isinstance(data, dict):
        raise GoldFormatError(f"{path}: expected an object keyed by document id, got {type(data).__name__}")
    for doc_id, entry in data.items():
        where = f"{path}: entry {doc_id!r}"
        if not isinstance(entry, dict):
            raise GoldFormatError(f"{where} is not an object")
        missing = [k for k in GOLD_KEYS if k not in entry]
        if missing:
            raise GoldFormatError(f"{where} lacks {', '.join(missing)} (see docs/gold.md)")
        if entry["doc_type"] is not None and not (isinstance(entry["doc_type"], str) and entry["doc_type"]):
            raise GoldFormatError(f"{where}: doc_type must be a label (a string), got {entry['doc_type']!r}")
        also = entry.get("doc_type_also", [])
        if not isinstance(also, list) or not all(isinstance(x, str) for x in also):
            raise GoldFormatError(f"{where}: doc_type_also must be a list of labels, got {also!r}")
        for key in ("leadership_groups", "counts", "problems", "measures"):
            if not isinstance(entry[key], list):
                raise GoldFormatError(f"{where}: {key} must be a list")
        for key in ("problems", "measures"):
            for k, item in enumerate(entry[key]):
                if not isinstance(item, str) or not item:
                    raise GoldFormatError(f"{where}: {key}[{k}] must be the text as written (a string), got {item!r}")
        for k, count in enumerate(entry["counts"]):
            if not isinstance(count, dict) or "value" not in count or "unit" not in count:
                raise GoldFormatError(f"{where}: every count needs value and unit")
            if not _is_number(count["value"]) or not isinstance(count["unit"], str):
                raise GoldFormatError(
                    f"{where}: counts[{k}] needs a number as value and a string as unit, "
                    f"got {count['value']!r} and {count['unit']!r}"
                )
        for k, group in enumerate(entry["leadership_groups"]):
            if not isinstance(group, dict):
                raise GoldFormatError(f"{where}: leadership_groups[{k}] must be an object")
    return data


def check_strings(doc_id: str, entry: Mapping[str, Any], text: str, path: str | Path) -> None:
    """Raise :class:`GoldFormatError` when a problem or measure of ``entry`` is not in ``text`` (the document
    at ``path``): such an item could never be found, and would only lower recall without a word."""
    for key in ("problems", "measures"):
        for k, item in enumerate(entry.get(key, ())):
            if item not in text:
                raise GoldFormatError(
                    f"{path}: gold entry {doc_id!r}: {key}[{k}] {item[:30]!r} is not in the document's text"
                )


def read_csv_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of a CSV file (a manifest, a labels file) in any encoding reportkit reads — UTF-8 with or
    without the byte-order mark Excel writes, GB18030 …; raise :class:`GoldFormatError` naming the file."""
    from .errors import InputError
    from .io.encoding import decode_bytes

    path = Path(path)
    try:
        text, _ = decode_bytes(path.read_bytes(), str(path))
    except FileNotFoundError as exc:
        raise GoldFormatError(f"{path}: no such file") from exc
    except InputError as exc:
        raise GoldFormatError(f"{path}: {exc.cause}") from exc
    return list(csv.DictReader(io.StringIO(text, newline="")))  # decode_bytes takes off a byte-order mark


def load_labels(path: str | Path) -> dict[str, str]:
    """Labels from a CSV with ``id`` and ``label`` columns (the manifest format)."""
    path = Path(path)
    rows = read_csv_rows(path)
    if rows and not {"id", "label"} <= set(rows[0]):
        raise GoldFormatError(f"{path}: needs 'id' and 'label' columns (it has {', '.join(rows[0])})")
    labels: dict[str, str] = {}
    for n, r in enumerate(rows, 2):
        if not r.get("label"):
            continue
        if r["id"] in labels and labels[r["id"]] != r["label"]:
            raise GoldFormatError(f"{path}: line {n}: id {r['id']!r} is given two labels")
        labels[r["id"]] = r["label"]
    return labels


@dataclass
class Scores:
    """Precision/recall/F1 from counts of true positives over predictions and gold items."""

    tp_pred: float = 0.0  # predictions judged correct
    n_pred: int = 0
    tp_gold: float = 0.0  # gold items judged found
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Scores) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


# -- per-field scorers --------------------------------------------------------------------------


def score_counts(gold: list[dict], pred: list[dict]) -> Scores:
    def key(c: Mapping[str, Any]) -> tuple[float, str]:
        return (round(float(c["value"]), 3), str(c["unit"]))

    g, p = Counter(map(key, gold)), Counter(map(key, pred))
    tp = sum((g & p).values())
    return Scores(tp, sum(p.values()), tp, sum(g.values()))


def score_subjects(gold: list[dict], pred: list[dict]) -> tuple[int, int]:
    """(correct, judged) subjects of a document's counts, as docs/gold.md scores them.

    Each gold count is paired with an unused predicted count of the same (value, unit) — one with the
    same text if there is one, else the first in text order; a gold count with a ``subject`` is judged,
    and its subject is correct when the predicted one contains it or lies inside it (after removing
    spaces). Gold counts without a partner are not judged: the counts score has them already."""

    def key(c: Mapping[str, Any]) -> tuple[float, str]:
        return (round(float(c["value"]), 3), str(c["unit"]))

    def plain(text: Any) -> str:
        return "".join(str(text or "").split())

    free: dict[tuple[float, str], list[dict]] = {}
    for c in pred:
        free.setdefault(key(c), []).append(c)
    correct = judged = 0
    for g in gold:
        options = free.get(key(g))
        if not options:
            continue
        same = next((i for i, c in enumerate(options) if plain(c.get("text")) == plain(g.get("text"))), 0)
        partner = options.pop(same)
        wanted = plain(g.get("subject"))
        if wanted:
            judged += 1
            correct += _contains_either(wanted, plain(partner.get("subject")))
    return correct, judged


def _contains_either(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)  # type: ignore[operator]


def _leaders_match(gold: list[str], pred: list[str]) -> bool:
    return all(any(_contains_either(g, p) for p in pred) for g in gold) and all(
        any(_contains_either(p, g) for g in gold) for p in pred
    )


def _texts(items: Iterable[Any]) -> list[str]:
    """Role lists as strings (predictions carry {text, span} mentions, gold plain strings)."""
    return [i["text"] if isinstance(i, dict) else str(i) for i in items or []]


def _with_leader_texts(pred: list[dict]) -> list[dict]:
    return [{**p, "leaders": _texts(p.get("leaders", []))} for p in pred]


def _match_groups(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Gold groups paired with the first unused predicted group of the same name (containment either
    way) or sharing a leader, as docs/gold.md scores them. ``pred`` leaders are plain strings here."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            if _contains_either(g.get("name"), p.get("name")) or any(
                _contains_either(gl, pl) for gl in g.get("leaders", []) for pl in p.get("leaders", [])
            ):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def score_groups(gold: list[dict], pred: list[dict]) -> tuple[Scores, int, int]:
    """Group scores plus (roles matched, roles eligible)."""
    pred = _with_leader_texts(pred)
    pairs = _match_groups(gold, pred)
    roles_ok = roles_n = 0
    for g, p in pairs:
        if g.get("leaders"):
            roles_n += 1
            roles_ok += _leaders_match(g["leaders"], p.get("leaders", []))
    return Scores(len(pairs), len(pred), len(pairs), len(gold)), roles_ok, roles_n


def score_members(gold: list[dict], pred: list[dict]) -> Scores:
    """Members and deputy leaders of the groups that were found, each side matched by containment.

    Precision and recall count different things, as for problems and measures: predictions that lie
    inside (or contain) a gold member, and gold members that some prediction matches. A list the gold
    keeps as one member ("A、B、C主要负责人") and the extractor splits gives three correct predictions
    and one found gold member; :meth:`EvalReport.table` prints both counts so that the line adds up.

    Not part of the gold format's scoring (which stops at leaders); reported because a member list that
    runs on into the next paragraphs changes no official score."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    for g, p in _match_groups(gold, _with_leader_texts(pred)):
        for gold_key, pred_key in (("members", "members"), ("deputy_leaders", "deputy_leaders")):
            gs, ps = _texts(g.get(gold_key, [])), _texts(p.get(pred_key, []))
            n_gold += len(gs)
            n_pred += len(ps)
            tp_gold += sum(any(_contains_either(x, y) for y in ps) for x in gs)
            tp_pred += sum(any(_contains_either(y, x) for x in gs) for y in ps)
    return Scores(tp_pred, n_pred, tp_gold, n_gold)


def _mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for s, e in spans:
        mask[max(0, s) : max(0, min(e, length))] = b"\x01" * max(0, min(e, length) - max(0, s))
    return mask


def _occurrences(text: str, item: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(item)
    while start >= 0 and item:
        spans.append((start, start + len(item)))
        start = text.find(item, start + 1)
    return spans


def score_items(text: str, gold: list[str], pred_spans: list[tuple[int, int]]) -> Scores:
    """Half-character-overlap scoring of problems/measures (gold items located by string search)."""
    gold_spans_per_item = [_occurrences(text, g) for g in gold]
    gold_mask = _mask(len(text), [s for spans in gold_spans_per_item for s in spans])
    pred_mask = _mask(len(text), pred_spans)
    tp_gold = 0
    for item, spans in zip(gold, gold_spans_per_item):
        if not spans:
            continue  # not in the text: cannot be recalled
        best = max(sum(pred_mask[s:e]) for s, e in spans)
        tp_gold += best * 2 >= len(item)
    tp_pred = 0
    for s, e in pred_spans:
        if e > s:
            tp_pred += sum(gold_mask[s:e]) * 2 >= (e - s)
    return Scores(tp_pred, len(pred_spans), tp_gold, len(gold))


# -- the ledger --------------------------------------------------------------------------------------


def _covers(span: tuple[int, int], target: tuple[int, int]) -> bool:
    """Whether ``span`` covers at least half of the characters of ``target``."""
    overlap = min(span[1], target[1]) - max(span[0], target[0])
    return overlap > 0 and 2 * overlap >= target[1] - target[0]


def _first(text: str, item: str | None) -> tuple[int, int] | None:
    if not item:
        return None
    at = text.find(item)
    return (at, at + len(item)) if at >= 0 else None


def score_ledger(
    text: str, gold: list[dict[str, Any]], fields: Mapping[str, Any]
) -> tuple[Scores, dict[str, tuple[int, int]]]:
    """Ledger scoring (docs/gold.md): link P/R over (problem, measure) pairs, each side found when a span of
    the other covers at least half of its characters; and, over gold entries whose problem was found, how
    many have their units (containment either way), deadline (containment either way; null only matches
    null) and status right."""
    by_id = {f.get("id"): f for name in ("problems", "measures") for f in map(_as_dict, fields.get(name, []))}
    pred = []
    for e in map(_as_dict, fields.get("ledger", [])):
        pred.append(
            (
                (e["span"][0], e["span"][1]),
                [(by_id[m]["span"][0], by_id[m]["span"][1]) for m in e.get("measures", []) if m in by_id],
                e,
            )
        )
    gold_entries = []
    for g in gold:
        located = _first(text, g.get("problem"))
        if located is None:
            continue
        gold_measures = [m for m in (_first(text, x) for x in g.get("measures", [])) if m is not None]
        gold_entries.append((located, gold_measures, g))
    n_gold = sum(len(m) for _, m, _ in gold_entries)
    n_pred = sum(len(m) for _, m, _ in pred)
    tp_gold = sum(
        any(_covers(pp, gp) and any(_covers(pm, gm) for pm in pms) for pp, pms, _ in pred)
        for gp, gms, _ in gold_entries
        for gm in gms
    )
    tp_pred = sum(
        any(_covers(gp, pp) and any(_covers(gm, pm) for gm in gms) for gp, gms, _ in gold_entries)
        for pp, pms, _ in pred
        for pm in pms
    )
    found = {"units": [0, 0], "deadline": [0, 0], "status": [0, 0]}
    for gp, _, g in gold_entries:
        match = next((e for pp, _, e in pred if _covers(pp, gp)), None)
        if match is None:
            continue
        pred_units = [u["text"] for u in match.get("units") or []]
        gold_units = list(g.get("units") or [])
        found["units"][1] += 1
        found["units"][0] += all(any(_contains_either(u, p) for p in pred_units) for u in gold_units)
        deadline = (match.get("deadline") or {}).get("text")
        found["deadline"][1] += 1
        found["deadline"][0] += (
            deadline is None if g.get("deadline") is None else _contains_either(g.get("deadline"), deadline)
        )
        status = (match.get("status") or {}).get("value")
        found["status"][1] += 1
        found["status"][0] += status == g.get("status")
    return Scores(tp_pred, n_pred, tp_gold, n_gold), {k: (v[0], v[1]) for k, v in found.items()}


# -- the whole evaluation ------------------------------------------------------------------------


#: the fields :meth:`EvalReport.intervals` gives intervals of, and how many samples it draws
INTERVAL_FIELDS = ("counts", "groups", "problems", "measures", "links")
BOOTSTRAP_RESAMPLES = 1000


@dataclass
class EvalReport:
    """Everything ``reportkit eval`` prints."""

    n_docs: int = 0
    type_total: int = 0
    type_correct: int = 0
    confusion: dict[str, Counter] = field(default_factory=dict)
    counts: Scores = field(default_factory=Scores)
    subjects_ok: int = 0  # count subjects judged correct (score_subjects)
    subjects_n: int = 0
    groups: Scores = field(default_factory=Scores)
    roles_ok: int = 0
    roles_n: int = 0
    members: Scores = field(default_factory=Scores)  # members and deputies of found groups (diagnostic)
    problems: Scores = field(default_factory=Scores)
    measures: Scores = field(default_factory=Scores)
    #: problems and measures by the gold document type: where a set's findings are weak (a survey's problems,
    #: a summary's measures) is hidden in the totals
    by_type: dict[str, dict[str, Scores]] = field(default_factory=dict)
    spans_valid: int = 0
    spans_total: int = 0
    missing: list[str] = field(default_factory=list)
    per_doc: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: problems and measures at each item-model threshold (findings with ``score`` at or above it)
    thresholds: dict[str, dict[float, Scores]] = field(default_factory=dict)
    #: (score, correct) of every predicted problem and measure, for the calibration table
    scored: list[tuple[float, bool]] = field(default_factory=list)
    min_score: float | None = None
    #: the ledger (documents whose gold has one): problem -> measure links, and the fields of found entries
    ledger_links: Scores = field(default_factory=Scores)
    ledger_docs: int = 0
    ledger_fields: dict[str, list[int]] = field(
        default_factory=lambda: {"units": [0, 0], "deadline": [0, 0], "status": [0, 0]}
    )
    #: each field's scores document by document (the ledger's: documents with a gold ledger), in id order: what
    #: :meth:`intervals` resamples
    by_doc: dict[str, list[Scores]] = field(default_factory=dict)

    def intervals(
        self, resamples: int = BOOTSTRAP_RESAMPLES, level: float = 0.95, seed: int = 0
    ) -> dict[str, tuple[float, float]]:
        """How far each field's F1 could move with other documents of the same kind: the central ``level``
        of the F1s of ``resamples`` samples of the documents drawn with replacement (a percentile bootstrap
        over documents, whose items are not independent of each other). The same on every machine and NumPy
        version: NumPy's legacy ``RandomState``, whose stream is frozen, from ``seed`` and the field (one stream
        each), and sums of whole counts."""
        import numpy as np

        out: dict[str, tuple[float, float]] = {}
        for k, name in enumerate(INTERVAL_FIELDS):
            docs = self.by_doc.get(name, [])
            if not docs:
                continue
            counts = np.array([[s.tp_pred, s.n_pred, s.tp_gold, s.n_gold] for s in docs], dtype=np.int64)
            rng = np.random.RandomState([seed, k])
            drawn = counts[rng.randint(0, len(docs), size=(resamples, len(docs)))].sum(axis=1)
            tp_pred, n_pred, tp_gold, n_gold = drawn.T
            with np.errstate(divide="ignore", invalid="ignore"):
                p = np.where(n_pred > 0, tp_pred / np.maximum(n_pred, 1), (n_gold == 0).astype(float))
                r = np.where(n_gold > 0, tp_gold / np.maximum(n_gold, 1), (n_pred == 0).astype(float))
                f1 = np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)
            lo, hi = np.percentile(f1, [50 * (1 - level), 50 * (1 + level)])
            out[name] = (round(float(lo), 4), round(float(hi), 4))
        return out

    def calibration(self, bins: int = 10) -> tuple[list[dict[str, Any]], float]:
        """Predicted score against observed correctness of problems and measures, and the expected
        calibration error (the mean gap between them, weighted by the bins' sizes)."""
        rows, total, gap = [], len(self.scored), 0.0
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [(s, ok) for s, ok in self.scored if lo <= s < hi or (b == bins - 1 and s >= 1.0)]
            n = len(inside)
            mean = sum(s for s, _ in inside) / n if n else 0.0
            observed = sum(ok for _, ok in inside) / n if n else 0.0
            rows.append(
                {"bin": f"{lo:.1f}-{hi:.1f}", "n": n, "mean_score": round(mean, 4), "observed": round(observed, 4)}
            )
            gap += n * abs(mean - observed)
        return rows, (gap / total if total else 0.0)

    def type_docs(self, label: str) -> int:
        """How many scored documents (with full gold) have gold type ``label``."""
        return sum(1 for d in self.per_doc.values() if d["type"]["gold"] == label)

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.type_total if self.type_total else 0.0

    @property
    def type_macro_f1(self) -> float:
        labels = sorted(self.confusion)
        f1s = []
        for label in labels:
            tp = self.confusion[label][label]
            fn = sum(self.confusion[label].values()) - tp
            fp = sum(row[label] for g, row in self.confusion.items() if g != label)
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        return sum(f1s) / len(f1s) if f1s else 0.0

    @property
    def subjects(self) -> float:
        """The share of judged count subjects that are right (:func:`score_subjects`)."""
        return self.subjects_ok / self.subjects_n if self.subjects_n else 1.0

    @property
    def roles(self) -> float:
        return self.roles_ok / self.roles_n if self.roles_n else 1.0

    @property
    def span_validity(self) -> float:
        return self.spans_valid / self.spans_total if self.spans_total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.n_docs,
            "type": {
                "accuracy": round(self.type_accuracy, 4),
                "macro_f1": round(self.type_macro_f1, 4),
                "n": self.type_total,
                "confusion": {g: dict(sorted(row.items())) for g, row in sorted(self.confusion.items())},
            },
            "counts": {
                **self.counts.to_dict(),
                "subjects": round(self.subjects, 4),
                "subjects_correct": self.subjects_ok,
                "subjects_n": self.subjects_n,
            },
            "groups": {
                **self.groups.to_dict(),
                "roles": round(self.roles, 4),
                "roles_n": self.roles_n,
                "members": {
                    **self.members.to_dict(),
                    "pred_matching": int(self.members.tp_pred),
                    "gold_found": int(self.members.tp_gold),
                },
            },
            "problems": self.problems.to_dict(),
            "measures": self.measures.to_dict(),
            "by_type": {
                label: {"documents": self.type_docs(label), **{name: s.to_dict() for name, s in fields.items()}}
                for label, fields in sorted(self.by_type.items())
            },
            "ledger": {
                "documents": self.ledger_docs,
                "links": self.ledger_links.to_dict(),
                **{
                    name: {"correct": ok, "n": n, "accuracy": round(ok / n, 4) if n else None}
                    for name, (ok, n) in self.ledger_fields.items()
                },
            },
            "spans": {
                "valid": self.spans_valid,
                "total": self.spans_total,
                "invalid": self.spans_total - self.spans_valid,
            },
            "min_score": self.min_score,
            "thresholds": {
                name: {f"{t:.1f}": s.to_dict() for t, s in sorted(by_t.items())}
                for name, by_t in sorted(self.thresholds.items())
            },
            "calibration": {"bins": self.calibration()[0], "ece": round(self.calibration()[1], 4)},
            "intervals": {
                "level": 0.95,
                "resamples": BOOTSTRAP_RESAMPLES,
                "f1": {name: list(bounds) for name, bounds in self.intervals().items()},
            },
            "missing": self.missing,
            "per_document": self.per_doc,
        }

    def table(self) -> str:
        """A plain-text summary table."""
        lines = [f"documents: {self.n_docs}" + (f" (missing: {', '.join(self.missing)})" if self.missing else "")]
        lines.append(
            f"type        accuracy {self.type_accuracy:.3f}  macro-F1 {self.type_macro_f1:.3f}  (n={self.type_total})"
        )
        bounds = self.intervals()

        def interval(name: str) -> str:
            return f"  {bounds[name][0]:.3f}-{bounds[name][1]:.3f}" if name in bounds else ""

        lines.append(
            f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}  F1 95% interval (documents resampled)"
        )
        for name, s in (
            ("counts", self.counts),
            ("groups", self.groups),
            ("problems", self.problems),
            ("measures", self.measures),
        ):
            lines.append(
                f"{name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.n_pred:6d} {s.n_gold:6d}{interval(name)}"
            )
        if self.ledger_docs:
            s = self.ledger_links
            lines.append(
                f"ledger     {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.n_pred:6d} {s.n_gold:6d}{interval('links')}"
                f"  (problem -> measure links, {self.ledger_docs} documents with a gold ledger)"
            )
            lines.append(
                "  of found entries: "
                + ", ".join(
                    f"{name} {ok / n:.3f} ({ok}/{n})" if n else f"{name} -"
                    for name, (ok, n) in self.ledger_fields.items()
                )
            )
        lines.append(
            f"subjects   {self.subjects:6.3f}  ({self.subjects_ok}/{self.subjects_n} counts found whose gold has a"
            " subject: the predicted subject contains it or lies inside it)"
        )
        lines.append(f"roles      {self.roles:6.3f}  ({self.roles_ok}/{self.roles_n} found groups with leaders)")
        m = self.members
        lines.append(
            f"members    {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.n_pred:6d} {m.n_gold:6d}"
            f"  ({m.tp_pred:g} of {m.n_pred} predicted match a gold member, {m.tp_gold:g} of {m.n_gold} gold"
            " members are found; deputies and members of found groups, not in the gold format's scoring)"
        )
        lines.append(
            f"spans      {self.spans_valid}/{self.spans_total} valid ({self.spans_total - self.spans_valid} invalid)"
        )
        if self.thresholds:
            lines.append("")
            lines.append("problems and measures by --min-score (findings with a score at or above it)")
            lines.append("min-score   problems P     R    F1    measures P     R    F1")
            for t in sorted(self.thresholds.get("problems", {})):
                p, m = self.thresholds["problems"][t], self.thresholds["measures"][t]
                mark = "  <- this run" if self.min_score is not None and abs(t - self.min_score) < 1e-9 else ""
                lines.append(
                    f"  {t:.1f}       {p.precision:.3f} {p.recall:.3f} {p.f1:.3f}          "
                    f"{m.precision:.3f} {m.recall:.3f} {m.f1:.3f}{mark}"
                )
        if self.scored:
            rows, ece = self.calibration()
            lines.append("")
            lines.append(f"calibration of problems and measures (expected calibration error {ece:.3f})")
            lines.append("  score        n   mean score   correct")
            for row in rows:
                if row["n"]:
                    lines.append(
                        f"  {row['bin']:<9} {row['n']:>5}   {row['mean_score']:.3f}        {row['observed']:.3f}"
                    )
        if self.by_type:
            lines.append("")
            lines.append("problems and measures by document type (the gold's)")
            lines.append(f"{'type':<14} {'docs':>5}   problems P     R    F1  gold    measures P     R    F1  gold")
            for label, fields in sorted(self.by_type.items()):
                p, m = fields["problems"], fields["measures"]
                lines.append(
                    f"{pad(label, 14)} {self.type_docs(label):>5}            {p.precision:.3f} {p.recall:.3f} {p.f1:.3f}"
                    f" {p.n_gold:>5}            {m.precision:.3f} {m.recall:.3f} {m.f1:.3f} {m.n_gold:>5}"
                )
        if self.confusion:
            labels = sorted(set(self.confusion) | {p for row in self.confusion.values() for p in row})
            lines.append("")
            lines.append("confusion (rows: gold, columns: predicted)")
            lines.extend(confusion_lines(self.confusion, labels))
        return "\n".join(lines)


def per_document_table(per_doc: Mapping[str, Mapping[str, Any]]) -> str:
    """The per-document scores of :attr:`EvalReport.per_doc` as text: the type (gold, and what was
    predicted when it differs) and F1 of each field with its predicted/gold counts — the ledger's links F1 where
    the gold has a ledger, and its units, deadline and status right of the entries found."""
    fields = ("counts", "groups", "problems", "measures", "ledger")
    ids = sorted(per_doc)
    id_width = max([len("document"), *map(display_width, ids)]) + 1
    types = {
        doc_id: (
            per_doc[doc_id]["type"]["gold"]
            if per_doc[doc_id]["type"]["predicted"] == per_doc[doc_id]["type"]["gold"]
            else f"{per_doc[doc_id]['type']['gold']} (predicted {per_doc[doc_id]['type']['predicted']})"
        )
        for doc_id in ids
    }
    type_width = max([len("type"), *map(display_width, types.values())]) + 1
    lines = [
        "per document: F1 (predicted/gold) of each field (ledger: its links); - where neither has any",
        f"{'document':<{id_width}}{'type':<{type_width}}"
        + "".join(f"{name:>17}" for name in fields)
        + "  units/deadline/status right (of entries found)",
    ]
    for doc_id in ids:
        cells = []
        for name in fields:
            s = per_doc[doc_id].get(name)
            if not s or (s["n_pred"] == 0 and s["n_gold"] == 0):
                cells.append(f"{'-':>17}")
            else:
                cells.append(f"{s['f1']:>8.3f} ({s['n_pred']}/{s['n_gold']})".rjust(17))
        found = per_doc[doc_id].get("ledger_fields")
        if found:
            cells.append(
                "  " + " ".join(f"{found[k]['correct']}/{found[k]['n']}" for k in ("units", "deadline", "status"))
            )
        lines.append(pad(doc_id, id_width) + pad(types[doc_id], type_width) + "".join(cells))
    return "\n".join(lines)


def _spans_in(d: Any):
    """Every (text, span) pair in a finding dict, nested mentions included."""
    if isinstance(d, dict):
        if isinstance(d.get("text"), str) and isinstance(d.get("span"), (list, tuple)) and len(d["span"]) == 2:
            yield d["text"], tuple(d["span"])
        for v in d.values():
            if isinstance(v, (dict, list)):
                yield from _spans_in(v)
    elif isinstance(d, list):
        for v in d:
            yield from _spans_in(v)


def _as_dict(f: Any) -> dict[str, Any]:
    """A record or a finding as its dict (records and findings are given either way)."""
    return f if isinstance(f, dict) else f.model_dump()


def evaluate(
    gold: Mapping[str, Mapping[str, Any]],
    records: Mapping[str, Any],
    texts: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    min_score: float | None = None,
    thresholds: Iterable[float] = THRESHOLDS,
    outcomes: bool = False,
    ledger_records: Mapping[str, Any] | None = None,
) -> EvalReport:
    """Score ``records`` (document id -> Record or its dict) against ``gold``.

    :param texts: document id -> ``Document.text`` (to locate gold items and check spans)
    :param labels: extra document id -> label, for documents without full gold (type only)
    :param min_score: score problems and measures at this item-model threshold (findings with a lower
        ``score`` left out); None scores every finding in the records
    :param thresholds: also score problems and measures at each of these thresholds
    :param outcomes: keep each document's :func:`item_outcomes` in ``per_doc[id]["items"]`` (what
        ``reportkit eval --diff`` compares)
    :param ledger_records: document id -> the record to score the ledger from, where it is not ``records``'
        (records made with every finding kept, to score each threshold, hold a ledger built from findings a
        user would not see; ``reportkit eval`` re-runs the ledger's documents at ``min_score`` for it)
    """
    thresholds = tuple(thresholds)
    report = EvalReport(min_score=min_score)
    ids = sorted(set(gold) | set(labels or {}))
    for doc_id in ids:
        record = records.get(doc_id)
        if record is None:
            report.missing.append(doc_id)
            continue
        rec = _as_dict(record)
        report.n_docs += 1
        entry = gold.get(doc_id)
        gold_label = entry["doc_type"] if entry else (labels or {})[doc_id]
        accepted = {gold_label, *(entry.get("doc_type_also", []) if entry else [])}
        predicted = (rec.get("doc_type") or {}).get("label", "(none)")
        report.type_total += 1
        report.type_correct += predicted in accepted
        shown = predicted if predicted not in accepted else gold_label
        report.confusion.setdefault(gold_label, Counter())[shown] += 1
        if entry is None:
            continue
        text = texts[doc_id]
        fields = rec.get("fields", {})
        doc_scores: dict[str, Any] = {"type": {"gold": gold_label, "predicted": predicted}}

        counts = [_as_dict(f) for f in fields.get("counts", [])]
        s = score_counts(entry["counts"], counts)
        report.counts.add(s)
        report.by_doc.setdefault("counts", []).append(s)
        doc_scores["counts"] = s.to_dict()
        ok, n = score_subjects(entry["counts"], counts)
        report.subjects_ok += ok
        report.subjects_n += n
        doc_scores["counts"]["subjects_correct"], doc_scores["counts"]["subjects_n"] = ok, n

        groups = [_as_dict(f) for f in fields.get("leadership_groups", [])]
        s, ok, n = score_groups(entry["leadership_groups"], groups)
        report.groups.add(s)
        report.by_doc.setdefault("groups", []).append(s)
        report.roles_ok += ok
        report.roles_n += n
        doc_scores["groups"] = s.to_dict()
        report.members.add(score_members(entry["leadership_groups"], groups))

        for name, target in (("problems", report.problems), ("measures", report.measures)):
            found = [_as_dict(f) for f in fields.get(name, [])]
            scored = [(float(f.get("score", 1.0)), tuple(f["span"])) for f in found]
            spans = [span for score, span in scored if min_score is None or score >= min_score]
            s = score_items(text, entry[name], spans)
            target.add(s)
            report.by_doc.setdefault(name, []).append(s)
            report.by_type.setdefault(gold_label, {"problems": Scores(), "measures": Scores()})[name].add(s)
            doc_scores[name] = s.to_dict()
            by_t = report.thresholds.setdefault(name, {})
            for t in thresholds:
                at = [span for score, span in scored if score >= t]
                by_t.setdefault(t, Scores()).add(score_items(text, entry[name], at))
            gold_mask = _mask(len(text), [o for g in entry[name] for o in _occurrences(text, g)])
            report.scored.extend((score, 2 * sum(gold_mask[s0:e0]) >= e0 - s0) for score, (s0, e0) in scored if e0 > s0)

        if entry.get("ledger"):
            report.ledger_docs += 1
            ledger_record = (ledger_records or {}).get(doc_id)
            ledger_fields = fields if ledger_record is None else _as_dict(ledger_record).get("fields", {})
            links, found_fields = score_ledger(text, entry["ledger"], ledger_fields)
            report.ledger_links.add(links)
            report.by_doc.setdefault("links", []).append(links)
            doc_scores["ledger"] = links.to_dict()
            # units, deadline and status over this document's gold entries whose problem was found: the totals' parts
            doc_scores["ledger_fields"] = {name: {"correct": ok, "n": n} for name, (ok, n) in found_fields.items()}
            for name, (ok, n) in found_fields.items():
                report.ledger_fields[name][0] += ok
                report.ledger_fields[name][1] += n

        for items in fields.values():
            for f in items:
                for piece_text, (start, end) in _spans_in(_as_dict(f)):
                    report.spans_total += 1
                    report.spans_valid += 0 <= start <= end <= len(text) and text[start:end] == piece_text
        if outcomes:
            doc_scores["items"] = item_outcomes(entry, rec, text, min_score)
        report.per_doc[doc_id] = doc_scores
    return report


# -- what a change fixed and broke (``reportkit eval --diff``) ----------------------------------------

DIFF_FIELDS = ("type", "counts", "groups", "problems", "measures")


def _piece(text: str, span: Any, **extra: Any) -> dict[str, Any]:
    return {"text": text, "span": list(span) if span is not None else None, **extra}


def item_outcomes(entry: Mapping[str, Any], record: Any, text: str, min_score: float | None = None) -> dict[str, Any]:
    """Every gold item of one document with whether reportkit found it, and every prediction with whether
    it is right, field by field, judged as :func:`evaluate` scores them. ``reportkit eval --diff`` compares
    two of these."""
    rec = record if isinstance(record, dict) else record.model_dump()
    fields = rec.get("fields") or {}
    accepted = {entry["doc_type"], *(entry.get("doc_type_also") or [])}
    predicted = (rec.get("doc_type") or {}).get("label")
    out: dict[str, Any] = {"type": {"gold": entry["doc_type"], "predicted": predicted, "ok": predicted in accepted}}
    gold_spans: Any = entry.get("spans") if isinstance(entry.get("spans"), dict) else {}

    def gold_span(field: str, i: int, value: str) -> Any:
        listed = gold_spans.get(field) or []
        given = listed[i] if i < len(listed) else None
        if isinstance(given, dict):
            given = given.get("quote")
        if isinstance(given, list) and len(given) == 2 and text[given[0] : given[1]] == value:
            return given
        found = text.find(value) if value else -1
        return [found, found + len(value)] if found >= 0 else None

    # counts: the multiset of (value, unit), paired greedily in gold order as score_counts counts them
    preds = [_as_dict(f) for f in fields.get("counts", [])]
    used: set[int] = set()
    gold_out = []

    def ckey(c: Mapping[str, Any]) -> tuple[float, str]:
        return (round(float(c["value"]), 3), str(c["unit"]))

    for i, g in enumerate(entry["counts"]):
        k = next((j for j, p in enumerate(preds) if j not in used and ckey(p) == ckey(g)), None)
        if k is not None:
            used.add(k)
        gold_out.append(
            _piece(
                str(g.get("text") or f"{g['value']}{g['unit']}"),
                gold_span("counts", i, g.get("text") or ""),
                found=k is not None,
                value=g["value"],
                unit=g["unit"],
            )
        )
    out["counts"] = {
        "gold": gold_out,
        "pred": [
            _piece(
                p.get("text", ""), p.get("span"), id=p.get("id"), ok=j in used, value=p.get("value"), unit=p.get("unit")
            )
            for j, p in enumerate(preds)
        ],
    }
    # groups: paired as score_groups pairs them
    groups = [_as_dict(f) for f in fields.get("leadership_groups", [])]
    plain = _with_leader_texts(groups)
    pairs = _match_groups(entry["leadership_groups"], plain)
    paired_gold = {id(g) for g, _ in pairs}
    paired_pred = {id(p) for _, p in pairs}
    out["groups"] = {
        "gold": [
            _piece(
                g.get("name") or g.get("quote") or "",
                gold_span("leadership_groups", i, g.get("quote") or ""),
                found=id(g) in paired_gold,
            )
            for i, g in enumerate(entry["leadership_groups"])
        ],
        "pred": [
            _piece(p.get("name") or p.get("text", ""), p.get("span"), id=p.get("id"), ok=id(q) in paired_pred)
            for p, q in zip(groups, plain)
        ],
    }
    for name in ("problems", "measures"):
        found = [_as_dict(f) for f in fields.get(name, [])]
        kept = [f for f in found if min_score is None or float(f.get("score", 1.0)) >= min_score]
        pred_mask = _mask(len(text), [tuple(f["span"]) for f in kept])
        gold_mask = _mask(len(text), [o for g in entry[name] for o in _occurrences(text, g)])
        gold_items = []
        for i, g in enumerate(entry[name]):
            spans = _occurrences(text, g)
            ok = bool(spans) and max(sum(pred_mask[s:e]) for s, e in spans) * 2 >= len(g)
            gold_items.append(_piece(g, gold_span(name, i, g), found=ok))
        out[name] = {
            "gold": gold_items,
            "pred": [
                _piece(
                    f.get("text", ""),
                    f["span"],
                    id=f.get("id"),
                    ok=2 * sum(gold_mask[f["span"][0] : f["span"][1]]) >= f["span"][1] - f["span"][0],
                )
                for f in kept
            ],
        }
    return out


@dataclass
class DiffReport:
    """What changed between two evaluations of the same documents against the same gold."""

    old_name: str
    new_name: str
    documents: list[str] = field(default_factory=list)
    fixed: list[dict[str, Any]] = field(default_factory=list)
    broke: list[dict[str, Any]] = field(default_factory=list)
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {"old": {...}, "new": {...}}
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {f: {"fixed": 0, "broke": 0} for f in DIFF_FIELDS}
        for change in self.fixed:
            out[change["field"]]["fixed"] += 1
        for change in self.broke:
            out[change["field"]]["broke"] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_name,
            "new": self.new_name,
            "documents": len(self.documents),
            "by_field": self.counts(),
            "scores": self.scores,
            "fixed": self.fixed,
            "broke": self.broke,
            "only_in_old": self.only_old,
            "only_in_new": self.only_new,
        }

    def table(self) -> str:
        lines = [f"eval --diff: {self.old_name} -> {self.new_name} ({len(self.documents)} documents in both)"]
        if self.only_old or self.only_new:
            lines.append(f"  left out: {len(self.only_old)} only in the old, {len(self.only_new)} only in the new")
        lines.append(f"{'field':<10} {'fixed':>6} {'broke':>6}   F1 old -> new")
        counts = self.counts()
        for f in DIFF_FIELDS:
            sc = self.scores.get(f)
            f1 = ""
            if sc:
                key = "accuracy" if f == "type" else "f1"
                f1 = f"   {sc['old'][key]:.3f} -> {sc['new'][key]:.3f}" if key in sc["old"] else ""
            lines.append(f"{f:<10} {counts[f]['fixed']:>6} {counts[f]['broke']:>6}{f1}")
        for title, changes in (("fixed", self.fixed), ("broke", self.broke)):
            if not changes:
                continue
            lines.append("")
            lines.append(f"{title} ({len(changes)})")
            for c in changes:
                quote = c["text"] if len(c["text"]) <= 40 else c["text"][:39] + "…"
                where = f" [{c['span'][0]}, {c['span'][1]})" if c.get("span") else ""
                link = f"  {c['link']}" if c.get("link") else ""
                lines.append(f"  {c['doc']:<14} {c['field']:<9} {c['what']}: “{quote}”{where}{link}")
        return "\n".join(lines)


def _changes(doc_id: str, field_name: str, old: Mapping[str, Any], new: Mapping[str, Any]):
    """(fixed, broke) of one field of one document."""
    fixed: list[dict[str, Any]] = []
    broke: list[dict[str, Any]] = []
    if field_name == "type":
        if old["ok"] != new["ok"]:
            change: dict[str, Any] = {"doc": doc_id, "field": "type", "span": None}
            change["text"] = f"{old['predicted']} -> {new['predicted']}"
            (fixed if new["ok"] else broke).append({**change, "what": f"type (gold {new['gold']})"})
        return fixed, broke
    if [g["text"] for g in old["gold"]] != [g["text"] for g in new["gold"]]:
        raise GoldFormatError(f"{doc_id}: the two were scored against different gold ({field_name} differ)")
    for g_old, g_new in zip(old["gold"], new["gold"]):
        if g_old["found"] != g_new["found"]:
            what = "now found" if g_new["found"] else "now missed"
            (fixed if g_new["found"] else broke).append(
                {"doc": doc_id, "field": field_name, "what": what, "text": g_new["text"], "span": g_new["span"]}
            )

    def wrong(preds: list[dict[str, Any]]) -> dict[tuple[str, tuple[int, ...]], dict[str, Any]]:
        return {(p["text"], tuple(p["span"] or ())): p for p in preds if not p["ok"]}

    wrong_old, wrong_new = wrong(old["pred"]), wrong(new["pred"])
    for key, p in wrong_old.items():
        if key not in wrong_new:
            fixed.append(
                {"doc": doc_id, "field": field_name, "what": "wrong finding gone", "text": p["text"], "span": p["span"]}
            )
    for key, p in wrong_new.items():
        if key not in wrong_old:
            broke.append(
                {"doc": doc_id, "field": field_name, "what": "new wrong finding", "text": p["text"], "span": p["span"]}
            )
    return fixed, broke


def diff_outcomes(
    old: Mapping[str, Mapping[str, Any]],
    new: Mapping[str, Mapping[str, Any]],
    *,
    old_name: str = "old",
    new_name: str = "new",
    link: Any = None,
) -> DiffReport:
    """Compare per-document outcomes (:func:`item_outcomes`, by document id) of two runs.

    :param link: ``(doc_id, span) -> str`` for the link of each change (None: no links)
    """
    report = DiffReport(old_name, new_name)
    report.documents = sorted(set(old) & set(new))
    report.only_old = sorted(set(old) - set(new))
    report.only_new = sorted(set(new) - set(old))
    for doc_id in report.documents:
        for f in DIFF_FIELDS:
            if f in old[doc_id] and f in new[doc_id]:
                fixed, broke = _changes(doc_id, f, old[doc_id][f], new[doc_id][f])
                report.fixed.extend(fixed)
                report.broke.extend(broke)
    if link is not None:
        for change in report.fixed + report.broke:
            change["link"] = link(change["doc"], change.get("span"))
    return report
