"""Time and peak memory of the heavy steps, each in a fresh process.

    python benchmarks/benchmark.py genereer --schaal 1          # generator at national scale
    python benchmarks/benchmark.py rapport landelijke-monitor --data MAP [-p jaar=2023]
    python benchmarks/benchmark.py rapport jaarrapporten --data MAP -p jaar=2023 --gelijktijdig 3

Peak memory is the maximum resident set size of the child process (its kernel included for
reports); with ``--gelijktijdig`` above 1 also the peak of the resident memory of all its processes
together (sampled every 0,2 s). Report the figures in the issue note; this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _boom_rss(pid: int) -> int:
    """Resident bytes of process ``pid`` and all its descendants (0 without psutil)."""
    try:
        import psutil
    except ImportError:
        return 0
    try:
        p = psutil.Process(pid)
        return sum(q.memory_info().rss for q in [p, *p.children(recursive=True)] if q.is_running())
    except psutil.Error:
        return 0


def meet(cmd: list[str]) -> tuple[float, float, int, float, float]:
    """Wall seconds, peak memory (GB) of the largest process, exit code, CPU seconds (user + system,
    the kernels included: on a shared machine the CPU time varies less than the wall time) and the
    peak of all processes together (GB, sampled)."""
    t0 = time.perf_counter()
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    proces = subprocess.Popen(cmd)
    samen = [0]

    def bemonster() -> None:
        while proces.poll() is None:
            samen[0] = max(samen[0], _boom_rss(proces.pid))
            time.sleep(0.2)

    t = threading.Thread(target=bemonster, daemon=True)
    t.start()
    rc = proces.wait()
    t.join()
    sec = time.perf_counter() - t0
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (na.ru_utime + na.ru_stime) - (voor.ru_utime + voor.ru_stime)
    return sec, max(na.ru_maxrss, voor.ru_maxrss) / 1024 ** 2, rc, cpu, samen[0] / 1024 ** 3


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
    r.add_argument("--gelijktijdig", type=int, default=1)
    a = ap.parse_args()
    if a.wat == "genereer":
        uit = a.uit or Path(tempfile.mkdtemp(prefix="banenafspraak-bench-"))
        cmd = [str(BIN / "banenafspraak"), "genereer", "--schaal", str(a.schaal), "--seed", str(a.seed), "--uit", str(uit)]
    else:
        uit = Path(tempfile.mkdtemp(prefix="banenafspraak-bench-"))
        cmd = [str(BIN / "banenafspraak"), "run", a.rapport, "-p", f"data_dir={a.data}", "--uit", str(uit)]
        for p in a.p:
            cmd += ["-p", p]
        if a.gelijktijdig != 1:
            cmd += ["--gelijktijdig", str(a.gelijktijdig)]
    sec, gb, rc, cpu, samen = meet(cmd)
    grootte = sum(f.stat().st_size for f in uit.rglob("*") if f.is_file()) / 1024 ** 2
    gelijk = getattr(a, "gelijktijdig", 1)
    samen_tekst = f" (alle processen samen {samen:.2f} GB)" if gelijk != 1 and samen else ""
    print(f"{a.wat} {getattr(a, 'rapport', '')} schaal={getattr(a, 'schaal', '')}"
          f"{f' gelijktijdig={gelijk}' if gelijk != 1 else ''}: {sec:.1f} s, cpu {cpu:.1f} s, "
          f"piekgeheugen {gb:.2f} GB{samen_tekst}, uitvoer {grootte:.0f} MB, exit {rc}  ({uit})")
    return rc


if __name__ == "__main__":
    sys.exit(main())
