"""Review of the rapportage beschut werk (issue #15) against RULES.md §10, §11 and DATA_CONTRACT.md.

Small hand-built worlds; the expected figures are worked out by hand from the rules. A test marked
``xfail(strict=True)`` documents a defect of the current code (it fails now and must pass once fixed);
the other tests pin behaviour verified correct.
"""
from __future__ import annotations

import pandas as pd
import pytest

from bouw import Bouw, GEMEENTE
from banenafspraak import beschut
from banenafspraak.loading import lees_map
from banenafspraak.motor import tel_beschut

UTRECHT = "GM0344"  # AM13 Midden-Utrecht; GEMEENTE (Amsterdam) is AM18 Groot Amsterdam
P = pd.Timestamp("2023-12-31")


def per_persoon(tmp_path, b: Bouw, peildata, **kw) -> pd.DataFrame:
    ds = lees_map(b.schrijf(tmp_path / "data"))
    t = tel_beschut(ds, peildata, **kw)
    df = t.sql("SELECT * FROM beschut ORDER BY peildatum, persoon_id")
    df["peildatum"] = df["peildatum"].astype("datetime64[s]")
    return df.set_index(["peildatum", "persoon_id"])


def publiceer(tmp_path, b: Bouw, kwartaal="2023Q4", min_cel=None, **kw):
    ds = lees_map(b.schrijf(tmp_path / "data"))
    return beschut.publicatie(ds, kwartaal, **kw).publiceer(min_cel)


def leeg(v) -> bool:
    return pd.isna(v)


# --------------------------------------------------------------------------- per person (RULES.md §11)

def grens_wereld() -> Bouw:
    b = Bouw()
    # indicatie_einde exactly on the peildatum: still valid; the day before: not
    b.persoon("E1").beschut("E1", "2016-01-01", indicatie_einde="2023-12-31")
    b.persoon("E2").beschut("E2", "2016-01-01", indicatie_einde="2023-12-30")
    # adviesdatum on the peildatum: valid; the day after: not (and not a positive advies yet)
    b.persoon("A1").beschut("A1", "2023-11-01", adviesdatum="2023-12-31")
    b.persoon("A2").beschut("A2", "2023-11-01", adviesdatum="2024-01-01")
    # two applications: negative (burger) then positive (gemeente): 2 aanvragen, 1 positive, valid
    b.persoon("T1").beschut("T1", "2016-01-01", advies="NEGATIEF", aanvrager="BURGER").beschut("T1", "2018-01-01")
    # positive (ended 2019) then negative: 2 aanvragen, 1 positive, not valid
    b.persoon("T2").beschut("T2", "2016-01-01", indicatie_einde="2019-01-01").beschut("T2", "2020-01-01", advies="NEGATIEF")
    # death on the peildatum: not valid (the engine's rule: an end on or before the date); emigration the day after: valid
    b.persoon("D1", overleden="2023-12-31").beschut("D1", "2016-01-01")
    b.persoon("D2", emigratie="2024-01-01").beschut("D2", "2016-01-01")
    # born 1958-06-15: AOW age 67 (reached in 2025), valid on 31-12-2023
    b.persoon("D3", geboren="1958-06-15").beschut("D3", "2016-01-01")
    # born 1957-01-15: AOW age 66 + 10 months reached 15-11-2023: not valid on 31-12-2023
    b.persoon("D4", geboren="1957-01-15").beschut("D4", "2016-01-01")
    # aanvraag on 1-1-2015 counts, 31-12-2014 does not (its positive advies is a valid indicatie)
    b.persoon("V1").beschut("V1", "2015-01-01")
    b.persoon("V2").beschut("V2", "2014-12-31")
    # no residence: onbekend
    b.persoon("R1", gemeente=None).beschut("R1", "2016-01-01")
    return b


