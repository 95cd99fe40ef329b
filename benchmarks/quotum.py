"""Time of the quotum report's counting (RULES.md §9, issue #16) at national scale, next to a plain DuckDB query.

    python benchmarks/quotum.py --data MAP [--jaar 2024]

Measured, each on its own (wall time; the peak memory of the whole script at the end):

1. reading the input as the report reads it (``rapport.laad_data``: contract check, polis left in its file);
2. the fiscaal nummers of the year and their size and sector (``motor.fiscale_werkgevers``);
3. the doelgroep hours of every loonheffingennummer (``motor.tel_quotum``: the engine's status of every person and
   tijdvak end of the year);
4. A and F of the formula from the data (``quotum.uit_de_data``: the nulmeting and 31 December two years before);
5. the whole counting of the report (``quotum.tel_jaar``) and its publication with disclosure control;
6. side by side, a plain DuckDB query over the parquet files of a comparable figure: the hours in the year of
   persons with any registration row overlapping it, per employer, without any rule of the suite.

A measurement, not a test: run it on a quiet machine and report the load next to the numbers.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from meting import slot, stap

KAAL = """
WITH r AS (SELECT DISTINCT persoon_id FROM read_parquet('{reg}')
           WHERE registratie_begin <= DATE '{jaar}-12-31' AND (registratie_einde IS NULL OR registratie_einde >= DATE '{jaar}-01-01'))
SELECT count(*) AS werkgevers, sum(uren) AS uren FROM (
  SELECT werkgever_id, sum(verloonde_uren) AS uren FROM read_parquet('{polis}')
  WHERE opgave_einde BETWEEN DATE '{jaar}-01-01' AND DATE '{jaar}-12-31' AND persoon_id IN (SELECT persoon_id FROM r)
  GROUP BY werkgever_id)
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--jaar", type=int, default=2024)
    a = p.parse_args()
    from banenafspraak import motor, quotum
    from banenafspraak.rapport import laad_data
    from banenafspraak.verbinding import verbinding


    ds = stap("lezen (laad_data)", lambda: laad_data(a.data, quotum.tabellen_voor(a.data), polis_als_bestand=True))
    stap("fiscale nummers (motor.fiscale_werkgevers)", lambda: motor.fiscale_werkgevers(ds, a.jaar))
    stap("doelgroepuren (motor.tel_quotum)", lambda: motor.tel_quotum(ds, a.jaar))
    stap("A en F uit de data (quotum.uit_de_data)", lambda: quotum.uit_de_data(ds, a.jaar))
    q = stap("de hele telling (quotum.tel_jaar)", lambda: quotum.tel_jaar(ds, a.jaar))
    stap("publicatie en onthullingscontrole", lambda: quotum.publicatie(q).publiceer())
    con = verbinding()
    sql = KAAL.format(reg=a.data / "doelgroepregister.parquet", polis=a.data / "polis.parquet", jaar=a.jaar)
    stap("kale DuckDB-query (uren per werkgever, geen regels)", lambda: con.execute(sql).fetchall())
    slot()


if __name__ == "__main__":
    main()
