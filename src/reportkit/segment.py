"""Word segmentation with jieba, through reportkit's own ``jieba.Tokenizer``.

* The segmenter is jieba. With ``reportkit[fast]`` installed, jieba's route search (the dictionary
  lookups and the dynamic programme over them, most of jieba's time) runs in jieba_fast_dat's compiled
  double-array trie, filled from jieba's own dictionary; the rest of jieba's cut is one flat loop here.
  The words are jieba's, tie-breaks included; ``REPORTKIT_SEGMENTER=jieba`` forces plain jieba.
* jieba's module-level tokenizer is never touched (``jieba.enable_parallel`` and other programs rebind
  it); each :class:`Segmenter` owns a ``jieba.Tokenizer``, created and initialised on first use, once
  per process (:func:`get_segmenter` caches one per set of user dictionaries).
* The domain dictionary shipped in ``reportkit/data/domain_dict.txt`` (administrative and report
  vocabulary: 领导小组, 整改措施, 专项督导 …) is always loaded, so such terms come out whole; user
  dictionaries (jieba's format: ``word [freq] [tag]`` per line) are loaded after it.
* jieba logs "Building prefix dict…" at DEBUG through its own stream handler; reportkit raises that
  logger to WARNING so nothing leaks to the user's console.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from .errors import InputError

__all__ = ["Token", "Segmenter", "get_segmenter", "domain_dictionary_path"]


class Token(NamedTuple):
    """One word: ``start``/``end`` index ``Document.text``; ``word`` is its normalized form.

    ``Document.text[start:end]`` equals ``word`` unless normalization folded a full-width character or
    removed a space or line break inside it (then the original slice still holds the same word).
    (A named tuple: documents have hundreds of thousands of tokens, and tuples are cheap to make.)
    """

    word: str
    start: int
    end: int
    pos: str | None = None


def domain_dictionary_path() -> Path:
    """Path of the domain dictionary shipped with reportkit."""
    return Path(str(resources.files("reportkit") / "data" / "domain_dict.txt"))


class Segmenter:
    """A lazily initialised jieba tokenizer with the domain dictionary and optional user dictionaries.

    :param user_dicts: paths of extra dictionaries in jieba's format
    :param hmm: let jieba guess unknown words with its HMM (jieba's default)
    :param backend: ``jieba``, ``jieba_fast_dat`` or ``auto`` (jieba_fast_dat when installed;
        default: ``REPORTKIT_SEGMENTER`` or ``auto``) — the words are the same with each

    >>> seg = Segmenter()
    >>> [w for w, s, e in seg.tokenize("成立安全生产领导小组")]
    ['成立', '安全生产', '领导小组']
    """

    def __init__(
        self, user_dicts: Iterable[str | os.PathLike[str]] = (), hmm: bool = True, backend: str | None = None
    ) -> None:
        self.user_dicts = tuple(str(p) for p in user_dicts)
        self.hmm = hmm
        self.backend = backend or os.environ.get("REPORTKIT_SEGMENTER", "auto")
        # jieba's objects (untyped), and the cut and lookup that load() makes from them
        self._tokenizer: Any = None
        self._pos_tokenizer: Any = None
        self._cut: Any = None
        self._is_word: Any = None
        self._lock = threading.RLock()

    @property
    def name(self) -> str:
        """The segmenter in use: ``jieba`` or ``jieba_fast_dat``."""
        return _resolve(self.backend)[0]

    @property
    def tokenizer(self):
        """The underlying ``jieba.Tokenizer``, with its ``FREQ`` dictionary, built on first access
        (:meth:`tokenize` does not need it when jieba_fast_dat is in use)."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._build()
        return self._tokenizer

    def _build(self):
        jieba = _resolve(self.backend)[1]
        jieba.setLogLevel(logging.WARNING)
        self._check_user_dicts()
        tokenizer = jieba.Tokenizer()
        key = _cache_key(jieba, tokenizer, self.user_dicts)
        if _load_prefix_dict(tokenizer, key):
            return tokenizer
        with _jieba_cache_dir() as folder:
            # jieba keeps its own cache (a marshal file) in the system's temporary folder unless told
            # otherwise, and trusts whatever file of that name it finds there: anyone who can write
            # to /tmp could choose the words of every run, baked into reportkit's cache after it
            tokenizer.tmp_dir = folder
            tokenizer.initialize()
        with open(domain_dictionary_path(), "rb") as fh:  # a file object: jieba leaves paths open
            tokenizer.load_userdict(fh)
        for path in self.user_dicts:
            try:
                with open(path, "rb") as fh:
                    tokenizer.load_userdict(fh)
            except (UnicodeDecodeError, ValueError) as exc:
                raise InputError(path, f"not a jieba dictionary (UTF-8, 'word [freq] [tag]' per line): {exc}") from exc
        _save_prefix_dict(tokenizer, key, self._forced())
        return tokenizer

    def _forced(self) -> list[str]:
        """Words the dictionaries list with frequency 0: jieba then never joins them (its
        ``finalseg.Force_Split_Words``, a global it fills while loading). The caches store them, so that
        loading from a cache forces the same splits as loading the dictionaries."""
        jieba = _resolve(self.backend)[1]
        forced = []
        paths: list[str | Path] = [domain_dictionary_path(), *self.user_dicts]
        for path in paths:
            with open(path, "rb") as fh:
                for raw in fh:
                    line = raw.strip().decode("utf-8", "replace").lstrip("\ufeff")
                    m = jieba.re_userdict.match(line) if line else None
                    if m and m.group(2) is not None and int(m.group(2)) == 0:
                        forced.append(m.group(1))
        return forced

    def _check_user_dicts(self) -> None:
        for path in self.user_dicts:
            if not Path(path).is_file():
                raise InputError(path, "user dictionary not found")

    def load(self) -> Segmenter:
        """Load the dictionary now (a worker does this before its first document)."""
        if self._cut is None:
            with self._lock:
                if self._cut is None:
                    self._cut, self._is_word = self._make_cut()
        return self

    def _make_cut(self):
        """The fastest exact ``tokenize`` available and its dictionary lookup."""
        name, jieba = _resolve(self.backend)
        if self.hmm and name == "jieba_fast_dat":
            self._check_user_dicts()
            key = _trie_key(_cache_key(jieba, jieba.Tokenizer(), self.user_dicts))
            loaded = _load_trie(key)
            if loaded is None:
                tokenizer = self.tokenizer
                loaded = _build_trie(tokenizer.FREQ), float(tokenizer.total), self._forced()
                _save_trie(key, *loaded)
            trie, total, forced = loaded
            jieba.finalseg.Force_Split_Words.update(forced)
            route, freq = _dat_route(trie, total)
            flat_cut = _flat_cutter(jieba, route, freq)
            if flat_cut is not None:
                return flat_cut, freq
        tokenizer = self.tokenizer
        hmm = self.hmm

        def cut(text: str, spaces: bool = True) -> list[tuple[str, int, int]]:
            words = tokenizer.tokenize(text, HMM=hmm)
            return list(words) if spaces else [t for t in words if not t[0].isspace()]

        return cut, (lambda w: tokenizer.FREQ.get(w))

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` for every word of ``text``, whitespace and punctuation included.

        The same words as ``jieba.Tokenizer.tokenize`` (tests hold the two together on the corpus and
        on random text); with jieba_fast_dat installed, computed by one loop around its compiled route
        search instead of jieba's three layers of generators.
        """
        if self._cut is None:
            self.load()
        return self._cut(text)

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """:meth:`tokenize` without the whitespace words (what :meth:`Document.tokens` keeps)."""
        if self._cut is None:
            self.load()
        return self._cut(text, False)

    def pos_tag(self, text: str) -> list[tuple[str, str, int, int]]:
        """``(word, tag, start, end)`` with jieba's part-of-speech tags (slower than :meth:`tokenize`)."""
        if self._pos_tokenizer is None:
            posseg = importlib.import_module(type(self.tokenizer).__module__.split(".")[0] + ".posseg")
            self._pos_tokenizer = posseg.POSTokenizer(self.tokenizer)
        out = []
        pos = 0
        for pair in self._pos_tokenizer.cut(text, HMM=self.hmm):
            word, flag = pair.word, pair.flag
            # posseg yields every character of the input in order; keep offsets honest anyway
            found = text.find(word, pos)
            if found < 0:
                continue
            out.append((word, flag, found, found + len(word)))
            pos = found + len(word)
        return out

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is in the dictionary (jieba's, the domain one or a user one)."""
        if self._is_word is None:
            self.load()
        if "\x00" in word:
            # no dictionary word holds a NUL, and the compiled trie reads one as the end of a key:
            # past a word's end it would take the word's value for a node and read outside the trie
            return False
        try:
            return bool(self._is_word(word))
        except (TypeError, UnicodeError):  # a compiled lookup refuses what is not text (lone surrogates)
            return False

    def lcut(self, text: str) -> list[str]:
        """Words only, as ``jieba.lcut`` gives them."""
        return [w for w, _s, _e in self.tokenize(text)]


# -- a faster cache of the prefix dictionary ------------------------------------------------------
#
# jieba keeps its prefix dictionary (every word and word prefix with its frequency, ~500,000 entries)
# in a marshal file that takes about 1.4 s to load: most of the start-up time of a one-file run. The
# same dictionary stored as one UTF-8 block of words plus an array of frequencies loads in a fifth of
# that. It is written after the first normal initialisation (domain and user dictionaries included) and
# keyed by everything that shapes it, so it never differs from what jieba would build.

_CACHE_FORMAT = "2"  # 2: the record lists forced splits


def cache_dir() -> Path:
    """Where the prefix-dictionary cache lives (``REPORTKIT_CACHE_DIR``, else ~/.cache/reportkit)."""
    configured = os.environ.get("REPORTKIT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportkit"


@contextlib.contextmanager
def _jieba_cache_dir() -> Iterator[str]:
    """A folder for jieba's own cache: reportkit's cache folder, or where that cannot be made a new
    private temporary folder, removed afterwards (jieba then builds its dictionary from its text)."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            yield str(folder)
            return
    except OSError:
        pass
    import shutil
    import tempfile

    private = tempfile.mkdtemp(prefix="reportkit-jieba-")
    try:
        yield private
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _file_digest(path: str | os.PathLike[str]) -> str:
    import hashlib

    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _cache_key(module, tokenizer, user_dicts: tuple[str, ...]) -> str:
    import hashlib

    main = tokenizer.dictionary if isinstance(getattr(tokenizer, "dictionary", None), str) else None
    main_path = main if main and os.path.isabs(main) else os.path.join(os.path.dirname(module.__file__), "dict.txt")
    stat = os.stat(main_path) if os.path.exists(main_path) else None
    parts = [
        _CACHE_FORMAT,
        module.__name__,
        getattr(module, "__version__", "?"),
        main_path,
        str(stat.st_size if stat else 0),
        str(int(stat.st_mtime) if stat else 0),
        _file_digest(domain_dictionary_path()),
        *(_file_digest(p) for p in user_dicts),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


KEEP_CACHED = 6  # dictionary sets kept per kind of cache; older ones (a former release's) are removed


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, prefix: str, keep: int = KEEP_CACHED) -> None:
    """Remove the files of all but the ``keep`` most recently used cache entries of one kind.

    Each entry is a few files sharing a key, with a ``.json`` record that every load touches; a
    changed domain or user dictionary, or a new jieba, makes a new key, so without this the folder
    would grow by some 15 MB per dictionary set ever used."""
    try:
        records = sorted(folder.glob(prefix + "*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for record in records[keep:]:
            for path in folder.glob(record.stem + ".*"):
                path.unlink()
    except OSError:
        pass


def _load_prefix_dict(tokenizer, key: str) -> bool:
    import array
    import json

    base = cache_dir() / f"prefix-{key}"
    try:
        meta = json.loads((base.with_suffix(".json")).read_text(encoding="utf-8"))
        words = base.with_suffix(".words").read_bytes().decode("utf-8").split("\n")
        freqs = array.array("q")
        freqs.frombytes(base.with_suffix(".freqs").read_bytes())
    except (OSError, ValueError):
        return False
    if len(words) != len(freqs) or meta.get("entries") != len(words):
        return False
    tokenizer.FREQ = dict(zip(words, freqs))
    tokenizer.total = meta["total"]
    tokenizer.user_word_tag_tab.update(meta.get("tags", {}))
    importlib.import_module(type(tokenizer).__module__.split(".")[0] + ".finalseg").Force_Split_Words.update(
        meta.get("forced", [])
    )
    tokenizer.initialized = True
    _touch(base.with_suffix(".json"))
    return True


def _save_prefix_dict(tokenizer, key: str, forced: list[str]) -> None:
    import array
    import json

    words = list(tokenizer.FREQ)
    if any("\n" in w for w in words):
        return  # cannot be stored one per line; jieba's own cache still works
    record = {
        "total": tokenizer.total,
        "entries": len(words),
        "tags": dict(tokenizer.user_word_tag_tab),
        "forced": forced,
    }
    try:
        _write_entry(
            cache_dir() / f"prefix-{key}",
            {
                ".words": "\n".join(words).encode("utf-8"),
                ".freqs": array.array("q", (tokenizer.FREQ[w] for w in words)).tobytes(),
                ".json": json.dumps(record, ensure_ascii=False).encode("utf-8"),
            },
        )
    except OSError:
        pass  # a read-only home: run without the faster cache


def _write_entry(base: Path, payloads: dict[str, bytes]) -> None:
    """Write one cache entry, the files ``base`` + each suffix, each atomically and in the order given
    (the ``.json`` record last: it marks the entry complete); then prune the older entries of its kind
    (the part of the name before the first ``-``). An ``OSError`` is left to the caller."""
    import tempfile

    folder, kind = base.parent, base.name.split("-", 1)[0] + "-"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, data in payloads.items():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + kind)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, base.with_suffix(suffix))
    _prune(folder, kind)


# -- the prefix dictionary as a double-array trie (jieba_fast_dat) ---------------------------------
#
# jieba_fast_dat keeps jieba's dictionary in a compiled double-array trie and runs jieba's route search
# (every dictionary word at every position, then the most probable path) on it, about ten times faster
# than jieba's Python over its dict. reportkit fills that trie from the very dictionary jieba builds
# (its own words, the domain dictionary, user dictionaries: the same words and frequencies) and passes
# jieba's total, so the routes are jieba's (ties broken alike: a test compares them on random text of
# repeated characters); the trie is cached as one file that loads in milliseconds, next to the
# prefix-dictionary cache above, keyed by the same dictionaries and by the jieba_fast_dat build.


def _dat_functions():
    return importlib.import_module("jieba_fast_dat._jieba_fast_dat_functions_py3")


def _build_trie(freq: dict[str, int]):
    trie = _dat_functions().DatTrie()
    # jieba's zero entries are only prefixes; a word with a NUL (from a user dictionary) cannot be a key
    # of the compiled trie, which ends keys there, and no text block ever holds one (jieba's block
    # pattern leaves control characters out), so leaving it out changes no word
    trie.build([(w, f) for w, f in freq.items() if f and "\x00" not in w])
    return trie


def _trie_key(dictionary_key: str) -> str:
    """The dictionary's cache key, and which jieba_fast_dat build writes and reads the trie (another
    release may store it differently): its version and its compiled module's size and time."""
    import hashlib

    functions = _dat_functions()
    stat = os.stat(functions.__file__)
    build = f"{getattr(sys.modules.get('jieba_fast_dat'), '__version__', '?')}:{stat.st_size}:{int(stat.st_mtime)}"
    return hashlib.sha256(f"{dictionary_key}\0{build}".encode()).hexdigest()[:24]


def _load_trie(key: str):
    """``(trie, total, forced words)`` from the cache, or None when it is missing or does not match its
    record."""
    import hashlib
    import json

    base = cache_dir() / f"trie-{key}"
    data_path, meta_path = base.with_suffix(".dat"), base.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("sha256") != hashlib.sha256(data).hexdigest():
        return None  # never hand a damaged file to the C++ loader
    if not _trie_is_sound(data):
        return None  # a checksum proves nothing against a file written on purpose: check what C++ reads
    trie = _dat_functions().DatTrie()
    try:
        trie.load_from_bytes(data)
    except Exception:
        return None
    if trie.num_keys() != meta.get("keys"):
        return None
    _touch(meta_path)
    return trie, float(meta["total"]), list(meta.get("forced", []))


_TRIE_HEADER = 29  # b"ADBJ", the total (double), two int32, a byte, the length of the rest (uint64)
_trie_fixed: bytes | None = None


def _trie_is_sound(data: bytes) -> bool:
    """Whether a saved trie can be searched without reading outside its arrays.

    The file is jieba_fast_dat's header and a cedar double array: its tail (an int32 length, then
    suffixes, each ending in NUL and followed by an int32 value) and its nodes (int32 base and check).
    cedar's search checks nothing: from node ``p`` with ``base >= 0`` it reads node ``base ^ byte``, and
    with ``base < 0`` the suffix at ``-base`` up to its NUL and the value after it. So: every node in use
    names a parent whose block (``base`` to ``base | 255``) holds it; every node a search can walk from
    (the root, and every node in use but the value nodes, a parent's ``base ^ 0`` child) has its block
    inside the array, or its suffix, NUL and value inside the tail; whole blocks of 256 nodes. The header's
    fixed fields must be those this build writes (read from a trie built here). Vectorised: milliseconds
    for the 550,000 nodes of jieba's dictionary.
    """
    import struct

    import numpy as np

    global _trie_fixed
    if _trie_fixed is None:
        reference = _dat_functions().DatTrie()
        reference.build([("a", 1)])
        _trie_fixed = reference.save_to_bytes()[12:21]
    head = _TRIE_HEADER
    if len(data) < head + 4 or data[:4] != b"ADBJ" or data[12:21] != _trie_fixed:
        return False
    (rest,) = struct.unpack_from("<Q", data, 21)
    (tail_len,) = struct.unpack_from("<i", data, head)
    if rest != len(data) - head or not 4 <= tail_len <= rest or (rest - tail_len) % 8:
        return False
    n = (rest - tail_len) // 8
    if n < 256 or n % 256:
        return False
    nodes = np.frombuffer(data, dtype="<i4", offset=head + tail_len, count=2 * n).reshape(n, 2).astype(np.int64)
    base, check = nodes[:, 0], nodes[:, 1]
    used = np.flatnonzero(check >= 0)
    parent = check[used]
    if used.size and parent.max() >= n:
        return False
    parent_base = base[parent]
    if (parent_base < 0).any() or ((parent_base ^ used) > 255).any():
        return False
    walked = np.zeros(n, dtype=bool)
    walked[used[parent_base != used]] = True  # parent_base == node: a value node (label 0)
    walked[0] = True
    bases = base[walked]
    if ((bases[bases >= 0] | 255) >= n).any():
        return False
    suffixes = -bases[bases < 0]
    if suffixes.size:
        tail = np.frombuffer(data, dtype=np.uint8, offset=head, count=tail_len)
        ends = np.flatnonzero(tail[: tail_len - 4] == 0)  # a NUL with room for the value after it
        if not ends.size or suffixes.min() < 4 or suffixes.max() > ends[-1]:
            return False
    return True


def _save_trie(key: str, trie, total: float, forced: list[str]) -> None:
    import hashlib
    import json

    try:
        data = trie.save_to_bytes()
        record = {"sha256": hashlib.sha256(data).hexdigest(), "keys": trie.num_keys(), "total": total, "forced": forced}
        _write_entry(
            cache_dir() / f"trie-{key}", {".dat": data, ".json": json.dumps(record, ensure_ascii=False).encode()}
        )
    except OSError:
        pass  # a read-only home: the trie is rebuilt next time


def _dat_route(trie, total: float):
    """jieba_fast_dat's route search and word lookup over ``trie``."""
    functions = _dat_functions()
    calc = functions._get_DAG_and_calc
    lookup = trie.search  # the word's frequency, 0 for prefixes and unknown words

    def route_of(block: str) -> list[int]:
        route: list[int] = []
        calc(trie, block, route, total)
        return route

    return route_of, lookup


# -- jieba's default cut, flattened ----------------------------------------------------------------
#
# ``Tokenizer.tokenize`` runs through three nested generators (tokenize → cut → __cut_DAG), which
# matter once the route search is compiled. The function below is the same algorithm written as one
# loop over jieba's own pieces — its block and skip patterns, its HMM tables and forced splits —
# around jieba_fast_dat's route search, so the words are identical;
# ``tests/test_segment.py`` compares it with jieba's ``tokenize`` on every corpus document and on
# random text.


_MIN_FLOAT = -3.14e100  # jieba's stand-in for log(0)


def _jieba_viterbi(start_p, trans_p, emit_p):
    """jieba's HMM Viterbi (``finalseg.viterbi``) for the BMES model, as one flat loop with back
    pointers instead of copied path lists: the same additions in the same order, and the same choice
    on an exact tie (jieba takes the ``max`` of ``(probability, state)`` pairs, so the later letter
    wins) — ties are common, as a character the model has never seen scores ``-3.14e100`` in every
    state. Compiled Viterbis (jieba_fast's, jieba_fast_dat's) break those ties the other way."""
    s_b, s_m, s_e, s_s = (start_p[y] for y in "BMES")

    def trans(a: str, b: str) -> float:
        return trans_p[a].get(b, _MIN_FLOAT)

    t_eb, t_sb, t_mm, t_bm = trans("E", "B"), trans("S", "B"), trans("M", "M"), trans("B", "M")
    t_ss, t_es, t_be, t_me = trans("S", "S"), trans("E", "S"), trans("B", "E"), trans("M", "E")
    e_b, e_m, e_e, e_s = (emit_p[y].get for y in "BMES")
    low = _MIN_FLOAT
    slot = {"B": 0, "M": 1, "E": 2, "S": 3}

    def viterbi(obs: str) -> list[str]:
        c = obs[0]
        v_b, v_m, v_e, v_s = s_b + e_b(c, low), s_m + e_m(c, low), s_e + e_e(c, low), s_s + e_s(c, low)
        back = []
        for c in obs[1:]:
            em = e_b(c, low)  # B after E or S
            x, y = v_e + t_eb + em, v_s + t_sb + em
            n_b, p_b = (y, "S") if y >= x else (x, "E")
            em = e_m(c, low)  # M after M or B
            x, y = v_m + t_mm + em, v_b + t_bm + em
            n_m, p_m = (x, "M") if x >= y else (y, "B")
            em = e_s(c, low)  # S after S or E
            x, y = v_s + t_ss + em, v_e + t_es + em
            n_s, p_s = (x, "S") if x >= y else (y, "E")
            em = e_e(c, low)  # E after B or M
            x, y = v_b + t_be + em, v_m + t_me + em
            n_e, p_e = (y, "M") if y >= x else (x, "B")
            back.append((p_b, p_m, p_e, p_s))
            v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        state = "S" if v_s >= v_e else "E"
        tags = [state]
        for pointers in reversed(back):
            state = pointers[slot[state]]
            tags.append(state)
        tags.reverse()
        return tags

    return viterbi


_HMM_CACHE = 50_000  # Han runs whose HMM words are remembered (a few MB); the table restarts when full


def _flat_hmm(finalseg):
    """``finalseg.cut`` of jieba as one function returning a list: the same split into Han runs and
    letter/number runs, the same Viterbi, the same forced splits. None when ``finalseg`` is not the
    known module."""
    names = ("re_han", "re_skip", "start_P", "trans_P", "emit_P", "Force_Split_Words", "PrevStatus")
    if finalseg is None or any(not hasattr(finalseg, n) for n in names):
        return None
    han, skip = finalseg.re_han, finalseg.re_skip
    if han.groups != 1 or skip.groups != 1 or finalseg.PrevStatus != {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}:
        return None
    viterbi = _jieba_viterbi(finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    forced = finalseg.Force_Split_Words
    # the HMM's words for a Han run depend on the run alone (its tables never change), and the same
    # unknown runs — names, short phrases — recur across documents: most runs are looked up, not
    # decoded. Forced splits are applied after the lookup, as they can change at any time.
    guessed: dict[str, tuple[str, ...]] = {}

    def guess(block: str) -> tuple[str, ...]:
        words = []
        begin = after = 0
        for j, tag in enumerate(viterbi(block)):
            if tag == "B":
                begin = j
            elif tag == "E":
                words.append(block[begin : j + 1])
                after = j + 1
            elif tag == "S":
                words.append(block[j])
                after = j + 1
        if after < len(block):
            words.append(block[after:])
        if len(guessed) >= _HMM_CACHE:
            guessed.clear()
        guessed[block] = result = tuple(words)
        return result

    whole: dict[str, list[str]] = {}  # the same for whole texts, while no split is forced (as usual)

    def cut(text: str) -> list[str]:
        if not forced:
            known = whole.get(text)
            if known is not None:
                return known
        out: list[str] = []
        for i, block in enumerate(han.split(text)):
            if not block:
                continue
            if i % 2:  # a Han run: BMES tags from the HMM
                words = guessed.get(block) or guess(block)
                for word in words:
                    if word in forced:
                        out.extend(word)
                    else:
                        out.append(word)
            else:
                out.extend(x for x in skip.split(block) if x)
        if not forced:
            if len(whole) >= _HMM_CACHE:
                whole.clear()
            whole[text] = out
        return out

    return cut


def _flat_cutter(module, route_of, freq_get):
    """A ``text -> [(word, start, end)]`` function equal to ``Tokenizer.tokenize(text, HMM=True)`` of
    ``module`` (jieba: its block patterns and HMM), with ``route_of(block)`` giving
    jieba's route (the end index - 1 of the word starting at each position) and ``freq_get(word)``
    the dictionary frequency; None when ``module``'s internals are not the known ones."""
    re_han: Any = getattr(module, "re_han_default", None)  # jieba's compiled patterns (untyped)
    re_skip: Any = getattr(module, "re_skip_default", None)
    hmm_cut = _flat_hmm(getattr(module, "finalseg", None))
    if None in (re_han, re_skip, hmm_cut) or re_han.groups != 1 or re_skip.groups != 1:
        return None

    def cut(text: str, spaces: bool = True) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        append = out.append
        pos = 0

        def flush(buf: str, at: int) -> None:
            if len(buf) == 1:
                append((buf, at, at + 1))
            elif not freq_get(buf):
                for word in hmm_cut(buf):
                    n = len(word)
                    append((word, at, at + n))
                    at += n
            else:
                for ch in buf:
                    append((ch, at, at + 1))
                    at += 1

        # split() with one group alternates: text between matches (even), matches (odd)
        for i, block in enumerate(re_han.split(text)):
            n = len(block)
            if n == 1:  # most blocks between two punctuation marks, and many words: one character
                if spaces or i % 2 or not block.isspace():  # re_skip's \s is str.isspace()
                    append((block, pos, pos + 1))
                pos += 1
                continue
            if not n:
                continue
            if i % 2:  # a run of Han characters, letters and digits: the dictionary route
                route = route_of(block)
                x = 0
                buf_at = -1
                while x < n:
                    y = route[x] + 1
                    if y - x == 1:
                        if buf_at < 0:
                            buf_at = x
                    else:
                        if buf_at >= 0:
                            flush(block[buf_at:x], pos + buf_at)
                            buf_at = -1
                        append((block[x:y], pos + x, pos + y))
                    x = y
                if buf_at >= 0:
                    flush(block[buf_at:], pos + buf_at)
            else:  # each whitespace character a word ("\r\n" one), anything else one character at a time
                at = pos
                for j, piece in enumerate(re_skip.split(block)):
                    if j % 2:  # whitespace ("\r\n" or one character)
                        if spaces:
                            append((piece, at, at + len(piece)))
                        at += len(piece)
                    else:
                        for ch in piece:
                            append((ch, at, at + 1))
                            at += 1
            pos += n
        return out

    return cut


BACKENDS = ("jieba", "jieba_fast_dat")


def _import_jieba(name: str):
    """Import jieba without setuptools' ``pkg_resources``.

    jieba tries ``import pkg_resources`` only to locate its own data files and falls back to a path
    next to the module when it is missing. That import costs a tenth of a second of every start and,
    with current setuptools, prints a deprecation warning; hiding it for the moment of the import
    takes jieba's own fallback. Nothing changes when something else has imported it already.
    """
    if name in sys.modules:
        return sys.modules[name]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        return importlib.import_module(name)
    finally:
        if hide and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _resolve(name: str):
    """``(segmenter name, jieba module)``. ``jieba`` is plain jieba; ``jieba_fast_dat`` is jieba's
    dictionary, block patterns and HMM around jieba_fast_dat's compiled route search; ``auto`` the
    latter when it is installed (``pip install reportkit[fast]``). Both give the same words."""
    if name == "auto":
        name = "jieba_fast_dat" if _installed("jieba_fast_dat") else "jieba"
    if name not in BACKENDS:
        raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(BACKENDS)} or auto")
    if name == "jieba_fast_dat" and not _installed("jieba_fast_dat"):
        raise ImportError("segmenter 'jieba_fast_dat' is not installed: pip install reportkit[fast]")
    return name, _import_jieba("jieba")


_segmenters: dict[tuple[str, ...], Segmenter] = {}
_segmenters_lock = threading.Lock()


def get_segmenter(user_dicts: Iterable[str | os.PathLike[str]] = ()) -> Segmenter:
    """The process-wide :class:`Segmenter` for these user dictionaries (created once)."""
    key = tuple(str(Path(p).resolve()) for p in user_dicts)
    with _segmenters_lock:
        seg = _segmenters.get(key)
        if seg is None:
            seg = _segmenters[key] = Segmenter(key)
        return seg