def test_geldige_indicatie_grenzen(tmp_path):
    df = per_persoon(tmp_path, grens_wereld(), [P]).loc[P]
    verwacht = {  # aanvragen gemeente, burger, positieve adviezen, geldige indicatie
        "E1": (1, 0, 1, True), "E2": (1, 0, 1, False), "A1": (1, 0, 1, True), "A2": (1, 0, 0, False),
        "T1": (1, 1, 1, True), "T2": (2, 0, 1, False), "D1": (1, 0, 1, False), "D2": (1, 0, 1, True),
        "D3": (1, 0, 1, True), "D4": (1, 0, 1, False), "V1": (1, 0, 1, True), "V2": (0, 0, 0, True),
        "R1": (1, 0, 1, True)}
    for pid, v in verwacht.items():
        r = df.loc[pid]
        assert (r["aanvragen_gemeente"], r["aanvragen_burger"], r["positieve_adviezen"], bool(r["geldige_indicatie"])) == v, pid
    assert df.at["R1", "arbeidsmarktregio_code"] == "onbekend"


def test_einde_reden_alleen_bij_een_direct_einde(tmp_path):
    df = per_persoon(tmp_path, grens_wereld(), [P]).loc[P]
    for pid in ("E2", "A2", "T2"):  # born 1980: no death, emigration or AOW on 31-12-2023
        assert pd.isna(df.at[pid, "einde_reden"]), (pid, df.at[pid, "einde_reden"])
    assert df.at["D1", "einde_reden"] and df.at["D4", "einde_reden"]


def werk_wereld() -> Bouw:
    b = Bouw()
    for pid in ("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"):
        b.persoon(pid).beschut(pid, "2016-01-01")
    # 4-weekly period 13 of 2023 (3-31 December) contains 31-12: werkzaam
    b.opgave("W1", "I1", "SW1", "2023-12-03", "2023-12-31", 80.0, tijdvak="VIERWEKEN", aard="24")
    # a quarterly tijdvak: werkzaam
    b.opgave("W2", "I2", "SW1", "2023-10-01", "2023-12-31", 240.0, tijdvak="KWARTAAL", aard="24")
    # pay in November only: not
    b.maand_opgave("W3", "I3", "SW1", 2023, 11, 80.0, aard="24")
    # pay from a regular job (aard 01): not
    b.maand_opgave("W4", "I4", "WG1", 2023, 12, 80.0, aard="01")
    # 4-weekly period 12 (5 November - 2 December): not
    b.opgave("W5", "I5", "SW1", "2023-11-05", "2023-12-02", 80.0, tijdvak="VIERWEKEN", aard="24")
    # one cent: werkzaam (sv_loon > 0)
    b.maand_opgave("W6", "I6", "SW1", 2023, 12, 80.0, aard="24", loon=0.01)
    # sv_loon 0: not; aard 21 (Wsw beschut werk): not
    b.maand_opgave("W7", "I7", "SW1", 2023, 12, 80.0, aard="24", loon=0.0)
    b.maand_opgave("W8", "I8", "SW1", 2023, 12, 80.0, aard="21")
    # a regular job and a beschutte werkplek: werkzaam
    b.maand_opgave("W9", "I9a", "WG1", 2023, 12, 80.0, aard="01").maand_opgave("W9", "I9b", "SW1", 2023, 12, 20.0, aard="24")
    # no geldige indicatie (negative advies) with aard-24 pay: not werkzaam
    b.persoon("N1").beschut("N1", "2016-01-01", advies="NEGATIEF").maand_opgave("N1", "IN", "SW1", 2023, 12, 80.0, aard="24")
    return b


def test_werkzaam_tijdvak_en_aard(tmp_path):
    df = per_persoon(tmp_path, werk_wereld(), [P]).loc[P]
    verwacht = {"W1": True, "W2": True, "W3": False, "W4": False, "W5": False, "W6": True, "W7": False, "W8": False,
                "W9": True, "N1": False}
    assert {p: bool(df.at[p, "werkzaam"]) for p in verwacht} == verwacht


