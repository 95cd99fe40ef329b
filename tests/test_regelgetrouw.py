"""Rule fidelity (issue points 9-16): hand-worked cases, each expected number worked out by hand from
RULES.md in the comment next to it."""
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bouw import Bouw, gewijzigd
import regels_met_de_hand as met_de_hand
from banenafspraak import banen, dates, motor, duurzaamheid as dz, monitor, participatie as pa, werk
from banenafspraak.loading import Reconciliatie, lees_map, polis_bron
from banenafspraak.validation import ContractError

P = "2023-12-31"
DEC_2023 = 2023 * 12 + 11  # werk.maandnummer of December 2023


def laad(b: Bouw, tmp_path, naam="d"):
    return lees_map(b.schrijf(tmp_path / naam))


def maanden(b, pid, ikv, wg, van, tot, uren=100.0, **kw):
    j, m = van
    while (j, m) <= tot:
        b.maand_opgave(pid, ikv, wg, j, m, uren, **kw)
        j, m = (j + 1, 1) if m == 12 else (j, m + 1)


# --------------------------------------------------------------------------- 9. the job key is (persoon_id, ikv_id)

def test_twee_personen_met_dezelfde_ikv_id_zijn_twee_starters(tmp_path):
    """RULES.md §7: A and B both start an inkomstenverhouding with IKVID "1" in cohort 2020's window
    (1-10-2019 .. 30-9-2020): two starts, two starters (not one)."""
    b = Bouw()
    for pid, start in (("A", "2020-01-06"), ("B", "2020-02-03")):
        b.persoon(pid).registratie(pid, "PW_INDICATIE", begin="2019-01-01")
        maanden(b, pid, "1", "W1", (int(start[:4]), int(start[5:7])), (2020, 6), ikv_begin=start)
    ds = laad(b, tmp_path)
    e = dz.eerste_opgaven(ds["polis"], "2019-10-01", "2020-09-30")
    assert sorted(zip(e["persoon_id"], e["ikv_id"])) == [("A", "1"), ("B", "1")]
    s = dz.starters(ds, 2020).set_index("persoon_id")
    assert sorted(s.index) == ["A", "B"]
    assert s.loc["A", "start"] == pd.Timestamp("2020-01-06") and s.loc["B", "start"] == pd.Timestamp("2020-02-03")


def test_dezelfde_ikv_id_bij_twee_personen_overal_gescheiden(tmp_path):
    """Audit of the other joins on ikv_id: banen per (person, job), jobs per employer, baanbehoud."""
    b = Bouw()
    for pid in "AB":
        b.persoon(pid).registratie(pid, "PW_INDICATIE", begin="2016-01-01")
    maanden(b, "A", "1", "W1", (2022, 9), (2023, 9))          # A keeps job 1 from Sep 2022 to Sep 2023
    b.maand_opgave("B", "1", "W2", 2022, 9, 80.0)              # B's job "1" ends in Sep 2022 ...
    b.maand_opgave("B", "2", "W2", 2023, 9, 80.0)              # ... and B works in another job in Sep 2023
    b.maand_opgave("A", "1", "W1", 2023, 12, 100.0).maand_opgave("B", "1", "W2", 2023, 12, 50.0)
    ds = laad(b, tmp_path)
    ikv = monitor.meet(ds, P).ikv
    assert len(ikv) == 2 and ikv["uren"].sum() == pytest.approx(150.0)
    wg, conc = pa.werkgevers(ds, 2023)
    assert conc.set_index("groep").loc["pw_doelgroepregister", "banen"] == 2
    # werkenden Sep 2022 -> Sep 2023: A same job, B another job: baanbehoud 1/2 (not 2/2)
    w = dz.werkenden_behoud(ds, [2023]).iloc[0]
    assert (w["werkenden"], w["werkbehoud"], w["baanbehoud"]) == (2, 1.0, 0.5)


# --------------------------------------------------------------------------- 10. whole calendar years

def test_hele_jaren_verjaardag_telt_als_verstreken():
    geboren = pd.Series(pd.to_datetime(["1996-12-31", "1997-01-01", "2000-02-29", "2000-02-29", "2000-02-29", None]))
    # 27 on the birthday itself; 26 the day before the 27th birthday
    assert list(dates.hele_jaren(geboren[:2], P)) == [27, 26]
    # 29 February: in a common year the anniversary is 28 February (as dates.plus_maanden)
    peil = pd.Series(pd.to_datetime(["2023-12-31", "2023-12-31", "2023-02-28", "2024-02-28", "2024-02-29", "2023-12-31"]))
    uit = dates.hele_jaren(geboren, peil)
    assert list(uit[:5]) == [27, 26, 23, 23, 24] and pd.isna(uit.iloc[5])


