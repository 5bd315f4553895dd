"""``reportkit annotate`` without a browser: the states a page starts from, the gold they give, the checks,
the CLI, hostile text, merging with existing gold, and the round trip annotate -> train --items -> eval."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportkit.annotate.gold import check_entry, entry_from_state, initial_state, state_from_gold
from reportkit.cli import main
from reportkit.errors import GoldFormatError
from reportkit.evaluate import diff_outcomes, item_outcomes

from .annotate_data import GROUP, M1, M2, P1, P2, TEXT, TITLE, at, corrected_gold, record, write_set
from .dom import read_back

ROOT = Path(__file__).resolve().parents[2]
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="rk-data">(.*?)</script>', page, re.S)
    assert found, "no page data"
    return json.loads(found.group(1))


def correct(state: dict) -> dict:
    """What the reviewer of the browser test does, applied to a state in Python."""
    items = state["items"]
    title = next(it for it in items if it["x"] == "problems" and [it["s"], it["e"]] == at(TITLE))
    title["d"] = "r"
    money = next(it for it in items if it["x"] == "counts" and [it["s"], it["e"]] == at("56.5万元"))
    money["value"] = 565000
    s, e = at(M2)
    items.append({"k": "u1", "x": "measures", "s": s, "e": e, "o": "user", "in": True, "d": None, "fid": None})
    return state


def test_a_corrected_state_gives_exactly_the_expected_gold(tmp_path):
    doc, _ = write_set(tmp_path)
    state = correct(initial_state(TEXT, record(str(doc)), None))
    entry = entry_from_state(state, TEXT, {"path": str(doc), "sha256": SHA})
    assert entry == corrected_gold(doc)
    assert check_entry("env_001", entry, TEXT, sha256=SHA) == []


def test_gold_read_back_gives_the_same_gold(tmp_path):
    doc, _ = write_set(tmp_path)
    entry = corrected_gold(doc)
    state = state_from_gold("env_001", entry, TEXT)
    assert entry_from_state(state, TEXT, entry["source"]) == entry
    # without spans (hand-written gold) every string is found again, each at its first free occurrence
    bare = {k: v for k, v in entry.items() if k not in ("spans", "source")}
    again = entry_from_state(state_from_gold("env_001", bare, TEXT), TEXT, entry["source"])
    assert again == entry


def test_the_checker_refuses_what_is_not_exact():
    entry = corrected_gold(Path("docs/env_001.txt"))
    assert check_entry("env_001", entry, TEXT, sha256=SHA) == []
    moved = json.loads(json.dumps(entry))
    moved["spans"]["problems"][0] = [at(P1)[0] + 1, at(P1)[1] + 1]
    assert any("span" in e and "problems[0]" in e for e in check_entry("env_001", moved, TEXT))
    absent = json.loads(json.dumps(entry))
    absent["measures"][0] = "不在文中的措施"
    assert any("measures[0]" in e and "not a substring" in e for e in check_entry("env_001", absent, TEXT))
    magnitude = json.loads(json.dumps(entry))
    magnitude["counts"][2]["unit"] = "万元"
    assert any("magnitude" in e for e in check_entry("env_001", magnitude, TEXT))
    orphan = json.loads(json.dumps(entry))
    orphan["ledger"][0]["status"] = "done"  # without the words that say so
    assert any("null together" in e for e in check_entry("env_001", orphan, TEXT))
    changed = check_entry("env_001", entry, TEXT, sha256="0" * 64)
    assert len(changed) == 1 and "another version" in changed[0]


def test_annotate_writes_a_page_prefilled_from_a_results_file(tmp_path):
    doc, results = write_set(tmp_path)
    out = tmp_path / "page.html"
    result = run("annotate", doc, "--from", results, "-o", out)
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    (d,) = data["docs"]
    assert d["id"] == "env_001" and d["text"] == TEXT and d["sha256"] == SHA
    kinds = sorted((it["x"], it["s"], it["e"]) for it in d["initial"]["items"])
    fields = record(str(doc))["fields"]
    assert kinds == sorted(
        (x, *f["span"]) for x in ("counts", "leadership_groups", "problems", "measures") for f in fields[x]
    )
    quote = {it["k"]: TEXT[it["s"] : it["e"]] for it in d["initial"]["items"]}
    (row,) = d["initial"]["ledger"]
    assert (quote[row["p"]], [quote[m] for m in row["m"]]) == (P1, [M1])  # the record's ledger, by finding id
    assert row | {"p": None, "m": None} == {
        "p": None,
        "m": None,
        "units": [at("县城管局")],
        "deadline": at("6月底前"),
    } | {
        "status": None,
        "status_text": None,
    }


def test_annotate_runs_the_pipeline_and_writes_a_folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("rec_001.txt", "wp_003.txt"):
        shutil.copy(ROOT / "corpus" / "docs" / name, docs / name)
    out = tmp_path / "pages"
    result = run("annotate", docs, "-o", out, "--only", "counts,problems,measures,leadership_groups")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "rec_001.html", "wp_003.html"]
    data = page_data((out / "rec_001.html").read_text(encoding="utf-8"))
    assert [d["page"] for d in data["set"]] == ["rec_001.html", "wp_003.html"]
    items = data["docs"][0]["initial"]["items"]
    text = data["docs"][0]["text"]
    assert len(items) > 20
    assert {it["x"] for it in items} == {"counts", "leadership_groups", "problems", "measures"}
    assert "rectification" in data["labels"] and data["docs"][0]["initial"]["doc_type"] == "rectification"
    # the untouched page's gold validates and quotes the text exactly
    entry = entry_from_state(data["docs"][0]["initial"], text, {"path": "x", "sha256": data["docs"][0]["sha256"]})
    assert check_entry("rec_001", entry, text, sha256=data["docs"][0]["sha256"]) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="rec_001.html"' in index and 'href="wp_003.html"' in index


def test_annotate_from_gold_shows_where_reportkit_disagrees(tmp_path):
    doc, results = write_set(tmp_path)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"env_001": corrected_gold(doc)}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "page.html"
    assert run("annotate", doc, "--from", results, "--gold", gold, "-o", out).exit_code == 0
    state = page_data(out.read_text(encoding="utf-8"))["docs"][0]["initial"]
    assert state["from"] == "gold" and state["done"] is True
    by = {(it["o"], it["x"], TEXT[it["s"] : it["e"]]): it for it in state["items"]}
    assert by[("gold", "measures", M2)]["agree"] is False  # reportkit missed it
    assert by[("gold", "measures", M1)]["agree"] is True
    assert by[("gold", "counts", "56.5万元")]["agree"] is False  # reportkit read 56500
    assert by[("model", "problems", TITLE)]["in"] is False  # a suggestion, not gold unless accepted
    assert by[("model", "counts", "56.5万元")]["in"] is False
    assert ("model", "problems", P2) not in by  # agreeing findings are not repeated
    # the page's gold is the gold it started from
    entry = entry_from_state(state, TEXT, {"path": str(doc), "sha256": SHA})
    assert entry == corrected_gold(doc)


def test_gold_for_a_changed_file_is_refused(tmp_path):
    doc, results = write_set(tmp_path)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"env_001": corrected_gold(doc)}, ensure_ascii=False), encoding="utf-8")
    doc.write_text(TEXT.replace("垃圾", "废物"), encoding="utf-8")
    result = run("annotate", doc, "--gold", gold, "-o", tmp_path / "p.html", "--from", results)
    assert result.exit_code == 2
    assert "changed since it was annotated" in result.output and "env_001" in result.output
    result = run("eval", "--gold", gold, doc.parent)
    assert result.exit_code == 2 and "changed since it was annotated" in result.output
    result = run("train", "--items", "--corpus", gold, "--docs", doc.parent, "--out", tmp_path / "m.npz")
    assert result.exit_code == 2 and "changed since it was annotated" in result.output


def test_gold_quoting_text_that_is_not_there_is_refused(tmp_path):
    doc, _ = write_set(tmp_path)
    entry = corrected_gold(doc)
    del entry["source"], entry["spans"]
    entry["problems"][0] = "文中没有的问题"
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"env_001": entry}, ensure_ascii=False), encoding="utf-8")
    result = run("annotate", doc, "--gold", gold, "-o", tmp_path / "p.html", "--only", "counts")
    assert result.exit_code == 2
    assert "not in the document" in result.output and "文中没有的问题" in result.output


def test_two_documents_with_one_id_are_refused(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(TEXT, encoding="utf-8")
    result = run("annotate", tmp_path / "a", tmp_path / "b", "-o", tmp_path / "p.html", "--only", "counts")
    assert result.exit_code == 2 and "both be document 'same'" in result.output


def test_serve_needs_a_gold_file(tmp_path):
    doc, results = write_set(tmp_path)
    result = run("annotate", doc, "--from", results, "-o", tmp_path / "p.html", "--serve")
    assert result.exit_code == 2 and "--gold" in result.output


def hostile_text(lines: int = 3) -> str:
    long_line = "整改" * 60_000
    return (
        "关于<script>window.pwned=1</script>的报告</title></textarea></script><!--\n"
        f"{long_line}\n"
        '一、存在问题\n检查发现<img src=x onerror="window.pwned=2">问题3个，&amp; \r\n完成率85%。𠀀𠀁\x00末尾\n'
    )


def test_hostile_text_stays_data(tmp_path):
    text = hostile_text()
    doc = tmp_path / "hostile.txt"
    doc.write_bytes(text.replace("\x00", "").encode("utf-8"))
    out = tmp_path / "page.html"
    assert run("annotate", doc, "-o", out, "--only", "counts").exit_code == 0
    page = out.read_text(encoding="utf-8")
    data = page_data(page)
    assert data["docs"][0]["text"] == text.replace("\x00", "")
    body = page[: page.index('<script type="application/json"')]
    assert "<script>window" not in body and "</textarea></script>" not in page.split("rk-data")[1].split("</script>")[0]
    texts, _ = read_back(page, "doc-text")
    assert texts == []  # the text is only in the data block; the script puts it into the page as text


def test_round_trip_annotate_train_items_eval(tmp_path):
    """Corrections made on the page are what train --items learns. The reviewer holds that setting up the
    group is a rectification step (a measure) and that the staffing tally reports what was done (not one),
    adds the first where the shipped model misses it and rejects the second where it finds it; a model
    trained on the exported gold agrees with the reviewer on the same documents, where the shipped one did
    not."""
    docs = tmp_path / "docs"
    docs.mkdir()
    places = ["县", "区", "市", "镇", "乡", "旗"]
    for n, place in enumerate(places):
        text = TEXT.replace("某县", f"某{place}").replace("全县", f"全{place}").replace("120", str(100 + 7 * n))
        (docs / f"env_{n:03d}.txt").write_bytes(text.encode("utf-8"))
    pages = tmp_path / "pages"
    assert run("annotate", docs, "-o", pages, "--only", "problems,measures").exit_code == 0
    gold = {}
    kept = shown = added = 0
    for n in range(len(places)):
        (doc,) = page_data((pages / f"env_{n:03d}.html").read_text(encoding="utf-8"))["docs"]
        text, state = doc["text"], doc["initial"]
        measures = [it for it in state["items"] if it["x"] == "measures" and it["in"]]
        staffing = re.search(r"全\w共配备保洁员\d+余名，投入资金56.5万元", text).group()
        for k, (sentence, is_measure) in enumerate([(GROUP, True), (staffing, False)]):
            s = text.index(sentence)
            e = s + len(sentence)
            found = [it for it in measures if it["s"] < e and s < it["e"]]
            if not is_measure:
                for it in found:
                    it["d"] = "r"
            elif not found:
                state["items"].append(
                    {"k": f"u{k}", "x": "measures", "s": s, "e": e, "o": "user", "in": True, "d": None}
                )
                added += 1
        shown += len(measures)
        kept += sum(it.get("d") != "r" for it in measures)
        state["done"] = True
        gold[doc["id"]] = entry_from_state(state, text, {"path": doc["path"], "sha256": doc["sha256"]})
        assert check_entry(doc["id"], gold[doc["id"]], text, sha256=doc["sha256"]) == []
    assert 0 < kept < shown + added  # the page showed measures, and the reviewer changed some
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    model = tmp_path / "items.npz"
    result = run(
        "train",
        "--items",
        "--corpus",
        gold_path,
        "--docs",
        docs,
        "--out",
        model,
        "--cv",
        "2",
        "--json",
        "--hold-out",
        "batch",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hold_out"] == "document"  # env_000..env_005: one batch, too few for 2 folds
    before = json.loads(run("eval", "--gold", gold_path, docs, "--json").output)["measures"]
    after = json.loads(run("eval", "--gold", gold_path, docs, "--json", "--items-model", model).output)["measures"]
    # the shipped model: of the measures it showed, the kept ones are right; the added ones it missed
    assert (before["precision"], before["recall"]) == (round(kept / shown, 4), round(kept / (kept + added), 4))
    assert (after["precision"], after["recall"]) == (1.0, 1.0)


def test_diff_of_two_runs_says_what_was_fixed_and_what_broke(tmp_path):
    doc, _ = write_set(tmp_path)
    gold = corrected_gold(doc)
    old = record(str(doc))
    new = json.loads(json.dumps(old, ensure_ascii=False))
    new["fields"]["problems"] = new["fields"]["problems"][1:]  # the title is no longer a problem: fixed
    new["fields"]["counts"][2]["value"] = 565000  # fixed
    new["fields"]["measures"].append({"id": "measures/2", "text": M2, "span": at(M2), "score": 0.9})  # found
    del new["fields"]["problems"][-1]  # P2 lost: broke
    report = diff_outcomes(
        {"env_001": item_outcomes(gold, old, TEXT)},
        {"env_001": item_outcomes(gold, new, TEXT)},
        link=lambda d, span: f"pages/{d}.html#d={d}&s={span[0]}-{span[1]}",
    )
    fixed = sorted((c["field"], c["what"], c["text"]) for c in report.fixed)
    assert fixed == sorted(
        [
            ("counts", "now found", "56.5万元"),
            ("counts", "wrong finding gone", "56.5万元"),
            ("measures", "now found", M2),
            ("problems", "wrong finding gone", TITLE),
        ]
    )
    assert [(c["field"], c["what"], c["text"], c["link"]) for c in report.broke] == [
        ("problems", "now missed", P2, f"pages/env_001.html#d=env_001&s={at(P2)[0]}-{at(P2)[1]}")
    ]
    assert report.counts()["problems"] == {"fixed": 1, "broke": 1}


def test_eval_diff_from_the_command_line(tmp_path):
    doc, results = write_set(tmp_path)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"env_001": corrected_gold(doc)}, ensure_ascii=False), encoding="utf-8")
    new = json.loads(results.read_text(encoding="utf-8"))
    new["fields"]["measures"].append({"id": "measures/2", "text": M2, "span": at(M2), "score": 0.9})
    newer = tmp_path / "new.jsonl"
    newer.write_text(json.dumps(new, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("eval", "--diff", results, newer, "--gold", gold, "--pages", "ann.html", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["by_field"]["measures"] == {"fixed": 1, "broke": 0}
    assert data["fixed"][0]["link"] == f"ann.html#d=env_001&s={at(M2)[0]}-{at(M2)[1]}"
    assert data["scores"]["measures"]["new"]["recall"] == 1.0 and data["scores"]["measures"]["old"]["recall"] == 0.5
    text = run("eval", "--diff", results, newer, "--gold", gold).output
    assert "measures        1      0" in text and M2[:20] in text
    # without --gold a results file cannot be scored
    result = run("eval", "--diff", results, newer)
    assert result.exit_code == 2 and "--gold" in result.output


def test_group_and_ledger_edits_reach_the_gold(tmp_path):
    doc, _ = write_set(tmp_path)
    state = initial_state(TEXT, record(str(doc)), None)
    group = next(it for it in state["items"] if it["x"] == "leadership_groups")
    group["members"] = [at("县城管局")]
    group["name"] = None
    problem = next(it for it in state["items"] if it["x"] == "problems" and TEXT[it["s"] : it["e"]] == P2)
    measure = next(it for it in state["items"] if it["x"] == "measures")
    state["ledger"].append(
        {"p": problem["k"], "m": [measure["k"]], "units": [], "deadline": None, "status": "done"}
        | {"status_text": at("已整改完成")}
    )
    entry = entry_from_state(state, TEXT, {"path": "x", "sha256": SHA})
    assert entry["leadership_groups"][0]["members"] == ["县城管局"] and entry["leadership_groups"][0]["name"] is None
    assert [row["problem"] for row in entry["ledger"]] == [P1, P2]  # in text order
    assert entry["ledger"][1] | {} == {"problem": P2, "measures": [M1], "units": [], "deadline": None} | {
        "status": "done",
        "status_text": "已整改完成",
    }
    assert check_entry("env_001", entry, TEXT, sha256=SHA) == []
    assert GROUP in entry["leadership_groups"][0]["quote"]


def test_a_state_without_anything_to_start_from():
    state = initial_state(TEXT, None, None)
    assert state["items"] == [] and state["doc_type"] is None
    with pytest.raises(GoldFormatError):
        state_from_gold("x", {"problems": ["不在文中"], "measures": [], "counts": [], "leadership_groups": []}, TEXT)


def test_the_corpus_checker_takes_annotated_gold(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_script", ROOT / "scripts" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    entry = corrected_gold(tmp_path / "rec_900.txt")
    assert corpus.check_entry("rec_900", TEXT, entry) == []
    entry["spans"]["measures"][1] = [0, 3]
    assert corpus.check_entry("rec_900", TEXT, entry) == [
        f"rec_900.spans.measures[1]: [0, 3] does not hold {M2[:30]!r}"
    ]


def test_the_ledger_is_in_the_order_of_its_problems_spans(tmp_path):
    """The same words can come earlier in a summary; with spans, the ledger's order is the spans' order."""
    import importlib.util

    text = "甲问题、乙问题。\n一、问题\n乙问题。\n甲问题。\n二、措施\n整改乙。\n整改甲。\n"
    first = {"k": "p1", "x": "problems", "s": text.index("乙问题。\n甲"), "o": "user", "in": True, "d": None}
    second = {"k": "p2", "x": "problems", "s": text.index("甲问题。\n二"), "o": "user", "in": True, "d": None}
    m1 = {"k": "m1", "x": "measures", "s": text.index("整改乙"), "o": "user", "in": True, "d": None}
    m2 = {"k": "m2", "x": "measures", "s": text.index("整改甲"), "o": "user", "in": True, "d": None}
    items = [first, second, m1, m2]
    for it in items:
        it["e"] = it["s"] + 3
    ledger = [
        {"p": k, "m": [m], "units": [], "deadline": None, "status": None, "status_text": None}
        for k, m in (("p2", "m2"), ("p1", "m1"))
    ]
    state = {"doc_type": "rectification", "items": items, "ledger": ledger}
    entry = entry_from_state(state, text, {"path": "rec_901.txt", "sha256": "0" * 64})
    assert [row["problem"] for row in entry["ledger"]] == ["乙问题", "甲问题"]  # as they stand under 一、问题
    assert check_entry("rec_901", entry, text) == []
    spec = importlib.util.spec_from_file_location("corpus_script", ROOT / "scripts" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    assert corpus.check_entry("rec_901", text, entry) == []
    del entry["spans"], entry["source"]  # without spans the words' first occurrences decide, as before
    assert corpus.check_entry("rec_901", text, entry) == ["rec_901.ledger: entries are not in text order"]


def test_the_type_menu_of_a_results_file_offers_its_classifiers_labels_first():
    """Without --model, the labels of the classifier the results were made with come first (they are the keys
    1, 2, 3 … of the menu), then any other the gold or records use; the built-in labels only when none say."""
    from types import SimpleNamespace

    from reportkit.annotate.page import DEFAULT_LABELS, labels_for

    scores = {"通报": 0.7, "整改": 0.2, "计划": 0.1}
    ours = SimpleNamespace(
        gold={"doc_type": "总结"}, state={}, record={"doc_type": {"label": "通报", "scores": scores}}
    )
    assert labels_for([ours]) == ["整改", "计划", "通报", "总结"]
    assert labels_for([ours], ["a", "b"]) == ["a", "b", *sorted(["总结", "整改", "计划", "通报"])]
    plain = SimpleNamespace(gold=None, state={}, record=None)
    assert labels_for([plain]) == list(DEFAULT_LABELS)
