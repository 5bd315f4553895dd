"""Where one core's time goes: the pipeline's stages, timed one after another on the corpus.

    python benchmarks/stages.py            # every document of corpus/docs, three rounds, best of each
    python benchmarks/stages.py --rounds 5

Each document is read once; then, per round, a fresh :class:`~reportkit.document.Document` is built and
its stages are forced in the pipeline's order — normalized view, words, outline and sentences, the
classifier, the items layer, the item model, each built-in extractor (problems and measures then only
read the item model's findings), the record with span checks and JSON — each timed on its own.
``jieba.lcut`` on the same texts is timed in the same rounds for scale. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from run import BUILT_INS, ROOT  # benchmarks/run.py: the same corpus and the same built-in extractors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import logging

    import jieba

    import reportkit
    from reportkit.pipeline import Pipeline

    texts = [reportkit.read(p).text for p in sorted((ROOT / "corpus" / "docs").iterdir())]
    chars = sum(map(len, texts))
    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.initialize()
    pipe = Pipeline(only=BUILT_INS.split(","))
    pipe.analyze(texts[0])  # load everything once, as a worker does
    model = pipe.model
    items_model = pipe.items_model
    from reportkit.extract.base import wants_context
    from reportkit.extract.context import Context

    best: dict[str, float] = {}
    for _ in range(args.rounds):
        times: Counter[str] = Counter()

        def timed(name, fn, *a):
            started = time.perf_counter()
            out = fn(*a)
            times[name] += time.perf_counter() - started
            return out

        for text in texts:
            timed("jieba.lcut (for scale)", plain.lcut, text)
            doc = pipe.document(text)
            timed("normalized view", lambda: doc.normalized)
            timed("words (segmenter)", doc.words)
            timed("outline and sentences", lambda: (doc.outline, doc.sentences, doc.title_span))
            label = timed("classifier", model.predict, doc)
            doc.doc_type = label.label
            timed("items layer", doc.items)
            context = Context(doc, doc_type=label, findings={}, items_model=items_model, min_score=pipe.min_score)
            timed("item model (features, scores, runs)", context.item_findings)
            findings: dict[str, list] = {}
            context.findings = findings
            for ext in pipe.extractors:
                if wants_context(ext):
                    findings[ext.name] = timed(f"extractor {ext.name}", ext.extract, doc, context)
                else:
                    findings[ext.name] = timed(f"extractor {ext.name}", ext.extract, doc)
                for n, finding in enumerate(findings[ext.name], 1):
                    finding.id = f"{ext.name}/{n}"
            timed("whole pipeline, record and JSON", lambda: pipe.analyze(text).to_json())
        for name, t in times.items():
            best[name] = min(best.get(name, t), t)

    whole = best.pop("whole pipeline, record and JSON")
    scale = best.pop("jieba.lcut (for scale)")
    staged = sum(best.values())
    print(f"{len(texts)} documents, {chars:,} characters; best of {args.rounds} rounds\n")
    print("| stage | seconds | share of the pipeline |")
    print("|---|---:|---:|")
    for name, t in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {t:.2f} | {t / whole:.0%} |")
    print(
        f"| the rest (record, span checks, JSON) | {max(0.0, whole - staged):.2f} | {max(0.0, whole - staged) / whole:.0%} |"
    )
    print(f"| **whole pipeline** | {whole:.2f} | 100% |")
    print(f"\n`jieba.lcut` alone on the same texts: {scale:.2f} s (pipeline / jieba.lcut speed: {scale / whole:.2f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
