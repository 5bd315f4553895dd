"""Gold entries with spans: what ``reportkit annotate`` reads, writes and checks (docs/gold.md).

An annotated entry is an ordinary gold entry (the five required keys, ``doc_type_also``,
``doc_type_note``, optionally ``ledger``) plus two keys that make it exact:

* ``source`` — ``{"path", "sha256", "chars"}`` of the document the entry was made on, so that gold for
  a file that changed since is refused instead of pointing at other text;
* ``spans`` — where each quoted string is, mirroring the entry: ``problems``, ``measures`` and
  ``counts`` a ``[start, end]`` per item; ``leadership_groups`` per group ``quote``, ``name``,
  ``leaders``, ``deputy_leaders``, ``members``, ``office`` and ``subgroups``; ``ledger`` per entry
  ``units``, ``deadline`` and ``status_text``. Offsets are code points of the text as reportkit's readers
  decode it, and ``text[start:end]`` is the string.

The page keeps a document's annotations as a *state* (items with spans, decisions, the ledger by item
key); :func:`entry_from_state` turns one into a gold entry exactly as the page's export does, and
:func:`check_entry` checks an entry against its document the way ``scripts/corpus.py check`` does, plus
the spans and the SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import GoldFormatError

__all__ = [
    "ENTRY_KEYS",
    "FIELDS",
    "check_entry",
    "check_source",
    "entry_from_state",
    "initial_state",
    "state_from_gold",
    "state_from_record",
]

ENTRY_KEYS = ("doc_type", "doc_type_also", "doc_type_note", "leadership_groups", "counts", "problems", "measures")
OPTIONAL_KEYS = ("ledger", "source", "spans")
GROUP_KEYS = ("name", "leaders", "deputy_leaders", "members", "office", "subgroups", "quote")
COUNT_KEYS = ("value", "unit", "approx", "subject", "text")
LEDGER_KEYS = ("problem", "measures", "units", "deadline", "status", "status_text")
APPROX = (None, "over", "under", "about")
STATUS = (None, "done", "in_progress", "ongoing", "planned")
ROLES = ("leaders", "deputy_leaders", "members")
#: the fields a page annotates, in the order the page lists them
FIELDS = ("problems", "measures", "counts", "leadership_groups")

Span = list[int]


# -- checking ----------------------------------------------------------------------------------------


def _is_span(value: Any, text: str) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] < value[1] <= len(text)
    )


class _Checker:
    def __init__(self, doc_id: str, text: str | None) -> None:
        self.doc_id, self.text = doc_id, text
        self.errors: list[str] = []

    def err(self, where: str, message: str) -> None:
        self.errors.append(f"{self.doc_id}{where}: {message}")

    def quote(self, where: str, value: Any, span: Any = None, *, has_spans: bool = False) -> None:
        """A string that must be verbatim in the document (and at ``span``, when spans are given)."""
        if not isinstance(value, str) or not value:
            self.err(where, f"{value!r} is not a non-empty string")
            return
        if self.text is None:
            return
        if value not in self.text:
            self.err(where, f"{value[:30]!r} is not a substring of the document")
        if has_spans:
            if not _is_span(span, self.text):
                self.err(where, f"span {span!r} is not a [start, end] inside the document")
            elif self.text[span[0] : span[1]] != value:
                self.err(where, f"span {list(span)} holds {self.text[span[0] : span[1]][:30]!r}, not {value[:30]!r}")

    def group(self, where: str, group: Any, spans: Any, has_spans: bool) -> None:
        if not isinstance(group, dict) or set(group) != set(GROUP_KEYS):
            self.err(where, f"a group has exactly the keys {', '.join(GROUP_KEYS)}")
            return
        if has_spans and not isinstance(spans, dict):
            self.err(where, "spans of a group must be an object")
            return
        sp = spans if has_spans else {}
        self.quote(f"{where}.quote", group["quote"], sp.get("quote"), has_spans=has_spans)
        name = group["name"]
        if name is not None and (not isinstance(name, str) or not name):
            self.err(f"{where}.name", "must be a non-empty string or null")
        elif name is not None and has_spans and sp.get("name") is not None:
            self.quote(f"{where}.name", name, sp.get("name"), has_spans=True)
        for role in ROLES:
            values = group[role]
            role_spans: Any = sp.get(role) if has_spans else None
            if not isinstance(values, list):
                self.err(f"{where}.{role}", "must be a list")
                continue
            if has_spans and (not isinstance(role_spans, list) or len(role_spans) != len(values)):
                self.err(f"{where}.{role}", "needs one span per string")
                continue
            for i, value in enumerate(values):
                self.quote(f"{where}.{role}[{i}]", value, role_spans[i] if has_spans else None, has_spans=has_spans)
        if group["office"] is not None:
            self.quote(f"{where}.office", group["office"], sp.get("office"), has_spans=has_spans)
        subs = group["subgroups"]
        sub_spans: Any = sp.get("subgroups") if has_spans else None
        if not isinstance(subs, list) or (
            has_spans and (not isinstance(sub_spans, list) or len(sub_spans) != len(subs))
        ):
            self.err(f"{where}.subgroups", "must be a list (with one span object per subgroup)")
            return
        for i, sub in enumerate(subs):
            self.group(f"{where}.subgroups[{i}]", sub, sub_spans[i] if has_spans else None, has_spans)


def check_entry(
    doc_id: str,
    entry: Any,
    text: str | None = None,
    *,
    sha256: str | None = None,
    labels: Iterable[str] | None = None,
) -> list[str]:
    """What is wrong with one gold entry (an empty list when it is valid).

    :param text: the document's text as reportkit decodes it; every quoted string must be in it, and
        every span (when the entry has ``spans``) must hold its string exactly
    :param sha256: the document's SHA-256; an entry whose ``source.sha256`` differs is refused
    :param labels: the document types allowed (any non-empty string when None)
    """
    c = _Checker(doc_id, text)
    if not isinstance(entry, dict):
        return [f"{doc_id}: an entry must be an object"]
    keys = set(entry)
    if not set(ENTRY_KEYS) <= keys or not keys <= set(ENTRY_KEYS) | set(OPTIONAL_KEYS):
        return [f"{doc_id}: keys {sorted(keys)}: need {', '.join(ENTRY_KEYS)}; may add {', '.join(OPTIONAL_KEYS)}"]
    allowed = set(labels) if labels is not None else None
    for key in ("doc_type",):
        if not isinstance(entry[key], str) or not entry[key] or (allowed is not None and entry[key] not in allowed):
            c.err(
                f".{key}",
                f"{entry[key]!r} is not a document type" + (f" ({', '.join(sorted(allowed))})" if allowed else ""),
            )
    also = entry["doc_type_also"]
    if not isinstance(also, list) or any(not isinstance(a, str) or not a or a == entry["doc_type"] for a in also):
        c.err(".doc_type_also", "must be a list of other labels")
    if entry["doc_type_note"] is not None and not isinstance(entry["doc_type_note"], str):
        c.err(".doc_type_note", "must be a string")
    if "source" in entry:
        source = entry["source"]
        if not isinstance(source, dict) or not isinstance(source.get("sha256"), str):
            c.err(".source", "must be an object with the document's sha256")
        else:
            if sha256 is not None and source["sha256"] != sha256:
                return [
                    f"{doc_id}: annotated on another version of {source.get('path') or 'the document'} "
                    "(its SHA-256 differs): the spans would point at other text; annotate it again"
                ]
            if text is not None and source.get("chars") is not None and source["chars"] != len(text):
                c.err(".source.chars", f"{source['chars']} characters recorded, the document has {len(text)}")
    has_spans = "spans" in entry
    spans: Any = entry.get("spans") if has_spans else {}
    if has_spans and not isinstance(spans, dict):
        c.err(".spans", "must be an object")
        return c.errors
    for field in ("problems", "measures", "counts", "leadership_groups"):
        values = entry[field]
        if not isinstance(values, list):
            c.err(f".{field}", "must be a list")
            continue
        field_spans: Any = spans.get(field) if has_spans else None
        if has_spans and (not isinstance(field_spans, list) or len(field_spans) != len(values)):
            c.err(f".spans.{field}", f"needs one span per item ({len(values)})")
            continue
        for i, value in enumerate(values):
            where, span = f".{field}[{i}]", field_spans[i] if has_spans else None
            if field in ("problems", "measures"):
                c.quote(where, value, span, has_spans=has_spans)
            elif field == "counts":
                if not isinstance(value, dict) or set(value) != set(COUNT_KEYS):
                    c.err(where, f"a count has exactly the keys {', '.join(COUNT_KEYS)}")
                    continue
                v = value["value"]
                if not isinstance(v, (int, float)) or isinstance(v, bool) or v != v:
                    c.err(f"{where}.value", f"{v!r} is not a number")
                if not isinstance(value["unit"], str) or not value["unit"]:
                    c.err(f"{where}.unit", "is empty")
                elif "万" in value["unit"] or "亿" in value["unit"]:
                    c.err(f"{where}.unit", f"{value['unit']!r} keeps a magnitude (multiply it into the value)")
                if value["approx"] not in APPROX:
                    c.err(f"{where}.approx", f"{value['approx']!r} is not one of over, under, about or null")
                if value["subject"] is not None and not isinstance(value["subject"], str):
                    c.err(f"{where}.subject", "must be a string or null")
                c.quote(f"{where}.text", value["text"], span, has_spans=has_spans)
            else:
                c.group(where, value, span, has_spans)
    if "ledger" in entry:
        _check_ledger(c, entry, spans.get("ledger") if has_spans else None, has_spans)
    return c.errors


def _check_ledger(c: _Checker, entry: dict, spans: Any, has_spans: bool) -> None:
    ledger = entry["ledger"]
    if not isinstance(ledger, list) or not ledger:
        c.err(".ledger", "must be a non-empty list (leave the key out when there is none)")
        return
    if has_spans and (not isinstance(spans, list) or len(spans) != len(ledger)):
        c.err(".spans.ledger", "needs one object per ledger entry")
        return
    seen: set[str] = set()
    positions = []
    text = c.text
    for i, row in enumerate(ledger):
        where = f".ledger[{i}]"
        if not isinstance(row, dict) or set(row) != set(LEDGER_KEYS):
            c.err(where, f"keys must be {', '.join(LEDGER_KEYS)}")
            continue
        sp = spans[i] if has_spans else {}
        if not isinstance(sp, dict):
            c.err(f".spans.ledger[{i}]", "must be an object")
            continue
        problem = row["problem"]
        if problem not in entry["problems"]:
            c.err(f"{where}.problem", f"{str(problem)[:30]!r} is not one of the entry's problems")
        elif problem in seen:
            c.err(f"{where}.problem", f"{problem[:30]!r} has two entries")
        else:
            seen.add(problem)
            if text is not None:
                positions.append(_problem_at(entry, problem, text))
        if not isinstance(row["measures"], list) or not row["measures"]:
            c.err(f"{where}.measures", "an entry needs at least one measure")
        else:
            for m in row["measures"]:
                if m not in entry["measures"]:
                    c.err(f"{where}.measures", f"{str(m)[:30]!r} is not one of the entry's measures")
        units = row["units"]
        unit_spans: Any = sp.get("units") if has_spans else None
        if not isinstance(units, list) or (
            has_spans and (not isinstance(unit_spans, list) or len(unit_spans) != len(units))
        ):
            c.err(f"{where}.units", "must be a list (with one span per unit)")
        else:
            for k, u in enumerate(units):
                c.quote(f"{where}.units[{k}]", u, unit_spans[k] if has_spans else None, has_spans=has_spans)
        for key in ("deadline", "status_text"):
            if row[key] is not None:
                c.quote(f"{where}.{key}", row[key], sp.get(key), has_spans=has_spans)
        if row["status"] not in STATUS:
            c.err(f"{where}.status", f"{row['status']!r} is not one of done, in_progress, ongoing, planned or null")
        if (row["status"] is None) != (row["status_text"] is None):
            c.err(where, "status and status_text are null together or not at all")
    if positions != sorted(positions):
        c.err(".ledger", "entries are not in the order of their problems in the text")


def _problem_at(entry: Mapping[str, Any], problem: str, text: str) -> int:
    """Where a ledger entry's problem is: at its span when the entry has spans (the same words may occur
    earlier in the text, in a heading or a summary), else where the words first occur."""
    spans = entry.get("spans")
    listed = spans.get("problems") if isinstance(spans, dict) else None
    i = entry["problems"].index(problem)
    if isinstance(listed, list) and i < len(listed) and _is_span(listed[i], text):
        return int(listed[i][0])
    return text.find(problem)


def check_source(doc_id: str, entry: Mapping[str, Any], path: str, sha256: str | None) -> None:
    """Refuse (GoldFormatError) an entry annotated on another version of the file at ``path``."""
    source = entry.get("source")
    if isinstance(source, dict) and sha256 and source.get("sha256") and source["sha256"] != sha256:
        raise GoldFormatError(
            f"{path}: changed since it was annotated (gold entry {doc_id!r} has SHA-256 {source['sha256'][:12]}…, "
            f"the file {sha256[:12]}…): its spans would point at other text; annotate it again"
        )


# -- from records and gold to a page's state ---------------------------------------------------------


def _find_all(text: str, s: str) -> list[int]:
    out, i = [], text.find(s) if s else -1
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


class _Locator:
    """Spans for strings of a gold entry without ``spans``: the first occurrence not yet taken by the same
    kind of string, preferring one at or after ``near``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.used: dict[str, set[int]] = {}

    def find(self, s: str, kind: str, near: int = 0, within: tuple[int, int] | None = None) -> Span | None:
        if not isinstance(s, str) or not s:
            return None
        starts = _find_all(self.text, s)
        if not starts:
            return None
        used = self.used.setdefault(kind, set())
        if within is not None:
            inside = [i for i in starts if within[0] <= i and i + len(s) <= within[1]]
            starts = inside or starts
        free = [i for i in starts if i not in used] or starts
        after = [i for i in free if i >= near]
        start = (after or free)[0]
        used.add(start)
        return [start, start + len(s)]


