""".doc/.wps: an error that says what to do, or a LibreOffice conversion when soffice is present."""

from __future__ import annotations

import stat
import sys
import textwrap

import pytest

from reportkit.errors import UnsupportedFormatError
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


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a stand-in for soffice")
def test_conversion_through_soffice(tmp_path, monkeypatch):
    """The conversion plumbing, with a stand-in `soffice` that writes a real .docx."""
    import docx

    template = tmp_path / "converted.docx"
    d = docx.Document()
    d.add_paragraph("县林业局关于森林防火检查问题整改情况的报告")
    d.save(template)
    fake = tmp_path / "soffice"
    fake.write_text(
        textwrap.dedent(f"""\
        #!{sys.executable}
        import shutil, sys
        args = sys.argv[1:]
        outdir = args[args.index("--outdir") + 1]
        import os
        os.makedirs(outdir, exist_ok=True)
        shutil.copy({str(template)!r}, os.path.join(outdir, "input.docx"))
    """)
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("REPORTKIT_SOFFICE", str(fake))
    path = tmp_path / "report.wps"
    path.write_bytes(b"legacy bytes")
    doc = read(path)
    assert doc.text == "县林业局关于森林防火检查问题整改情况的报告"
    assert doc.source.format == "wps"
    assert doc.source.metadata["converted_with"] == "libreoffice"
