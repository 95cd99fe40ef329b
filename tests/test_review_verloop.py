"""Review of issue #14 (flows with reasons, bruto/netto decomposition; RULES.md §6, §2, §10).

Hand-built directories as in test_verloop_regels.py: 2021Q1 against 2020Q4 (31-12-2020 -> 31-03-2021), GM0001 ->
AM01, GM0002 -> AM02, one baan = 110,92 verloonde uren in the peildatum's month, every P-wet person has
PW_INDICATIE since 2016-01-01 and works 110,92 h in December 2020 and March 2021 unless said otherwise.
Expected numbers are worked out by hand from RULES.md first (docstrings), then compared.
"""
from __future__ import annotations

import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import monitor, trend, verloop
from test_verloop_regels import UREN, cellen, componenten, publicatie, pw, schrijf, werkt


def verhuis(b: Bouw, pid, van="GM0001", naar="GM0002", datum="2021-02-01"):
    eind = (pd.Timestamp(datum) - pd.Timedelta(days=1)).date().isoformat()
    b.rijen["woonplaats"] += [dict(persoon_id=pid, gemeentecode=van, begin="2000-01-01", einde=eind),
                              dict(persoon_id=pid, gemeentecode=naar, begin=datum, einde=None)]
    return b


# --------------------------------------------------------------------------- reasons

def test_voorrang_bij_meerdere_redenen(tmp_path):
    """RULES.md §6 outflow precedence overlijden > aow > naar_beschut_werk_pw > naar_beschut_werk_wsw >
    geen_arbeidsvermogen > vrijwillige_uitschrijving > overig.
    P1 born 1954-11-15 (AOW 66+4m on 2021-03-15, person data) and row ended 2021-02-01 BESCHUT_WERK_PW -> aow.
    P3 PW_INDICATIE ended VRIJWILLIG and WAJONG_OUD ended AOW, both 2021-02-01 -> aow, category wajong (of van).
    P4 PW_INDICATIE ended T_PLUS_2, QUOTUM_VOORZIENING stays open: only the quotum grondslag remains, so the person
       leaves the banenafspraak population -> overig.
    P5 the same but reden GEEN_ARBEIDSVERMOGEN -> geen_arbeidsvermogen.
    P6 ended GEEN_ARBEIDSVERMOGEN 2021-02-01, WSW_BESCHUT from 2021-02-15 (after the at-once end, valid on 31-3)
       -> naar_beschut_werk_wsw (wsw before geen_arbeidsvermogen).
    All werkzaam on 31-12-2020. Expected NL: aow P-wet 1 (P1), aow wajong 1 (P3), overig 1 (P4),
    geen_arbeidsvermogen 1 (P5), naar_beschut_werk_wsw 1 (P6)."""
    b = Bouw()
    pw(b, "P1", geboren="1954-11-15", einde="2021-02-01", reden="BESCHUT_WERK_PW")
    b.persoon("P3", gemeente="GM0001").registratie("P3", "PW_INDICATIE", "2016-01-01", "2021-02-01", reden="VRIJWILLIG") \
        .registratie("P3", "WAJONG_OUD", "2016-01-01", "2021-02-01", reden="AOW")
    pw(b, "P4", einde="2021-02-01", reden="T_PLUS_2").registratie("P4", "QUOTUM_VOORZIENING", "2016-01-01")
    pw(b, "P5", einde="2021-02-01", reden="GEEN_ARBEIDSVERMOGEN").registratie("P5", "QUOTUM_VOORZIENING", "2016-01-01")
    pw(b, "P6", einde="2021-02-01", reden="GEEN_ARBEIDSVERMOGEN").registratie("P6", "WSW_BESCHUT", "2021-02-15")
    for p in ("P1", "P3", "P4", "P5", "P6"):
        werkt(b, p)
    pub = publicatie(schrijf(b, tmp_path / "d"))
    u = ("uitstroom", "werkzaam")
    assert cellen(pub) == {(*u, "aow", "participatiewet"): 1, (*u, "aow", "wajong"): 1, (*u, "overig", "participatiewet"): 1,
                           (*u, "geen_arbeidsvermogen", "participatiewet"): 1,
                           (*u, "naar_beschut_werk_wsw", "participatiewet"): 1}


def test_wsw_beschut_voor_een_direct_einde_telt_niet(tmp_path):
    """AMBIGUITY (RULES.md §6 "naar_beschut_werk_wsw: a WSW_BESCHUT grondslag became valid"): P2 gets WSW_BESCHUT on
    2021-01-15 and his PW_INDICATIE ends at once on 2021-02-01 with GEEN_ARBEIDSVERMOGEN. The at-once end ends every
    grondslag that began on or before it (motor.geldig_rijen_sql), so the WSW_BESCHUT row is not valid on 31-3 and the
    reason is geen_arbeidsvermogen, although a WSW_BESCHUT grondslag *became valid* in the period and wsw precedes
    geen_arbeidsvermogen. The code reads "became valid" as "valid on the current date". Documented, not a defect."""
    b = Bouw()
    pw(b, "P2", einde="2021-02-01", reden="GEEN_ARBEIDSVERMOGEN").registratie("P2", "WSW_BESCHUT", "2021-01-15")
    werkt(b, "P2")
    assert cellen(publicatie(schrijf(b, tmp_path / "d"))) == {
        ("uitstroom", "werkzaam", "geen_arbeidsvermogen", "participatiewet"): 1}


