"""Word segmentation with jieba, through reportkit's own ``jieba.Tokenizer``.

* The segmenter is jieba, or jieba_fast — a C-accelerated build of the same algorithm and dictionary
  that gives identical words about twice as fast — when it is installed (``reportkit[fast]``);
  ``REPORTKIT_SEGMENTER=jieba`` forces plain jieba.
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

import importlib
import logging
import os
import sys
import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import NamedTuple

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

    >>> seg = Segmenter()
    >>> [w for w, s, e in seg.tokenize("成立安全生产领导小组")]
    ['成立', '安全生产', '领导小组']
    """

    def __init__(self, user_dicts: Iterable[str | os.PathLike[str]] = (), hmm: bool = True,
                 backend: str | None = None) -> None:
        self.user_dicts = tuple(str(p) for p in user_dicts)
        self.hmm = hmm
        self.backend = backend or os.environ.get("REPORTKIT_SEGMENTER", "auto")
        self._tokenizer = None
        self._pos_tokenizer = None
        self._flat = None
        self._lock = threading.Lock()

    @property
    def tokenizer(self):
        """The underlying ``jieba.Tokenizer``, initialised on first access."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._build()
        return self._tokenizer

    def _build(self):
        jieba = _backend(self.backend)
        jieba.setLogLevel(logging.WARNING)
        for path in self.user_dicts:
            if not Path(path).is_file():
                raise InputError(path, "user dictionary not found")
        tokenizer = jieba.Tokenizer()
        key = _cache_key(jieba, tokenizer, self.user_dicts)
        if _load_prefix_dict(tokenizer, key):
            return tokenizer
        tokenizer.initialize()
        with open(domain_dictionary_path(), "rb") as fh:  # a file object: jieba leaves paths open
            tokenizer.load_userdict(fh)
        for path in self.user_dicts:
            try:
                with open(path, "rb") as fh:
                    tokenizer.load_userdict(fh)
            except (UnicodeDecodeError, ValueError) as exc:
                raise InputError(path, f"not a jieba dictionary (UTF-8, 'word [freq] [tag]' per line): {exc}") from exc
        _save_prefix_dict(tokenizer, key)
        return tokenizer

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` for every word of ``text``, whitespace and punctuation included.

        The same words as ``jieba.Tokenizer.tokenize`` (a test holds the two together on the corpus
        and on random text), computed without jieba's three layers of generators.
        """
        if self._flat is None:
            self._flat = _flat_cutter(self.tokenizer, self.hmm) or False
        if self._flat is False:
            return list(self.tokenizer.tokenize(text, HMM=self.hmm))
        return self._flat(text)

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
        return bool(self.tokenizer.FREQ.get(word))

    def lcut(self, text: str) -> list[str]:
        """Words only, as ``jieba.lcut`` gives them."""
        return self.tokenizer.lcut(text, HMM=self.hmm)


# -- a faster cache of the prefix dictionary ------------------------------------------------------
#
# jieba keeps its prefix dictionary (every word and word prefix with its frequency, ~500,000 entries)
# in a marshal file that takes about 1.4 s to load: most of the start-up time of a one-file run. The
# same dictionary stored as one UTF-8 block of words plus an array of frequencies loads in a fifth of
# that. It is written after the first normal initialisation (domain and user dictionaries included) and
# keyed by everything that shapes it, so it never differs from what jieba would build.

_CACHE_FORMAT = "1"


