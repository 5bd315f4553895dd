"""The corpus's gold keeps the conventions docs/gold.md states, so the item model learns one reading of each kind
of text. (scripts/corpus.py checks the format; these check what the annotations say.)"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import regex

from reportkit.items.cues import CUES
from reportkit.items.train import AnnotatedDocument, item_labels, load_annotated

ROOT = Path(__file__).resolve().parents[1]


@cache
def annotated(set_dir: str) -> list[AnnotatedDocument]:
    """A set's annotated documents, read once for every test here (their items are computed once too)."""
    return load_annotated(ROOT / set_dir)


# steps no reader can take for background: a group set up, a meeting of the unit's leaders on the
# rectification, the rectification plan drawn up
UNMISTAKABLE_STEP = regex.compile(
    r"^[^，,。；;]{0,20}?(?:"
    r"成立了?[^，,。；;]{0,40}?(?:领导小组|工作专班|工作组)"
    r"|召开了?[^，,。；;]{0,30}?(?:专题会议|党组会议?|党委会议?|专题民主生活会)"
    r"|制定了?[^，,。；;]{0,20}?整改(?:工作)?方案)"
)


@pytest.fixture(scope="module")
def rectification_reports():
    return [d for d in annotated("corpus") if d.gold.get("doc_type") == "rectification"]


def test_the_steps_of_a_rectification_reports_opening_account_are_measures(rectification_reports):
    """docs/gold.md: the account of how a rectification was organised, before the problems, holds measures.
    The corpus's writers had mostly left them unmarked (stop 39 re-judged 1,489 such clauses); a new
    document that leaves them so teaches the model the old reading again."""
    unmarked, seen = [], 0
    for d in rectification_reports:
        items = d.doc.items()
        labels = item_labels(d.doc.text, items, d.gold)
        first_problem = min((it.start for it, lab in zip(items, labels) if lab == "problem"), default=len(d.doc.text))
        for it, lab in zip(items, labels):
            if it.start >= first_problem or it.kind == "heading" or not UNMISTAKABLE_STEP.search(it.text):
                continue
            seen += 1
            if lab != "measure":
                unmarked.append(f"{d.id}: {it.text}")
    assert seen > 150  # the pattern still reads the corpus's openings
    assert unmarked == []


def test_the_pattern_reads_steps_and_not_what_surrounds_them():
    assert UNMISTAKABLE_STEP.search("局党组立即成立了以书记为组长的巡察整改工作领导小组")
    assert UNMISTAKABLE_STEP.search("先后3次召开党组会议专题研究整改工作")
    assert UNMISTAKABLE_STEP.search("制定了整改工作方案")
    assert not UNMISTAKABLE_STEP.search("按照领导小组的要求")  # a group named in passing
    assert not UNMISTAKABLE_STEP.search("巡察组于5月召开巡察反馈会")  # the inspection's meeting, not a step


# a group's name at a measure's end, after its members ("…为成员的巡察整改工作领导小组")
GROUP_NAMED = regex.compile(r"为成员的[^，,。；;]*(?:领导小组|工作小组|工作专班|专班|工作组)$")
# the last clause of a group's founding: its members and its name, with no roster head
GROUP_TAIL = regex.compile(r"^(?!.*(?:(?<![级班])组长|成立|组建)).*" + GROUP_NAMED.pattern)  # (年级组长: a member)
# the words before it in its sentence found a group and name its leader ("成立以…为组长，…为副组长，")
FOUNDED_BEFORE = regex.compile(r"(?:成立|组建)[^。；;！？!?\n]*组长[^。；;！？!?\n]*[，,]\s*$")


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_a_group_set_up_is_one_measure_with_its_roster(set_dir):
    """docs/gold.md: a group set up is one measure from the words that set it up to its name. Judges adding
    opening-account steps (stop 39 on the corpus, stop 44 on the held-out set) were given clauses, and a group's
    founding came to them cut at its commas: its last clause ("…为成员的…领导小组") was marked alone while the
    clause that founds it stayed out — half a unit the model learnt to end a finding at, and that no reader
    marks so."""
    halves, seen = [], 0
    for d in annotated(set_dir):
        text = d.doc.text
        for m in d.gold.get("measures", []):
            if not GROUP_NAMED.search(m):
                continue
            seen += 1
            if not GROUP_TAIL.search(m):
                continue
            at = text.find(m)
            sentence = max(text.rfind(c, 0, at) for c in "。；;！？!?\n") + 1
            if FOUNDED_BEFORE.search(text, sentence, at):
                halves.append(f"{d.id}: {m}")
    assert seen > 20  # the pattern still reads the set's groups
    assert halves == []


