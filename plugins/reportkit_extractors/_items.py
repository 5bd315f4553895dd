"""Items of a report — list entries and sentences — with the context that says what they are.

The problems and measures extractors share this reading of a document:

1. **Units.** The outline is walked. A numbered section whose heading is an item ("1、教室光线不足；",
   "（一）优化政务服务。实施…") is one unit, its marker stripped; an enumeration (一是…二是…) gives one
   unit per item; a section headed by a context word ("二、存在问题", "（三）整改措施") is a container, and
   its free text is cut into sentence units at 。！？；. Labelled lines inside an item ("问题：… 整改措施：…")
   become units of their own.
2. **Context.** Every unit gets the kind of the nearest heading that names one — ``problem`` (存在问题,
   不足, 差距, 薄弱环节, 隐患 …), ``measure`` (整改措施, 下一步打算, 主要任务, 工作要求, 保障措施, 对策建议 …),
   ``mixed`` (问题及整改情况), ``achievement`` (主要做法, 取得成效, 工作回顾) or ``background`` (指导思想,
   工作目标, 基本情况) — or of a lead-in sentence right before it ("检查发现以下问题：", "会议要求：").
3. **Cues.** Inside a unit, words of shortcoming (不到位, 滞后, 薄弱, 有待, 缺乏 …) and the opening verb of
   a measure or requirement (要, 加强, 完善, 建立, 推进, 确保 …) decide mixed and neutral contexts.

Spans are exact offsets of ``Document.text``: markers, labels and final punctuation are cut off the
ends, never out of the middle.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from reportkit.document import Document
from reportkit.outline import Section
from reportkit.textutil import compiled as _re

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
# the heading of a rectification block: what was done about the problems is a measure
# headings that frame a document rather than list its items (checked first: 总体要求 is not a 要求 list)
FRAMING_HEAD = regex.compile(
    r"总体要求|指导思想|工作目标|主要目标|发展目标|基本原则|选题|背景|意义|总体思路|时间安排|进度安排|实施步骤|方法步骤|"
    r"工作步骤|推进安排|组织领导|组织机构|领导机构"
)
RECTIFY_HEAD = regex.compile(r"整改(?:情况|措施|落实|进展|成效|结果|完成)|整改$|立行立改")

PROBLEM_CUE = regex.compile(
    r"不到位|不够|不足|不强|不高|不严|不实|不细|不规范|不完善|不健全|不明确|不及时|不彻底|不平衡|不充分|不合理|"
    r"不达标|不合格|不一致|不清|不力|不畅|不便|不准|不全|滞后|薄弱|欠缺|缺乏|缺少|缺失|有待|亟待|亟需|较差|偏低|"
    r"偏高|较低|较弱|老化|陈旧|简陋|隐患|违规|违反|超标|超期|超范围|未按|未能|未及时|未建立|未落实|未开展|"
    r"未严格|未执行|未经|未对|未将|未设|未配|尚未|仍有|仍存在|没有|存在.{0,16}(?:问题|现象|情况|隐患|风险)|"
    r"问题(?:突出|较多|严重)|难以|短板|弱项|流于形式|形同虚设|重\p{Han}{1,4}轻|混乱|随意|脱节|空白|"
    r"漏洞|盲区|差距|失衡|困难|瓶颈|制约|偏少|偏弱|单一|不容乐观"
)
MEASURE_START = regex.compile(
    r"^(?:一要|二要|三要|四要|五要|要|必须|务必|应当|应|需要|需|将|拟|计划|力争|继续|进一步|切实|认真|全面|"
    r"坚持|坚决|加强|强化|加大|加快|完善|建立|健全|推进|推动|落实|严格|提升|提高|确保|开展|组织|实施|制定|"
    r"深化|优化|着力|抓好|做好|抓紧|督促|规范|加紧|立即|及时|积极|大力|持续|全力|扎实|统筹|探索|鼓励|支持|"
    r"引导|实行|推行|建设|打造|培育|发展|聚焦|围绕|突出|筑牢|压实|夯实|构建|创新|增强|严把|严肃|严厉|依法|"
    r"定期|每月|每季度|每年|各\p{Han}{0,6}要|由\p{Han}{1,12}(?:负责|牵头)|对\p{Han}{1,20}(?:进行|开展|实行|予以)|"
    r"针对|结合|通过|按照|依托|以\p{Han}{1,10}为|把|在\p{Han}{1,12}(?:开展|推行|建立))"
)
# a leading label inside an item: "问题1：", "整改措施：", "存在问题:"
LABEL = regex.compile(
    r"^(?:(?P<problem>问题(?:描述|表现|情况)?\d*|存在(?:的)?问题|反馈问题|检查发现|发现问题|主要问题)"
    r"|(?P<measure>整改(?:措施|情况|进展|结果|落实情况|完成情况)|落实情况|处理情况|下一步(?:措施|打算)?|改进措施|工作措施)"
    r"|(?P<other>责任(?:单位|部门|人|领导)|(?:整改|完成)?时限|完成时间|整改期限|牵头单位|配合单位|进展情况?|整改状态|序号))"
    r"[:：]\s*"
)
LEAD_IN = regex.compile(r"[:：]\s*$")
# verbs of things done or to be done (a rectification step, a task)
ACTION = regex.compile(
    r"召开|组织|完善|制定|出台|修订|追回|追缴|清退|挽回|收回|问责|约谈|诫勉|批评|责令|处分|移交|新建|建立|健全|开展|"
    r"落实|整改|处理|督促|督导|排查|清理|规范|加强|强化|推进|实施|消除|更换|加装|配备|培训|学习|部署|召集|印发|下发"
)
# report formulas and the account of the inspection itself: context, not rectification steps
OPENER = regex.compile(
    r"报告如下|予以公布|予以通报|通报如下|请予审议|特此报告|现将.{0,20}(?:报告|汇报|通报)|受.{0,12}委托"
)
_INSPECTORS = r"(?:巡视组|巡察组|督察组|督导组|检查组|督查组|审计局|审计组|考核组|暗访组|评估组|监管股|督查)"
INSPECTION = regex.compile(
    rf"{_INSPECTORS}[^，,。；]{{0,30}}(?:对|向)[^，,。；]{{0,30}}(?:开展|进行|反馈|实施|交办|下达|指出)"
    rf"|{_INSPECTORS}[^。；]{{0,40}}(?:反馈了|指出了|查出|共反馈|提出了)"
)
REQUIREMENT = regex.compile(
    r"^(?:[一二三四五六七八九十]要|要(?!求|是|点|素|害)|必须|务必|应当)|(?:强调|要求|指出|提出|希望)[，,:：]?\s*(?:各\p{Han}{0,8})?要"
)
# "关于“…”的问题", "在“…”方面": a feedback problem quoted in a heading
QUOTED_PROBLEM = regex.compile(
    r"(?:关于|在|针对)?[“\"]([^”\"]{6,80})[”\"](?:方面|的?问题|问题的?整改)|^关于[“\"]([^”\"]{6,80})$"
    # "关于思想政治理论课建设不够有力的问题", "关于X问题的整改情况": the heading names one problem
    r"|^关于([^“”\"]{4,80}?)的?问题(?:的整改(?:情况|落实情况)?)?$"
)
# where the measure half of "问题，要求/应/建议…" begins
MEASURE_CLAUSE = regex.compile(r"[，,；;]\s*(?=(?:要求|应当|应|要|建议|需|必须|责令|限期|督促|请)\p{Han})")
_MARKER_TAIL = regex.compile(r"^[\s、.．:：,，]+")
_TERMINAL = "。；;，,、：: \t\r\n\u3000"


@dataclass
class Unit:
    """One candidate item: ``Document.text[start:end]``, with what its context says it is."""

    start: int
    end: int
    context: str | None  # problem | measure | mixed | achievement | background | None
    heading: str | None  # the heading that gave the context
    label: str | None  # problem | measure | other, from a leading label
    numbered: bool  # a list item (marker or enumeration), not a free sentence

    def text(self, doc: Document) -> str:
        return doc.text[self.start : self.end]


def heading_kind(title: str) -> str | None:
    """The context a heading sets, from its words."""
    title = title.strip()
    if not title:
        return None
    if FRAMING_HEAD.search(title):
        return "background"
    p = bool(PROBLEM_HEAD.search(title))
    m = bool(MEASURE_HEAD.search(title))
    if (
        not p
        and "整改" not in title
        and _re(r"(?:成效|成绩|成果|开展情况|推进情况|组织情况|总体情况|完成情况|工作情况)$").search(title)
    ):
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


def _trim(doc: Document, start: int, end: int) -> tuple[int, int]:
    text = doc.text
    while start < end and text[start] in _TERMINAL:
        start += 1
    while end > start and text[end - 1] in _TERMINAL + "。":
        end -= 1
    # a closing quote or bracket stays only if it closes something inside
    return start, end


_QUOTED = regex.compile(r"[“\"《][^”\"》]*[”\"》]")


def _context_title(title: str) -> str | None:
    """The title as a context heading: quoted words removed, and only short, comma-free titles —
    "存在的问题和不足" names a context, "教师总量超编，从实际需要看严重不足" is a problem itself."""
    bare = _QUOTED.sub("", title).strip()
    if not bare or len(bare) > 22 or _re(r"[，,；;。]").search(bare):
        return None
    return bare


# the words a category heading ends with: "存在的问题", "整改措施及完成情况", "2019年工作安排"
_CATEGORY_END = regex.compile(
    r"(?:问题|不足|差距|短板|弱项|环节|困难|隐患|挑战|教训|措施|对策|建议|打算|思路|任务|要求|保障|举措|路径|计划|"
    r"安排|步骤|重点|要点|意见|情况|成效|成绩|成果|做法|回顾|经验|体会|进展|目标|原则|思想|背景|现状|形势|原因|分析|"
    r"方向|工作|清单|事项|内容|机构|领导|方法|对象|结果|下一步|概况|亮点)(?:等|和建议|及建议)?$"
)


def _is_container(section: Section) -> bool:
    """A heading that names a category ("存在问题", "（三）整改措施") rather than being an item itself
    ("隐患排查治理不彻底", "加快补齐基础设施短板")."""
    if section.style in ("enum", "root"):
        return section.style == "root"
    if QUOTED_PROBLEM.search(section.title):
        return True  # "关于X的问题": a container of what was done about X
    bare = _context_title(section.title)
    if bare is None or heading_kind(bare) is None:
        return False
    return bool(_CATEGORY_END.search(bare)) and not MEASURE_START.match(bare)


def _sentences(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]``, clipped to it."""
    return [(max(s.start, start), min(s.end, end)) for s in doc.sentences_in(start, end)]


