"""The counting engine against its floor: one plain DuckDB query of the same figure.

    python benchmarks/motor_vloer.py --data MAP [--van 2012] [--tot 2023] [--herhaal 1]

The figure: the banen (and the persons in the population) of every 31 December ``van``..``tot``,
national, from the parquet files of a data directory (``banenafspraak genereer --schaal 1 --seed 1
--uit MAP``). Each side runs in a fresh process, one after the other:

- ``motor``: ``motor.tel`` on all the Decembers at once (the register and the person data read into
  pandas, the polis and werkgever tables read by DuckDB from the files), the figure aggregated by
  DuckDB from its relations ``ikv`` and ``per_persoon`` (``Telling.sql``), as the reports do;
- ``vloer``: one DuckDB query written out by hand, with the rules' constants as literals (RULES.md §2:
  validity on the date, WSW_BESCHUT and quotum-only persons out, WML met voorziening from 2019, death,
  emigration and the AOW age end the registration at once; RULES.md §3: the tijdvak containing the date,
  calendar-day conversion, beschut werk left out, 110,92 hours a baan). It is the floor: the least work
  any implementation must do for this figure.

Printed per side: wall time of the counting (imports and process start excluded, reading the small
tables included) and its CPU time (all threads), wall time of the whole process, and peak memory (maximum resident set size of the
process); then whether every figure agrees (to 1e-6 banen). A measurement, not a test: the machine may
be shared, so run it on a quiet machine and report the load (``uptime``) next to the numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

AOW = [  # (reached from, years, months): the SVB table of parameters/aow.yaml, written out for the floor
    ("1900-01-01", 65, 0), ("2013-01-01", 65, 1), ("2014-01-01", 65, 2), ("2015-01-01", 65, 3),
    ("2016-01-01", 65, 6), ("2017-01-01", 65, 9), ("2018-01-01", 66, 0), ("2019-01-01", 66, 4),
    ("2022-01-01", 66, 7), ("2023-01-01", 66, 10), ("2024-01-01", 67, 0), ("2028-01-01", 67, 3)]


def vloer_sql(map: Path, van: int, tot: int) -> str:
    """The floor: one query over the parquet files of ``map``."""
    def f(naam):
        return f"read_parquet('{str(map / (naam + '.parquet'))}')"

    aow = ", ".join(f"({i}, DATE '{d}', {12 * j + m})" for i, (d, j, m) in enumerate(AOW))
    return f"""
WITH peil AS (SELECT CAST(make_date(j, 12, 31) AS DATE) AS p FROM range({van}, {tot + 1}) t(j)),
aow(i, vanaf, maanden) AS (VALUES {aow}),
aow_tot AS (SELECT i, maanden, lead(vanaf) OVER (ORDER BY i) AS tot FROM aow),
eind AS (  -- the earliest at-once end per person: death, emigration, AOW date
  SELECT p.persoon_id,
    least(p.overlijdensdatum, p.emigratiedatum,
          arg_min(CAST(p.geboortedatum + to_months(a.maanden) AS DATE), a.i)
            FILTER (WHERE a.tot IS NULL OR p.geboortedatum + to_months(a.maanden) < a.tot)) AS einde
  FROM {f('persoon')} p, aow_tot a GROUP BY p.persoon_id, p.overlijdensdatum, p.emigratiedatum),
geldig AS (
  SELECT k.p, r.persoon_id, list(DISTINCT r.grondslag) AS g
  FROM peil k JOIN {f('doelgroepregister')} r
    ON r.registratie_begin <= k.p AND (r.registratie_einde IS NULL OR r.registratie_einde >= k.p)
   AND (r.grondslag <> 'PW_WML_VOORZIENING' OR k.p >= DATE '2019-01-01')
  GROUP BY k.p, r.persoon_id),
pop AS (
  SELECT g.p, g.persoon_id FROM geldig g LEFT JOIN eind e USING (persoon_id)
  WHERE NOT list_contains(g.g, 'WSW_BESCHUT')
    AND len(list_filter(g.g, lambda x: x NOT IN ('WSW_BESCHUT', 'QUOTUM_VOORZIENING'))) > 0
    AND (e.einde IS NULL OR e.einde > g.p)),
uren AS (
  SELECT k.p, o.persoon_id,
    o.verloonde_uren * day(last_day(k.p)) / (date_diff('day', o.opgave_begin, o.opgave_einde) + 1) AS uren
  FROM peil k JOIN {f('polis')} o ON o.opgave_begin <= k.p AND o.opgave_einde >= k.p
  WHERE o.aard_arbeidsverhouding NOT IN ('21', '24') OR o.aard_arbeidsverhouding IS NULL)