# a group's name, then the office its founding sentence sets up ("…领导小组，领导小组下设办公室，办公室设在…")
OFFICE_AFTER = regex.compile(
    r"(?:小组|专班|工作组)(?P<office>[，,]\s*(?:(?:领导|工作)?小组)?下设办公室[^。；;！？!?\n]*)"
)


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_a_group_set_up_is_one_measure_with_the_office_its_sentence_sets_up(set_dir):
    """docs/gold.md: the group's office set up in the sentence that founds it (…领导小组，领导小组下设办公室，办公室设在
    党委办公室，负责日常调度) belongs to that measure, as its roster does: the sentence states one measure. The
    corpus's gold had marked the founding to the group's name and left the office out in 17 documents, the
    held-out set's in 3, while most documents of the same layout marked the sentence whole."""
    left_out, seen = [], 0
    for d in annotated(set_dir):
        text = d.doc.text
        spans = [(at, at + len(m)) for m in d.gold.get("measures", []) if (at := text.find(m)) >= 0]
        for found in OFFICE_AFTER.finditer(text):
            name_end, (start, end) = found.start("office"), found.span("office")
            if not any(s < name_end <= e for s, e in spans):
                continue  # the founding itself is not marked here
            seen += 1
            if not any(s < end and e > start + 1 for s, e in spans):
                left_out.append(f"{d.id}: {text[found.start() : end]}")
    assert seen > 10  # the pattern still reads the set's foundings
    assert left_out == []


def test_the_office_pattern_reads_an_office_after_a_founding():
    assert OFFICE_AFTER.search("领导小组，领导小组下设办公室，办公室设在局办公室。")
    assert OFFICE_AFTER.search("整改工作领导小组，下设办公室在市环保局。")
    assert not OFFICE_AFTER.search("整改工作小组。工作小组下设办公室")  # a sentence of its own
    assert not OFFICE_AFTER.search("领导小组，负责日常协调")


def test_the_group_pattern_reads_a_tail_and_not_a_whole_founding():
    assert GROUP_TAIL.search("其他班子成员为成员的巡察整改工作领导小组")
    assert not GROUP_TAIL.search("成立以局长为组长、各股室负责人为成员的整改工作领导小组")
    assert not GROUP_TAIL.search("各股室负责人为成员的领导小组负责日常调度")  # not a group's name at its end
    assert GROUP_TAIL.search("教务处主任和各年级组长为成员的安全隐患排查整改工作小组")  # a grade's head is a member
    assert FOUNDED_BEFORE.search("局党组成立以局长为组长，副局长为副组长，")
    assert not FOUNDED_BEFORE.search("按照领导小组的要求，")


def test_a_heading_that_names_a_shortcoming_is_the_problem_its_section_tells():
    """docs/gold.md: a problem told with its details — a heading naming it (关于“…”的问题), then its details and
    steps — is one problem and one ledger entry. Older gold had marked only the details of some such sections,
    each with an entry of its own, or no entry (stop 44 re-judged them: 15 headings in 5 reports). Checked where
    it is unmistakable: the heading states a shortfall, its words first occur there (not an opening's summary
    that lists them), and its section holds no headings of its own (a title over numbered problems is a
    category)."""
    unmarked, seen = [], 0
    for d in annotated("corpus"):
        items = d.doc.items()
        labels = item_labels(d.doc.text, items, d.gold)
        for k, (it, lab) in enumerate(zip(items, labels)):
            if it.label != "关于…的问题" or it.kind != "heading" or not CUES["shortfall"].search(it.text):
                continue
            if d.doc.text.find(it.text) != it.start:
                continue
            line = d.doc.text[d.doc.text.rfind("\n", 0, it.start) + 1 : it.start]
            if "针对" in line or "对于" in line:
                # a run-in 针对/对于“…”的问题， opening a step, which may point back to a problem told before in
                # other words (docs/gold.md): not a heading that states one
                continue
            depth = len(it.path)
            inside = [x for x in items[k + 1 :] if len(x.path) > depth and it.text in x.path[depth]]
            if any(x.kind == "heading" for x in inside):
                continue
            seen += 1
            if lab != "problem":
                unmarked.append(f"{d.id}: {it.text}")
    assert seen > 150
    assert unmarked == []


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_every_rectification_report_that_answers_problems_has_a_ledger(set_dir):
    """Issue 12: the gold gains ledger entries for its rectification documents. The corpus's 82 oldest ones
    (written before the ledger existed) had none until stop 45, so the ledger's rules were chosen and scored on the
    later writers' layouts only."""
    missing = [
        d.id
        for d in annotated(set_dir)
        if d.gold["doc_type"] == "rectification"
        and d.gold["problems"]
        and d.gold["measures"]
        and not d.gold.get("ledger")
    ]
    assert missing == []


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_a_ledger_entry_is_the_sentence_that_names_its_problem(set_dir):
    """docs/gold.md: a problem told with its details is its title's sentence, each detail a problem of its own,
    and the ledger's entry the title's. The oldest corpus reports (and three held-out audit reports) had title and
    details as one string, which no entry the ledger gives can match: it names the problem by its title."""
    joined, seen = [], 0
    for d in annotated(set_dir):
        for entry in d.gold.get("ledger", []):
            seen += 1
            if regex.search(r"。\s*\S", entry["problem"]):
                joined.append(f"{d.id}: {entry['problem']}")
    assert seen > 1000
    assert joined == []


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_an_order_to_one_unit_names_it_for_each_problem_that_names_no_other(set_dir):
    """docs/gold.md: in an order or a notice addressed to one unit (a 整改通知书 that speaks to it as 你单位), that
    unit is the responsible unit of each problem whose own words name no other. Three documents had left those
    entries' units empty while the other writers' orders named the unit addressed."""
    from reportkit_extractors.ledger import addressee

    orders, empty = 0, []
    for d in annotated(set_dir):
        to = addressee(d.doc.text) if d.gold["doc_type"] != "rectification" and d.gold.get("ledger") else None
        if to is None:
            continue
        orders += 1
        name = d.doc.text[to[0] : to[1]]
        empty += [f"{d.id}: {e['problem']}" for e in d.gold["ledger"] if not e["units"]]
        assert any(name in u for e in d.gold["ledger"] for u in e["units"]), d.id
    assert orders >= 2
    assert empty == []


