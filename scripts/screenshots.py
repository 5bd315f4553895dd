"""Make the README's screenshots of the review pages with headless Chromium.

    python scripts/screenshots.py            # writes docs/img/show.png, report.png and annotate.png

Runs `reportkit extract` over the corpus, `reportkit report` over the results and `reportkit show`
on one rectification report, then photographs the pages. Needs `chromium` (Debian) and, for Chinese
glyphs, a CJK font (fonts-wqy-microhei or fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def shoot(browser: str, page: Path, png: Path, size: str, profile: Path, fragment: str = "") -> None:
    subprocess.run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size}",
            f"--screenshot={png}",
            page.as_uri() + fragment,
        ],
        check=True,
        capture_output=True,
    )
    print(f"wrote {png.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doc", default="corpus/docs/rec_001.txt", help="the document for the show page")
    parser.add_argument("--out", default="docs/img", help="where the PNG files go")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print("no chromium on PATH (apt-get install chromium fonts-wqy-microhei)", file=sys.stderr)
        return 2
    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    rk = [sys.executable, "-m", "reportkit.cli"]
    only = ["--only", "counts,leadership_groups,problems,measures"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([*rk, "show", args.doc, "-o", str(tmp / "show.html"), *only], check=True, cwd=ROOT)
        subprocess.run([*rk, "extract", "corpus/docs", "-o", str(tmp / "run.jsonl"), "-q", *only], check=True, cwd=ROOT)
        subprocess.run(
            [
                *rk,
                "report",
                str(tmp / "run.jsonl"),
                "-o",
                str(tmp / "overview.html"),
                "--no-pages",
                "--title",
                "corpus/docs (312 documents)",
            ],
            check=True,
        )
        # with the leadership group pinned, as after a click on it (#f=<finding id>)
        shoot(browser, tmp / "show.html", out / "show.png", "1280,1100", tmp / "profile", "#f=d0-leadership_groups-0")
        shoot(browser, tmp / "overview.html", out / "report.png", "1280,1250", tmp / "profile")
        # the annotation page with the leadership group selected (#d=<doc id>&s=<start>-<end>)
        page = tmp / "annotate.html"
        subprocess.run([*rk, "annotate", args.doc, "-o", str(page), *only], check=True, cwd=ROOT)
        data = page.read_text(encoding="utf-8").split('id="rk-data">', 1)[1].split("</script>", 1)[0]
        doc = json.loads(data)["docs"][0]
        group = next(it for it in doc["initial"]["items"] if it["x"] == "leadership_groups")
        where = f"#d={doc['id']}&s={group['s']}-{group['e']}"
        shoot(browser, page, out / "annotate.png", "1400,1000", tmp / "profile", where)
    return 0


if __name__ == "__main__":
    sys.exit(main())