def test_leeftijdsklasse_op_de_verjaardag():
    """RULES.md §2 decision: born 1996-12-31 is 27 on 2023-12-31, so '27-34', not 'tot 27'."""
    k = dates.leeftijdsklasse(pd.Series(pd.to_datetime(["1996-12-31", "1997-01-01"])), P)
    assert list(k) == ["27-34", "tot 27"]


def test_duur_in_hele_jaren_en_gemiddelde_duur():
    """A job begun 2022-12-31 has lasted 1 whole year on 2023-12-31 (class '1-2 jaar'); one begun
    2023-07-01 has lasted 0 years + 183 of the 366 days to its first anniversary = 0,5 year.
    Mean (1 + 0,5) / 2 = 0,75."""
    ikv = pd.DataFrame({"werkzaam": [True, True, False],
                        "ikv_begin": pd.to_datetime(["2022-12-31", "2023-07-01", "2000-01-01"])})
    t = dz.duur_tabel(ikv, P).set_index("duur")
    assert t.loc["1-2 jaar", "inkomstenverhoudingen"] == 1 and t.loc["korter dan 1 jaar", "inkomstenverhoudingen"] == 1
    assert dz.gemiddelde_duur_jaren(ikv, P) == pytest.approx(0.75)
    assert t["gemiddelde_duur_jaren"].iloc[0] == pytest.approx(0.75)


# --------------------------------------------------------------------------- 11. time zones

AMSTERDAM = "Europe/Amsterdam"
DATUMS = ["opgave_begin", "opgave_einde", "ikv_begin", "ikv_einde"]


def tz_map(tmp_path, tz=AMSTERDAM, tijd="00:00"):
    """One December 2023 job, polis.parquet with timezone-aware timestamps: local midnight
    2023-12-01 in Amsterdam is 2023-11-30T23:00Z."""
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.maand_opgave("A", "I1", "W1", 2023, 12, 100.0, ikv_begin="2023-12-01")
    map = b.schrijf(tmp_path / "tz")
    polis = b.frames()["polis"]
    for k in DATUMS:
        d = pd.to_datetime(polis[k])
        if k == "opgave_begin":
            d = d + pd.Timedelta(tijd + ":00")
        polis[k] = d.dt.tz_localize(tz) if tz else d
    polis.to_parquet(map / "polis.parquet", index=False)
    (map / "polis.csv").unlink()
    return map


def test_tijdzone_middernacht_is_lokale_datum_op_elk_pad(tmp_path):
    map = tz_map(tmp_path)
    ds = lees_map(map)  # pandas path
    assert ds["polis"]["opgave_begin"].iloc[0] == pd.Timestamp("2023-12-01")
    assert ds["polis"]["opgave_begin"].dtype == "datetime64[s]"
    assert len(lees_map(map, polis_peildata=[P])["polis"]) == 1  # the read filter sees the local dates too
    pad = polis_bron(map)  # DuckDB path
    w = werk.werkmaanden(pad)
    assert list(w["maand"]) == [DEC_2023]  # December only, not November
    assert list(werk.werkmaanden(ds["polis"])["maand"]) == [DEC_2023]
    assert dz.data_laatste_maand(pad) == DEC_2023
    w = werk.werk_behouden(pad, [(DEC_2023 - 1, DEC_2023), (DEC_2023, DEC_2023)])
    assert list(w["m0"]) == [DEC_2023]  # not working in November
    volg, _ = werk.volg_werk(pad, pd.DataFrame({"persoon_id": ["A"], "ikv_id": ["I1"], "startmaand": [DEC_2023],
                                                "meetmaand": [DEC_2023], "volg_tot": [DEC_2023]}))
    assert volg.loc[0, "werk_meetmaand"] and volg.loc[0, "maanden_werk"] == 1
    e = dz.eerste_opgaven(pad, "2023-12-01", "2023-12-31")
    assert e["ikv_begin"].iloc[0] == pd.Timestamp("2023-12-01") and e["opgave_begin"].iloc[0] == pd.Timestamp("2023-12-01")
    con = werk.polis_verbinding(pad)
    assert con.execute("SELECT current_setting('TimeZone')").fetchone()[0] == "UTC"
    assert con.execute("SELECT typeof(opgave_begin) FROM polis").fetchone()[0] == "DATE"
    con.close()


