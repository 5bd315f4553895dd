"""How long training the item model takes, stage by stage, and what each solver gives.

    python benchmarks/train.py                          # the shipped solver, on corpus/
    python benchmarks/train.py --solver lbfgs --solver newton-cg

For each solver, ``reportkit.items.train.train_items`` runs on the corpus as ``reportkit train --items`` runs
it (the shipped model's C, hold-out and copies), with cross-validation, and each stage is timed from the
progress messages it sends: the held-out document types, items and features, the copies without headings,
every fold, the calibration and the final fit. The cross-validated F1 of problems and measures at 0.5, the
calibration error and the temperature are printed beside the times, so a faster solver that learns a
different model shows it. A measurement, not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solver", action="append", help="LogisticRegression solver (repeatable)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()

    from reportkit.items.model import ItemModel
    from reportkit.items.train import ITEM_SOLVER, load_annotated, train_items

    shipped = ItemModel.load(ROOT / "src" / "reportkit" / "data" / "items.npz").metadata
    docs = load_annotated(args.corpus)
    print(f"{len(docs)} annotated documents in {args.corpus}")
    for solver in args.solver or [ITEM_SOLVER]:
        marks: list[tuple[str, float]] = []

        def progress(msg: str) -> None:
            marks.append((msg, time.perf_counter()))

        started = time.perf_counter()
        model, report = train_items(
            docs,
            C=float(shipped["C"]),
            hold_out=shipped["hold_out"],
            unheaded_copies=shipped["n_unheaded_copies"] > 0,
            run_together_copies=shipped.get("n_run_together_copies", 0) > 0,
            read_laid_out=shipped.get("read_laid_out", False),
            solver=solver,
            progress=progress,
        )
        ended = time.perf_counter()
        assert report is not None
        print(f"\nsolver {solver}: {ended - started:.1f} s in all")
        for (msg, at), (_, until) in zip(marks, [*marks[1:], ("end", ended)]):
            print(f"  {until - at:7.1f} s  {msg}")
        at_half = report.by_threshold[0.5]
        print(
            f"  cross-validated F1 at 0.5: problems {at_half['problems'].f1:.3f}, measures {at_half['measures'].f1:.3f};"
            f" ECE {report.ece:.3f}; temperature {model.temperature:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
