"""Segmentation: reportkit's own jieba tokenizer, the domain dictionary, offsets, quiet logs."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.document import Document
from reportkit.segment import Segmenter, domain_dictionary_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "term", ["领导小组", "整改措施", "专项督导", "网格化管理", "联防联控", "核酸采样", "工作专班", "问卷调查"]
)
def test_domain_terms_come_out_whole(segmenter, term):
    words = [w for w, _s, _e in segmenter.tokenize(f"今年开展了{term}相关工作")]
    assert term in words


def test_domain_dictionary_has_a_few_hundred_entries():
    lines = [ln for ln in domain_dictionary_path().read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 300
    assert len({ln.split()[0] for ln in lines}) == len(lines)  # no duplicates


def test_pinned_segmentation(segmenter):
    """A change of jieba or of the dictionary shows up here (as spaCy pins jieba's output)."""
    assert segmenter.lcut("成立安全生产工作专班，开展专项督导，全县排查企业3520家。") == [
        "成立",
        "安全生产",
        "工作专班",
        "，",
        "开展",
        "专项督导",
        "，",
        "全县",
        "排查",
        "企业",
        "3520",
        "家",
        "。",
    ]


def test_tokens_index_the_original_text(segmenter):
    text = "（一）成立工作\n专班，共排查 3520 人次。"
    doc = Document(text, segmenter=segmenter)
    tokens = doc.tokens()
    assert [t.word for t in tokens] == ["(", "一", ")", "成立", "工作专班", ",", "共", "排查", "3520", "人次", "。"]
    for tok in tokens:
        original = text[tok.start : tok.end]
        assert (
            original.replace("\n", "").replace(" ", "").translate({0xFF08: "(", 0xFF09: ")", 0xFF0C: ","}) == tok.word
        )


def test_pos_tags_for_a_window(segmenter):
    text = "检查发现问题。共排查企业3520家。"
    doc = Document(text, segmenter=segmenter)
    s = text.index("共")
    tags = doc.pos_tags(s, len(text))
    assert tags[0].start == s
    assert any(t.word == "3520" and t.pos == "m" for t in tags)
    for t in tags:
        assert text[t.start : t.end] == t.word


def test_user_dictionary(tmp_path):
    plain = Segmenter()
    assert "青川县林长办" not in plain.lcut("青川县林长办召开会议")
    user = tmp_path / "mine.txt"
    user.write_text("青川县林长办 100 nt\n", encoding="utf-8")
    seg = Segmenter([user])
    assert "青川县林长办" in seg.lcut("青川县林长办召开会议")


def test_the_global_jieba_tokenizer_is_not_touched(segmenter):
    before = len(jieba.dt.FREQ) if jieba.dt.initialized else None
    segmenter.tokenize("领导小组")
    after = len(jieba.dt.FREQ) if jieba.dt.initialized else None
    assert before == after
    assert segmenter.tokenizer is not jieba.dt


def test_jieba_log_messages_do_not_leak(tmp_path):
    code = "from reportkit.segment import Segmenter; Segmenter().lcut('成立领导小组')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr == "" and proc.stdout == ""


def test_prefix_dictionary_cache_gives_the_same_tokenizer(tmp_path, monkeypatch):
    """The faster prefix-dictionary cache reproduces jieba's own initialisation exactly."""
    monkeypatch.setenv("REPORTKIT_CACHE_DIR", str(tmp_path))
    first = Segmenter()
    first.tokenizer  # builds with jieba, then writes the cache
    assert list(tmp_path.glob("prefix-*.words"))
    second = Segmenter()
    second.tokenizer  # loads from the cache
    assert second.tokenizer.FREQ == first.tokenizer.FREQ and second.tokenizer.total == first.tokenizer.total
    text = "成立安全生产工作专班，全县排查企业3520家，发现隐患156处，整改完成率98.7%。网格化管理落实到位。"
    assert second.lcut(text) == first.lcut(text)
    # a damaged cache is ignored, not trusted
    for f in tmp_path.glob("prefix-*.freqs"):
        f.write_bytes(b"\x00" * 8)
    third = Segmenter()
    assert third.lcut(text) == first.lcut(text)


# -- the flattened cut over a compiled route search must be jieba's own, word for word --------------


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


FAST = [
    pytest.param(
        name,
        marks=pytest.mark.skipif(not _installed(name), reason=f"{name} not installed (pip install 'reportkit[fast]')"),
    )
    for name in ("jieba_fast_dat",)
]


@pytest.fixture(scope="module", params=FAST)
def fast_segmenter(request):
    seg = Segmenter(backend=request.param)
    seg.load()
    assert seg.name == request.param
    assert seg._cut.__name__ == "cut" and seg._cut.__qualname__.startswith("_flat_cutter"), "the flat cut is not in use"
    return seg


@pytest.mark.slow
def test_flat_cut_equals_jieba_tokenize_on_the_corpus(fast_segmenter):
    """The reference is the jieba module's own ``Tokenizer.tokenize`` over its ``FREQ`` dict."""
    import reportkit

    docs = sorted((ROOT / "corpus" / "docs").iterdir())
    assert len(docs) > 300
    for path in docs:
        text = reportkit.read(path).text
        reference = list(fast_segmenter.tokenizer.tokenize(text))
        assert fast_segmenter.tokenize(text) == reference, path.name
        assert fast_segmenter.words(text) == [t for t in reference if not t[0].isspace()], path.name


# Han characters (common and rare), Latin letters, digits, the characters jieba's block pattern
# takes (+#&._%), whitespace of every kind including \r\n, punctuation, and characters outside all of these
_alphabet = st.sampled_from(
    list("成立安全生产领导小组工作专班排查企业家人次万元整改措施的了是在和龘䶮𠀾鬯爨")
    + ["人人人", "安安安", "天天", "导导导"]  # repeated characters: exact ties in jieba's route and HMM
    + list("abcXYZ0123456789+#&._%-")
    + [" ", "\t", "\n", "\r\n", "\u3000", "\xa0", "\x1c", "\x85"]
    + list("，。；：！？“”（）《》、…—·")
    + ["\x00", "\ufeff", "😀", "é"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_flat_cut_equals_jieba_tokenize_on_any_text(fast_segmenter, text):
    words = fast_segmenter.tokenize(text)
    reference = list(fast_segmenter.tokenizer.tokenize(text))
    assert words == reference
    assert fast_segmenter.words(text) == [t for t in reference if not t[0].isspace()]
    assert "".join(w for w, _s, _e in words) == text
    assert all(text[s:e] == w for w, s, e in words)


def test_a_forced_split_word_is_split_as_jieba_splits_it(fast_segmenter):
    """jieba's HMM never joins a word the dictionary forced apart (``add_word(w, freq=0)``)."""
    finalseg = importlib.import_module("jieba.finalseg")
    text = "工作由张晓红负责"
    guessed = "张晓红"  # not in the dictionary: the HMM's guess
    assert guessed in fast_segmenter.lcut(text) and not fast_segmenter.is_word(guessed)
    finalseg.Force_Split_Words.add(guessed)
    try:
        assert fast_segmenter.tokenize(text) == list(fast_segmenter.tokenizer.tokenize(text))
        assert guessed not in fast_segmenter.lcut(text)
    finally:
        finalseg.Force_Split_Words.discard(guessed)


@pytest.mark.skipif(not _installed("jieba_fast_dat"), reason="jieba_fast_dat not installed")
def test_the_trie_cache_is_checked_before_it_is_used(tmp_path, monkeypatch):
    """The double-array trie is written once and loaded after; a damaged file is rebuilt, never loaded."""
    monkeypatch.setenv("REPORTKIT_CACHE_DIR", str(tmp_path))
    text = "成立安全生产工作专班，全县排查企业3520家，发现隐患156处，整改完成率98.7%。"
    first = Segmenter(backend="jieba_fast_dat").load()
    expected = first.tokenize(text)
    assert expected == list(first.tokenizer.tokenize(text))
    (data,) = tmp_path.glob("trie-*.dat")
    second = Segmenter(backend="jieba_fast_dat").load()
    assert second._tokenizer is None, "the cached trie should not need jieba's dictionary"
    assert second.tokenize(text) == expected and second.is_word("领导小组") and not second.is_word("领导小")
    blob = bytearray(data.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    data.write_bytes(bytes(blob))
    third = Segmenter(backend="jieba_fast_dat").load()
    assert third._tokenizer is not None, "a damaged trie must be rebuilt from the dictionary"
    assert third.tokenize(text) == expected


@pytest.mark.slow
def test_every_segmenter_gives_the_same_records(tmp_path):
    """The optional segmenters change speed, not results: the same records from each on corpus documents."""
    backends = ["jieba"] + [name for name in ("jieba_fast_dat",) if _installed(name)]
    if len(backends) == 1:
        pytest.skip("no optional segmenter installed (pip install 'reportkit[fast]')")
    docs = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[::10]
    outputs = {}
    for backend in backends:
        env = {**os.environ, "REPORTKIT_SEGMENTER": backend}
        out = tmp_path / f"{backend}.jsonl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reportkit.cli",
                "extract",
                *map(str, docs),
                "-o",
                str(out),
                "--workers",
                "1",
                "--quiet",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs[backend] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(outputs["jieba"]) == len(docs)
    for backend in backends[1:]:
        assert outputs[backend] == outputs["jieba"], backend


def test_the_cache_keeps_only_the_recently_used_dictionary_sets(tmp_path, monkeypatch):
    """A new dictionary set adds a cache entry; entries beyond the most recent few are removed."""
    from reportkit import segment

    monkeypatch.setenv("REPORTKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(segment._prune, "__defaults__", (2,))
    for i in range(4):
        user = tmp_path / f"dict{i}.txt"
        user.write_text(f"测试词语{i} 100 n\n", encoding="utf-8")
        Segmenter([user]).tokenizer  # builds and caches the prefix dictionary for this set
    records = list(tmp_path.glob("prefix-*.json"))
    assert len(records) == 2
    assert all(len(list(tmp_path.glob(r.stem + ".*"))) == 3 for r in records), "an entry's files go together"


@pytest.mark.parametrize(
    "backend",
    [
        "jieba",
        pytest.param(
            "jieba_fast_dat",
            marks=pytest.mark.skipif(not _installed("jieba_fast_dat"), reason="jieba_fast_dat not installed"),
        ),
    ],
)
def test_a_word_listed_with_frequency_zero_stays_split_when_loaded_from_the_cache(tmp_path, backend):
    """jieba forces such a word apart (a global it fills while loading a dictionary); a process that
    loads the dictionary from reportkit's cache must force the same split."""
    user = tmp_path / "user.txt"
    user.write_text("张晓红 0\n", encoding="utf-8")
    code = (
        "import jieba, json, sys; from reportkit.segment import Segmenter;"
        f"seg = Segmenter([{str(user)!r}], backend={backend!r}); words = seg.lcut('工作由张晓红负责');"
        "ref = jieba.Tokenizer(); ref.load_userdict(sys.argv[1]);"
        "print(json.dumps([words, ref.lcut('工作由张晓红负责')], ensure_ascii=False))"
    )
    env = {**os.environ, "REPORTKIT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code, str(user)], capture_output=True, text=True, check=True, env=env
            ).stdout
        )
        for _ in range(2)
    ]  # builds, then loads
    assert list((tmp_path / "cache").glob("*.json")), "the second run should load from the cache"
    for words, reference in runs:
        assert words == reference and "张晓红" not in words


def test_is_word_answers_no_for_what_is_not_text(segmenter):
    assert segmenter.is_word("领导小组") and not segmenter.is_word("\ud800领导") and not segmenter.is_word("")


TAMPER = """
import hashlib, json, struct, sys
from pathlib import Path
(data,) = Path(sys.argv[1]).glob("trie-*.dat")
blob = bytearray(data.read_bytes())
(tail_len,) = struct.unpack_from("<i", blob, 29)
struct.pack_into("<i", blob, 29 + tail_len, 0x7FFFFF00)  # the root's base: far outside the array
data.write_bytes(bytes(blob))
meta_path = data.with_suffix(".json")
meta = json.loads(meta_path.read_text())
meta["sha256"] = hashlib.sha256(blob).hexdigest()  # as someone who meant it would
meta_path.write_text(json.dumps(meta))
"""


@pytest.mark.skipif(not _installed("jieba_fast_dat"), reason="jieba_fast_dat not installed")
def test_a_tampered_trie_with_a_matching_checksum_is_rebuilt_not_loaded(tmp_path):
    """The checksum guards against damage, not against a file written on purpose (the cache folder may
    be shared or writable by others): the trie's structure is checked before the C++ code reads it."""
    env = {**os.environ, "REPORTKIT_CACHE_DIR": str(tmp_path)}
    code = (
        "from reportkit.segment import Segmenter; seg = Segmenter(backend='jieba_fast_dat').load();"
        "print(' '.join(seg.lcut('成立安全生产领导小组')), seg._tokenizer is None)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert first.stdout.split() == ["成立", "安全生产", "领导小组", "False"], first.stderr  # built and cached
    subprocess.run([sys.executable, "-c", TAMPER, str(tmp_path)], check=True)
    for _ in range(2):  # the tampered file is rebuilt, and the rebuilt one is used
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, f"exit code {run.returncode}: {run.stderr[-500:]}"
        assert run.stdout.split()[:3] == ["成立", "安全生产", "领导小组"]
    assert run.stdout.split()[3] == "True", "the rebuilt trie should have been cached and loaded"


def _search_mutated(conn) -> None:
    from reportkit.segment import _dat_functions, _trie_is_sound

    calc = _dat_functions()._get_DAG_and_calc
    keys = ["安全生产领导小组", "安全", "领导小", "ab", "abc", "生", "产领导", "x"]
    while True:
        data = conn.recv()
        sound = _trie_is_sound(data)
        if sound:
            trie = _dat_functions().DatTrie()
            try:
                trie.load_from_bytes(data)
            except Exception:  # refused by the loader with an exception: reportkit rebuilds then
                conn.send(sound)
                continue
            for key in keys:
                trie.search(key)
                calc(trie, key, [], 1000.0)
        conn.send(sound)


class _ForkedSearcher:
    """A forked child that checks and searches tries; replaced when one crashes it."""

    def __init__(self) -> None:
        import multiprocessing as mp

        self.ctx = mp.get_context("fork")
        self.proc = None

    def __call__(self, data: bytes) -> bool:
        if self.proc is None:
            self.conn, child = self.ctx.Pipe()
            self.proc = self.ctx.Process(target=_search_mutated, args=(child,), daemon=True)
            self.proc.start()
            child.close()
        self.conn.send(data)
        try:
            if self.conn.poll(60):
                return self.conn.recv()
        except EOFError:
            pass
        self.proc.kill()
        self.proc.join()
        code, self.proc = self.proc.exitcode, None
        raise AssertionError(f"searching a trie that passed the check crashed (exit code {code})")


_searcher = _ForkedSearcher()


@pytest.mark.skipif(not _installed("jieba_fast_dat"), reason="jieba_fast_dat not installed")
@settings(max_examples=300, deadline=None)
@given(
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6),
    ints=st.lists(st.tuples(st.integers(0, 10**6), st.integers(-(2**31), 2**31 - 1)), max_size=4),
)
def test_a_trie_that_passes_the_check_can_be_searched_whatever_its_bytes(edits, ints):
    """Bytes and whole int32 fields of a small trie changed at random: what the check lets through is
    searched (in a forked child, where a crash fails the example) without reading outside the arrays."""
    import struct

    from reportkit.segment import _dat_functions

    words = [("安全", 50), ("安全生产", 80), ("生产", 60), ("领导", 40), ("领导小组", 30), ("小组", 20), ("ab", 5)]
    trie = _dat_functions().DatTrie()
    trie.build(words)
    blob = bytearray(trie.save_to_bytes())
    assert _searcher(bytes(blob)), "the unchanged trie must pass the check"
    for where, value in edits:
        blob[where % len(blob)] = value
    for where, value in ints:
        struct.pack_into("<i", blob, (where % (len(blob) // 4)) * 4, value)
    _searcher(bytes(blob))


def test_jiebas_own_cache_is_not_read_from_the_temporary_folder(tmp_path):
    """jieba caches its dictionary in the system's temporary folder and trusts any file there with the
    right name; reportkit keeps it in its own cache folder instead."""
    import marshal

    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    planted = {
        "甲": 1,
        "甲乙": 1,
        "甲乙丙": 1,
        "甲乙丙丁": 1,
        "甲乙丙丁戊": 1,
        "甲乙丙丁戊己": 1,
        "甲乙丙丁戊己庚": 10**9,
    }
    with open(shared_tmp / "jieba.cache", "wb") as fh:
        marshal.dump((planted, 10**9 + 6), fh)
    env = {**os.environ, "TMPDIR": str(shared_tmp), "REPORTKIT_CACHE_DIR": str(tmp_path / "cache")}
    code = "from reportkit.segment import Segmenter; print(' '.join(Segmenter(backend='jieba').lcut('甲乙丙丁戊己庚')))"
    for _ in range(2):  # a cold cache, then reportkit's own cache
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, run.stderr
        assert run.stdout.split() == ["甲乙丙丁", "戊己", "庚"]  # jieba's words, not the planted one
    assert (tmp_path / "cache" / "jieba.cache").is_file()
