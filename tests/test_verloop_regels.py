"""Hand-worked cases of the flows and the bruto/netto decomposition (issue #14; RULES.md §6).

Quarter 2021Q1 against 2020Q4 (31 December 2020 -> 31 March 2021), counted with ``actueel`` (every grondslag on
the peildatum) and the complete polis unless a test says otherwise. One baan = 110,92 verloonde uren in the month
of the peildatum (a monthly tijdvak). The regions come from a small ``gemeente_regio.csv`` in each directory:
GM0001 -> AM01, GM0002 -> AM02. Figures are read from the unsuppressed tables (``pub.tabellen[...].data``): the
rules are tested here, disclosure control elsewhere.
"""
from __future__ import annotations

import random

import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import monitor, trend, verloop
from banenafspraak.loading import lees_map

UREN = 110.92
REF = ["jaar", "gemeentecode", "gemeentenaam", "arbeidsmarktregio_code", "arbeidsmarktregio_naam"]
TWEE_REGIOS = [(j, "GM0001", "Aadorp", "AM01", "Regio Een") for j in (2012, 2016)] + \
              [(j, "GM0002", "Beedorp", "AM02", "Regio Twee") for j in (2012, 2016)]
PERIODE = ("2012-01-01", "2021-12-31")


def schrijf(b: Bouw, map_):
    d = b.schrijf(map_, periode=PERIODE)
    pd.DataFrame(TWEE_REGIOS, columns=REF).to_csv(d / "gemeente_regio.csv", index=False)
    return lees_map(d)


def werkt(b: Bouw, pid, maanden=((2020, 12), (2021, 3)), uren=UREN, ikv=None, **kw):
    for j, m in maanden:
        b.maand_opgave(pid, ikv or f"K{pid}", "WG01", j, m, uren, **kw)
    return b


def pw(b: Bouw, pid, begin="2016-01-01", einde=None, reden=None, gemeente="GM0001", **persoon):
    return b.persoon(pid, gemeente=gemeente, **persoon).registratie(pid, "PW_INDICATIE", begin, einde, reden=reden)


def publicatie(ds, **kw):
    kw = {"jaargrondslagen": "actueel", "volledigheid_maanden": 0, **kw}
    return trend.publicatie(ds, "2021Q1", **kw)


def cellen(pub, regio="NL") -> dict:
    """(stroom, werkzaam_status, reden, categorie) -> personen, the cells that are not 0."""
    v = pub.tabellen["verloop"].data
    v = v.loc[(v["regio"] == regio) & (v["personen"] > 0)]
    return {(r.stroom, r.werkzaam_status, r.reden, r.categorie): int(r.personen) for r in v.itertuples()}


def componenten(pub, vergelijking="vorig_kwartaal", regio="NL", soort="totaal") -> dict:
    b = pub.tabellen["bruto_netto"].data
    b = b.loc[(b["vergelijking"] == vergelijking) & (b["regio"] == regio) & (b["soort"] == soort)]
    return dict(zip(b["component"], b["banen"]))


# --------------------------------------------------------------------------- reasons

