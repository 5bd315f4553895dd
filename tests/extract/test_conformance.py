"""Every built-in extractor passes the conformance checks offered to plugin authors."""

import pytest

from reportkit import Document
from reportkit.extract.registry import load_extractors
from reportkit.testing import check_finds_something, parametrize_with_checks

BUILT_INS = ["counts", "leadership_groups", "ledger", "measures", "problems", "progress"]
# a text of the kind each built-in is written for: without samples, finds_something checks nothing
SAMPLES = [
    "关于食品安全检查发现问题整改情况的报告\n"
    "一、存在问题\n1.部分食堂从业人员健康证过期；\n2.留样记录不全，台账缺失。\n"
    "二、整改措施\n（一）组织从业人员重新体检，补办健康证。\n（二）建立留样台账，专人每日登记。\n"
    "三、组织保障\n成立以校长为组长、后勤副校长为副组长的食品安全整改领导小组，共检查学校食堂12所。",
    "关于消防检查问题整改情况的报告\n检查组共反馈问题2个，已整改1个，正在整改1个。\n"
    "（一）问题：配电室灭火器过期。整改措施：更换全部过期灭火器。责任单位：后勤处。整改时限：2024年3月底前。\n"
    "（二）问题：疏散通道堆放杂物。整改措施：清理通道杂物，设置警示标识。责任单位：物业公司。整改时限：立行立改。\n",
]


@parametrize_with_checks(load_extractors(only=BUILT_INS), samples=SAMPLES)
def test_built_in_extractors_conform(extractor, check):
    check(extractor)


def test_finds_something_is_a_real_check_for_every_built_in():
    (mark,) = test_built_in_extractors_conform.pytestmark
    params = [p for p in mark.args[1] if p.id.endswith("-finds_something")]
    assert sorted(p.id.split("-")[0] for p in params) == BUILT_INS
    for param in params:
        extractor = param.values[0]
        assert extractor._reportkit_samples, param.id  # it has something to look at
        assert sum(len(extractor.extract(Document(t))) for t in extractor._reportkit_samples) > 0, param.id
        muted = type(extractor)()
        muted._reportkit_samples = extractor._reportkit_samples
        muted.extract = lambda doc: []
        with pytest.raises(AssertionError, match="found nothing"):
            check_finds_something(muted)  # an extractor that stopped firing fails it
