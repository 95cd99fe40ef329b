"""Time and memory of ``banenafspraak importeer`` (issue #17) on CBS-shaped files, next to a plain DuckDB query.

    python benchmarks/importeer.py --cbs MAP [--sav-jaar 2023]

``MAP`` holds CBS-shaped files and their bronnen.yaml (``banenafspraak genereer --formaat cbs --schaal 1 --uit MAP``:
about 40 million SPOLISBUS rows at schaal 1 with one employee outside the register per employer, year and Ufo part;
50 million with ``--werknemers-buiten-register 3``). Measured, each on its own (wall time):

1. the whole import as a user runs it, in its own process, with its own peak memory (``banenafspraak importeer``:
   the checks of every source column, persoon, register, AO benefit,
   residence cut per year, the polis filtered and written ordered by opgave_einde, werkgever over all rows);
2. side by side, the floor: a plain DuckDB query that reads the same SPOLISBUS files, keeps the rows of persons in
   the register and writes them ordered by the end date, without any mapping or check;
3. with ``--sav-jaar``: the SPOLISBUS file of that year written as ``.sav`` (pyreadstat), read into parquet alone
   and imported with the other tables, in rows per second (``.sav`` is read in chunks of ``importeer.SAV_BLOK`` rows; memory stays bounded by the chunk).

A measurement, not a test: run it on a quiet machine and report the load next to the numbers.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from meting import slot, stap

VLOER = """
COPY (SELECT * FROM read_parquet('{polis}') p
      SEMI JOIN (SELECT DISTINCT RINPERSOONS || RINPERSOON AS k FROM read_parquet('{reg}')) r
      ON r.k = p.RINPERSOONS || p.RINPERSOON ORDER BY SDATUMEINDEIKO) TO '{uit}' (FORMAT parquet)
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cbs", type=Path, required=True)
    p.add_argument("--sav-jaar", type=int)
    a = p.parse_args()
    import duckdb

    from banenafspraak.importeer import importeer, lees_bronnen

    with tempfile.TemporaryDirectory(prefix="bench-importeer-") as tmp:
        tmp = Path(tmp)
        bronnen = lees_bronnen(a.cbs / "bronnen.yaml")
        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{a.cbs}/SPOLISBUS*.parquet')").fetchall()[0][0]
        print(f"SPOLISBUS: {n:,} rijen".replace(",", "."))
        # as a user runs it, in its own process: its peak memory is its own (ru_maxrss of the children)
        stap("importeer (alles, met controles; eigen proces)", lambda: subprocess.run(
            [sys.executable, "-m", "banenafspraak.cli", "importeer", "--bronnen", str(a.cbs / "bronnen.yaml"),
             "--uit", str(tmp / "data")], check=True, stdout=subprocess.DEVNULL))
        print(f"  piekgeheugen van de import {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6:.2f} GB")
        v = json.loads((tmp / "data" / "importeer.json").read_text(encoding="utf-8"))["tabellen"]
        print(f"  polis geschreven: {v['polis']['geschreven']:,}".replace(",", "."))
        reg = bronnen.bestanden["doelgroepregister"][0]
        stap("vloer: kale DuckDB-query (filter en sorteer de polis)",
             lambda: duckdb.sql(VLOER.format(polis=f"{a.cbs}/SPOLISBUS*.parquet", reg=reg, uit=tmp / "vloer.parquet")))
        if a.sav_jaar:
            import pyreadstat

            bron = a.cbs / f"SPOLISBUS{a.sav_jaar}.parquet"
            df = duckdb.sql(f"SELECT * FROM read_parquet('{bron}')").df()
            sav = tmp / f"SPOLISBUS{a.sav_jaar}.sav"
            stap(f".sav schrijven ({len(df):,} rijen)".replace(",", "."), lambda: pyreadstat.write_sav(df, str(sav)))
            del df
            bronnen.bestanden["polis"] = [sav]
            from banenafspraak.importeer import _sav_naar_parquet

            t = time.perf_counter()
            _sav_naar_parquet(sav, tmp / "sav.parquet")
            s = time.perf_counter() - t
            r = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp / 'sav.parquet'}')").fetchall()[0][0]
            print(f".sav lezen (in blokken naar parquet): {s:.1f} s, {r / s:,.0f} rijen per seconde".replace(",", "."))
            t = time.perf_counter()
            v = importeer(bronnen, tmp / "sav", log=lambda *x: None)
            s = time.perf_counter() - t
            r = v["polis"]["gelezen_totaal"]
            print(f"importeer met één .sav-polis: {s:.1f} s, {r / s:,.0f} rijen per seconde".replace(",", "."))
    slot()


if __name__ == "__main__":
    main()
