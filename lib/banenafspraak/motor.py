"""The counting engine: the register and banen rules (RULES.md §2-§4) as DuckDB relations over the
input tables, for a *set* of peildata in one pass.

Each rule is one named SQL definition below, composed in Python; the dated parameters enter as a
small table with one row per peildatum (``peil``), never as literals in the SQL, so that a rule
change is one YAML edit.

- :func:`geldig_sql` (RULES.md §2): the registration rows valid on each peildatum under a t+2 scenario,
  with the grondslag bits; in the quarterly reports the Wsw and Wiw/ID rows on 1 January (or 1 July) of
  the peildatum's year (run parameter ``jaargrondslagen``, :func:`jaardatum`);
- :func:`status_sql` (RULES.md §2): per (peildatum, persoon) the status: the valid grondslagen, the
  exclusion (WSW_BESCHUT, quotum only, at-once ends from the person data), category and subcategory
  by the priority rules (``register.CATEGORIE_REGELS``);
- :data:`OPGAVEN` (RULES.md §3): the opgaven whose tijdvak contains the peildatum, hours converted to
  the calendar month, paid work, beschut werk;
- :data:`SECTOR` (RULES.md §4): the sector of each employer in the urendatum's year;
- :data:`IKV_KAAL`, :data:`IKV_COMPLEET` (RULES.md §3, §4): per (peildatum, persoon, inkomstenverhouding)
  of the population the monthly hours, banen, werkzaam, inleen and the sector of the employer;
- :data:`PER_PERSOON` (RULES.md §3): per (peildatum, persoon) of the population banen, uren, werkzaam;
- ``regio.regio_sql`` (RULES.md §3, §6): the arbeidsmarktregio of the woonplaats on the peildatum.

A peildatum carries two dates (:class:`Peil`): the date of the doelgroep snapshot and the date whose
loonaangiftetijdvak gives the hours. They are the same except for the nulmeting of the landelijke
monitor: doelgroep on 1 January 2013, hours of December 2012 (RULES.md §3, S3 Q35, Q50).

The polis and the werkgever table are read by DuckDB straight from their parquet files when the input
is a data directory read by ``loading.lees_map`` (projection and filter pushdown: only the columns and
row groups the peildata need), otherwise from the DataFrames (hand-built tests, CSV input): the same
SQL either way.

The results stay in DuckDB (:class:`Telling`): relations per (peildatum, persoon) and (peildatum, persoon,
ikv) with every attribute a report groups by, aggregated with :meth:`Telling.sql`; only the small
results come to pandas.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .dates import ts
from .parameters import parameter, parameter_waarden
from .regio import ONBEKEND, regio_jaar_sql, regio_sql, registreer_bronnen
from .verbinding import naar_pandas, standaard_geheugen, verbinding
from .werk import BESCHUT_LIJST_SQL, WERKZAAM_SQL, polis_views, tijdvak_overlapt_sql
from .register import _BIT, CATEGORIE_REGELS, bits, eerste_directe_einde, einde_in_scenario

# --------------------------------------------------------------------------- parameters as tables

class Peil(NamedTuple):
    """A peildatum of the engine: ``peildatum``, the date of the doelgroep snapshot (register, person
    data, region), and ``urendatum``, the date whose loonaangiftetijdvak gives the hours, the employer's
    year and the banen parameters (RULES.md §3: the nulmeting is the doelgroep of 1 January 2013 with the
    hours of December 2012). Results are keyed by ``peildatum``."""

    peildatum: pd.Timestamp
    urendatum: pd.Timestamp

    @classmethod
    def van(cls, x) -> "Peil":
        """A :class:`Peil` from a Peil, a pair (peildatum, urendatum) or one date (both dates the same)."""
        if isinstance(x, tuple):
            return cls(ts(x[0]), ts(x[1]))
        return cls(ts(x), ts(x))


def peilen(peildata) -> list[Peil]:
    """The peildata as :class:`Peil`, sorted by peildatum, one per peildatum (two different hour dates
    for one peildatum are refused: the results are keyed by peildatum)."""
    uit: dict[pd.Timestamp, Peil] = {}
    for x in peildata:
        p = Peil.van(x)
        if p.peildatum in uit and uit[p.peildatum] != p:
            raise ValueError(f"peildatum {p.peildatum:%d-%m-%Y} met twee urendata: {uit[p.peildatum].urendatum:%d-%m-%Y} "
                             f"en {p.urendatum:%d-%m-%Y}")
        uit[p.peildatum] = p
    return [uit[k] for k in sorted(uit)]


REGISTER_PARAMETERS = {"wml_onder_pw"}  # read on the peildatum (doelgroep); the others on the urendatum
PEIL_PARAMETERS = {  # column of ``peil`` -> dated parameter, read on the peildatum or the urendatum
    "wml_onder_pw": "register.wml_voorziening_onder_pw",
    "uren_per_maand": "banen.uren_per_maand",
    "drempel": "banen.werkzaam_loon_groter_dan",
    "conversie": "banen.tijdvak_conversie",
    "ufo_drempel": "sector.ufo_drempel",
    "ufo_inclusief": "sector.ufo_drempel_inclusief",
    "verdeelsleutel_overheid": "sector.verdeelsleutel_overheid",
}
PEIL_CODES = {  # column of ``peil`` (comma-separated codes) -> dated list parameter, read on the urendatum
    "beschut": "banen.beschut_werk_aarden",
    "inleen_aard": "sector.inleen_aarden",
    "inleen_soort_baan": "sector.inleen_soort_baan",
    "overheid_sector": "sector.overheid_wfsv_sectoren",
}


JAARGRONDSLAGEN = ("actueel", "jaarbegin", "halfjaar")


def jaardatum(peildatum, jaargrondslagen: str) -> pd.Timestamp:
    """The date on which the Wsw and Wiw/ID grondslagen (parameter ``register.jaargrondslagen``) are
    tested for a peildatum (RULES.md §2 decision, quarterly reports): ``jaarbegin`` 1 January of its
    year; ``halfjaar`` 1 January for January-June, 1 July for July-December; ``actueel`` (the landelijke
    monitor) the peildatum itself."""
    p = ts(peildatum)
    if jaargrondslagen not in JAARGRONDSLAGEN:
        raise ValueError(f"jaargrondslagen moet een van {', '.join(JAARGRONDSLAGEN)} zijn, niet {jaargrondslagen!r}")
    if jaargrondslagen == "actueel":
        return p
    return pd.Timestamp(p.year, 7 if (jaargrondslagen == "halfjaar" and p.month >= 7) else 1, 1).as_unit("s")


def extractiedatum(peildatum, volledigheid_maanden: int | None) -> pd.Timestamp | None:
    """The date of the polis as delivered for a quarterly figure (RULES.md §2 decision, late
    loonaangiften): ``volledigheid_maanden`` months after the peildatum (31 March + 4 = 31 July); None
    (the landelijke monitor) or 0: no cut-off, the complete polis."""
    if volledigheid_maanden is None or volledigheid_maanden == 0:
        return None
    if isinstance(volledigheid_maanden, bool) or not isinstance(volledigheid_maanden, (int, np.integer)) or volledigheid_maanden < 0:
        raise ValueError(f"volledigheid_maanden moet een geheel getal van 0 of meer zijn, niet {volledigheid_maanden!r}")
    return (ts(peildatum) + pd.DateOffset(months=int(volledigheid_maanden))).as_unit("s")


def peil_tabel(peildata, jaargrondslagen: str = "actueel", volledigheid_maanden: int | None = None) -> pd.DataFrame:
    """One row per peildatum (:func:`peilen`) with its ``urendatum``, the dated parameters in force
    (``PEIL_PARAMETERS``: the register's on the peildatum, the banen and sector parameters on the
    urendatum), the code lists (``PEIL_CODES``, comma-separated; :data:`PEIL` makes them lists) and
    ``dagen_maand`` (days in the calendar month of the urendatum); ``jaardatum`` and ``jaar_bits``: the
    quarterly 1-January rule (:func:`jaardatum`; ``jaar_bits`` 0 with ``actueel``); ``extractiedatum``:
    the completeness rule (:func:`extractiedatum`; empty: the complete polis)."""
    rijen = []
    for pl in peilen(peildata):
        p, u = pl
        jaar = [g for g in parameter("register.jaargrondslagen", p)] if jaargrondslagen != "actueel" else []
        rij = {"peildatum": p, "urendatum": u, "dagen_maand": u.days_in_month,
               "jaardatum": jaardatum(p, jaargrondslagen), "jaar_bits": bits(*jaar) if jaar else 0,
               "extractiedatum": extractiedatum(p, volledigheid_maanden)}
        rij.update({k: parameter(naam, p if k in REGISTER_PARAMETERS else u) for k, naam in PEIL_PARAMETERS.items()})
        for soort, naam in PEIL_CODES.items():
            codes = [str(c) for c in parameter(naam, u)]
            if any("," in c for c in codes):
                raise ValueError(f"parameter {naam}: een code met een komma ({codes})")
            rij[soort] = ",".join(codes)
        rijen.append(rij)
    peil = pd.DataFrame(rijen).astype({"peildatum": "datetime64[s]", "urendatum": "datetime64[s]",
                                       "jaardatum": "datetime64[s]", "extractiedatum": "datetime64[s]", "jaar_bits": "int64", "wml_onder_pw": bool, "uren_per_maand": float,
                                       "drempel": float, "ufo_drempel": float, "ufo_inclusief": bool,
                                       "verdeelsleutel_overheid": float})
    onbekend = set(peil["conversie"]) - {"kalenderdagen", "geen"}
    if onbekend:
        raise ValueError(f"onbekende tijdvakconversie {sorted(onbekend)[0]!r}")
    return peil


# the code lists as lists; ``beschut`` also as ``beschut_lijst``, read by the shared SQL of the rule (werk.BESCHUT_LIJST_SQL)
PEIL = ("SELECT * REPLACE (CAST(peildatum AS DATE) AS peildatum, CAST(urendatum AS DATE) AS urendatum, "
        "CAST(jaardatum AS DATE) AS jaardatum, CAST(extractiedatum AS DATE) AS extractiedatum, "
        + ", ".join(f"string_split({k}, ',') AS {k}" for k in PEIL_CODES if k != "beschut")
        + "), string_split(beschut, ',') AS beschut_lijst FROM peil_df")


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


# registration rows valid on each peildatum (RULES.md §2: begin on or before, the scenario's end on or after).
# An at-once end of the registration (``register.direct``: a reason of parameter ``register.directe_einde_redenen``,
# S2 Q11) ends *all* grondslagen of the person: a row that began on or before such an end on another row is not
# valid on a peildatum after that end (a row that begins after it, a re-registration, is). The quarterly
# 1-January rule (RULES.md §2 decision, run parameter ``jaargrondslagen``): a row whose grondslag is in
# ``peil.jaar_bits`` (parameter ``register.jaargrondslagen``) is tested on ``peil.jaardatum`` instead; the
# at-once ends still apply on the peildatum. With ``actueel`` jaar_bits is 0: every row on the peildatum.
def geldig_rijen_sql(paren: bool = False, jaarregel: bool = True) -> str:
    """SQL: (peildatum, persoon_id, bit, rij) of every registration row valid on a peildatum of ``peil``
    (all persons), or with ``paren`` only for the (peildatum, persoon_id) pairs of table ``paren``.
    ``jaarregel`` False (every ``peil.jaar_bits`` 0, ``actueel``): the rows on the peildatum only."""
    def van(datum):
        if paren:
            return (f"FROM peil p JOIN (SELECT DISTINCT peildatum, persoon_id FROM paren) x ON x.peildatum = p.peildatum "
                    f"JOIN register r ON r.persoon_id = x.persoon_id AND r.registratie_begin <= p.{datum} "
                    f"AND (r.einde IS NULL OR r.einde >= p.{datum})")
        return f"FROM peil p JOIN register r ON r.registratie_begin <= p.{datum} AND (r.einde IS NULL OR r.einde >= p.{datum})"

    niet_direct = ("NOT EXISTS (SELECT 1 FROM register d WHERE d.direct AND d.persoon_id = r.persoon_id "
                   "AND d.einde >= r.registratie_begin AND d.einde < p.peildatum)")
    if not jaarregel:
        return f"SELECT p.peildatum, r.persoon_id, r.bit, r.rij {van('peildatum')} WHERE {niet_direct}"
    return f"""
