"""Review of the engine changes (UNION ALL per urendatum, sector_sql, inleen_op/maanduren_op,
reconciliation from the pass, verklaar): hand-worked cases, RULES.md §2-§4."""
import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import monitor, motor
from banenafspraak.loading import lees_map

KWARTALEN = ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]


def laad(b, tmp_path, formaat="csv", **kw):
    """csv: the frames; getypeerd: parquet files as a national delivery (the engine reads the file)."""
    from bouw import getypeerd
    map = getypeerd(b, tmp_path / "d") if formaat == "getypeerd" else b.schrijf(tmp_path / "d")
    return lees_map(map, **kw)


def uren_per_datum(t, pid):
    ikv = t.ikv
    ikv = ikv[ikv["persoon_id"] == pid]
    return {str(d.date()): u for d, u in ikv.groupby("peildatum")["uren"].sum().items()}


@pytest.mark.parametrize("formaat", ["csv", "getypeerd"])
def test_jaar_tijdvak_telt_op_elke_kwartaaleinde_eenmaal(tmp_path, formaat):
    """RULES.md §3: the hours of the tijdvak containing the peildatum, converted uren x days in the month /
    days in the tijdvak. A: JAAR 2023 (365 days), 3650 h: 31-3: 3650 x 31/365 = 310; 30-6: 3650 x 30/365
    = 300; 30-9: 300; 31-12: 310. B: HALFJAAR 1-1..30-6-2023 (181 days) 1810 h: 31-3: 1810 x 31/181 = 310;
    30-6: 1810 x 30/181 = 300; and HALFJAAR 1-7..31-12 (184 days) 1840 h: 30-9: 300; 31-12: 310.
    One ikv row per person per peildatum (never twice); a repeated peildatum is one peildatum."""
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.opgave("A", "I1", "W1", "2023-01-01", "2023-12-31", 3650.0, tijdvak="JAAR")
    b.persoon("B").registratie("B", "WSW_BEGELEID_WERK", begin="2016-01-01")
    b.opgave("B", "I1", "W1", "2023-01-01", "2023-06-30", 1810.0, tijdvak="HALFJAAR")
    b.opgave("B", "I1", "W1", "2023-07-01", "2023-12-31", 1840.0, tijdvak="HALFJAAR")
    t = motor.tel(laad(b, tmp_path, formaat), KWARTALEN + ["2023-12-31"], jaargrondslagen="jaarbegin")
    verwacht = {"2023-03-31": 310.0, "2023-06-30": 300.0, "2023-09-30": 300.0, "2023-12-31": 310.0}
    assert uren_per_datum(t, "A") == pytest.approx(verwacht)
    assert uren_per_datum(t, "B") == pytest.approx(verwacht)
    assert len(t.ikv) == 8
    assert t.ikv.groupby(["peildatum", "persoon_id"]).size().eq(1).all()
    assert t.opgaven_telling("2023-06-30") == (2, 0)  # A's JAAR and B's first HALFJAAR


def test_kwartaal_tijdvakken_randen_inclusief(tmp_path):
    """KWARTAAL tijdvakken: Q1 2023 1-1..31-3 (90 days) 900 h -> on 31-3 (ends on the peildatum):
    900 x 31/90 = 310. Q2 1-4..30-6 (91 days) 910 h -> on 30-6: 910 x 30/91 = 300. A second job whose
    HALFJAAR tijdvak 30-9-2023..31-12-2023 is irregular? No: use a KWARTAAL beginning on the peildatum
    30-9 (30-9..28-12, 90 days, 900 h) -> on 30-9: 900 x 30/90 = 300, not on 31-12 (ends 28-12).
    Q4 1-10..31-12 (92 days) 920 h -> on 31-12: 920 x 31/92 = 310; no opgave for Q3 of I1."""
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.opgave("A", "I1", "W1", "2023-01-01", "2023-03-31", 900.0, tijdvak="KWARTAAL")
    b.opgave("A", "I1", "W1", "2023-04-01", "2023-06-30", 910.0, tijdvak="KWARTAAL")
    b.opgave("A", "I1", "W1", "2023-10-01", "2023-12-31", 920.0, tijdvak="KWARTAAL")
    b.opgave("A", "I2", "W1", "2023-09-30", "2023-12-28", 900.0, tijdvak="KWARTAAL")
    t = motor.tel(laad(b, tmp_path), KWARTALEN, jaargrondslagen="jaarbegin")
    ikv = t.ikv.set_index(["peildatum", "ikv_id"])["uren"]
    assert ikv.to_dict() == pytest.approx({
        (pd.Timestamp("2023-03-31"), "I1"): 310.0, (pd.Timestamp("2023-06-30"), "I1"): 300.0,
        (pd.Timestamp("2023-09-30"), "I2"): 300.0, (pd.Timestamp("2023-12-31"), "I1"): 310.0})