def _mention_span(m: Any, text: str) -> Span | None:
    if isinstance(m, dict) and _is_span(m.get("span"), text) and text[m["span"][0] : m["span"][1]] == m.get("text"):
        return [int(m["span"][0]), int(m["span"][1])]
    return None


def _group_state_from_record(g: Mapping[str, Any], text: str, quote: Span) -> dict[str, Any]:
    name: Any = None
    if isinstance(g.get("name_span"), (list, tuple)) and _is_span(g["name_span"], text):
        name = [int(g["name_span"][0]), int(g["name_span"][1])]
    elif isinstance(g.get("name"), str) and g["name"]:
        starts = [i for i in _find_all(text, g["name"]) if quote[0] <= i <= quote[1]]
        name = [starts[0], starts[0] + len(g["name"])] if starts else g["name"]
    state: dict[str, Any] = {"name": name}
    for role in ROLES:
        state[role] = [sp for sp in (_mention_span(m, text) for m in g.get(role) or []) if sp]
    state["office"] = _mention_span(g.get("office"), text)
    subs = []
    for sub in g.get("subgroups") or []:
        sub_span = _mention_span(sub, text)
        if sub_span:
            subs.append({"s": sub_span[0], "e": sub_span[1], **_group_state_from_record(sub, text, sub_span)})
    state["subgroups"] = subs
    return state


