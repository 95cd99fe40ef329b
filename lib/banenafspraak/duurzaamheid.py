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
from .validation import DATUM_TYPE
from .werk import (GEEN_BESCHUT, maand_einde, maandnummer, personen_filter, polis_verbinding, volg_werk,
                   werk_behouden, werk_parameters)


def venster(cohort: int, start_maand: int | None = None, maanden: int | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start window of cohort Y: 1 October Y-1 through 30 September Y (RULES.md §7 decision, parameters
    ``duurzaamheid.venster_start_maand`` and ``duurzaamheid.venster_maanden``; a run may override them)."""
    p = ts(f"{cohort}-01-01")
    m0 = start_maand or parameter("duurzaamheid.venster_start_maand", p)
    lengte = maanden or parameter("duurzaamheid.venster_maanden", p)
    begin = pd.Timestamp(year=cohort - 1, month=m0, day=1)
    einde = begin + pd.DateOffset(months=lengte) - pd.Timedelta(days=1)
    return begin.as_unit("s"), einde.as_unit("s")


def data_laatste_maand(polis) -> int:
    """The last calendar month (maandnummer) the polis (DataFrame or parquet file) covers completely."""
    con = polis_verbinding(polis)
    laatste = pd.Timestamp(con.execute("SELECT max(opgave_einde) FROM polis").fetchone()[0])
    con.close()
    return int(maandnummer([laatste + pd.Timedelta(days=1)])[0]) - 1


# the columns of a start that the cohort needs (RULES.md §3 hours conversion, §4 sector and inleen, §7)
STARTER_KOLOMMEN = ("persoon_id", "ikv_id", "werkgever_id", "opgave_begin", "opgave_einde", "tijdvak_type",
                    "verloonde_uren", "ikv_begin", "contractsoort", "aard_arbeidsverhouding", "soort_baan")


def eerste_opgaven(polis, begin, einde, personen=None) -> pd.DataFrame:
    """The first opgave (earliest opgave_begin) of every inkomstenverhouding whose ``ikv_begin`` lies
    in ``begin`` .. ``einde``, beschut werk left out (RULES.md §3, §7). ``polis``: DataFrame or parquet
    file; at national scale only these rows are loaded. ``personen``: only these persons."""
    begin, einde = ts(begin), ts(einde)
    con = polis_verbinding(polis)
    waar = (f"ikv_begin >= DATE '{begin.date()}' AND ikv_begin <= DATE '{einde.date()}' "
            f"AND opgave_einde >= DATE '{begin.date()}' AND {GEEN_BESCHUT} AND {personen_filter(con, personen)}")
    # the row of the earliest opgave per inkomstenverhouding first, then those rows whole: cheaper
    # than a window over every opgave of the period
    df = con.execute(f"""
        WITH eerste AS (SELECT arg_min(rij, (opgave_begin, rij)) AS rij FROM polis WHERE {waar} GROUP BY ikv_id)
        SELECT {", ".join(STARTER_KOLOMMEN)} FROM polis
        WHERE {waar} AND rij IN (SELECT rij FROM eerste)
        ORDER BY persoon_id, ikv_begin, ikv_id""", {"beschut": werk_parameters(begin)["beschut"]}).df()
    con.close()
    for k in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[k]):
            df[k] = df[k].astype(DATUM_TYPE)
    return df


def starters(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True,
             venster_start_maand: int | None = None, venster_maanden: int | None = None,
             polis=None, kandidaten: pd.DataFrame | None = None) -> pd.DataFrame:
    """The persons of cohort Y (RULES.md §7 decision): an inkomstenverhouding whose ``ikv_begin`` lies in
    the window, of a person in the banenafspraak population on that date; per person the first start.

    ``polis``: DataFrame or parquet file (default ``tabellen['polis']``); ``kandidaten``: the result of
    :func:`eerste_opgaven` for a period containing the window (saves reading the polis again).
    Columns: persoon_id, ikv_id, start, doelgroep (category on the start date), contractsoort,
    werkgever_id, aard_arbeidsverhouding, soort_baan and the hours of the first opgave as monthly hours."""
    begin, einde = venster(cohort, venster_start_maand, venster_maanden)
    if kandidaten is None:
        kandidaten = eerste_opgaven(tabellen["polis"] if polis is None else polis, begin, einde)
    k = kandidaten.loc[(kandidaten["ikv_begin"] >= begin) & (kandidaten["ikv_begin"] <= einde)]
    ikv = k[["persoon_id", "ikv_id", "ikv_begin", "contractsoort", "werkgever_id", "aard_arbeidsverhouding",
             "soort_baan"]].rename(columns={"ikv_begin": "start"}).reset_index(drop=True)
    # hours of the first opgave as monthly hours of its own month (RULES.md §3 conversion)
    ikv["uren_maand"] = maanduren(k, k["opgave_einde"]).to_numpy()
    st = status_op(tabellen["doelgroepregister"], tabellen["persoon"],
                   ikv.rename(columns={"start": "datum"}), scenario, directe_einden)
    ikv["doelgroep"] = st["categorie"].to_numpy()
    ikv = ikv.loc[st["in_populatie"].to_numpy()].drop_duplicates("persoon_id")
    return ikv.reset_index(drop=True)


def uitkomsten(tabellen, cohorten, scenario: str = "geregistreerd", directe_einden: bool = True,
               venster_start_maand: int | None = None, venster_maanden: int | None = None,
               behoud_na_maanden: int | None = None, laatste_maand: int | None = None, polis=None,
               overleving=None) -> pd.DataFrame:
    """Per starter of each cohort in ``cohorten``: werkbehoud and baanbehoud in the calendar month
    ``behoud_na_maanden`` after the start month, the reason for leaving the cohort (death, emigration,
    AOW within that time; RULES.md §7), the survival durations in months (``maanden_werk``,
    ``maanden_baan``, with ``einde_werk`` / ``einde_baan`` 1 for an observed end, 0 for censored at
    the end of the data or at leaving) and the characteristics used in the regression.

    ``polis``: DataFrame or parquet file (default ``tabellen['polis']``); the follow-up is aggregated
    in DuckDB (:func:`werk.volg_werk`), so a national polis is never loaded whole. ``laatste_maand``:
    the last month of the data (maandnummer; default: from the polis). ``attrs['polis_rijen']`` holds
    the number of opgaven followed and of those with paid work (for the reconciliation).
    ``overleving``: the cohorts followed to the end of the data for the survival view (default: all);
    the others are followed through the measuring month only and get no survival durations (NaN)."""
    polis = tabellen["polis"] if polis is None else polis
    cohorten = list(cohorten)
    laatste = laatste_maand if laatste_maand is not None else data_laatste_maand(polis)
    vensters = {c: venster(c, venster_start_maand, venster_maanden) for c in cohorten}
    na = {c: behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", ts(f"{c}-01-01")) for c in cohorten}
    for c, (_, einde) in vensters.items():
        if int(maandnummer([einde])[0]) + na[c] > laatste:
            raise ValueError(f"cohort {c} kan nog niet gemeten worden: de data lopen tot "
                             f"{laatste // 12}-{laatste % 12 + 1:02d}")
    # only persons in the register can be in the population: the others need not be read
    kandidaten = eerste_opgaven(polis, min(b for b, _ in vensters.values()), max(e for _, e in vensters.values()),
                                tabellen["doelgroepregister"]["persoon_id"])
    delen = []
    for c in cohorten:
        s = starters(tabellen, c, scenario, directe_einden, venster_start_maand, venster_maanden, kandidaten=kandidaten)
        s["cohort"] = c
        s["startmaand"] = maandnummer(s["start"])
        s["meetmaand"] = s["startmaand"] + na[c]
        delen.append(s)
    s = pd.concat(delen, ignore_index=True)
    heel = s["cohort"].isin(cohorten if overleving is None else list(overleving)).to_numpy()
    volg, rijen = volg_werk(polis, s.assign(volg_tot=pd.Series(laatste, index=s.index, dtype="Int64").where(heel)))
    s["werkbehoud"] = volg["werk_meetmaand"].to_numpy()
    s["baanbehoud"] = volg["baan_meetmaand"].to_numpy()
    # at-once ends visible in the person data within the follow-up leave the cohort
    pers = tabellen["persoon"].set_index("persoon_id").reindex(s["persoon_id"])
    meet_einde = maand_einde(s["meetmaand"]).to_numpy()
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
    # survival: consecutive months of work (any job / the started job) from the start month on,
    # censored at the end of the data or at leaving
    vertrek_maand = np.where(np.isnat(vertrek), laatste + 1, maandnummer(pd.Series(vertrek).fillna(pd.Timestamp("2200-01-01"))))
    s["waarneembaar"] = np.minimum(laatste, vertrek_maand - 1) - s["startmaand"].to_numpy() + 1
    for naam in ("werk", "baan"):
        duur = volg[f"maanden_{naam}"].to_numpy()
        s[f"maanden_{naam}"] = np.where(heel, np.minimum(duur, s["waarneembaar"]), np.nan)
        einde = (duur < s["waarneembaar"]).astype(int)
        s[f"einde_{naam}"] = einde if heel.all() else np.where(heel, einde, np.nan)
    # characteristics on the start date (for the regression); the sector from the employer's totals of
    # the year most starts of the cohort fall in
    s["leeftijdsklasse"] = leeftijdsklasse(pd.Series(pers["geboortedatum"].to_numpy(), index=s.index), s["start"]).to_numpy()
    s["geslacht"] = pers["geslacht"].to_numpy()
    s["sector"] = "markt"
    s["inleen"] = False
    wg = tabellen["werkgever"]
    wg = wg.loc[bevat(wg["werkgever_id"], s["werkgever_id"])]
    for c in cohorten:
        rij = (s["cohort"] == c).to_numpy()
        if rij.any():
            g = s.loc[rij]
            sec = werkgever_sector(wg, int(g["start"].dt.year.mode().iloc[0])).set_index("werkgever_id")["sector"]
            s.loc[rij, "sector"] = g["werkgever_id"].map(sec).fillna("markt").to_numpy()
            s.loc[rij, "inleen"] = is_inleen(g, g["start"].min()).to_numpy()
    s.attrs["polis_rijen"] = rijen
    return s


def uitkomst(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True,
             venster_start_maand: int | None = None, venster_maanden: int | None = None,
             behoud_na_maanden: int | None = None, laatste_maand: int | None = None, polis=None) -> pd.DataFrame:
    """:func:`uitkomsten` of one cohort, followed to the end of the data."""
    return uitkomsten(tabellen, [cohort], scenario, directe_einden, venster_start_maand, venster_maanden,
                      behoud_na_maanden, laatste_maand, polis)


def reconcilieer_volgen(rec, u: pd.DataFrame, stap: str) -> None:
    """Account in the reconciliation ``rec`` for the polis rows behind :func:`uitkomsten` ``u``: of
    the opgaven in the file, those of no starter in the follow-up period and those without paid work
    (sv_loon 0 or beschut werk, RULES.md §3, §7) are left out; the rest is followed."""
    totaal = rec.gelezen.get("polis")
    if totaal is None:
        raise ValueError("de reconciliatie kent het aantal rijen van polis nog niet")
    rijen = u.attrs["polis_rijen"]
    rec.laat_weg("polis", "geen opgave van een starter in de volgperiode", totaal - rijen["opgaven"], stap)
    rec.laat_weg("polis", "geen werk: sv-loon 0 of beschut werk", rijen["opgaven"] - rijen["werk_opgaven"], stap)


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


def werkenden_behoud(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True,
                     polis=None) -> pd.DataFrame:
    """Per year Y in ``jaren``: everyone in the population working in the measuring month of Q3 of Y-1
    (parameter ``duurzaamheid.werkenden_meetmaand``), and the share still working (any job) and in
    the same job in that month of Y (RULES.md §7, second population). ``polis``: DataFrame or
    parquet file (default ``tabellen['polis']``). Columns jaar, werkenden, werkbehoud, baanbehoud."""
    jaren = [int(j) for j in jaren]
    polis = tabellen["polis"] if polis is None else polis
    m0 = {j: (j - 1) * 12 + parameter("duurzaamheid.werkenden_meetmaand", ts(f"{j}-01-01")) - 1 for j in jaren}
    w = werk_behouden(polis, [(m, m + 12) for m in m0.values()], tabellen["doelgroepregister"]["persoon_id"])
    jaar_van = {m: j for j, m in m0.items()}
    w["jaar"] = w["m0"].map(jaar_van).to_numpy()
    peil = maand_einde(w["m0"])
    st = status_op(tabellen["doelgroepregister"], tabellen["persoon"],
                   pd.DataFrame({"persoon_id": w["persoon_id"].to_numpy(), "datum": peil.to_numpy().astype(DATUM_TYPE)}),
                   scenario, directe_einden)
    w = w.loc[st["in_populatie"].to_numpy()]
    g = w.groupby("jaar")
    uit = pd.DataFrame({"jaar": jaren})
    uit["werkenden"] = uit["jaar"].map(g.size()).fillna(0).astype(int)
    uit["werkbehoud"] = uit["jaar"].map(g["werk"].mean())
    uit["baanbehoud"] = uit["jaar"].map(g["zelfde"].mean())
    return uit


def onbepaald_aandeel_uren(ikv: pd.DataFrame) -> float:
    """Share of the banen hours on a contract for onbepaalde tijd (S1 §6) among counted jobs."""
    uren = ikv["uren"].sum()
    return float(ikv.loc[ikv["contractsoort"] == "O", "uren"].sum() / uren) if uren > 0 else np.nan


def gemiddelde_duur_jaren(ikv: pd.DataFrame, peildatum) -> float:
    """Mean duration in years of the running inkomstenverhoudingen (with pay) on the peildatum (S1 §6)."""
    w = ikv.loc[ikv["werkzaam"]]
    return float(((ts(peildatum) - w["ikv_begin"]).dt.days / 365.25).mean()) if len(w) else np.nan


# --------------------------------------------------------------------------- survival and regression


def _gevolgd(u: pd.DataFrame, soort: str) -> None:
    if u[f"maanden_{soort}"].isna().any():
        cohorten = sorted(u.loc[u[f"maanden_{soort}"].isna(), "cohort"].unique())
        raise ValueError(f"cohort(en) {', '.join(map(str, cohorten))} niet tot het einde van de data gevolgd "
                         "(uitkomsten(..., overleving=...)): geen overlevingsduren")


def kaplan_meier(u: pd.DataFrame, soort: str = "werk", tot_maanden: int = 36, min_cel: int = 10) -> pd.DataFrame:
    """Kaplan-Meier survival per doelgroep and in total (statsmodels ``SurvfuncRight``): the share still
    in work (``soort='werk'``) or in the same job (``'baan'``) after each month, with the numbers at
    risk; numbers at risk below ``min_cel`` are suppressed together with the survival at that month."""
    from statsmodels.duration.survfunc import SurvfuncRight

    _gevolgd(u, soort)
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

    _gevolgd(u, soort)
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
