"""Word patterns of report items: what a heading announces, what a label names, how a sentence reads.

These were the verdicts of reportkit's first rule-based problems and measures extractors. Here they are
*evidence*: the item model (:mod:`reportkit.items.model`) turns each match into a feature and learns from
annotated documents how much it counts, next to the words, the structure and the neighbours of an item.

* :func:`heading_kind` — what a heading or lead-in announces: ``problem`` (存在问题, 不足, 短板 …),
  ``measure`` (整改措施, 下一步打算, 主要任务 …), ``mixed`` (问题及整改情况), ``organising`` (整改工作开展情况:
  how a rectification was organised), ``achievement`` (主要做法, 取得成效), ``background`` (指导思想, 工作目标,
  基本情况).
* :func:`label_role` — what a field label names: ``problem`` (问题, 反馈意见), ``measure`` (整改措施),
  ``unit`` (责任单位), ``deadline`` (整改时限), ``status`` (完成情况), ``time``, ``place``, ``people``,
  ``background``, ``roster``, ``index`` or ``other``.
* :data:`CUES` — named patterns over an item's text: shortfall words, the opening verb of a measure, a
  requirement, a report formula, the account of an inspection, a progress figure …
"""

from __future__ import annotations

import regex

__all__ = [
    "CUES",
    "LABEL_ROLES",
    "heading_kind",
    "label_role",
    "lead_in_kind",
    "named_problem",
    "QUOTED_PROBLEM",
    "resolve_only",
]

PROBLEM_HEAD = regex.compile(r"问题|不足|差距|短板|弱项|薄弱|困难|隐患|缺陷|挑战|教训|矛盾|症结")
MEASURE_HEAD = regex.compile(
    r"措施|对策|建议|打算|工作思路|发展思路|任务|要求|保障|举措|路径|计划|安排|步骤|整改|下一步|工作要点|意见|议定|部署|"
    r"努力方向|改进|重点工作|工作重点|主要工作|活动内容|实施内容|工作内容|检查重点|整治重点|打击重点|防御|自查自纠"
)
ACHIEVEMENT_HEAD = regex.compile(r"成效|成绩|成果|回顾|做法|亮点|经验|体会|进展|完成情况|开展情况|工作情况|落实情况")
BACKGROUND_HEAD = regex.compile(
    r"指导思想|总体要求|工作目标|主要目标|发展目标|目标任务|基本原则|背景|意义|基本情况|概况|现状|形势|"
    r"原因|组织领导|组织机构|领导小组|时间安排|实施步骤|方法|调研对象|样本|方式"
)
# headings that frame a document rather than list its items (checked first: 总体要求 is not a 要求 list)
FRAMING_HEAD = regex.compile(
    r"总体要求|指导思想|工作目标|主要目标|发展目标|基本原则|选题|背景|意义|总体思路|时间安排|进度安排|实施步骤|方法步骤|"
    r"工作步骤|推进安排|组织领导|组织机构|领导机构"
)
# the account of how a rectification or self-inspection was organised and carried out ("一、整改工作开展情况",
# "整改工作的组织开展情况", "抓巡视整改的主要做法"): its steps are measures (docs/gold.md), its titles over them
# (加强组织领导) seldom are — unlike a work plan's tasks, which are what its measure headings announce
ORGANISING_HEAD = regex.compile(
    r"(?:整改|自查|自纠)[^，,。；;问题]{0,10}?(?:组织(?:开展|实施|推进)?情况|开展情况|主要做法)$"
)
# the parts of a published rectification progress report that tell who led it (党组书记组织落实整改工作情况,
# 领导班子其他成员落实整改情况, 主要负责人履行第一责任人职责情况): an organising account, whatever else they name
ROLE_ORGANISING_HEAD = regex.compile(
    r"(?:书记|负责人|第一责任人|班子|成员)[^，,。；;]{0,20}?(?:整改|责任|职责|一岗双责)[^，,。；;]{0,8}?情况$"
)
RECTIFY_HEAD = regex.compile(r"整改(?:情况|措施|落实|进展|成效|结果|完成)|整改$|立行立改")
_ACHIEVED_END = regex.compile(r"(?:成效|成绩|成果|开展情况|推进情况|组织情况|总体情况|完成情况|工作情况)$")


