"""reportkit.testing tells a plugin author which check failed and why, whatever the plugin raised."""

from __future__ import annotations

import pytest

from reportkit import Extractor, Finding
from reportkit.testing import check_extractor


class NeedsArgs(Extractor):
    name = "needs_args"
    version = "1.0"

    def __init__(self, path):
        self.path = path

    def extract(self, doc):
        return []


class BadLoad(Extractor):
    name = "bad_load"
    version = "1.0"

    def load(self):
        raise FileNotFoundError("dictionary.txt")

    def extract(self, doc):
        return []


class NoVersion(Extractor):
    name = "no_version"
    version = ""

    def extract(self, doc):
        return []


class Fragile(Extractor):
    """Fails on text without a full stop."""

    name = "fragile"
    version = "1.0"

    def extract(self, doc):
        i = doc.text.index("。")
        return [Finding(text="。", span=(i, i + 1))]


class WrongModel(Extractor):
    name = "wrong_model"
    version = "1.0"

    def extract(self, doc):
        return [{"text": doc.text[:1], "span": (0, 1)}] if doc.text else []


@pytest.mark.parametrize(
    "extractor, check, words",
    [
        (NeedsArgs, "cheap_constructor", ["TypeError", "without arguments"]),
        (BadLoad, "cheap_constructor", ["load()", "FileNotFoundError", "dictionary.txt"]),
        (NoVersion, "metadata", ["version must be a non-empty string"]),
        (Fragile, "odd_texts", ["fragile raised ValueError on ''", "substring not found"]),
        (WrongModel, "odd_texts", ["is not a Finding"]),
    ],
)
def test_the_failing_check_is_named(extractor, check, words):
    with pytest.raises(AssertionError) as info:
        check_extractor(extractor)
    message = str(info.value)
    assert message.startswith(f"{extractor.name}: check {check!r} failed: "), message
    for word in words:
        assert word in message, message
