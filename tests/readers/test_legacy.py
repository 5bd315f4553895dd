""".doc/.wps: an error that says what to do, or a LibreOffice conversion when soffice is present."""

from __future__ import annotations

import pytest

from reportkit.errors import InputError, UnsupportedFormatError
from reportkit.io import read


def test_doc_without_libreoffice_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(UnsupportedFormatError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert "convert to .docx" in message and "\n" not in message


def test_unknown_suffix_named_explicitly(tmp_path):
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"\xff\xd8\xff")
    with pytest.raises(UnsupportedFormatError, match=r"unsupported file type \.jpg"):
        read(path)


def test_conversion_through_soffice(tmp_path, fake_soffice):
    """The conversion plumbing, with a stand-in `soffice` that writes a real .docx."""
    fake_soffice("县林业局关于森林防火检查问题整改情况的报告", ".wps")
    path = tmp_path / "report.wps"
    path.write_bytes(b"legacy bytes")
    doc = read(path)
    assert doc.text == "县林业局关于森林防火检查问题整改情况的报告"
    assert doc.source.format == "wps"
    assert doc.source.metadata["converted_with"] == "libreoffice"


# --- files named .doc that are something else (as web sites serve them) -------------------------------------

PAGE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>整改报告</title></head><body>'
    '<p class="MsoNormal">关于安全生产检查问题整改情况的报告</p><p class="MsoNormal">一、存在的问题</p>'
    '<p class="MsoNormal">部分企业隐患排查台账不全。</p><p class="MsoNormal">二、整改措施</p>'
    '<p class="MsoNormal">（一）建立隐患排查治理台账，每月更新一次。</p></body></html>'
)
LINES = [
    "关于安全生产检查问题整改情况的报告",
    "一、存在的问题",
    "部分企业隐患排查台账不全。",
    "二、整改措施",
    "（一）建立隐患排查治理台账，每月更新一次。",
]


def mhtml(page: str, charset: str = "gb2312", encoding: str = "quoted-printable") -> bytes:
    """A single file web page as Word saves one: multipart/related, the page quoted-printable in GB2312."""
    from email.charset import BASE64, QP, Charset
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    root = MIMEMultipart("related", type="text/html")
    cs = Charset(charset)
    cs.body_encoding = QP if encoding == "quoted-printable" else BASE64
    part = MIMEText("", "html")
    part.set_payload(page.encode(charset), charset=cs)
    part["Content-Location"] = "file:///C:/report.htm"
    root.attach(part)
    image = MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif")
    image["Content-Location"] = "file:///C:/report.files/image001.gif"
    root.attach(image)
    return b"From: <Saved by Microsoft Word>\r\n" + root.as_bytes()


@pytest.mark.parametrize(
    ("name", "data", "read_as"),
    [
        ("网页.doc", PAGE.encode("gb2312"), "html"),
        ("单个网页.doc", mhtml(PAGE), "mhtml"),
        ("base64.doc", mhtml(PAGE, encoding="base64"), "mhtml"),
        ("utf8.wps", b"\xef\xbb\xbf<!DOCTYPE html>" + PAGE.replace("gb2312", "utf-8").encode("utf-8"), "html"),
    ],
)
def test_web_pages_named_doc_are_read_without_libreoffice(tmp_path, monkeypatch, name, data, read_as):
    monkeypatch.setenv("REPORTKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    path = tmp_path / name
    path.write_bytes(data)
    doc = read(path)
    assert doc.text.split("\n") == LINES
    assert doc.source.format == path.suffix[1:]
    assert doc.source.metadata["read_as"] == read_as
    assert "converted_with" not in doc.source.metadata


def test_a_docx_named_doc_is_read_as_docx(tmp_path, monkeypatch):
    import docx

    monkeypatch.setenv("REPORTKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    d = docx.Document()
    for line in LINES:
        d.add_paragraph(line)
    path = tmp_path / "renamed.doc"
    d.save(path)
    doc = read(path)
    assert doc.text.split("\n") == LINES
    assert doc.source.metadata["read_as"] == "docx"


def test_mht_files_are_read(tmp_path):
    path = tmp_path / "整改报告.mht"
    path.write_bytes(mhtml(PAGE))
    doc = read(path)
    assert doc.text.split("\n") == LINES
    assert doc.source.format == "mhtml"


def test_an_mht_without_a_page_says_so(tmp_path):
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart

    root = MIMEMultipart("related")
    root.attach(MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"))
    path = tmp_path / "images.mht"
    path.write_bytes(root.as_bytes())
    with pytest.raises(InputError, match=r"images\.mht: no HTML part in this single-file web page"):
        read(path)


def test_an_ole_doc_and_rtf_still_go_to_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    from reportkit.io.legacy import disguised

    assert disguised(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512) is None
    assert disguised(b"{\\rtf1\\ansi <html> in the text}") is None
    assert disguised(b"PK\x03\x04 not a zip") is None
    path = tmp_path / "old.rtf"
    path.write_bytes(b"{\\rtf1\\ansi hello}")
    with pytest.raises(UnsupportedFormatError, match=r"convert to \.docx"):
        read(path)