def test_een_persoon_per_uitstroomreden(tmp_path):
    """RULES.md §6 outflow reasons, each person P-wet (PW_INDICATIE since 2016) in AM01 and werkzaam in December
    2020 unless said: O1 dies 2021-02-10 -> overlijden; A1 born 1954-11-15 reaches the AOW age 66 + 4 months on
    2021-03-15 -> aow; B1's row ends 2021-02-01 with reden BESCHUT_WERK_PW -> naar_beschut_werk_pw; W1 gets a
    WSW_BESCHUT grondslag from 2021-02-01 (valid on 31 March) -> naar_beschut_werk_wsw; G1 ends GEEN_ARBEIDSVERMOGEN
    -> geen_arbeidsvermogen; V1 ends VRIJWILLIG -> vrijwillige_uitschrijving, and N1 the same without work (niet
    werkzaam); T1 ends T_PLUS_2 and E1 emigrates 2021-02-10 -> overig (2). Uitstroom 9, of whom 8 werkzaam."""
    b = Bouw()
    pw(b, "O1", overleden="2021-02-10")
    pw(b, "A1", geboren="1954-11-15")
    for pid, reden in (("B1", "BESCHUT_WERK_PW"), ("G1", "GEEN_ARBEIDSVERMOGEN"), ("V1", "VRIJWILLIG"),
                       ("N1", "VRIJWILLIG"), ("T1", "T_PLUS_2")):
        pw(b, pid, einde="2021-02-01", reden=reden)
    pw(b, "W1").registratie("W1", "WSW_BESCHUT", "2021-02-01")
    pw(b, "E1", emigratie="2021-02-10")
    for pid in ("O1", "A1", "B1", "W1", "G1", "V1", "T1", "E1"):
        werkt(b, pid)
    pub = publicatie(schrijf(b, tmp_path / "d"))
    verwacht = {("uitstroom", "werkzaam", r, "participatiewet"): 1 for r in
                ("overlijden", "aow", "naar_beschut_werk_pw", "naar_beschut_werk_wsw", "geen_arbeidsvermogen",
                 "vrijwillige_uitschrijving")}
    verwacht[("uitstroom", "werkzaam", "overig", "participatiewet")] = 2
    verwacht[("uitstroom", "niet_werkzaam", "vrijwillige_uitschrijving", "participatiewet")] = 1
    assert cellen(pub) == verwacht
    assert cellen(pub, "AM01") == verwacht  # nobody moved: the region sees the same
    s = pub.tabellen["verloop_samenvatting"].data.set_index(["regio", "stroom", "werkzaam_status", "reden"])["personen"]
    assert s[("NL", "uitstroom", "totaal", "totaal")] == 9 and s[("NL", "uitstroom", "werkzaam", "totaal")] == 8


def test_een_persoon_per_instroomreden_en_praktijkroute_zonder_werk(tmp_path):
    """RULES.md §6 inflow reasons: P1 PW_INDICATIE from 2021-02-01, werkzaam in March -> doelgroep_participatiewet;
    R1 PW_PRAKTIJKROUTE from 2021-02-01, werkzaam -> praktijkroute; R2 the same without work: counted, and the
    data-quality exception of S2 Q28 (Praktijkroute is always werkzaam) reports 1; S1 PW_INDICATIE since 2016 with
    WSW_BESCHUT 2015-01-01 .. 2021-01-15 (outside the population on 31 December, inside on 31 March) ->
    beschut_werk_wsw_vervalt; J1 new WAJONG_OUD from 2021-02-01 -> overig, category wajong."""
    b = Bouw()
    pw(b, "P1", begin="2021-02-01")
    b.persoon("R1", gemeente="GM0001").registratie("R1", "PW_PRAKTIJKROUTE", "2021-02-01")
    b.persoon("R2", gemeente="GM0001").registratie("R2", "PW_PRAKTIJKROUTE", "2021-02-01")
    pw(b, "S1").registratie("S1", "WSW_BESCHUT", "2015-01-01", "2021-01-15")
    b.persoon("J1", gemeente="GM0001").registratie("J1", "WAJONG_OUD", "2021-02-01")
    for pid in ("P1", "R1", "S1", "J1"):
        werkt(b, pid, maanden=((2021, 3),))
    pub = publicatie(schrijf(b, tmp_path / "d"))
    assert cellen(pub) == {("instroom", "werkzaam", "doelgroep_participatiewet", "participatiewet"): 1,
                           ("instroom", "werkzaam", "praktijkroute", "participatiewet"): 1,
                           ("instroom", "niet_werkzaam", "praktijkroute", "participatiewet"): 1,
                           ("instroom", "werkzaam", "beschut_werk_wsw_vervalt", "participatiewet"): 1,
                           ("instroom", "werkzaam", "overig", "wajong"): 1}
    assert pub.info["praktijkroute_niet_werkzaam"] == {"2020Q4": 1}
    gep = pub.publiceer(0)
    assert "Datakwaliteit" in trend.verloop_tekst(gep)


