"""What a count counts: the words around it, read in both directions, from the document's jieba tokens.

The clause is the text between punctuation marks around the number. Chinese puts what is counted in
one of two places:

* **after** the measure word — "深入19个乡镇", "组建4个督导组", "71.6%的家长表示…": the noun phrase right
  after the count (over a 的) is the subject;
* **before** the number — "排查企业3520家", "资金已拨付1540万元", "整改完成率98.71%": when nothing
  countable follows, the noun phrase that ends nearest before the number is, read backwards up to a
  verb, a framing word (其中, 共, 全县, 达到 …) or another number ("排查企业" → 企业); a verb right
  before the number is stepped over ("资金已拨付" → 资金).

A share or a change with no noun of its own ("，占总支出的76.8%", "，比上年增长7.4%") takes the
noun phrase that opens the clause before it in the same sentence. Part-of-speech tagging would cost more
than segmenting the whole document, so verbs and framing words are lists of the words that stand around
counts in reports.
"""

from __future__ import annotations

import regex

from reportkit.document import Document


def _words(text: str) -> list[str]:
    """The words of a space-separated list (lists of words read better that way than as literals)."""
    return text.split()


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
_STOP.update(
    _words(
        "仅为 中有 已有 只有 还有 高达 多达 达成 降至 升至 提高到 增加到 下降到 减少到 为止 至 到 同比增长 同比下降 "
        "环比 环比增长 环比下降 比上年 较上年 上年 去年 同期 年初 年底 当年 今年以来 目前已 正在 尚有 仍有 其余 剩余 "
        "未 不 没有 因 用于 存在 出现 主要 分 约为 预计 力争 确保 达标 左右 以内 以下 全村 全乡镇 辖区 辖 所属 "
        "每 每年 每月 每周 每天 每人 每户"
    )
)
# verbs that stand before or after a count in reports: they end a noun phrase, never belong to one
_VERBS = frozenset(
    _words(
        "开展 组织 完成 排查 检查 发现 整改 培训 发放 建成 新建 改造 投入 安排 落实 提供 吸纳 配备 设置 设立 建立 "
        "组建 成立 抽调 派出 召开 举办 参加 参与 走访 覆盖 涉及 处理 办理 查处 立案 处罚 追回 收回 清退 拨付 下达 "
        "争取 签订 受理 解决 化解 帮助 带动 救助 慰问 接待 出动 检测 抽检 抽查 核查 审核 发布 推送 印发 制定 修订 "
        "清理 整治 拆除 关闭 取缔 查封 扣押 没收 捐赠 募集 减免 选派 明确 给予 推进 推动 督促 深入 抽取 压减 办结 "
        "接收 收到 收集 征集 回收 发出 下发 约谈 问责 移交 移送 通报 曝光 表彰 评选 认定 识别 核实 核验 调查 调研 "
        "访谈 座谈 指出 反馈 交办 转办 梳理 分解 细化 制作 播放 张贴 悬挂 刊发 报道 编印 印制 推广 引进 招引 签约 "
        "开工 竣工 完工 投产 实施 启动 打造 创建 培育 扶持 资助 补助 奖励 表扬 批评 警告 处分 开除 免职 调整 撤销 "
        "注销 吊销 停业 整顿 罚款 责令 督办 跟踪 回访 复查 复核 验收 销号 考核 评估 测评 监测 巡查 暗访 督查 督导 "
        "检修 维修 更换 安装 铺设 硬化 栽植 种植 播种 收购 销售 出售 采购 租赁 流转 入股 分红 吸引 接纳 安置 转移 "
        "疏散 撤离 救治 收治 隔离 接种 筛查 体检 诊疗 治疗 服务 帮扶 结对 走访了 开展了 组织了 完成了 建成了 "
        "举办了 召开了 发放了 投入了 培训了 查处了 处理了 发现了 排查了 整改了 造成 导致 发生 致使 死亡 受伤 "
        "参加了 参与了 惠及 受益 辐射 带动了 吸纳了 提供了 解决了 新增了 增加了 减少了 形成 达成 突破 超 "
        "实现了 取得 获得 获 荣获 表示 认为 反映 希望 要求 选择 愿意 支持 满意 纳入 违规 竞得 进行 "
        "实行 采取 分为 分成 划分为 细化为 分解为 归纳为 包括 包含 开展了 进行了 实行了 签订了 主持 主持召开 参会 出席 列席 听取 研究 审议 通过 批准 批复 同意 "
        # adverbs: they end a noun phrase as verbs do
        "重新 全面 分别 已经 全部 集中 统一 逐一 逐户 逐项 依法 及时 主动 积极 认真 严格 普遍 基本 初步 正式 "
        "共同 联合 定期 长期 首次 再次 先后 陆续 相继 持续 进一步 切实 有效 已全部 均已 尚未 仍然 仍 均为 累计"
    )
)
# measure words of events: what is counted is what was done (开展巡查46次 → 巡查)
_EVENT_UNITS = frozenset(("次", "场", "场次", "期", "轮", "批次", "遍", "趟", "起", "人次", "户次", "家次"))
_NEGATIONS = frozenset(("未", "尚未", "没有", "正在", "仍未"))
# time words frame a count, they are not what it counts: 秋冬季, 上半年, 汛期, 春节期间
_TIME = regex.compile(r"(?:季|季度|年度|半年|期间|以来|阶段|汛期|前夕|之际)$")
# words after a measure word that do not name what is counted
_AFTER_STOP = {"的", "了", "和", "与", "及", "以上", "左右", "，", "。", "是", "为", "在", "中", "参加", "参与", "完成"}
_NUMERIC = regex.compile(
    r"^[\d.,%０-９]+$|^\d+[年月日号]$|^[\d.]+万|^[零〇一二两三四五六七八九十百千万亿]+$|^第[\d一二三四五六七八九十]"
)