def state_from_record(record: Mapping[str, Any], text: str) -> dict[str, Any]:
    """A page state pre-filled with reportkit's findings (every finding ``in`` until rejected)."""
    items: list[dict[str, Any]] = []
    by_fid: dict[str, str] = {}
    fields = record.get("fields") or {}
    for field in FIELDS:
        for k, f in enumerate(fields.get(field) or []):
            span = _mention_span(f, text)
            if span is None:
                continue  # a span that does not hold its text is not shown (show pages note it)
            key = f"{field[0]}{len(items) + 1}"
            item: dict[str, Any] = {"k": key, "x": field, "s": span[0], "e": span[1], "o": "model", "in": True}
            item["d"] = None
            fid = f.get("id") or f"{field}/{k + 1}"
            item["fid"] = fid
            if isinstance(f.get("score"), (int, float)):
                item["score"] = round(float(f["score"]), 4)
            if field == "counts":
                item.update(
                    value=f.get("value"), unit=f.get("unit") or "", approx=f.get("approx"), subject=f.get("subject")
                )
            elif field == "leadership_groups":
                item.update(_group_state_from_record(f, text, span))
            by_fid[fid] = key
            items.append(item)
    ledger = []
    keys = {it["k"]: it for it in items}
    for row in fields.get("ledger") or []:
        problem = by_fid.get(str(row.get("problem")))
        measures = [by_fid[m] for m in row.get("measures") or [] if m in by_fid]
        if problem is None or keys[problem]["x"] != "problems":
            continue
        status = row.get("status") if isinstance(row.get("status"), dict) else None
        ledger.append(
            {
                "p": problem,
                "m": [m for m in measures if keys[m]["x"] == "measures"],
                "units": [sp for sp in (_mention_span(u, text) for u in row.get("units") or []) if sp],
                "deadline": _mention_span(row.get("deadline"), text),
                "status": status.get("value") if status and status.get("value") in STATUS else None,
                "status_text": _mention_span(status, text) if status and status.get("value") in STATUS else None,
            }
        )
    doc_type = record.get("doc_type") or {}
    return {
        "doc_type": doc_type.get("label"),
        "doc_type_also": [],
        "doc_type_note": "",
        "items": items,
        "ledger": ledger,
        "done": False,
        "from": "model",
    }


