"""Rapportage beschut werk (issue #15; RULES.md §11, §10): hand-worked cases on small data directories.

Each person is built for one rule; the expected figures are worked out from RULES.md §11 by hand:
aanvragen and positive adviezen cumulative since 1 January 2015; a geldige indicatie is a positive advies
given on or before the peildatum whose indicatie has not ended, not after death, emigration or the AOW age;
werkzaam is a geldige indicatie and an opgave of aard 24 with sv_loon > 0 in the tijdvak of the peildatum.
"""
from __future__ import annotations

import pandas as pd
import pytest

from bouw import Bouw, GEMEENTE
from banenafspraak import beschut
from banenafspraak.loading import lees_map
from banenafspraak.motor import tel_beschut

UTRECHT = "GM0344"  # AM13 Midden-Utrecht (Amsterdam, GEMEENTE, is AM18 Groot Amsterdam)


def per_persoon(tmp_path, b: Bouw, peildata) -> pd.DataFrame:
    ds = lees_map(b.schrijf(tmp_path / "data"))
    t = tel_beschut(ds, peildata)
    df = t.sql("SELECT * FROM beschut ORDER BY peildatum, persoon_id")
    df["peildatum"] = df["peildatum"].astype("datetime64[s]")
    return df.set_index(["peildatum", "persoon_id"])


def wereld() -> Bouw:
    """One person per rule, peildatum 31 December 2023 (tijdvak December 2023)."""
    b = Bouw()
    # P1: positive advies, placement with pay -> werkzaam
    b.persoon("P1").beschut("P1", "2016-03-01").maand_opgave("P1", "B1", "SW1", 2023, 12, 80.0, aard="24")
    # P2: negative advies -> an aanvraag only (by a burger)
    b.persoon("P2").beschut("P2", "2017-05-10", advies="NEGATIEF", aanvrager="BURGER")
    # P3: positive advies, indicatie ended in 2022 -> no geldige indicatie; still paid on aard 24: not werkzaam
    b.persoon("P3").beschut("P3", "2016-01-10", indicatie_einde="2022-06-30")
    b.maand_opgave("P3", "B3", "SW1", 2023, 12, 80.0, aard="24")
    # P4: positive advies, died in 2023 -> no geldige indicatie
    b.persoon("P4", overleden="2023-08-01").beschut("P4", "2018-02-01")
    # P5: positive advies, reached the AOW age before the peildatum (born 1955: AOW age 66 years 4 months, 2021)
    b.persoon("P5", geboren="1955-01-15").beschut("P5", "2017-02-01")
    b.maand_opgave("P5", "B5", "SW1", 2023, 12, 80.0, aard="24")
    # P6: positive advies, placement with sv_loon 0 -> geldig, not werkzaam
    b.persoon("P6").beschut("P6", "2019-04-01").maand_opgave("P6", "B6", "SW1", 2023, 12, 80.0, aard="24", loon=0.0)
    # P7: positive advies, works in Wsw beschut werk (aard 21) -> geldig, not werkzaam under the default
    b.persoon("P7").beschut("P7", "2019-04-01").maand_opgave("P7", "B7", "SW1", 2023, 12, 80.0, aard="21")
    # P8: aanvraag in December 2014, positive advies in January 2015: not an aanvraag since 2015, but a geldige
    # indicatie, and werkzaam
    b.persoon("P8").beschut("P8", "2014-12-20", adviesdatum="2015-01-20")
    b.maand_opgave("P8", "B8", "SW1", 2023, 12, 80.0, aard="24")
    # P9: aanvraag in December 2023, advies only in 2024 -> an aanvraag, not yet a positive advies
    b.persoon("P9").beschut("P9", "2023-12-01", adviesdatum="2024-01-15")
    return b


