"""Review of issue #16 (quotumheffing, RULES.md §9-§10; DATA_CONTRACT.md): defects found by hand-built worlds, each
a strict xfail with the expected figure worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import quotum
from banenafspraak.loading import lees_map
from banenafspraak.validation import ContractError

JAAR = 2024


def _tel(b: Bouw, map, pct=0.0137):
    m = b.schrijf(map)
    return quotum.tel_jaar(lees_map(m, tabellen=quotum.tabellen_voor(m)), JAAR, quotumpercentage=pct)


def _twaalf_overheid() -> Bouw:
    """12 large overheid employers (Wfsv 63, Ufo 100%, 100.000 hours each). FG02..FG11 each employ two WAJONG_OUD
    persons 12 x 100 hours (2.400 >= 1.370 required at 1,37%); FG00 and FG01 employ nobody of the doelgroep: tekort
    1.370 hours = 1,0293 arbeidsplaats = EUR 5.146,51 each, heffing_totaal 10.293,02 over TWO employers."""
    b = Bouw()
    for i in range(12):
        w = f"G{i:02d}"
        b.werkgever(w, JAAR, sector="63", totaal=100000.0, ufo=100000.0, fiscaal=f"FG{i:02d}")
        if i >= 2:
            for k in range(2):
                p = f"P{i:02d}{k}"
                b.persoon(p).registratie(p, "WAJONG_OUD")
                for m in range(1, 13):
                    b.maand_opgave(p, f"K{p}", w, JAAR, m, 100.0)
    return b


def test_heffing_totaal_van_twee_werkgevers_met_tekort_is_onderdrukt(tmp_path):
    t = _tel(_twaalf_overheid(), tmp_path / "data")
    h = t.heffing.set_index("fiscaal_nummer")
    assert h.at["FG00", "heffing"] == 5146.51 and h.at["FG01", "heffing"] == 5146.51  # the world is as worked
    s = quotum.publicatie(t).publiceer()["heffing_samenvatting"].set_index("sector")
    assert pd.isna(s.at["overheid", "werkgevers_met_tekort"])  # 2 employers: suppressed (holds)
    assert pd.isna(s.at["overheid", "heffing_totaal"])  # the sum of those two employers' heffing: got 10293


def test_D_van_een_enkele_werkgever_is_onderdrukt(tmp_path):
    b = _twaalf_overheid()
    b.werkgever("G00", JAAR - 2, sector="63", totaal=123456.0, ufo=123456.0, fiscaal="FG00")
    t = _tel(b, tmp_path / "data", pct=None)
    assert t.formule.set_index("sector").at["overheid", "D"] == pytest.approx(123456.0 / 1623)
    q = quotum.publicatie(t).publiceer()["quotumpercentage"].set_index("sector")
    assert pd.isna(q.at["overheid", "D"])  # got 76.066543


def _uitleners() -> Bouw:
    """FU: uitlener, 100.000 hours of which 59.000 uitzend (own 41.000: large). P1 (PW_INDICATIE) works 12 x 100 = 1.200
    hours for FU as uitzendkracht. FN: NOT an uitlener (uitlener false), 100.000 hours; P2 (PW_INDICATIE) 12 x 100 =
    1.200 hours there. FI: inlener, 30.000 hours."""
    b = Bouw()
    b.werkgever("U1", JAAR, sector="52", totaal=100000.0, uitlener=True, fiscaal="FU")
    b.rijen["werkgever"][-1]["verloonde_uren_uitzend"] = 59000.0
    b.werkgever("N1", JAAR, sector="01", totaal=100000.0, uitlener=False, fiscaal="FN")
    b.rijen["werkgever"][-1]["verloonde_uren_uitzend"] = 0.0
    b.werkgever("I1", JAAR, sector="01", totaal=30000.0, fiscaal="FI")
    for p in ("P1", "P2"):
        b.persoon(p).registratie(p, "PW_INDICATIE")
    for m in range(1, 13):
        b.maand_opgave("P1", "K1", "U1", JAAR, m, 100.0, aard="11", soort_baan="4")
        b.maand_opgave("P2", "K2", "N1", JAAR, m, 100.0)
    return b


def test_overdracht_meer_dan_gewerkte_uren(tmp_path):
    """RULES.md §9 (S3 Q79), DATA_CONTRACT bad input: FU transfers 2.000 hours of P1, whose doelgroep hours at FU are
    1.200: an error naming the file, the column, the person with both figures, and the row (line 2 of the CSV)."""
    b = _uitleners()
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer="FI",
                                             persoon_id="P1", verloonde_uren=2000.0))
    with pytest.raises(ContractError) as e:
        _tel(b, tmp_path / "data")
    (p,) = e.value.problemen
    assert (p.bestand, p.kolom, p.waarden, p.rijen) == ("inleen_overdracht.csv", "verloonde_uren", [("P1", 2000.0, 1200.0)], [0])
    assert "inleen_overdracht.csv, kolom verloonde_uren" in str(e.value) and "regels 2" in str(e.value)


def test_overdracht_tot_de_doelgroepuren_telt(tmp_path):
    """The limit itself: two inleners of 600 hours each of P1 (1.200 in all, exactly P1's hours at FU) are accepted:
    FU 1.200 - 1.200 = 0 doelgroep hours, FI and FX 600 each."""
    b = _uitleners()
    b.werkgever("X1", JAAR, sector="01", totaal=30000.0, fiscaal="FX")
    for inlener in ("FI", "FX"):
        b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer=inlener,
                                                 persoon_id="P1", verloonde_uren=600.0))
    h = _tel(b, tmp_path / "data").heffing.set_index("fiscaal_nummer")
    assert h.at["FU", "doelgroep_uren"] == 0.0 and h.at["FU", "inleen_uren_overgedragen"] == 1200.0
    assert h.at["FI", "inleen_uren_ontvangen"] == 600.0 and h.at["FX", "doelgroep_uren"] == 600.0


def test_overdracht_boven_de_doelgroepuren_over_twee_inleners(tmp_path):
    """Two rows of 700 hours of P1 to two inleners: 1.400 > 1.200 summed per uitlener and person; both rows named."""
    b = _uitleners()
    b.werkgever("X1", JAAR, sector="01", totaal=30000.0, fiscaal="FX")
    for inlener in ("FI", "FX"):
        b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer=inlener,
                                                 persoon_id="P1", verloonde_uren=700.0))
    with pytest.raises(ContractError) as e:
        _tel(b, tmp_path / "data")
    (p,) = e.value.problemen
    assert p.kolom == "verloonde_uren" and p.rijen == [0, 1] and p.waarden == [("P1", 1400.0, 1200.0)]


def test_overdracht_door_een_niet_uitlener(tmp_path):
    """RULES.md §9 (Q69, Q79, Q86), werkgever.uitlener: FN (uitlener false) transfers 500 hours of P2: an error naming
    the column uitlener_fiscaal_nummer, the value FN and the row."""
    b = _uitleners()
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FN", inlener_fiscaal_nummer="FI",
                                             persoon_id="P2", verloonde_uren=500.0))
    with pytest.raises(ContractError) as e:
        _tel(b, tmp_path / "data")
    (p,) = e.value.problemen
    assert (p.kolom, p.waarden, p.rijen) == ("uitlener_fiscaal_nummer", ["FN"], [0]) and "geen uitlener" in p.regel


def test_uitlener_van_een_ander_jaar_wordt_bij_het_lezen_geweigerd(tmp_path):
    """Every year's rows are checked when the data are read (banenafspraak valideer too): a 2023 row of FU, which has no
    werkgever rows in 2023, is refused in a run over 2024 (CSV line 2)."""
    b = _uitleners()
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR - 1, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer="FI",
                                             persoon_id="P1", verloonde_uren=10.0))
    with pytest.raises(ContractError) as e:
        _tel(b, tmp_path / "data")
    kolommen = {(p.kolom, tuple(p.waarden), tuple(p.rijen)) for p in e.value.problemen}
    assert kolommen == {("uitlener_fiscaal_nummer", ("FU",), (0,)), ("inlener_fiscaal_nummer", ("FI",), (0,))}


def test_overdracht_naar_onbekende_inlener_of_aan_zichzelf(tmp_path):
    """An inlener without werkgever rows in the year (its hours would vanish) and an uitlener transferring to itself."""
    b = _uitleners()
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer="FZ",
                                             persoon_id="P1", verloonde_uren=100.0))
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer="FU",
                                             persoon_id="P1", verloonde_uren=100.0))
    with pytest.raises(ContractError) as e:
        _tel(b, tmp_path / "data")
    p = {x.regel.split(" ")[0]: x for x in e.value.problemen}
    assert len(e.value.problemen) == 2
    assert (p["fiscaal"].kolom, p["fiscaal"].waarden, p["fiscaal"].rijen) == ("inlener_fiscaal_nummer", ["FZ"], [0])
    assert (p["inlener"].kolom, p["inlener"].waarden, p["inlener"].rijen) == ("inlener_fiscaal_nummer", ["FU"], [1])


def test_overdracht_van_een_ander_jaar_telt_niet_mee(tmp_path):
    """A row of another year is not this year's: P1's 1.200 hours of 2024 may be transferred in full next to 5.000
    hours of 2023 (their hours are checked by a run over 2023; the uitlener and inlener of every year when the data
    are read: they have rows in 2023)."""
    b = _uitleners()
    b.werkgever("U1", JAAR - 1, sector="52", totaal=100000.0, uitlener=True, fiscaal="FU")
    b.werkgever("I1", JAAR - 1, sector="01", totaal=30000.0, fiscaal="FI")
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer="FI",
                                             persoon_id="P1", verloonde_uren=1200.0))
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR - 1, uitlener_fiscaal_nummer="FU", inlener_fiscaal_nummer="FI",
                                             persoon_id="P1", verloonde_uren=5000.0))
    h = _tel(b, tmp_path / "data").heffing.set_index("fiscaal_nummer")
    assert h.at["FI", "inleen_uren_ontvangen"] == 1200.0 and h.at["FU", "doelgroep_uren"] == 0.0


def test_jaar_2017_wordt_geweigerd():
    from banenafspraak.runner import RunError, _controleer_quotum

    with pytest.raises(RunError, match="2018"):
        _controleer_quotum({"jaar": 2017})


def test_verified_grootte_sector_populatie(tmp_path):
    """Verified correct (RULES.md §9): FX = OA (Wfsv 01, 60.000, Ufo 0) + OB (Wfsv 63, 50.000 Ufo): share 50/110 -> markt;
    FG = GA (63, 60.000 Ufo) + GB (01, 50.000): share 60/110, largest Wfsv 63 -> overheid; FS = 20.000 + 20.576 =
    40.576 -> large. At GA: E1 (PW_INDICATIE, registration ends 15 June) 12 x 100: only January-May count = 500;
    E2 (WAJONG_OUD from 10 March) 12 x 10: March-December = 100. At GB: E3 (QUOTUM_VOORZIENING) only beschut werk
    (aard 24): 0. E4 (WSW_BESCHUT) at OA: 0. FG: 1.507 required, 600 doelgroep, tekort 907 = EUR 3.407,21."""
    b = Bouw()
    b.werkgever("OA", JAAR, sector="01", totaal=60000.0, fiscaal="FX")
    b.werkgever("OB", JAAR, sector="63", totaal=50000.0, ufo=50000.0, fiscaal="FX")
    b.werkgever("GA", JAAR, sector="63", totaal=60000.0, ufo=60000.0, fiscaal="FG")
    b.werkgever("GB", JAAR, sector="01", totaal=50000.0, fiscaal="FG")
    b.werkgever("S1", JAAR, sector="01", totaal=20000.0, fiscaal="FS")
    b.werkgever("S2", JAAR, sector="01", totaal=20576.0, fiscaal="FS")
    b.persoon("E1").registratie("E1", "PW_INDICATIE", einde="2024-06-15")
    b.persoon("E2").registratie("E2", "WAJONG_OUD", begin="2024-03-10")
    b.persoon("E3").registratie("E3", "QUOTUM_VOORZIENING")
    b.persoon("E4").registratie("E4", "WSW_BESCHUT")
    for m in range(1, 13):
        b.maand_opgave("E1", "I1", "GA", JAAR, m, 100.0)
        b.maand_opgave("E2", "I2", "GA", JAAR, m, 10.0)
        b.maand_opgave("E3", "I3", "GB", JAAR, m, 1.0, aard="24")
        b.maand_opgave("E4", "I4", "OA", JAAR, m, 7.0)
    h = _tel(b, tmp_path / "data").heffing.set_index("fiscaal_nummer")
    assert h.at["FX", "sector"] == "markt" and h.at["FG", "sector"] == "overheid" and bool(h.at["FS", "groot"])
    assert h.at["FG", "doelgroep_uren"] == 600.0 and h.at["FX", "doelgroep_uren"] == 0.0
    assert h.at["FG", "heffing"] == 3407.21 and h.at["FX", "heffing"] == 0.0 and h.at["FS", "heffing"] == 0.0