def test_redenen_onder_jaarbegin(tmp_path):
    """RULES.md §2 quarterly rule (jaarbegin: Wsw/Wiw-ID rows tested on 1 January of the peildatum's year; at-once
    ends still on the peildatum) with §6 reasons:
    W1 WSW_BEGELEID_WERK 2015-01-01 .. 2021-02-15 reden BESCHUT_WERK_WSW (not an at-once reason): valid on 1-1-2021
       -> still counted on 31-3-2021: blijver behoudt werk wsw_wiwid (leaves only at 1-1-2022);
    W2 P-wet with WSW_BESCHUT from 2021-02-01: tested on 1-1-2021, not valid -> blijver behoudt werk P-wet;
    W3 P-wet with WSW_BESCHUT from 2020-06-01: not valid 1-1-2020 (in on 31-12-2020), valid 1-1-2021 (out on
       31-3-2021) -> uitstroom naar_beschut_werk_wsw, P-wet;
    W4 WSW_BEGELEID_WERK ends 2021-02-15 GEEN_ARBEIDSVERMOGEN (at once, on the peildatum) -> uitstroom
       geen_arbeidsvermogen wsw_wiwid;
    W5 WSW_BEGELEID_WERK ended 2020-09-30 T_PLUS_2 (still counted on 31-12-2020 via 1-1-2020) and PW_INDICATIE ended
       2021-02-01 VRIJWILLIG -> both rows ended; vrijwillige_uitschrijving precedes overig; category of van wsw_wiwid;
    W6 WIW_ID from 2021-02-01: not valid on 1-1-2021 -> not in the population on either date;
    W7 WIW_ID from 2020-06-01: in only on 31-3-2021 -> instroom overig wsw_wiwid."""
    b = Bouw()
    b.persoon("W1", gemeente="GM0001").registratie("W1", "WSW_BEGELEID_WERK", "2015-01-01", "2021-02-15", reden="BESCHUT_WERK_WSW")
    pw(b, "W2").registratie("W2", "WSW_BESCHUT", "2021-02-01")
    pw(b, "W3").registratie("W3", "WSW_BESCHUT", "2020-06-01")
    b.persoon("W4", gemeente="GM0001").registratie("W4", "WSW_BEGELEID_WERK", "2015-01-01", "2021-02-15", reden="GEEN_ARBEIDSVERMOGEN")
    b.persoon("W5", gemeente="GM0001").registratie("W5", "WSW_BEGELEID_WERK", "2015-01-01", "2020-09-30", reden="T_PLUS_2") \
        .registratie("W5", "PW_INDICATIE", "2016-01-01", "2021-02-01", reden="VRIJWILLIG")
    b.persoon("W6", gemeente="GM0001").registratie("W6", "WIW_ID", "2021-02-01")
    b.persoon("W7", gemeente="GM0001").registratie("W7", "WIW_ID", "2020-06-01")
    for p in ("W1", "W2", "W3", "W4", "W5", "W6", "W7"):
        werkt(b, p)
    assert cellen(publicatie(schrijf(b, tmp_path / "d"), jaargrondslagen="jaarbegin")) == {
        ("uitstroom", "werkzaam", "naar_beschut_werk_wsw", "participatiewet"): 1,
        ("uitstroom", "werkzaam", "geen_arbeidsvermogen", "wsw_wiwid"): 1,
        ("uitstroom", "werkzaam", "vrijwillige_uitschrijving", "wsw_wiwid"): 1,
        ("instroom", "werkzaam", "overig", "wsw_wiwid"): 1,
        ("blijver", "behoudt_werk", "", "participatiewet"): 1,
        ("blijver", "behoudt_werk", "", "wsw_wiwid"): 1}


def test_overlijden_en_aow_zonder_directe_einden(tmp_path):
    """RULES.md §2 decision (directe_einden switchable) and §6: with directe_einden=False the register is taken as
    administered. O1 dies 2021-02-10, register open, works only in December -> still in the population: blijver
    verliest werk. A1 reaches AOW 2021-03-15, register open -> blijver behoudt werk. E1 emigrates 2021-02-10, register
    open -> blijver behoudt werk. O2 dies 2021-02-10 and the register ends his row 2021-02-20 reden OVERLIJDEN ->
    uitstroom overlijden. With directe_einden=True (default): O1, O2 overlijden (2), A1 aow, E1 overig."""
    b = Bouw()
    pw(b, "O1", overleden="2021-02-10")
    pw(b, "A1", geboren="1954-11-15")
    pw(b, "O2", overleden="2021-02-10", einde="2021-02-20", reden="OVERLIJDEN")
    pw(b, "E1", emigratie="2021-02-10")
    werkt(b, "O1", maanden=((2020, 12),)); werkt(b, "A1"); werkt(b, "O2", maanden=((2020, 12),)); werkt(b, "E1")
    ds = schrijf(b, tmp_path / "d")
    assert cellen(publicatie(ds, directe_einden=False)) == {
        ("uitstroom", "werkzaam", "overlijden", "participatiewet"): 1,
        ("blijver", "behoudt_werk", "", "participatiewet"): 2,
        ("blijver", "verliest_werk", "", "participatiewet"): 1}
    assert cellen(publicatie(ds)) == {("uitstroom", "werkzaam", "aow", "participatiewet"): 1,
                                      ("uitstroom", "werkzaam", "overlijden", "participatiewet"): 2,
                                      ("uitstroom", "werkzaam", "overig", "participatiewet"): 1}


