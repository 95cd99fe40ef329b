"""The landelijke monitor banenafspraak (RULES.md §1, §3-§5): banen per sector against the nulmeting
and the targets, persons per category, and the series over the years."""
from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from .dates import MAANDEN, ts
from .motor import BANEN_PER_SOORT
from .parameters import parameter, parameter_waarden
from .register import (CATEGORIE_LABEL, CATEGORIEEN, SUBCATEGORIE_LABEL, T2_SCENARIO_LABEL, T2_SCENARIO_UITLEG,
                       T2_SCENARIOS)
from .sector import SECTOR_LABEL, verdeelsleutel
from .verloop import figuur_waterval  # noqa: F401  (the report's waterfall chart, RULES.md §6)

SECTOREN = ("markt", "overheid")
NULMETING_BRONNEN = ("data", "officieel")
TABELLEN = ["persoon", "doelgroepregister", "polis", "werkgever"]  # the input tables the monitor reads

class Meting:
    """Everything counted on one peildatum by the engine (``motor.Telling``): the population, its banen
    per inkomstenverhouding and per person, fetched when asked for."""

    def __init__(self, telling, peildatum):
        self.telling = telling
        self.peildatum = ts(peildatum)
        self.scenario = telling.scenario              # the t+2 scenario of the register (RULES.md §2)
        self.directe_einden = telling.directe_einden  # at-once ends from the person data applied (RULES.md §2 decision)
        self.urendatum = telling.urendatum(self.peildatum)  # the date whose tijdvak gave the hours (motor.Peil)

    @cached_property
    def populatie(self) -> pd.DataFrame:
        """persoon_id, categorie, subcategorie, regel and the region of every person of the population."""
        return self.telling.populatie(self.peildatum)

    @cached_property
    def ikv(self) -> pd.DataFrame:
        """persoon_id, ikv_id, werkgever_id, uren, banen, werkzaam, inleen, sector, categorie, ..."""
        return self.telling.ikv_op(self.peildatum)

    @cached_property
    def per_persoon(self) -> pd.DataFrame:
        """The population with per person banen, uren and werkzaam (``motor.PER_PERSOON``, RULES.md §3)."""
        return self.telling.per_persoon(self.peildatum)


def meet_alle(tabellen, peildata, scenario: str = "geregistreerd", directe_einden: bool = True) -> dict[pd.Timestamp, Meting]:
    """Count on every peildatum of ``peildata`` (dates or ``motor.Peil``) in one pass of the counting
    engine (``motor.tel``, RULES.md §2-§4): the snapshot, the opgaven whose tijdvak contains the
    urendatum, hours to banen, sector of the employer in that year, inleen. Keys are the ``dates.ts``
    dates of the doelgroep (``Peil.peildatum``)."""
    from .motor import tel

    t = tel(tabellen, peildata, scenario, directe_einden)
    return {p: Meting(t, p) for p in t.peildata}


def meet(tabellen, peildatum, scenario: str = "geregistreerd", directe_einden: bool = True) -> Meting:
    """Count on one peildatum (a date or ``motor.Peil``, :func:`meet_alle`)."""
    from .motor import Peil

    return meet_alle(tabellen, [peildatum], scenario, directe_einden)[Peil.van(peildatum).peildatum]


def nulmeting_peil(jaar: int):
    """The nulmeting the monitor of ``jaar`` compares with, as a ``motor.Peil`` (RULES.md §3, S3 Q35,
    Q50): the doelgroep on parameter ``nulmeting.doelgroep_peildatum`` (1 January 2013), the hours of
    the tijdvak containing ``nulmeting.peildatum`` (31 December 2012), both as in force on 31 December
    of ``jaar``."""
    from .motor import Peil

    return Peil(ts(parameter("nulmeting.doelgroep_peildatum", ts(jaar))), ts(parameter("nulmeting.peildatum", ts(jaar))))


def peil_van_jaar(jaar: int):
    """The ``motor.Peil`` of the monitor of ``jaar``: 31 December, or the nulmeting in the nulmeting's
    own year (its hours are those of that December)."""
    from .motor import Peil

    nul = nulmeting_peil(jaar)
    return nul if ts(jaar) == nul.urendatum else Peil.van(ts(jaar))


# banen regulier per sector of the employer and inleen allocated with the verdeelsleutel (RULES.md §4),
# per sector and in total, for every peildatum of a counting (``motor.Telling``: relations ikv and peil),
# with the persons behind each cell counted from the persons (RULES.md §10)
BANEN_SECTOR = f"""
WITH pp AS ({BANEN_PER_SOORT}),  -- per person: banen regulier per sector, inleen; has banen in each
d AS (
  SELECT peildatum, sum(b_markt) AS b_markt, sum(b_overheid) AS b_overheid, sum(b_inleen) AS b_inleen,
    count(*) FILTER (WHERE p_markt) AS n_markt, count(*) FILTER (WHERE p_overheid) AS n_overheid,
    count(*) FILTER (WHERE p_markt OR p_overheid) AS n_regulier, count(*) FILTER (WHERE p_inleen) AS n_inleen,
    count(*) FILTER (WHERE p_markt OR p_inleen) AS n_markt_banen, count(*) FILTER (WHERE p_overheid OR p_inleen) AS n_overheid_banen,
    count(*) FILTER (WHERE p_markt OR p_overheid OR p_inleen) AS n_banen
  FROM pp GROUP BY peildatum),
s(sector) AS (VALUES ('markt'), ('overheid'), ('totaal'))
SELECT p.peildatum, s.sector,
  coalesce(CASE s.sector WHEN 'markt' THEN d.b_markt WHEN 'overheid' THEN d.b_overheid ELSE d.b_markt + d.b_overheid END, 0.0)
    AS banen_regulier,
  coalesce(d.b_inleen, 0.0) * CASE s.sector WHEN 'totaal' THEN 1.0 WHEN 'overheid' THEN p.verdeelsleutel_overheid
                                            ELSE 1.0 - p.verdeelsleutel_overheid END AS banen_inleen,
  coalesce(CASE s.sector WHEN 'markt' THEN d.n_markt WHEN 'overheid' THEN d.n_overheid ELSE d.n_regulier END, 0) AS personen_regulier,
  coalesce(d.n_inleen, 0) AS personen_inleen,
  coalesce(CASE s.sector WHEN 'markt' THEN d.n_markt_banen WHEN 'overheid' THEN d.n_overheid_banen ELSE d.n_banen END, 0)
    AS personen_banen
FROM peil p CROSS JOIN s LEFT JOIN d ON d.peildatum = p.peildatum
"""


