"""Banen and werkzame personen on a peildatum (RULES.md §3)."""
from __future__ import annotations

import pandas as pd

from .dates import ts
from .parameters import parameter


def opgaven_op(polis: pd.DataFrame, peildatum) -> pd.DataFrame:
    """The opgaven whose loonaangiftetijdvak contains the peildatum (RULES.md §3)."""
    p = ts(peildatum)
    return polis.loc[(polis["opgave_begin"] <= p) & (polis["opgave_einde"] >= p)]


def maanduren(opgaven: pd.DataFrame, peildatum) -> pd.Series:
    """Verloonde uren converted to a monthly total (RULES.md §3 decision, parameter ``banen.tijdvak_conversie``):
    ``kalenderdagen``: uren x (days in the calendar month of the peildatum / days in the tijdvak);
    a calendar month gives its own hours; ``geen``: hours as reported. ``peildatum`` may also be a
    Series with a reference date per opgave (e.g. the end of its own tijdvak)."""
    if isinstance(peildatum, pd.Series):
        dagen_maand = pd.to_datetime(peildatum).dt.days_in_month.to_numpy()
        p = ts(pd.to_datetime(peildatum).max()) if len(peildatum) else ts("2013-01-01")
    else:
        p = ts(peildatum)
        dagen_maand = p.days_in_month
    methode = parameter("banen.tijdvak_conversie", p)
    if methode == "geen":
        return opgaven["verloonde_uren"].astype(float)
    if methode != "kalenderdagen":
        raise ValueError(f"onbekende tijdvakconversie {methode!r}")
    dagen_tijdvak = (opgaven["opgave_einde"] - opgaven["opgave_begin"]).dt.days + 1
    return opgaven["verloonde_uren"].astype(float) * (dagen_maand / dagen_tijdvak)


def banen_per_ikv(opgaven: pd.DataFrame, peildatum) -> pd.DataFrame:
    """Per person and inkomstenverhouding: monthly hours, banen (hours / 110,92), werkzaam (sv_loon > 0).

    Beschut werk (aard 21, 24; parameter ``banen.beschut_werk_aarden``) never counts as banen (S2 Q30,
    Q34) and does not make a person werkzaam in the banenafspraak. Several opgaven of one
    inkomstenverhouding in the tijdvak are added up.
    """
    p = ts(peildatum)
    o = opgaven.loc[~opgaven["aard_arbeidsverhouding"].isin(parameter("banen.beschut_werk_aarden", p))]
    uren = maanduren(o, p)
    loon_drempel = parameter("banen.werkzaam_loon_groter_dan", p)
    df = pd.DataFrame({"persoon_id": o["persoon_id"].to_numpy(), "ikv_id": o["ikv_id"].to_numpy(),
                       "werkgever_id": o["werkgever_id"].to_numpy(), "uren": uren.to_numpy(),
                       "sv_loon": o["sv_loon"].to_numpy(), "aard_arbeidsverhouding": o["aard_arbeidsverhouding"].to_numpy(),
                       "soort_baan": o["soort_baan"].to_numpy(), "contractsoort": o["contractsoort"].to_numpy(),
                       "ikv_begin": o["ikv_begin"].to_numpy()})
    g = df.groupby(["persoon_id", "ikv_id"], sort=True).agg(
        werkgever_id=("werkgever_id", "first"), uren=("uren", "sum"), sv_loon=("sv_loon", "max"),
        aard_arbeidsverhouding=("aard_arbeidsverhouding", "first"), soort_baan=("soort_baan", "first"),
        contractsoort=("contractsoort", "last"), ikv_begin=("ikv_begin", "first"))
    g = g.reset_index()
    g["banen"] = g["uren"] / parameter("banen.uren_per_maand", p)
    g["werkzaam"] = g["sv_loon"] > loon_drempel
    return g