def heading_kind(title: str) -> str | None:
    """What a heading announces, from its words: problem, measure, mixed, organising, achievement, background,
    stance or None."""
    title = title.strip()
    if not title:
        return None
    if _stance_head(title):
        return "stance"
    if FRAMING_HEAD.search(title):
        return "background"
    if ROLE_ORGANISING_HEAD.search(title):
        return "organising"
    p = bool(PROBLEM_HEAD.search(title))
    if not p and ORGANISING_HEAD.search(title):
        return "organising"
    m = bool(MEASURE_HEAD.search(title))
    if not p and "整改" not in title and _ACHIEVED_END.search(title):
        return "achievement"  # the head noun decides: 主要工作及成效 reports what was done
    if p and (m or RECTIFY_HEAD.search(title)):
        return "mixed"
    if p:
        return "problem" if not ACHIEVEMENT_HEAD.search(title) or "问题" in title else "mixed"
    if m:
        return "measure"
    if ACHIEVEMENT_HEAD.search(title):
        return "achievement"
    if BACKGROUND_HEAD.search(title):
        return "background"
    return None


# -- field labels ("整改措施：", "责任单位：", a table column's header) ------------------------------------

LABEL_ROLES: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (role, regex.compile(pattern))
    for role, pattern in (
        ("index", r"^(?:序号|编号|问题编号|序|No\.?)$"),
        (
            "unit",
            r"(?:责任|牵头|配合|协办|主办|承办|落实|主责|督办)(?:单位|部门|科室|处室|领导|人)|责任人|负责人|联系人$|包保领导",
        ),
        ("deadline", r"时限|期限|完成时间|整改时间|办结时间|截止时间|完成日期"),
        (
            "status",
            r"状态|完成情况|进展情况?|整改进展|整改(?:结果|成效|效果|成果)|办结情况|办理结果|处理结果|销号|是否(?:完成|整改|办结)|目前进展|整改进度|落实结果|"
            r"复查(?:结果|情况)|验收(?:结果|情况)|核查结果|回访情况",
        ),
        (
            "problem",
            r"问题|反馈意见|反馈事项|意见内容|存在不足|隐患(?:内容|描述|情况)?$|发现情况|主要表现|具体表现|检查发现|督查发现|"
            r"审计发现|交办事项|举报事项|信访事项|事项内容",
        ),
        (
            "measure",
            r"措施|整改情况|落实情况|处理情况|整改要求|工作要求|任务|打算|建议|对策|办理情况|处置情况|整改内容|做法|举措|"
            r"下一步|具体要求|工作内容|整改方案",
        ),
        ("roster", r"^(?:组\s*长|副组长|成\s*员|组\s*员|总指挥|副总指挥|执行指挥|指挥长|副指挥长|办公室主任|秘书长)$"),
        ("time", r"时间|日期|时段"),
        ("place", r"地点|地址|场所"),
        ("people", r"参加人员|参会人员|出席人员|对象|参加单位|主持|列席|报告人|记录人|填报人|联系电话|电话"),
        ("background", r"目的|主题|目标|意义|背景|指导思想|原则|范围|依据|内容简介|概况"),
    )
)


# a label of the field that tells the details of the problem its record names ("问题一：…⏎问题描述：…",
# "具体表现：…"): the details of that problem, not a problem of a record of its own
DETAILS_LABEL = regex.compile(r"描述|表现|具体情况|情况说明|问题详情")


def label_role(label: str) -> str:
    """What a field label names (see the module docstring); ``other`` for a label of anything else."""
    label = regex.sub(r"[\s\u3000]", "", label)
    for role, pattern in LABEL_ROLES:
        if pattern.search(label):
            return role
    return "other"


