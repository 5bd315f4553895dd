"""reportkit.dask on a real dask.distributed LocalCluster with two worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

import reportkit.dask as rkd  # noqa: E402
from reportkit.pipeline import Pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BUILT_INS = ["counts", "leadership_groups", "measures", "problems"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-docs")
    docs = sorted((ROOT / "corpus" / "docs").iterdir())[::20][:14]  # a spread of types and formats
    for src in docs:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "notes.xlsx").write_bytes(b"ignored")
    return folder


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_cluster_output_equals_single_process(files, client):
    bag = rkd.extract_bag(str(files / "*"), npartitions=4, only=BUILT_INS)
    on_cluster = bag.compute()
    pipe = Pipeline(only=BUILT_INS)
    paths = sorted(p for p in files.iterdir() if p.suffix != ".xlsx")
    local = [r.to_dict() for p in paths for r in pipe.process_path(str(p))]
    assert len(on_cluster) == len(local) == 15
    assert on_cluster == local  # same records, same order
    broken = [r for r in on_cluster if r["source"]["path"].endswith("broken.docx")]
    assert broken[0]["errors"][0]["stage"] == "read"


def test_jsonl_and_parquet_partitions(files, client, tmp_path):
    pytest.importorskip("pyarrow")
    import pandas as pd

    bag = rkd.extract_bag([str(p) for p in sorted(files.glob("*.txt"))], npartitions=3, only=["counts"])
    written = rkd.to_jsonl(bag, str(tmp_path / "out" / "records-*.jsonl"))
    assert len(written) == 3
    lines = [json.loads(line) for f in sorted((tmp_path / "out").glob("*.jsonl")) for line in open(f, encoding="utf-8")]
    assert len(lines) == len(list(files.glob("*.txt")))
    assert all(set(r["fields"]) == {"counts"} for r in lines)
    rkd.to_dataframe(bag).to_parquet(str(tmp_path / "parquet"))
    frame = pd.read_parquet(tmp_path / "parquet")
    assert len(frame) == len(lines) and set(rkd.DOCUMENT_COLUMNS) <= set(frame.columns)
    assert frame["doc_type"].notna().all()


def test_a_folder_gives_the_records_reportkit_extract_gives(client, tmp_path, monkeypatch):
    """The same inputs as the CLI's folder walk — a .zip's members read, hidden and lock files left alone —
    so the same records, in the same order, as the CLI's for the absolute path (a relative one is made
    absolute: the workers do not share the client's working folder)."""
    import zipfile

    from click.testing import CliRunner

    from reportkit.cli import main

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    sources = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[::40][:4]
    for src in sources[:2]:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "sub" / sources[2].name).write_bytes(sources[2].read_bytes())
    with zipfile.ZipFile(folder / "附件.zip", "w") as z:
        z.write(sources[3], f"a/{sources[3].name}")
    (folder / ".hidden.txt").write_text("不应读取", encoding="utf-8")
    (folder / "~$lock.docx").write_bytes(b"lock")
    (folder / "title\u2028break.txt").write_text("标题\u2028续\n共检查3家。", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["extract", str(folder), "-o", str(tmp_path / "cli.jsonl"), "--only", "counts", "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    cli = [json.loads(line) for line in (tmp_path / "cli.jsonl").read_text(encoding="utf-8").splitlines()]
    monkeypatch.chdir(tmp_path)
    bag = rkd.extract_bag("in", only=["counts"])  # relative to the client's folder
    assert bag.compute() == cli
    assert len(cli) == 5 and any(r["source"]["path"] == f"{folder}/附件.zip/a/{sources[3].name}" for r in cli)
    # a glob takes what a walk would: the zip's member, not the hidden or lock file
    globbed = rkd.extract_bag("in/**/*", only=["counts"]).compute()
    assert sorted(r["source"]["path"] for r in globbed) == sorted(r["source"]["path"] for r in cli)
    # JSON Lines a reader splitting on every line break reads back: U+2028 written escaped, as the CLI does
    rkd.to_jsonl(bag, str(tmp_path / "out" / "r-*.jsonl"))
    (written,) = (tmp_path / "out").glob("*.jsonl")
    lines = written.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == cli


def test_an_option_the_pipeline_does_not_take_is_refused_before_the_cluster(files):
    with pytest.raises(TypeError, match="bogus_option"):
        rkd.extract_bag(str(files / "*.txt"), bogus_option=1)
