"""Layout is not content: a report laid out as other writers and copies lay it out gives the findings it gives
as written, at the same places less what the layout put before them.

* Indented: most Chinese reports set each paragraph two full-width spaces in (　　), web copies and word
  processors one or two ASCII spaces. (A field's steps numbered in its line — "　　整改措施：（1）…；（2）…" — were
  once read as the field's value only without the indent: indented, they became sections of the outline that
  ran over the next fields.)
* A blank line between paragraphs, as a web page's copy puts one after each of its paragraphs. (The row numbers
  of a table pasted one cell a line then stood a page apart and were once dropped as page numbers.)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import reportkit
from reportkit.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("problems", "measures", "ledger", "counts", "progress")


def _indent(text: str, indent: str) -> str:
    """Every line that holds text and does not start with a space of its own, indented."""
    return "\n".join(indent + ln if ln.strip() and not ln[:1].isspace() else ln for ln in text.split("\n"))


COPIES = {
    "full-width indent": lambda text: _indent(text, "\u3000\u3000"),
    "ascii indent": lambda text: _indent(text, "  "),
    "blank lines between paragraphs": lambda text: text.replace("\n", "\n\n"),
}


@cache
def _sample() -> list[tuple[str, str]]:
    """The texts of the corpus's reports (as read, any format) whose id's number is a multiple of 25 (a sample
    that stays the same as the corpus grows), and of those that number a field's steps in its line, the layout
    the indent once broke: (id, text)."""
    out = []
    for path in sorted((ROOT / "corpus" / "docs").iterdir()):
        number = int(path.stem.rsplit("_", 1)[1])
        text = reportkit.read(path).text
        inline_steps = any(ln.startswith(("整改措施：（1）", "整改措施：1.", "整改措施：①")) for ln in text.split("\n"))
        if number % 25 == 0 or inline_steps:
            out.append((path.stem, text))
    return out


def _read(record, name):
    """A field's findings as comparable tuples: their texts (without the indents inside them), and for ledger
    entries their deadline, status, units and number of measures."""
    out = []
    for f in record.fields.get(name, []):
        text = f.text.replace("\n\u3000\u3000", "\n").replace("\n  ", "\n").replace("\n\n", "\n")
        if name == "ledger":
            out.append(
                (
                    text,
                    f.deadline.text if f.deadline else None,
                    f.status.value if f.status else None,
                    [u.text for u in f.units],
                    len(f.measures),
                )
            )
        else:
            out.append((text,))
    return out


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


@pytest.mark.parametrize("copy", COPIES)
def test_a_report_laid_out_otherwise_gives_the_findings_it_gives_as_written(pipe, copy):
    sample = _sample()
    assert len(sample) >= 40
    changed = []
    for doc_id, text in sample:
        other = COPIES[copy](text)
        if other == text:
            continue
        as_written, moved = pipe.analyze(text), pipe.analyze(other)
        for name in FIELDS:
            for f in moved.fields.get(name, []):
                assert other[f.span[0] : f.span[1]] == f.text  # offsets are sacred in the copy too
            if _read(as_written, name) != _read(moved, name):
                changed.append(f"{doc_id} {name}")
    assert changed == []
