"""Hostile lines: does the pipeline's time grow in proportion to a line of one piece repeated?

    python benchmarks/hostile.py               # pieces that start patterns of the outline, cues and extractors
    python benchmarks/hostile.py --chars 40000

A pattern with two unbounded repeats in a row can take time quadratic in a line's length: a line of "[]("
repeated 80,000 times once took a minute (the items' Markdown-link cue), far below ``--max-chars``. For each
piece, a report whose body is one line of it (or, for the framed pieces, many lines of it between a head and a
tail), of ``--chars`` and of twice as many characters, is analyzed (best of two); the table gives both times and their ratio — about 2 where the work is linear, about 4 where it is
quadratic — and marks ratios over 3. A measurement, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import time

PIECES = [
    "[](", "[", "](", "(", "（一）", "一、", "1.", "①", "一是", "“", "《", "：", "；", "，", "。", "、", " ", "\u3000", "\t",
    "0", "1 ", "的问题", "关于“", "针对", "发现，", "问题：", "整改措施：", "组长：", "成员：", "责任单位：", "时限：", "年",
    "月底前", "已完成", "将", "下一步", "共反馈", "个问题", "%", "万元", "人次", "余", "百分之", "|", "<", "#", "- ", "**",
    "http://", "巡察组", "指出", "张三、", "副组长", "领导小组", "2023年", "6月", "30日", "责令该单位立即整改，",
    "办公室会同财务股对", "营林处牵头，会同各林场所", "序号\n", "1\n",
]  # fmt: skip


# lines of one piece between a head and a tail: a report whose body is many short lines (what is read line by
# line ahead — a record's details before its measure field — must not be read again for each line)
FRAMED = [
    ("问题：食堂卫生差\n", "检查中发现地面湿滑。\n", "整改措施：全面清扫。\n"),
    # a table pasted one cell a line, of many rows
    ("序号\n问题\n整改措施\n责任单位\n", "1\n台账不全\n补登台账\n办公室\n", "\n"),
    # the same with a bar after each cell, cells numbering their entries
    ("|\n序号 |\n问题 |\n整改措施 |\n", "|\n1 |\n1.台账不全;2.未公示 |\n补登台账 |\n", "\n"),
    # steps numbered on lines of their own under a label line, the record's fields after them
    ("问题一：台账不全。\n整改措施：\n", "1.补登台账。\n", "责任单位：办公室\n整改时限：6月底前\n"),
    # a review line that states the findings' statuses by their numbers, one long line after the findings
    ("1.台账不全，责令补登。\n2.消防通道堵塞，责令清理。\n复查情况：", "第1、2项已整改完毕；", "\n"),
    # a list entry's heading of one long line of responses (由…, X已…) with no shortfall before them, and with one
    ("一、", "甲乙丙丁，由戊己", "\n"),
    ("一、", "甲乙丙，项目部已更换", "\n"),
    ("一、台账不全", "，由办公室补登", "\n"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000, help="the shorter line's length (default 20,000)")
    args = parser.parse_args()

    import reportkit

    pipe = reportkit.Pipeline()
    pipe.analyze("关于整改情况的报告\n一、存在问题\n")  # load everything first

    def best(text: str) -> float:
        times = []
        for _ in range(2):
            started = time.perf_counter()
            pipe.analyze(text)
            times.append(time.perf_counter() - started)
        return min(times)

    print(f"| piece | {args.chars:,} chars (s) | {2 * args.chars:,} chars (s) | ratio |")
    print("|---|---:|---:|---:|")
    for head, piece, tail in [("", piece, "\n") for piece in PIECES] + FRAMED:
        short, long = (
            best("关于整改情况的报告\n" + head + piece * (n // len(piece)) + tail) for n in (args.chars, 2 * args.chars)
        )
        ratio = long / max(short, 1e-3)
        mark = " **over 3**" if ratio > 3 and long > 0.2 else ""
        shown = f"{head!r} + {piece!r}… + {tail!r}" if head else repr(piece)
        print(f"| `{shown}` | {short:.2f} | {long:.2f} | {ratio:.1f}{mark} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