def test_een_persoon_per_regel(tmp_path):
    df = per_persoon(tmp_path, wereld(), ["2023-12-31"]).loc[pd.Timestamp("2023-12-31")]
    verwacht = {  # aanvragen gemeente, burger, positieve adviezen, geldige indicatie, werkzaam
        "P1": (1, 0, 1, True, True), "P2": (0, 1, 0, False, False), "P3": (1, 0, 1, False, False),
        "P4": (1, 0, 1, False, False), "P5": (1, 0, 1, False, False), "P6": (1, 0, 1, True, False),
        "P7": (1, 0, 1, True, False), "P8": (0, 0, 0, True, True), "P9": (1, 0, 0, False, False)}
    for pid, (g, bu, pos, geldig, werkzaam) in verwacht.items():
        r = df.loc[pid]
        assert (r["aanvragen_gemeente"], r["aanvragen_burger"], r["positieve_adviezen"], bool(r["geldige_indicatie"]),
                bool(r["werkzaam"])) == (g, bu, pos, geldig, werkzaam), pid
    assert df.loc["P4", "einde_reden"] and df.loc["P5", "einde_reden"]
    assert df.loc["P1", "arbeidsmarktregio_code"] == "AM18"


def test_aard_werkplek_is_een_parameter(tmp_path, monkeypatch):
    """With aard 21 added to banen.beschut_werkplek_aarden (a what-if), P7 counts as werkzaam."""
    from bouw import gewijzigd

    gewijzigd(monkeypatch, "banen.beschut_werkplek_aarden", {"2015-01-01": ["21", "24"]})
    df = per_persoon(tmp_path, wereld(), ["2023-12-31"]).loc[pd.Timestamp("2023-12-31")]
    assert bool(df.loc["P7", "werkzaam"]) and not bool(df.loc["P6", "werkzaam"])


def test_cumulatief_over_de_jaargrens(tmp_path):
    """Aanvragen on 1 December 2015 and 15 January 2016 (the advies a month later): 31-12-2015 counts one aanvraag
    and one positive advies, 31-03-2016 two of each; a placement from February 2016 makes the second werkzaam."""
    b = Bouw()
    b.persoon("A").beschut("A", "2015-11-01")
    b.persoon("B").beschut("B", "2016-01-15")
    b.maand_opgave("B", "IK", "SW1", 2016, 3, 60.0, aard="24")
    df = per_persoon(tmp_path, b, ["2015-12-31", "2016-03-31"])
    s = df.groupby(level="peildatum")[["aanvragen_gemeente", "positieve_adviezen", "geldige_indicatie", "werkzaam"]].sum()
    assert s.loc[pd.Timestamp("2015-12-31")].tolist() == [1, 1, 1, 0]
    assert s.loc[pd.Timestamp("2016-03-31")].tolist() == [2, 2, 2, 1]


def test_regio_is_de_woonplaats_op_de_peildatum(tmp_path):
    """Advies requested by Amsterdam; the person moves to Utrecht in 2020: counted in AM13 from then on."""
    b = Bouw()
    b.persoon("M", gemeente=None).beschut("M", "2016-05-01")
    b.rijen["woonplaats"] += [dict(persoon_id="M", gemeentecode=GEMEENTE, begin="1980-05-01", einde="2019-12-31"),
                              dict(persoon_id="M", gemeentecode=UTRECHT, begin="2020-01-01", einde=None)]
    df = per_persoon(tmp_path, b, ["2019-12-31", "2020-03-31"])
    assert df["arbeidsmarktregio_code"].tolist() == ["AM18", "AM13"]


def regio_wereld(n_utrecht: int = 12, n_amsterdam: int = 3) -> Bouw:
    """Geldige indicaties in two regions; in Utrecht everybody works, in Amsterdam nobody."""
    b = Bouw()
    for i in range(n_utrecht):
        pid = f"U{i:02d}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, "2016-03-01", gemeente=UTRECHT)
        for q in (3, 6, 9, 12):
            b.maand_opgave(pid, f"{pid}B", "SW1", 2023, q, 80.0, aard="24")
    for i in range(n_amsterdam):
        pid = f"A{i:02d}"
        b.persoon(pid).beschut(pid, "2016-03-01")
    return b


