"""Monitor arbeidsparticipatie arbeidsbeperkten (RULES.md §8, S1 §7)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import leeftijdsklasse, ts
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


def groep_status(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
                 cache: dict | None = None) -> pd.DataFrame:
    """The groups on 31 December with ``werkend`` per person (RULES.md §8); with ``cache`` (a dict the
    caller keeps) each year is computed once for all tables of a report."""
    sleutel = (jaar, scenario, directe_einden)
    if cache is not None and sleutel in cache:
        return cache[sleutel]
    g = groepen_op(tabellen, jaar, scenario, directe_einden)
    g["werkend"] = bevat(g["persoon_id"], werkend_in_december(tabellen["polis"], jaar, g["persoon_id"].unique()))
    if cache is not None:
        cache[sleutel] = g
    return g


def participatie(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True,
                 cache: dict | None = None) -> pd.DataFrame:
    """Table ``participatie`` (DATA_CONTRACT.md): per year and group persons, werkend, aandeel_werkend."""
    rijen = []
    for jaar in jaren:
        g = groep_status(tabellen, jaar, scenario, directe_einden, cache)
        for groep in GROEPEN:
            d = g.loc[g["groep"] == groep]
            n = len(d)
            rijen.append({"jaar": jaar, "groep": groep, "personen": n, "werkend": int(d["werkend"].sum()),
                          "aandeel_werkend": d["werkend"].mean() if n else np.nan})
    return pd.DataFrame(rijen)


def kenmerken(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
              cache: dict | None = None) -> pd.DataFrame:
    """Per group: persons and werkend by sex, age band and arbeidsmarktregio on 31 December (RULES.md §8)."""
    from .regio import arbeidsmarktregio_op

    p = ts(jaar)
    g = groep_status(tabellen, jaar, scenario, directe_einden, cache).copy()
    pers = tabellen["persoon"].set_index("persoon_id")
    g["geslacht"] = pers["geslacht"].reindex(g["persoon_id"]).to_numpy()
    g["leeftijdsklasse"] = leeftijdsklasse(pers["geboortedatum"].reindex(g["persoon_id"]), p).to_numpy()
    if "woonplaats" in tabellen and "gemeente_regio" in tabellen:
        r = arbeidsmarktregio_op(tabellen["woonplaats"], tabellen["gemeente_regio"], g["persoon_id"], p).set_index("persoon_id")
        g["regio"] = (r["arbeidsmarktregio_code"] + " " + r["arbeidsmarktregio_naam"]).reindex(g["persoon_id"]).to_numpy()
    rijen = []
    for kenmerk in [k for k in ("geslacht", "leeftijdsklasse", "regio") if k in g]:
        for (groep, waarde), d in g.groupby(["groep", kenmerk], sort=True):
            rijen.append({"jaar": jaar, "groep": groep, "kenmerk": kenmerk, "waarde": waarde, "personen": len(d),
                          "werkend": int(d["werkend"].sum()), "aandeel_werkend": d["werkend"].mean()})
    return pd.DataFrame(rijen, columns=["jaar", "groep", "kenmerk", "waarde", "personen", "werkend", "aandeel_werkend"])


OVERGANGEN = ("behoudt werk", "vindt werk", "verliest werk", "blijft zonder werk",
              "instroom werkend", "instroom niet werkend", "uitstroom werkend", "uitstroom niet werkend")


def overgangen(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
               cache: dict | None = None) -> pd.DataFrame:
    """Why the share working moves (RULES.md §8): per group, persons in the group in both December
    ``jaar``-1 and ``jaar`` by werkend status in each (behoudt / vindt / verliest werk, blijft zonder
    werk), and those entering or leaving the group. Stocks reconcile: previous + instroom - uitstroom
    = current, for persons and for werkend."""
    status = {j: groep_status(tabellen, j, scenario, directe_einden, cache) for j in (jaar - 1, jaar)}
    x = status[jaar - 1].merge(status[jaar], on=["persoon_id", "groep"], how="outer", suffixes=("_vorig", "_nu"), indicator=True)
    vorig = x["werkend_vorig"].astype("boolean").fillna(False).astype(bool).to_numpy()
    nu = x["werkend_nu"].astype("boolean").fillna(False).astype(bool).to_numpy()
    beide = (x["_merge"] == "both").to_numpy()
    alleen_nu = (x["_merge"] == "right_only").to_numpy()
    x["overgang"] = np.select(
        [beide & vorig & nu, beide & ~vorig & nu, beide & vorig & ~nu, beide & ~vorig & ~nu,
         alleen_nu & nu, alleen_nu & ~nu, ~beide & ~alleen_nu & vorig],
        list(OVERGANGEN[:7]), OVERGANGEN[7])
    t = x.groupby(["groep", "overgang"]).size().rename("personen").reset_index()
    volledig = pd.MultiIndex.from_product([list(GROEPEN), list(OVERGANGEN)], names=["groep", "overgang"])
    t = t.set_index(["groep", "overgang"]).reindex(volledig, fill_value=0).reset_index()
    return t.assign(jaar=jaar)[["jaar", "groep", "overgang", "personen"]]


def werkgevers(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
               cache: dict | None = None, top: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Employers of each group in December (RULES.md §8): distinct employers by sector and size class,
    and concentration (share of the group's jobs at its ``top`` largest employers)."""
    from .parameters import parameter
    from .sector import werkgever_in_jaar, werkgever_sector

    p = ts(jaar)
    g = groep_status(tabellen, jaar, scenario, directe_einden, cache)[["persoon_id", "groep"]]
    polis = tabellen["polis"]
    dec = polis.loc[(polis["opgave_einde"] >= pd.Timestamp(year=jaar, month=12, day=1)) & (polis["opgave_begin"] <= p)
                    & (polis["sv_loon"] > parameter("banen.werkzaam_loon_groter_dan", p))
                    & ~polis["aard_arbeidsverhouding"].isin(parameter("banen.beschut_werk_aarden", p))]
    banen = dec[["persoon_id", "ikv_id", "werkgever_id"]].drop_duplicates(["persoon_id", "ikv_id"]).merge(g, on="persoon_id")
    wg = werkgever_in_jaar(tabellen["werkgever"], jaar).set_index("werkgever_id")
    sec = werkgever_sector(tabellen["werkgever"], jaar).set_index("werkgever_id")["sector"]
    grenzen = parameter("participatie.grootteklassen_werknemers", p)
    werknemers = wg["verloonde_uren_totaal"] / parameter("participatie.uren_per_werknemer", p)
    klasse = pd.cut(werknemers, [0, grenzen[0], grenzen[1], np.inf], right=False,
                    labels=[f"klein (< {grenzen[0]})", f"middelgroot ({grenzen[0]}-{grenzen[1] - 1})", f"groot (>= {grenzen[1]})"]).astype(str)
    banen["sector"] = banen["werkgever_id"].map(sec).fillna("markt").to_numpy()
    banen["grootteklasse"] = banen["werkgever_id"].map(klasse).fillna("onbekend").to_numpy()
    rijen, conc = [], []
    for groep, d in banen.groupby("groep", sort=True):
        for kenmerk in ("sector", "grootteklasse"):
            for waarde, e in d.groupby(kenmerk, sort=True):
                rijen.append({"jaar": jaar, "groep": groep, "kenmerk": kenmerk, "waarde": waarde,
                              "werkgevers": e["werkgever_id"].nunique(), "banen": len(e), "personen": e["persoon_id"].nunique()})
        per_wg = d["werkgever_id"].value_counts()
        conc.append({"jaar": jaar, "groep": groep, "werkgevers": len(per_wg), "banen": int(per_wg.sum()),
                     f"aandeel_banen_top{top}": per_wg.head(top).sum() / per_wg.sum(),
                     "aandeel_werkgevers_met_een_baan": (per_wg == 1).mean()})
    return (pd.DataFrame(rijen, columns=["jaar", "groep", "kenmerk", "waarde", "werkgevers", "banen", "personen"]),
            pd.DataFrame(conc))
