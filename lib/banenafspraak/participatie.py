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


def december_werk(polis: pd.DataFrame, jaar: int, personen=None) -> pd.DataFrame:
    """Persons werkend in December (RULES.md §8 decision): an opgave with pay (``banen.werkzaam_loon``)
    covering a day of December, beschut werk included (a Wajonger in an sw-bedrijf works); per person
    ``alleen_beschut``: all that work is beschut werk (``banen.beschut_werk``)."""
    m = int(maandnummer([pd.Timestamp(year=jaar, month=12, day=1)])[0])
    if personen is not None:
        polis = polis.loc[bevat(polis["persoon_id"], personen)]
    polis = polis.loc[(polis["opgave_einde"] >= pd.Timestamp(year=jaar, month=12, day=1))
                      & (polis["opgave_begin"] <= pd.Timestamp(year=jaar, month=12, day=31))]
    per = werkmaanden(polis, m, m, met_beschut=True).groupby("persoon_id", sort=True)["beschut"].all()
    return pd.DataFrame({"persoon_id": per.index.to_numpy(dtype=object), "alleen_beschut": per.to_numpy(dtype=bool)})


def werkend_in_december(polis: pd.DataFrame, jaar: int, personen=None) -> pd.Index:
    """Persons with an opgave with pay covering a day of December, beschut werk included (RULES.md §8
    decision, :func:`december_werk`)."""
    return pd.Index(december_werk(polis, jaar, personen)["persoon_id"])


def groep_status(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
                 cache: dict | None = None) -> pd.DataFrame:
    """The groups on 31 December with ``werkend`` per person (RULES.md §8, beschut werk included) and
    ``werkend_beschut`` (werkend in beschut werk only); with ``cache`` (a dict the caller keeps) each
    year is computed once for all tables of a report."""
    sleutel = (jaar, scenario, directe_einden)
    if cache is not None and sleutel in cache:
        return cache[sleutel]
    g = groepen_op(tabellen, jaar, scenario, directe_einden)
    dec = december_werk(tabellen["polis"], jaar, g["persoon_id"].unique())
    g["werkend"] = bevat(g["persoon_id"], dec["persoon_id"])
    g["werkend_beschut"] = bevat(g["persoon_id"], dec.loc[dec["alleen_beschut"], "persoon_id"])
    if cache is not None:
        cache[sleutel] = g
    return g


def participatie(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True,
                 cache: dict | None = None) -> pd.DataFrame:
    """Table ``participatie`` (DATA_CONTRACT.md): per year and group persons, werkend (beschut werk
    included, RULES.md §8), werkend_beschut (of whom working in beschut werk only), aandeel_werkend."""
    rijen = []
    for jaar in jaren:
        g = groep_status(tabellen, jaar, scenario, directe_einden, cache)
        for groep in GROEPEN:
            d = g.loc[g["groep"] == groep]
            n = len(d)
            rijen.append({"jaar": jaar, "groep": groep, "personen": n, "werkend": int(d["werkend"].sum()),
                          "werkend_beschut": int(d["werkend_beschut"].sum()),
                          "aandeel_werkend": d["werkend"].mean() if n else np.nan})
    return pd.DataFrame(rijen)


