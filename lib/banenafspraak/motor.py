"""The counting engine: the register and banen rules (RULES.md §2-§4) as DuckDB relations over the
input tables, for a *set* of peildata in one pass.

Each rule is one named SQL definition below, composed in Python; the dated parameters enter as a
small table with one row per peildatum (``peil``), never as literals in the SQL, so that a rule
change is one YAML edit.

- :data:`GELDIG` (RULES.md §2): the registration rows valid on each peildatum under a t+2 scenario,
  with the grondslag bits;
- :data:`STATUS` (RULES.md §2): per (peildatum, persoon) the status: the valid grondslagen, the
  exclusion (WSW_BESCHUT, quotum only, at-once ends from the person data), category and subcategory
  by the priority rules (``register.CATEGORIE_REGELS``);
- :data:`OPGAVEN` (RULES.md §3): the opgaven whose tijdvak contains the peildatum, hours converted to
  the calendar month, paid work, beschut werk;
- :data:`IKV` (RULES.md §3, §4): per (peildatum, persoon, inkomstenverhouding) of the population the
  monthly hours, banen, werkzaam, inleen and the sector of the employer in the peildatum's year.

The results are small frames per (peildatum, persoon) and (peildatum, persoon, ikv) with every
attribute a report groups by (:func:`tel`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dates import ts
from .parameters import parameter
from .werk import BESCHUT_SQL, WERKZAAM_SQL
from .register import _BIT, CATEGORIE_REGELS, bits, eerste_directe_einde, einde_in_scenario

# --------------------------------------------------------------------------- parameters as tables

PEIL_PARAMETERS = {  # column of ``peil`` -> dated parameter, read on the peildatum
    "wml_onder_pw": "register.wml_voorziening_onder_pw",
    "uren_per_maand": "banen.uren_per_maand",
    "drempel": "banen.werkzaam_loon_groter_dan",
    "conversie": "banen.tijdvak_conversie",
    "ufo_drempel": "sector.ufo_drempel",
    "ufo_inclusief": "sector.ufo_drempel_inclusief",
    "verdeelsleutel_overheid": "sector.verdeelsleutel_overheid",
}
PEIL_CODES = {  # column of ``peil`` (comma-separated codes) -> dated list parameter, read on the peildatum
    "beschut": "banen.beschut_werk_aarden",
    "inleen_aard": "sector.inleen_aarden",
    "inleen_soort_baan": "sector.inleen_soort_baan",
    "overheid_sector": "sector.overheid_wfsv_sectoren",
}


def peil_tabel(peildata) -> pd.DataFrame:
    """One row per peildatum with the dated parameters in force on it (``PEIL_PARAMETERS``), the code
    lists (``PEIL_CODES``, comma-separated; :data:`PEIL` makes them lists) and ``dagen_maand``."""
    rijen = []
    for p in sorted({ts(d) for d in peildata}):
        rij = {"peildatum": p, "dagen_maand": p.days_in_month}
        rij.update({k: parameter(naam, p) for k, naam in PEIL_PARAMETERS.items()})
        for soort, naam in PEIL_CODES.items():
            codes = [str(c) for c in parameter(naam, p)]
            if any("," in c for c in codes):
                raise ValueError(f"parameter {naam}: een code met een komma ({codes})")
            rij[soort] = ",".join(codes)
        rijen.append(rij)
    peil = pd.DataFrame(rijen).astype({"peildatum": "datetime64[s]", "wml_onder_pw": bool, "uren_per_maand": float,
                                       "drempel": float, "ufo_drempel": float, "ufo_inclusief": bool,
                                       "verdeelsleutel_overheid": float})
    onbekend = set(peil["conversie"]) - {"kalenderdagen", "geen"}
    if onbekend:
        raise ValueError(f"onbekende tijdvakconversie {sorted(onbekend)[0]!r}")
    return peil


# the code lists as lists, except ``beschut``, which the shared SQL of the werkzaam rule reads as text
PEIL = ("SELECT * REPLACE (CAST(peildatum AS DATE) AS peildatum, "
        + ", ".join(f"string_split({k}, ',') AS {k}" for k in PEIL_CODES if k != "beschut") + ") FROM peil_df")


# --------------------------------------------------------------------------- the rules, in SQL

def _categorie_sql(masker: str) -> tuple[str, str, str]:
    """CASE expressions for category, subcategory and rule from ``register.CATEGORIE_REGELS``."""
    def voorwaarde(groepen):
        return " AND ".join(f"({masker} & {bits(*g)}) <> 0" for g in groepen)

    uit = []
    for i in (1, 2, 3):
        takken = " ".join(f"WHEN {voorwaarde(r[0])} THEN '{r[i].replace(chr(39), chr(39) * 2)}'" for r in CATEGORIE_REGELS)
        uit.append(f"CASE {takken} ELSE '' END")
    return tuple(uit)


# registration rows valid on each peildatum (RULES.md §2: begin on or before, the scenario's end on or after)
GELDIG = """
SELECT p.peildatum, r.persoon_id, bit_or(r.bit) AS masker
FROM peil p JOIN register r
  ON r.registratie_begin <= p.peildatum AND (r.einde IS NULL OR r.einde >= p.peildatum)
