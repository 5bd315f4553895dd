"""Damaged files: whatever a reader's library raises becomes an InputError naming the file, on one line.

zlib, zipfile and pypdf raise exceptions outside reportkit's tree (``zlib.error``, ``NotImplementedError``
for a compression method, a zip version or a PDF filter, pypdf's ``DependencyError``); with
``--workers 0``, ``show`` or stdin they used to end the run.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from reportkit.errors import InputError
from reportkit.io import read

ROOT = Path(__file__).resolve().parents[2]
DOCX = (ROOT / "corpus" / "docs" / "rec_009.docx").read_bytes()


def _member_offsets(data: bytes, name: bytes) -> tuple[int, int]:
    """(local header offset, central directory entry offset) of a zip member."""
    central = 0
    while True:
        central = data.index(b"PK\x01\x02", central)
        (name_len,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + name_len] == name:
            (local,) = struct.unpack_from("<I", data, central + 42)
            return local, central
        central += 4


def damaged_deflate() -> bytes:
    data = bytearray(DOCX)
    local, _ = _member_offsets(DOCX, b"word/document.xml")
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_len + extra_len
    for i in range(start + 10, start + 40):
        data[i] ^= 0x55
    return bytes(data)


def unknown_compression() -> bytes:
    data = bytearray(DOCX)
    local, central = _member_offsets(DOCX, b"word/document.xml")
    struct.pack_into("<H", data, local + 8, 98)  # PPMd: zipfile cannot inflate it
    struct.pack_into("<H", data, central + 10, 98)
    return bytes(data)


def future_zip_version() -> bytes:
    data = bytearray(DOCX)
    _, central = _member_offsets(DOCX, b"word/document.xml")
    struct.pack_into("<H", data, central + 6, 99)  # "version needed to extract": 9.9
    return bytes(data)


def pdf_with_filter(name: bytes) -> bytes:
    content = b"BT /F1 12 Tf 72 712 Td (report) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /%s >>\nstream\n" % (len(content), name) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


DAMAGED = {
    "deflate.docx": damaged_deflate,  # zlib.error
    "ppmd.docx": unknown_compression,  # NotImplementedError: compression method
    "version.docx": future_zip_version,  # NotImplementedError: zip file version
    "filter.pdf": lambda: pdf_with_filter(b"NoSuchDecode"),  # NotImplementedError: unsupported filter
    "jbig2.pdf": lambda: pdf_with_filter(b"JBIG2Decode"),  # pypdf's DependencyError
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_every_reader_failure_is_an_input_error_naming_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(DAMAGED[name]())
    with pytest.raises(InputError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert info.value.path == str(path)


@pytest.fixture()
def damaged_folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, make in DAMAGED.items():
        (folder / name).write_bytes(make())
    (folder / "good.txt").write_text("关于安全生产检查的整改报告\n一、存在问题\n台账不全。\n", encoding="utf-8")
    return folder


def _run(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "reportkit.cli", *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs
    )


def test_damaged_files_are_error_records_in_process(damaged_folder, tmp_path):
    import json

    out = tmp_path / "out.jsonl"
    result = _run("extract", damaged_folder, "--workers", "0", "-o", out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    records = {Path(r["source"]["path"]).name: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(records) == sorted([*DAMAGED, "good.txt"])
    assert records["good.txt"]["errors"] == []
    for name in DAMAGED:
        (error,) = records[name]["errors"]
        assert error["stage"] == "read" and error["type"] == "InputError" and name in error["message"]


def test_show_reports_a_damaged_file_on_one_line(damaged_folder, tmp_path):
    result = _run("show", damaged_folder / "deflate.docx", "-o", tmp_path / "page.html")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "deflate.docx" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_or_a_device_named_as_a_document_is_refused_not_read(tmp_path):
    # opening a pipe blocks until something writes to it, and /dev/zero never ends: both are refused by what
    # they are, before they are opened
    pipe = tmp_path / "报告.txt"
    os.mkfifo(pipe)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    for path in (pipe, zero):
        with pytest.raises(InputError, match=r"not a regular file \(a pipe, socket or device\)") as info:
            read(path)
        assert str(info.value).startswith(f"{path}: ")
