"""The counting engine (motor.tel) against a slow, obviously correct evaluation of the snapshot rules
written here in plain Python (RULES.md §2): on random small registers the per-person results agree on
several peildata at once."""
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from bouw import Bouw
from banenafspraak import motor
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


def verwacht(p: dict, peildatum: dt.date):
    """The snapshot rules by hand: valid rows (begin <= peildatum <= end), WML only from 2019, the
    exclusions in their order, then the first category rule whose groups all hold a valid grondslag."""
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
