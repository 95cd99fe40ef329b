"""The counting engine (motor.tel) against a slow, obviously correct evaluation of the snapshot rules
written here in plain Python (RULES.md §2): on random small registers the per-person results agree on
several peildata at once."""
import datetime as dt

import pandas as pd
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from bouw import Bouw
from banenafspraak import motor
from banenafspraak.contract import TABELLEN
from banenafspraak.dates import ts
from banenafspraak.loading import lees_map
from banenafspraak.register import CATEGORIE_REGELS

PEILDATA = [dt.date(2014, 12, 31), dt.date(2016, 12, 31), dt.date(2019, 12, 31), dt.date(2023, 12, 31)]
GRONDSLAGEN = ["WAJONG_OUD", "WAJONG_2010", "PW_INDICATIE", "PW_VSO_PRO", "PW_WML_VOORZIENING", "WSW_BEGELEID_WERK",
               "WSW_DETACHERING", "WSW_BESCHUT", "WIW_ID", "QUOTUM_VOORZIENING"]
datum = st.dates(dt.date(2010, 1, 1), dt.date(2024, 6, 30))
rij = st.tuples(st.sampled_from(GRONDSLAGEN), datum, st.one_of(st.none(), datum))
persoon_st = st.fixed_dictionaries({"rijen": st.lists(rij, min_size=1, max_size=3),
                                    "overleden": st.one_of(st.none(), datum)})


def verwacht(p: dict, peildatum: dt.date, geldig=None):
    """The snapshot rules by hand: valid rows (begin <= peildatum <= end), WML only from 2019, the
    exclusions in their order, then the first category rule whose groups all hold a valid grondslag.
    ``geldig``: the valid grondslagen when already worked out (the quarterly rule)."""
    if geldig is None:
        geldig = {g for g, b, e in p["rijen"] if b <= peildatum and (e is None or e >= peildatum)}
    if not geldig:
        return None
    telt = set(geldig)
    if peildatum < dt.date(2019, 1, 1):
        telt.discard("PW_WML_VOORZIENING")
    if "WSW_BESCHUT" in telt:
        return ("uit", "beschut werk Wsw (WSW_BESCHUT geldig)")
    if not telt - {"WSW_BESCHUT", "QUOTUM_VOORZIENING"}:
        return ("uit", "alleen quotumgrondslag")
    if p["overleden"] is not None and p["overleden"] <= peildatum:
        return ("uit", "overleden")
    for groepen, cat, sub, _ in CATEGORIE_REGELS:
        if all(telt & set(g) for g in groepen):
            return (cat, sub)
    return ("uit", "")


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(persoon_st, min_size=1, max_size=12))
def test_motor_gelijk_aan_regels_met_de_hand(personen):
    b = Bouw()
    for i, p in enumerate(personen):
        pid = f"P{i:02d}"
        b.persoon(pid, geboren="1980-05-01", overleden=p["overleden"] and p["overleden"].isoformat())
        rijen = {}
        for g, begin, einde in p["rijen"]:
            if einde is not None and einde < begin:
                begin, einde = einde, begin
            rijen[(g, begin)] = einde  # the register's key is (persoon, grondslag, begin)
        p["rijen"] = [(g, begin, einde) for (g, begin), einde in rijen.items()]
        for g, begin, einde in p["rijen"]:
            b.registratie(pid, g, begin=begin.isoformat(), einde=einde and einde.isoformat())
    b.maand_opgave("P00", "I1", "W1", 2023, 12, 100.0)
    with tempfile.TemporaryDirectory() as d:
        ds = lees_map(b.schrijf(Path(d)))
    t = motor.tel(ds, PEILDATA)
    status = t.status.set_index(["datum", "persoon_id"])
    for peil in PEILDATA:
        for i, p in enumerate(personen):
            pid, v = f"P{i:02d}", verwacht(p, peil)
            sleutel = (ts(peil), pid)
            if v is None:
                assert sleutel not in status.index
                continue
            s = status.loc[sleutel]
            if v[0] == "uit":
                assert not s["in_populatie"] and s["uitsluiting"] == v[1], (peil, pid, v, dict(s))
            else:
                assert s["in_populatie"] and (s["categorie"], s["subcategorie"]) == v, (peil, pid, v, dict(s))


