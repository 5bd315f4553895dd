"""Conformance checks for extractor plugins — run them in your plugin's tests.

::

    from reportkit.testing import check_extractor, parametrize_with_checks

    def test_my_extractor_conforms():
        check_extractor(MyExtractor, samples=["…a text where it finds something…"])

    @parametrize_with_checks([MyExtractor])
    def test_each_check(extractor, check):
        check(extractor)

Each check raises ``AssertionError`` with a message that says what is wrong; :func:`check_extractor`
names the check that failed (``deadlines: check 'odd_texts' failed: …``) whatever the extractor raised.
The checks, in the spirit of scikit-learn's ``check_estimator``:

* ``metadata`` — ``name`` is a lowercase identifier, ``version`` a string, ``output_model`` a
  :class:`~reportkit.extract.base.Finding` subclass, ``applies_to`` None or a set of labels;
* ``cheap_constructor`` — the class instantiates without arguments, and ``load()`` may be called twice;
* ``odd_texts`` — empty, blank, one character, emoji, control characters, a NUL byte, a 20,000-character
  line, Latin and mixed text: no exception, a list back;
* ``spans_and_models`` — on the samples (yours plus built-in report snippets) every finding is an
  instance of ``output_model`` and ``text[start:end] == finding.text`` (nested mentions too);
* ``deterministic`` — two runs on the same document give the same findings;
* ``no_mutation`` — the document's text is unchanged after ``extract``;
* ``finds_something`` — when you pass samples, at least one finding on them (a plugin that never fires
  is usually broken); without samples there is nothing to check, so pass them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .document import Document
from .extract.base import Extractor, Finding
from .extract.registry import validate_extractor

__all__ = ["check_extractor", "parametrize_with_checks", "CHECKS", "ODD_TEXTS", "SAMPLE_TEXTS", "assert_spans"]

ODD_TEXTS = [
    "",
    "   \n\t  \r\n",
    "。",
    "一",
    "😀🚀 整改 ✅",
    "\x00\x01\x02 整改措施",
    "整改" * 10000,
    "The rectification report lists 12 problems; 10 were fixed by March 2021.",
    "（一）（二）（三）1.2.3.一是二是三是：：：；；；",
    "组长：\n副组长：\n成员：",
    "\ufeff\u200b零宽字符\u3000全角空格ＡＢＣ１２３",
]
SAMPLE_TEXTS = [
    "关于安全生产检查问题整改情况的报告\n一、存在问题\n1.部分企业主体责任落实不到位；\n2.隐患排查不彻底。\n"
    "二、整改措施\n（一）成立以县长为组长的整改工作领导小组，下设办公室。\n（二）3月底前完成整改，共排查企业3520家。",
    "县教育局2021年工作总结\n今年以来，全县共培训教师1.2万人次，新建学校3所，投入资金56.74万元。\n"
    "下一步，我们将继续加强师资队伍建设，两周内完成校舍排查。",
    "成立由镇长任组长，两名副镇长任副组长，各站所负责人为成员的防汛抗旱工作领导小组，领导小组下设办公室，办公室设在应急办。",
]


def _instance(extractor: Extractor | type[Extractor]) -> Extractor:
    return extractor() if isinstance(extractor, type) else extractor


def assert_spans(doc: Document, findings: Iterable[Any], model: type[Finding]) -> None:
    """Every finding is a ``model`` and every (text, span) in it — nested ones too — matches ``doc``."""
    from .pipeline import _bad_span

    for f in findings:
        assert isinstance(f, model), f"finding {f!r} is not a {model.__name__}"
        model.model_validate(f.model_dump())
        bad = _bad_span(f, doc.text)
        assert bad is None, f"{bad} (the document has {len(doc.text)} characters)"


def check_metadata(extractor: Extractor) -> None:
    from .errors import PluginLoadError

    try:
        validate_extractor(type(extractor), None)
    except PluginLoadError as exc:
        raise AssertionError(exc.cause) from exc
    applies = extractor.applies_to
    assert applies is None or (all(isinstance(x, str) for x in applies)), "applies_to must be None or a set of labels"


def check_cheap_constructor(extractor: Extractor) -> None:
    try:
        fresh = type(extractor)()
    except Exception as exc:
        raise AssertionError(f"{type(extractor).__name__}() failed: {type(exc).__name__}: {exc}") from exc
    try:
        fresh.load()
        fresh.load()
    except Exception as exc:
        raise AssertionError(f"load() failed (or failed when called twice): {type(exc).__name__}: {exc}") from exc


_PIPELINES: dict[tuple[str, ...], Any] = {}


def _context(extractor: Extractor, doc: Document) -> Any:
    """The context the pipeline would hand ``extractor`` on ``doc`` — the document's type, the item model, and
    the findings of the extractors it ``requires`` (run by a pipeline of just those) — or None for an
    extractor whose ``extract`` takes none."""
    from types import MappingProxyType

    from .extract.base import wants_context
    from .extract.context import Context
    from .pipeline import Pipeline

    if not wants_context(extractor):
        return None
    requires = tuple(sorted(extractor.requires))
    pipe = _PIPELINES.get(requires)
    if pipe is None:
        pipe = _PIPELINES[requires] = Pipeline(only=list(requires), skip_broken_plugins=True)
    record = pipe.analyze(Document(doc.text, doc.source))
    findings = {name: tuple(found) for name, found in record.fields.items()}
    return Context(doc, doc_type=record.doc_type, findings=MappingProxyType(findings), items_model=pipe.items_model)


def _extract(extractor: Extractor, doc: Document) -> Any:
    """``extractor.extract(doc)`` — with the context the pipeline would give, for an extractor that takes
    one — an exception turned into an AssertionError naming the text."""
    try:
        context = _context(extractor, doc)
        call: Any = extractor.extract
        return call(doc) if context is None else call(doc, context)
    except Exception as exc:
        raise AssertionError(
            f"{extractor.name} raised {type(exc).__name__} on {doc.text[:20]!r}: {exc}".splitlines()[0]
        ) from exc


def check_odd_texts(extractor: Extractor) -> None:
    extractor.load()
    for text in ODD_TEXTS:
        doc = Document(text)
        found = _extract(extractor, doc)
        assert isinstance(found, list), f"extract must return a list, got {type(found).__name__}"
        assert_spans(doc, found, extractor.output_model)


def _samples(extractor: Extractor) -> list[str]:
    return list(getattr(extractor, "_reportkit_samples", [])) + SAMPLE_TEXTS


def check_spans_and_models(extractor: Extractor) -> None:
    extractor.load()
    for text in _samples(extractor):
        doc = Document(text)
        assert_spans(doc, _extract(extractor, doc), extractor.output_model)


def check_deterministic(extractor: Extractor) -> None:
    extractor.load()
    for text in _samples(extractor):
        first = [f.model_dump() for f in _extract(extractor, Document(text))]
        second = [f.model_dump() for f in _extract(extractor, Document(text))]
        assert first == second, f"{extractor.name} gave different findings on the same text"


def check_no_mutation(extractor: Extractor) -> None:
    extractor.load()
    for text in _samples(extractor):
        doc = Document(text)
        _extract(extractor, doc)
        assert doc.text == text, f"{extractor.name} changed the document's text"


def check_finds_something(extractor: Extractor) -> None:
    own = list(getattr(extractor, "_reportkit_samples", []))
    if not own:
        return
    extractor.load()
    total = sum(len(_extract(extractor, Document(t))) for t in own)
    assert total > 0, f"{extractor.name} found nothing in the samples it was given"


CHECKS: dict[str, Callable[[Extractor], None]] = {
    "metadata": check_metadata,
    "cheap_constructor": check_cheap_constructor,
    "odd_texts": check_odd_texts,
    "spans_and_models": check_spans_and_models,
    "deterministic": check_deterministic,
    "no_mutation": check_no_mutation,
    "finds_something": check_finds_something,
}


def check_extractor(extractor: Extractor | type[Extractor], samples: Sequence[str] = ()) -> None:
    """Run every conformance check on an extractor (class or instance); raise on the first failure.

    :param samples: texts of the kind your extractor is written for; it must find something in them
    """
    label = getattr(extractor, "name", "") or getattr(extractor, "__name__", type(extractor).__name__)
    try:
        inst = _instance(extractor)
    except Exception as exc:
        raise AssertionError(
            f"{label}: check 'cheap_constructor' failed: the class does not instantiate without arguments: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    inst._reportkit_samples = list(samples)  # type: ignore[attr-defined]
    for name, check in CHECKS.items():
        try:
            check(inst)
        except AssertionError as exc:
            raise AssertionError(f"{label}: check {name!r} failed: {exc}") from exc
        except Exception as exc:  # the extractor's own error, met by a check that did not expect it
            raise AssertionError(f"{label}: check {name!r} failed: {type(exc).__name__}: {exc}") from exc


def parametrize_with_checks(extractors: Sequence[Extractor | type[Extractor]], samples: Sequence[str] = ()):
    """A ``pytest.mark.parametrize`` over (extractor, check) pairs, one test per check."""
    import pytest

    params = []
    for ext in extractors:
        inst = _instance(ext)
        inst._reportkit_samples = list(samples)  # type: ignore[attr-defined]
        for name, check in CHECKS.items():
            params.append(pytest.param(inst, check, id=f"{inst.name}-{name}"))
    return pytest.mark.parametrize("extractor, check", params)
