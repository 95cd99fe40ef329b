"""In- and outflow between two peildata with reasons, and the bruto/netto decomposition of banengroei
(RULES.md §6; DATA_CONTRACT.md tables ``verloop``, ``verloop_samenvatting`` and ``bruto_netto``).

Both are one more aggregation of the counting engine (``motor.tel``): the population, werkzaam and the
banen per (person, inkomstenverhouding) of both peildata come from the same pass that counts the report,
each peildatum with its own rules (its own 1 January for Wsw and Wiw/ID, its own completeness, its own
region). Nothing is counted a second time.

Per pair of peildata (``van``, ``tot``) every person of either population is (:data:`PERSONEN_SQL`):

- a **blijver** (in the population on both dates): ``behoudt_werk`` (werkzaam on both), ``vindt_werk``
  (only now), ``verliest_werk`` (only before), ``zonder_werk`` (neither); category of ``tot``;
- an **uitstromer** (only before): werkzaam status and category of ``van``, one reason;
- an **instromer** (only now): werkzaam status and category of ``tot``, one reason.

A region sees a person who moved between regions and stays in the population as an uitstromer
(``vertrek_uit_regio``) of the old and an instromer (``aankomst_in_regio``) of the new region; Nederland
sees a blijver.

The reasons (RULES.md §6 decisions, one per person, the first that applies):

- outflow: :data:`PRECEDENTIE_UITSTROOM`. Evidence: the registration rows valid on ``van`` and not on
  ``tot`` (by the engine's own validity rule, so a Wsw row tested on 1 January ends when the rule says)
  and their ``reden_einde``; a valid ``WSW_BESCHUT`` grondslag on ``tot``; with the at-once ends of the
  person data switched on (``directe_einden``), death and the AOW date in (van, tot]. Emigration, t+2,
  bezwaar and no reason at all are ``overig``;
- inflow: :data:`PRECEDENTIE_INSTROOM`. Evidence: a ``WSW_BESCHUT`` grondslag valid on ``van`` (the
  person was outside the population for it), the registration rows valid on ``tot`` and not on ``van``
  (``PW_PRAKTIJKROUTE``; another ``PW_*``). New Wajong, Wsw, Wiw/ID and re-admissions are ``overig``.

The decomposition (:data:`BANEN_SQL`, RULES.md §6 table): per (person, inkomstenverhouding) the banen on
both dates; instromers bring their banen now, uitstromers take their banen before, a blijver's job is new
(no counted hours before), ended (none now) or grows or shrinks. The − components are negative numbers,
so that ``netto`` = ``bruto_toename`` + ``bruto_afname`` = the sum of the six = banen now − banen before,
exactly. Per soort a job counts in the soort it has on each date (a job that changes soort leaves one and
enters another); ``totaal`` keys on (person, job). Jobs that begin and end between the two dates are
invisible by construction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------- codes (RULES.md §6)

STROMEN = ("uitstroom", "instroom", "blijver")
WERKZAAM_STATUS = ("werkzaam", "niet_werkzaam")  # of the flows
BLIJVER_STATUS = ("behoudt_werk", "vindt_werk", "verliest_werk", "zonder_werk")
VERTREK = "vertrek_uit_regio"
AANKOMST = "aankomst_in_regio"
OVERIG = "overig"
# the order in which a reason wins when several apply (RULES.md §6 decisions); vertrek / aankomst first,
# in a regional report only
PRECEDENTIE_UITSTROOM = (VERTREK, "overlijden", "aow", "naar_beschut_werk_pw", "naar_beschut_werk_wsw",
                         "geen_arbeidsvermogen", "vrijwillige_uitschrijving", OVERIG)
PRECEDENTIE_INSTROOM = (AANKOMST, "beschut_werk_wsw_vervalt", "praktijkroute", "doelgroep_participatiewet", OVERIG)
# the order the factsheet shows them in (S4 grafiek 4)
REDENEN_UITSTROOM = (VERTREK, "naar_beschut_werk_wsw", "geen_arbeidsvermogen", "aow", "overlijden",
                     "naar_beschut_werk_pw", "vrijwillige_uitschrijving", OVERIG)
REDENEN_INSTROOM = (AANKOMST, "doelgroep_participatiewet", "beschut_werk_wsw_vervalt", "praktijkroute", OVERIG)
REDEN_LABEL = {
    VERTREK: "Vertrek uit regio", "naar_beschut_werk_wsw": "Naar beschut werk Wsw",
    "geen_arbeidsvermogen": "Geen arbeidsvermogen", "aow": "AOW", "overlijden": "Overlijden",
    "naar_beschut_werk_pw": "Naar beschut werk Participatiewet", "vrijwillige_uitschrijving": "Vrijwillige uitschrijving",
    AANKOMST: "Aankomst in regio", "doelgroep_participatiewet": "Doelgroep Participatiewet",
    "beschut_werk_wsw_vervalt": "Beschut werk Wsw vervalt", "praktijkroute": "Praktijkroute", OVERIG: "Overig",
    "totaal": "Totaal", "": "",
}
STROOM_LABEL = {"uitstroom": "Uitstroom", "instroom": "Instroom", "blijver": "Blijft in de doelgroep"}
STATUS_LABEL = {"werkzaam": "Werkzaam", "niet_werkzaam": "Niet werkzaam", "behoudt_werk": "Behoudt werk",
                "vindt_werk": "Vindt werk", "verliest_werk": "Verliest werk", "zonder_werk": "Zonder werk",
                "totaal": "Totaal"}
# the short category labels of the factsheet's mini charts (S4)
CATEGORIE_KORT = {"participatiewet": "P-wet", "wajong": "Wajong", "wsw_wiwid": "WSW"}

# bruto/netto (RULES.md §6): component -> sign
COMPONENTEN = {"instroom_personen": 1, "nieuwe_ikv": 1, "urengroei": 1,
               "uitstroom_personen": -1, "beeindigde_ikv": -1, "urenkrimp": -1}
TOTALEN = ("bruto_toename", "bruto_afname", "netto")
COMPONENT_LABEL = {
    "instroom_personen": "Instroom van personen", "nieuwe_ikv": "Nieuwe banen van blijvers",
    "urengroei": "Meer uren in bestaande banen", "uitstroom_personen": "Uitstroom van personen",
    "beeindigde_ikv": "Beëindigde banen van blijvers", "urenkrimp": "Minder uren in bestaande banen",
    "bruto_toename": "Bruto toename", "bruto_afname": "Bruto afname", "netto": "Netto banengroei",
}

# the register's ``reden_einde`` of a row that ended between the two dates -> the reason of the outflow
# (RULES.md §6; the others, EMIGRATIE, T_PLUS_2, BEZWAAR, OVERIG, are ``overig``)
REDEN_EINDE = {"OVERLIJDEN": "overlijden", "AOW": "aow", "BESCHUT_WERK_PW": "naar_beschut_werk_pw",
               "BESCHUT_WERK_WSW": "naar_beschut_werk_wsw", "GEEN_ARBEIDSVERMOGEN": "geen_arbeidsvermogen",
               "VRIJWILLIG": "vrijwillige_uitschrijving"}
# the grondslagen whose beginning between the dates is the reason of an inflow (RULES.md §6)
PRAKTIJKROUTE = ("PW_PRAKTIJKROUTE",)
PARTICIPATIEWET = ("PW_INDICATIE", "PW_VSO_PRO", "PW_AFGEWEZEN_WAJONG", "PW_TIJDELIJK", "PW_WML_VOORZIENING")


# --------------------------------------------------------------------------- the engine's relations

def _datums(telling, paren) -> list[tuple]:
    """The pairs as (van, tot) dates of the counting; both must have been counted."""
    from .dates import ts

    uit = []
    for van, tot in paren:
        van, tot = ts(van), ts(tot)
        for d in (van, tot):
            if d not in telling.peilen:
                raise ValueError(f"verloop: peildatum {d.date()} is niet geteld (geteld: "
                                 f"{', '.join(str(p.date()) for p in telling.peildata)})")
        if not van < tot:
            raise ValueError(f"verloop: {van.date()} ligt niet vóór {tot.date()}")
        uit.append((van, tot))
    return uit


def registreer(telling, paren, regio: bool = True) -> None:
    """Relations for the pairs ``paren`` ((van, tot) peildata of the counting ``telling``, ``motor.Telling``):

    - ``verloop_paren`` (van, tot);
    - ``verloop_personen``: per pair and person of either population ``in0``/``in1``, the region
      (``regio0``/``regio1``: with ``regio`` the report's region of residence by relation ``regio_kaart``
      as the trendrapportage counts it, else ``NL``), category and werkzaam on each date;
    - ``verloop_stromen``: per pair, unit (``NL`` and with ``regio`` every region) and person the
      ``stroom``, ``werkzaam_status`` and ``categorie`` (RULES.md §6; a move is vertrek / aankomst in the
      regions, a blijver in NL). The reasons are added by :func:`tel_verloop`."""
    paren = _datums(telling, paren)
    telling.registreer("verloop_paren", pd.DataFrame({"van": [p[0] for p in paren], "tot": [p[1] for p in paren]}),
                       datums=("van", "tot"))
    if regio:
        regio_sql = "coalesce(k.regio, p.arbeidsmarktregio_code, 'onbekend')"
        kaart = "LEFT JOIN regio_kaart k USING (peildatum, arbeidsmarktregio_code)"
    else:
        regio_sql, kaart = "'NL'", ""
    telling._con.execute(f"""
