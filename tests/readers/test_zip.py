""".zip archives: each member of a type reportkit reads is a document of its own, named archive.zip/member;
names written by Chinese Windows (GBK, no UTF-8 flag) are decoded; bombs, encrypted and damaged members give
one-line errors that name the member, and never stop the other members."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import docx
import pytest
from click.testing import CliRunner

from reportkit import Pipeline
from reportkit.cli import main
from reportkit.errors import InputError, LimitExceededError, UnsupportedFormatError
from reportkit.io import Skipped, iter_inputs, read
from reportkit.io.archive import members

REPORT = (
    "关于食堂卫生检查发现问题整改情况的报告\n"
    "一、存在的问题\n"
    "（一）食品留样记录不全。\n"
    "二、整改措施\n"
    "（一）每餐留样并由值班领导签字确认。\n"
)


class _RawName(zipfile.ZipInfo):
    """A member whose name is written as the given bytes, without the UTF-8 flag (as Chinese Windows does)."""

    def __init__(self, raw: bytes) -> None:
        super().__init__(raw.decode("cp437"))
        self._raw = raw

    def _encodeFilenameFlags(self):  # overrides zipfile's private encoder
        return self._raw, self.flag_bits & ~0x800


def _docx_bytes(text: str) -> bytes:
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _write_archive(path, *extra):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("整改报告.txt", REPORT.encode("utf-8"))
        z.writestr(_RawName("通报.txt".encode("gbk")), REPORT.encode("gb18030"))
        z.writestr(_RawName("方案.txt".encode()), REPORT.encode("utf-8"))  # UTF-8 bytes, no flag
        z.writestr("材料/报告.docx", _docx_bytes(REPORT))
        z.writestr("统计表.xls", b"\xd0\xcf\x11\xe0 not read")
        z.writestr("__MACOSX/._整改报告.txt", b"resource fork")
        z.writestr(".DS_Store", b"junk")
        z.writestr("材料/~$报告.docx", b"lock file")
        z.writestr("空文件夹/", b"")
        for name, data in extra:
            z.writestr(name, data)
    return path


@pytest.fixture
def archive(tmp_path):
    return _write_archive(tmp_path / "附件.zip")


def test_members_are_inputs_named_inside_their_archive(archive):
    out = list(iter_inputs([archive]))
    a = str(archive)
    assert [x for x in out if isinstance(x, str)] == [
        f"{a}/整改报告.txt",
        f"{a}/通报.txt",
        f"{a}/方案.txt",
        f"{a}/材料/报告.docx",
    ]
    assert [(x.path, x.reason, x.suffix) for x in out if isinstance(x, Skipped)] == [
        (f"{a}/统计表.xls", "unsupported", ".xls")
    ]


def test_a_member_reads_as_the_same_file_would(archive, tmp_path):
    a = str(archive)
    for name, encoding in (("整改报告.txt", "utf-8"), ("通报.txt", "gb18030"), ("方案.txt", "utf-8")):
        doc = read(f"{a}/{name}")
        assert doc.text == REPORT
        assert doc.source.path == f"{a}/{name}"
        assert doc.source.sha256 == hashlib.sha256(REPORT.encode(encoding)).hexdigest()
    loose = tmp_path / "报告.docx"
    loose.write_bytes(_docx_bytes(REPORT))
    assert read(f"{a}/材料/报告.docx").text == read(loose).text
    assert read(f"{a}/材料/报告.docx").source.format == "docx"


def test_an_archive_named_alone_is_not_one_document(archive):
    with pytest.raises(InputError) as caught:
        read(archive)
    assert str(caught.value) == (
        f"{archive}: a zip archive of 4 documents: give it to `reportkit extract`, or read a member by its path "
        f"({archive}/整改报告.txt)"
    )


def test_an_archive_with_nothing_to_read_gives_an_error_record(tmp_path):
    path = tmp_path / "表格.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.xls", b"x")
        z.writestr("b.jpg", b"y")
    out = list(iter_inputs([path]))
    assert [x.reason for x in out if isinstance(x, Skipped)] == ["unsupported", "unsupported"]
    assert [x for x in out if isinstance(x, str)] == [str(path)]
    with pytest.raises(UnsupportedFormatError, match=r"表格\.zip: a zip archive with no document of a type"):
        read(path)


def test_a_damaged_archive_gives_one_error_record(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not the rest of a zip archive")
    assert list(iter_inputs([path])) == [str(path)]
    records = Pipeline(only=["counts"]).process_path(str(path))
    assert len(records) == 1
    assert records[0].errors[0].message.startswith(f"{path}: damaged or not a zip archive (BadZipFile")


def test_a_bomb_member_is_refused_by_name_and_the_others_are_read(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.txt", b"0" * (4 * 1024 * 1024))  # inflates about a thousand times
        z.writestr("report.txt", REPORT.encode())
    records = [r for p in iter_inputs([path]) for r in Pipeline(only=["counts"]).process_path(p)]
    assert [r.source.path for r in records] == [f"{path}/zeros.txt", f"{path}/report.txt"]
    assert records[0].errors[0].type == LimitExceededError.__name__
    assert "possibly a zip bomb" in records[0].errors[0].message
    assert records[1].errors == []


def test_an_encrypted_member(tmp_path):
    path = tmp_path / "secret.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("报告.txt", b"\x00" * 40)
    data = bytearray(path.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        at = data.index(signature) + flags_at
        data[at] |= 0x1  # "encrypted", as a password-protected archive's members say
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"secret\.zip/报告\.txt: an encrypted member of a zip archive"):
        read(f"{path}/报告.txt")


def test_a_damaged_member(tmp_path):
    path = tmp_path / "crc.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("report.txt", REPORT.encode())
    data = bytearray(path.read_bytes())
    at = data.index(REPORT.encode()[:12])
    data[at : at + 3] = b"XYZ"  # the data no longer matches its CRC
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"crc\.zip/report\.txt: damaged member of a zip archive \(BadZipFile"):
        read(f"{path}/report.txt")


def test_a_member_not_in_the_archive(archive):
    with pytest.raises(InputError, match=r"附件\.zip/无此文件\.txt: no member '无此文件\.txt' in"):
        read(f"{archive}/无此文件.txt")


def test_nested_archives_and_repeated_names_are_skipped_with_their_reason(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("inner.txt", REPORT.encode())
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as z, pytest.warns(UserWarning, match="Duplicate name"):
        z.writestr("a.txt", REPORT.encode())
        z.writestr("a.txt", b"second")
        z.writestr("inner.zip", inner.getvalue())
    out = list(iter_inputs([path]))
    assert out[0] == f"{path}/a.txt"
    assert [(x.path, x.reason) for x in out[1:]] == [
        (f"{path}/a.txt", "a second member of the same name"),
        (f"{path}/inner.zip", "an archive inside an archive"),
    ]
    assert read(f"{path}/a.txt").text.startswith("关于")  # the first member of the name


def test_include_and_exclude_apply_to_members(archive):
    names = [x for x in iter_inputs([archive], include=["*.docx"]) if isinstance(x, str)]
    assert names == [f"{archive}/材料/报告.docx"]
    names = [x for x in iter_inputs([archive], exclude=["*/材料/*"]) if isinstance(x, str)]
    assert f"{archive}/材料/报告.docx" not in names and len(names) == 3


def test_members_list_in_archive_order_without_hidden_and_lock_files(archive):
    assert [m.name for m in members(str(archive))] == [
        "整改报告.txt",
        "通报.txt",
        "方案.txt",
        "材料/报告.docx",
        "统计表.xls",
    ]


def test_members_whose_names_climb_are_read_not_lost(tmp_path):
    # "../x" and "a/../b" are no hidden files: each is a document, read under its name as stored (nothing is
    # written to disk), and its path reads it again
    path = _write_archive(tmp_path / "附件.zip", ("../上级报告.txt", REPORT.encode()), ("a/../b.txt", REPORT.encode()))
    names = [m.name for m in members(str(path))]
    assert names[-2:] == ["../上级报告.txt", "a/../b.txt"]
    inputs = [p for p in iter_inputs([str(path)]) if not isinstance(p, Skipped)]
    assert f"{path}/../上级报告.txt" in inputs and f"{path}/a/../b.txt" in inputs
    assert read(f"{path}/../上级报告.txt").text == REPORT


@pytest.mark.parametrize("workers", ["0", "2"])
def test_extract_over_a_folder_with_an_archive(tmp_path, workers):
    folder = tmp_path / "downloads"
    folder.mkdir()
    archive = _write_archive(folder / "附件.zip", ("坏的.docx", b"not a docx at all"))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(out), "--workers", workers, "-q"])
    assert result.exit_code in (0, 1), result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    paths = [r["source"]["path"] for r in records]
    assert paths == [
        f"{archive}/整改报告.txt",
        f"{archive}/通报.txt",
        f"{archive}/方案.txt",
        f"{archive}/材料/报告.docx",
        f"{archive}/坏的.docx",
    ]
    assert [bool(r["errors"]) for r in records] == [False, False, False, False, True]
    assert records[-1]["errors"][0]["message"].startswith(f"{archive}/坏的.docx: ")
    for r in records[:4]:
        text = read(r["source"]["path"]).text
        for finding in r["fields"]["counts"] + r["fields"]["problems"] + r["fields"]["measures"]:
            assert text[finding["span"][0] : finding["span"][1]] == finding["text"]
    for r in records[:4]:  # the same report in each member, and the same findings
        assert [f["text"] for f in r["fields"]["problems"]] == ["食品留样记录不全"]
        assert [f["text"] for f in r["fields"]["measures"]] == ["每餐留样并由值班领导签字确认"]


def test_review_pages_read_a_members_text_again(archive, tmp_path):
    from reportkit.review import items_from_records, load_records

    pipe = Pipeline()
    records = [r for p in iter_inputs([archive]) if isinstance(p, str) for r in pipe.process_path(p)]
    out = tmp_path / "r.jsonl"
    out.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    items = list(items_from_records(load_records(out)))
    assert [i.problem for i in items] == [None] * 4
    assert [i.text for i in items] == [read(r.source.path).text for r in records]


def test_an_archive_in_memory_says_how_to_read_it(archive):
    from reportkit.io import read_bytes

    with pytest.raises(UnsupportedFormatError, match=r"^x\.zip: a zip archive read as one document; give its folder"):
        read_bytes(archive.read_bytes(), "zip", "x.zip")
