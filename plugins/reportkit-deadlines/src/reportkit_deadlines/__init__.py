"""reportkit-deadlines: rectification deadlines as a reportkit extractor plugin.

Registered in ``pyproject.toml`` under the ``reportkit.extractors`` entry-point group, so installing the
distribution is all it takes: ``reportkit extract`` then fills ``fields.deadlines``.
"""

from __future__ import annotations

import calendar
from typing import Any, Literal

import regex
from pydantic import Field

from reportkit.extract.base import Finding, Pattern, PatternExtractor

__all__ = ["Deadline", "DeadlineExtractor"]
__version__ = "1.0.0"

_CN = "一二两三四五六七八九十"
_ACTION = r"(?P<action>(?:全面|全部|基本)?(?:完成整改|整改到位|整改完毕|完成|办结|落实到位|到位|销号|建成|完工|交工))"


class Deadline(Finding):
    """A deadline, as written, with what it means."""

    kind: Literal["date", "relative", "immediate", "ongoing"] = Field(description="how the deadline is given")
    due: str | None = Field(None, description="ISO date (2018-07-31) or month (2021-06) of an absolute deadline")
    within_days: int | None = Field(None, description="for relative deadlines: the number of days")
    action: str | None = Field(None, description="what is due: 完成整改, 整改到位 …")


_UNIT_DAYS = {"天": 1, "日": 1, "个工作日": 1, "工作日": 1, "周": 7, "星期": 7, "个月": 30, "月": 30}


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    values["两"] = 2
    if text == "十":
        return 10
    if len(text) == 1:
        return values.get(text)
    if text.startswith("十"):
        return 10 + values.get(text[1], 0)
    if len(text) >= 2 and text[1] == "十":
        return values.get(text[0], 0) * 10 + (values.get(text[2], 0) if len(text) > 2 else 0)
    return None


class DeadlineExtractor(PatternExtractor):
    """Deadlines of rectification steps and tasks."""

    name = "deadlines"
    version = __version__
    output_model = Deadline
    applies_to = {"rectification", "work_plan"}
    description = "rectification deadlines: 3月底前整改到位, 两周内完成, 立行立改"

    patterns = [
        # 2018年7月底前完成整改 / 3月底前整改到位 / 6月30日前 / 年底前 (on the normalized view: half-width)
        Pattern(
            "date",
            rf"(?:(?P<year>20\d\d|19\d\d)年)?(?:(?P<month>1[0-2]|[1-9])月(?P<part>底|末|中旬|上旬|下旬|(?P<day>[1-3]?\d)日)?|(?P<yearend>年底|年末))"
            rf"(?:前|之前|以前)(?:全面|全部)?{_ACTION}?",
            score=0.8,
        ),
        # 两周内完成 / 30个工作日内整改到位 / 3个月内
        Pattern(
            "relative",
            rf"(?P<n>\d{{1,3}}|[{_CN}]{{1,3}})(?P<unit>个工作日|工作日|个月|天|日|周|星期)(?:内|之内|以内)(?:全面|全部)?{_ACTION}?",
            score=0.7,
        ),
        Pattern("immediate", r"立行立改|立即整改|即知即改|马上就改|即查即改", score=0.9),
        Pattern("ongoing", r"长期坚持|持续整改|常态长效", score=0.8),
    ]
    # words that make a date a deadline rather than a date in the past
    context = ["整改", "完成", "时限", "期限", "要求", "确保", "力争", "限期"]

    def validate(self, match: regex.Match[str], doc: Any) -> bool | None:
        # "2019年3月前" in a narrative of the past is still a deadline; a bare "3月前" with no action
        # and no deadline word nearby is too weak to report
        groups = match.groupdict()
        if groups.get("month") and not groups.get("action"):
            window = doc.normalized.text[max(0, match.start() - 30) : match.start()]
            if not any(w in window for w in self.context):
                return False
        return None

    def fields(self, match: regex.Match[str], doc: Any) -> dict[str, Any]:
        g = match.groupdict()
        if g.get("n") is not None:
            n = _small_number(g["n"])
            days = n * _UNIT_DAYS[g["unit"]] if n is not None else None
            return {"kind": "relative", "within_days": days, "action": g.get("action")}
        if g.get("month") is not None or g.get("yearend") is not None:
            due = None
            if g.get("year"):
                year = int(g["year"])
                if g.get("yearend"):
                    due = f"{year}-12-31"
                else:
                    month = int(g["month"])
                    if g.get("day"):
                        due = f"{year}-{month:02d}-{int(g['day']):02d}"
                    elif g.get("part") in ("底", "末", "下旬"):
                        due = f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
                    else:
                        due = f"{year}-{month:02d}"
            return {"kind": "date", "due": due, "action": g.get("action")}
        text = match.group(0)
        return {
            "kind": "immediate" if text in ("立行立改", "立即整改", "即知即改", "马上就改", "即查即改") else "ongoing"
        }
