"""Duurzaamheid van werk: werkbehoud and baanbehoud (RULES.md §7, S1 §6)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .dates import hele_jaren, leeftijdsklasse, ts
from .motor import inleen_op, maanduren_op, sector_op
from .dates import jaren as jaren_met_fractie
from .parameters import parameter
from .register import CATEGORIEEN, eerste_directe_einde
from .util import bevat
from .validation import DATUM_TYPE
from .periode import Periode, polis_periode
from .publicatie import Publicatie, md
from .register import CATEGORIE_LABEL  # the doelgroep codes in words, in the tables
from .verbinding import naar_pandas
from .werk import (BESCHUT_LIJST_SQL, maand_begin, maand_einde, maandnummer, personen_filter, polis_verbinding,
                   registreer_regels, volg_werk, werk_behouden_sql)


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
    """The last calendar month (maandnummer) the polis (DataFrame, parquet file or loaded data directory)
    covers completely (``periode.polis_periode``)."""
    return polis_periode(polis).laatste_maand()


def _maand_tekst(m: int) -> str:
    from .monitor import MAANDEN

    return f"{MAANDEN[m % 12]} {m // 12}"


def meetperioden(cohorten, venster_start_maand: int | None = None, venster_maanden: int | None = None,
                 behoud_na_maanden: int | None = None, werkenden=(), duur_peildatum=None) -> dict:
    """What the report counts on, by description, for ``periode.controleer_peildata``: each cohort's
    start window and measuring month; for the all-working retention of each year in ``werkenden``
    its two months (Q3 of Y-1 and Y); the peildatum of the job durations."""
    uit = {}
    for c in cohorten:
        b, e = venster(c, venster_start_maand, venster_maanden)
        na = behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", ts(f"{c}-01-01"))
        m = int(maandnummer([e])[0]) + na
        uit[f"startvenster van cohort {c} ({b:%d-%m-%Y} t/m {e:%d-%m-%Y})"] = (b, e)
        uit[f"cohort {c} kan nog niet gemeten worden: meetmaand {_maand_tekst(m)}"] = (maand_begin(m), maand_einde(m))
    for j in werkenden:
        m0 = (j - 1) * 12 + parameter("duurzaamheid.werkenden_meetmaand", ts(f"{j}-01-01")) - 1
        for m in (m0, m0 + 12):
            uit[f"meetmaand {_maand_tekst(m)} (alle werkenden {j})"] = (maand_begin(m), maand_einde(m))
    if duur_peildatum is not None:
        uit[f"peildatum {ts(duur_peildatum):%d-%m-%Y} (duur van lopende inkomstenverhoudingen)"] = ts(duur_peildatum)
    return uit


# the columns of a start that the cohort needs (RULES.md §3 hours conversion, §4 sector and inleen, §7)
STARTER_KOLOMMEN = ("persoon_id", "ikv_id", "werkgever_id", "opgave_begin", "opgave_einde", "tijdvak_type",
                    "verloonde_uren", "ikv_begin", "contractsoort", "aard_arbeidsverhouding", "soort_baan")


def _eerste_rij_sql(o: str) -> str:
    """SQL aggregate: the row number ``rij`` of the earliest opgave (smallest ``opgave_begin``, ties by the
    smallest ``rij``) among the rows of ``o`` (RULES.md §7: the first opgave of a start). Both go in one
    BIGINT, the day number (days since 1970, negative before) times 2^40 plus ``rij`` (0 <= rij < 2^40, a
    row of the polis): its minimum is the lexicographic minimum of (opgave_begin, rij), and an integer minimum is
    much cheaper than ``arg_min`` over a pair (seconds at national scale)."""
    return (f"min(CAST({o}.opgave_begin - DATE '1970-01-01' AS BIGINT) * {RIJ_MASKER + 1} + {o}.rij) "
            f"& {RIJ_MASKER}")


RIJ_MASKER = 2 ** 40 - 1  # the low 40 bits: the row number in :func:`_eerste_rij_sql`


def eerste_opgaven(polis, begin, einde, personen=None) -> pd.DataFrame:
    """The first opgave (earliest opgave_begin) of every inkomstenverhouding (the job key is the pair
    persoon_id, ikv_id) whose ``ikv_begin`` lies in ``begin`` .. ``einde``, beschut werk left out
    (RULES.md §3, §7; the aarden valid in the month of ``ikv_begin``). ``polis``: DataFrame or
    parquet file; at national scale only these rows are loaded. ``personen``: only these persons."""
    begin, einde = ts(begin), ts(einde)
    con = polis_verbinding(polis)
    registreer_regels(con, int(maandnummer([begin])[0]), int(maandnummer([einde])[0]))
    periode = (f"o.ikv_begin >= DATE '{begin.date()}' AND o.ikv_begin <= DATE '{einde.date()}' "
               f"AND o.opgave_einde >= DATE '{begin.date()}'")
    waar = f"{periode} AND NOT {BESCHUT_LIJST_SQL} AND {personen_filter(con, personen, 'o.persoon_id')}"
    # the row of the earliest opgave per inkomstenverhouding first, then those rows whole: cheaper
    # than a window over every opgave of the period (the period's condition again, so that the second
    # scan skips the rows outside it); the result through Arrow (verbinding.naar_pandas). The earliest
    # row is the minimum of one integer (:func:`_eerste_rij_sql`), not of a (date, row) pair
    df = naar_pandas(con, f"""
        WITH eerste AS (SELECT {_eerste_rij_sql('o')} AS rij
                        FROM polis o JOIN werk_regels r
                          ON year(o.ikv_begin) * 12 + month(o.ikv_begin) - 1 BETWEEN r.van AND r.tot
                        WHERE {waar} GROUP BY o.persoon_id, o.ikv_id)
        SELECT {", ".join(STARTER_KOLOMMEN)} FROM polis o
        WHERE {periode} AND o.rij IN (SELECT rij FROM eerste)
        ORDER BY persoon_id, ikv_begin, ikv_id""")
    con.close()
    for k in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[k]):
            df[k] = df[k].astype(DATUM_TYPE)
    return df


def _in_venster(kandidaten: pd.DataFrame, begin, einde) -> np.ndarray:
    return ((kandidaten["ikv_begin"] >= begin) & (kandidaten["ikv_begin"] <= einde)).to_numpy(dtype=bool)


def _starters(tabellen, kandidaten: pd.DataFrame, vensters: dict, scenario: str, directe_einden: bool) -> dict:
    """The starters of every cohort of ``vensters`` ({cohort: (begin, einde)}) among ``kandidaten``
    (:func:`eerste_opgaven`), as :func:`starters` describes them. The status of every start on its
    start date comes from one call of the engine (:func:`_categorie_op`: ``register.status_op``'s rule),
    the monthly hours from one call of the engine's rule (``motor.maanduren_op``), whatever the number of
    cohorts."""
    binnen = np.zeros(len(kandidaten), dtype=bool)
    for b, e in vensters.values():
        binnen |= _in_venster(kandidaten, b, e)
    k = kandidaten.loc[binnen].reset_index(drop=True)
    ikv = k[["persoon_id", "ikv_id", "ikv_begin", "contractsoort", "werkgever_id", "aard_arbeidsverhouding",
             "soort_baan"]].rename(columns={"ikv_begin": "start"})
    # hours of the first opgave as monthly hours of its own month (RULES.md §3 conversion)
    ikv["uren_maand"] = maanduren_op(k, "opgave_einde")
    st = _categorie_op(tabellen, ikv[["persoon_id", "start"]].rename(columns={"start": "datum"}), scenario, directe_einden)
    ikv["doelgroep"] = st["categorie"].to_numpy()
    in_pop = st["in_populatie"].to_numpy(dtype=bool)
    uit = {}
    for c, (b, e) in vensters.items():
        # the kandidaten are ordered by person and start: the first start in the population per person
        deel = ikv.loc[_in_venster(k, b, e) & in_pop].drop_duplicates("persoon_id")
        uit[c] = deel.reset_index(drop=True)
    return uit


def _categorie_op(tabellen, paren: pd.DataFrame, scenario: str, directe_einden: bool) -> pd.DataFrame:
    """Per (persoon_id, datum) pair of ``paren``, in its order: ``categorie`` and ``in_populatie`` on that
    date (RULES.md §2: ``register.status_op``'s rule, evaluated by the engine, ``motor._status_van_paren``);
    only these two columns come to pandas, not the whole status of every start."""
    from .motor import _registreer_paren, _status_van_paren
    from .verbinding import verbinding

    paren = paren[["persoon_id", "datum"]].reset_index(drop=True)
    if paren.empty:
        return pd.DataFrame({"categorie": pd.Series(dtype=object), "in_populatie": pd.Series(dtype=bool)})
    con = verbinding()
    try:
        _registreer_paren(con, paren)
        _status_van_paren(con, tabellen["doelgroepregister"], tabellen["persoon"], paren["datum"].unique(), scenario,
                          directe_einden)
        return naar_pandas(con, "SELECT categorie, in_populatie FROM status_paren ORDER BY paar")
    finally:
        con.close()


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
    return _starters(tabellen, kandidaten, {cohort: (begin, einde)}, scenario, directe_einden)[cohort]


def uitkomsten(tabellen, cohorten, scenario: str = "geregistreerd", directe_einden: bool = True,
               venster_start_maand: int | None = None, venster_maanden: int | None = None,
               behoud_na_maanden: int | None = None, periode: Periode | None = None, polis=None,
               overleving=None) -> pd.DataFrame:
    """Per starter of each cohort in ``cohorten``: werkbehoud and baanbehoud in the calendar month
    ``behoud_na_maanden`` after the start month, the reason for leaving the cohort (death, emigration,
    AOW within that time; RULES.md §7), the survival durations in months (``maanden_werk``,
    ``maanden_baan``, with ``einde_werk`` / ``einde_baan`` 1 for an observed end, 0 for censored at
    the end of the data or at leaving) and the characteristics used in the regression.

    ``polis``: DataFrame or parquet file (default ``tabellen['polis']``); the follow-up is aggregated
    in DuckDB (:func:`werk.volg_werk`), so a national polis is never loaded whole. ``periode``: the
    period of the polis (default ``periode.polis_periode`` of ``tabellen`` when it carries one, else of
    ``polis``); every window and measuring month must lie within it (``periode.controleer_peildata``),
    and durations are censored at its last complete month. ``attrs['polis_rijen']`` holds
    the number of opgaven followed and of those with paid work (for the reconciliation).
    ``overleving``: the cohorts followed to the end of the data for the survival view (default: all);
    the others are followed through the measuring month only and get no survival durations (NaN)."""
    polis = tabellen["polis"] if polis is None else polis
    cohorten = list(cohorten)
    if periode is None:
        periode = polis_periode(tabellen if getattr(tabellen, "polis_periode", None) is not None else polis)
    periode.controleer(meetperioden(cohorten, venster_start_maand, venster_maanden, behoud_na_maanden))
    laatste = periode.laatste_maand()
    vensters = {c: venster(c, venster_start_maand, venster_maanden) for c in cohorten}
    na = {c: behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", ts(f"{c}-01-01")) for c in cohorten}
    # only persons in the register can be in the population: the others need not be read
    kandidaten = eerste_opgaven(polis, min(b for b, _ in vensters.values()), max(e for _, e in vensters.values()),
                                tabellen["doelgroepregister"]["persoon_id"])
    per_cohort = _starters(tabellen, kandidaten, vensters, scenario, directe_einden)
    delen = []
    for c in cohorten:
        s = per_cohort[c]
        s["cohort"] = c
        s["startmaand"] = maandnummer(s["start"])
        s["meetmaand"] = s["startmaand"] + na[c]
        delen.append(s)
    s = pd.concat(delen, ignore_index=True)
    heel = s["cohort"].isin(cohorten if overleving is None else list(overleving)).to_numpy()
    volg, rijen = volg_werk(polis, s.assign(volg_tot=pd.Series(laatste, index=s.index, dtype="Int64").where(heel)))
    s["werkbehoud"] = volg["werk_meetmaand"].to_numpy()
    s["baanbehoud"] = volg["baan_meetmaand"].to_numpy()
    # the first at-once end after the start (register.eerste_directe_einde, the snapshot's definition, RULES.md
    # §2) leaves the cohort when it falls within the follow-up through the measuring month
    pers = tabellen["persoon"].set_index("persoon_id").reindex(s["persoon_id"])
    meet_einde = maand_einde(s["meetmaand"]).to_numpy(dtype="datetime64[s]")
    einde = eerste_directe_einde(tabellen["persoon"], s["persoon_id"], na=s["start"])
    vertrek = einde["datum"].to_numpy(dtype="datetime64[s]")
    s["verlaten"] = np.where(~np.isnat(vertrek) & (vertrek <= meet_einde), einde["reden"].to_numpy(), "").astype(object)
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
    wg = tabellen["werkgever"]
    wg = wg.loc[bevat(wg["werkgever_id"], s["werkgever_id"])]
    jaar = pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]")
    for c in cohorten:
        rij = (s["cohort"] == c).to_numpy()
        if rij.any():
            jaar[rij] = ts(int(s.loc[rij, "start"].dt.year.mode().iloc[0]))
    sector = sector_op(wg, pd.DataFrame({"werkgever_id": s["werkgever_id"].to_numpy(), "jaar": jaar.to_numpy()}), "jaar")
    s["sector"] = pd.Series(sector, index=s.index).fillna("markt").astype(object)
    s["inleen"] = inleen_op(s[["aard_arbeidsverhouding", "soort_baan", "start"]], "start")
    s.attrs["polis_rijen"] = rijen
    return s


def uitkomst(tabellen, cohort: int, scenario: str = "geregistreerd", directe_einden: bool = True,
             venster_start_maand: int | None = None, venster_maanden: int | None = None,
             behoud_na_maanden: int | None = None, periode: Periode | None = None, polis=None) -> pd.DataFrame:
    """:func:`uitkomsten` of one cohort, followed to the end of the data."""
    return uitkomsten(tabellen, [cohort], scenario, directe_einden, venster_start_maand, venster_maanden,
                      behoud_na_maanden, periode, polis)


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


def _tellingen(g: pd.DataFrame) -> dict:
    """Starters and the persons with and without werkbehoud / baanbehoud (the counts behind the
    published shares, RULES.md §10)."""
    n, wb, bb = len(g), int(g["werkbehoud"].sum()), int(g["baanbehoud"].sum())
    return {"starters": n, "werkbehoud": wb / n if n else np.nan, "baanbehoud": bb / n if n else np.nan,
            "n_werkbehoud": wb, "n_geen_werkbehoud": n - wb, "n_baanbehoud": bb, "n_geen_baanbehoud": n - bb,
            "n_werk_andere_baan": int((g["werkbehoud"] & ~g["baanbehoud"].astype(bool)).sum()) if n else 0}


def werkbehoud_tabel(u: pd.DataFrame, cohort: int) -> pd.DataFrame:
    """Table ``werkbehoud`` (DATA_CONTRACT.md) of one cohort: starters who stay in the cohort and the
    shares with werkbehoud / baanbehoud, per doelgroep and in total; also how many left the cohort,
    and the counts behind the shares (``n_*``, not published)."""
    blijf = u.loc[u["verlaten"] == ""]
    rijen = []
    for d in (*CATEGORIEEN, "totaal"):
        g = blijf if d == "totaal" else blijf.loc[blijf["doelgroep"] == d]
        weg = u if d == "totaal" else u.loc[u["doelgroep"] == d]
        rijen.append({"cohort": cohort, "doelgroep": d, **_tellingen(g),
                      "verlaten_cohort": int((weg["verlaten"] != "").sum())})
    return pd.DataFrame(rijen)


def contract_tabel(u: pd.DataFrame, cohort: int | None = None) -> pd.DataFrame:
    """Starters by contract type of the started job (bepaald / onbepaald / n.v.t.) and doelgroep, with
    werkbehoud and baanbehoud per type (S1 §6); every type appears for every doelgroep."""
    blijf = u.loc[u["verlaten"] == ""].assign(contract=lambda d: d["contractsoort"].map(CONTRACT_LABEL))
    if cohort is None:
        cohort = int(u["cohort"].iloc[0]) if len(u) else None
    rijen = []
    for d in (*CATEGORIEEN, "totaal"):
        g = blijf if d == "totaal" else blijf.loc[blijf["doelgroep"] == d]
        for c in CONTRACT_LABEL.values():
            h = g.loc[g["contract"] == c]
            rijen.append({"cohort": cohort, "doelgroep": d, "contract": c, **_tellingen(h),
                          "aandeel": len(h) / len(g) if len(g) else np.nan, "starters_doelgroep": len(g)})
    return pd.DataFrame(rijen)


CONTRACT_LABEL = {"B": "bepaald", "O": "onbepaald", "N": "n.v.t."}


DUURKLASSEN = [0, 1, 2, 5, 10, 200]
DUURLABELS = ["korter dan 1 jaar", "1-2 jaar", "2-5 jaar", "5-10 jaar", "10 jaar of langer"]


def duur_tabel(ikv: pd.DataFrame, peildatum) -> pd.DataFrame:
    """Running inkomstenverhoudingen (with pay) on the peildatum by duration class, with the mean (S1 §6).
    The class is the duration in whole calendar years (``dates.hele_jaren``, RULES.md §2 decision: an
    anniversary on the peildatum counts as passed); the mean is :func:`gemiddelde_duur_jaren`."""
    w = ikv.loc[ikv["werkzaam"]]
    klasse = pd.cut(hele_jaren(w["ikv_begin"], peildatum), DUURKLASSEN, right=False, labels=DUURLABELS)
    n = klasse.value_counts().reindex(DUURLABELS, fill_value=0)
    uit = pd.DataFrame({"jaar": ts(peildatum).year, "duur": DUURLABELS, "inkomstenverhoudingen": n.to_numpy(),
                        "aandeel": (n / max(len(w), 1)).to_numpy(),
                        "gemiddelde_duur_jaren": gemiddelde_duur_jaren(ikv, peildatum)})
    if "persoon_id" in w.columns:  # the persons behind each class protect it (RULES.md §10), not the jobs
        p = w["persoon_id"].groupby(klasse.to_numpy(), observed=False).nunique()
        uit["personen"] = p.reindex(DUURLABELS, fill_value=0).astype(int).to_numpy()
        uit["totaal_personen"] = int(w["persoon_id"].nunique())
    return uit


def werkenden_behoud(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True,
                     polis=None) -> pd.DataFrame:
    """Per year Y in ``jaren``: everyone in the population working in the measuring month of Q3 of Y-1
    (parameter ``duurzaamheid.werkenden_meetmaand``), and the share still working (any job) and in
    the same job in that month of Y (RULES.md §7, second population). ``polis``: DataFrame or
    parquet file (default ``tabellen['polis']``). Columns jaar, werkenden, werkbehoud, baanbehoud.
    Counted in DuckDB (:func:`_werkenden_tellingen`): only the counts per year come to pandas."""
    jaren = [int(j) for j in jaren]
    polis = tabellen["polis"] if polis is None else polis
    m0 = {j: (j - 1) * 12 + parameter("duurzaamheid.werkenden_meetmaand", ts(f"{j}-01-01")) - 1 for j in jaren}
    tel = _werkenden_tellingen(tabellen, polis, sorted(set(m0.values())), scenario, directe_einden)
    uit = pd.DataFrame({"jaar": jaren})
    maand = uit["jaar"].map(m0)
    n = maand.map(tel["werkenden"])
    uit["werkenden"] = n.fillna(0).astype(int)
    # the share as pandas' mean of the booleans gives it: the count divided by the number (NaN without any)
    uit["werkbehoud"] = (maand.map(tel["werk"]) / n).astype(float)
    uit["baanbehoud"] = (maand.map(tel["zelfde"]) / n).astype(float)
    return uit


def _werkenden_tellingen(tabellen, polis, maanden: list[int], scenario: str, directe_einden: bool) -> pd.DataFrame:
    """Per measuring month m0 of ``maanden`` (RULES.md §7, all working): the persons in the population on
    the last day of m0 (RULES.md §2, ``motor.status_paren``'s rule) with paid work in m0 (``werkenden``),
    of whom with paid work in m0 + 12 (``werk``) and in a job that also paid in m0 (``zelfde``); indexed
    by m0, months without anyone working left out. The persons working (``werk.werk_behouden_sql``) and
    their status stay in DuckDB."""
    from .motor import _status_van_paren

    leeg = pd.DataFrame({"werkenden": pd.Series(dtype=np.int64), "werk": pd.Series(dtype=np.int64),
                         "zelfde": pd.Series(dtype=np.int64)}, index=pd.Index([], dtype=np.int64, name="m0"))
    if not maanden:
        return leeg
    con = polis_verbinding(polis)
    try:
        paren = pd.DataFrame({"m0": maanden, "m1": [m + 12 for m in maanden]}).astype(np.int64)
        sql = werk_behouden_sql(con, paren, tabellen["doelgroepregister"]["persoon_id"])
        con.execute(f"CREATE TEMP TABLE behoud AS SELECT row_number() OVER () - 1 AS paar, * FROM ({sql})")
        gemeten = [int(r[0]) for r in con.execute("SELECT DISTINCT m0 FROM behoud ORDER BY m0").fetchall()]
        if not gemeten:
            return leeg
        # the population on the last day of m0
        con.register("meetdata", pd.DataFrame({"m0": np.asarray(gemeten, dtype=np.int64),
                                               "peildatum": maand_einde(gemeten).to_numpy(dtype="datetime64[s]")}))
        con.execute("CREATE TEMP TABLE paren AS SELECT b.paar, b.persoon_id, CAST(d.peildatum AS DATE) AS peildatum "
                    "FROM behoud b JOIN meetdata d USING (m0)")
        _status_van_paren(con, tabellen["doelgroepregister"], tabellen["persoon"],
                          maand_einde(gemeten).to_numpy(dtype="datetime64[s]"), scenario, directe_einden)
        tel = con.execute("""SELECT b.m0, count(*) AS werkenden, count_if(b.werk) AS werk, count_if(b.zelfde) AS zelfde
                             FROM behoud b JOIN status_paren s USING (paar) WHERE s.in_populatie
                             GROUP BY b.m0 ORDER BY b.m0""").df()
    finally:
        con.close()
    return tel.astype({"m0": np.int64, "werkenden": np.int64, "werk": np.int64, "zelfde": np.int64}).set_index("m0")


def onbepaald_aandeel_uren(ikv: pd.DataFrame) -> float:
    """Share of the banen hours on a contract for onbepaalde tijd (S1 §6) among counted jobs."""
    uren = ikv["uren"].sum()
    return float(ikv.loc[ikv["contractsoort"] == "O", "uren"].sum() / uren) if uren > 0 else np.nan


def gemiddelde_duur_jaren(ikv: pd.DataFrame, peildatum) -> float:
    """Mean duration in years of the running inkomstenverhoudingen (with pay) on the peildatum (S1 §6).

    Choice: a fraction, so that a mean over short jobs is not rounded away, but consistent with the
    whole calendar years of the duration classes (RULES.md §2 decision): each job counts
    ``dates.jaren`` = its whole years (``dates.hele_jaren``) plus the part of the running year since
    its last anniversary (2023-07-01 on 2023-12-31: 183 / 366 = 0,5 year); never days / 365,25."""
    w = ikv.loc[ikv["werkzaam"]]
    return float(jaren_met_fractie(w["ikv_begin"], peildatum).mean()) if len(w) else np.nan


# --------------------------------------------------------------------------- survival and regression


def _gevolgd(u: pd.DataFrame, soort: str) -> None:
    if u[f"maanden_{soort}"].isna().any():
        cohorten = sorted(u.loc[u[f"maanden_{soort}"].isna(), "cohort"].unique())
        raise ValueError(f"cohort(en) {', '.join(map(str, cohorten))} niet tot het einde van de data gevolgd "
                         "(uitkomsten(..., overleving=...)): geen overlevingsduren")


def kaplan_meier(u: pd.DataFrame, soort: str = "werk", tot_maanden: int = 36, min_cel: int = 0,
                 maanden=None) -> pd.DataFrame:
    """Kaplan-Meier survival per doelgroep and in total (statsmodels ``SurvfuncRight``): the share still
    in work (``soort='werk'``) or in the same job (``'baan'``) after each month (or the months
    ``maanden``), with the numbers at risk. Disclosure control belongs to the publication
    (:func:`publicatie`, through :func:`km_tabel`); ``min_cel`` > 0 suppresses small numbers at risk
    here for ad-hoc use only: it does not stop a reader from bridging a suppressed month (use
    :func:`km_tabel` for anything published)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    _gevolgd(u, soort)
    rijen = []  # all starters: those leaving the cohort are censored at leaving, not dropped
    for d in (*CATEGORIEEN, "totaal"):
        g = u if d == "totaal" else u.loc[u["doelgroep"] == d]
        if len(g) == 0:
            continue
        sf = SurvfuncRight(g[f"maanden_{soort}"].to_numpy(dtype=float), g[f"einde_{soort}"].to_numpy())
        tijden = np.asarray(sf.surv_times)
        for m in (range(0, tot_maanden + 1) if maanden is None else maanden):
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


def _km_reeks(g: pd.DataFrame, soort: str) -> tuple[np.ndarray, np.ndarray]:
    return g[f"maanden_{soort}"].to_numpy(dtype=float), g[f"einde_{soort}"].to_numpy(dtype=float)


def _km_veilig(t: np.ndarray, e: np.ndarray, vorige: int | None, m: int, min_cel: int) -> bool:
    """Grid point ``m`` after the published point ``vorige`` is safe for one series (RULES.md §10): nobody
    at risk (no survival is shown), or at least ``min_cel`` at risk and the stops (events) in
    (``vorige``, ``m``], which a reader works out from the two survival figures and the numbers at
    risk, 0 or at least ``min_cel``."""
    at_risk = int((t >= m).sum())
    if at_risk == 0:
        return True
    onder = -np.inf if vorige is None else vorige
    stops = int(((e == 1) & (t > onder) & (t <= m)).sum())
    return at_risk >= min_cel and (stops == 0 or stops >= min_cel)


def _km_paar_veilig(werk: tuple, baan: tuple, vorige: int | None, m: int, min_cel: int) -> bool:
    """Grid point ``m`` is safe for the pair of curves of one group (RULES.md §10): the persons still in
    work but no longer in their job (at risk for werk minus at risk for baan), which a reader works out
    from the two curves and the starters, are 0 or at least ``min_cel`` at ``m``, and so is their change
    since ``vorige``."""
    def verschil(x):
        return 0 if x is None else int((werk[0] >= x).sum()) - int((baan[0] >= x).sum())

    nu, toen = verschil(m), verschil(vorige)
    return all(v == 0 or abs(v) >= min_cel for v in (nu, nu - toen))


def km_rooster(u: pd.DataFrame, kandidaten, min_cel: int) -> tuple[list[int], list[str]]:
    """The months and the series (doelgroepen, 'totaal') the Kaplan-Meier table publishes (RULES.md §7
    survival view, §10): one grid shared by every series and both kinds (werk, baan), so that no
    series can be bridged through another one or through a total. A candidate month is kept when
    it is safe (:func:`_km_veilig`) for every published series and, when the total is published
    while some doelgroepen are not, for those doelgroepen together (the total minus the published
    ones), and for the pair of curves (werk, baan) of each of them (:func:`_km_paar_veilig`); otherwise
    it is skipped, and the next one is checked against the last kept month.
    Among the choices of which series to publish, the one with the most survival figures wins
    (ties: the total, then more doelgroepen, then more persons in them). ``min_cel`` 0: every candidate month, every series."""
    kandidaten = sorted(int(m) for m in kandidaten)
    groepen = [d for d in CATEGORIEEN if (u["doelgroep"] == d).any()]
    if not len(u):
        return [], []
    soorten = ("werk", "baan")
    reeks = {(s, d): _km_reeks(u.loc[u["doelgroep"] == d], s) for s in soorten for d in groepen}
    for s in soorten:
        reeks[(s, "totaal")] = _km_reeks(u, s)
    beste = None
    for k in range(2 ** len(groepen)):
        getoond = [d for i, d in enumerate(groepen) if k >> i & 1]
        for met_totaal in (True, False):
            if not getoond and not met_totaal:
                continue
            nodig = {(s, d): reeks[(s, d)] for s in soorten for d in getoond}
            rest = [d for d in groepen if d not in getoond]
            if met_totaal:
                for s in soorten:
                    nodig[(s, "totaal")] = reeks[(s, "totaal")]
                    if rest and getoond:
                        g = u.loc[u["doelgroep"].isin(rest)]
                        nodig[(s, "rest")] = _km_reeks(g, s)
            rooster, vorige = [], None
            for m in kandidaten:
                if not any((t >= m).any() for t, _ in nodig.values()):
                    break  # nobody at risk any more: nothing to show
                paren = {d for _, d in nodig}
                if min_cel <= 1 or (all(_km_veilig(t, e, vorige, m, min_cel) for t, e in nodig.values())
                                    and all(_km_paar_veilig(nodig[("werk", d)], nodig[("baan", d)], vorige, m, min_cel)
                                            for d in paren)):
                    rooster.append(m)
                    vorige = m
            reeksen = [*getoond, *(["totaal"] if met_totaal else [])]
            waarden = sum(int((reeks[(s, d)][0] >= m).sum() > 0) for s in soorten for d in reeksen for m in rooster)
            score = (waarden, met_totaal, len(getoond), int(u["doelgroep"].isin(getoond).sum()))
            if beste is None or score > beste[0]:
                beste = (score, rooster, reeksen)
    if beste[0][0] == 0:
        return [], []
    return beste[1], beste[2]


def km_tabel(u: pd.DataFrame, kandidaten, min_cel: int) -> pd.DataFrame:
    """The Kaplan-Meier table of the report (RULES.md §7, §10): per kind (werk, baan), published series
    and month of :func:`km_rooster` the survival and the number at risk; where nobody is at risk the
    survival is not applicable (NaN), so no survival rests on nobody. ``afvallers``: the persons at
    risk at a month and no longer at the next (hidden, for the relations)."""
    kolommen = ["soort", "doelgroep", "maand", "overleving", "aantal_at_risk"]
    rooster, reeksen = km_rooster(u, kandidaten, min_cel)
    if not rooster:
        return pd.DataFrame(columns=[*kolommen, "afvallers"]).astype({"maand": int, "overleving": float,
                                                                      "aantal_at_risk": int, "afvallers": int})
    delen = []
    for s in ("werk", "baan"):
        km = kaplan_meier(u, s, maanden=rooster)
        delen.append(km.loc[km["doelgroep"].isin(reeksen)].assign(soort=s))
    km = pd.concat(delen, ignore_index=True)[kolommen]
    km["overleving"] = km["overleving"].where(km["aantal_at_risk"] > 0)
    km["afvallers"] = (km["aantal_at_risk"] - km.groupby(["soort", "doelgroep"])["aantal_at_risk"].shift(-1)).fillna(0).astype(int)
    return km


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
REGRESSIE_REFERENTIE = {"doelgroep": "participatiewet", "leeftijdsklasse": "27-34", "geslacht": "M",
                        "contract": "onbepaald", "sector": "markt", "inleen": "regulier"}
REGRESSIE_KOLOMMEN = ["term", "odds_ratio", "ci_laag", "ci_hoog", "p_waarde", "n_klasse", "n_ja", "n_nee"]


class RegressieNietGeschat(ValueError):
    """The regression is withheld: a class too small after merging, or a model that cannot be
    estimated; the message is the sentence the report prints."""


def _tellingen_klasse(y: pd.Series) -> tuple[int, int, int]:
    n, ja = len(y), int(y.sum())
    return n, ja, n - ja


def _klasse_veilig(y: pd.Series, min_cel: int) -> bool:
    """RULES.md §10: an estimate rests on at least ``min_cel`` starters, ``min_cel`` with and
    ``min_cel`` without werkbehoud (else the odds of a small cell can be worked back)."""
    return min(_tellingen_klasse(y)) >= max(min_cel, 1)


def regressie_klassen(d: pd.DataFrame, min_cel: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """The classes of the regression (RULES.md §7, §10): per variable every level with fewer than
    ``min_cel`` starters, or fewer than ``min_cel`` with or without werkbehoud (``y``), is merged into
    'overig'; when 'overig' still fails, :class:`RegressieNietGeschat`. A variable left with one level
    is left out of the model. Returns the data with merged levels and per variable in the model its
    reference level."""
    d = d.copy()
    if not _klasse_veilig(d["y"], min_cel):
        raise RegressieNietGeschat(f"te weinig starters: nodig zijn er minstens {min_cel} met en {min_cel} zonder "
                                   "werkbehoud")
    referenties = {}
    for v in REGRESSIE_VARIABELEN:
        klein = [k for k, y in d.groupby(v, sort=True)["y"] if not _klasse_veilig(y, min_cel)]
        d[v] = d[v].astype(object)
        d.loc[d[v].isin(klein), v] = "overig"
        if "overig" in set(d[v]) and not _klasse_veilig(d.loc[d[v] == "overig", "y"], min_cel):
            namen = [CATEGORIE_LABEL.get(k, str(k)) if v == "doelgroep" else str(k) for k in klein]
            raise RegressieNietGeschat(f"de kleine klassen van {v} ({', '.join(namen) or 'overig'}) blijven "
                                       f"samen te klein: minder dan {min_cel} starters met of zonder werkbehoud")
        if d[v].nunique() < 2:
            continue
        ref = REGRESSIE_REFERENTIE[v]
        referenties[v] = ref if ref in set(d[v]) else str(d[v].value_counts().sort_index().idxmax())
    if d["uren10"].nunique() < 2:
        raise RegressieNietGeschat("alle starters hebben hetzelfde aantal uren: het model is niet te schatten")
    return d, referenties


def _ontwerp(d: pd.DataFrame, referenties: dict[str, str]) -> tuple[pd.Series, pd.DataFrame] | None:
    """The outcome ``y`` and the design matrix of the regression (RULES.md §7) exactly as patsy builds
    them from the formula of :func:`logistische_regressie`: ``Intercept``, per variable of ``referenties``
    a 0/1 column ``C(v, Treatment(reference='r'))[T.level]`` for every other level in sorted order (how
    patsy orders text levels), then ``uren10``. The same matrix gives the same estimates, without patsy
    examining every value (a second at national scale). None when a value is missing or not text:
    then the formula, with patsy's own handling of missing values, is used."""
    kolommen = {"Intercept": np.ones(len(d))}
    for v, r in referenties.items():
        waarden = d[v].to_numpy(dtype=object)
        if not all(isinstance(w, str) for w in waarden):
            return None
        for niveau in sorted(set(waarden)):
            if niveau != r:
                kolommen[f"C({v}, Treatment(reference='{r}'))[T.{niveau}]"] = (waarden == niveau).astype(float)
    kolommen["uren10"] = d["uren10"].to_numpy(dtype=float)
    if np.isnan(kolommen["uren10"]).any() or d["y"].isna().any():
        return None
    # one C-ordered array, as patsy gives it (the products of the fit run over its rows)
    return (pd.Series(d["y"].to_numpy(dtype=float), index=d.index, name="y"),
            pd.DataFrame(np.column_stack(list(kolommen.values())), index=d.index, columns=list(kolommen)))


def logistische_regressie(u: pd.DataFrame, min_cel: int | None = None) -> pd.DataFrame:
    """Logistic regression of werkbehoud on doelgroep, age band, sex, contract type, sector, inleen and
    hours (per 10 hours a month) of the started job (statsmodels ``logit``): odds ratios with 95%
    confidence intervals. Associations, not effects. Small classes are merged (:func:`regressie_klassen`);
    a model that cannot be estimated (perfect separation, no convergence, a singular Hessian: any
    warning or error of the fit) raises :class:`RegressieNietGeschat`. Hidden columns ``n_klasse``,
    ``n_ja``, ``n_nee``: the starters of the level a term rests on (all starters for the constant and
    the hours), with and without werkbehoud (RULES.md §10)."""
    import warnings

    import statsmodels.formula.api as smf
    from statsmodels.discrete.discrete_model import Logit

    if min_cel is None:
        from .disclosure import standaard_min_cel

        min_cel = standaard_min_cel(u["start"].max() if len(u) else ts(2013))
    d = u.loc[u["verlaten"] == ""].copy()
    d["contract"] = d["contractsoort"].map({"B": "bepaald", "O": "onbepaald", "N": "overig"})
    d["inleen"] = np.where(d["inleen"].astype(bool), "inleen", "regulier")
    d["uren10"] = d["uren_maand"].astype(float).clip(0, 200) / 10
    d["y"] = d["werkbehoud"].astype(int)
    d, referenties = regressie_klassen(d, min_cel)
    termen = [f"C({v}, Treatment(reference='{r}'))" for v, r in referenties.items()]
    formule = "y ~ " + " + ".join(termen + ["uren10"])
    ontwerp = _ontwerp(d, referenties)
    with warnings.catch_warnings(record=True) as meldingen:
        warnings.simplefilter("always")
        try:
            model = (smf.logit(formule, data=d) if ontwerp is None else Logit(*ontwerp)).fit(disp=False, maxiter=100)
        except Exception as e:  # PerfectSeparationError, LinAlgError (singular matrix), ...
            raise RegressieNietGeschat(f"het model is niet te schatten ({type(e).__name__}: {e})") from None
    ernstig = [m for m in meldingen if not issubclass(m.category, (DeprecationWarning, FutureWarning))]
    if ernstig:
        raise RegressieNietGeschat(f"het model is niet betrouwbaar te schatten ({ernstig[0].category.__name__}: "
                                   f"{str(ernstig[0].message).splitlines()[0]})")
    if not model.mle_retvals.get("converged", True) or not np.isfinite(model.bse.to_numpy()).all():
        raise RegressieNietGeschat("het model is niet te schatten (geen convergentie)")
    ci = np.exp(model.conf_int())
    uit = pd.DataFrame({"term": model.params.index, "odds_ratio": np.exp(model.params.to_numpy()),
                        "ci_laag": ci[0].to_numpy(), "ci_hoog": ci[1].to_numpy(), "p_waarde": model.pvalues.to_numpy()})
    alle = _tellingen_klasse(d["y"])
    tellingen = []
    for term in uit["term"]:
        m = re.fullmatch(r"C\((\w+), Treatment\(reference='[^']*'\)\)\[T\.(.*)\]", term)
        tellingen.append(_tellingen_klasse(d.loc[d[m.group(1)].astype(str) == m.group(2), "y"]) if m else alle)
    uit[["n_klasse", "n_ja", "n_nee"]] = np.array(tellingen, dtype=int).reshape(-1, 3)
    uit["term"] = (uit["term"].str.replace(r"C\((\w+), Treatment\(reference='([^']*)'\)\)\[T\.(.*)\]", r"\1: \3 (t.o.v. \2)", regex=True)
                   .str.replace("uren10", "uren per maand (per 10 uur)").str.replace("Intercept", "constante"))
    uit.attrs["n"] = int(model.nobs)
    uit.attrs["pseudo_r2"] = float(model.prsquared)
    return uit


# --------------------------------------------------------------------------- the report as a publication

TABELLEN = ["persoon", "doelgroepregister", "werkgever"]  # in memory; the polis is followed from the file


def laad(data_dir, cohort: int):
    """The inputs of the report: register, persons and employers in memory; the polis as a source for
    DuckDB (the parquet file, or every row of a CSV; checked like any input, ``loading.lees_map``); the
    opgaven on the December peildatum before the cohort's end (job durations): a typed parquet polis is
    left in its file, which the engine reads itself (those opgaven counted for the reconciliation), a
    CSV polis gives them as a DataFrame. ``basis`` carries the period of the polis. Returns (basis,
    polis, december)."""
    from .rapport import laad_data

    basis = laad_data(data_dir, TABELLEN)
    peil = duur_peildatum(cohort)
    # every rule about one row checked over the whole polis once; the December opgaven selected
    december = laad_data(basis.map, ["polis"], polis_peildata=[peil], volledige_polis=True, polis_als_bestand=True)
    basis.reconciliatie.voeg_toe(december.reconciliatie, f"duur op {peil:%d-%m-%Y}")
    basis.polis_periode = december.polis_periode
    return basis, december.polis_volledig, december


def _duur_bron(basis, december):
    """What the engine counts the running jobs on the December peildatum from (``monitor.meet``): the
    register, persons and employers of ``basis`` with the polis of ``december`` (:func:`laad`): its
    parquet file, which the engine reads itself (``motor.bestand``), else its opgaven (CSV input)."""
    from dataclasses import replace

    tabellen = basis.tabellen if hasattr(basis, "tabellen") else basis
    polis = {"polis": december["polis"]} if "polis" in december else {}
    if not hasattr(december, "bestanden"):
        return {**tabellen, **polis}
    return replace(december, tabellen={**tabellen, **polis},
                   bestanden={**getattr(basis, "bestanden", {}), **december.bestanden})


def duur_peildatum(cohort: int) -> pd.Timestamp:
    """Running jobs are described on 31 December before the end of the cohort's window."""
    return venster(cohort)[1].replace(month=12, day=31) - pd.DateOffset(years=1)


def definities(cohort: int, venster_start_maand=None, venster_maanden=None, behoud_na_maanden=None) -> dict[str, str]:
    """The definitions printed with the report, from the dated parameters (RULES.md §7, §10)."""
    p = ts(f"{cohort}-01-01")
    b, e = venster(cohort, venster_start_maand, venster_maanden)
    na = behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", p)
    return {
        "cohort": f"iedereen die van {b:%d-%m-%Y} tot en met {e:%d-%m-%Y} aan een nieuwe inkomstenverhouding begon en "
                  "op de startdatum tot de doelgroep van de banenafspraak hoorde; wie meer banen begon, telt één keer "
                  "(de eerste start); de doelgroep is de categorie op de startdatum",
        "werkbehoud": f"loon (sv-loon > {parameter('banen.werkzaam_loon_groter_dan', p):g} euro) uit een of meer "
                      f"inkomstenverhoudingen in de kalendermaand {na} maanden na de startmaand",
        "baanbehoud": "in die maand nog loon uit dezelfde inkomstenverhouding (dezelfde persoon en baan)",
        "verlaten cohort": f"overleden, geëmigreerd of AOW-leeftijd bereikt binnen die {na} maanden: telt niet mee",
        "beschut werk": f"opgaven met aard arbeidsverhouding {', '.join(parameter('banen.beschut_werk_aarden', p))} "
                        "tellen niet als werk",
        "alle werkenden": f"iedereen uit de doelgroep die werkte in maand {parameter('duurzaamheid.werkenden_meetmaand', p)} "
                          "van het jaar ervoor, een jaar later opnieuw gemeten",
        "duur": "hele jaren sinds het begin van de inkomstenverhouding (een verjaardag op de peildatum telt als verstreken)",
    }


def publicatie(basis, polis, december, cohort: int, eerste_cohort: int | None = None, scenario: str = "geregistreerd",
               directe_einden: bool = True, venster_start_maand: int | None = None, venster_maanden: int | None = None,
               behoud_na_maanden: int | None = None, min_cel: int | None = None):
    """The duurzaamheid report as one :class:`~banenafspraak.publicatie.Publicatie` (RULES.md §7, §10):
    ``werkbehoud`` (every cohort from ``eerste_cohort``), ``werkenden_behoud``, ``contract``, ``duur``,
    ``kaplan_meier`` and ``regressie_werkbehoud``, with the counts behind every share and the relations
    between them; the row reconciliation goes to ``basis.reconciliatie``. Every start window, measuring
    month and peildatum must lie within the period of the polis (``periode.controleer_peildata``).

    ``min_cel`` (None: parameter ``publicatie.min_cel`` on the end of the window) shapes the report
    itself (the classes of the regression, the Kaplan-Meier grid), so it is fixed here, once:
    :meth:`DuurzaamheidPublicatie.publiceer` uses it and refuses another threshold."""
    from .disclosure import controleer_min_cel, standaard_min_cel
    from .monitor import meet
    from .periode import controleer_peildata
    from .publicatie import Kolom, Tabel

    eerste_cohort = cohort if eerste_cohort is None else eerste_cohort
    if eerste_cohort > cohort:
        raise ValueError(f"cohort ({cohort}) ligt voor eerste_cohort ({eerste_cohort})")
    cohorten = range(eerste_cohort, cohort + 1)
    periode = controleer_peildata(basis if getattr(basis, "polis_periode", None) is not None else polis,
                                  meetperioden(cohorten, venster_start_maand, venster_maanden, behoud_na_maanden,
                                               werkenden=cohorten, duur_peildatum=duur_peildatum(cohort)))
    tabellen = basis.tabellen if hasattr(basis, "tabellen") else basis
    u_alle = uitkomsten(tabellen, cohorten, scenario, directe_einden, venster_start_maand,
                        venster_maanden, behoud_na_maanden, periode, polis, overleving=[cohort])
    if hasattr(basis, "reconciliatie"):
        reconcilieer_volgen(basis.reconciliatie, u_alle, "starters volgen")
    u = u_alle.loc[u_alle["cohort"] == cohort]
    vb, ve = venster(cohort, venster_start_maand, venster_maanden)
    min_cel = standaard_min_cel(ve) if min_cel is None else controleer_min_cel(min_cel)
    na = behoud_na_maanden or parameter("duurzaamheid.behoud_na_maanden", ts(f"{cohort}-01-01"))
    peil = duur_peildatum(cohort)
    pub = DuurzaamheidPublicatie("duurzaamheid", f"Duurzaamheid van werk, cohort {cohort}", ve,
                     "Doelgroepregister banenafspraak (UWV), Polisadministratie (loonaangiften)",
                     definities(cohort, venster_start_maand, venster_maanden, behoud_na_maanden),
                     info={"cohort": cohort, "eerste_cohort": eerste_cohort, "venster": f"{vb.date()} t/m {ve.date()}",
                           "behoud_na_maanden": int(na), "peildata": {"duur": peil.date().isoformat()}},
                     min_cel=min_cel)
    aandeel = Kolom("Aandeel", "procent")
    tellers = ["starters", "n_werkbehoud", "n_geen_werkbehoud", "n_baanbehoud", "n_geen_baanbehoud", "n_werk_andere_baan"]
    bescherm = {k: [k] for k in tellers}
    afgeleid = {"werkbehoud": ["n_werkbehoud", "starters"], "baanbehoud": ["n_baanbehoud", "starters"]}

    def delingen(tabel: str, rijen) -> None:  # starters = with + without; werk = same job + other job
        pub.kolomsom(tabel, "starters", ["n_werkbehoud", "n_geen_werkbehoud"], rijen)
        pub.kolomsom(tabel, "starters", ["n_baanbehoud", "n_geen_baanbehoud"], rijen)
        pub.kolomsom(tabel, "n_werkbehoud", ["n_baanbehoud", "n_werk_andere_baan"], rijen)

    # werkbehoud, every cohort
    wb = pd.concat([werkbehoud_tabel(u_alle.loc[u_alle["cohort"] == c], c) for c in range(eerste_cohort, cohort + 1)],
                   ignore_index=True)
    pub.voeg_toe(Tabel("werkbehoud", f"Werkbehoud en baanbehoud van starters, cohorten {eerste_cohort}-{cohort}", wb,
                       {"cohort": Kolom("Cohort", "jaar"), "doelgroep": Kolom("Doelgroep", "tekst", waarden=CATEGORIE_LABEL),
                        "starters": Kolom("Starters", "geheel", "personen"), "werkbehoud": Kolom("Werkbehoud", "procent"),
                        "baanbehoud": Kolom("Baanbehoud", "procent"),
                        "verlaten_cohort": Kolom("Verlaten cohort", "geheel", "personen")},
                       "Aandelen van de starters die in het cohort blijven.",
                       variabelen=[*tellers, "verlaten_cohort"], verborgen={"n_geen_werkbehoud", "n_geen_baanbehoud", "n_werk_andere_baan"},
                       bescherming={**bescherm, "verlaten_cohort": ["verlaten_cohort"]}, afgeleid=afgeleid))
    pub.som_per_groep("werkbehoud", [*tellers, "verlaten_cohort"], ["cohort"], "doelgroep")
    delingen("werkbehoud", None)

    # contract type of the started job (report cohort)
    ct = contract_tabel(u, cohort)
    pub.voeg_toe(Tabel("contract", f"Starters naar contractvorm, cohort {cohort}", ct,
                       {"cohort": Kolom("Cohort", "jaar"), "doelgroep": Kolom("Doelgroep", "tekst", waarden=CATEGORIE_LABEL),
                        "contract": Kolom("Contract", "tekst", waarden={"bepaald": "Bepaalde tijd", "onbepaald": "Onbepaalde tijd", "n.v.t.": "Geen contractsoort"}), "starters": Kolom("Starters", "geheel", "personen"),
                        "aandeel": aandeel, "werkbehoud": Kolom("Werkbehoud", "procent"),
                        "baanbehoud": Kolom("Baanbehoud", "procent")},
                       "bepaald = tijdelijk contract, onbepaald = vast contract, n.v.t. = geen contractsoort.",
                       variabelen=tellers, verborgen={"n_geen_werkbehoud", "n_geen_baanbehoud", "n_werk_andere_baan"},
                       bescherming=bescherm, afgeleid={**afgeleid, "aandeel": ["starters"]}, kosten=0.1))
    delingen("contract", None)
    w, c_t = pub.tabellen["werkbehoud"], pub.tabellen["contract"]
    for d in (*CATEGORIEEN, "totaal"):
        for k in tellers:
            pub.relatie(f"contract {d} {k} = werkbehoud", [("werkbehoud", w.rij(cohort=cohort, doelgroep=d), k, -1),
                                                            *[("contract", i, k, 1) for i in c_t.rijen(doelgroep=d)]])
    for c in CONTRACT_LABEL.values():
        pub.som(f"contract {c} doelgroepen", "contract", tellers, c_t.rij(doelgroep="totaal", contract=c),
                [c_t.rij(doelgroep=d, contract=c) for d in CATEGORIEEN])

    # everyone working: September to September
    wk = werkenden_behoud(tabellen, range(eerste_cohort, cohort + 1), scenario, directe_einden, polis)
    for k in ("werkbehoud", "baanbehoud"):
        wk[f"n_{k}"] = (wk[k].fillna(0) * wk["werkenden"]).round().astype(int)
        wk[f"n_geen_{k}"] = wk["werkenden"] - wk[f"n_{k}"]
    wk["n_werk_andere_baan"] = wk["n_werkbehoud"] - wk["n_baanbehoud"]
    wk["starters"] = wk["werkenden"]
    from .monitor import MAANDEN

    mm = MAANDEN[parameter("duurzaamheid.werkenden_meetmaand", ts(f"{cohort}-01-01")) - 1]
    pub.voeg_toe(Tabel("werkenden_behoud", f"Werkbehoud en baanbehoud van alle werkenden ({mm} tot {mm})", wk,
                       {"jaar": Kolom("Jaar", "jaar"), "werkenden": Kolom("Werkenden", "geheel", "personen"),
                        "werkbehoud": Kolom("Werkbehoud", "procent"), "baanbehoud": Kolom("Baanbehoud", "procent")},
                       f"Jaar Y: werkend in {mm} Y-1, gemeten in {mm} Y.",
                       variabelen=["werkenden", *tellers], verborgen={"n_geen_werkbehoud", "n_geen_baanbehoud", "n_werk_andere_baan"},
                       bescherming={**bescherm, "werkenden": ["werkenden"]}, afgeleid=afgeleid))
    for i in range(len(wk)):
        pub.gelijk(f"werkenden_behoud[{i}]", ("werkenden_behoud", i, "werkenden"), ("werkenden_behoud", i, "starters"))
    delingen("werkenden_behoud", None)

    # running jobs on the December peildatum by duration class (units: inkomstenverhoudingen)
    m = meet(_duur_bron(basis, december), peil, scenario, directe_einden)
    du = duur_tabel(m.ikv, peil)
    du["aandeel_uren_onbepaald"] = onbepaald_aandeel_uren(m.ikv)
    du["totaal_ikv"] = int(du["inkomstenverhoudingen"].sum())
    du["personen_uren"] = int(m.ikv.loc[m.ikv["uren"] > 0, "persoon_id"].nunique())
    pub.voeg_toe(Tabel("duur", f"Lopende inkomstenverhoudingen op {peil:%d-%m-%Y} naar duur", du,
                       {"jaar": Kolom("Jaar", "jaar"), "duur": Kolom("Duur", "tekst"),
                        "inkomstenverhoudingen": Kolom("Inkomstenverhoudingen", "geheel", "banen"), "aandeel": aandeel,
                        "gemiddelde_duur_jaren": Kolom("Gemiddelde duur", "decimaal1", "jaren"),
                        "aandeel_uren_onbepaald": Kolom("Aandeel uren vast contract", "procent")},
                       "Duur in hele jaren sinds het begin van de inkomstenverhouding; gemiddelde in jaren; aandeel van de "
                       "uren met een contract voor onbepaalde tijd.",
                       # the total follows from a published count and its share: not hidden
                       variabelen=["inkomstenverhoudingen", "totaal_ikv"],
                       bescherming={"inkomstenverhoudingen": ["personen"], "totaal_ikv": ["totaal_personen"],
                                    "gemiddelde_duur_jaren": ["totaal_personen"],
                                    "aandeel_uren_onbepaald": ["personen_uren"]},
                       afgeleid={"aandeel": ["inkomstenverhoudingen", "totaal_ikv"]}))
    if len(du):
        pub.relatie("duur: klassen = totaal", [("duur", 0, "totaal_ikv", -1),
                                                *[("duur", i, "inkomstenverhoudingen", 1) for i in range(len(du))]])

    # Kaplan-Meier on a grid of safe months shared by the whole table (km_rooster), with the persons
    # leaving between two grid points (hidden)
    km = km_tabel(u, parameter("duurzaamheid.km_maanden", ts(f"{cohort}-01-01")), min_cel)
    pub.voeg_toe(Tabel("kaplan_meier", f"Kaplan-Meier: aandeel nog aan het werk / in dezelfde baan, cohort {cohort}", km,
                       {"soort": Kolom("Soort", "tekst", waarden={"werk": "Nog aan het werk", "baan": "In dezelfde baan"}), "doelgroep": Kolom("Doelgroep", "tekst", waarden=CATEGORIE_LABEL),
                        "maand": Kolom("Maanden na de start", "geheel"), "overleving": Kolom("Overleving", "procent"),
                        },
                       "Per doelgroep en maand na de start; wie overlijdt, emigreert, de AOW-leeftijd bereikt of uit "
                       "de data loopt, is gecensureerd. Alleen maanden waarop elke getoonde curve op genoeg personen "
                       "rust; zonder personen at risk geen overleving (-). Het aantal at risk wordt niet getoond: "
                       "met de overleving en de personen die het cohort verlieten zou het verborgen aantallen "
                       "starters verraden.",
                       variabelen=["aantal_at_risk", "afvallers"], verborgen={"aantal_at_risk", "afvallers"},
                       bescherming={"aantal_at_risk": ["aantal_at_risk"], "afvallers": ["afvallers"],
                                    "overleving": ["aantal_at_risk"]},
                       afgeleid={"overleving": ["aantal_at_risk"]}, kosten=0.01))
    k_t = pub.tabellen["kaplan_meier"]
    alle_groepen = set(CATEGORIEEN) & set(u["doelgroep"]) <= set(km["doelgroep"])
    for s in ("werk", "baan"):
        for mnd in sorted(set(km["maand"])):
            if alle_groepen and k_t.rijen(soort=s, maand=mnd, doelgroep="totaal"):
                pub.som(f"km {s} {mnd}", "kaplan_meier", ["aantal_at_risk", "afvallers"],
                        k_t.rij(soort=s, maand=mnd, doelgroep="totaal"),
                        [k_t.rij(soort=s, maand=mnd, doelgroep=d) for d in CATEGORIEEN if k_t.rijen(soort=s, maand=mnd, doelgroep=d)])
        for d in (*CATEGORIEEN, "totaal"):
            rijen = k_t.rijen(soort=s, doelgroep=d)
            for a, b in zip(rijen, rijen[1:]):
                pub.relatie(f"km {s} {d} afvallers", [("kaplan_meier", a, "aantal_at_risk", 1),
                                                       ("kaplan_meier", b, "aantal_at_risk", -1), ("kaplan_meier", a, "afvallers", -1)])
            if rijen and k_t.data.at[rijen[0], "maand"] == 0:  # everyone is at risk at the start
                i = w.rij(cohort=cohort, doelgroep=d)
                pub.relatie(f"km {s} {d} start = starters + verlaten", [("kaplan_meier", rijen[0], "aantal_at_risk", 1),
                                                                         ("werkbehoud", i, "starters", -1),
                                                                         ("werkbehoud", i, "verlaten_cohort", -1)])

    # logistic regression of werkbehoud (report cohort): every class rests on at least min_cel starters
    # with and without werkbehoud, or the model is withheld and the report says why
    try:
        rg = logistische_regressie(u, min_cel)
        pub.info["regressie_fout"] = ""
    except RegressieNietGeschat as e:
        rg = pd.DataFrame(columns=REGRESSIE_KOLOMMEN).astype({k: float for k in REGRESSIE_KOLOMMEN[1:]})
        pub.info["regressie_fout"] = str(e)
    tellers = ["n_klasse", "n_ja", "n_nee"]
    pub.voeg_toe(Tabel("regressie_werkbehoud", f"Logistische regressie van werkbehoud, cohort {cohort}", rg,
                       {"term": Kolom("Term", "tekst"), "odds_ratio": Kolom("Odds ratio", "decimaal2"),
                        "ci_laag": Kolom("95%-interval laag", "decimaal2"), "ci_hoog": Kolom("95%-interval hoog", "decimaal2"),
                        "p_waarde": Kolom("p-waarde", "decimaal3")},
                       "Odds ratios met 95%-betrouwbaarheidsinterval, over de starters die in het cohort blijven "
                       "(tabel werkbehoud). Samenhangen, geen effecten.",
                       variabelen=tellers, verborgen=set(tellers),
                       bescherming={k: tellers for k in ("odds_ratio", "ci_laag", "ci_hoog", "p_waarde")}))
    return pub


class DuurzaamheidPublicatie(Publicatie):
    """The duurzaamheid publication: built for one threshold ``min_cel`` (RULES.md §10), which the
    regression classes and the Kaplan-Meier grid depend on. :meth:`publiceer` applies it and refuses
    another one, so the threshold has one source."""

    def __init__(self, *args, min_cel: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_cel = min_cel

    def publiceer(self, min_cel: int | None = None, dominantie: float | None = None):
        if min_cel is not None and min_cel != self.min_cel:
            raise ValueError(f"duurzaamheid: de publicatie is gebouwd met min_cel = {self.min_cel} (klassen van de "
                             f"regressie, maanden van de Kaplan-Meier-tabel); publiceren met min_cel = {min_cel} kan "
                             "niet: geef min_cel aan duurzaamheid.publicatie(...) en roep publiceer() zonder drempel aan")
        return super().publiceer(self.min_cel, dominantie)


# --------------------------------------------------------------------------- the report's text, from the parameters


def termijn(maanden: int) -> str:
    """'een jaar' for 12 months, else 'n maanden' (the measuring term of werkbehoud, RULES.md §7)."""
    return "een jaar" if int(maanden) == 12 else f"{int(maanden)} maanden"


def _datum(iso: str) -> str:
    return f"{ts(iso):%d-%m-%Y}"


def tekst_cohort(g) -> str:
    """The paragraph on the report cohort (Markdown), from the published figures of ``g``
    (:class:`~banenafspraak.publicatie.Gepubliceerd`) and the parameters it was built with (RULES.md §7)."""
    from .register import CATEGORIE_LABEL

    info = g.bron.info
    c, na = info["cohort"], int(info["behoud_na_maanden"])
    vb, ve = info["venster"].split(" t/m ")

    def t(kolom, d):
        return md(g.tekst("werkbehoud", kolom, cohort=c, doelgroep=d))

    groepen = ", ".join(f"{CATEGORIE_LABEL[d]} {t('werkbehoud', d)}" for d in CATEGORIEEN)
    return (f"### Cohort {c}\n\n"
            f"Van de **{t('starters', 'totaal')} starters** die van {_datum(vb)} tot en met {_datum(ve)} aan een nieuwe "
            f"baan begonnen, werkte {termijn(na)} later (in de kalendermaand {na} maanden na de startmaand) nog "
            f"**{t('werkbehoud', 'totaal')}**; **{t('baanbehoud', 'totaal')}** werkte nog in dezelfde baan. "
            f"Werkbehoud per doelgroep: {groepen}. {t('verlaten_cohort', 'totaal')} starters vielen binnen {na} maanden "
            "buiten het cohort (overlijden, emigratie of AOW-leeftijd) en tellen niet mee.\n\n"
            "Een \\* staat voor een cijfer dat niet wordt getoond omdat het op te weinig personen rust of een ander "
            "verborgen cijfer zou verraden.")


def tekst_werkenden(g) -> str:
    """The paragraph on everyone working (Markdown), from the parameter ``duurzaamheid.werkenden_meetmaand``."""
    from .monitor import MAANDEN

    jaar = g.bron.info["cohort"]
    maand = MAANDEN[parameter("duurzaamheid.werkenden_meetmaand", ts(f"{jaar}-01-01")) - 1]
    return (f"Naast de starters kijkt UWV naar iedereen uit de doelgroep die in {maand} van jaar Y-1 werkte: werkt die "
            f"persoon in {maand} van jaar Y nog, en in dezelfde baan?")


def tekst_kaplan_meier(g) -> str:
    """Which curves and months the Kaplan-Meier table shows, and why some are left out (Markdown)."""
    from .register import CATEGORIE_LABEL

    km = g.bron.tabellen["kaplan_meier"].data
    if not len(km):
        return "Er is geen overlevingscurve: het cohort heeft te weinig starters om er een veilig te tonen."
    getoond = list(dict.fromkeys(km["doelgroep"]))
    weg = [CATEGORIE_LABEL[d] for d in (*CATEGORIEEN, "totaal") if d not in getoond]
    maanden = ", ".join(str(int(m)) for m in sorted(set(km["maand"])))
    tekst = f"De curves staan op {maanden} maanden na de start: alleen maanden waarop elke curve op genoeg personen rust."
    if weg:
        tekst += f" Niet getoond, omdat de curve te weinig personen per stap heeft of uit de andere af te leiden is: {', '.join(weg)}."
    return md(tekst)


def tekst_regressie(g) -> str:
    """The sentence on the regression (Markdown): what it models, or why it is withheld (RULES.md §10)."""
    info = g.bron.info
    na = int(info["behoud_na_maanden"])
    if info.get("regressie_fout"):
        return md(f"De regressie wordt niet getoond: {info['regressie_fout']}.")
    return md(f"Een logistische regressie van werkbehoud ({termijn(na)} na de start) op doelgroep, leeftijd, geslacht, "
              "contractvorm, sector, inleen en het aantal uren van de baan. Een klasse met minder dan "
              f"{g.min_cel} starters met of zonder werkbehoud is samengevoegd tot 'overig'. Een odds ratio boven 1 "
              "betekent een grotere kans op werkbehoud dan de referentiegroep, bij gelijke overige kenmerken.")
