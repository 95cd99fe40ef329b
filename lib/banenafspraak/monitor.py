"""The landelijke monitor banenafspraak (RULES.md §1, §3-§5): banen per sector against the nulmeting
and the targets, persons per category, and the series over the years."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .banen import banen_per_ikv, opgaven_op
from .dates import ts
from .parameters import parameter
from .register import CATEGORIEEN, populatie
from .sector import is_inleen, verdeelsleutel, werkgever_sector
from .util import bevat

SECTOREN = ("markt", "overheid")
NULMETING_BRONNEN = ("data", "officieel")

@dataclass
class Meting:
    """Everything counted on one peildatum: the population and its banen per inkomstenverhouding."""

    peildatum: pd.Timestamp
    populatie: pd.DataFrame  # persoon_id, categorie, subcategorie, regel
    ikv: pd.DataFrame        # persoon_id, ikv_id, werkgever_id, uren, banen, werkzaam, inleen, sector, categorie

def meet(tabellen, peildatum, scenario: str = "geregistreerd", directe_einden: bool = True) -> Meting:
    """Count on a peildatum (RULES.md §2-§4): the snapshot, the opgaven whose tijdvak contains the
    peildatum, hours to banen, sector of the employer in the peildatum's year, inleen."""
    p = ts(peildatum)
    pop = populatie(tabellen["doelgroepregister"], tabellen["persoon"], p, scenario, directe_einden)
    polis = tabellen["polis"]
    opg = opgaven_op(polis, p)
    opg = opg.loc[bevat(opg["persoon_id"], pop["persoon_id"])]
    ikv = banen_per_ikv(opg, p)
    ikv["inleen"] = is_inleen(ikv, p).to_numpy()
    sec = werkgever_sector(tabellen["werkgever"], p.year)
    ikv = ikv.merge(sec, on="werkgever_id", how="left", validate="many_to_one")
    if ikv["sector"].isna().any():  # cannot happen after the contract check; say so if it does
        onbekend = ikv.loc[ikv["sector"].isna(), "werkgever_id"].unique()[:5]
        raise ValueError(f"werkgever onbekend in werkgever: {', '.join(map(str, onbekend))}")
    ikv = ikv.merge(pop[["persoon_id", "categorie"]], on="persoon_id", how="left", validate="many_to_one")
    return Meting(p, pop, ikv)

def banen_naar_sector(m: Meting) -> pd.DataFrame:
    """Banen regulier per sector of the employer, inleen allocated with the verdeelsleutel (RULES.md §4),
    with the number of persons behind each cell (for disclosure control)."""
    reg = m.ikv.loc[~m.ikv["inleen"]]
    inl = m.ikv.loc[m.ikv["inleen"]]
    sleutel = verdeelsleutel(m.peildatum)
    rijen = []
    for s in SECTOREN:
        r = reg.loc[reg["sector"] == s]
        rijen.append({"sector": s, "banen_regulier": r["banen"].sum(), "banen_inleen": inl["banen"].sum() * sleutel[s],
                      "personen_regulier": r["persoon_id"].nunique(), "personen_inleen": inl["persoon_id"].nunique()})
    df = pd.DataFrame(rijen)
    df["banen"] = df["banen_regulier"] + df["banen_inleen"]
    return df

def nulmeting_per_sector(nul: Meting, bron: str, schaal: float) -> pd.Series:
    """Nulmeting per sector and in total (RULES.md §5 decision, parameter ``nulmeting_bron``).

    ``data``: counted from December 2012 in the data like any other year. ``officieel``: the monitor's
    published 75.179 x schaal; no sector split was published, so the total is split by the data's
    December 2012 sector shares (an assumption of this suite)."""
    if bron not in NULMETING_BRONNEN:
        raise ValueError(f"nulmeting_bron moet 'data' of 'officieel' zijn, niet {bron!r}")
    b = banen_naar_sector(nul).set_index("sector")["banen"]
    if bron == "data":
        return pd.concat([b, pd.Series({"totaal": b.sum()})])
    officieel = parameter("nulmeting.monitor", nul.peildatum) * schaal
    aandeel = b / b.sum() if b.sum() > 0 else pd.Series({s: np.nan for s in SECTOREN})
    return pd.concat([aandeel * officieel, pd.Series({"totaal": officieel})])

