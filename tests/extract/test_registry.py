"""The plugin system: discovery through entry points, plugin folders, selection, isolation, verification."""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import EntryPoint

import pytest
from click.testing import CliRunner

from reportkit import Extractor, Finding, Pipeline
from reportkit.cli import main
from reportkit.errors import ExtractorFailed, PluginError, PluginLoadError
from reportkit.extract.registry import (
    ENTRY_POINT_GROUP,
    discover,
    load_extractors,
    load_plugins_dir,
    register,
    unregister,
)

BUILT_INS = ["counts", "leadership_groups", "ledger", "measures", "problems", "progress"]


class Boom(Extractor):
    name = "boom"
    version = "0.1"

    def extract(self, doc):
        raise RuntimeError("kaboom")


class Liar(Extractor):
    """Reports a span that does not hold its text (and one that does)."""

    name = "liar"
    version = "0.1"

    def extract(self, doc):
        return [Finding(text="不是这里", span=(0, 4)), Finding(text=doc.text[:2], span=(0, 2))]


def test_built_ins_come_through_the_entry_point_group():
    specs = {s.name: s for s in discover()}
    for name in BUILT_INS:
        assert specs[name].distribution == "reportkit"
        assert specs[name].entry_point.group == ENTRY_POINT_GROUP
    assert [s.name for s in discover()] == sorted(s.name for s in discover())  # deterministic order


def test_fake_entry_points_are_loaded_and_broken_ones_name_plugin_and_distribution():
    good = EntryPoint("counts", "reportkit_extractors.counts:CountsExtractor", ENTRY_POINT_GROUP)
    bad = EntryPoint("broken", "no_such_module_xyz:Thing", ENTRY_POINT_GROUP)
    assert [e.name for e in load_extractors(entry_points_=[good])] == ["counts"]
    with pytest.raises(PluginLoadError) as info:
        load_extractors(entry_points_=[good, bad])
    assert "'broken'" in str(info.value) and "--disable broken" in str(info.value)
    # --disable skips the broken plugin and the run goes on
    assert [e.name for e in load_extractors(disable=["broken"], entry_points_=[good, bad])] == ["counts"]


def test_not_an_extractor_is_refused():
    ep = EntryPoint("json", "json:dumps", ENTRY_POINT_GROUP)
    with pytest.raises(PluginLoadError, match="not a subclass"):
        load_extractors(entry_points_=[ep])


def test_only_and_disable():
    assert [e.name for e in load_extractors(only=["counts"])] == ["counts"]
    names = [e.name for e in load_extractors(disable=["counts"])]
    assert "counts" not in names and "problems" in names
    with pytest.raises(PluginError, match="no such extractor; available"):
        load_extractors(only=["nope"])


def test_register_for_tests():
    register(Boom)
    try:
        assert "boom" in [s.name for s in discover()]
    finally:
        unregister("boom")
    assert "boom" not in [s.name for s in discover()]


def test_an_exception_in_one_extractor_is_recorded_and_the_others_still_run():
    pipe = Pipeline(extractors=[Boom(), load_extractors(only=["counts"])[0]], classifier=None)
    record = pipe.analyze("共排查企业3520家。")
    assert record.fields["counts"][0].value == 3520
    assert "boom" not in record.fields
    (error,) = record.errors
    assert (error.stage, error.extractor, error.type) == ("extract", "boom", "RuntimeError")
    assert "kaboom" in error.message


def test_strict_makes_it_fatal():
    pipe = Pipeline(extractors=[Boom()], classifier=None, strict=True)
    with pytest.raises(ExtractorFailed, match="boom"):
        pipe.analyze("文本")


def test_findings_whose_span_does_not_hold_their_text_are_rejected():
    record = Pipeline(extractors=[Liar()], classifier=None).analyze("整改报告正文")
    assert [f.text for f in record.fields["liar"]] == ["整改"]
    (error,) = record.errors
    assert error.stage == "verify" and error.type == "SpanMismatch"


def test_applies_to_limits_an_extractor_to_document_types():
    class OnlyPlans(Extractor):
        name = "only_plans"
        version = "1"
        applies_to = {"work_plan"}

        def extract(self, doc):
            return [Finding(text=doc.text[:1], span=(0, 1))]

    pipe = Pipeline(extractors=[OnlyPlans()])
    plan = pipe.analyze("安全生产月活动方案\n一、指导思想\n二、工作目标\n三、组织领导\n四、实施步骤\n五、工作要求")
    assert plan.doc_type.label == "work_plan" and plan.fields["only_plans"]
    other = pipe.analyze("关于县委巡察反馈意见整改落实情况的报告\n一、存在问题\n二、整改措施\n已完成整改12项。")
    assert other.doc_type.label != "work_plan" and "only_plans" not in other.fields
    assert other.extractors == {"only_plans": "1"}


PLUGIN_FILE = '''
from reportkit import Extractor, Finding


class Shout(Extractor):
    """Finds exclamation marks."""

    name = "shout"
    version = "2.0"

    def extract(self, doc):
        return [Finding(text="！", span=(i, i + 1)) for i, c in enumerate(doc.text) if c == "！"]
'''


def test_plugins_dir(tmp_path):
    (tmp_path / "shout.py").write_text(textwrap.dedent(PLUGIN_FILE), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ignored.py").write_text("raise SystemExit('never imported')", encoding="utf-8")
    assert [e.name for e in load_plugins_dir(tmp_path)] == ["shout"]
    record = Pipeline(plugins_dirs=[tmp_path], only=["shout"], classifier=None).analyze("好！很好！")
    assert [f.span for f in record.fields["shout"]] == [(1, 2), (4, 5)]


def test_a_broken_plugin_file_is_a_clear_error(tmp_path):
    (tmp_path / "bad.py").write_text("import no_such_module_xyz\n", encoding="utf-8")
    with pytest.raises(PluginLoadError, match="bad"):
        load_plugins_dir(tmp_path)


def test_cli_plugins_lists_name_version_distribution_fields(tmp_path):
    (tmp_path / "shout.py").write_text(textwrap.dedent(PLUGIN_FILE), encoding="utf-8")
    result = CliRunner().invoke(main, ["plugins", "--format", "json", "--plugins-dir", str(tmp_path)])
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["counts"]["distribution"] == "reportkit"
    assert {"value", "unit", "approx", "subject", "text", "span"} <= set(rows["counts"]["fields"])
    assert rows["shout"]["distribution"] is None and rows["shout"]["version"] == "2.0"
    text = CliRunner().invoke(main, ["plugins"]).stdout
    assert "counts 1.0.0  (reportkit)" in text


def test_cli_schema_includes_each_plugin_model():
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    fields = schema["$defs"]["Fields"]["properties"]
    assert set(BUILT_INS) <= set(fields)
    assert "value" in schema["$defs"]["Count"]["properties"]


def test_cli_only_disable_and_strict(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("共排查企业3520家。", encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(path), "--only", "counts", "-q"]).stdout
    assert list(json.loads(out)["fields"]) == ["counts"]
    out = CliRunner().invoke(main, ["extract", str(path), "--disable", "counts,problems", "-q"]).stdout
    assert "counts" not in json.loads(out)["fields"]
    result = CliRunner().invoke(main, ["extract", str(path), "--only", "nope"])
    assert result.exit_code == 2 and "no such extractor" in result.stderr
