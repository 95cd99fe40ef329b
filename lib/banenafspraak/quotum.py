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


def bereken(percentage: float, verloonde_uren: float, doelgroep_uren: float, jaar: int) -> Berekening:
    """One employer's required hours, shortfall and heffing at ``percentage`` (a fraction) with the parameters of
    ``jaar`` (S3 Q92). The heffing is what the employer would owe when the quotum applies (an employer that is not
    large owes nothing)."""
    if not 0 <= percentage < 1:
        raise ValueError(f"percentage {percentage}: geef een fractie tussen 0 en 1 (0.0137 voor 1,37%)")
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
