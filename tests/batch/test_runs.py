"""Folder runs: order, hostile inputs, time limits, crashed workers, kill -9 and resume, Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from reportkit.batch import BatchRunner

ROOT = Path(__file__).resolve().parents[2]
BUILT_INS = ["counts", "leadership_groups", "measures", "problems"]
REPORT = "关于安全生产检查问题整改情况的报告\n一、存在问题\n1.台账不全。\n二、整改措施\n共排查企业3520家。\n"


def reportkit(*args, timeout=300, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "reportkit.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def lines(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copy")
    for src in sorted((ROOT / "corpus" / "docs").iterdir())[:40]:
        (folder / src.name).write_bytes(src.read_bytes())
    return folder


def test_order_is_the_input_order_whatever_the_workers(corpus_copy):
    outputs = []
    for workers in (0, 1, 2):
        runner = BatchRunner({"only": BUILT_INS}, workers=workers)
        outputs.append([r.to_json() for r in runner.run(runner.plan([corpus_copy]))])
    assert outputs[0] == outputs[1] == outputs[2]
    assert [json.loads(x)["source"]["path"] for x in outputs[0]] == sorted(str(p) for p in corpus_copy.iterdir())


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(b"\0" * (1 << 20))
    return buf.getvalue()


@pytest.fixture()
def hostile(tmp_path):
    root = tmp_path / "共享 盘"
    root.mkdir()
    (root / "正常 报告.txt").write_text(REPORT, encoding="utf-8")
    (root / "random.txt").write_bytes(os.urandom(3000))
    (root / "random.docx").write_bytes(os.urandom(3000))
    (root / "random.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    (root / "empty.txt").write_bytes(b"")
    good = ROOT / "corpus" / "docs" / "rec_009.docx"
    (root / "truncated.docx").write_bytes(good.read_bytes()[:2000])
    (root / "bomb.docx").write_bytes(zip_bomb())
    (root / "huge.txt").write_bytes(("检查发现问题已整改。" * 2_000_000).encode("utf-8")[: 50 * 1024 * 1024])
    (root / "nul.txt").write_bytes(
        "关于整改情况的报告\n检查发现问题3个".encode() + b"\x00" + "，已全部整改到位。".encode() * 50
    )
    (root / "loop").mkdir()
    os.symlink(root, root / "loop" / "back")  # a symlink loop
    os.symlink(root / "missing.txt", root / "dangling.txt")
    os.mkfifo(root / "pipe.txt")  # reading it would block for ever
    locked = root / "locked.txt"
    locked.write_text(REPORT, encoding="utf-8")
    locked.chmod(0)
    yield root
    locked.chmod(0o644)


def test_hostile_folder_nothing_lost_nothing_hangs(hostile, tmp_path):
    out = tmp_path / "out.jsonl"
    result = reportkit("extract", hostile, "-o", out, "--workers", "2", "--only", ",".join(BUILT_INS))
    assert result.returncode == 1, result.stderr
    records = {Path(r["source"]["path"]).name: r for r in lines(out)}
    assert records["正常 报告.txt"]["errors"] == [] and records["正常 报告.txt"]["fields"]["counts"]
    assert records["nul.txt"]["errors"] == []  # a stray NUL is kept, the text is read
    expected_errors = {
        "random.txt": "DecodeError",
        "random.docx": "InputError",
        "random.pdf": "InputError",
        "empty.txt": "EmptyDocumentError",
        "truncated.docx": "InputError",
        "bomb.docx": "LimitExceededError",
        "huge.txt": "LimitExceededError",
    }
    for name, kind in expected_errors.items():
        (error,) = records[name]["errors"]
        assert error["type"] == kind, (name, error)
        assert name in error["message"] and "\n" not in error["message"]
    if os.geteuid() != 0:  # root reads any file, so the permission test only means something for users
        assert records["locked.txt"]["errors"][0]["message"].endswith("permission denied")
    assert "pipe.txt" not in records and "dangling.txt" not in records
    # the loop, the dangling link and the FIFO are skipped and counted, each under its reason
    (skipped,) = [line for line in result.stderr.splitlines() if line.strip().startswith("skipped:")]
    reasons = dict(item.rsplit(" ", 1) for item in skipped.split(":", 1)[1].strip().split(", "))
    assert reasons == {"symlink loop": "1", "broken symlink or symlink loop": "1", "not a regular file": "1"}
    # every input file is accounted for: a record or a counted skip
    assert len(records) == len(expected_errors) + 2 + (1 if "locked.txt" in records else 0)


SLOW_PLUGIN = """
import os, time
from reportkit import Extractor