GROUP BY p.peildatum, r.persoon_id
"""

# the same for given (persoon, datum) pairs (``paar`` numbers them): every pair, masker 0 when none is valid
GELDIG_PAREN = """
SELECT x.paar, x.peildatum, x.persoon_id, coalesce(bit_or(r.bit), 0) AS masker
FROM paren x LEFT JOIN register r
  ON r.persoon_id = x.persoon_id AND r.registratie_begin <= x.peildatum AND (r.einde IS NULL OR r.einde >= x.peildatum)
GROUP BY x.paar, x.peildatum, x.persoon_id
"""

BANENAFSPRAAK_BITS = bits(*[g for g in _BIT if g not in ("WSW_BESCHUT", "QUOTUM_VOORZIENING")])


def status_sql(directe_einden: bool) -> str:
    """Per (peildatum, persoon) with a valid registration row: the snapshot's status (RULES.md §2;
    ``register.status_op`` documents the columns). PW_WML_VOORZIENING counts only while
    ``register.wml_voorziening_onder_pw`` holds on the peildatum."""
    m = f"CASE WHEN p.wml_onder_pw THEN g.masker ELSE g.masker & ~{_BIT['PW_WML_VOORZIENING']} END"
    cat, sub, regel = _categorie_sql("m")
    einde = ("CASE WHEN e.directe_einde IS NOT NULL AND e.directe_einde <= x.peildatum THEN e.directe_reden END"
             if directe_einden else "NULL")
    return f"""
SELECT x.* EXCLUDE (m),
  CASE WHEN (x.m & {_BIT['WSW_BESCHUT']}) <> 0 THEN 'beschut werk Wsw (WSW_BESCHUT geldig)'
       WHEN x.masker = 0 THEN 'geen geldige grondslag'
       WHEN (x.m & {BANENAFSPRAAK_BITS}) = 0 THEN 'alleen quotumgrondslag'
       ELSE coalesce({einde}, '') END AS uitsluiting,
  {cat} AS categorie, {sub} AS subcategorie, {regel} AS regel
FROM (SELECT g.*, {m} AS m FROM geldig g JOIN peil p USING (peildatum)) x
LEFT JOIN persoon_einde e USING (persoon_id)
"""


# the opgaven whose tijdvak contains the peildatum, of the population (RULES.md §3); paid work and beschut
# werk by the one SQL of the rule (werk.WERKZAAM_SQL, werk.BESCHUT_SQL: peil as r, opgave as o)
OPGAVEN = f"""
SELECT r.peildatum, o.rij, o.persoon_id, o.ikv_id, o.werkgever_id, o.sv_loon, o.aard_arbeidsverhouding,
  o.soort_baan, o.contractsoort, o.ikv_begin,
  o.verloonde_uren * CASE WHEN r.conversie = 'kalenderdagen'
                          THEN r.dagen_maand / (date_diff('day', o.opgave_begin, o.opgave_einde) + 1)
                          ELSE 1.0 END AS uren,
  {WERKZAAM_SQL} AS werkzaam, {BESCHUT_SQL} AS beschut