def cache_dir() -> Path:
    """Where the prefix-dictionary cache lives (``REPORTKIT_CACHE_DIR``, else ~/.cache/reportkit)."""
    configured = os.environ.get("REPORTKIT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportkit"


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
        _CACHE_FORMAT, module.__name__, getattr(module, "__version__", "?"),
        main_path, str(stat.st_size if stat else 0), str(int(stat.st_mtime) if stat else 0),
        _file_digest(domain_dictionary_path()), *(_file_digest(p) for p in user_dicts),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


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
    tokenizer.initialized = True
    return True


def _save_prefix_dict(tokenizer, key: str) -> None:
    import array
    import json
    import tempfile

    words = list(tokenizer.FREQ)
    if any("\n" in w for w in words):
        return  # cannot be stored one per line; jieba's own cache still works
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        base = folder / f"prefix-{key}"
        payloads = {
            ".words": "\n".join(words).encode("utf-8"),
            ".freqs": array.array("q", (tokenizer.FREQ[w] for w in words)).tobytes(),
            ".json": json.dumps({"total": tokenizer.total, "entries": len(words),
                                 "tags": dict(tokenizer.user_word_tag_tab)}, ensure_ascii=False).encode("utf-8"),
        }
        for suffix, data in payloads.items():  # the .json goes last: it marks the cache complete
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".prefix-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, base.with_suffix(suffix))
    except OSError:
        pass  # a read-only home: run without the faster cache


# -- jieba's default cut, flattened ----------------------------------------------------------------
#
# ``Tokenizer.tokenize`` runs through three nested generators (tokenize → cut → __cut_DAG), which
# matter once jieba_fast does the dictionary search in C. The function below is
# the same algorithm written as one loop over jieba's own pieces — its block and skip patterns, its
# route (jieba_fast's C ``_get_DAG_and_calc``), its HMM for unknown runs — so the words are identical;
# ``tests/test_segment.py`` compares the two on every corpus document and on random text. It saves a
# tenth of jieba_fast's time.


def _flat_cutter(tokenizer, hmm: bool):
    """A ``text -> [(word, start, end)]`` function equal to ``tokenizer.tokenize(text, HMM=True)``
    for jieba_fast, or None (plain jieba, no HMM, or a jieba_fast whose internals are not the known
    ones): then ``tokenize`` itself is used. Plain jieba's route search is Python, and there the
    generators are not what costs."""
    module = importlib.import_module(type(tokenizer).__module__)
    if not hmm or module.__name__ != "jieba_fast":
        return None
    re_han = getattr(module, "re_han_default", None)
    re_skip = getattr(module, "re_skip_default", None)
    hmm_cut = getattr(getattr(module, "finalseg", None), "cut", None)
    calc = getattr(getattr(module, "_jieba_fast_functions", None), "_get_DAG_and_calc", None)
    if None in (re_han, re_skip, hmm_cut, calc) or re_han.groups != 1 or re_skip.groups != 1:
        return None

    def route_of(block: str) -> list[int]:
        route: list[int] = []
        calc(tokenizer.FREQ, block, route, float(tokenizer.total))
        return route

    def cut(text: str) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        append = out.append
        freq_get = tokenizer.FREQ.get  # read per call: add_word and initialize may change it
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
            if not block:
                continue
            if i % 2:  # a run of Han characters, letters and digits: the dictionary route
                route = route_of(block)
                n = len(block)
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
                    if j % 2:
                        append((piece, at, at + len(piece)))
                        at += len(piece)
                    else:
                        for ch in piece:
                            append((ch, at, at + 1))
                            at += 1
            pos += len(block)
        return out

    return cut


BACKENDS = ("jieba", "jieba_fast")


def _import_jieba(name: str):
    """Import jieba or jieba_fast without setuptools' ``pkg_resources``.

    Both try ``import pkg_resources`` only to locate their own data files and fall back to a path
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


def _backend(name: str):
    """The jieba module to segment with: ``jieba``, ``jieba_fast`` (its C-accelerated twin, same
    output), or ``auto`` — jieba_fast when it is installed (``pip install reportkit[fast]``)."""
    if name == "auto":
        try:
            return _import_jieba("jieba_fast")
        except ImportError:
            name = "jieba"
    if name not in BACKENDS:
        raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(BACKENDS)} or auto")
    try:
        return _import_jieba(name)
    except ImportError as exc:
        hint = "pip install reportkit[fast]" if name == "jieba_fast" else "pip install jieba"
        raise ImportError(f"segmenter {name!r} is not installed: {hint}") from exc


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