def banen_per_sector(telling) -> pd.DataFrame:
    """:data:`BANEN_SECTOR` for every peildatum of a counting, computed once per counting."""
    if "banen_sector" not in telling.cache:
        df = telling.sql(BANEN_SECTOR)
        df["peildatum"] = df["peildatum"].astype("datetime64[s]")
        for k in ("personen_regulier", "personen_inleen", "personen_banen"):
            df[k] = df[k].astype(int)
        telling.cache["banen_sector"] = df
    return telling.cache["banen_sector"]


def banen_naar_sector(m: Meting) -> pd.DataFrame:
    """Banen regulier per sector of the employer, inleen allocated with the verdeelsleutel (RULES.md §4),
    per sector and in total (:data:`BANEN_SECTOR`), with the persons behind each cell counted from the
    persons (RULES.md §10): ``personen_regulier`` (regular jobs in that sector), ``personen_inleen``
    (every inleen person: the verdeelsleutel spreads each of them over both sectors), ``personen_banen``
    (either)."""
    df = banen_per_sector(m.telling)
    df = df.loc[df["peildatum"] == m.peildatum].drop(columns="peildatum").set_index("sector")
    df = df.loc[[*SECTOREN, "totaal"]].reset_index()
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
        return b
    officieel = parameter("nulmeting.monitor", nul.peildatum) * schaal
    delen = b.loc[list(SECTOREN)]
    aandeel = delen / delen.sum() if delen.sum() > 0 else pd.Series({s: np.nan for s in SECTOREN})
    return pd.concat([aandeel * officieel, pd.Series({"totaal": officieel})])


def doelstelling(jaar: int, schaal: float) -> pd.Series:
    """Cumulative extra banen due (RULES.md §5, S3 Q4) x schaal; NaN before 2015."""
    w = {s: parameter(f"doelstelling.{s}", ts(jaar)) for s in (*SECTOREN, "totaal")}
    return pd.Series({s: (v * schaal if v is not None else np.nan) for s, v in w.items()})


def banen_sector(m: Meting, nulmeting: pd.Series, jaar: int, schaal: float) -> pd.DataFrame:
    """Table ``banen_sector`` (DATA_CONTRACT.md): per sector and in total, with the helper person
    counts of :func:`banen_naar_sector` (not published)."""
    df = banen_naar_sector(m)
    doel = doelstelling(jaar, schaal)
    df["nulmeting"] = df["sector"].map(nulmeting)
    df["extra_banen"] = df["banen"] - df["nulmeting"]
    df["doelstelling"] = df["sector"].map(doel)
    df["verschil"] = df["extra_banen"] - df["doelstelling"]
    return df[["sector", "banen_regulier", "banen_inleen", "banen", "nulmeting", "extra_banen", "doelstelling",
               "verschil", "personen_regulier", "personen_inleen", "personen_banen"]]


def personen_categorie(m: Meting) -> pd.DataFrame:
    """Table ``personen_categorie`` (DATA_CONTRACT.md): persons, werkzame personen and banen per
    category and subcategory; category totals have subcategorie ``totaal``; the last row is the total.
    Helper columns (not published): ``niet_werkzaam`` and ``personen_banen`` (persons with banen)."""
    pop = m.per_persoon

    def tel(df):
        return {"personen": len(df), "werkzame_personen": int(df["werkzaam"].sum()), "banen": df["banen"].sum(),
                "niet_werkzaam": int((~df["werkzaam"]).sum()), "personen_banen": int((df["banen"] > 0).sum())}

    rijen = []
    for c in CATEGORIEEN:
        deel = pop.loc[pop["categorie"] == c]
        for sub, g in deel.groupby("subcategorie", sort=True):
            rijen.append({"categorie": c, "subcategorie": sub, **tel(g)})
        rijen.append({"categorie": c, "subcategorie": "totaal", **tel(deel)})
    rijen.append({"categorie": "totaal", "subcategorie": "totaal", **tel(pop)})
    return pd.DataFrame(rijen)


def reeks(tabellen, tot_jaar: int, nulmeting_bron: str, schaal: float, scenario: str = "geregistreerd",
          directe_einden: bool = True, van_jaar: int = 2013, metingen: dict | None = None) -> pd.DataFrame:
    """Table ``reeks`` (DATA_CONTRACT.md): per year (December) and sector banen, extra banen and target.
    ``metingen``: those already counted, reused (and added to); its keys are made ``dates.ts`` dates.
    The nulmeting is :func:`nulmeting_peil` of ``tot_jaar`` (doelgroep 1 January 2013, hours of December
    2012), keyed by its doelgroep date."""
    metingen = {} if metingen is None else metingen
    for k in [k for k in metingen if not (isinstance(k, pd.Timestamp) and k == ts(k))]:
        metingen.setdefault(ts(k), metingen.pop(k))  # one key per date (dates.ts), whatever the caller used
    nul = nulmeting_peil(tot_jaar)
    if nul.peildatum not in metingen:
        metingen[nul.peildatum] = meet(tabellen, nul, scenario, directe_einden)
    nm = nulmeting_per_sector(metingen[nul.peildatum], nulmeting_bron, schaal)
    delen = []
    for jaar in range(van_jaar, tot_jaar + 1):
        sleutel = ts(jaar)
        if sleutel not in metingen:
            metingen[sleutel] = meet(tabellen, sleutel, scenario, directe_einden)
        t = banen_sector(metingen[sleutel], nm, jaar, schaal)
        delen.append(t.assign(jaar=jaar))
    df = pd.concat(delen, ignore_index=True)
    return df[["jaar", "sector", "banen", "extra_banen", "doelstelling", "banen_regulier", "banen_inleen",
               "personen_regulier", "personen_inleen", "personen_banen"]]

