"""The documentation a new user follows: references that lead somewhere, formats that match the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

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
