"""The rule "werkzaam" of RULES.md §3 written out in pandas, per opgave, for the tests only: the slow,
obviously correct reference against which the suite's one SQL definition (``werk.WERKZAAM_SQL``,
``werk.BESCHUT_LIJST_SQL``, the engine's ``motor.OPGAVEN``) is checked. It reads the same dated
parameters (``banen.WERKZAAM_DREMPEL``, ``banen.BESCHUT_AARDEN``) on the date it is given."""
import numpy as np
import pandas as pd

from banenafspraak.banen import BESCHUT_AARDEN, WERKZAAM_DREMPEL
from banenafspraak.dates import ts
from banenafspraak.parameters import parameter


def werkzaam_loon(opgaven: pd.DataFrame, peildatum) -> np.ndarray:
    """Per opgave: paid work, sv_loon above the threshold on the peildatum; an empty wage is no pay."""
    return (opgaven["sv_loon"] > parameter(WERKZAAM_DREMPEL, peildatum)).fillna(False).to_numpy(dtype=bool)


def beschut_werk(opgaven: pd.DataFrame, peildatum) -> np.ndarray:
    """Per opgave: beschut werk, its aard_arbeidsverhouding among the codes on the peildatum."""
    return opgaven["aard_arbeidsverhouding"].isin(parameter(BESCHUT_AARDEN, peildatum)).to_numpy(dtype=bool)


def werkzaam(opgaven: pd.DataFrame, peildatum) -> np.ndarray:
    """Per opgave: makes its person werkzaam in the banenafspraak, paid work that is not beschut werk."""
    return werkzaam_loon(opgaven, peildatum) & ~beschut_werk(opgaven, peildatum)


def opgaven_op(polis: pd.DataFrame, peildatum) -> pd.DataFrame:
    """The opgaven whose loonaangiftetijdvak contains the peildatum."""
    p = ts(peildatum)
    return polis.loc[(polis["opgave_begin"] <= p) & (polis["opgave_einde"] >= p)]
