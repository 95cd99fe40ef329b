"""Duurzaamheid van werk: werkbehoud and baanbehoud (RULES.md §7, S1 §6)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .banen import maanduren
from .dates import aow_datum, leeftijdsklasse, ts
from .parameters import parameter
from .register import CATEGORIEEN, status_op
from .sector import is_inleen, werkgever_sector
from .util import bevat
from .werk import maandnummer, werkmaanden


def venster(cohort: int, start_maand: int | None = None, maanden: int | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start window of cohort Y: 1 October Y-1 through 30 September Y (RULES.md §7 decision, parameters
    ``duurzaamheid.venster_start_maand`` and ``duurzaamheid.venster_maanden``; a run may override them)."""
    p = ts(f"{cohort}-01-01")
    m0 = start_maand or parameter("duurzaamheid.venster_start_maand", p)
    lengte = maanden or parameter("duurzaamheid.venster_maanden", p)
    begin = pd.Timestamp(year=cohort - 1, month=m0, day=1)
    einde = begin + pd.DateOffset(months=lengte) - pd.Timedelta(days=1)
    return begin.as_unit("s"), einde.as_unit("s")


def data_laatste_maand(polis: pd.DataFrame) -> int:
    """The last calendar month (maandnummer) the polis covers completely."""
    return int(maandnummer([polis["opgave_einde"].max() + pd.Timedelta(days=1)])[0]) - 1


def starters(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True,
             venster_start_maand: int | None = None, venster_maanden: int | None = None) -> pd.DataFrame:
    """The persons of cohort Y (RULES.md §7 decision): an inkomstenverhouding whose ``ikv_begin`` lies in
    the window, of a person in the banenafspraak population on that date; per person the first start.

    Columns: persoon_id, ikv_id, start, doelgroep (category on the start date), contractsoort,
    werkgever_id, aard_arbeidsverhouding, soort_baan and the hours of the first opgave as monthly hours."""
    begin, einde = venster(cohort, venster_start_maand, venster_maanden)
    polis = tabellen["polis"]
    beschut = parameter("banen.beschut_werk_aarden", begin)
    o = polis.loc[(polis["ikv_begin"] >= begin) & (polis["ikv_begin"] <= einde)
                  & ~polis["aard_arbeidsverhouding"].isin(beschut)]
    o = o.sort_values(["persoon_id", "ikv_begin", "ikv_id", "opgave_begin"], kind="stable")
    ikv = o.drop_duplicates("ikv_id")
    ikv = pd.DataFrame({"persoon_id": ikv["persoon_id"].to_numpy(), "ikv_id": ikv["ikv_id"].to_numpy(),
                        "start": ikv["ikv_begin"].to_numpy(), "contractsoort": ikv["contractsoort"].to_numpy(),
                        "werkgever_id": ikv["werkgever_id"].to_numpy(),
                        "aard_arbeidsverhouding": ikv["aard_arbeidsverhouding"].to_numpy(),
                        "soort_baan": ikv["soort_baan"].to_numpy(),
                        # hours of the first opgave as monthly hours of its own month (RULES.md §3 conversion)
                        "uren_maand": maanduren(ikv, ikv["opgave_einde"]).to_numpy()})
    st = status_op(tabellen["doelgroepregister"], tabellen["persoon"],
                   ikv.rename(columns={"start": "datum"}), scenario, directe_einden)
    ikv["doelgroep"] = st["categorie"].to_numpy()
    ikv = ikv.loc[st["in_populatie"].to_numpy()].drop_duplicates("persoon_id")
    return ikv.reset_index(drop=True)