def test_nulmeting_met_31_12_2012_ook_als_peildatum(tmp_path):
    """RULES.md §3: nulmeting = doelgroep on 1-1-2013 with the hours of the tijdvak containing 31-12-2012.
    A registered from 1-1-2013, B until 31-12-2012, both 221,84 h in December 2012 (2 banen each).
    Peildata 31-12-2012 and the nulmeting Peil(1-1-2013, 31-12-2012) in one pass: on 31-12-2012 only B
    counts (2 banen), on 1-1-2013 only A (2 banen), each once."""
    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD", begin="2013-01-01")
    b.persoon("B").registratie("B", "WAJONG_OUD", begin="2010-01-01", einde="2012-12-31")
    b.maand_opgave("A", "I1", "MK", 2012, 12, 221.84).maand_opgave("B", "I1", "MK", 2012, 12, 221.84)
    nul = monitor.nulmeting_peil(2013)
    t = motor.tel(laad(b, tmp_path), [pd.Timestamp("2012-12-31"), nul])
    ikv = t.ikv
    assert sorted(zip(ikv["peildatum"].astype(str).str[:10], ikv["persoon_id"])) == [
        ("2012-12-31", "B"), ("2013-01-01", "A")]
    assert ikv["banen"].tolist() == pytest.approx([2.0, 2.0])


@pytest.mark.parametrize("jaren, verwacht", [
    ({2023: ("64", 90000.0)}, "overheid"),                              # own year: 90% Ufo in 64
    ({2021: ("64", 90000.0)}, "overheid"),                              # only earlier
    ({2025: ("64", 90000.0)}, "overheid"),                              # only later
    ({2021: ("64", 90000.0), 2025: ("52", 0.0)}, "overheid"),           # both: earlier wins
    ({2021: ("52", 0.0), 2025: ("64", 90000.0)}, "markt"),              # both: earlier wins
    ({2020: ("52", 0.0), 2022: ("64", 90000.0), 2024: ("52", 0.0)}, "overheid"),  # latest earlier
    ({2023: ("64", 50000.0), 2022: ("64", 90000.0)}, "markt"),          # own year exactly 50%: markt
])
def test_sector_rij_van_het_jaar(jaren, verwacht):
    """RULES.md §4: overheid = Wfsv 61-66 and Ufo share > 50% (exactly 50% markt); the row for the year of
    the date, else the latest earlier year, else the earliest later year."""
    w = pd.DataFrame([dict(werkgever_id="W", jaar=j, fiscaal_nummer="F", wfsv_sector=s,
                           verloonde_uren_totaal=100000.0, verloonde_uren_ufo=u, uitlener=False)
                      for j, (s, u) in jaren.items()])
    s = motor.sector_op(w, pd.DataFrame({"werkgever_id": ["W"], "d": [pd.Timestamp("2023-06-30")]}), "d")
    assert s.tolist() == [verwacht]