CREATE OR REPLACE TEMP TABLE verloop_personen AS
WITH pp AS (
  SELECT p.peildatum, p.persoon_id, p.categorie, p.werkzaam, {regio_sql} AS regio
  FROM per_persoon p {kaart}
  WHERE p.peildatum IN (SELECT van FROM verloop_paren UNION SELECT tot FROM verloop_paren)),
a AS (SELECT v.van, v.tot, pp.* FROM verloop_paren v JOIN pp ON pp.peildatum = v.van),
b AS (SELECT v.van, v.tot, pp.* FROM verloop_paren v JOIN pp ON pp.peildatum = v.tot)
SELECT coalesce(a.van, b.van) AS van, coalesce(a.tot, b.tot) AS tot, coalesce(a.persoon_id, b.persoon_id) AS persoon_id,
  a.persoon_id IS NOT NULL AS in0, b.persoon_id IS NOT NULL AS in1, a.regio AS regio0, b.regio AS regio1,
  a.categorie AS cat0, b.categorie AS cat1, coalesce(a.werkzaam, FALSE) AS w0, coalesce(b.werkzaam, FALSE) AS w1
FROM a FULL OUTER JOIN b ON a.van = b.van AND a.tot = b.tot AND a.persoon_id = b.persoon_id
""")
    ws = "CASE WHEN {w} THEN 'werkzaam' ELSE 'niet_werkzaam' END"
    blijver = ("CASE WHEN w0 AND w1 THEN 'behoudt_werk' WHEN w1 THEN 'vindt_werk' WHEN w0 THEN 'verliest_werk' "
               "ELSE 'zonder_werk' END")
    delen = [
        # Nederland: a person in both populations is a blijver, wherever he lives
        f"SELECT van, tot, 'NL' AS regio, persoon_id, 'uitstroom' AS stroom, {ws.format(w='w0')} AS werkzaam_status, "
        "cat0 AS categorie, FALSE AS verhuisd FROM verloop_personen WHERE in0 AND NOT in1",
        f"SELECT van, tot, 'NL', persoon_id, 'instroom', {ws.format(w='w1')}, cat1, FALSE FROM verloop_personen WHERE in1 AND NOT in0",
        f"SELECT van, tot, 'NL', persoon_id, 'blijver', {blijver}, cat1, regio0 <> regio1 FROM verloop_personen WHERE in0 AND in1",
    ]
    if regio:
        delen += [
            f"SELECT van, tot, regio0, persoon_id, 'uitstroom', {ws.format(w='w0')}, cat0, in1 FROM verloop_personen "
            "WHERE in0 AND (NOT in1 OR regio1 <> regio0)",
            f"SELECT van, tot, regio1, persoon_id, 'instroom', {ws.format(w='w1')}, cat1, in0 FROM verloop_personen "
            "WHERE in1 AND (NOT in0 OR regio1 <> regio0)",
            f"SELECT van, tot, regio1, persoon_id, 'blijver', {blijver}, cat1, FALSE FROM verloop_personen "
            "WHERE in0 AND in1 AND regio0 = regio1",
        ]
    # ``verhuisd``: a flow of a region that is a move (vertrek / aankomst), or a blijver of NL who moved
    telling._con.execute("CREATE OR REPLACE TEMP TABLE verloop_stromen AS " + " UNION ALL ".join(delen))


def _reden_sql(regels: list[tuple[str, str]]) -> str:
    return "CASE " + " ".join(f"WHEN {voorwaarde} THEN '{reden}'" for reden, voorwaarde in regels) + f" ELSE '{OVERIG}' END"


def redenen_sql(directe_einden: bool, jaarregel: bool) -> str:
    """SQL: per pair and person who left or entered the population of Nederland (``verloop_personen``) the
    one reason (RULES.md §6 decisions), by :data:`PRECEDENTIE_UITSTROOM` / :data:`PRECEDENTIE_INSTROOM`.
    Needs table ``paren`` (peildatum, persoon_id) of those persons on both dates, ``register``, ``status``
    and (with ``directe_einden``) ``persoon_data``."""
    from .motor import geldig_rijen_sql
    from .register import _BIT, bits

    def bit(*g):
        return bits(*g)

    def einde(reden):
        codes = [k for k, v in REDEN_EINDE.items() if v == reden]
        return "(" + " OR ".join(f"list_contains(redenen, '{c}')" for c in codes) + ")"

    persoon = {"overlijden": "(d.overlijdensdatum > x.van AND d.overlijdensdatum <= x.tot)",
               "aow": "(d.aow_datum > x.van AND d.aow_datum <= x.tot)"} if directe_einden else {}
    uit = []
    for r in PRECEDENTIE_UITSTROOM:
        if r in (VERTREK, OVERIG):
            continue
        v = einde(r)
        if r in persoon:
            v = f"({persoon[r]} OR {v})"
        if r == "naar_beschut_werk_wsw":
            v = f"((coalesce(s1.masker, 0) & {_BIT['WSW_BESCHUT']}) <> 0 OR {v})"
        uit.append((r, v))
    in_ = [("beschut_werk_wsw_vervalt", f"(coalesce(s0.masker, 0) & {_BIT['WSW_BESCHUT']}) <> 0"),
           ("praktijkroute", f"(begonnen & {bit(*PRAKTIJKROUTE)}) <> 0"),
           ("doelgroep_participatiewet", f"(begonnen & {bit(*PARTICIPATIEWET)}) <> 0")]
    assert [r for r, _ in in_] == [r for r in PRECEDENTIE_INSTROOM if r not in (AANKOMST, OVERIG)]
    persoon_join = "LEFT JOIN persoon_data d ON d.persoon_id = x.persoon_id" if directe_einden else ""
    return f"""