@pytest.mark.parametrize("tz, tijd, waarde", [
    (AMSTERDAM, "10:00", "2023-12-01T10:00:00 Europe/Amsterdam"),   # a time of day in its own zone
    ("UTC", "23:00", "2023-12-01T23:00:00 UTC"),                     # midnight elsewhere, not in its own zone
    (None, "10:00", "2023-12-01T10:00:00"),                          # no zone, a time of day
])
def test_tijdstip_geweigerd_op_elk_pad(tmp_path, tz, tijd, waarde):
    """Time-of-day values are refused, with file, column, value and row, the same on both paths."""
    map = tz_map(tmp_path, tz, tijd)
    with pytest.raises(ContractError) as pd_pad:
        lees_map(map)
    with pytest.raises(ContractError) as sql_pad:
        polis_bron(map)
    for e in (pd_pad.value, sql_pad.value):
        p = [x for x in e.problemen if x.kolom == "opgave_begin"]
        assert len(p) == 1 and p[0].bestand == "polis.parquet" and "tijdstip" in p[0].regel
        assert p[0].waarden == [waarde] and p[0].rijen == [0]
    assert str([x for x in pd_pad.value.problemen if x.kolom == "opgave_begin"][0]) == \
        str([x for x in sql_pad.value.problemen if x.kolom == "opgave_begin"][0])


# --------------------------------------------------------------------------- 12. werkend includes beschut werk

@pytest.fixture
def beschut(tmp_path):
    b = Bouw()
    for pid in ("SW", "SWREG", "NOV"):
        b.persoon(pid).uitkering(pid, "WAJONG_2010", "2011-01-01", arbeidsvermogen=True)
    b.maand_opgave("SW", "S1", "SWB", 2023, 12, 120.0, aard="21")       # only beschut werk (sw-bedrijf)
    b.maand_opgave("SWREG", "S2", "SWB", 2023, 12, 60.0, aard="21")     # beschut werk ...
    b.maand_opgave("SWREG", "R1", "WG1", 2023, 12, 40.0)                # ... and a regular job
    b.maand_opgave("NOV", "N1", "WG1", 2023, 11, 80.0)                  # November only: not werkend
    return laad(b, tmp_path)


def test_werkend_inclusief_beschut_werk(beschut):
    """RULES.md §8: werkend = paid work in December including beschut werk: SW and SWREG work (2 of 3),
    of whom SW works in beschut werk only (1)."""
    p = pa.participatie(beschut, [2023])
    assert list(p.columns) == ["jaar", "groep", "personen", "werkend", "werkend_beschut", "aandeel_werkend"]
    r = p.set_index("groep").loc["wajong_arbeidsvermogen"]
    assert (r["personen"], r["werkend"], r["werkend_beschut"]) == (3, 2, 1)
    assert r["aandeel_werkend"] == pytest.approx(2 / 3)
    g = pa.groep_status(beschut, 2023).set_index("persoon_id")
    assert g.loc["SW", "werkend"] and g.loc["SW", "werkend_beschut"]
    assert g.loc["SWREG", "werkend"] and not g.loc["SWREG", "werkend_beschut"]
    assert not g.loc["NOV", "werkend"] and not g.loc["NOV", "werkend_beschut"]
    k = pa.kenmerken(beschut, 2023)
    assert "werkend_beschut" in k.columns
    gs = k.loc[(k["groep"] == "wajong_arbeidsvermogen") & (k["kenmerk"] == "geslacht")]
    assert (gs["werkend"].sum(), gs["werkend_beschut"].sum()) == (2, 1)


def test_werkgevers_van_werkenden_in_beschut_werk(beschut):
    """Decision (RULES.md §8): the employers are those employing the group in December, the sw-bedrijf
    included: SWB (2 jobs, both beschut werk) and WG1 (1 job) = 2 employers, 3 jobs."""
    wg, conc = pa.werkgevers(beschut, 2023)
    c = conc.set_index("groep").loc["wajong_arbeidsvermogen"]
    assert (c["werkgevers"], c["banen"]) == (2, 3)
    s = wg.loc[(wg["groep"] == "wajong_arbeidsvermogen") & (wg["kenmerk"] == "sector")]
    assert (s["werkgevers"].sum(), s["banen"].sum(), s["banen_beschut"].sum()) == (2, 3, 2)


