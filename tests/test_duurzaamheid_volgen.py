"""The follow-up of starters (RULES.md §7) where a threshold of the rule changes within it: the counts
of opgaven for the reconciliation and the consecutive months of work, worked out by hand."""

import numpy as np
import pandas as pd

from bouw import gewijzigd
from banenafspraak import banen, duurzaamheid as dz, werk

APR_2020 = 2020 * 12 + 3  # werk.maandnummer of April 2020


def _polis(rijen) -> pd.DataFrame:
    df = pd.DataFrame(rijen, columns=["persoon_id", "ikv_id", "opgave_begin", "opgave_einde", "sv_loon"])
    for k in ("opgave_begin", "opgave_einde"):
        df[k] = pd.to_datetime(df[k]).astype("datetime64[s]")
    return df.assign(aard_arbeidsverhouding="01")


def test_volgen_over_een_drempelwijziging(monkeypatch):
    """sv_loon above 0 is work until June 2020, above 100 from July 2020 (read per month). Person A,
    started in April 2020, followed through September 2020, measured in April 2021:
    - Apr-Jun (50): work; - Jun-Aug (50): work in June only, one opgave over two periods of the rule;
    - Jul-Sep (50): no work; - Aug-Sep in I2 (0): no work; - January 2019: before the follow-up.
    Opgaven followed: 4 (the one over two periods once), with work: 2; work Apr, May, Jun, not July: 3
    consecutive months, in the started job too; no work in April 2021."""
    gewijzigd(monkeypatch, banen.WERKZAAM_DREMPEL, {"2012-01-01": 0.0, "2020-07-01": 100.0})
    polis = _polis([("A", "I1", "2020-04-01", "2020-06-30", 50.0), ("A", "I1", "2020-06-01", "2020-08-31", 50.0),
                    ("A", "I1", "2020-07-01", "2020-09-30", 50.0), ("A", "I2", "2020-08-01", "2020-09-30", 0.0),
                    ("A", "I1", "2019-01-01", "2019-01-31", 50.0), ("B", "I9", "2020-04-01", "2020-04-30", 50.0)])
    assert len(werk.werk_regels(APR_2020, APR_2020 + 12)) == 2
    volg, rijen = werk.volg_werk(polis, pd.DataFrame({"persoon_id": ["A"], "ikv_id": ["I1"], "startmaand": [APR_2020],
                                                      "meetmaand": [APR_2020 + 12], "volg_tot": [APR_2020 + 5]}))
    assert rijen == {"opgaven": 4, "werk_opgaven": 2}
    assert volg.loc[0, "maanden_werk"] == 3 and volg.loc[0, "maanden_baan"] == 3
    assert not volg.loc[0, "werk_meetmaand"] and not volg.loc[0, "baan_meetmaand"]


def test_eerste_opgave_bij_gelijke_begindatum_de_eerste_rij():
    """RULES.md §7: the first opgave of a job is the one with the earliest opgave_begin; of two with the
    same opgave_begin the earlier row of the polis (dz._eerste_rij_sql), also for an opgave_begin before 1970."""
    polis = _polis([("A", "I1", "2020-05-01", "2020-05-31", 10.0), ("A", "I1", "2020-04-01", "2020-04-30", 20.0),
                    ("A", "I1", "2020-04-01", "2020-04-30", 30.0), ("B", "I1", "1965-03-01", "2020-04-30", 40.0),
                    ("B", "I1", "1965-03-01", "2020-04-30", 41.0)])
    polis = polis.assign(ikv_begin=polis["opgave_begin"], werkgever_id="W1", tijdvak_type="MAAND", verloonde_uren=np.arange(5.0),
                         contractsoort="O", soort_baan="1")
    polis["ikv_begin"] = pd.to_datetime(np.where(polis["persoon_id"] == "A", "2020-04-01", "2013-01-01")).astype("datetime64[s]")
    e = dz.eerste_opgaven(polis, "2013-01-01", "2020-12-31")
    assert list(zip(e["persoon_id"], e["verloonde_uren"])) == [("A", 1.0), ("B", 3.0)]
