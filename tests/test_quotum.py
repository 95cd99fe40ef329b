"""The quotum report (issue #16; RULES.md §9; S3 Q66-Q93) on small hand-built data directories: who is a large
employer, whose hours count as doelgroep hours, transferred inleen, the what-if percentage, the heffing per sector
and year. Every expected figure is worked out by hand below."""
from __future__ import annotations

import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import quotum
from banenafspraak.loading import lees_map

JAAR = 2024


def wereld() -> Bouw:
    """2024. F1 (markt): two loonheffingennummers L1A (60.000 hours, Wfsv 01) and L1B (40.000 hours, Wfsv 62, Ufo 100%)
    under one fiscaal nummer: 100.000 hours, large; the Wfsv sector of its largest number (01): markt. P1 (PW_INDICATIE)
    works 12 months x 100 hours at L1A: 1.200 doelgroep hours; P2 (QUOTUM_VOORZIENING only) 12 x 50 at L1B: 600;
    P3 (not in the register) 12 x 100: nothing; P1 also has a beschut werk opgave (aard 24) at L1B: never counts.
    O1 (overheid, Wfsv 63, Ufo 100%): 100.000 hours, P4 (WAJONG_OUD) 5 months x 100 = 500 doelgroep hours.
    K1: exactly 40.575 hours: not large. U1 (uitlener): 100.000 hours of which 80.000 uitzend: own 20.000, not large;
    P5 (PW_INDICATIE) works 12 x 100 for U1 as uitzendkracht; U1 transferred 300 of those hours to F1."""
    b = Bouw()
    b.werkgever("L1A", JAAR, sector="01", totaal=60000.0, fiscaal="F1")
    b.werkgever("L1B", JAAR, sector="62", totaal=40000.0, ufo=40000.0, fiscaal="F1")
    b.werkgever("O1", JAAR, sector="63", totaal=100000.0, ufo=100000.0, fiscaal="FO1")
    b.werkgever("K1", JAAR, sector="01", totaal=40575.0, fiscaal="FK1")
    b.werkgever("U1", JAAR, sector="52", totaal=100000.0, uitlener=True, fiscaal="FU1")
    b.rijen["werkgever"][-1]["verloonde_uren_uitzend"] = 80000.0
    for pid, grondslag in (("P1", "PW_INDICATIE"), ("P2", "QUOTUM_VOORZIENING"), ("P4", "WAJONG_OUD"), ("P5", "PW_INDICATIE")):
        b.persoon(pid).registratie(pid, grondslag)
    b.persoon("P3")
    for m in range(1, 13):
        b.maand_opgave("P1", "I1", "L1A", JAAR, m, 100.0)
        b.maand_opgave("P1", "I1B", "L1B", JAAR, m, 30.0, aard="24")
        b.maand_opgave("P2", "I2", "L1B", JAAR, m, 50.0)
        b.maand_opgave("P3", "I3", "L1A", JAAR, m, 100.0)
        b.maand_opgave("P5", "I5", "U1", JAAR, m, 100.0, aard="11", soort_baan="4")
    for m in range(1, 6):
        b.maand_opgave("P4", "I4", "O1", JAAR, m, 100.0)
    b.rijen["inleen_overdracht"].append(dict(jaar=JAAR, uitlener_fiscaal_nummer="FU1", inlener_fiscaal_nummer="F1",
                                             persoon_id="P5", verloonde_uren=300.0))
    return b


@pytest.fixture(scope="module")
def telling(tmp_path_factory):
    map = wereld().schrijf(tmp_path_factory.mktemp("q") / "data")
    ds = lees_map(map, tabellen=quotum.tabellen_voor(map))
    return quotum.tel_jaar(ds, JAAR, quotumpercentage=0.0137)


def rij(t, fiscaal):
    return t.heffing.set_index("fiscaal_nummer").loc[fiscaal]


def test_grootte_en_sector_per_fiscaal_nummer(telling):
    f1, o1, k1, u1 = (rij(telling, f) for f in ("F1", "FO1", "FK1", "FU1"))
    assert f1["verloonde_uren"] == 100000 and bool(f1["groot"]) and f1["sector"] == "markt"
    assert o1["sector"] == "overheid" and bool(o1["groot"])
    assert k1["verloonde_uren"] == 40575 and not bool(k1["groot"])  # exactly the limit is not large
    assert u1["verloonde_uren"] == 20000 and not bool(u1["groot"])  # its uitzend hours do not make it large