def test_werkzaam_vierweken_en_kwartaal_op_31_maart(tmp_path):
    """31-3-2023 lies in 4-weekly period 4 of 2023 (26 March - 22 April) and in quarterly tijdvak Q1."""
    b = Bouw()
    for pid in ("V", "K", "X"):
        b.persoon(pid).beschut(pid, "2016-01-01")
    b.opgave("V", "I1", "SW1", "2023-03-26", "2023-04-22", 80.0, tijdvak="VIERWEKEN", aard="24")
    b.opgave("K", "I2", "SW1", "2023-01-01", "2023-03-31", 240.0, tijdvak="KWARTAAL", aard="24")
    b.opgave("X", "I3", "SW1", "2023-02-26", "2023-03-25", 80.0, tijdvak="VIERWEKEN", aard="24")  # period 3
    df = per_persoon(tmp_path, b, ["2023-03-31"]).loc[pd.Timestamp("2023-03-31")]
    assert df["werkzaam"].astype(bool).to_dict() == {"K": True, "V": True, "X": False}


def test_late_opgave_telt_niet(tmp_path):
    """An opgave of December 2023 processed on 1-6-2024 is after the extraction date (31-12-2023 + 4 months): not
    werkzaam; with volledigheid_maanden 0 (the complete polis) werkzaam."""
    b = Bouw()
    b.persoon("L").beschut("L", "2016-01-01").maand_opgave("L", "I", "SW1", 2023, 12, 80.0, aard="24")
    b.persoon("M").beschut("M", "2016-01-01").maand_opgave("M", "J", "SW1", 2023, 12, 80.0, aard="24")
    b.rijen["polis"][0]["verwerkingsdatum"] = "2024-06-01"
    b.rijen["polis"][1]["verwerkingsdatum"] = "2024-02-01"
    ds = lees_map(b.schrijf(tmp_path / "data"))
    for maanden, verwacht in ((4, {"L": False, "M": True}), (0, {"L": True, "M": True})):
        t = tel_beschut(ds, [P], volledigheid_maanden=maanden)
        df = t.sql("SELECT persoon_id, werkzaam FROM beschut ORDER BY persoon_id").set_index("persoon_id")
        assert df["werkzaam"].astype(bool).to_dict() == verwacht, maanden


def test_cumulatief_per_aanvrager_over_jaren(tmp_path):
    """Aanvragen per quarter, by hand: G = gemeente, B = burger (advies a month later, positive unless said).
    2015-02 G; 2015-11 B (negative); 2016-12-20 G (advies 2017-01-20); 2017-05 B; 2019-03 G (negative)."""
    b = Bouw()
    b.persoon("X1").beschut("X1", "2015-02-01")
    b.persoon("X2").beschut("X2", "2015-11-01", advies="NEGATIEF", aanvrager="BURGER")
    b.persoon("X3").beschut("X3", "2016-12-20")
    b.persoon("X4").beschut("X4", "2017-05-01", aanvrager="BURGER")
    b.beschut("X2", "2019-03-01", advies="NEGATIEF")
    ds = lees_map(b.schrijf(tmp_path / "data"))
    d = beschut.landelijk(ds, ["2015-12-31", "2016-12-31", "2017-03-31", "2017-06-30", "2019-03-31"])
    t = tel_beschut(ds, ["2015-12-31", "2016-12-31", "2017-03-31", "2017-06-30", "2019-03-31"])
    s = t.sql("SELECT peildatum, sum(aanvragen_gemeente) g, sum(aanvragen_burger) b, sum(positieve_adviezen) p "
              "FROM beschut GROUP BY peildatum ORDER BY peildatum")
    assert s[["g", "b", "p"]].values.tolist() == [[1, 1, 1], [2, 1, 1], [2, 1, 2], [2, 2, 3], [3, 2, 3]]
    assert d["aanvragen"].tolist() == [2, 3, 3, 4, 5]
    assert d["geldige_indicatie"].tolist() == [1, 1, 2, 3, 3]