# -- what a lead-in sentence introduces ("检查发现以下问题：", "会议要求：") ---------------------------------

_LEAD_STRIP = regex.compile(r"《[^》]*》|“[^”]*”")
_LIST_WORDS = regex.compile(r"表现在|表现为|如下|以下|主要有|主要是|具体是")
_MEASURE_LEAD = regex.compile(r"整改|要求|强调|提出|部署|议定|决定|措施|建议|打算|意见|做到|抓好|努力")


def lead_in_kind(text: str) -> str | None:
    """What a lead-in introduces: "检查发现以下问题" -> problem, "会议要求" -> measure, else mixed/background/None."""
    text = _LEAD_STRIP.sub("", text)  # titles and quotations say nothing about the list
    last = regex.split(r"[，,]", text)[-1]  # the clause that introduces the list
    if FRAMING_HEAD.search(last):
        return "background"  # "今年政府工作的总体要求是："
    problem = bool(PROBLEM_HEAD.search(last)) or (
        bool(_LIST_WORDS.search(last)) and bool(PROBLEM_HEAD.search(text) or CUES["shortfall"].search(text))
    )
    measure = bool(_MEASURE_LEAD.search(last))
    if problem and measure:
        return "mixed"
    if problem:
        return "problem"
    if measure:
        return "measure"
    return None


# "（一）关于“台账管理不规范”的问题", "在“…”方面", "关于X的问题" (X may quote a name: "关于“三供一业”移交不彻底的
# 问题"): a heading that names one problem (searched in the heading's title alone: the anchors are its ends)
QUOTED_PROBLEM = regex.compile(
    r"(?:关于|在|针对)?[“\"]([^”\"]{4,80})[”\"](?:方面|的?问题|问题的?整改)|^关于[“\"]([^”\"]{4,80})$"
    r"|^关于(.{4,80}?)的?问题(?:的整改(?:情况|落实情况)?)?$"
)

# "（二）食堂管理不规范的问题", "二、集镇河道两岸垃圾堆积的问题": without 关于, a title "X的问题" names one
# problem when X states a shortfall or names a matter of its own — not when X announces the problems of a
# section ("存在的问题", "检查发现的问题", "巡察反馈的问题", "需要注意的几个问题", "安全生产方面的问题")
# X may quote a name ("“清川里”街区出租率低的问题"); a title that quotes the problem itself ("“X”的问题") is
# QUOTED_PROBLEM's, tried first
# ("（五）针对X的问题" names X as "X的问题" does: the problem is X, without 针对)
_NAMED_PROBLEM = regex.compile(r"^(?:针对)?(.{4,80}?)的问题(?:的整改(?:情况|落实情况)?)?$")
_ANNOUNCING = regex.compile(
    r"(?:存在|发现|反馈|指出|解决|面临|突出|主要|需要|注意|关注|研究|遗留|交办|提出|查找|查摆|梳理|暴露|出现|反映|涉及|"
    r"整改|方面|工作中|过程中|当前|目前|今后|共性|个性|重点|难点|热点|焦点|强烈|集中|较多|普遍|共同)$|以下|如下|几个|若干|有关|相关|存在的|中的|"
    r"^(?:其他|其它|一些|部分|主要|重要|突出|具体|普遍|深层次)"
)


def named_problem(title: str) -> tuple[int, int] | None:
    """Where in a heading's ``title`` the one problem it names stands ("关于“X”的问题", "关于X的问题", "X的问题"
    with X a shortfall or a matter of its own, not a section's announcement), as (start, end) in ``title``; None
    for a heading that names none."""
    title = title.rstrip("。.；;，, \u3000")  # "二、…的问题。": a heading that ends like a sentence
    quoted = QUOTED_PROBLEM.search(title)
    if quoted is not None:
        group = next(g for g in (1, 2, 3) if quoted.group(g) is not None)
        return quoted.span(group)
    named = _NAMED_PROBLEM.search(title)
    if named is not None and (
        CUES["shortfall"].search(named.group(1)) or not _ANNOUNCING.search(named.group(1).rstrip("。.；; "))
    ):
        return named.span(1)
    return None