def reconcilieer(rec, tabellen, m: Meting) -> None:
    """Account for the rows of the register and the polis on the headline peildatum (issue: reconciliation):
    validity on the peildatum under the meting's own t+2 scenario (RULES.md §2; the engine's rule,
    ``Telling.geldige_registraties``); the polis on the
    urendatum (for the nulmeting: doelgroep 1 January 2013, hours of December 2012, RULES.md §3), beschut
    werk as in RULES.md §3. The polis rows are counted by DuckDB over the same source as the engine
    (``motor.registreer_polis``: every row of a parquet file, else the rows of the frame)."""
    p = m.peildatum
    stap = f"peildatum {p.date().isoformat()}" + (f" (uren {m.urendatum.date().isoformat()})" if m.urendatum != p else "")
    geldig = m.telling.geldige_registraties(p)  # under the meting's own t+2 scenario (RULES.md §2)
    rec.laat_weg("doelgroepregister", "registratie niet geldig op de peildatum",
                 len(tabellen["doelgroepregister"]) - len(geldig), stap)
    rec.laat_weg("doelgroepregister", "geldig, maar persoon buiten de banenafspraak (beschut werk Wsw, alleen quotum, "
                 "AOW/overlijden/emigratie)", int((~geldig["in_populatie"].to_numpy(dtype=bool)).sum()), stap)
    n, in_tijdvak, in_pop, beschut = polis_telling(tabellen, m)
    rec.laat_weg("polis", "tijdvak bevat de peildatum niet", n - in_tijdvak, stap)
    rec.laat_weg("polis", "persoon niet in de banenafspraak op de peildatum", in_tijdvak - in_pop, stap)
    rec.laat_weg("polis", "beschut werk (telt niet als baan)", beschut, stap)


def polis_telling(tabellen, m: Meting) -> tuple[int, int, int, int]:
    """Polis rows for the reconciliation of a meting: all the report read (the opgaven of its selection,
    ``Dataset.polis_selectie``, else every row) and of those the ones whose tijdvak contains the
    urendatum (RULES.md §3), counted by DuckDB on the row groups that can hold them; of those the population's and
    of those beschut werk as the counting engine found them in its pass (``Telling.opgaven_telling``). The
    step thus follows the reading step of the reconciliation (``loading.Reconciliatie``)."""
    from .motor import registreer_polis
    from .verbinding import verbinding

    selectie = getattr(tabellen, "polis_selectie", None)
    con = verbinding()
    try:
        registreer_polis(con, tabellen)
        u = f"DATE '{m.urendatum.date()}'"
        n, in_tijdvak = con.execute(f"""
            SELECT (SELECT count(*) FROM ({selectie.rijen_sql('polis') if selectie is not None else 'SELECT rij FROM polis'})),
                   (SELECT count(*) FROM polis WHERE opgave_begin <= {u} AND opgave_einde >= {u}
                      AND {selectie.sql() if selectie is not None else 'TRUE'})""").fetchone()
    finally:
        con.close()
    in_pop, beschut = m.telling.opgaven_telling(m.peildatum)
    return int(n), int(in_tijdvak), in_pop, beschut


# the helper columns of a difference between two t+2 scenarios (t2_scenarios.verschil)
T2_VERSCHILLEN = ("d_personen", "d_werkzame_personen", "d_niet_werkzaam", "d_banen", "n_personen", "n_werkzaam",
                  "n_niet_werkzaam", "n_banen")


def t2_scenarios(tabellen, jaar: int, nulmeting: pd.Series, schaal: float, directe_einden: bool = True,
                 basis: Meting | None = None, referentie: str = "geregistreerd") -> pd.DataFrame:
    """Banen, persons and extra banen on 31 December of ``jaar`` under each t+2 scenario (RULES.md §2);
    ``basis``: the meting of scenario ``referentie`` when already counted. Helper columns (not
    published): ``niet_werkzaam`` (the complement of the werkzame personen, protected as in
    ``personen_categorie``) and, per column, the difference with the reference scenario (``d_*``)
    with the count of persons whose status differs (``n_*``); the difference between two other
    scenarios a, b is on row a as ``d_*__b`` / ``n_*__b``. So that every difference between two
    scenarios is protected like any other cell (RULES.md §10)."""
    from .register import T2_SCENARIOS

    from .motor import Peil

    peil = Peil(basis.peildatum, basis.urendatum) if basis is not None else peil_van_jaar(jaar)
    metingen = {sc: (basis if (sc == referentie and basis is not None) else meet(tabellen, peil, sc, directe_einden))
                for sc in T2_SCENARIOS}
    ref = metingen[referentie]

    per = {sc: m.per_persoon.set_index("persoon_id")[["banen", "werkzaam"]] for sc, m in metingen.items()}

    def verschil(sc: str, ander: str) -> dict:
        """Differences of scenario ``sc`` with ``ander`` and the persons whose status differs."""
        p, r = per[sc], per[ander]
        x = r.merge(p, how="outer", left_index=True, right_index=True, suffixes=("_ref", ""), indicator=True).fillna(
            {"banen": 0.0, "banen_ref": 0.0, "werkzaam": False, "werkzaam_ref": False})
        in_ref = (x["_merge"] != "right_only").to_numpy()
        in_sc = (x["_merge"] != "left_only").to_numpy()
        w_ref, w_sc = x["werkzaam_ref"].astype(bool).to_numpy(), x["werkzaam"].astype(bool).to_numpy()
        wz, wz_ref = int(p["werkzaam"].astype(bool).sum()), int(r["werkzaam"].astype(bool).sum())
        return dict(zip(T2_VERSCHILLEN, (
            len(p) - len(r), wz - wz_ref, (len(p) - wz) - (len(r) - wz_ref),
            float(p["banen"].sum()) - float(r["banen"].sum()),
            int((in_ref != in_sc).sum()), int((w_sc != w_ref).sum()),
            int(((in_sc & ~w_sc) != (in_ref & ~w_ref)).sum()),
            int((np.abs(x["banen"] - x["banen_ref"]) > 1e-9).sum()))))

    # differences between two scenarios other than the reference: on the row of the first, suffix of the second
    paren = [(a, b) for i, a in enumerate(T2_SCENARIOS) for b in T2_SCENARIOS[i + 1:] if referentie not in (a, b)]
    rijen = []
    for sc, m in metingen.items():
        p = per[sc]
        werkzaam = int(p["werkzaam"].astype(bool).sum())
        t = banen_sector(m, nulmeting, jaar, schaal).set_index("sector").loc["totaal"]
        rij = {"scenario": sc, "personen": len(p), "werkzame_personen": werkzaam,
               "niet_werkzaam": len(p) - werkzaam, "banen": t["banen"], "extra_banen": t["extra_banen"],
               "personen_banen": int((p["banen"] > 0).sum()), **verschil(sc, referentie)}
        for a, b in paren:
            v = verschil(a, b) if sc == a else dict.fromkeys(T2_VERSCHILLEN, np.nan)
            rij.update({f"{k}__{b}": w for k, w in v.items()})
        rijen.append(rij)
    return pd.DataFrame(rijen)


