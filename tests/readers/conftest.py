"""Shared fixtures of the reader tests."""

from __future__ import annotations

import stat
import sys
import textwrap

import pytest


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A stand-in for LibreOffice: ``fake_soffice(text, suffix)`` makes ``REPORTKIT_SOFFICE`` a script that
    checks it was asked to convert an ``input<suffix>`` and "converts" it to a real .docx holding ``text``."""
    if sys.platform == "win32":
        pytest.skip("uses a shell script as a stand-in for soffice")
    import docx

    def make(text: str, suffix: str) -> None:
        template = tmp_path / "converted.docx"
        d = docx.Document()
        d.add_paragraph(text)
        d.save(template)
        fake = tmp_path / "soffice"
        fake.write_text(
            textwrap.dedent(f"""\
            #!{sys.executable}
            import os, shutil, sys
            args = sys.argv[1:]
            assert args[-1].endswith("input{suffix}"), args
            outdir = args[args.index("--outdir") + 1]
            os.makedirs(outdir, exist_ok=True)
            shutil.copy({str(template)!r}, os.path.join(outdir, "input.docx"))
        """)
        )
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("REPORTKIT_SOFFICE", str(fake))

    return make
