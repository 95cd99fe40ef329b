"""The quotumheffing (RULES.md §9; S3 Q66-Q93; issue #16): the quotumpercentage per sector, an employer's size,
required hours, shortfall and heffing, as small pure functions over the dated parameters of ``quotum.yaml``.

Years: the report's ``jaar`` Y is the year the quotumpercentage applies and the heffing is about (set in Y-1,
computed in Y+1, S3 Q82). The rekentool (``banenafspraak rekentool``, S3 Q92) and the report use the same
functions.

Worked example (S3 Q84, markt 2020): A 35.927, B 45.000 (40.000 through 2019 plus half of the 2020 increment),
C = G = 1.331, D 5.000.000, E 1.623, F 2.557 -> ((A + B) x C + F x G) / (D x E) = 0,013693 (1,37%). An employer
with 100.000 hours and 500 doelgroep hours at 1,37% needs 1.370 hours: tekort 870 hours = 0,6536 arbeidsplaats
= EUR 3.268,22.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dates import ts
from .parameters import parameter

SECTOREN = ("markt", "overheid")


def _datum(jaar: int):
    """The date a yearly quotum parameter is read on: 31 December of the year."""
    return ts(f"{int(jaar)}-12-31")


def quotumpercentage(A: float, B: float, C: float, D: float, E: float, F: float, G: float) -> float:
    """((A + B) x C + F x G) / (D x E), a fraction (RULES.md §9, S3 Q84): A banen of the doelgroep at large employers
    in the nulmeting, B extra banen due, C their mean yearly hours, D jobs at large employers, E mean yearly hours of
    an employee, F persons of the quotum group, G their mean yearly hours."""
    if D <= 0 or E <= 0:
        raise ValueError(f"quotumpercentage: D x E moet groter dan 0 zijn (D={D}, E={E})")
    return ((A + B) * C + F * G) / (D * E)


def extra_banen_verschuldigd(jaar: int, sector: str, schaal: float = 1.0) -> float:
    """B for year Y (RULES.md §9): the target of Y-1 plus half of the increment to the target of Y, per sector
    (parameter ``doelstelling.<sector>``), x ``schaal``. 2020 markt: 40.000 + 0,5 x 10.000 = 45.000 (S3 Q84)."""
    if sector not in SECTOREN:
        raise ValueError(f"sector {sector!r}; kies markt of overheid")
    vorig = parameter(f"doelstelling.{sector}", _datum(jaar - 1))
    dit = parameter(f"doelstelling.{sector}", _datum(jaar))
    if vorig is None or dit is None:
        raise ValueError(f"geen doelstelling {sector} voor {jaar - 1} en {jaar} (de reeks begint in 2015)")
    return (float(vorig) + 0.5 * (float(dit) - float(vorig))) * float(schaal)


def is_groot(verloonde_uren, jaar: int):
    """An employer is large in the year when its own verloonde uren exceed the limit (parameters
    ``quotum.grens_uren``, 40.575, and ``quotum.grens_inclusief``: whether exactly the limit is large; RULES.md §9
    decision: not). Works on a number or an array."""
    grens = float(parameter("quotum.grens_uren", _datum(jaar)))
    uren = np.asarray(verloonde_uren, dtype=float)
    groot = uren >= grens if parameter("quotum.grens_inclusief", _datum(jaar)) else uren > grens
    return bool(groot) if np.ndim(groot) == 0 else groot


def vereiste_uren(percentage: float, verloonde_uren):
    """The doelgroep hours an employer must have: quotumpercentage x its total verloonde uren (S3 Q85)."""
    return percentage * np.asarray(verloonde_uren, dtype=float) if np.ndim(verloonde_uren) else percentage * float(verloonde_uren)


def tekort_uren(vereist, doelgroep_uren):
    """Shortfall in hours: required minus doelgroep hours, never below 0."""
    t = np.maximum(np.asarray(vereist, dtype=float) - np.asarray(doelgroep_uren, dtype=float), 0.0)
    return float(t) if np.ndim(t) == 0 else t


def tekort_arbeidsplaatsen(tekort, jaar: int):
    """The shortfall in arbeidsplaatsen of 1.331 hours a year (parameter ``quotum.uren_per_arbeidsplaats``)."""
    t = np.asarray(tekort, dtype=float) / float(parameter("quotum.uren_per_arbeidsplaats", _datum(jaar)))
    return float(t) if np.ndim(t) == 0 else t


def heffing_actief(sector: str, jaar: int) -> bool:
    """Whether a heffing is levied for the sector over the year: its quotum activated (``quotum.geactiveerd_<sector>``)
    and the heffing not suspended (``quotum.heffing_opgeschort_<sector>``). The shortfall is shown either way."""
    d = _datum(jaar)
    return bool(parameter(f"quotum.geactiveerd_{sector}", d)) and not bool(parameter(f"quotum.heffing_opgeschort_{sector}", d))


def heffing(tekort_ap, jaar: int, groot=True, actief: bool = True):
    """The heffing in euros: the shortfall in arbeidsplaatsen x EUR 5.000 (parameter
    ``quotum.heffing_per_arbeidsplaats``), pro rata; 0 for an employer that is not large in the year (S3 Q88) or
    when the heffing is not levied (``actief``, :func:`heffing_actief`). Rounded to cents."""
    bedrag = float(parameter("quotum.heffing_per_arbeidsplaats", _datum(jaar)))
    h = np.where(np.asarray(groot, dtype=bool) & bool(actief), np.asarray(tekort_ap, dtype=float) * bedrag, 0.0)
    h = np.round(h + 0.0, 2)
    return float(h) if np.ndim(h) == 0 else h


@dataclass(frozen=True)
class Berekening:
    """The heffing of one employer (the rekentool, S3 Q92)."""

    jaar: int
    percentage: float
    verloonde_uren: float
    doelgroep_uren: float
    groot: bool
    vereiste_uren: float
    tekort_uren: float
    tekort_arbeidsplaatsen: float
    heffing: float


def eerste_heffingsjaar() -> int:
    """The first year the quotumheffing can apply (parameter ``quotum.eerste_heffingsjaar``, S3 Q68)."""
    return int(parameter("quotum.eerste_heffingsjaar", ts("2018-12-31")))


def bereken(percentage: float, verloonde_uren: float, doelgroep_uren: float, jaar: int) -> Berekening:
    """One employer's required hours, shortfall and heffing at ``percentage`` (a fraction) with the parameters of
    ``jaar`` (S3 Q92). The heffing is what the employer would owe when the quotum applies (an employer that is not
    large owes nothing)."""
    if not 0 <= percentage < 1:
        raise ValueError(f"percentage {percentage}: geef een fractie tussen 0 en 1 (0.0137 voor 1,37%)")
    if int(jaar) < eerste_heffingsjaar():
        raise ValueError(f"jaar {jaar}: de quotumheffing kan voor het eerst gelden in {eerste_heffingsjaar()} (S3 Q68)")
    if verloonde_uren < 0 or doelgroep_uren < 0:
        raise ValueError("uren kunnen niet negatief zijn")
    groot = is_groot(verloonde_uren, jaar)
    vereist = vereiste_uren(percentage, verloonde_uren)
    tekort = tekort_uren(vereist, doelgroep_uren)
    ap = tekort_arbeidsplaatsen(tekort, jaar)
    return Berekening(int(jaar), float(percentage), float(verloonde_uren), float(doelgroep_uren), groot, vereist, tekort,
                      ap, heffing(ap, jaar, groot))


def rekentool_tekst(b: Berekening) -> str:
    """The rekentool's answer in Dutch, with the parameters it used."""
    from .publicatie import getal

    regels = [
        f"Quotumheffing {b.jaar} (indicatief; rekentool, S3 Q92)",
        f"  quotumpercentage          {getal(100 * b.percentage, 2)}%",
        f"  verloonde uren            {getal(b.verloonde_uren, 2)}",
        f"  grote werkgever           {'ja' if b.groot else 'nee'} (grens {getal(parameter('quotum.grens_uren', _datum(b.jaar)))} uur, "
        f"{'inclusief' if parameter('quotum.grens_inclusief', _datum(b.jaar)) else 'meer dan'})",
        f"  vereiste uren doelgroep   {getal(b.vereiste_uren, 2)}",
        f"  uren doelgroep            {getal(b.doelgroep_uren, 2)}",
        f"  tekort in uren            {getal(b.tekort_uren, 2)}",
        f"  tekort in arbeidsplaatsen {getal(b.tekort_arbeidsplaatsen, 4)} (van {getal(parameter('quotum.uren_per_arbeidsplaats', _datum(b.jaar)))} uur per jaar)",
        f"  heffing                   EUR {getal(b.heffing, 2)}"
        + ("" if b.groot else " (geen grote werkgever: geen heffing)"),
    ]
    return "\n".join(regels)


