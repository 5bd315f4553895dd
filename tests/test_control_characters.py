"""No text crashes the interpreter: NUL and other control characters anywhere in real documents.

The pipeline runs in a forked child process, so that a crash in compiled code (the segmenter's
double-array trie is C++) kills the child and fails the example instead of ending the test run.
"""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportkit
from reportkit.normalize import _HAN_BREAK

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
CONTROLS = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
]

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs the fork start method")


def _child(conn) -> None:
    from reportkit.errors import InputError
    from reportkit.io import read_bytes
    from reportkit.pipeline import Pipeline

    pipe = Pipeline()
    seg = pipe.segmenter.load()
    # A NUL handed to the compiled trie is read as the end of a key and sends the lookup to a word's
    # value instead of a node: memory outside the trie, a segfault only where that memory is unmapped
    # (often, not always). So the test also watches what reaches the lookup, and keeps NULs from it.
    reached: list[str] = []
    lookup = seg._is_word

    def watched(word):
        if "\x00" in word:
            reached.append(word)
            return 0
        return lookup(word)

    seg._is_word = watched

    def check(record, text):
        record.to_json()
        for findings in record.fields.values():
            for f in findings:
                assert text[f.span[0] : f.span[1]] == f.text

    while True:
        text = conn.recv()
        if text is None:
            return
        reached.clear()
        check(pipe.analyze(text), text)  # the text as given to the API
        try:  # and as a file's bytes, through the reader
            docs = read_bytes(text.encode("utf-8", "surrogatepass"), "txt", "damaged.txt")
        except InputError as exc:  # refused with a message: fine, that is not a crash
            conn.send(("refused", str(exc), reached))
            continue
        for doc in docs:
            doc._segmenter = pipe.segmenter
            check(pipe.analyze(doc), doc.text)
        conn.send(("ok", "", reached))


class _Runner:
    """One forked child, kept between examples and replaced when it dies."""

    def __init__(self) -> None:
        self.ctx = mp.get_context("fork")
        self.proc = None
        self.conn = None

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_child, args=(child,), daemon=True)
        self.proc.start()
        child.close()

    def run(self, text: str) -> tuple[str, str, list[str]]:
        if self.proc is None or not self.proc.is_alive():
            self.start()
        self.conn.send(text)
        if not self.conn.poll(120):
            self.proc.kill()
            self.proc = None
            raise AssertionError("the pipeline did not finish within 120 s")
        try:
            return self.conn.recv()
        except EOFError:
            self.proc.join()
            code = self.proc.exitcode
            self.proc = None
            raise AssertionError(f"the pipeline crashed the interpreter (exit code {code})") from None

    def stop(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.conn.send(None)
            self.proc.join(10)


@pytest.fixture(scope="module")
def runner():
    # the pipeline is loaded once in this process, so every forked child starts warm
    reportkit.analyze("关于开展安全生产检查的通知")
    r = _Runner()
    yield r
    r.stop()


@st.composite
def damaged_documents(draw) -> str:
    text = reportkit.read(draw(st.sampled_from(DOCS))).text
    anywhere = st.integers(0, len(text))
    # a line break between two Han characters is where the normalized view looks words up across
    # lines, four characters either side: there a control character reaches the dictionary lookup
    breaks = [m.start() for m in _HAN_BREAK.finditer(text)] or [0]
    near_break = st.tuples(st.sampled_from(breaks), st.integers(-4, 5)).map(
        lambda t: min(max(t[0] + t[1], 0), len(text))
    )
    # NUL the most often: it is the one the compiled trie reads as the end of a word
    chars = st.one_of(st.just("\x00"), st.sampled_from(CONTROLS), st.characters(categories=["Cc", "Cf"]))
    edits = draw(st.lists(st.tuples(st.one_of(anywhere, near_break, near_break), chars), min_size=1, max_size=8))
    for where, ch in sorted(edits, reverse=True):
        text = text[:where] + ch + text[where:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=damaged_documents())
def test_control_characters_anywhere_never_crash(runner, text):
    outcome, message, reached = runner.run(text)
    assert not reached, f"NUL handed to the compiled dictionary lookup: {reached[:3]!r}"
    assert outcome in ("ok", "refused"), message
    if outcome == "refused":
        assert "damaged.txt" in message and "\n" not in message


def test_a_nul_inside_a_dictionary_lookup_is_not_a_word():
    """The lookup that crashed: a NUL after a word the trie knows (作 is a word and a prefix)."""
    code = (
        "from reportkit.segment import get_segmenter; seg = get_segmenter();"
        "print(seg.is_word('作业'), seg.is_word('作\\x00'), seg.is_word('作\\x00业'), seg.is_word('\\x00'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"exit code {proc.returncode}: {proc.stderr[-500:]}"
    assert proc.stdout.split() == ["True", "False", "False", "False"]