class Trouble(Extractor):
    name = "trouble"
    version = "1"

    def extract(self, doc):
        if "慢慢来" in doc.text:
            time.sleep(600)
        if "崩溃吧" in doc.text:
            os._exit(3)
        return []
"""


def test_time_limit_and_crashed_workers(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "trouble.py").write_text(textwrap.dedent(SLOW_PLUGIN), encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"{i}.txt").write_text(REPORT, encoding="utf-8")
    (docs / "3.txt").write_text(REPORT + "慢慢来", encoding="utf-8")
    (docs / "4.txt").write_text(REPORT + "崩溃吧", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = reportkit(
        "extract",
        docs,
        "-o",
        out,
        "--workers",
        "2",
        "--timeout",
        "5",
        "--plugins-dir",
        plugins,
        "--only",
        "counts,trouble",
    )
    assert time.monotonic() - started < 120
    records = lines(out)
    assert [Path(r["source"]["path"]).name for r in records] == [f"{i}.txt" for i in range(6)]
    assert records[3]["errors"][0]["stage"] == "timeout" and "--timeout" in records[3]["errors"][0]["message"]
    # the message says where the time ran out: in the slow plugin
    assert records[3]["errors"][0]["message"].endswith("(--timeout), in extractor 'trouble'; skipped")
    assert "worker process died" in records[4]["errors"][0]["message"]
    assert all(not r["errors"] and r["fields"]["counts"] for i, r in enumerate(records) if i not in (3, 4))
    assert result.returncode == 1


def wait_for_lines(path: Path, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} did not reach {n} lines")


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc; empty elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def all_exit(pids: list[int], within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "Z" not in state(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "X"


N_KILLED = 600


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT", "SIGTERM"])
def test_killed_run_resumes_with_each_input_exactly_once(tmp_path, how):
    docs = tmp_path / "docs"
    docs.mkdir()
    sources = sorted((ROOT / "corpus" / "docs").iterdir())
    # enough inputs that the run cannot finish between its 20th line and the signal (with 150 it once did,
    # on a fast moment of the host: exit 0 instead of 130)
    for i in range(N_KILLED):
        src = sources[i % len(sources)]
        (docs / f"{i:03d}{src.suffix}").write_bytes(src.read_bytes())
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportkit.cli",
            "extract",
            str(docs),
            "-o",
            str(out),
            "--workers",
            "2",
            "--only",
            "counts",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_lines(out, 20)
    workers = children(proc.pid)
    if Path("/proc").is_dir():  # children() reads /proc; without it the workers cannot be followed
        assert len(workers) >= 2  # the two workers (and any helper process multiprocessing starts)
    proc.send_signal(getattr(signal, how))
    _, stderr = proc.communicate(timeout=60)
    assert all_exit(workers), "worker processes outlived their parent"
    if how != "SIGKILL":  # Ctrl-C, and kill's SIGTERM, as a job scheduler stops a job: the same clean stop
        assert proc.returncode == {"SIGINT": 130, "SIGTERM": 143}[how]
        said = re.search(r"(interrupted|terminated); (\d+) records written to .*; rerun with --resume", stderr)
        assert said is not None and said.group(1) == {"SIGINT": "interrupted", "SIGTERM": "terminated"}[how]
        assert out.read_bytes().endswith(b"\n")  # a clean stop leaves whole lines
        assert int(said.group(2)) == out.read_bytes().count(b"\n")  # what it says it wrote is what is there
    else:
        with open(out, "ab") as fh:  # as if the kill had landed in the middle of a line
            fh.write(b'{"schema_version": "1", "id": "half')
    before = out.read_bytes().count(b"\n")
    assert before < N_KILLED
    result = reportkit("extract", docs, "-o", out, "--resume", "--workers", "2", "--only", "counts")
    assert result.returncode == 0, result.stderr
    assert "resuming" in result.stderr
    names = [Path(r["source"]["path"]).name for r in lines(out)]
    assert sorted(names) == sorted(p.name for p in docs.iterdir())  # each input exactly once
    assert len(names) == len(set(names)) == N_KILLED


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_an_interrupted_run_to_a_file_written_whole_leaves_the_old_one(tmp_path, suffix):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(200):
        (docs / f"{i:03d}.txt").write_text(f"第{i}份报告\n共检查企业{i}家。\n", encoding="utf-8")
    slow = tmp_path / "plugins"
    slow.mkdir()
    (slow / "slow.py").write_text(
        "import time\nfrom reportkit import Extractor\n\nclass Slow(Extractor):\n    name = 'slow'\n"
        "    version = '1'\n\n    def extract(self, doc):\n        time.sleep(0.05)\n        return []\n",
        encoding="utf-8",
    )
    out = tmp_path / f"out{suffix}"
    common = ["-o", str(out), "--plugins-dir", str(slow), "--workers", "1"]
    first = reportkit("extract", docs / "000.txt", *common, "--only", "counts")
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportkit.cli", "extract", str(docs), *common, "--only", "counts,slow"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120  # the writer's temporary file beside it: the run is writing (10 s of work)
    while time.monotonic() < deadline and not list(tmp_path.glob(f".out{suffix}.*.tmp")):
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert f"interrupted; {out} left as it was" in stderr and "rerun with --resume" not in stderr
    assert out.read_bytes() == before
    assert not list(tmp_path.glob(".out*.tmp"))  # nothing left behind


def test_resume_needs_a_resumable_output(tmp_path):
    result = reportkit(
        "extract", ROOT / "corpus" / "docs" / "rec_001.txt", "--format", "json", "-o", tmp_path / "x.json", "--resume"
    )
    assert result.returncode == 2 and "--resume needs" in result.stderr


def test_a_worker_killed_while_idle_is_replaced_and_nothing_is_lost(corpus_copy):
    """A worker killed while it waited for work used to end the run on the next hand-out (a
    BrokenPipeError that click took for a closed stdout: exit 1, the rest missing, nothing said)."""
    expected = [
        r.to_json()
        for r in BatchRunner({"only": ["counts"]}, workers=0).run(BatchRunner(workers=0).plan([corpus_copy]))
    ]
    runner = BatchRunner({"only": ["counts"]}, workers=2, buffer=1)  # a full buffer keeps a worker idle
    got = []
    for record in runner.run(runner.plan([corpus_copy])):
        if not got:
            idle = [w for w in runner._pool if w.task is None]
            assert idle, "expected an idle worker while the output buffer is full"
            os.kill(idle[0].process.pid, signal.SIGKILL)
            idle[0].process.join(10)
        got.append(record.to_json())
    assert got == expected


CRASH_ONCE_PLUGIN = """
import os
from pathlib import Path
from reportkit import Extractor


