"""Monitor arbeidsparticipatie arbeidsbeperkten (RULES.md §8, S1 §7)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import ts
from .register import populatie
from .util import bevat
from .werk import maandnummer, werkmaanden

GROEPEN = ("wajong_arbeidsvermogen", "wga", "pw_doelgroepregister")
GROEP_LABEL = {"wajong_arbeidsvermogen": "Wajongers met arbeidsvermogen", "wga": "WGA-gerechtigden",
               "pw_doelgroepregister": "Participatiewetters in het doelgroepregister"}


def lopende_uitkering(uitkering: pd.DataFrame, peildatum, regelingen, arbeidsvermogen=None) -> pd.Series:
    """Persons with a benefit spell of ``regelingen`` running on the peildatum."""
    p = ts(peildatum)
    m = uitkering["regeling"].isin(regelingen) & (uitkering["begin"] <= p) & (uitkering["einde"].isna() | (uitkering["einde"] >= p))
    if arbeidsvermogen is not None:
        m &= uitkering["arbeidsvermogen"].fillna(False).astype(bool) == arbeidsvermogen
    return pd.Series(uitkering.loc[m, "persoon_id"].unique())


def groepen_op(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> pd.DataFrame:
    """The three groups on 31 December (RULES.md §8 decision); a person may be in several (one row each)."""
    p = ts(jaar)
    u = tabellen["uitkering"]
    pop = populatie(tabellen["doelgroepregister"], tabellen["persoon"], p, scenario, directe_einden)
    delen = [
        pd.DataFrame({"persoon_id": lopende_uitkering(u, p, ["WAJONG_OUD", "WAJONG_2010"], True), "groep": "wajong_arbeidsvermogen"}),
        pd.DataFrame({"persoon_id": lopende_uitkering(u, p, ["WGA"]), "groep": "wga"}),
        pd.DataFrame({"persoon_id": pop.loc[pop["categorie"] == "participatiewet", "persoon_id"], "groep": "pw_doelgroepregister"}),
    ]
    return pd.concat(delen, ignore_index=True)


def werkend_in_december(polis: pd.DataFrame, jaar: int, personen=None) -> pd.Index:
    """Persons with an opgave with sv_loon > 0 covering a day of December (RULES.md §8 decision)."""
    m = int(maandnummer([pd.Timestamp(year=jaar, month=12, day=1)])[0])
    if personen is not None:
        polis = polis.loc[bevat(polis["persoon_id"], personen)]
    polis = polis.loc[(polis["opgave_einde"] >= pd.Timestamp(year=jaar, month=12, day=1))
                      & (polis["opgave_begin"] <= pd.Timestamp(year=jaar, month=12, day=31))]
    return pd.Index(werkmaanden(polis, m, m)["persoon_id"].unique())


def participatie(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True) -> pd.DataFrame:
    """Table ``participatie`` (DATA_CONTRACT.md): per year and group persons, werkend, aandeel_werkend."""
    rijen = []
    for jaar in jaren:
        g = groepen_op(tabellen, jaar, scenario, directe_einden)
        werkend = werkend_in_december(tabellen["polis"], jaar, g["persoon_id"].unique())
        g["werkend"] = bevat(g["persoon_id"], werkend)
        for groep in GROEPEN:
            d = g.loc[g["groep"] == groep]
            n = len(d)
            rijen.append({"jaar": jaar, "groep": groep, "personen": n, "werkend": int(d["werkend"].sum()),
                          "aandeel_werkend": d["werkend"].mean() if n else np.nan})
    return pd.DataFrame(rijen)