FROM peil r JOIN polis o ON o.opgave_begin <= r.peildatum AND o.opgave_einde >= r.peildatum
JOIN populatie q ON q.peildatum = r.peildatum AND q.persoon_id = o.persoon_id
"""

# the employer's row for the peildatum's year: its own, else the latest earlier, else the earliest later
# (RULES.md §4 via sector.werkgever_in_jaar); sector overheid by Wfsv sector and Ufo share
SECTOR = """
SELECT peildatum, werkgever_id,
  CASE WHEN coalesce(list_contains(overheid_sector, wfsv_sector), FALSE)
        AND (CASE WHEN ufo_inclusief THEN aandeel >= ufo_drempel ELSE aandeel > ufo_drempel END)
       THEN 'overheid' ELSE 'markt' END AS sector
FROM (
  SELECT p.peildatum, w.werkgever_id, p.ufo_inclusief, p.ufo_drempel, p.overheid_sector,
    arg_min(w.wfsv_sector, CASE WHEN w.jaar <= year(p.peildatum) THEN year(p.peildatum) - w.jaar
                                ELSE 1000 + w.jaar - year(p.peildatum) END) AS wfsv_sector,
    arg_min(CASE WHEN w.verloonde_uren_totaal > 0 THEN w.verloonde_uren_ufo / w.verloonde_uren_totaal ELSE 0 END,
            CASE WHEN w.jaar <= year(p.peildatum) THEN year(p.peildatum) - w.jaar
                 ELSE 1000 + w.jaar - year(p.peildatum) END) AS aandeel
  FROM peil p JOIN (SELECT DISTINCT peildatum, werkgever_id FROM opgaven) o ON o.peildatum = p.peildatum
  JOIN werkgever w ON w.werkgever_id = o.werkgever_id
  GROUP BY ALL) k
"""

# per (peildatum, persoon, ikv): beschut werk left out; several opgaven of one job added up (RULES.md §3)
IKV = """
SELECT o.peildatum, o.persoon_id, o.ikv_id,
  first(o.werkgever_id ORDER BY o.rij) AS werkgever_id, sum(o.uren) AS uren, max(o.sv_loon) AS sv_loon,
  first(o.aard_arbeidsverhouding ORDER BY o.rij) AS aard_arbeidsverhouding,
  first(o.soort_baan ORDER BY o.rij) AS soort_baan, last(o.contractsoort ORDER BY o.rij) AS contractsoort,
  first(o.ikv_begin ORDER BY o.rij) AS ikv_begin, bool_or(o.werkzaam) AS werkzaam
FROM opgaven o WHERE NOT o.beschut
GROUP BY o.peildatum, o.persoon_id, o.ikv_id
"""

IKV_COMPLEET = """
SELECT i.*, i.uren / p.uren_per_maand AS banen,
  coalesce(list_contains(p.inleen_aard, i.aard_arbeidsverhouding), FALSE)
   OR coalesce(list_contains(p.inleen_soort_baan, i.soort_baan), FALSE) AS inleen,
  s.sector, q.categorie
FROM ikv i JOIN peil p USING (peildatum)
LEFT JOIN sector s ON s.peildatum = i.peildatum AND s.werkgever_id = i.werkgever_id
JOIN populatie q ON q.peildatum = i.peildatum AND q.persoon_id = i.persoon_id
ORDER BY i.peildatum, i.persoon_id, i.ikv_id
"""


# --------------------------------------------------------------------------- running the rules

def _register_tabel(reg: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The register with each row's end under the t+2 scenario (``register.einde_in_scenario``) and
    the bit of its grondslag."""
    return pd.DataFrame({"persoon_id": reg["persoon_id"].to_numpy(), "bit": reg["grondslag"].map(_BIT).astype("int64").to_numpy(),
                         "registratie_begin": reg["registratie_begin"].to_numpy(dtype="datetime64[s]"),
                         "einde": einde_in_scenario(reg, scenario).to_numpy(dtype="datetime64[s]")})