def samenstelling(metingen: dict, jaren) -> pd.DataFrame:
    """Persons per category in December of each year (composition figure), counted by DuckDB over the
    status relation of each year's counting (``motor.Telling``)."""
    rijen = []
    for jaar in jaren:
        m = metingen[ts(jaar)]
        if "categorie_personen" not in m.telling.cache:
            n = m.telling.sql("SELECT peildatum, categorie, count(*) AS n FROM status "
                              "WHERE uitsluiting = '' AND categorie <> '' GROUP BY ALL")
            n["peildatum"] = n["peildatum"].astype("datetime64[s]")
            m.telling.cache["categorie_personen"] = n.set_index(["peildatum", "categorie"])["n"]
        n = m.telling.cache["categorie_personen"]
        for c in CATEGORIEEN:
            rijen.append({"jaar": jaar, "categorie": c, "personen": int(n.get((m.peildatum, c), 0))})
    return pd.DataFrame(rijen, columns=["jaar", "categorie", "personen"]).astype({"jaar": int, "personen": int})


def eerste_jaar() -> int:
    """The first year the monitor can count: the year of the nulmeting (the first value of parameter
    ``nulmeting.peildatum``, 31 December 2012). That year itself gives the nulmeting, 0 extra banen and
    no series yet."""
    return ts(parameter_waarden("nulmeting.peildatum").values[0].value).year


def controleer_jaar(jaar: int, data_tot=None) -> None:
    """Refuse a verslagjaar the monitor cannot count, with one line that says which years can: before
    the nulmeting, or (``data_tot``: the last date the data cover, :func:`loading.laatste_datum`) a
    31 December after the data end, where every count would be zero."""
    eerste = eerste_jaar()
    if jaar < eerste:
        raise ValueError(f"jaar {jaar} ligt voor de nulmeting ({ts(parameter('nulmeting.peildatum', ts(eerste))):%d-%m-%Y}): "
                         f"het eerste mogelijke jaar is {eerste}")
    if data_tot is not None and ts(jaar) > ts(data_tot):
        laatste = ts(data_tot).year if (ts(data_tot).month, ts(data_tot).day) == (12, 31) else ts(data_tot).year - 1
        raise ValueError(f"jaar {jaar}: de data lopen tot {ts(data_tot):%d-%m-%Y}, er zijn geen gegevens over 31 december "
                         f"{jaar}; het laatste mogelijke jaar is {laatste}")


def peildata(jaar: int) -> list[pd.Timestamp]:
    """The dates whose loonaangiftetijdvak the monitor of ``jaar`` reads the hours of (the polis it
    needs): the nulmeting's (31 December 2012) and every December up to ``jaar``. The engine counts on
    :func:`peilen`."""
    controleer_jaar(jaar)
    nul = ts(parameter("nulmeting.peildatum", ts(jaar)))
    return [nul] + [ts(j) for j in range(nul.year + 1, jaar + 1)]


def peilen(jaar: int) -> list:
    """The ``motor.Peil`` the monitor of ``jaar`` counts on, in one pass: the nulmeting
    (:func:`nulmeting_peil`: doelgroep 1 January 2013, hours of December 2012) and 31 December of
    every later year up to ``jaar``; their hour dates are :func:`peildata`."""
    from .motor import Peil

    controleer_jaar(jaar)
    nul = nulmeting_peil(jaar)
    return [nul] + [Peil.van(ts(j)) for j in range(nul.urendatum.year + 1, jaar + 1)]


def _jaren(van: int, tot: int) -> str:
    """The years of a series in a title; none when the verslagjaar is the nulmeting's year."""
    return f"{van}-{tot}" if tot >= van else "nog geen jaren na de nulmeting"


def titel(jaar: int, t2_scenario: str = "geregistreerd") -> str:
    """The report's title; a t+2 scenario other than the register as kept is named in it (RULES.md §2)."""
    return f"Landelijke monitor banenafspraak {jaar}" + (
        "" if t2_scenario == "geregistreerd" else f", scenario {T2_SCENARIO_LABEL[t2_scenario]}")