def uitkomst(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True,
             venster_start_maand: int | None = None, venster_maanden: int | None = None,
             behoud_na_maanden: int | None = None, laatste_maand: int | None = None) -> pd.DataFrame:
    """Per starter: werkbehoud and baanbehoud in the calendar month ``behoud_na_maanden`` after the start
    month, the reason for leaving the cohort (death, emigration, AOW within that time; RULES.md §7),
    the survival durations in months (``maanden_werk``, ``maanden_baan``, with ``einde_werk`` /
    ``einde_baan`` 1 for an observed end, 0 for censored at the end of the data or at leaving) and the
    characteristics used in the regression. ``laatste_maand``: the last month of the data (maandnummer)
    when ``tabellen`` holds only part of the polis."""
    s = starters(tabellen, cohort, scenario, directe_einden, venster_start_maand, venster_maanden)
    na = behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", ts(f"{cohort}-01-01"))
    s["startmaand"] = maandnummer(s["start"])
    s["meetmaand"] = s["startmaand"] + na
    laatste = laatste_maand if laatste_maand is not None else data_laatste_maand(tabellen["polis"])
    venster_einde = venster(cohort, venster_start_maand, venster_maanden)[1]
    if int(maandnummer([venster_einde])[0]) + na > laatste:
        raise ValueError(f"cohort {cohort} kan nog niet gemeten worden: de data lopen tot "
                         f"{laatste // 12}-{laatste % 12 + 1:02d}")
    polis = tabellen["polis"]
    wm = werkmaanden(polis.loc[bevat(polis["persoon_id"], s["persoon_id"])], int(s["startmaand"].min()) if len(s) else None)
    # at-once ends visible in the person data within the follow-up leave the cohort
    pers = tabellen["persoon"].set_index("persoon_id").reindex(s["persoon_id"])
    meet_einde = (pd.to_datetime({"year": s["meetmaand"] // 12, "month": s["meetmaand"] % 12 + 1, "day": 1})
                  + pd.offsets.MonthEnd(0)).to_numpy()
    reden = np.full(len(s), "", dtype=object)
    vertrek = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[s]")
    for kolom, naam in ((pers["overlijdensdatum"].to_numpy(), "overleden"), (pers["emigratiedatum"].to_numpy(), "emigratie"),
                        (aow_datum(pers["geboortedatum"]).to_numpy(), "AOW")):
        d = np.asarray(kolom, dtype="datetime64[s]")
        na_start = ~np.isnat(d) & (d > s["start"].to_numpy())
        raak = na_start & (d <= meet_einde)
        reden[raak & (reden == "")] = naam
        vertrek = np.where(na_start & (np.isnat(vertrek) | (d < vertrek)), d, vertrek)
    s["verlaten"] = reden
    # werkbehoud / baanbehoud in the measuring month
    werk = wm[["persoon_id", "maand"]].drop_duplicates()
    w = s[["persoon_id", "meetmaand"]].merge(werk, left_on=["persoon_id", "meetmaand"], right_on=["persoon_id", "maand"], how="left")
    s["werkbehoud"] = w["maand"].notna().to_numpy()
    b = s[["ikv_id", "meetmaand"]].merge(wm[["ikv_id", "maand"]], left_on=["ikv_id", "meetmaand"], right_on=["ikv_id", "maand"], how="left")
    s["baanbehoud"] = b["maand"].notna().to_numpy()
    # survival: consecutive months of work (any job / the started job) from the start month on
    vertrek_maand = np.where(np.isnat(vertrek), laatste + 1, maandnummer(pd.Series(vertrek).fillna(pd.Timestamp("2200-01-01"))))
    s["waarneembaar"] = np.minimum(laatste, vertrek_maand - 1) - s["startmaand"].to_numpy() + 1
    for sleutel, naam in (("persoon_id", "werk"), ("ikv_id", "baan")):
        x = wm[[sleutel, "maand"]].drop_duplicates().merge(s[[sleutel, "startmaand"]], on=sleutel)
        x = x.loc[x["maand"] >= x["startmaand"]].sort_values([sleutel, "maand"])
        x["k"] = x.groupby(sleutel).cumcount()
        run = x.loc[(x["maand"] - x["startmaand"]) == x["k"]].groupby(sleutel).size()
        duur = s[sleutel].map(run).fillna(0).to_numpy()
        s[f"maanden_{naam}"] = np.minimum(duur, s["waarneembaar"])
        s[f"einde_{naam}"] = (duur < s["waarneembaar"]).astype(int)
    # characteristics on the start date (for the regression)
    s["leeftijdsklasse"] = leeftijdsklasse(pd.Series(pers["geboortedatum"].to_numpy(), index=s.index), s["start"]).to_numpy()
    s["geslacht"] = pers["geslacht"].to_numpy()
    jaar = int(s["start"].dt.year.mode().iloc[0]) if len(s) else cohort
    sec = werkgever_sector(tabellen["werkgever"], jaar).set_index("werkgever_id")["sector"]
    s["sector"] = s["werkgever_id"].map(sec).fillna("markt").to_numpy()
    s["inleen"] = is_inleen(s, s["start"].min() if len(s) else ts(cohort)).to_numpy()
    s["cohort"] = cohort
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


def contract_tabel(u: pd.DataFrame) -> pd.DataFrame:
    """Starters by contract type of the started job (bepaald / onbepaald / n.v.t.) and doelgroep, with
    werkbehoud and baanbehoud per type (S1 §6)."""
    blijf = u.loc[u["verlaten"] == ""].assign(contract=lambda d: d["contractsoort"].map({"B": "bepaald", "O": "onbepaald", "N": "n.v.t."}))
    rijen = []
    for d in (*CATEGORIEEN, "totaal"):
        g = blijf if d == "totaal" else blijf.loc[blijf["doelgroep"] == d]
        for c, h in g.groupby("contract", sort=True):
            rijen.append({"cohort": int(u["cohort"].iloc[0]) if len(u) else None, "doelgroep": d, "contract": c,
                          "starters": len(h), "aandeel": len(h) / len(g), "werkbehoud": h["werkbehoud"].mean(),
                          "baanbehoud": h["baanbehoud"].mean()})
    return pd.DataFrame(rijen, columns=["cohort", "doelgroep", "contract", "starters", "aandeel", "werkbehoud", "baanbehoud"])


DUURKLASSEN = [0, 1, 2, 5, 10, 200]
DUURLABELS = ["korter dan 1 jaar", "1-2 jaar", "2-5 jaar", "5-10 jaar", "10 jaar of langer"]


def duur_tabel(ikv: pd.DataFrame, peildatum) -> pd.DataFrame:
    """Running inkomstenverhoudingen (with pay) on the peildatum by duration class, with the mean (S1 §6)."""
    w = ikv.loc[ikv["werkzaam"]]
    jaren = (ts(peildatum) - w["ikv_begin"]).dt.days / 365.25
    klasse = pd.cut(jaren, DUURKLASSEN, right=False, labels=DUURLABELS)
    n = klasse.value_counts().reindex(DUURLABELS, fill_value=0)
    return pd.DataFrame({"jaar": ts(peildatum).year, "duur": DUURLABELS, "inkomstenverhoudingen": n.to_numpy(),
                         "aandeel": (n / max(len(w), 1)).to_numpy(), "gemiddelde_duur_jaren": float(jaren.mean()) if len(w) else np.nan})


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
    nu = nu.loc[bevat(nu["persoon_id"], st.loc[st["in_populatie"], "persoon_id"])]
    later = wm.loc[wm["maand"] == m0 + 12]
    personen = pd.Series(nu["persoon_id"].unique())
    werk = bevat(personen, later["persoon_id"])
    zelfde = bevat(personen, nu.loc[bevat(nu["ikv_id"], later["ikv_id"]), "persoon_id"])
    return {"jaar": jaar, "werkenden": len(personen), "werkbehoud": werk.mean() if len(personen) else np.nan,
            "baanbehoud": zelfde.mean() if len(personen) else np.nan}


def onbepaald_aandeel_uren(ikv: pd.DataFrame) -> float:
    """Share of the banen hours on a contract for onbepaalde tijd (S1 §6) among counted jobs."""
    uren = ikv["uren"].sum()
    return float(ikv.loc[ikv["contractsoort"] == "O", "uren"].sum() / uren) if uren > 0 else np.nan


def gemiddelde_duur_jaren(ikv: pd.DataFrame, peildatum) -> float:
    """Mean duration in years of the running inkomstenverhoudingen (with pay) on the peildatum (S1 §6)."""
    w = ikv.loc[ikv["werkzaam"]]
    return float(((ts(peildatum) - w["ikv_begin"]).dt.days / 365.25).mean()) if len(w) else np.nan


# --------------------------------------------------------------------------- survival and regression


def kaplan_meier(u: pd.DataFrame, soort: str = "werk", tot_maanden: int = 36, min_cel: int = 10) -> pd.DataFrame:
    """Kaplan-Meier survival per doelgroep and in total (statsmodels ``SurvfuncRight``): the share still
    in work (``soort='werk'``) or in the same job (``'baan'``) after each month, with the numbers at
    risk; numbers at risk below ``min_cel`` are suppressed together with the survival at that month."""
    from statsmodels.duration.survfunc import SurvfuncRight

    rijen = []  # all starters: those leaving the cohort are censored at leaving, not dropped
    for d in (*CATEGORIEEN, "totaal"):
        g = u if d == "totaal" else u.loc[u["doelgroep"] == d]
        if len(g) == 0:
            continue
        sf = SurvfuncRight(g[f"maanden_{soort}"].to_numpy(dtype=float), g[f"einde_{soort}"].to_numpy())
        tijden = np.asarray(sf.surv_times)
        for m in range(0, tot_maanden + 1):
            i = np.searchsorted(tijden, m, side="right") - 1
            overleving = 1.0 if i < 0 else float(sf.surv_prob[i])
            at_risk = int((g[f"maanden_{soort}"] >= m).sum())
            rijen.append({"doelgroep": d, "maand": m, "overleving": overleving, "aantal_at_risk": at_risk})
    df = pd.DataFrame(rijen)
    if min_cel > 0 and len(df):
        klein = (df["aantal_at_risk"] > 0) & (df["aantal_at_risk"] < min_cel)
        df.loc[klein, ["overleving"]] = np.nan
        df["aantal_at_risk"] = df["aantal_at_risk"].astype("Int64").mask(klein)
    return df


def logrank(u: pd.DataFrame, soort: str = "werk") -> dict:
    """Log-rank test of equal survival across doelgroepen (statsmodels ``survdiff``)."""
    from statsmodels.duration.survfunc import survdiff

    g = u.loc[u["doelgroep"].isin(CATEGORIEEN)]
    if g["doelgroep"].nunique() < 2:
        return {"chi2": np.nan, "p_waarde": np.nan, "groepen": int(g["doelgroep"].nunique())}
    chi2, p = survdiff(g[f"maanden_{soort}"].to_numpy(dtype=float), g[f"einde_{soort}"].to_numpy(), g["doelgroep"].to_numpy())
    return {"chi2": float(chi2), "p_waarde": float(p), "groepen": int(g["doelgroep"].nunique())}


REGRESSIE_VARIABELEN = ["doelgroep", "leeftijdsklasse", "geslacht", "contract", "sector", "inleen"]


def logistische_regressie(u: pd.DataFrame, min_cel: int = 10) -> pd.DataFrame:
    """Logistic regression of werkbehoud on doelgroep, age band, sex, contract type, sector, inleen and
    hours (per 10 hours a month) of the started job (statsmodels ``logit``): odds ratios with 95%
    confidence intervals. Associations, not effects. Levels with fewer than ``min_cel`` starters are
    merged into 'overig' so that no estimate rests on a handful of persons."""
    import statsmodels.formula.api as smf

    d = u.loc[u["verlaten"] == ""].copy()
    d["contract"] = d["contractsoort"].map({"B": "bepaald", "O": "onbepaald", "N": "overig"})
    d["inleen"] = np.where(d["inleen"], "inleen", "regulier")
    d["uren10"] = d["uren_maand"].clip(0, 200) / 10
    d["y"] = d["werkbehoud"].astype(int)
    referentie = {"doelgroep": "participatiewet", "leeftijdsklasse": "27-34", "geslacht": "M", "contract": "onbepaald",
                  "sector": "markt", "inleen": "regulier"}
    termen = []
    for v in REGRESSIE_VARIABELEN:
        n = d[v].value_counts()
        klein = n.index[n < max(min_cel, 1)]
        d.loc[d[v].isin(klein), v] = "overig"
        if d[v].nunique() < 2:
            continue
        ref = referentie[v] if referentie[v] in set(d[v]) else d[v].value_counts().index[0]
        termen.append(f"C({v}, Treatment(reference='{ref}'))")
    formule = "y ~ " + " + ".join(termen + ["uren10"])
    model = smf.logit(formule, data=d).fit(disp=False, maxiter=100)
    ci = np.exp(model.conf_int())
    uit = pd.DataFrame({"term": model.params.index, "odds_ratio": np.exp(model.params.to_numpy()),
                        "ci_laag": ci[0].to_numpy(), "ci_hoog": ci[1].to_numpy(), "p_waarde": model.pvalues.to_numpy()})
    uit["term"] = (uit["term"].str.replace(r"C\((\w+), Treatment\(reference='([^']*)'\)\)\[T\.(.*)\]", r"\1: \3 (t.o.v. \2)", regex=True)
                   .str.replace("uren10", "uren per maand (per 10 uur)").str.replace("Intercept", "constante"))
    uit.attrs["n"] = int(model.nobs)
    uit.attrs["pseudo_r2"] = float(model.prsquared)
    return uit


def publiceer_werkbehoud(tabel: pd.DataFrame, min_cel: int) -> pd.DataFrame:
    """``werkbehoud`` after disclosure control: shares resting on fewer than ``min_cel`` starters are
    suppressed, with secondary suppression within a cohort."""
    from .disclosure import onderdruk

    return onderdruk(tabel, min_cel, {"starters": ["werkbehoud", "baanbehoud"], "verlaten_cohort": []},
                     groep="cohort", totaal_kolom="doelgroep")


def volg_selectie(cohort: int, laatste: pd.Timestamp, hele_volgperiode: bool, venster_start_maand=None,
                  venster_maanden=None, behoud_na_maanden=None):
    """The polis rows a cohort needs: the opgaven of its starters from the window's start through the
    measuring month (or to the end of the data for the survival view)."""
    from .loading import PolisSelectie

    b, e = venster(cohort, venster_start_maand, venster_maanden)
    na = behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", ts(f"{cohort}-01-01"))
    tot_einde = None if hele_volgperiode else min(e + pd.DateOffset(months=na + 1), laatste)
    return PolisSelectie(starters=(b, e, b, tot_einde))
