"""leadership_groups: the bodies a text sets up to lead, coordinate, inspect or study the work.

Found: 领导小组, 工作(小)组, 专项组, 工作专班, 指挥部, 专家组/专家(咨询)委员会, 督导组, 检查组, 督查组, 巡察组,
调研组/调查组, 考核组 … when the text *sets them up* (成立, 组建, 设立, 调整, 组成, 抽调…组成 …). A group named
only in passing ("按照领导小组要求") is not one; volunteer and worker teams (志愿服务队, 巡逻队, 突击队) are not
groups.

Three written forms are read, alone or mixed:

* **sentence form** — "成立由镇长任组长，两名副镇长任副组长，各站所负责人为成员的防汛抗旱工作领导小组，领导小组下设
  办公室，办公室设在应急办", "以县长为组长的…指挥部", "成立…领导小组，由县长任组长，…为成员";
* **list form** — a line naming the group, then ``组长：… / 副组长：… / 成员：…`` lines (or table rows, or one
  line with ``；`` between the roles), followed by sub-groups "（一）宣传组 组长：… 成员：…";
* **下设 clauses** — the office ("下设办公室，办公室设在…") and sub-groups ("下设综合协调组、宣传组…").

Matching runs on the normalized view, so a line break inside a word ("领导小\\n组", "工作\\n专班") does not
hide a group; every span reported maps back to ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from pydantic import BaseModel, Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding, Mention
from reportkit.textutil import compiled as _re
from reportkit.textutil import strip_span

__all__ = ["Mention", "SubGroup", "LeadershipGroup", "LeadershipGroupsExtractor"]


class SubGroup(BaseModel):
    """A group set up under another one (下设…组, or a "（一）宣传组 组长：…" block)."""

    name: str | None = None
    leaders: list[Mention] = Field(default_factory=list)
    deputy_leaders: list[Mention] = Field(default_factory=list)
    members: list[Mention] = Field(default_factory=list)
    office: Mention | None = None
    text: str
    span: tuple[int, int]


class LeadershipGroup(Finding):
    """A group the text sets up; ``text``/``span`` are the sentence(s) that set it up."""

    name: str | None = Field(None, description="as written (line breaks inside it removed)")
    name_span: tuple[int, int] | None = None
    leaders: list[Mention] = Field(default_factory=list, description="组长/指挥长: posts or names")
    deputy_leaders: list[Mention] = Field(default_factory=list, description="副组长/副指挥长")
    members: list[Mention] = Field(default_factory=list, description="成员")
    office: Mention | None = Field(None, description="下设办公室… / 办公室设在…")
    subgroups: list[SubGroup] = Field(default_factory=list)


# -- vocabulary ------------------------------------------------------------------------------------

HEADS = sorted(
    [
        "领导小组",
        "领导组",
        "工作领导小组",
        "工作小组",
        "工作组",
        "专项工作组",
        "专项组",
        "专项小组",
        "工作专班",
        "专班",
        "指挥部",
        "专家组",
        "专家委员会",
        "专家咨询委员会",
        "咨询委员会",
        "督导组",
        "督查组",
        "检查组",
        "巡察组",
        "巡视组",
        "调研组",
        "调研小组",
        "调查组",
        "考核组",
        "验收组",
        "评估组",
        "暗访组",
        "暗访检查组",
        "指导组",
        "攻坚组",
        "攻坚小组",
        "协调小组",
        "推进组",
        "整改组",
        "联络组",
        "核查组",
        "审核组",
        "评审组",
        "评审委员会",
        "宣传组",
        "保障组",
        "后勤保障组",
        "综合协调组",
        "综合组",
        "安全保卫组",
        "医疗救护组",
        "应急处置组",
        "技术组",
        "材料组",
        "秘书组",
        "清收小组",
        "执法组",
        "督办组",
        "领导机构",
        "组委会",
        "委员会",
        "小组",
    ],
    key=len,
    reverse=True,
)
# a head noun, or any word ending in 组 right after a name (病案质控组); never 组织/组成/组建/组长/组员
_HEAD = "(?:" + "|".join(HEADS) + r"|(?<=\p{Han})(?<!党|纪检|教研|年级|学习)组)(?![织成建长员团合])"
_TRIGGER = (
    r"(?:调整充实|调整组建|调整|成立|组建|组成(?!人员|部分|员|的?成员)|设立|建立|组织了?(?=\d|[一二两三四五六七八九十]+个)"
    r"|抽调[^，。；]{0,40}?组成|派出|牵头设立|下设|分(?:成|为)?(?=\d+个|[一二两三四五六七八九十]+个))"
)
# a line that starts something else: a label ("职责：") or a list marker ("（二）宣传教育组", "四、主要任务")
_LABELLED_LINE = regex.compile(
    r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[^\s，,。、；;]{1,8}[:：])"
)
# the verbs that set up a new group (not 组成, which also describes a group's make-up: "推选5人组成")
_SETS_UP = regex.compile(r"调整充实|调整组建|成立|组建|设立")
_ROLE_LEADER = r"(?:第一组长|双组长|组长|指挥长|总指挥|主任委员|召集人|专班组长|专班负责人|负责人|牵头|统筹|总负责)"
_ROLE_DEPUTY = r"(?:常务副组长|副组长|常务副指挥长|副指挥长|副总指挥|副主任委员|副召集人)"
_ROLE_MEMBER = r"(?:成员|组员|委员)"
_NOT_NAME_END = set("的了和及与、，,；;。:：“”（）()")

# "以X为组长" / "由X任组长" / "X任组长" / "X担任组长" / "X为成员" / "X组成的"
_ROLE_CLAUSE = regex.compile(
    rf"""
    (?:以|由|请)?(?P<who>[^，,；;。:：]{{1,80}}?)(?:同志)?
    (?:任|为|担任|兼任|作为)(?P<role>{_ROLE_DEPUTY}|{_ROLE_LEADER}|{_ROLE_MEMBER}|政委)
    """,
    regex.VERBOSE,
)
_MEMBERS_FORMED = regex.compile(r"(?:由)?(?P<who>[^，,；;。:：]{2,80}?)(?:等)?(?:共\d+人)?组成")
_LEADS = regex.compile(r"由(?P<who>[^，,；;。:：]{1,40}?)(?:分别)?(?:牵头|统筹|负责|挂帅|带队)")
# "组长由X担任", "主任委员由院长担任", "副组长由Y和Z兼任"
_ROLE_BY = regex.compile(
    rf"(?P<role>{_ROLE_DEPUTY}|第一组长|双组长|组长|指挥长|主任委员|{_ROLE_MEMBER})由(?P<who>[^，,；;。]{{1,80}}?)(?:担任|兼任|组成)"
)
# an explicit role phrase: the clause really describes who is in the group
_HAS_ROLES = regex.compile(
    rf"(?:任|为|担任|兼任)(?:{_ROLE_DEPUTY}|第一组长|双组长|组长|指挥长|总指挥|主任委员|{_ROLE_MEMBER}|政委|专班负责人)"
    rf"|组成的|带队|牵头|由[^，,。；]{{1,30}}统筹|(?:{_ROLE_DEPUTY}|组长|指挥长|主任委员)由"
)
_LIST_ROLE = regex.compile(
    r"^[ \t]*(?P<role>(?:常务)?副[ \t]*组[ \t]*长|第一组长|组[ \t]*长|(?:常务)?副指挥长|指挥长|总指挥|"
    r"成[ \t]*员|组[ \t]*员|委[ \t]*员|顾[ \t]*问|政[ \t]*委)[ \t]*[:：\t][ \t]*(?P<who>.+?)[ \t]*$"
)
_OFFICE = regex.compile(
    r"(?:(?:领导小组|小组|指挥部|专班|委员会|领导组)?下设(?:办公室|[^，。；]{0,40}?办公室)[^。；\n]*"
    r"|(?:领导小组|小组|指挥部|专班|委员会|领导组)?办公室设在[^。；\n]*)"
)
_SUBGROUPS = regex.compile(rf"下设(?P<items>[^。；\n]{{2,160}}?(?:{_HEAD}))")
_PASSING = regex.compile(r"(?:按照|根据|经|在|向|由|报|请|接受|配合|协助)$")
# bodies that are institutions or party organs, not groups set up for the work
_NOT_GROUP = regex.compile(
    r"(?:党组|党小组|家长委员会|村民委员会|居民委员会|业主委员会|村委会|居委会|工会委员会|团委)$"
)
# standing institutions elected or appointed under their own rules, not groups set up for a task
_INSTITUTION = regex.compile(
    r"(?:调解|业主|居民|村民|物业管理|工会|纪律检查|伦理|学术|学位|职工代表大会|家长)委员会$|(?:业委|居委|村委|家委)会$"
)
_GENERIC = regex.compile(r"^(?:领导小组|领导组|工作专班|专班|工作组|工作小组|小组|领导机构|指挥部)$")


@dataclass
class _Group:
    name: str | None
    name_span: tuple[int, int] | None  # normalized offsets
    quote: tuple[int, int]
    leaders: list[tuple[int, int]] = field(default_factory=list)
    deputies: list[tuple[int, int]] = field(default_factory=list)
    members: list[tuple[int, int]] = field(default_factory=list)
    office: tuple[int, int] | None = None
    subgroups: list[_Group] = field(default_factory=list)
    explanation: str = ""


class LeadershipGroupsExtractor(Extractor):
    """Groups set up by the text, with leaders, deputies, members, office and sub-groups."""

    name = "leadership_groups"
    version = "1.0.0"
    output_model = LeadershipGroup
    description = "groups the text sets up (成立…领导小组/工作专班/指挥部/督导组) with their roles"

    _head_re = regex.compile(rf"(?:{_HEAD})")

    def extract(self, doc: Document) -> list[LeadershipGroup]:
        norm = doc.normalized
        nt = norm.text
        groups = self._sentence_groups(nt)
        groups = self._merge_lists(nt, groups)
        groups = _drop_generic_mentions(groups)
        groups = _merge_repeated(groups)
        groups = [g for g in groups if not (g.name and _INSTITUTION.search(g.name))]
        return [self._finding(doc, g) for g in sorted(groups, key=lambda g: g.quote)]

    # -- sentence form -------------------------------------------------------------------------
    def _sentence_groups(self, nt: str) -> list[_Group]:
        groups: list[_Group] = []
        taken_until = -1
        for trig in _re(_TRIGGER).finditer(nt):
            if trig.start() < taken_until:
                continue
            clause_start = _clause_start(nt, trig.start())
            if _PASSING.search(nt[max(clause_start, trig.start() - 2) : trig.start()]):
                continue
            sent_end = _sentence_end(nt, trig.end())
            head = self._head_re.search(nt, trig.end(), min(sent_end, trig.end() + 220))
            if head is None:
                continue
            between = nt[trig.end() : head.start()]
            if _re(r"[，,；;]").search(between) and not _HAS_ROLES.search(between):
                continue  # the group noun belongs to another clause
            if _inside_title(nt, trig.start()):
                continue  # 《关于成立…领导小组的通知》 names a document, it sets nothing up
            if trig.group() == "下设":
                continue  # sub-groups and offices are read with their parent
            found = self._groups_at(nt, trig, head, clause_start, sent_end, taken_until)
            groups.extend(found)
            if found:
                taken_until = max(g.quote[1] for g in found)
        return groups

    def _groups_at(
        self,
        nt: str,
        trig: regex.Match[str],
        head: regex.Match[str],
        clause_start: int,
        sent_end: int,
        taken_until: int = -1,
    ) -> list[_Group]:
        name_start = _name_start(nt, head.start(), trig.end())
        names = [(name_start, head.end())]
        # coordinated groups: 成立了3个区级督查组和11个街道督查组 / 分为城东、城西3个攻坚小组
        pos = head.end()
        while True:
            m = _re(
                rf"(?:和|、|及|以及)(?:\d+|[一二两三四五六七八九十]+)?个?(?P<name>[^，。；、和及]{{0,20}}?(?:{_HEAD}))"
            ).match(nt[pos:sent_end])
            if not m:
                break
            s = pos + m.start("name")
            names.append((s, pos + m.end("name")))
            pos += m.end()
        roles_text_start = trig.end()
        group_end = pos
        leaders, deputies, members = _roles(nt, roles_text_start, name_start)
        # roles after the name: "成立…领导小组，由县长任组长，…为成员" — up to the next group set up in
        # the sentence ("调整充实了安委会，成立了由董事长任组长…的整治领导小组": those roles are the second's)
        following = _SETS_UP.search(nt, group_end, sent_end)
        after_end = following.start() if following else sent_end
        if not leaders and not deputies and not members:
            la, da, ma, after_stop = _roles_after(nt, group_end, after_end)
            leaders, deputies, members = la, da, ma
            if la or da or ma:
                group_end = max(group_end, after_stop)
        if not leaders and not deputies and not members:
            # "由总经理任组长、…为成员，成立了…工作小组": the roles come first — but not those of a
            # group set up earlier in the same sentence ("成立由县长任指挥长的指挥部，抽调…组成执法组")
            sent_start = max(_sentence_start(nt, trig.start()), taken_until)
            if _HAS_ROLES.search(nt[sent_start : trig.start()]):
                leaders, deputies, members = _roles(nt, sent_start, trig.start())
                if leaders or deputies or members:
                    clause_start = sent_start
        office, sub_items, office_end = _office_and_subgroups(nt, group_end, after_end)
        quote_end = max(group_end, office_end)
        out = []
        for s, e in names:
            name = nt[s:e]
            if _NOT_GROUP.search(name):
                continue
            subgroups = [_Group(name=nt[a:b], name_span=(a, b), quote=(a, b), explanation="下设") for a, b in sub_items]
            out.append(
                _Group(
                    name=name,
                    name_span=(s, e),
                    quote=(clause_start, quote_end),
                    leaders=list(leaders),
                    deputies=list(deputies),
                    members=list(members),
                    office=office,
                    subgroups=subgroups,
                    explanation=f"sentence form ({trig.group()})",
                )
            )
        return out

    # -- list form -----------------------------------------------------------------------------
    def _merge_lists(self, nt: str, groups: list[_Group]) -> list[_Group]:
        blocks = _role_blocks(nt)
        if not blocks:
            return groups
        main_groups = list(groups)
        for block in blocks:
            header = _block_header(nt, block.quote[0])
            owner = None
            if header is not None:
                hs, he = header
                # the header names a group already found in a sentence: the roles are its roles
                for g in main_groups:
                    if g.name_span and (
                        g.name_span[0] <= hs < g.name_span[1]
                        or hs <= g.name_span[0] < he
                        or (g.name and nt[hs:he].endswith(g.name[-4:]) and abs(g.quote[1] - hs) < 120)
                    ):
                        owner = g
                        break
            if owner is not None and not (owner.leaders or owner.deputies or owner.members):
                owner.leaders, owner.deputies, owner.members = block.leaders, block.deputies, block.members
                owner.quote = (owner.quote[0], max(owner.quote[1], block.quote[1]))
                if block.office and not owner.office:
                    owner.office = block.office
                continue
            name_span = header
            name = nt[header[0] : header[1]] if header else None
            quote_start = min(header[0], block.quote[0]) if header else block.quote[0]
            new = _Group(
                name=name,
                name_span=name_span,
                quote=(quote_start, block.quote[1]),
                leaders=block.leaders,
                deputies=block.deputies,
                members=block.members,
                office=block.office,
                explanation="list form",
            )
            parent = _parent_of(main_groups, new, nt)
            if parent is not None:
                parent.subgroups.append(new)
            else:
                main_groups.append(new)
        return main_groups

    # -- output --------------------------------------------------------------------------------
    def _finding(self, doc: Document, g: _Group) -> LeadershipGroup:
        norm = doc.normalized
        qs, qe = norm.to_original(*g.quote)
        return LeadershipGroup(
            text=doc.text[qs:qe],
            span=(qs, qe),
            name=g.name,
            name_span=norm.to_original(*g.name_span) if g.name_span else None,
            leaders=_mentions(doc, g.leaders),
            deputy_leaders=_mentions(doc, g.deputies),
            members=_mentions(doc, g.members),
            office=_mention(doc, g.office) if g.office else None,
            subgroups=[self._subgroup(doc, s) for s in g.subgroups],
            score=0.9 if (g.leaders or g.members) else 0.7,
            explanation=f"leadership_groups: {g.explanation}",
        )

    @staticmethod
    def _subgroup(doc: Document, g: _Group) -> SubGroup:
        norm = doc.normalized
        qs, qe = norm.to_original(*g.quote)
        return SubGroup(
            name=g.name,
            text=doc.text[qs:qe],
            span=(qs, qe),
            leaders=_mentions(doc, g.leaders),
            deputy_leaders=_mentions(doc, g.deputies),
            members=_mentions(doc, g.members),
            office=_mention(doc, g.office) if g.office else None,
        )


# -- helpers -------------------------------------------------------------------------------------


def _start_before(nt: str, pos: int, stops: str, reach: int) -> int:
    """Where the stretch of text ending at ``pos`` begins: after the last of ``stops`` at most ``reach``
    characters back, past spaces and tabs."""
    i = pos
    while i > 0 and nt[i - 1] not in stops and pos - i < reach:
        i -= 1
    while i < pos and nt[i] in " \t":
        i += 1
    return i


def _clause_start(nt: str, pos: int) -> int:
    return _start_before(nt, pos, "。；;!?\n，,：:", 60)


def _sentence_start(nt: str, pos: int) -> int:
    return _start_before(nt, pos, "。；;!?\n", 200)


def _inside_title(nt: str, pos: int) -> bool:
    """Whether ``pos`` lies between 《 and 》 (the title of another document)."""
    opened = nt.rfind("《", max(0, pos - 80), pos)
    return opened >= 0 and nt.find("》", opened, pos) < 0


_SENTENCE_END = regex.compile(r"[。；;!?\n]")


def _sentence_end(nt: str, pos: int) -> int:
    m = _SENTENCE_END.search(nt, pos)
    return m.start() if m else len(nt)


def _name_start(nt: str, head_start: int, floor: int) -> int:
    """Walk back from the head noun over the words of the group's name."""
    i = head_start
    in_quote = False
    while i > floor:
        ch = nt[i - 1]
        if ch == "”":
            in_quote = True
        elif ch == "“":
            in_quote = False
        elif in_quote and ch not in "，,。；;":
            i -= 1
            continue
        if ch in _NOT_NAME_END and ch not in "“”":
            break
        if ch.isdigit() or (
            ch in "个支" and i - 2 >= floor and (nt[i - 2].isdigit() or nt[i - 2] in "一二两三四五六七八九十")
        ):
            break
        if ch == "”" or ch == "“":
            i -= 1
            continue
        if head_start - i >= 30:
            break
        i -= 1
    # a name does not start with a leftover mark: "1.", "）", an unbalanced quote
    while i < head_start and nt[i] in "”），,. 、:：":
        i += 1
    if nt[i : i + 1] == "“" and "”" not in nt[i:head_start]:
        i += 1
    # drop leading words that are not part of a name (专门的/相应的 stop at 的 already)
    m = _re(r"(?:了|专门|相应|临时|一个|新的)").match(nt[i:head_start])
    if m and i + m.end() < head_start:
        i += m.end()
    return i