def kenmerken(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
              cache: dict | None = None) -> pd.DataFrame:
    """Per group: persons, werkend and werkend_beschut by sex, age band and arbeidsmarktregio on 31
    December (RULES.md §8)."""
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
                          "werkend": int(d["werkend"].sum()), "werkend_beschut": int(d["werkend_beschut"].sum()),
                          "aandeel_werkend": d["werkend"].mean()})
    return pd.DataFrame(rijen, columns=["jaar", "groep", "kenmerk", "waarde", "personen", "werkend", "werkend_beschut",
                                        "aandeel_werkend"])


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
    and concentration (share of the group's jobs at its ``top`` largest employers).

    Decision (RULES.md §8: the employers employing the group in December): the jobs behind ``werkend``,
    so beschut werk included (the sw-bedrijf employs its Wajongers); ``banen_beschut`` says how many
    of the jobs are beschut werk. A job is a (persoon_id, ikv_id) pair. Size class by the employer's
    verloonde uren in the year (parameters ``participatie.grootteklassen_werknemers`` x
    ``participatie.uren_per_werknemer``): a class boundary belongs to the class below, as in RULES.md
    §9 (25 or more employees = MORE than 25 x 1.623 = 40.575 hours)."""
    from .banen import beschut_werk, werkzaam_loon
    from .parameters import parameter
    from .sector import werkgever_in_jaar, werkgever_sector

    p = ts(jaar)
    g = groep_status(tabellen, jaar, scenario, directe_einden, cache)[["persoon_id", "groep"]]
    polis = tabellen["polis"]
    dec = polis.loc[(polis["opgave_einde"] >= pd.Timestamp(year=jaar, month=12, day=1)) & (polis["opgave_begin"] <= p)]
    dec = dec.loc[werkzaam_loon(dec, p)].assign(beschut=lambda d: beschut_werk(d, p))
    banen = dec[["persoon_id", "ikv_id", "werkgever_id", "beschut"]].drop_duplicates(["persoon_id", "ikv_id"]).merge(g, on="persoon_id")
    wg = werkgever_in_jaar(tabellen["werkgever"], jaar).set_index("werkgever_id")
    sec = werkgever_sector(tabellen["werkgever"], jaar).set_index("werkgever_id")["sector"]
    grenzen = parameter("participatie.grootteklassen_werknemers", p)
    uren_per_werknemer = parameter("participatie.uren_per_werknemer", p)
    klasse = pd.cut(wg["verloonde_uren_totaal"], [-np.inf, grenzen[0] * uren_per_werknemer, grenzen[1] * uren_per_werknemer, np.inf],
                    right=True,  # more than the boundary's hours is the next class (RULES.md §9)
                    labels=[f"klein (< {grenzen[0]})", f"middelgroot ({grenzen[0]}-{grenzen[1] - 1})", f"groot (>= {grenzen[1]})"]).astype(str)
    banen["sector"] = banen["werkgever_id"].map(sec).fillna("markt").to_numpy()
    banen["grootteklasse"] = banen["werkgever_id"].map(klasse).fillna("onbekend").to_numpy()
    rijen, conc = [], []
    for groep, d in banen.groupby("groep", sort=True):
        for kenmerk in ("sector", "grootteklasse"):
            for waarde, e in d.groupby(kenmerk, sort=True):
                rijen.append({"jaar": jaar, "groep": groep, "kenmerk": kenmerk, "waarde": waarde,
                              "werkgevers": e["werkgever_id"].nunique(), "banen": len(e), "personen": e["persoon_id"].nunique(),
                              "grootste_aandeel": e["werkgever_id"].value_counts().iloc[0] / len(e),
                              "banen_beschut": int(e["beschut"].sum())})
        per_wg = d["werkgever_id"].value_counts()
        conc.append({"jaar": jaar, "groep": groep, "werkgevers": len(per_wg), "banen": int(per_wg.sum()),
                     f"aandeel_banen_top{top}": per_wg.head(top).sum() / per_wg.sum(),
                     "aandeel_werkgevers_met_een_baan": (per_wg == 1).mean()})
    return (pd.DataFrame(rijen, columns=["jaar", "groep", "kenmerk", "waarde", "werkgevers", "banen", "personen",
                                         "grootste_aandeel", "banen_beschut"]),
            pd.DataFrame(conc, columns=["jaar", "groep", "werkgevers", "banen", f"aandeel_banen_top{top}",
                                        "aandeel_werkgevers_met_een_baan"]))


# --------------------------------------------------------------------------- the report as a publication

TABELLEN = ["persoon", "doelgroepregister", "polis", "werkgever", "uitkering", "woonplaats", "gemeente_regio"]


def laad(data_dir, van_jaar: int, tot_jaar: int):
    """The inputs of the monitor: every table, the polis only for the Decembers it counts."""
    from .loading import PolisSelectie
    from .rapport import laad_data

    decembers = [(pd.Timestamp(year=j, month=12, day=1), pd.Timestamp(year=j, month=12, day=31))
                 for j in range(van_jaar - 1, tot_jaar + 1)]
    return laad_data(data_dir, TABELLEN, polis_selectie=PolisSelectie(perioden=decembers))


def definities(jaar: int) -> dict[str, str]:
    """The definitions printed with the monitor, from the dated parameters (RULES.md §8, §10)."""
    from .parameters import parameter

    p = ts(jaar)
    grenzen = parameter("participatie.grootteklassen_werknemers", p)
    return {
        "Wajongers met arbeidsvermogen": "lopende Wajong-uitkering (oWajong of nWajong) met arbeidsvermogen op 31 december",
        "WGA-gerechtigden": "lopende WGA-uitkering op 31 december",
        "Participatiewetters in het doelgroepregister": "in de banenafspraak, categorie doelgroep Participatiewet, op 31 december",
        "werkend": f"loon (sv-loon > {parameter('banen.werkzaam_loon_groter_dan', p):g} euro) uit een inkomstenverhouding in "
                   "december, beschut werk inbegrepen (werkend in beschut werk: apart getoond)",
        "grootteklasse": f"verloonde uren van de werkgever in het jaar / {parameter('participatie.uren_per_werknemer', p)} uur "
                         f"per werknemer: klein onder {grenzen[0]}, middelgroot tot {grenzen[1]}, groot vanaf {grenzen[1]} werknemers",
        "afronding": f"met afronden: aantallen op {parameter('participatie.afronden_op', p)} afgerond, half naar boven",
    }


def publicatie(tabellen, van_jaar: int, tot_jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
               afronden: bool = False):
    """The monitor arbeidsparticipatie as one :class:`~banenafspraak.publicatie.Publicatie` (RULES.md §8,
    §10): ``participatie``, ``kenmerken``, ``overgangen``, ``werkgevers``, ``concentratie``, with the
    persons and employers behind every cell and the relations between the tables (stocks and flows,
    characteristics adding up to the group). Every December it counts (also the one before the first
    transition) must lie within the period of the polis (:func:`periode.controleer_peildata`)."""
    from .parameters import parameter
    from .periode import controleer_peildata
    from .publicatie import Kolom, Publicatie, Tabel

    if van_jaar > tot_jaar:
        raise ValueError(f"van_jaar ({van_jaar}) ligt na tot_jaar ({tot_jaar})")
    jaren_o = range(max(van_jaar, tot_jaar - 4), tot_jaar + 1)  # transitions: December jaar-1 to jaar
    controleer_peildata(tabellen, {f"december {j}": (pd.Timestamp(year=j, month=12, day=1), ts(j))
                                   for j in sorted(set(range(van_jaar, tot_jaar + 1)) | {j - 1 for j in jaren_o})})
    p = ts(tot_jaar)
    veelvoud = int(parameter("participatie.afronden_op", p)) if afronden else 0
    status: dict = {}
    pub = Publicatie("arbeidsparticipatie", f"Monitor arbeidsparticipatie arbeidsbeperkten {van_jaar}-{tot_jaar}", p,
                     "Doelgroepregister (UWV), uitkeringen Wajong en WGA (UWV), Polisadministratie, BRP",
                     definities(tot_jaar), info={"van_jaar": van_jaar, "tot_jaar": tot_jaar, "afronden": veelvoud})
    personen_kol, werkend_kol = Kolom("Personen", "geheel", "personen"), Kolom("Werkend", "geheel", "personen")

    def tabel(naam, titel, df, kolommen, toelichting, tellers, afgeleid, verborgen=(), kosten=1.0, **extra):
        rond = {k: veelvoud for k, c in kolommen.items() if veelvoud and c.formaat == "geheel" and c.eenheid}
        return pub.voeg_toe(Tabel(naam, titel, df, kolommen, toelichting, variabelen=list(tellers),
                                  verborgen=set(verborgen), bescherming={**{k: [k] for k in tellers}, **extra.pop("bescherming", {})},
                                  afgeleid=afgeleid, afronden=rond, kosten=kosten, **extra))

    def werk_kolommen(df):
        df["niet_werkend"] = df["personen"] - df["werkend"]
        if "werkend_beschut" in df:
            df["werkend_regulier"] = df["werkend"] - df["werkend_beschut"]
        return df

    beschut = []
    part = werk_kolommen(participatie(tabellen, range(van_jaar, tot_jaar + 1), scenario, directe_einden, cache=status))
    kol = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "personen": personen_kol, "werkend": werkend_kol}
    if "werkend_beschut" in part:
        kol["werkend_beschut"] = Kolom("Waarvan in beschut werk", "geheel", "personen")
        beschut = ["werkend_beschut", "werkend_regulier"]
    kol["aandeel_werkend"] = Kolom("Aandeel werkend", "procent")
    tellers = ["personen", "werkend", "niet_werkend", *beschut]
    tabel("participatie", f"Personen en werkenden per groep, {van_jaar}-{tot_jaar}", part, kol, "31 december van elk jaar.",
          tellers, {"aandeel_werkend": ["werkend", "personen"]}, verborgen={"niet_werkend", "werkend_regulier"})
    pub.kolomsom("participatie", "personen", ["werkend", "niet_werkend"])
    if beschut:
        pub.kolomsom("participatie", "werkend", ["werkend_beschut", "werkend_regulier"])
    pt = pub.tabellen["participatie"]

    # characteristics in the last year; what no value covers (no region known) is an explicit rest
    ken = werk_kolommen(kenmerken(tabellen, tot_jaar, scenario, directe_einden, cache=status))
    rest = []
    for groep in GROEPEN:
        for kenmerk in ken["kenmerk"].unique():
            d = ken.loc[(ken["groep"] == groep) & (ken["kenmerk"] == kenmerk)]
            tot = part.loc[(part["jaar"] == tot_jaar) & (part["groep"] == groep)].iloc[0]
            verschil = {k: int(tot[k]) - int(d[k].sum()) for k in tellers}
            if any(verschil.values()):
                rest.append({"jaar": tot_jaar, "groep": groep, "kenmerk": kenmerk, "waarde": "onbekend", **verschil})
    if rest:
        r = pd.DataFrame(rest)
        r["aandeel_werkend"] = r["werkend"] / r["personen"].where(r["personen"] > 0)
        ken = pd.concat([ken, r], ignore_index=True)
    kol_k = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "kenmerk": Kolom("Kenmerk", "tekst"),
             "waarde": Kolom("Waarde", "tekst"), "personen": personen_kol, "werkend": werkend_kol,
             **({"werkend_beschut": kol["werkend_beschut"]} if beschut else {}), "aandeel_werkend": Kolom("Aandeel werkend", "procent")}
    tabel("kenmerken", f"Kenmerken per groep, 31 december {tot_jaar}", ken, kol_k,
          "Geslacht, leeftijdsklasse (hele jaren) en arbeidsmarktregio van de woonplaats.", tellers,
          {"aandeel_werkend": ["werkend", "personen"]}, verborgen={"niet_werkend", "werkend_regulier"}, kosten=0.5)
    kt = pub.tabellen["kenmerken"]
    pub.kolomsom("kenmerken", "personen", ["werkend", "niet_werkend"])
    if beschut:
        pub.kolomsom("kenmerken", "werkend", ["werkend_beschut", "werkend_regulier"])
    for groep in GROEPEN:
        for kenmerk in ken["kenmerk"].unique():
            for k in tellers:
                pub.relatie(f"kenmerken {groep} {kenmerk} {k} = participatie",
                            [("participatie", pt.rij(jaar=tot_jaar, groep=groep), k, -1),
                             *[("kenmerken", i, k, 1) for i in kt.rijen(groep=groep, kenmerk=kenmerk)]])

    # transitions December to December: they reconcile with the stocks of the participatie table
    overg = pd.concat([overgangen(tabellen, j, scenario, directe_einden, cache=status) for j in jaren_o], ignore_index=True)
    tabel("overgangen", "Overgangen in en uit werk per groep (december op december)", overg,
          {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "overgang": Kolom("Overgang", "tekst"),
           "personen": personen_kol}, "Jaar Y: van december Y-1 naar december Y.", ["personen"], {}, kosten=0.5)
    ot = pub.tabellen["overgangen"]
    vorig_delen = {"personen": OVERGANGEN[:4] + OVERGANGEN[6:8], "werkend": (OVERGANGEN[0], OVERGANGEN[2], OVERGANGEN[6])}
    nu_delen = {"personen": OVERGANGEN[:6], "werkend": (OVERGANGEN[0], OVERGANGEN[1], OVERGANGEN[4])}
    for j in jaren_o:
        for groep in GROEPEN:
            for jaar_stand, delen in ((j - 1, vorig_delen), (j, nu_delen)):
                if not pt.rijen(jaar=jaar_stand, groep=groep):
                    continue
                for k, overgangen_k in delen.items():
                    pub.relatie(f"overgangen {j} {groep} {k} {jaar_stand}",
                                [("participatie", pt.rij(jaar=jaar_stand, groep=groep), k, -1),
                                 *[("overgangen", ot.rij(jaar=j, groep=groep, overgang=o), "personen", 1) for o in overgangen_k]])

    # employers: units are employers, magnitudes pass the dominance rule (RULES.md §10)
    wg, conc = werkgevers(tabellen, tot_jaar, scenario, directe_einden, cache=status)
    if "grootste_aandeel" not in wg:
        wg["grootste_aandeel"] = np.nan
    kol_w = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "kenmerk": Kolom("Kenmerk", "tekst"),
             "waarde": Kolom("Waarde", "tekst"), "werkgevers": Kolom("Werkgevers", "geheel", "werkgevers"),
             "banen": Kolom("Banen (inkomstenverhoudingen)", "geheel", "banen"), "personen": personen_kol}
    tabel("werkgevers", f"Werkgevers per groep naar sector en grootteklasse, december {tot_jaar}", wg, kol_w,
          "Verschillende werkgevers, banen en personen; beschut werk inbegrepen (RULES.md §8).", ["werkgevers", "banen", "personen"], {},
          bescherming={"banen": ["personen", "werkgevers"]}, dominantie={"banen": "grootste_aandeel"}, kosten=0.5)
    kol_c = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL),
             "werkgevers": Kolom("Werkgevers", "geheel", "werkgevers"), "banen": Kolom("Banen (inkomstenverhoudingen)", "geheel", "banen"),
             **{k: Kolom(k.replace("_", " ").capitalize(), "procent") for k in conc.columns if k.startswith("aandeel_")}}
    conc_tellers = ["werkgevers", "banen"]
    tabel("concentratie", f"Concentratie bij werkgevers, december {tot_jaar}", conc, kol_c,
          "Aandeel van de banen van de groep bij de grootste werkgevers; aandeel werkgevers met één baan.", conc_tellers, {},
          bescherming={"banen": ["werkgevers"], **{k: ["werkgevers"] for k in conc.columns if k.startswith("aandeel_")}},
          dominantie={k: "top_aandeel" for k in conc.columns if k.startswith("aandeel_banen_top")} if "top_aandeel" in conc else {})
    wt, ct = pub.tabellen["werkgevers"], pub.tabellen["concentratie"]
    for groep in wg["groep"].unique():
        if not ct.rijen(groep=groep):
            continue
        for kenmerk in ("sector", "grootteklasse"):
            for k in conc_tellers:
                pub.relatie(f"werkgevers {groep} {kenmerk} {k} = concentratie",
                            [("concentratie", ct.rij(groep=groep), k, -1),
                             *[("werkgevers", i, k, 1) for i in wt.rijen(groep=groep, kenmerk=kenmerk)]])
    return pub