def test_banenafspraak_telt_beschut_werk_niet(tmp_path):
    """The banenafspraak (RULES.md §3) keeps excluding beschut werk: no baan, not werkzaam. SW works only
    in beschut werk; SWREG in beschut werk and a regular job of 40 hours (0,361 baan)."""
    b = Bouw()
    for pid in ("SW", "SWREG"):
        b.persoon(pid).registratie(pid, "WAJONG_2010", begin="2011-01-01")
    b.maand_opgave("SW", "S1", "SWB", 2023, 12, 120.0, aard="21")
    b.maand_opgave("SWREG", "S2", "SWB", 2023, 12, 60.0, aard="21")
    b.maand_opgave("SWREG", "R1", "WG1", 2023, 12, 40.0)
    m = monitor.meet(laad(b, tmp_path), P)
    assert sorted(m.populatie["persoon_id"]) == ["SW", "SWREG"]
    assert list(m.ikv["ikv_id"]) == ["R1"] and m.ikv["werkzaam"].all()
    assert m.ikv["banen"].sum() == pytest.approx(40.0 / 110.92)


# --------------------------------------------------------------------------- 13. employer size

def test_grootteklasse_precies_op_de_grens_is_niet_groter(tmp_path):
    """RULES.md §9: large is MORE than 40.575 hours (25 x 1.623); exactly 40.575 is not. The same for
    the upper bound 250 x 1.623 = 405.750 hours."""
    b = Bouw()
    for i, uren in enumerate([40575.0, 40575.5, 405750.0, 405750.5]):
        b.werkgever(f"W{i}", 2023, totaal=uren)
        b.persoon(f"P{i}").registratie(f"P{i}", "PW_INDICATIE", begin="2016-01-01")
        b.maand_opgave(f"P{i}", "1", f"W{i}", 2023, 12, 100.0)
    wg, _ = pa.werkgevers(laad(b, tmp_path), 2023)
    k = wg.loc[wg["kenmerk"] == "grootteklasse"].set_index("waarde")["werkgevers"].to_dict()
    assert k == {"klein (< 25)": 1, "middelgroot (25-249)": 2, "groot (>= 250)": 1}


# --------------------------------------------------------------------------- 14. parameters at the date the rule applies

def test_t2_jaren_gelezen_op_de_datum_van_het_criteria_einde(monkeypatch):
    """A (hypothetical) change to t+3 for criteria lost from 2016 on: 2015-06-01 -> 31-12-2017,
    2016-06-01 -> 31-12-2019."""
    gewijzigd(monkeypatch, "register.t_plus_2_jaren", {"2012-01-01": 2, "2016-01-01": 3})
    from banenafspraak.register import t2_einde

    e = t2_einde(pd.Series(pd.to_datetime(["2015-06-01", "2016-06-01", None])))
    assert list(e[:2]) == [pd.Timestamp("2017-12-31"), pd.Timestamp("2019-12-31")] and pd.isna(e.iloc[2])


def test_tijdvakconversie_per_opgave_op_haar_eigen_datum(monkeypatch):
    """Conversion 'kalenderdagen' through 2023, 'geen' from 2024: a quarter of 276 hours ending
    31-12-2023 gives 276 x 31/92 = 93; one ending 31-3-2024 stays 276."""
    gewijzigd(monkeypatch, "banen.tijdvak_conversie", {"2012-12-01": "kalenderdagen", "2024-01-01": "geen"})
    o = pd.DataFrame({"opgave_begin": pd.to_datetime(["2023-10-01", "2024-01-01"]),
                      "opgave_einde": pd.to_datetime(["2023-12-31", "2024-03-31"]), "verloonde_uren": [276.0, 276.0]})
    assert list(motor.maanduren_op(o, "opgave_einde")) == pytest.approx([93.0, 276.0])
    assert len(motor.maanduren_op(o.iloc[:0], "opgave_einde")) == 0


def test_werkdrempel_per_maand_in_sql(monkeypatch, tmp_path):
    """A (hypothetical) wage threshold of EUR 500 from 2020: EUR 300 a month is werk in Nov and Dec 2019,
    not in Jan and Feb 2020 -- in the SQL over the whole span and in the pandas definition alike."""
    gewijzigd(monkeypatch, "banen.werkzaam_loon_groter_dan", {"2012-12-01": 0.0, "2020-01-01": 500.0})
    b = Bouw().persoon("A")
    maanden(b, "A", "1", "W1", (2019, 11), (2020, 2), loon=300.0)
    polis = laad(b, tmp_path)["polis"]
    assert list(werk.werkmaanden(polis)["maand"]) == [2019 * 12 + 10, 2019 * 12 + 11]
    assert list(met_de_hand.werkzaam(polis, "2019-12-31")) == [True, True, True, True]
    assert list(met_de_hand.werkzaam(polis, "2020-01-31")) == [False, False, False, False]