SELECT p.peildatum, r.persoon_id, r.bit, r.rij {van('peildatum')}
WHERE (r.bit & p.jaar_bits) = 0 AND {niet_direct}
UNION ALL
SELECT p.peildatum, r.persoon_id, r.bit, r.rij {van('jaardatum')}
WHERE (r.bit & p.jaar_bits) <> 0 AND {niet_direct}
"""


def geldig_sql(jaarregel: bool = True) -> str:
    """SQL: per (peildatum, persoon) with a valid registration row the bits of its valid grondslagen."""
    return (f"SELECT peildatum, persoon_id, bit_or(bit) AS masker FROM ({geldig_rijen_sql(jaarregel=jaarregel)}) "
            "GROUP BY peildatum, persoon_id")


GELDIG = geldig_sql()

# the same for given (persoon, datum) pairs (``paar`` numbers them): every pair, masker 0 when none is valid
GELDIG_PAREN = f"""
SELECT x.paar, x.peildatum, x.persoon_id, coalesce(bit_or(g.bit), 0) AS masker
FROM paren x LEFT JOIN ({geldig_rijen_sql(paren=True)}) g ON g.persoon_id = x.persoon_id AND g.peildatum = x.peildatum
GROUP BY x.paar, x.peildatum, x.persoon_id
"""

BANENAFSPRAAK_BITS = bits(*[g for g in _BIT if g not in ("WSW_BESCHUT", "QUOTUM_VOORZIENING")])


def status_sql(directe_einden: bool, kern: bool = False) -> str:
    """Per (peildatum, persoon) with a valid registration row: the snapshot's status (RULES.md §2;
    ``register.status_op`` documents the columns). PW_WML_VOORZIENING counts only while
    ``register.wml_voorziening_onder_pw`` holds on the peildatum. ``kern``: instead of category,
    subcategory and rule the effective bits ``m`` they follow from (:data:`MASKER_CATEGORIE`: the engine
    keeps its status of many peildata compact and looks the texts up per distinct ``m``)."""
    m = f"CASE WHEN p.wml_onder_pw THEN g.masker ELSE g.masker & ~{_BIT['PW_WML_VOORZIENING']} END"
    cat, sub, regel = _categorie_sql("m")
    einde = ("CASE WHEN e.directe_einde IS NOT NULL AND e.directe_einde <= x.peildatum THEN e.directe_reden END"
             if directe_einden else "NULL")
    teksten = "x.m" if kern else f"{cat} AS categorie, {sub} AS subcategorie, {regel} AS regel"
    return f"""
SELECT x.* EXCLUDE (m),
  CASE WHEN (x.m & {_BIT['WSW_BESCHUT']}) <> 0 THEN 'beschut werk Wsw (WSW_BESCHUT geldig)'
       WHEN x.masker = 0 THEN 'geen geldige grondslag'
       WHEN (x.m & {BANENAFSPRAAK_BITS}) = 0 THEN coalesce({einde}, 'alleen quotumgrondslag')
       ELSE coalesce({einde}, '') END AS uitsluiting,
  {teksten}
FROM (SELECT g.*, {m} AS m FROM geldig g JOIN peil p USING (peildatum)) x
LEFT JOIN persoon_einde e USING (persoon_id)
"""


def _masker_categorie_sql(bron: str) -> str:
    """SQL: per distinct effective bits ``m`` of ``bron`` the category, subcategory and rule (RULES.md §2)."""
    cat, sub, regel = _categorie_sql("m")
    return f"SELECT m, {cat} AS categorie, {sub} AS subcategorie, {regel} AS regel FROM (SELECT DISTINCT m FROM {bron})"


def uren_sql(o: str = "o", r: str = "r") -> str:
    """SQL: the verloonde uren of an opgave (alias ``o``) as a monthly total on its ``peil`` row (alias
    ``r``) (RULES.md §3 decision, parameter ``banen.tijdvak_conversie``): ``kalenderdagen``: uren x days
    in the calendar month of the urendatum / days in the tijdvak; otherwise as reported."""
    return (f"{o}.verloonde_uren * CASE WHEN {r}.conversie = 'kalenderdagen' "
            f"THEN {r}.dagen_maand / (date_diff('day', {o}.opgave_begin, {o}.opgave_einde) + 1) ELSE 1.0 END")


UREN_SQL = uren_sql()
# the opgaven whose loonaangiftetijdvak contains the urendatum of a peildatum (RULES.md §3): ``polis_peil``
# holds each opgave once per urendatum its tijdvak contains (:func:`registreer_polis`)
OPGAVEN_PEIL = "peil r JOIN polis_peil o ON o.urendatum = r.urendatum"
# late loonaangiften (RULES.md §2 decision, quarterly reports): an opgave processed after the extraction
# date of the peildatum (``peil.extractiedatum``) was not in the polis as delivered; no extraction date (the
# monitor) or no verwerkingsdatum (the column is optional; an empty value is taken as processed): in it
LAAT_SQL = ("coalesce(r.extractiedatum IS NOT NULL AND o.verwerkingsdatum IS NOT NULL "
            "AND o.verwerkingsdatum > r.extractiedatum, FALSE)")
# those of the population, with paid work and beschut werk by the one SQL of the rule (werk.WERKZAAM_SQL,
# werk.BESCHUT_LIJST_SQL: peil as r, opgave as o), the monthly hours (uren_sql) and ``laat`` (LAAT_SQL)
OPGAVEN = f"""
SELECT r.peildatum, o.rij, o.persoon_id, o.ikv_id, o.werkgever_id, o.sv_loon, o.aard_arbeidsverhouding,
  o.soort_baan, o.contractsoort, o.ikv_begin, o.tijdvak_type, {UREN_SQL} AS uren,
  {WERKZAAM_SQL} AS werkzaam, {BESCHUT_LIJST_SQL} AS beschut, {LAAT_SQL} AS laat, q.categorie
FROM {OPGAVEN_PEIL}
JOIN populatie q ON q.peildatum = r.peildatum AND q.persoon_id = o.persoon_id
"""
# every opgave of the peildatum's tijdvak with the rules applied to it, in the population or not (``verklaar``):
# ``loon`` paid work, ``beschut`` beschut werk, ``werkzaam`` what makes a person werkzaam in the banenafspraak,
# paid work that is not beschut werk (in OPGAVEN beschut werk is left out when the jobs are formed, IKV_KAAL)
OPGAVEN_DETAIL = f"""
SELECT *, loon AND NOT beschut AS werkzaam FROM (
  SELECT r.peildatum, o.rij, o.persoon_id, o.ikv_id, o.werkgever_id, o.tijdvak_type, o.opgave_begin, o.opgave_einde,
    o.verloonde_uren, o.sv_loon, o.aard_arbeidsverhouding, {UREN_SQL} AS uren, r.conversie,
    {WERKZAAM_SQL} AS loon, {BESCHUT_LIJST_SQL} AS beschut
  FROM {OPGAVEN_PEIL})
