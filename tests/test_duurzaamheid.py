"""Hand-worked cohorts (RULES.md §7): cohort 2020 = starts 2019-10-01 .. 2020-09-30, measured in the
calendar month 12 months after the start month."""
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import duurzaamheid as dz
from banenafspraak.loading import lees_map, polis_bron
from banenafspraak.validation import ContractError


def maanden(b, pid, ikv, wg, van, tot, uren=100.0, ikv_begin=None):
    """Monthly opgaven of one job from month ``van`` through ``tot`` ((jaar, maand) tuples)."""
    j, m = van
    while (j, m) <= tot:
        b.maand_opgave(pid, ikv, wg, j, m, uren, **({"ikv_begin": ikv_begin} if ikv_begin else {}))
        j, m = (j + 1, 1) if m == 12 else (j, m + 1)


@pytest.fixture
def cohort(tmp_path):
    b = Bouw()
    for pid in ["EERSTE", "LAATSTE", "ERVOOR", "WISSEL", "GAT", "DOOD", "BUITEN"]:
        b.persoon(pid, overleden="2020-08-15" if pid == "DOOD" else None)
        b.registratie(pid, "PW_INDICATIE", begin="2019-01-01" if pid != "BUITEN" else "2020-06-01")
    # start on the window's first day, works through the measuring month (Oct 2020): both kept
    maanden(b, "EERSTE", "E1", "W1", (2019, 10), (2021, 3), ikv_begin="2019-10-01")
    # start on the window's last day (30 Sep 2020), measured in September 2021: stopped in August 2021
    maanden(b, "LAATSTE", "L1", "W1", (2020, 9), (2021, 8), ikv_begin="2020-09-30")
    # start one day before the window: not in cohort 2020
    maanden(b, "ERVOOR", "V1", "W1", (2019, 9), (2021, 3), ikv_begin="2019-09-30")
    # job change within the year: werkbehoud yes, baanbehoud no (start Jan 2020, measured Jan 2021)
    maanden(b, "WISSEL", "A1", "W1", (2020, 1), (2020, 6), ikv_begin="2020-01-06")
    maanden(b, "WISSEL", "A2", "W2", (2020, 7), (2021, 6), ikv_begin="2020-07-01")
    # a gap month: works Feb-Jun 2020, not July, again Aug 2020 - Mar 2021 -> kept, survival 5 months
    maanden(b, "GAT", "G1", "W1", (2020, 2), (2020, 6), ikv_begin="2020-02-03")
    maanden(b, "GAT", "G1b", "W1", (2020, 8), (2021, 3), ikv_begin="2020-08-01")
    # dies within the year: leaves the cohort
    maanden(b, "DOOD", "D1", "W1", (2020, 3), (2020, 7), ikv_begin="2020-03-01")
    # starts 2020-03-02 while not yet registered (registered from 2020-06-01): not a starter
    maanden(b, "BUITEN", "B1", "W1", (2020, 3), (2021, 6), ikv_begin="2020-03-02")
    # someone outside the register whose job makes the data run through December 2021
    b.persoon("VUL")
    maanden(b, "VUL", "X1", "W1", (2021, 1), (2021, 12), ikv_begin="2015-01-01")
    return lees_map(b.schrijf(tmp_path / "d"))


def test_wie_is_starter(cohort):
    s = dz.starters(cohort, 2020).set_index("persoon_id")
    assert sorted(s.index) == ["DOOD", "EERSTE", "GAT", "LAATSTE", "WISSEL"]
    assert s.loc["GAT", "ikv_id"] == "G1"  # the first start in the window
    assert list(dz.starters(cohort, 2019)["persoon_id"]) == ["ERVOOR"]


def test_werkbehoud_en_baanbehoud(cohort):
    u = dz.uitkomst(cohort, 2020).set_index("persoon_id")
    assert u.loc["EERSTE", "werkbehoud"] and u.loc["EERSTE", "baanbehoud"]
    assert not u.loc["LAATSTE", "werkbehoud"] and not u.loc["LAATSTE", "baanbehoud"]
    assert u.loc["WISSEL", "werkbehoud"] and not u.loc["WISSEL", "baanbehoud"]
    assert u.loc["GAT", "werkbehoud"] and not u.loc["GAT", "baanbehoud"]
    assert u.loc["DOOD", "verlaten"] == "overleden"
    t = dz.werkbehoud_tabel(u.reset_index(), 2020).set_index("doelgroep")
    # 4 starters stay (DOOD leaves); werkbehoud: EERSTE, WISSEL, GAT = 3/4; baanbehoud: EERSTE = 1/4
    assert t.loc["totaal", "starters"] == 4 and t.loc["totaal", "verlaten_cohort"] == 1
    assert t.loc["totaal", "werkbehoud"] == pytest.approx(0.75)
    assert t.loc["totaal", "baanbehoud"] == pytest.approx(0.25)
    assert t.loc["participatiewet", "starters"] == 4 and t.loc["wajong", "starters"] == 0


