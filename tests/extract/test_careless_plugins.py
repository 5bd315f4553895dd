"""Plugins that do what they should not: the run goes on, the other extractors keep their results, every span
written holds its text, and the error names the extractor and says what it did."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint

import pytest
from click.testing import CliRunner

from reportkit import Document, Extractor, Finding, Mention, Pipeline
from reportkit.cli import main
from reportkit.errors import PluginLoadError
from reportkit.extract.registry import ENTRY_POINT_GROUP, load_extractors, shadowed
from reportkit.record import Record

TEXT = "关于安全检查问题整改情况的报告\n一、存在问题\n1.消防通道堵塞。\n二、整改措施\n1.清理消防通道，共清理杂物3车。\n"


class Counts(Extractor):
    """A well-behaved extractor that runs beside the careless ones: its findings must come through."""

    name = "a_counts"
    version = "1"

    def extract(self, doc):
        at = doc.text.index("3车")
        return [Finding(text="3车", span=(at, at + 2))]


def _careless(name: str, body) -> Extractor:
    cls = type(name.title().replace("_", ""), (Extractor,), {"name": name, "version": "1", "extract": body})
    return cls()


def _run(*extractors, text: str = TEXT, **options):
    record = Pipeline(extractors=[Counts(), *extractors], classifier=None, items_model=None, **options).analyze(text)
    return record, {e.extractor: e for e in record.errors}


def _assert_every_span_holds(record: Record, text: str) -> None:
    for findings in record.fields.values():
        for f in findings:
            for item in [f, *(v for v in f.__dict__.values() if isinstance(v, Mention))]:
                assert text[item.span[0] : item.span[1]] == item.text


def _good_counts(record: Record) -> None:
    assert [f.text for f in record.fields["a_counts"]] == ["3车"]


@pytest.mark.parametrize(
    "returned, said",
    [(None, "returned NoneType"), (42, "returned int"), ("3车", "returned str"), ({"text": "x"}, "returned dict")],
)
def test_an_extractor_that_returns_no_list_fails_alone(returned, said):
    record, errors = _run(_careless("b_none", lambda self, doc: returned))
    _good_counts(record)
    assert "b_none" not in record.fields
    assert errors["b_none"].stage == "extract" and said in errors["b_none"].message
    assert "'b_none'" in errors["b_none"].message


def test_a_generator_that_raises_half_way_fails_alone():
    def extract(self, doc):
        yield Finding(text=doc.text[:2], span=(0, 2))
        raise RuntimeError("half way")

    record, errors = _run(_careless("b_gen", extract))
    _good_counts(record)
    assert "b_gen" not in record.fields and "half way" in errors["b_gen"].message


def test_sys_exit_in_an_extractor_ends_its_call_not_the_run():
    def extract(self, doc):
        raise SystemExit(3)

    record, errors = _run(_careless("b_exit", extract))
    _good_counts(record)
    assert errors["b_exit"].type == "SystemExit"


@pytest.mark.parametrize(
    "build",
    [
        lambda t: Finding.model_construct(text="伪造", span=[0, 99_999_999]),  # a list span out of range
        lambda t: Finding.model_construct(text=t[:2], span=[2, 0]),  # reversed
        lambda t: Finding.model_construct(text=t[:2], span=[-2, 0]),  # negative
        lambda t: Finding.model_construct(text=t[:2], span=["0", "2"]),  # not integers
        lambda t: Finding.model_construct(text=t[:2], span=(0, 2, 4)),  # not a pair
    ],
)
def test_spans_that_are_not_a_pair_in_the_text_are_rejected_however_they_were_built(build):
    record, errors = _run(_careless("b_span", lambda self, doc: [build(doc.text)]))
    _good_counts(record)
    assert record.fields["b_span"] == []
    assert errors["b_span"].type == "SpanMismatch" and errors["b_span"].stage == "verify"
    Record.from_json(record.to_json())  # the record a batch writes and reads back validates


def test_a_span_assigned_after_construction_is_checked():
    def extract(self, doc):
        f = Finding(text=doc.text[:2], span=(0, 2))
        f.span, f.text = [0, 1], "完全不对"
        return [f, Finding(text=doc.text[2:4], span=(2, 4))]

    record, errors = _run(_careless("b_assign", extract))
    assert [f.text for f in record.fields["b_assign"]] == [TEXT[2:4]]
    assert "'完全不对' at [0, 1] does not match" in errors["b_assign"].message


def test_nested_dicts_and_extra_spans_are_checked_and_mapped():
    class Hit(Finding):
        leaders: list[dict] = []

    def extract(self, doc):
        at = doc.text.index("消防通道堵塞")
        good = {"text": "消防通道", "span": [at, at + 4]}
        return [
            Hit(text="消防通道堵塞", span=(at, at + 6), leaders=[good]),
            Hit(text="消防通道堵塞", span=(at, at + 6), leaders=[{"text": "错的", "span": [0, 2]}]),
            Finding(text="消防通道堵塞", span=(at, at + 6), other_span=[0, 10**6]),
        ]

    ext = _careless("b_dict", extract)
    ext.output_model = Hit
    record, _errors = _run(ext)
    assert len(record.fields["b_dict"]) == 1
    assert [e.type for e in record.errors] == ["SpanMismatch", "SpanMismatch"]
    assert "'错的'" in record.errors[0].message and "other_span" in record.errors[1].message
    # a hard-wrapped copy is read as laid out: the nested dict's span is mapped back to the file's text
    paragraph = (
        "针对部分单位消防通道堵塞的问题，局办公室组织各科室逐层清理杂物，共清理杂物3车，并在每层设置警示标志。" * 2
    )
    wrapped = "关于安全检查问题整改情况的报告\n" + "\n".join(
        paragraph[i : i + 26] for i in range(0, len(paragraph), 26)
    )
    doc = Document(wrapped)
    assert doc.wrapped_breaks
    hit = Pipeline(extractors=[ext], classifier=None, items_model=None).analyze(doc).fields["b_dict"][0]
    leader = hit.leaders[0]
    assert wrapped[leader["span"][0] : leader["span"][1]] == leader["text"]
    assert leader["text"].replace("\n", "") == "消防通道"


def test_an_extractor_that_changes_the_documents_text_has_it_put_back():
    def extract(self, doc):
        doc.text = "XXXX" + doc.text
        return []

    # it runs first (by name): the extractors after it read, and are checked against, the text as it was
    record, errors = _run(_careless("a0_mutate", extract))  # "a0_" runs before "a_counts"
    _good_counts(record)
    _assert_every_span_holds(record, TEXT)
    assert errors["a0_mutate"].type == "DocumentChanged"


def test_context_findings_are_read_only_and_a_finding_changed_later_is_caught():
    seen = {}

    class Clear(Extractor):
        name = "z_tamper"
        version = "1"
        requires = ("a_counts",)

        def extract(self, doc, context):
            found = context.findings["a_counts"]
            seen["type"] = type(found)
            with pytest.raises(AttributeError):
                found.clear()
            found[0].text, found[0].span = "篡改", (0, 2)
            return []

    record, errors = _run(Clear())
    assert seen["type"] is tuple
    assert record.fields["a_counts"] == []
    assert errors["a_counts"].type == "SpanMismatch" and "changed after it was checked" in errors["a_counts"].message


def test_a_validation_error_says_which_field_and_what_it_got():
    class Hit(Finding):
        value: float

    ext = _careless("b_invalid", lambda self, doc: [{"text": doc.text[:2], "span": (0, 2), "value": "lots"}])
    ext.output_model = Hit
    _record, errors = _run(ext)
    message = errors["b_invalid"].message
    assert "invalid finding: value: " in message and "(got 'lots')" in message
    assert "\n" not in message


def test_a_message_of_several_lines_is_one_line_and_keeps_them_all():
    def extract(self, doc):
        raise RuntimeError("first line\nsecond line")

    _record, errors = _run(_careless("b_lines", extract))
    assert errors["b_lines"].message.endswith("RuntimeError: first line | second line")


def test_too_many_findings_are_cut_at_the_limit_with_an_error(monkeypatch):
    import reportkit.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_FINDINGS", 10)
    record, errors = _run(_careless("b_huge", lambda self, doc: itertools.repeat(Finding(text="", span=(0, 0)), 10**9)))
    assert len(record.fields["b_huge"]) == 10
    assert errors["b_huge"].type == "TooManyFindings" and "more than 10 findings" in errors["b_huge"].message


class Heavy(Extractor):
    name = "b_load"
    version = "1"

    def load(self):
        raise FileNotFoundError("dictionary.txt not found")

    def extract(self, doc):
        return []


class NeedsHeavy(Extractor):
    name = "c_needs"
    version = "1"
    requires = ("b_load",)

    def extract(self, doc, context):
        return []


def test_load_that_raises_is_a_plugin_load_error_or_left_out_with_a_warning():
    with pytest.raises(PluginLoadError, match=r"'b_load'.*load\(\) failed: FileNotFoundError: dictionary.txt"):
        _ = Pipeline(extractors=[Counts(), Heavy()], classifier=None, items_model=None).extractors
    pipe = Pipeline(
        extractors=[Counts(), Heavy(), NeedsHeavy()], classifier=None, items_model=None, skip_broken_plugins=True
    )
    with pytest.warns(RuntimeWarning, match="b_load"):
        names = [e.name for e in pipe.extractors]
    assert names == ["a_counts"]  # and what requires it is left out with it
    _good_counts(pipe.analyze(TEXT))


def _ep(name: str, target: str) -> EntryPoint:
    return EntryPoint(name, target, ENTRY_POINT_GROUP)


def test_a_requirement_cycle_leaves_out_the_cycle_when_broken_plugins_are_skipped(monkeypatch):
    import reportkit.extract.registry as registry

    class CycA(Extractor):
        name, version, requires = "cyc_a", "1", ("cyc_b",)

        def extract(self, doc, context):
            return []

    class CycB(Extractor):
        name, version, requires = "cyc_b", "1", ("cyc_a",)

        def extract(self, doc, context):
            return []

    class AfterCycle(Extractor):
        name, version, requires = "cyc_c", "1", ("cyc_a",)

        def extract(self, doc, context):
            return []

    for cls in (CycA, CycB, AfterCycle):
        monkeypatch.setitem(registry._registered, cls.name, cls)
    counts = _ep("counts", "reportkit_extractors.counts:CountsExtractor")
    with pytest.raises(PluginLoadError, match="cycle: cyc_a -> cyc_b -> cyc_a"):
        load_extractors(entry_points_=[counts])
    broken: list[PluginLoadError] = []
    assert [e.name for e in load_extractors(entry_points_=[counts], errors=broken)] == ["counts"]
    assert [e.name for e in broken] == ["cyc_a", "cyc_c"]
    assert "requires 'cyc_a', which is left out" in str(broken[1])


class _EntryPoint:
    """An installed entry point as importlib.metadata gives one: a name, a target, its distribution."""

    group = ENTRY_POINT_GROUP

    def __init__(self, name: str, value: str, dist: str, version: str) -> None:
        self.name, self.value = name, value
        self.dist = type("Distribution", (), {"metadata": {"Name": dist}, "version": version})()

    def load(self):
        return _ep(self.name, self.value).load()


def test_two_plugins_of_one_name_one_is_chosen_the_same_way_every_time_and_the_user_is_told():
    builtin = _EntryPoint("counts", "reportkit_extractors.counts:CountsExtractor", "reportkit", "0.1.0")
    other = _EntryPoint("counts", "reportkit_extractors.counts:Counts", "fakecounts", "9.9.9")
    for order in ([builtin, other], [other, builtin]):
        notes: list[str] = []
        (_loaded,) = load_extractors(entry_points_=order, notes=notes)  # the other's target does not even import
        assert notes == shadowed(order) and len(notes) == 1
        assert "reportkit 0.1.0 (reportkit_extractors.counts:CountsExtractor) is used" in notes[0]
        assert "fakecounts 9.9.9 (reportkit_extractors.counts:Counts) is ignored" in notes[0]


def test_a_plugins_dir_extractor_that_replaces_an_installed_one_is_said(tmp_path):
    folder = tmp_path / "pdir"
    folder.mkdir()
    (folder / "mycounts.py").write_text(
        textwrap.dedent(
            """
            from reportkit import Extractor

            class MyCounts(Extractor):
                name = "counts"
                version = "6.6.6"

                def extract(self, doc):
                    return []
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    # in a process of its own, as a user runs it: the warning goes to stderr as reportkit's own line
    args = ["extract", str(tmp_path / "a.txt"), "--plugins-dir", str(folder), "--only", "counts", "--workers", "0"]
    run = subprocess.run([sys.executable, "-m", "reportkit", *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    (warning,) = [line for line in run.stderr.splitlines() if "warning" in line]
    assert warning.startswith("reportkit: warning: extractor 'counts' of ")
    assert warning.endswith(
        "mycounts.py (--plugins-dir) replaces reportkit 0.1.0 (reportkit_extractors.counts:CountsExtractor)"
    )
    assert json.loads(run.stdout)["extractors"] == {"counts": "6.6.6"}


def test_the_cli_stops_on_a_plugin_whose_load_fails_with_one_line(tmp_path):
    folder = tmp_path / "pdir"
    folder.mkdir()
    (folder / "heavy.py").write_text(
        "from reportkit import Extractor\n\nclass Heavy(Extractor):\n    name = 'heavy'\n    version = '1'\n\n"
        "    def load(self):\n        raise FileNotFoundError('model.bin\\nnot found')\n\n"
        "    def extract(self, doc):\n        return []\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for workers in ("0", "1"):
        result = CliRunner().invoke(
            main, ["extract", str(tmp_path / "a.txt"), "--plugins-dir", str(folder), "--workers", workers]
        )
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("reportkit: error: extractor plugin 'heavy' failed to load: load() failed: ")
        assert "model.bin | not found" in line and "--disable heavy" in line


def test_check_extractor_gives_an_extractor_that_takes_a_context_its_requirements():
    from reportkit.testing import check_extractor

    class MeasuresPerProblem(Extractor):
        name = "measures_per_problem"
        version = "1"
        requires = ("problems", "measures")

        def extract(self, doc, context):
            if not context.findings["problems"]:
                return []
            first = context.findings["problems"][0]
            return [Finding(text=first.text, span=first.span, score=len(context.findings["measures"]) / 100)]

    check_extractor(MeasuresPerProblem, samples=[TEXT])


def test_check_extractor_says_what_is_wrong_with_a_span_out_of_range():
    from reportkit.testing import check_extractor

    class OutOfRange(Extractor):
        name = "out_of_range"
        version = "1"

        def extract(self, doc):
            return [Finding.model_construct(text="", span=(0, len(doc.text) + 4))]

    with pytest.raises(AssertionError, match=r"'' at \[0, \d+\] does not match the text there \(the document has"):
        check_extractor(OutOfRange)


def test_warnings_of_the_cli_are_one_line():
    from reportkit.cli import _warning_line

    assert _warning_line(RuntimeWarning("a\nb"), RuntimeWarning, "x.py", 1) == "reportkit: warning: a | b\n"
