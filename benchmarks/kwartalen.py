"""The counting engine on every quarter end by region: what the quarterly trendrapportage counts.

    python benchmarks/kwartalen.py --data MAP [--van 2013Q1] [--tot 2024Q4] [--jaargrondslagen jaarbegin]

One call of ``motor.tel`` on all quarter ends ``van``..``tot`` (48 for 2013Q1-2024Q4) with the
quarterly 1-January rule for Wsw and Wiw/ID (RULES.md §2 decision) and the region of residence
(RULES.md §3), then per (peildatum, arbeidsmarktregio) and for the Netherlands: personen, werkzame
personen, banen, and banen by soort (inleen, regulier markt, regulier overheid; RULES.md §4), aggregated
by DuckDB over the engine's relations (``Telling.sql``). The input tables are read as a report reads
them (``loading.lees_map``: the small tables into pandas, the polis and werkgever left in their parquet
files; the contract check left out, as it is the same for every report and measured with the reports).

Printed: wall time of reading and of counting, peak memory (maximum resident set size), the number of
result rows, and the national figures of the last quarter. A measurement, not a test: run it on a
quiet machine and report the load (``uptime``) next to the numbers.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import pandas as pd

PER_REGIO = """
WITH r AS (SELECT peildatum, coalesce(arbeidsmarktregio_code, 'onbekend') AS regio, count(*) AS personen,
                  count(*) FILTER (WHERE werkzaam) AS werkzame_personen, sum(banen) AS banen
           FROM per_persoon GROUP BY ALL),
s AS (SELECT i.peildatum, coalesce(p.arbeidsmarktregio_code, 'onbekend') AS regio,
        sum(i.banen) FILTER (WHERE i.inleen) AS banen_inleen,
        sum(i.banen) FILTER (WHERE NOT i.inleen AND i.sector = 'markt') AS banen_regulier_markt,
        sum(i.banen) FILTER (WHERE NOT i.inleen AND i.sector = 'overheid') AS banen_regulier_overheid
      FROM ikv i JOIN status p USING (peildatum, persoon_id) GROUP BY ALL)
SELECT * FROM r LEFT JOIN s USING (peildatum, regio)
"""


def kwartaaleinden(van: str, tot: str) -> list[pd.Timestamp]:
    return [p.end_time.normalize() for p in pd.period_range(pd.Period(van, "Q"), pd.Period(tot, "Q"), freq="Q")]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--van", default="2013Q1")
    ap.add_argument("--tot", default="2024Q4")
    ap.add_argument("--jaargrondslagen", default="jaarbegin", choices=["jaarbegin", "halfjaar", "actueel"])
    a = ap.parse_args()
    from banenafspraak import motor
    from banenafspraak.loading import lees_map

    try:
        print(f"belasting (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    except OSError:
        pass
    t0 = time.perf_counter()
    ds = lees_map(a.data, ["persoon", "doelgroepregister", "polis", "werkgever", "woonplaats", "gemeente_regio"],
                  valideer=False, polis_als_bestand=True)
    t1 = time.perf_counter()
    datums = kwartaaleinden(a.van, a.tot)
    t = motor.tel(ds, datums, jaargrondslagen=a.jaargrondslagen)
    regio = t.sql(PER_REGIO)
    nl = regio.drop(columns="regio").groupby("peildatum").sum()
    t2 = time.perf_counter()
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
    print(f"{len(datums)} kwartaaleinden {a.van}-{a.tot}, {regio['regio'].nunique()} regio's, {len(regio)} rijen")
    print(f"lezen {t1 - t0:.1f} s, tellen {t2 - t1:.1f} s, samen {t2 - t0:.1f} s, piekgeheugen {piek:.2f} GB")
    print(nl.tail(1).round(1).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
