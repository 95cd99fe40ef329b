"""Region of residence (RULES.md §3): the arbeidsmarktregio of the person's woonplaats (BRP) on the
peildatum, never the place of work."""
from __future__ import annotations

import pandas as pd

from .dates import ts
from .util import bevat


def arbeidsmarktregio_op(woonplaats: pd.DataFrame, gemeente_regio: pd.DataFrame, personen, peildatum) -> pd.DataFrame:
    """persoon_id -> gemeentecode, arbeidsmarktregio_code and _naam on the peildatum (using the
    gemeente_regio rows of the peildatum's year; persons without residence get 'onbekend')."""
    p = ts(peildatum)
    w = woonplaats.loc[bevat(woonplaats["persoon_id"], personen) & (woonplaats["begin"] <= p)
                       & (woonplaats["einde"].isna() | (woonplaats["einde"] >= p)), ["persoon_id", "gemeentecode"]]
    jaar = gemeente_regio["jaar"].where(gemeente_regio["jaar"] <= p.year).max()
    gr = gemeente_regio.loc[gemeente_regio["jaar"] == (jaar if pd.notna(jaar) else gemeente_regio["jaar"].min()),
                            ["gemeentecode", "arbeidsmarktregio_code", "arbeidsmarktregio_naam"]]
    uit = pd.DataFrame({"persoon_id": pd.Series(personen).drop_duplicates().to_numpy()})
    uit = uit.merge(w.drop_duplicates("persoon_id"), on="persoon_id", how="left").merge(gr, on="gemeentecode", how="left")
    return uit.fillna({"arbeidsmarktregio_code": "onbekend", "arbeidsmarktregio_naam": "onbekend"})