def test_doelgroepuren_en_inleen(telling):
    """F1: 1.200 (P1) + 600 (P2, quotum group) + 300 transferred from U1 = 2.100; P3 (no registration) and the aard 24
    opgave of P1 do not count. U1: 1.200 (P5) - 300 = 900."""
    f1, u1 = rij(telling, "F1"), rij(telling, "FU1")
    assert f1["doelgroep_uren"] == pytest.approx(2100.0) and f1["inleen_uren_ontvangen"] == 300.0
    assert u1["doelgroep_uren"] == pytest.approx(900.0) and u1["inleen_uren_overgedragen"] == 300.0


def test_wat_als_percentage_en_heffing(telling):
    """At 1,37%: F1 needs 1.370 hours and has 2.100, no shortfall. O1 (overheid) needs 1.370, has 500: tekort 870 hours
    = 0,6536 arbeidsplaats = EUR 3.268,22 (the overheid quotum is activated in 2024). The markt quotum was never
    activated: K1's shortfall (40.575 x 1,37% = 555,88 hours) is shown, its heffing is 0 (and it is not large)."""
    f1, o1, k1 = rij(telling, "F1"), rij(telling, "FO1"), rij(telling, "FK1")
    assert f1["vereiste_uren"] == pytest.approx(1370.0) and f1["tekort_uren"] == 0.0 and f1["heffing"] == 0.0
    assert o1["tekort_uren"] == pytest.approx(870.0) and round(o1["tekort_arbeidsplaatsen"], 4) == 0.6536
    assert o1["heffing"] == 3268.22
    assert k1["tekort_uren"] == pytest.approx(555.8775) and k1["heffing"] == 0.0
    assert (telling.formule["quotumpercentage"] == 0.0137).all()


def test_opgeschort_jaar_toont_het_tekort(tmp_path, monkeypatch):
    """The same world when the overheid heffing is suspended in 2024: heffing 0, the shortfall of 870 hours still shown."""
    from bouw import gewijzigd

    gewijzigd(monkeypatch, "quotum.heffing_opgeschort_overheid", {"2012-01-01": True})
    map = wereld().schrijf(tmp_path / "data")
    t = quotum.tel_jaar(lees_map(map, tabellen=quotum.tabellen_voor(map)), JAAR, quotumpercentage=0.0137)
    o1 = rij(t, "FO1")
    assert o1["heffing"] == 0.0 and o1["tekort_uren"] == pytest.approx(870.0)


def test_publicatie_beschermt_werkgevers(telling):
    """Two large employers, one of them in each sector: counts of 1 are suppressed, and so is the total that would give
    them away; the per-employer table is not part of the publication."""
    gep = quotum.publicatie(telling).publiceer()
    assert "heffing" not in gep.tabellen
    s = gep["heffing_samenvatting"].set_index("sector")
    for k in ("werkgevers_groot", "heffing_totaal"):
        w = pd.to_numeric(s[k], errors="coerce")
        assert not ((w >= 1) & (w <= 9)).any() or k == "heffing_totaal"
    assert pd.isna(s.at["overheid", "heffing_totaal"])  # one employer: suppressed
    kolommen = list(quotum.HEFFING_KOLOMMEN)
    assert list(telling.heffing.columns) == kolommen


def test_formule_uit_de_data_zonder_eerdere_jaren(tmp_path):
    """Without werkgever rows for 2022 (D) the computed percentage is empty (no large employers) and the report still
    runs with a given percentage; B follows the target series x schaal."""
    map = wereld().schrijf(tmp_path / "data")
    t = quotum.tel_jaar(lees_map(map, tabellen=quotum.tabellen_voor(map)), JAAR)
    f = t.formule.set_index("sector")
    assert f["quotumpercentage"].isna().all() and f.at["markt", "B"] == 85000.0 and f.at["overheid", "B"] == 25000.0
    assert f.at["markt", "A"] == 35927.0 and f.at["markt", "F"] == 2557.0  # published, schaal 1