def test_reeks_hergebruikt_de_getelde_nulmeting(tmp_path, monkeypatch):
    """monitor.reeks reuses the metingen already counted, whatever the type of their date keys; the
    nulmeting is keyed by its doelgroep date, 1 January 2013 (hours of December 2012, RULES.md §3)."""
    b = Bouw().persoon("A").registratie("A", "WAJONG_OUD")
    b.maand_opgave("A", "1", "W1", 2012, 12, 110.92).maand_opgave("A", "1", "W1", 2013, 12, 221.84)
    ds = laad(b, tmp_path)
    metingen = {dt.date(2013, 1, 1): monitor.meet(ds, monitor.nulmeting_peil(2013)),
                "2013-12-31": monitor.meet(ds, "2013-12-31")}

    def niet_opnieuw(*a, **k):
        raise AssertionError(f"opnieuw geteld: {a[1]}")

    monkeypatch.setattr(monitor, "meet", niet_opnieuw)
    r = monitor.reeks(ds, 2013, "data", 1.0, metingen=metingen).set_index("sector")
    # 2 banen in December 2013 against 1 baan in the nulmeting: 1 extra baan
    assert r.loc["totaal", "banen"] == pytest.approx(2.0) and r.loc["totaal", "extra_banen"] == pytest.approx(1.0)
    assert set(metingen) == {pd.Timestamp("2013-01-01"), pd.Timestamp("2013-12-31")}


def test_geen_vaste_datums_in_de_regels():
    """Dated constants live in parameters/*.yaml, read at the date the rule applies (never a literal)."""
    lib = Path(banen.__file__).parent
    for bron in sorted(lib.glob("*.py")):
        tekst = bron.read_text(encoding="utf-8")
        for datum in ("2012-12-31", "2013-01-01", "2018-12-01"):
            assert datum not in tekst, f"{bron.name} bevat de datum {datum}"
        assert not re.search(r"365\.25", tekst), f"{bron.name} rekent met 365,25 dagen"


# --------------------------------------------------------------------------- 15. one definition per rule

def test_werkzaam_sql_en_pandas_zelfde_definitie(tmp_path):
    """The SQL of werk.py and the rule written out in pandas (tests/regels_met_de_hand.py) agree on every kind of opgave:
    wage 0, negative, just above 0; beschut werk 21 and 24; a quarter covering three months."""
    b = Bouw()
    gevallen = [("NUL", 0.0, "01"), ("MIN", -5.0, "01"), ("CENT", 0.01, "01"), ("BW21", 900.0, "21"),
                ("BW24", 900.0, "24"), ("UITZ", 900.0, "11")]
    for pid, loon, aard in gevallen:
        b.persoon(pid).maand_opgave(pid, "1", "W1", 2023, 11, 10.0, loon=loon, aard=aard)
    b.persoon("KW").opgave("KW", "1", "W1", "2023-10-01", "2023-12-31", 300.0, tijdvak="KWARTAAL")
    polis = laad(b, tmp_path)["polis"]
    van, tot = 2023 * 12 + 9, DEC_2023

    def per_maand(masker_van):
        rijen = set()
        for m in range(van, tot + 1):
            o = polis.loc[(polis["opgave_begin"] <= werk.maand_einde(m)) & (polis["opgave_einde"] >= werk.maand_begin(m))]
            rijen |= {(p, i, m) for p, i in zip(o.loc[masker_van(o, werk.maand_einde(m)), "persoon_id"],
                                               o.loc[masker_van(o, werk.maand_einde(m)), "ikv_id"])}
        return rijen

    sql = set(werk.werkmaanden(polis, van, tot).itertuples(index=False, name=None))
    assert sql == per_maand(met_de_hand.werkzaam)
    assert {p for p, _, _ in sql} == {"CENT", "UITZ", "KW"}
    met = werk.werkmaanden(polis, van, tot, met_beschut=True)
    assert set(met[["persoon_id", "ikv_id", "maand"]].itertuples(index=False, name=None)) == per_maand(met_de_hand.werkzaam_loon)
    assert set(met.loc[met["beschut"], "persoon_id"]) == {"BW21", "BW24"}