def definities(peildatum, t2_scenario: str = "geregistreerd", nulmeting_bron: str = "data",
               schaal: float = 1.0) -> dict[str, str]:
    """The definitions printed with the monitor, generated from the dated parameters in force on the
    peildatum and the report's parameters (RULES.md §2-§5, §10: always publish with the definitions)."""
    from .publicatie import getal, procent

    p = ts(peildatum)
    nul_datum = ts(parameter("nulmeting.peildatum", p))
    nulmeting = (_nulmeting_tekst(nulmeting_peil(p.year)) + " Berekend uit de data."
                 if nulmeting_bron == "data" else
                 f"de officiële nulmeting van de landelijke monitor, {getal(parameter('nulmeting.monitor', p))} banen"
                 + ("" if schaal == 1 else f" x de schaal van de data ({f'{schaal:g}'.replace('.', ',')})") + "; de verdeling over markt en "
                 f"overheid is niet gepubliceerd en volgt de verhouding in de data van december {nul_datum.year}.")
    uren = parameter("banen.uren_per_maand", p)
    sectoren = sorted(parameter("sector.overheid_wfsv_sectoren", p))
    drempel = parameter("sector.ufo_drempel", p)
    inclusief = parameter("sector.ufo_drempel_inclusief", p)
    sleutel = verdeelsleutel(p)
    return {
        "baan": f"{getal(uren / 4.35, 1)} verloonde uren per week = {getal(uren, 2)} verloonde uren per maand; "
                f"banen tellen naar rato ({getal(160)} uur = {getal(160 / uren, 2)} baan).",
        "peildatum": f"{p.day} {MAANDEN[p.month - 1]} {p.year}; uren van het loonaangiftetijdvak dat de peildatum bevat, "
                     f"andere tijdvakken omgerekend naar de kalendermaand ({parameter('banen.tijdvak_conversie', p)}).",
        "werkzaam persoon": f"ontvangt loon (sv-loon > {getal(parameter('banen.werkzaam_loon_groter_dan', p))} euro) uit "
                            "een of meer inkomstenverhoudingen in dat tijdvak.",
        "beschut werk": f"opgaven met aard arbeidsverhouding {', '.join(parameter('banen.beschut_werk_aarden', p))} tellen "
                        "niet als baan en maken niemand werkzaam.",
        "sector": f"overheid = Wfsv-sector {sectoren[0]} t/m {sectoren[-1]} en Ufo-premie over "
                  f"{'ten minste' if inclusief else 'meer dan'} {procent(drempel, 0)} van de verloonde uren; anders markt.",
        "inleen": f"uitzendkrachten, Wsw-detachering en payrolling; met de verdeelsleutel toegerekend aan markt "
                  f"({procent(sleutel['markt'])}) en overheid ({procent(sleutel['overheid'])}).",
        "nulmeting": nulmeting,
        "scenario t+2-regel": (f"{T2_SCENARIO_UITLEG[t2_scenario]}." if t2_scenario == "geregistreerd" else
                               f"{T2_SCENARIO_LABEL[t2_scenario]}: {T2_SCENARIO_UITLEG[t2_scenario]}."),
    }


def _nulmeting_tekst(nul) -> str:
    """The definition of the nulmeting from its ``motor.Peil`` (RULES.md §3): "doelgroep op 1 januari
    2013, uren van december 2012"."""
    d, u = nul
    return (f"banen van de doelgroep op {d.day} {MAANDEN[d.month - 1]} {d.year}, uren van "
            f"{MAANDEN[u.month - 1]} {u.year} (loonaangiftetijdvak dat {u.day} {MAANDEN[u.month - 1]} {u.year} bevat).")