JAAR = {"WSW_BEGELEID_WERK", "WSW_DETACHERING", "WSW_BESCHUT", "WIW_ID"}
DIRECT = {"AOW", "OVERLIJDEN", "GEEN_ARBEIDSVERMOGEN", "BESCHUT_WERK_PW", "EMIGRATIE", "VRIJWILLIG"}
KWARTALEN = [dt.date(2016, 6, 30), dt.date(2019, 9, 30), dt.date(2023, 3, 31), dt.date(2023, 12, 31)]
rij_reden = st.tuples(st.sampled_from(GRONDSLAGEN), datum, st.one_of(st.none(), datum),
                      st.sampled_from([None, "OVERIG", "T_PLUS_2", "GEEN_ARBEIDSVERMOGEN", "VRIJWILLIG"]))
persoon_reden = st.fixed_dictionaries({"rijen": st.lists(rij_reden, min_size=1, max_size=3),
                                       "overleden": st.one_of(st.none(), datum)})


def geldig_kwartaal(rijen, peildatum: dt.date, modus: str) -> set:
    """The quarterly 1-January rule by hand (RULES.md §2 decision): Wsw and Wiw/ID rows valid on the
    jaardatum (1 January; halfjaar: 1 July from July) unless an at-once register end of the person lies
    on or after it and before the peildatum; every other row valid on the peildatum."""
    j = dt.date(peildatum.year, 7 if modus == "halfjaar" and peildatum.month >= 7 else 1, 1)
    direct = any(r in DIRECT and e is not None and j <= e < peildatum for _, _, e, r in rijen)
    return {g for g, b, e, r in rijen
            if (g in JAAR and not direct and b <= j and (e is None or e >= j))
            or (g not in JAAR and b <= peildatum and (e is None or e >= peildatum))}


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(persoon_reden, min_size=1, max_size=10), st.sampled_from(["jaarbegin", "halfjaar"]))
def test_kwartaalregel_gelijk_aan_regels_met_de_hand(personen, modus):
    """motor.tel(jaargrondslagen=...) against :func:`geldig_kwartaal` on random registers."""
    b = Bouw()
    for i, p in enumerate(personen):
        pid = f"P{i:02d}"
        b.persoon(pid, geboren="1980-05-01", overleden=p["overleden"] and p["overleden"].isoformat())
        rijen = {}
        for g, begin, einde, reden in p["rijen"]:
            if einde is not None and einde < begin:
                begin, einde = einde, begin
            rijen[(g, begin)] = (einde, reden if einde is not None else None)
        p["rijen"] = [(g, begin, einde, reden) for (g, begin), (einde, reden) in rijen.items()]
        for g, begin, einde, reden in p["rijen"]:
            b.registratie(pid, g, begin=begin.isoformat(), einde=einde and einde.isoformat(), reden=reden)
    b.maand_opgave("P00", "I1", "W1", 2023, 12, 100.0)
    with tempfile.TemporaryDirectory() as d:
        ds = lees_map(b.schrijf(Path(d)))
    status = motor.tel(ds, KWARTALEN, jaargrondslagen=modus).status.set_index(["datum", "persoon_id"])
    for peil in KWARTALEN:
        for i, p in enumerate(personen):
            pid = f"P{i:02d}"
            v = verwacht(p, peil, geldig_kwartaal(p["rijen"], peil, modus))
            sleutel = (ts(peil), pid)
            if v is None:
                assert sleutel not in status.index, (peil, pid, p)
                continue
            s = status.loc[sleutel]
            if v[0] == "uit":
                assert not s["in_populatie"] and s["uitsluiting"] == v[1], (peil, pid, v, dict(s), p)
            else:
                assert s["in_populatie"] and (s["categorie"], s["subcategorie"]) == v, (peil, pid, v, dict(s), p)


# --------------------------------------------------------------------------- a peildatum with two dates (RULES.md §3)

def test_peil_doelgroep_en_uren_op_twee_datums(tmp_path):
    """Peil(1-1-2013, 31-12-2012): A (registered from 1-1-2013) is in the doelgroep, B (ended 31-12-2012)
    is not; the hours are those of December 2012: A 2 banen (221,84 / 110,92), C 1 baan; A's January 2013
    opgave (tijdvak does not contain 31-12-2012) counts for nothing."""
    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD", begin="2013-01-01")
    b.persoon("B").registratie("B", "WAJONG_OUD", begin="2010-01-01", einde="2012-12-31")
    b.persoon("C").registratie("C", "WAJONG_OUD", begin="2010-01-01")
    b.maand_opgave("A", "I1", "W1", 2012, 12, 221.84).maand_opgave("A", "I1", "W1", 2013, 1, 500.0)
    b.maand_opgave("B", "I1", "W1", 2012, 12, 110.92).maand_opgave("C", "I1", "W1", 2012, 12, 110.92)
    ds = lees_map(b.schrijf(tmp_path / "d"))
    t = motor.tel(ds, [motor.Peil(ts("2013-01-01"), ts("2012-12-31")), "2012-12-31"])
    assert t.peildata == [ts("2012-12-31"), ts("2013-01-01")]
    assert t.urendatum("2013-01-01") == ts("2012-12-31")
    nul = t.ikv_op("2013-01-01").set_index("persoon_id")["banen"]
    assert nul.to_dict() == {"A": 2.0, "C": 1.0}
    assert sorted(t.populatie("2013-01-01")["persoon_id"]) == ["A", "C"]
    # the same December 2012 on its own date: B instead of A
    assert t.ikv_op("2012-12-31").set_index("persoon_id")["banen"].to_dict() == {"B": 1.0, "C": 1.0}
    import pytest
    with pytest.raises(ValueError, match="twee urendata"):
        motor.peilen([motor.Peil(ts("2013-01-01"), ts("2012-12-31")), "2013-01-01"])