"""

# the sector rule itself (RULES.md §4) over columns wfsv_sector and aandeel (Ufo / total hours) with the parameters
# of a ``peil`` row (overheid_sector, ufo_inclusief, ufo_drempel): the sector of an employer, and of a fiscaal nummer
# (quotum)
SECTOR_REGEL = ("CASE WHEN coalesce(list_contains(overheid_sector, wfsv_sector), FALSE) "
                "AND (CASE WHEN ufo_inclusief THEN aandeel >= ufo_drempel ELSE aandeel > ufo_drempel END) "
                "THEN 'overheid' ELSE 'markt' END")

def jaar_afstand_sql(rij_jaar: str, jaar: str) -> str:
    """SQL: how far an employer's row of ``rij_jaar`` is from ``jaar`` in the order of RULES.md §4: its own year (0),
    else the latest earlier, else the earliest later (the smallest distance is the row that applies)."""
    return f"CASE WHEN {rij_jaar} <= {jaar} THEN {jaar} - {rij_jaar} ELSE 1000 + {rij_jaar} - {jaar} END"


# the employer's row for the urendatum's year: its own, else the latest earlier, else the earliest later
# (RULES.md §4); sector overheid by Wfsv sector and Ufo share with the parameters on the urendatum. The own
# year is an equi-join on the key (werkgever_id, jaar); only employers without a row for that year look
# further. ``paren``: a relation with (peildatum, werkgever_id), peildata of ``peil``.
def sector_sql(paren: str) -> str:
    """SQL: per (peildatum, werkgever_id) of ``paren`` the employer's sector (RULES.md §4) and the
    verloonde uren of its row for the year (``verloonde_uren_totaal``)."""
    afstand = jaar_afstand_sql("w.jaar", "k.jaar")
    return f"""
WITH k AS (SELECT DISTINCT o.peildatum, o.werkgever_id, year(p.urendatum) AS jaar FROM {paren} o JOIN peil p USING (peildatum)),
eigen AS (SELECT k.peildatum, k.werkgever_id, w.wfsv_sector, w.verloonde_uren_ufo, w.verloonde_uren_totaal
          FROM k JOIN werkgever w ON w.werkgever_id = k.werkgever_id AND w.jaar = k.jaar),
ander AS (SELECT k.peildatum, k.werkgever_id, arg_min(w.wfsv_sector, {afstand}) AS wfsv_sector,
            arg_min(w.verloonde_uren_ufo, {afstand}) AS verloonde_uren_ufo,
            arg_min(w.verloonde_uren_totaal, {afstand}) AS verloonde_uren_totaal
          FROM (SELECT * FROM k ANTI JOIN eigen USING (peildatum, werkgever_id)) k
          JOIN werkgever w ON w.werkgever_id = k.werkgever_id GROUP BY k.peildatum, k.werkgever_id),
rij AS (SELECT * FROM eigen UNION ALL SELECT * FROM ander)
SELECT peildatum, werkgever_id, {SECTOR_REGEL} AS sector, verloonde_uren_totaal
FROM (SELECT r.*, p.overheid_sector, p.ufo_inclusief, p.ufo_drempel,
        CASE WHEN r.verloonde_uren_totaal > 0 THEN r.verloonde_uren_ufo / r.verloonde_uren_totaal ELSE 0 END AS aandeel
      FROM rij r JOIN peil p USING (peildatum))
"""



SECTOR = sector_sql("opgaven")

# inleen (RULES.md §4): aard_arbeidsverhouding or soort_baan among the codes on the urendatum (peil p, job i)
def inleen_sql(i: str = "i", p: str = "p") -> str:
    """SQL: the opgave (alias ``i``) is inleen by the codes of its ``peil`` row (alias ``p``), RULES.md §4."""
    return (f"coalesce(list_contains({p}.inleen_aard, {i}.aard_arbeidsverhouding), FALSE) "
            f"OR coalesce(list_contains({p}.inleen_soort_baan, {i}.soort_baan), FALSE)")


INLEEN_SQL = inleen_sql()

# per (peildatum, persoon, ikv): beschut werk and late opgaven left out; several opgaven of one job added up, the job's
# attributes from its first opgave in the file, the contract from its last (RULES.md §3). The sums and the
# positions of the first and last opgave are aggregated first, the attributes joined from those two rows
# afterwards: an aggregate that carries every attribute per job held 1,8 GB more at a quarterly series of
# schaal 1 (34 peildata)
IKV_KAAL = """
WITH a AS (
  SELECT peildatum, persoon_id, ikv_id, sum(uren) AS uren, max(sv_loon) AS sv_loon, bool_or(werkzaam) AS werkzaam,
    min(rij) AS eerste, max(rij) AS laatste
  FROM opgaven WHERE NOT beschut AND NOT laat GROUP BY peildatum, persoon_id, ikv_id)
SELECT a.peildatum, a.persoon_id, a.ikv_id, e.werkgever_id, a.uren, a.sv_loon, e.aard_arbeidsverhouding, e.soort_baan,
  CASE WHEN a.laatste = a.eerste THEN e.contractsoort ELSE l.contractsoort END AS contractsoort, e.ikv_begin, a.werkzaam,
  e.categorie
FROM a JOIN opgaven e ON e.peildatum = a.peildatum AND e.rij = a.eerste
LEFT JOIN (SELECT peildatum, rij, contractsoort FROM opgaven) l ON a.laatste <> a.eerste AND l.peildatum = a.peildatum AND l.rij = a.laatste
"""

# with banen, inleen (RULES.md §4), the employer's sector and the person's category
IKV_COMPLEET = f"""
SELECT i.* EXCLUDE (categorie), i.uren / p.uren_per_maand AS banen, {INLEEN_SQL} AS inleen,
  s.sector, i.categorie
FROM ({IKV_KAAL}) i JOIN peil p USING (peildatum)
LEFT JOIN sector s ON s.peildatum = i.peildatum AND s.werkgever_id = i.werkgever_id
"""

# what the completeness rule left out (RULES.md §2 decision), per peildatum and tijdvak type, of the
# population's opgaven that are not beschut werk: all opgaven, those left out, the persons with one left
# out, and the banen of the left-out opgaven (and the persons with an opgave of the type) (their monthly hours / uren_per_maand)
VOLLEDIGHEID = """
SELECT o.peildatum, o.tijdvak_type, count(*) AS opgaven, count(DISTINCT o.persoon_id) AS personen,
  count(*) FILTER (WHERE o.laat) AS opgaven_weggelaten,
  count(DISTINCT o.persoon_id) FILTER (WHERE o.laat) AS personen_weggelaten,
  coalesce(sum(o.uren) FILTER (WHERE o.laat), 0.0) / any_value(p.uren_per_maand) AS banen_weggelaten
FROM opgaven o JOIN peil p USING (peildatum) WHERE NOT o.beschut
GROUP BY o.peildatum, o.tijdvak_type
"""

# per (peildatum, persoon) with a job: banen regulier per sector of the employer and inleen (RULES.md §4),
# and whether the person has banen in each (the persons behind a cell, RULES.md §10); the landelijke monitor
# allocates the inleen with the verdeelsleutel, the quarterly reports keep it as a soort of its own
BANEN_PER_SOORT = """
SELECT peildatum, persoon_id,
  coalesce(sum(banen) FILTER (WHERE NOT inleen AND sector = 'markt'), 0.0) AS b_markt,
  coalesce(sum(banen) FILTER (WHERE NOT inleen AND sector = 'overheid'), 0.0) AS b_overheid,
  coalesce(sum(banen) FILTER (WHERE inleen), 0.0) AS b_inleen,
  coalesce(bool_or(banen > 0 AND NOT inleen AND sector = 'markt'), FALSE) AS p_markt,
  coalesce(bool_or(banen > 0 AND NOT inleen AND sector = 'overheid'), FALSE) AS p_overheid,
  coalesce(bool_or(banen > 0 AND inleen), FALSE) AS p_inleen
FROM ikv GROUP BY peildatum, persoon_id
"""

# per (peildatum, persoon) of the population: the banen and verloonde uren of all jobs and whether werkzaam
# in any of them (RULES.md §3); a person without a job has 0 and is not werkzaam
PER_PERSOON = """
SELECT s.peildatum, s.persoon_id, s.categorie, s.subcategorie, s.regel, s.arbeidsmarktregio_code,
  s.arbeidsmarktregio_naam, coalesce(b.banen, 0.0) AS banen, coalesce(b.uren, 0.0) AS uren,
  coalesce(b.werkzaam, FALSE) AS werkzaam
FROM status s LEFT JOIN (SELECT peildatum, persoon_id, sum(banen) AS banen, sum(uren) AS uren, bool_or(werkzaam) AS werkzaam
                         FROM ikv GROUP BY peildatum, persoon_id) b USING (peildatum, persoon_id)
WHERE s.uitsluiting = '' AND s.categorie <> ''
"""


# --------------------------------------------------------------------------- running the rules

def _register_tabel(reg: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The register with each row's end under the t+2 scenario (``register.einde_in_scenario``), the
    bit of its grondslag, ``direct``: that end is an at-once end of the registration (its
    ``reden_einde`` in parameter ``register.directe_einde_redenen`` on the end date, and the end is the
    administered one, not a t+2 end of the scenario; RULES.md §2) and ``reden``: the ``reden_einde`` of an
    administered end (none for a scenario's own end)."""
    einde = einde_in_scenario(reg, scenario)
    direct = np.zeros(len(reg), dtype=bool)
    waarden = parameter_waarden("register.directe_einde_redenen").values
    for i, w in enumerate(waarden):
        tot = pd.Timestamp(waarden[i + 1].vanaf) if i + 1 < len(waarden) else None
        in_periode = (einde >= pd.Timestamp(w.vanaf)) & ((einde < tot) if tot is not None else True)
        direct |= (in_periode & reg["reden_einde"].isin(w.value)).fillna(False).to_numpy(dtype=bool)
    administratief = (einde == reg["registratie_einde"]).fillna(False).to_numpy(dtype=bool)
    direct &= administratief
    # the reason of the end as administered (the reasons of the flows, RULES.md §6); none for a scenario's own end
    reden = reg["reden_einde"].where(administratief & reg["reden_einde"].notna().to_numpy(), None).astype(object)
    return pd.DataFrame({"rij": np.arange(len(reg), dtype=np.int64),
                         "persoon_id": reg["persoon_id"].to_numpy(), "bit": reg["grondslag"].map(_BIT).astype("int64").to_numpy(),
                         "registratie_begin": reg["registratie_begin"].to_numpy(dtype="datetime64[s]"),
                         "einde": einde.to_numpy(dtype="datetime64[s]"), "direct": direct,
                         "reden": reden.to_numpy(dtype=object)})