# -- cues over an item's own text ------------------------------------------------------------------

# words of shortfall: what is missing, weak, late or wrong
_SHORTFALL = (
    r"不到位|不够|不足|不强|不高|不严|不实|不细|不规范|不完善|不健全|不明确|不及时|不彻底|不平衡|不充分|不合理|"
    r"不达标|不合格|不一致|不清|不力|不畅|不便|不准|不全|滞后|薄弱|欠缺|缺乏|缺少|缺失|有待|亟待|亟需|较差|偏低|"
    r"偏高|较低|较弱|老化|陈旧|简陋|隐患|违规|违反|超标|超期|超范围|未按|未能|未及时|未建立|未落实|未开展|"
    r"未严格|未执行|未经|未对|未将|未设|未配|尚未|仍有|仍存在|没有|存在.{0,16}(?:问题|现象|情况|隐患|风险)|"
    r"问题(?:突出|较多|严重)|难以|短板|弱项|流于形式|形同虚设|重\p{Han}{1,4}轻|混乱|随意|脱节|空白|"
    r"漏洞|盲区|差距|失衡|困难|瓶颈|制约|偏少|偏弱|单一|不容乐观|过期|破损|损坏|失效|堵塞|私拉乱接|无证|"
    r"乱\p{Han}|不齐|不统一|不严格|不认真|不深入|不扎实|不主动|不积极|意识淡薄|淡化|弱化|虚化|缺位|错位|"
    r"参差不齐|力度不|效果不|质量不|覆盖面不|仅为|仅有|只有|"
    # what cannot be done or reached, what falls short of people's wishes, what is slow or backward
    r"不能(?!不)|无法|达不到|跟不上|赶不上|不满意|缓慢|迟缓|落后|粗放|匮乏|低下|偏慢|较慢|过慢|过长|过多|过少|较少|较小"
)

# a clause of stance or direction: a verb of resolve, then what is resolved (站位, 认识, 领导, 责任, 长效机制 …)
_STANCE_CLAUSE = (
    r"(?:切实|进一步|全面|持续|始终|坚决|自觉|着力)?"
    r"(?:提高|提升|强化|增强|加强|压实|落实|扛起|扛牢|扛稳|担起|统一|坚持|注重|突出|确保|巩固|深化|健全|建立|凝聚|树牢|筑牢|夯实|明确)"
    r"[^，,。；;：:]{0,4}?"
    r"(?:政治站位|站位|思想认识|认识|思想|政治自觉|思想自觉|行动自觉|组织领导|领导|整改责任|主体责任|政治责任|责任担当|责任|担当|"
    r"长效机制|问题导向|目标导向|结果导向|标本兼治|举一反三|以上率下|整改成效|整改成果|整改实效|成效|成果|实效|共识|合力|"
    r"督导问效|督查问效|跟踪问效|问效|组织推动|统筹推进)"
)

_STANCE_ONLY = regex.compile(rf"^{_STANCE_CLAUSE}$")
_HEAD_CLAUSES = regex.compile(r"[，,、；;]")


def _clauses(text: str, between: regex.Pattern[str]) -> list[str]:
    """The clauses of ``text`` between the marks ``between`` matches, stripped, its closing 。 left out."""
    return [p.strip() for p in between.split(text.rstrip("。.")) if p.strip()]


def _stance_head(title: str) -> bool:
    """A heading of stance or direction that names no part of the account (提高政治站位，压实整改责任 /
    加强组织领导 / 坚持问题导向，压实整改责任，全面抓好整改落实): every clause a stance, or all but one of three
    or more. It stands over a rectification report's or a summary's account of what was done as much as over a
    plan's requirements, and its run-in titles are measures in the one and not in the other (docs/gold.md): what
    it announces depends on the document, which the item model reads beside it."""
    parts = _clauses(title, _HEAD_CLAUSES)
    if not parts:
        return False
    n = sum(1 for p in parts if _STANCE_ONLY.match(p))
    return n == len(parts) or (len(parts) >= 3 and n >= len(parts) - 1)


