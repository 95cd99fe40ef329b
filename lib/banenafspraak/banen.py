"""Banen and werkzame personen on a peildatum (RULES.md §3).

The definition of *werkzaam* lives here, once: an opgave with pay (:func:`werkzaam_loon`) that is not
beschut werk (:func:`beschut_werk`) makes a person werkzaam in the banenafspraak (:func:`werkzaam`).
Banen per inkomstenverhouding on many peildata at once are counted by the engine (``motor.tel``),
which evaluates the same rules in SQL.
The monitor arbeidsparticipatie (RULES.md §8) counts beschut werk as work, so it uses
:func:`werkzaam_loon` alone. ``werk.py`` evaluates the same rule in DuckDB over many months: its SQL
reads the same parameters (``WERKZAAM_DREMPEL``, ``BESCHUT_AARDEN``) month by month and is tested
against these functions (tests/test_regelgetrouw.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import ts
from .parameters import parameter, parameter_per_datum

WERKZAAM_DREMPEL = "banen.werkzaam_loon_groter_dan"  # sv_loon above this makes an opgave one with pay
BESCHUT_AARDEN = "banen.beschut_werk_aarden"          # aard_arbeidsverhouding of beschut werk
TIJDVAK_CONVERSIE = "banen.tijdvak_conversie"


def werkzaam_loon(opgaven: pd.DataFrame, peildatum) -> np.ndarray:
    """Per opgave: paid work, ``sv_loon`` > parameter ``banen.werkzaam_loon_groter_dan`` on the peildatum
    (RULES.md §3 werkzaam persoon, S4; S2 Q35 verzekeringsloon > EUR 0). Beschut werk is not left out
    here (RULES.md §8 counts it as work); an empty wage is no pay."""
    return (opgaven["sv_loon"] > parameter(WERKZAAM_DREMPEL, peildatum)).fillna(False).to_numpy(dtype=bool)


def beschut_werk(opgaven: pd.DataFrame, peildatum) -> np.ndarray:
    """Per opgave: beschut werk, ``aard_arbeidsverhouding`` in parameter ``banen.beschut_werk_aarden``
    on the peildatum (RULES.md §3: never a baan; S2 Q30, Q34)."""
    return opgaven["aard_arbeidsverhouding"].isin(parameter(BESCHUT_AARDEN, peildatum)).to_numpy(dtype=bool)


def werkzaam(opgaven: pd.DataFrame, peildatum) -> np.ndarray:
    """Per opgave: makes its person werkzaam in the banenafspraak (RULES.md §3): paid work
    (:func:`werkzaam_loon`) that is not beschut werk (:func:`beschut_werk`)."""
    return werkzaam_loon(opgaven, peildatum) & ~beschut_werk(opgaven, peildatum)


def opgaven_op(polis: pd.DataFrame, peildatum) -> pd.DataFrame:
    """The opgaven whose loonaangiftetijdvak contains the peildatum (RULES.md §3)."""
    p = ts(peildatum)
    return polis.loc[(polis["opgave_begin"] <= p) & (polis["opgave_einde"] >= p)]


def maanduren(opgaven: pd.DataFrame, peildatum) -> pd.Series:
    """Verloonde uren converted to a monthly total (RULES.md §3 decision, parameter ``banen.tijdvak_conversie``):
    ``kalenderdagen``: uren x (days in the calendar month of the peildatum / days in the tijdvak);
    a calendar month gives its own hours; ``geen``: hours as reported. ``peildatum`` may also be a
    Series with a reference date per opgave (e.g. the end of its own tijdvak): the method is then read
    on each opgave's own date."""
    uren = opgaven["verloonde_uren"].astype(float)
    if isinstance(peildatum, pd.Series):
        datums = pd.to_datetime(peildatum)
        dagen_maand = datums.dt.days_in_month.to_numpy()
        methode = parameter_per_datum(TIJDVAK_CONVERSIE, datums) if len(datums) else np.array([], dtype=object)
    else:
        p = ts(peildatum)
        dagen_maand = p.days_in_month
        methode = np.full(len(opgaven), parameter(TIJDVAK_CONVERSIE, p), dtype=object)
    onbekend = set(methode) - {"kalenderdagen", "geen"}
    if onbekend:
        raise ValueError(f"onbekende tijdvakconversie {sorted(onbekend)[0]!r}")
    dagen_tijdvak = ((opgaven["opgave_einde"] - opgaven["opgave_begin"]).dt.days + 1).to_numpy()
    factor = np.where(methode == "kalenderdagen", dagen_maand / dagen_tijdvak, 1.0)
    return uren * factor