# a measure that opens with a run-in title of its paragraph: "<title>。<body>" (the title ends at the first 。 or ：)
RUN_IN_TITLE = regex.compile(r"^(?P<title>[^。：:；;，,]{2,16}(?:[，,][^。：:；;，,]{2,16})*)[。：:](?=\S{4})")


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_a_run_in_title_of_stance_is_part_of_no_measure_in_an_account_of_what_was_done(set_dir):
    """docs/gold.md: in a rectification report, a summary or a briefing, a run-in title that states a stance or a
    direction with no act (提高政治站位，压实整改责任。…) is part of no measure — the development set's writers never
    take it, the corpus's mostly did not; 18 corpus and 13 held-out measures that did were cut to their body in
    stop 51. (In a plan's requirements the title is a measure with its body.)"""
    titled, stance = 0, []
    for d in annotated(set_dir):
        if d.gold.get("doc_type") not in ("rectification", "summary", "briefing"):
            continue
        for m in d.gold.get("measures", []):
            run_in = RUN_IN_TITLE.match(m)
            if run_in is None:
                continue
            titled += 1
            if CUES["stance"].match(run_in.group("title")):
                stance.append(f"{d.id}: {m[:40]}")
    assert titled > 20  # the pattern still reads the set's titled measures
    assert stance == []


# a measure's opening that names the problem it answers: 针对…的问题， / 对于…问题，
_NAMED_PROBLEM = r"[^，。；]{2,80}?问题，"
NAMES_ITS_PROBLEM = regex.compile(rf"^(?:针对|对于|关于){_NAMED_PROBLEM}")
# the words before a measure end with such an opening
OPENED_BY_ITS_PROBLEM = regex.compile(rf"(?:针对|对于){_NAMED_PROBLEM}$")


@pytest.mark.parametrize("set_dir", ["corpus", "corpus/heldout"])
def test_a_measure_that_names_its_problem_first_is_the_step_after_the_comma(set_dir):
    """docs/gold.md: 针对…的问题，<step> is the step after the comma (the words before it are the problem, or a
    pointer back to one); the corpus's writers took it so in all but 5 of its measures and the held-out set's in all
    but 9, cut in stop 52 with their ledger references."""
    opened, named = 0, []
    for d in annotated(set_dir):
        text = d.doc.text
        for m in d.gold.get("measures", []):
            at = text.find(m)
            if OPENED_BY_ITS_PROBLEM.search(text, max(0, at - 60), at):
                opened += 1
            if NAMES_ITS_PROBLEM.match(m):
                named.append(f"{d.id}: {m[:30]}")
    assert opened > 10  # the set has measures after such an opening
    assert named == []


def test_the_run_in_title_pattern_reads_a_title_and_not_a_sentence():
    assert (
        RUN_IN_TITLE.match("加强组织领导，压实整改责任。成立整改工作领导小组").group("title")
        == "加强组织领导，压实整改责任"
    )
    assert RUN_IN_TITLE.match("规范公车管理：建立派车登记制度").group("title") == "规范公车管理"
    assert RUN_IN_TITLE.match("召开党组会议专题研究整改工作") is None
    assert not CUES["stance"].match("规范公车管理")
