"""Document features for the type classifier: pure Python, shared by training and prediction.

A document becomes a bag of named features with counts, in blocks kept apart by prefix so the model
can weigh them differently:

``title:``       title character bigrams, ``title_word:`` title words, ``title_genre:`` the genre word a
                 title ends with (报告, 方案 …) — the title is one signal among several, never the verdict;
``token:``       body words (jieba tokens of two or more characters, numbers left out; of a long
                 document, those of its first 3,000 and last 1,000 characters);
``heading:``     cue words found in headings (heading:整改措施, heading:实施步骤 …);
``cue:``         structure, voice and tense: a 简报 masthead, a reporter's dateline, a salutation to
                 deputies, an addressee line and 特此报告, 现将…报告如下, plan language (到2025年, 力争),
                 past-tense markers, questionnaire vocabulary, the share of sentences that speak of the
                 future or the past;
``length:``      the length band.

The same function runs when training (through scikit-learn) and when predicting (without importing
scikit-learn), so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from operator import itemgetter

import regex

from ..document import Document
from ..normalize import fold

FEATURIZER_VERSION = "8"
#: how much each block weighs before the tf-idf vector is normalized: the genre word of a title and
#: the cue words of headings say more about the genre than any one body word, which mostly says
#: what the document is about
DEFAULT_WEIGHTS = {"token": 0.5, "title_genre": 3.0, "heading": 2.0, "title": 1.5}
# body words of a long document: from its first BODY_HEAD and last BODY_TAIL characters
BODY_HEAD, BODY_TAIL = 3000, 1000

_GENRES = [
    "整改报告",
    "整改情况",
    "整改方案",
    "自查报告",
    "自查情况",
    "工作方案",
    "实施方案",
    "活动方案",
    "行动计划",
    "行动方案",
    "工作计划",
    "工作要点",
    "应急预案",
    "简报",
    "快报",
    "专报",
    "信息",
    "动态",
    "调研报告",
    "调查报告",
    "调查",
    "调研",
    "问卷",
    "分析",
    "工作总结",
    "总结",
    "工作报告",
    "情况报告",
    "汇报",
    "述职",
    "通知",
    "意见",
    "办法",
    "讲话",
    "发言",
    "通报",
    "纪要",
    "说明",
    "请示",
    "批复",
    "函",
    "倡议书",
    "心得体会",
    "事迹",
    "决定",
    "规划",
    "报告",
    "方案",
    "计划",
]
# headings that tell the genre apart (matched inside heading titles)
HEADING_CUES = [
    "存在问题",
    "存在的问题",
    "问题清单",
    "整改措施",
    "整改情况",
    "整改落实",
    "整改进展",
    "整改成效",
    "反馈意见",
    "立行立改",
    "指导思想",
    "工作目标",
    "总体目标",
    "基本原则",
    "组织领导",
    "组织机构",
    "领导小组",
    "主要任务",
    "重点任务",
    "实施步骤",
    "时间安排",
    "工作步骤",
    "保障措施",
    "工作要求",
    "工作措施",
    "实施范围",
    "活动内容",
    "活动时间",
    "调查对象",
    "调研对象",
    "调查方法",
    "调研方法",
    "基本情况",
    "调研发现",
    "调查结果",
    "原因分析",
    "对策建议",
    "意见建议",
    "问卷",
    "样本",
    "主要做法",
    "工作成效",
    "取得成效",
    "主要成效",
    "存在不足",
    "不足",
    "下一步",
    "工作打算",
    "工作回顾",
    "体会",
    "工作动态",
    "经验交流",
    "基层信息",
    "会议",
    "回顾",
    "安排",
]


def _literals(pattern: str) -> re.Pattern[str]:
    """Python's ``re`` for the cue patterns that are alternations of literals (with at most ``\\d``
    and ``[^。\\n]`` classes): it scans them about twice as fast as ``regex`` with the same matches.
    Patterns with ``\\s``, ``\\S`` or ``\\w``, whose Unicode definitions differ between the two
    engines, stay with ``regex``; a test holds the two engines equal on every pattern given here."""
    if re.search(r"\\[sSwWbB]|\\p\{", pattern):
        raise ValueError(f"not a literal cue pattern: {pattern!r}")
    _LITERAL_PATTERNS.append(pattern)
    return re.compile(pattern)


_LITERAL_PATTERNS: list[str] = []
_CUES: dict[str, regex.Pattern[str] | re.Pattern[str]] = {
    "masthead_issue": regex.compile(r"第\s*[\d一二三四五六七八九十]+\s*期|总第\s*\d+\s*期|增刊|专刊"),
    "masthead_org": regex.compile(r"(?:编印|编发|主办|办公室编|内部资料|注意保存|共印\d+份)"),
    "distribution": regex.compile(r"(?:^|\n)\s*(?:报|送|发|抄送|分送)[:：]"),
    "dateline": _literals(r"(?:近日|日前|本报讯|新闻网讯|讯[(（]|记者|通讯员|报道|获悉|日电)"),
    "reporter_date": regex.compile(r"(?:^|\n)\s*\d{1,2}月\d{1,2}日[，,上下]"),
    "salutation_deputies": _literals(r"各位代表|请予审议|各位委员"),
    "salutation_comrades": _literals(r"同志们|下面[,，]?我(?:讲|就|再)"),
    "addressee": regex.compile(r"(?:^|\n)\s*\S{2,30}(?:组|委|局|厅|部|办|政府|公司|室|处)[:：]\s*(?:\n|$)"),
    "letter_close": regex.compile(r"特此报告|特此通报|此致|妥否|请批示|请审议|以上报告"),
    "report_opener": _literals(r"现将[^。\n]{0,30}(?:报告|汇报|总结|通报)如下|现就[^。\n]{0,30}报告如下"),
    "notice_words": _literals(r"特此通知|请各|各有关单位|各乡镇|现将有关事项通知如下|请认真贯彻"),
    "plan_target": _literals(r"到20\d\d年|力争|确保|预计|计划|拟|将(?:于|在)"),
    "plan_phase": regex.compile(r"阶段[(（]|动员部署|组织实施|总结验收|\d{1,2}月\d{1,2}日[—\-至~]"),
    "past_done": _literals(r"已(?:完成|全部|整改|落实|建立|制定|开展)|完成整改|整改到位|已办结|销号"),
    "rectify": _literals(r"整改|反馈|巡视|巡察|督察|督查|审计查出|问题清单|举一反三"),
    "survey": _literals(r"问卷|样本|受访|抽样|有效率|回收率|座谈|走访|调研组|调查组|实地查看|入户"),
    "percent": regex.compile(r"\d+(?:\.\d+)?%"),
    "summary_words": _literals(r"今年以来|一年来|全年|上半年|回顾|取得了|成效|成绩|经验|体会"),
    "govreport": _literals(r"政府工作|过去一年|今年(?:政府)?工作|五年来|主要预期目标"),
    "speech": _literals(r"讲话|讲几点意见|强调|同志们|我们要"),
    "news_said": _literals(r"(?:强调|指出|表示|要求|说)[，,:：]"),
}
# vocabulary whose density (per 1,000 characters) tells genres apart whatever the topic
_DENSITY: dict[str, re.Pattern[str]] = {
    "rectify": _literals(r"整改|反馈|问题|销号|立行立改|举一反三"),
    "plan": _literals(r"推进|加快|推动|到20\d\d年|力争|目标|任务|实施|确保|牵头"),
    "survey": _literals(r"调研|调查|问卷|受访|样本|占比|比例|%"),
    "summary": _literals(r"取得|完成|成效|实现|增长|同比|全年|累计|开展了|组织了"),
    "news": _literals(r"强调|指出|表示|会议|记者|出席|参加|召开"),
}
# how the body opens (first 400 characters after the title) is one of the strongest genre signals
_OPENINGS: dict[str, regex.Pattern[str]] = {
    "addressed_down": regex.compile(r"^\s*各[^。\n]{2,380}[:：]"),  # 各省、自治区…： a notice or 意见
    "addressed_up": regex.compile(r"^\s*[^各\s。，,\n]{2,30}[:：]\s*\n?"),  # 县统计局：/XX巡察组： a report
    "plan": regex.compile(r"制定本(?:方案|计划|预案)|特制定|现制定|结合[^。]{0,20}实际[,，][^。]{0,20}制定"),
    "survey": regex.compile(
        r"调研组|调查组|课题组|开展了?[^。]{0,10}(?:调研|调查)|深入[^。]{0,30}(?:调研|调查)|问卷|座谈"
    ),
    "summary": regex.compile(r"今年以来|一年来|年初以来|半年来|五年来|^\s*20\d\d年[，,](?:我|全)"),
    "news": regex.compile(r"^\s*(?:近日|日前|\d{1,2}月\d{1,2}日[上下]?午?[，,])|新闻网讯|记者"),
    "deputies": regex.compile(r"各位代表|各位委员|主任、各位副主任"),
    "comrades": regex.compile(r"^\s*同志们"),
    "rectify": regex.compile(r"巡视|巡察|督察|审计|检查[^。]{0,20}(?:发现|反馈|指出)|自查|整改"),
}
_FULL_TEXT_CUES = [
    n for n in _CUES if n not in ("masthead_issue", "masthead_org", "addressee", "distribution", "letter_close")
]
_GENRE_AT_END = regex.compile("(?:" + "|".join(regex.escape(g) for g in _GENRES) + r")(?=\)?$|[(（])")
_SPACES = regex.compile(r"\s+")
_FUTURE = _literals(r"将|要|拟|计划|力争|确保|到20\d\d年|下一步|今后")
_PAST = _literals(r"了|已|完成|实现|取得|开展|组织|召开|累计")


def _first_genre(title: str) -> str | None:
    """The genre word a title ends with (the first in _GENRES order, as before: most specific first)."""
    found = {m.group() for m in _GENRE_AT_END.finditer(title)}
    for g in _GENRES:
        if g in found:
            return g
    return None


def _band(n: int) -> str:
    for limit in (500, 1000, 2000, 4000, 8000):
        if n < limit:
            return f"<{limit}"
    return ">=8000"


_WORD = itemgetter(0)


def kept_word(word: str) -> bool:
    """Whether a word is a word feature: two or more Han characters or letters (no numbers, no
    punctuation)."""
    return len(word) > 1 and word.isalpha()


def _kept(counts: Counter[str]) -> dict[str, int]:
    """The word features of counted words, in first-seen order; counting every word in C and
    filtering the distinct ones is cheaper than filtering every word."""
    return {w: n for w, n in counts.items() if kept_word(w)}


def _token_end(token) -> int:
    return token[2]


def _token_start(token) -> int:
    return token[1]


def document_features(doc: Document) -> Counter[str]:
    """Named feature counts of one document (see the module docstring)."""
    head, title_words, body_words, tail = feature_parts(doc)
    feats = Counter(head)
    feats.update({"title_word:" + w: n for w, n in _kept(title_words).items()})
    feats.update({"token:" + w: n for w, n in _kept(body_words).items()})
    feats.update(tail)
    return feats


# what the classifier leaves out of a text to read it with one LF between lines: the CR of each CRLF, and the
# blank lines (spaces only) after a line break (group 1), CRLFs among them
_LEFT_OUT = regex.compile(r"\r(?=\n)|\n((?:[ \t\u3000]*\r?\n)+)")


def one_lf_view(text: str) -> tuple[str, list[int]]:
    """``text`` with CRLFs read as LFs and blank lines taken out (what the classifier reads), and the
    offsets of ``text`` left out, in order."""
    left_out: list[int] = []
    kept: list[str] = []
    at = 0
    for m in _LEFT_OUT.finditer(text):
        cut = m.start() if m.group(1) is None else m.start(1)
        kept.append(text[at:cut])
        left_out.extend(range(cut, m.end()))
        at = m.end()
    kept.append(text[at:])
    return "".join(kept), left_out


def _view_words(words: list[tuple[str, int, int]], left_out: list[int]) -> list[tuple[str, int, int]]:
    """The ``(word, start, end)`` tuples of ``words`` in the view that leaves out the offsets ``left_out``
    (whitespace, which no word starts or ends on)."""
    return [(w, s - bisect_left(left_out, s), e - bisect_left(left_out, e - 1)) for w, s, e in words]


def feature_parts(doc: Document) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """:func:`document_features` in its four parts, in order: title features (``title:``,
    ``title_genre:``); the counts of every word of the title and of the body, not yet narrowed to
    :func:`kept_word` and without their ``title_word:``/``token:`` prefix; and the rest (``heading:``,
    ``cue:``, ``length:``). A compiled model looks words up by
    themselves, without building a name for each."""
    doc = doc.unwrapped_document  # a page's line breaks say nothing of what a document is
    # nor do its line endings or the blank lines between its paragraphs: a report saved on Windows or copied from
    # a web page with a blank line after each paragraph is classified as its text with one LF between lines (the
    # CRs and blank lines would shift every window and density counted in characters)
    lines, left_out = one_lf_view(doc.text)
    if left_out:
        # its words are the document's own, moved to the view's offsets: the same segmentation, not a second
        # one (which could also join words across a line break the blank lines had kept apart)
        doc = doc.view(lines, words=_view_words(doc.words(), left_out))
    feats: Counter[str] = Counter()
    text = doc.text
    folded = doc.folded
    title_span = doc.title_span
    title = folded[title_span[0] : title_span[1]] if title_span else ""
    body_start = title_span[1] if title_span else 0

    # title
    if title:
        clean = _SPACES.sub("", title)
        for i in range(len(clean) - 1):
            feats["title:" + clean[i : i + 2]] += 1
        genre = _first_genre(clean)
        if genre:
            feats["title_genre:" + genre] += 1
    else:
        feats["title_genre:(none)"] += 1

    # body words (and title words)
    # words of two or more Han characters or letters, no numbers; tokens are in text order, so the
    # title's words are a prefix of the list
    tokens = doc.words()  # (word, start, end) tuples
    n_title = bisect_right(tokens, body_start, key=_token_end) if title_span else 0
    title_words = Counter(map(_WORD, tokens[:n_title]))
    if len(text) > BODY_HEAD + BODY_TAIL:
        # a long document's opening and close say what it is; its middle would add thousands of
        # words that drown the title and the structure in the normalized vector
        head_end = bisect_left(tokens, BODY_HEAD, key=_token_start)
        tail_start = bisect_left(tokens, len(text) - BODY_TAIL, key=_token_start)
        body_words = Counter(map(_WORD, tokens[n_title : max(n_title, head_end)]))
        body_words.update(map(_WORD, tokens[max(n_title, tail_start) :]))
    else:
        body_words = Counter(map(_WORD, tokens[n_title:]))
    title_feats, feats = feats, Counter()

    # headings
    n_headings = 0
    for section in doc.sections:
        if section.style == "enum":
            feats["cue:enumeration"] += 1
            continue
        n_headings += 1
        heading = fold(section.title)[:20]
        for cue in HEADING_CUES:
            if cue in heading:
                feats["heading:" + cue] += 1
    feats[f"cue:headings_{min(n_headings, 12) // 3}"] += 1

    # structure, voice, tense
    head = folded[:400]
    tail = folded[-300:]
    counts: Counter[str] = Counter()
    for name in ("masthead_issue", "masthead_org", "addressee"):
        counts["cue_" + name] = len(_CUES[name].findall(head))
    for name in ("distribution", "letter_close"):
        counts["cue_" + name] = len(_CUES[name].findall(tail))
    # one findall per pattern: the engine's literal prefix scans make this faster than one alternation
    for name in _FULL_TEXT_CUES:
        counts["cue_" + name] = len(_CUES[name].findall(folded))
    for name, pattern in _DENSITY.items():
        counts["density_" + name] = len(pattern.findall(folded))
    for key, n in counts.items():
        if n and key.startswith("cue_"):
            feats["cue:" + key[4:]] += 1 + math.log(n)  # type: ignore[assignment]  # typeshed's Counter holds ints; this one holds float weights
    sentences = doc.sentences
    if sentences:
        future = sum(1 for s in sentences if _FUTURE.search(s.text))
        past = sum(1 for s in sentences if _PAST.search(s.text))
        feats[f"cue:future_{min(4, int(5 * future / len(sentences)))}"] += 1
        feats[f"cue:past_{min(4, int(5 * past / len(sentences)))}"] += 1
    opening = folded[body_start : body_start + 400].lstrip()
    for name, pattern in _OPENINGS.items():
        if pattern.search(opening):
            feats["cue:opening_" + name] += 1
    per_k = 1000.0 / max(len(folded), 200)
    for name in _DENSITY:
        d = counts["density_" + name] * per_k
        feats[f"cue:{name}_density_{min(5, int(d // 3))}"] += 1
    feats["length:" + _band(len(text))] += 1
    if "\n" not in text.strip():
        feats["cue:flat"] += 1
    return title_feats, title_words, body_words, feats


def weighted_features(counts: Mapping[str, float], weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Counts to values: ``(1 + log count) × block weight`` (the block is the name's prefix)."""
    w = DEFAULT_WEIGHTS if weights is None else weights
    out = {}
    for name, count in counts.items():
        if count > 0:
            out[name] = (1.0 + math.log(count)) * w.get(name.split(":", 1)[0], 1.0)
    return out