def test_verhuizen_onbekend_herregistratie_en_nul_uren(tmp_path):
    """RULES.md §6 (jaarbegin):
    L1 P-wet, moves AM01 -> AM02 on 2021-02-01 and deregisters 2021-02-15 (VRIJWILLIG): not in the population on 31-3,
       so not a move: uitstroom vrijwillige_uitschrijving in AM01 (region of van) and NL; nothing in AM02.
    E2 enters (PW from 2021-02-15) after moving AM01 -> AM02: instroom doelgroep_participatiewet in AM02 and NL.
    U1 P-wet without residence until 2021-02-01, then GM0001: onbekend uitstroom vertrek_uit_regio, AM01 instroom
       aankomst_in_regio, NL blijver behoudt werk.
    R1 PW ended at once 2020-06-30 (GEEN_ARBEIDSVERMOGEN), which also ends his open WSW_BEGELEID_WERK (since 2015);
       new WAJONG_OUD 2021-02-01: instroom overig, category wajong (the Wsw row stays ended, so not "Wajong én Wsw").
    Z1 a job with 0 hours but pay 500 on both dates: werkzaam -> blijver behoudt werk, 0 banen.
    Z2 the same job 0 h (paid) in December, 110,92 h in March: behoudt werk; banen 0 -> 1 is nieuwe_ikv +1 ("jobs
       without counted hours before").
    NL blijvers U1, Z1, Z2 = 3. Bruto/netto NL totaal: instroom E2 +1, R1 +1 = 2; nieuwe_ikv Z2 +1; uitstroom L1 -1;
    netto 2 = 4 - 2 (before L1 1, U1 1; now E2, R1, U1, Z2 1 each)."""
    b = Bouw()
    b.persoon("L1", gemeente=None).registratie("L1", "PW_INDICATIE", "2016-01-01", "2021-02-15", reden="VRIJWILLIG")
    verhuis(b, "L1"); werkt(b, "L1")
    b.persoon("E2", gemeente=None).registratie("E2", "PW_INDICATIE", "2021-02-15")
    verhuis(b, "E2"); werkt(b, "E2")
    b.persoon("U1", gemeente=None).registratie("U1", "PW_INDICATIE", "2016-01-01")
    b.rijen["woonplaats"].append(dict(persoon_id="U1", gemeentecode="GM0001", begin="2021-02-01", einde=None))
    werkt(b, "U1")
    b.persoon("R1", gemeente="GM0001").registratie("R1", "PW_INDICATIE", "2016-01-01", "2020-06-30", reden="GEEN_ARBEIDSVERMOGEN") \
        .registratie("R1", "WSW_BEGELEID_WERK", "2015-01-01").registratie("R1", "WAJONG_OUD", "2021-02-01")
    werkt(b, "R1")
    pw(b, "Z1"); werkt(b, "Z1", uren=0.0, loon=500.0)
    pw(b, "Z2"); b.maand_opgave("Z2", "K", "WG01", 2020, 12, 0.0, loon=500.0).maand_opgave("Z2", "K", "WG01", 2021, 3, UREN)
    pub = publicatie(schrijf(b, tmp_path / "d"), jaargrondslagen="jaarbegin")
    u, i, bl = ("uitstroom", "werkzaam"), ("instroom", "werkzaam"), ("blijver", "behoudt_werk", "")
    assert cellen(pub, "NL") == {(*u, "vrijwillige_uitschrijving", "participatiewet"): 1,
                                 (*i, "doelgroep_participatiewet", "participatiewet"): 1, (*i, "overig", "wajong"): 1,
                                 (*bl, "participatiewet"): 3}
    assert cellen(pub, "AM01") == {(*u, "vrijwillige_uitschrijving", "participatiewet"): 1,
                                   (*i, "aankomst_in_regio", "participatiewet"): 1, (*i, "overig", "wajong"): 1,
                                   (*bl, "participatiewet"): 2}
    assert cellen(pub, "AM02") == {(*i, "doelgroep_participatiewet", "participatiewet"): 1}
    assert cellen(pub, "onbekend") == {(*u, "vertrek_uit_regio", "participatiewet"): 1}
    assert componenten(pub) == pytest.approx({"instroom_personen": 2.0, "nieuwe_ikv": 1.0, "urengroei": 0.0,
                                              "uitstroom_personen": -1.0, "beeindigde_ikv": 0.0, "urenkrimp": 0.0,
                                              "bruto_toename": 3.0, "bruto_afname": -1.0, "netto": 2.0})


