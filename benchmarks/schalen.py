"""How the cost grows with the size of the data: the engine against its floor, and the landelijke
monitor end to end, at several scales.

    python benchmarks/schalen.py --map 0.25=/data/s025 --map 0.5=/data/s05 --map 1=/data/s1 \\
        --map 2=/data/s2 --map 3=/data/s3 [--geheugen 6GB] [--zonder-rapport]

Each data directory is generated with ``banenafspraak genereer --schaal S --seed 1 --uit MAP``. Per scale,
each in a fresh process, one after the other:

- ``motor_vloer.py``: ``motor.tel`` on the twelve Decembers 2012-2023 and the plain DuckDB query of the
  same figures (counting time, peak memory);
- ``banenafspraak run landelijke-monitor -p jaar=2023`` (wall time of the whole run, kernel start and
  HTML included, and peak memory of the process tree's largest member).

``--geheugen``: DuckDB's memory limit for every run (``BANENAFSPRAAK_DUCKDB_GEHEUGEN``), with a temp
directory to spill to (``BANENAFSPRAAK_DUCKDB_TEMP``). Printed: a Markdown table with the seconds per
million polis rows (CPU seconds, steadier than wall time on a shared machine), so that linear growth
shows as a constant column. A measurement, not a test: run it
on a quiet machine and report the load next to it.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def polis_rijen(map: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(map / "polis.parquet").metadata.num_rows


def draai(cmd: list[str], env: dict) -> tuple[str, int]:
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode:
        print(r.stdout[-2000:], r.stderr[-2000:], file=sys.stderr)
    return r.stdout, r.returncode


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--map", action="append", required=True, help="SCHAAL=MAP")
    ap.add_argument("--geheugen", help="DuckDB memory_limit, e.g. 6GB")
    ap.add_argument("--zonder-rapport", action="store_true")
    a = ap.parse_args()
    env = dict(os.environ)
    if a.geheugen:
        env["BANENAFSPRAAK_DUCKDB_GEHEUGEN"] = a.geheugen
        env.setdefault("BANENAFSPRAAK_DUCKDB_TEMP", tempfile.mkdtemp(prefix="banenafspraak-spill-"))
    print(f"belasting (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores"
          + (f"; DuckDB memory_limit {a.geheugen}" if a.geheugen else ""))
    rijen = []
    for item in a.map:
        schaal, map = item.split("=", 1)
        map = Path(map)
        n = polis_rijen(map) / 1e6
        uit, rc = draai([sys.executable, str(HIER / "motor_vloer.py"), "--data", str(map)], env)
        getal = {k: float(v) for k, v in re.findall(r"(motor|vloer)\s*: tellen\s+([\d.]+) s", uit)}
        piek = {k: float(v) for k, v in re.findall(r"(motor|vloer)\s*:.*piekgeheugen ([\d.]+) GB", uit)}
        cpu = {k: float(v) for k, v in re.findall(r"(motor|vloer)\s*: tellen\s+[\d.]+ s \(cpu\s+([\d.]+) s\)", uit)}
        rij = {"schaal": schaal, "polis (mln rijen)": n, "motor (s)": getal.get("motor"), "vloer (s)": getal.get("vloer"),
               "motor cpu (s)": cpu.get("motor"), "vloer cpu (s)": cpu.get("vloer"),
               "motor GB": piek.get("motor"), "gelijk": "ja" if "alle cijfers gelijk" in uit else "NEE"}
        if not a.zonder_rapport:
            t0 = time.perf_counter()
            uit, rc = draai([sys.executable, str(HIER / "benchmark.py"), "rapport", "landelijke-monitor", "--data", str(map),
                             "-p", "jaar=2023"], env)
            m = re.search(r": ([\d.]+) s, cpu [\d.]+ s, piekgeheugen ([\d.]+) GB", uit)
            rij["monitor (s)"], rij["monitor GB"] = (float(m.group(1)), float(m.group(2))) if m and rc == 0 else (None, None)
        rijen.append(rij)
        print(rij, flush=True)
    kol = list(rijen[0])
    print("\n| " + " | ".join(kol) + " | motor cpu-s per mln rijen |")
    print("|" + "---|" * (len(kol) + 1))
    for r in rijen:
        waarden = [f"{v:.1f}" if isinstance(v, float) else str(v) for v in r.values()]
        per = f"{r['motor cpu (s)'] / r['polis (mln rijen)']:.2f}" if r.get("motor cpu (s)") else ""
        print("| " + " | ".join(waarden) + f" | {per} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