def test_regio_verhuizing_en_onbekend(tmp_path):
    """A person moves from Amsterdam (AM18) to Utrecht (AM13) on 1-2-2020, then has no residence from 1-5-2021: the
    cumulative aanvraag and the indicatie go with the residence on each peildatum."""
    b = Bouw()
    b.persoon("M", gemeente=None).beschut("M", "2016-05-01")
    b.rijen["woonplaats"] += [dict(persoon_id="M", gemeentecode=GEMEENTE, begin="1980-05-01", einde="2020-01-31"),
                              dict(persoon_id="M", gemeentecode=UTRECHT, begin="2020-02-01", einde="2021-04-30")]
    df = per_persoon(tmp_path, b, ["2019-12-31", "2020-03-31", "2021-06-30"])
    assert df["arbeidsmarktregio_code"].tolist() == ["AM18", "AM13", "onbekend"]


# --------------------------------------------------------------------------- tables: additivity (min_cel 0)

def gemengde_wereld() -> Bouw:
    b = Bouw()
    for i in range(7):
        pid = f"U{i}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, f"201{6 + i % 3}-03-01", aanvrager="BURGER" if i % 2 else "GEMEENTE")
        if i < 4:
            b.maand_opgave(pid, f"{pid}B", "SW1", 2023, 12, 80.0, aard="24")
            b.maand_opgave(pid, f"{pid}B", "SW1", 2023, 9, 80.0, aard="24")
    for i in range(5):
        pid = f"A{i}"
        b.persoon(pid).beschut(pid, "2017-03-01", advies="NEGATIEF" if i == 0 else "POSITIEF")
    b.persoon("O", gemeente=None).beschut("O", "2018-01-01")
    b.maand_opgave("O", "OB", "SW1", 2023, 12, 80.0, aard="24")
    return b


def test_regios_tellen_op_tot_nl_zonder_onderdrukking(tmp_path):
    """min_cel 0: every count of beschut_stand and beschut_reeks: regions + onbekend = NL; hand-worked stand."""
    gep = publiceer(tmp_path, gemengde_wereld(), min_cel=0)
    st = gep["beschut_stand"].set_index("regio")
    k = ["aanvragen_gemeente", "aanvragen_burger", "aanvragen", "positieve_adviezen", "geldige_indicatie", "werkzaam"]
    assert st.loc["AM13", k].tolist() == [4, 3, 7, 7, 7, 4]
    assert st.loc["AM18", k].tolist() == [5, 0, 5, 4, 4, 0]
    assert st.loc["onbekend", k].tolist() == [1, 0, 1, 1, 1, 1]
    assert st.loc["NL", k].tolist() == [10, 3, 13, 12, 12, 5]
    assert st.at["NL", "werkzaam_vorig_kwartaal"] == 4 and st.at["NL", "verschil_werkzaam"] == 1
    for naam, extra in (("beschut_stand", ["geldige_indicatie_vorig_kwartaal", "werkzaam_vorig_kwartaal",
                                           "verschil_geldige_indicatie", "verschil_werkzaam"]), ("beschut_reeks", [])):
        t = gep[naam]
        for q, g in t.groupby("kwartaal"):
            for c in [*k, *extra]:
                w = g.set_index("regio")[c].astype(float)
                assert w["NL"] == w.drop("NL").sum(), (naam, q, c)


# --------------------------------------------------------------------------- disclosure (RULES.md §10)

def regio_wereld(n_utrecht: int, n_amsterdam: int) -> Bouw:
    b = Bouw()
    for i in range(n_utrecht):
        pid = f"U{i:02d}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, "2016-03-01", gemeente=UTRECHT)
        b.maand_opgave(pid, f"{pid}B", "SW1", 2023, 12, 80.0, aard="24")
    for i in range(n_amsterdam):
        pid = f"A{i:02d}"
        b.persoon(pid).beschut(pid, "2016-03-01")
    return b


def kleine_cellen(gep) -> list:
    uit = []
    for naam, t in gep.items() if hasattr(gep, "items") else ((n, gep[n]) for n in ("beschut_stand", "beschut_reeks")):
        for k in (*beschut.TELLINGEN, "geldige_indicatie_vorig_kwartaal", "werkzaam_vorig_kwartaal"):
            if k in t:
                w = pd.to_numeric(t[k], errors="coerce").dropna()
                uit += [(naam, k, v) for v in w[(w >= 1) & (w <= 9)]]
    return uit