def test_twee_redenen_de_eerste_naar_voorrang(tmp_path):
    """RULES.md §6 precedence overlijden > aow > ... > vrijwillige_uitschrijving. D1 reaches the AOW age on
    2021-01-15 (born 1954-09-15: 66 + 4 months) and dies 2021-02-10 -> overlijden. D2 deregisters voluntarily on
    2021-01-20 (reden VRIJWILLIG) and dies 2021-02-10 -> overlijden. D3 only the voluntary end -> vrijwillig."""
    b = Bouw()
    pw(b, "D1", geboren="1954-09-15", overleden="2021-02-10")
    pw(b, "D2", einde="2021-01-20", reden="VRIJWILLIG", overleden="2021-02-10")
    pw(b, "D3", einde="2021-01-20", reden="VRIJWILLIG")
    for pid in ("D1", "D2", "D3"):
        werkt(b, pid)
    assert cellen(publicatie(schrijf(b, tmp_path / "d"))) == {
        ("uitstroom", "werkzaam", "overlijden", "participatiewet"): 2,
        ("uitstroom", "werkzaam", "vrijwillige_uitschrijving", "participatiewet"): 1}


def test_reden_volgt_de_1_januari_regel(tmp_path):
    """RULES.md §2 and §6 decision (each date with its own rules): under jaarbegin a Wsw row that ended on 2020-06-30
    with reden BESCHUT_WERK_WSW still counts on 31 December 2020 (tested on 1 January 2020) and is gone on 31 March
    2021 (tested on 1 January 2021): the person flows out in 2021Q1 with reason naar_beschut_werk_wsw."""
    b = Bouw().persoon("Q1", gemeente="GM0001").registratie("Q1", "WSW_BEGELEID_WERK", "2015-01-01", "2020-06-30",
                                                             reden="BESCHUT_WERK_WSW")
    werkt(b, "Q1")
    pub = publicatie(schrijf(b, tmp_path / "d"), jaargrondslagen="jaarbegin")
    assert cellen(pub) == {("uitstroom", "werkzaam", "naar_beschut_werk_wsw", "wsw_wiwid"): 1}


# --------------------------------------------------------------------------- blijvers and moves

def test_blijvers_naar_werkverloop_en_categorie_van_nu(tmp_path):
    """RULES.md §6 decisions: K1 works in December (job A) and in March (job B): behoudt werk (not the same job);
    F1 only in March: vindt werk; L1 only in December: verliest werk; Z1 never: zonder werk; C1 P-wet since 2016
    gets WAJONG_OUD from 2021-02-01 and works on both dates: behoudt werk in wajong (the category of now)."""
    b = Bouw()
    for pid in ("K1", "F1", "L1", "Z1", "C1"):
        pw(b, pid)
    b.registratie("C1", "WAJONG_OUD", "2021-02-01")
    werkt(b, "K1", maanden=((2020, 12),), ikv="A")
    werkt(b, "K1", maanden=((2021, 3),), ikv="B")
    werkt(b, "F1", maanden=((2021, 3),))
    werkt(b, "L1", maanden=((2020, 12),))
    werkt(b, "C1")
    pub = publicatie(schrijf(b, tmp_path / "d"))
    assert cellen(pub) == {("blijver", "behoudt_werk", "", "participatiewet"): 1,
                           ("blijver", "vindt_werk", "", "participatiewet"): 1,
                           ("blijver", "verliest_werk", "", "participatiewet"): 1,
                           ("blijver", "zonder_werk", "", "participatiewet"): 1,
                           ("blijver", "behoudt_werk", "", "wajong"): 1}