WITH g AS ({geldig_rijen_sql(paren=True, jaarregel=jaarregel)}),
x AS (SELECT van, tot, persoon_id, in0 FROM verloop_personen WHERE in0 <> in1),
rijen AS (
  SELECT x.van, x.tot, x.persoon_id,
    list(r.reden) FILTER (WHERE g0.rij IS NOT NULL AND g1.rij IS NULL AND r.reden IS NOT NULL) AS redenen,
    coalesce(bit_or(r.bit) FILTER (WHERE g1.rij IS NOT NULL AND g0.rij IS NULL), 0) AS begonnen
  FROM x JOIN register r ON r.persoon_id = x.persoon_id
  LEFT JOIN g g0 ON g0.peildatum = x.van AND g0.persoon_id = x.persoon_id AND g0.rij = r.rij
  LEFT JOIN g g1 ON g1.peildatum = x.tot AND g1.persoon_id = x.persoon_id AND g1.rij = r.rij
  GROUP BY x.van, x.tot, x.persoon_id)
SELECT x.van, x.tot, x.persoon_id,
  CASE WHEN x.in0 THEN {_reden_sql(uit)} ELSE {_reden_sql(in_)} END AS reden
FROM x LEFT JOIN (SELECT van, tot, persoon_id, coalesce(redenen, []) AS redenen, begonnen FROM rijen) USING (van, tot, persoon_id)
LEFT JOIN status s0 ON s0.peildatum = x.van AND s0.persoon_id = x.persoon_id
LEFT JOIN status s1 ON s1.peildatum = x.tot AND s1.persoon_id = x.persoon_id
{persoon_join}
"""


def _persoon_data(persoon: pd.DataFrame) -> pd.DataFrame:
    """Per person the dates of death and of reaching the AOW age (``register._persoon_einden``: the one
    definition of the at-once ends in the person data, RULES.md §2)."""
    from .register import _persoon_einden

    e = _persoon_einden(persoon)
    return pd.DataFrame({"persoon_id": e.index.to_numpy(), "overlijdensdatum": e["overlijdensdatum"].to_numpy(dtype="datetime64[s]"),
                         "aow_datum": e["aow_datum"].to_numpy(dtype="datetime64[s]")})


def tel_verloop(telling, persoon: pd.DataFrame) -> pd.DataFrame:
    """Per pair, unit, stroom, werkzaam status, reason and category the persons (RULES.md §6), after
    :func:`registreer`; with ``verhuisd`` (of those a move: vertrek / aankomst in a region, a blijver of NL
    who moved) and ``praktijkroute_niet_werkzaam`` (instromers through the Praktijkroute who are not
    werkzaam: S2 Q28 says they always are, a data-quality exception). Every pair and unit has the full
    grid of its codes (zeros included); NL has no vertrek / aankomst."""
    con = telling._con
    con.execute("CREATE OR REPLACE TEMP TABLE paren AS SELECT van AS peildatum, persoon_id FROM verloop_personen WHERE in0 <> in1 "
                "UNION SELECT tot, persoon_id FROM verloop_personen WHERE in0 <> in1")
    if telling.directe_einden:
        telling.registreer("persoon_data", _persoon_data(persoon), datums=("overlijdensdatum", "aow_datum"))
    con.execute("CREATE OR REPLACE TEMP TABLE verloop_redenen AS "
                + redenen_sql(telling.directe_einden, telling.jaargrondslagen != "actueel"))
    df = telling.sql(f"""