def test_overlevingsduur(cohort):
    u = dz.uitkomst(cohort, 2020).set_index("persoon_id")
    # GAT: months Feb-Jun 2020 in a row = 5, then a month without work: an observed end
    assert (u.loc["GAT", "maanden_werk"], u.loc["GAT", "einde_werk"]) == (5, 1)
    # WISSEL: Jan 2020 - Jun 2021 without a gap = 18 months of work, but only 6 in the first job
    assert (u.loc["WISSEL", "maanden_werk"], u.loc["WISSEL", "einde_werk"]) == (18, 1)
    assert (u.loc["WISSEL", "maanden_baan"], u.loc["WISSEL", "einde_baan"]) == (6, 1)
    # DOOD: works Mar-Jul 2020, dies 15 Aug 2020: observable through July -> censored at 5 months
    assert (u.loc["DOOD", "maanden_werk"], u.loc["DOOD", "einde_werk"]) == (5, 0)
    # EERSTE: Oct 2019 - Mar 2021 and the data run through December 2021: 18 months, then an end
    assert (u.loc["EERSTE", "maanden_werk"], u.loc["EERSTE", "einde_werk"]) == (18, 1)
    km = dz.kaplan_meier(u.reset_index(), "werk", 24, min_cel=0).set_index(["doelgroep", "maand"])
    assert km.loc[("totaal", 0), "overleving"] == 1.0
    assert km.loc[("totaal", 0), "aantal_at_risk"] == 5


def test_cohort_nog_niet_meetbaar(cohort):
    with pytest.raises(ValueError, match="nog niet gemeten"):
        dz.uitkomst(cohort, 2021)


def test_venster_als_parameter():
    assert dz.venster(2020) == (pd.Timestamp("2019-10-01"), pd.Timestamp("2020-09-30"))
    assert dz.venster(2020, start_maand=1) == (pd.Timestamp("2019-01-01"), pd.Timestamp("2019-12-31"))


@pytest.mark.traag
def test_regressie_en_logrank_op_standaarddata(standaard):
    # cohort 2019: on the embedded data of issue #15 the Wsw/Wiw-ID starters of 2020 are too few for the model
    u = dz.uitkomst(standaard, 2019)
    r = dz.logistische_regressie(u)
    assert r.attrs["n"] == (u["verlaten"] == "").sum()
    assert (r["ci_laag"] <= r["odds_ratio"]).all() and (r["odds_ratio"] <= r["ci_hoog"]).all()
    assert any(r["term"].str.startswith("contract: bepaald"))
    lr = dz.logrank(u)
    assert lr["groepen"] == 3 and 0 <= lr["p_waarde"] <= 1
    t = dz.werkbehoud_tabel(u, 2019).set_index("doelgroep")
    assert t.loc[["wajong", "participatiewet", "wsw_wiwid"], "starters"].sum() == t.loc["totaal", "starters"]


# ------------------------------------------------------------------ the polis straight from parquet (DuckDB)


def als_parquet(ds, map):
    """The tables of a loaded (typed) data directory written as parquet, as a national delivery would be."""
    map.mkdir(parents=True)
    for naam, df in ds.tabellen.items():
        if naam != "gemeente_regio":
            df.to_parquet(map / f"{naam}.parquet", index=False)
    (map / "meta.yaml").write_text((ds.map / "meta.yaml").read_text())
    return map


def test_parquet_bron_geeft_dezelfde_uitkomst(cohort, tmp_path):
    pad = polis_bron(als_parquet(cohort, tmp_path / "pq"))
    assert pad.suffix == ".parquet"
    kolommen = ["persoon_id", "ikv_id", "werkbehoud", "baanbehoud", "verlaten", "maanden_werk", "einde_werk",
                "maanden_baan", "einde_baan", "doelgroep", "sector", "inleen", "uren_maand"]
    uit_df = dz.uitkomst(cohort, 2020)[kolommen].sort_values("persoon_id", ignore_index=True)
    uit_pq = dz.uitkomst(cohort, 2020, polis=pad)[kolommen].sort_values("persoon_id", ignore_index=True)
    pd.testing.assert_frame_equal(uit_df, uit_pq)
    pd.testing.assert_frame_equal(dz.werkenden_behoud(cohort, [2020, 2021]),
                                  dz.werkenden_behoud(cohort, [2020, 2021], polis=pad))


def test_meerdere_cohorten_en_overleving(cohort):
    u = dz.uitkomsten(cohort, [2019, 2020], overleving=[2020]).set_index("persoon_id")
    assert u.loc["ERVOOR", "cohort"] == 2019 and u.loc["ERVOOR", "werkbehoud"]  # Sep 2019 -> Sep 2020
    assert pd.isna(u.loc["ERVOOR", "maanden_werk"]) and pd.isna(u.loc["ERVOOR", "einde_werk"])
    assert u.loc["GAT", "maanden_werk"] == 5  # cohort 2020 keeps its survival durations
    een = dz.uitkomst(cohort, 2020).set_index("persoon_id")
    beide = u.loc[u["cohort"] == 2020]
    assert (beide["werkbehoud"] == een.loc[beide.index, "werkbehoud"]).all()
    with pytest.raises(ValueError, match="niet tot het einde van de data gevolgd"):
        dz.kaplan_meier(u.reset_index())