def test_verhuizing_is_vertrek_aankomst_en_blijver_voor_nl(tmp_path):
    """RULES.md §6: M1 (P-wet, werkzaam on both dates) lives in GM0001 (AM01) until 2021-01-31 and in GM0002 (AM02)
    from 2021-02-01: AM01 uitstroom werkzaam vertrek_uit_regio 1, AM02 instroom werkzaam aankomst_in_regio 1, NL
    blijver behoudt werk 1. AM01 banen 1 -> 0 (uitstroom_personen -1), AM02 0 -> 1 (instroom_personen +1), NL 1 -> 1
    (no change)."""
    b = Bouw()
    b.persoon("M1", gemeente=None).registratie("M1", "PW_INDICATIE", "2016-01-01")
    b.rijen["woonplaats"] += [dict(persoon_id="M1", gemeentecode="GM0001", begin="2000-01-01", einde="2021-01-31"),
                              dict(persoon_id="M1", gemeentecode="GM0002", begin="2021-02-01", einde=None)]
    werkt(b, "M1")
    pub = publicatie(schrijf(b, tmp_path / "d"))
    assert cellen(pub, "AM01") == {("uitstroom", "werkzaam", "vertrek_uit_regio", "participatiewet"): 1}
    assert cellen(pub, "AM02") == {("instroom", "werkzaam", "aankomst_in_regio", "participatiewet"): 1}
    assert cellen(pub, "NL") == {("blijver", "behoudt_werk", "", "participatiewet"): 1}
    assert componenten(pub, regio="AM01")["uitstroom_personen"] == pytest.approx(-1.0)
    assert componenten(pub, regio="AM02")["instroom_personen"] == pytest.approx(1.0)
    assert componenten(pub, regio="NL")["netto"] == pytest.approx(0.0)
    assert componenten(pub, regio="NL")["urengroei"] == pytest.approx(0.0)


# --------------------------------------------------------------------------- bruto / netto

def test_bruto_netto_met_de_hand(tmp_path):
    """RULES.md §6 decomposition, all P-wet in AM01, at employer WG01 (markt):
    U1 one job 55,46 h in December and 110,92 h in March: urengroei +0,5;
    N1 job I1 110,92 h on both dates and a new job I2 of 55,46 h in March: nieuwe_ikv +0,5;
    X1 job 110,92 h in December only, stays in the doelgroep: beeindigde_ikv -1;
    IN1 enters (PW from 2021-02-01) with 110,92 h in March: instroom_personen +1;
    UIT1 leaves (VRIJWILLIG 2021-02-01) with 110,92 h in December: uitstroom_personen -1;
    SC1 one job 110,92 h on both dates, in March as uitzendkracht (soort_baan 4): in totaal one job without change,
    in regulier_markt beeindigde_ikv -1, in inleen nieuwe_ikv +1.
    Totaal: toename 1 + 0,5 + 0,5 = 2; afname -1 - 1 = -2; netto 0 = 4,5 banen - 4,5 banen.
    regulier_markt: instroom +1, nieuwe +0,5, urengroei +0,5, uitstroom -1, beeindigd -2: netto -1 = 3,5 - 4,5.
    inleen: nieuwe +1, netto +1 = 1 - 0."""
    b = Bouw()
    for pid in ("U1", "N1", "X1", "SC1"):
        pw(b, pid)
    pw(b, "IN1", begin="2021-02-01")
    pw(b, "UIT1", einde="2021-02-01", reden="VRIJWILLIG")
    b.maand_opgave("U1", "I1", "WG01", 2020, 12, UREN / 2).maand_opgave("U1", "I1", "WG01", 2021, 3, UREN)
    werkt(b, "N1", ikv="I1")
    b.maand_opgave("N1", "I2", "WG01", 2021, 3, UREN / 2)
    werkt(b, "X1", maanden=((2020, 12),))
    werkt(b, "IN1", maanden=((2021, 3),))
    werkt(b, "UIT1", maanden=((2020, 12),))
    b.maand_opgave("SC1", "I1", "WG01", 2020, 12, UREN).maand_opgave("SC1", "I1", "WG01", 2021, 3, UREN, soort_baan="4")
    pub = publicatie(schrijf(b, tmp_path / "d"))
    t = componenten(pub)
    assert t == pytest.approx({"instroom_personen": 1.0, "nieuwe_ikv": 0.5, "urengroei": 0.5, "uitstroom_personen": -1.0,
                               "beeindigde_ikv": -1.0, "urenkrimp": 0.0, "bruto_toename": 2.0, "bruto_afname": -2.0,
                               "netto": 0.0})
    m = componenten(pub, soort="regulier_markt")
    assert m == pytest.approx({"instroom_personen": 1.0, "nieuwe_ikv": 0.5, "urengroei": 0.5, "uitstroom_personen": -1.0,
                               "beeindigde_ikv": -2.0, "urenkrimp": 0.0, "bruto_toename": 2.0, "bruto_afname": -3.0,
                               "netto": -1.0})
    i = componenten(pub, soort="inleen")
    assert i["nieuwe_ikv"] == pytest.approx(1.0) and i["netto"] == pytest.approx(1.0)
    # netto is the difference of the published banen (reeks), per soort
    r = pub.tabellen["reeks"].data.set_index(["kwartaal", "regio"])
    assert m["netto"] == pytest.approx(r.at[("2021Q1", "NL"), "banen_regulier_markt"] - r.at[("2020Q4", "NL"), "banen_regulier_markt"])
    assert r.at[("2020Q4", "NL"), "banen"] == pytest.approx(4.5) and r.at[("2021Q1", "NL"), "banen"] == pytest.approx(4.5)


