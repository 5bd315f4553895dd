"""Every built-in extractor passes the conformance checks offered to plugin authors."""

from reportkit.extract.registry import load_extractors
from reportkit.testing import parametrize_with_checks


@parametrize_with_checks(load_extractors(only=["counts", "leadership_groups", "measures", "problems"]))
def test_built_in_extractors_conform(extractor, check):
    check(extractor)