class CrashOnce(Extractor):
    name = "crash_once"
    version = "1"

    def extract(self, doc):
        marker = Path(os.environ["CRASH_MARKER"])
        if "崩溃一次" in doc.text and not marker.exists():
            marker.write_text("crashed")
            os._exit(9)
        if "总是崩溃" in doc.text and not os.environ.get("CRASH_FIXED"):
            os._exit(9)
        return []
"""


@pytest.fixture()
def crashing(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "crash_once.py").write_text(textwrap.dedent(CRASH_ONCE_PLUGIN), encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"{i}.txt").write_text(REPORT, encoding="utf-8")
    (docs / "2.txt").write_text(REPORT + "崩溃一次", encoding="utf-8")
    (docs / "4.txt").write_text(REPORT + "总是崩溃", encoding="utf-8")
    env = {**os.environ, "CRASH_MARKER": str(tmp_path / "marker")}
    return docs, plugins, env


@pytest.mark.parametrize("fmt", ["jsonl", "sqlite"])
def test_a_dead_workers_document_is_tried_again_then_recorded_and_resumed(crashing, tmp_path, fmt):
    docs, plugins, env = crashing
    out = tmp_path / f"out.{fmt}"
    args = ["extract", docs, "-o", out, "--workers", "2", "--plugins-dir", plugins, "--only", "counts,crash_once"]
    result = reportkit(*args, env=env)
    assert result.returncode == 1, result.stderr
    records = read_records(out)
    assert [Path(r["source"]["path"]).name for r in records] == [f"{i}.txt" for i in range(6)]
    assert records[2]["errors"] == [] and records[2]["fields"]["counts"]  # died once, done on the second try
    (error,) = records[4]["errors"]
    assert error["type"] == "WorkerDied" and "worker process died" in error["message"] and "4.txt" in error["message"]
    assert all(not r["errors"] for i, r in enumerate(records) if i != 4)
    # --resume tries the document the worker died on again (and only that one), replacing its record
    resumed = reportkit(*args, "--resume", env={**env, "CRASH_FIXED": "1"})
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming: 5 inputs already done" in resumed.stderr
    records = read_records(out)
    assert sorted(Path(r["source"]["path"]).name for r in records) == [f"{i}.txt" for i in range(6)]
    assert all(not r["errors"] for r in records)


def read_records(path: Path) -> list[dict]:
    if path.suffix == ".sqlite":
        import sqlite3

        db = sqlite3.connect(path)
        try:
            return [json.loads(r) for (r,) in db.execute("SELECT record FROM documents ORDER BY path")]
        finally:
            db.close()
    return lines(path)


STRICT_PLUGIN = """
from reportkit import Extractor