def test_urenkrimp_en_nulmeting(tmp_path):
    """A job from 110,92 h to 55,46 h: urenkrimp -0,5, netto -0,5 against the previous quarter; against the
    nulmeting (31 December 2012, nobody counted then) the whole stock is instroom: +0,5 = extra banen."""
    b = pw(Bouw(), "K1")
    b.maand_opgave("K1", "I1", "WG01", 2020, 12, UREN).maand_opgave("K1", "I1", "WG01", 2021, 3, UREN / 2)
    pub = publicatie(schrijf(b, tmp_path / "d"))
    assert componenten(pub)["urenkrimp"] == pytest.approx(-0.5) and componenten(pub)["netto"] == pytest.approx(-0.5)
    nul = componenten(pub, "nulmeting")
    assert nul["instroom_personen"] == pytest.approx(0.5) and nul["netto"] == pytest.approx(0.5)
    bs = pub.tabellen["banen_soort"].data.set_index(["regio", "soort"])
    assert nul["netto"] == pytest.approx(bs.at[("NL", "totaal"), "extra_banen"])


# --------------------------------------------------------------------------- properties

def willekeurig(seed: int) -> Bouw:
    """A random small register: 40 persons over two regions and `onbekend`, random grondslagen, ends with reasons,
    deaths, moves and monthly hours in the months of the peildata."""
    rnd = random.Random(seed)
    b = Bouw()
    grondslagen = ["PW_INDICATIE", "PW_PRAKTIJKROUTE", "WAJONG_OUD", "WSW_BEGELEID_WERK", "WIW_ID", "WSW_BESCHUT"]
    redenen = [None, "VRIJWILLIG", "AOW", "OVERLIJDEN", "T_PLUS_2", "GEEN_ARBEIDSVERMOGEN", "BESCHUT_WERK_PW"]
    for i in range(40):
        pid = f"R{i:02d}"
        b.persoon(pid, geboren=f"{rnd.choice([1956, 1970, 1990])}-0{rnd.randint(1, 9)}-15", gemeente=None,
                  overleden=rnd.choice([None] * 8 + ["2021-02-10", "2020-11-01"]))
        gem = rnd.choice(["GM0001", "GM0002", None])
        if gem and rnd.random() < 0.2:
            b.rijen["woonplaats"] += [dict(persoon_id=pid, gemeentecode=gem, begin="1990-01-01", einde="2021-01-31"),
                                      dict(persoon_id=pid, gemeentecode=rnd.choice(["GM0001", "GM0002"]), begin="2021-02-01", einde=None)]
        elif gem:
            b.rijen["woonplaats"].append(dict(persoon_id=pid, gemeentecode=gem, begin="1990-01-01", einde=None))
        for g in rnd.sample(grondslagen, rnd.randint(1, 2)):
            begin = rnd.choice(["2014-01-01", "2020-11-01", "2021-02-01"])
            einde = rnd.choice([None, None, *[e for e in ("2020-12-15", "2021-02-15") if e > begin]])
            b.registratie(pid, g, begin, einde, reden=rnd.choice(redenen) if einde else None)
        for j, m in ((2012, 12), (2020, 3), (2020, 9), (2020, 12), (2021, 3)):
            for k in range(rnd.choice([0, 1, 1, 2])):
                b.maand_opgave(pid, f"K{k}", rnd.choice(["WG01", "WG02"]), j, m, rnd.choice([20.0, 55.46, 110.92, 150.0]),
                               soort_baan=rnd.choice(["9", "9", "4"]), sector=rnd.choice(["01", "01", "60"]))
    return b


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_identiteiten_op_willekeurige_registers(tmp_path, seed):
    """RULES.md §6 identities in every region and NL, and netto = banen now - banen before in every soort, on
    random registers (the report checks them itself and would stop; here they are recomputed from the tables)."""
    ds = schrijf(willekeurig(seed), tmp_path / "d")
    pub = publicatie(ds, jaargrondslagen="jaarbegin")
    v = pub.tabellen["verloop"].data
    kc = pub.tabellen["kerncijfers"].data.set_index(["regio", "indicator"])
    r = pub.tabellen["reeks"].data.set_index(["kwartaal", "regio"])
    bn = pub.tabellen["bruto_netto"].data
    assert v.loc[(v["regio"] == "NL") & (v["stroom"] != "blijver"), "personen"].sum() > 0  # the example has flows
    for regio in ("NL", "AM01", "AM02", "onbekend"):
        d = v.loc[v["regio"] == regio]

        def n(**k):
            m = pd.Series(True, index=d.index)
            for kol, w in k.items():
                m &= d[kol].isin(w if isinstance(w, tuple) else (w,))
            return int(d.loc[m, "personen"].sum())

        assert kc.at[(regio, "personen"), "vorig_kwartaal"] - n(stroom="uitstroom") + n(stroom="instroom") == kc.at[(regio, "personen"), "waarde"]
        assert kc.at[(regio, "werkzame_personen"), "vorig_kwartaal"] == (
            n(stroom="blijver", werkzaam_status=("behoudt_werk", "verliest_werk")) + n(stroom="uitstroom", werkzaam_status="werkzaam"))
        assert kc.at[(regio, "werkzame_personen"), "waarde"] == (
            n(stroom="blijver", werkzaam_status=("behoudt_werk", "vindt_werk")) + n(stroom="instroom", werkzaam_status="werkzaam"))
        for soort, kolom in (("totaal", "banen"), *((s, f"banen_{s}") for s in trend.SOORTEN)):
            c = bn.loc[(bn["vergelijking"] == "vorig_kwartaal") & (bn["regio"] == regio) & (bn["soort"] == soort)].set_index("component")["banen"]
            assert sum(c[k] for k in verloop.COMPONENTEN) == pytest.approx(c["netto"], abs=1e-9)
            assert c["netto"] == pytest.approx(r.at[("2021Q1", regio), kolom] - r.at[("2020Q4", regio), kolom], abs=1e-9)
            assert c["bruto_toename"] >= 0 >= c["bruto_afname"]
    # the regions add up to NL in every flow that is not a move
    niet_verhuisd = v.loc[(v["stroom"] != "blijver") & ~v["reden"].isin([verloop.VERTREK, verloop.AANKOMST])]
    som = niet_verhuisd.loc[niet_verhuisd["regio"] != "NL"].groupby(["stroom", "werkzaam_status", "reden", "categorie"])["personen"].sum()
    nl = niet_verhuisd.loc[niet_verhuisd["regio"] == "NL"].set_index(["stroom", "werkzaam_status", "reden", "categorie"])["personen"]
    assert (som.reindex(nl.index).fillna(0) == nl).all()