def test_wml_voorziening_vanaf_2019_is_instroom_overig(tmp_path):
    """AMBIGUITY (RULES.md §2 "WML met voorziening (from 2019)" under Participatiewet; §6 inflow reasons): V1 has
    PW_WML_VOORZIENING since 2017 and works; on 31-12-2018 the grondslag does not count, on 31-3-2019 it does. V1 is
    an instromer of 2019Q1; no PW_* row *began* in the period, so the code gives `overig` (new Wajong/Wsw/Wiw-ID,
    re-admission), while the person enters through a Participatiewet grondslag. RULES.md does not say which."""
    b = Bouw()
    b.persoon("V1", gemeente="GM0001").registratie("V1", "PW_WML_VOORZIENING", "2017-01-01")
    werkt(b, "V1", maanden=((2018, 12), (2019, 3)))
    pub = trend.publicatie(schrijf(b, tmp_path / "d"), "2019Q1", jaargrondslagen="actueel", volledigheid_maanden=0)
    assert cellen(pub) == {("instroom", "werkzaam", "overig", "participatiewet"): 1}


# --------------------------------------------------------------------------- bruto / netto

def test_bruto_netto_kwartaalopgave_verhuizing_soortwissel_inleen_overheid(tmp_path):
    """RULES.md §6 table, §3 (tijdvak conversion by calendar days), §4 (inleen is its own soort, also at an overheid
    employer), all P-wet:
    S1 job K: KWARTAAL opgave Oct-Dec 2020 of 332,76 h -> 332,76 x 31/92 = 112,127 h = 1,010870 baan; March 2021
       166,38 h = 1,5 baan (another opgave of the same job) -> urengroei 0,489130 (regulier markt, AM01).
    M1 moves AM01 -> AM02 on 2021-02-01, job 1 -> 1,5 baan: AM01 uitstroom_personen -1, AM02 instroom_personen +1,5,
       NL urengroei +0,5.
    O1 job at an overheid employer (sector 61, Ufo 100%), in March aard 11 (uitzendkracht): regulier_overheid
       beeindigde_ikv -1, inleen nieuwe_ikv +1, totaal no change.
    O2 inleen (soort_baan 4) at the overheid employer on both dates, 1 -> 0,5: inleen urenkrimp -0,5.
    NL totaal: urengroei 0,489130 + 0,5 = 0,989130; urenkrimp -0,5; netto 0,489130.
    NL regulier_markt netto 0,989130; regulier_overheid -1; inleen +0,5 (nieuwe 1, krimp -0,5).
    AM01 totaal: urengroei 0,489130, uitstroom -1, urenkrimp -0,5: netto -1,010870. AM02: instroom +1,5.
    Netto = reeks difference in every region and soort."""
    b = Bouw()
    pw(b, "S1")
    b.opgave("S1", "K", "WG01", "2020-10-01", "2020-12-31", 3 * UREN, tijdvak="KWARTAAL")
    for m in (1, 2):
        b.maand_opgave("S1", "K", "WG01", 2021, m, UREN)
    b.maand_opgave("S1", "K", "WG01", 2021, 3, 1.5 * UREN)
    b.persoon("M1", gemeente=None).registratie("M1", "PW_INDICATIE", "2016-01-01")
    verhuis(b, "M1")
    b.maand_opgave("M1", "K", "WG01", 2020, 12, UREN).maand_opgave("M1", "K", "WG01", 2021, 3, 1.5 * UREN)
    pw(b, "O1")
    b.maand_opgave("O1", "K", "WG02", 2020, 12, UREN, sector="61", ufo=100000.0) \
        .maand_opgave("O1", "K", "WG02", 2021, 3, UREN, sector="61", ufo=100000.0, aard="11")
    pw(b, "O2")
    b.maand_opgave("O2", "K", "WG02", 2020, 12, UREN, sector="61", ufo=100000.0, soort_baan="4") \
        .maand_opgave("O2", "K", "WG02", 2021, 3, UREN / 2, sector="61", ufo=100000.0, soort_baan="4")
    pub = publicatie(schrijf(b, tmp_path / "d"))
    s1 = 1.5 - 3 * UREN * 31 / 92 / UREN
    nul = {k: 0.0 for k in (*verloop.COMPONENTEN, *verloop.TOTALEN)}
    assert componenten(pub) == pytest.approx({**nul, "urengroei": s1 + 0.5, "urenkrimp": -0.5, "bruto_toename": s1 + 0.5,
                                              "bruto_afname": -0.5, "netto": s1})
    assert componenten(pub, soort="regulier_markt") == pytest.approx({**nul, "urengroei": s1 + 0.5, "bruto_toename": s1 + 0.5,
                                                                      "netto": s1 + 0.5})
    assert componenten(pub, soort="regulier_overheid") == pytest.approx({**nul, "beeindigde_ikv": -1.0, "bruto_afname": -1.0,
                                                                         "netto": -1.0})
    assert componenten(pub, soort="inleen") == pytest.approx({**nul, "nieuwe_ikv": 1.0, "urenkrimp": -0.5, "bruto_toename": 1.0,
                                                              "bruto_afname": -0.5, "netto": 0.5})
    am01 = componenten(pub, regio="AM01")
    assert am01 == pytest.approx({**nul, "urengroei": s1, "uitstroom_personen": -1.0, "urenkrimp": -0.5,
                                  "bruto_toename": s1, "bruto_afname": -1.5, "netto": s1 - 1.5})
    assert componenten(pub, regio="AM02") == pytest.approx({**nul, "instroom_personen": 1.5, "bruto_toename": 1.5, "netto": 1.5})
    r = pub.tabellen["reeks"].data.set_index(["kwartaal", "regio"])
    for regio in ("NL", "AM01", "AM02", "onbekend"):
        for soort, kol in (("totaal", "banen"), *((s, f"banen_{s}") for s in trend.SOORTEN)):
            c = componenten(pub, regio=regio, soort=soort)
            assert c["netto"] == pytest.approx(r.at[("2021Q1", regio), kol] - r.at[("2020Q4", regio), kol], abs=1e-9)
            assert sum(c[k] for k in verloop.COMPONENTEN) == pytest.approx(c["netto"], abs=1e-9)