# --------------------------------------------------------------------------- the report (run quotum)

TABELLEN = ["persoon", "doelgroepregister", "polis", "werkgever"]
OPTIONEEL = "inleen_overdracht"
HEFFING_KOLOMMEN = ["jaar", "fiscaal_nummer", "sector", "groot", "verloonde_uren", "vereiste_uren", "doelgroep_uren",
                    "inleen_uren_ontvangen", "inleen_uren_overgedragen", "tekort_uren", "tekort_arbeidsplaatsen", "heffing"]


def tabellen_voor(data_dir) -> list[str]:
    """The tables a quotum run reads: :data:`TABELLEN` and ``inleen_overdracht`` when the data directory (empty: the
    embedded synthetic data) has it."""
    from .loading import met_optionele_tabellen

    return met_optionele_tabellen(data_dir, TABELLEN, [OPTIONEEL])


def grote_werkgevers(tabellen, jaar: int, verplicht: bool = True):
    """Per fiscaal nummer of ``jaar``: its own hours, sector (``motor.fiscale_werkgevers``) and ``groot``
    (:func:`is_groot`). ``verplicht``: a year without werkgever rows is an error (the heffing's own year); else an
    empty table (the nulmeting's year or D's year before the data: A or D from the data are then 0)."""
    from .motor import fiscale_werkgevers

    fw = fiscale_werkgevers(tabellen, jaar)
    if fw.empty and verplicht:
        raise ValueError(f"werkgever: geen rijen voor {jaar}; de quotumheffing over {jaar} heeft de uren van dat jaar nodig")
    fw["groot"] = is_groot(fw["verloonde_uren"].to_numpy(dtype=float), jaar)
    return fw


