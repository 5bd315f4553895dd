"""Golden files: every document of corpus/ against its expected record in tests/golden/<id>.json.

Adding a case means adding a document to corpus/ (black's tests/data/cases). After a deliberate change
of output, regenerate with ``python -m pytest tests/test_golden.py --update-golden`` and review the
diff like code. The golden JSON is pretty-printed, key-sorted and keeps Chinese unescaped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportkit.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "corpus" / "docs"
GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p for p in DOCS.iterdir() if p.is_file()) if DOCS.is_dir() else []
BUILT_INS = ["counts", "leadership_groups", "ledger", "measures", "problems", "progress"]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(only=BUILT_INS)  # not whatever else is installed


def golden_record(pipeline: Pipeline, path: Path) -> dict:
    (record,) = pipeline.process_path(str(path))
    data = record.to_dict()
    data["source"]["path"] = path.relative_to(ROOT).as_posix()  # independent of the checkout's place
    data.pop("reportkit_version")  # a version bump alone changes no output
    return data


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_golden(pipeline, path, update_golden):
    expected_path = GOLDEN / f"{path.stem}.json"
    actual = golden_record(pipeline, path)
    text = pipeline.read(str(path))[0].text  # as decoded: no newline translation (CRLF files stay CRLF)
    for findings in actual["fields"].values():  # the invariant, whatever the golden file says
        for f in findings:
            assert text[f["span"][0] : f["span"][1]] == f["text"]
    if update_golden or not expected_path.exists():
        if not update_golden:
            pytest.fail(f"no golden file for {path.name}; run pytest --update-golden and review it")
        GOLDEN.mkdir(exist_ok=True)
        expected_path.write_text(dump(actual), encoding="utf-8")
        return
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected, f"{path.name} differs from {expected_path.name}; if intended, --update-golden"


def test_every_golden_file_has_its_document():
    assert CASES and GOLDEN.is_dir()
    stems = {p.stem for p in CASES}
    orphans = [p.name for p in GOLDEN.glob("*.json") if p.stem not in stems]
    assert not orphans, f"golden files without a corpus document: {orphans}"


# NumPy picks SIMD loops by CPU at run time (AVX-512, AVX2, or the baseline). Records must not depend on
# which: run the golden files again with the wider instruction sets switched off. Names of both NumPy 2.4+
# (X86_V3/X86_V4 groups) and older releases are given; NumPy ignores names it does not know, and switching
# off what the CPU lacks changes nothing, so every variant is a valid run on every machine.
_AVX512 = "X86_V4 AVX512_ICL AVX512_SPR AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL"
CPU_VARIANTS = {"no-avx512": _AVX512, "no-avx2": f"X86_V3 {_AVX512} AVX2 FMA3 F16C AVX"}


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(CPU_VARIANTS))
def test_golden_files_hold_without_wide_simd(variant):
    import os
    import subprocess
    import sys

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as cpu  # NumPy 2's dispatch table
    except ImportError:  # another layout: run the variant, which is valid anyway
        cpu = {}
    if cpu and not any(cpu.get(name) for name in CPU_VARIANTS[variant].split()):
        # the CPU has none of what the variant switches off: its run is the golden files' own run, just done
        pytest.skip(f"this CPU has none of {variant[3:]}: the run without it is test_golden's own")
    env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=CPU_VARIANTS[variant])
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__)), "-k", "test_golden["],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, (
        f"golden files differ with NPY_DISABLE_CPU_FEATURES={CPU_VARIANTS[variant]!r}:\n" + run.stdout[-3000:]
    )