_PERSOON_EINDE: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _persoon_einde(persoon: pd.DataFrame) -> pd.DataFrame:
    """Per person the earliest at-once end from the person data and its reason
    (``register.eerste_directe_einde``, the one definition); computed once per loaded table."""
    hit = _PERSOON_EINDE.get(id(persoon))
    if hit is not None and hit[0] is persoon:
        return hit[1]
    e = eerste_directe_einde(persoon)
    uit = pd.DataFrame({"persoon_id": persoon["persoon_id"].to_numpy(), "directe_einde": e["datum"].to_numpy(),
                        "directe_reden": e["reden"].where(e["reden"] != "", None).to_numpy()})
    _PERSOON_EINDE.clear()
    _PERSOON_EINDE[id(persoon)] = (persoon, uit)
    return uit


class Telling:
    """What the engine counted for a set of peildata, held by DuckDB as relations (RULES.md §2-§4):

    - ``status``: per (peildatum, persoon) with a valid registration row, the snapshot (RULES.md §2)
      with the region of residence (RULES.md §3); columns ``STATUS_KOLOMMEN`` (``peildatum`` for ``datum``);
    - ``ikv``: per (peildatum, persoon, inkomstenverhouding) of the population the hours, banen,
      werkzaam, inleen, sector, category (RULES.md §3, §4);
    - ``per_persoon``: per (peildatum, persoon) of the population the banen and uren of all jobs and
      whether werkzaam in any (RULES.md §3);
    - ``peil``: per peildatum its urendatum and the dated parameters in force;
    - ``opgaven_telling``: per peildatum the opgaven of the population whose tijdvak contains the
      urendatum (``opgaven``), of those the beschut werk (``beschut``) and the other ones left out as
      processed too late (``laat``, RULES.md §2), for the row reconciliation;
    - ``volledigheid``: per peildatum and tijdvak type what the completeness rule left out (RULES.md §2).

    Reports aggregate them with :meth:`sql` (only the small result comes to pandas); :attr:`status`,
    :attr:`ikv`, :meth:`populatie`, :meth:`ikv_op` and :meth:`per_persoon` give the rows as DataFrames
    (hand-worked tests, one person in ``verklaar``, ad-hoc questions). ``peilen``: per peildatum its
    :class:`Peil` (the date of the hours)."""

    def __init__(self, con, peilen_: list[Peil], scenario: str, directe_einden: bool, jaargrondslagen: str = "actueel",
                 volledigheid_maanden: int | None = None):
        self._con = con
        self.jaargrondslagen = jaargrondslagen
        self.volledigheid_maanden = volledigheid_maanden
        self.peildata = [p.peildatum for p in peilen_]
        self.peilen = {p.peildatum: p for p in peilen_}
        self.scenario = scenario
        self.directe_einden = directe_einden
        self._status: pd.DataFrame | None = None
        self._ikv: pd.DataFrame | None = None
        self.cache: dict = {}  # results derived from this counting, kept by the modules that compute them

    def sql(self, query: str, params: dict | None = None) -> pd.DataFrame:
        """The result of ``query`` over the relations ``status``, ``ikv``, ``per_persoon`` and ``peil``."""
        return naar_pandas(self._con, query, params)

    def registreer(self, naam: str, df: pd.DataFrame, datums=("peildatum",)) -> None:
        """A small table of a report (a mapping, a list of codes) as relation ``naam`` next to the
        counting, for :meth:`sql`; the columns ``datums`` as DATE."""
        self._con.register(f"{naam}_df", df)
        cast = ", ".join(f"CAST({k} AS DATE) AS {k}" for k in datums if k in df.columns)
        self._con.execute(f"CREATE OR REPLACE TEMP TABLE {naam} AS SELECT * {'REPLACE (' + cast + ')' if cast else ''} "
                          f"FROM {naam}_df")
        self._con.unregister(f"{naam}_df")

    def urendatum(self, peildatum) -> pd.Timestamp:
        """The date whose tijdvak gave the hours of the peildatum."""
        p = ts(peildatum)
        return self.peilen.get(p, Peil(p, p)).urendatum

    @property
    def status(self) -> pd.DataFrame:
        """Every status row, ordered by date and person (columns ``STATUS_KOLOMMEN``)."""
        if self._status is None:
            self._status = _status_frame(self.sql(f"{STATUS_SELECT} FROM status ORDER BY peildatum, persoon_id"))
        return self._status

    @property
    def ikv(self) -> pd.DataFrame:
        """Every job row, ordered by date, person and inkomstenverhouding."""
        if self._ikv is None:
            self._ikv = _ikv_frame(self.sql("SELECT * FROM ikv ORDER BY peildatum, persoon_id, ikv_id"))
        return self._ikv

    def _datum(self, peildatum) -> dict:
        return {"p": ts(peildatum).date()}

    def populatie(self, peildatum) -> pd.DataFrame:
        """Persons in the banenafspraak population on the peildatum, with their category and region."""
        kol = ", ".join(["persoon_id", "categorie", "subcategorie", "regel", *REGIO_KOLOMMEN])
        return self.sql(f"SELECT {kol} FROM status WHERE peildatum = $p AND uitsluiting = '' AND categorie <> '' "
                        "ORDER BY persoon_id", self._datum(peildatum))

    def ikv_op(self, peildatum) -> pd.DataFrame:
        """The inkomstenverhoudingen of the population on the peildatum."""
        return _ikv_frame(self.sql("SELECT * EXCLUDE (peildatum) FROM ikv WHERE peildatum = $p ORDER BY persoon_id, ikv_id",
                                   self._datum(peildatum)))

    def per_persoon(self, peildatum) -> pd.DataFrame:
        """The population on the peildatum with per person ``banen``, ``uren`` and ``werkzaam`` (RULES.md §3)."""
        return self.sql("SELECT * EXCLUDE (peildatum) FROM per_persoon WHERE peildatum = $p ORDER BY persoon_id",
                        self._datum(peildatum))

    def geldige_registraties(self, peildatum) -> pd.DataFrame:
        """The rows of the register counted that are valid on the peildatum (RULES.md §2: the counting's
        t+2 scenario and 1-January rule), ``rij`` their position in that table, with ``in_populatie``:
        their person is in the banenafspraak population then (the row reconciliation, ``verklaar``)."""
        return self.sql(f"SELECT g.rij, coalesce(s.uitsluiting = '' AND s.categorie <> '', FALSE) AS in_populatie "
                        f"FROM ({geldig_rijen_sql(jaarregel=self.jaargrondslagen != 'actueel')}) g "
                        "LEFT JOIN status s USING (peildatum, persoon_id) WHERE g.peildatum = $p ORDER BY g.rij",
                        self._datum(peildatum))

    def volledigheid(self) -> pd.DataFrame:
        """Per peildatum and tijdvak type what the completeness rule left out (:data:`VOLLEDIGHEID`)."""
        df = self.sql("SELECT * FROM volledigheid ORDER BY peildatum, tijdvak_type")
        df["peildatum"] = df["peildatum"].astype("datetime64[s]")
        return df

    def opgaven_telling(self, peildatum) -> tuple[int, int]:
        """The opgaven of the population whose tijdvak contains the peildatum's urendatum, and of those
        the beschut werk (RULES.md §3): the polis steps of the row reconciliation, counted in the pass."""
        df = self.sql("SELECT opgaven, beschut FROM opgaven_telling WHERE peildatum = $p", self._datum(peildatum))
        return (int(df["opgaven"].iloc[0]), int(df["beschut"].iloc[0])) if len(df) else (0, 0)


def _ikv_frame(df: pd.DataFrame) -> pd.DataFrame:
    for k in ("peildatum", "ikv_begin"):
        if k in df:
            df[k] = df[k].astype("datetime64[s]")
    return df


def _grondslag_sql(masker: str) -> str:
    """SQL: the comma-separated grondslag codes of a bitmask, in code order."""
    return "concat_ws(',', " + ", ".join(f"CASE WHEN ({masker} & {bit}) <> 0 THEN '{g}' END"
                                         for g, bit in sorted(_BIT.items())) + ")"


REGIO_KOLOMMEN = ["arbeidsmarktregio_code", "arbeidsmarktregio_naam"]
STATUS_KOLOMMEN = ["persoon_id", "datum", "masker", "grondslagen", "in_populatie", "uitsluiting", "categorie",
                   "subcategorie", "regel", *REGIO_KOLOMMEN]


def _register_regels(con, reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str,
                     jaargrondslagen: str = "actueel", volledigheid_maanden: int | None = None) -> None:
    """Tables ``peil``, ``register`` and ``persoon_einde`` on ``con``."""
    _peil_regels(con, peildata, jaargrondslagen, volledigheid_maanden)
    con.register("register", _register_scenario(reg, scenario))
    con.register("persoon_einde", _persoon_einde(persoon))


def _peil_regels(con, peildata, jaargrondslagen: str = "actueel", volledigheid_maanden: int | None = None) -> None:
    """Table ``peil`` on ``con``: per peildatum its urendatum and the dated parameters (:func:`peil_tabel`)."""
    con.register("peil_df", peil_tabel(peildata, jaargrondslagen, volledigheid_maanden))
    con.execute(f"CREATE TEMP TABLE peil AS {PEIL}")
    con.unregister("peil_df")


_REGISTER: dict[tuple[int, str], tuple[pd.DataFrame, pd.DataFrame]] = {}