_DELIM_CLASS = "[" + regex.escape("".join(sorted(_CLAUSE_DELIMS))) + "]"
_DELIM = regex.compile(_DELIM_CLASS)
_DELIM_BACKWARDS = regex.compile("(?r)" + _DELIM_CLASS)
# the marks that end a sentence: a subject is never borrowed across them
_SENTENCE_DELIMS = set("。；;！!？?\n\r")


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
        known = word not in _STOP and not _NUMERIC.match(word) and not _PUNCT.match(word) and not _TIME.search(word)
        if len(_content_words) < 100_000:
            _content_words[word] = known
    return known


def _noun(word: str) -> bool:
    """A word that may be part of the noun phrase counted: content, and not a verb."""
    return word not in _VERBS and _content(word)


def _text_of(text: str, words: list[tuple[str, int, int]]) -> str | None:
    if not words:
        return None
    s, e = words[0][1], words[-1][2]
    if e - s > _MAX_SUBJECT:  # keep the last words: the head of a long phrase
        kept = [w for w in words if w[1] >= e - _MAX_SUBJECT]
        s = kept[0][1] if kept else s
    return text[s:e].replace("\n", "").strip() or None


def _noun_before(words: list[tuple[str, int, int]], event: bool) -> list[tuple[str, int, int]]:
    """The noun phrase that ends nearest the end of ``words``, up to a verb, a framing word or a number.
    When a verb stands right before the number: an event counted (``event``: 巡查46次) is that verb;
    otherwise the nouns before the verb are what is counted ("资金已拨付1540万元" → 资金), or, with none, the
    verb itself with its negation ("未完成2项" → 未完成)."""
    i = len(words)
    while i and not _noun(words[i - 1][0]) and words[i - 1][0] not in _VERBS:
        if _NUMERIC.match(words[i - 1][0]):
            return []  # another number first: "4大类16个" — its noun is not ours
        i -= 1
    if i and words[i - 1][0] in _VERBS:
        v_end = i
        while i and words[i - 1][0] in _VERBS and v_end - i < 2:
            i -= 1
        if i and words[i - 1][0] in _NEGATIONS:
            i -= 1
        verbs = words[i:v_end]
        if event:
            return words[v_end - 1 : v_end]
        while i and not _noun(words[i - 1][0]) and not _NUMERIC.match(words[i - 1][0]):
            i -= 1
        j = i
        while j and _noun(words[j - 1][0]):
            j -= 1
        return words[j:i] or verbs
    j = i
    while j and _noun(words[j - 1][0]):
        j -= 1
    return words[j:i]


def _noun_after(doc: Document, end: int, stop: int) -> list[tuple[str, int, int]]:
    """The noun phrase right after the count ("19个乡镇", "71.6%的家长"): at most three words."""
    words = doc.words_in(end, stop)
    i, pos = 0, end
    if words and words[0][0] == "的" and not doc.text[end : words[0][1]].strip():
        i, pos = 1, words[0][2]
    if i >= len(words) or doc.text[pos : words[i][1]].strip():
        return []  # punctuation or nothing comes first
    out: list[tuple[str, int, int]] = []
    while i < len(words) and len(out) < 3:
        word = words[i][0]
        if word in _AFTER_STOP or not _noun(word):
            break
        out.append(words[i])
        i += 1
    return out


def _leading_noun(doc: Document, start: int, end: int) -> list[tuple[str, int, int]]:
    """The noun phrase that opens ``text[start:end]`` (past framing words): what a clause speaks of."""
    words = doc.words_in(start, end)
    i = 0
    while i < len(words) and not _noun(words[i][0]):
        if _NUMERIC.match(words[i][0]):
            return []
        i += 1  # framing words and a leading verb ("完成规模以上工业总产值…")
    j = i
    while j < len(words) and (
        _noun(words[j][0]) or (words[j][0] in ("以上", "以下") and j + 1 < len(words) and _noun(words[j + 1][0]))
    ):
        j += 1  # "规模以上工业总产值" is one noun phrase
    return words[i:j]


def subject_of(doc: Document, start: int, end: int, unit: str = "") -> str | None:
    """The subject of the count at ``[start, end)`` (its measure word ``unit``), or None when the words
    around it name none."""
    text = doc.text
    a, b = _clause(text, start, end)
    after = _noun_after(doc, end, b)
    if after:
        return _text_of(text, after)
    before = doc.words_in(a, start)  # (word, start, end), in order
    last = len(before)
    while last and before[last - 1][2] > start:  # a word that runs into the number is not before it
        last -= 1
    before = before[:last]
    # a share: "A占B的60%" counts A (B is what it is a share of)
    share = next((k for k in range(len(before) - 1, -1, -1) if before[k][0] in ("占", "中有")), None)
    if share is not None:
        before = before[:share]
    found = _noun_before(before, unit in _EVENT_UNITS)
    if found:
        return _text_of(text, found)
    # nothing of its own ("，比上年增长7.4%", "，占总数的12%"): what the clause before speaks of
    if a and text[a - 1] not in _SENTENCE_DELIMS:
        pa, _ = _clause(text, a - 1, a - 1)
        return _text_of(text, _leading_noun(doc, pa, a - 1))
    return None
