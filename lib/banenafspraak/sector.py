"""Sector markt / overheid and inleen (RULES.md §4)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import ts
from .parameters import parameter
from .util import bevat

SECTOR_LABEL = {"markt": "Marktsector", "overheid": "Overheid", "totaal": "Totaal"}  # sector codes in words (RULES.md §4)


def werkgever_sector(werkgever: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Sector per employer for a year (RULES.md §4, S2 Q20): ``overheid`` when the Wfsv sector is in
    61..66 (parameter ``sector.overheid_wfsv_sectoren``) and Ufo premie is paid over more than 50%
    of the verloonde uren (``sector.ufo_drempel``; exactly 50% is markt unless
    ``sector.ufo_drempel_inclusief``); otherwise ``markt``. Uses the employer's totals for the year.
    """
    peil = ts(int(jaar))
    wg = werkgever_in_jaar(werkgever, jaar)
    totaal = wg["verloonde_uren_totaal"].to_numpy(dtype=float)
    aandeel = np.divide(wg["verloonde_uren_ufo"].to_numpy(dtype=float), totaal, out=np.zeros(len(wg)), where=totaal > 0)
    drempel = parameter("sector.ufo_drempel", peil)
    boven = aandeel >= drempel if parameter("sector.ufo_drempel_inclusief", peil) else aandeel > drempel
    ov = wg["wfsv_sector"].isin(parameter("sector.overheid_wfsv_sectoren", peil)).to_numpy() & boven
    return pd.DataFrame({"werkgever_id": wg["werkgever_id"].to_numpy(), "sector": np.where(ov, "overheid", "markt")})


def werkgever_in_jaar(werkgever: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """One row per employer for ``jaar``: its own row for that year, otherwise the latest earlier year,
    otherwise the earliest later year (a data directory may lack a year for an employer). Rows in no
    particular order: the employers with a row for ``jaar`` first."""
    eigen = werkgever.loc[werkgever["jaar"] == jaar]
    rest = werkgever.loc[~bevat(werkgever["werkgever_id"], eigen["werkgever_id"])]
    if len(rest):
        rest = rest.assign(_afstand=np.where(rest["jaar"] <= jaar, jaar - rest["jaar"], 1000 + rest["jaar"] - jaar))
        rest = rest.sort_values(["werkgever_id", "_afstand"], kind="stable").drop_duplicates("werkgever_id").drop(columns="_afstand")
        eigen = pd.concat([eigen, rest])
    return eigen


def is_inleen(opgaven: pd.DataFrame, peildatum) -> pd.Series:
    """Inleen: aard_arbeidsverhouding 11, 22 or 82, or soort_baan 4 (RULES.md §4, DATA_CONTRACT.md)."""
    return (opgaven["aard_arbeidsverhouding"].isin(parameter("sector.inleen_aarden", peildatum))
            | opgaven["soort_baan"].isin(parameter("sector.inleen_soort_baan", peildatum)))


def verdeelsleutel(peildatum) -> dict[str, float]:
    """Shares of inleen banen the landelijke monitor allocates to each sector (RULES.md §4):
    the latest published SEO value on or before the peildatum."""
    ov = float(parameter("sector.verdeelsleutel_overheid", peildatum))
    return {"markt": 1.0 - ov, "overheid": ov}