def test_directe_einden_een_definitie(tmp_path):
    """Emigration 2020-05-01, death 2020-08-15, after a start in March 2020: the register and the cohort
    both see the earliest at-once end, emigration (RULES.md §2, §7)."""
    b = Bouw().persoon("A", emigratie="2020-05-01", overleden="2020-08-15").registratie("A", "PW_INDICATIE", begin="2019-01-01")
    maanden(b, "A", "1", "W1", (2020, 3), (2020, 4), ikv_begin="2020-03-02")
    b.persoon("VUL")
    maanden(b, "VUL", "X", "W1", (2021, 1), (2021, 12), ikv_begin="2015-01-01")
    ds = laad(b, tmp_path)
    u = dz.uitkomst(ds, 2020).set_index("persoon_id")
    assert u.loc["A", "verlaten"] == "emigratie"
    from banenafspraak.register import status_op

    s = status_op(ds["doelgroepregister"], ds["persoon"], pd.DataFrame({"persoon_id": ["A"], "datum": [pd.Timestamp("2020-12-31")]}))
    assert s.loc[0, "uitsluiting"] == "emigratie"


def test_verklaar_regio_en_telling_uit_de_pijplijn(tmp_path):
    """verklaar shows the pipeline's own results: the region of the latest gemeente_regio year <= the
    peildatum (2023 lies beyond the directory's own reference, which ends in 2022: its last year applies,
    as in the reports), and the banen of monitor.meet: 160 / 110,92 = 1,442 baan (the beschut werk
    opgave counts for nothing). (Opgaven after the data were made, such as 2030, are a contract error.)"""
    from banenafspraak import paths
    from banenafspraak.regio import arbeidsmarktregio_op
    from banenafspraak.verklaar import verklaar

    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.maand_opgave("A", "1", "W1", 2023, 12, 160.0).maand_opgave("A", "2", "W1", 2023, 12, 50.0, aard="24")
    map = b.schrijf(tmp_path / "d")
    ref = pd.read_csv(paths.referentie_dir() / "gemeente_regio.csv", dtype=str)
    ref[ref["jaar"].astype(int) <= 2022].to_csv(map / "gemeente_regio.csv", index=False)
    ds = lees_map(map)
    assert ds["gemeente_regio"]["jaar"].max() == 2022
    tekst = verklaar(ds, "A", "2023-12-31")
    r = arbeidsmarktregio_op(ds["woonplaats"], ds["gemeente_regio"], ["A"], "2023-12-31").iloc[0]
    assert r["arbeidsmarktregio_code"] == "AM18"
    assert f"{r['arbeidsmarktregio_code']} {r['arbeidsmarktregio_naam']}" in tekst
    m = monitor.meet(ds, "2023-12-31")
    assert f"Totaal: {m.ikv['banen'].sum():.3f}".replace('.', ',') + " banen" in tekst and "Totaal: 1,442 banen" in tekst
    assert "werkzaam: ja" in tekst


# --------------------------------------------------------------------------- 16. reconciliation under a t+2 scenario

def test_reconciliatie_met_de_einden_van_het_scenario(tmp_path):
    """A's registration is open as administered (re-added), but the criteria stopped 2016-06-01: under
    scenario 'altijd' it ends 2018-12-31, so on 2023-12-31 the row is not valid (1), and no valid row
    belongs to a person outside the population (0). B is valid in every scenario."""
    b = Bouw()
    b.persoon("A").registratie("A", "PW_INDICATIE", begin="2014-01-01", criteria_einde="2016-06-01")
    b.persoon("B").registratie("B", "PW_INDICATIE", begin="2014-01-01")
    for pid in "AB":
        b.maand_opgave(pid, "1", "W1", 2023, 12, 100.0)
    ds = laad(b, tmp_path)
    m = monitor.meet(ds, P, "altijd")
    assert list(m.populatie["persoon_id"]) == ["B"]
    rec = Reconciliatie()
    monitor.reconcilieer(rec, ds, m)
    weg = {w["regel"]: w["rijen"] for w in rec.weggelaten if w["tabel"] == "doelgroepregister"}
    assert weg["registratie niet geldig op de peildatum"] == 1
    assert [v for k, v in weg.items() if k.startswith("geldig, maar")] == [0]
    m0 = monitor.meet(ds, P)  # as administered both rows are valid and both persons count
    rec0 = Reconciliatie()
    monitor.reconcilieer(rec0, ds, m0)
    assert {w["regel"]: w["rijen"] for w in rec0.weggelaten}["registratie niet geldig op de peildatum"] == 0