def test_een_regio_nl_min_regio_niet_klein(tmp_path):
    gep = publiceer(tmp_path, regio_wereld(12, 3), regio="AM13")
    st = gep["beschut_stand"].set_index("regio")
    for k in ("aanvragen", "positieve_adviezen", "geldige_indicatie"):
        nl, r = st.at["NL", k], st.at["AM13", k]
        assert leeg(nl) or leeg(r) or not 1 <= nl - r <= 9, (k, nl, r)


def test_alle_regios_nl_min_regio_beschermd(tmp_path):
    """The same world with regio=alle: Amsterdam's 3 is suppressed and NL - Utrecht does not reveal it."""
    gep = publiceer(tmp_path, regio_wereld(12, 3))
    st = gep["beschut_stand"].set_index("regio")
    for k in ("aanvragen", "positieve_adviezen", "geldige_indicatie", "werkzaam"):
        nl, r = st.at["NL", k], st.at["AM13", k]
        assert leeg(nl) or leeg(r) or not 1 <= nl - r <= 9, k
    assert not kleine_cellen(gep)


def vorig_wereld(jaar: int) -> Bouw:
    """12 geldige indicaties in Utrecht and 12 in Amsterdam from March of ``jaar``; in September 10 of Utrecht's 12
    work, in December all 12."""
    b = Bouw()
    for i in range(12):
        pid = f"U{i:02d}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, f"{jaar}-03-01", gemeente=UTRECHT)
        if i < 10:
            b.maand_opgave(pid, f"{pid}B", "SW1", jaar, 9, 80.0, aard="24")
        b.maand_opgave(pid, f"{pid}B", "SW1", jaar, 12, 80.0, aard="24")
        pid = f"A{i:02d}"
        b.persoon(pid).beschut(pid, f"{jaar}-03-01")
    return b


def test_vorig_kwartaal_buiten_de_reeks_complement(tmp_path):
    st = publiceer(tmp_path, vorig_wereld(2015), "2015Q4")["beschut_stand"].set_index("regio")
    g, w = st.at["AM13", "geldige_indicatie_vorig_kwartaal"], st.at["AM13", "werkzaam_vorig_kwartaal"]
    assert leeg(g) or leeg(w) or not 1 <= g - w <= 9, (g, w)


def test_vorig_kwartaal_in_de_reeks_complement(tmp_path):
    """The same world a year later (report 2016Q4, previous quarter in the series): protected."""
    gep = publiceer(tmp_path, vorig_wereld(2016), "2016Q4")
    st = gep["beschut_stand"].set_index("regio")
    g, w = st.at["AM13", "geldige_indicatie_vorig_kwartaal"], st.at["AM13", "werkzaam_vorig_kwartaal"]
    assert leeg(g) or leeg(w) or not 1 <= g - w <= 9, (g, w)
    r = gep["beschut_reeks"].set_index(["kwartaal", "regio"])
    g, w = r.at[("2016Q3", "AM13"), "geldige_indicatie"], r.at[("2016Q3", "AM13"), "werkzaam"]
    assert leeg(g) or leeg(w) or not 1 <= g - w <= 9, (g, w)


def test_aandeel_werkzaam_verraadt_geen_onderdrukte_teller(tmp_path):
    """12 geldige indicaties in Utrecht of whom 3 work: werkzaam (3) is suppressed and so is the share (3/12)."""
    b = Bouw()
    for i in range(12):
        pid = f"U{i:02d}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, "2016-03-01", gemeente=UTRECHT)
        if i < 3:
            b.maand_opgave(pid, f"{pid}B", "SW1", 2023, 12, 80.0, aard="24")
    for i in range(20):
        pid = f"A{i:02d}"
        b.persoon(pid).beschut(pid, "2016-03-01").maand_opgave(pid, f"{pid}B", "SW1", 2023, 12, 80.0, aard="24")
    gep = publiceer(tmp_path, b)
    st = gep["beschut_stand"].set_index("regio")
    assert leeg(st.at["AM13", "werkzaam"]) and leeg(st.at["AM13", "aandeel_werkzaam"])
    assert leeg(st.at["NL", "werkzaam"]) or leeg(st.at["AM18", "werkzaam"])  # NL 23 - AM18 20 = 3
    assert not kleine_cellen(gep)
    r = beschut.ranglijst(gep).set_index("regio")
    assert pd.isna(r.at["AM13", "rang"])
    assert "3" not in beschut.samenvatting_tekst(gep, "AM13").replace("2023", "")