def test_publicatie_noemt_de_dominantieregel(telling):
    """The quotum's publication records the dominance share it applied (for the cover sheet); min_cel 0 does not."""
    from banenafspraak.rapport import Uitvoer

    for min_cel, verwacht in ((10, 0.5), (0, None)):
        uit = Uitvoer(None, rapport="quotum", titel="q", min_cel=min_cel)
        quotum.publicatie(telling).publiceer(min_cel=min_cel).schrijf(uit)
        assert uit.info.get("dominantie") == verwacht


def test_fiscaal_nummer_van_de_rij_van_het_jaar(tmp_path):
    """RULES.md §4 (the employer's row for the year): A has rows 2022 (FA22) and 2025 (FA25): 2024 takes 2022 (latest
    earlier); B only 2026 (FB26): 2024 takes the earliest later; C has 2024 itself (FC24) next to 2023 (FC23)."""
    from banenafspraak.motor import fiscaal_van

    b = Bouw()
    for w, jaar, f in (("A", 2022, "FA22"), ("A", 2025, "FA25"), ("B", 2026, "FB26"), ("C", 2023, "FC23"), ("C", 2024, "FC24")):
        b.werkgever(w, jaar, sector="01", totaal=1000.0, fiscaal=f)
    b.persoon("P1")
    b.maand_opgave("P1", "I1", "C", 2024, 1, 10.0)
    ds = lees_map(b.schrijf(tmp_path / "d"), tabellen=quotum.TABELLEN)
    assert fiscaal_van(ds, 2024).to_dict() == {"A": "FA22", "B": "FB26", "C": "FC24"}



def test_vastgesteld_percentage_afgerond_zoals_Q84():
    """S3 Q84: the formula's 0,013693 is set as 1,37% and applied so (the employer with 100.000 hours needs 1.370)."""
    from banenafspraak.quotum import bereken, quotumpercentage, vastgesteld_percentage

    berekend = quotumpercentage(35927, 45000, 1331, 5_000_000, 1623, 2557, 1331)
    assert round(berekend, 6) == 0.013693 and vastgesteld_percentage(berekend, 2020) == 0.0137
    assert vastgesteld_percentage(0.013650, 2020) == 0.0137 and vastgesteld_percentage(0.0136499, 2020) == 0.0136
    assert bereken(vastgesteld_percentage(berekend, 2020), 100000, 500, 2020).heffing == pytest.approx(3268.22, abs=0.005)


def test_heffing_rekent_met_het_afgeronde_percentage(tmp_path):
    """Without a what-if percentage the employer's required hours use the set (rounded) percentage, not the formula's
    (D of the markt from F1's 2022 row: 3.000.000 hours)."""
    b = wereld()
    b.werkgever("L1A", JAAR - 2, sector="01", totaal=3000000.0, fiscaal="F1")
    map = b.schrijf(tmp_path / "data")
    t = quotum.tel_jaar(lees_map(map, tabellen=quotum.tabellen_voor(map)), JAAR)
    f = t.formule.set_index("sector")
    berekend = f.at["markt", "quotumpercentage_berekend"]  # no D in 2022 for the overheid: NaN there
    assert f.at["markt", "quotumpercentage"] == quotum.vastgesteld_percentage(berekend, JAAR) != berekend
    assert f.at["markt", "quotumpercentage"] == round(berekend, 4)
    h = t.heffing.set_index("fiscaal_nummer")
    assert h.at["F1", "vereiste_uren"] == pytest.approx(f.at["markt", "quotumpercentage"] * 100000)


def test_groot_min_met_tekort_is_beschermd(telling):
    """RULES.md §10: large employers minus those with a shortfall (a hidden cell) is protected: in the world above the
    markt has 1 large employer (F1, 1.500 doelgroep hours against 1.370 required: no shortfall), the overheid 1 (FO1,
    with a shortfall); 1 and 2 large employers are suppressed, 0 with a shortfall in the markt is shown."""
    pub = quotum.publicatie(telling)
    t = pub.tabellen["heffing_samenvatting"]
    assert "werkgevers_zonder_tekort" in t.verborgen
    gep = pub.publiceer(min_cel=10)
    s = gep["heffing_samenvatting"]
    assert "werkgevers_zonder_tekort" not in s.columns
    assert s["werkgevers_groot"].isna().all() and s["werkgevers_met_tekort"].tolist()[0] == 0


def test_wat_als_in_de_titel(telling):
    """A what-if run says so in its title (and so on the cover sheet)."""
    assert "wat-als: quotumpercentage 1,37%" in quotum.publicatie(telling).titel