def publicatie(tabellen, jaar: int, nulmeting_bron: str = "data", schaal: float | None = None,
               t2_scenario: str = "geregistreerd", directe_einden: bool = True):
    """The landelijke monitor of ``jaar`` as one :class:`~banenafspraak.publicatie.Publicatie`
    (RULES.md §1, §3-§5, §10): tables ``banen_sector``, ``personen_categorie``, ``reeks``,
    ``samenstelling`` and ``t2_scenarios`` with their helper person counts and every relation between
    their cells; the row reconciliation of the peildatum is added to ``tabellen.reconciliatie``.
    Every peildatum (the nulmeting and each December) must lie within the period of the polis
    (:func:`periode.controleer_peildata`)."""
    from .periode import controleer_peildata
    from .publicatie import Kolom, Publicatie, Tabel

    schaal = float(getattr(tabellen, "schaal", 1.0) if schaal is None else schaal)
    p = ts(jaar)
    alle = peilen(jaar)  # refuses a year before the nulmeting
    controleer_peildata(tabellen, peildata(jaar))  # the dates of the hours
    metingen = meet_alle(tabellen, alle, t2_scenario, directe_einden)  # every December in one pass
    nul = metingen[alle[0].peildatum]
    nul_datum = nul.urendatum  # the year of the nulmeting's hours (December 2012)
    m = metingen[peil_van_jaar(jaar).peildatum]
    nulmeting = nulmeting_per_sector(nul, nulmeting_bron, schaal)
    if hasattr(tabellen, "reconciliatie"):
        reconcilieer(tabellen.reconciliatie, tabellen, m)

    pub = Publicatie("landelijke-monitor", titel(jaar, t2_scenario), p,
                     "Doelgroepregister banenafspraak (UWV), Polisadministratie (loonaangiften), werkgeversgegevens",
                     definities(p, t2_scenario, nulmeting_bron, schaal), info={"jaar": jaar, "nulmeting_bron": nulmeting_bron, "t2_scenario": t2_scenario})
    banen_kol = Kolom("Banen", "decimaal1", "banen")

    # banen_sector, with the nulmeting's own persons (RULES.md §10: a data-based nulmeting rests on persons)
    bs = banen_sector(m, nulmeting, jaar, schaal)
    nb = banen_naar_sector(nul).set_index("sector")
    for k in ("banen_regulier", "banen_inleen", "personen_regulier", "personen_inleen", "personen_banen"):
        bs[f"nul_{k}"] = bs["sector"].map(nb[k]).to_numpy()
    bs["personen_nulmeting"] = bs["nul_personen_banen"]  # officieel: the sector split rests on the data
    pub.voeg_toe(Tabel(
        "banen_sector", f"Banen in de banenafspraak per sector, 31 december {jaar}", bs,
        {"sector": Kolom("Sector", "tekst", waarden=SECTOR_LABEL), "banen_regulier": Kolom("Banen regulier", "decimaal1", "banen"),
         "banen_inleen": Kolom("Banen inleen (verdeelsleutel)", "decimaal1", "banen"), "banen": banen_kol,
         "nulmeting": Kolom("Nulmeting", "decimaal1", "banen"), "extra_banen": Kolom("Extra banen", "decimaal1", "banen"),
         "doelstelling": Kolom("Doelstelling extra banen", "decimaal1", "banen"),
         "verschil": Kolom("Verschil met doelstelling", "decimaal1", "banen")},
        "Banen regulier, inleen (met verdeelsleutel), totaal; nulmeting, extra banen, doelstelling en verschil.",
        variabelen=["banen_regulier", "banen_inleen", "banen", "nulmeting", "extra_banen", "verschil",
                    *(["nul_banen_regulier", "nul_banen_inleen"] if nulmeting_bron == "data" else [])],
        verborgen={"nul_banen_regulier", "nul_banen_inleen"} if nulmeting_bron == "data" else set(),
        bescherming={"banen_regulier": ["personen_regulier"], "banen_inleen": ["personen_inleen"],
                     "banen": ["personen_banen"], "nulmeting": ["personen_nulmeting"],
                     "nul_banen_regulier": ["nul_personen_regulier"], "nul_banen_inleen": ["nul_personen_inleen"]}))
    if nulmeting_bron == "officieel":  # a published constant (RULES.md §5): known to every reader, never suppressed
        pub.bekend("banen_sector", "nulmeting", sector="totaal")
    sleutel, sleutel_nul = verdeelsleutel(m.urendatum), verdeelsleutel(nul.urendatum)
    rij = {s: pub.tabellen["banen_sector"].rij(sector=s) for s in (*SECTOREN, "totaal")}
    delen = [rij[s] for s in SECTOREN]
    pub.som("banen_sector sectoren", "banen_sector", ["banen_regulier", "banen_inleen", "banen", "nulmeting",
                                                      "extra_banen", "verschil"], rij["totaal"], delen)
    pub.kolomsom("banen_sector", "banen", ["banen_regulier", "banen_inleen"])
    for i in rij.values():
        pub.relatie(f"banen_sector[{i}] extra = banen - nulmeting",
                    [("banen_sector", i, "extra_banen", 1), ("banen_sector", i, "banen", -1), ("banen_sector", i, "nulmeting", 1)])
        pub.relatie(f"banen_sector[{i}] verschil = extra - doelstelling",
                    [("banen_sector", i, "verschil", 1), ("banen_sector", i, "extra_banen", -1)],
                    -float(bs.at[i, "doelstelling"]))
    for s in SECTOREN:  # the public verdeelsleutel
        pub.relatie(f"verdeelsleutel {s}", [("banen_sector", rij[s], "banen_inleen", 1),
                                            ("banen_sector", rij["totaal"], "banen_inleen", -sleutel[s])])
    if nulmeting_bron == "officieel" and m.urendatum == nul.urendatum:
        # the monitor of the nulmeting's own year: the official total is split by the shares of the very
        # banen published beside it, so nulmeting_s = (official / banen total) x banen_s, a relation a
        # reader can use with the published total (RULES.md §10)
        totaal = float(bs.at[rij["totaal"], "banen"])
        if totaal > 0:
            k = float(bs.at[rij["totaal"], "nulmeting"]) / totaal
            for s in SECTOREN:
                pub.relatie(f"nulmeting {s} = officieel / banen x banen {s}",
                            [("banen_sector", rij[s], "nulmeting", 1), ("banen_sector", rij[s], "banen", -k)])
    if nulmeting_bron == "data":
        pub.kolomsom("banen_sector", "nulmeting", ["nul_banen_regulier", "nul_banen_inleen"])
        pub.som("banen_sector nulmeting sectoren", "banen_sector", ["nul_banen_regulier", "nul_banen_inleen"],
                rij["totaal"], delen)
        for s in SECTOREN:
            pub.relatie(f"verdeelsleutel nulmeting {s}", [("banen_sector", rij[s], "nul_banen_inleen", 1),
                                                          ("banen_sector", rij["totaal"], "nul_banen_inleen", -sleutel_nul[s])])

    # personen_categorie
    pc = personen_categorie(m)
    pub.voeg_toe(Tabel(
        "personen_categorie", f"Personen, werkzame personen en banen naar categorie, 31 december {jaar}", pc,
        {"categorie": Kolom("Categorie", "tekst", waarden=CATEGORIE_LABEL), "subcategorie": Kolom("Subcategorie", "tekst", waarden=SUBCATEGORIE_LABEL),
         "personen": Kolom("Personen", "geheel", "personen"),
         "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen"), "banen": banen_kol},
        "Categorie en subcategorie van de doelgroep; subcategorie 'totaal' is het categorietotaal.",
        variabelen=["personen", "werkzame_personen", "niet_werkzaam", "banen"], verborgen={"niet_werkzaam"},
        bescherming={"personen": ["personen"], "werkzame_personen": ["werkzame_personen"],
                     "niet_werkzaam": ["niet_werkzaam"], "banen": ["personen_banen"]}))
    kolommen = ["personen", "werkzame_personen", "niet_werkzaam", "banen"]
    pub.som_per_groep("personen_categorie", kolommen, ["categorie"], "subcategorie")
    t = pub.tabellen["personen_categorie"]
    pub.som("personen_categorie categorieen", "personen_categorie", kolommen, t.rij(categorie="totaal"),
            [t.rij(categorie=c, subcategorie="totaal") for c in CATEGORIEEN if t.rijen(categorie=c, subcategorie="totaal")])
    pub.kolomsom("personen_categorie", "personen", ["werkzame_personen", "niet_werkzaam"])
    pub.gelijk("banen: personen_categorie = banen_sector", ("personen_categorie", t.rij(categorie="totaal"), "banen"),
               ("banen_sector", rij["totaal"], "banen"))

    # reeks: every December since the nulmeting
    ruw = (reeks(tabellen, jaar, nulmeting_bron, schaal, t2_scenario, directe_einden, van_jaar=nul_datum.year + 1,
                 metingen=metingen) if jaar > nul_datum.year else
           pd.DataFrame(columns=["jaar", "sector", "banen", "extra_banen", "doelstelling", "banen_regulier", "banen_inleen",
                                 "personen_regulier", "personen_inleen", "personen_banen"]).astype({"jaar": int, "sector": str}))
    pub.voeg_toe(Tabel(
        "reeks", f"Banen en extra banen per sector, {_jaren(nul_datum.year + 1, jaar)}", ruw,
        {"jaar": Kolom("Jaar", "jaar"), "sector": Kolom("Sector", "tekst", waarden=SECTOR_LABEL), "banen": banen_kol,
         "extra_banen": Kolom("Extra banen", "decimaal1", "banen"),
         "doelstelling": Kolom("Doelstelling extra banen", "decimaal1", "banen")},
        "December van elk jaar; doelstelling cumulatief.",
        variabelen=["banen", "extra_banen", "banen_regulier", "banen_inleen"],
        verborgen={"banen_regulier", "banen_inleen"},
        bescherming={"banen": ["personen_banen"], "banen_regulier": ["personen_regulier"],
                     "banen_inleen": ["personen_inleen"]}))
    r = pub.tabellen["reeks"]
    for j in sorted(ruw["jaar"].unique()):
        rj = {s: r.rij(jaar=j, sector=s) for s in (*SECTOREN, "totaal")}
        pub.som(f"reeks {j} sectoren", "reeks", ["banen", "extra_banen", "banen_regulier", "banen_inleen"],
                rj["totaal"], [rj[s] for s in SECTOREN])
        k = verdeelsleutel(ts(int(j)))
        for s in (*SECTOREN, "totaal"):
            pub.relatie(f"reeks {j} {s} extra = banen - nulmeting",
                        [("reeks", rj[s], "extra_banen", 1), ("reeks", rj[s], "banen", -1), ("banen_sector", rij[s], "nulmeting", 1)])
            if s != "totaal":
                pub.relatie(f"reeks {j} verdeelsleutel {s}", [("reeks", rj[s], "banen_inleen", 1),
                                                              ("reeks", rj["totaal"], "banen_inleen", -k[s])])
            if j == jaar:
                for kolom in ("banen", "extra_banen", "banen_regulier", "banen_inleen"):
                    pub.gelijk(f"reeks {j} {s} {kolom} = banen_sector", ("reeks", rj[s], kolom), ("banen_sector", rij[s], kolom))
    pub.kolomsom("reeks", "banen", ["banen_regulier", "banen_inleen"])

    # samenstelling: persons per category, every December
    sam = samenstelling(metingen, range(nul_datum.year + 1, jaar + 1))
    pub.voeg_toe(Tabel("samenstelling", f"Personen in de banenafspraak naar categorie, {_jaren(nul_datum.year + 1, jaar)}", sam,
                       {"jaar": Kolom("Jaar", "jaar"), "categorie": Kolom("Categorie", "tekst", waarden=CATEGORIE_LABEL),
                        "personen": Kolom("Personen", "geheel", "personen")}, "December van elk jaar.",
                       variabelen=["personen"], bescherming={"personen": ["personen"]}))
    s_t = pub.tabellen["samenstelling"]
    for c in CATEGORIEEN:
        if t.rijen(categorie=c, subcategorie="totaal") and s_t.rijen(jaar=jaar, categorie=c):
            pub.gelijk(f"samenstelling {jaar} {c}", ("samenstelling", s_t.rij(jaar=jaar, categorie=c), "personen"),
                       ("personen_categorie", t.rij(categorie=c, subcategorie="totaal"), "personen"))

    # t+2 scenarios: the differences with the counted scenario rest on the persons whose status differs
    t2 = t2_scenarios(tabellen, jaar, nulmeting, schaal, directe_einden, basis=m, referentie=t2_scenario)
    t2_kolommen = ("personen", "werkzame_personen", "niet_werkzaam", "banen")
    n_van = {"personen": "n_personen", "werkzame_personen": "n_werkzaam", "niet_werkzaam": "n_niet_werkzaam",
             "banen": "n_banen"}
    t2_ander = sorted({k.split("__")[1] for k in t2.columns if "__" in k})  # pairs without the reference
    t2_extra = [f"d_{k}__{b}" for b in t2_ander for k in t2_kolommen]
    pub.voeg_toe(Tabel(
        "t2_scenarios", f"Effect van de t+2-regel op 31 december {jaar}", t2,
        {"scenario": Kolom("Scenario", "tekst", waarden=T2_SCENARIO_LABEL), "personen": Kolom("Personen", "geheel", "personen"),
         "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen"), "banen": banen_kol,
         "extra_banen": Kolom("Extra banen", "decimaal1", "banen")},
        "; ".join(f"{T2_SCENARIO_LABEL[sc]}: {T2_SCENARIO_UITLEG[sc]}" for sc in T2_SCENARIOS)
        + f". De telling van dit rapport: {T2_SCENARIO_LABEL[t2_scenario]}.",
        variabelen=["personen", "werkzame_personen", "niet_werkzaam", "banen", "extra_banen", "d_personen",
                    "d_werkzame_personen", "d_niet_werkzaam", "d_banen", *t2_extra],
        verborgen={"niet_werkzaam", "d_personen", "d_werkzame_personen", "d_niet_werkzaam", "d_banen", *t2_extra},
        bescherming={"personen": ["personen"], "werkzame_personen": ["werkzame_personen"],
                     "niet_werkzaam": ["niet_werkzaam"], "banen": ["personen_banen"], "d_personen": ["n_personen"],
                     "d_werkzame_personen": ["n_werkzaam"], "d_niet_werkzaam": ["n_niet_werkzaam"],
                     "d_banen": ["n_banen"],
                     **{f"d_{k}__{b}": [f"{n_van[k]}__{b}"] for b in t2_ander for k in t2_kolommen}}))
    t2t = pub.tabellen["t2_scenarios"]
    ref = t2t.rij(scenario=t2_scenario)
    pub.kolomsom("t2_scenarios", "personen", ["werkzame_personen", "niet_werkzaam"])
    for i in range(len(t2)):
        for kolom in t2_kolommen:
            if i != ref:
                pub.relatie(f"t2 {t2.at[i, 'scenario']} {kolom} verschil",
                            [("t2_scenarios", i, kolom, 1), ("t2_scenarios", ref, kolom, -1), ("t2_scenarios", i, f"d_{kolom}", -1)])
            for b in t2_ander:
                if pd.notna(t2.at[i, f"d_{kolom}__{b}"]):
                    j = t2t.rij(scenario=b)
                    pub.relatie(f"t2 {t2.at[i, 'scenario']} - {b} {kolom} verschil",
                                [("t2_scenarios", i, kolom, 1), ("t2_scenarios", j, kolom, -1),
                                 ("t2_scenarios", i, f"d_{kolom}__{b}", -1)])
        pub.relatie(f"t2 {t2.at[i, 'scenario']} extra = banen - nulmeting",
                    [("t2_scenarios", i, "extra_banen", 1), ("t2_scenarios", i, "banen", -1), ("banen_sector", rij["totaal"], "nulmeting", 1)])
    tot = t.rij(categorie="totaal")
    for kolom in ("personen", "werkzame_personen", "niet_werkzaam", "banen"):
        pub.gelijk(f"t2 {t2_scenario} {kolom} = personen_categorie", ("t2_scenarios", ref, kolom), ("personen_categorie", tot, kolom))
    # bruto_netto: December jaar-1 -> December jaar per sector (RULES.md §6), from the same counting
    if jaar > nul_datum.year:
        voeg_bruto_netto_toe(pub, m.telling, peil_van_jaar(jaar - 1), peil_van_jaar(jaar), jaar, nulmeting_bron)
    pub.info["metingen"] = len(metingen)
    return pub