def _spans_at(spans: Any, *path: Any) -> Any:
    for p in path:
        if isinstance(spans, dict) and isinstance(p, str):
            spans = spans.get(p)
        elif isinstance(spans, list) and isinstance(p, int) and p < len(spans):
            spans = spans[p]
        else:
            return None
    return spans


def _exact(spans: Any, text: str, value: Any) -> Span | None:
    if _is_span(spans, text) and text[spans[0] : spans[1]] == value:
        return [int(spans[0]), int(spans[1])]
    return None


def state_from_gold(doc_id: str, entry: Mapping[str, Any], text: str) -> dict[str, Any]:
    """A page state from a gold entry: its spans where it has them, else each string's first free
    occurrence. Raises GoldFormatError when a string is not in the text."""
    loc = _Locator(text)
    spans = entry.get("spans") if isinstance(entry.get("spans"), dict) else None
    items: list[dict[str, Any]] = []
    missing: list[str] = []

    def place(value: Any, sp: Any, kind: str, near: int = 0, within: tuple[int, int] | None = None) -> Span | None:
        span = _exact(sp, text, value) if spans is not None else None
        if span is None:
            span = loc.find(value, kind, near, within)
        else:
            loc.used.setdefault(kind, set()).add(span[0])
        if span is None:
            missing.append(f"{kind} {str(value)[:30]!r}")
        return span

    def group(g: Mapping[str, Any], sp: Any, quote: Span) -> dict[str, Any]:
        within = (quote[0], quote[1])
        name: Any = None
        if g.get("name"):
            name = _exact(_spans_at(sp, "name"), text, g["name"]) if spans is not None else None
            if name is None:
                name = loc.find(g["name"], "name", quote[0], within) or g["name"]
        state: dict[str, Any] = {"name": name}
        for role in ROLES:
            state[role] = [
                span
                for i, v in enumerate(g.get(role) or [])
                if (span := place(v, _spans_at(sp, role, i), role, quote[0], within)) is not None
            ]
        state["office"] = (
            place(g["office"], _spans_at(sp, "office"), "office", quote[0], within) if g.get("office") else None
        )
        subs = []
        for i, sub in enumerate(g.get("subgroups") or []):
            sub_span = place(sub.get("quote"), _spans_at(sp, "subgroups", i, "quote"), "quote", quote[0])
            if sub_span:
                subs.append({"s": sub_span[0], "e": sub_span[1], **group(sub, _spans_at(sp, "subgroups", i), sub_span)})
        state["subgroups"] = subs
        return state

    for field in FIELDS:
        for i, value in enumerate(entry.get(field) or []):
            sp = _spans_at(spans, field, i)
            if field in ("problems", "measures"):
                span = place(value, sp, field)
            elif field == "counts":
                span = place(value.get("text"), sp, field)
            else:
                span = place(value.get("quote"), _spans_at(sp, "quote"), "quote")
            if span is None:
                continue
            item: dict[str, Any] = {"k": f"{field[0]}{len(items) + 1}", "x": field, "s": span[0], "e": span[1]}
            item.update(o="gold", d=None, fid=None)
            item["in"] = True
            if field == "counts":
                item.update(value=value.get("value"), unit=value.get("unit") or "", approx=value.get("approx"))
                item["subject"] = value.get("subject")
            elif field == "leadership_groups":
                item.update(group(value, sp, span))
            items.append(item)
    ledger = []
    taken: set[str] = set()
    for i, row in enumerate(entry.get("ledger") or []):
        problem = next(
            (
                it
                for it in items
                if it["x"] == "problems" and text[it["s"] : it["e"]] == row.get("problem") and it["k"] not in taken
            ),
            None,
        )
        if problem is None:
            missing.append(f"ledger problem {str(row.get('problem'))[:30]!r}")
            continue
        taken.add(problem["k"])
        measures = []
        for m in row.get("measures") or []:
            found = [it for it in items if it["x"] == "measures" and text[it["s"] : it["e"]] == m]
            after = [it for it in found if it["s"] >= problem["s"]]
            if found:
                measures.append((after or found)[0]["k"])
            else:
                missing.append(f"ledger measure {str(m)[:30]!r}")
        sp = _spans_at(spans, "ledger", i)
        ledger.append(
            {
                "p": problem["k"],
                "m": measures,
                "units": [
                    span
                    for k, u in enumerate(row.get("units") or [])
                    if (span := place(u, _spans_at(sp, "units", k), "unit", problem["s"])) is not None
                ],
                "deadline": place(row["deadline"], _spans_at(sp, "deadline"), "deadline", problem["s"])
                if row.get("deadline")
                else None,
                "status": row.get("status"),
                "status_text": place(row["status_text"], _spans_at(sp, "status_text"), "status_text", problem["s"])
                if row.get("status_text")
                else None,
            }
        )
    if missing:
        raise GoldFormatError(
            f"gold entry {doc_id!r}: not in the document as read: {'; '.join(missing[:3])}"
            + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        )
    return {
        "doc_type": entry.get("doc_type"),
        "doc_type_also": list(entry.get("doc_type_also") or []),
        "doc_type_note": entry.get("doc_type_note") or "",
        "items": items,
        "ledger": ledger,
        "done": True,
        "from": "gold",
    }


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return max(0, min(a["e"], b["e"]) - max(a["s"], b["s"]))


