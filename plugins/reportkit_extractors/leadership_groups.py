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
from reportkit.textutil import start_before, strip_span
from reportkit_extractors import _people
from reportkit_extractors._people import Person, people

__all__ = ["Mention", "PersonMention", "SubGroup", "LeadershipGroup", "LeadershipGroupsExtractor"]


class PersonMention(Mention):
    """A leader, deputy or member as written: a post ("县委书记"), a name ("王建国", "×××"), or both
    ("县委副书记、县长王建国", "王建国（县委副书记、县长）", "组  长：王建国  县委副书记、县长" → the text
    "王建国  县委副书记、县长"). When both are there, ``name`` and ``post`` give each its own span."""

    name: Mention | None = Field(None, description="the person's name, when the mention has a post too")
    post: Mention | None = Field(None, description="the post(s), when the mention has a name too")


class SubGroup(BaseModel):
    """A group set up under another one (下设…组, or a "（一）宣传组 组长：…" block)."""

    name: str | None = None
    leaders: list[PersonMention] = Field(default_factory=list)
    deputy_leaders: list[PersonMention] = Field(default_factory=list)
    members: list[PersonMention] = Field(default_factory=list)
    office: Mention | None = None
    text: str
    span: tuple[int, int]


class LeadershipGroup(Finding):
    """A group the text sets up; ``text``/``span`` are the sentence(s) that set it up."""

    name: str | None = Field(None, description="as written (line breaks inside it removed)")
    name_span: tuple[int, int] | None = None
    leaders: list[PersonMention] = Field(default_factory=list, description="组长/指挥长/总指挥: posts or names")
    deputy_leaders: list[PersonMention] = Field(default_factory=list, description="副组长/副指挥长/副总指挥/执行指挥")
    members: list[PersonMention] = Field(default_factory=list, description="成员")
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
_HEAD = "(?:" + "|".join(HEADS) + r"|(?<=\p{Han})(?<!党|纪检|教研|年级|学习|每|各|该)组)(?![织成建长员团合])"
_TRIGGER = (
    r"(?:调整充实|调整组建|调整|成立|组建|组成(?!人员|部分|员|的?成员|立)|设立|建立|组织了?(?=\d|[一二两三四五六七八九十]+个)"
    r"|抽调[^，。；]{0,40}?组成|派出|牵头设立|下设|分(?:成|为)?(?=\d+个|[一二两三四五六七八九十]+个))"
)
# a line that starts something else: a label ("职责：") or a list marker ("（二）宣传教育组", "四、主要任务")
_LABELLED_LINE = regex.compile(
    r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[^\s，,。、；;]{1,8}[:：])"
)
# the verbs that set up a new group (not 组成, which also describes a group's make-up: "推选5人组成")
_SETS_UP = regex.compile(r"调整充实|调整组建|成立|组建|设立")
_ROLE_LEADER = r"(?:第一组长|双组长|组长|指挥长|总指挥|主任委员|召集人|专班组长|专班负责人|负责人|牵头|统筹|总负责)"
_ROLE_DEPUTY = r"(?:常务副组长|第一副组长|副组长|常务副指挥长|副指挥长|副总指挥|执行指挥|副主任委员|副召集人)"
_ROLE_MEMBER = r"(?:成员|组员|委员)"
_NOT_NAME_END = set("的了和及与、，,；;。:：“”（）()")

