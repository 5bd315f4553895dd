"""Files that are not what their names say — a saved error page, a renamed .doc, a protected .docx — get a
one-line error naming what they are, or are read as what they are."""

from __future__ import annotations

import pytest

from reportkit.errors import InputError, UnsupportedFormatError
from reportkit.io import read
from reportkit.io.legacy import OLE_MAGIC

ERROR_PAGE = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".ofd"])
def test_a_web_page_saved_under_a_document_name(tmp_path, suffix):
    path = tmp_path / f"附件1{suffix}"
    path.write_bytes(ERROR_PAGE)
    with pytest.raises(InputError) as caught:
        read(path)
    assert (
        str(caught.value) == f"{path}: not a {suffix} file but a web page (“404 Not Found”): probably a failed download"
    )


def test_a_web_page_without_a_title(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes("\ufeff<html><body>系统繁忙，请稍后再试</body></html>".encode())
    with pytest.raises(InputError, match=r"report\.pdf: not a \.pdf file but a web page: probably a failed download$"):
        read(path)


def test_a_protected_docx(tmp_path):
    path = tmp_path / "protected.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(
        InputError, match=r"protected\.docx: a password-protected \.docx; save a copy without the password"
    ):
        read(path)


def test_a_doc_named_docx_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    path = tmp_path / "old.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 1024)
    with pytest.raises(UnsupportedFormatError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: a Word 97-2003 (.doc) file named .docx: .doc files are not read directly")
    assert "\n" not in message


def test_a_doc_named_docx_is_converted_like_a_doc(tmp_path, fake_soffice):
    fake_soffice("县审计局关于专项审计问题整改进展的报告", ".doc")
    path = tmp_path / "renamed.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 1024)
    doc = read(path)
    assert doc.text == "县审计局关于专项审计问题整改进展的报告"
    assert doc.source.format == "docx"
    assert doc.source.metadata["read_as"] == "doc"
    assert doc.source.metadata["converted_with"] == "libreoffice"
