"""Encodings: the same text in every supported encoding decodes to the same string."""

from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.errors import DecodeError, EmptyDocumentError, InputError
from reportkit.io import read
from reportkit.io.encoding import decode_bytes

SIMPLIFIED = (
    "关于安全生产隐患排查整改情况的报告\r\n"
    "一、存在问题\r\n"
    "检查发现，部分企业主体责任落实不到位，共排查企业3520家，发现隐患156处。\r\n"
    "二、整改措施\r\n（一）成立以县长为组长的整改工作领导小组。\r\n"
    # characters outside GB2312 that GBK/GB18030 hold: a detector's "GB2312" would lose them
    "镕、堃、喆、昇、玥等人名用字不能丢失。\r\n"
)
TRADITIONAL = (
    "關於安全生產隱患排查整改情況的報告\n一、存在問題\n檢查發現，部分企業主體責任落實不到位，共排查企業3520家。\n"
)


@pytest.mark.parametrize(
    "encoding, data_for, expected_name",
    [
        ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
        ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        ("gb18030", lambda t: t.encode("gb18030"), "gb18030"),
        ("gbk", lambda t: t.encode("gbk"), "gb18030"),
        ("utf-16-le-bom", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        ("utf-32-le-bom", lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_simplified_text_in_every_encoding(tmp_path, encoding, data_for, expected_name):
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(data_for(SIMPLIFIED))
    doc = read(path)
    assert doc.text == SIMPLIFIED  # BOM removed, \r\n kept (no newline translation)
    assert doc.source.encoding == expected_name
    assert doc.source.format == "txt"


def test_gb2312_subset_is_read_as_gb18030():
    text = "防汛工作领导小组办公室设在县应急管理局。"
    decoded, name = decode_bytes(text.encode("gb2312"))
    assert decoded == text and name == "gb18030"


def test_big5_traditional(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    doc = read(path)
    assert doc.text == TRADITIONAL
    assert doc.source.encoding == "big5"


def test_short_gbk_title_only():
    text = "工作总结"
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_binary_file_named_txt_is_an_error(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(DecodeError) as info:
        read(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_png_named_txt_is_an_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(DecodeError):
        read(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match="empty"):
        read(path)


def test_broken_bom_file_is_an_error():
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


def test_stray_nul_in_long_text_is_kept():
    text = "检查发现的问题已全部整改到位。" * 200
    data = text.encode("utf-8")
    data = data[:300] + b"\x00" + data[300:]
    decoded, name = decode_bytes(data)
    assert name == "utf-8" and "\x00" in decoded and decoded.replace("\x00", "") == text


def test_many_nuls_is_binary():
    data = "检查发现的问题".encode() + b"\x00" * 50 + "已全部整改".encode()
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_no_byte_string_raises_anything_but_input_error(data):
    try:
        text, name = decode_bytes(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt: ")
    else:
        assert isinstance(text, str) and name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=20, max_size=400))
def test_utf8_round_trip_of_chinese(text):
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


def test_utf8_cut_inside_its_last_character():
    data = "整改报告".encode()
    assert decode_bytes(data[:-1]) == ("整改报", "utf-8")