# "以X为组长" / "由X任组长" / "X任组长" / "X担任组长" / "X为成员" / "X组成的"
_ROLE_CLAUSE = regex.compile(
    rf"""
    (?:以|由|请)?(?P<who>[^，,；;。:：]{{1,80}}?)(?:同志)?
    (?:(?<![主责信])任|为|担任|兼任|作为)(?:前线|现场)?(?P<role>{_ROLE_DEPUTY}|{_ROLE_LEADER}|{_ROLE_MEMBER}|政委)
    """,
    regex.VERBOSE,
)
# "成员为X" / "成员包括X"
_MEMBERS_ARE = regex.compile(r"成员(?:为|是|包括|有)(?P<who>[^。;；\n]{1,120}?)(?=[。;；\n]|$)")
_MEMBERS_FORMED = regex.compile(r"(?:由)?(?P<who>[^，,；;。:：]{2,80}?)(?:等)?(?:共\d+人)?组成")
_LEADS = regex.compile(r"由(?P<who>[^，,；;。:：]{1,40}?)(?:分别)?(?:牵头|统筹|负责|挂帅|带队)")
# "组长由X担任", "主任委员由院长担任", "副组长由Y和Z兼任"
_ROLE_BY = regex.compile(
    rf"(?P<role>{_ROLE_DEPUTY}|第一组长|双组长|组长|指挥长|主任委员|{_ROLE_MEMBER})由(?P<who>[^，,；;。]{{1,80}}?)(?:担任|兼任|组成)"
)
# an explicit role phrase: the clause really describes who is in the group
_HAS_ROLES = regex.compile(
    rf"(?:任|为|担任|兼任)(?:前线|现场)?(?:{_ROLE_DEPUTY}|第一组长|双组长|组长|指挥长|总指挥|主任委员|{_ROLE_MEMBER}|政委|专班负责人)"
    r"|成员(?:为|是|包括)[^。;；\n]*"
    rf"|组成的|带队|牵头|由[^，,。；]{{1,30}}统筹|(?:{_ROLE_DEPUTY}|组长|指挥长|主任委员)由"
)
_LIST_ROLE = regex.compile(
    r"^[ \t]*(?P<role>(?:常务)?副[ \t]*组[ \t]*长|第一组长|组[ \t]*长|(?:常务)?副指挥长|指挥长|总指挥|"
    r"成[ \t]*员|组[ \t]*员|委[ \t]*员|顾[ \t]*问|政[ \t]*委)[ \t]*[:：\t][ \t]*(?P<who>.+?)[ \t]*$"
)
# a group's name followed by its roles: "调研组由…任组长", "综合协调组：组长由…担任", "领导小组，X任组长"
_NAMED_ROLES = regex.compile(
    rf"[ \t]*[:：,，]?[ \t]*(?=由[^，,。；;\n]{{1,40}}?(?:任|担任|兼任)|(?:{_ROLE_DEPUTY}|组长|指挥长|总指挥)由"
    rf"|[^，,。；;:：\n]{{1,40}}?(?:任|担任)(?:{_ROLE_LEADER}))"
)
_OFFICE = regex.compile(
    r"(?:(?:领导小组|小组|指挥部|专班|委员会|领导组)?下设(?:办公室|[^，。；]{0,40}?办公室)[^。；\n]*"
    r"|(?:领导小组|小组|指挥部|专班|委员会|领导组)?办公室设在[^。；\n]*)"
)
_SUBGROUPS = regex.compile(
    rf"下设(?P<items>[^。；;\n]{{2,160}}?(?:{_HEAD})(?:(?:、|和|及|以及)[^。；;\n、,，]{{1,24}}?(?:{_HEAD}))*)"
)
# a sub-group on a line of its own under "下设6个专项组：" — "（三）污染防治组：牵头单位为…"
_SUBGROUP_LINE = regex.compile(
    rf"[ \t]*(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]|[①-⑳]、?)[ \t]*(?P<name>[^\s:：,，。;；、()（）]{{1,16}}?(?:{_HEAD}))"
    r"(?=[:：,，。;；\s]|$)"
)
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
    leaders: list[Person] = field(default_factory=list)
    deputies: list[Person] = field(default_factory=list)
    members: list[Person] = field(default_factory=list)
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
        groups = self._named_roles(nt, groups)
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
            if trig.group() == "建立" and _re(r"[^，,。；;]*?(?:机制|制度|体系|格局|模式)").match(nt, head.end()):
                continue  # "建立领导小组统筹抓、专班具体抓的工作机制" sets up a way of working
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
            header = _block_header(nt, block.quote[0], block.floor)
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

    # -- a group named, then its roles -----------------------------------------------------------
    def _named_roles(self, nt: str, groups: list[_Group]) -> list[_Group]:
        """Roles written after a group's name in a sentence of their own: "调研组由常委会副主任…任组长",
        "专班由镇党委书记…任组长" (the group set up in the sentence before), "产业发展组由分管副镇长任组长"
        (a sub-group named by 下设 before), "（一）综合协调组：组长由…担任" — or an excerpt that begins
        with the group: "整改工作领导小组，乡党委书记×××任组长"."""
        everyone = [g for top in groups for g in (top, *top.subgroups)]
        for head in self._head_re.finditer(nt):
            if any(g.quote[0] <= head.start() < g.quote[1] and _said(g) for g in groups):
                continue  # read with its group already
            lead = _NAMED_ROLES.match(nt, head.end())
            if lead is None:
                continue
            seg_end = _sentence_end(nt, head.end())
            # the roles end at its duties, or where the next group's roles begin ("，护理组由…任组长")
            duty = _re(rf"[,，](?:负责|主要负责|具体负责|承担|[^,，。；;]{{0,16}}?(?:{_HEAD})(?:由|[:：]))").search(
                nt, head.end(), seg_end
            )
            if duty:
                seg_end = duty.start()
            if _SETS_UP.search(nt, head.end(), seg_end):
                continue  # "调整了安委会，成立由…任组长的领导小组": the roles are the next group's
            leaders, deputies, members = _roles(nt, lead.end(), seg_end)
            if not (leaders or deputies):
                continue
            floor = start_before(nt, head.start(), "。；;!?\n", 60)
            name_s = _strip_marker(nt, _name_start(nt, head.start(), floor), head.start())
            setup = [
                m.end() for m in _re(r"下设|成立|组建|设立|组成").finditer(nt, name_s, head.start(), overlapped=True)
            ]
            if setup:  # "领导小组下设技术指导组，由…": the name starts after the verb ("党组成立…": 成立)
                name_s = max(setup)
            name = nt[name_s : head.end()]
            target = next((g for g in everyone if g.name == name and not _said(g)), None)
            if target is None:
                target = next(
                    (
                        g
                        for g in reversed(groups)
                        if g.name and g.name.endswith(name) and not _said(g) and 0 <= name_s - g.quote[1] < 300
                    ),
                    None,
                )
            if target is not None:
                target.leaders, target.deputies, target.members = leaders, deputies, members
                target.quote = (min(target.quote[0], name_s), max(target.quote[1], seg_end))
                continue
            if _GENERIC.match(name) or _NOT_GROUP.search(name) or _inside_title(nt, head.start()):
                continue
            new = _Group(
                name=name,
                name_span=(name_s, head.end()),
                quote=(name_s, seg_end),
                leaders=leaders,
                deputies=deputies,
                members=members,
                explanation="named with its roles",
            )
            parent = _parent_of(groups, new, nt)
            if parent is not None:
                parent.subgroups.append(new)
            else:
                groups.append(new)
            everyone.append(new)
        return groups

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