def voeg_bruto_netto_toe(pub, telling, van, tot, jaar: int, nulmeting_bron: str) -> None:
    """Table ``bruto_netto`` of the landelijke monitor (RULES.md §6, DATA_CONTRACT.md): banengroei from 31
    December of the year before (for the first year: the nulmeting) to 31 December of ``jaar``, per sector
    with the inleen spread by the verdeelsleutel of each date (``soort`` ``markt``, ``overheid``, ``totaal``);
    ``netto`` is the difference of the published banen (table ``reeks``, or for the first year the
    nulmeting of ``banen_sector``), checked on the counted figures first and declared to disclosure control."""
    from . import verloop as vl
    from .publicatie import Kolom, Tabel

    vl.registreer(telling, [(van.peildatum, tot.peildatum)], regio=False)
    bn = vl.tel_bruto_netto(telling, vl.SECTOR_MONITOR)
    soorten = (*SECTOREN, "totaal")
    bs = banen_per_sector(telling).set_index(["peildatum", "sector"])
    voorraad = pd.DataFrame([{"van": van.peildatum, "tot": tot.peildatum, "regio": "NL",
                              **{f"banen_{k}_{s}": float(bs.at[(p.peildatum, s), "banen_regulier"] + bs.at[(p.peildatum, s), "banen_inleen"])
                                 for k, p in (("van", van), ("tot", tot)) for s in soorten}}])
    vl.controleer_identiteiten(pd.DataFrame(columns=["van", "tot"]), voorraad, bn)
    eerste = van == nulmeting_peil(jaar)  # the first year compares with the nulmeting
    b = vl.bruto_netto_rijen(bn, [("nulmeting" if eerste else "vorig_jaar", van.peildatum, tot.peildatum,
                                   str(van.urendatum.date()), str(tot.urendatum.date()))], ["NL"], soorten)
    pub.voeg_toe(Tabel(
        "bruto_netto", f"Banengroei bruto en netto, {van.urendatum.day} december {van.urendatum.year} - 31 december {jaar}", b,
        {"van": Kolom("Van", "tekst"), "tot": Kolom("Tot", "tekst"), "regio": Kolom("Regio", "tekst"),
         "soort": Kolom("Sector", "tekst", waarden=SECTOR_LABEL),
         "component": Kolom("Component", "tekst", waarden=vl.COMPONENT_LABEL), "banen": Kolom("Banen", "decimaal1", "banen")},
        vl.BRUTO_NETTO_TOELICHTING + " Inleen met de verdeelsleutel van elke peildatum over markt en overheid verdeeld.",
        variabelen=["banen"], bescherming={"banen": ["n"]}, kosten=0.3))
    vl.bruto_netto_relaties(pub, "bruto_netto", SECTOREN)
    t_b = pub.tabellen["bruto_netto"]
    r = pub.tabellen["reeks"]
    bst = pub.tabellen["banen_sector"]
    for s in soorten:
        i = t_b.rij(soort=s, component="netto")
        if eerste:
            if nulmeting_bron == "data":
                pub.gelijk(f"bruto_netto {s} netto = extra banen", ("bruto_netto", i, "banen"), ("banen_sector", bst.rij(sector=s), "extra_banen"))
        else:
            pub.relatie(f"bruto_netto {s} netto = reeks {jaar} - {jaar - 1}",
                        [("bruto_netto", i, "banen", -1), ("reeks", r.rij(jaar=jaar, sector=s), "banen", 1),
                         ("reeks", r.rij(jaar=jaar - 1, sector=s), "banen", -1)])
    pub.info["bruto_netto_van"] = str(van.urendatum.date())
    pub.definities["bruto en netto"] = vl.definities(False, telling.directe_einden)["bruto en netto"]