SELECT s.van, s.tot, s.regio, s.stroom, s.werkzaam_status,
  CASE WHEN s.stroom = 'blijver' THEN '' WHEN s.verhuisd AND s.stroom = 'uitstroom' THEN '{VERTREK}'
       WHEN s.verhuisd THEN '{AANKOMST}' ELSE r.reden END AS reden,
  s.categorie, count(*) AS personen, count(*) FILTER (WHERE s.verhuisd) AS verhuisd
FROM verloop_stromen s LEFT JOIN verloop_redenen r USING (van, tot, persoon_id)
GROUP BY ALL
""")
    for k in ("van", "tot"):
        df[k] = df[k].astype("datetime64[s]")
    return df


def grid(paren, regios: list[str]) -> pd.DataFrame:
    """Every row of table ``verloop`` for the pairs and units (RULES.md §6 codes; NL without vertrek /
    aankomst), in the order of the report."""
    from .register import CATEGORIEEN

    rijen = []
    for van, tot in paren:
        for r in regios:
            for stroom, statussen, redenen in (("uitstroom", WERKZAAM_STATUS, REDENEN_UITSTROOM),
                                               ("instroom", WERKZAAM_STATUS, REDENEN_INSTROOM),
                                               ("blijver", BLIJVER_STATUS, ("",))):
                for ws in statussen:
                    for reden in redenen:
                        if r == "NL" and reden in (VERTREK, AANKOMST):
                            continue
                        for c in CATEGORIEEN:
                            rijen.append((van, tot, r, stroom, ws, reden, c))
    df = pd.DataFrame(rijen, columns=["van", "tot", "regio", "stroom", "werkzaam_status", "reden", "categorie"])
    for k in ("van", "tot"):
        df[k] = df[k].astype("datetime64[s]")
    return df


# per (pair, unit, person, job, soort) the banen before and now (0 when the job had no counted hours);
# ``soorten``: SQL over ``ikv`` and ``peil`` with (peildatum, persoon_id, ikv_id, soort, banen) for the
# pair dates (:data:`SOORT_TREND`, :data:`SECTOR_MONITOR`)
SOORT_TREND = """
SELECT peildatum, persoon_id, ikv_id, CASE WHEN inleen THEN 'inleen' WHEN sector = 'overheid' THEN 'regulier_overheid'
  ELSE 'regulier_markt' END AS soort, banen FROM ikv
UNION ALL SELECT peildatum, persoon_id, ikv_id, 'totaal', banen FROM ikv
"""
# the landelijke monitor: regular jobs in the sector of the employer, inleen over both sectors by the
# verdeelsleutel of the date (RULES.md §4), and the total
SECTOR_MONITOR = """
SELECT i.peildatum, i.persoon_id, i.ikv_id, s.sector AS soort,
  i.banen * CASE WHEN NOT i.inleen THEN 1.0 WHEN s.sector = 'overheid' THEN p.verdeelsleutel_overheid
                 ELSE 1.0 - p.verdeelsleutel_overheid END AS banen