def test_werkgever_op_uren_van_gekozen_jaar():
    """werkgever_op gives the verloonde_uren_totaal of the chosen row: date 2023, rows 2021 (111) and
    2025 (555) -> 111 (latest earlier); date 2026 -> 555; date 2019 -> 111 (earliest later); unknown W2 -> None."""
    w = pd.DataFrame([dict(werkgever_id="W", jaar=j, fiscaal_nummer="F", wfsv_sector="01",
                           verloonde_uren_totaal=t, verloonde_uren_ufo=0.0, uitlener=False)
                      for j, t in ((2021, 111.0), (2025, 555.0))])
    rijen = pd.DataFrame({"werkgever_id": ["W", "W", "W", "W2"],
                          "d": pd.to_datetime(["2023-06-30", "2026-01-31", "2019-12-31", "2023-01-01"])})
    k = motor.werkgever_op(w, rijen, "d")
    assert k["verloonde_uren_totaal"].tolist()[:3] == [111.0, 555.0, 111.0]
    assert k["sector"].tolist()[:3] == ["markt"] * 3
    assert pd.isna(k["sector"].iloc[3])


def test_participatie_werkgever_kenmerken_jaar_regel():
    """participatie.werkgever_kenmerken for 2023 (RULES.md §4 sector, §8/§9 size: more than 25 x 1.623 =
    40.575 h is middelgroot, more than 250 x 1.623 = 405.750 h groot), the row by the year rule:
    W1 rows 2020 (52, 999.999 h), 2022 (64, 90% Ufo, 40.575 h), 2025 (52, 500.000 h): latest earlier 2022
       -> overheid, klein (exactly 40.575 is not more than 40.575);
    W2 only 2025 (64, 40.576 h all Ufo): earliest later -> overheid, middelgroot;
    W3 own 2023 (64, 405.751 h, Ufo exactly 50%) and 2022 (64, 90%): own year -> markt (50% is markt), groot;
    W4 no row at all: left out."""
    from banenafspraak.participatie import werkgever_kenmerken

    def rij(w, j, s, t, u):
        return dict(werkgever_id=w, jaar=j, fiscaal_nummer="F" + w, wfsv_sector=s, verloonde_uren_totaal=t,
                    verloonde_uren_ufo=u, uitlener=False)
    w = pd.DataFrame([rij("W1", 2020, "52", 999999.0, 0.0), rij("W1", 2022, "64", 40575.0, 0.9 * 40575),
                      rij("W1", 2025, "52", 500000.0, 0.0), rij("W2", 2025, "64", 40576.0, 40576.0),
                      rij("W3", 2023, "64", 405751.0, 405751.0 / 2), rij("W3", 2022, "64", 405751.0, 405751.0)])
    k = werkgever_kenmerken(w, 2023, ["W1", "W2", "W3", "W4"]).set_index("werkgever_id")
    assert sorted(k.index) == ["W1", "W2", "W3"]
    assert k["sector"].to_dict() == {"W1": "overheid", "W2": "overheid", "W3": "markt"}
    assert k["grootteklasse"].to_dict() == {"W1": "klein (< 25)", "W2": "middelgroot (25-249)", "W3": "groot (>= 250)"}


def test_inleen_op_en_maanduren_op():
    """RULES.md §4 inleen: aard 11/22/82 or soort_baan 4; §3 conversion on each row's own date:
    KWARTAAL 1-1..31-3-2023 (90 days) 900 h on 15-2-2023 (28 days): 280; on 31-3: 310.
    JAAR 2024 (366 days) 732 h on 29-2-2024 (29 days): 58. MAAND: as reported."""
    rijen = pd.DataFrame({"aard_arbeidsverhouding": ["11", "22", "82", "01", "01", "21"],
                          "soort_baan": ["9", "3", "9", "4", "9", "9"],
                          "d": pd.to_datetime(["2023-12-31"] * 6)})
    assert motor.inleen_op(rijen, "d").tolist() == [True, True, True, True, False, False]
    o = pd.DataFrame({"verloonde_uren": [900.0, 900.0, 732.0, 100.0],
                      "opgave_begin": pd.to_datetime(["2023-01-01", "2023-01-01", "2024-01-01", "2023-05-01"]),
                      "opgave_einde": pd.to_datetime(["2023-03-31", "2023-03-31", "2024-12-31", "2023-05-31"]),
                      "d": pd.to_datetime(["2023-02-15", "2023-03-31", "2024-02-29", "2023-05-10"])})
    assert motor.maanduren_op(o, "d").tolist() == pytest.approx([280.0, 310.0, 58.0, 100.0])