def test_identiteit_breuk_stopt_de_run():
    """A broken identity is a defect of the counting: the check names region, dates and identity."""
    v = pd.DataFrame({"van": [pd.Timestamp("2020-12-31")], "tot": [pd.Timestamp("2021-03-31")], "regio": ["NL"],
                      "stroom": ["uitstroom"], "werkzaam_status": ["werkzaam"], "reden": ["overig"],
                      "categorie": ["wajong"], "personen": [1]})
    vr = pd.DataFrame({"van": [pd.Timestamp("2020-12-31")], "tot": [pd.Timestamp("2021-03-31")], "regio": ["NL"],
                       "personen_van": [5], "personen_tot": [5], "werkzaam_van": [1], "werkzaam_tot": [0]})
    with pytest.raises(verloop.IdentiteitFout, match="regio NL.*vorige stand"):
        verloop.controleer_identiteiten(v, vr)


def test_landelijke_monitor_bruto_netto_per_sector(tmp_path):
    """The landelijke monitor decomposes 31 December 2020 -> 31 December 2021 per sector with the verdeelsleutel:
    netto of each sector = the difference of its published banen (reeks 2021 - 2020). K1 works 110,92 h at a markt
    employer in December 2020 and 2021 (no change); I1 enters in 2021 with 110,92 h as uitzendkracht: instroom
    +1 in totaal, spread over markt and overheid by the verdeelsleutel of 2021."""
    b = pw(Bouw(), "K1")
    pw(b, "I1", begin="2021-06-01")
    b.maand_opgave("K1", "A", "WG01", 2020, 12, UREN).maand_opgave("K1", "A", "WG01", 2021, 12, UREN)
    b.maand_opgave("I1", "A", "WG01", 2021, 12, UREN, soort_baan="4")
    ds = schrijf(b, tmp_path / "d")
    pub = monitor.publicatie(ds, 2021)
    bn = pub.tabellen["bruto_netto"].data.set_index(["soort", "component"])["banen"]
    r = pub.tabellen["reeks"].data.set_index(["jaar", "sector"])["banen"]
    for s in ("markt", "overheid", "totaal"):
        assert bn[(s, "netto")] == pytest.approx(r[(2021, s)] - r[(2020, s)])
    assert bn[("totaal", "instroom_personen")] == pytest.approx(1.0)
    k = monitor.verdeelsleutel(pd.Timestamp("2021-12-31"))
    assert bn[("overheid", "instroom_personen")] == pytest.approx(k["overheid"])
    assert bn[("totaal", "urengroei")] == pytest.approx(0.0) and bn[("totaal", "urenkrimp")] == pytest.approx(0.0)