def test_monitor_eerste_jaar_en_verdeelsleutel(tmp_path):
    """RULES.md §4, §6 in the landelijke monitor. K1 inleen 1 baan in December 2012, 2013, 2019, 2020; K2 regulier
    overheid 1 baan (sector 61, Ufo 100%) the same Decembers; both registered since 2010. K3 enters 2013-06-01 with 1
    baan at a markt employer in December 2013.
    2013 (first year, against the nulmeting, verdeelsleutel 24% both dates): nulmeting markt 0,76, overheid 1,24;
    2013 markt 1,76, overheid 1,24: markt instroom_personen +1 = netto = extra banen; overheid all 0.
    2020 (from 31-12-2019, key 27,8%, to 31-12-2020, key 33,7%): nobody's hours change, yet K1's inleen moves
    0,059 baan from markt to overheid: markt urenkrimp -0,059, overheid urengroei +0,059, totaal 0.
    AMBIGUITY: the 'urengroei'/'urenkrimp' of a sector then measure a change of the verdeelsleutel, not of hours
    (RULES.md §6 defines them on hours of jobs on both dates); the definition printed does not say so."""
    b = Bouw()
    pw(b, "K1", begin="2010-01-01"); pw(b, "K2", begin="2010-01-01"); pw(b, "K3", begin="2013-06-01")
    for j in (2012, 2013, 2019, 2020):
        b.maand_opgave("K1", "A", "WG01", j, 12, UREN, soort_baan="4")
        b.maand_opgave("K2", "B", "WG02", j, 12, UREN, sector="61", ufo=100000.0)
    b.maand_opgave("K3", "C", "WG01", 2013, 12, UREN)
    ds = schrijf(b, tmp_path / "d")

    def comp(pub, s):
        bn = pub.tabellen["bruto_netto"].data
        return dict(zip(bn.loc[bn["soort"] == s, "component"], bn.loc[bn["soort"] == s, "banen"]))

    p13 = monitor.publicatie(ds, 2013)
    assert set(p13.tabellen["bruto_netto"].data["vergelijking"]) == {"nulmeting"}
    bs = p13.tabellen["banen_sector"].data.set_index("sector")
    assert bs.at["markt", "nulmeting"] == pytest.approx(0.76) and bs.at["overheid", "nulmeting"] == pytest.approx(1.24)
    m = comp(p13, "markt")
    assert m["instroom_personen"] == pytest.approx(1.0) and m["netto"] == pytest.approx(bs.at["markt", "extra_banen"])
    assert all(v == pytest.approx(0.0) for v in comp(p13, "overheid").values())
    p20 = monitor.publicatie(ds, 2020)
    assert comp(p20, "markt")["urenkrimp"] == pytest.approx(-(0.337 - 0.278))
    assert comp(p20, "overheid")["urengroei"] == pytest.approx(0.337 - 0.278)
    assert all(v == pytest.approx(0.0) for v in comp(p20, "totaal").values())
    r = p20.tabellen["reeks"].data.set_index(["jaar", "sector"])["banen"]
    for s in ("markt", "overheid", "totaal"):
        assert comp(p20, s)["netto"] == pytest.approx(r[(2020, s)] - r[(2019, s)])


# --------------------------------------------------------------------------- identities fail loudly