@pytest.mark.parametrize("formaat", ["csv", "getypeerd"])
def test_reconciliatie_een_geval_per_regel(tmp_path, formaat):
    """Monitor 2023 (peildatum 31-12-2023, polis read for 31-12-2012 and 31-12-2023).
    Register rows (9): A WAJONG_OUD ended 2022 (not valid), B WSW_BESCHUT (valid, outside), C
    QUOTUM_VOORZIENING only (valid, outside), D PW_INDICATIE born 1950 (AOW passed; valid, outside),
    E PW_INDICATIE died 2023-06-01 (valid, outside), F PW_INDICATIE emigrated 2023-03-01 (valid, outside),
    G PW_INDICATIE (in), H PW_INDICATIE (in), K PW_INDICATIE begins 2024 (not valid).
    -> niet geldig 2 (A, K); geldig maar buiten 5 (B, C, D, E, F).
    Polis (all December 2023 MAAND unless said): A, B, C (3 outside population), G regular, G June 2023
    (not read: not in a tijdvak the monitor reads), H aard 21 and H aard 24 (beschut werk, 2), H KWARTAAL
    1-10..31-12 regular, G December 2012 (read for the nulmeting, not in the 2023 tijdvak).
    Read: 8 of 9 (G June left out). Tijdvak without peildatum: 1 (G 2012). Not population: 3 (A, B, C).
    Beschut: 2. Used (rows): 8 - 1 - 3 - 2 = 2 (G's December 2023 and H's KWARTAAL)."""
    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD", einde="2022-06-30")
    b.persoon("B").registratie("B", "WSW_BESCHUT")
    b.persoon("C").registratie("C", "QUOTUM_VOORZIENING")
    b.persoon("D", geboren="1950-01-01").registratie("D", "PW_INDICATIE")
    b.persoon("E", overleden="2023-06-01").registratie("E", "PW_INDICATIE")
    b.persoon("F", emigratie="2023-03-01").registratie("F", "PW_INDICATIE")
    b.persoon("G").registratie("G", "PW_INDICATIE")
    b.persoon("H").registratie("H", "PW_INDICATIE")
    b.persoon("K").registratie("K", "PW_INDICATIE", begin="2024-01-01")
    for p in "ABC":
        b.maand_opgave(p, "I1", "MK", 2023, 12, 100.0)
    b.maand_opgave("G", "I1", "MK", 2023, 12, 110.92).maand_opgave("G", "I1", "MK", 2023, 6, 110.92)
    b.maand_opgave("G", "I1", "MK", 2012, 12, 110.92)
    b.maand_opgave("H", "I2", "MK", 2023, 12, 50.0, aard="21").maand_opgave("H", "I3", "MK", 2023, 12, 60.0, aard="24")
    b.opgave("H", "I4", "MK", "2023-10-01", "2023-12-31", 920.0, tijdvak="KWARTAAL")
    ds = laad(b, tmp_path, formaat, polis_peildata=monitor.peildata(2023))
    pub = monitor.publicatie(ds, 2023)
    t = ds.reconciliatie.tabel()
    stap = "peildatum 2023-12-31"
    reg = t.loc[(t["tabel"] == "doelgroepregister") & (t["stap"] == stap)].set_index("regel")["rijen"]
    assert reg["registratie niet geldig op de peildatum"] == 2
    assert reg[[r for r in reg.index if r.startswith("geldig, maar persoon buiten")][0]] == 5
    polis = t.loc[t["tabel"] == "polis"].set_index(["stap", "regel"])["rijen"]
    assert polis[("", "gelezen")] == 9
    assert polis[("inlezen", "gebruikt")] == 8
    assert polis[(stap, "tijdvak bevat de peildatum niet")] == 1
    assert polis[(stap, "persoon niet in de banenafspraak op de peildatum")] == 3
    assert polis[(stap, "beschut werk (telt niet als baan)")] == 2
    assert polis[(stap, "gebruikt")] == 2
    assert (t["rijen"] >= 0).all()
    # banen: G 110,92 h = 1; H KWARTAAL 920 x 31/92 = 310 h = 2,7948 -> 3,7948 banen
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    assert bs.loc["totaal", "banen"] == pytest.approx(1 + 310 / 110.92)


