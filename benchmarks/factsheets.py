"""Time of writing the quarterly factsheets: 35 arbeidsmarktregio's and Nederland (36 PDF + 36 HTML).

    python benchmarks/factsheets.py [--aantal 36] [--map MAP] [--processen N]

Inputs are made up (random figures of a plausible size, some cells suppressed); the time covers
drawing and saving only, after importing the library (with ``--processen N`` in N spawned worker processes,
their start included; CPU is that of this process only). Report the figures in the
issue note; this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from banenafspraak.factsheet import CATEGORIEEN, INDICATOREN, SOORTEN, VERGELIJKINGEN, FactsheetInvoer, \
    schrijf_factsheets

KWARTALEN = ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1"]


def invoer(i: int, rng: np.random.Generator) -> FactsheetInvoer:
    """A made-up factsheet input; index 0 is Nederland (with a doelstelling), the others regions."""
    nl = i == 0
    schaal = 40.0 if nl else rng.uniform(0.3, 2.0)
    k = pd.DataFrame({"indicator": INDICATOREN, "waarde": np.round(np.array([2184, 3963, 1916]) * schaal)})
    for v in VERGELIJKINGEN:
        k[v] = np.round(k["waarde"] * rng.uniform(0.5, 1.1, 3))
        k[f"verschil_{v}"] = k["waarde"] - k[v]
    banen = pd.DataFrame({"kwartaal": KWARTALEN,
                          **{s: np.round(rng.uniform(n * 0.9, n * 1.1, 5) * schaal)
                             for s, n in zip(SOORTEN, (400, 1600, 200))}})
    if not nl and i % 5 == 0:
        banen.loc[4, "banen_regulier_overheid"] = np.nan
    cat = pd.DataFrame([{"kwartaal": q, "categorie": c, "personen": round(n * schaal * rng.uniform(0.9, 1.1)),
                         "werkzame_personen": round(n * 0.5 * schaal * rng.uniform(0.9, 1.1))}
                        for q in KWARTALEN for c, n in zip(CATEGORIEEN, (1300, 1900, 700))])
    return FactsheetInvoer(
        regio="NL" if nl else f"AM{i:02d}", regio_naam="Nederland" if nl else f"Regio {i}", kwartaal="2021Q1",
        peildatum=date(2021, 3, 31), kerncijfers=k, banen_reeks=banen, nulmeting_banen=round(938 * schaal),
        categorie_reeks=cat, doelstelling_extra=60000.0 if nl else None, doelstelling_jaar=2021 if nl else None,
        synthetisch=True, publiceerbaar=True, bron="synthetische gegevens",
        definitie_baan="één baan staat gelijk aan 110,92 verloonde uren per maand")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--aantal", type=int, default=36)
    p.add_argument("--map", type=Path, default=None)
    p.add_argument("--processen", type=int, default=1, help="worker processes (the report: the cores, at most 4)")
    a = p.parse_args()
    rng = np.random.default_rng(13)
    invoeren = [invoer(i, rng) for i in range(a.aantal)]
    with tempfile.TemporaryDirectory() as tmp:
        begin, cpu = time.perf_counter(), time.process_time()
        paden = schrijf_factsheets(invoeren, a.map or tmp, a.processen)
        duur, cpu = time.perf_counter() - begin, time.process_time() - cpu
    belasting = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(invoeren)} factsheets, {len(paden)} bestanden in {duur:.1f} s "
          f"({duur / len(invoeren):.2f} s per stuk), CPU {cpu:.1f} s, belasting {belasting:.1f}")


if __name__ == "__main__":
    main()
