"""Quality on annotated documents, measured with the same scorer users run (reportkit eval).

* The project's own corpus runs in CI: the floors below guard against regressions.
* The development set of real reports (../shared/corpus-real, outside the project) is scored when
  present, against the targets of the extractor and classifier issues.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportkit.evaluate import evaluate, load_gold, load_labels
from reportkit.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent


def _run(gold_path: Path, docs_dir: Path, labels=None):
    gold = load_gold(gold_path)
    wanted = set(gold) | set(labels or {})
    pipe = Pipeline()
    records, texts = {}, {}
    for path in sorted(docs_dir.iterdir()):
        if path.stem in wanted:
            doc = pipe.read(str(path))[0]
            records[path.stem] = pipe.analyze(doc)
            texts[path.stem] = doc.text
    return evaluate(gold, records, texts, labels)


@pytest.fixture(scope="module")
def own():
    return _run(ROOT / "corpus" / "gold.json", ROOT / "corpus" / "docs")


def test_own_corpus_floors(own):
    assert own.n_docs >= 150 and not own.missing
    assert own.spans_valid == own.spans_total  # offsets are sacred
    assert own.counts.f1 >= 0.95
    assert own.groups.f1 >= 0.90 and own.roles >= 0.90
    assert own.problems.f1 >= 0.75
    assert own.measures.f1 >= 0.70


@pytest.fixture(scope="module")
def dev(dev_set):
    labels = load_labels(dev_set / "manifest.csv")
    return _run(dev_set / "gold.json", dev_set / "docs", labels)


def test_dev_set_targets(dev):
    report = dev.to_dict()
    print(
        json.dumps(
            {k: report[k] for k in ("type", "counts", "groups", "problems", "measures", "spans")},
            ensure_ascii=False,
            indent=1,
        )
    )
    assert dev.spans_valid == dev.spans_total
    assert dev.counts.f1 >= 0.90
    assert dev.groups.f1 >= 0.80 and dev.roles >= 0.80
    assert dev.problems.f1 >= 0.75
    assert dev.measures.f1 >= 0.70
    assert dev.type_accuracy >= 0.90 and dev.type_macro_f1 >= 0.85
