"""What a new user meets on the command line: progress, reasons for errors, readable output."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reportkit.cli import main

PLANS = [
    "关于开展安全检查的工作方案\n一、工作目标\n二、实施步骤\n",
    "关于开展消防演练的实施方案\n一、组织领导\n二、工作要求\n",
]
REPORTS = [
    "关于安全生产检查问题整改情况的报告\n一、存在问题\n台账不全。\n二、整改措施\n",
    "关于巡察反馈问题整改落实情况的报告\n一、整改进展\n已完成整改12项。\n",
]


def run(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


@pytest.fixture()
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    for label, texts in (("plans", PLANS), ("reports", REPORTS)):
        (corpus / label).mkdir(parents=True)
        for i, text in enumerate(texts):
            (corpus / label / f"{i}.txt").write_text(text, encoding="utf-8")
    return corpus


def test_train_shows_progress(small_corpus, tmp_path):
    result = run(["train", "--corpus", str(small_corpus), "--out", str(tmp_path / "m" / "m.npz"), "--progress"])
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "reportkit: reading" in err and "4/4" in err  # the bar over the documents
    stages = ["4 documents read", "featurizing 4 documents", "2-fold cross-validation", "fitting the model"]
    positions = [err.index(stage) for stage in stages]
    assert positions == sorted(positions)
    assert (tmp_path / "m" / "m.npz").is_file()
    quiet = run(["train", "--corpus", str(small_corpus), "--out", str(tmp_path / "m2.npz"), "--no-progress"])
    assert "reportkit: reading" not in quiet.stderr and "featurizing" in quiet.stderr
