"""The fast paths of the monitor arbeidsparticipatie (RULES.md §8) against the straightforward pandas
and SQL they replaced: the same December work, transitions and characteristics on the embedded data."""
import numpy as np
import pandas as pd
import pytest

from banenafspraak import participatie as pa

JAREN = list(range(2018, 2024))


@pytest.mark.traag
def test_december_per_jaar_is_de_of_over_alle_decembers(standaard):
    """One query per December (row-group pruning) gives what one query over all Decembers gave."""
    from banenafspraak.werk import opgaven_maanden_sql, polis_verbinding, registreer_regels

    maanden = [j * 12 + 11 for j in JAREN]
    con = polis_verbinding(pa.polis_bron(standaard))
    registreer_regels(con, maanden[0], maanden[-1])
    con.register("decembers", pd.DataFrame({"jaar": np.array(JAREN, dtype=np.int64), "maand": np.array(maanden, dtype=np.int64)}))
    waar = " OR ".join(f"(opgave_einde >= DATE '{j}-12-01' AND opgave_begin <= DATE '{j}-12-31')" for j in JAREN)
    oud = con.sql(f"""
        SELECT d.jaar, o.persoon_id, bool_and(o.beschut) AS alleen_beschut FROM ({opgaven_maanden_sql(waar)}) o
        JOIN decembers d ON o.b <= d.maand AND o.e >= d.maand WHERE o.werkzaam
        GROUP BY d.jaar, o.persoon_id ORDER BY d.jaar, o.persoon_id""").to_arrow_table().to_pandas()
    con.close()
    nieuw = pa.december_werk_alle(pa.polis_bron(standaard), JAREN)
    assert len(oud) > 0
    assert nieuw["jaar"].tolist() == oud["jaar"].tolist()
    assert nieuw["persoon_id"].tolist() == oud["persoon_id"].tolist()
    assert nieuw["alleen_beschut"].tolist() == oud["alleen_beschut"].tolist()


def _overgangen_merge(vorig: pd.DataFrame, nu: pd.DataFrame) -> pd.Series:
    """The transitions by an outer merge on (persoon_id, groep), as before the fast path."""
    x = vorig.merge(nu, on=["persoon_id", "groep"], how="outer", suffixes=("_vorig", "_nu"), indicator=True)
    v = x["werkend_vorig"].astype("boolean").fillna(False).astype(bool).to_numpy()
    n = x["werkend_nu"].astype("boolean").fillna(False).astype(bool).to_numpy()
    beide, alleen_nu = (x["_merge"] == "both").to_numpy(), (x["_merge"] == "right_only").to_numpy()
    x["overgang"] = np.select([beide & v & n, beide & ~v & n, beide & v & ~n, beide & ~v & ~n, alleen_nu & n, alleen_nu & ~n,
                               ~beide & ~alleen_nu & v], list(pa.OVERGANGEN[:7]), pa.OVERGANGEN[7])
    volledig = pd.MultiIndex.from_product([list(pa.GROEPEN), list(pa.OVERGANGEN)], names=["groep", "overgang"])
    return x.groupby(["groep", "overgang"]).size().reindex(volledig, fill_value=0)


@pytest.mark.traag
def test_overgangen_zijn_die_van_een_outer_merge(standaard):
    cache: dict = {}
    status = pa.groep_status_alle(standaard, [JAREN[0] - 1, *JAREN], cache=cache)
    for jaar in JAREN:
        o = pa.overgangen(standaard, jaar, cache=cache).set_index(["groep", "overgang"])["personen"]
        verwacht = _overgangen_merge(status[jaar - 1], status[jaar])
        assert o.tolist() == verwacht.tolist() and o.index.equals(verwacht.index)
        assert o.sum() > 0


@pytest.mark.traag
def test_kenmerken_zijn_die_van_een_groupby(standaard):
    """Counting cells with bincount gives the rows, order and shares of a pandas groupby."""
    jaar = JAREN[-1]
    cache: dict = {}
    k = pa.kenmerken(standaard, jaar, cache=cache)
    g = pa.groep_status(standaard, jaar, cache=cache)
    waarden = pa.persoon_kenmerken(standaard, g["persoon_id"], pa.ts(jaar))
    rijen = []
    for kenmerk, w in waarden.items():
        w = pd.Series(w, dtype=object)
        w = w.where(w.notna() & (w.astype(str) != "nan"), pa.ONBEKEND)
        volgorde = pa.kenmerk_volgorde(kenmerk, w.unique())
        for (groep, waarde), d in g.assign(w=pd.Categorical(w, volgorde, ordered=True)).groupby(["groep", "w"], sort=True, observed=True):
            rijen.append((groep, kenmerk, waarde, len(d), int(d["werkend"].sum()), int(d["werkend_beschut"].sum()), d["werkend"].mean()))
    assert len(rijen) > 10
    assert list(k[["groep", "kenmerk", "waarde", "personen", "werkend", "werkend_beschut", "aandeel_werkend"]].itertuples(index=False, name=None)) == rijen