def _drop_lead_in(doc: Document, start: int, end: int) -> int:
    """Cut a trailing lead-in sentence ("…现将整改情况报告如下：") off an item."""
    sents = _sentences(doc, start, end)
    while len(sents) > 1 and LEAD_IN.search(doc.text[sents[-1][0] : sents[-1][1]]):
        end = sents[-1][0]
        sents.pop()
    return end


def _labelled(doc: Document, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """Split an item at line-initial labels ("整改措施：…"); one piece when there are none."""
    text = doc.text
    cuts = []
    for line in _re(r"[^\n]+").finditer(text[start:end]):
        ls = start + line.start()
        stripped = line.group().lstrip(" \t\u3000")
        m = LABEL.match(stripped)
        if m:
            cuts.append((ls + (len(line.group()) - len(stripped)), m))
    if not cuts:
        return [(start, end, None)]
    pieces: list[tuple[int, int, str | None]] = []
    if cuts[0][0] > start:
        pieces.append((start, cuts[0][0], None))
    for i, (cs, m) in enumerate(cuts):
        ce = cuts[i + 1][0] if i + 1 < len(cuts) else end
        kind = "problem" if m.group("problem") is not None else "measure" if m.group("measure") is not None else "other"
        pieces.append((cs + m.end(), ce, kind))
    return pieces


def _trailing_lead_in(doc: Document, section: Section) -> tuple[str, str] | None:
    sents = _sentences(doc, section.heading_span[1], section.span[1])
    if len(sents) < 2:
        return None
    s, e = sents[-1]
    text = doc.text[s:e]
    if not LEAD_IN.search(text):
        return None
    kind = _lead_in_kind(text[:-1])
    return (kind, text.strip()[-30:]) if kind else None


def _split_problem_measure(doc: Document, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """ "食品存放较乱，要求做到存放有序": a problem and the measure required for it, in one item."""
    m = MEASURE_CLAUSE.search(doc.text, start, end)
    if not m or MEASURE_START.match(doc.text[start:end]):
        return [(start, end, None)]
    return [(start, m.start(), "problem"), (m.end(), end, "measure")]


def units(doc: Document) -> list[Unit]:
    """All candidate units of ``doc`` in text order (cached on the document)."""
    cached = doc.__dict__.get("_items_units")
    if cached is not None:
        return cached
    out: list[Unit] = []
    _walk(doc, doc.outline, None, None, out)
    title = doc.title_span
    if title is not None:  # the title names the document; it is not one of its items
        out = [u for u in out if not (title[0] <= u.start and u.end <= title[1])]
    out.sort(key=lambda u: (u.start, u.end))
    doc.__dict__["_items_units"] = out
    return out


def _walk(doc: Document, section: Section, context: str | None, heading: str | None, out: list[Unit]) -> None:
    if section.style not in ("root", "enum"):
        if _is_container(section) and not QUOTED_PROBLEM.search(section.title):
            context, heading = heading_kind(_context_title(section.title) or ""), section.title
        quoted = QUOTED_PROBLEM.search(section.title)
        if quoted:
            # "（一）关于“台账管理不规范”的问题", "在“…发挥不足”方面", "关于X的问题": the heading names
            # one problem; what the section says under it is what was done about it
            title_start = doc.text.find(section.title, section.heading_span[0] + len(section.marker))
            group = next(g for g in (1, 2, 3) if quoted.group(g) is not None)
            out.append(
                Unit(
                    title_start + quoted.start(group),
                    title_start + quoted.end(group),
                    context,
                    heading,
                    "problem",
                    True,
                )
            )
            context, heading = "mixed", section.title
    children = [c for c in section.children if c.style != "enum"]
    enums = [c for c in section.children if c.style == "enum"]
    body_start = section.heading_span[1] if section.style != "root" else 0
    container = section.style == "root" or _is_container(section)

    if not container and not children:
        # an item: the whole section (or its enumeration items)
        start = section.heading_span[0] + len(section.marker)
        if enums:
            first = enums[0].span[0]
            lead_end = _drop_lead_in(doc, start, first)
            _item(doc, start, lead_end, context, heading, out, numbered=True, lead=True)
            for enum in enums:
                _item(doc, enum.span[0] + len(enum.marker), enum.span[1], context, heading, out, numbered=True)
            return
        end = _drop_lead_in(doc, start, section.span[1])
        title_end = section.heading_span[1]
        own_line = doc.text[title_end : title_end + 1] in ("\n", "\r") or title_end >= end
        if QUOTED_PROBLEM.search(section.title):
            start = title_end  # the quoted problem is out already; the body is what was done
        elif context == "problem" and own_line and end > title_end + 1:
            # a problem stated as a heading, its body explaining it: the heading is the problem
            _item(doc, start, title_end, context, heading, out, numbered=True)
            return
        for s, e, label in _labelled(doc, start, end):
            if label is None and context == "mixed":
                for ps, pe, plabel in _split_problem_measure(doc, s, e):
                    _item(doc, ps, pe, context, heading, out, numbered=True, label=plabel)
            else:
                _item(doc, s, e, context, heading, out, numbered=True, label=label)
        return

    # a container (or an item with sub-items): free text between the children becomes sentences; a
    # lead-in sentence ("检查发现以下问题：", "现将整改情况报告如下：") frames the items after it
    cursor = body_start
    local, local_heading = context, heading
    for child in sorted(children + enums, key=lambda c: c.span[0]):
        lead = _free_text(doc, cursor, child.span[0], local, local_heading, out)
        if lead is not None:
            local, local_heading = lead
        if child.style == "enum":
            _item(doc, child.span[0] + len(child.marker), child.span[1], local, local_heading, out, numbered=True)
        else:
            _walk(doc, child, local, local_heading, out)
            # flattened text: "4、浴池设施少。针对以上问题，…现将整改情况报告如下：1、…" — the lead-in
            # that frames the next list ends the previous item
            trailing = _trailing_lead_in(doc, child)
            if trailing is not None:
                local, local_heading = trailing
        cursor = max(cursor, child.span[1])
    _free_text(doc, cursor, section.span[1], local, local_heading, out)


def _item(
    doc: Document,
    start: int,
    end: int,
    context: str | None,
    heading: str | None,
    out: list[Unit],
    numbered: bool,
    label: str | None = None,
    lead: bool = False,
) -> None:
    start, end = _trim(doc, start, end)
    if end - start < 4:
        return
    text = doc.text[start:end]
    if lead and LEAD_IN.search(doc.text[start : end + 1]):
        return
    if label is None:
        m = LABEL.match(text)
        if m:
            label = (
                "problem"
                if m.group("problem") is not None
                else "measure"
                if m.group("measure") is not None
                else "other"
            )
            start, end = _trim(doc, start + m.end(), end)
            if end - start < 4:
                return
    out.append(Unit(start, end, context, heading, label, numbered))


def _free_text(
    doc: Document, start: int, end: int, context: str | None, heading: str | None, out: list[Unit]
) -> tuple[str, str] | None:
    """Sentences of text that is not a list item. A lead-in ("…主要存在以下困难：") frames what follows it:
    the rest of its paragraph, or — when it ends its paragraph — the next paragraph.

    Returns the (context, lead-in text) of a lead-in that ends the text, for the items that follow."""
    if end <= start:
        return None
    text = doc.text
    local, local_heading = context, heading
    scope_end = -1  # where the lead-in's context stops
    last_lead = None
    for s, e in _sentences(doc, start, end):
        if scope_end >= 0 and s >= scope_end:
            local, local_heading, scope_end = context, heading, -1
        colon = _LEAD_COLON.search(text, s, e)
        if colon is not None:
            framed = _framing(text[s : colon.start()])
            if framed is not None:
                local, local_heading = framed
                para_end = _paragraph_end(text, colon.end())
                if text[colon.end() : para_end].strip():
                    scope_end = para_end  # inline: "…困难和问题：A；B；C。"
                else:
                    scope_end = _paragraph_end(text, para_end + 1)  # the next paragraph is the list
                last_lead = (local, local_heading) if colon.end() >= e - 1 else None
                s = colon.end()
                if e - s < 4:
                    continue
        else:
            last_lead = None
            spoken = _SPOKEN_LEAD.match(text, s, e)
            if spoken is not None and not _NOT_SPEAKER.search(text, s, spoken.start("verb")):
                # "他们建议，要A；B；C。", "会议强调，A；B。": the items of one sentence after a speech verb
                framed = _framing(text[s : spoken.end() - 1])
                if framed is not None:
                    local, local_heading = framed
                    stop = _FULL_STOP.search(text, spoken.end(), end)
                    scope_end = stop.end() if stop else end
                    s = spoken.end()
            if REQUIREMENT.search(text[s:e][:40]) and e >= end - 2:
                # "杨庆山强调，要…。一是…二是…": what follows spells the requirement out
                last_lead = ("measure", text[s:e].strip()[:30])
        _item(doc, s, e, local, local_heading, out, numbered=False)
    return last_lead


_LEAD_COLON = regex.compile(r"(?<!\d)[:：]|[:：](?!\d)")  # not the colon of a ratio or a time (1:0.6, 8:30)
# a speaker's verb and a comma opening a sentence of items: "他们建议，", "会议强调，", "与会专家提出，"
_SPOKEN_LEAD = regex.compile(r"[^，,。；;：:！？!?\n]{0,16}?(?P<verb>建议|强调|要求|提出|希望)[，,]")
# …but not a noun ("县委的建议，", "意见建议，") nor what a clause is based on ("按照上级要求，")
_NOT_SPEAKER = regex.compile(r"的|意见|按照|根据|依据|遵照|对照|结合|围绕|针对|关于|对|为了|为")
_FULL_STOP = regex.compile(r"[。！？!?\n]")


def _paragraph_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


def _framing(lead: str) -> tuple[str, str] | None:
    """The (context, heading) a lead-in sets for the items after it, or None when it frames nothing."""
    kind = _lead_in_kind(lead)
    return None if kind is None else (kind, lead.strip()[-30:])


def _lead_in_kind(text: str) -> str | None:
    """What a lead-in introduces: "检查发现以下问题" -> problem, "会议要求" -> measure."""
    text = _re(r"《[^》]*》|“[^”]*”").sub("", text)  # titles and quotations say nothing about the list
    last = _re(r"[，,]").split(text)[-1]  # the clause that introduces the list
    if FRAMING_HEAD.search(last):
        return "background"  # "今年政府工作的总体要求是："
    problem = bool(PROBLEM_HEAD.search(last)) or (
        bool(_re(r"表现在|表现为|如下|以下|主要有|主要是|具体是").search(last))
        and bool(PROBLEM_HEAD.search(text) or PROBLEM_CUE.search(text))
    )
    measure = bool(_re(r"整改|要求|强调|提出|部署|议定|决定|措施|建议|打算|意见|做到|抓好|努力").search(last))
    if problem and measure:
        return "mixed"
    if problem:
        return "problem"
    if measure:
        return "measure"
    return None


def is_problem(unit: Unit, text: str) -> bool:
    """Whether a unit reports a problem or shortcoming."""
    if unit.label == "problem":
        return True
    if unit.label in ("measure", "other"):
        return False
    ctx = unit.context
    if ctx == "problem":
        return (len(text) >= 6 and not MEASURE_START.match(text)) or bool(PROBLEM_CUE.search(text))
    if ctx == "mixed":
        return (
            bool(PROBLEM_CUE.search(text))
            and not MEASURE_START.match(text)
            and not _re(r"已|完成|整改").search(text[:12])
        )
    return False


# what reads like a step but reports something else: who attended a meeting, an action taken zero times
# ("诫勉0人"), a progress figure ("截至目前，…已完成整改19个…"), a link left over from a web page. Checked
# on every unit, so each test looks only where it has to (the end, the start) instead of scanning.
_ATTENDED = regex.compile(r"(?:参加|出席|列席)了?(?:本次)?(?:会议|座谈会)$")
_HOSTED = regex.compile(r"召开|组织|举办|开展|邀请")
_ZERO_TIMES = regex.compile(r"(?<![\d.])0(?:人|人次|个|项|次|件|起|家|条|批)$")
_CLAUSE_MARK = regex.compile(r"[，,；;。]")
_PROGRESS = regex.compile(r"^(?:截至|截止)[^，,。]{0,12}[，,]")
_PROGRESS_FIGURE = regex.compile(r"已完成|完成率|整改率|销号率")
_LINK = regex.compile(r"\[[^\]\n]*\]\([^)\n]*\)|https?://|www\.")


def _not_a_step(text: str) -> bool:
    tail = text[-16:]
    if _ATTENDED.search(tail) and not _HOSTED.search(text):
        return True
    if _ZERO_TIMES.search(tail) and not _CLAUSE_MARK.search(text):
        return True
    head = _PROGRESS.match(text)
    if head is not None and _PROGRESS_FIGURE.search(text, head.end()):
        return True
    return ("http" in text or "www." in text or "](" in text) and bool(_LINK.search(text))


def is_measure(unit: Unit, text: str, doc_type: str | None = None) -> bool:
    """Whether a unit states a measure, rectification step, task or requirement."""
    if unit.label == "measure":
        return True
    if unit.label in ("problem", "other") or _not_a_step(text):
        return False
    ctx = unit.context
    if ctx == "measure":
        return len(text) >= 6
    if ctx == "mixed":
        return not is_problem(unit, text) and len(text) >= 6
    if ctx == "achievement":
        # what was done to fix problems counts in a rectification report, not in a summary
        return doc_type == "rectification" and bool(MEASURE_START.match(text))
    if ctx is None:
        # a requirement: "要…", "会议强调，要…", "一要…二要…"
        if REQUIREMENT.search(text[:40]):
            return True
        if doc_type == "rectification":
            # what a rectification report says was done is a rectification step — but not its opening
            # (who inspected whom, when) or the formula that introduces the report
            return (
                bool(ACTION.search(text))
                and not PROBLEM_CUE.search(text[:20])
                and not OPENER.search(text)
                and not INSPECTION.search(text)
            )
        if unit.numbered and doc_type in ("work_plan", "other") and MEASURE_START.match(text):
            return True  # a task of a plan, a requirement of a speech or notice
        if doc_type == "work_plan" and unit.numbered:
            return True
    return False


# "存在基层党组织作用发挥仍需加强、项目保障还不到位等问题"
_INLINE_PROBLEMS = regex.compile(
    r"(?:存在着?|还有|面临|暴露出|反映出)(?P<items>[^。；;：:]{4,240}?)(?:等)?(?:方面的?|一些|突出|诸多)?"
    r"(?:问题|不足|短板|弱项|困难|现象|隐患)"
)


def inline_problems(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Problems listed inside a sentence: "存在A、B、C等问题" gives A, B and C."""
    out = []
    for m in _INLINE_PROBLEMS.finditer(doc.text, start, end):
        items_start = m.start("items")
        pieces = [(items_start + p.start(), items_start + p.end()) for p in _re(r"[^、]+").finditer(m.group("items"))]
        if len(pieces) < 2 and not PROBLEM_CUE.search(m.group("items")):
            continue  # "存在的问题" without saying which
        for s, e in pieces:
            s, e = _trim(doc, s, e)
            if e - s >= 4 and (PROBLEM_CUE.search(doc.text, s, e) or len(pieces) >= 2):
                out.append((s, e))
    return out