class Boom(Extractor):
    name = "boom"
    version = "1"

    def extract(self, doc):
        if "炸" in doc.text:
            raise ValueError("kaboom")
        return []
"""


@pytest.mark.parametrize("workers", ["0", "2"])
def test_strict_stops_with_one_line_and_exit_2_whatever_the_workers(tmp_path, workers):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "boom.py").write_text(textwrap.dedent(STRICT_PLUGIN), encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(5):
        (docs / f"{i}.txt").write_text(REPORT + ("炸" if i == 3 else ""), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = reportkit(
        "extract", docs, "-o", out, "--workers", workers, "--plugins-dir", plugins, "--only", "counts,boom", "--strict"
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"reportkit: error: {docs / '3.txt'}: extractor 'boom' failed: ValueError: kaboom"
    ]


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")
def test_ctrl_c_right_after_a_record_is_written_counts_it(tmp_path, monkeypatch):
    """Ctrl-C landing between writing a record and counting it: the run's closing line must still say exactly
    how many records the file holds (once it said one fewer, caught by the killed-run test on a busy host)."""
    from click.testing import CliRunner

    from reportkit.cli import main
    from reportkit.output import JsonlWriter

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"{i}.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    write = JsonlWriter.write
    calls = []

    def write_then_interrupted(self, record):
        write(self, record)
        calls.append(record)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)  # delivered before write() returns

    monkeypatch.setattr(JsonlWriter, "write", write_then_interrupted)
    result = CliRunner().invoke(main, ["extract", str(docs), "-o", str(out), "--only", "counts"])
    assert result.exit_code == 130
    said = re.search(r"interrupted; (\d+) records written", result.output)
    assert said is not None
    assert int(said.group(1)) == out.read_bytes().count(b"\n") == 3
