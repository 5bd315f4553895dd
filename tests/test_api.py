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