# a pledge: 问题不解决不松劲、整改不到位不收兵 (its shortfall words are no problem)
_PLEDGE = r"不\p{Han}{1,4}不(?:松劲|收兵|放过|罢手|撒手|松手|销号)"
# a clause of resolve: an attitude, an acceptance, a responsibility held or a mood formed, and no act of its own
# (局党组高度重视 / 对反馈意见照单全收 / 深刻认识到整改的重要性和紧迫性 / 把整改作为重大政治任务 / 党组书记切实履行
# 第一责任人职责 / 形成了齐抓共管的工作格局 / 以更加坚决的态度抓好整改 / 整改不到位不收兵 / 守住安全底线 / 把整改成效
# 转化为发展动力 / 思想认识高度统一). Not assigning a responsibility (明确…为第一责任人, 制定主体责任清单): an act,
# caught by _ACT_BESIDE_RESOLVE.
_RESOLVE = (
    r"(?:高度|十分|非常|极为|特别)重视"
    r"|照单全收|诚恳接受|全盘接受|虚心接受|完全接受|坚决拥护|完全认同|全面认领|主动认领|全部认领|诚恳认领"
    r"|深刻(?:认识|领会|认清|体会)[^，,。；;]{0,30}?(?:重要性|紧迫性|必要性|严肃性|严峻性|重要意义|政治意义)"
    r"|深刻(?:认识|领会|认清|体会)到"
    r"|(?:深刻|深入|认真)反思"
    r"|(?:把|将)[^，,。；;]{1,30}?(?:作为|当作|当成|视为)[^，,。；;]{0,30}?"
    r"(?:政治任务|契机|试金石|头等大事|重中之重|政治责任|实际行动|重要检验)"
    r"|(?:切实|认真|主动|带头|全面)?(?:履行|扛起|担起|担负起|承担起|扛牢|扛稳)(?:好|了)?[^，,。；;]{0,12}?"
    r"(?:第一责任人|主体责任|一岗双责|直接责任|领导责任|监督责任)(?:职责|责任)?"
    r"|各负其责|各司其职|以上率下"
    r"|形成了?[^，,。；;]{0,24}?(?:格局|局面|氛围|合力|态势)"
    r"|营造了?[^，,。；;]{0,24}?(?:氛围|环境)"
    # the manner of it: 以更加坚决的态度 / 以钉钉子精神 (not 以…名义超标准: 的 or 钉钉子 before the noun)
    r"|以[^，,。；;]{0,10}?(?:的|钉钉子)(?:态度|决心|标准|力度|作风|精神|劲头)|(?:保持|坚定)[^，,。；;]{0,12}?(?:决心|定力|韧劲|恒心)"
    rf"|{_PLEDGE}"
    r"|(?:守住|守牢|守好|筑牢)[^，,。；;]{0,24}?底线"
    # the closing resolve of a report: 切实把整改成效转化为推动…发展的强大动力
    r"|(?:成效|成果|成绩)转化为"
    # a mood told as grown, no act: 思想认识高度统一; 责任感和紧迫感明显增强; 氛围日益浓厚
    r"|(?:思想|认识)(?:进一步|更加|高度)统一|(?:责任感|紧迫感|使命感|危机感)[^，,。；;]{0,10}?(?:增强|提升|提高)"
    r"|氛围(?:日益|更加|愈加|日趋)?浓厚"
)
# what makes a clause beside the resolve an act: a verb of a step taken, or a tally
_ACT_BESIDE_RESOLVE = regex.compile(
    r"召开|成立|组建|制定|出台|修订|印发|下发|明确|建立|开展|组织|部署|研究|督办|督导|约谈|问责|追回|清退|排查|"
    r"分解|列出|梳理|召集|主持|带队|走访|调研|检查|培训|通报|处理|整治|清理|[0-9０-９]|"
    # not 一次/一项 (一项重大政治任务), nor a slogan's number (“四个意识”)
    r"(?<![“\"‘])(?:[二三四五六七八九十两]|[一二三四五六七八九十]{2,})(?:次|个|项|条|人|场|批|家|户|起|件)"
)
_RESOLVE_PHRASE = regex.compile(_RESOLVE)
_PLEDGE_PHRASE = regex.compile(_PLEDGE)
_SHORTFALL_WORD = regex.compile(_SHORTFALL)  # 履行一岗双责不到位: a problem, not resolve
_BESIDE_RESOLVE = 8  # characters: a short clause with no act beside the resolve (对此 / 校长积极协助) leaves it resolve
_CLAUSES = regex.compile(r"[，,；;]")


