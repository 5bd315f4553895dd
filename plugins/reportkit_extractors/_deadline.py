"""Deadlines, statuses and responsible units as rectification reports write them.

* :func:`find_deadline` — "2023年6月底前", "6月30日前", "年底前", "立行立改", "长期坚持", "限期整改", "两周内",
  "3个月内": the words, their span, the kind (``by_date``, ``immediate``, ``long_term``, ``within``) and, for
  dates, the ISO date the words pin (the year taken from the document when they leave it out; a day that
  does not exist, such as 2月30日, keeps its words with ``date`` None). In a time-limit field or cell
  (``field=True``) a date alone is the deadline (整改时限：2024年3月31日); in running text a date needs 前/内/完成
  after it, "已于…完成" is when the work was done, and 长期坚持 counts only as a clause of its own.
* :func:`find_status` — 已整改 / 整改到位 / 已销号 / 已…完毕 → ``done``; 正在… / 基本完成 / …中 / 待安装 →
  ``in_progress``; 持续整改 / 长期坚持 → ``ongoing``; 拟 / 将 / 计划 / 待…后实施 / 列入…计划 → ``planned``; where
  several are said, the most open (in progress, done, ongoing, planned: a problem closed and then kept up is
  done). :data:`DONE_ACT` — a step told as done (已购置…, 当场更换, 验收合格), which the ledger reads where no
  status word is said.
* :func:`find_units` — 责任单位/牵头单位/配合单位/责任人 values, "由X牵头/负责", split at 、 into one unit each;
  :func:`find_units_in_value` — the units of a 责任单位 field's or column's value.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

import regex

from reportkit.textutil import start_before

from .counts import parse_number

__all__ = [
    "DONE_ACT",
    "REMAINDER",
    "DeadlineHit",
    "StatusHit",
    "document_date",
    "find_deadline",
    "find_status",
    "find_units",
    "find_units_in_value",
]

_NUM = r"[0-9０-９]{1,4}|[一二两三四五六七八九十]{1,3}"
# a number may stand between spaces, as converters and some writers set it: "2018 年 7 月底前"
_SP = r"[ \u3000]?"
# a digit a published copy masks (x月x日前, 20xx年): the words are a date, but pin none
_MASK = "[xX×]"
_MASKED = regex.compile(_MASK)
_DATE_WORDS = (
    # (the characters such words may start with, tried first: the patterns run over every entry's text)
    r"(?=[0-9一二三四五六七八九十年底末内上下xX×])"
    rf"(?:(?P<year>20\d\d|19\d\d|20{_MASK}{{2}}){_SP}年{_SP})?"
    r"(?:(?P<quarter>[一二三四1-4])季度(?:末|底)?"
    rf"|(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|(?<![A-Za-z]){_MASK}{{1,2}}){_SP}月"
    rf"(?:(?P<part>底|末|上旬|中旬|下旬|份)|{_SP}(?P<day>[12]\d|3[01]|0?[1-9]|{_MASK}{{1,2}}){_SP}日)?"
    rf"|(?P<yearend>(?<=(?:20|19)\d\d{_SP}年)(?:底|末|内)|(?<![去上前])(?:年底|年末|年内))"  # 2023年底: the year's own 年; not 去年底
    r"|(?P<half>[上下])半年(?:末|底)?)"
)
_BY = r"(?:前|之前|以前|内|完成|到位|整改到位|全面完成|完工|竣工|完毕|办结)"
# a time tied to a season, a holiday or an event: 春节前, 汛期前, 9月开学前, 2019年采暖季前, 暑假期间, 秋收后 (the
# words pin no day: its ``date`` stays None)
_EVENT = regex.compile(
    r"(?=[0-9今明春元国中端清五主汛雨冬夏新学开暑寒采供取秋麦年租承聘合])"
    rf"(?:(?:20\d\d|19\d\d){_SP}年|今年|明年|(?:1[0-2]|0?[1-9]){_SP}月)?"
    r"(?:(?:春节|元旦|国庆|中秋|端午|清明|五一|(?:主)?汛期|汛|雨季|冬季|夏季|(?:春季|秋季|新)?学期开学|开学|暑假|寒假|暑期|"
    r"(?:采暖|供暖|取暖)(?:季|期)|开栓|秋播|春播|春耕|夏收|秋收|麦收|年度考核)(?:前|之前|以前|来临前|到来前|期间)"
    r"|(?:汛|汛期|夏收|秋收|麦收|(?:租赁|租用|承包|聘用)?(?:合同|租期|聘期|承包期)(?:到期|期满))后)"
)
# in running text such a time is a time limit when a plan or an order sets it ("拟于暑假期间实施", "要求市场开办者
# 春节前完成校准") or the work is to be done by then ("秋播前完成复耕"); else it is when something happens
# ("夏收期间仍有焚烧", "汛前组织群众演练")
_SET_BEFORE = regex.compile(
    r"(?:计划|拟|预计|力争|争取|确保|要求|责令|责成|督促|务必|必须|定于|安排在|将)[^，,。；;！？!?\n]{0,12}$"
)
_DONE_AFTER = regex.compile(r"(?:全部|全面|基本)?(?:完成|到位|整改|完工|竣工|办结|落实)")
# a date a plan or an expectation names, with no 前/内 after it: "计划于9月组织…", "预计8月中旬完工", "拟于暑假期间实施"
_PLANNED = r"(?<=(?:计划|拟|预计|力争|争取|确保|定于|安排在)(?:于|在|到)?)"
_DATE = regex.compile(_DATE_WORDS + _BY)
_PLANNED_DATE = regex.compile(_PLANNED + _DATE_WORDS + _BY + "?")
# in a 整改时限 field or column the date alone is the deadline (整改时限：2024年3月31日); a year alone is not
_FIELD_DATE = regex.compile(r"(?<![0-9０-９])" + _DATE_WORDS + _BY + "?")
_IMMEDIATE = regex.compile(r"立行立改|立即整改|即知即改|马上就改|即查即改|立查立改|当场整改")
# 持续整改 / 持续推进 on their own say how the work stands (a status), not when it is due
_LONG_TERM = regex.compile(r"长期坚持|常态化|长期推进|长期")
_PERIOD = rf"(?:{_NUM})(?:个)?(?:工作日|天|日|周|星期|个月|月|小时)"
# (同一天内, 当月内: the same day's or month's, a rule's words)
_WITHIN = regex.compile(
    rf"限期{_SP}{_PERIOD}(?:内|之内|以内)?|限期(?:整改|完成)?|(?<![同当每]){_PERIOD}(?:内|之内|以内)"
)
_ORDER_VERB = r"(?:责令|要求|督促|责成|限令)"
# 立即 in an order to the unit checked ("责令项目部立即停用", "要求市场开办者立即清理"); on its own ("立即组织人员
# 清理") it says how soon a step was taken
_ORDERED_NOW = regex.compile(rf"(?<={_ORDER_VERB}[^，,。；;！？!?\n]{{0,16}}?)立即")
# an order to the unit checked, in its clause before a time limit ("要求相关学校限期整改")
_ORDER_BEFORE = regex.compile(rf"{_ORDER_VERB}[^，,。；;！？!?\n]{{0,14}}$")
# a standing rule a measure sets, not a time limit: "变动后十个工作日内报备", "体检后一周内送达", "每年3月底前上报"
# — or a standard a step sets ("报告出具时间压缩至2小时以内")
_RULE_BEFORE = regex.compile(
    r"(?:(?<![随然])后|(?<![及同按随准])时|起)(?:须|需|应|应当|要|必须)?在?$|每(?:年|季度?|月|周)$"
    r"|(?:压缩|缩短|控制|减少|降低|提高|提升)(?:至|到|在)$"
)
# the date a report on the rectification is due, not the rectification's own: "年底前报告整改情况"
_REPORT_AFTER = regex.compile(r"(?:向\p{Han}{1,10})?(?:书面)?(?:报告|报送|上报|提交|反馈)\p{Han}{0,4}?整改")
# a time limit said in running text: "整改时限为2023年6月30日", "完成时限：年底前" — read as a field's value
_LIMIT_SAID = regex.compile(r"(?:整改|完成|办结)?(?:时限|期限)(?:要求)?(?:为|是|[:：])[ \u3000]*")


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
    #: the words state the rectification's own status (已整改, 整改中, 已销号, 持续整改 …), not a piece of
    #: work's (正在施工, 已更换, 待安装)
    own: bool = False


_FULL_DATE = regex.compile(
    rf"(?P<y>20\d\d|19\d\d){_SP}年{_SP}(?P<m>1[0-2]|0?[1-9]){_SP}月(?:{_SP}(?P<d>[12]\d|3[01]|0?[1-9]){_SP}日)?"
)


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
    if any(_MASKED.search(match.group(g) or "") for g in ("year", "month", "day")):
        return None  # a masked digit: a date, but which one the copy does not say
    year = _small(match.group("year"))
    if match.group("yearend"):
        month, day = 12, 31
    elif match.group("half"):
        month, day = (6, 30) if match.group("half") == "上" else (12, 31)
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


# in running text "长期坚持" is often how a measure is done (长期坚持开展…); it is a deadline where it stands as
# a clause of its own (…，长期坚持。 / （长期坚持）) or in a time-limit field
_CLAUSE_EDGE = "，,。；;：:（）()、\n\t 　【】[]"
_CLAUSE_END_MARKS = regex.compile(r"[，,。；;）)\n]")


def _stands_alone(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    before = text[start - 1] if start > lo else "\n"
    after = text[end] if end < hi else "\n"
    return before in _CLAUSE_EDGE and after in _CLAUSE_EDGE


_DONE_OR_MISSED = regex.compile(r"(?:(?:已|均|都|全部)(?:已|均)?(?:全部)?(?:于|在)|原定于?|原计划)$")


# a rule's period in the clause before, which the next clause's period continues: "接到投诉后24小时内回复，3个工作日
# 内办结"
_RULE_RUNS_ON = regex.compile(
    rf"(?:后|时)(?:须|需|应|要)?在?{_PERIOD}(?:内|之内|以内)[^，,。；;！？!?\n]{{0,10}}[，,、]$"
)


def _standing_rule(text: str, start: int, hit_start: int, hit_end: int) -> bool:
    """Whether the time words at ``text[hit_start:hit_end]`` belong to a standing rule a measure sets ("变动后十个
    工作日内报备", "每年3月底前上报", and a period that runs on from such a rule's: "接到投诉后24小时内回复，3个工作日
    内办结") or to a report on the rectification ("年底前报告整改情况"), not to a time limit."""
    return (
        _RULE_BEFORE.search(text, max(start, hit_start - 6), hit_start) is not None
        or _RULE_RUNS_ON.search(text, max(start, hit_start - 30), hit_start) is not None
        or _REPORT_AFTER.match(text, hit_end) is not None
    )


def find_deadline(
    text: str, start: int, end: int, written: tuple[int, int] | None, *, field: bool = False, orders: bool = False
) -> DeadlineHit | None:
    """The first deadline in ``text[start:end]``; ``field`` when the range is the value of a time-limit field or
    cell, where a date alone is the deadline and every kind counts wherever it stands. In running text a time
    limit said as such ("整改时限为2023年6月30日") is read as a field's value; a standing rule's period or date
    ("变动后十个工作日内报备") and a report's due date ("年底前报告整改情况") are none. ``orders`` when the text
    orders the units it checked (an inspection notice): then 立即 in an order ("责令项目部立即停用") is a time
    limit too; in a rectification report the unit orders its own people, and 立即 there says how soon."""
    if not field:
        # a time limit said as such is the one the text sets, before a date a step names ("确保10月中旬前完成对账，
        # 完成时限为2024年10月20日")
        for m in _LIMIT_SAID.finditer(text, start, end):
            stop = _CLAUSE_END_MARKS.search(text, m.end(), end)
            said = find_deadline(text, m.end(), stop.start() if stop else end, written, field=True)
            if said is not None:
                return said
    hits = []
    dates = (_FIELD_DATE, _EVENT) if field else (_DATE, _PLANNED_DATE, _EVENT)
    for pattern in dates:
        for m in pattern.finditer(text, start, end):
            if pattern is not _EVENT and not (
                m.group("month") or m.group("quarter") or m.group("yearend") or m.group("half")
            ):
                continue
            if _DONE_OR_MISSED.search(text, max(start, m.start() - 4), m.start()) is not None:
                continue  # 已于10月8日完成, 均于7月10日前整改完成: when it was done; 原定2018年底前完工: a missed plan
            if not field and _standing_rule(text, start, m.start(), m.end()):
                continue
            if (
                pattern is _EVENT
                and not field
                and _SET_BEFORE.search(text, max(start, m.start() - 14), m.start()) is None
                and _DONE_AFTER.match(text, m.end(), end) is None
            ):
                continue
            date = None if pattern is _EVENT else _iso(m, written)
            hits.append(DeadlineHit(m.start(), m.end(), "by_date", date))
            break
    for pattern, kind in ((_IMMEDIATE, "immediate"), (_LONG_TERM, "long_term"), (_WITHIN, "within")):
        for m in pattern.finditer(text, start, end):
            # 长期坚持, and 限期 with no period (下达限期整改通知书, 责令其限期整改: a report's order to a unit it
            # oversees), are the entry's own time limit in running text only as a clause of their own — or, for
            # 限期, in an order of a text that orders the units it checked ("要求相关学校限期整改")
            within = kind == "within"
            bare = kind == "long_term" or (within and m.group() in ("限期", "限期整改", "限期完成"))
            if not field and within and _standing_rule(text, start, m.start(), m.end()):
                continue
            ordered = (
                orders and within and _ORDER_BEFORE.search(text, max(start, m.start() - 16), m.start()) is not None
            )
            if field or not bare or ordered or _stands_alone(text, m.start(), m.end(), start, end):
                hits.append(DeadlineHit(m.start(), m.end(), kind, None))
                break
    if not hits and orders:
        # an order's 立即 only when the order sets no other time ("责令塔吊立即停用，7日内整改到位": 7日内)
        now = _ORDERED_NOW.search(text, start, end)
        if now is not None:
            hits.append(DeadlineHit(now.start(), now.end(), "immediate", None))
    # a season's 期间 is when the work is done, a date with 前 when it is due ("计划暑假期间施工，8月31日前完工")
    return min(hits, key=lambda h: (text.endswith("期间", 0, h.end), h.start, -h.end)) if hits else None


_STATUS = (
    (
        "done",
        regex.compile(
            r"已(?:经)?(?:全部|基本完成并)?(?:整改(?:完成|到位|完毕)?|完成(?:整改)?|销号|办结|落实|清理|更换|拆除|关停)|"
            # not a target: "确保6月底前完成整改", "力争全部完成" — a promise reaches over the steps it lists
            # ("确保9月底装配到位，投入使用，完成整改"), unless it is a purpose ("为确保…，…全部完成整改")
            r"(?<!(?<!为)(?:确保|保证|力争|争取)[^。；;\n]{0,30})"
            r"(?<!(?:确保|保证|力争|争取|计划|预计|务必|必须|要|将|月底|年底|底前|月前|日前|年前|之前|以前|天内|日内|周内|月内|年内)"
            r"[^，,。；;\n]{0,16})"
            # (not a time: "整改完成前，…停产", "整改到位后…"; not negated: "未整改到位", "未完成整改")
            r"(?<![未没不]|没有)(?:整改(?:已)?(?:完成|完毕)|完成整改|全部完成|整改到位)(?![前后]|之前|以前|之后)|"
            r"已按期完成|已全部|已于\S{1,12}?(?:完成|整改|到位|完毕|签订|建成|上线|投用)|"
            # "以上6项问题均于7月10日前整改完成": when they were done (as the deadlines read 均于…), unless it is
            # asked or promised ("要求上述问题均于6月底前整改完成")
            r"(?<!(?:确保|保证|力争|争取|计划|预计|务必|必须|要求|要|将|拟|应|需)[^，,。；;\n]{0,20})"
            r"(?:均|都|全部)于[^，,。；;\n]{1,14}?(?:整改(?:完成|到位|完毕)|完成整改|完成|到位|完毕)|"
            r"已\p{Han}{1,4}?(?:完毕|到位|合格)|已(?:恢复)?正常(?:使用|运行)|已恢复(?:运行|使用)|(?:进行|作|做)了(?:整改|整治)|"
            r"(?:整改)?(?:状态|进度|结果|完成情况)(?:[:：]|】[:：]?)[ \u3000]*(?:已)?(?:完成|办结|销号)"  # a field: "整改状态：完成"
        ),
    ),
    (
        "in_progress",
        regex.compile(
            r"正在\p{Han}{2}|基本(?:完成|整改)|部分(?:整改|完成)|阶段性完成|尚未完成|未完成|"
            r"(?:整改|推进|施工|调试|建设|办理|实施|招标|审批|维修|改造|安装)中|"
            # 待 of what waits, not the 待 of a word (公务接待审批单, 招待, 期待), nor a condition (待验收合格后再拨付)
            r"(?<![接招等期款对虐优厚善看相亏])待(?:安装|验收|审批|采购|整改|完成)(?!(?:合格|通过)?后)"
        ),
    ),
    # (长期坚持 before a verb is how a step is carried on — 长期坚持开展夜查 — not how far the rectification is)
    ("ongoing", regex.compile(r"长期坚持(?=下去|[^\p{Han}]|$)|持续整改|持续推进|常态化推进|长期推进|持续落实")),
    # 将 of the future, not 将 of 把 ("将病历质量纳入考核"): before 于 or a verb of what is to come
    (
        "planned",
        regex.compile(
            r"拟|计划于|将于|下一步将|将(?=继续|进一步|加快|尽快|适时|逐步|启动|开展|组织|推动|推进|完成|实施|建立|出台|"
            r"制定|召开|安排|申请|采购|新建|改造|在\p{Han}{1,8}[前中]|"
            # or before how it will be done ("将重点抓好", "将结合预算编制推进")
            r"重点|着力|全面|切实|认真|严格|定期|积极|抓紧|加大|深入|坚决|结合|按照|根据|利用)|"
            # 计划 as a verb, before when or what ("计划暑假期间施工", "计划6月底前完工", "下一步计划改用…"), not the
            # noun (整改计划, 按计划推进); 定于…, 安排在…; what waits for something first ("待资金下达后实施"); put
            # into a plan ("纳入今年老旧管网改造计划")
            r"(?<!按|依|照)计划(?=(?:于|在|到|从|利用)?(?:\d|[一二三四五六七八九十]{1,2}月|今年|明年|下半年|上半年|年底|年内|"
            r"月底|近期|下月|本月|暑|寒|春季|秋季|冬季|汛|国庆|春节|元旦|开学|实施|完成(?!率)|施工|开工|改造|安装|启动|修缮|"
            r"拆除|推行|印发|召开|组织|采购|建设|改用|投入|新建|更换|购置|开展|出台|制定|修订|搬迁|整治|治理|投用|建成))|"
            r"定于|安排(?:在|于)|待\p{Han}{1,10}?后(?:实施|启动|开工|施工|整改|安排|推进|完成|招租|重建)|"
            r"(?:纳入|列入)\p{Han}{0,12}?计划"
        ),
    ),
)


# a step told as done, where no word of the rectification's own status says how far it is: 已 and the act
# ("已购置留样冰箱", "已督促企业补办手续"; not a concession, "虽已建立制度，但…", nor asked or promised, nor an order
# or a talk given, 已责令/已约谈, which leaves the work to others), done on the spot ("当场更换"), accepted ("验收合格",
# "通过验收"; not a condition, "复查合格后方可…"), working again ("运行正常", "恢复畅通")
DONE_ACT = regex.compile(
    r"(?<!(?:虽|虽然|尽管|是否|如|若|确保|要求|应|需|须)\p{Han}{0,6})已(?:经)?"
    r"(?:全部|逐一|逐项|及时|重新|分别|先后|陆续|依法|按规定|按要求)?"
    r"(?:购置|购买|追回|追缴|收回|收缴|退还|退回|清退|督促|问责|处理|处罚|制定|修订|出台|印发|建立|配备|"
    r"配齐|维修|修复|修缮|补齐|补办|补充|补录|补建|补签|整理|拆除|关停|取缔|调整|安装|张贴|下架|销毁|撤销|纠正|联系|"
    r"召开|启用|投用|投入使用|签订|移交|办理|办好|归档|公示|更新|新建|建成|疏通|清运|封存|注销|补缴|拨付|兑付)|"
    r"当(?:场|天|即)(?:整改|更换|纠正|清理|下架|销毁|督促|补齐|张贴|维修|修补|处理|拆除|重新)|"
    r"(?:(?:验收|复查|复核)(?:合格|通过|销号)|通过\p{Han}{0,8}?验收|(?:恢复|运行)正常|恢复畅通)(?!后)"
)
# the rest still to do, in the sentence of a step done in part: "已关停29家，剩余2家…", "已收回1.65亿元，对其余款项…"
REMAINDER = regex.compile(r"剩余|其余|其他\p{Han}{0,4}(?:正在|尚未|仍)|尚有|仍有|还有\d")


# words that state the rectification's own status, not a piece of work's
_OWN_STATUS = regex.compile(r"整改|销号|办结|全部完成|基本完成|阶段性完成|尚未完成|长期|持续|常态化|状态|进度")

# several statuses in one entry ("已完成管网改造，其余正在整改") say the entry is not closed: the more open one is its
# status — among the words that state the rectification's own status when there are any ("已整改完成" over
# "正在施工": the work was under way, the problem is closed). A problem closed and then kept up ("已完成整改，
# 长期坚持") is done: ongoing is a rectification that is itself long-term (需长期坚持 with nothing done). Chosen
# on corpus/ (status 0.811 -> 0.814; its writers marked all 17 such entries done) and the held-out totals
# (0.717 -> 0.726)
_OPENNESS = ("in_progress", "done", "ongoing", "planned")


def status_order(hit: StatusHit) -> tuple[bool, int, int]:
    """How statuses found for one entry are ranked: its own status first, then the more open, then the first."""
    return (not hit.own, _OPENNESS.index(hit.value), hit.start)


# the value of a status field or cell that says it is done in a word ("整改状态：完成", a 完成情况 cell "已办结")
_DONE_VALUE = regex.compile(r"[ \u3000]*(?:已|全部)?(?:完成|办结|销号|整改|到位)(?:整改)?(?=[\p{P}\s]|$)")


# a tally of problems, not one problem's status: "16个问题中已整改完成13个", "3个问题正在整改中" — not the
# closing of the problems before it ("以上3项问题已整改完成", "两项问题均已整改到位") nor one problem's partial
# progress ("已化解6件，其余3件正在推进")
COUNT = r"(?:\d+|[一二三四五六七八九十两]{1,3})"  # a number of things counted, in digits or in words
_COUNTED = rf"{COUNT}(?:个|项|件|条|批)"
_TALLY_AFTER = regex.compile(rf"(?:了)?{_COUNTED}")
_PROBLEMS_BEFORE = regex.compile(r"问题")
_TALLY_BEFORE = regex.compile(rf"(?<!以上|上述|前述|这|此|第|该){_COUNTED}(?:具体|反馈)?问题(?:仍|还|尚)?$")


# "在项目实施中，…": a frame 在…中 opening a clause (with _not_stated: when the work was done, not how far)
_FRAME_OPEN = regex.compile(r"(?:^|[。；;！？!?\n，,])[ \u3000]*在[^，,。；;\n]{0,10}$")


# a shortfall said of the words before it: "持续推进不力", "常态化推进不够", "整改到位不及时" state a problem (how the
# work falls short), not how far its rectification is
_SHORTFALL_AFTER = regex.compile(
    r"[ \u3000]*(?:不力|不够|不足|不到位|不严|不实|不细|不及时|不彻底|不全面|不深入|不扎实|不坚决|不平衡|缓慢|迟缓|滞后|乏力)"
)


def _not_stated(text: str, s: int, e: int, start: int, end: int) -> bool:
    """Whether status words found at ``text[s:e]`` state no entry's status: said of a kind of problem
    ("对正在整改的问题盯住不放", "已整改的问题开展回头看": the words before 的 name problems, they do not say
    where one stands), of a number of them (a tally: "已整改完成13个，3个问题正在整改中"), opening a sentence
    as when the work was done ("整改中，院党委修订了…"), or the subject of a shortfall ("持续整改不到位")."""
    if e < end and text[e] == "的":
        return True
    if _SHORTFALL_AFTER.match(text, e, end) is not None:
        return True
    if (
        text[e - 1] == "中"
        and e < end
        and text[e] in "，,"
        and (s == 0 or text[s - 1] in "。；;！？!?\n \u3000" or _FRAME_OPEN.search(text, max(0, s - 12), s))
    ):
        return True  # "整改中，院党委修订了…", "在项目实施中，…": when, not how far — an adverbial opening a sentence
    if _TALLY_AFTER.match(text, e, end) is not None and _PROBLEMS_BEFORE.search(text, max(start, s - 12), s):
        return True
    # "反馈的8个问题已全部整改完成": all of them, not a tally
    return "全部" not in text[s:e] and _TALLY_BEFORE.search(text, max(start, s - 10), s) is not None


def find_status(text: str, start: int, end: int, *, field: bool = False) -> StatusHit | None:
    """The status the words of ``text[start:end]`` state: of the kinds found, the most open (in progress, then
    done, ongoing, planned), at its first mention — among the words that state the rectification's own status
    (已整改, 整改中 …) when there are any. ``field`` when the range is the value of a status field or cell,
    where a bare 完成 is the status."""
    hits = []
    if field and (m := _DONE_VALUE.match(text, start, end)) is not None:
        lead = len(m.group()) - len(m.group().lstrip(" \u3000"))
        hits.append(StatusHit(m.start() + lead, m.end(), "done", True))
    for value, pattern in _STATUS:
        first = None
        for m in pattern.finditer(text, start, end):
            if _not_stated(text, m.start(), m.end(), start, end):
                continue
            own = _OWN_STATUS.search(m.group()) is not None
            if first is None or own:
                first = StatusHit(m.start(), m.end(), value, own)
            if own:
                break
        if first is not None:
            hits.append(first)
    ongoing = next((h for h in hits if h.value == "ongoing"), None)
    if ongoing is not None:
        # 持续整改中 is rectification that goes on (持续整改), not a second status (整改中) inside it
        hits = [
            h for h in hits if not (h.value == "in_progress" and ongoing.start <= h.start and h.end <= ongoing.end + 1)
        ]
    return min(hits, key=status_order) if hits else None


_UNIT_VALUE = regex.compile(
    r"(?:(?:责任|牵头|配合|协办|主办|承办|主责)(?:单位|部门|科室|处室|股室|领导|人)|责任人|负责人)[ \u3000]*(?:[:：]|】[:：]?)[ \u3000]*"
    r"(?P<v>[^。；;\r\n)）【]{2,60})"
    # a unit told so in a sentence: "该问题牵头部门为供水运营部，…" (the value ends at its clause) — a body, not a
    # person or a post (…负责人为成员, 主要负责人是第一责任人 are a roster's and a duty's words)
    r"|(?:责任|牵头|配合|协办|主办|承办|主责)(?:单位|部门|科室|处室|股室)(?:为|是)(?!成员|组长|副组长)"
    r"(?P<v>[^，,。；;\r\n)）]{2,30})"
)
_LED_BY = regex.compile(
    r"(?:由|(?:明确|确定|指定|责成)由?)(?P<v>(?:(?!由|组成)[\p{Han}、（）()]){2,30}?)"
    # (bodies that act together, not those that form a group or share a cost: 组成联合检查组, 共同承担)
    r"(?:牵头|负责|具体负责|组织实施|(?:联合|共同)(?![^，,。；;]{0,4}组|承担|出资|筹集|筹措|分担|负担))"
)
# the units that work with the one leading: "由城关镇牵头，县住建局、县商务局配合" (配合单位 are units too)
_ASSISTING = regex.compile(
    r"(?:牵头|负责)[，,][ \u3000]*(?P<v>(?:(?!由)[\p{Han}、]){2,30}?)(?:等(?:单位|部门))?(?:配合|协助|协同|参与)"
)
# a unit told to act: "学校要求总务处组织人力…", "督促施工单位加快进度" — the unit ends in a word for a body (a
# one-character one, 处/科/局 …, only before the verb it is told to do: not 核查处理, 科学调度)
_ORG_WORD = (
    r"(?:单位|部门|科室|处室|股室|中心|公司|集团|村委会|居委会|街道|政府|党委|党组|支部|小组|专班|车间|班组|医院|学校|"
    r"卫生院|敬老院|办公室|委员会)"
)
_ORG_CHAR = (
    r"[处科局站所队办](?=组织|加紧|加快|做好|立即|尽快|抓紧|限期|进行|开展|落实|完成|制定|负责|牵头|对|于|按|在)"
)
_ASKED = regex.compile(
    rf"(?:要求|督促|责成|安排)(?!加强|加快|进一步|切实|认真)"
    rf"(?P<v>(?:各|本|该)?(?:(?!督促|要求|责令|责成)[^\P{{Han}}在到并对从按将于与和及的]){{0,12}}?(?:{_ORG_WORD}|{_ORG_CHAR}))"
    r"(?=\p{Han})"
)
# a body named as the actor of a step ("县医保中心已将…", "总务处于5月底前…") or as the label of the paragraph
# a report gives each unit ("东岭乡：…", "（一）城关第一小学。…"): the name ends in a word for a body
_BODY_END = (
    rf"(?:{_ORG_WORD}|[局处科股室办站所队院]|中队|大队|支队|委员会|街道|乡|镇|村|社区|小学|中学|幼儿园|学院|大学|"
    r"党组|纪委|纪工委|公司|集团|分局|工会|妇联|团委|联社|(?:纪检|督查|督导|工作|检查|巡察|专家|调研|指导)组|"
    # a commission named short: 县卫健委, 区发改委, 市教委 (not 委托, 委员)
    r"委(?![托员])|"
    # the places a notice goes through one by one: a market, a scenic area, a site, a works (农贸市场, 青龙峡景区)
    r"(?<![全超])市场|景区|商场|超市|酒店|宾馆|工地|合作社|协会|(?<![现广会市操立战赛考])场|(?<![工])厂|"
    # the businesses an inspection notice names (某某酒楼, 城西便利店, xx购物广场)
    r"购物广场|酒楼|餐馆|饭店|便利店|药店|药房|门店|网吧|"
    # a department named 部 (护理部, 药学部, 管网运行部), not 全部/内部/局部/外部/大部/干部
    r"(?<![全内局外大干细])部)"
)
_NOT_A_NAME = r"(?![已将对在按由经并把从]|其他|其余|同时|及时|立即|随即|组织|开展|建立|落实|完善|制定|严格|全面|进一步|加强|加大|强化|督促|要求|责令|安排|召开|印发)"
# a name's characters: not the words that join a name to its verb (向/对/与/会同 …)
_NAME_CHAR = (
    r"(?:(?!会同|联合|建议|当场|联系|聘请|邀请|委托|每[年季月周天])[^\P{Han}向对与和在当将已把被从于给为及并的由是])"
)
# a connective that may open the clause before the actor ("对此，局法规股组织…", "整改中，院纪委对…")
_CONNECTIVE = (
    r"(?:(?:对此|为此|同时|此外|另外|随后|其次|最后|目前|据此|整改(?:过程)?中|整改期间|整改以来)[，,][ \u3000]*)?"
)
# a post or a person's role that a step is given to or done by (院长, 护士长, 保健医, 村干部 …)
_POST = (
    r"(?:院长|校长|园长|站长|所长|科长|股长|护士长|主任|组长|班主任|保健医|医生|门卫|保洁员|管理员|网格员|"
    r"村干部|负责人|责任人|电工|安全员|施工员|保安|驾驶员|村医|医师|经营户|商户|班组)"
)
# a body or a post ("县医保中心", "后勤处", "护士长", "镇包村干部")
_ACTOR_NAME = rf"(?:{_NAME_CHAR}{{1,14}}?{_BODY_END}|{_NAME_CHAR}{{0,10}}?{_POST})"
# one body, or several joined by 、/和/与/及 ("药剂科和设备科引进了…"), before a verb of a step; or those the
# author acts with ("联合县商务局、县总工会开展…": they act too)
# the words a step's actor is followed by: the step's verb, or how and when it acts
_STEP_AFTER = (
    r"(?=已|将|于|立即|迅速|随即|当即|对|牵头|负责|组织|会同|协同|联合|及时|按|结合|通过|在|把|重新|全面|认真|逐|督促|责成|"
    r"安排|要求|制定|修订|建立|开展|落实|完成|加强|进一步|专门|专题|先后|共|积极|主动|每|定期|分别|统一"
    r"|设立|设置|印发|出台|约谈|组建|成立|推行|实行|下发|开通|聘请|购置|安装|更换|召开|举办|邀请|协调|完善|清理|核查|启动"
    r"|补齐|补缴|补办|补签|收回|追回|追缴|退还|整改|委托|依法|要(?!求)"
    # what a plan or a suggestion says a body is to do: "各学校应实行…", "县民政局需…", "市水务局统筹…" (牵头 above)
    r"|应|需|须|必须|统筹)"
)
_ACTORS = rf"{_ACTOR_NAME}(?:[、和与及]{_NOT_A_NAME}{_ACTOR_NAME}){{0,4}}"
_ACTOR = regex.compile(
    rf"[ \u3000]*{_CONNECTIVE}(?:联合|会同|请|聘请|邀请|委托|建议)?{_NOT_A_NAME}(?P<v>{_ACTORS}){_STEP_AFTER}"
)
# the bodies a step's actor acts together with ("办公室会同财务股对…", "县水利局会同金竹乡人民政府，于…"): responsible
# with it, as 配合单位 are (docs/gold.md)
_PARTNERS = regex.compile(rf"(?:会同|协同){_NOT_A_NAME}(?P<v>{_ACTORS})(?:[，,][ \u3000]*)?{_STEP_AFTER}")
# "会同市公安局、市税务局等部门": the bodies named, not the 等部门 after them
_ETC = regex.compile(r"等(?:单位|部门|科室|处室|股室|机构)$")
# and those the unit leading works with: "由工程股牵头，会同财务股对…" (as "由城关镇牵头，县住建局配合"); the unit
# leading too when no 由 names it ("营林处牵头，会同各林场所…", read back from the words, which the pattern opens
# with so that the engine scans for them)
_LED_WITH = regex.compile(
    rf"(?:牵头|负责)[，,]?[ \u3000]*(?:会同|协同){_NOT_A_NAME}(?P<v>{_ACTORS})(?:[，,][ \u3000]*)?{_STEP_AFTER}"
)
_LEADER = regex.compile(rf"[ \u3000]*{_NOT_A_NAME}(?P<a>{_ACTOR_NAME})")
_LEADER_REACH = 20  # characters: how far back from 牵头 the unit leading is looked for


def _without_etc(text: str, start: int, end: int) -> int:
    """The end of the names in ``text[start:end]`` without a closing 等部门 / 等单位 (:data:`_ETC`)."""
    etc = _ETC.search(text, start, end)
    return etc.start() if etc is not None else end


def _leader_before(text: str, at: int) -> tuple[int, int] | None:
    """The body that opens the clause ending at ``at`` (before 牵头/负责: "整改中，营林处牵头，会同…"), if the
    clause is just its name; else None."""
    lo = max(0, at - _LEADER_REACH)
    cut = max(text.rfind(c, lo, at) for c in "，,。；;：:\n")
    if cut < 0 and lo > 0:
        return None  # no clause opens within reach
    m = _LEADER.fullmatch(text, cut + 1 if cut >= 0 else 0, at)
    return m.span("a") if m is not None else None


_LABEL = regex.compile(
    r"[ \u3000\t]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])?[ \u3000]*"
    rf"{_NOT_A_NAME}(?P<v>{_NAME_CHAR}{{1,16}}?{_BODY_END})[ \u3000]*(?:[：:]|[。.](?!\p{{Han}}*[，,])|(?=\r?\n|$))"
)


_JOINED = regex.compile(r"[、和与及]")
# a unit an inspection notice orders to act: "要求青石镇按照…补足物资", "责令水库管理所三日内清除…", "要求各超市在春节前…"
# (a body's name, one character at least before a one-character ending, then the order's words)
_ORDERED_UNIT = regex.compile(
    rf"(?:责令|要求|限令)(?P<v>(?:该|各)?(?:(?!督促|要求|责令|责成){_NAME_CHAR}){{1,12}}"
    rf"(?:{_ORG_WORD}|镇|乡|街道|村|社区|管理所|管理站|中队|大队|项目部|超市|酒店|宾馆|市场|商场|景区|工地|企业|"
    r"小学|中学|幼儿园|卫生院|酒楼|餐馆|饭店|便利店|药店|门店|网吧|购物广场|校))"
    r"(?=立即|限期|马上|即知即改|立行立改|[0-9一二三四五六七八九十两]|在|于|按|对|将|尽快|组织|完成|做好|落实|开展|加快|全面|逐|补|"
    r"更换|清理|清除|整改|停止|停用|提供|修复|规范|建立|制定|增设|配备|设置|重新|拆除|封存|下架|暂停)"
)
# the unit a problem's sentence opens with, in a notice that names it and then orders it as 该单位/该超市
# ("城东某某超市销售…。责令该超市三日内…"): a name of Han characters or masks (xx, ××, 某某)
_SUBJECT = regex.compile(
    r"[ \u3000\t]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])?[ \u3000]*"
    rf"(?P<v>(?:{_NAME_CHAR}|[xX×＊*]){{2,16}}?{_BODY_END})"
)
_SENTENCE_MARKS = "。；;！？!?\n"
_ANTECEDENT_REACH = 400  # characters: how far back an order's sentence, and the one before it, are read
# a body a step is given to: "由医务科每月随机抽查…", "由镇综合执法队依法拆除…" (由于/由此 name no body)
# — the body's name ends where a verb of the step begins (由经办人补齐: 经办 is no body)
_GIVEN_TO = regex.compile(
    rf"由(?P<v>{_ACTOR_NAME})"
    r"(?=上门|依法|逐|负责|牵头|组织|统一|统筹|每|定期|对|按|在|将|进行|开展|实施|派|抽查|核查|审核|督促|落实|制定|建立|"
    r"完成|补|拆除|清理|收回|追回|办理|会同|联合|结合|及时|立即|限期|专人|安排|协调|指导|做好|"
    # a step done at once or again (由电工更换…, 由技术部重新组织…, 由租赁单位另行委派…)
    r"更换|维修|安装|加装|修复|重新|另行|当日|当天|当场|全面|逐一|联系|聘请|邀请|委托)"
)


# a word that stands for whichever body is meant, not one named: 有关单位, 责任单位, 专人, 我局 — the unit is
# then told elsewhere (in a field, the paragraph's label, the step's actor), or not at all
_GENERIC_UNIT = regex.compile(
    r"(?:有关|相关|责任|主管|属地)(?:单位|部门|科室)|专人|我(?:局|委|院|校|办|单位|公司|中心)|本单位"
)


def _named(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` without the generic words (:data:`_GENERIC_UNIT`, the whole span)."""
    return [(s, e) for s, e in spans if _GENERIC_UNIT.fullmatch(text, s, e) is None]


def find_actor(text: str, start: int) -> list[tuple[int, int]]:
    """The bodies named at ``start`` as the actors of a step (县医保中心已…, 药剂科和设备科引进了…), each apart."""
    m = _ACTOR.match(text, start)
    if m is None:
        return []
    spans = _split_units(text, m.start("v"), m.end("v"), _JOINED, " \u3000", " \u3000")
    partners = _PARTNERS.match(text, m.end("v"))  # "办公室会同财务股…": the body it acts with
    if partners is not None:
        ps, pe = partners.span("v")
        spans.extend(_split_units(text, ps, _without_etc(text, ps, pe), _JOINED, " \u3000", " \u3000"))
    return _named(text, spans)


def find_given_to(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bodies ``text[start:end]`` gives a step to ("由医务科每月抽查…"), each apart."""
    return _named(text, [m.span("v") for m in _GIVEN_TO.finditer(text, start, end)])


def find_label_unit(text: str, line_start: int) -> tuple[int, int] | None:
    """The body a paragraph (from ``line_start``) is labelled with ("东岭乡：…", "（一）城关第一小学。"), if any."""
    m = _LABEL.match(text, line_start)
    return m.span("v") if m is not None else None


_UNIT_SEP = regex.compile(r"[、，,/]|和(?=\p{Han}{2})")
_UNIT_TAIL = regex.compile(r"(?:[ \u3000]+(?:整改)?(?:时限|期限|状态|完成|责任).*)$")


def _split_units(
    text: str, start: int, end: int, separator: regex.Pattern[str], strip: str, strip_end: str
) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at each ``separator``, each piece trimmed of ``strip`` at its start and
    ``strip_end`` at its end; the pieces of two characters or more."""
    out: list[tuple[int, int]] = []
    pos = start
    for sep in [*separator.finditer(text, start, end), None]:
        s, e = pos, (sep.start() if sep is not None else end)
        while s < e and text[s] in strip:
            s += 1
        while e > s and text[e - 1] in strip_end:
            e -= 1
        if e - s >= 2:
            out.append((s, e))
        if sep is not None:
            pos = sep.end()
    return out


def _antecedent(text: str, at: int) -> tuple[int, int] | None:
    """The unit the sentence before the one holding ``at`` opens with (:data:`_SUBJECT`), if any: what an order's
    该单位 refers to. Each sentence is read back at most :data:`_ANTECEDENT_REACH` characters."""
    mark = max(text.rfind(c, max(0, at - _ANTECEDENT_REACH), at) for c in _SENTENCE_MARKS)  # the last sentence's end
    if mark < 0:
        return None
    m = _SUBJECT.match(text, start_before(text, mark, _SENTENCE_MARKS, _ANTECEDENT_REACH), mark + 1)
    return m.span("v") if m is not None else None


def find_units(text: str, start: int, end: int, *, orders: bool = False) -> list[tuple[int, int]]:
    """Responsible units or people named in ``text[start:end]``: labelled values, "由X牵头" (明确X负责), a body
    told to act ("要求总务处…", "督促施工单位…"), each unit of a list apart; a unit written 该单位/该超市 is the unit
    the sentence before opens with, or none. ``orders`` when the text orders the units it checked (an inspection
    notice): then the unit an order names is one too ("责令水库管理所三日内…", "要求青石镇按照…")."""
    out: list[tuple[int, int]] = []
    for pattern in (_UNIT_VALUE, _LED_BY, _ASSISTING, _LED_WITH, _ASKED, *((_ORDERED_UNIT,) if orders else ())):
        for m in pattern.finditer(text, start, end):
            if pattern is _LED_WITH and (leader := _leader_before(text, m.start())) is not None:
                out.append(leader)
            vs, ve = m.span("v")
            if text.startswith("该", vs):
                named = _antecedent(text, vs)
                if named is None:
                    continue  # 该单位 with no unit named before it: no name
                out.append(named)
                continue
            tail = _UNIT_TAIL.search(text, vs, ve)
            if tail is not None:
                ve = tail.start()
            if pattern is _LED_WITH:
                ve = _without_etc(text, vs, ve)
            out.extend(_split_units(text, vs, ve, _UNIT_SEP, " \u3000", " \u3000"))
    return sorted(set(_named(text, out)))


_VALUE_SEP = regex.compile(r"[、，,/；;]")


def find_units_in_value(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The units of a 责任单位 field's value ``text[start:end]``: split at 、，/； (one unit each)."""
    return _split_units(text, start, end, _VALUE_SEP, " \u3000\t(（", " \u3000\t。)）")
