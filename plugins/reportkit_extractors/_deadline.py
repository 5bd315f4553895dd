"""Deadlines, statuses and responsible units as rectification reports write them.

* :func:`find_deadline` — "2023年6月底前", "6月30日前", "年底前", "立行立改", "长期坚持", "限期整改", "两周内",
  "3个月内": the words, their span, the kind (``by_date``, ``immediate``, ``long_term``, ``within``) and, for
  dates, the ISO date the words pin (the year taken from the document when they leave it out; a day that
  does not exist, such as 2月30日, keeps its words with ``date`` None).
* :func:`find_status` — 已整改 / 整改完成 / 已销号 → ``done``; 正在整改 / 基本完成 / 部分整改 → ``in_progress``;
  持续整改 / 长期坚持 → ``ongoing``; 拟 / 将 / 计划 → ``planned``.
* :func:`find_units` — 责任单位/牵头单位/配合单位/责任人 values, "由X牵头/负责", split at 、 into one unit each.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

import regex

from .counts import parse_number

__all__ = ["DeadlineHit", "StatusHit", "document_date", "find_deadline", "find_status", "find_units"]

_NUM = r"[0-9０-９]{1,4}|[一二两三四五六七八九十]{1,3}"
_DATE = regex.compile(
    r"(?:(?P<year>20\d\d|19\d\d)年)?"
    r"(?:(?P<quarter>[一二三四1-4])季度(?:末|底)?"
    r"|(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
    r"(?:(?P<part>底|末|上旬|中旬|下旬|份)|(?P<day>[12]\d|3[01]|0?[1-9])日)?"
    r"|(?P<yearend>年底|年末|年内))"
    r"(?:前|之前|以前|内|完成|到位|整改到位|全面完成)"
)
_IMMEDIATE = regex.compile(r"立行立改|立即整改|即知即改|马上就改|即查即改|立查立改|当场整改|立即")
_LONG_TERM = regex.compile(r"长期坚持|持续整改|常态化|长期推进|持续推进|长期")
_WITHIN = regex.compile(rf"限期(?:整改|完成)?|(?:{_NUM})(?:个)?(?:工作日|天|日|周|星期|个月|月)(?:内|之内|以内)")


@dataclass(frozen=True)
class DeadlineHit:
    start: int
    end: int
    kind: str  # by_date | immediate | long_term | within
    date: str | None


@dataclass(frozen=True)
class StatusHit:
    start: int
    end: int
    value: str  # done | in_progress | ongoing | planned


_FULL_DATE = regex.compile(r"(?P<y>20\d\d|19\d\d)年(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>[12]\d|3[01]|0?[1-9])日)?")


def document_date(text: str) -> tuple[int, int] | None:
    """The (year, month) a document was written, from its last full date (the sign-off), else None."""
    last = None
    for m in _FULL_DATE.finditer(text):
        last = m
    if last is None:
        return None
    return int(last.group("y")), int(last.group("m"))


def _small(token: str | None) -> int | None:
    if not token:
        return None
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) else None


def _iso(match: regex.Match[str], written: tuple[int, int] | None) -> str | None:
    """The last day the words allow, as YYYY-MM-DD; None when the year is unknown or the day does not exist."""
    year = _small(match.group("year"))
    if match.group("yearend"):
        month, day = 12, 31
    elif match.group("quarter"):
        q = _small(match.group("quarter")) or 0
        if not 1 <= q <= 4:
            return None
        month = 3 * q
        day = calendar.monthrange(2001, month)[1]
    else:
        month = _small(match.group("month")) or 0
        if not 1 <= month <= 12:
            return None
        part = match.group("part")
        day_text = match.group("day")
        if day_text:
            day = _small(day_text) or 0
        elif part == "上旬":
            day = 10
        elif part == "中旬":
            day = 20
        else:  # 底, 末, 下旬, 份 or the month alone: its last day
            day = -1
    if year is None:
        if written is None:
            return None
        year, written_month = written
        if month < written_month:  # a deadline before the report's own month is next year's
            year += 1
    if day == -1:
        day = calendar.monthrange(year, month)[1]
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None  # 2月30日: the words stay, the date does not exist


def find_deadline(text: str, start: int, end: int, written: tuple[int, int] | None) -> DeadlineHit | None:
    """The first deadline in ``text[start:end]``."""
    hits = []
    m = _DATE.search(text, start, end)
    if m is not None:
        hits.append(DeadlineHit(m.start(), m.end(), "by_date", _iso(m, written)))
    for pattern, kind in ((_IMMEDIATE, "immediate"), (_LONG_TERM, "long_term"), (_WITHIN, "within")):
        m = pattern.search(text, start, end)
        if m is not None:
            hits.append(DeadlineHit(m.start(), m.end(), kind, None))
    return min(hits, key=lambda h: (h.start, -h.end)) if hits else None


_STATUS = (
    (
        "done",
        regex.compile(
            r"已(?:经)?(?:全部|基本完成并)?(?:整改(?:完成|到位|完毕)?|完成(?:整改)?|销号|办结|落实|清理|更换|拆除|关停)|"
            r"整改(?:已)?完成|完成整改|已按期完成|全部完成|已全部|已于\S{1,12}?(?:完成|整改|到位)"
        ),
    ),
    (
        "in_progress",
        regex.compile(r"正在(?:整改|推进|实施|落实|办理|进行)|基本完成|部分整改|整改中|推进中|尚未完成|未完成"),
    ),
    ("ongoing", regex.compile(r"长期坚持|持续整改|持续推进|常态化推进|长期推进|持续落实")),
    ("planned", regex.compile(r"拟|计划于|将于|下一步将|将(?=\p{Han})")),
)


def find_status(text: str, start: int, end: int) -> StatusHit | None:
    """The status the words of ``text[start:end]`` state; the first kind found wins, done before the rest."""
    for value, pattern in _STATUS:
        m = pattern.search(text, start, end)
        if m is not None:
            return StatusHit(m.start(), m.end(), value)
    return None


_UNIT_VALUE = regex.compile(
    r"(?:(?:责任|牵头|配合|协办|主办|承办|主责)(?:单位|部门|科室|处室|股室|领导|人)|责任人|负责人)[ \u3000]*[:：][ \u3000]*"
    r"(?P<v>[^。；;\n)）]{2,60})"
)
_LED_BY = regex.compile(r"由(?P<v>[\p{Han}、（）()]{2,30}?)(?:牵头|负责|具体负责|组织实施)")
_UNIT_SEP = regex.compile(r"[、，,/]|和(?=\p{Han}{2})")
_UNIT_TAIL = regex.compile(r"(?:[ \u3000]+(?:整改)?(?:时限|期限|状态|完成|责任).*)$")


def find_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Responsible units or people named in ``text[start:end]``: labelled values and "由X牵头", each unit of a
    list apart."""
    out: list[tuple[int, int]] = []
    for pattern in (_UNIT_VALUE, _LED_BY):
        for m in pattern.finditer(text, start, end):
            vs, ve = m.span("v")
            tail = _UNIT_TAIL.search(text, vs, ve)
            if tail is not None:
                ve = tail.start()
            pos = vs
            for sep in [*_UNIT_SEP.finditer(text, vs, ve), None]:
                s, e = pos, (sep.start() if sep is not None else ve)
                while s < e and text[s] in " \u3000":
                    s += 1
                while e > s and text[e - 1] in " \u3000":
                    e -= 1
                if e - s >= 2:
                    out.append((s, e))
                if sep is not None:
                    pos = sep.end()
    return sorted(set(out))