def _per_loonheffingennummer(tabellen, fw, jaar: int):
    """(werkgever_id, groot, sector) for every loonheffingennummer, from its fiscaal nummer in ``jaar``."""
    import pandas as pd

    from .motor import fiscaal_van

    kaart = fiscaal_van(tabellen, jaar)
    f = fw.set_index("fiscaal_nummer")
    df = pd.DataFrame({"werkgever_id": kaart.index.to_numpy(dtype=object), "fiscaal_nummer": kaart.to_numpy(dtype=object)})
    groot, sector = f["groot"].to_dict(), f["sector"].to_dict()
    df["groot"] = np.array([bool(groot.get(x, False)) for x in df["fiscaal_nummer"]], dtype=bool)
    df["sector"] = np.array([sector.get(x, "markt") for x in df["fiscaal_nummer"]], dtype=object)
    return df


def uit_de_data(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> dict:
    """A and F of the formula for year ``jaar`` counted from the data, per sector (RULES.md §9 decisions): A = banen of
    the doelgroep in the nulmeting (doelgroep of 1 January 2013, hours of December 2012) at employers that were large
    in 2012, by the sector of their fiscaal nummer; F = persons of the quotum-only group (QUOTUM_VOORZIENING) with
    paid work at a large employer of the sector on 31 December of ``jaar`` - 2 (the year of D). Also the persons behind
    A (disclosure control)."""
    from .monitor import nulmeting_peil
    from .motor import tel

    uit = {}
    peil = nulmeting_peil(jaar)
    t = tel(tabellen, [peil], scenario, directe_einden)
    try:
        j0 = peil.urendatum.year
        t.registreer("lh", _per_loonheffingennummer(tabellen, grote_werkgevers(tabellen, j0, False), j0), datums=())
        a = t.sql("SELECT l.sector, sum(i.banen) AS banen, count(DISTINCT i.persoon_id) AS personen FROM ikv i "
                  "JOIN lh l USING (werkgever_id) WHERE l.groot GROUP BY l.sector")
    finally:
        t._con.close()
    uit["A"] = {r.sector: (float(r.banen), int(r.personen)) for r in a.itertuples()}
    d = ts(f"{int(jaar) - 2}-12-31")
    t = tel(tabellen, [d], scenario, directe_einden)
    try:
        t.registreer("lh", _per_loonheffingennummer(tabellen, grote_werkgevers(tabellen, jaar - 2, False), jaar - 2), datums=())
        beschut = [str(c) for c in parameter("banen.beschut_werk_aarden", d)]
        f = t.sql("SELECT l.sector, count(DISTINCT s.persoon_id) AS personen FROM status s "
                  "JOIN polis_peil o ON o.persoon_id = s.persoon_id JOIN lh l ON l.werkgever_id = o.werkgever_id "
                  "WHERE s.uitsluiting = 'alleen quotumgrondslag' AND l.groot AND o.sv_loon > 0 "
                  "AND NOT list_contains($b, o.aard_arbeidsverhouding) GROUP BY l.sector", {"b": beschut})
    finally:
        t._con.close()
    uit["F"] = {r.sector: int(r.personen) for r in f.itertuples()}
    return uit


@dataclass
class Quotumtelling:
    """What a quotum run counted for year ``jaar``: the formula per sector, every fiscaal nummer's heffing."""

    jaar: int
    formule: "object"   # DataFrame: sector, A..G, quotumpercentage_berekend, quotumpercentage, bron_A, bron_F, personen_A
    heffing: "object"   # DataFrame: HEFFING_KOLOMMEN (internal: employer letters)
    grens: "object"     # DataFrame: sector, band, werkgevers, heffing (employers around the size limit)
    schaal: float
    gegeven: bool = False  # the quotumpercentage was given (a what-if run), not computed


def tel_jaar(tabellen, jaar: int, quotumpercentage: float | None = None, scenario: str = "geregistreerd",
             directe_einden: bool = True, schaal: float | None = None) -> Quotumtelling:
    """The quotumheffing over ``jaar`` (RULES.md §9): per sector the quotumpercentage from the formula (or the given
    ``quotumpercentage``, a fraction, for a what-if run), and per fiscaal nummer with verloonde uren in the year its
    size, own hours, required hours, doelgroep hours (own, plus inleen transferred to it, minus inleen it transferred
    away), shortfall in hours and arbeidsplaatsen, and heffing (0 when not large, when the sector's quotum is not
    activated or its heffing is suspended)."""
    import pandas as pd

    from .motor import tel_quotum, werkgever_jaarrij

    jaar = int(jaar)
    schaal = float(getattr(tabellen, "schaal", 1.0) if schaal is None else schaal)
    if quotumpercentage is not None and not 0 <= float(quotumpercentage) < 1:
        raise ValueError(f"quotumpercentage {quotumpercentage}: geef een fractie tussen 0 en 1 (0.0137 voor 1,37%)")
    d = _datum(jaar)
    C = G = float(parameter("quotum.uren_per_arbeidsplaats", d))
    E = float(parameter("quotum.gemiddelde_jaaruren_werknemer", d))
    fw_d = grote_werkgevers(tabellen, jaar - 2, False)
    data = uit_de_data(tabellen, jaar, scenario, directe_einden)
    rijen = []
    for s in SECTOREN:
        gepubliceerd_A = parameter(f"quotum.nulmeting_banen_groot_{s}", d) if s == "markt" else None
        gepubliceerd_F = parameter(f"quotum.quotumgroep_{s}", d) if s == "markt" else None
        A_data, pA = data["A"].get(s, (0.0, 0))
        A = float(gepubliceerd_A) * schaal if gepubliceerd_A is not None else A_data
        F = float(gepubliceerd_F) * schaal if gepubliceerd_F is not None else float(data["F"].get(s, 0))
        groot_d = fw_d.loc[fw_d["groot"] & (fw_d["sector"] == s), "verloonde_uren"]
        uren = float(groot_d.sum())
        D = uren / E
        B = extra_banen_verschuldigd(jaar, s, schaal)
        berekend = quotumpercentage_of_nan(A, B, C, D, E, F, G)
        quotumpercentage_formule = vastgesteld_percentage(berekend, jaar)
        rijen.append({"jaar": jaar, "sector": s, "A": A, "B": B, "C": C, "D": D, "E": E, "F": F, "G": G,
                      "quotumpercentage_berekend": berekend,
                      "quotumpercentage": float(quotumpercentage) if quotumpercentage is not None else quotumpercentage_formule,
                      "bron_A": "gepubliceerd x schaal" if gepubliceerd_A is not None else "data",
                      "bron_F": "gepubliceerd x schaal" if gepubliceerd_F is not None else "data",
                      "personen_A": pA if gepubliceerd_A is None else np.nan,
                      "personen_F": F if gepubliceerd_F is None else np.nan,
                      # D rests on the large employers of Y-2: their number and the share of the largest (RULES.md §10)
                      "werkgevers_D": len(groot_d), "dominant_D": float(groot_d.max() / uren) if uren > 0 else 0.0})
    formule = pd.DataFrame(rijen)

    # every fiscaal nummer with verloonde uren in the year
    alle_fw = grote_werkgevers(tabellen, jaar)
    lh = tel_quotum(tabellen, jaar, scenario, directe_einden)
    kaart = werkgever_jaarrij(tabellen, jaar)
    lh["fiscaal_nummer"] = lh["werkgever_id"].map(kaart["fiscaal_nummer"])
    eigen = lh.groupby("fiscaal_nummer")["doelgroep_uren"].sum()
    ontvangen = overgedragen = pd.Series(dtype=float)
    if OPTIONEEL in tabellen and len(tabellen[OPTIONEEL]):
        io = tabellen[OPTIONEEL]
        io = io.loc[io["jaar"].astype(int) == jaar]
        controleer_overdracht(tabellen, io, alle_fw, kaart, jaar, scenario, directe_einden)
        ontvangen = io.groupby("inlener_fiscaal_nummer")["verloonde_uren"].sum()
        overgedragen = io.groupby("uitlener_fiscaal_nummer")["verloonde_uren"].sum()
    # every fiscaal nummer with verloonde uren in the year, or inleen transferred to or from it (nothing vanishes)
    met_inleen = alle_fw["fiscaal_nummer"].isin(ontvangen.index) | alle_fw["fiscaal_nummer"].isin(overgedragen.index)
    fw = alle_fw.loc[(alle_fw["verloonde_uren"] + alle_fw["verloonde_uren_uitzend"] > 0) | met_inleen].reset_index(drop=True)
    h = fw[["fiscaal_nummer", "sector", "groot", "verloonde_uren"]].copy()
    h.insert(0, "jaar", jaar)
    pct = formule.set_index("sector")["quotumpercentage"]
    h["vereiste_uren"] = h["sector"].map(pct).to_numpy(dtype=float) * h["verloonde_uren"].to_numpy(dtype=float)
    f = h["fiscaal_nummer"]
    h["inleen_uren_ontvangen"] = f.map(ontvangen).fillna(0.0).to_numpy(dtype=float)
    h["inleen_uren_overgedragen"] = f.map(overgedragen).fillna(0.0).to_numpy(dtype=float)
    h["doelgroep_uren"] = (f.map(eigen).fillna(0.0).to_numpy(dtype=float) + h["inleen_uren_ontvangen"]
                           - h["inleen_uren_overgedragen"])
    h["tekort_uren"] = tekort_uren(np.nan_to_num(h["vereiste_uren"].to_numpy(dtype=float)), h["doelgroep_uren"].to_numpy(dtype=float))
    h["tekort_arbeidsplaatsen"] = tekort_arbeidsplaatsen(h["tekort_uren"].to_numpy(dtype=float), jaar)
    actief = h["sector"].map({s: heffing_actief(s, jaar) for s in SECTOREN}).to_numpy(dtype=bool)
    h["heffing"] = np.where(actief, heffing(h["tekort_arbeidsplaatsen"].to_numpy(dtype=float), jaar, h["groot"].to_numpy(dtype=bool)), 0.0)
    h = h[HEFFING_KOLOMMEN].sort_values(["sector", "fiscaal_nummer"], kind="stable").reset_index(drop=True)
    # around the size limit: employers within the band (parameter quotum.grens_band) below and above it, and the
    # heffing each group would owe as large
    grens = float(parameter("quotum.grens_uren", d))
    breedte = float(parameter("quotum.grens_band", d))
    als_groot = heffing(h["tekort_arbeidsplaatsen"].to_numpy(dtype=float), jaar, True)
    band = np.select([(h["verloonde_uren"] > (1 - breedte) * grens) & ~h["groot"],
                      h["groot"] & (h["verloonde_uren"] <= (1 + breedte) * grens)],
                     ["net_onder_de_grens", "net_boven_de_grens"], "")
    g = pd.DataFrame({"sector": h["sector"], "band": band, "als_groot": als_groot, "tekort": h["tekort_uren"] > 0})
    g = g.loc[g["band"] != ""]
    grens_df = (g.groupby(["sector", "band"]).agg(werkgevers=("als_groot", "size"), werkgevers_met_tekort=("tekort", "sum"),
                                                  heffing_als_groot=("als_groot", "sum"),
                                                  grootste=("als_groot", "max")).reset_index())
    return Quotumtelling(jaar, formule, h, grens_df, schaal, quotumpercentage is not None)


def controleer_overdracht(tabellen, io, fw, kaart, jaar: int, scenario: str = "geregistreerd",
                          directe_einden: bool = True) -> None:
    """The hours of the rows of ``inleen_overdracht`` of ``jaar`` (``io``, index = row in the file) against the register
    and the polis (RULES.md §9, S3 Q79; DATA_CONTRACT "Bad input"): what an uitlener transfers of one person in the year,
    summed over its inleners, is at most that person's doelgroep hours of inleen (uitzendkracht, detachering: RULES.md
    §4) at the uitlener's loonheffingennummers marked uitlener in the year (the engine's rule of the doelgroep hours,
    ``motor.quotum_uren_per_persoon``). The uitleners and inleners themselves are checked when the data are read
    (``validation.inleen_controle``); a row whose uitlener is no uitlener is not named here again. ``fw``: every
    fiscaal nummer of the year (:func:`grote_werkgevers`), ``kaart``: per werkgever_id its fiscaal_nummer and uitlener
    (``motor.werkgever_jaarrij``). Raises ``ContractError`` naming the file, column, values and rows."""
    import pandas as pd

    from .motor import quotum_uren_per_persoon
    from .validation import ContractError, probleem

    if io.empty:
        return
    pad = getattr(tabellen, "bestanden", {}).get(OPTIONEEL)
    bestand = pad.name if pad is not None else OPTIONEEL
    uitleners = set(fw.loc[fw["uitlener"].astype(bool), "fiscaal_nummer"])
    u = io["uitlener_fiscaal_nummer"].astype(str)
    # per uitlener and person: the hours transferred against the person's doelgroep hours of inleen at the
    # uitlener's loonheffingennummers marked uitlener (its uitzendkrachten; not its own staff)
    pp = quotum_uren_per_persoon(tabellen, [jaar], sorted(set(io["persoon_id"].astype(str))), scenario, directe_einden)
    pp["fiscaal_nummer"] = pp["werkgever_id"].map(kaart["fiscaal_nummer"])
    pp = pp.loc[pp["werkgever_id"].map(kaart["uitlener"]).fillna(False).astype(bool)]
    beschikbaar = pp.groupby(["fiscaal_nummer", "persoon_id"])["inleen_uren"].sum()
    sleutel = pd.MultiIndex.from_arrays([u.to_numpy(), io["persoon_id"].astype(str).to_numpy()])
    gewerkt = pd.Series(beschikbaar.reindex(sleutel).fillna(0.0).to_numpy(dtype=float), index=io.index)
    totaal = io["verloonde_uren"].astype(float).groupby([u, io["persoon_id"].astype(str)]).transform("sum")
    mask = (totaal > gewerkt + 1e-6) & u.isin(uitleners)  # a row whose uitlener is wrong is named once, above
    if mask.any():
        toon = pd.Series([(p, round(float(t), 2), round(float(g), 2)) for p, t, g in
                          zip(io["persoon_id"].astype(str), totaal, gewerkt)], index=io.index)
        raise ContractError([probleem(bestand, "verloonde_uren", f"de uitlener draagt van de persoon meer uren over dan "
                                      f"diens doelgroepuren als uitzendkracht of gedetacheerde bij de uitlener in {jaar} "
                                      "(persoon_id, overgedragen, doelgroepuren inleen bij de uitlener)", mask, toon)],
                            getattr(tabellen, "map", None))


def vastgesteld_percentage(berekend: float, jaar: int) -> float:
    """The quotumpercentage as set and applied (RULES.md §9, S3 Q84: the formula's 0,013693 is set as 1,37%, and the
    employer's required hours are 1,37% of its hours): the formula's fraction rounded half up to parameter
    ``quotum.percentage_decimalen`` decimals of the percentage. NaN stays NaN."""
    if berekend is None or np.isnan(berekend):
        return float("nan")
    schaal = 10 ** (int(parameter("quotum.percentage_decimalen", _datum(jaar))) + 2)
    return float(np.floor(berekend * schaal + 0.5 + 1e-9) / schaal)


def quotumpercentage_of_nan(A, B, C, D, E, F, G) -> float:
    """:func:`quotumpercentage`, NaN when the sector has no large employers (D = 0)."""
    return quotumpercentage(A, B, C, D, E, F, G) if D > 0 else float("nan")


def definities(q: Quotumtelling) -> dict[str, str]:
    """The definitions printed with the quotum report, generated from the parameters of the year (RULES.md §9)."""
    from .publicatie import getal

    d = _datum(q.jaar)
    grens = getal(parameter("quotum.grens_uren", d))
    groot = (f"een fiscaal nummer (al zijn loonheffingennummers samen) met {'ten minste' if parameter('quotum.grens_inclusief', d) else 'meer dan'} "
             f"{grens} eigen verloonde uren in {q.jaar} (25 werknemers x {getal(parameter('quotum.gemiddelde_jaaruren_werknemer', d))} uur); "
             "uren van ingeleend personeel en, bij een uitlener, van zijn uitzendkrachten tellen niet mee.")
    sectoren = "; ".join(
        f"{s}: {'geactiveerd' if parameter(f'quotum.geactiveerd_{s}', d) else 'niet geactiveerd'}"
        + (", heffing opgeschort" if parameter(f"quotum.heffing_opgeschort_{s}", d) else "") for s in SECTOREN)
    return {
        "jaar": f"het quotumpercentage geldt in {q.jaar} en de heffing gaat over {q.jaar} (vastgesteld in {q.jaar - 1}, "
                f"berekend in {q.jaar + 1}; S3 Q82).",
        "grote werkgever": groot,
        "quotumpercentage": "((A + B) x C + F x G) / (D x E) per sector (S3 Q83-Q84): A banen van de doelgroep bij grote "
                            "werkgevers in de nulmeting, B de extra banen volgens de banenreeks (tot en met het vorige jaar "
                            "plus de helft van de toename van dit jaar), C en G "
                            f"{getal(parameter('quotum.uren_per_arbeidsplaats', d))} uur per jaar, D de banen bij grote "
                            f"werkgevers in {q.jaar - 2} (hun verloonde uren / E), E {getal(parameter('quotum.gemiddelde_jaaruren_werknemer', d))} "
                            f"uur, F de personen van de quotumgroep. A en F voor de markt zijn de gepubliceerde aantallen"
                            + ("" if q.schaal == 1 else f" x de schaal van de data ({f'{q.schaal:g}'.replace('.', ',')})")
                            + "; voor de overheid geteld uit de data. F telt de personen met alleen de quotumgrondslag "
                            f"(voorziening) die op 31 december {q.jaar - 2} betaald werk hadden bij een grote werkgever van "
                            "de sector. De uitkomst wordt half omhoog afgerond op "
                            f"{parameter('quotum.percentage_decimalen', d)} decimalen van het percentage (0,013693 wordt "
                            "1,37%) en zo toegepast op de uren van elke werkgever.",
        "doelgroepuren": "verloonde uren (beschut werk niet) van personen die op de laatste dag van het tijdvak van de opgave "
                         "tot de doelgroep banenafspraak of de quotumgroep horen, plus uren van ingeleende doelgroepwerknemers "
                         "die de uitlener aan de inlener heeft overgedragen (S3 Q79), min de uren die de werkgever zelf heeft "
                         "overgedragen.",
        "heffing": f"EUR {getal(parameter('quotum.heffing_per_arbeidsplaats', d))} per niet vervulde arbeidsplaats van "
                   f"{getal(parameter('quotum.uren_per_arbeidsplaats', d))} uur, naar rato; alleen voor grote werkgevers, en "
                   f"alleen als het quotum van de sector geactiveerd is en de heffing niet is opgeschort ({sectoren}).",
        "intern": "de tabel heffing (per fiscaal nummer) is voor intern gebruik (werkgeversbrieven): niet in dit rapport, "
                  "niet publiceren.",
    }


def publicatie(q: Quotumtelling):
    """The published part of the quotum report as one :class:`~banenafspraak.publicatie.Publicatie` (RULES.md §9,
    §10; DATA_CONTRACT.md): ``quotumpercentage`` (A-G and the percentage per sector), ``heffing_samenvatting`` (per
    sector: large employers, those with a shortfall, the shortfall in arbeidsplaatsen, the heffing) and
    ``heffing_grens`` (the employers just below and just above the size limit). Employers are protected like persons
    (a count of 1 .. min_cel-1 is suppressed) and by dominance (one employer may not make up most of a total); the
    per-employer table ``heffing`` is not part of it (internal, :func:`schrijf_intern`)."""
    import pandas as pd

    from .publicatie import Kolom, Publicatie, Tabel, getal

    titel = f"Quotumheffing {q.jaar}" + (f" (wat-als: quotumpercentage {getal(100 * float(q.formule['quotumpercentage'].iloc[0]), 2)}%)"
                                         if q.gegeven else "")
    pub = Publicatie("quotum", titel, _datum(q.jaar), "Polisadministratie (loonaangiften), "
                     "doelgroepregister banenafspraak (UWV)", definities(q), info={"jaar": q.jaar})
    sector_kol = Kolom("Sector", "tekst", waarden={"markt": "Marktsector", "overheid": "Overheid", "totaal": "Totaal"})
    f = q.formule.copy()
    f["n_A"] = f["personen_A"].fillna(0)
    f["n_F"] = f["personen_F"].fillna(0)
    pub.voeg_toe(Tabel(
        "quotumpercentage", f"Quotumpercentage {q.jaar}", f,
        {"jaar": Kolom("Jaar", "jaar"), "sector": sector_kol, "A": Kolom("A: banen doelgroep nulmeting (grote werkgevers)", "decimaal1"),
         "B": Kolom("B: extra banen volgens de banenreeks", "decimaal1"), "C": Kolom("C: uren per jaar doelgroep", "geheel"),
         "D": Kolom(f"D: banen bij grote werkgevers ({q.jaar - 2})", "decimaal1"), "E": Kolom("E: uren per jaar werknemer", "geheel"),
         "F": Kolom("F: personen quotumgroep", "decimaal1"), "G": Kolom("G: uren per jaar quotumgroep", "geheel"),
         "quotumpercentage": Kolom("Quotumpercentage", "procent2"),
         "quotumpercentage_berekend": Kolom("Quotumpercentage volgens de formule", "procent2")},
        "((A + B) x C + F x G) / (D x E); A en F van de markt zijn gepubliceerde aantallen, die van de overheid komen uit de data.",
        bescherming={"A": ["n_A"], "F": ["n_F"], "D": ["werkgevers_D"]}, dominantie={"D": "dominant_D"},
        afgeleid={"quotumpercentage_berekend": ["A", "D", "F"], **({} if q.gegeven else {"quotumpercentage": ["A", "D", "F"]})}))

    h = q.heffing
    rijen = []
    for s in (*SECTOREN, "totaal"):
        d = h if s == "totaal" else h.loc[h["sector"] == s]
        g = d.loc[d["groot"]]
        tek = g.loc[g["tekort_uren"] > 0]
        rijen.append({"jaar": q.jaar, "sector": s, "werkgevers_groot": len(g), "werkgevers_met_tekort": len(tek),
                      "tekort_arbeidsplaatsen": float(tek["tekort_arbeidsplaatsen"].sum()),
                      "heffing_totaal": float(g["heffing"].sum()),
                      "dominant_tekort": float(tek["tekort_arbeidsplaatsen"].max() / tek["tekort_arbeidsplaatsen"].sum())
                      if tek["tekort_arbeidsplaatsen"].sum() > 0 else 0.0,
                      "dominant_heffing": float(g["heffing"].max() / g["heffing"].sum()) if g["heffing"].sum() > 0 else 0.0})
    sam = pd.DataFrame(rijen)
    # the large employers without a shortfall: a hidden protected cell (large - with a shortfall gives it), RULES.md §10
    sam["werkgevers_zonder_tekort"] = sam["werkgevers_groot"] - sam["werkgevers_met_tekort"]
    pub.voeg_toe(Tabel(
        "heffing_samenvatting", f"Quotumheffing {q.jaar} per sector", sam,
        {"jaar": Kolom("Jaar", "jaar"), "sector": sector_kol, "werkgevers_groot": Kolom("Grote werkgevers", "geheel"),
         "werkgevers_met_tekort": Kolom("Met een tekort", "geheel"),
         "tekort_arbeidsplaatsen": Kolom("Tekort (arbeidsplaatsen)", "decimaal1"),
         "heffing_totaal": Kolom("Heffing (euro)", "geheel", "euro")},
        "Grote werkgevers per fiscaal nummer; de heffing is 0 als het quotum van de sector niet geactiveerd of de heffing "
        "opgeschort is (het tekort staat er wel).",
        variabelen=["werkgevers_groot", "werkgevers_met_tekort", "werkgevers_zonder_tekort", "tekort_arbeidsplaatsen",
                    "heffing_totaal"],
        verborgen={"werkgevers_zonder_tekort"},
        bescherming={"werkgevers_groot": ["werkgevers_groot"], "werkgevers_met_tekort": ["werkgevers_met_tekort"],
                     "werkgevers_zonder_tekort": ["werkgevers_zonder_tekort"],
                     "tekort_arbeidsplaatsen": ["werkgevers_met_tekort"], "heffing_totaal": ["werkgevers_met_tekort"]},
        dominantie={"tekort_arbeidsplaatsen": "dominant_tekort", "heffing_totaal": "dominant_heffing"}))
    pub.som_per_groep("heffing_samenvatting", ["werkgevers_groot", "werkgevers_met_tekort", "werkgevers_zonder_tekort",
                                               "tekort_arbeidsplaatsen", "heffing_totaal"], ["jaar"], "sector")
    # large = with + without a shortfall: the hidden cell keeps the difference of two published counts safe (RULES.md §10)
    pub.kolomsom("heffing_samenvatting", "werkgevers_groot", ["werkgevers_met_tekort", "werkgevers_zonder_tekort"])

    g = q.grens.copy()
    alle = pd.MultiIndex.from_product([SECTOREN, ("net_onder_de_grens", "net_boven_de_grens")], names=["sector", "band"])
    g = g.set_index(["sector", "band"]).reindex(alle).reset_index()
    for k in ("werkgevers", "werkgevers_met_tekort", "heffing_als_groot", "grootste"):
        g[k] = g[k].fillna(0)
    g["dominant"] = np.where(g["heffing_als_groot"] > 0, g["grootste"] / g["heffing_als_groot"].where(g["heffing_als_groot"] > 0), 0.0)
    g.insert(0, "jaar", q.jaar)
    g["werkgevers_zonder_tekort"] = g["werkgevers"] - g["werkgevers_met_tekort"]
    band = getal(100 * float(parameter("quotum.grens_band", _datum(q.jaar))))
    band_kol = Kolom("Groep", "tekst", waarden={"net_onder_de_grens": f"tot {band}% onder de grens (niet groot)",
                                                 "net_boven_de_grens": f"tot {band}% boven de grens (groot)"})
    pub.voeg_toe(Tabel(
        "heffing_grens", f"Werkgevers rond de grens van {quotum_grens_tekst(q.jaar)} uur, {q.jaar}", g,
        {"jaar": Kolom("Jaar", "jaar"), "sector": sector_kol, "band": band_kol, "werkgevers": Kolom("Werkgevers", "geheel"),
         "werkgevers_met_tekort": Kolom("Met een tekort", "geheel"),
         "heffing_als_groot": Kolom("Heffing als grote werkgever (euro)", "geheel", "euro")},
        f"Hoe gevoelig de heffing is voor de grens: de werkgevers net onder de grens betalen niets; lag de grens {band}% "
        "lager, dan zouden zij dit bedrag betalen. Voor de werkgevers net boven de grens is het de heffing die zij als "
        "grote werkgever verschuldigd zijn (bij een geactiveerd quotum).",
        variabelen=["werkgevers", "werkgevers_met_tekort", "werkgevers_zonder_tekort", "heffing_als_groot"],
        verborgen={"werkgevers_zonder_tekort"},
        bescherming={"werkgevers": ["werkgevers"], "werkgevers_met_tekort": ["werkgevers_met_tekort"],
                     "werkgevers_zonder_tekort": ["werkgevers_zonder_tekort"], "heffing_als_groot": ["werkgevers_met_tekort"]},
        dominantie={"heffing_als_groot": "dominant"}))
    pub.kolomsom("heffing_grens", "werkgevers", ["werkgevers_met_tekort", "werkgevers_zonder_tekort"])
    return pub



def quotum_grens_tekst(jaar: int) -> str:
    from .publicatie import getal

    return getal(parameter("quotum.grens_uren", _datum(jaar)))


def schrijf_intern(uit, q: Quotumtelling) -> None:
    """The per-employer table ``heffing`` (DATA_CONTRACT.md) into the run folder, for internal use only (the
    employer letters): ``tables/heffing.csv`` only, named on the workbook's cover sheet as internal; never shown in
    the report (the HTML) nor a sheet of the workbook (national scale: some 400.000 fiscaal nummers)."""
    uit.tabel(q.heffing, "heffing", f"Quotumheffing {q.jaar} per fiscaal nummer (INTERN)",
              "Intern: per werkgever, voor de werkgeversbrieven. Niet publiceren; staat niet in het rapport.")
    uit.zet(intern=["heffing"])


def samenvatting_tekst(gep, q: Quotumtelling) -> str:
    """The report's message in Dutch, from published cells only (and the dated parameters)."""
    from .publicatie import getal

    delen = []
    for s, naam in (("markt", "de marktsector"), ("overheid", "de overheid")):
        pct = gep.waarde("quotumpercentage", "quotumpercentage", sector=s)
        status = ("het quotum is geactiveerd" if parameter(f"quotum.geactiveerd_{s}", _datum(q.jaar)) else
                  "het quotum is niet geactiveerd") + (
            ", de heffing is opgeschort" if parameter(f"quotum.heffing_opgeschort_{s}", _datum(q.jaar)) else "")
        pct_tekst = ("niet te tonen (\\*: het rust op een klein aantal personen of werkgevers in deze data)"
                     if pd_isna(pct) else f"{getal(100 * float(pct), 2)}%")
        soort = " (wat-als)" if q.gegeven else ""
        delen.append(f"Voor {naam} is het quotumpercentage {q.jaar}{soort} {pct_tekst}; {status}.")
    w = gep.waarde("heffing_samenvatting", "werkgevers_groot", sector="totaal")
    if not pd_isna(w):
        delen.append(f"Er zijn {getal(w)} grote werkgevers.")
    for s, naam in (("markt", "marktsector"), ("overheid", "overheid")):
        h = gep.waarde("heffing_samenvatting", "heffing_totaal", sector=s)
        n = gep.waarde("heffing_samenvatting", "werkgevers_met_tekort", sector=s)
        if heffing_actief(s, q.jaar) and not pd_isna(h) and not pd_isna(n):
            delen.append(f"De {getal(n)} grote werkgevers van de {naam} met een tekort betalen samen EUR {getal(h)} heffing.")
        elif not heffing_actief(s, q.jaar):
            delen.append(f"In de {naam} betaalt geen werkgever heffing over {q.jaar}.")
    return " ".join(delen)


def pd_isna(x) -> bool:
    import pandas as pd

    return x is None or bool(pd.isna(x))