def _covered(item: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> bool:
    """At least half of ``item``'s characters lie inside ``others`` (the eval rule for problems/measures)."""
    mask = bytearray(item["e"] - item["s"])
    for o in others:
        s, e = max(o["s"], item["s"]), min(o["e"], item["e"])
        if e > s:
            mask[s - item["s"] : e - item["s"]] = b"\x01" * (e - s)
    return 2 * sum(mask) >= len(mask) > 0


def _count_key(item: Mapping[str, Any]) -> tuple[float, str] | None:
    try:
        return (round(float(item.get("value")), 3), str(item.get("unit")))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _group_names(item: Mapping[str, Any], text: str) -> tuple[str | None, list[str]]:
    name = item.get("name")
    if isinstance(name, list):
        name = text[name[0] : name[1]]
    return name, [text[s:e] for s, e in item.get("leaders") or []]


def merge_states(gold: dict[str, Any], predicted: dict[str, Any], text: str) -> dict[str, Any]:
    """Gold first, reportkit beside it: each gold item says whether reportkit found it (``agree``), and
    each finding reportkit made that the gold does not have is added as a suggestion (``in`` false: not
    in the gold unless accepted). Matching follows ``reportkit eval``."""
    from ..evaluate import _contains_either

    items = [dict(it) for it in gold["items"]]
    for field in FIELDS:
        g = [it for it in items if it["x"] == field]
        p = [it for it in predicted["items"] if it["x"] == field]
        matched: set[int] = set()
        if field in ("problems", "measures"):
            for it in g:
                it["agree"] = _covered(it, p)
            matched = {i for i, it in enumerate(p) if _covered(it, g)}
        elif field == "counts":
            for it in g:
                key = _count_key(it)
                cands = [i for i, q in enumerate(p) if i not in matched and _count_key(q) == key]
                near = [i for i in cands if _overlap(it, p[i])] or cands
                it["agree"] = bool(near)
                if near:
                    matched.add(near[0])
        else:
            for it in g:
                name, leaders = _group_names(it, text)
                it["agree"] = False
                for i, q in enumerate(p):
                    qname, qleaders = _group_names(q, text)
                    if i not in matched and (
                        _contains_either(name, qname) or any(_contains_either(a, b) for a in leaders for b in qleaders)
                    ):
                        matched.add(i)
                        it["agree"] = True
                        break
        for i, q in enumerate(p):
            if i not in matched:
                items.append({**q, "k": f"{q['k']}r", "in": False, "agree": False})
    pred_type = predicted.get("doc_type")
    return {**gold, "items": items, "predicted_type": pred_type}


def initial_state(
    text: str, record: Mapping[str, Any] | None, gold: tuple[str, Mapping[str, Any]] | None
) -> dict[str, Any]:
    """The state a page starts from: the gold entry when there is one (with reportkit's findings beside it),
    else reportkit's findings, else nothing."""
    predicted = state_from_record(record, text) if record is not None else None
    if gold is not None:
        state = state_from_gold(gold[0], gold[1], text)
        if predicted is not None:
            state = merge_states(state, predicted, text)
        return state
    if predicted is not None:
        return predicted
    return {
        "doc_type": None,
        "doc_type_also": [],
        "doc_type_note": "",
        "items": [],
        "ledger": [],
        "done": False,
        "from": "none",
    }


# -- from a state to a gold entry (what the page's export does) --------------------------------------


def _included(item: Mapping[str, Any]) -> bool:
    return item.get("d") == "a" or (item.get("d") is None and bool(item.get("in")))


def _quote(text: str, span: Any) -> str:
    return text[span[0] : span[1]]


def _group_entry(g: Mapping[str, Any], text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    name = g.get("name")
    entry: dict[str, Any] = {"name": _quote(text, name) if isinstance(name, list) else (name or None)}
    spans: dict[str, Any] = {"quote": [g["s"], g["e"]], "name": list(name) if isinstance(name, list) else None}
    for role in ROLES:
        entry[role] = [_quote(text, sp) for sp in g.get(role) or []]
        spans[role] = [list(sp) for sp in g.get(role) or []]
    office = g.get("office")
    entry["office"] = _quote(text, office) if office else None
    spans["office"] = list(office) if office else None
    subs = [_group_entry(sub, text) for sub in g.get("subgroups") or []]
    entry["subgroups"] = [s[0] for s in subs]
    spans["subgroups"] = [s[1] for s in subs]
    entry["quote"] = _quote(text, [g["s"], g["e"]])
    return {k: entry[k] for k in GROUP_KEYS}, {k: spans[k] for k in ("quote", "name", *ROLES, "office", "subgroups")}


def _order(item: Mapping[str, Any]) -> tuple[int, int, str]:
    return (item["s"], item["e"], str(item["k"]))


def entry_from_state(state: Mapping[str, Any], text: str, source: Mapping[str, Any]) -> dict[str, Any]:
    """The gold entry of a page state: included items in text order, exact strings with their spans."""
    entry: dict[str, Any] = {
        "doc_type": state.get("doc_type"),
        "doc_type_also": list(state.get("doc_type_also") or []),
        "doc_type_note": state.get("doc_type_note") or "",
    }
    spans: dict[str, Any] = {}
    chosen = sorted((it for it in state.get("items") or [] if _included(it)), key=_order)
    groups = [_group_entry(it, text) for it in chosen if it["x"] == "leadership_groups"]
    entry["leadership_groups"] = [g[0] for g in groups]
    spans["leadership_groups"] = [g[1] for g in groups]
    counts = [it for it in chosen if it["x"] == "counts"]
    entry["counts"] = [
        {
            "value": it.get("value"),
            "unit": it.get("unit"),
            "approx": it.get("approx"),
            "subject": it.get("subject") or None,
        }
        | {"text": _quote(text, [it["s"], it["e"]])}
        for it in counts
    ]
    spans["counts"] = [[it["s"], it["e"]] for it in counts]
    for field in ("problems", "measures"):
        picked = [it for it in chosen if it["x"] == field]
        entry[field] = [_quote(text, [it["s"], it["e"]]) for it in picked]
        spans[field] = [[it["s"], it["e"]] for it in picked]
    keys = {it["k"]: it for it in chosen}
    rows = []
    seen: set[str] = set()
    for row in state.get("ledger") or []:
        problem = keys.get(row.get("p"))
        measures = sorted((keys[m] for m in row.get("m") or [] if m in keys and keys[m]["x"] == "measures"), key=_order)
        if problem is None or problem["x"] != "problems" or not measures:
            continue
        if problem["k"] in seen:
            continue
        seen.add(problem["k"])
        status = row.get("status") if row.get("status_text") else None
        rows.append(
            (
                _order(problem),
                {
                    "problem": _quote(text, [problem["s"], problem["e"]]),
                    "measures": [_quote(text, [m["s"], m["e"]]) for m in measures],
                    "units": [_quote(text, u) for u in row.get("units") or []],
                    "deadline": _quote(text, row["deadline"]) if row.get("deadline") else None,
                    "status": status,
                    "status_text": _quote(text, row["status_text"]) if status else None,
                },
                {
                    "units": [list(u) for u in row.get("units") or []],
                    "deadline": list(row["deadline"]) if row.get("deadline") else None,
                    "status_text": list(row["status_text"]) if status else None,
                },
            )
        )
    rows.sort(key=lambda r: r[0])
    if rows:
        entry["ledger"] = [r[1] for r in rows]
        spans["ledger"] = [r[2] for r in rows]
    entry["source"] = {"path": source.get("path"), "sha256": source.get("sha256"), "chars": len(text)}
    entry["spans"] = spans
    return entry