def resolve_only(text: str) -> bool:
    """The whole item states resolve and no act: every clause a clause of resolve (局党组高度重视，把整改作为重大
    政治任务), of stance (压实整改责任) or a short one beside them (对此 / 校长积极协助), at least one of resolve,
    none an act (于3月5日召开党组会议专题研究 / 明确科室主任为第一责任人) and no shortfall outside a pledge
    (履行一岗双责不到位). docs/gold.md: in an account of what was done it is no measure; in requirements
    (各单位要高度重视) it is one — the item model reads it with the document's type."""
    if _RESOLVE_PHRASE.search(text) is None:  # no phrase of resolve spans a clause mark: none in any clause either
        return False
    seen = False
    for part in _clauses(text, _CLAUSES):
        if _STANCE_ONLY.match(part):
            continue
        rest, found = _RESOLVE_PHRASE.subn("", part)
        if not found and len(part) > _BESIDE_RESOLVE:
            return False
        if _ACT_BESIDE_RESOLVE.search(rest) is not None:
            return False
        if _SHORTFALL_WORD.search(_PLEDGE_PHRASE.sub("", part)) is not None:
            return False
        seen = seen or found > 0
    return seen


CUES: dict[str, regex.Pattern[str]] = {
    # words of shortfall: what is missing, weak, late or wrong
    "shortfall": regex.compile(_SHORTFALL),
    # a clause closing on a plain adjective of shortfall: "厕所蹲位少", "场地面积小", "推进慢", "条件差"
    "short_tail": regex.compile(r"(?<!减|缩|降|变|最|极|较|偏|大|从)(?:少|小|差|慢|低|弱|窄|旧|散)$"),
    # a clause closing on a negated word: "成效不稳固", "账实不符", "人员不在岗" (not 不断, 不得, 不再, 不仅 …: an
    # adverb, a ban, a conjunction)
    "not_tail": regex.compile(r"不(?!断|得|再|少|要|可|宜|仅|但|论|管|同|久)\p{Han}{1,2}[”’\"]?$"),
    # what is missing: "无消防设施", "无专人管理" (not 无论, 无一, 无误 …)
    "lack": regex.compile(r"(?<!无)无(?!论|关|需|须|偿|一|误|缝|私|疑|愧|悔|形|故|为|人机|锡|障碍|死角|遗漏)\p{Han}"),
    # still to be done: "仍需进一步…", "有待于…", "还需加强"
    "still_need": regex.compile(r"(?:仍|尚|还)(?:需|须|要|有待)|需(?:要)?进一步|有待"),
    # the opening verb of a measure, task or requirement
    "measure_start": regex.compile(
        r"^(?:[一二三四五六七八九十]要|要|必须|务必|应当|应|需要|需|将|拟|计划|力争|继续|进一步|切实|认真|全面|"
        r"坚持|坚决|加强|强化|加大|加快|完善|建立|健全|推进|推动|落实|严格|提升|提高|确保|开展|组织|实施|制定|"
        r"深化|优化|着力|抓好|做好|抓紧|督促|规范|加紧|立即|及时|积极|大力|持续|全力|扎实|统筹|探索|鼓励|支持|"
        r"引导|实行|推行|建设|打造|培育|发展|聚焦|围绕|突出|筑牢|压实|夯实|构建|创新|增强|严把|严肃|严厉|依法|"
        r"定期|每月|每季度|每年|各\p{Han}{0,6}要|由\p{Han}{1,12}(?:负责|牵头)|对\p{Han}{1,20}(?:进行|开展|实行|予以)|"
        r"针对|结合|通过|按照|依托|以\p{Han}{1,10}为|把|在\p{Han}{1,12}(?:开展|推行|建立))"
    ),
    # a requirement: "要…", "一要…"; or reported: "会议强调，要…"
    "requirement": regex.compile(r"^(?:[一二三四五六七八九十]要|要(?!求|是|点|素|害)|必须|务必|应当)"),
    "required": regex.compile(r"(?:强调|要求|指出|提出|希望)[，,:：]?\s*(?:各\p{Han}{0,8})?要"),
    # verbs of things done or to be done
    "action": regex.compile(
        r"召开|组织|完善|制定|出台|修订|追回|追缴|清退|挽回|收回|问责|约谈|诫勉|批评|责令|处分|移交|新建|建立|健全|开展|"
        r"落实|整改|处理|督促|督导|排查|清理|规范|加强|强化|推进|实施|消除|更换|加装|配备|培训|学习|部署|召集|印发|下发|"
        r"维修|修缮|拆除|补齐|补充|补办|完善了|整理|归档|公示|公开|退还|退回|纠正|撤销|调整"
    ),
    # the report's formulas
    "opener": regex.compile(
        r"报告如下|予以公布|予以通报|通报如下|请予审议|特此报告|现将.{0,20}(?:报告|汇报|通报)|受.{0,12}委托|特此通知|"
        r"妥否|请批示|请审阅|以上报告"
    ),
    # the account of the inspection itself: who inspected whom, when
    "inspection": regex.compile(
        r"(?:巡视组|巡察组|督察组|督导组|检查组|督查组|审计局|审计组|考核组|暗访组|评估组|调研组)[^，,。；]{0,30}(?:对|向|到)"
        r"[^，,。；]{0,30}(?:开展|进行|反馈|实施|交办|下达|指出|调研|检查)"
        r"|(?:巡视组|巡察组|督察组|督导组|检查组|督查组|审计局|审计组)[^。；]{0,40}(?:反馈了|指出了|查出|共反馈|提出了)"
    ),
    # a progress figure: "共反馈问题12个，已整改10个，完成率83%"
    "progress": regex.compile(r"已完成整改|已整改|完成率|整改率|销号率|已销号|正在整改|共反馈|共发现|共查出|共排查"),
    "attended": regex.compile(r"(?:参加|出席|列席|主持)了?(?:本次)?(?:会议|座谈会)|(?:出席|参加)会议并讲话"),
    "zero_times": regex.compile(r"(?<![\d.])0(?:人|人次|个|项|次|件|起|家|条|批)$"),  # tried on the end only
    # (a Markdown link's text and address bounded: unbounded, a line of "[](" repeated took time quadratic in
    # its length, a minute for 240 KB)
    "link": regex.compile(r"\[[^\]\n]{0,200}\]\([^)\n]{0,500}\)|https?://|www\."),
    "date": regex.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|末|中旬|上旬|下旬)|年底前|月底前"),
    "number": regex.compile(r"[0-9０-９]"),
    "percent": regex.compile(r"%|％|百分之|成(?:以上|左右)"),
    "done": regex.compile(
        r"已(?:经)?(?:全部|基本)?(?:完成|整改|落实|建立|制定|出台|召开|开展|配备|更换|清理|销号|办结|到位)|整改完成|完成整改|均已|已于"
    ),
    "ongoing": regex.compile(r"正在|持续|长期坚持|常态化|逐步|进行中|推进中|整改中"),
    "future": regex.compile(r"下一步|今后|将|拟|计划|明年|力争|预计|争取|20\d\d年(?:底|前|年底)"),
    "deadline": regex.compile(r"(?:前|之前|以前)(?:完成|到位|整改)|限期|立行立改|立即整改|(?:个|周|天|日)内"),
    "speech": regex.compile(r"强调|指出|要求|提出|希望|表示|讲话|认为"),
    "question": regex.compile(r"[？?]"),
    "first_person": regex.compile(r"^(?:我们|我局|我县|我市|我镇|我乡|我校|我院|我委|我办|我单位|我公司|本单位|本局)"),
    "condition": regex.compile(r"^(?:对|凡|如|若|如果|一旦|对于)\p{Han}{1,20}(?:的|者)[，,]"),
    "contrast": regex.compile(r"^(?:但|但是|然而|同时|不过|虽然|尽管)"),
    "cause": regex.compile(r"原因|导致|造成|由于|因为|主要是"),
    # a time in the past that a state is told of: "2015年以前，…", "改造前…", "过去…", "原来…" — a shortcoming told
    # so has since gone (not "2025年以前完成": a deadline)
    "past": regex.compile(
        r"(?:\d{4}|[一二三四五六七八九〇零]{4})年(?:以前|之前)(?!完成|建成|到位|实现|全面|全部|基本)|以往|过去|原来|此前|"
        r"曾经|从前|早年|(?:改造|整治|改革|实施|硬化|建设|搬迁|合并|治理|改制)(?:以前|之前|前)(?![\d完建到])"
    ),
    "negation": regex.compile(r"[不未没无非缺]"),
    # a shortfall said of what a step acts on, not stated as found: "对手续不全的12个安置小区实行…", "对整改不力的
    # 单位进行约谈" (not "存在…不规范的问题", which states one)
    "shortfall_of": regex.compile(
        rf"(?:{_SHORTFALL})的(?!问题|情况|现象|行为|隐患|风险|情形|地方|方面|短板|弱项|苗头|状况|局面|[，,。；;]|$)"
    ),
    # a negation that reports a result, not a shortfall: "全年没有发生流转纠纷", "未发生一起安全事故", "实现零事故"
    # (in corpus/ 124 such clauses, none inside a problem)
    "no_incident": regex.compile(
        r"(?:没有|未|无|零)(?:发生|出现)(?:过|一起|一例|任何)?[^，。；;,]{0,12}?"
        r"(?:事故|纠纷|案件|事件|火灾|疫情|伤亡|上访|污染|险情)|零(?:事故|伤亡|投诉|上访|发案)"
    ),
    # the whole item states a stance or a direction, no act (提高政治站位，压实整改责任 / 加强组织领导 / 健全长效机制):
    # the run-in title of an account's paragraph, which docs/gold.md makes part of no measure (matched on the whole
    # item only)
    "stance": regex.compile(rf"^{_STANCE_CLAUSE}(?:[，,、]\s*{_STANCE_CLAUSE})*[。.]?$"),
    # resolve with no act (局党组高度重视 / 照单全收 / 履行第一责任人职责 / 形成…工作格局): the phrase; the item
    # model takes it as a cue only where :func:`resolve_only` holds of the whole item
    "resolve": _RESOLVE_PHRASE,
    # the state of the rest, told after what is done (…，剩余1个正在整改 / 其余22项正在按时序推进): a progress report,
    # not a step (the corpus marks 27 of its 125 such clauses, each naming an act of its own: 其余8家限期安装到位)
    "remaining": regex.compile(
        r"(?:剩余|其余|余下|尚有|还有)[0-9０-９一二三四五六七八九十两]+[个项处条家户件所]?(?:问题|事项|任务)?(?:目前)?"
        r"(?:正在|正|仍在|尚在)(?:按计划|按时序|抓紧|加快|积极|有序)?(?:整改|推进|办理|处置|实施|落实|协调)"
    ),
    "group_roster": regex.compile(r"组\s*长|副组长|成\s*员|总指挥|指挥长|领导小组|工作专班|办公室设在"),
    "achievement": regex.compile(
        r"取得|成效|显著|明显提升|圆满|荣获|获评|被评为|首次|实现了|累计|共计|同比|增长|提高了"
    ),
}