def test_reconciliatie_van_het_volgen(cohort):
    from banenafspraak.loading import Reconciliatie

    u = dz.uitkomst(cohort, 2020)
    rec = Reconciliatie()
    rec.lees("polis", len(cohort["polis"]))
    dz.reconcilieer_volgen(rec, u, "starters volgen")
    t = rec.tabel().set_index("regel")["rijen"]
    # the five starters' opgaven from their start month (Oct 2019 at the earliest) through Dec 2021;
    # counted by hand from the fixture: EERSTE 18, LAATSTE 12, WISSEL 6 + 12, GAT 5 + 8, DOOD 5
    assert t["gebruikt"] == 18 + 12 + 18 + 13 + 5
    assert t["geen werk: sv-loon 0 of beschut werk"] == 0  # every opgave in the fixture has pay


def test_onjuiste_parquet_polis_geeft_duidelijke_fout(cohort, tmp_path):
    map = als_parquet(cohort, tmp_path / "pq")
    polis = pd.read_parquet(map / "polis.parquet")
    polis.loc[3, "aard_arbeidsverhouding"] = "2x"
    polis.loc[5, "opgave_einde"] = polis.loc[5, "opgave_begin"] - pd.Timedelta(days=3)
    polis.loc[7, "persoon_id"] = None
    polis.to_parquet(map / "polis.parquet", index=False)
    with pytest.raises(ContractError) as e:
        polis_bron(map)
    tekst = str(e.value)
    assert "polis.parquet, kolom aard_arbeidsverhouding: code past niet in het patroon" in tekst and "'2x'" in tekst
    assert "rijen 4" in tekst  # row 3 (0-based) is row 4 of the file
    assert "kolom opgave_einde: opgave_einde ligt voor opgave_begin" in tekst and "rijen 6" in tekst
    assert "kolom persoon_id: lege waarde in een verplichte kolom; rijen 8" in tekst


# ------------------------------------------------------------------ all working: September to September


def test_werkenden_behoud():
    b = Bouw()
    for pid in "ABCDEFG":
        b.persoon(pid).registratie(pid, "WAJONG_2010", begin="2020-01-01" if pid == "E" else "2015-01-01")
    maanden(b, "A", "A1", "W1", (2019, 1), (2020, 12))                  # same job a year later
    maanden(b, "B", "B1", "W1", (2019, 1), (2019, 12))                  # another job a year later
    maanden(b, "B", "B2", "W2", (2020, 1), (2020, 12))
    maanden(b, "C", "C1", "W1", (2019, 6), (2019, 12))                  # stopped
    maanden(b, "D", "D1", "W1", (2019, 6), (2020, 12))                  # two jobs, one stays
    maanden(b, "D", "D2", "W2", (2019, 9), (2019, 9))
    maanden(b, "E", "E1", "W1", (2019, 1), (2020, 12))                  # not yet in the register in Sep 2019
    b.opgave("F", "F1", "W1", "2019-09-01", "2019-09-30", 10.0, loon=0.0)  # no pay: not working
    maanden(b, "F", "F2", "W1", (2020, 9), (2020, 9))
    b.opgave("G", "G1", "W1", "2019-07-01", "2019-09-30", 300.0, tijdvak="KWARTAAL")  # a quarter covers September
    b.opgave("G", "G1", "W1", "2020-07-01", "2020-09-30", 300.0, tijdvak="KWARTAAL")
    ds = lees_map(b.schrijf(Path(tempfile.mkdtemp()) / "d"))
    w = dz.werkenden_behoud(ds, [2020, 2021]).set_index("jaar")
    # 2020: working in Sep 2019 and in the population: A, B, C, D, G; a year later working: A, B, D, G;
    # in a job they already had: A, D, G
    assert w.loc[2020, "werkenden"] == 5
    assert w.loc[2020, "werkbehoud"] == pytest.approx(4 / 5)
    assert w.loc[2020, "baanbehoud"] == pytest.approx(3 / 5)
    # 2021: working in Sep 2020: A, B, D, E, F, G; nobody works in Sep 2021 (no data)
    assert w.loc[2021, "werkenden"] == 6 and w.loc[2021, "werkbehoud"] == 0


def test_werk_behouden_een_opgave_over_twee_meetmaanden():
    """werk.werk_behouden reads the polis month by month: a quarter (July-September 2020) that covers both
    months of a pair comes from both months' scans, and is still one job with pay in both (werk and
    zelfde), one row per pair."""
    from banenafspraak import werk

    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_2010", begin="2015-01-01")
    b.opgave("A", "A1", "W1", "2020-07-01", "2020-09-30", 300.0, tijdvak="KWARTAAL")
    ds = lees_map(b.schrijf(Path(tempfile.mkdtemp()) / "d"))
    aug, sep = 2020 * 12 + 7, 2020 * 12 + 8
    w = werk.werk_behouden(ds["polis"], [(aug, sep), (sep, sep)]).sort_values("m0")
    assert w[["m0", "persoon_id", "werk", "zelfde"]].values.tolist() == [[aug, "A", True, True], [sep, "A", True, True]]
