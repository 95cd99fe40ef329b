"""Small-cell suppression of published tables (RULES.md §10, ENGINEERING.md "Publishing tables").

Primary: a count of persons greater than 0 and smaller than ``min_cel`` is suppressed (NaN in the CSV,
'*' in the workbook), together with the figures derived from it in the same row. Secondary: where a
group's total is published and exactly one of its parts is suppressed, the smallest other part is
suppressed too, so the total cannot reveal it. ``min_cel = 0`` switches suppression off (the run is
then marked "niet voor publicatie").
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import parameter


def standaard_min_cel(peildatum) -> int:
    return int(parameter("publicatie.min_cel", peildatum))


def onderdruk(df: pd.DataFrame, min_cel: int, aantallen: dict[str, list[str]], groep: str | None = None,
              totaal_kolom: str | None = None) -> pd.DataFrame:
    """Suppress small cells.

    ``aantallen``: for each column with a count of persons, the columns derived from it
    (e.g. ``{"personen": ["werkzame_personen", "banen"]}``). ``groep``/``totaal_kolom``: rows with the
    same ``groep`` whose ``totaal_kolom`` is not 'totaal' are the parts of the row where it is 'totaal'
    (secondary suppression).
    """
    uit = df.copy()
    if min_cel <= 0:
        return _gehele_getallen(uit, aantallen)
    for kolom, afgeleid in aantallen.items():
        for c in [kolom, *afgeleid]:
            uit[c] = uit[c].astype(float)
    onderdrukt = pd.DataFrame(False, index=uit.index, columns=uit.columns)

    def zet(rijen, kolom):
        for c in [kolom, *aantallen[kolom]]:
            uit.loc[rijen, c] = np.nan
            onderdrukt.loc[rijen, c] = True

    for kolom in aantallen:
        n = df[kolom].astype(float)
        zet(df.index[(n > 0) & (n < min_cel)], kolom)
    if groep is not None and totaal_kolom is not None:
        for kolom in aantallen:
            for _, g in df.groupby(groep, sort=False):
                delen = g.loc[g[totaal_kolom] != "totaal"]
                if len(delen) < 2 or (g[totaal_kolom] == "totaal").sum() == 0:
                    continue
                weg = onderdrukt.loc[delen.index, kolom]
                if weg.sum() == 1:
                    over = delen.loc[~weg & (delen[kolom].astype(float) > 0)]
                    if len(over):
                        zet([over[kolom].astype(float).idxmin()], kolom)
    return _gehele_getallen(uit, aantallen)


def _gehele_getallen(df: pd.DataFrame, aantallen) -> pd.DataFrame:
    """Counts of persons as whole numbers (nullable where suppressed)."""
    for kolom in aantallen:
        df[kolom] = df[kolom].round().astype("Int64")
    return df


def geen_personen(df: pd.DataFrame, sleutel_kolommen=("persoon_id", "ikv_id")) -> None:
    """Guard: a published table never carries person or job identifiers (RULES.md §10)."""
    fout = [c for c in df.columns if c in sleutel_kolommen]
    if fout:
        raise ValueError(f"tabel bevat persoonsgegevens ({', '.join(fout)}) en mag niet gepubliceerd worden")


def rond_af(df: pd.DataFrame, kolommen, veelvoud: int) -> pd.DataFrame:
    """Round published counts to a multiple (the arbeidsparticipatie monitor publishes hundreds, S1 §7);
    applied on top of suppression, shares are left as computed."""
    uit = df.copy()
    for k in kolommen:
        uit[k] = (uit[k].astype("Float64") / veelvoud).round() * veelvoud
        uit[k] = uit[k].round().astype("Int64")
    return uit