# --------------------------------------------------------------------------- polis straight from parquet

def test_polis_uit_het_parquetbestand(tmp_path):
    """A directory read with only the opgaven of December 2023 in pandas: the engine reads the parquet
    file itself, so December 2022 still counts (A: 110,92 h = 1 baan; 2023: 221,84 h = 2 banen); the
    CSV directory read whole gives the same figures from the frame."""
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE")
    b.maand_opgave("A", "I1", "W1", 2022, 12, 110.92).maand_opgave("A", "I1", "W1", 2023, 12, 221.84)
    map = b.schrijf(tmp_path / "pq", formaat="parquet")
    for naam in ("polis", "werkgever"):  # a typed parquet file, as a real extraction writes it
        df = pd.read_parquet(map / f"{naam}.parquet")
        for k in TABELLEN[naam].kolommen:
            if k.type == "date":
                df[k.naam] = pd.to_datetime(df[k.naam]).dt.date
            elif k.type in ("decimal", "int"):
                df[k.naam] = pd.to_numeric(df[k.naam])
        df.to_parquet(map / f"{naam}.parquet", index=False)
    pq = lees_map(map, polis_peildata=["2023-12-31"])
    assert len(pq["polis"]) == 1 and motor.bestand(pq, "polis") == tmp_path / "pq" / "polis.parquet"
    csv = lees_map(b.schrijf(tmp_path / "csv"))
    assert motor.bestand(csv, "polis") is None
    for ds in (pq, csv):
        t = motor.tel(ds, ["2022-12-31", "2023-12-31"])
        assert t.ikv.groupby("peildatum")["banen"].sum().to_dict() == {ts("2022-12-31"): 1.0, ts("2023-12-31"): 2.0}
    assert motor.bestand({"polis": csv["polis"]}, "polis") is None  # a dict of frames: the frame


# --------------------------------------------------------------------------- region of residence (RULES.md §3, §6)

def test_regio_van_de_woonplaats_op_de_peildatum(tmp_path):
    """gemeente_regio with 2012 (GM0014 -> AM01) and 2020 (GM0014 -> AM02): the year used is the latest
    on or before the peildatum's year (the earliest before 2012). A moves from GM0014 to GM0363 on
    1-1-2017; C stays in GM0014; B has no residence spell: onbekend."""
    from banenafspraak.regio import arbeidsmarktregio_op

    b = Bouw()
    b.persoon("A", gemeente=None).registratie("A", "WAJONG_OUD")
    b.rijen["woonplaats"] += [dict(persoon_id="A", gemeentecode="GM0014", begin="1980-05-01", einde="2016-12-31"),
                              dict(persoon_id="A", gemeentecode="GM0363", begin="2017-01-01", einde=None)]
    b.persoon("B", gemeente=None).registratie("B", "WAJONG_OUD")
    b.persoon("C", gemeente="GM0014").registratie("C", "WAJONG_OUD")
    b.maand_opgave("A", "I1", "W1", 2023, 12, 100.0)
    map = b.schrijf(tmp_path / "d")
    rijen = [(j, "GM0014", "Groningen", "AM01" if j == 2012 else "AM02", "Groningen" if j == 2012 else "Friesland")
             for j in (2012, 2020)] + [(j, "GM0363", "Amsterdam", "AM13", "Groot Amsterdam") for j in (2012, 2020)]
    pd.DataFrame(rijen, columns=["jaar", "gemeentecode", "gemeentenaam", "arbeidsmarktregio_code",
                                 "arbeidsmarktregio_naam"]).to_csv(map / "gemeente_regio.csv", index=False)
    ds = lees_map(map)
    peildata = ["2012-12-31", "2016-12-31", "2019-12-31", "2021-12-31"]
    t = motor.tel(ds, peildata)
    code = t.status.set_index(["datum", "persoon_id"])["arbeidsmarktregio_code"]
    verwacht = {"2012-12-31": ("AM01", "onbekend", "AM01"), "2016-12-31": ("AM01", "onbekend", "AM01"),
                "2019-12-31": ("AM13", "onbekend", "AM01"), "2021-12-31": ("AM13", "onbekend", "AM02")}
    for peil, (a, b_, c) in verwacht.items():
        assert (code[(ts(peil), "A")], code[(ts(peil), "B")], code[(ts(peil), "C")]) == (a, b_, c), peil
        # the same SQL for a list of persons on one date
        r = arbeidsmarktregio_op(ds["woonplaats"], ds["gemeente_regio"], ["C", "B", "A", "C"], peil)
        assert list(r["persoon_id"]) == ["C", "B", "A"] and list(r["arbeidsmarktregio_code"]) == [c, b_, a]
    assert t.populatie("2021-12-31").set_index("persoon_id")["arbeidsmarktregio_naam"].to_dict() == {
        "A": "Groot Amsterdam", "B": "onbekend", "C": "Friesland"}
    # without the residence tables the engine has no region (NULL), not 'onbekend'
    zonder = motor.tel({k: ds[k] for k in ("persoon", "doelgroepregister", "polis", "werkgever")}, ["2021-12-31"])
    assert zonder.status["arbeidsmarktregio_code"].isna().all()