def _clause_start(nt: str, pos: int) -> int:
    return start_before(nt, pos, "。；;!?\n，,：:", 60)


def _sentence_start(nt: str, pos: int) -> int:
    return start_before(nt, pos, "。；;!?\n", 200)


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
    m = _re(r"(?:了|专门|相应|临时|一个|新的|其中|分别|另外|同时)").match(nt[i:head_start])
    if m and i + m.end() < head_start:
        i += m.end()
    return i


def _split_people(nt: str, start: int, end: int) -> list[Person]:
    """The people and posts of a role (see :mod:`reportkit_extractors._people`)."""
    return people(nt, start, end)


def _roles(nt: str, start: int, end: int) -> tuple[list, list, list]:
    """Roles written before the group's name: 以X为组长、Y为副组长、Z为成员的."""
    leaders: list[Person] = []
    deputies: list[Person] = []
    members: list[Person] = []
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
    are = _MEMBERS_ARE.search(text, pos)
    if are and not members:
        members.extend(_split_people(nt, start + are.start("who"), start + are.end("who")))
        pos = max(pos, are.end())
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
        or _re(rf"[^，,。；]{{0,30}}(?:(?<![主责信])任|为|担任)(?:{_ROLE_LEADER}|{_ROLE_DEPUTY})").match(text[offset:])
    ) or _re(rf"(?:其中)?[^，,。；]{{0,16}}?(?:{_HEAD})(?:由|[:：])").match(text, offset):
        return [], [], [], start  # "…5个专项组，其中医疗组由刘某任组长": another group's roles
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
        parts = [(base + p.start(), base + p.end()) for p in _re(r"[^、，,和及]+").finditer(items)]
        # "下设抢险救援、转移安置、医疗防疫3个工作组": the names before the count are the groups' names
        counted = (
            _re(rf"(?:\d+|[一二两三四五六七八九十]+)个[^、，,]{{0,6}}(?:{_HEAD})$").search(nt, *parts[-1])
            if parts
            else None
        )
        if counted and len(parts) == 1 and counted.start() == parts[0][0]:
            parts = []  # "下设6个专项组：" names none (they may follow, one per line)
        elif counted:
            parts[-1] = (parts[-1][0], counted.start())
        for ps, pe in parts:
            ps, pe = strip_span(nt, ps, pe)
            word = nt[ps:pe]
            if pe > ps and "办公室" not in word and (counted or _re(rf"(?:{_HEAD})$").search(word)):
                # "综合协调、宣传2个工作组": count prefixes are not names
                lead = _re(r"^\d+个").match(word)
                subs.append((ps + (lead.end() if lead else 0), pe))
        last = max(last, sm.end())
        if not subs and _re(r"[ \t]*[:：]").match(nt, sm.end()):
            subs = _subgroup_lines(nt, sm.end())
    return office, subs, last