def _persoon_einde(persoon: pd.DataFrame) -> pd.DataFrame:
    """Per person the earliest at-once end from the person data and its reason
    (``register.eerste_directe_einde``, the one definition)."""
    e = eerste_directe_einde(persoon, persoon["persoon_id"].to_numpy())
    return pd.DataFrame({"persoon_id": persoon["persoon_id"].to_numpy(), "directe_einde": e["datum"].to_numpy(),
                         "directe_reden": e["reden"].where(e["reden"] != "", None).to_numpy()})


@dataclass
class Telling:
    """What the engine counted for a set of peildata: ``status`` per (peildatum, persoon) with a valid
    registration row (snapshot, RULES.md §2), ``ikv`` per (peildatum, persoon, ikv) of the population
    (RULES.md §3, §4)."""

    peildata: list[pd.Timestamp]
    status: pd.DataFrame
    ikv: pd.DataFrame
    scenario: str
    directe_einden: bool

    def populatie(self, peildatum) -> pd.DataFrame:
        """Persons in the banenafspraak population on the peildatum, with their category."""
        p = ts(peildatum)
        s = self.status.loc[(self.status["datum"] == p) & self.status["in_populatie"]]
        return s[["persoon_id", "categorie", "subcategorie", "regel"]].reset_index(drop=True)

    def ikv_op(self, peildatum) -> pd.DataFrame:
        """The inkomstenverhoudingen of the population on the peildatum."""
        p = ts(peildatum)
        return self.ikv.loc[self.ikv["peildatum"] == p].drop(columns="peildatum").reset_index(drop=True)


def verbinding():
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    return con


def _grondslag_tekst(masker: np.ndarray) -> np.ndarray:
    """Comma-separated grondslag codes of each bitmask (vectorised over persons)."""
    masker = np.asarray(masker, dtype=np.int64)
    tekst = np.full(len(masker), "", dtype=object)
    for g, bit in sorted(_BIT.items()):
        heeft = (masker & bit) != 0
        tekst[heeft] = tekst[heeft] + np.where(tekst[heeft] == "", "", ",") + g
    return tekst


STATUS_KOLOMMEN = ["persoon_id", "datum", "masker", "grondslagen", "in_populatie", "uitsluiting", "categorie",
                   "subcategorie", "regel"]


def _register_regels(con, reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str) -> None:
    """Tables ``peil``, ``register`` and ``persoon_einde`` on ``con``."""
    con.register("peil_df", peil_tabel(peildata))
    con.execute(f"CREATE TEMP TABLE peil AS {PEIL}")
    con.register("register", _register_tabel(reg, scenario))
    con.register("persoon_einde", _persoon_einde(persoon))


def _status_frame(df: pd.DataFrame) -> pd.DataFrame:
    df = df.rename(columns={"peildatum": "datum"})
    df["datum"] = df["datum"].astype("datetime64[s]")
    df["in_populatie"] = (df["uitsluiting"] == "") & (df["categorie"] != "")
    df["grondslagen"] = pd.Series(_grondslag_tekst(df["masker"].to_numpy()), dtype=object, index=df.index)
    for k in ("uitsluiting", "categorie", "subcategorie", "regel"):
        df[k] = df[k].astype(object)
    return df[STATUS_KOLOMMEN]