def test_aanvragen_min_gemeente_min_burger(tmp_path):
    """Utrecht: 12 aanvragen by gemeenten and 3 by burgers (other persons): burger suppressed, and aanvragen or
    gemeente suppressed (15 - 12 = 3)."""
    b = regio_wereld(12, 12)
    for i in range(3):
        pid = f"B{i}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, "2016-03-01", aanvrager="BURGER", advies="NEGATIEF")
    gep = publiceer(tmp_path, b)
    st = gep["beschut_stand"].set_index("regio")
    assert leeg(st.at["AM13", "aanvragen_burger"])
    assert leeg(st.at["AM13", "aanvragen"]) or leeg(st.at["AM13", "aanvragen_gemeente"])
    # aanvragen 15 - positieve adviezen 12 = 3 negative: one of them suppressed
    assert leeg(st.at["AM13", "aanvragen"]) or leeg(st.at["AM13", "positieve_adviezen"])
    assert not kleine_cellen(gep)


def test_mutatie_cumulatief_ook_voor_nl(tmp_path):
    """regio=NL: 12 aanvragen in 2016Q1 and 15 in 2016Q2: the 3 new ones of 2016Q2 are not derivable."""
    b = regio_wereld(12, 0)
    for i in range(3):
        b.persoon(f"N{i}", gemeente=UTRECHT).beschut(f"N{i}", "2016-05-01")
    r = publiceer(tmp_path, b, "2016Q4", regio="NL")["beschut_reeks"].set_index("kwartaal")
    for k in ("aanvragen", "aanvragen_gemeente", "positieve_adviezen"):
        a, c = r.at["2016Q1", k], r.at["2016Q2", k]
        assert leeg(a) or leeg(c) or not 1 <= c - a <= 9, k


def test_stand_en_reeks_gelijk(tmp_path):
    """The quarter in beschut_stand equals its row in beschut_reeks, the previous quarter too (published cells)."""
    gep = publiceer(tmp_path, gemengde_wereld(), min_cel=0)
    st = gep["beschut_stand"].set_index("regio")
    r = gep["beschut_reeks"].set_index(["kwartaal", "regio"])
    for regio in st.index:
        for k in beschut.TELLINGEN:
            assert st.at[regio, k] == r.at[("2023Q4", regio), k]
        for k in beschut.STAND:
            assert st.at[regio, f"{k}_vorig_kwartaal"] == r.at[("2023Q3", regio), k]


# --------------------------------------------------------------------------- taakstelling

def test_taakstelling_niet_via_aandeel(tmp_path):
    """Utrecht: 3 werkzaam, taakstelling 20: werkzaam and aandeel_taakstelling suppressed (3 = 0,15 x 20)."""
    b = Bouw()
    for i in range(12):
        pid = f"U{i:02d}"
        b.persoon(pid, gemeente=UTRECHT).beschut(pid, "2016-03-01")
        if i < 3:
            b.maand_opgave(pid, f"{pid}B", "SW1", 2023, 12, 80.0, aard="24")
    for i in range(20):
        pid = f"A{i:02d}"
        b.persoon(pid).beschut(pid, "2016-03-01").maand_opgave(pid, f"{pid}B", "SW1", 2023, 12, 80.0, aard="24")
    map = b.schrijf(tmp_path / "data")
    pd.DataFrame({"jaar": [2023, 2023], "gemeentecode": [UTRECHT, GEMEENTE], "taakstelling": [20.0, 30.0]}).to_csv(
        map / "beschut_taakstelling.csv", index=False)
    ds = lees_map(map, tabellen=beschut.tabellen_voor(map))
    tk = beschut.publicatie(ds, "2023Q4").publiceer()["beschut_taakstelling"].set_index("regio")
    assert leeg(tk.at["AM13", "werkzaam"]) and leeg(tk.at["AM13", "aandeel_taakstelling"])
    assert tk.at["AM13", "taakstelling"] == 20
    assert leeg(tk.at["NL", "werkzaam"]) or leeg(tk.at["AM18", "werkzaam"])


