"""Time and peak memory of the heavy steps, each in a fresh process.

    python benchmarks/benchmark.py genereer --schaal 1          # generator at national scale
    python benchmarks/benchmark.py rapport landelijke-monitor --data MAP [-p jaar=2023]

Peak memory is the maximum resident set size of the child process (its kernel included for
reports). Report the figures in the issue note; this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def meet(cmd: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak memory (GB), exit code and CPU seconds (user + system, the kernel included):
    on a shared machine the CPU time varies less than the wall time."""
    t0 = time.perf_counter()
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd)
    sec = time.perf_counter() - t0
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (na.ru_utime + na.ru_stime) - (voor.ru_utime + voor.ru_stime)
    return sec, max(na.ru_maxrss, voor.ru_maxrss) / 1024 ** 2, r.returncode, cpu


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="wat", required=True)
    g = sub.add_parser("genereer")
    g.add_argument("--schaal", type=float, default=1.0)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--uit", type=Path)
    r = sub.add_parser("rapport")
    r.add_argument("rapport")
    r.add_argument("--data", type=Path, required=True)
    r.add_argument("-p", action="append", default=[])
    a = ap.parse_args()
    if a.wat == "genereer":
        uit = a.uit or Path(tempfile.mkdtemp(prefix="banenafspraak-bench-"))
        cmd = [str(BIN / "banenafspraak"), "genereer", "--schaal", str(a.schaal), "--seed", str(a.seed), "--uit", str(uit)]
    else:
        uit = Path(tempfile.mkdtemp(prefix="banenafspraak-bench-"))
        cmd = [str(BIN / "banenafspraak"), "run", a.rapport, "-p", f"data_dir={a.data}", "--uit", str(uit)]
        for p in a.p:
            cmd += ["-p", p]
    sec, gb, rc, cpu = meet(cmd)
    grootte = sum(f.stat().st_size for f in uit.rglob("*") if f.is_file()) / 1024 ** 2
    print(f"{a.wat} {getattr(a, 'rapport', '')} schaal={getattr(a, 'schaal', '')}: {sec:.1f} s, cpu {cpu:.1f} s, piekgeheugen {gb:.2f} GB, "
          f"uitvoer {grootte:.0f} MB, exit {rc}  ({uit})")
    return rc


if __name__ == "__main__":
    sys.exit(main())
