"""The classifier: estimator conventions, calibration, the compiled model's parity with scikit-learn,
persistence, and the shipped model against its source."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import cross_val_score

from reportkit.classifier import classify, load_model
from reportkit.classifier.compiled import FORMAT_VERSION, CompiledModel
from reportkit.classifier.model import TemperatureScaledLogisticRegression, build_pipeline
from reportkit.classifier.train import (
    EXCERPT_MIN,
    EXCERPT_SPREAD,
    excerpt_of,
    load_training_set,
    openings_of,
    train,
)
from reportkit.document import Document
from reportkit.errors import IncompatibleModelError, ModelError

TEXTS = {
    "rectification": [
        "关于巡察反馈问题整改情况的报告\n一、存在问题\n台账不全。\n二、整改措施\n已完成整改12项，立行立改。",
        "审计查出问题整改情况的报告\n针对审计发现的问题，我局逐项整改，已追回资金56万元，整改到位。",
        "液化气站安全检查整改报告\n检查发现隐患8处，现将整改结果报告如下：已全部整改到位。",
    ],
    "work_plan": [
        "安全生产月活动方案\n一、指导思想\n二、工作目标\n三、组织领导\n四、实施步骤\n五、工作要求",
        "防汛工作实施方案\n一、工作目标：确保安全度汛。\n二、主要任务\n三、保障措施",
        "垃圾分类工作方案\n一、总体要求\n二、重点任务：到2025年覆盖率达到90%。\n三、时间安排",
    ],
    "survey": [
        "关于留守儿童的调研报告\n调研组采取问卷调查、走访座谈等方式，发放问卷600份，回收568份。\n一、基本情况\n二、存在问题\n三、对策建议",
        "农村养老服务调查报告\n本次调查样本500户，有效问卷480份。\n一、调查对象\n二、调查结果\n三、原因分析",
        "社区居民满意度测评问卷分析\n共发放问卷300份，回收率92%。满意81%，基本满意15%。",
    ],
}


@pytest.fixture(scope="module")
def small():
    docs = [t for texts in TEXTS.values() for t in texts]
    labels = [label for label, texts in TEXTS.items() for _ in texts]
    return docs, labels


def test_estimator_conventions(small):
    docs, labels = small
    pipe = build_pipeline(cv=3)
    assert pipe.fit(docs, labels) is pipe  # fit returns self
    model = pipe.named_steps["model"]
    assert model.temperature_ > 0 and list(model.classes_) == sorted(TEXTS)
    assert clone(pipe).get_params()["model__C"] == pipe.get_params()["model__C"]
    with pytest.raises(NotFittedError):
        TemperatureScaledLogisticRegression().predict_proba(np.zeros((1, 3)))
    proba = pipe.predict_proba(docs)
    assert proba.shape == (9, 3) and np.allclose(proba.sum(axis=1), 1)


def test_pipeline_cross_validates(small):
    docs, labels = small
    scores = cross_val_score(build_pipeline(cv=2), docs, labels, cv=3)
    assert len(scores) == 3


def test_compiled_model_equals_scikit_learn(small):
    docs, labels = small
    pipe = build_pipeline(cv=3).fit(docs, labels)
    compiled = CompiledModel.from_pipeline(pipe)
    probe = docs + ["关于开展专项整治的工作方案\n一、工作目标\n二、整改措施", "一句没有结构的话。"]
    expected = pipe.predict_proba(probe)
    from reportkit.document import Document

    got = np.array([compiled.probabilities(Document(t)) for t in probe])
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    # and the compiled model turns back into an equivalent scikit-learn pipeline
    np.testing.assert_allclose(compiled.to_pipeline().predict_proba(probe), expected, rtol=1e-9, atol=1e-12)


def test_save_load_round_trip(small, tmp_path):
    docs, labels = small
    compiled = CompiledModel.from_pipeline(build_pipeline(cv=3).fit(docs, labels), {"name": "tiny"})
    path = tmp_path / "tiny.npz"
    compiled.save(path)
    loaded = CompiledModel.load(path)
    assert loaded.features == compiled.features and loaded.classes == compiled.classes
    assert loaded.metadata["sklearn_version"] and loaded.metadata["reportkit_version"]
    dt = classify(docs[0], model=loaded)
    assert dt.label == "rectification" and dt.model == "tiny"
    assert set(dt.scores) == set(TEXTS) and abs(sum(dt.scores.values()) - 1) < 1e-3


def test_incompatible_and_damaged_models(small, tmp_path):
    docs, labels = small
    compiled = CompiledModel.from_pipeline(build_pipeline(cv=3).fit(docs, labels))
    compiled.metadata["featurizer_version"] = "0"
    old = tmp_path / "old.npz"
    compiled.save(old)
    with pytest.raises(IncompatibleModelError, match="retrain it with `reportkit train`"):
        CompiledModel.load(old)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a model")
    with pytest.raises(IncompatibleModelError, match=r"junk\.npz: not a reportkit classifier model \(not an \.npz"):
        CompiledModel.load(junk)  # not numpy's "contains pickled (object) data" advice to load it unsafely
    with pytest.raises(ModelError, match="no such model file"):
        CompiledModel.load(tmp_path / "missing.npz")


def test_pickled_object_arrays_are_refused(tmp_path):
    """Loading never unpickles: an object array in the file is an error, not code execution."""
    path = tmp_path / "evil.npz"
    np.savez(
        path, header=np.array([{"x": 1}], dtype=object), idf=np.zeros(1), coef=np.zeros((1, 1)), intercept=np.zeros(1)
    )
    with pytest.raises(IncompatibleModelError):
        CompiledModel.load(path)


def _npz_with_declared_coef(path, shape) -> None:
    """An .npz whose coef member's .npy header declares ``shape``, followed by only a few bytes of data
    (the way a 1 GiB array of zeros compresses to a file of 1 MB, without writing the gigabyte)."""
    import io
    import zipfile

    def member(array_header: dict, payload: bytes) -> bytes:
        buf = io.BytesIO()
        np.lib.format.write_array_header_1_0(buf, array_header)
        return buf.getvalue() + payload

    shipped = load_model()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        buf = io.BytesIO()
        np.save(buf, np.array(json.dumps({"classes": ["a"], "features": ["x"]})))
        z.writestr("header.npy", buf.getvalue())
        for name, array in (("idf", shipped.idf), ("intercept", shipped.intercept)):
            buf = io.BytesIO()
            np.save(buf, array)
            z.writestr(f"{name}.npy", buf.getvalue())
        header = {"descr": "<f8", "fortran_order": False, "shape": shape}
        z.writestr("coef.npy", member(header, b"\0" * 64))


def test_an_oversized_array_is_refused_from_its_header_before_anything_is_read(tmp_path, monkeypatch):
    """numpy.load allocated and read every array before its shape could be checked: a 1 GiB array
    inside a --model file cost a gigabyte first. The .npy headers of the zip members are read first."""
    path = tmp_path / "big.npz"
    _npz_with_declared_coef(path, (6, 2**24 + 1))  # 6 x 16.8 million float64: 805 MB
    reads = []
    real = np.lib.format.read_array
    monkeypatch.setattr(np.lib.format, "read_array", lambda fp, *a, **k: reads.append(fp) or real(fp, *a, **k))
    with pytest.raises(IncompatibleModelError) as info:
        CompiledModel.load(path)
    assert reads == [], "an array was read before the model was refused"
    message = str(info.value)
    assert message.startswith(f"{path}: refused: its arrays take 805,") and "coef 6 x 16,777,217" in message


def test_arrays_whose_shapes_disagree_are_refused_before_they_are_read(tmp_path, monkeypatch):
    path = tmp_path / "odd.npz"
    shipped = load_model()
    _npz_with_declared_coef(path, (len(shipped.classes), len(shipped.features) + 1))
    monkeypatch.setattr(np.lib.format, "read_array", lambda *a, **k: pytest.fail("an array was read"))
    with pytest.raises(IncompatibleModelError, match="damaged model"):
        CompiledModel.load(path)


def test_shipped_model_loads_fast_and_has_evidence():
    model = load_model()
    meta = model.metadata
    assert meta["format"] == FORMAT_VERSION and meta["trained_on"] == "corpus"
    dt = classify("关于县委巡察反馈意见整改落实情况的报告\n一、存在问题\n二、整改措施\n三、整改成效", model=model)
    assert dt.label == "rectification" and dt.label_zh == "整改报告"
    assert dt.evidence and all(e.weight > 0 for e in dt.evidence)
    assert any(e.feature.startswith(("heading:", "title", "token:", "cue:")) for e in dt.evidence)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\r\n \t\u3000甲乙县上a1，", max_size=60))
def test_the_one_lf_view_leaves_out_what_it_says_and_moves_words_onto_the_same_characters(text):
    from reportkit.classifier.features import _view_words, one_lf_view

    lines, left_out = one_lf_view(text)
    # CRLFs read as LFs, a line break and the blank lines after it as one line break
    assert lines == regex.sub(r"\n(?:[ \t\u3000]*\n)+", "\n", text.replace("\r\n", "\n"))
    assert lines == "".join(ch for i, ch in enumerate(text) if i not in set(left_out))
    words = Document(text).words()
    for (word, s, e), (w, vs, ve) in zip(words, _view_words(words, left_out)):
        # a word may span a line break the normalized view took out; its characters are the same in the view
        assert w == word and lines[vs:ve].replace("\n", "") == text[s:e].replace("\r", "").replace("\n", "")


def test_the_classifier_reads_the_documents_own_words_in_its_view():
    # a report with blank lines between its paragraphs: read again in a view with one LF between lines, a
    # paragraph's last character and the next one's first were joined into one word ("…会议上" + "郁川市…"); the
    # classifier reads the document's own words, moved to the view
    from reportkit.classifier.features import feature_parts

    text = (Path(__file__).resolve().parents[2] / "corpus" / "docs" / "rec_044.txt").read_text(encoding="utf-8")
    assert "\n\n" in text
    doc = Document(text)
    own = [w for w, _, _ in doc.words()]
    _, title_words, body_words, _ = feature_parts(doc)
    # (a long document's middle is left out of its words: they are some of its own, and no others)
    assert len(text) > 3000 and "上郁川市" not in body_words
    assert set(title_words) | set(body_words) <= set(own)


@pytest.mark.parametrize("copy", [lambda t: t.replace("\n", "\r\n"), lambda t: t.replace("\n", "\n\n \n")])
def test_a_report_saved_with_other_line_endings_or_blank_lines_is_classified_as_its_text(copy):
    """The classifier counts windows and densities in characters; a CRLF file's CRs, or a web copy's blank lines
    after each paragraph, shifted them, and its probabilities moved in the fifth decimal — enough to move an
    item the item model scores at 0.5 (a corpus summary's measure was found in the file and lost in its copies)."""
    from reportkit.classifier.features import document_features
    from reportkit.document import Document

    model = load_model()
    text = (Path(__file__).resolve().parents[2] / "corpus" / "docs" / "sum_1073.txt").read_text(encoding="utf-8")
    assert "\r" not in text and len(text) > 1000  # long enough for the head and tail windows to matter
    lf, other = Document(text), Document(copy(text))
    assert document_features(other) == document_features(lf)
    assert classify(other, model=model).scores == classify(lf, model=model).scores


def test_low_confidence_is_flagged_not_hidden():
    model = load_model()
    dt = classify("今天天气不错。", model=model)
    assert dt.label in model.classes
    assert dt.uncertain == (dt.confidence < model.threshold)


@pytest.mark.slow
def test_shipped_model_matches_its_source():
    """Retraining on corpus/ reproduces the shipped model: same features and classes, same
    coefficients and temperature up to floating-point noise (tolerance 1e-6), so the artefact never
    drifts from its source. Regenerate with the command in README.md after changing corpus/."""

    shipped = load_model()
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    training = load_training_set(corpus)
    pipe, _ = train(
        training,
        C=shipped.metadata["C"],
        cv=shipped.metadata["cv"],
        evaluate=False,
        weights=shipped.weights,
        excerpts=shipped.metadata["n_openings"] > 0,
    )
    fresh = CompiledModel.from_pipeline(pipe)
    assert fresh.classes == shipped.classes
    assert fresh.features == shipped.features, "corpus/ changed: retrain the shipped model"
    np.testing.assert_allclose(fresh.idf, shipped.idf, atol=1e-9)
    np.testing.assert_allclose(fresh.coef, shipped.coef, atol=1e-6)
    np.testing.assert_allclose(fresh.intercept, shipped.intercept, atol=1e-6)
    assert abs(fresh.temperature - shipped.temperature) < 1e-4
    assert shipped.metadata["n_documents"] == len(training)
    assert shipped.metadata["n_openings"] == len(openings_of(training))
    assert shipped.metadata["n_openings"] > 100  # the shipped model learns from openings too


def test_the_opening_a_long_document_also_teaches_is_a_prefix_cut_after_a_sentence():
    sentence = "县应急管理局组织开展安全生产大检查，督促企业落实主体责任。"
    text = sentence * 120
    opening = excerpt_of("rec_001", text)
    assert opening is not None and text.startswith(opening)
    assert opening.endswith("。")
    assert EXCERPT_MIN // 2 < len(opening) <= EXCERPT_MIN + EXCERPT_SPREAD
    assert excerpt_of("rec_001", text) == opening  # drawn from the id: the same every time
    lengths = {len(excerpt_of(f"doc_{i}", text)) for i in range(20)}
    assert len(lengths) > 5  # and different from document to document
    # too short to leave EXCERPT_REST characters out: no opening
    assert excerpt_of("rec_001", sentence * 10) is None
    # no sentence end at all: cut at the drawn length
    flat = "县" * 3000
    assert excerpt_of("rec_001", flat) == "县" * (EXCERPT_MIN + zlib.crc32(b"rec_001") % EXCERPT_SPREAD)


def test_training_set_forms(tmp_path):
    for label, texts in TEXTS.items():
        (tmp_path / "folders" / label).mkdir(parents=True)
        for i, text in enumerate(texts):
            (tmp_path / "folders" / label / f"{i}.txt").write_text(text, encoding="utf-8")
    ts = load_training_set(tmp_path / "folders")
    assert sorted(set(ts.labels)) == sorted(TEXTS) and len(ts) == 9
    gold = {
        f"d{i}": {
            "doc_type": label,
            "doc_type_also": [],
            "leadership_groups": [],
            "counts": [],
            "problems": [],
            "measures": [],
        }
        for i, (label, _t) in enumerate((lb, t) for lb, ts_ in TEXTS.items() for t in ts_)
    }
    (tmp_path / "g" / "docs").mkdir(parents=True)
    for i, text in enumerate(t for ts_ in TEXTS.values() for t in ts_):
        (tmp_path / "g" / "docs" / f"d{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "g" / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    ts2 = load_training_set(tmp_path / "g" / "gold.json")
    # folders are read label by label, the gold file id by id: the same documents and labels
    assert ts.labels == sorted(ts.labels) and ts.ids[0] == str(Path("rectification") / "0.txt")
    assert ts2.labels == [label for label, texts in TEXTS.items() for _ in texts]
    assert ts2.ids == [f"d{i}" for i in range(9)]
    assert sorted(d.text for d in ts2.documents) == sorted(d.text for d in ts.documents)
    _pipe, report = train(ts2, cv=2)
    assert report.n_documents == 9 and report.folds == 2
    # the report is the confusion matrix of the cross-validated predictions, and its accuracy is that
    # matrix's diagonal: these three kinds of text are told apart even when trained on half of them
    assert {t: sum(row.values()) for t, row in report.confusion.items()} == dict.fromkeys(TEXTS, 3)
    assert report.accuracy == sum(report.confusion[t].get(t, 0) for t in TEXTS) / 9 == 1.0
    assert report.macro_f1 == 1.0
    assert "2-fold cross-validation: accuracy 1.000, macro-F1 1.000" in report.table()


def test_a_long_documents_middle_does_not_change_its_body_words(segmenter):
    """Body words come from the opening and the close of a long document: what is inserted in the
    middle does not move them, so a 20,000-character report is read like the corpus it was trained on."""
    from reportkit.classifier.features import BODY_HEAD, BODY_TAIL, document_features
    from reportkit.document import Document

    opening = "关于县委巡察反馈意见整改情况的报告\n" + "按照县委部署要求，我局扎实推进各项整改任务。" * 200
    close = "下一步，我局将持续巩固整改成果。" * 80
    middle = "会议听取了各部门的发言，大家围绕发展规划进行讨论。" * 400
    short, long_ = (
        Document(opening + close, segmenter=segmenter),
        Document(opening + middle + close, segmenter=segmenter),
    )
    assert len(long_.text) > BODY_HEAD + BODY_TAIL + len(middle) // 2

    def tokens(doc):
        return {k: v for k, v in document_features(doc).items() if k.startswith("token:")}

    assert len(short.text) > BODY_HEAD + BODY_TAIL  # both are long: the same opening and close are read
    assert "token:规划" not in tokens(long_)  # the middle's words are left out
    assert tokens(long_) == tokens(short) and tokens(short)["token:整改"] > 0


def test_the_temperature_is_fitted_on_folds_that_keep_a_document_and_its_opening_together():
    """A long document's opening is a training row of its own; fitted on folds that split the two, the
    temperature saw documents scored by a model that had trained on their openings, and made confidences too
    sure (a small corpus of one's own got 1.00 on everything). Here each document's 'opening' is a copy of it
    and the labels are noise: split apart, the copies look perfectly predictable; kept together, they do not."""
    import numpy as np

    from reportkit.classifier.model import TemperatureScaledLogisticRegression

    rng = np.random.default_rng(0)
    docs = rng.normal(size=(60, 200))  # as many features as a text has words: any labels fit
    labels = np.array(["a", "b"] * 30)
    X = np.vstack([docs, docs])  # each document, then its copy
    y = np.concatenate([labels, labels])
    groups = np.concatenate([np.arange(60), np.arange(60)])
    split = TemperatureScaledLogisticRegression(C=100.0).fit(X, y)
    together = TemperatureScaledLogisticRegression(C=100.0).fit(X, y, groups=groups)
    assert split.temperature_ < 1.0 < together.temperature_


def test_training_runs_its_numerics_on_one_thread(tmp_path):
    """As the item model's (reportkit.determinism): every numerical library at one thread through every stage of
    training, so that retraining gives the shipped classifier on any number of cores."""
    from threadpoolctl import threadpool_info

    for label, texts in TEXTS.items():
        (tmp_path / label).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text, encoding="utf-8")
    threads: list[int] = []

    def progress(_msg: str) -> None:
        threads.extend(lib["num_threads"] for lib in threadpool_info())

    train(load_training_set(tmp_path), cv=2, progress=progress)
    assert threads and set(threads) == {1}
