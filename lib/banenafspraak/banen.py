"""Banen and werkzame personen on a peildatum (RULES.md §3): the names of their dated parameters.

*Werkzaam*: an opgave with pay (sv_loon above parameter ``banen.werkzaam_loon_groter_dan``) that is
not beschut werk (aard in ``banen.beschut_werk_aarden``) makes a person werkzaam in the banenafspraak;
the monitor arbeidsparticipatie (RULES.md §8) counts beschut werk as work. The rule is written once, in
SQL (``werk.WERKZAAM_SQL``, ``werk.BESCHUT_LIJST_SQL``), which the engine (``motor.tel``) and the
follow-up over months (``werk.py``) both run; the tests check it against the rule written out in pandas
(tests/regels_met_de_hand.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import ts
from .parameters import parameter, parameter_per_datum

WERKZAAM_DREMPEL = "banen.werkzaam_loon_groter_dan"  # sv_loon above this makes an opgave one with pay
BESCHUT_AARDEN = "banen.beschut_werk_aarden"          # aard_arbeidsverhouding of beschut werk
TIJDVAK_CONVERSIE = "banen.tijdvak_conversie"


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
