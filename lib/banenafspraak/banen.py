"""Banen and werkzame personen on a peildatum (RULES.md §3): the names of their dated parameters.

*Werkzaam*: an opgave with pay (sv_loon above parameter ``banen.werkzaam_loon_groter_dan``) that is
not beschut werk (aard in ``banen.beschut_werk_aarden``) makes a person werkzaam in the banenafspraak;
the monitor arbeidsparticipatie (RULES.md §8) counts beschut werk as work. The rule is written once, in
SQL (``werk.WERKZAAM_SQL``, ``werk.BESCHUT_LIJST_SQL``), which the engine (``motor.tel``) and the
follow-up over months (``werk.py``) both run; the tests check it against the rule written out in pandas
(tests/regels_met_de_hand.py).
"""
from __future__ import annotations

WERKZAAM_DREMPEL = "banen.werkzaam_loon_groter_dan"  # sv_loon above this makes an opgave one with pay
BESCHUT_AARDEN = "banen.beschut_werk_aarden"          # aard_arbeidsverhouding of beschut werk
TIJDVAK_CONVERSIE = "banen.tijdvak_conversie"          # monthly hours of a tijdvak (motor.uren_sql)
