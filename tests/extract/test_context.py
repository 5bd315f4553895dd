"""Extractors that build on other extractors: requires, run order, the context, finding ids."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest
from pydantic import Field

from reportkit import Extractor, Finding, Pipeline
from reportkit.errors import PluginLoadError
from reportkit.extract.base import wants_context
from reportkit.extract.registry import ENTRY_POINT_GROUP, load_extractors, run_order

TEXT = "一、存在的问题\n1.档案室温湿度记录缺失。\n二、整改措施\n（一）配备温湿度计，每日登记两次。\n（二）修订档案管理制度。\n"


class MeasureCount(Finding):
    n: int = Field(description="how many measures the document has")
    first: str | None = None


class NeedsMeasures(Extractor):
    """A plugin that reads the measures extractor's findings."""

    name = "needs_measures"
    version = "1.0"
    output_model = MeasureCount
    requires = ("measures",)

    def extract(self, doc, context):
        measures = context.findings["measures"]
        first = measures[0].id if measures else None
        return [MeasureCount(text=doc.text[:1], span=(0, 1), n=len(measures), first=first)]


class OldStyle(Extractor):
    """Written against the first plugin API: extract(doc) only."""

    name = "old_style"
    version = "1.0"

    def extract(self, doc):
        return [Finding(text=doc.text[:2], span=(0, 2))]


def _ep(name: str, target: str) -> EntryPoint:
    return EntryPoint(name, target, ENTRY_POINT_GROUP)


BUILT_IN = [
    _ep("measures", "reportkit_extractors.measures:MeasuresExtractor"),
    _ep("problems", "reportkit_extractors.problems:ProblemsExtractor"),
]


def _cls(name: str, requires: tuple[str, ...]) -> type[Extractor]:
    return type(
        name.title(),
        (Extractor,),
        {"name": name, "version": "1", "requires": requires, "extract": lambda self, doc: []},
    )


def test_a_plugin_reads_the_findings_it_requires():
    record = Pipeline(extractors=[NeedsMeasures(), *load_extractors(entry_points_=BUILT_IN)]).analyze(TEXT)
    (found,) = record.fields["needs_measures"]
    assert found.n == len(record.fields["measures"]) >= 1
    assert found.first == "measures/1"
    assert list(record.fields) == sorted(record.fields)  # the record lists fields by name, not by run order


def test_a_plugin_of_the_first_api_keeps_working():
    assert not wants_context(OldStyle()) and wants_context(NeedsMeasures())
    record = Pipeline(extractors=[OldStyle()]).analyze(TEXT)
    assert record.fields["old_style"][0].text == TEXT[:2]
    assert record.fields["old_style"][0].id == "old_style/1"


def test_run_order_puts_requirements_first_and_ties_by_name():
    a, b, c = _cls("alpha", ("gamma",))(), _cls("beta", ())(), _cls("gamma", ("beta",))()
    assert [e.name for e in run_order([a, b, c])] == ["beta", "gamma", "alpha"]


def test_a_cycle_is_a_load_error_naming_it():
    a, b = _cls("alpha", ("beta",))(), _cls("beta", ("alpha",))()
    with pytest.raises(PluginLoadError, match="requirements form a cycle: alpha -> beta -> alpha"):
        run_order([a, b])


def test_a_missing_requirement_is_a_load_error():
    with pytest.raises(PluginLoadError, match="requires 'gamma', which is not loaded"):
        run_order([_cls("alpha", ("gamma",))()])
    with pytest.raises(PluginLoadError, match="requires 'measures', which is not installed"):
        load_extractors(entry_points_=[_ep("needs_measures", f"{__name__}:NeedsMeasures")])


def test_only_pulls_in_what_a_plugin_requires():
    eps = [*BUILT_IN, _ep("needs_measures", f"{__name__}:NeedsMeasures")]
    names = [e.name for e in load_extractors(only=["needs_measures"], entry_points_=eps)]
    assert names == ["measures", "needs_measures"]


def test_disabling_a_requirement_leaves_out_what_needs_it_unless_it_was_asked_for():
    eps = [*BUILT_IN, _ep("needs_measures", f"{__name__}:NeedsMeasures")]
    assert [e.name for e in load_extractors(disable=["measures"], entry_points_=eps)] == ["problems"]
    with pytest.raises(PluginLoadError, match="requires 'measures', which is disabled"):
        load_extractors(only=["needs_measures"], disable=["measures"], entry_points_=eps)


class BeforeLedger(Extractor):
    """Reads the ledger, and its name sorts before it."""

    name = "a_needs_ledger"
    version = "1.0"
    requires = ("ledger",)

    def extract(self, doc, context):
        return []


class AfterLedger(BeforeLedger):
    """Reads the ledger, and its name sorts after it."""

    name = "z_needs_ledger"


def test_disabling_a_requirement_leaves_out_what_needs_it_at_one_remove():
    # a_needs_ledger and z_needs_ledger require ledger, which requires problems: --disable problems leaves out
    # all three, whichever is looked at first, and runs what is left
    eps = [
        *BUILT_IN,
        _ep("ledger", "reportkit_extractors.ledger:LedgerExtractor"),
        _ep("a_needs_ledger", f"{__name__}:BeforeLedger"),
        _ep("z_needs_ledger", f"{__name__}:AfterLedger"),
    ]
    assert [e.name for e in load_extractors(disable=["problems"], entry_points_=eps)] == ["measures"]
    with pytest.raises(PluginLoadError, match="requires 'ledger', which is left out: it requires what is disabled"):
        load_extractors(only=["a_needs_ledger"], disable=["problems"], entry_points_=eps)


def test_requires_must_name_extractors():
    from reportkit.extract.registry import validate_extractor

    bad = type("Bad", (Extractor,), {"name": "bad", "version": "1", "requires": "measures", "extract": lambda s, d: []})
    with pytest.raises(PluginLoadError, match="requires must be a tuple"):
        validate_extractor(bad, None)