FROM ikv i JOIN peil p USING (peildatum) CROSS JOIN (VALUES ('markt'), ('overheid')) s(sector)
WHERE i.inleen OR i.sector = s.sector
UNION ALL SELECT peildatum, persoon_id, ikv_id, 'totaal', banen FROM ikv
"""


def bruto_netto_sql(soorten: str) -> str:
    """SQL: per pair, unit and soort the six components of RULES.md §6 (the − ones negative), banen
    before and now, and per component the persons behind it (``n_<component>``, ``n_banen``: persons with
    banen on either date), over ``verloop_stromen`` (:func:`registreer`)."""
    return f"""
WITH js AS (SELECT * FROM ({soorten}) WHERE peildatum IN (SELECT van FROM verloop_paren UNION SELECT tot FROM verloop_paren)),
a AS (SELECT v.van, v.tot, js.* FROM verloop_paren v JOIN js ON js.peildatum = v.van),
b AS (SELECT v.van, v.tot, js.* FROM verloop_paren v JOIN js ON js.peildatum = v.tot),
j AS (
  SELECT coalesce(a.van, b.van) AS van, coalesce(a.tot, b.tot) AS tot, coalesce(a.persoon_id, b.persoon_id) AS persoon_id,
    coalesce(a.soort, b.soort) AS soort, coalesce(a.banen, 0.0) AS b0, coalesce(b.banen, 0.0) AS b1
  FROM a FULL OUTER JOIN b ON a.van = b.van AND a.tot = b.tot AND a.persoon_id = b.persoon_id AND a.ikv_id = b.ikv_id
    AND a.soort = b.soort),
c AS (
  SELECT s.van, s.tot, s.regio, j.soort, s.persoon_id,
    CASE WHEN s.stroom = 'uitstroom' THEN j.b0 ELSE 0.0 END AS voor,
    CASE WHEN s.stroom = 'instroom' THEN j.b1 ELSE 0.0 END AS instroom_personen,
    CASE WHEN s.stroom = 'blijver' AND j.b0 = 0 AND j.b1 > 0 THEN j.b1 ELSE 0.0 END AS nieuwe_ikv,
    CASE WHEN s.stroom = 'blijver' AND j.b0 > 0 AND j.b1 > 0 THEN greatest(j.b1 - j.b0, 0.0) ELSE 0.0 END AS urengroei,
    CASE WHEN s.stroom = 'uitstroom' THEN -j.b0 ELSE 0.0 END AS uitstroom_personen,
    CASE WHEN s.stroom = 'blijver' AND j.b0 > 0 AND j.b1 = 0 THEN -j.b0 ELSE 0.0 END AS beeindigde_ikv,
    CASE WHEN s.stroom = 'blijver' AND j.b0 > 0 AND j.b1 > 0 THEN least(j.b1 - j.b0, 0.0) ELSE 0.0 END AS urenkrimp,
    CASE WHEN s.stroom <> 'instroom' THEN j.b0 ELSE 0.0 END AS banen_van,
    CASE WHEN s.stroom <> 'uitstroom' THEN j.b1 ELSE 0.0 END AS banen_tot
  FROM verloop_stromen s JOIN j ON j.van = s.van AND j.tot = s.tot AND j.persoon_id = s.persoon_id),
p AS (
  SELECT van, tot, regio, soort, persoon_id, {", ".join(f"sum({k}) AS {k}" for k in COMPONENTEN)},
    sum(banen_van) AS banen_van, sum(banen_tot) AS banen_tot
  FROM c GROUP BY ALL)
SELECT van, tot, regio, soort, {", ".join(f"sum({k}) AS {k}" for k in COMPONENTEN)},
  sum(banen_van) AS banen_van, sum(banen_tot) AS banen_tot,
  {", ".join(f"count(*) FILTER (WHERE {k} <> 0) AS n_{k}" for k in COMPONENTEN)},
  count(*) FILTER (WHERE {" OR ".join(f"{k} > 0" for k, t in COMPONENTEN.items() if t > 0)}) AS n_bruto_toename,
  count(*) FILTER (WHERE {" OR ".join(f"{k} < 0" for k, t in COMPONENTEN.items() if t < 0)}) AS n_bruto_afname,
  count(*) FILTER (WHERE banen_van > 0 OR banen_tot > 0) AS n_netto
