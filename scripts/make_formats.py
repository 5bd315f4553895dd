"""Give part of corpus/ the formats and encodings real folders have (run once; the results are committed).

    python scripts/make_formats.py

Converts chosen documents of ``corpus/docs`` from UTF-8 .txt to GB18030, GBK, UTF-16 and UTF-8-with-BOM
text, Markdown, .docx (one with a table), .pdf (text layer) and .html, updates ``corpus/manifest.csv``,
and checks through reportkit's own readers that every gold string is still in the text as read. A
conversion that would lose a gold string is not made. It also writes ``corpus/compilations/``: web
compilation pages made of several corpus documents, for the ``--split`` tests (they are not training
documents). Needs reportkit and the ``[dev]`` extra (reportlab) installed.
"""

from __future__ import annotations

import codecs
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

PLAN = {
    "rec_010": "gb18030",
    "sum_006": "gb18030",
    "oth_018": "gb18030",
    "brf_008": "gbk",
    "sur_019": "utf-16",
    "wp_018": "utf-8-sig",
    "brf_044": "md",
    "wp_001": "docx",
    "rec_009": "docx",
    "sum_020": "docx",
    "wp_007": "docx",
    "brf_020": "pdf",
    "rec_024": "pdf",
    "brf_039": "html",
    "oth_035": "html",
}
COMPILATIONS = {
    "安全工作总结精选3篇.txt": ["sum_002", "sum_021", "sum_009"],
    "整改报告范文.html": ["rec_019", "rec_039"],
}


def write_text(path: Path, text: str, encoding: str) -> Path:
    if encoding == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    elif encoding == "utf-8-sig":
        path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    else:
        path.write_bytes(text.encode(encoding))
    return path


def write_docx(path: Path, text: str, table: bool = True) -> Path:
    import docx

    d = docx.Document()
    lines = text.split("\n")
    table_rows = [ln for ln in lines if ln.strip().startswith(("组长", "副组长", "成员"))] if table else []
    for line in lines:
        if table_rows and line == table_rows[0]:
            # the list of a leadership group becomes a two-column table, as offices often write it
            table = d.add_table(rows=0, cols=2)
            for row in table_rows:
                label, _, who = row.strip().partition("：")
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, who
            continue
        if line in table_rows:
            continue
        d.add_paragraph(line)
    d.save(path)
    return path


def write_pdf(path: Path, text: str) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    y, width, page = 800, 34, 1

    def newline():
        nonlocal y, page
        y -= 18
        if y < 60:
            c.setFont("STSong-Light", 9)
            c.drawString(290, 30, f"- {page} -")
            c.showPage()
            page += 1
            y = 800

    for para in text.split("\n"):
        c.setFont("STSong-Light", 11)
        chunks = [para[i : i + width] for i in range(0, len(para), width)] or [""]
        for chunk in chunks:
            if chunk:
                c.drawString(50, y, chunk)
            newline()
    c.setFont("STSong-Light", 9)
    c.drawString(290, 30, f"- {page} -")
    c.showPage()
    c.save()
    return path


def write_html(path: Path, text: str, title: str) -> Path:
    from html import escape

    body = "\n".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="gbk"><title>{escape(title)}_政务网站</title>'
        "<style>p{line-height:1.8}</style><script>var _hmt=[];</script></head><body>"
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/gzdt">工作动态</a></div>'
        f'<div class="article"><article>{body}</article></div>'
        '<div class="footer">主办单位：某县人民政府办公室　备案号：某ICP备00000000号</div></body></html>',
        encoding="gbk",
        errors="xmlcharrefreplace",
    )
    return path


def main() -> int:
    import reportkit

    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    by_id = {r["id"]: r for r in rows}
    for doc_id, target in PLAN.items():
        row = by_id[doc_id]
        src = CORPUS / row["file"]
        if src.suffix != ".txt" or row["encoding"] != "utf-8":
            continue  # converted already
        text = src.read_bytes().decode("utf-8")
        stem = CORPUS / "docs" / doc_id
        if target in ("gb18030", "gbk", "utf-16", "utf-8-sig"):
            out = write_text(stem.with_suffix(".txt.new"), text, target)
        elif target == "md":
            out = stem.with_suffix(".md")
            out.write_text(text, encoding="utf-8")
        elif target == "docx":
            out = write_docx(stem.with_suffix(".docx"), text)
        elif target == "pdf":
            out = write_pdf(stem.with_suffix(".pdf"), text)
        else:
            out = write_html(stem.with_suffix(".html"), text, row["title"] or doc_id)
        read_as = out.with_suffix("") if out.suffix == ".new" else out
        if out.suffix == ".new":
            out.replace(read_as)
        try:
            doc = reportkit.read(read_as)
        except reportkit.ReportkitError as exc:
            print(f"{doc_id}: {target} not readable ({exc}); kept as UTF-8", file=sys.stderr)
            write_text(src, text, "utf-8")
            continue
        missing = _missing(gold[doc_id], doc.text)
        if missing and target == "docx":  # a table breaks quotes that run over the list: try without
            out = write_docx(stem.with_suffix(".docx"), text, table=False)
            doc = reportkit.read(out)
            missing = _missing(gold[doc_id], doc.text)
        if missing:
            print(
                f"{doc_id}: {target} would lose {len(missing)} gold strings (e.g. {missing[0][:20]!r}); skipped",
                file=sys.stderr,
            )
            if read_as != src:
                read_as.unlink()
            write_text(src, text, "utf-8")
            continue
        if read_as != src:
            src.unlink()
        row["file"] = f"docs/{read_as.name}"
        row["format"] = reportkit.io.format_of(read_as) or target
        row["encoding"] = doc.source.encoding or ""
        print(f"{doc_id}: {row['file']} ({row['format']}, {row['encoding'] or '-'})", file=sys.stderr)
    with open(CORPUS / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    comp = CORPUS / "compilations"
    comp.mkdir(exist_ok=True)
    for name, ids in COMPILATIONS.items():
        parts = []
        for i, doc_id in enumerate(ids, start=1):
            doc = reportkit.read(CORPUS / by_id[doc_id]["file"])
            title = by_id[doc_id]["title"] or doc_id
            body = doc.text[doc.title_span[1] :].strip() if doc.title_span else doc.text.strip()
            parts.append(f"{i}.{title} 篇{'一二三四五'[i - 1]}\n{body}")
        page = f"{Path(name).stem}\n下面是小编为大家整理的范文，供大家参考。\n\n" + "\n\n".join(parts) + "\n"
        if name.endswith(".html"):
            from html import escape

            page = (
                '<html><head><meta charset="utf-8"></head><body>'
                + "".join(f"<p>{escape(line)}</p>" for line in page.split("\n") if line.strip())
                + "</body></html>"
            )
        (comp / name).write_text(page, encoding="utf-8")
    (comp / "parts.json").write_text(json.dumps(COMPILATIONS, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def _missing(entry: dict, text: str) -> list[str]:
    strings = [c["text"] for c in entry["counts"]] + entry["problems"] + entry["measures"]
    for g in entry["leadership_groups"]:
        strings.append(g["quote"])
    return [s for s in strings if s not in text]


if __name__ == "__main__":
    sys.exit(main())