def status_paren(reg: pd.DataFrame, persoon: pd.DataFrame, paren: pd.DataFrame, scenario: str = "geregistreerd",
                 directe_einden: bool = True) -> pd.DataFrame:
    """Register status of (persoon_id, datum) pairs, one row per pair in the pairs' order
    (``register.status_op`` documents the rule and the columns)."""
    paren = paren[["persoon_id", "datum"]].reset_index(drop=True)
    if paren.empty:
        return pd.DataFrame({k: pd.Series(dtype="datetime64[s]" if k == "datum" else bool if k == "in_populatie"
                                          else "int64" if k == "masker" else object) for k in STATUS_KOLOMMEN})
    con = verbinding()
    _register_regels(con, reg, persoon, paren["datum"].unique(), scenario)
    con.register("paren_df", pd.DataFrame({"paar": np.arange(len(paren), dtype=np.int64),
                                           "persoon_id": paren["persoon_id"].to_numpy(dtype=object),
                                           "peildatum": paren["datum"].to_numpy(dtype="datetime64[s]")}))
    con.execute("CREATE TEMP TABLE paren AS SELECT paar, persoon_id, CAST(peildatum AS DATE) AS peildatum FROM paren_df")
    con.execute(f"CREATE TEMP TABLE geldig AS {GELDIG_PAREN}")
    df = con.execute(f"SELECT * FROM ({status_sql(directe_einden)}) ORDER BY paar").df()
    con.close()
    return _status_frame(df)


def snapshot_op(reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str = "geregistreerd",
                directe_einden: bool = True) -> pd.DataFrame:
    """The "foto" of the register on every peildatum (``register.snapshot``): every person with a valid
    grondslag on that date, with the status columns, ordered by date and person."""
    peildata = sorted({ts(d) for d in peildata})
    con = verbinding()
    _register_regels(con, reg, persoon, peildata, scenario)
    con.execute(f"CREATE TEMP TABLE geldig AS {GELDIG}")
    df = con.execute(f"SELECT * FROM ({status_sql(directe_einden)}) ORDER BY peildatum, persoon_id").df()
    con.close()
    return _status_frame(df)


def tel(tabellen, peildata, scenario: str = "geregistreerd", directe_einden: bool = True) -> Telling:
    """Count on every peildatum of ``peildata`` in one pass (RULES.md §2-§4): the snapshot of the register,
    the opgaven of the population whose tijdvak contains the peildatum, banen per inkomstenverhouding with
    werkzaam, inleen and sector."""
    peildata = sorted({ts(d) for d in peildata})
    con = verbinding()
    _register_regels(con, tabellen["doelgroepregister"], tabellen["persoon"], peildata, scenario)
    polis = tabellen["polis"]
    con.register("polis", polis.assign(rij=np.arange(len(polis), dtype=np.int64)))
    con.register("werkgever", tabellen["werkgever"])
    con.execute(f"CREATE TEMP TABLE geldig AS {GELDIG}")
    con.execute(f"CREATE TEMP TABLE status AS {status_sql(directe_einden)}")
    con.execute("CREATE TEMP TABLE populatie AS SELECT peildatum, persoon_id, categorie FROM status "
                "WHERE uitsluiting = '' AND categorie <> ''")
    con.execute(f"CREATE TEMP TABLE opgaven AS {OPGAVEN}")
    con.execute(f"CREATE TEMP TABLE sector AS {SECTOR}")
    con.execute(f"CREATE TEMP TABLE ikv AS {IKV}")
    ikv = con.execute(IKV_COMPLEET).df()
    status = _status_frame(con.execute("SELECT * FROM status ORDER BY peildatum, persoon_id").df())
    con.close()
    ikv["peildatum"] = ikv["peildatum"].astype("datetime64[s]")
    for k in ("persoon_id", "ikv_id", "werkgever_id", "aard_arbeidsverhouding", "soort_baan", "contractsoort",
              "sector", "categorie"):
        ikv[k] = ikv[k].astype(object)
    ikv["ikv_begin"] = ikv["ikv_begin"].astype("datetime64[s]")
    if ikv["sector"].isna().any():  # cannot happen after the contract check; say so if it does
        onbekend = ikv.loc[ikv["sector"].isna(), "werkgever_id"].unique()[:5]
        raise ValueError(f"werkgever onbekend in werkgever: {', '.join(map(str, onbekend))}")
    return Telling(peildata, status, ikv, scenario, directe_einden)