def test_verklaar_kwartaal_en_beschut(tmp_path):
    """RULES.md §3: KWARTAAL 1-10..31-12-2023 (92 days) 920 h on 31-12: 920 x 31/92 = 310 h, werkzaam
    (sv_loon > 0). Beschut werk (aard 24): paid but not werkzaam in the banenafspraak, no banen."""
    from banenafspraak.verklaar import verklaar
    b = Bouw()
    b.persoon("A").registratie("A", "PW_INDICATIE")
    b.opgave("A", "I1", "MK", "2023-10-01", "2023-12-31", 920.0, tijdvak="KWARTAAL")
    b.persoon("B").registratie("B", "PW_INDICATIE")
    b.maand_opgave("B", "I1", "MK", 2023, 12, 80.0, aard="24")
    ds = laad(b, tmp_path)
    ta, tb = verklaar(ds, "A", "2023-12-31"), verklaar(ds, "B", "2023-12-31")
    print(ta)
    print(tb)
    assert "KWARTAAL 2023-10-01 t/m 2023-12-31 (92 dagen), 920,00 uur -> 310,00 uur per maand" in ta
    assert "310,00 uur per maand -> 2,795 baan (310,00 / 110,92); werkzaam: ja" in ta  # 310 / 110,92 = 2,7948
    assert "Totaal: 2,795 banen; werkzaam: ja." in ta
    assert "aard 24 (beschut werk: telt niet)" in tb
    assert "Totaal: 0,000 banen; werkzaam: nee." in tb
    m = monitor.meet(ds, "2023-12-31")
    pp = m.telling.per_persoon("2023-12-31").set_index("persoon_id")
    assert pp.loc["A", "uren"] == pytest.approx(310.0) and bool(pp.loc["A", "werkzaam"])
    assert pp.loc["B", "banen"] == 0 and not bool(pp.loc["B", "werkzaam"])
    assert "beschut" in tb.lower()


def test_cli_verklaar_kwartaal_en_beschut_wsw(tmp_path, capsys):
    """``banenafspraak verklaar`` (RULES.md §3): A, PW_INDICATIE, KWARTAAL 1-10..31-12-2023 (92 days) 920 h
    -> 920 x 31/92 = 310 h per month = 2,795 banen, werkzaam. C, WSW_BESCHUT and WAJONG_OUD valid: outside
    the banenafspraak (RULES.md §2 decision), its aard-21 opgave beschut werk: 0 banen, not werkzaam."""
    from banenafspraak.cli import main
    b = Bouw()
    b.persoon("A").registratie("A", "PW_INDICATIE")
    b.opgave("A", "I1", "MK", "2023-10-01", "2023-12-31", 920.0, tijdvak="KWARTAAL")
    b.persoon("C").registratie("C", "WSW_BESCHUT").registratie("C", "WAJONG_OUD")
    b.maand_opgave("C", "I1", "SW", 2023, 12, 120.0, aard="21")
    d = b.schrijf(tmp_path / "d")
    assert main(["verklaar", "A", "--data", str(d), "--peildatum", "2023-12-31"]) == 0
    ta = capsys.readouterr().out
    assert "920,00 uur -> 310,00 uur per maand" in ta and "Totaal: 2,795 banen; werkzaam: ja." in ta
    assert main(["verklaar", "C", "--data", str(d), "--peildatum", "2023-12-31"]) == 0
    tc = capsys.readouterr().out
    assert "Telt NIET mee: beschut werk Wsw (WSW_BESCHUT geldig)." in tc
    assert "aard 21 (beschut werk: telt niet)" in tc and "Totaal: 0,000 banen; werkzaam: nee." in tc
