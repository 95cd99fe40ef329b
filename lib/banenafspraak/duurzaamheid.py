"""Duurzaamheid van werk: werkbehoud and baanbehoud (RULES.md §7, S1 §6)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import aow_datum, ts
from .parameters import parameter
from .register import CATEGORIEEN, status_op
from .util import bevat
from .werk import maandnummer, werkmaanden


def venster(cohort: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start window of cohort Y: 1 October Y-1 through 30 September Y (RULES.md §7 decision, parameters)."""
    p = ts(f"{cohort}-01-01")
    m0 = parameter("duurzaamheid.venster_start_maand", p)
    lengte = parameter("duurzaamheid.venster_maanden", p)
    begin = pd.Timestamp(year=cohort - 1, month=m0, day=1)
    einde = begin + pd.DateOffset(months=lengte) - pd.Timedelta(days=1)
    return begin.as_unit("s"), einde.as_unit("s")


def starters(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> pd.DataFrame:
    """The persons of cohort Y (RULES.md §7 decision): an inkomstenverhouding whose ``ikv_begin`` lies in
    the window, of a person in the banenafspraak population on that date; per person the first start.
    Columns: persoon_id, ikv_id, start, doelgroep (category on the start date), contractsoort."""
    begin, einde = venster(cohort)
    polis = tabellen["polis"]
    beschut = parameter("banen.beschut_werk_aarden", begin)
    o = polis.loc[(polis["ikv_begin"] >= begin) & (polis["ikv_begin"] <= einde)
                  & ~polis["aard_arbeidsverhouding"].isin(beschut)]
    o = o.sort_values(["persoon_id", "ikv_begin", "ikv_id", "opgave_begin"], kind="stable")
    ikv = o.drop_duplicates("ikv_id")[["persoon_id", "ikv_id", "ikv_begin", "contractsoort"]]
    st = status_op(tabellen["doelgroepregister"], tabellen["persoon"],
                   ikv.rename(columns={"ikv_begin": "datum"}), scenario, directe_einden)
    ikv = ikv.assign(in_populatie=st["in_populatie"].to_numpy(), doelgroep=st["categorie"].to_numpy())
    ikv = ikv.loc[ikv["in_populatie"]].drop_duplicates("persoon_id")
    return ikv.rename(columns={"ikv_begin": "start"})[["persoon_id", "ikv_id", "start", "doelgroep", "contractsoort"]] \
        .reset_index(drop=True)


def uitkomst(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> pd.DataFrame:
    """Per starter: werkbehoud, baanbehoud in the month ``behoud_na_maanden`` after the start month,
    or the reason for leaving the cohort (death, emigration, AOW within that time; RULES.md §7)."""
    s = starters(tabellen, cohort, scenario, directe_einden)
    na = parameter("duurzaamheid.behoud_na_maanden", ts(f"{cohort}-01-01"))
    s["startmaand"] = maandnummer(s["start"])
    s["meetmaand"] = s["startmaand"] + na
    data_einde = int(maandnummer([tabellen["polis"]["opgave_einde"].max() + pd.Timedelta(days=1)])[0]) - 1
    if len(s) and s["meetmaand"].max() > data_einde:
        raise ValueError(f"cohort {cohort} kan nog niet gemeten worden: de data lopen tot maand "
                         f"{data_einde // 12}-{data_einde % 12 + 1:02d}")
    wm = werkmaanden(tabellen["polis"].loc[bevat(tabellen["polis"]["persoon_id"], s["persoon_id"])],
                     int(s["meetmaand"].min()) if len(s) else None, int(s["meetmaand"].max()) if len(s) else None)
    werk = set(zip(wm["persoon_id"], wm["maand"]))
    baan = set(zip(wm["ikv_id"], wm["maand"]))
    s["werkbehoud"] = [(p, m) in werk for p, m in zip(s["persoon_id"], s["meetmaand"])]
    s["baanbehoud"] = [(i, m) in baan for i, m in zip(s["ikv_id"], s["meetmaand"])]
    pers = tabellen["persoon"].set_index("persoon_id").reindex(s["persoon_id"])
    meet_einde = pd.to_datetime({"year": s["meetmaand"] // 12, "month": s["meetmaand"] % 12 + 1, "day": 1}) + pd.offsets.MonthEnd(0)
    meet_einde = meet_einde.to_numpy()
    reden = np.full(len(s), "", dtype=object)
    for kolom, naam in ((pers["overlijdensdatum"].to_numpy(), "overleden"), (pers["emigratiedatum"].to_numpy(), "emigratie"),
                        (aow_datum(pers["geboortedatum"]).to_numpy(), "AOW")):
        d = np.asarray(kolom, dtype="datetime64[s]")
        raak = ~np.isnat(d) & (d > s["start"].to_numpy()) & (d <= meet_einde)
        reden[raak & (reden == "")] = naam
    s["verlaten"] = reden
    return s


def werkbehoud_tabel(u: pd.DataFrame, cohort: int) -> pd.DataFrame:
    """Table ``werkbehoud`` (DATA_CONTRACT.md) of one cohort: starters who stay in the cohort and the
    shares with werkbehoud / baanbehoud, per doelgroep and in total; also how many left the cohort."""
    blijf = u.loc[u["verlaten"] == ""]
    rijen = []
    for d in (*CATEGORIEEN, "totaal"):
        g = blijf if d == "totaal" else blijf.loc[blijf["doelgroep"] == d]
        weg = u if d == "totaal" else u.loc[u["doelgroep"] == d]
        n = len(g)
        rijen.append({"cohort": cohort, "doelgroep": d, "starters": n,
                      "werkbehoud": g["werkbehoud"].mean() if n else np.nan,
                      "baanbehoud": g["baanbehoud"].mean() if n else np.nan,
                      "verlaten_cohort": int((weg["verlaten"] != "").sum())})
    return pd.DataFrame(rijen)


def werkenden_behoud(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> dict:
    """Everyone in the population working in the measuring month of Q3 of ``jaar``-1, and the share
    still working (any job) and in the same job in that month of ``jaar`` (RULES.md §7, second population)."""
    mm = parameter("duurzaamheid.werkenden_meetmaand", ts(f"{jaar}-01-01"))
    m0 = (jaar - 1) * 12 + mm - 1
    peil = pd.Timestamp(year=jaar - 1, month=mm, day=1) + pd.offsets.MonthEnd(0)
    wm = werkmaanden(tabellen["polis"], m0, m0 + 12)
    nu = wm.loc[wm["maand"] == m0]
    st = status_op(tabellen["doelgroepregister"], tabellen["persoon"],
                   pd.DataFrame({"persoon_id": nu["persoon_id"].unique(), "datum": peil.as_unit("s")}), scenario, directe_einden)
    pop = set(st.loc[st["in_populatie"], "persoon_id"])
    nu = nu.loc[bevat(nu["persoon_id"], list(pop))]
    later = wm.loc[wm["maand"] == m0 + 12]
    personen = nu["persoon_id"].unique()
    werk = np.isin(personen, later["persoon_id"].unique())
    zelfde = set(nu["persoon_id"][bevat(nu["ikv_id"], later["ikv_id"])])
    baan = np.array([p in zelfde for p in personen])
    return {"jaar": jaar, "werkenden": len(personen), "werkbehoud": werk.mean() if len(personen) else np.nan,
            "baanbehoud": baan.mean() if len(personen) else np.nan}


def onbepaald_aandeel_uren(ikv: pd.DataFrame) -> float:
    """Share of the banen hours on a contract for onbepaalde tijd (S1 §6) among counted jobs."""
    uren = ikv["uren"].sum()
    return float(ikv.loc[ikv["contractsoort"] == "O", "uren"].sum() / uren) if uren > 0 else np.nan


def gemiddelde_duur_jaren(ikv: pd.DataFrame, peildatum) -> float:
    """Mean duration in years of the running inkomstenverhoudingen (with pay) on the peildatum (S1 §6)."""
    w = ikv.loc[ikv["werkzaam"]]
    return float(((ts(peildatum) - w["ikv_begin"]).dt.days / 365.25).mean()) if len(w) else np.nan
