"""Set-up and output failures end in one line on stderr and the README's exit status, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import reportkit.output as output_module
from reportkit.cli import main
from reportkit.errors import OutputError
from reportkit.output import JsonWriter
from reportkit.output.sqlite import SqliteWriter
from reportkit.record import Record, SourceInfo

ROOT = Path(__file__).resolve().parents[1]
REPORT = "关于安全生产检查问题整改情况的报告\n一、存在问题\n1.台账不全。\n二、整改措施\n共排查企业3520家。\n"
FORMATS = ["jsonl", "json", "csv", "sqlite"]
SUFFIX = {"jsonl": ".jsonl", "json": ".json", "csv": ".csv", "sqlite": ".sqlite"}


def run(args, **kwargs):
    # catch_exceptions=False: a traceback fails the test instead of hiding in result.exception
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


@pytest.fixture()
def report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def one_line_error(result, *words):
    lines = [line for line in result.stderr.splitlines() if line.startswith("reportkit: error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_into_a_missing_folder_creates_it(report, tmp_path, fmt):
    out = tmp_path / "new" / "deeper" / f"out{SUFFIX[fmt]}"
    result = run(["extract", str(report), "-o", str(out), "-q", "--workers", "0"])
    assert result.exit_code == 0, result.stderr
    assert out.is_file() and out.stat().st_size > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_unwritable_output_is_one_line_and_exit_2(report, tmp_path, fmt):
    # a file where the output's folder should be: refused by the system whoever runs the test (root too)
    out = tmp_path / "r.txt" / f"out{SUFFIX[fmt]}"
    result = run(["extract", str(report), "-o", str(out), "-q", "--workers", "0"])
    assert result.exit_code == 2
    one_line_error(result, str(out), "is a file, not a folder")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_full_disk_is_one_line_and_exit_2(report, fmt):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    result = run(["extract", str(report), "-o", "/dev/full", "--format", fmt, "-q", "--workers", "0"])
    assert result.exit_code == 2
    one_line_error(result, "/dev/full", "No space left on device")


class _FullDisk:
    """A file object whose writes fail as on a full disk."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._fh, name)


def test_json_on_a_full_disk_stops_at_the_first_record_and_leaves_nothing(report, tmp_path, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(output_module.os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    out = tmp_path / "all.json"
    result = run(["extract", str(report), str(report), "-o", str(out), "-q", "--workers", "0"])
    assert result.exit_code == 2
    one_line_error(result, str(out), "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]  # no target, no temporary file


def test_json_is_streamed_to_a_temporary_file_with_the_bytes_of_one_dump(tmp_path):
    out = tmp_path / "all.json"
    records = [Record(id=f"r{i}", source=SourceInfo(path=f"文件{i}.txt"), title="标题") for i in range(3)]
    writer = JsonWriter(out)
    writer.write(records[0])
    (tmp,) = tmp_path.glob(".all.json.*.tmp")  # written as it comes, beside the target
    assert tmp.stat().st_size > 0 and not out.exists()
    for r in records[1:]:
        writer.write(r)
    writer.close()
    expected = json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=1) + "\n"
    assert out.read_text(encoding="utf-8") == expected
    assert list(tmp_path.iterdir()) == [out]
    empty = tmp_path / "empty.json"
    JsonWriter(empty).close()
    assert json.loads(empty.read_text(encoding="utf-8")) == []


def test_json_keeps_a_finished_run_when_the_rename_fails(tmp_path):
    out = tmp_path / "all.json"
    writer = JsonWriter(out)
    writer.write(Record(id="r1", source=SourceInfo(path="a.txt")))
    out.mkdir()  # something now stands where the file should go
    (out / "x").write_text("x")
    with pytest.raises(OutputError, match="the records are in") as info:
        writer.close()
    kept = str(info.value).rsplit("the records are in ", 1)[1]
    assert json.loads(Path(kept).read_text(encoding="utf-8"))[0]["id"] == "r1"


def test_json_into_a_named_pipe_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    writer = JsonWriter(fifo)
    writer.write(Record(id="r1", source=SourceInfo(path="a.txt")))
    writer.close()
    reader.join(10)
    assert json.loads(got[0])[0]["id"] == "r1"
    assert fifo.exists() and not fifo.is_file()  # still the pipe, not replaced by a file


@pytest.mark.parametrize("damage", ["truncated", "not a zip", "no header"])
def test_bad_or_truncated_model_is_one_line_and_exit_2(report, tmp_path, damage):
    shipped = (ROOT / "src" / "reportkit" / "data" / "classifier.npz").read_bytes()
    model = tmp_path / "m.npz"
    if damage == "truncated":
        model.write_bytes(shipped[: len(shipped) // 2])
    elif damage == "not a zip":
        model.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    else:
        import numpy as np

        with open(model, "wb") as fh:
            np.savez(fh, header=np.array("{}"), idf=np.zeros(1), coef=np.zeros((1, 1)), intercept=np.zeros(1))
    result = run(["extract", str(report), "--model", str(model), "-q", "--workers", "0"])
    assert result.exit_code == 2
    one_line_error(result, str(model))


def test_two_runs_on_one_sqlite_file(report, tmp_path):
    db = tmp_path / "results.sqlite"
    first = SqliteWriter(db)  # a run in progress
    try:
        result = run(["extract", str(report), "-o", str(db), "-q", "--workers", "0"])
        assert result.exit_code == 2
        one_line_error(result, str(db), "another reportkit run is writing this database")
    finally:
        first.close()
    result = run(["extract", str(report), "-o", str(db), "-q", "--workers", "0"])  # once it ended
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone() == (1,)


def test_a_file_that_is_not_a_database(report, tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("这不是数据库" * 200, encoding="utf-8")
    result = run(["extract", str(report), "-o", str(db), "-q", "--workers", "0"])
    assert result.exit_code == 2
    one_line_error(result, str(db))


def test_train_with_too_few_documents(tmp_path):
    corpus = tmp_path / "corpus"
    for label, text in (("plans", "关于开展安全检查的工作方案\n一、工作目标\n"), ("reports", REPORT)):
        (corpus / label).mkdir(parents=True)
        (corpus / label / "1.txt").write_text(text, encoding="utf-8")
    (corpus / "plans" / "2.txt").write_text("关于开展消防演练的实施方案\n一、组织领导\n", encoding="utf-8")
    result = run(["train", "--corpus", str(corpus), "--out", str(tmp_path / "m.npz")])
    assert result.exit_code == 2
    one_line_error(result, "at least 2", "reports 1")
    assert not (tmp_path / "m.npz").exists()


def test_ctrl_c_during_start_up_exits_130(report, monkeypatch):
    import reportkit.extract.registry as registry

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(registry, "load_extractors", interrupted)
    result = run(["extract", str(report), "-q"])
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped exception, on purpose
def test_an_interruption_python_drops_still_stops_the_command():
    """Python drops the exception a signal raises while a finalizer (``__del__``) runs — Ctrl-C in the first
    second of a run landed there (regex's caches) and was lost. The handler notes the signal, and the long
    loops look there too."""
    import gc
    import signal

    from reportkit import cli

    class Finalized:
        def __del__(self):
            cli._on_stop_signal(signal.SIGINT, None)  # raises in __del__: dropped, as Python does

    cli._asked_to_stop = None
    Finalized()
    gc.collect()
    with pytest.raises(KeyboardInterrupt):
        cli._stop_if_asked()
    cli._asked_to_stop = signal.SIGTERM
    with pytest.raises(cli.Terminated):
        cli._stop_if_asked()
    cli._asked_to_stop = None
    cli._stop_if_asked()  # nothing asked: nothing raised