def geen_kleine_cellen(gep) -> None:
    for naam in ("beschut_stand", "beschut_reeks"):
        t = gep[naam]
        for k in beschut.TELLINGEN:
            w = pd.to_numeric(t[k], errors="coerce").dropna()
            assert not ((w >= 1) & (w <= 9)).any(), (naam, k)


def test_rapport_tabellen(tmp_path):
    """12 werkzaam in Midden-Utrecht, 11 niet werkzaam in Groot Amsterdam: every figure can be published."""
    ds = lees_map(regio_wereld(12, 11).schrijf(tmp_path / "data"))
    gep = beschut.publicatie(ds, "2023Q4").publiceer()
    st = gep["beschut_stand"].set_index("regio")
    assert st.loc["AM13", ["aanvragen", "positieve_adviezen", "geldige_indicatie", "werkzaam"]].tolist() == [12, 12, 12, 12]
    assert st.loc["AM18", ["aanvragen", "positieve_adviezen", "geldige_indicatie", "werkzaam"]].tolist() == [11, 11, 11, 0]
    assert st.loc["NL", ["aanvragen_gemeente", "aanvragen_burger", "geldige_indicatie", "werkzaam"]].tolist() == [23, 0, 23, 12]
    assert st.at["AM13", "aandeel_werkzaam"] == pytest.approx(1.0) and st.at["NL", "aandeel_werkzaam"] == pytest.approx(12 / 23)
    # werkzaam from 2023Q1 (work in March): 0 in 2022Q4, so +12 against the previous quarter only in 2023Q1
    assert st.at["NL", "verschil_werkzaam"] == 0 and st.at["NL", "werkzaam_vorig_kwartaal"] == 12
    reeks = gep["beschut_reeks"]
    assert reeks["kwartaal"].iloc[0] == "2015Q4" and reeks["kwartaal"].iloc[-1] == "2023Q4"
    nl = reeks.loc[reeks["regio"] == "NL"].set_index("kwartaal")
    assert nl.at["2015Q4", "aanvragen"] == 0 and nl.at["2016Q1", "aanvragen"] == 23 and nl.at["2023Q1", "werkzaam"] == 12
    assert nl.at["2022Q4", "werkzaam"] == 0
    assert beschut.ranglijst(gep)["regio"].tolist()[:2] == ["AM13", "AM18"]
    geen_kleine_cellen(gep)


def test_kleine_regio_onderdrukt_ook_via_nederland(tmp_path):
    """12 in Midden-Utrecht, 3 in Groot Amsterdam (15 geldige indicaties in NL): Amsterdam's 3 is suppressed, and
    NL and Utrecht are not both published (NL 15 - Utrecht 12 = 3). No published count is 1-9."""
    ds = lees_map(regio_wereld(12, 3).schrijf(tmp_path / "data"))
    gep = beschut.publicatie(ds, "2023Q4").publiceer()
    st = gep["beschut_stand"].set_index("regio")
    assert pd.isna(st.at["AM18", "geldige_indicatie"]) and pd.isna(st.at["AM18", "aanvragen"])
    for k in ("geldige_indicatie", "aanvragen", "positieve_adviezen"):
        assert pd.isna(st.at["NL", k]) or pd.isna(st.at["AM13", k]), k
    geen_kleine_cellen(gep)


def test_kleine_mutatie_van_een_cumulatieve_reeks_blijft_verborgen(tmp_path):
    """12 aanvragen in Utrecht in 2016Q1 and 3 more in 2016Q2: publishing 12 and 15 would reveal the 3 new
    aanvragen of 2016Q2 (RULES.md §10, a series); one of the two is suppressed."""
    b = regio_wereld(n_amsterdam=0)
    for i in range(3):
        pid = f"N{i}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, "2016-05-01", gemeente=UTRECHT)
    ds = lees_map(b.schrijf(tmp_path / "data"))
    reeks = beschut.publicatie(ds, "2016Q4", regio="AM13").publiceer()["beschut_reeks"]
    u = reeks.loc[reeks["regio"] == "AM13"].set_index("kwartaal")["aanvragen"]
    assert pd.isna(u["2016Q1"]) or pd.isna(u["2016Q2"])