def test_taakstelling_vorig_jaar_met_opgeheven_gemeente():
    gr = pd.read_csv(beschut.Path(__file__).parents[1] / "data" / "referentie" / "gemeente_regio.csv", dtype=str)
    t = pd.DataFrame({"jaar": [2022, 2022, 2022], "gemeentecode": [UTRECHT, GEMEENTE, "GM0457"],
                      "taakstelling": [100.0, 250.0, 10.0]})
    r = beschut.taakstelling_per_regio(t, gr, "2023-03-31").set_index("regio")
    assert r.at["NL", "taakstelling"] == 360.0
    assert r.drop("NL")["taakstelling"].sum() == 360.0  # Weesp counted in one region (AM12 in 2022, AM18 from 2023)


# --------------------------------------------------------------------------- parameters

def test_kwartaal_2015q4_is_de_eerste(tmp_path):
    with pytest.raises(ValueError, match="2015Q4"):
        beschut.beschutpeil("2014Q4")
    p = beschut.beschutpeil("2015Q4")
    assert p.reeks == ("2015Q4",) and p.vorig_kwartaal == pd.Timestamp("2015-09-30")


def test_directe_einden_uit(tmp_path):
    """directe_einden False: death and the AOW age from the person data do not end the indicatie (README)."""
    df = per_persoon(tmp_path, grens_wereld(), [P], directe_einden=False).loc[P]
    assert bool(df.at["D1", "geldige_indicatie"]) and bool(df.at["D4", "geldige_indicatie"])
    assert not bool(df.at["E2", "geldige_indicatie"])


def test_runner_weigert_kwartaal_voor_2015q4_en_na_de_data(tmp_path):
    from banenafspraak.runner import RAPPORT_CONTROLES, RunError

    map = regio_wereld(12, 0).schrijf(tmp_path / "data")
    goed = {"kwartaal": "2023Q4", "regio": "AM13", "volledigheid_maanden": None, "data_dir": str(map)}
    RAPPORT_CONTROLES["beschut-werk"](goed)
    RAPPORT_CONTROLES["beschut-werk"]({**goed, "regio": "NL"})
    with pytest.raises(RunError, match="2015Q4"):
        RAPPORT_CONTROLES["beschut-werk"]({**goed, "kwartaal": "2015Q3"})
    with pytest.raises(RunError, match="na de data"):
        RAPPORT_CONTROLES["beschut-werk"]({**goed, "kwartaal": "2024Q1"})


@pytest.mark.parametrize("regio", ["AM13", "alle"])
def test_cumulatief_over_een_onderdrukt_kwartaal(tmp_path, regio):
    b = Bouw()
    for i in range(12):
        b.persoon(f"U{i:02d}", gemeente=UTRECHT).beschut(f"U{i:02d}", "2016-02-01")
    for i in range(30):
        b.persoon(f"A{i:02d}").beschut(f"A{i:02d}", "2016-02-01")
    for i in range(3):
        b.persoon(f"N{i}", gemeente=UTRECHT).beschut(f"N{i}", "2016-08-01")
    b.maand_opgave("A00", "X", "SW1", 2017, 6, 10.0, aard="24")
    r = publiceer(tmp_path, b, "2017Q2", regio=regio)["beschut_reeks"]
    for k in ("aanvragen", "aanvragen_gemeente", "positieve_adviezen"):
        w = r.loc[r["regio"] == "AM13"].set_index("kwartaal")[k].dropna().astype(int)
        verschillen = {(a, c): w[c] - w[a] for a in w.index for c in w.index if a < c}
        assert not any(1 <= v <= 9 for v in verschillen.values()), (k, {q: v for q, v in verschillen.items() if 1 <= v <= 9})
