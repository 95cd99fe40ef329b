"""Ad-hoc questions (verkennen.py): the engine's rows per person and per job for any peildata, and a
published table with the reports' disclosure control (RULES.md §2-§4, §10). Figures worked out by hand:
every job is 110,92 hours in December = exactly 1 baan (RULES.md §3)."""
from __future__ import annotations

import pytest

from bouw import Bouw
from banenafspraak import monitor, verkennen
from banenafspraak.loading import lees_map

BAAN = 110.92


def jongeren(tmp_path):
    """12 young persons in Amsterdam (AM18), each with 1 baan in December 2023; 3 in Utrecht (AM13) with
    1 baan each; one person in Utrecht of 27 exactly on the peildatum (born 1996-12-31: not "tot 27",
    RULES.md §2 whole years) with 2 banen, via an uitzendbureau (inleen); one person in Utrecht without
    work."""
    b = Bouw()
    for i in range(12):
        b.persoon(f"A{i:02d}", geboren="2000-01-01", gemeente="GM0363").registratie(f"A{i:02d}", "PW_INDICATIE")
        b.maand_opgave(f"A{i:02d}", "I1", "W1", 2023, 12, BAAN)
    for i in range(3):
        b.persoon(f"U{i}", geboren="2000-01-01", gemeente="GM0344").registratie(f"U{i}", "WAJONG_OUD")
        b.maand_opgave(f"U{i}", "I1", "W1", 2023, 12, BAAN)
    b.persoon("V27", geboren="1996-12-31", gemeente="GM0344").registratie("V27", "WAJONG_OUD")
    b.maand_opgave("V27", "I1", "UITZ", 2023, 12, 2 * BAAN, aard="11")  # uitzendkracht: inleen (RULES.md §4)
    b.persoon("N", geboren="2001-06-01", gemeente="GM0344").registratie("N", "WAJONG_OUD")
    return lees_map(b.schrijf(tmp_path / "d"))


def test_rijen_per_persoon_en_per_baan(tmp_path):
    ds = jongeren(tmp_path)
    v = verkennen.verken(peildata=[2023], tabellen=ds)
    p = v.personen.set_index("persoon_id")
    assert len(p) == 17 and p["banen"].sum() == pytest.approx(17.0)
    assert p.loc["A00", "arbeidsmarktregio_code"] == "AM18" and p.loc["U0", "arbeidsmarktregio_code"] == "AM13"
    assert p.loc["V27", "leeftijd"] == 27 and p.loc["V27", "leeftijdsklasse"] == "27-34"
    assert p.loc["U0", "leeftijd"] == 23 and p.loc["U0", "leeftijdsklasse"] == "tot 27"
    assert not p.loc["N", "werkzaam"] and p.loc["N", "banen"] == 0
    j = v.banen.set_index("persoon_id")
    assert j.loc["V27", "soort"] == "inleen" and j.loc["A00", "soort"] in ("regulier markt", "regulier overheid")
    assert j.loc["V27", "arbeidsmarktregio_code"] == "AM13"  # the person's attributes on every job


def test_tabel_met_marges_en_onderdrukking(tmp_path):
    """Young persons (tot 27) per region: Amsterdam 12 persons / 12 werkzaam / 12 banen, Utrecht 4 / 3 / 3,
    total 16 / 15 / 15. Utrecht rests on 4 persons: suppressed (min_cel 10); Amsterdam must go as well,
    else total − Amsterdam gives Utrecht; the niet-werkzame person (1) is protected in the total too."""
    ds = jongeren(tmp_path)
    v = verkennen.verken(peildata=["2023-12-31"], tabellen=ds)
    pub = verkennen.tabel(v, ["arbeidsmarktregio_code"], personen=v.personen.query("leeftijdsklasse == 'tot 27'"))
    t = pub.tabellen["verkenning"].data.set_index("arbeidsmarktregio_code")
    assert t.loc["AM18", ["personen", "werkzame_personen", "niet_werkzaam"]].tolist() == [12, 12, 0]
    assert t.loc["AM13", ["personen", "werkzame_personen", "niet_werkzaam"]].tolist() == [4, 3, 1]
    assert t.loc["totaal", ["personen", "werkzame_personen", "banen"]].tolist() == [16, 15, pytest.approx(15.0)]
    g = pub.publiceer(10)
    s = dict(peildatum="2023-12-31")
    assert g.tekst("verkenning", "personen", arbeidsmarktregio_code="AM13", **s) == "*"
    assert g.tekst("verkenning", "banen", arbeidsmarktregio_code="AM13", **s) == "*"
    # Utrecht cannot be worked out from Amsterdam and the total
    assert "*" in (g.tekst("verkenning", "personen", arbeidsmarktregio_code="AM18", **s),
                   g.tekst("verkenning", "personen", arbeidsmarktregio_code="totaal", **s))
    # 1 person without work: werkzame personen of the total would give it away next to the persons
    assert "*" in (g.tekst("verkenning", "personen", arbeidsmarktregio_code="totaal", **s),
                   g.tekst("verkenning", "werkzame_personen", arbeidsmarktregio_code="totaal", **s))
    open_ = pub.publiceer(0).tabellen["verkenning"].data.set_index("arbeidsmarktregio_code")
    assert open_.loc["AM13", "personen"] == 4  # min_cel 0: nothing suppressed (not for publication)


def test_tabel_naar_soort_telt_alleen_banen_op(tmp_path):
    """Per soort: inleen 2 banen (V27), regulier 15; a person with two kinds of job would be in both rows,
    so only banen add up to the total (17)."""
    v = verkennen.verken(peildata=[2023], tabellen=jongeren(tmp_path))
    pub = verkennen.tabel(v, ["soort"])
    t = pub.tabellen["verkenning"].data.set_index("soort")
    assert t.loc["inleen", "banen"] == pytest.approx(2.0) and t.loc["inleen", "personen"] == 1
    assert t.loc["totaal", "banen"] == pytest.approx(17.0) and t.loc["totaal", "personen"] == 16
    assert {r.termen[0][2] for r in pub.relaties} == {"banen"}
    assert pub.publiceer(10).tekst("verkenning", "banen", soort="inleen", peildatum="2023-12-31") == "*"


def test_zelfde_cijfers_als_de_monitor(standaard):
    """One counting path: the banen and the persons of the verkenning are the monitor's on every peildatum."""
    v = verkennen.verken(peildata=[2016, 2023], tabellen=standaard)
    for jaar in (2016, 2023):
        m = monitor.meet(standaard, f"{jaar}-12-31")
        p = v.personen.loc[v.personen["peildatum"] == f"{jaar}-12-31"]
        assert len(p) == len(m.populatie)
        assert p["banen"].sum() == pytest.approx(m.ikv["banen"].sum())
        assert p["werkzaam"].sum() == m.ikv.loc[m.ikv["werkzaam"], "persoon_id"].nunique()


def test_onbekend_kenmerk_en_geen_peildata(tmp_path):
    v = verkennen.verken(peildata=[2023], tabellen=jongeren(tmp_path))
    with pytest.raises(ValueError, match="onbekend kenmerk woonplaats"):
        verkennen.tabel(v, ["woonplaats"])
    with pytest.raises(ValueError, match="ten minste één peildatum"):
        verkennen.verken(peildata=[], tabellen=v)
