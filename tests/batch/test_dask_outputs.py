"""reportkit.dask's outputs: whole lines in every shard, a column for every extractor the bag runs."""

from __future__ import annotations

import json
import textwrap

import pytest

dask = pytest.importorskip("dask")
pytest.importorskip("dask.bag")

import reportkit.dask as rkd  # noqa: E402

TEXTS = [
    "关于安全生产检查问题整改情况的报告\n一、存在问题\n共排查企业3520家！\n",
    "县教育局2021年工作总结\n今年以来，全县共培训教师1.2万人次！新建学校3所！\n",
    "关于开展消防演练的实施方案\n一、组织领导\n成立由校长任组长的演练领导小组。\n",
    "关于巡察反馈问题整改落实情况的报告\n已完成整改12项。\n",
]
SHOUT = """
from reportkit import Extractor, Finding


class Shout(Extractor):
    name = "shout"
    version = "1.0"

    def extract(self, doc):
        return [Finding(text="！", span=(i, i + 1)) for i, c in enumerate(doc.text) if c == "！"]
"""


@pytest.fixture()
def files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def in_process():
    with dask.config.set(scheduler="synchronous"):
        yield


def test_every_shard_ends_with_a_newline_so_cat_gives_json_lines(files, tmp_path):
    bag = rkd.extract_bag(str(files / "*.txt"), npartitions=4, only=["counts"])
    rkd.to_jsonl(bag, str(tmp_path / "out" / "records-*.jsonl"))
    shards = sorted((tmp_path / "out").glob("records-*.jsonl"))
    assert len(shards) == 4
    assert all(shard.read_bytes().endswith(b"\n") for shard in shards)
    joined = b"".join(shard.read_bytes() for shard in shards).decode("utf-8")  # what `cat` gives
    records = [json.loads(line) for line in joined.splitlines()]
    assert [r["source"]["path"].rsplit("/", 1)[1] for r in records] == [f"d{i}.txt" for i in range(4)]


def test_dataframe_has_a_column_for_every_extractor_the_bag_runs(files, tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "shout.py").write_text(textwrap.dedent(SHOUT), encoding="utf-8")
    bag = rkd.extract_bag(str(files / "*.txt"), npartitions=2, plugins_dirs=[str(plugins)], only=["counts", "shout"])
    frame = rkd.to_dataframe(bag).compute()
    assert [c for c in frame.columns if c.startswith("n_")] == ["n_counts", "n_shout", "n_errors"]
    assert list(frame["n_shout"]) == [1, 2, 0, 0]
    everything = rkd.to_dataframe(rkd.extract_bag(str(files / "*.txt"), plugins_dirs=[str(plugins)]))
    assert {"n_counts", "n_leadership_groups", "n_measures", "n_problems", "n_shout"} <= set(everything.columns)
    assert "n_shout" in rkd.to_dataframe(bag.map(lambda r: r), extractors=["shout"]).columns
    # an extractor that did not run on a document (here: one the bag does not run) is empty, not 0, as in the CSV
    other = rkd.to_dataframe(bag, extractors=["counts", "ledger"]).compute()
    assert str(other["n_ledger"].dtype) == "Int64" and other["n_ledger"].isna().all()
    assert other["n_counts"].notna().all()