def test_bruto_netto_breuk_stopt():
    """RULES.md §6 identity: the six components add up to netto = banen now - banen before; and banen of the
    decomposition = the published banen. Both breaks raise IdentiteitFout."""
    vr = pd.DataFrame({"van": [pd.Timestamp("2020-12-31")], "tot": [pd.Timestamp("2021-03-31")], "regio": ["NL"],
                       "personen_van": [1], "personen_tot": [1], "werkzaam_van": [1], "werkzaam_tot": [1],
                       "banen_van_totaal": [1.0], "banen_tot_totaal": [2.0]})
    leeg = pd.DataFrame(columns=["van", "tot"])
    bn = pd.DataFrame({"van": [pd.Timestamp("2020-12-31")], "tot": [pd.Timestamp("2021-03-31")], "regio": ["NL"],
                       "soort": ["totaal"], "instroom_personen": [0.0], "nieuwe_ikv": [0.0], "urengroei": [0.5],
                       "uitstroom_personen": [0.0], "beeindigde_ikv": [0.0], "urenkrimp": [0.0],
                       "banen_van": [1.0], "banen_tot": [2.0], "netto": [1.0]})
    with pytest.raises(verloop.IdentiteitFout, match="zes componenten"):
        verloop.controleer_identiteiten(leeg, vr, bn)
    bn2 = bn.assign(urengroei=1.0, banen_tot=2.5, netto=1.5)
    with pytest.raises(verloop.IdentiteitFout, match="banen op tot"):
        verloop.controleer_identiteiten(leeg, vr, bn2)


# --------------------------------------------------------------------------- disclosure

def test_onthulling_verhuizers_niet_af_te_leiden(tmp_path):
    """RULES.md §10 with the §6 identities, default min_cel 10. AM01: 20 blijvers (work both dates), 12 uitstromers
    (T_PLUS_2, werkzaam); AM02: 20 blijvers; 3 movers AM01 -> AM02 (werkzaam). Sensitive: AM01 vertrek 3, AM02
    aankomst 3, AM02 instroom 3, bruto_netto AM02 instroom_personen (3 persons).
    Hand derivations tried on the published tables, all blocked:
    (a) AM01 uitstroom totaal (15) - AM01 overig (12) = vertrek 3: the total is suppressed;
    (b) AM01 uitstroom totaal - NL uitstroom totaal (12) = movers 3: both suppressed;
    (c) NL blijvers (43) - AM01 blijvers (20) - AM02 blijvers (20) = movers 3: suppressed;
    (d) AM02 personen now (23, published) - AM02 personen 2020Q4 (20) = AM02 instroom 3 (AM02 uitstroom 0 is
        published): the 2020Q4 stock of AM02 is suppressed in kerncijfers and reeks;
    (e) AM02 netto banen 23 - 20 = instroom_personen 3: netto and the 2020Q4 banen of AM02 are suppressed.
    The 2020Q1 comparison (AM02 20 -> 23, verschil 3) is published, but it is a change of stocks of >= 10, and
    2020Q1 is not a flow pair here."""
    b = Bouw()
    for i in range(20):
        pw(b, f"A{i}"); werkt(b, f"A{i}")
        pw(b, f"B{i}", gemeente="GM0002"); werkt(b, f"B{i}")
    for i in range(12):
        pw(b, f"U{i}", einde="2021-02-01", reden="T_PLUS_2"); werkt(b, f"U{i}")
    for i in range(3):
        b.persoon(f"M{i}", gemeente=None).registratie(f"M{i}", "PW_INDICATIE", "2016-01-01")
        verhuis(b, f"M{i}"); werkt(b, f"M{i}")
    pub = publicatie(schrijf(b, tmp_path / "d"))
    # the counted truth first
    assert cellen(pub, "AM01")[("uitstroom", "werkzaam", "vertrek_uit_regio", "participatiewet")] == 3
    gep = pub.publiceer()
    s = gep["verloop_samenvatting"].set_index(["van_kwartaal", "regio", "stroom", "werkzaam_status", "reden"])["personen"]

    def w(r, stroom, ws="totaal", reden="totaal"):
        v = s[("2020Q4", r, stroom, ws, reden)]
        return None if pd.isna(v) else int(v)

    assert w("AM01", "uitstroom", reden="vertrek_uit_regio") is None and w("AM02", "instroom", reden="aankomst_in_regio") is None
    assert w("AM02", "instroom") is None
    assert w("AM01", "uitstroom") is None or w("AM01", "uitstroom", reden="overig") is None               # (a)
    assert w("AM01", "uitstroom") is None or w("NL", "uitstroom") is None                                 # (b)
    assert None in (w("NL", "blijver", "totaal", ""), w("AM01", "blijver", "totaal", ""), w("AM02", "blijver", "totaal", ""))  # (c)
    kc = gep["kerncijfers"].set_index(["regio", "indicator"])
    rk = gep["reeks"].set_index(["kwartaal", "regio"])
    assert pd.isna(kc.at[("AM02", "personen"), "vorig_kwartaal"]) and pd.isna(rk.at[("2020Q4", "AM02"), "personen"])  # (d)
    bn = gep["bruto_netto"]
    am02 = bn.loc[(bn["vergelijking"] == "vorig_kwartaal") & (bn["regio"] == "AM02") & (bn["soort"] == "totaal")].set_index("component")["banen"]
    assert pd.isna(am02["instroom_personen"]) and pd.isna(am02["netto"]) and pd.isna(rk.at[("2020Q4", "AM02"), "banen"])  # (e)


def _bn(gep, regio="NL", vergelijking="vorig_kwartaal"):
    bn = gep["bruto_netto"]
    d = bn.loc[(bn["vergelijking"] == vergelijking) & (bn["regio"] == regio)]
    return d.pivot(index="component", columns="soort", values="banen")


