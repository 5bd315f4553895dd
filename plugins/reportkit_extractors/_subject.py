"""What a count counts: the words of the clause around it, from the document's jieba tokens.

The clause is the text between punctuation marks around the number. Before the number, the words
left after dropping framing words (其中, 共, 全县, 达到 …), numbers and dates name the subject ("排查企业
3520家" → 排查企业); when nothing is left there, the words right after the measure word do ("3520名学生
参加了培训" → 学生). Part-of-speech tagging would cost more than segmenting the whole document, so the
decision rests on the shared tokens and a list of framing words.
"""

from __future__ import annotations

import regex

from reportkit.document import Document

_CLAUSE_DELIMS = set("，,；;。：:！!？?、\n\r（(）)")
_MAX_SUBJECT = 16
# words that frame a number without saying what is counted
_STOP = {
    "其中",
    "共",
    "共有",
    "共计",
    "合计",
    "累计",
    "全年",
    "今年",
    "目前",
    "截至",
    "截止",
    "已",
    "先后",
    "分别",
    "现有",
    "有",
    "为",
    "达",
    "达到",
    "约",
    "近",
    "超过",
    "是",
    "占",
    "计",
    "总计",
    "年均",
    "同比",
    "比",
    "较",
    "增长",
    "下降",
    "提高",
    "减少",
    "增加",
    "新增",
    "实现",
    "以上",
    "左右",
    "多",
    "余",
    "了",
    "的",
    "和",
    "及",
    "与",
    "等",
    "中",
    "内",
    "全县",
    "全市",
    "全镇",
    "全乡",
    "全区",
    "全省",
    "全校",
    "全院",
    "全局",
    "全国",
    "本",
    "该",
    "我",
    "我们",
    "各",
    "在",
    "对",
    "向",
    "从",
    "由",
    "把",
    "将",
    "被",
    "并",
    "还",
    "也",
    "都",
    "又",
    "再",
    "更",
    "最",
    "就",
    "均",
    "仅",
    "只",
    "上",
    "下",
    "年",
    "月",
    "日",
    "后",
    "前",
    "期间",
    "以来",
    "其",
    "这",
    "此",
    "那",
    "个",
    "名",
    "人",
    "次",
    "项",
    "同时",
    "此外",
    "通过",
    "一共",
    "总共",
    "大约",
    "将近",
    "接近",
    "不足",
    "不到",
    "至少",
    "达到了",
    "完成了",
}
# words after a measure word that do not name what is counted
_AFTER_STOP = {"的", "了", "和", "与", "及", "以上", "左右", "，", "。", "是", "为", "在", "中", "参加", "参与", "完成"}
_NUMERIC = regex.compile(r"^[\d.,%０-９]+$|^\d+[年月日号]$|^[\d.]+万|^[零〇一二两三四五六七八九十百千万亿]+$")


_DELIM_CLASS = "[" + regex.escape("".join(sorted(_CLAUSE_DELIMS))) + "]"
_DELIM = regex.compile(_DELIM_CLASS)
_DELIM_BACKWARDS = regex.compile("(?r)" + _DELIM_CLASS)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """From the punctuation mark before ``start`` (at most 40 characters back) to the one after ``end``
    (at most 30 on)."""
    lo = max(0, start - 40)
    before = _DELIM_BACKWARDS.search(text, lo, start)  # the last mark of text[lo:start]
    after = _DELIM.search(text, end, end + 30)
    return (before.end() if before else lo), (after.start() if after else min(len(text), end + 30))


_PUNCT = regex.compile(r"^\W+$")
_content_words: dict[str, bool] = {}


def _content(word: str) -> bool:
    """Whether a word can be part of a subject (not framing, numeric or punctuation); memoized, as
    the same few thousand words recur in every report."""
    known = _content_words.get(word)
    if known is None:
        known = word not in _STOP and not _NUMERIC.match(word) and not _PUNCT.match(word)
        if len(_content_words) < 100_000:
            _content_words[word] = known
    return known


def subject_of(doc: Document, start: int, end: int) -> str | None:
    """The subject of the count at ``[start, end)``, or None when the clause does not name one."""
    text = doc.text
    a, b = _clause(text, start, end)
    before = doc.words_in(a, start)  # (word, start, end), in order
    last = len(before)
    while last and before[last - 1][2] > start:  # a word that runs into the number is not before it
        last -= 1
    first = 0
    while first < last and not _content(before[first][0]):
        first += 1
    while last > first and not _content(before[last - 1][0]):
        last -= 1
    if last > first:
        s, e = before[first][1], before[last - 1][2]
        if e - s > _MAX_SUBJECT:  # keep the last words: the head of a long phrase
            kept = [w for w in before[first:last] if w[1] >= e - _MAX_SUBJECT]
            s = kept[0][1] if kept else s
        return text[s:e].replace("\n", "").strip() or None
    after: list[tuple[str, int, int]] = []
    for word in doc.words_in(end, b):
        if word[0] in _AFTER_STOP or not _content(word[0]) or len(after) >= 2:
            break
        after.append(word)
    if after:
        return text[after[0][1] : after[-1][2]].replace("\n", "").strip() or None
    return None
