"""What a count counts: the noun phrase of the clause around it, read with part-of-speech tags."""

from __future__ import annotations

from reportkit.document import Document

_CLAUSE_DELIMS = set("，,；;。：:！!？?、\n\r（(）)")
_MAX_SUBJECT = 16
# words that frame a number without saying what is counted
_STOP = {
    "其中", "共", "共有", "共计", "合计", "累计", "全年", "今年", "目前", "截至", "截止", "已", "先后", "分别", "现有",
    "有", "为", "达", "达到", "约", "近", "超过", "是", "占", "计", "总计", "年均", "同比", "比", "较", "增长", "下降",
    "提高", "减少", "增加", "新增", "实现", "以上", "左右", "多", "余", "了", "的", "和", "及", "与", "等", "中", "内",
    "全县", "全市", "全镇", "全乡", "全区", "全省", "全校", "全院", "全局", "全国", "本", "该", "我", "我们", "各",
}
_NOUNISH = ("n", "vn", "nz", "ns", "nt", "nr", "an", "j", "l", "i", "eng")
_DROP_POS = ("t", "c", "d", "p", "r", "u", "x", "m", "q", "y", "e", "o", "z", "f", "uj", "ul", "ud", "ug", "uz", "uv")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and text[a - 1] not in _CLAUSE_DELIMS and start - a < 40:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _CLAUSE_DELIMS and b - end < 30:
        b += 1
    return a, b


def _trim(tokens):
    while tokens and (tokens[0].word in _STOP or (tokens[0].pos or "x").startswith(_DROP_POS)):
        tokens = tokens[1:]
    while tokens and (tokens[-1].word in _STOP or (tokens[-1].pos or "x").startswith(_DROP_POS)
                      or tokens[-1].pos in ("v", "vd") and tokens[-1].word in _STOP):
        tokens = tokens[:-1]
    return tokens


def subject_of(doc: Document, start: int, end: int) -> str | None:
    """The subject of the count at ``[start, end)``, or None when the clause does not name one."""
    text = doc.text
    a, b = _clause(text, start, end)
    before = _trim(doc.pos_tags(a, start)) if start > a else []
    if before and (any((t.pos or "").startswith(_NOUNISH) for t in before) or before[-1].end - before[0].start >= 4):
        s, e = before[0].start, before[-1].end
        if e - s > _MAX_SUBJECT:  # keep the last words: the head of a long phrase
            kept = [t for t in before if t.end - _MAX_SUBJECT >= s or t.start >= e - _MAX_SUBJECT]
            s = kept[0].start if kept else s
        return text[s:e].replace("\n", "").strip() or None
    after = doc.pos_tags(end, b) if b > end else []
    head = []
    for tok in after:
        if (tok.pos or "").startswith(_NOUNISH) or (head and (tok.pos or "").startswith(("a", "b"))):
            head.append(tok)
        elif head or tok.word in ("的",):
            break
        else:
            break
    if head:
        return text[head[0].start : head[-1].end].replace("\n", "").strip() or None
    return None
