"""A small document of our own and a record of findings for it, with the mistakes a reviewer corrects."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

TEXT = (
    "关于某县环境整治问题整改情况的报告\n\n"
    "一、存在问题\n"
    "（一）垃圾清运不及时，部分村庄堆放点长期无人管理。\n"
    "（二）河道保洁责任落实不到位。\n\n"
    "二、整改措施\n"
    "成立以县长为组长、分管副县长为副组长的环境整治工作领导小组。\n"
    "1.建立垃圾清运台账，每周检查3次，由县城管局负责，6月底前完成。\n"
    "2.全县共配备保洁员120余名，投入资金56.5万元。\n"
    "目前已整改完成。\n"
)
TITLE = "关于某县环境整治问题整改情况的报告"
P1 = "垃圾清运不及时，部分村庄堆放点长期无人管理"
P2 = "河道保洁责任落实不到位"
M1 = "建立垃圾清运台账，每周检查3次"
M2 = "全县共配备保洁员120余名，投入资金56.5万元"
GROUP = "成立以县长为组长、分管副县长为副组长的环境整治工作领导小组"


def at(s: str, within: str | None = None) -> list[int]:
    """The span of ``s`` (inside ``within`` when given), asserting it is found."""
    base = TEXT.index(within) if within else 0
    start = TEXT.index(s, base)
    return [start, start + len(s)]


def finding(fid: str, s: str, score: float = 0.9, **fields: Any) -> dict[str, Any]:
    return {"id": fid, "text": s, "span": at(s), "score": score, "explanation": "test", **fields}


def record(path: str) -> dict[str, Any]:
    """What reportkit might have found: the title taken for a problem, the second measure missed, 56.5万元
    read as 56500 instead of 565000."""
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    count = lambda s, v, u, approx=None: finding(  # noqa: E731
        f"counts/{s}", s, value=v, unit=u, approx=approx, subject=None, range=None
    )
    counts = [count("3次", 3, "次"), count("120余名", 120, "名", "over"), count("56.5万元", 56500, "元")]
    for k, c in enumerate(counts, 1):
        c["id"] = f"counts/{k}"
    group = finding(
        "leadership_groups/1",
        GROUP,
        name="环境整治工作领导小组",
        name_span=at("环境整治工作领导小组"),
        leaders=[{"text": "县长", "span": at("县长")}],
        deputy_leaders=[{"text": "分管副县长", "span": at("分管副县长")}],
        members=[],
        office=None,
        subgroups=[],
    )
    return {
        "schema_version": "1",
        "id": sha[:16],
        "source": {"path": path, "part": None, "parts": None, "part_heading": None, "offset": 0, "format": "txt"}
        | {"encoding": "utf-8", "sha256": sha, "converted_with": None},
        "title": TITLE,
        "title_span": at(TITLE),
        "chars": len(TEXT),
        "doc_type": {"label": "rectification", "label_zh": "整改报告", "confidence": 0.9, "scores": {}}
        | {"evidence": [], "uncertain": False, "model": "test"},
        "fields": {
            "counts": counts,
            "leadership_groups": [group],
            "problems": [finding("problems/1", TITLE, 0.55), finding("problems/2", P1), finding("problems/3", P2)],
            "measures": [finding("measures/1", M1)],
            "ledger": [
                {
                    "id": "ledger/1",
                    "text": P1,
                    "span": at(P1),
                    "problem": "problems/2",
                    "measures": ["measures/1"],
                    "units": [{"text": "县城管局", "span": at("县城管局")}],
                    "deadline": {"text": "6月底前", "span": at("6月底前"), "date": None, "kind": "by_date"},
                    "status": None,
                }
            ],
        },
        "errors": [],
        "reportkit_version": "0.1.0",
        "extractors": {},
    }


def write_set(folder: Path, name: str = "env_001") -> tuple[Path, Path]:
    """The document and a results file with its record; returns (document, results)."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    doc = docs / f"{name}.txt"
    doc.write_bytes(TEXT.encode("utf-8"))
    results = folder / "results.jsonl"
    results.write_text(json.dumps(record(str(doc)), ensure_ascii=False) + "\n", encoding="utf-8")
    return doc, results


def corrected_gold(doc: Path) -> dict[str, Any]:
    """The gold a reviewer makes of :func:`record`: the title rejected, the second measure added, the
    money count corrected; everything else as reportkit found it."""
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    counts = [("3次", 3, "次", None), ("120余名", 120, "名", "over"), ("56.5万元", 565000, "元", None)]
    return {
        "doc_type": "rectification",
        "doc_type_also": [],
        "doc_type_note": "",
        "leadership_groups": [
            {
                "name": "环境整治工作领导小组",
                "leaders": ["县长"],
                "deputy_leaders": ["分管副县长"],
                "members": [],
                "office": None,
                "subgroups": [],
                "quote": GROUP,
            }
        ],
        "counts": [{"value": v, "unit": u, "approx": a, "subject": None, "text": t} for t, v, u, a in counts],
        "problems": [P1, P2],
        "measures": [M1, M2],
        "ledger": [
            {"problem": P1, "measures": [M1], "units": ["县城管局"], "deadline": "6月底前", "status": None}
            | {"status_text": None}
        ],
        "source": {"path": str(doc), "sha256": sha, "chars": len(TEXT)},
        "spans": {
            "leadership_groups": [
                {
                    "quote": at(GROUP),
                    "name": at("环境整治工作领导小组"),
                    "leaders": [at("县长")],
                    "deputy_leaders": [at("分管副县长")],
                    "members": [],
                    "office": None,
                    "subgroups": [],
                }
            ],
            "counts": [at(t) for t, *_ in counts],
            "problems": [at(P1), at(P2)],
            "measures": [at(M1), at(M2)],
            "ledger": [{"units": [at("县城管局")], "deadline": at("6月底前"), "status_text": None}],
        },
    }