def test_onthulling_bruto_netto_regio_naar_nl(tmp_path):
    """RULES.md §10 (region -> NL) on table bruto_netto. AM01: G0-G9 one job 1 -> 1,5 baan (urengroei +5,0, 10
    persons), D0-D9 1 -> 0,5 (urenkrimp -5,0, 10 persons). AM02: T0-T9 1 -> 1 (no change), H0-H1 1 -> 2 (urengroei
    +2,0, 2 persons), E0-E1 1 -> 0,5 (urenkrimp -1,0, 2 persons). Nobody moves, so every component of NL is the sum
    of the regions' (AM01 + AM02 + onbekend), and the reader can see that nobody moved: vertrek_uit_regio and
    aankomst_in_regio are published 0 in every region.
    Published (min_cel 10): NL urengroei 7,0, AM01 urengroei 5,0, onbekend 0,0 -> AM02 urengroei = 7,0 - 5,0 - 0 =
    2,0, a cell of 2 persons the table suppresses (likewise urenkrimp -6,0 - -5,0 = -1,0). Expected: at least one of
    NL / AM01 / onbekend urengroei suppressed."""
    b = Bouw()
    for i in range(10):
        pw(b, f"G{i}"); b.maand_opgave(f"G{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"G{i}", "K", "WG01", 2021, 3, 1.5 * UREN)
        pw(b, f"D{i}"); b.maand_opgave(f"D{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"D{i}", "K", "WG01", 2021, 3, 0.5 * UREN)
        pw(b, f"T{i}", gemeente="GM0002"); werkt(b, f"T{i}")
    for i in range(2):
        pw(b, f"H{i}", gemeente="GM0002")
        b.maand_opgave(f"H{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"H{i}", "K", "WG01", 2021, 3, 2 * UREN)
        pw(b, f"E{i}", gemeente="GM0002")
        b.maand_opgave(f"E{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"E{i}", "K", "WG01", 2021, 3, 0.5 * UREN)
    pub = publicatie(schrijf(b, tmp_path / "d"))
    assert componenten(pub, regio="AM02")["urengroei"] == pytest.approx(2.0)  # the counted truth: 2 persons
    gep = pub.publiceer()
    s = gep["verloop_samenvatting"].set_index(["van_kwartaal", "regio", "stroom", "werkzaam_status", "reden"])["personen"]
    assert all(s[("2020Q4", r, "uitstroom", "totaal", "vertrek_uit_regio")] == 0 for r in ("AM01", "AM02", "onbekend"))
    assert pd.isna(_bn(gep, "AM02").at["urengroei", "totaal"])
    gepubliceerd = [_bn(gep, r).at["urengroei", "totaal"] for r in ("NL", "AM01", "onbekend")]
    assert any(pd.isna(v) for v in gepubliceerd), f"AM02 urengroei = {gepubliceerd[0]} - {gepubliceerd[1]} - {gepubliceerd[2]}"


def test_onthulling_bruto_netto_soort_naar_totaal(tmp_path):
    """RULES.md §10 (sector -> totaal) on table bruto_netto, all in AM01. Regulier markt: G0-G9 1 -> 1,5 baan
    (urengroei +5,0), D0-D9 1 -> 0,5 (urenkrimp -5,0). Inleen (soort_baan 4): T0-T9 1 -> 1, H0-H1 1 -> 2 (urengroei
    +2,0, 2 persons), E0-E1 1 -> 0,5 (urenkrimp -1,0, 2 persons). No job changes soort; a change would show as
    beeindigde_ikv in one soort and nieuwe_ikv in another, and those are published 0 in every soort, so the reader
    knows totaal = markt + overheid + inleen for every component.
    Published: totaal urengroei 7,0, regulier_markt 5,0, regulier_overheid 0,0 -> inleen urengroei = 2,0 (2
    persons, suppressed). Expected: one of the three suppressed."""
    b = Bouw()
    for i in range(10):
        pw(b, f"G{i}"); b.maand_opgave(f"G{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"G{i}", "K", "WG01", 2021, 3, 1.5 * UREN)
        pw(b, f"D{i}"); b.maand_opgave(f"D{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"D{i}", "K", "WG01", 2021, 3, 0.5 * UREN)
        pw(b, f"T{i}"); werkt(b, f"T{i}", soort_baan="4")
    for i in range(2):
        pw(b, f"H{i}")
        b.maand_opgave(f"H{i}", "K", "WG01", 2020, 12, UREN, soort_baan="4").maand_opgave(f"H{i}", "K", "WG01", 2021, 3, 2 * UREN, soort_baan="4")
        pw(b, f"E{i}")
        b.maand_opgave(f"E{i}", "K", "WG01", 2020, 12, UREN, soort_baan="4").maand_opgave(f"E{i}", "K", "WG01", 2021, 3, 0.5 * UREN, soort_baan="4")
    pub = publicatie(schrijf(b, tmp_path / "d"))
    assert componenten(pub, soort="inleen")["urengroei"] == pytest.approx(2.0)
    t = _bn(pub.publiceer())
    assert pd.isna(t.at["urengroei", "inleen"])
    assert (t.loc[["nieuwe_ikv", "beeindigde_ikv"]].fillna(-1) == 0).all().all()  # no soort change, visibly
    gepubliceerd = [t.at["urengroei", s] for s in ("totaal", "regulier_markt", "regulier_overheid")]
    assert any(pd.isna(v) for v in gepubliceerd), f"inleen urengroei = {gepubliceerd[0]} - {gepubliceerd[1]} - {gepubliceerd[2]}"


def test_onthulling_monitor_bruto_netto_sector_naar_totaal(tmp_path):
    """RULES.md §10 (sector -> totaal) in the landelijke monitor 2021 (31-12-2020 -> 31-12-2021, verdeelsleutel
    33,7% on both dates; nobody in inleen). Markt: G0-G9 1 -> 1,5 baan (urengroei +5,0), D0-D9 1 -> 0,5 (urenkrimp
    -5,0). Overheid (sector 61, Ufo 100%): T0-T9 1 -> 1, H0-H1 1 -> 2 (urengroei +2,0, 2 persons), E0-E1 1 -> 0,5
    (urenkrimp -1,0, 2 persons). nieuwe_ikv and beeindigde_ikv are published 0 in every sector: no job changed sector.
    Published: totaal urengroei 7,0 and markt 5,0 -> overheid urengroei = 2,0 (2 persons, suppressed).
    Expected: totaal or markt urengroei suppressed."""
    b = Bouw()
    ov = dict(sector="61", ufo=1e5)
    for i in range(10):
        pw(b, f"G{i}"); b.maand_opgave(f"G{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"G{i}", "K", "WG01", 2021, 12, 1.5 * UREN)
        pw(b, f"D{i}"); b.maand_opgave(f"D{i}", "K", "WG01", 2020, 12, UREN).maand_opgave(f"D{i}", "K", "WG01", 2021, 12, 0.5 * UREN)
        pw(b, f"T{i}"); b.maand_opgave(f"T{i}", "K", "WG02", 2020, 12, UREN, **ov).maand_opgave(f"T{i}", "K", "WG02", 2021, 12, UREN, **ov)
    for i in range(2):
        pw(b, f"H{i}"); b.maand_opgave(f"H{i}", "K", "WG02", 2020, 12, UREN, **ov).maand_opgave(f"H{i}", "K", "WG02", 2021, 12, 2 * UREN, **ov)
        pw(b, f"E{i}"); b.maand_opgave(f"E{i}", "K", "WG02", 2020, 12, UREN, **ov).maand_opgave(f"E{i}", "K", "WG02", 2021, 12, 0.5 * UREN, **ov)
    pub = monitor.publicatie(schrijf(b, tmp_path / "d"), 2021)
    bn = pub.publiceer()["bruto_netto"].pivot(index="component", columns="soort", values="banen")
    assert pd.isna(bn.at["urengroei", "overheid"])
    assert (bn.loc[["nieuwe_ikv", "beeindigde_ikv"]].fillna(-1) == 0).all().all()
    assert pd.isna(bn.at["urengroei", "totaal"]) or pd.isna(bn.at["urengroei", "markt"]), \
        f"overheid urengroei = {bn.at['urengroei', 'totaal']} - {bn.at['urengroei', 'markt']}"


@pytest.mark.parametrize("seed,jaargrondslagen,directe_einden", [(4, "halfjaar", True), (5, "jaarbegin", True),
                                                                  (7, "actueel", False)])
def test_identiteiten_met_beide_vergelijkingen(tmp_path, seed, jaargrondslagen, directe_einden):
    """RULES.md §6 identities for both flow pairs (verloop_van=beide: 2020Q4 and 2020Q1 -> 2021Q1) under
    halfjaar / jaarbegin / directe_einden=False on the random registers of test_verloop_regels: the run checks them
    itself (IdentiteitFout otherwise); recomputed here from the tables for the 2020Q1 pair in NL and each region."""
    from test_verloop_regels import willekeurig

    pub = publicatie(schrijf(willekeurig(seed), tmp_path / "d"), jaargrondslagen=jaargrondslagen,
                     directe_einden=directe_einden, verloop_van="beide")
    v = pub.tabellen["verloop"].data
    v = v.loc[v["van_kwartaal"] == "2020Q1"]
    kc = pub.tabellen["kerncijfers"].data.set_index(["regio", "indicator"])
    for regio in ("NL", "AM01", "AM02", "onbekend"):
        d = v.loc[v["regio"] == regio]

        def n(stroom, *status):
            m = d["stroom"] == stroom
            if status:
                m &= d["werkzaam_status"].isin(status)
            return int(d.loc[m, "personen"].sum())

        p, w = kc.loc[(regio, "personen")], kc.loc[(regio, "werkzame_personen")]
        assert p["zelfde_kwartaal_vorig_jaar"] - n("uitstroom") + n("instroom") == p["waarde"]
        assert w["zelfde_kwartaal_vorig_jaar"] == n("blijver", "behoudt_werk", "verliest_werk") + n("uitstroom", "werkzaam")
        assert w["waarde"] == n("blijver", "behoudt_werk", "vindt_werk") + n("instroom", "werkzaam")