SELECT year(q.p) AS jaar, count(DISTINCT q.persoon_id) AS personen, coalesce(sum(u.uren), 0) / 110.92 AS banen
FROM pop q LEFT JOIN uren u ON u.p = q.p AND u.persoon_id = q.persoon_id
GROUP BY ALL ORDER BY jaar
"""


def vloer(map: Path, van: int, tot: int) -> dict:
    from banenafspraak.verbinding import verbinding

    con = verbinding()
    rijen = con.execute(vloer_sql(map, van, tot)).fetchall()
    return {int(j): {"personen": int(n), "banen": float(b)} for j, n, b in rijen}


class Invoer(dict):
    """The tables as the engine reads them: small ones as frames, ``bestanden`` for polis and werkgever."""

    bestanden: dict


def motor(map: Path, van: int, tot: int) -> dict:
    import pandas as pd

    from banenafspraak import motor as m
    from banenafspraak.loading import lees_map

    ds = lees_map(map, ["persoon", "doelgroepregister"], valideer=False)
    invoer = Invoer(persoon=ds["persoon"], doelgroepregister=ds["doelgroepregister"])
    invoer.bestanden = {"polis": map / "polis.parquet", "werkgever": map / "werkgever.parquet"}
    t = m.tel(invoer, [pd.Timestamp(j, 12, 31) for j in range(van, tot + 1)])
    banen = t.sql("SELECT peildatum, sum(banen) AS banen FROM ikv GROUP BY peildatum")
    personen = t.sql("SELECT peildatum, count(*) AS personen FROM per_persoon GROUP BY peildatum")
    banen = dict(zip(banen["peildatum"].dt.year, banen["banen"]))
    personen = dict(zip(personen["peildatum"].dt.year, personen["personen"]))
    return {p.year: {"personen": int(personen.get(p.year, 0)), "banen": float(banen.get(p.year, 0.0))} for p in t.peildata}


def kind(wat: str, map: Path, van: int, tot: int) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    uit = (motor if wat == "motor" else vloer)(map, van, tot)
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2  # KB -> GB
    print(json.dumps({"wat": wat, "sec": sec, "cpu": cpu, "piek_gb": piek, "cijfers": uit}))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--van", type=int, default=2012)
    ap.add_argument("--tot", type=int, default=2023)
    ap.add_argument("--herhaal", type=int, default=1)
    ap.add_argument("--kind", choices=["motor", "vloer"])
    a = ap.parse_args()
    if a.kind:
        kind(a.kind, a.data, a.van, a.tot)
        return 0
    try:
        print(f"belasting (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    except OSError:
        pass
    uitkomst = {}
    for wat in ["motor", "vloer"] * a.herhaal:
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, __file__, "--kind", wat, "--data", str(a.data), "--van", str(a.van),
                            "--tot", str(a.tot)], capture_output=True, text=True)
        totaal = time.perf_counter() - t0
        if r.returncode:
            print(r.stderr, file=sys.stderr)
            return r.returncode
        u = json.loads(r.stdout.strip().splitlines()[-1])
        uitkomst[wat] = u
        print(f"{wat:6s}: tellen {u['sec']:6.1f} s (cpu {u['cpu']:6.1f} s), proces {totaal:6.1f} s, "
              f"piekgeheugen {u['piek_gb']:.2f} GB")
    m, v = uitkomst["motor"]["cijfers"], uitkomst["vloer"]["cijfers"]
    print(f"verhouding motor / vloer (tellen): {uitkomst['motor']['sec'] / uitkomst['vloer']['sec']:.2f} "
          f"(cpu: {uitkomst['motor']['cpu'] / uitkomst['vloer']['cpu']:.2f})")
    verschil = []
    print("jaar  personen  banen (motor)  banen (vloer)")
    for j in sorted(set(m) | set(v), key=int):
        a_, b_ = m.get(j, {}), v.get(j, {})
        print(f"{j}  {a_.get('personen', 0):8d}  {a_.get('banen', 0.0):13.3f}  {b_.get('banen', 0.0):13.3f}")
        if a_.get("personen") != b_.get("personen") or abs(a_.get("banen", 0.0) - b_.get("banen", 0.0)) > 1e-6:
            verschil.append(j)
    print("alle cijfers gelijk" if not verschil else f"VERSCHIL in {', '.join(map(str, verschil))}")
    return 1 if verschil else 0


if __name__ == "__main__":
    sys.exit(main())
