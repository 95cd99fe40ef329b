"""The counting engine (motor.tel) against a slow, obviously correct evaluation of the snapshot rules
written here in plain Python (RULES.md §2): on random small registers the per-person results agree on
several peildata at once."""
import calendar
import datetime as dt

import pandas as pd
import pytest
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
    if not telt - {"WSW_BESCHUT", "QUOTUM_VOORZIENING"}:  # the at-once end first (the quotum's group ends with it)
        return ("uit", "overleden" if p["overleden"] is not None and p["overleden"] <= peildatum else "alleen quotumgrondslag")
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
    jaardatum (1 January; halfjaar: 1 July from July), every other row valid on the peildatum; and an at-once
    register end of the person (S2 Q11: it ends all grondslagen) before the peildatum ends every row that
    began on or before it."""
    j = dt.date(peildatum.year, 7 if modus == "halfjaar" and peildatum.month >= 7 else 1, 1)

    def beeindigd(begin):
        # the reasons are at-once from 2012-01-01 (parameter register.directe_einde_redenen)
        return any(r in DIRECT and e is not None and e >= dt.date(2012, 1, 1) and begin <= e < peildatum
                   for _, _, e, r in rijen)

    return {g for g, b, e, r in rijen if not beeindigd(b)
            and ((g in JAAR and b <= j and (e is None or e >= j))
                 or (g not in JAAR and b <= peildatum and (e is None or e >= peildatum)))}


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


# --------------------------------------------------------------------------- banen: engine against the rules by hand

WERKGEVERS = {"W0": ("01", 0.0), "W1": ("61", 92000.0), "W2": ("61", 50000.0), "W3": ("52", 0.0)}  # (wfsv, ufo uren)
BANEN_PEIL = [dt.date(2021, 12, 31), dt.date(2022, 3, 31), dt.date(2023, 12, 31)]


def _tijdvak(soort: str, jaar: int, i: int) -> tuple[dt.date, dt.date]:
    """Period ``i`` of its kind in ``jaar``: a month, a quarter or a four-week period (the 13th ends on
    31 December)."""
    if soort == "MAAND":
        m = i % 12 + 1
        return dt.date(jaar, m, 1), dt.date(jaar, m, calendar.monthrange(jaar, m)[1])
    if soort == "KWARTAAL":
        q = i % 4
        b = dt.date(jaar, 3 * q + 1, 1)
        return b, dt.date(jaar, 3 * q + 3, calendar.monthrange(jaar, 3 * q + 3)[1])
    k = i % 13
    b = dt.date(jaar, 1, 1) + dt.timedelta(days=28 * k)
    return b, (dt.date(jaar, 12, 31) if k == 12 else b + dt.timedelta(days=27))


opgave_st = st.fixed_dictionaries({
    "persoon": st.integers(0, 4), "ikv": st.sampled_from(["I1", "I2"]), "werkgever": st.sampled_from(sorted(WERKGEVERS)),
    "soort": st.sampled_from(["MAAND", "KWARTAAL", "VIERWEKEN"]), "jaar": st.sampled_from([2021, 2022, 2023]),
    "i": st.integers(0, 12), "uren": st.floats(0, 180, allow_nan=False).map(lambda x: round(x, 2)),
    "loon": st.sampled_from([0.0, 1500.0]), "aard": st.sampled_from(["01", "11", "21", "82"]),
    "soort_baan": st.sampled_from(["9", "4"])})


def banen_met_de_hand(opgaven: list[dict], peildatum: dt.date) -> dict:
    """RULES.md §3-§4 by hand, per person: the opgaven whose tijdvak contains the peildatum, beschut werk
    (aard 21, 24) left out, hours to the calendar month by calendar days, 110,92 hours a baan, werkzaam
    with sv_loon > 0; per job (its opgaven added up, its kind from its first opgave in the file) the
    sector of its employer (Wfsv 61-66 and Ufo over 50%: overheid) or inleen (aard 11, 22, 82 or
    soort_baan 4)."""
    dagen_maand = calendar.monthrange(peildatum.year, peildatum.month)[1]
    banen: dict = {}
    for o in opgaven:  # in file order
        if not (o["begin"] <= peildatum <= o["einde"]) or o["aard"] in ("21", "24"):
            continue
        job = banen.setdefault((o["pid"], o["ikv"]), {"uren": 0.0, "werkzaam": False, "eerste": o})
        job["uren"] += o["uren"] * dagen_maand / ((o["einde"] - o["begin"]).days + 1)
        job["werkzaam"] |= o["loon"] > 0
    per: dict = {}
    for (pid, _), job in banen.items():
        e = job["eerste"]
        wfsv, ufo = WERKGEVERS[e["werkgever"]]
        soort = ("inleen" if e["aard"] in ("11", "22", "82") or e["soort_baan"] == "4"
                 else "overheid" if wfsv in ("61", "62", "63", "64", "65", "66") and ufo / 100000.0 > 0.5 else "markt")
        p = per.setdefault(pid, {"banen": 0.0, "werkzaam": False, "soort": {}})
        p["banen"] += job["uren"] / 110.92
        p["werkzaam"] |= job["werkzaam"]
        p["soort"][soort] = p["soort"].get(soort, 0.0) + job["uren"] / 110.92
    return per


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(opgave_st, min_size=1, max_size=14))
def test_banen_gelijk_aan_regels_met_de_hand(opgaven):
    """motor.tel's per-person banen and werkzaam (relation per_persoon) and its banen per soort (relation ikv)
    against :func:`banen_met_de_hand`, on random polis rows of five persons in the population, on three
    peildata at once. One opgave per job and tijdvak start (the polis key)."""
    b = Bouw()
    for i in range(5):
        b.persoon(f"P{i}").registratie(f"P{i}", "WAJONG_OUD")
    gezien, rijen = set(), []
    for o in opgaven:
        begin, einde = _tijdvak(o["soort"], o["jaar"], o["i"])
        sleutel = (o["persoon"], o["ikv"], begin)
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        # one employer per job: the job's first opgave names it
        wid = next((r["werkgever"] for r in rijen if (r["pid"], r["ikv"]) == (f"P{o['persoon']}", o["ikv"])), o["werkgever"])
        rijen.append({**o, "pid": f"P{o['persoon']}", "begin": begin, "einde": einde, "werkgever": wid})
    for r in rijen:
        sector, ufo = WERKGEVERS[r["werkgever"]]
        b.opgave(r["pid"], r["ikv"], r["werkgever"], r["begin"].isoformat(), r["einde"].isoformat(), r["uren"],
                 loon=r["loon"], tijdvak=r["soort"], aard=r["aard"], soort_baan=r["soort_baan"], sector=sector, ufo=ufo)
    for jaar in (2021, 2022, 2023):
        for wid, (sector, ufo) in WERKGEVERS.items():
            b.werkgever(wid, jaar, sector=sector, ufo=ufo)
    with tempfile.TemporaryDirectory() as d:
        ds = lees_map(b.schrijf(Path(d)))
    t = motor.tel(ds, BANEN_PEIL)
    per = t.sql("SELECT peildatum, persoon_id, banen, werkzaam FROM per_persoon")
    soort = t.sql("SELECT peildatum, persoon_id, CASE WHEN inleen THEN 'inleen' ELSE sector END AS soort, "
                  "sum(banen) AS banen FROM ikv GROUP BY ALL")
    for peil in BANEN_PEIL:
        hand = banen_met_de_hand(rijen, peil)
        p = per.loc[per["peildatum"] == pd.Timestamp(peil)].set_index("persoon_id")
        assert sorted(p.index) == [f"P{i}" for i in range(5)]  # the whole population, with or without a job
        for pid in p.index:
            h = hand.get(pid, {"banen": 0.0, "werkzaam": False, "soort": {}})
            assert p.at[pid, "banen"] == pytest.approx(h["banen"], abs=1e-9), (peil, pid)
            assert bool(p.at[pid, "werkzaam"]) == h["werkzaam"], (peil, pid)
            s = soort.loc[(soort["peildatum"] == pd.Timestamp(peil)) & (soort["persoon_id"] == pid)]
            got = {k: v for k, v in zip(s["soort"], s["banen"]) if abs(v) > 1e-12}
            want = {k: v for k, v in h["soort"].items() if abs(v) > 1e-12}
            assert got.keys() == want.keys() and all(got[k] == pytest.approx(want[k], abs=1e-9) for k in want), (peil, pid)
