"""Word segmentation with jieba, through reportkit's own ``jieba.Tokenizer``.

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

import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import InputError

__all__ = ["Token", "Segmenter", "get_segmenter", "domain_dictionary_path"]


@dataclass(frozen=True, slots=True)
class Token:
    """One word: ``start``/``end`` index ``Document.text``; ``word`` is its normalized form.

    ``Document.text[start:end]`` equals ``word`` unless normalization folded a full-width character or
    removed a space or line break inside it (then the original slice still holds the same word).
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

    def __init__(self, user_dicts: Iterable[str | os.PathLike[str]] = (), hmm: bool = True) -> None:
        self.user_dicts = tuple(str(p) for p in user_dicts)
        self.hmm = hmm
        self._tokenizer = None
        self._pos_tokenizer = None
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
        try:
            import jieba
        except ImportError as exc:  # pragma: no cover - jieba is a core dependency
            raise ImportError("reportkit needs jieba for segmentation: pip install jieba") from exc
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        tokenizer.load_userdict(str(domain_dictionary_path()))
        for path in self.user_dicts:
            if not Path(path).is_file():
                raise InputError(path, "user dictionary not found")
            try:
                tokenizer.load_userdict(path)
            except (UnicodeDecodeError, ValueError) as exc:
                raise InputError(path, f"not a jieba dictionary (UTF-8, 'word [freq] [tag]' per line): {exc}") from exc
        return tokenizer

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` for every word of ``text``, whitespace and punctuation included."""
        return list(self.tokenizer.tokenize(text, HMM=self.hmm))

    def pos_tag(self, text: str) -> list[tuple[str, str, int, int]]:
        """``(word, tag, start, end)`` with jieba's part-of-speech tags (slower than :meth:`tokenize`)."""
        if self._pos_tokenizer is None:
            import jieba.posseg

            self._pos_tokenizer = jieba.posseg.POSTokenizer(self.tokenizer)
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