def test_verloop_van_een_jaar_eerder_en_beide(tmp_path):
    """Run parameter ``verloop_van``: ``beide`` gives the flows against 2020Q4 and against 2020Q1 (the same quarter a
    year earlier), each reconciling with its own kerncijfers column; the factsheet's grafiek 4 shows the first.
    K1 works from 2020-03 (P-wet since 2016), V1 enters in 2020Q3: against 2020Q4 a blijver, against 2020Q1 an
    instromer."""
    b = Bouw()
    pw(b, "K1")
    pw(b, "V1", begin="2020-08-01")
    werkt(b, "K1", maanden=((2020, 3), (2020, 12), (2021, 3)))
    werkt(b, "V1", maanden=((2020, 12), (2021, 3)))
    pub = publicatie(schrijf(b, tmp_path / "d"), verloop_van="beide")
    v = pub.tabellen["verloop"].data
    assert set(v["van_kwartaal"]) == {"2020Q4", "2020Q1"}
    jaar = v.loc[(v["van_kwartaal"] == "2020Q1") & (v["regio"] == "NL") & (v["personen"] > 0)]
    assert set(zip(jaar["stroom"], jaar["werkzaam_status"], jaar["reden"])) == {
        ("blijver", "behoudt_werk", ""), ("instroom", "werkzaam", "doelgroep_participatiewet")}
    alleen_jaar = publicatie(schrijf(b, tmp_path / "e"), verloop_van="zelfde_kwartaal_vorig_jaar").publiceer(0)
    fs = trend.verloop_invoer(alleen_jaar, "NL")
    assert fs.van == "2020Q1" and fs.voor["totaal"] == 1 and fs.na["totaal"] == 2
