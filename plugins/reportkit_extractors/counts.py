"""counts: quantities of people, things, events, money and percentages.

A count is a number (arabic ``3520``, ``1,254,300``, ``2.6``, ``388 968``; Chinese ``四``, ``一百五十``;
``百分之八十``; ``六成``) with an optional magnitude (``万``, ``亿``, ``千``), an optional approximation
(``约``/``近``/``超过`` before, ``余``/``多`` inside, ``以上``/``左右`` after) and a measure word
(``人次``, ``家``, ``万元`` …) or ``%``. The value is fully expanded (``2.6万册`` → 26000 册, ``56.74万元`` →
567400 元, ``百分之八十以上`` → 80 %, ``六成以上`` → 60 %), and ``approx`` is ``over``, ``under``, ``about``
or null.

Not counts: dates, years and times (no measure word of ours follows them), durations (``3个月``, ``两周``),
ages (``七十岁``), temperatures, caps and limits (``不超过200人``, ``控制在30%以内``, ``3公里以内``), floors set
as requirements (``不少于3次``, ``至少配备2名``; not when the clause reports them done), ordinals and list markers (``第3名``, ``1.``), document numbers
(``〔2020〕12号``), response levels (``二级响应``), named formulas and slogans (``三个代表``, ``八项规定``,
anything with a Chinese numeral inside quotation marks), and vague ``一批``/``一些``/``一次``.

Ranges (``2至3个``, ``80%-89%``, ``两三个``) give two findings, ``range`` ``from`` and ``to``, both with the
range's text and span.

The ``subject`` (what is counted) comes from the words around the number, read in both directions
(:mod:`reportkit_extractors._subject`): the noun phrase right after the measure word (``3520名学生`` → 学生,
``深入19个乡镇`` → 乡镇), else the one that ends before the number (``排查企业3520家`` → 企业).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

import regex
from pydantic import Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding
from reportkit.textutil import HAN
from reportkit_extractors._subject import subject_of

__all__ = ["Count", "CountsExtractor", "parse_number"]


class Count(Finding):
    """One quantity."""

    value: int | float = Field(description="fully expanded: 2.6万册 -> 26000, 百分之八十 -> 80 (an integer when whole)")
    unit: str = Field(description="measure word, % or 元 (no 万/亿 prefix)")
    approx: Literal["over", "under", "about"] | None = Field(
        None, description="over (余/多/以上/超过), under (近/不到/不足), about (约/左右)"
    )
    subject: str | None = Field(None, description="what is counted, from the surrounding clause")
    range: Literal["from", "to"] | None = Field(None, description="which end of a range (2至3个) this is")


# Measure words, longest first so 人次 wins over 人. Durations (天, 月, 年, 小时 …), ages (岁) and
# ordinals are deliberately absent.
UNITS = sorted(
    {
        "人次",
        "户次",
        "家次",
        "车次",
        "辆次",
        "架次",
        "场次",
        "批次",
        "班次",
        "台次",
        "艘次",
        "频次",
        "项次",
        "处次",
        "本次",
        "册次",
        "亩次",
        "部次",
        "篇次",
        "条次",
        "件次",
        "起次",
        "个百分点",
        "百分点",
        "平方公里",
        "平方千米",
        "平方米",
        "立方米",
        "公顷",
        "千瓦时",
        "千瓦",
        "兆瓦",
        "课时",
        "学时",
        "网点",
        "摊点",
        "部分",
        "人",
        "名",
        "位",
        "户",
        "家",
        "所",
        "个",
        "项",
        "次",
        "场",
        "件",
        "起",
        "份",
        "处",
        "条",
        "座",
        "辆",
        "台",
        "套",
        "张",
        "本",
        "册",
        "篇",
        "部",
        "批",
        "类",
        "种",
        "只",
        "头",
        "匹",
        "尾",
        "羽",
        "亩",
        "株",
        "棵",
        "间",
        "栋",
        "幢",
        "盏",
        "床",
        "支",
        "队",
        "组",
        "块",
        "根",
        "吨",
        "公斤",
        "千克",
        "斤",
        "公里",
        "千米",
        "米",
        "元",
        "美元",
        "笔",
        "宗",
        "期",
        "轮",
        "班",
        "节",
        "门",
        "款",
        "票",
        "瓦",
        "眼",
        "架",
        "字",
        "口",
        "页",
        "遍",
        "趟",
        "卷",
        "具",
        "段",
        "层",
        "盘",
        "面",
        "封",
        "顶",
        "粒",
        "艘",
        "题",
        "管",
        "棒",
        "颗",
        "枚",
        "包",
        "单",
        "例",
        "对",
        "副",
        "把",
        "箱",
        "袋",
        "瓶",
        "盒",
        "桶",
        "GB",
        "TB",
        "M",
        "兆",
        "镇",
        "乡",
        "村",
        "校",
        "园",
    },
    key=lambda u: (-len(u), u),
)
# "一" with these is a real count (一家企业, 一座厕所); with 个/项/次/批 it is mostly an article
ONE_OK = {"家", "座", "处", "摊点", "辆", "栋", "幢", "亩", "吨", "元"}
VAGUE_AFTER_ONE = {"批", "些", "次", "起", "种", "系列", "场"}
CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = rf"[{CN_NUM}]+"
_MAG = r"(?:万亿|千万|百万|万|亿|千)"
_UNIT = "|".join(regex.escape(u) for u in UNITS)
_PRE = r"(?:大约|约|近|将近|接近|超过|不超过|逾|不到|不足|少于|低于|不高于|高于|不少于|不低于|至少|多达|高达|达|共计|共|累计)"
_INNER = r"(?:余|多)"
_POST = r"(?:以上|以下|以内|左右|上下|之多|多|余)"
PRE_APPROX = {
    "大约": "about",
    "约": "about",
    "近": "under",
    "将近": "under",
    "接近": "under",
    "超过": "over",
    "逾": "over",
    "不到": "under",
    "不足": "under",
    "少于": "under",
    "不少于": "over",
    "不低于": "over",
    "至少": "over",
    "多达": None,
    "高达": None,
    "达": None,
    "共计": None,
    "共": None,
    "累计": None,
    "低于": "under",
    "不超过": "under",
    "不高于": "under",
    "高于": "over",
}
POST_APPROX = {
    "以上": "over",
    "以下": "under",
    "以内": "under",
    "左右": "about",
    "上下": "about",
    "之多": "over",
    "多": "over",
    "余": "over",
}

# Where a count cannot start. The scan tries every position, and at each one inside a long run of
# numerals the number takes the rest of the run and gives it back one character at a time looking for
# a unit: quadratic (8,000 digits took 25 s). These positions are skipped, and no match changes: the
# scan reaches a position inside a run, other than where the last match ended (\G), only when every
# earlier start in that run failed, and a number running from there would have matched from the
# earlier start. What can start later in a run is only what stops early: a number before a space or
# a comma (2345 67, 345,678: within five digits of the run's end), a last numeral (七成, 百分之), and a
# fraction's denominator of 一…十百 up to 分之 (三千零五分之一: after a 零〇千万亿, checked once per stretch).
_F = "一二两三四五六七八九十百"  # the numerals a denominator, 成 or 百分之 start with
_Z = "零〇千万亿"  # the others
_NOT_INSIDE_A_RUN = (
    r"(?:\G|(?!"
    r"(?<=\d)\d{5}"  # a digit with a digit before it and four after
    rf"|(?<=[{_F}])[{CN_NUM}]{{2}}"  # a numeral after 一…十百, not the run's last
    rf"|(?<=[{CN_NUM}])[{_Z}]"  # 零〇千万亿 inside a run
    rf"|(?<=[{_Z}])[{_F}](?=[{CN_NUM}])(?![{_F}]++分)"  # 一…十百 after 零〇千万亿, not a denominator
    r"))"
)
_COUNT_PATTERN = rf"""
    (?P<pre>{_PRE})?
    (?:
        (?P<pct_cn>百分之(?P<pct_num>[{CN_NUM}点]+))
      | (?P<cheng>(?P<cheng_num>[一二两三四五六七八九十])成)
      | (?P<frac>(?P<frac_den>\d+|[一二两三四五六七八九十百]+)分之(?P<frac_num>\d+|[一二两三四五六七八九十]+))

      | (?P<num>(?P<lost>\d{{1,4}}[ ]\d{{1,2}})|{_AR}|{_CN})
        (?:(?P<sep>至|到|-|~|—|－|–)(?P<num2>{_AR}|{_CN}))?
        (?P<mag>{_MAG})?
        (?P<inner>{_INNER})?
        (?P<unit>%|‰|{_UNIT})
        (?:(?P<sep2>-|~|—|－|–|至|到)(?P<num3>{_AR})(?P<unit3>%))?
        # a large number of people written without a measure word: 4.7万常住人口, 3.82万农村居民
      | (?P<people>(?P<pnum>{_AR})(?P<pmag>万|亿)\p{{Han}}{{0,4}}?(?:人口|居民|群众|农民|学生|师生|职工|老人|儿童|党员))
    )
    (?P<post>{_POST})?
    """
_COUNT = regex.compile(_NOT_INSIDE_A_RUN + _COUNT_PATTERN, regex.VERBOSE)
_GROUP_NAMES = [name for name, _ in sorted(_COUNT.groupindex.items(), key=lambda item: item[1])]
assert [_COUNT.groupindex[n] for n in _GROUP_NAMES] == list(range(1, _COUNT.groups + 1))  # every group is named
# What may not come right before a count: a digit or letter (part of a longer token), 第 (ordinal),
# 〔 or [ that open a document number, a decimal point, # or №.
_BAD_BEFORE_CHARS = frozenset(".第〔[#№")


def _bad_before(char: str) -> bool:
    return char in _BAD_BEFORE_CHARS or char.isdecimal() or (char.isascii() and char.isalpha())


# What may not come right after: the unit was the start of a longer word (个月, 名单, 次日, 家庭 …)
_BAD_AFTER = {
    "个": ("月", "小时", "工作日", "星期", "季度", "年", "世纪", "人所得", "人信息", "人隐私", "性", "别"),
    "人": (
        "民",
        "员",
        "才",
        "口",
        "大",
        "群",
        "士",
        "物",
        "事",
        "工",
        "均",
        "社",
        "们",
        "力",
        "格",
        "文",
        "权",
        "身",
        "心",
        "生",
        "类",
    ),
    "名": ("单", "义", "称", "额", "录", "次", "列", "誉", "片", "气", "牌", "优", "字"),
    "家": ("庭", "长", "属", "里", "乡", "园", "政", "具", "电", "畜", "风", "访"),
    "次": ("日", "年", "月", "要", "生", "序", "数", "贷"),
    "所": ("有", "在", "属", "以", "得", "谓", "需", "长"),
    "项": ("目",),
    "场": ("所", "地", "景", "馆", "合", "面", "次", "长"),
    "件": ("事",),
    "部": ("门", "署", "分", "长", "位"),
    "类": ("型", "别", "似"),
    "种": ("植", "养", "子", "类"),
    "处": ("理", "置", "罚", "分", "长", "室"),
    "条": ("件", "例", "款", "线", "块"),
    "起": ("来", "草", "步", "诉", "点"),
    "份": ("额",),
    "位": ("置", "于"),
    "元": ("素", "旦", "年", "宵"),
    "米": ("粮",),
    "轮": ("流", "换"),
    "班": ("子", "级", "组", "长", "车"),
    "节": ("日", "约", "能", "点", "假"),
    "门": ("诊", "户", "口", "槛"),
    "期": ("间", "限", "末", "初", "望", "待"),
    "站": ("长", "点", "位"),
    "单": ("位", "元", "独", "一"),
    "对": ("于", "接", "标", "照", "策", "象", "口"),
    "队": ("伍", "员"),
    "组": ("织", "成", "长", "建"),
    "批": ("准", "复", "评", "示"),
    "本": ("地", "级", "次", "单", "年", "科", "着", "人", "部"),
    "张": ("贴",),
    "台": ("账", "帐", "阶"),
    "头": ("等",),
}
# Named formulas and slogans: a small Chinese numeral + one of these measure words + these words
_FORMULA_AFTER = regex.compile(
    r"^(?:代表|维护|意识|自信|全面|确立|服务|规定|责任|一百年|不愁|保障|统筹|坚持|必须|作风|关口|机制|覆盖|清单|"
    r"体系|行动|工程|并重|同步|抓|到位|不|严|实|提升|融合|联动|攻坚|一体)"
)
_FORMULA_UNITS = {"个", "项", "种", "条", "大", "化", "位"}
# classifiers that count whatever noun follows (10个以上的领域 is a count; 20人以上的自然村 is not)
_GENERIC_UNITS = {"个", "项", "家", "所", "名", "户", "次", "场", "件", "条", "款", "套", "%", "批", "类", "种"}
_QUOTE_OPEN = "“\"'‘《「『"


_ARABIC = regex.compile(r"[\d,]+(?:\.\d+)?")
_LOST = regex.compile(r"\d{1,4} \d{1,2}")
_CN_DECIMAL = regex.compile(rf"[{CN_NUM}点]+")
_DURATION_AFTER = regex.compile(r"(?:多|余|半)?(?:月|小时|星期|工作日|季度)")
_RATE_BEFORE = regex.compile(r"(?:率|比例|占比|比重|价)$")
# caps and limits (docs/gold.md: not counts): 不超过200人, 不高于, 不得超过, 控制在30%以内, 最多不超过
_CAP_PRE = {"不超过", "不高于"}
_CAP_BEFORE = regex.compile(r"(?:(?:不得|不能|不宜|不应|最高|上限为?)[ \t]*|(?:最多|至多)\p{Han}{0,3})$")
# 控制在5%以下 is a limit too (控制在5.2% alone may report what was achieved)
_LIMIT_BEFORE = regex.compile(r"控制在[ \t]*$")
_NOT = ("不得", "不能", "不宜", "不应", "严禁", "禁止")
# floors set as requirements: 不少于3次, 不低于30%, 至少2名, 不得少于
_FLOOR_PRE = {"不少于", "不低于", "至少"}
_FLOOR_BEFORE = regex.compile(r"(?:(?:不得少于|不得低于|最低)[ \t]*|(?:至少|最少)\p{Han}{0,3})$")
# …unless the clause reports it done
_HAPPENED = regex.compile(r"已|累计|完成|实际|共计|了")
_CLAUSE_START = regex.compile(r"(?r)[，,；;。：:！!？?\n]")


# a range of amounts that names a class: "10万元至50万元的村"
_CLASS_HIGH = regex.compile(r"(?:至|到|-|—|~|～)[\d.,]+(?:万亿|千万|百万|万|亿|千)?元的")
_CLASS_LOW = regex.compile(r"[\d.,]+(?:万亿|千万|百万|万|亿|千)?元(?:至|到|-|—|~|～)$")


def _in_quotes(ntext: str, start: int) -> bool:
    """Whether ``start`` lies inside a short quotation opened on its line (“六个百分之百”)."""
    line_start = max(ntext.rfind("\n", 0, start) + 1, start - 12)
    return (
        ntext.count("“", line_start, start) > ntext.count("”", line_start, start) and "”" in ntext[start : start + 12]
    )


_BOUND_AFTER = regex.compile(r"的(?:控制)?(?:目标|标准|要求|须|应|要)")
_SESSION_AFTER = regex.compile(r"(?:会议|全会|全体|常委会|代表大会|党代会)")


@lru_cache(maxsize=8192)  # the same numerals recur in every report (三, 两, 10, 100 …)
def parse_number(text: str) -> float | None:
    """The value of an isolated numeral string: arabic (with , and .) or Chinese (via cn2an)."""
    text = text.strip()
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        return float(text.replace(",", ""))
    if _LOST.fullmatch(text):  # a decimal point lost in a web copy: "5 9亿元"
        a, b = text.split(" ")
        return float(f"{a}.{b}")
    if _CN_DECIMAL.fullmatch(text):
        if text in ("两",):
            return 2.0
        try:
            import cn2an  # here, not at start-up: its import is a fifth of a cold start, and many reports need none

            return float(cn2an.cn2an(text.replace("两", "二"), "strict"))
        except Exception:
            return None
    return None


_MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "万亿": 1e12, "千万": 1e7, "百万": 1e6}
# two adjacent small numerals are an approximate range, not one number: 两三个 = 2–3 个
_ADJACENT = regex.compile(r"^(一两|两三|三四|四五|五六|六七|七八|八九|三五)(十|百|千|万)?$")


def _expand(value: float, mag: str | None) -> float:
    return value * _MAGNITUDE.get(mag or "", 1.0)


def _clean(value: float) -> float | int:
    if value.is_integer():  # most counts: the same as rounding first
        return int(value)
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


class CountsExtractor(Extractor):
    """Quantities with value, unit, approximation and subject."""

    name = "counts"
    version = "1.0.0"
    output_model = Count
    description = "quantities of people, things, events, money and percentages (3520人次, 2.6万册, 百分之八十以上)"

    def extract(self, doc: Document) -> list[Count]:
        norm = doc.normalized
        ntext = norm.text
        out: list[Count] = []
        for m in _COUNT.finditer(ntext):
            out.extend(self._counts(doc, m, ntext))
        return out

    # -- one match -> zero, one or two counts ------------------------------------------------
    def _counts(self, doc: Document, m: regex.Match[str], ntext: str) -> list[Count]:
        start, end = m.span()
        g = dict(zip(_GROUP_NAMES, m.groups()))  # a third of the cost of regex's groupdict()
        core_start = m.start("pre") if g["pre"] else start
        body_start = m.end("pre") if g["pre"] else start
        if body_start and _bad_before(ntext[body_start - 1]):
            return []
        unit = g["unit"] or "%"
        after = ntext[end : end + 4]
        if g["unit"] and not g["post"]:
            bad = _BAD_AFTER.get(unit, ())
            if after.startswith(bad):
                return []
        if unit in ("M", "GB", "TB", "兆") and after[:1].isascii() and after[:1].isalpha():
            return []  # part of a longer Latin token
        if unit == "个" and _DURATION_AFTER.match(ntext, m.end("unit"), m.end("unit") + 4):
            return []  # a duration: 两个多月, 3个半小时
        if self._bound(ntext, m, g):
            return []
        if g["pct_cn"] and ((body_start and ntext[body_start - 1] in _QUOTE_OPEN) or _in_quotes(ntext, body_start)):
            return []  # a named formula: “六个百分之百”
        if unit == "元" and (
            (ntext[end : end + 1] == "的" and (g["num2"] or _CLASS_LOW.search(ntext, max(0, start - 14), start)))
            or _CLASS_HIGH.match(ntext, end, end + 40)  # bounded: unbounded, regex looked for 元的 to the text's end
        ):
            return []  # the bounds of a class, not two amounts: 10万元至50万元的村有132个
        # approximation
        pre = g["pre"]
        approx = PRE_APPROX.get(pre) if pre else None
        if g["inner"]:
            approx = "over"
        post = g["post"]
        if post in ("多", "余") and (g["inner"] or unit == "%"):
            post = None  # "40余人多" does not happen; a trailing 多 after % belongs to the next word
        if post:
            approx = POST_APPROX[post]
        # the text of the finding: drop a leading word that is not an approximation (达, 共 …)
        f_start = core_start if pre and PRE_APPROX.get(pre) else body_start
        f_end = end if post else m.end("unit3") if g["unit3"] else (m.end("unit") if g["unit"] else end)
        if post is None and g["post"]:
            f_end = m.start("post")
        # values
        values: list[tuple[float, str | None]] = []
        if g["pct_cn"]:
            v = 100.0 if g["pct_num"] == "百" else parse_number(g["pct_num"].replace("点", "."))
            if v is None:
                v = self._cn_decimal(g["pct_num"])
            if v is None:
                return []
            values = [(v, None)]
            unit = "%"
        elif g["frac"]:
            den, numr = parse_number(g["frac_den"]), parse_number(g["frac_num"])
            if not den or numr is None or numr > den:
                return []
            values = [(round(numr / den * 100, 1), None)]
            unit = "%"
        elif g["people"]:
            v = parse_number(g["pnum"])
            if v is None:
                return []
            values = [(_expand(v, g["pmag"]), None)]
            unit = "人"
        elif g["cheng"]:
            v = parse_number(g["cheng_num"])
            if v is None:
                return []
            values = [(v * 10, None)]
            unit = "%"
        else:
            num = g["num"]
            if self._excluded(doc, m, g, ntext, num, unit):
                return []
            mag = g["mag"]
            adjacent = _ADJACENT.match(num)
            if adjacent:
                lo, hi = adjacent.group(1)[0], adjacent.group(1)[1]
                scale = adjacent.group(2) or ""
                v1, v2 = parse_number(lo + scale), parse_number(hi + scale)
                if v1 is None or v2 is None:
                    return []
                values = [(_expand(v1, mag), "from"), (_expand(v2, mag), "to")]
            else:
                v = parse_number(num)
                if v is None:
                    return []
                values = [(_expand(v, mag), None)]
                if g["num2"]:
                    v2 = parse_number(g["num2"])
                    if v2 is None or v2 < v:
                        return []
                    values = [(_expand(v, mag), "from"), (_expand(v2, mag), "to")]
                elif g["num3"]:
                    v3 = parse_number(g["num3"])
                    if v3 is None:
                        return []
                    values = [(v, "from"), (v3, "to")]
        if not all(math.isfinite(v) for v, _part in values):
            return []  # hundreds of digits are not a count (and not a number JSON can hold)
        o_start, o_end = doc.normalized.to_original(f_start, f_end)
        subject = subject_of(doc, o_start, o_end, unit)
        score = 0.9 if values[0][1] is None else 0.8
        if g["lost"]:
            score = 0.5
        kind = "lost decimal point" if g["lost"] else "range" if values[0][1] else "number+unit"
        text = doc.text[o_start:o_end]
        # validated construction: with pydantic 2 it is also faster than model_construct()
        return [
            Count(
                text=text,
                span=(o_start, o_end),
                value=_clean(v),
                unit=unit,
                approx=approx,
                subject=subject,
                range=part,
                score=score,
                explanation=f"counts: {kind}",
            )
            for v, part in values
        ]

    @staticmethod
    def _bound(ntext: str, m: regex.Match[str], g: dict[str, str | None]) -> bool:
        """A cap, a limit or a floor set as a requirement, not a quantity: 不超过200人, 不得超过50万元,
        最高200万元, 控制在4.5%以内, 3公里以内, 不少于3次, 至少2名 — a floor only unless its clause says
        it happened (已, 累计, 完成, 了: "已累计培训不少于1200人次")."""
        if g["post"] == "以内" or (
            g["post"] == "以下" and _LIMIT_BEFORE.search(ntext, max(0, m.start() - 4), m.start())
        ):
            return True
        start = m.start()
        before = ntext[max(0, start - 8) : start]
        pre = g["pre"] or ""
        if pre in _CAP_PRE or _CAP_BEFORE.search(before) or (pre in ("超过", "高于") and before.endswith(_NOT)):
            return True
        if pre in _FLOOR_PRE or _FLOOR_BEFORE.search(before):
            clause = _CLAUSE_START.search(ntext, max(0, start - 40), start)
            said = ntext[clause.end() if clause else max(0, start - 40) : start]
            return not _HAPPENED.search(said)
        return False

    @staticmethod
    def _cn_decimal(text: str) -> float | None:
        if "点" in text:
            whole, _, frac = text.partition("点")
            w = parse_number(whole)
            digits = "".join(str(int(parse_number(c) or 0)) for c in frac)
            return None if w is None else float(f"{int(w)}.{digits}")
        return None

    def _excluded(
        self, doc: Document, m: regex.Match[str], g: dict[str, str | None], ntext: str, num: str, unit: str
    ) -> bool:
        start = m.start("num")
        is_cn = num[0] in CN_NUM  # a Chinese numeral (the pattern's numbers are all-arabic or all-Chinese)
        # a named standard or slogan in quotation marks: “20条底线”, “户5条”, “两个维护”
        if start and ntext[start - 1] in _QUOTE_OPEN:
            return True
        line_start = max(ntext.rfind("\n", 0, start) + 1, start - 200)  # a quotation is short
        opened = ntext.count("“", line_start, start) + ntext.count("《", line_start, start)
        closed = ntext.count("”", line_start, start) + ntext.count("》", line_start, start)
        if opened > closed and 0 <= ntext.find("”", start, start + 8) - m.end("unit") <= 4:
            return True
        # a rate, not a quantity: 每15至20户, 每周2次, 每人每年500元
        if "每" in ntext[max(0, m.start() - 4) : m.start()]:
            return True
        # a threshold, not a quantity: "30万元以下小额采购", "20人以上的自然村", "低于90%的部门"
        pre = g["pre"]
        if pre in ("低于", "高于", "超过", "不超过", "不低于", "不高于") and ntext[m.end() : m.end() + 1] == "的":
            if unit != "%":
                return True  # 超过50万元的村: a threshold on an amount
            # a share of people or things (超过85%的受访家长) is a count; a bound on a rate is not
            rate_before = _RATE_BEFORE.search(ntext[max(0, m.start() - 6) : m.start()])
            if rate_before or _BOUND_AFTER.match(ntext, m.end(), m.end() + 5):
                return True
        post = g["post"]
        nxt = ntext[m.end() : m.end() + 1]
        if post in ("以下", "以内") and HAN.match(nxt):
            return True
        if post == "以上" and (nxt == "的" or HAN.match(nxt)) and unit not in _GENERIC_UNITS:
            return True
        if (
            g["pre"] in ("超过", "不少于", "不低于", "至少", "过")
            and not post
            and unit not in _GENERIC_UNITS
            and ntext[m.end("unit") : m.end("unit") + 1] == "的"
        ):
            return True
        # a rank: 排名前1%, 前10名
        if ntext[max(0, m.start() - 1) : m.start()] in ("前", "后") and unit in ("%", "名", "位"):
            return True
        if is_cn:
            if num == "一" and (unit not in ONE_OK or unit in VAGUE_AFTER_ONE):
                return True
            if num.startswith(("万", "亿", "千", "百")):
                return True  # 万人 (ten thousand people?) is a word, not a count
            # formulas and slogans: 三个代表, 八项规定, “两个维护”, 五位一体
            if unit in _FORMULA_UNITS and _FORMULA_AFTER.match(ntext[m.end("unit") : m.end("unit") + 4]):
                return True
            # ordinals that look like counts: 十八届人大四次会议, 二期工程, 二本
            if unit in ("期", "本") or (unit == "次" and _SESSION_AFTER.match(ntext, m.end("unit"), m.end("unit") + 4)):
                return True
            if num in ("零", "〇") or unit == "字":
                return True
            # a numeral inside a word (举一反三, 红十字, 三审三校): jieba does not cut before it
            if self._inside_word(doc, m.start("num")):
                return True
            # idioms 一户一策, 一家一户, 一村一品
            if num == "一" and ntext[m.end("unit") : m.end("unit") + 1] == "一":
                return True
            # "一岗双责", "三重一大": a numeral right after another numeral-word pair
            if ntext[max(0, start - 2) : start] in ("一岗", "三重", "两学", "三会", "三严", "两不"):
                return True
            # inside quotation marks (a named formula)
            if opened > closed and ntext.find("”", start, start + 12) >= 0:
                return True
        return False

    @staticmethod
    def _inside_word(doc: Document, norm_start: int) -> bool:
        start, _ = doc.normalized.to_original(norm_start, norm_start + 1)
        word = doc.token_at(start)
        if word is None or word.start == start or len(word.word) < 3:
            return False
        return doc.segmenter.is_word(word.word)  # a dictionary word, not an HMM guess like 分七组