def _subgroup_lines(nt: str, pos: int) -> list[tuple[int, int]]:
    """The names of the sub-groups listed one per line after "下设N个工作组：" (their roles, when the lines
    give them, are read with :meth:`LeadershipGroupsExtractor._named_roles` or as a roster)."""
    subs: list[tuple[int, int]] = []
    line_end = nt.find("\n", pos)
    while line_end >= 0 and len(subs) < 20:
        start = line_end + 1
        line_end = nt.find("\n", start)
        end = len(nt) if line_end < 0 else line_end
        if not nt[start:end].strip():
            if subs:
                break
            continue
        m = _SUBGROUP_LINE.match(nt, start, end)
        if not m:
            break
        subs.append((m.start("name"), m.end("name")))
    return subs


@dataclass
class _Block:
    quote: tuple[int, int]
    leaders: list[Person]
    deputies: list[Person]
    members: list[Person]
    office: tuple[int, int] | None
    acting: list[Person] = field(default_factory=list)  # 执行指挥/执行组长: deputies, or leaders when alone
    floor: int = 0  # where the text the block may take its header from begins


def _spaced(word: str) -> str:
    return "[ \t]*".join(regex.escape(ch) for ch in word)


# the labels of a roster, by the role they give; spaces may sit between their characters ("指 挥 长")
_LABELS = {
    "leader": ("总指挥", "指挥长", "第一组长", "双组长", "组长", "主任委员", "总召集人", "召集人", "政委"),
    "acting": ("执行指挥", "执行组长", "执行指挥长"),
    "deputy": (
        "副总指挥",
        "常务副指挥长",
        "副指挥长",
        "常务副组长",
        "第一副组长",
        "副组长",
        "副主任委员",
        "副召集人",
    ),
    "member": ("成员单位", "成员", "组员", "委员", "顾问", "联络员"),
}
_LABEL_ROLE = {w: role for role, words in _LABELS.items() for w in words}
# a label opens a line, follows a separator, or follows the group's name ("宣传组组长："); a colon or a
# tab ends it — or, at the start of a line, the spaces of a table row ("组　长　王建国")
_LABEL = regex.compile(
    r"(?:(?<![\p{Han}])|(?<=组))(?P<label>"
    + "|".join(_spaced(w) for w in sorted(_LABEL_ROLE, key=len, reverse=True))
    + r")(?P<sep>[ \t]*[:：]|\t|[ \t]+(?=\p{Han}))"
)
# what ends a role's value inside a line: its duties or the office ("，负责…", "；办公室设在…")
_DUTY = regex.compile(
    r"[ \t]*(?:负责|主要负责|具体负责|承担|职责|主要职责|统筹|协调|协助|配合|主持|指导|做好|抓好|全面|日常)"
)
_MARKER_START = regex.compile(
    r"(?:[(（]?[一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[①-⑳]|[A-Za-z][、.．])"
)
# a "post：name" line of a roster ("生产部经理:马 军", "安全员：×××")
_POST_NAME_LINE = regex.compile(
    r"[ \t]*(?P<post>[^\s:：,，。;；、()（）]{2,16}?)[ \t]*[:：][ \t]*(?P<name>[^\s:：,，。;；、]{1,6}(?:[ \t][^\s:：,，。;；、]{1,3})?)[ \t]*[;；。]?[ \t]*$"
)


