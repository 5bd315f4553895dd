"""The classifier's evidence in words a person can read, and the texts it has nothing to go on in.

A feature's name (``title_genre:报告``, ``heading:整改措施``, ``cue:report_opener``, ``title:的报``) is what
the model knows; :func:`feature_label` says it in words ("title ends with “报告”", "heading “整改措施”",
"“现将…报告如下” near the start", "title contains “的报”"). Both go into each evidence entry, so a
reader sees the words and a program can still match on the name.

:func:`nothing_to_classify` says why a text gives the model nothing to read — empty after stripping,
only punctuation or numbers, not Chinese, or a few words — and the classifier then answers
``uncertain`` with a low confidence instead of a guess dressed as a verdict.
"""

from __future__ import annotations

import regex

__all__ = ["feature_label", "nothing_to_classify", "reason_label", "MIN_HAN"]

#: fewer Chinese characters than this are "a few words": too little to tell a genre by
MIN_HAN = 10

_CUES = {
    "masthead_issue": "an issue number in the masthead (第N期)",
    "masthead_org": "an editor's line in the masthead (编印/主办/内部资料)",
    "distribution": "a distribution list at the end (报：/送：/发：)",
    "dateline": "a news dateline (近日/日前/记者/通讯员)",
    "reporter_date": "a paragraph opening with a date (X月X日，…)",
    "salutation_deputies": "an address to deputies (各位代表/请予审议)",
    "salutation_comrades": "an address to comrades (同志们)",
    "addressee": "an addressee line near the start (…组：/…局：)",
    "letter_close": "a report's closing formula (特此报告/妥否/请审议)",
    "report_opener": "“现将…报告如下” (a report's opening formula)",
    "notice_words": "notice wording (特此通知/请各…/各有关单位)",
    "plan_target": "plan wording (到20XX年/力争/确保/拟)",
    "plan_phase": "plan phases (动员部署/组织实施/总结验收, date ranges)",
    "past_done": "work reported done (已完成/整改到位/销号)",
    "rectify": "rectification words (整改/反馈/巡视/巡察/督察)",
    "survey": "survey words (问卷/样本/受访/座谈/走访)",
    "percent": "percentages",
    "summary_words": "review words (今年以来/一年来/取得了/成效/经验)",
    "govreport": "government work report words (政府工作/过去一年/五年来)",
    "speech": "speech words (讲话/同志们/我们要)",
    "news_said": "reported speech (强调/指出/表示：)",
    "enumeration": "enumerations in the text (一是…二是…)",
    "flat": "no line breaks (a flattened copy)",
}
_OPENINGS = {
    "addressed_down": "opens addressed to those below (各…：), as a notice does",
    "addressed_up": "opens addressed to a body above (…：), as a report does",
    "plan": "opens saying a plan is drawn up (特制定本方案)",
    "survey": "opens with an investigation (调研组/深入…调研/问卷/座谈)",
    "summary": "opens looking back (今年以来/一年来)",
    "news": "opens as news (近日/日前/X月X日…)",
    "deputies": "opens addressing deputies (各位代表)",
    "comrades": "opens with “同志们”",
    "rectify": "opens with an inspection or its rectification (巡视/巡察/审计/整改)",
}
_DENSITY = {
    "rectify": "rectification vocabulary (整改/反馈/问题)",
    "plan": "plan vocabulary (推进/目标/任务/确保)",
    "survey": "survey vocabulary (调研/调查/问卷/占比)",
    "summary": "review vocabulary (取得/完成/成效/同比)",
    "news": "news vocabulary (强调/会议/召开/出席)",
}
_LEVEL = ("none", "a little", "some", "much", "a great deal", "most")
_CUE_LEVEL = regex.compile(r"(?P<name>[a-z]+)_density_(?P<n>\d)|(?P<kind>headings|future|past)_(?P<k>\d+)")


def feature_label(feature: str) -> str:
    """A feature name in words ("heading:整改措施" → "heading “整改措施”")."""
    block, _, value = feature.partition(":")
    if block == "title_genre":
        return "no title" if value == "(none)" else f"title ends with “{value}”"
    if block == "title":
        return f"title contains “{value}”"
    if block == "title_word":
        return f"title word “{value}”"
    if block == "token":
        return f"word “{value}” in the text"
    if block == "heading":
        return f"heading “{value}”"
    if block == "length":
        if value.startswith(">="):
            return f"length {value[2:]} characters or more"
        return f"length under {value.lstrip('<')} characters"
    if block == "cue":
        if value in _CUES:
            return _CUES[value]
        if value.startswith("opening_") and value[8:] in _OPENINGS:
            return _OPENINGS[value[8:]]
        m = _CUE_LEVEL.fullmatch(value)
        if m and m.group("name") in _DENSITY:
            return f"{_LEVEL[min(int(m.group('n')), 5)]} {_DENSITY[m.group('name')]}"
        if m and m.group("kind") == "headings":
            k = int(m.group("k"))
            return "no headings" if k == 0 else f"{3 * k} or more headings" if k < 4 else "12 or more headings"
        if m and m.group("kind") in ("future", "past"):
            k = int(m.group("k"))
            tense = (
                "speak of the future (将/要/计划/力争)"
                if m.group("kind") == "future"
                else "report the past (了/已/完成)"
            )
            return f"{20 * k}–{20 * k + 20}% of sentences {tense}" if k < 4 else f"80% or more of sentences {tense}"
    if block == "reason":
        return _REASONS.get(value, value)
    return feature


_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"[A-Za-z]")
_REASONS = {
    "empty": "nothing to classify: the text is empty once whitespace is stripped",
    "no_words": "nothing to classify: only punctuation, numbers or symbols",
    "not_chinese": "nothing to classify: the text is not Chinese",
    "too_short": f"nothing to classify: fewer than {MIN_HAN} Chinese characters",
}


def nothing_to_classify(text: str) -> str | None:
    """Why ``text`` gives the classifier nothing to read (``"empty"``, ``"no_words"``, ``"not_chinese"``,
    ``"too_short"``), or None when it has something."""
    if not text.strip():
        return "empty"
    sample = text[:5000]  # a long text says what it is in its first pages
    han = len(_HAN.findall(sample))
    latin = len(_LATIN.findall(sample))
    if not han and not latin:
        return "no_words"
    if han < MIN_HAN and latin >= han:
        return "not_chinese"
    if 5 * han < latin:
        return "not_chinese"  # mostly another language, with a few Chinese names in it
    if han < MIN_HAN:
        return "too_short"
    return None


def reason_label(reason: str) -> str:
    return _REASONS[reason]