def doelstelling(jaar: int, schaal: float) -> pd.Series:
    """Cumulative extra banen due (RULES.md §5, S3 Q4) x schaal; NaN before 2015."""
    w = {s: parameter(f"doelstelling.{s}", ts(jaar)) for s in (*SECTOREN, "totaal")}
    return pd.Series({s: (v * schaal if v is not None else np.nan) for s, v in w.items()})

def banen_sector(m: Meting, nulmeting: pd.Series, jaar: int, schaal: float) -> pd.DataFrame:
    """Table ``banen_sector`` (DATA_CONTRACT.md): per sector and in total."""
    df = banen_naar_sector(m)
    totaal = df.drop(columns="sector").sum()
    totaal["personen_regulier"] = m.ikv.loc[~m.ikv["inleen"], "persoon_id"].nunique()
    df = pd.concat([df, pd.DataFrame([{"sector": "totaal", **totaal.to_dict()}])], ignore_index=True)
    doel = doelstelling(jaar, schaal)
    df["nulmeting"] = df["sector"].map(nulmeting)
    df["extra_banen"] = df["banen"] - df["nulmeting"]
    df["doelstelling"] = df["sector"].map(doel)
    df["verschil"] = df["extra_banen"] - df["doelstelling"]
    return df[["sector", "banen_regulier", "banen_inleen", "banen", "nulmeting", "extra_banen", "doelstelling",
               "verschil", "personen_regulier", "personen_inleen"]]

def personen_categorie(m: Meting) -> pd.DataFrame:
    """Table ``personen_categorie`` (DATA_CONTRACT.md): persons, werkzame personen and banen per
    category and subcategory; category totals have subcategorie ``totaal``; the last row is the total."""
    per_persoon = m.ikv.groupby("persoon_id").agg(banen=("banen", "sum"), werkzaam=("werkzaam", "any"))
    pop = m.populatie.merge(per_persoon, left_on="persoon_id", right_index=True, how="left")
    pop["banen"] = pop["banen"].fillna(0.0)
    pop["werkzaam"] = pop["werkzaam"].astype("boolean").fillna(False).astype(bool)

    def tel(df):
        return pd.Series({"personen": len(df), "werkzame_personen": int(df["werkzaam"].sum()), "banen": df["banen"].sum()})

    rijen = []
    for c in CATEGORIEEN:
        deel = pop.loc[pop["categorie"] == c]
        for sub, g in deel.groupby("subcategorie", sort=True):
            rijen.append({"categorie": c, "subcategorie": sub, **tel(g)})
        rijen.append({"categorie": c, "subcategorie": "totaal", **tel(deel)})
    rijen.append({"categorie": "totaal", "subcategorie": "totaal", **tel(pop)})
    df = pd.DataFrame(rijen)
    df[["personen", "werkzame_personen"]] = df[["personen", "werkzame_personen"]].astype(int)
    return df

def publiceer_banen_sector(tabel: pd.DataFrame, min_cel: int) -> pd.DataFrame:
    """``banen_sector`` after disclosure control: banen resting on fewer than ``min_cel`` persons are
    suppressed with what follows from them; the helper person counts are not published."""
    from .disclosure import onderdruk

    t = onderdruk(tabel, min_cel, {"personen_regulier": ["banen_regulier", "banen", "extra_banen", "verschil"],
                                   "personen_inleen": ["banen_inleen", "banen", "extra_banen", "verschil"]})
    return t.drop(columns=["personen_regulier", "personen_inleen"])

def publiceer_personen_categorie(tabel: pd.DataFrame, min_cel: int) -> pd.DataFrame:
    from .disclosure import onderdruk

    return onderdruk(tabel, min_cel, {"personen": ["werkzame_personen", "banen"], "werkzame_personen": ["banen"]},
                     groep="categorie", totaal_kolom="subcategorie")

def reeks(tabellen, tot_jaar: int, nulmeting_bron: str, schaal: float, scenario: str = "geregistreerd",
          directe_einden: bool = True, van_jaar: int = 2013, metingen: dict | None = None) -> pd.DataFrame:
    """Table ``reeks`` (DATA_CONTRACT.md): per year (December) and sector banen, extra banen and target."""
    metingen = {} if metingen is None else metingen
    nul_datum = parameter("nulmeting.peildatum", "2012-12-31")
    if nul_datum not in metingen:
        metingen[nul_datum] = meet(tabellen, nul_datum, scenario, directe_einden)
    nm = nulmeting_per_sector(metingen[nul_datum], nulmeting_bron, schaal)
    delen = []
    for jaar in range(van_jaar, tot_jaar + 1):
        sleutel = ts(jaar)
        if sleutel not in metingen:
            metingen[sleutel] = meet(tabellen, sleutel, scenario, directe_einden)
        t = banen_sector(metingen[sleutel], nm, jaar, schaal)
        delen.append(t.assign(jaar=jaar))
    df = pd.concat(delen, ignore_index=True)
    return df[["jaar", "sector", "banen", "extra_banen", "doelstelling", "personen_regulier", "personen_inleen"]]

