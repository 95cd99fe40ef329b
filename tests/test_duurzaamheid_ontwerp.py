"""The regression's design matrix built directly (duurzaamheid._ontwerp) is the one patsy builds from the
formula (RULES.md §7): same columns in the same order, same values, so the same estimates."""
import numpy as np
import pandas as pd
import patsy

from banenafspraak import duurzaamheid as dz


def _data(n=400, seed=3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"doelgroep": rng.choice(["wajong", "participatiewet", "wsw_wiwid"], n).astype(object),
                         "leeftijdsklasse": rng.choice(["tot 27", "27-34", "35-44", "55 en ouder", "overig"], n).astype(object),
                         "geslacht": rng.choice(["M", "V"], n).astype(object),
                         "uren10": rng.uniform(0, 20, n), "y": rng.integers(0, 2, n)})


def test_ontwerp_is_dat_van_patsy():
    d = _data()
    refs = {"doelgroep": "participatiewet", "leeftijdsklasse": "27-34", "geslacht": "M"}
    formule = "y ~ " + " + ".join(f"C({v}, Treatment(reference='{r}'))" for v, r in refs.items()) + " + uren10"
    y, x = patsy.dmatrices(formule, d, return_type="dataframe")
    y2, x2 = dz._ontwerp(d, refs)
    assert list(x2.columns) == list(x.columns)
    assert np.array_equal(x2.to_numpy(), x.to_numpy()) and np.array_equal(y2.to_numpy(), y["y"].to_numpy())


def test_ontwerp_laat_ontbrekende_waarden_aan_patsy():
    d = _data()
    d.loc[3, "geslacht"] = None
    assert dz._ontwerp(d, {"geslacht": "M"}) is None
    d = _data()
    d.loc[5, "uren10"] = np.nan
    assert dz._ontwerp(d, {"geslacht": "M"}) is None