def test_overlappende_woonperioden_niet_dubbel_geteld(tmp_path):
    """Input that skipped the contract check with two residence spells of A holding one date: the
    engine refuses it, naming the person, instead of counting A twice (the contract check refuses the
    same data with its own message)."""
    import pytest

    b = Bouw()
    b.persoon("A", gemeente=None).registratie("A", "WAJONG_OUD")
    b.rijen["woonplaats"] += [dict(persoon_id="A", gemeentecode="GM0014", begin="2010-01-01", einde=None),
                              dict(persoon_id="A", gemeentecode="GM0363", begin="2017-01-01", einde=None)]
    b.persoon("B", gemeente="GM0014").registratie("B", "WAJONG_OUD")
    b.maand_opgave("A", "I1", "W1", 2023, 12, 100.0)
    ds = lees_map(b.schrijf(tmp_path / "d"), valideer=False)
    with pytest.raises(ValueError, match="overlappende woonperioden.*A"):
        motor.tel(ds, ["2021-12-31"])
    assert motor.tel(ds, ["2016-12-31"]).populatie("2016-12-31")["arbeidsmarktregio_code"].notna().all()


# --------------------------------------------------------------------------- DuckDB settings from the environment

def test_duckdb_instellingen_uit_de_omgeving(monkeypatch, tmp_path):
    """BANENAFSPRAAK_DUCKDB_GEHEUGEN / _TEMP / _THREADS set memory_limit, temp_directory and threads on
    every connection the suite opens (also werk.polis_verbinding); TimeZone is always UTC; a bad value
    is one line naming the variable."""
    import pytest

    from banenafspraak import verbinding as vb
    from banenafspraak.werk import polis_verbinding

    monkeypatch.setenv(vb.ENV_GEHEUGEN, "1GB")
    monkeypatch.setenv(vb.ENV_TEMP, str(tmp_path / "spill"))
    monkeypatch.setenv(vb.ENV_THREADS, "1")
    for con in (vb.verbinding(), polis_verbinding(Bouw().frames()["polis"])):
        instelling = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                      "('memory_limit', 'temp_directory', 'threads', 'TimeZone')").fetchall())
        assert instelling["threads"] == "1" and instelling["TimeZone"] == "UTC"
        assert instelling["temp_directory"] == str(tmp_path / "spill")
        assert instelling["memory_limit"] in ("953.6 MiB", "1.0 GiB", "1000.0 MB", "953.6MiB")
        con.close()
    monkeypatch.setenv(vb.ENV_GEHEUGEN, "veel")
    with pytest.raises(ValueError, match="BANENAFSPRAAK_DUCKDB_GEHEUGEN='veel'"):
        vb.verbinding()
    assert vb.instellingen({vb.ENV_GEHEUGEN: "", vb.ENV_THREADS: " "}) == {}
    with pytest.raises(ValueError, match="BANENAFSPRAAK_DUCKDB_THREADS='0'"):
        vb.instellingen({vb.ENV_THREADS: "0"})
