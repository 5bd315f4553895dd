"""The public API: __all__, lazy imports, version, the documented example."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest

import reportkit


def test_all_names_resolve_to_what_their_module_defines():
    import importlib

    assert isinstance(reportkit.__version__, str)
    for name in set(reportkit.__all__) - {"__version__"}:
        module = importlib.import_module(reportkit._LAZY[name])
        assert getattr(reportkit, name) is getattr(module, name), name


def test_all_lists_the_public_names():
    """Every public non-module name of the package is in __all__ (httpx's test_exported_members)."""
    import types

    reportkit.Pipeline  # load a few lazily imported names
    public = {
        n
        for n in dir(reportkit)
        if not n.startswith("_")
        and not isinstance(getattr(reportkit, n), types.ModuleType)
        and n not in {"annotations", "TYPE_CHECKING", "Any"}
    }
    assert public == set(reportkit.__all__) - {"__version__"}
    # a lazily imported name is public whether or not it was loaded yet: each is in __all__, and back
    assert set(reportkit._LAZY) == set(reportkit.__all__) - {"__version__"}
    assert len(reportkit.__all__) == len(set(reportkit.__all__))


def test_version_comes_from_metadata():
    assert reportkit.__version__ == version("reportkit")


def test_import_is_lazy():
    code = (
        "import sys, reportkit\n"
        "heavy = [m for m in ('jieba', 'sklearn', 'pydantic', 'docx', 'pypdf', 'lxml', 'click') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_a_run_loads_only_what_it_needs():
    """Start-up stays small: jieba is imported without setuptools' pkg_resources (slow, and deprecated),
    and cn2an only when a Chinese numeral has to be read."""
    code = (
        "import sys, warnings, reportkit\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "r = reportkit.analyze('全县排查企业3520家，发现隐患156处。')\n"
        "assert [c.value for c in r.fields['counts']] == [3520, 156], r.fields['counts']\n"
        "print('pkg_resources' in sys.modules, 'cn2an' in sys.modules)\n"
        "r = reportkit.analyze('共检查企业三十二家。')\n"
        "print([c.value for c in r.fields['counts']], 'cn2an' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False False"
    assert out[1] == "[32] True"


def test_readme_example(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("关于安全生产检查问题整改情况的报告\n一、存在问题\n台账不全。", encoding="gbk")
    doc = reportkit.read(path)
    record = reportkit.analyze(doc)
    data = record.to_dict()
    assert data["title"] == "关于安全生产检查问题整改情况的报告"
    assert data["source"]["encoding"] == "gb18030"
    assert json.loads(record.model_dump_json()) == {**data, "text": None}  # the README prints this


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"])
def test_a_record_is_one_line_for_any_line_splitter(brk):
    # the text, its title and its findings hold a line break that str.splitlines() splits at
    text = f"关于档案管理{brk}整改情况的报告\n一、存在问题\n档案室温湿度记录缺失{brk}借阅登记不全。\n二、整改措施\n配备温湿度计{brk}每日登记。\n"
    record = reportkit.Pipeline(include_text=True).analyze(text)
    line = record.to_json()
    assert len(line.splitlines()) == 1 and brk not in line
    assert json.loads(line)["text"] == text  # the same values, escaped


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (
            MemoryError(),
            "a/报告.txt: MemoryError: out of memory reading or analyzing it (--max-chars refuses long texts)",
        ),
        (RuntimeError(), "a/报告.txt: RuntimeError"),
        (ValueError("bad value"), "a/报告.txt: ValueError: bad value"),
    ],
)
def test_an_error_record_says_what_went_wrong_even_when_the_exception_does_not(exc, message):
    from reportkit.pipeline import error_record

    (error,) = error_record("a/报告.txt", exc).errors
    assert error.message == message


# -- what a data engineer meets importing reportkit (found by a helper using the API as one) -------------------
DOC = "corpus/docs/rec_001.txt"


def test_from_json_reads_any_json_of_a_record_and_to_json_writes_reportkits_form():
    from reportkit.record import Record

    record = reportkit.Pipeline(only=["counts"]).analyze(reportkit.read(DOC))
    line = record.to_json()
    pretty = json.dumps(json.loads(line), ensure_ascii=True, indent=2)
    again = Record.from_json(pretty)
    assert again.to_json() == line  # one line, Chinese unescaped: not the text it was parsed from
    again.title = "改过的标题"
    assert json.loads(again.to_json())["title"] == "改过的标题"
    assert again.fields["counts"][0].value == record.fields["counts"][0].value  # its own fields as attributes


def test_a_record_from_a_worker_writes_the_line_it_came_as_until_it_is_changed():
    from reportkit.record import Record

    line = reportkit.Pipeline(only=["counts"]).analyze(reportkit.read(DOC)).to_json()
    unchanged = Record._from_worker(line)
    assert unchanged.to_json() is line  # not serialised twice
    changed = Record._from_worker(line)
    changed.title = "X"
    copied = Record._from_worker(line).model_copy(update={"title": "Y"})
    assert json.loads(changed.to_json())["title"] == "X" and json.loads(copied.to_json())["title"] == "Y"


def test_a_used_pipeline_and_a_read_document_pickle():
    import pickle

    pipe = reportkit.Pipeline(only=["counts", "problems"])
    doc = reportkit.read(DOC)
    before = pipe.analyze(doc).to_json()
    again = pickle.loads(pickle.dumps(pipe))  # loads what it needs again, on first use
    assert again.analyze(pickle.loads(pickle.dumps(doc))).to_json() == before


def test_paths_of_any_kind_give_records_or_error_records(tmp_path):
    from pathlib import Path

    pipe = reportkit.Pipeline(only=["counts"])
    (missing,) = pipe.process_path(Path(tmp_path / "nope" / "x.txt"))
    assert missing.errors[0].message == f"{tmp_path}/nope/x.txt: no such file"
    (odd,) = pipe.process_path("a\ud800b.txt")  # a str no file system gave: an error record, not a crash
    assert odd.errors and odd.id.startswith("err-")
    folder = Path("corpus/pairs")
    assert [r.id for r in pipe.run(str(folder)) if not hasattr(r, "reason")] == [
        r.id for r in pipe.run([folder]) if not hasattr(r, "reason")
    ]  # one path, not its characters


def test_max_chars_refuses_a_long_text_given_in_memory_too():
    (error,) = reportkit.Pipeline(only=["counts"], max_chars=100).analyze("字" * 200).errors
    assert error.type == "LimitExceededError" and "200 characters, over the limit of 100" in error.message


def test_a_text_that_names_a_file_is_analyzed_as_text_with_a_warning_and_a_path_is_refused():
    from pathlib import Path

    pipe = reportkit.Pipeline(only=["counts"])
    with pytest.warns(RuntimeWarning, match=r"names a file: a str is the text itself; read the file"):
        record = pipe.analyze(DOC)
    assert record.chars == len(DOC)
    with pytest.raises(TypeError, match=r"read a file with reportkit.read\(path\)"):
        pipe.analyze(Path(DOC))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("corpus/docs", "corpus/docs: is a directory; read its files with"),
        ("", "'': an empty path"),
        ("misc/bad\nname.md", "misc/bad\\nname.md: no such file"),
    ],
)
def test_read_says_what_is_wrong_with_a_path_on_one_line(path, message):
    with pytest.raises(reportkit.InputError) as info:
        reportkit.read(path)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_type_checkers_see_the_public_names_and_let_findings_fields_through(tmp_path):
    api = pytest.importorskip("mypy.api")
    script = tmp_path / "use.py"
    script.write_text(
        "import reportkit\n"
        "record = reportkit.Pipeline(only=['counts']).analyze('共检查3家。')\n"
        "values: list[float] = [c.value for c in record.fields['counts']]\n"
        "print(reportkit.WorkerDied, values)\n"
        "reportkit.Pipline()\n",
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"  # a user's project: not this repository's mypy settings
    config.write_text("[mypy]\n", encoding="utf-8")
    # reportkit's own modules are checked as a user's mypy checks an installed package: their errors not shown
    args = ["--strict", "--follow-imports=silent", "--no-incremental", "--config-file", str(config)]
    out, _, status = api.run([*args, "--cache-dir", str(tmp_path / "cache"), str(script)])
    assert status == 1
    assert out.splitlines()[:-1] == [
        f'{script}:5: error: Module has no attribute "Pipline"; maybe "Pipeline"?  [attr-defined]'
    ]