def test_taakstelling_per_regio():
    gr = pd.read_csv(beschut.Path(__file__).parents[1] / "data" / "referentie" / "gemeente_regio.csv", dtype=str)
    t = pd.DataFrame({"jaar": [2022, 2022, 2023, 2023], "gemeentecode": [UTRECHT, GEMEENTE, UTRECHT, GEMEENTE],
                      "taakstelling": [100.0, 250.0, 110.0, 260.0]})
    r = beschut.taakstelling_per_regio(t, gr, "2023-12-31").set_index("regio")
    assert r.at["AM13", "taakstelling"] == 110.0 and r.at["AM18", "taakstelling"] == 260.0 and r.at["NL", "taakstelling"] == 370.0
    assert (r["jaar"] == 2023).all()
    # a year without a regeling yet: the latest earlier one
    assert beschut.taakstelling_per_regio(t.loc[t["jaar"] == 2022], gr, "2023-03-31").set_index("regio").at["NL", "taakstelling"] == 350.0
    with pytest.raises(ValueError, match="GM9999"):
        beschut.taakstelling_per_regio(t.assign(gemeentecode="GM9999"), gr, "2023-12-31")


def test_taakstelling_in_het_rapport(tmp_path):
    b = regio_wereld(12, 11)
    map = b.schrijf(tmp_path / "data")
    pd.DataFrame({"jaar": [2023, 2023], "gemeentecode": [UTRECHT, GEMEENTE], "taakstelling": [20.0, 30.0]}).to_csv(
        map / "beschut_taakstelling.csv", index=False)
    assert beschut.tabellen_voor(map)[-1] == "beschut_taakstelling"
    ds = lees_map(map, tabellen=beschut.tabellen_voor(map))
    tk = beschut.publicatie(ds, "2023Q4").publiceer()["beschut_taakstelling"].set_index("regio")
    assert tk.at["AM13", "taakstelling"] == 20 and tk.at["AM13", "werkzaam"] == 12
    assert tk.at["AM13", "aandeel_taakstelling"] == pytest.approx(0.6)
    assert tk.at["NL", "taakstelling"] == 50


def test_kwartaal_voor_december_2015_geweigerd():
    with pytest.raises(ValueError, match="2015Q4"):
        beschut.beschutpeil("2015Q3")
    p = beschut.beschutpeil("2016Q2")
    assert p.reeks == ("2015Q4", "2016Q1", "2016Q2") and p.alle[0] == pd.Timestamp("2015-09-30")


@pytest.mark.parametrize("parameter, waarde, tekst", [
    ("kwartaal", "2015Q3", "begint in 2015Q4"), ("kwartaal", "2021Q5", "schrijf jaar en kwartaal als 2021Q1"),
    ("regio", "Utrecht", "kies alle, NL of een regiocode"), ("regio", "AM04", r"regio AM04 bestaat niet in 2021 \(nu AM36\)"),
    ("volledigheid_maanden", -1, "geheel getal van 0 of meer")])
def test_foute_parameters_in_een_regel(parameter, waarde, tekst):
    """A wrong parameter of the rapportage beschut werk stops the run before it starts, naming the parameter."""
    from banenafspraak.runner import RAPPORT_CONTROLES, RunError

    goed = {"kwartaal": "2021Q1", "regio": "alle", "volledigheid_maanden": None}
    RAPPORT_CONTROLES["beschut-werk"](goed)
    with pytest.raises(RunError, match=f"beschut-werk: parameter '{parameter}'.*{tekst}"):
        RAPPORT_CONTROLES["beschut-werk"]({**goed, parameter: waarde})