def publiceer_reeks(tabel: pd.DataFrame, min_cel: int) -> pd.DataFrame:
    from .disclosure import onderdruk

    t = onderdruk(tabel, min_cel, {"personen_regulier": ["banen", "extra_banen"], "personen_inleen": ["banen", "extra_banen"]})
    return t.drop(columns=["personen_regulier", "personen_inleen"])

def t2_scenarios(tabellen, jaar: int, nulmeting: pd.Series, schaal: float, directe_einden: bool = True,
                 basis: Meting | None = None) -> pd.DataFrame:
    """Banen, persons and extra banen on 31 December of ``jaar`` under each t+2 scenario (RULES.md §2);
    ``basis``: the meting of the register as administered, when already counted."""
    from .register import T2_SCENARIOS

    rijen = []
    for sc in T2_SCENARIOS:
        m = basis if (sc == "geregistreerd" and basis is not None) else meet(tabellen, ts(jaar), sc, directe_einden)
        t = banen_sector(m, nulmeting, jaar, schaal).set_index("sector").loc["totaal"]
        rijen.append({"scenario": sc, "personen": len(m.populatie),
                      "werkzame_personen": int(m.ikv.loc[m.ikv["werkzaam"], "persoon_id"].nunique()),
                      "banen": t["banen"], "extra_banen": t["extra_banen"]})
    return pd.DataFrame(rijen)

def reconcilieer(rec, tabellen, m: Meting) -> None:
    """Account for the rows of the register and the polis on the headline peildatum (issue: reconciliation)."""

    p = m.peildatum
    stap = f"peildatum {p.date().isoformat()}"
    reg = tabellen["doelgroepregister"]
    geldig = (reg["registratie_begin"] <= p) & (reg["registratie_einde"].isna() | (reg["registratie_einde"] >= p))
    rec.laat_weg("doelgroepregister", "registratie niet geldig op de peildatum", int((~geldig).sum()), stap)
    in_pop = bevat(reg["persoon_id"], m.populatie["persoon_id"])
    rec.laat_weg("doelgroepregister", "geldig, maar persoon buiten de banenafspraak (beschut werk Wsw, alleen quotum, "
                 "AOW/overlijden/emigratie)", int((geldig & ~in_pop).sum()), stap)
    polis = tabellen["polis"]
    in_tijdvak = (polis["opgave_begin"] <= p) & (polis["opgave_einde"] >= p)
    rec.laat_weg("polis", "tijdvak bevat de peildatum niet", int((~in_tijdvak).sum()), stap)
    pop = bevat(polis["persoon_id"], m.populatie["persoon_id"])
    rec.laat_weg("polis", "persoon niet in de banenafspraak op de peildatum", int((in_tijdvak & ~pop).sum()), stap)
    beschut = polis["aard_arbeidsverhouding"].isin(parameter("banen.beschut_werk_aarden", p))
    rec.laat_weg("polis", "beschut werk (telt niet als baan)", int((in_tijdvak & pop & beschut).sum()), stap)


def publiceer_t2(tabel: pd.DataFrame, min_cel: int) -> pd.DataFrame:
    from .disclosure import onderdruk

    return onderdruk(tabel, min_cel, {"personen": ["banen", "extra_banen"], "werkzame_personen": []})


def samenstelling(metingen: dict, jaren, min_cel: int) -> pd.DataFrame:
    """Persons per category in December of each year (composition figure), disclosure-controlled."""
    from .disclosure import onderdruk

    rijen = []
    for jaar in jaren:
        m = metingen[ts(jaar)]
        n = m.populatie["categorie"].value_counts()
        for c in CATEGORIEEN:
            rijen.append({"jaar": jaar, "categorie": c, "personen": int(n.get(c, 0))})
    return onderdruk(pd.DataFrame(rijen), min_cel, {"personen": []})