FROM p GROUP BY ALL
"""


def tel_bruto_netto(telling, soorten: str = SOORT_TREND) -> pd.DataFrame:
    """:func:`bruto_netto_sql` after :func:`registreer`, with ``bruto_toename``, ``bruto_afname`` and
    ``netto`` (RULES.md §6); one row per pair, unit and soort that has banen on either date."""
    df = telling.sql(bruto_netto_sql(soorten))
    for k in ("van", "tot"):
        df[k] = df[k].astype("datetime64[s]")
    df["bruto_toename"] = df[[k for k, t in COMPONENTEN.items() if t > 0]].sum(axis=1)
    df["bruto_afname"] = df[[k for k, t in COMPONENTEN.items() if t < 0]].sum(axis=1)
    df["netto"] = df["banen_tot"] - df["banen_van"]
    return df


class IdentiteitFout(ValueError):
    """An identity of RULES.md §6 does not hold: a defect of the counting, never of the input."""


def controleer_identiteiten(verloop: pd.DataFrame, voorraad: pd.DataFrame, bn: pd.DataFrame | None = None,
                            tolerantie: float = 1e-6) -> None:
    """The identities of RULES.md §6 on every pair and unit, or :class:`IdentiteitFout` naming the first
    that breaks: previous total − uitstroom + instroom = current total; werkzaam before = behoudt +
    verliest + werkzame uitstromers; werkzaam now = behoudt + vindt + werkzame instromers; and per soort
    the six components add up to ``netto`` = banen now − banen before. ``voorraad``: per (van, tot, regio)
    ``personen_van``, ``personen_tot``, ``werkzaam_van``, ``werkzaam_tot`` and per soort (``bn``)
    ``banen_van_<soort>``/``banen_tot_<soort>`` (the banen the report publishes, checked against those of
    the decomposition); the flow identities for the pairs of ``verloop``."""
    def som(d, **k):
        m = np.ones(len(d), dtype=bool)
        for kol, w in k.items():
            m &= d[kol].isin(w if isinstance(w, tuple) else (w,)).to_numpy()
        return int(d.loc[m, "personen"].sum())

    paren = set(verloop[["van", "tot"]].itertuples(index=False, name=None))
    for _, v in voorraad.iterrows():
        if (v["van"], v["tot"]) not in paren:
            continue
        d = verloop.loc[(verloop["van"] == v["van"]) & (verloop["tot"] == v["tot"]) & (verloop["regio"] == v["regio"])]
        waar = f"regio {v['regio']}, {pd.Timestamp(v['van']).date()} -> {pd.Timestamp(v['tot']).date()}"
        uit, in_ = som(d, stroom="uitstroom"), som(d, stroom="instroom")
        regels = [
            ("vorige stand - uitstroom + instroom = huidige stand", v["personen_van"] - uit + in_, v["personen_tot"]),
            ("werkzaam voor = behoudt + verliest + werkzame uitstromers",
             som(d, stroom="blijver", werkzaam_status=("behoudt_werk", "verliest_werk")) + som(d, stroom="uitstroom", werkzaam_status="werkzaam"),
             v["werkzaam_van"]),
            ("werkzaam nu = behoudt + vindt + werkzame instromers",
             som(d, stroom="blijver", werkzaam_status=("behoudt_werk", "vindt_werk")) + som(d, stroom="instroom", werkzaam_status="werkzaam"),
             v["werkzaam_tot"]),
        ]
        for naam, links, rechts in regels:
            if int(links) != int(rechts):
                raise IdentiteitFout(f"verloop, {waar}: {naam} geldt niet ({int(links)} <> {int(rechts)})")
    if bn is not None:
        vr = voorraad.set_index(["van", "tot", "regio"])
        for _, r in bn.iterrows():
            waar = (f"bruto_netto, regio {r['regio']}, soort {r['soort']}, {pd.Timestamp(r['van']).date()} -> "
                    f"{pd.Timestamp(r['tot']).date()}")
            for k in ("van", "tot"):
                kolom = f"banen_{k}_{r['soort']}"
                sleutel = (r["van"], r["tot"], r["regio"])
                if kolom in vr.columns and sleutel in vr.index:
                    gepubliceerd = float(vr.at[sleutel, kolom])
                    if abs(gepubliceerd - float(r[f"banen_{k}"])) > tolerantie * max(1.0, abs(gepubliceerd)):
                        raise IdentiteitFout(f"{waar}: banen op {k} ({float(r[f'banen_{k}']):.6f}) <> de getelde banen "
                                             f"({gepubliceerd:.6f})")
            som6 = sum(float(r[k]) for k in COMPONENTEN)
            if abs(som6 - float(r["netto"])) > tolerantie * max(1.0, abs(float(r["netto"]))):
                raise IdentiteitFout(f"{waar}: de zes componenten ({som6:.6f}) <> netto ({float(r['netto']):.6f})")


# --------------------------------------------------------------------------- the published table bruto_netto

def bruto_netto_rijen(bn: pd.DataFrame, paren: list[tuple[str, pd.Timestamp, pd.Timestamp, str, str]],
                      regios: list[str], soorten) -> pd.DataFrame:
    """The rows of table ``bruto_netto`` (DATA_CONTRACT.md): per pair ``(vergelijking, van, tot, van_tekst,
    tot_tekst)`` (the dates of :func:`tel_bruto_netto` and as the table prints them), region and soort the
    six components, ``bruto_toename``, ``bruto_afname`` and ``netto`` (0 where nothing was counted), with
    ``n``: the persons behind each cell (RULES.md §10)."""
    bn_i = bn.set_index(["van", "tot", "regio", "soort"])
    rijen = []
    for vergelijking, van, tot, van_tekst, tot_tekst in paren:
        for r in regios:
            for s in soorten:
                sleutel = (van, tot, r, s)
                aanwezig = sleutel in bn_i.index
                for comp in (*COMPONENTEN, *TOTALEN):
                    rijen.append({"vergelijking": vergelijking, "van": van_tekst, "tot": tot_tekst, "regio": r, "soort": s,
                                  "component": comp, "banen": float(bn_i.at[sleutel, comp]) if aanwezig else 0.0,
                                  "n": int(bn_i.at[sleutel, f"n_{comp}"]) if aanwezig else 0})
    return pd.DataFrame(rijen)


def bruto_netto_relaties(pub, tabel: str = "bruto_netto", soorten=(), totaal: str = "totaal",
                         regio_totaal: str | None = None) -> None:
    """The relations of table ``bruto_netto`` (RULES.md §6, §10): per pair, region and soort the + components
    add up to ``bruto_toename``, the − ones to ``bruto_afname``, both to ``netto``; ``netto`` of ``totaal`` is
    the sum of the soorten' ``netto``.

    A component of ``totaal`` is the sum of the soorten' only when no job changed soort (such a job is a
    beëindigde baan in one soort and a nieuwe baan in another, and unchanged in ``totaal``), and a component of
    NL (``regio_totaal``) the sum of the regions' only when nobody who moved had a job on either date; a reader
    may see that (``nieuwe_ikv`` and ``beeindigde_ikv`` 0, nobody ``vertrek_uit_regio``). So every such
    relation that holds on the counted figures is declared as well (:func:`som_als_waar`): a relation the
    reader cannot know only adds protection."""
    d_all = pub.tabellen[tabel].data
    w = pd.to_numeric(d_all["banen"], errors="coerce").astype(float).to_numpy()
    for (v, r), d in d_all.groupby(["vergelijking", "regio"], sort=False):
        rij: dict = {}
        for i, s, comp in zip(d.index, d["soort"], d["component"]):
            rij.setdefault((s, comp), int(i))

        def c(s, comp):
            return rij[(s, comp)]

        aanwezig = list(dict.fromkeys(d["soort"]))
        for s in aanwezig:
            for som, teken in (("bruto_toename", 1), ("bruto_afname", -1)):
                pub.relatie(f"{tabel} {v} {r} {s} {som}", [(tabel, c(s, som), "banen", -1),
                                                           *[(tabel, c(s, k), "banen", 1) for k, x in COMPONENTEN.items() if x == teken]])
            pub.relatie(f"{tabel} {v} {r} {s} netto", [(tabel, c(s, "netto"), "banen", -1), (tabel, c(s, "bruto_toename"), "banen", 1),
                                                       (tabel, c(s, "bruto_afname"), "banen", 1)])
        delen = [s for s in soorten if s in aanwezig]
        if totaal in aanwezig:
            pub.relatie(f"{tabel} {v} {r} netto {totaal} = som", [(tabel, c(totaal, "netto"), "banen", -1),
                                                                  *[(tabel, c(s, "netto"), "banen", 1) for s in delen]])
            for comp in COMPONENTEN:
                som_als_waar(pub, f"{tabel} {v} {r} {comp} {totaal} = som", tabel, "banen", c(totaal, comp),
                             [c(s, comp) for s in delen], waarden=w)
    if regio_totaal is None:
        return
    regios = d_all["regio"].to_numpy()
    for g, idx in d_all.groupby(["vergelijking", "soort", "component"], sort=False).indices.items():
        regio = regios[idx]
        nl = [int(d_all.index[i]) for i, x in zip(idx, regio) if x == regio_totaal]
        delen = [int(d_all.index[i]) for i, x in zip(idx, regio) if x != regio_totaal]
        if nl and delen and g[-1] in COMPONENTEN:
            som_als_waar(pub, f"{tabel} {' '.join(map(str, g))} regio's = {regio_totaal}", tabel, "banen", nl[0], delen,
                         waarden=w)


def som_als_waar(pub, naam: str, tabel: str, kolom: str, totaal: int, delen: list[int], waarden=None) -> bool:
    """Declare ``totaal = sum(delen)`` in column ``kolom`` when it holds on the counted figures (RULES.md §10:
    a sum a reader may find true is treated as known); True when declared. ``waarden``: the column as floats,
    when the caller has it already."""
    w = waarden if waarden is not None else pd.to_numeric(pub.tabellen[tabel].data[kolom], errors="coerce").astype(float).to_numpy()
    tot, som = w[totaal], float(w[delen].sum())
    if not delen or np.isnan(tot) or np.isnan(som) or abs(tot - som) > 1e-9 * max(1.0, abs(tot)):
        return False
    pub.relatie(naam, [(tabel, totaal, kolom, -1), *[(tabel, i, kolom, 1) for i in delen]], lokaal=True)
    return True


BRUTO_NETTO_TOELICHTING = (
    "Toename (+) en afname (−, negatief) van banen tussen twee peildata: door instroom en uitstroom van personen, "
    "nieuwe en beëindigde banen van blijvers en meer of minder uren in banen die op beide peildata bestaan; "
    "netto = bruto toename + bruto afname = banen nu − banen toen. Banen die tussen de twee peildata beginnen en "
    "eindigen zijn niet zichtbaar.")


def figuur_waterval(gep, voor, na, titel: str = "", tabel: str = "bruto_netto", **sleutel):
    """Waterfall chart from banen before (``voor``, the published figure) to banen after (``na``) through
    the six components (RULES.md §6) of one pair, region and soort (``sleutel``: column values of the
    published table); from a suppressed component on the bars are left out and marked ``*``."""
    import matplotlib.pyplot as plt

    from .publicatie import getal

    df = gep[tabel]
    m = np.ones(len(df), dtype=bool)
    for k, v in sleutel.items():
        m &= (df[k] == v).to_numpy()
    d = df.loc[m].set_index("component")["banen"]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    labels = ["Banen toen", *(COMPONENT_LABEL[k] for k in COMPONENTEN), "Banen nu"]
    stand = voor
    x = np.arange(len(labels))
    kleur = {1: "#55a868", -1: "#c44e52"}
    if voor is not None and pd.notna(voor):
        ax.bar(x[0], voor, color="#4c72b0")
        ax.text(x[0], voor, getal(voor), ha="center", va="bottom", fontsize=8)
    for i, (k, teken) in enumerate(COMPONENTEN.items(), start=1):
        w = d.get(k, np.nan)
        if pd.isna(w) or stand is None or pd.isna(stand):
            ax.text(x[i], 0, "*", ha="center", va="bottom", fontsize=12)
            stand = np.nan
            continue
        ax.bar(x[i], w, bottom=stand, color=kleur[teken])
        ax.text(x[i], stand + max(w, 0), getal(w, 1), ha="center", va="bottom", fontsize=8)
        stand = stand + w
    if na is not None and pd.notna(na):
        ax.bar(x[-1], na, color="#4c72b0")
        ax.text(x[-1], na, getal(na), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=25, ha="right", fontsize=8)
    ax.set_ylabel("banen")
    if voor is not None and na is not None and pd.notna(voor) and pd.notna(na):
        laag = min(voor, na)
        ax.set_ylim(bottom=max(0.0, laag - 0.6 * max(abs(na - voor), float(np.nanmax(np.abs(d.to_numpy(dtype=float)))) if len(d) else 1.0)))
    onder, boven = ax.get_ylim()
    ax.set_ylim(onder, boven + 0.08 * (boven - onder))  # room for the labels above the bars
    ax.set_title(titel, fontsize=10)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- the definitions printed

REDEN_UITLEG = {
    VERTREK: "de persoon blijft in de doelgroep maar woont nu in een andere arbeidsmarktregio",
    "overlijden": "overleden tussen de twee peildata (persoonsgegevens of reden van einde in het register)",
    "aow": "de AOW-leeftijd bereikt tussen de twee peildata (persoonsgegevens of reden van einde)",
    "naar_beschut_werk_pw": "registratie beëindigd met een beschikking beschut werk Participatiewet",
    "naar_beschut_werk_wsw": "een grondslag beschut werk Wsw (binnen het sw-bedrijf) is gaan gelden, of reden van einde beschut werk Wsw",
    "geen_arbeidsvermogen": "registratie beëindigd wegens duurzaam geen arbeidsvermogen",
    "vrijwillige_uitschrijving": "op eigen verzoek uitgeschreven",
    AANKOMST: "de persoon was al in de doelgroep en woont nu in deze arbeidsmarktregio",
    "beschut_werk_wsw_vervalt": "de grondslag beschut werk Wsw die de persoon buiten de doelgroep hield, geldt niet meer",
    "praktijkroute": "een registratie via de Praktijkroute is gaan gelden (zou altijd werkzaam moeten zijn)",
    "doelgroep_participatiewet": "een andere registratie Participatiewet is gaan gelden (indicatie banenafspraak, "
                                 "VSO/PrO, afgewezen Wajong, tijdelijk, WML met voorziening)",
}


def definities(regionaal: bool, directe_einden: bool) -> dict[str, str]:
    """The texts on the flows and the decomposition printed with a report, generated from the codes and
    their precedence (RULES.md §6) and the run's parameters."""
    def lijst(precedentie):
        delen = [f"{REDEN_LABEL[r].lower()} ({REDEN_UITLEG[r]})" for r in precedentie
                 if r != OVERIG and (regionaal or r not in (VERTREK, AANKOMST))]
        return "; ".join(delen)

    persoon = ("" if directe_einden else " Overlijden en de AOW-leeftijd tellen alleen als reden wanneer het register "
               "ze als reden van einde heeft (de persoonsgegevens staan in deze run uit).")
    return {
        "verloop": "tussen de vorige en de huidige peildatum is ieder persoon uitstromer (alleen toen in de doelgroep; "
                   "werkzaam en categorie van toen), instromer (alleen nu; werkzaam en categorie van nu) of blijver "
                   "(beide keren): behoudt werk (beide keren werkzaam, niet per se dezelfde baan), vindt werk (alleen nu), "
                   "verliest werk (alleen toen) of zonder werk; categorie van nu. Elke peildatum telt met zijn eigen "
                   "regels (1 januari, extractiedatum, woonregio)."
                   + (" Een verhuizing naar een andere arbeidsmarktregio is uitstroom voor de ene en instroom voor de "
                      "andere regio; voor Nederland blijft de persoon." if regionaal else ""),
        "redenen uitstroom": "één reden per persoon, de eerste die van toepassing is: " + lijst(PRECEDENTIE_UITSTROOM)
                             + "; anders overig (emigratie, t+2, bezwaar, geen reden)." + persoon,
        "redenen instroom": "één reden per persoon, de eerste die van toepassing is: " + lijst(PRECEDENTIE_INSTROOM)
                            + "; anders overig (nieuwe Wajong, Wsw, Wiw/ID, herregistratie).",
        "bruto en netto": "de banengroei tussen twee peildata uit banen per persoon en inkomstenverhouding: instroom van "
                          "personen (+), nieuwe banen van blijvers (+), meer uren in banen op beide peildata (+), uitstroom "
                          "van personen (−), beëindigde banen van blijvers (−), minder uren (−); netto = banen nu − banen "
                          "toen. Een baan die van soort wisselt, verlaat de ene soort en komt in de andere; het totaal "
                          "kijkt naar de baan zelf. Banen die tussen de twee peildata beginnen én eindigen zijn niet "
                          "zichtbaar.",
    }