def _register_scenario(reg: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """:func:`_register_tabel`, computed once per loaded register and t+2 scenario (a report counts the
    same register several times: the monitor's scenarios, the duurzaamheid cohorts)."""
    hit = _REGISTER.get((id(reg), scenario))
    if hit is not None and hit[0] is reg:
        return hit[1]
    if any(r is not reg for r, _ in _REGISTER.values()):
        _REGISTER.clear()
    uit = _register_tabel(reg, scenario)
    _REGISTER[(id(reg), scenario)] = (reg, uit)
    return uit


def _heeft_regio(tabellen) -> bool:
    """The input has what the region of residence needs (tables woonplaats and gemeente_regio)."""
    return tabellen is not None and "woonplaats" in tabellen and "gemeente_regio" in tabellen


def _controleer_regio(con, bron: str, uit: str) -> None:
    """One row out per row in: a person with overlapping residence spells (refused by the contract check;
    here for input that did not pass it) would be counted twice."""
    (n_bron,), (n_uit,) = con.sql(f"SELECT count(*) FROM {bron}").fetchall()[0], con.sql(f"SELECT count(*) FROM {uit}").fetchall()[0]
    if n_bron != n_uit:
        dubbel = con.sql(f"SELECT persoon_id FROM {uit} GROUP BY peildatum, persoon_id HAVING count(*) > 1 LIMIT 5").fetchall()
        con.close()
        raise ValueError("woonplaats: overlappende woonperioden van één persoon (persoon_id "
                         + ", ".join(str(r[0]) for r in dubbel) + ")")


def _met_regio(con, tabellen, bron: str, naam: bool = True) -> str:
    """SQL: ``bron`` (per peildatum, persoon) with the region of residence (``regio.regio_sql``, RULES.md §3);
    NULL when the input has no woonplaats or gemeente_regio table. ``naam`` False: the code only
    (:data:`REGIO_NAAM` gives the name)."""
    if not _heeft_regio(tabellen):
        return (f"SELECT s.*, CAST(NULL AS VARCHAR) AS arbeidsmarktregio_code"
                + (", CAST(NULL AS VARCHAR) AS arbeidsmarktregio_naam" if naam else "") + f" FROM {bron} s")
    registreer_bronnen(con, tabellen["woonplaats"], tabellen["gemeente_regio"])
    return f"SELECT * EXCLUDE (gemeentecode{'' if naam else ', arbeidsmarktregio_naam'}) FROM ({regio_sql(bron)})"


# the name of each region code on each peildatum (its reference year, ``regio.regio_jaar_sql``); 'onbekend'
# (RULES.md §6: no residence spell, or a gemeente the reference does not map) is its own name
REGIO_NAAM = f"""
SELECT j.peildatum, g.arbeidsmarktregio_code, min(g.arbeidsmarktregio_naam) AS arbeidsmarktregio_naam
FROM ({regio_jaar_sql('peil')}) j JOIN gemeente_regio g ON g.jaar = j.jaar GROUP BY j.peildatum, g.arbeidsmarktregio_code
UNION ALL SELECT peildatum, '{ONBEKEND}', '{ONBEKEND}' FROM peil
"""


STATUS_SELECT = (f"SELECT persoon_id, peildatum AS datum, masker, {_grondslag_sql('masker')} AS grondslagen, "
                 "uitsluiting = '' AND categorie <> '' AS in_populatie, uitsluiting, categorie, subcategorie, regel, "
                 + ", ".join(REGIO_KOLOMMEN))


def _status_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The status rows of :data:`STATUS_SELECT` as the engine returns them: ``datum`` in seconds."""
    df["datum"] = df["datum"].astype("datetime64[s]")
    return df[STATUS_KOLOMMEN]


def _paren_tabel(paren: pd.DataFrame):
    """The (persoon_id, datum) pairs of :func:`status_paren` numbered (``paar``) as DuckDB reads them
    (RULES.md §2: the status of a person on a date): text persoon_ids as an Arrow table, which DuckDB
    reads without a Python object per value (a second per million pairs); other persoon_ids as before."""
    paar = np.arange(len(paren), dtype=np.int64)
    datum = paren["datum"].to_numpy(dtype="datetime64[s]")
    if pd.api.types.is_string_dtype(paren["persoon_id"]) and not pd.api.types.is_object_dtype(paren["persoon_id"]):
        import pyarrow as pa

        return pa.table({"paar": paar, "persoon_id": pa.array(paren["persoon_id"], type=pa.string()),
                         "peildatum": datum})
    return pd.DataFrame({"paar": paar, "persoon_id": paren["persoon_id"].to_numpy(dtype=object), "peildatum": datum})


def _registreer_paren(con, paren: pd.DataFrame) -> None:
    """Table ``paren`` (paar, persoon_id, peildatum DATE) on ``con`` from the (persoon_id, datum) pairs of
    ``paren`` (a frame numbered from 0), for :func:`_status_van_paren`."""
    con.register("paren_df", _paren_tabel(paren))
    con.execute("CREATE TEMP TABLE paren AS SELECT paar, persoon_id, CAST(peildatum AS DATE) AS peildatum FROM paren_df")
    con.unregister("paren_df")


def status_paren(reg: pd.DataFrame, persoon: pd.DataFrame, paren: pd.DataFrame, scenario: str = "geregistreerd",
                 directe_einden: bool = True, tabellen=None, jaargrondslagen: str = "actueel") -> pd.DataFrame:
    """Register status of (persoon_id, datum) pairs, one row per pair in the pairs' order
    (``register.status_op`` documents the rule and the columns); the region from ``tabellen`` when given;
    ``jaargrondslagen``: the quarterly 1-January rule (:func:`jaardatum`)."""
    paren = paren[["persoon_id", "datum"]].reset_index(drop=True)
    if paren.empty:
        return pd.DataFrame({k: pd.Series(dtype="datetime64[s]" if k == "datum" else bool if k == "in_populatie"
                                          else "int64" if k == "masker" else object) for k in STATUS_KOLOMMEN})
    con = verbinding()
    _registreer_paren(con, paren)
    _status_van_paren(con, reg, persoon, paren["datum"].unique(), scenario, directe_einden, tabellen, jaargrondslagen)
    df = naar_pandas(con, f"{STATUS_SELECT} FROM status_regio ORDER BY paar")
    con.close()
    return _status_frame(df)


def _status_van_paren(con, reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str = "geregistreerd",
                      directe_einden: bool = True, tabellen=None, jaargrondslagen: str = "actueel") -> None:
    """The rule of :func:`status_paren` (RULES.md §2, ``register.status_op``) on an open connection ``con``
    that holds the pairs as table ``paren`` (paar, persoon_id, peildatum DATE), every peildatum among
    ``peildata``: table ``status_regio`` and view ``status_paren`` (the columns of ``status_op`` with
    ``paar``), so that a report can aggregate the status in DuckDB without fetching it per pair."""
    _register_regels(con, reg, persoon, peildata, scenario, jaargrondslagen)
    con.execute(f"CREATE TEMP TABLE geldig AS {GELDIG_PAREN}")
    con.execute(f"CREATE TEMP TABLE status AS {status_sql(directe_einden)}")
    con.execute(f"CREATE TEMP TABLE status_regio AS {_met_regio(con, tabellen, 'status')}")
    if _heeft_regio(tabellen):
        _controleer_regio(con, "status", "status_regio")
    con.execute(f"CREATE TEMP VIEW status_paren AS {STATUS_SELECT}, paar FROM status_regio")


def snapshot_op(reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str = "geregistreerd",
                directe_einden: bool = True, tabellen=None, jaargrondslagen: str = "actueel") -> pd.DataFrame:
    """The "foto" of the register on every peildatum (``register.snapshot``): every person with a valid
    grondslag on that date, with the status columns, ordered by date and person; the region from
    ``tabellen`` when given; ``jaargrondslagen``: the quarterly 1-January rule (:func:`jaardatum`)."""
    con = verbinding()
    _register_regels(con, reg, persoon, [p.peildatum for p in peilen(peildata)], scenario, jaargrondslagen)
    con.execute(f"CREATE TEMP TABLE geldig AS {GELDIG}")
    con.execute(f"CREATE TEMP TABLE status AS {status_sql(directe_einden)}")
    con.execute(f"CREATE TEMP TABLE status_regio AS {_met_regio(con, tabellen, 'status')}")
    if _heeft_regio(tabellen):
        _controleer_regio(con, "status", "status_regio")
    df = naar_pandas(con, f"{STATUS_SELECT} FROM status_regio ORDER BY peildatum, persoon_id")
    con.close()
    return _status_frame(df)


def populatie_op(reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str = "geregistreerd",
                 directe_einden: bool = True, jaargrondslagen: str = "actueel", categorie: str | None = None) -> pd.DataFrame:
    """(datum, persoon_id, categorie): the persons in the banenafspraak population on every peildatum
    (RULES.md §2: the snapshot's rules, :func:`snapshot_op`), only of ``categorie`` when given, ordered by
    datum and persoon_id. Only these columns of these rows leave DuckDB (the whole snapshot of many
    peildata is millions of rows with text columns)."""
    con = verbinding()
    try:
        _register_regels(con, reg, persoon, [p.peildatum for p in peilen(peildata)], scenario, jaargrondslagen)
        con.execute(f"CREATE TEMP TABLE geldig AS {geldig_sql(jaargrondslagen != 'actueel')}")
        waar = "" if categorie is None else " AND categorie = $c"
        df = naar_pandas(con, f"SELECT peildatum AS datum, persoon_id, categorie FROM ({status_sql(directe_einden)}) "
                              f"WHERE uitsluiting = '' AND categorie <> ''{waar} ORDER BY peildatum, persoon_id",
                         {"c": categorie} if categorie is not None else None)
    finally:
        con.close()
    df["datum"] = df["datum"].astype("datetime64[s]")
    return df


# --------------------------------------------------------------------------- the input files

def bestand(tabellen, naam: str) -> Path | None:
    """The parquet file DuckDB reads table ``naam`` from: that of a data directory read by
    ``loading.lees_map`` (a :class:`~banenafspraak.loading.Dataset`), when every contract column in it
    has its own type (``loading._parquet_getypeerd``; the contract check covered every row of it).
    None for DataFrame input (a dict of frames, a CSV file): then the frame is read."""
    from .loading import _parquet_getypeerd

    pad = getattr(tabellen, "bestanden", {}).get(naam)
    if pad is None or Path(pad).suffix != ".parquet" or not Path(pad).exists():
        return None
    return Path(pad) if _parquet_getypeerd(Path(pad), naam) else None


def registreer_polis(con, tabellen, peil: list[Peil] | None = None) -> None:
    """Views ``polis`` (``werk.polis_views``: the file, or the frame), ``polis_peil`` (with ``peil``: per
    urendatum of ``peil`` the opgaven whose tijdvak contains it, with that ``urendatum``; an opgave whose
    tijdvak contains several is there once for each) and ``werkgever`` on ``con``."""
    polis = bestand(tabellen, "polis")
    polis_views(con, polis if polis is not None else tabellen["polis"])
    datums = sorted({p.urendatum for p in peil}) if peil else []
    if datums:
        # one scan per urendatum, each with the one condition DuckDB uses to skip the parquet row groups
        # that cannot hold it (a filter with OR over several dates skips none: the whole file was read)
        kolommen = {r[0] for r in con.execute("DESCRIBE polis").fetchall()}
        # the optional column of the completeness rule (RULES.md §2): without it the polis is complete
        extra = "" if "verwerkingsdatum" in kolommen else ", CAST(NULL AS DATE) AS verwerkingsdatum"
        con.execute("CREATE VIEW polis_peil AS " + " UNION ALL ".join(
            f"SELECT DATE '{d.date()}' AS urendatum, *{extra} FROM polis WHERE {tijdvak_overlapt_sql(d, d)}" for d in datums))
    werkgever = bestand(tabellen, "werkgever")
    if werkgever is None:
        con.register("werkgever", tabellen["werkgever"])
    else:
        con.execute(f"CREATE VIEW werkgever AS SELECT * FROM read_parquet('{str(werkgever).replace(chr(39), chr(39) * 2)}')")


def _per_rij(rijen: pd.DataFrame, datum: str, select: str, verder: str = "", werkgever=None) -> pd.DataFrame:
    """``SELECT select`` for every row of ``rijen`` (as ``i``), in its order, with ``peil`` (as ``p``) of
    the row's own date in column ``datum``; ``verder``: more joins; ``werkgever``: that table for
    :func:`sector_sql`. A rule of the engine applied to rows a report found itself (duurzaamheid's starts)."""
    con = verbinding()
    try:
        datums = pd.to_datetime(rijen[datum]).dt.normalize()
        con.register("peil_df", peil_tabel(sorted(datums.unique())))
        con.execute(f"CREATE TEMP TABLE peil AS {PEIL}")
        con.register("rijen_df", rijen.drop(columns=[datum]).assign(peildatum=datums.to_numpy(dtype="datetime64[s]"),
                                                                    _rij=np.arange(len(rijen), dtype=np.int64)))
        con.execute("CREATE TEMP VIEW rijen AS SELECT * REPLACE (CAST(peildatum AS DATE) AS peildatum) FROM rijen_df")
        if werkgever is not None:
            con.register("werkgever", werkgever)
        return naar_pandas(con, f"SELECT {select} FROM rijen i JOIN peil p USING (peildatum) {verder} ORDER BY i._rij")
    finally:
        con.close()


def maanduren_op(opgaven: pd.DataFrame, datum: str) -> np.ndarray:
    """Per opgave its verloonde uren as a monthly total on the date in column ``datum`` (the engine's
    ``UREN_SQL``, RULES.md §3 decision ``banen.tijdvak_conversie`` on that date)."""
    if not len(opgaven):
        return np.zeros(0)
    df = pd.DataFrame({k: opgaven[k].to_numpy() for k in ("verloonde_uren", "opgave_begin", "opgave_einde")})
    df["_datum"] = opgaven[datum].to_numpy()
    return _per_rij(df, "_datum", f"{uren_sql('i', 'p')} AS uren")["uren"].to_numpy(dtype=float)


def inleen_op(rijen: pd.DataFrame, datum: str) -> np.ndarray:
    """Per row (aard_arbeidsverhouding, soort_baan) inleen by the codes on the date in column ``datum``
    (the engine's ``INLEEN_SQL``, RULES.md §4)."""
    if not len(rijen):
        return np.zeros(0, dtype=bool)
    return _per_rij(rijen[["aard_arbeidsverhouding", "soort_baan", datum]], datum,
                    f"{INLEEN_SQL} AS inleen")["inleen"].to_numpy(dtype=bool)


def werkgever_op(werkgever: pd.DataFrame, rijen: pd.DataFrame, datum: str) -> pd.DataFrame:
    """Per row (werkgever_id) of ``rijen``, in its order, the employer's ``sector`` and the
    ``verloonde_uren_totaal`` of its row for the year of the date in column ``datum`` (its own year, else
    the latest earlier, else the earliest later), by the engine's rule (:func:`sector_sql`, RULES.md §4);
    None for an employer without any row."""
    if not len(rijen):
        return pd.DataFrame({"sector": pd.Series(dtype=object), "verloonde_uren_totaal": pd.Series(dtype=float)})
    verder = (f"LEFT JOIN ({sector_sql('rijen')}) s ON s.peildatum = i.peildatum AND s.werkgever_id = i.werkgever_id")
    return _per_rij(rijen[["werkgever_id", datum]], datum, "s.sector, s.verloonde_uren_totaal", verder, werkgever)


def sector_op(werkgever: pd.DataFrame, rijen: pd.DataFrame, datum: str) -> np.ndarray:
    """Per row (werkgever_id) the employer's sector in the year of the date in column ``datum``
    (:func:`werkgever_op`); None for an employer without any row."""
    return werkgever_op(werkgever, rijen, datum)["sector"].to_numpy(dtype=object)


def opgaven_op(tabellen, peildatum) -> pd.DataFrame:
    """Every opgave whose tijdvak contains the urendatum of ``peildatum`` (a date or :class:`Peil`), with
    the engine's own rules applied (RULES.md §3): the monthly hours (``uren``, by ``conversie``), paid
    work (``loon``), ``beschut`` and ``werkzaam`` (paid and not beschut), in file order; for the rows of
    one person (``verklaar``)."""
    peil = peilen([peildatum])
    con = verbinding()
    try:
        con.register("peil_df", peil_tabel(peil))
        con.execute(f"CREATE TEMP TABLE peil AS {PEIL}")
        registreer_polis(con, tabellen, peil)
        df = naar_pandas(con, f"SELECT * EXCLUDE (peildatum) FROM ({OPGAVEN_DETAIL}) ORDER BY rij")
    finally:
        con.close()
    for k in ("opgave_begin", "opgave_einde"):
        df[k] = df[k].astype("datetime64[s]")
    return df


def tel(tabellen, peildata, scenario: str = "geregistreerd", directe_einden: bool = True,
        jaargrondslagen: str = "actueel", volledigheid_maanden: int | None = None,
        geheugen_gb: float | None = None) -> Telling:
    """Count on every peildatum of ``peildata`` (dates or :class:`Peil`) in one pass (RULES.md §2-§4):
    the snapshot of the register with the region of residence, the opgaven of the population whose
    tijdvak contains the urendatum, banen per inkomstenverhouding with werkzaam, inleen and sector.
    ``jaargrondslagen``: ``actueel`` (the landelijke monitor: every grondslag on the peildatum) or the
    quarterly 1-January rule for Wsw and Wiw/ID, ``jaarbegin`` or ``halfjaar`` (:func:`jaardatum`).
    ``volledigheid_maanden``: the quarterly completeness rule (:func:`extractiedatum`; None or 0: the
    complete polis); what it leaves out is in relation ``volledigheid``. ``geheugen_gb``: DuckDB's memory
    limit for this counting unless the environment sets one (``verbinding.standaard_geheugen``)."""
    peil = peilen(peildata)
    con = verbinding()
    if geheugen_gb is not None:
        standaard_geheugen(con, geheugen_gb)
    _register_regels(con, tabellen["doelgroepregister"], tabellen["persoon"], peil, scenario, jaargrondslagen,
                     volledigheid_maanden)
    registreer_polis(con, tabellen, peil)
    con.execute(f"CREATE TEMP TABLE geldig AS {geldig_sql(jaargrondslagen != 'actueel')}")
    # the status of every peildatum is kept compact (millions of rows for a quarterly series): the bits
    # instead of the category texts and the region code without its name; view ``status`` adds them from
    # two small tables
    if _heeft_regio(tabellen):
        con.execute(f"CREATE TEMP TABLE status_kaal AS {status_sql(directe_einden, kern=True)}")
        con.execute("DROP TABLE geldig")  # each intermediate table goes as soon as it is used (peak memory)
        con.execute(f"CREATE TEMP TABLE status_kern AS {_met_regio(con, tabellen, 'status_kaal', naam=False)}")
        _controleer_regio(con, "status_kaal", "status_kern")
        con.execute("DROP TABLE status_kaal")
    else:
        con.execute(f"CREATE TEMP TABLE status_kern AS "
                    f"{_met_regio(con, tabellen, '(' + status_sql(directe_einden, kern=True) + ')', naam=False)}")
        con.execute("DROP TABLE geldig")
    con.execute(f"CREATE TEMP TABLE masker_categorie AS {_masker_categorie_sql('status_kern')}")
    if _heeft_regio(tabellen):
        con.execute(f"CREATE TEMP TABLE regio_naam AS {REGIO_NAAM}")
        naam = ("coalesce(n.arbeidsmarktregio_naam, CASE WHEN k.arbeidsmarktregio_code IS NOT NULL THEN "
                "k.arbeidsmarktregio_code END) AS arbeidsmarktregio_naam")
        verder = "LEFT JOIN regio_naam n USING (peildatum, arbeidsmarktregio_code)"
    else:
        naam, verder = "CAST(NULL AS VARCHAR) AS arbeidsmarktregio_naam", ""
    con.execute(f"CREATE TEMP VIEW status AS SELECT k.* EXCLUDE (m, arbeidsmarktregio_code), c.categorie, c.subcategorie, "
                f"c.regel, k.arbeidsmarktregio_code, {naam} FROM status_kern k JOIN masker_categorie c USING (m) {verder}")
    con.execute("CREATE TEMP VIEW populatie AS SELECT peildatum, persoon_id, categorie FROM status "
                "WHERE uitsluiting = '' AND categorie <> ''")
    con.execute(f"CREATE TEMP TABLE opgaven AS {OPGAVEN}")
    con.execute(f"CREATE TEMP TABLE sector AS {SECTOR}")
    con.execute(f"CREATE TEMP TABLE ikv AS {IKV_COMPLEET}")
    con.execute("CREATE TEMP TABLE opgaven_telling AS SELECT peildatum, count(*) AS opgaven, "
                "count(*) FILTER (WHERE beschut) AS beschut, count(*) FILTER (WHERE laat AND NOT beschut) AS laat "
                "FROM opgaven GROUP BY peildatum")
    con.execute(f"CREATE TEMP TABLE volledigheid AS {VOLLEDIGHEID}")
    con.execute("DROP TABLE opgaven")
    con.execute("DROP TABLE sector")
    onbekend = [r[0] for r in con.sql("SELECT DISTINCT werkgever_id FROM ikv WHERE sector IS NULL LIMIT 5").fetchall()]
    if onbekend:  # cannot happen after the contract check; say so if it does
        con.close()
        raise ValueError(f"werkgever onbekend in werkgever: {', '.join(map(str, onbekend))}")
    con.execute(f"CREATE TEMP VIEW per_persoon AS {PER_PERSOON}")
    return Telling(con, peil, scenario, directe_einden, jaargrondslagen, volledigheid_maanden)


# --------------------------------------------------------------------------- beschut werk (RULES.md §11)

def beschut_peil_tabel(peildata) -> pd.DataFrame:
    """Per peildatum the dated parameters of beschut werk (RULES.md §11): ``telling_vanaf`` (the start of the
    cumulative counts, parameter ``beschut_werk.telling_vanaf``, on the peildatum) and ``werkplek`` (the aarden
    of a beschutte werkplek, parameter ``banen.beschut_werkplek_aarden``, on the urendatum; comma-separated)."""
    rijen = []
    for p, u in peilen(peildata):
        codes = [str(c) for c in parameter("banen.beschut_werkplek_aarden", u)]
        rijen.append({"peildatum": p, "telling_vanaf": ts(parameter("beschut_werk.telling_vanaf", p)),
                      "werkplek": ",".join(codes)})
    return pd.DataFrame(rijen).astype({"peildatum": "datetime64[s]", "telling_vanaf": "datetime64[s]"})


# per (peildatum, persoon) with an aanvraag advies beschut werk on or before the peildatum (RULES.md §11): the
# aanvragen since ``telling_vanaf`` by aanvrager, of those the positive adviezen given on or before the peildatum,
# and whether a positive advies is a valid indicatie then (advies given, indicatie not ended); ``werkplek``:
# an opgave of a beschutte-werkplek aard with pay (the one rule of paid work, werk.WERKZAAM_SQL) in the
# tijdvak of the peildatum, not processed too late (LAAT_SQL), of a person with an aanvraag
BESCHUT_KAAL = f"""
WITH a AS (
  SELECT p.peildatum, b.persoon_id,
    count(*) FILTER (WHERE b.aanvraagdatum >= bp.telling_vanaf AND b.aanvrager = 'GEMEENTE') AS aanvragen_gemeente,
    count(*) FILTER (WHERE b.aanvraagdatum >= bp.telling_vanaf AND b.aanvrager = 'BURGER') AS aanvragen_burger,
    count(*) FILTER (WHERE b.aanvraagdatum >= bp.telling_vanaf AND b.advies = 'POSITIEF'
                       AND b.adviesdatum <= p.peildatum) AS positieve_adviezen,
    coalesce(bool_or(b.advies = 'POSITIEF' AND b.adviesdatum <= p.peildatum
                     AND (b.indicatie_einde IS NULL OR b.indicatie_einde >= p.peildatum)), FALSE) AS indicatie
  FROM peil p JOIN beschut_peil bp USING (peildatum)
  JOIN beschut_werk b ON b.aanvraagdatum <= p.peildatum
  GROUP BY p.peildatum, b.persoon_id),
w AS (
  SELECT DISTINCT r.peildatum, o.persoon_id
  FROM {OPGAVEN_PEIL} JOIN beschut_peil bp ON bp.peildatum = r.peildatum
  WHERE list_contains(bp.werkplek, o.aard_arbeidsverhouding) AND {WERKZAAM_SQL} AND NOT {LAAT_SQL}
    AND o.persoon_id IN (SELECT persoon_id FROM beschut_werk))
SELECT a.peildatum, a.persoon_id, a.aanvragen_gemeente, a.aanvragen_burger, a.positieve_adviezen, a.indicatie,
  a.indicatie AND NOT coalesce($directe AND e.directe_einde <= a.peildatum, FALSE) AS geldige_indicatie,
  w.persoon_id IS NOT NULL AS werkplek,
  CASE WHEN e.directe_einde <= a.peildatum THEN e.directe_reden END AS directe_reden
FROM a LEFT JOIN persoon_einde e USING (persoon_id)
LEFT JOIN w ON w.peildatum = a.peildatum AND w.persoon_id = a.persoon_id
"""

# per (peildatum, persoon): werkzaam op een beschutte werkplek = a valid indicatie and such an opgave (RULES.md §11)
# ``einde_reden``: the at-once end (death, emigration, AOW age) on or before the peildatum that ended an indicatie
BESCHUT = ("SELECT * EXCLUDE (directe_reden), geldige_indicatie AND werkplek AS werkzaam, "
           "CASE WHEN NOT geldige_indicatie AND indicatie THEN directe_reden END AS einde_reden "
           "FROM beschut_regio")


def tel_beschut(tabellen, peildata, directe_einden: bool = True, volledigheid_maanden: int | None = None) -> Telling:
    """Beschut werk on every peildatum of ``peildata`` in one pass (RULES.md §11): relation ``beschut`` per
    (peildatum, persoon) with an aanvraag on or before it: ``aanvragen_gemeente``, ``aanvragen_burger``,
    ``positieve_adviezen`` (cumulative since ``beschut_werk.telling_vanaf``), ``geldige_indicatie`` (a positive
    advies given, the indicatie not ended, and with ``directe_einden`` not after death, emigration or the AOW
    age from the person data, the engine's one rule ``register.eerste_directe_einde``), ``werkplek`` (an opgave
    of a beschutte-werkplek aard with pay in the tijdvak of the peildatum), ``werkzaam`` (both), and the region
    of residence on the peildatum (``regio.regio_sql``, as every count of the engine). The same engine as
    :func:`tel`: the peildata and their parameters (``peil``), the polis read per urendatum
    (:func:`registreer_polis`, the completeness rule ``volledigheid_maanden``), the person data's at-once ends.
    Relation ``werkplek_zonder_indicatie``: per peildatum the persons with such an opgave and no valid indicatie
    (a data-quality figure)."""
    peil = peilen(peildata)
    con = verbinding()
    try:
        _peil_regels(con, peil, "actueel", volledigheid_maanden)
        con.register("beschut_peil_df", beschut_peil_tabel(peil))
        con.execute("CREATE TEMP TABLE beschut_peil AS SELECT CAST(peildatum AS DATE) AS peildatum, "
                    "CAST(telling_vanaf AS DATE) AS telling_vanaf, string_split(werkplek, ',') AS werkplek FROM beschut_peil_df")
        con.unregister("beschut_peil_df")
        bw = tabellen["beschut_werk"]
        con.register("beschut_werk_df", bw)
        con.execute("CREATE TEMP TABLE beschut_werk AS SELECT persoon_id, aanvrager, advies, "
                    "CAST(aanvraagdatum AS DATE) AS aanvraagdatum, CAST(adviesdatum AS DATE) AS adviesdatum, "
                    "CAST(indicatie_einde AS DATE) AS indicatie_einde FROM beschut_werk_df")
        con.unregister("beschut_werk_df")
        con.register("persoon_einde", _persoon_einde(tabellen["persoon"]))
        registreer_polis(con, tabellen, peil)
        con.execute(f"CREATE TEMP TABLE beschut_kaal AS {BESCHUT_KAAL}", {"directe": bool(directe_einden)})
        con.execute(f"CREATE TEMP TABLE beschut_regio AS {_met_regio(con, tabellen, 'beschut_kaal', naam=False)}")
        if _heeft_regio(tabellen):
            _controleer_regio(con, "beschut_kaal", "beschut_regio")
        con.execute(f"CREATE TEMP VIEW beschut AS {BESCHUT}")
        con.execute(f"""CREATE TEMP TABLE werkplek_zonder_indicatie AS
            SELECT r.peildatum, count(DISTINCT o.persoon_id) AS personen
            FROM {OPGAVEN_PEIL} JOIN beschut_peil bp ON bp.peildatum = r.peildatum
            WHERE list_contains(bp.werkplek, o.aard_arbeidsverhouding) AND {WERKZAAM_SQL} AND NOT {LAAT_SQL}
              AND NOT EXISTS (SELECT 1 FROM beschut_kaal k WHERE k.peildatum = r.peildatum
                              AND k.persoon_id = o.persoon_id AND k.geldige_indicatie)
            GROUP BY r.peildatum""")
    except Exception:
        con.close()
        raise
    return Telling(con, peil, "geregistreerd", directe_einden, "actueel", volledigheid_maanden)


# --------------------------------------------------------------------------- the quotum (RULES.md §9)

def fiscaal_sql(uitzend: bool) -> str:
    """SQL: per fiscaal nummer of ``werkgever`` in year ``$jaar`` (RULES.md §9 decisions): ``verloonde_uren`` its own
    hours (all its loonheffingennummers, an uitlener's ``verloonde_uren_uitzend`` left out when the column is there),
    ``verloonde_uren_uitzend``, ``loonheffingennummers``, ``uitlener``, the Wfsv sector of its loonheffingennummer with
    the most hours, the Ufo share of its summed hours and the sector by the engine's rule (:data:`SECTOR_REGEL`,
    parameters of the ``peil`` row ``$datum``)."""
    u = ("CAST(CASE WHEN w.uitlener THEN coalesce(w.verloonde_uren_uitzend, 0) ELSE 0 END AS DOUBLE)" if uitzend
         else "CAST(0 AS DOUBLE)")
    return f"""
WITH w AS (SELECT w.*, {u} AS uitzend FROM werkgever w WHERE w.jaar = $jaar),
f AS (SELECT fiscaal_nummer, CAST(sum(verloonde_uren_totaal - uitzend) AS DOUBLE) AS verloonde_uren,
        CAST(sum(uitzend) AS DOUBLE) AS verloonde_uren_uitzend, CAST(sum(verloonde_uren_totaal) AS DOUBLE) AS uren_totaal,
        CAST(sum(verloonde_uren_ufo) AS DOUBLE) AS uren_ufo, count(*) AS loonheffingennummers,
        bool_or(uitlener) AS uitlener,
        first(wfsv_sector ORDER BY verloonde_uren_totaal DESC, werkgever_id) AS wfsv_sector
      FROM w GROUP BY fiscaal_nummer)
SELECT fiscaal_nummer, verloonde_uren, verloonde_uren_uitzend, loonheffingennummers, uitlener, wfsv_sector,
  {SECTOR_REGEL} AS sector
FROM (SELECT f.*, p.overheid_sector, p.ufo_inclusief, p.ufo_drempel,
        CASE WHEN f.uren_totaal > 0 THEN f.uren_ufo / f.uren_totaal ELSE 0 END AS aandeel
      FROM f, (SELECT * FROM peil WHERE peildatum = $datum) p)
"""


def werkgever_jaarrij(tabellen, jaar: int) -> pd.DataFrame:
    """Per werkgever_id in ``werkgever`` its fiscaal_nummer and uitlener in ``jaar``: from the employer's row for the
    year by :func:`jaar_afstand_sql` (the row of RULES.md §4). Index werkgever_id."""
    con = verbinding()
    try:
        registreer_polis(con, tabellen)
        afstand = jaar_afstand_sql("jaar", "$jaar")
        df = naar_pandas(con, f"SELECT werkgever_id, arg_min(fiscaal_nummer, {afstand}) AS fiscaal_nummer, "
                              f"arg_min(uitlener, {afstand}) AS uitlener FROM werkgever GROUP BY werkgever_id "
                              "ORDER BY werkgever_id", {"jaar": int(jaar)})
    finally:
        con.close()
    return df.set_index("werkgever_id")


def fiscaal_van(tabellen, jaar: int) -> pd.Series:
    """werkgever_id -> fiscaal_nummer in ``jaar`` (:func:`werkgever_jaarrij`)."""
    return werkgever_jaarrij(tabellen, jaar)["fiscaal_nummer"]


def fiscale_werkgevers(tabellen, jaar: int) -> pd.DataFrame:
    """:func:`fiscaal_sql` for ``jaar`` as a DataFrame (one row per fiscaal nummer with rows in ``werkgever``)."""
    con = verbinding()
    try:
        d = ts(f"{int(jaar)}-12-31")
        _peil_regels(con, [d])
        registreer_polis(con, tabellen)
        uitzend = "verloonde_uren_uitzend" in {r[0] for r in con.execute("DESCRIBE werkgever").fetchall()}
        df = naar_pandas(con, fiscaal_sql(uitzend) + " ORDER BY fiscaal_nummer", {"jaar": int(jaar), "datum": d.date()})
    finally:
        con.close()
    return df


# per loonheffingennummer (werkgever_id) the verloonde uren in the year of persons in the quotum population on the
# last day of the opgave's tijdvak (RULES.md §9 decision): the banenafspraak population or the quotum-only group
# (QUOTUM_VOORZIENING), by the engine's status of each (person, date) pair; beschut werk never counts
QUOTUM_UREN = """
SELECT o.werkgever_id, CAST(sum(o.verloonde_uren) AS DOUBLE) AS doelgroep_uren, count(DISTINCT o.persoon_id) AS personen
FROM jaar_opgaven o JOIN status_paren s ON s.persoon_id = o.persoon_id AND s.datum = o.peildatum
WHERE s.in_populatie OR s.uitsluiting = 'alleen quotumgrondslag'
GROUP BY o.werkgever_id
"""


def _quotum_opgaven(con, tabellen, jaren, scenario: str, directe_einden: bool, personen=None) -> bool:
    """On ``con``: table ``jaar_opgaven`` (the opgaven whose tijdvak ends in one of ``jaren``, beschut werk left out by
    parameter ``banen.beschut_werk_aarden`` of that year; with ``personen`` only theirs) and view ``status_paren``
    (the engine's status of every person on each such last day, :func:`_status_van_paren`). False when there are none."""
    registreer_polis(con, tabellen)
    delen, args = [], {}
    for j in sorted({int(j) for j in jaren}):
        args[f"b{j}"], args[f"e{j}"] = f"{j}-01-01", f"{j}-12-31"
        args[f"beschut{j}"] = [str(c) for c in parameter("banen.beschut_werk_aarden", ts(f"{j}-12-31"))]
        delen.append(f"(opgave_einde >= $b{j} AND opgave_einde <= $e{j} AND NOT list_contains($beschut{j}, "
                     "aard_arbeidsverhouding))")
    if not delen:
        return False
    wie = ""
    if personen is not None:
        con.register("_quotum_personen", pd.DataFrame({"persoon_id": pd.Series(list(personen), dtype=object)}))
        wie = " AND persoon_id IN (SELECT persoon_id FROM _quotum_personen)"
    con.execute("CREATE TEMP TABLE jaar_opgaven AS SELECT persoon_id, werkgever_id, CAST(opgave_einde AS DATE) AS peildatum, "
                f"verloonde_uren, aard_arbeidsverhouding, soort_baan FROM polis WHERE ({' OR '.join(delen)}){wie}", args)
    con.execute("CREATE TEMP TABLE paren AS SELECT (row_number() OVER (ORDER BY persoon_id, peildatum)) - 1 AS paar, "
                "persoon_id, peildatum FROM (SELECT DISTINCT persoon_id, peildatum FROM jaar_opgaven)")
    datums = [ts(r[0]) for r in con.execute("SELECT DISTINCT peildatum FROM paren ORDER BY 1").fetchall()]
    if not datums:
        return False
    _status_van_paren(con, tabellen["doelgroepregister"], tabellen["persoon"], datums, scenario, directe_einden)
    return True


def tel_quotum(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> pd.DataFrame:
    """The doelgroep hours of every loonheffingennummer in ``jaar`` (:data:`QUOTUM_UREN`, RULES.md §9): the opgaven
    whose tijdvak ends in the year, beschut werk left out (parameter ``banen.beschut_werk_aarden``), of persons in the
    quotum population on the tijdvak's last day, by the engine's status rule (:func:`_status_van_paren`: the t+2
    ``scenario``, the at-once ends). Columns werkgever_id, doelgroep_uren, personen."""
    con = verbinding()
    try:
        if not _quotum_opgaven(con, tabellen, [jaar], scenario, directe_einden):
            return pd.DataFrame({"werkgever_id": pd.Series(dtype=object), "doelgroep_uren": pd.Series(dtype=float),
                                 "personen": pd.Series(dtype="int64")})
        df = naar_pandas(con, QUOTUM_UREN + " ORDER BY werkgever_id")
    finally:
        con.close()
    return df


# per (year, loonheffingennummer, person) the person's hours in the year (beschut werk left out), of those the
# doelgroep hours by the rule of QUOTUM_UREN, and of those the hours of inleenverbanden (the engine's INLEEN_SQL on
# the opgave's last day, RULES.md §4): what an uitlener can transfer of that person (RULES.md §9, S3 Q79)
QUOTUM_UREN_PER_PERSOON = f"""
SELECT year(o.peildatum) AS jaar, o.werkgever_id, o.persoon_id, CAST(sum(o.verloonde_uren) AS DOUBLE) AS verloonde_uren,
  CAST(coalesce(sum(o.verloonde_uren) FILTER (WHERE s.in_populatie OR s.uitsluiting = 'alleen quotumgrondslag'), 0)
       AS DOUBLE) AS doelgroep_uren,
  CAST(coalesce(sum(o.verloonde_uren) FILTER (WHERE (s.in_populatie OR s.uitsluiting = 'alleen quotumgrondslag')
       AND ({inleen_sql("o")})), 0) AS DOUBLE) AS inleen_uren
FROM jaar_opgaven o JOIN status_paren s ON s.persoon_id = o.persoon_id AND s.datum = o.peildatum
JOIN peil p ON p.peildatum = o.peildatum
GROUP BY ALL
"""


def quotum_uren_per_persoon(tabellen, jaren, personen, scenario: str = "geregistreerd",
                            directe_einden: bool = True) -> pd.DataFrame:
    """Per year of ``jaren``, loonheffingennummer and person of ``personen``: the verloonde uren, the doelgroep hours
    of :func:`tel_quotum`'s rule and of those the inleen hours (:data:`QUOTUM_UREN_PER_PERSOON`). Columns jaar,
    werkgever_id, persoon_id, verloonde_uren, doelgroep_uren, inleen_uren."""
    con = verbinding()
    try:
        if not _quotum_opgaven(con, tabellen, jaren, scenario, directe_einden, personen):
            return pd.DataFrame({"jaar": pd.Series(dtype="int64"), "werkgever_id": pd.Series(dtype=object),
                                 "persoon_id": pd.Series(dtype=object), "verloonde_uren": pd.Series(dtype=float),
                                 "doelgroep_uren": pd.Series(dtype=float), "inleen_uren": pd.Series(dtype=float)})
        df = naar_pandas(con, QUOTUM_UREN_PER_PERSOON + " ORDER BY jaar, werkgever_id, persoon_id")
    finally:
        con.close()
    return df
