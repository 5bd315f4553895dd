"""People and posts in the roles of a group: who leads it, who deputises, who sits in it.

A role's value is a list of people and posts as rosters write them:

* posts alone — "县委书记、县长" (two leaders), "各科室负责人", "县委办、县政府办";
* a post and a name, either way round — "县委副书记、县长王建国", "街道党工委书记 朱振华",
  "王建国　　县委副书记、县长", "王建国（县委副书记、县长）", "县委书记×××": each one person, whose
  posts are all the posts written with the name;
* names alone — "李四、王五", "王　磊" (a two-character name spaced to the width of three).

:func:`people` cuts a stretch of the normalized text into :class:`Person` tuples: the span of the whole
mention, and — when it has both — the span of the name and the span of the post(s). Masked names (×××,
XXX, **, 某某, 张某) are names.

Names are told from posts by shape, not by a dictionary of people: a name is two or three Han characters
starting with a common surname (or a compound surname, or a minority name with ·) and not ending like a
post (…长, …书记, …主任) or a unit (…局, …办, …中心); a post written before a name ends like a post.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from reportkit.textutil import strip_span

__all__ = ["Person", "people", "is_name", "MASKED"]


class Person(NamedTuple):
    """A person or post in a role: ``(start, end)`` of the mention, and the name's and the post's spans
    when the mention has both (normalized offsets)."""

    start: int
    end: int
    name: tuple[int, int] | None = None
    post: tuple[int, int] | None = None


# Common Chinese surnames (the hundred or so that name nine people in ten), as first characters of names.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆司卓古吉缪简项连芦麦褚娄窦戚岑景党"
    "宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠"
    "惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝郜阚权帅屠朴练廉禹井祖漆巴丰支卿狄计索晋初容扈晁芮"
    "阙浦鹿薄邸雍辜羊乌母裘亓邰赫杭况宿逯隆茹诸慕危亢嵇湛宾戎茅揭尉檀衣昝智幸奉衡富尧闭"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "司徒",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "令狐",
    "夏侯",
)
# masked names: ×××, XXX, xx, **, ＊＊ (folded), ○○, □□, 某某, 张某, 李某某
MASKED = r"(?:[×xX*○□]{2,4}|某某|\p{Han}(?:某某?|[×xX*○□]{1,3}))"
_MASKED = regex.compile(MASKED)
# how posts end (the title a person holds) and how units end (bodies, which are members but never names)
_POST_END = regex.compile(
    r"(?:书记|长|主任|主席|委员|常委|经理|总监|总师|工程师|会计师|秘书|干部|专干|代表|顾问|专员|员|主管|负责人|"
    r"负责同志|同志|老师|教师|医生|医师|院士|教授|专家|督学|骨干|政委|参谋|班长|主持人|召集人|指挥|总)$"
)
_POST_SPLIT = regex.compile(
    r"(?:书记|长|主任|主席|委员|常委|经理|总监|总师|工程师|会计师|秘书|专干|代表|顾问|专员|主管|负责人|督学|政委|教授)"
)
_UNIT_END = regex.compile(
    r"(?:办|局|委|部|厅|处|科|室|股|队|站|所|院|校|中心|公司|组|会|府|道|区|村|镇|乡|县|市|省|位|团|行|馆|台|社|场|厂|园|段|署|庭)$"
)
# words that start like a name but are not one
_NOT_NAMES = frozenset(
    (
        "成员",
        "人员",
        "全体",
        "单位",
        "有关",
        "相关",
        "其他",
        "部分",
        "所有",
        "以上",
        "以下",
        "等等",
        "同志",
        "干部",
        "代表",
        "分管",
        "主管",
        "常务",
        "班子",
        "领导",
        "高管",
        "高层",
        "全员",
        "合计",
        "共计",
        "各级",
        "各位",
        "其中",
        "包括",
        "牵头",
        "协助",
        "配合",
        "负责",
        "统筹",
        "具体",
        "日常",
        "联络",
        "兼任",
        "担任",
        "任组长",
        "任成员",
        "主要",
        "重要",
        "严格",
        "司法",
        "金融",
        "安全",
        "项目",
        "工作",
        "管理",
        "卫生",
        "宣传",
        "政法",
        "纪检",
        "监察",
        "应急",
        "财务",
        "农业",
        "教育",
        "文化",
        "交通",
        "水利",
        "林业",
        "住建",
        "环保",
        "公安",
        "民政",
        "商务",
        "统计",
        "审计",
        "信访",
        "残联",
        "妇联",
        "团委",
        "工会",
    )
)
_PLURAL = regex.compile(r"^(?:各|全体|有关|相关|其他|其余|所有|部分|\d+名|[一二两三四五六七八九十]+名)")
_SPACES = " \t"
# what is left of "…成立领导小组并担任组长" when nobody is named
_FUNCTION_WORDS = frozenset(("并", "又", "也", "还", "均", "都", "即", "再", "同时", "并且", "亲自", "本人", "自己"))
_COUNT_ONLY = regex.compile(r"[\d\s]+人?")  # "46 人" is a number, not a person


def is_name(text: str) -> bool:
    """Whether ``text`` (spaces inside it removed by the caller) is a person's name: masked, or two to
    three Han characters led by a common surname (four with a compound one), or a name with ·."""
    if not text:
        return False
    if _MASKED.fullmatch(text):
        return True
    if "·" in text:
        left, _, right = text.partition("·")
        return 2 <= len(left) <= 5 and 2 <= len(right) <= 6 and all("\u4e00" <= c <= "\u9fff" for c in left + right)
    if not all("\u4e00" <= c <= "\u9fff" for c in text):
        return False
    if text.startswith(COMPOUND_SURNAMES):
        ok = 3 <= len(text) <= 4
    else:
        ok = 2 <= len(text) <= 3 and text[0] in SURNAMES
    if not ok or text in _NOT_NAMES or text[:2] in _NOT_NAMES:
        return False
    return not (_POST_END.search(text) or _UNIT_END.search(text))


def _is_title(text: str) -> bool:
    """A post one person holds (县长, 常务副县长, 党委书记): it ends like a post and is not plural."""
    return bool(_POST_END.search(text)) and not _PLURAL.match(text)


class _Atom(NamedTuple):
    start: int
    end: int
    sep: str  # what came before it: "" (start), "ws" (spaces), "soft" (、), "hard" (，；newline 和 及)


_OPEN, _CLOSE = "(（", ")）"


_RANK = {"": 0, "ws": 1, "soft": 2, "hard": 3}


def _atoms(nt: str, start: int, end: int) -> list[_Atom]:
    """The pieces between separators at parenthesis depth 0, each with the strongest separator before it."""
    out: list[_Atom] = []
    depth = 0
    i = start
    piece = -1  # where the current piece began
    sep = ""  # the strongest separator since the last piece
    piece_sep = ""
    while i < end:
        ch = nt[i]
        kind = ""
        width = 1
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch in _SPACES:
                kind = "ws"
            elif ch == "、":
                kind = "soft"
            elif ch in ",，;；\n":
                kind = "hard"
            elif piece >= 0 and nt.startswith("以及", i) and _PERSONISH.search(nt, piece, i):
                kind, width = "hard", 2
            elif piece >= 0 and ch in "和及与" and (_PERSONISH.search(nt, piece, i) or _ends_with_name(nt, piece, i)):
                kind = "hard"  # "副县长和局长", "部长张晓燕和副县长李永刚" — not 住房和城乡建设局
        if kind:
            if piece >= 0:
                out.append(_Atom(piece, i, piece_sep))
                piece = -1
                sep = kind
            elif _RANK[kind] > _RANK[sep]:
                sep = kind
            i += width
            continue
        if piece < 0:
            piece, piece_sep = i, sep if out else ""
        i += 1
    if piece >= 0:
        out.append(_Atom(piece, end, piece_sep))
    return out


# the text before a 和/及/与 that ends one person ("局长和副局长"), not a word (住房和城乡建设局)
_PERSONISH = regex.compile(r"(?:长|书记|主任|委员|人|员|干部|同志|代表|师|记|督学|专家|骨干|\p{Han}{2,3}[）)])$")


def _split_post_name(nt: str, s: int, e: int) -> int | None:
    """Where the name begins in a post written with a name after it ("副县长王建国", "县委书记×××"), or
    None. The name runs to the end of the piece (or up to parentheses after it)."""
    text = nt[s:e]
    masked = regex.search(MASKED + r"$", text)
    if masked and masked.start() > 0 and _POST_END.search(text[: masked.start()]):
        return s + masked.start()
    for m in _POST_SPLIT.finditer(text):
        cut = m.end()
        rest = text[cut:]
        if len(rest) >= 2 and is_name(rest) and _is_title(text[:cut]):
            return s + cut
    return None


def people(nt: str, start: int, end: int) -> list[Person]:
    """The people and posts written in ``nt[start:end]`` (see the module docstring)."""
    atoms = []
    for a in _atoms(nt, start, end):
        s, e = strip_span(nt, a.start, a.end, " \t以由请和及与了", " \t等")
        if e > s + 2 and nt.endswith("同志", s, e) and _ends_with_name(nt, s, e - 2):
            e -= 2  # 王宏伟同志 is 王宏伟; 负责同志 stays
        if e > s and not _COUNT_ONLY.fullmatch(nt, s, e) and nt[s:e] not in _FUNCTION_WORDS:
            atoms.append(_Atom(s, e, a.sep))
    # a name spaced to the width of three ("王　磊"): two one-character pieces between spaces
    merged: list[_Atom] = []
    for a in atoms:
        paren = _paren(nt, a.start, a.end)
        core_end = paren[0] - 1 if paren else a.end
        if (
            merged
            and a.sep == "ws"
            and core_end - a.start <= 2
            and merged[-1].end - merged[-1].start == 1
            and nt[merged[-1].start] in SURNAMES
            and is_name(nt[merged[-1].start] + nt[a.start : core_end])
        ):
            prev = merged.pop()
            merged.append(_Atom(prev.start, a.end, prev.sep))
            continue
        merged.append(a)

    out: list[Person] = []
    pending: list[_Atom] = []  # posts not yet given to anyone (a name may follow them)
    current: list = []  # a name-first person being built: [name atom, post atoms...]

    def flush_pending() -> None:
        for p in pending:
            out.append(Person(p.start, p.end))
        pending.clear()

    def close_current() -> None:
        if current:
            name_atom = current[0]
            if len(current) > 1:
                out.append(
                    Person(
                        name_atom.start,
                        current[-1].end,
                        (name_atom.start, name_atom.end),
                        (current[1].start, current[-1].end),
                    )
                )
            else:
                out.append(Person(name_atom.start, name_atom.end))
            current.clear()

    def titled_tail() -> list[_Atom]:
        """The posts just before a name that are that person's: the last run of titles joined by 、
        or spaces (a unit or a plural post before them is somebody else)."""
        tail: list[_Atom] = []
        for p in reversed(pending):
            if not _is_title(_plain(nt, p.start, p.end)):
                break
            tail.insert(0, p)
            if p.sep not in ("soft", "ws"):
                break
        return tail

    for a in merged:
        if a.sep == "hard" or a.sep == "":
            close_current()
            flush_pending()
        text = _plain(nt, a.start, a.end)
        paren = _paren(nt, a.start, a.end)
        core_end = paren[0] - 1 if paren else a.end
        core = _plain(nt, a.start, core_end)
        if is_name(core):
            close_current()
            if paren and not pending:
                # 王建国（县委副书记、县长）: the post in parentheses
                out.append(Person(a.start, a.end, (a.start, core_end), paren))
                continue
            tail = titled_tail() if a.sep in ("soft", "ws") else []
            if tail:
                for p in pending[: len(pending) - len(tail)]:
                    out.append(Person(p.start, p.end))
                out.append(Person(tail[0].start, a.end, (a.start, core_end), (tail[0].start, tail[-1].end)))
                pending.clear()
                continue
            flush_pending()
            current.append(_Atom(a.start, core_end, a.sep) if not paren else a)
            if paren:
                close_current()
            continue
        cut = _split_post_name(nt, a.start, core_end)
        if cut is not None:
            close_current()
            tail = titled_tail() if a.sep == "soft" else []
            for p in pending[: len(pending) - len(tail)]:
                out.append(Person(p.start, p.end))
            pending.clear()
            post_start = tail[0].start if tail else a.start
            out.append(Person(post_start, a.end, (cut, core_end), (post_start, cut)))
            continue
        # a post
        if current and _is_title(text) and (a.sep == "ws" or (a.sep == "soft" and len(current) > 1)):
            current.append(a)
            continue
        close_current()
        pending.append(a)
    close_current()
    flush_pending()
    return out


def _ends_with_name(nt: str, s: int, e: int) -> bool:
    """Whether ``nt[s:e]`` is a name, or a post with a name after it."""
    return is_name(_plain(nt, s, e)) or _split_post_name(nt, s, e) is not None


def _plain(nt: str, s: int, e: int) -> str:
    return "".join(ch for ch in nt[s:e] if ch not in _SPACES)


def _paren(nt: str, s: int, e: int) -> tuple[int, int] | None:
    """The inside of parentheses that close a piece ("王建国（县委副书记、县长）")."""
    if e - s < 3 or nt[e - 1] not in _CLOSE:
        return None
    depth = 0
    for i in range(e - 1, s - 1, -1):
        if nt[i] in _CLOSE:
            depth += 1
        elif nt[i] in _OPEN:
            depth -= 1
            if depth == 0:
                return (i + 1, e - 1) if i > s and e - 1 > i + 1 else None
    return None
