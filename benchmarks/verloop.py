"""What the flows and the bruto/netto decomposition (RULES.md §6, issue #14) add to a trendrapportage.

    python benchmarks/verloop.py --data MAP [--kwartaal 2023Q4]

Measured, each on its own (wall time, and the peak memory of the whole script at the end):

1. reading the input as a report reads it (``rapport.laad_data``: contract check, polis left in its file);
2. counting every peildatum of the trendrapportage without the flows (``trend.tel_kwartalen(..., verloop_van=None)``);
3. the flows and the decomposition on that same counting: ``verloop.registreer``, ``tel_verloop``,
   ``tel_bruto_netto`` (all regions, the three compared pairs);
4. the whole publication (``trend.publicatie``: counting and every table) and its disclosure control
   (``Publicatie.publiceer``), first without the flows (``verloop_van=None``), then with them (the default run);
6. the 36 factsheets of each (one page without the flows, two with grafiek 4), in worker processes as the report
   draws them; and what the flows add to the report: (4 + 6 with) - (4 + 6 without), issue #14's budget of 30 s;
5. side by side, a plain DuckDB query over the parquet files of a comparable figure: the persons with a
   registration row on both dates and the change in their monthly hours between the two quarter ends,
   without any rule of the suite (no exclusions, no tijdvak conversion, no region): what the relational work
   costs at its barest.

A measurement, not a test: run it on a quiet machine and report the load next to the numbers.
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

KAAL = """
WITH r AS (SELECT DISTINCT persoon_id FROM read_parquet('{reg}')
           WHERE registratie_begin <= DATE '{van}' AND (registratie_einde IS NULL OR registratie_einde >= DATE '{tot}')),
u AS (SELECT persoon_id,
        sum(verloonde_uren) FILTER (WHERE opgave_begin <= DATE '{van}' AND opgave_einde >= DATE '{van}') AS voor,
        sum(verloonde_uren) FILTER (WHERE opgave_begin <= DATE '{tot}' AND opgave_einde >= DATE '{tot}') AS na
      FROM read_parquet('{polis}') WHERE (opgave_begin <= DATE '{van}' AND opgave_einde >= DATE '{van}')
        OR (opgave_begin <= DATE '{tot}' AND opgave_einde >= DATE '{tot}') GROUP BY persoon_id)
SELECT count(*) AS personen, sum(coalesce(na, 0) - coalesce(voor, 0)) / 110.92 AS netto_banen_ruw
FROM r LEFT JOIN u USING (persoon_id)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--kwartaal", default="2023Q4")
    a = ap.parse_args()
    from banenafspraak import trend, verloop
    from banenafspraak.rapport import laad_data
    from banenafspraak.verbinding import verbinding

    print(f"belasting (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    peil = trend.kwartaalpeil(a.kwartaal)
    t = time.perf_counter()
    ds = laad_data(a.data, trend.TABELLEN, polis_peildata=peil.alle, polis_als_bestand=True)
    print(f"1 inlezen                          {time.perf_counter() - t:6.1f} s")
    t = time.perf_counter()
    kt = trend.tel_kwartalen(ds, a.kwartaal, verloop_van=None)
    print(f"2 tellen zonder verloop ({len(peil.alle)} peildata) {time.perf_counter() - t:6.1f} s")
    t = time.perf_counter()
    verloop.registreer(kt.telling, trend.vergelijk_paren(peil), regio=True)
    vl = verloop.tel_verloop(kt.telling, ds["persoon"])
    bn = verloop.tel_bruto_netto(kt.telling)
    print(f"3 verloop en bruto/netto op die telling {time.perf_counter() - t:6.1f} s ({len(vl)} cellen, {len(bn)} rijen)")
    t = time.perf_counter()
    pub0 = trend.publicatie(ds, a.kwartaal, verloop_van=None)
    t_pub0 = time.perf_counter() - t
    t = time.perf_counter()
    gep0 = pub0.publiceer()
    t_bev0 = time.perf_counter() - t
    print(f"4a zonder verloop: publicatie {t_pub0:6.1f} s; onthullingscontrole {t_bev0:6.1f} s ({len(pub0.relaties)} relaties)")
    t = time.perf_counter()
    pub = trend.publicatie(ds, a.kwartaal)
    t_pub = time.perf_counter() - t
    t = time.perf_counter()
    gep = pub.publiceer()
    t_bev = time.perf_counter() - t
    print(f"4b met verloop: publicatie (tellen + tabellen) {t_pub:6.1f} s; onthullingscontrole {t_bev:6.1f} s "
          f"({len(pub.relaties)} relaties; onderdrukt: verloop {gep.onderdrukt('verloop')}, "
          f"bruto_netto {gep.onderdrukt('bruto_netto')})")
    nl = bn.loc[(bn["regio"] == "NL") & (bn["soort"] == "totaal") & (bn["van"] == peil.vorig_kwartaal)].iloc[0]
    print(f"  NL {peil.vorig_kwartaal.date()} -> {peil.peildatum.date()}: bruto toename {nl['bruto_toename']:.1f}, "
          f"afname {nl['bruto_afname']:.1f}, netto {nl['netto']:.1f}")
    t = time.perf_counter()
    con = verbinding()
    kaal = con.sql(KAAL.format(reg=ds.bestanden["doelgroepregister"], polis=ds.bestanden["polis"],
                               van=peil.vorig_kwartaal.date(), tot=peil.peildatum.date())).df()
    con.close()
    print(f"5 kale DuckDB-query (geen regels) {time.perf_counter() - t:6.1f} s: {int(kaal['personen'].iloc[0])} personen, "
          f"netto {float(kaal['netto_banen_ruw'].iloc[0]):.1f} banen (ruw)")
    from banenafspraak.factsheet import beschikbare_processen

    t_fs = []
    for g in (gep0, gep):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            bestanden = trend.schrijf_factsheets(g, Path(tmp), synthetisch=True, processen=beschikbare_processen())
            t_fs.append(time.perf_counter() - t)
    print(f"6 factsheets ({len(bestanden) // 2}, {beschikbare_processen()} processen): zonder verloop {t_fs[0]:6.1f} s, "
          f"met grafiek 4 {t_fs[1]:6.1f} s")
    extra = (t_pub + t_bev + t_fs[1]) - (t_pub0 + t_bev0 + t_fs[0])
    print(f"wat verloop en bruto/netto aan het rapport toevoegen (4b + 6 met - 4a - 6 zonder): {extra:6.1f} s (issue #14: ten hoogste 30 s)")
    print(f"piekgeheugen {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
