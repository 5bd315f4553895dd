"""The documentation a new user follows: references that lead somewhere, formats that match the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT_FILES = [
    p
    for pattern in ("*.md", "docs/*.md", "src/**/*.py", "scripts/*.py", "plugins/**/*.py", "plugins/**/*.md")
    for p in ROOT.glob(pattern)
]


def _corpus_script():
    spec = importlib.util.spec_from_file_location("corpus_script", ROOT / "scripts" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gold_format_is_referred_to_where_it_lives():
    assert (ROOT / "docs" / "gold.md").is_file()
    stale = [str(p.relative_to(ROOT)) for p in TEXT_FILES if "GOLD.md" in p.read_text(encoding="utf-8")]
    assert stale == []  # there is no GOLD.md in the project


def test_markdown_links_to_project_files_resolve():
    broken = []
    for doc in [ROOT / "README.md", *ROOT.glob("docs/*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            if not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)} -> {target}")
    assert broken == []


def test_gold_md_documents_every_key_and_status_the_checker_knows():
    text = (ROOT / "docs" / "gold.md").read_text(encoding="utf-8")
    corpus = _corpus_script()
    keys = corpus.GOLD_KEYS | corpus.OPTIONAL_KEYS | corpus.GROUP_KEYS | corpus.LEDGER_KEYS
    keys |= {"value", "unit", "approx", "subject", "text"}
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == []
    statuses = sorted(s for s in corpus.STATUS if s)
    assert [s for s in statuses if f"`{s}`" not in text] == []
    assert [a for a in corpus.APPROX if a and f"`{a}`" not in text] == []


def test_the_readmes_json_tool_example_keeps_chinese_readable():
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [line for line in readme.splitlines() if "| python -m json.tool" in line]
    command = line.split("|", 1)[1].split("#", 1)[0].split()
    assert command[:3] == ["python", "-m", "json.tool"]
    record = '{"title": "关于整改情况的报告", "fields": {}}\n'
    out = subprocess.run([sys.executable, *command[1:]], input=record, capture_output=True, text=True, check=True)
    assert '"title": "关于整改情况的报告"' in out.stdout and "\\u" not in out.stdout


def test_the_readme_lists_every_column_of_the_sqlite_tables(tmp_path):
    import sqlite3

    from reportkit.output.sqlite import SCHEMA

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    db = sqlite3.connect(tmp_path / "x.sqlite")
    db.executescript(SCHEMA)
    for table in ("documents", "findings", "errors"):
        (row,) = [line for line in readme.splitlines() if line.startswith(f"| `{table}` |")]
        documented = set(re.findall(r"`([a-z_0-9]+)`", row.split("|")[3]))
        columns = {c[1] for c in db.execute(f"PRAGMA table_info({table})")}
        assert columns - documented == set(), table


def _block_after(doc: str, marker: str, lang: str) -> str:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    after = text[text.index(marker) :]
    start = after.index(f"```{lang}\n") + len(f"```{lang}\n")
    return after[start : after.index("```", start)]


def test_the_plugin_skeleton_in_docs_works_when_copied_literally(tmp_path):
    from reportkit import Pipeline
    from reportkit.extract.registry import load_plugins_dir
    from reportkit.testing import check_extractor

    code = _block_after("plugins.md", "<!-- skeleton", "python")
    assert "..." not in code and "…" not in code.replace("整改到位 …", "")  # no bodies left to the reader
    folder = tmp_path / "my_plugins"
    folder.mkdir()
    (folder / "deadlines_skeleton.py").write_text(code, encoding="utf-8")
    (extractor,) = load_plugins_dir(folder)
    samples = ["针对检查发现的问题，要求2018年7月底前完成整改，能改的两周内完成，其余立行立改。"]
    check_extractor(type(extractor), samples=samples)
    record = Pipeline(plugins_dirs=[folder], only=["deadlines"], classifier=None).analyze(samples[0])
    found = [(f.text, f.kind, f.due, f.within_days) for f in record.fields["deadlines"]]
    assert found == [
        ("2018年7月底前完成整改", "date", "2018-07", None),
        ("两周内完成", "relative", None, 14),
        ("立行立改", "immediate", None, None),
    ]
    assert record.errors == []


def test_the_plugin_tests_in_docs_pass_against_the_skeleton_in_docs(tmp_path, monkeypatch):
    # section 6's test file, run as written against section 3's code standing in for the package it imports
    import importlib.util
    import sys

    (tmp_path / "reportkit_deadlines.py").write_text(_block_after("plugins.md", "<!-- skeleton", "python"), "utf-8")
    spec = importlib.util.spec_from_file_location("reportkit_deadlines", tmp_path / "reportkit_deadlines.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "reportkit_deadlines", module)
    spec.loader.exec_module(module)
    tests: dict[str, object] = {}
    exec(compile(_block_after("plugins.md", "## 6.", "python"), "plugins.md section 6", "exec"), tests)
    names = sorted(n for n in tests if n.startswith("test_") and n != "test_each_check")
    assert names == ["test_a_deadline", "test_conforms"]
    for name in names:
        tests[name]()  # type: ignore[operator]


def test_the_plugin_pyproject_in_docs_is_complete():
    tomllib = pytest.importorskip("tomllib")
    data = tomllib.loads(_block_after("plugins.md", "## 4. Register it", "toml"))
    assert data["build-system"]["build-backend"] and data["build-system"]["requires"]
    assert {"name", "version", "dependencies", "requires-python"} <= set(data["project"])
    (entry,) = data["project"]["entry-points"]["reportkit.extractors"].items()
    assert entry == ("deadlines", "reportkit_deadlines:DeadlineExtractor")
    shipped = tomllib.loads((ROOT / "plugins" / "reportkit-deadlines" / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["build-system"] == shipped["build-system"]
    assert data["tool"] == shipped["tool"]  # where the package is, as the shipped plugin says


def test_plugins_md_documents_the_contract_it_relies_on():
    import reportkit

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in ("name", "version", "output_model", "applies_to", "description", "load()"):
        assert f"| `{name}" in text, name  # a row of the contract table
    assert "reportkit.Mention" in text and reportkit.Mention.model_fields.keys() == {"text", "span"}
    assert "**`match`**" in text and "**`fields(match, doc)`**" in text


def test_the_plugin_that_builds_on_the_ledger_works_when_copied_literally(tmp_path):
    from reportkit import Pipeline
    from reportkit.extract.registry import load_plugins_dir

    code = _block_after("plugins.md", "## Extractors that build on others", "python")
    folder = tmp_path / "my_plugins"
    folder.mkdir()
    (folder / "per_problem.py").write_text(code, encoding="utf-8")
    (extractor,) = load_plugins_dir(folder)
    assert extractor.requires == ("ledger",)
    text = (
        "（一）问题：会议记录不全。整改措施：补记会议记录；建立会议记录审核制度。责任单位：办公室。\n"
        "（二）问题：公务卡使用不规范。整改措施：修订公务卡管理办法。责任单位：财务科。\n"
    )
    record = Pipeline(plugins_dirs=[folder], only=["measures_per_problem"]).analyze(text)
    assert sorted(record.fields) == ["ledger", "measures", "measures_per_problem", "problems"]  # pulled in
    assert [(f.text, f.n) for f in record.fields["measures_per_problem"]] == [
        (e.text, len(e.measures)) for e in record.fields["ledger"]
    ]
    assert [f.n for f in record.fields["measures_per_problem"]] == [2, 1]
    # and it passes the conformance checks the docs' checklist asks for, its requirements run for it
    from reportkit.testing import check_extractor

    check_extractor(extractor, samples=[text])


def test_the_cli_reference_lists_every_option_of_every_command():
    import click

    from reportkit.cli import main

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("## CLI reference") :]
    block = block[block.index("```\n") + 4 :]
    block = block[: block.index("```")]
    plugin_options = {"--only", "--disable", "--plugins-dir", "--strict"}
    lines: dict[str, list[str]] = {}
    name = None
    for line in block.splitlines():
        if line.startswith("reportkit "):
            name = line.split()[1]
        if name is not None:
            lines.setdefault(name, []).append(line)
    missing = []
    for command, cmd in sorted(main.commands.items()):
        usage = "\n".join(lines.get(command, []))
        assert usage, f"reportkit {command} is not in the CLI reference"
        for param in cmd.params:
            if not isinstance(param, click.Option) or "--help" in param.opts:
                continue
            names = [*param.opts, *param.secondary_opts]
            if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", usage) for n in names):
                continue
            if "[plugin options]" in usage and plugin_options & set(names):
                continue
            missing.append(f"{command} {names[0]}")
    assert missing == []