_ENDS_VALUE = regex.compile(
    rf"(?:{_DUTY.pattern}|{_MARKER_START.pattern}|[ \t]*(?:领导小组|小组|指挥部|专班|委员会)?(?:下设|办公室设在))"
)


def _rosterish(chunk: str) -> bool:
    """Whether a space-separated chunk after a role's value still lists people (flattened text runs a
    roster into the next paragraph: "成员：A、B 领导小组下设办公室，…"): short pieces between commas,
    none of them a duty, a list marker or the office."""
    if not chunk or regex.search(r"[:：]|。.", chunk):
        return False
    for part in regex.split(r"[,，;；]", chunk.rstrip("。,，;；")):
        if not part or len(part) > 16 or _MARKER_START.match(part) or _DUTY.match(part) or _OFFICE.match(part):
            return False
    return True


def _value_end(nt: str, start: int, limit: int) -> int:
    """Where the value of a role label that begins at ``start`` ends, at ``limit`` at the latest: at a
    full stop, at its duties, at a parenthesis closing a roster written in parentheses, or where
    flattened text goes on with something that is not a list of people."""
    depth = 0
    i = start
    while i < limit:
        ch = nt[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "。" or (depth == 0 and ch in ",，;；" and _ENDS_VALUE.match(nt, i + 1, limit)):
            return i
        elif depth == 0 and ch in " \t" and i > start:
            j = i
            while j < limit and nt[j] in " \t":
                j += 1
            k = j
            while k < limit and nt[k] not in " \t":
                k += 1
            if j < limit and not _rosterish(nt[j:k]):
                return i
            i = j
            continue
        i += 1
    return limit


def _line_bounds(nt: str, pos: int) -> tuple[int, int]:
    start = nt.rfind("\n", 0, pos) + 1
    end = nt.find("\n", pos)
    return start, (len(nt) if end < 0 else end)


def _indent(nt: str, ls: int, le: int) -> int:
    i = ls
    while i < le and nt[i] in " \t":
        i += 1
    return i - ls


def _continuation(nt: str, ls: int, le: int, label_indent: int, open_list: bool) -> bool:
    """Whether the line ``nt[ls:le]`` goes on with the names of the role above it: indented under it
    ("副组长：A\n        B"), or after a list left open ("成员：A、B、\nC、D") — a list of names, not a
    paragraph of prose (no full stop inside it), a label, a list marker or the office."""
    text = nt[ls:le]
    body = text.strip()
    if not body or _LABELLED_LINE.match(text) or _MARKER_START.match(body) or _OFFICE.search(text):
        return False
    if _DUTY.match(body) or "。" in body.rstrip("。;；") or _LABEL.search(text) or _re(r"[:：]").search(body):
        return False  # a labelled line ("职　责：负责…") is no name
    indent = _indent(nt, ls, le)
    if not (open_list or indent > label_indent or (indent >= 2 and label_indent >= 2)):
        return False
    return "、" in body or not regex.search(r"[,，]", body)


def _role_blocks(nt: str) -> list[_Block]:
    """Rosters: runs of role labels with their values — 组长：/副组长：/成员： (总指挥：/执行指挥：/
    指挥长：…) on lines of their own, one after another on one line (；-separated, or flattened text),
    or inside parentheses after the group's name; values go on over indented lines or after a list left
    open, and "post：name" lines after an empty 成员： are members."""
    labels = list(_LABEL.finditer(nt))
    if not labels:
        return []
    blocks: list[_Block] = []
    current: _Block | None = None
    prev_end = 0  # where the previous value (or block) ended
    for n, m in enumerate(labels):
        if m.start() < prev_end:
            continue  # inside a value already read
        role = _LABEL_ROLE[regex.sub(r"[ \t]+", "", m.group("label"))]
        ls, le = _line_bounds(nt, m.start())
        if not regex.search(r"[:：\t]", m.group("sep")) and nt[ls : m.start()].strip():
            continue  # "组　长　王建国" without a colon only as a table row, at the start of its line
        next_start = labels[n + 1].start() if n + 1 < len(labels) else len(nt)
        vs = m.end()
        while vs < le and nt[vs] in " \t":
            vs += 1
        if _DUTY.match(nt, vs, le):
            continue  # "组长：负责全面工作" describes a role, it names nobody
        ve = _value_end(nt, vs, min(le, next_start))
        who = [(vs, ve)]
        end = ve
        # the value goes on over the next lines
        if ve == le and next_start > le:
            label_indent = _indent(nt, ls, le)
            pos = le
            empty = not nt[vs:ve].strip()
            while pos < len(nt) and pos < next_start:
                cs, ce = pos + 1, nt.find("\n", pos + 1)
                ce = len(nt) if ce < 0 else ce
                if ce > next_start:
                    break
                last = nt[who[-1][0] : who[-1][1]].rstrip()
                pn = _POST_NAME_LINE.fullmatch(nt, cs, ce) if (empty or role == "member") else None
                if pn and _people.is_name(regex.sub(r"[ \t]", "", pn.group("name"))):
                    who.append((pn.start("post"), pn.end("name")))
                    end = pn.end("name")
                    pos = ce
                    continue
                if _continuation(nt, cs, ce, label_indent, empty or last.endswith(("、", ",", "，"))):
                    cv = cs + _indent(nt, cs, ce)
                    cve = _value_end(nt, cv, ce)
                    who.append((cv, cve))
                    end = cve
                    if cve < ce:
                        break
                    pos = ce
                    continue
                break
        gap = nt[prev_end : m.start()]
        starts_new = (
            current is None
            or not _re(r"[\s;；,，。、]*").fullmatch(gap)
            or gap.count("\n") > 2
            or (role == "leader" and current.leaders)
        )
        if starts_new:
            if current is not None:
                blocks.append(current)
            current = _Block(quote=(m.start(), end), leaders=[], deputies=[], members=[], office=None)
            current.floor = prev_end
        assert current is not None
        found: list[Person] = []
        for s, e in who:
            pn = _POST_NAME_LINE.fullmatch(nt, s, e) if s > vs else None
            if pn:
                found.append(Person(s, e, pn.span("name"), pn.span("post")))
                continue
            while e > s and nt[e - 1] in "。;；,，、 \t":
                e -= 1
            found.extend(_split_people(nt, s, e))
        {"leader": current.leaders, "acting": current.acting, "deputy": current.deputies, "member": current.members}[
            role
        ].extend(found)
        end = max(end, m.end())
        while end > m.start() and nt[end - 1] in "。;；,， \t":
            end -= 1
        current.quote = (current.quote[0], end)
        prev_end = end
        # the office right after the roster: on the next line, or next in flattened text
        om = _re(r"[\s。;；,，]*").match(nt, end)
        after = om.end() if om else end
        office = _OFFICE.match(nt, after) if after - end <= 3 else None
        if office and not current.office:
            current.office = (office.start(), office.end())
            prev_end = office.end()
    if current is not None:
        blocks.append(current)
    for b in blocks:
        if b.acting:  # 执行指挥 deputises for the 总指挥; without one, it leads
            if b.leaders:
                b.deputies[0:0] = b.acting
            else:
                b.leaders = b.acting
    return [b for b in blocks if b.leaders or b.deputies]


def _block_header(nt: str, block_start: int, floor: int = 0) -> tuple[int, int] | None:
    """The group name a role block belongs to: earlier on its line ("成立…领导小组，组长：",
    "（1）综合协调组。组长：", "宣传组组长："), or on a line of its own up to three lines above — never
    before ``floor``, where the block before it ended."""
    line_start = max(nt.rfind("\n", 0, block_start) + 1, floor, block_start - 120)
    # same line, before the roles
    same = list(_re(rf"(?:{_HEAD})").finditer(nt, line_start, block_start))
    if same:
        m = same[-1]
        return _strip_marker(nt, _name_start(nt, m.start(), line_start), m.start()), m.end()
    # up to three lines above
    search_start = nt.rfind("\n", 0, block_start) + 1
    for _ in range(3):
        prev_end = search_start - 1
        if prev_end <= 0 or prev_end <= floor:
            return None
        prev_start = max(nt.rfind("\n", 0, prev_end) + 1, floor)
        found = list(_re(rf"(?:{_HEAD})").finditer(nt, prev_start, prev_end))
        if found:
            m = found[-1]
            return _strip_marker(nt, _name_start(nt, m.start(), prev_start), m.start()), m.end()
        if nt[prev_start:prev_end].strip():
            return None
        search_start = prev_start
    return None


def _strip_marker(nt: str, name_s: int, head_s: int) -> int:
    """A name does not begin with its list marker: "（一）宣传报道组", "1.疫情防控工作领导小组", "①、综合组"."""
    mk = _re(r"\s*(?:\(?[一二三四五六七八九十\d]+[)、.]|[①-⑳]、?)\s*").match(nt, name_s, head_s)
    return mk.end() if mk else name_s


def _parent_of(groups: list[_Group], new: _Group, nt: str) -> _Group | None:
    """A list block headed by a small group name right after a main group is its sub-group."""
    if new.name is None:
        return None
    if _re(r"(?:领导小组|领导组|指挥部|委员会|领导机构)$").search(new.name):
        return None
    before = [g for g in groups if g.quote[1] <= new.quote[0] and new.quote[0] - g.quote[1] < 1500 and g.name]
    # the groups a sentence ending in a colon announces: "设立8个专项工作组，每组由1名县领导任组长：" then
    # "（一）综合协调组：组长由…担任"
    if before and _re(r"[ \t]*[:：]").match(nt, before[-1].quote[1]):
        reached = max([before[-1].quote[1], *(s.quote[1] for s in before[-1].subgroups)])
        if new.quote[0] - reached < 400:
            return before[-1]
    candidates = [g for g in before if _re(r"(?:领导小组|领导组|指挥部|专班|委员会|领导机构)$").search(g.name or "")]
    return candidates[-1] if candidates else None


def _said(g: _Group) -> bool:
    """Whether a group's roles are known."""
    return bool(g.leaders or g.deputies or g.members)


def _drop_generic_mentions(groups: list[_Group]) -> list[_Group]:
    """Drop a bare "（一）成立领导组" announcement when the group itself is set up right after it."""
    kept: list[_Group] = []
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
        # "（一）成立考核工作领导小组。我局成立了以局长为组长…的领导小组": the generic mention right after
        # a named group that has no roles is that group, and its roles are the named group's
        named = (
            g.name is not None
            and _GENERIC.match(g.name)
            and _said(g)
            and next(
                (
                    k
                    for k in reversed(kept)
                    if k.name
                    and k.name != g.name
                    and k.name.endswith(g.name)
                    and not _said(k)
                    and 0 <= g.quote[0] - k.quote[1] < 80
                ),
                None,
            )
        )
        if named:
            named.leaders, named.deputies, named.members = g.leaders, g.deputies, g.members
            named.office = named.office or g.office
            named.subgroups = named.subgroups or g.subgroups
            named.quote = (named.quote[0], max(named.quote[1], g.quote[1]))
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


def _person(doc: Document, p: Person) -> PersonMention:
    s, e = doc.normalized.to_original(p.start, p.end)
    both = p.name is not None and p.post is not None
    return PersonMention(
        text=doc.text[s:e],
        span=(s, e),
        name=_mention(doc, p.name) if both and p.name else None,
        post=_mention(doc, p.post) if both and p.post else None,
    )


def _mentions(doc: Document, people: list[Person]) -> list[PersonMention]:
    return [_person(doc, p) for p in people if p.end > p.start]
