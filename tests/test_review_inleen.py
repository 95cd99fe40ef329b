"""Review of the inleen_overdracht check (quotum.controleer_overdracht, motor.quotum_uren_per_persoon,
motor.fiscaal_van; RULES.md §9 and §4, §2; DATA_CONTRACT.md inleen_overdracht and "Bad input"; S3 Q79, Q86) on small
hand-built worlds. Tests pin behaviour verified by hand; the defects the review found (fixed) have the expected
figure worked out by hand in its docstring.

The basic world (every test, year 2024): FU is a professional uitlener (loonheffingennummer U1, Wfsv 52, uitlener
true, 100.000 hours of which 59.000 uitzend: own 41.000, large); FI an ordinary employer (I1, 30.000 hours). Opgaven
are monthly, 100 hours each unless said otherwise; PW_INDICATIE and QUOTUM_VOORZIENING registrations are open from
2010 unless said otherwise."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from bouw import Bouw, getypeerd, maand
from banenafspraak import quotum
from banenafspraak.loading import lees_map
from banenafspraak.validation import ContractError

JAAR = 2024
PCT = 0.0137


def _wg(b: Bouw, wid, jaar, fiscaal, totaal, uitlener=False, sector="01", uitzend=0.0) -> Bouw:
    b.werkgever(wid, jaar, sector=sector, totaal=totaal, uitlener=uitlener, fiscaal=fiscaal)
    b.rijen["werkgever"][-1]["verloonde_uren_uitzend"] = uitzend
    return b


def _basis() -> Bouw:
    b = Bouw()
    _wg(b, "U1", JAAR, "FU", 100000.0, uitlener=True, sector="52", uitzend=59000.0)
    _wg(b, "I1", JAAR, "FI", 30000.0)
    return b


def _werk(b: Bouw, pid, wid, maanden=range(1, 13), uren=100.0, aard="11", ikv=None):
    """Monthly opgaven of ``pid`` at ``wid``; aard 11 (uitzendkracht, soort_baan 4) by default."""
    for m in maanden:
        b.maand_opgave(pid, ikv or f"K{pid}{wid}", wid, JAAR, m, uren, aard=aard, soort_baan="4" if aard == "11" else "9")
    return b


def _polis_zonder_werkgeverrij(b: Bouw, pid, wid, maanden=range(1, 13), uren=100.0, aard="11"):
    """Opgaven at ``wid`` without adding a werkgever row for 2024 (Bouw.opgave would add one)."""
    for m in maanden:
        begin, einde = maand(JAAR, m)
        b.rijen["polis"].append(dict(persoon_id=pid, ikv_id=f"K{pid}{wid}", werkgever_id=wid, opgave_begin=begin,
                                     opgave_einde=einde, tijdvak_type="MAAND", verloonde_uren=uren, sv_loon=uren * 15.0,
                                     ikv_begin="2012-01-01", ikv_einde=None, contractsoort="O",
                                     aard_arbeidsverhouding=aard, soort_baan="4" if aard == "11" else "9"))
    return b


def _over(b: Bouw, uitlener, inlener, pid, uren, jaar=JAAR) -> Bouw:
    b.rijen["inleen_overdracht"].append(dict(jaar=jaar, uitlener_fiscaal_nummer=uitlener, inlener_fiscaal_nummer=inlener,
                                             persoon_id=pid, verloonde_uren=uren))
    return b


def _tel(b: Bouw, map, **kw):
    m = b.schrijf(map)
    return quotum.tel_jaar(lees_map(m, tabellen=quotum.tabellen_voor(m)), JAAR, quotumpercentage=PCT, **kw)


def _fout(b: Bouw, map, **kw):
    with pytest.raises(ContractError) as e:
        _tel(b, map, **kw)
    return e.value


def _h(t):
    return t.heffing.set_index("fiscaal_nummer")


# --------------------------------------------------------------------------- verified correct


def test_doelgroep_eindigt_halverwege_het_jaar(tmp_path):
    """P1 (PW_INDICATIE, registration ends 2024-06-15) works 12 x 100 hours as uitzendkracht at U1. The status is
    taken on the last day of each tijdvak (31 Jan .. 31 May valid, 30 June not): 5 x 100 = 500 doelgroep hours at FU.
    500 may be transferred (FU 500 - 500 = 0, FI +500); 500,01 is refused with ('P1', 500.01, 500.0), CSV line 2."""
    b = _werk(_basis(), "P1", "U1")
    b.persoon("P1").registratie("P1", "PW_INDICATIE", einde="2024-06-15")
    _over(b, "FU", "FI", "P1", 500.0)
    h = _h(_tel(b, tmp_path / "a"))
    assert h.at["FU", "doelgroep_uren"] == 0.0 and h.at["FI", "doelgroep_uren"] == 500.0
    b.rijen["inleen_overdracht"][0]["verloonde_uren"] = 500.01
    (p,) = _fout(b, tmp_path / "b").problemen
    assert (p.bestand, p.kolom, p.waarden, p.rijen) == ("inleen_overdracht.csv", "verloonde_uren", [("P1", 500.01, 500.0)], [0])
    assert "regels 2" in str(p)


@pytest.mark.parametrize("aard", ["24", "21"])
def test_beschut_werk_is_niet_overdraagbaar(tmp_path, aard):
    """P1 (PW_INDICATIE) works 12 x 100 hours of beschut werk (aard 24 / 21) at U1: 0 doelgroep hours (RULES.md §9:
    beschut werk excluded). A transfer of 100 hours is refused with ('P1', 100.0, 0.0)."""
    b = _werk(_basis(), "P1", "U1", aard=aard)
    b.persoon("P1").registratie("P1", "PW_INDICATIE")
    _over(b, "FU", "FI", "P1", 100.0)
    (p,) = _fout(b, tmp_path / "d").problemen
    assert p.kolom == "verloonde_uren" and p.waarden == [("P1", 100.0, 0.0)]


def test_quotumgroep_is_overdraagbaar(tmp_path):
    """Q1 (QUOTUM_VOORZIENING only, counts for the quotum, RULES.md §2 (6), §9) 12 x 100 as uitzendkracht at U1: 1.200
    doelgroep hours; all 1.200 transferred: FU 0, FI 1.200."""
    b = _werk(_basis(), "Q1", "U1")
    b.persoon("Q1").registratie("Q1", "QUOTUM_VOORZIENING")
    _over(b, "FU", "FI", "Q1", 1200.0)
    h = _h(_tel(b, tmp_path / "d"))
    assert h.at["FU", "doelgroep_uren"] == 0.0 and h.at["FI", "doelgroep_uren"] == 1200.0


def test_uitlener_van_een_ander_jaar(tmp_path):
    """U1 is an uitlener in 2023 but not in 2024: in 2024 FU may not transfer (error on uitlener_fiscaal_nummer, 'FU',
    line 2). The other way round (uitlener only in 2024) the 1.200 hours of 2024 transfer."""
    b = Bouw()
    _wg(b, "U1", JAAR - 1, "FU", 100000.0, uitlener=True, sector="52")
    _wg(b, "U1", JAAR, "FU", 100000.0, uitlener=False, sector="52")
    _wg(b, "I1", JAAR, "FI", 30000.0)
    _werk(b, "P1", "U1").persoon("P1").registratie("P1", "PW_INDICATIE")
    _over(b, "FU", "FI", "P1", 1200.0)
    (p,) = _fout(b, tmp_path / "a").problemen
    assert (p.kolom, p.waarden, p.rijen) == ("uitlener_fiscaal_nummer", ["FU"], [0]) and "geen uitlener in het jaar" in p.regel
    b.rijen["werkgever"][0]["uitlener"], b.rijen["werkgever"][1]["uitlener"] = False, True
    assert _h(_tel(b, tmp_path / "b")).at["FI", "inleen_uren_ontvangen"] == 1200.0


def _rijen_wereld() -> Bouw:
    """P1 and P2 (PW_INDICATIE), 12 x 100 = 1.200 each at U1. inleen_overdracht rows (0-based): 0 2023 P1 100 (other
    year: not checked in 2024), 1 P1 1.000 -> FI, 2 2023 P2 100, 3 P2 1.300 -> FX (> 1.200), 4 P1 100 -> FX
    (P1 1.100 in all: fine). Only row 3 is wrong: CSV line 5, parquet row 4."""
    b = _basis()
    _wg(b, "X1", JAAR, "FX", 30000.0)
    _wg(b, "U1", JAAR - 1, "FU", 100000.0, uitlener=True, sector="52")
    _wg(b, "I1", JAAR - 1, "FI", 30000.0)
    for p in ("P1", "P2"):
        _werk(b, p, "U1").persoon(p).registratie(p, "PW_INDICATIE")
    _over(b, "FU", "FI", "P1", 100.0, JAAR - 1)
    _over(b, "FU", "FI", "P1", 1000.0)
    _over(b, "FU", "FI", "P2", 100.0, JAAR - 1)
    _over(b, "FU", "FX", "P2", 1300.0)
    _over(b, "FU", "FX", "P1", 100.0)
    return b


def test_rijnummers_csv(tmp_path):
    (p,) = _fout(_rijen_wereld(), tmp_path / "d").problemen
    assert (p.bestand, p.rijen, p.waarden) == ("inleen_overdracht.csv", [3], [("P2", 1300.0, 1200.0)])
    assert str(p).endswith("regels 5")


@pytest.mark.parametrize("als_bestand", [False, True])
def test_rijnummers_parquet(tmp_path, als_bestand):
    """The same world as typed parquet files (a national delivery), the polis also as a file for DuckDB (as the run
    reads it): row 4 (1-based) of inleen_overdracht.parquet."""
    m = getypeerd(_rijen_wereld(), tmp_path / "d")
    ds = lees_map(m, tabellen=quotum.tabellen_voor(m), polis_als_bestand=als_bestand)
    with pytest.raises(ContractError) as e:
        quotum.tel_jaar(ds, JAAR, quotumpercentage=PCT)
    (p,) = e.value.problemen
    assert (p.bestand, p.rijen, p.waarden) == ("inleen_overdracht.parquet", [3], [("P2", 1300.0, 1200.0)])
    assert str(p).endswith("rijen 4")


def test_werkgeverrij_van_het_jaar_ontbreekt(tmp_path):
    """U2 has only a 2023 row (fiscaal FU, uitlener); P1 works 12 x 100 as uitzendkracht at U2 in 2024. By RULES.md §4
    (latest earlier row) U2 belongs to FU in 2024: 1.200 doelgroep hours at FU, all transferable (FU 0, FI 1.200).
    When U2's latest earlier row (2023) names FOUD and only an older one (2022) FU, the hours are FOUD's: 0 at FU, the
    transfer is refused with ('P1', 1200.0, 0.0)."""
    b = _basis()
    _wg(b, "U2", JAAR - 1, "FU", 10000.0, uitlener=True, sector="52")
    _polis_zonder_werkgeverrij(b, "P1", "U2").persoon("P1").registratie("P1", "PW_INDICATIE")
    _over(b, "FU", "FI", "P1", 1200.0)
    h = _h(_tel(b, tmp_path / "a"))
    assert h.at["FU", "doelgroep_uren"] == 0.0 and h.at["FI", "doelgroep_uren"] == 1200.0
    b.rijen["werkgever"][-1]["fiscaal_nummer"] = "FOUD"
    _wg(b, "U2", JAAR - 2, "FU", 10000.0, uitlener=True, sector="52")
    (p,) = _fout(b, tmp_path / "b").problemen
    assert p.waarden == [("P1", 1200.0, 0.0)]


def test_fiscaal_van_sql():
    """motor.fiscaal_van for 2024: own year's row; else the latest earlier (2020 beats 2025); else the earliest later
    (2025 beats 2027)."""
    from banenafspraak.motor import fiscaal_van

    w = pd.DataFrame({"werkgever_id": ["A", "A", "A", "B", "B", "C", "C"],
                      "jaar": [2023, 2024, 2025, 2020, 2025, 2027, 2025],
                      "fiscaal_nummer": ["FA23", "FA24", "FA25", "FB20", "FB25", "FC27", "FC25"],
                      "wfsv_sector": "01", "verloonde_uren_totaal": 1.0, "verloonde_uren_ufo": 0.0, "uitlener": False})
    polis = Bouw().frames()["polis"]
    k = fiscaal_van({"werkgever": w, "polis": polis}, 2024)
    assert k.to_dict() == {"A": "FA24", "B": "FB20", "C": "FC25"}


def test_precies_op_de_grens_met_kommagetallen(tmp_path):
    """P1: 12 x 100,1 = 1.201,2 doelgroep hours at FU; three rows of 400,4 (= 1.201,2) to FI, FX, FY are accepted
    (floating point at exactly the limit); FU keeps 1.201,2 - 1.201,2 = 0 (up to float noise). 400,41 on one row
    (1.201,21) is refused."""
    b = _basis()
    for w in ("X", "Y"):
        _wg(b, f"{w}1", JAAR, f"F{w}", 30000.0)
    _werk(b, "P1", "U1", uren=100.1).persoon("P1").registratie("P1", "PW_INDICATIE")
    for inlener in ("FI", "FX", "FY"):
        _over(b, "FU", inlener, "P1", 400.4)
    h = _h(_tel(b, tmp_path / "a"))
    assert h.at["FU", "doelgroep_uren"] == pytest.approx(0.0, abs=1e-9) and h.at["FY", "doelgroep_uren"] == 400.4
    b.rijen["inleen_overdracht"][2]["verloonde_uren"] = 400.41
    (p,) = _fout(b, tmp_path / "b").problemen
    assert p.rijen == [0, 1, 2] and p.waarden == [("P1", 1201.21, 1201.2)]


def _t2_wereld() -> Bouw:
    """P1 (PW_INDICATIE, open registration, criteria ended 2021-03-01) 12 x 100 at U1, all 1.200 transferred. As
    registered: 1.200 doelgroep hours, accepted. Scenario 'altijd' (t+2 always applied): registered through
    2023-12-31, so 0 doelgroep hours in 2024: refused with ('P1', 1200.0, 0.0)."""
    b = _werk(_basis(), "P1", "U1")
    b.persoon("P1").registratie("P1", "PW_INDICATIE", criteria_einde="2021-03-01")
    return _over(b, "FU", "FI", "P1", 1200.0)


def test_t2_scenario(tmp_path):
    b = _t2_wereld()
    assert _h(_tel(b, tmp_path / "a")).at["FI", "doelgroep_uren"] == 1200.0
    (p,) = _fout(b, tmp_path / "b", scenario="altijd").problemen
    assert p.waarden == [("P1", 1200.0, 0.0)]


def _run(args, data, uit):
    exe = Path(sys.executable).with_name("banenafspraak")
    return subprocess.run([str(exe), "run", "quotum", "-p", f"jaar={JAAR}", "-p", f"data_dir={data}", *args, "--uit",
                           str(uit)], capture_output=True, text=True, timeout=600)


def test_run_meldt_de_fout_zonder_uitvoer(tmp_path):
    """`banenafspraak run quotum -p jaar=2024 -p data_dir=...` with FU transferring 2.000 of P1's 1.200 hours: exit
    non-zero, the contract message (file, column, values, line) on stderr, a run folder marked failed (.mislukt) with
    no tables, xlsx, html or run.json. Also the t+2 scenario as a run parameter (-p t2_scenario=altijd) reaches the
    check."""
    b = _werk(_basis(), "P1", "U1")
    b.persoon("P1").registratie("P1", "PW_INDICATIE")
    _over(b, "FU", "FI", "P1", 2000.0)
    r = _run([], b.schrijf(tmp_path / "slecht"), tmp_path / "uit")
    assert r.returncode != 0
    assert ("inleen_overdracht.csv, kolom verloonde_uren" in r.stderr and "('P1', 2000.0, 1200.0)" in r.stderr
            and "regels 2" in r.stderr)
    (run,) = list((tmp_path / "uit").iterdir())
    assert run.name.endswith(".mislukt")
    assert not any((run / n).exists() for n in ("tables", "tables.xlsx", "quotum.html", "run.json"))
    r = _run(["-p", "t2_scenario=altijd"], _t2_wereld().schrijf(tmp_path / "t2"), tmp_path / "uit2")
    assert r.returncode != 0 and "('P1', 1200.0, 0.0)" in r.stderr


# --------------------------------------------------------------------------- defects found by the review, fixed


@pytest.mark.parametrize("rij_jaar", [JAAR, JAAR - 1])
def test_uren_bij_een_niet_uitlenend_loonheffingennummer(tmp_path, rij_jaar):
    """RULES.md §9 / S3 Q79, Q86, DATA_CONTRACT werkgever.uitlener ("professional uitlener ... that may transfer
    hours"): FU has U1 (uitlener) and N2 (uitlener false, an ordinary company; its row is of 2024, or only of 2023 so
    that §4's latest earlier row applies). P2 (PW_INDICATIE) works 12 x 100 = 1.200 hours at N2 in an ordinary job
    (aard 01), none at U1. Hand-worked: P2's hours at FU's uitlener numbers = 0, so transferring 1.200 must be refused
    with ('P2', 1200.0, 0.0) on CSV line 2. Got: accepted (FU 1.200 -> 0, FI +1.200)."""
    b = _basis()
    _wg(b, "N2", rij_jaar, "FU", 20000.0, uitlener=False)
    if rij_jaar == JAAR:
        _werk(b, "P2", "N2", aard="01")
    else:
        _polis_zonder_werkgeverrij(b, "P2", "N2", aard="01")
    b.persoon("P2").registratie("P2", "PW_INDICATIE")
    _over(b, "FU", "FI", "P2", 1200.0)
    (p,) = _fout(b, tmp_path / "d").problemen
    assert (p.kolom, p.waarden, p.rijen) == ("verloonde_uren", [("P2", 1200.0, 0.0)], [0])


def test_eigen_personeel_van_de_uitlener_is_geen_inleen(tmp_path):
    """DATA_CONTRACT inleen_overdracht ("hours of doelgroep INLEEN that an uitlener transferred"), inleen = aard 11,
    22, 82 or soort_baan 4; S3 Q86 (the uitlener's 0-quotum is over its uitzendpersoneel only). P1 (PW_INDICATIE) at
    U1: January-June 6 x 100 as uitzendkracht (aard 11) = 600, July-December 6 x 100 on the uitlener's own staff
    (aard 01, soort_baan 9) = 600. Hand-worked: transferable 600; a transfer of 1.200 must be refused with
    ('P1', 1200.0, 600.0). Got: accepted (limit taken as all 1.200 doelgroep hours)."""
    b = _basis()
    _werk(b, "P1", "U1", maanden=range(1, 7), aard="11", ikv="KA")
    _werk(b, "P1", "U1", maanden=range(7, 13), aard="01", ikv="KB")
    b.persoon("P1").registratie("P1", "PW_INDICATIE")
    _over(b, "FU", "FI", "P1", 1200.0)
    (p,) = _fout(b, tmp_path / "d").problemen
    assert p.waarden == [("P1", 1200.0, 600.0)]


def _aow_wereld() -> Bouw:
    """Q1 born 1957-05-15, QUOTUM_VOORZIENING only (open registration: the register has not caught up); AOW age in
    2024 is 67, so the AOW date is 2024-05-15. 12 x 100 as uitzendkracht at U1."""
    b = _werk(_basis(), "Q1", "U1")
    b.persoon("Q1", geboren="1957-05-15").registratie("Q1", "QUOTUM_VOORZIENING")
    return b


def test_quotumgroep_na_aow_niet_overdraagbaar(tmp_path):
    """RULES.md §2 (at-once ends for ALL grondslagen; decision: the snapshot applies the AOW age visible in the person
    data) and §9 (hours of persons in the quotum population on the opgave's dates). Q1 (see _aow_wereld): the
    tijdvakken ending 31 Jan .. 30 Apr are before the AOW date, 31 May on is after: 4 x 100 = 400 transferable (a
    PW_INDICATIE person in the same position gets 400 today). Transferring 1.200 must be refused with
    ('Q1', 1200.0, 400.0). Got: accepted."""
    b = _over(_aow_wereld(), "FU", "FI", "Q1", 1200.0)
    (p,) = _fout(b, tmp_path / "d").problemen
    assert p.waarden == [("Q1", 1200.0, 400.0)]


def test_quotumgroep_na_aow_telt_niet_bij_de_werkgever(tmp_path):
    """Same world without a transfer: FU's doelgroep hours = 4 x 100 = 400 (January-April). Got 1.200."""
    assert _h(_tel(_aow_wereld(), tmp_path / "d")).at["FU", "doelgroep_uren"] == 400.0


def test_overdracht_naar_inlener_zonder_uren_verdwijnt_niet(tmp_path):
    """DATA_CONTRACT "nothing is dropped silently"; the check's own purpose (an inlener unknown in the year is refused
    because its hours would vanish). FZ has a 2024 werkgever row with 0 verloonde uren (all its workers hired).
    P1 (PW_INDICATIE) 12 x 100 at U1, all 1.200 transferred to FZ. Hand-worked: either an error naming
    inlener_fiscaal_nummer 'FZ', or FZ in the heffing table with inleen_uren_ontvangen 1.200, so that received =
    transferred = 1.200. Got: FU transfers 1.200, nobody receives them (sum received 0)."""
    b = _basis()
    _wg(b, "Z1", JAAR, "FZ", 0.0)
    _werk(b, "P1", "U1").persoon("P1").registratie("P1", "PW_INDICATIE")
    _over(b, "FU", "FZ", "P1", 1200.0)
    try:
        h = _tel(b, tmp_path / "d").heffing
    except ContractError as e:
        assert any(p.kolom == "inlener_fiscaal_nummer" and "FZ" in p.waarden for p in e.problemen)
        return
    assert h["inleen_uren_ontvangen"].sum() == h["inleen_uren_overgedragen"].sum() == 1200.0
