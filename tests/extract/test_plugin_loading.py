"""Loading plugins: --disable skips a broken plugin file, unknown names are called unknown, and one broken
installed plugin neither hides the others from `reportkit plugins` nor stops `reportkit.analyze()`."""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import EntryPoint

import pytest
from click.testing import CliRunner

import reportkit
import reportkit.extract.registry as registry
import reportkit.pipeline as pipeline
from reportkit.cli import main
from reportkit.errors import PluginError, PluginLoadError

REPORT = "关于安全生产检查问题整改情况的报告\n一、存在问题\n台账不全！\n二、整改措施\n共排查企业3520家。\n"
SHOUT = """
from reportkit import Extractor, Finding


class Shout(Extractor):
    name = "shout"
    version = "1.0"

    def extract(self, doc):
        return [Finding(text="！", span=(i, i + 1)) for i, c in enumerate(doc.text) if c == "！"]
"""
NO_VERSION = """
from reportkit import Extractor


class Sloppy(Extractor):
    name = "sloppy"
    version = ""

    def extract(self, doc):
        return []
"""


def run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture()
def report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture()
def plugins_dir(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "shout.py").write_text(textwrap.dedent(SHOUT), encoding="utf-8")
    (folder / "broken.py").write_text("import no_such_module_for_reportkit\n", encoding="utf-8")
    (folder / "sloppy.py").write_text(textwrap.dedent(NO_VERSION), encoding="utf-8")
    return folder


def test_disable_skips_the_broken_plugin_file_the_error_names(report, plugins_dir):
    result = run(["extract", str(report), "--plugins-dir", str(plugins_dir), "-q", "--workers", "0"])
    assert result.exit_code == 2
    assert "'broken'" in result.stderr and "--disable broken" in result.stderr
    result = run(
        ["extract", str(report), "--plugins-dir", str(plugins_dir), "--disable", "broken", "-q", "--workers", "0"]
    )
    assert result.exit_code == 2 and "--disable sloppy" in result.stderr  # the next one, by its name
    args = ["extract", str(report), "--plugins-dir", str(plugins_dir), "--disable", "broken,sloppy", "-q"]
    result = run([*args, "--workers", "0"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert [f["text"] for f in record["fields"]["shout"]] == ["！"]
    assert "sloppy" not in record["extractors"] and "broken" not in record["extractors"]


@pytest.mark.parametrize("option", ["--only", "--disable"])
def test_an_unknown_name_is_called_unknown_not_failed_to_load(report, option):
    result = run(["extract", str(report), option, "counts,nope", "-q", "--workers", "0"])
    assert result.exit_code == 2
    assert f"unknown extractor 'nope' in {option}" in result.stderr
    assert "failed to load" not in result.stderr and "--disable nope" not in result.stderr
    with pytest.raises(PluginError, match="unknown extractor 'nope'") as info:
        registry.load_extractors(**{option.strip("-"): ["nope"]})
    assert not isinstance(info.value, PluginLoadError)


@pytest.fixture()
def broken_installed(monkeypatch):
    """An installed distribution's entry point that no longer imports."""
    real = registry.entry_points
    bad = EntryPoint("ghost", "reportkit_ghost_plugin_xyz:Ghost", registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "entry_points", lambda group: [*real(group=group), bad])
    monkeypatch.setattr(pipeline, "_default", None)
    return bad


def test_plugins_lists_the_others_and_the_broken_one_with_its_reason(broken_installed):
    result = run(["plugins"])
    assert result.exit_code == 2
    from reportkit_extractors.counts import CountsExtractor
    from reportkit_extractors.leadership_groups import LeadershipGroupsExtractor
    from reportkit_extractors.measures import MeasuresExtractor
    from reportkit_extractors.problems import ProblemsExtractor

    for ext in (CountsExtractor, LeadershipGroupsExtractor, MeasuresExtractor, ProblemsExtractor):
        assert f"{ext.name} {ext.version}" in result.stdout
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("ghost")]
    assert line.endswith("FAILED TO LOAD")
    assert "No module named 'reportkit_ghost_plugin_xyz'" in result.stdout
    rows = {r["name"]: r for r in json.loads(run(["plugins", "--format", "json"]).stdout)}
    assert {"counts", "leadership_groups", "measures", "problems"} <= set(rows)
    assert "ghost" in rows["ghost"]["error"] and "fields" not in rows["ghost"]


def test_analyze_warns_about_a_broken_plugin_and_runs_the_others(broken_installed):
    with pytest.warns(RuntimeWarning, match="'ghost'"):
        record = reportkit.analyze(REPORT)
    assert [c.value for c in record.fields["counts"]] == [3520]
    assert "ghost" not in record.extractors
    with pytest.raises(PluginLoadError, match="ghost"):
        reportkit.Pipeline().extractors  # a pipeline you build yourself still says so at once
    with pytest.raises(PluginLoadError, match="ghost"):
        reportkit.analyze(REPORT, skip_broken_plugins=False)