_PERSONISH = regex.compile(r"(?:长|书记|主任|委员|人|员|干部|同志|代表|师|记|督学|专家|骨干|\p{Han}{2,3}[）)])$")


def _split_people(nt: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a list of people/posts at 、，；, and at 和/及/与 only between two people
    (市住房和城乡建设局 stays whole); nothing inside parentheses is split."""
    out = []
    pos = start
    depth = 0
    i = start
    while i < end:
        ch = nt[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            sep = 0
            if ch in "、，,；;":
                sep = 1
            elif nt.startswith(("以及",), i):
                sep = 2 if _PERSONISH.search(nt[pos:i]) else 0
            elif ch in "和及与" and _PERSONISH.search(nt[pos:i]):
                sep = 1
            if sep:
                if i > pos:
                    out.append((pos, i))
                pos = i + sep
                i += sep
                continue
        i += 1
    if pos < end:
        out.append((pos, end))
    cleaned = []
    for s, e in out:
        s, e = strip_span(nt, s, e, " \t以由请和及与了", " \t等同志")
        # drop a trailing "负责人"-less count: "46 人" stays as text but not as a person
        if e - s >= 1 and not _re(r"[\d\s]+人?").fullmatch(nt[s:e]):
            cleaned.append((s, e))
    return cleaned


def _roles(nt: str, start: int, end: int) -> tuple[list, list, list]:
    """Roles written before the group's name: 以X为组长、Y为副组长、Z为成员的."""
    leaders: list[tuple[int, int]] = []
    deputies: list[tuple[int, int]] = []
    members: list[tuple[int, int]] = []
    text = nt[start:end]
    pos = 0
    for m in _ROLE_CLAUSE.finditer(text):
        who_s, who_e = start + m.start("who"), start + m.end("who")
        # the role phrase begins after the previous role phrase or separator
        who_s = max(who_s, start + pos)
        while who_s < who_e and nt[who_s] in "，,、；; 以由了":
            who_s += 1
        people = _split_people(nt, who_s, who_e)
        role = m.group("role")
        if _re(_ROLE_DEPUTY).fullmatch(role):
            deputies.extend(people)
        elif _re(_ROLE_MEMBER).fullmatch(role):
            members.extend(people)
        else:
            leaders.extend(people)
        pos = m.end()
    for m in _ROLE_BY.finditer(text):
        people = _split_people(nt, start + m.start("who"), start + m.end("who"))
        role = m.group("role")
        if _re(_ROLE_DEPUTY).fullmatch(role):
            deputies.extend(people)
        elif _re(_ROLE_MEMBER).fullmatch(role):
            members.extend(people)
        else:
            leaders.extend(people)
        pos = max(pos, m.end())
    rest = text[pos:]
    formed = _MEMBERS_FORMED.search(rest)
    if formed and not members:
        s, e = start + pos + formed.start("who"), start + pos + formed.end("who")
        while s < e and nt[s] in "，,、由":
            s += 1
        members.extend(_split_people(nt, s, e))
    led = _LEADS.search(text)
    if led and not leaders:
        leaders.extend(_split_people(nt, start + led.start("who"), start + led.end("who")))
    return leaders, deputies, members


def _roles_after(nt: str, start: int, end: int) -> tuple[list, list, list, int]:
    """Roles in the clauses right after the name: "，由县长任组长，分管副县长任副组长，…为成员"."""
    text = nt[start:end]
    lead = _re(r"(?:进行调整充实|调整充实|组成人员|成员)?[，,:：]?\s*").match(text)
    offset = lead.end() if lead else 0
    if not (
        _re(r"(?:由|组长|副组长|指挥长|主任委员|以|每组由)").match(text[offset:])
        or _re(rf"[^，,。；]{{0,30}}(?:任|为|担任)(?:{_ROLE_LEADER}|{_ROLE_DEPUTY})").match(text[offset:])
    ):
        return [], [], [], start
    m_end = 0
    for m in _HAS_ROLES.finditer(text):
        m_end = m.end()
    for m in _ROLE_BY.finditer(text):
        m_end = max(m_end, m.end())
    if not m_end:
        return [], [], [], start
    stop = start + m_end
    leaders, deputies, members = _roles(nt, start + offset, stop)
    return leaders, deputies, members, stop


def _office_and_subgroups(nt: str, start: int, end: int) -> tuple[tuple[int, int] | None, list, int]:
    """The 下设 office and sub-groups in the text right after a group (same or next sentence)."""
    window_end = min(len(nt), _sentence_end(nt, _sentence_end(nt, start) + 1) if start < len(nt) else start)
    window_end = min(window_end, start + 160)
    office = None
    last = start
    m = _OFFICE.search(nt, start, window_end)
    if m and m.start() - start <= 40:
        office = (m.start(), m.end())
        last = m.end()
        # "…办公室，办公室设在…，由…兼任办公室主任" continue through clauses about the office
        while True:
            nxt = _re(r"[，,][^，,。；;\n]*(?:办公室|负责日常)[^，,。；;\n]*").match(nt[last:window_end])
            if not nxt:
                break
            last += nxt.end()
            office = (office[0], last)
    subs: list[tuple[int, int]] = []
    sm = _SUBGROUPS.search(nt, start, window_end)
    if sm and sm.start() - start <= 60:
        items = sm.group("items")
        base = sm.start("items")
        for part in _re(r"[^、，,和及]+").finditer(items):
            word = part.group().strip()
            word_s = base + part.start() + (len(part.group()) - len(part.group().lstrip()))
            if _re(rf"(?:{_HEAD})$").search(word) and "办公室" not in word:
                # "综合协调、宣传2个工作组": count prefixes are not names
                word = _re(r"^\d+个").sub("", word)
                subs.append((word_s + (len(part.group().strip()) - len(word)), base + part.end()))
        last = max(last, sm.end())
    return office, subs, last


@dataclass
class _Block:
    quote: tuple[int, int]
    leaders: list[tuple[int, int]]
    deputies: list[tuple[int, int]]
    members: list[tuple[int, int]]
    office: tuple[int, int] | None


# a character every role of _LIST_ROLE has (组长, 指挥长, 总指挥, 成员, 组员, 委员, 顾问, 政委)
_ROLE_CHAR = regex.compile("[长挥员问委]")


def _role_blocks(nt: str) -> list[_Block]:
    """Runs of 组长：/副组长：/成员： lines (or ；-separated roles on one line)."""
    blocks: list[_Block] = []
    lines = []
    pos = 0
    for line in nt.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    current: _Block | None = None
    last_role: list[tuple[int, int]] | None = None
    after_role = False  # the line above was a role line (or its continuation)
    for ls, le in lines:
        if current is None and not _ROLE_CHAR.search(nt, ls, le):
            continue  # outside a block, a line without any role word can neither start nor end one
        pieces = [(ls, le)]
        if _re(r"[；;]\s*(?:副组长|成员|组员|副指挥长)\s*[:：]").search(nt[ls:le]):
            pieces = []
            p = ls
            for m in _re(r"[；;]").finditer(nt[ls:le]):
                pieces.append((p, ls + m.start()))
                p = ls + m.end()
            pieces.append((p, le))
        matched_any = False
        for ps, pe in pieces:
            # a role line may follow the group's name on the same line: "成立…领导小组，组长：XXX"
            m = _LIST_ROLE.match(nt[ps:pe])
            offset = ps
            if not m:
                inner = _re(rf"(?:[，,：:]|^)\s*(?={_ROLE_DEPUTY}[:：]|组长[:：]|指挥长[:：])").search(nt[ps:pe])
                if inner:
                    offset = ps + inner.end()
                    m = _LIST_ROLE.match(nt[offset:pe])
            if not m:
                continue
            matched_any = True
            role = _re(r"\s+").sub("", m.group("role"))
            who_s, who_e = offset + m.start("who"), offset + m.end("who")
            stop = nt.find("。", who_s, who_e)  # the list ends at a full stop: "成员：…书记。领导小组下设办公室…"
            if stop >= 0:
                who_e = stop
            if who_e > who_s and nt[who_e - 1] in "。；;":
                who_e -= 1
            people = _split_people(nt, who_s, who_e)
            if current is None:
                current = _Block(quote=(offset, pe), leaders=[], deputies=[], members=[], office=None)
            if _re(_ROLE_DEPUTY).fullmatch(role):
                current.deputies.extend(people)
                last_role = current.deputies
            elif _re(_ROLE_MEMBER).fullmatch(role) or role == "顾问":
                current.members.extend(people)
                last_role = current.members
            else:
                if current.leaders:  # a second 组长 line starts a new block
                    blocks.append(current)
                    current = _Block(quote=(offset, pe), leaders=[], deputies=[], members=[], office=None)
                current.leaders.extend(people)
                last_role = current.leaders
            current.quote = (current.quote[0], pe if nt[pe - 1 : pe] not in "。；;" else pe - 1)
        if matched_any:
            after_role = True
        elif current is not None:
            text = nt[ls:le]
            # a continuation line, indented under the role line right above it: "副组长：A\n        B" —
            # a list of names, not an indented paragraph of prose (no full stop inside it)
            if (
                last_role is not None
                and after_role
                and _re(r"^[ \t]{2,}\S").match(text)
                and not _OFFICE.search(text)
                and "。" not in text.rstrip().rstrip("。")
                and ("、" in text or not _re(r"[，,]").search(text))
                and not _LABELLED_LINE.match(text)
            ):
                who_s = ls + len(text) - len(text.lstrip())
                who_e = le - 1 if nt[le - 1 : le] in "。；;" else le
                last_role.extend(_split_people(nt, who_s, who_e))
                current.quote = (current.quote[0], who_e)
                continue
            after_role = False
            om = _OFFICE.search(text)
            if om and not current.office and om.start() < 10:
                current.office = (ls + om.start(), ls + om.end())
                continue
            if text.strip() and not _re(r"\s*(?:职责|主要职责|工作职责)[:：]").match(text):
                blocks.append(current)
                current = None
                last_role = None
    if current is not None:
        blocks.append(current)
    return [b for b in blocks if b.leaders or b.deputies]


def _block_header(nt: str, block_start: int) -> tuple[int, int] | None:
    """The group name a role block belongs to: on its own line just above, or earlier on its line."""
    line_start = nt.rfind("\n", 0, block_start) + 1
    # same line, before the roles: "成立…领导小组，组长："
    same = list(_re(rf"(?:{_HEAD})").finditer(nt[line_start:block_start]))
    if same:
        m = same[-1]
        e = line_start + m.end()
        return _name_start(nt, line_start + m.start(), line_start), e
    # up to two lines above
    search_start = block_start
    for _ in range(3):
        prev_end = search_start - 1
        if prev_end <= 0:
            return None
        prev_start = nt.rfind("\n", 0, prev_end) + 1
        line = nt[prev_start:prev_end]
        found = list(_re(rf"(?:{_HEAD})").finditer(line))
        if found:
            m = found[-1]
            name_s = _name_start(nt, prev_start + m.start(), prev_start)
            # strip a list marker: "（一）宣传报道组", "1.疫情防控工作领导小组"
            mk = _re(r"\s*(?:\(?[一二三四五六七八九十\d]+[)、.]|[①-⑳])\s*").match(nt[name_s : prev_start + m.start()])
            if mk:
                name_s += mk.end()
            return name_s, prev_start + m.end()
        if line.strip():
            return None
        search_start = prev_start
    return None


def _parent_of(groups: list[_Group], new: _Group, nt: str) -> _Group | None:
    """A list block headed by a small group name right after a main group is its sub-group."""
    if new.name is None:
        return None
    if _re(r"(?:领导小组|领导组|指挥部|委员会|领导机构)$").search(new.name):
        return None
    candidates = [
        g
        for g in groups
        if g.quote[1] <= new.quote[0]
        and new.quote[0] - g.quote[1] < 1500
        and g.name
        and _re(r"(?:领导小组|领导组|指挥部|专班|委员会|领导机构)$").search(g.name)
    ]
    return candidates[-1] if candidates else None


def _drop_generic_mentions(groups: list[_Group]) -> list[_Group]:
    """Drop a bare "（一）成立领导组" announcement when the group itself is set up right after it."""
    kept = []
    for g in groups:
        bare = g.name is not None and _GENERIC.match(g.name) and not (g.leaders or g.deputies or g.members)
        if bare and any(
            other is not g
            and other.name
            and g.name is not None
            and other.name != g.name
            and other.name.endswith(g.name[-2:])
            and 0 <= other.quote[0] - g.quote[1] < 600
            for other in groups
        ):
            continue
        kept.append(g)
    return kept


def _merge_repeated(groups: list[_Group]) -> list[_Group]:
    """One group set up once but named in several sentences ("成立专项整治组…专项整治组由…组成", or
    "区企业复工复产工作专班" then "企业复工复产工作专班") is one finding: a name equal to another's, or
    the end of it, is the same group — but not a bare head noun ("…各社区也分别成立了领导小组" is another
    group). The one that says most (roles, office, sub-groups), then the fuller name, then the first,
    is kept."""

    def said(g: _Group) -> int:
        return len(g.leaders) + len(g.deputies) + len(g.members) + (g.office is not None) + len(g.subgroups)

    order = sorted(range(len(groups)), key=lambda i: (-said(groups[i]), -len(groups[i].name or ""), groups[i].quote))
    kept: list[_Group] = []
    for i in order:
        g = groups[i]
        if g.name and any(
            k.name == g.name or (k.name and k.name.endswith(g.name) and not _GENERIC.match(g.name)) for k in kept
        ):
            continue
        kept.append(g)
    kept_ids = {id(g) for g in kept}
    return [g for g in groups if id(g) in kept_ids]  # in their original order


def _mention(doc: Document, span: tuple[int, int]) -> Mention:
    s, e = doc.normalized.to_original(*span)
    return Mention(text=doc.text[s:e], span=(s, e))


def _mentions(doc: Document, spans: list[tuple[int, int]]) -> list[Mention]:
    return [_mention(doc, s) for s in spans if s[1] > s[0]]
