"""Calibrated, deterministic synthetic data in the contract (issue: synthetic national data).

The generator builds groups of persons (``aannames.yaml``), their registrations in the
doelgroepregister under the dated rules (AOW age, t+2 regime, Praktijkroute and WML met voorziening
start dates), residence with moves, benefit spells, beschut werk advice, and a monthly simulation of
jobs: jobs end with a hazard by contract type and tenure, some leavers move straight to a new job,
and per group the number of working persons is steered towards the published share working. Jobs
are then written as inkomstenopgaven per aangiftetijdvak of the employer (month, 4 weeks, quarter,
half year, year), with hours pro rata for partial periods.

Everything is vectorised over persons; the only loop runs over the ~145 months. The same seed and
scale give byte-identical files.

Calibration targets: CALIBRATION.md (the published figures) and ``kalibratie_doelen.yaml``; the
``kalibratie`` report compares them with the generated data (README, "Synthetic data and calibration").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from ..dates import aow_datum
from ..loading import SCHAAL_MAX
from ..parameters import parameter
from ..publicatie import getal  # Dutch notation (8.784), as in the reports
from ..register import t2_administratief
from .. import paths

D = np.dtype("datetime64[D]")
NIETS = np.datetime64("NaT", "D")
VER = np.datetime64("2200-01-01", "D")  # "open" in internal arrays


class GeneratorError(Exception):
    pass


@lru_cache(maxsize=1)
def aannames() -> dict:
    return yaml.safe_load((resources.files("banenafspraak.synth") / "aannames.yaml").read_text(encoding="utf-8"))


def jaarwaarde(reeks: dict | float, jaar: np.ndarray | int) -> np.ndarray:
    """Linear interpolation of a {year: value} series (constant outside its range)."""
    if not isinstance(reeks, dict):
        return np.full(np.shape(jaar), float(reeks))
    jaren = np.array(sorted(reeks), dtype=float)
    waarden = np.array([reeks[j] for j in sorted(reeks)], dtype=float)
    return np.interp(np.asarray(jaar, dtype=float), jaren, waarden)


def stapwaarde(reeks: dict, jaar: int) -> float:
    """Step series: the value of the latest year on or before ``jaar`` (0 before the first)."""
    keys = [j for j in sorted(reeks) if j <= jaar]
    return float(reeks[keys[-1]]) if keys else 0.0


def _d(x) -> np.datetime64:
    return np.datetime64(x, "D")


def _plus_jaren(d: np.ndarray, jaren: np.ndarray) -> np.ndarray:
    return (d + np.round(np.asarray(jaren) * 365.25).astype("int64").astype("timedelta64[D]")).astype(D)


def _uniform_datum(rng, n, begin, einde) -> np.ndarray:
    b = np.asarray(begin, dtype=D).astype("int64")
    e = np.asarray(einde, dtype=D).astype("int64")
    return (b + np.floor(rng.random(n) * (e - b + 1)).astype("int64")).astype(D)


def _exp_datum(rng, n, vanaf, per_jaar) -> np.ndarray:
    """Event date after ``vanaf`` with a constant yearly hazard (NaT never)."""
    per_jaar = np.broadcast_to(np.asarray(per_jaar, dtype=float), (n,))
    trek = rng.exponential(1.0, n)
    t = np.full(n, np.inf)
    t[per_jaar > 0] = trek[per_jaar > 0] / per_jaar[per_jaar > 0]  # zero hazard: the event never happens
    dagen = np.where(np.isfinite(t), t * 365.25, 0).astype("int64")
    return np.where(np.isfinite(t), (np.asarray(vanaf, dtype=D) + dagen).astype(D), NIETS)


# --------------------------------------------------------------------------- persons


@dataclass
class Personen:
    groep: np.ndarray         # group name per person
    geboren: np.ndarray       # datetime64[D]
    man: np.ndarray           # bool
    instroom: np.ndarray      # entry date into the group (register / benefit / beschut werk)
    wajong_begin: np.ndarray  # start of Wajong right (NaT if none)


GROEP_LEEFTIJD = {  # (lowest age, span, beta a, beta b) at entry
    "wajong_av": (18, 46, 1.3, 2.2), "wajong_zav": (18, 46, 1.5, 1.8), "wajong_buiten": (18, 44, 1.4, 2.0),
    "wsw_begeleid": (20, 44, 2, 2), "wsw_detachering": (20, 44, 2, 2), "wiw_id": (25, 39, 2, 2),
    "wsw_beschut": (20, 44, 2, 2), "pw": (18, 45, 1.3, 2.6), "quotum": (18, 12, 1, 2),
    "wga_gedeeltelijk": (25, 39, 3, 2), "wga_volledig": (25, 39, 3, 2), "beschut_pw": (18, 45, 1.5, 2),
    "beschut_negatief": (18, 45, 1.5, 2),
}


def maak_personen(rng, schaal: float, start, einde) -> Personen:
    A = aannames()
    groepen, geboren, instroom = [], [], []
    for naam, g in A["groepen"].items():
        lo, span, a, b = GROEP_LEEFTIJD[naam]
        n0 = int(round(g.get("aantal", 0) * schaal))
        datums = [np.full(n0, start - np.timedelta64(1, "D"))]
        inst = g.get("instroom", {})
        for jaar in range(start.astype(object).year + 1, einde.astype(object).year + 1):
            n = int(round(stapwaarde(inst, jaar) * schaal)) if inst else 0
            if naam == "wajong_av" and jaar > max(inst or {0: 0}):
                n = 0  # nWajong inflow stops with the Participatiewet
            if n:
                datums.append(_uniform_datum(rng, n, _d(f"{jaar}-01-01"), _d(f"{jaar}-12-31")))
        d = np.concatenate(datums)
        leeftijd = lo + rng.beta(a, b, len(d)) * span
        if naam == "wajong_av":  # nWajong inflow is young
            jong = d >= start
            leeftijd[jong] = 18 + rng.random(jong.sum()) * 4
        groepen.append(np.full(len(d), naam, dtype=object))
        instroom.append(d)
        geboren.append(_plus_jaren(d, -leeftijd))
    groep = np.concatenate(groepen)
    gebd = np.concatenate(geboren)
    inst = np.concatenate(instroom)
    man = rng.random(len(groep)) < np.where(np.isin(groep, ["wga_gedeeltelijk", "wga_volledig"]), 0.48, 0.6)
    # start of Wajong right: historic for the initial stock (at 18 to 30), the inflow date otherwise
    wajong = np.isin(groep, ["wajong_av", "wajong_zav", "wajong_buiten"])
    hist = _plus_jaren(gebd, 18 + rng.random(len(groep)) * 6)
    hist = np.minimum(hist, inst)
    wajong_begin = np.where(wajong, np.where(inst < start, hist, inst), NIETS)
    return Personen(groep, gebd.astype(D), man, inst.astype(D), wajong_begin.astype(D))


# --------------------------------------------------------------------------- events and registrations


def at_once_events(rng, p: Personen, start, einde) -> dict:
    """Death, emigration, AOW date, and per group the other at-once ends (RULES.md §2)."""
    A = aannames()
    n = len(p.groep)
    leeftijd = (start - p.geboren).astype("int64") / 365.25
    sterfte = np.where(leeftijd >= 50, A["overlijden_per_jaar"]["oud"], A["overlijden_per_jaar"]["jong"])
    vanaf = np.maximum(p.instroom, start)
    dood = _exp_datum(rng, n, vanaf, sterfte)
    emig = _exp_datum(rng, n, vanaf, A["emigratie_per_jaar"])
    dood = np.where(dood <= einde, dood, NIETS)
    emig = np.where((emig <= einde) & ~(dood <= emig), emig, NIETS)
    aow = aow_datum(pd.Series(p.geboren.astype("datetime64[s]"))).to_numpy().astype(D)
    # reassessment of Wajongers without arbeidsvermogen (2015-2017)
    h0, h1 = (_d(x) for x in A["herbeoordeling_wajong"])
    geen_av = np.where(p.groep == "wajong_zav", _uniform_datum(rng, n, h0, h1), NIETS)
    vrijw = _exp_datum(rng, n, np.full(n, _d("2021-01-01")), A["vrijwillig_per_jaar"])
    assert parameter("register.vrijwillige_uitschrijving", "2021-01-01") is True
    naar_beschut = np.where(p.groep == "wsw_begeleid",
                            _exp_datum(rng, n, vanaf, A["naar_beschut_wsw_per_jaar"]), NIETS)
    return {"dood": dood, "emigratie": emig, "aow": aow, "geen_av": geen_av, "vrijwillig": vrijw,
            "naar_beschut": naar_beschut}


def _reden_min(kandidaten: list[tuple[str, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Earliest date among candidates and its reason code."""
    stack = np.stack([np.where(np.isnat(d), VER, d) for _, d in kandidaten])
    i = stack.argmin(axis=0)
    datum = stack[i, np.arange(stack.shape[1])]
    reden = np.array([k for k, _ in kandidaten], dtype=object)[i]
    return np.where(datum == VER, NIETS, datum), np.where(datum == VER, None, reden)


def registraties(rng, p: Personen, ev: dict, start, einde) -> tuple[pd.DataFrame, np.ndarray]:
    """The doelgroepregister rows as administered, and the beschut werk start per person."""
    A = aannames()
    n = len(p.groep)
    ids = np.arange(n)
    rijen = []  # (person, grondslag, begin, criteria group)

    def add(mask, grondslag, begin, crit=None):
        idx = ids[mask]
        rijen.append(pd.DataFrame({"p": idx, "grondslag": grondslag, "begin": np.asarray(begin)[mask] if np.ndim(begin) else begin,
                                   "crit": crit}))

    g = p.groep
    hist = lambda lo, hi: _uniform_datum(rng, n, _d(lo), _d(hi))  # noqa: E731
    oud18 = _plus_jaren(p.geboren, 18)
    # Wajong
    nwajong = (p.wajong_begin >= _d("2010-01-01"))
    add((g == "wajong_av") & ~nwajong, "WAJONG_OUD", p.wajong_begin, "wajong_av")
    add((g == "wajong_av") & nwajong, "WAJONG_2010", p.wajong_begin, "wajong_av")
    add(g == "wajong_zav", "WAJONG_OUD", p.wajong_begin, None)
    # Wsw / Wiw-ID: historic begin dates for the initial load
    wsw_begin = np.maximum(hist("1998-01-01", "2012-11-30"), oud18)
    add(g == "wsw_begeleid", "WSW_BEGELEID_WERK", wsw_begin, "wsw_begeleid")
    add(g == "wsw_detachering", "WSW_DETACHERING", wsw_begin, "wsw_detachering")
    add(g == "wiw_id", "WIW_ID", np.maximum(hist("2004-01-01", "2012-11-30"), oud18), "wiw_id")
    add(g == "wsw_beschut", "WSW_BESCHUT", wsw_begin, None)
    # combinations (RULES.md §2 priorities)
    C = A["combinaties"]
    u = rng.random(n)
    wajong_hist = np.minimum(np.maximum(_plus_jaren(p.geboren, 18 + rng.random(n) * 4), _d("1990-01-01")), wsw_begin)
    add((g == "wsw_detachering") & (u < C["wsw_detachering_met_wajong"]), "WAJONG_OUD", wajong_hist, "wajong_av")
    add((g == "wsw_begeleid") & (u < C["wsw_begeleid_met_wajong"]), "WAJONG_OUD", wajong_hist, "wajong_av")
    add((g == "wiw_id") & (u < C["wiw_id_met_wajong"]), "WAJONG_OUD", wajong_hist, "wajong_av")
    add((g == "wajong_av") & (u < C["wajong_met_pw_indicatie"]), "PW_INDICATIE",
        np.maximum(hist("2015-01-01", "2019-12-31"), p.wajong_begin), "pw")
    # Participatiewet inflow by grondslag, respecting the dated start of each route
    pw = g == "pw"
    kansen = A["pw_grondslagen"]
    namen = list(kansen)
    jaar = p.instroom.astype("datetime64[Y]").astype(int) + 1970
    w = np.array([[kansen[k] for k in namen]] * n, dtype=float)
    for route, naam in (("register.praktijkroute", "PW_PRAKTIJKROUTE"),
                        ("register.wml_voorziening_onder_pw", "PW_WML_VOORZIENING")):
        open_jaren = [j for j in np.unique(jaar) if parameter(route, f"{j}-12-31")]
        w[~np.isin(jaar, open_jaren), namen.index(naam)] = 0
    w[jaar >= A["afgewezen_wajong_tot"], namen.index("PW_AFGEWEZEN_WAJONG")] = 0
    w[~pw] = 0
    cum = np.cumsum(w, axis=1)
    keuze = (rng.random(n)[:, None] * cum[:, -1:] > cum).sum(axis=1)
    pw_grondslag = np.array(namen, dtype=object)[np.minimum(keuze, len(namen) - 1)]
    for k in namen:
        add(pw & (pw_grondslag == k), k, p.instroom, "pw")
    u2 = rng.random(n)
    tweede = pw & (u2 < C["pw_met_tweede_pw"]) & (pw_grondslag == "PW_VSO_PRO")
    add(tweede, "PW_INDICATIE", p.instroom + rng.integers(30, 700, n).astype("timedelta64[D]"), "pw")
    add(pw & (u2 > 1 - C["pw_met_wiw_id"]), "WIW_ID", p.instroom, "wiw_id")
    add(g == "quotum", "QUOTUM_VOORZIENING", p.instroom, None)
    # beschut werk PW persons who came from the register: a PW_INDICATIE before the beschikking
    beschut_pw = g == "beschut_pw"
    uit_reg = beschut_pw & (rng.random(n) < A["beschut_werk"]["uit_register"])
    add(uit_reg, "PW_INDICATIE", np.maximum(p.instroom - rng.integers(200, 900, n).astype("timedelta64[D]"),
                                            _d("2015-01-01")), "pw")

    r = pd.concat(rijen, ignore_index=True)
    pi = r["p"].to_numpy()
    begin = r["begin"].to_numpy().astype(D)
    # at-once ends for every grondslag of the person (RULES.md §2)
    beschut_start = np.where(beschut_pw, p.instroom, NIETS)
    kand = [("OVERLIJDEN", ev["dood"][pi]), ("EMIGRATIE", ev["emigratie"][pi]), ("AOW", ev["aow"][pi]),
            ("GEEN_ARBEIDSVERMOGEN", ev["geen_av"][pi]), ("VRIJWILLIG", ev["vrijwillig"][pi]),
            ("BESCHUT_WERK_PW", beschut_start[pi]),
            ("BESCHUT_WERK_WSW", np.where(r["grondslag"].to_numpy() == "WSW_BESCHUT", NIETS, ev["naar_beschut"][pi]))]
    # voluntary deregistration only for persons in the banenafspraak (not WSW_BESCHUT / quotum-only)
    kand[4] = ("VRIJWILLIG", np.where(np.isin(p.groep[pi], ["wsw_beschut", "quotum", "beschut_pw"]), NIETS, kand[4][1]))
    direct, reden_direct = _reden_min(kand)
    # register lag on AOW / death / emigration
    lag = np.where(rng.random(len(r)) < A["register_vertraging"]["aandeel"],
                   rng.integers(1, A["register_vertraging"]["max_dagen"] + 1, len(r)), 0).astype("timedelta64[D]")
    direct_einde = np.where(np.isnat(direct), NIETS,
                            direct - np.timedelta64(1, "D") + np.where(np.isin(reden_direct, ["AOW", "OVERLIJDEN", "EMIGRATIE"]),
                                                                       lag, np.timedelta64(0, "D")))
    # criteria loss -> t+2 as administered (from 2014: first exits on 1 January 2017)
    crit_groep = r["crit"].to_numpy()
    kans = np.array([A["criteria_verlies_per_jaar"].get(c, 0.0) if c is not None else 0.0 for c in crit_groep])
    crit = _exp_datum(rng, len(r), np.maximum(begin, _d("2014-01-01")), kans)
    crit = np.where((crit <= einde) & (np.isnat(direct) | (crit < direct)), crit, NIETS)
    t2 = t2_administratief(pd.Series(crit.astype("datetime64[s]")))
    t2_einde = t2["einde"].to_numpy().astype(D)
    heropname = t2["heropname"].to_numpy().astype(D)
    t2_geldt = ~np.isnat(t2_einde) & (np.isnat(direct_einde) | (t2_einde < direct_einde))
    reg_einde = np.where(t2_geldt, t2_einde, direct_einde)
    reden = np.where(t2_geldt, "T_PLUS_2", reden_direct)
    uit = pd.DataFrame({
        "persoon_id": pi, "grondslag": r["grondslag"].to_numpy(), "registratie_begin": begin,
        "registratie_einde": reg_einde, "criteria_einde": crit, "reden_einde": reden})
    # re-admission on 2018-12-01 of persons removed by t+2, unless an at-once end came first
    herop = t2_geldt & ~np.isnat(heropname) & (np.isnat(direct) | (heropname < direct))
    extra = uit[herop].copy()
    extra["registratie_begin"] = heropname[herop]
    extra["registratie_einde"] = direct_einde[herop]
    extra["reden_einde"] = reden_direct[herop]
    uit["_batch"] = True
    extra["_batch"] = False  # the re-admission of 1 December 2018 is UWV's own action, on its date
    uit = pd.concat([uit, extra], ignore_index=True)
    # Wsw begeleid werk -> beschut werk Wsw: a WSW_BESCHUT registration from that date
    nb = (p.groep == "wsw_begeleid") & ~np.isnat(ev["naar_beschut"]) & (ev["naar_beschut"] <= einde)
    ok = nb & (np.isnat(ev["dood"]) | (ev["naar_beschut"] < ev["dood"])) & (ev["naar_beschut"] < ev["aow"])
    nb_rows = pd.DataFrame({"persoon_id": ids[ok], "grondslag": "WSW_BESCHUT", "registratie_begin": ev["naar_beschut"][ok],
                            "registratie_einde": NIETS, "criteria_einde": NIETS, "reden_einde": None})
    uit = pd.concat([uit, nb_rows.assign(_batch=True)], ignore_index=True)
    uit = in_batches(uit, start)
    # rows that would begin after their own end are not registrations
    geldig = np.isnat(uit["registratie_einde"].to_numpy().astype(D)) | (
        uit["registratie_einde"].to_numpy().astype(D) >= uit["registratie_begin"].to_numpy().astype(D))
    uit = uit[geldig & (uit["registratie_begin"].to_numpy().astype(D) <= einde)]
    uit.loc[uit["registratie_einde"].to_numpy().astype(D) > einde, ["registratie_einde", "reden_einde"]] = [NIETS, None]
    return uit.reset_index(drop=True), beschut_start


def volgende_batch(d: np.ndarray, maanden) -> np.ndarray:
    """Per date the first batch date (the 1st of one of ``maanden``) on or after it."""
    d = d.astype(D)
    jaar = d.astype("datetime64[Y]")
    uit = np.full(len(d), VER)
    for j in (0, 1):
        for m in sorted(maanden):
            b = ((jaar + np.timedelta64(j, "Y")).astype("datetime64[M]") + np.timedelta64(m - 1, "M")).astype(D)
            uit = np.minimum(uit, np.where(b >= d, b, VER))
    return uit


def in_batches(reg: pd.DataFrame, start) -> pd.DataFrame:
    """Wsw and Wiw/ID registrations as the twice-yearly deliveries administer them (aannames
    ``batch_*``; RULES.md §2, S0): a row of those grondslagen that begins during the data begins on the
    next batch date; one that ends during the data for a reason that is no at-once end ends the day before
    the next batch after its end. Rows with ``_batch`` False keep their dates. Drops ``_batch``."""
    A = aannames()
    m = reg["grondslag"].isin(A["batch_grondslagen"]).to_numpy() & reg["_batch"].to_numpy(dtype=bool)
    begin = reg["registratie_begin"].to_numpy().astype(D)
    einde = reg["registratie_einde"].to_numpy().astype(D)
    b = m & (begin > start)
    begin = np.where(b, volgende_batch(np.where(b, begin, start), A["batch_maanden"]), begin)
    e = m & ~np.isnat(einde) & reg["reden_einde"].isin(A["batch_redenen_einde"]).to_numpy()
    na = np.where(e, einde, start) + np.timedelta64(1, "D")
    einde = np.where(e, volgende_batch(na, A["batch_maanden"]) - np.timedelta64(1, "D"), einde)
    uit = reg.drop(columns="_batch").copy()
    uit["registratie_begin"] = begin
    uit["registratie_einde"] = einde
    return uit


# --------------------------------------------------------------------------- jobs: monthly simulation


@dataclass
class Banen:
    persoon: np.ndarray
    begin: np.ndarray
    einde: np.ndarray   # NaT = running at the end of the data
    bepaald: np.ndarray
    uren: np.ndarray    # monthly hours of a full month
    soort: np.ndarray   # kind: regulier / uitzend / payroll / wsw_bw / wsw_det / wsw_beschut / beschut_pw


SOORT_VAN_GROEP = {"wsw_begeleid": "wsw_bw", "wsw_detachering": "wsw_det", "wsw_beschut": "wsw_beschut",
                   "beschut_pw": "beschut_pw"}


def simuleer_banen(rng, p: Personen, werk_begin: np.ndarray, werk_einde: np.ndarray, start, einde,
                   praktijkroute: np.ndarray, log=print) -> Banen:
    A = aannames()
    B = A["banen"]
    n = len(p.groep)
    groepnamen = list(A["groepen"])
    gi = np.array([groepnamen.index(x) for x in p.groep])
    uren_groep = np.array([A["groepen"][x]["uren"] for x in groepnamen], dtype=float)
    maanden = np.arange(start.astype("datetime64[M]"), einde.astype("datetime64[M]") + 1)
    cap = n * 8
    s_p = np.empty(cap, np.int64); s_b = np.empty(cap, D); s_e = np.full(cap, NIETS)
    s_bep = np.empty(cap, bool); s_u = np.empty(cap, float); s_tweede = np.empty(cap, bool)
    k = 0
    baan = np.full(n, -1)   # current main job (spell index)
    baan2 = np.full(n, -1)  # second job

    def nieuw(idx, begin, tweede=False, bestaand_bepaald=None):
        nonlocal k, s_p, s_b, s_e, s_bep, s_u, s_tweede
        m = len(idx)
        if k + m > len(s_p):
            grow = max(len(s_p), m)
            s_p = np.concatenate([s_p, np.empty(grow, np.int64)]); s_b = np.concatenate([s_b, np.empty(grow, D)])
            s_e = np.concatenate([s_e, np.full(grow, NIETS)]); s_bep = np.concatenate([s_bep, np.empty(grow, bool)])
            s_u = np.concatenate([s_u, np.empty(grow, float)]); s_tweede = np.concatenate([s_tweede, np.empty(grow, bool)])
        s_p[k:k + m] = idx
        s_b[k:k + m] = begin
        s_bep[k:k + m] = (rng.random(m) < B["bepaald_aandeel_nieuw"]) if bestaand_bepaald is None else bestaand_bepaald
        wsw = np.isin(p.groep[idx], ["wsw_begeleid", "wsw_detachering", "wsw_beschut", "wiw_id"])
        s_bep[k:k + m] &= ~wsw
        basis = np.full(m, float(B["tweede_baan_uren"])) if tweede else uren_groep[gi[idx]]
        s_u[k:k + m] = np.clip(basis * np.exp(rng.normal(0, B["uren_sd"], m) - B["uren_sd"] ** 2 / 2), 4, B["uren_max"])
        s_tweede[k:k + m] = tweede
        ids = np.arange(k, k + m)
        k += m
        return ids

    def start_banen(idx, begin):
        baan[idx] = nieuw(idx, begin)
        t = rng.random(len(idx)) < B["tweede_baan"]
        if t.any():
            i2 = idx[t & (baan2[idx] < 0)]
            baan2[i2] = nieuw(i2, begin[t & (baan2[idx] < 0)], tweede=True)

    U = B["uitval_per_maand"]
    for mi, maand in enumerate(maanden):
        ms = maand.astype(D)
        me = (maand + 1).astype(D) - np.timedelta64(1, "D")
        dagen = (me - ms).astype(int) + 1
        jaar = int(str(maand)[:4])
        maand_nr = int(str(maand)[5:7])
        verkiesbaar = (werk_begin <= me) & (werk_einde > ms)
        if mi == 0:
            aandeel = np.array([jaarwaarde(A["groepen"][x]["werkzaam"], jaar) for x in groepnamen]).ravel()
            w = verkiesbaar & (rng.random(n) < aandeel[gi])
            idx = np.flatnonzero(w)
            duur = rng.exponential(B["duur_bestaande_banen_jaren"], len(idx))
            begin = np.maximum(_plus_jaren(np.full(len(idx), ms), -duur), _plus_jaren(p.geboren[idx], 16))
            baan[idx] = nieuw(idx, begin, bestaand_bepaald=(rng.random(len(idx)) > B["onbepaald_bestaand"]) & (duur < 2))
            continue
        for slot in (baan, baan2):
            werkt = np.flatnonzero(slot >= 0)
            sp = slot[werkt]
            duur_m = (ms - s_b[sp]).astype(int) / 30.44
            eerste = duur_m < 12
            later = jaarwaarde(B["uitval_later_factor"], jaar)
            h = np.where(s_bep[sp], np.where(eerste, U["B_eerste_jaar"], U["B_later"] * later),
                         np.where(eerste, U["O_eerste_jaar"], np.where(duur_m >= 60, U["O_lang"], U["O_later"]) * later))
            weg = ~verkiesbaar[werkt] | (werk_einde[werkt] <= me)
            # contracts ending at the turn of the (school) year; the other months less, the year's total the same
            seizoen = float(B["uitval_seizoen"].get(maand_nr, 1.0)) * 12.0 / (
                12 - len(B["uitval_seizoen"]) + sum(B["uitval_seizoen"].values()))
            uitval = (rng.random(len(werkt)) < h * seizoen) & ~weg
            piek = maand_nr in B["uitval_seizoen"]
            dag = ms + (np.zeros(len(werkt), int) if piek else rng.integers(0, dagen, len(werkt))).astype("timedelta64[D]")
            eind = np.where(weg, np.minimum(werk_einde[werkt] - np.timedelta64(1, "D"), me), dag)
            eind = np.maximum(eind, s_b[sp])
            klaar = weg | uitval
            s_e[sp[klaar]] = eind[klaar]
            slot[werkt[klaar]] = -1
            if slot is baan:
                j2j = werkt[uitval & (rng.random(len(werkt)) < jaarwaarde(B["baan_naar_baan"], jaar))]
                nb = eind[uitval & np.isin(werkt, j2j)] + np.timedelta64(1, "D")
                if len(j2j):
                    start_banen(j2j, nb)
        # Praktijkroute: always werkzaam at registration (S2 Q28)
        pr = np.flatnonzero(praktijkroute & (werk_begin >= ms) & (werk_begin <= me) & (baan < 0))
        if len(pr):
            start_banen(pr, werk_begin[pr])
        # steer each group towards its share working
        sleutel = rng.random(n)
        aandeel = np.array([jaarwaarde(A["groepen"][x]["werkzaam"], jaar + maand_nr / 12.0 - 1)
                            for x in groepnamen]).ravel() * float(B["werkzaam_seizoen"].get(maand_nr, 1.0))
        ver_g = np.bincount(gi[verkiesbaar], minlength=len(groepnamen))
        werk_g = np.bincount(gi[verkiesbaar & (baan >= 0)], minlength=len(groepnamen))
        tekort = np.round(aandeel * ver_g).astype(int) - werk_g
        kandidaat = verkiesbaar & (baan < 0)
        for g_i in np.flatnonzero(tekort > 0):
            c = np.flatnonzero(kandidaat & (gi == g_i))
            if not len(c):
                continue
            kies = c[np.argsort(sleutel[c], kind="stable")[: tekort[g_i]]]
            begin = np.maximum(ms + rng.integers(0, dagen, len(kies)).astype("timedelta64[D]"), werk_begin[kies])
            start_banen(kies, begin)
    return Banen(s_p[:k], s_b[:k], s_e[:k], s_bep[:k], s_u[:k],
                 np.where(s_tweede[:k], "tweede", "hoofd").astype(object))


# --------------------------------------------------------------------------- employers and polis


TIJDVAKKEN = ("MAAND", "VIERWEKEN", "KWARTAAL", "HALFJAAR", "JAAR")
MARKT_SECTOREN = np.array(["01", "03", "04", "06", "08", "11", "13", "15", "17", "20", "22", "24", "28", "30", "33",
                           "35", "38", "40", "42", "43", "44", "45", "46", "47", "49", "50", "53", "54", "56", "58"])


def kalender(tijdvak: str, start, einde) -> tuple[np.ndarray, np.ndarray]:
    """All aangiftetijdvakken of a type that overlap the data period: (begin, end) arrays."""
    j0, j1 = start.astype(object).year, einde.astype(object).year
    b, e = [], []
    for jaar in range(j0, j1 + 1):
        if tijdvak == "MAAND":
            for m in range(1, 13):
                b.append(dt.date(jaar, m, 1))
                e.append((dt.date(jaar + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)))
        elif tijdvak == "VIERWEKEN":  # 4-week periods from 1 January; the 13th ends on 31 December
            for i in range(13):
                b.append(dt.date(jaar, 1, 1) + dt.timedelta(days=28 * i))
                e.append(dt.date(jaar, 12, 31) if i == 12 else dt.date(jaar, 1, 1) + dt.timedelta(days=28 * i + 27))
        else:
            stap = {"KWARTAAL": 3, "HALFJAAR": 6, "JAAR": 12}[tijdvak]
            for m in range(1, 13, stap):
                b.append(dt.date(jaar, m, 1))
                em = m + stap
                e.append(dt.date(jaar + (em > 12), (em - 1) % 12 + 1, 1) - dt.timedelta(days=1))
    b = np.array(b, dtype=D)
    e = np.array(e, dtype=D)
    keep = (e >= start) & (b <= einde)
    return b[keep], e[keep]


def maak_werkgevers(rng, schaal: float) -> pd.DataFrame:
    W = aannames()["werkgevers"]
    n = max(60, int(round(W["aantal"] * schaal)))
    n_sw = max(3, int(round(W["sw_bedrijven"] * schaal)))
    soort = np.full(n, "markt", dtype=object)
    u = rng.random(n)
    soort[u < W["overheid"]] = "overheid"
    soort[(u >= W["overheid"]) & (u < W["overheid"] + W["uitlener"])] = "uitlener"
    soort[:n_sw] = "sw"
    werknemers = np.maximum(1, np.round(np.exp(rng.normal(W["werknemers_lognormaal"]["mu"], W["werknemers_lognormaal"]["sigma"], n))))
    werknemers[soort == "overheid"] *= 4
    werknemers[soort == "sw"] = np.maximum(werknemers[soort == "sw"], 300)
    werknemers[soort == "uitlener"] *= 3
    sector = MARKT_SECTOREN[rng.integers(0, len(MARKT_SECTOREN), n)].astype(object)
    sector[soort == "overheid"] = np.array(["61", "62", "63", "64", "65", "66"])[rng.integers(0, 6, (soort == "overheid").sum())]
    sector[soort == "uitlener"] = "52"
    sector[soort == "sw"] = "67"
    ufo = np.where(soort == "overheid", 0.92, 0.0)
    r = rng.random(n)
    # Ufo edge cases (exactly 50%: markt; under 50%: markt) among the smaller overheid employers only,
    # so that at small scales no large employer flips the sector totals
    klein = werknemers <= np.median(werknemers[soort == "overheid"]) if (soort == "overheid").any() else np.zeros(n, bool)
    ufo[(soort == "overheid") & klein & (r < 2 * W["overheid_ufo_precies_half"])] = 0.5
    ufo[(soort == "overheid") & klein & (r > 1 - 2 * W["overheid_sector_weinig_ufo"])] = 0.3
    tv = np.array(list(W["tijdvak"]), dtype=object)
    tv_keuze = tv[np.searchsorted(np.cumsum(list(W["tijdvak"].values())), rng.random(n) * sum(W["tijdvak"].values()))]
    tv_keuze[soort == "sw"] = "MAAND"
    # distinct 9-digit numbers: i -> (a*i + b) mod m is a bijection because gcd(a, m) = 1
    nummers = 100000000 + (np.arange(n, dtype=np.int64) * 104729 + int(rng.integers(0, 10**6))) % 899999999
    ids = np.array([f"{x:09d}L01" for x in nummers], dtype=object)
    fiscaal = np.array([f"{x:09d}" for x in nummers], dtype=object)
    deel = rng.random(n) < 0.04  # a few employers have more loonheffingennummers under one fiscaal nummer
    fiscaal[deel] = fiscaal[np.maximum(0, np.flatnonzero(deel) - 1)]
    return pd.DataFrame({"werkgever_id": ids, "soort": soort, "werknemers": werknemers, "wfsv_sector": sector,
                         "ufo": ufo, "tijdvak_type": tv_keuze, "fiscaal_nummer": fiscaal})


def kies_werkgever(rng, wg: pd.DataFrame, soort: str, m: int) -> np.ndarray:
    idx = np.flatnonzero(wg["soort"].to_numpy() == soort)
    w = wg["werknemers"].to_numpy()[idx] ** aannames()["werkgevers"]["keuze_gewicht_macht"]
    cum = np.cumsum(w) / w.sum()
    return idx[np.minimum(np.searchsorted(cum, rng.random(m)), len(idx) - 1)]


def gestratificeerd(rng, groep: np.ndarray) -> np.ndarray:
    """Uniform numbers stratified within each group: of n jobs in a group, exactly one falls in each
    interval [k/n, (k+1)/n), so a share p selects round(p x n) of them (less noise at small scales)."""
    u = np.empty(len(groep))
    for g in np.unique(groep):
        idx = np.flatnonzero(groep == g)
        u[idx] = (rng.permutation(len(idx)) + rng.random(len(idx))) / len(idx)
    return u


def ken_werkgevers_toe(rng, b: Banen, p: Personen, wg: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Employer, aard_arbeidsverhouding, soort_baan and bepaald per job (DATA_CONTRACT.md codes)."""
    B = aannames()["banen"]
    m = len(b.persoon)
    groep = p.groep[b.persoon]
    jaar = b.begin.astype("datetime64[Y]").astype(int) + 1970
    soort = np.array([SOORT_VAN_GROEP.get(g, "regulier") for g in groep], dtype=object)
    u = gestratificeerd(rng, jaar)
    uitz = jaarwaarde(B["uitzend_aandeel"], jaar)
    regulier = soort == "regulier"
    soort[regulier & (u < uitz)] = "uitzend"
    soort[regulier & (u >= uitz) & (u < uitz + B["payroll_aandeel"])] = "payroll"
    soort[(soort == "wsw_bw") & (u < 0.0)] = "wsw_bw"
    aard = np.select([soort == "uitzend", soort == "payroll", soort == "wsw_bw", soort == "wsw_det",
                      soort == "wsw_beschut", soort == "beschut_pw"], ["11", "82", "23", "22", "21", "24"], "01")
    soort_baan = np.select([soort == "uitzend", np.isin(soort, ["wsw_bw", "wsw_det", "wsw_beschut"])], ["4", "3"], "9")
    werkgever = np.empty(m, dtype=np.int64)
    ov = gestratificeerd(rng, jaar) < jaarwaarde(B["overheid_aandeel"], jaar)
    bestemming = np.select([np.isin(soort, ["uitzend", "payroll"]), np.isin(soort, ["wsw_det", "wsw_beschut", "beschut_pw"]),
                            ov], ["uitlener", "sw", "overheid"], "markt")
    for s in ("uitlener", "sw", "overheid", "markt"):
        sel = bestemming == s
        werkgever[sel] = kies_werkgever(rng, wg, s, sel.sum())
    bepaald = b.bepaald | (soort == "uitzend")
    return werkgever, aard, soort_baan, bepaald


POLIS_SCHEMA = pa.schema([
    ("persoon_id", pa.string()), ("ikv_id", pa.string()), ("werkgever_id", pa.string()),
    ("opgave_begin", pa.date32()), ("opgave_einde", pa.date32()), ("tijdvak_type", pa.string()),
    ("verloonde_uren", pa.float64()), ("sv_loon", pa.float64()), ("ikv_begin", pa.date32()),
    ("ikv_einde", pa.date32()), ("contractsoort", pa.string()), ("aard_arbeidsverhouding", pa.string()),
    ("soort_baan", pa.string()), ("verwerkingsdatum", pa.date32()),
])
RIJGROEP = 500_000  # rows per parquet row group; rows are ordered by opgave_einde so readers can skip groups


def verwerkingsdata(rng, opgave_einde: np.ndarray, tijdvak_i: np.ndarray) -> np.ndarray:
    """The date each opgave was processed (``polis.verwerkingsdatum``, RULES.md §2 late loonaangiften):
    days after the end of its tijdvak (``verwerking`` in aannames.yaml): monthly and four-weekly ones
    mostly within a month, a share late or corrected months later; quarterly and half-yearly ones within
    two months; yearly ones in the first half of the next year."""
    V = aannames()["verwerking"]
    soort = np.array(TIJDVAKKEN)[tijdvak_i]
    n = len(opgave_einde)
    dagen = rng.integers(V["maand_dagen"][0], V["maand_dagen"][1] + 1, n)
    laat = rng.random(n) < V["laat_aandeel"]
    dagen = np.where(laat, rng.integers(V["laat_dagen"][0], V["laat_dagen"][1] + 1, n), dagen)
    dagen = np.where(np.isin(soort, ["KWARTAAL", "HALFJAAR"]), rng.integers(V["kwartaal_dagen"][0], V["kwartaal_dagen"][1] + 1, n), dagen)
    dagen = np.where(soort == "JAAR", rng.integers(V["jaar_dagen"][0], V["jaar_dagen"][1] + 1, n), dagen)
    return opgave_einde + dagen.astype("timedelta64[D]")


def schrijf_polis(rng, b: Banen, wg: pd.DataFrame, werkgever: np.ndarray, aard, soort_baan, bepaald,
                  start, einde, persoon_ids: pa.Array, pad: Path) -> pd.DataFrame:
    """Write the inkomstenopgaven per aangiftetijdvak of each job's employer, year by year (the year in
    which the tijdvak ends), ordered by opgave_einde and job: a reader that needs a few peildata can
    skip the other row groups. Returns the hours per employer and year."""
    B = aannames()["banen"]
    tv = wg["tijdvak_type"].to_numpy()[werkgever]
    b_einde = np.where(np.isnat(b.einde), VER, b.einde)
    b_start = np.maximum(b.begin, start)
    kalenders = {t: kalender(t, start, einde) for t in TIJDVAKKEN}
    aard = np.asarray(aard, dtype=object).astype(str)
    soort_baan = np.asarray(soort_baan, dtype=object).astype(str)
    wg_ids = pa.array(wg["werkgever_id"].to_numpy().astype(str))
    per_jaar = []
    n_rijen = 0
    with pq.ParquetWriter(pad, POLIS_SCHEMA, compression="zstd") as schrijver:
        for jaar in range(start.astype(object).year, einde.astype(object).year + 1):
            j0, j1 = _d(f"{jaar}-01-01"), _d(f"{jaar}-12-31")
            delen = []
            for t_i, tijdvak in enumerate(TIJDVAKKEN):
                kb, ke = kalenders[tijdvak]
                perioden = np.flatnonzero((ke >= j0) & (ke <= j1))  # the tijdvakken ending in this year
                if not len(perioden):
                    continue
                p0, p1 = perioden[0], perioden[-1]
                sel = np.flatnonzero((tv == tijdvak) & (b.begin <= ke[p1]) & (b_einde >= kb[p0]))
                i0 = np.maximum(np.searchsorted(ke, b_start[sel], side="left"), p0)
                i1 = np.minimum(np.searchsorted(kb, np.minimum(b_einde[sel], einde), side="right") - 1, p1)
                aantal = np.maximum(i1 - i0 + 1, 0)
                offs = np.arange(aantal.sum()) - np.repeat(np.cumsum(aantal) - aantal, aantal)
                per = np.repeat(i0, aantal) + offs
                delen.append((np.repeat(sel, aantal), kb[per], ke[per], np.full(len(per), t_i, np.int8)))
            if not delen:
                continue
            baan_i = np.concatenate([x[0] for x in delen])
            ob = np.concatenate([x[1] for x in delen])
            oe = np.concatenate([x[2] for x in delen])
            tvi = np.concatenate([x[3] for x in delen])
            volgorde = np.lexsort((ob, baan_i, oe))
            baan_i, ob, oe, tvi = baan_i[volgorde], ob[volgorde], oe[volgorde], tvi[volgorde]
            bb = b.begin[baan_i]
            be = b_einde[baan_i]
            overlap = (np.minimum(oe, be) - np.maximum(ob, bb)).astype(int) + 1
            uren = b.uren[baan_i] * overlap / 30.437 * np.exp(rng.normal(0, 0.06, len(baan_i)))
            seizoen = np.ones(13)
            for m, f in B["uren_seizoen"].items():
                seizoen[int(m)] = f
            uren = uren * seizoen[oe.astype("datetime64[M]").astype(int) % 12 + 1]
            loon = uren * jaarwaarde(B["uurloon"], jaar) * np.exp(rng.normal(0, 0.1, len(baan_i)))
            u = rng.random(len(baan_i))
            loon[u < B["geen_loon"]] = 0.0
            uren[u > 1 - B["loon_zonder_uren"]] = 0.0
            uren = np.round(uren, 2)
            loon = np.round(loon, 2)
            omgezet = (ob - bb).astype(int) >= B["omzetting_naar_onbepaald_maanden"] * 30.44
            contract = np.where(bepaald[baan_i] & ~omgezet, "B", "O")
            contract[np.isin(aard[baan_i], ["21", "24"])] = "N"
            wi = werkgever[baan_i]
            ikv = np.char.add("IKV", np.char.zfill(baan_i.astype(str), 9))
            verwerkt = verwerkingsdata(rng, oe, tvi)
            schrijver.write_table(pa.table({
                "persoon_id": persoon_ids.take(pa.array(b.persoon[baan_i])),
                "ikv_id": pa.array(ikv),
                "werkgever_id": wg_ids.take(pa.array(wi)),
                "opgave_begin": pa.array(ob), "opgave_einde": pa.array(oe),
                "tijdvak_type": pa.array(np.array(TIJDVAKKEN)[tvi]),
                "verloonde_uren": pa.array(uren), "sv_loon": pa.array(loon),
                "ikv_begin": pa.array(bb), "ikv_einde": pa.array(np.where(be == VER, NIETS, be)),
                "contractsoort": pa.array(contract), "aard_arbeidsverhouding": pa.array(aard[baan_i]),
                "soort_baan": pa.array(soort_baan[baan_i]), "verwerkingsdatum": pa.array(verwerkt),
            }, schema=POLIS_SCHEMA), row_group_size=RIJGROEP)
            n_rijen += len(baan_i)
            per_jaar.append(pd.DataFrame({"w": wi, "jaar": jaar, "uren": uren}).groupby(["w", "jaar"])["uren"].sum())
    som = pd.concat(per_jaar).groupby(level=[0, 1]).sum().reset_index()
    som.attrs["rijen"] = n_rijen
    return som


def werkgever_tabel(rng, wg: pd.DataFrame, per_jaar: pd.DataFrame, start, einde, schaal: float) -> pd.DataFrame:
    """One row per employer per year with totals of all employees (the quotum needs them)."""
    W = aannames()["werkgevers"]
    jaren = np.arange(start.astype(object).year, einde.astype(object).year + 1)
    n = len(wg)
    w = np.repeat(np.arange(n), len(jaren))
    j = np.tile(jaren, n)
    groei = np.exp(rng.normal(0, 0.05, len(w)))
    # the size draw is a weight for the choice of employer; the markt's hours follow it with a factor (calibration:
    # the quotum's D, S3 Q84)
    overheid = wg["soort"].to_numpy()[w] == "overheid"
    totaal = wg["werknemers"].to_numpy()[w] * W["uren_per_werknemer"] * groei * np.where(overheid, 1.0, float(W["uren_factor"]["markt"]))
    # the overheid's hours per year are set, not drawn: its employers are few and their sizes heavy-tailed, so a drawn
    # total differs by a third between schaal 0,02 and 1; each year's total is overheid_uren_2012 x schaal x growth
    for jaar in jaren:
        rij = overheid & (j == jaar)
        if rij.any():
            doel = float(W["overheid_uren_2012"]) * schaal * (1 + float(W["overheid_uren_groei"])) ** (int(jaar) - int(jaren[0]))
            totaal[rij] *= doel / totaal[rij].sum()
    dg = pd.DataFrame({"w": w, "jaar": j}).merge(per_jaar, on=["w", "jaar"], how="left")["uren"].fillna(0.0)
    totaal = np.round(np.maximum(totaal, dg.to_numpy() * 1.25), 0)
    ufo = np.round(totaal * wg["ufo"].to_numpy()[w], 0)
    return pd.DataFrame({
        "werkgever_id": wg["werkgever_id"].to_numpy()[w], "jaar": j,
        "fiscaal_nummer": wg["fiscaal_nummer"].to_numpy()[w], "wfsv_sector": wg["wfsv_sector"].to_numpy()[w],
        "verloonde_uren_totaal": totaal, "verloonde_uren_ufo": ufo,
        "uitlener": wg["soort"].to_numpy()[w] == "uitlener"})


def uitzend_uren(rng, werkgevers: pd.DataFrame) -> np.ndarray:
    """``verloonde_uren_uitzend`` (optional column, RULES.md §9): an uitlener's hours of its uitzendkrachten, a share
    ``werkgevers.uitzend_aandeel_uitlener`` (uniform between its bounds) of its total; empty for other employers."""
    lo, hi = aannames()["werkgevers"]["uitzend_aandeel_uitlener"]
    u = werkgevers["uitlener"].to_numpy(dtype=bool)
    aandeel = rng.uniform(float(lo), float(hi), len(werkgevers))
    return np.where(u, np.round(werkgevers["verloonde_uren_totaal"].to_numpy(dtype=float) * aandeel), np.nan)


def inleen_overdracht_tabel(rng, uit: Path, werkgevers: pd.DataFrame) -> pd.DataFrame:
    """The optional table ``inleen_overdracht`` (RULES.md §9, S3 Q79): for a share
    (``werkgevers.inleen_overdracht_aandeel``) of the doelgroep's uitzendkrachten per year from 2015 (aard 11 at an
    uitlener), part (a quarter to all) of their doelgroep hours of inleen at the uitlener's loonheffingennummers marked
    uitlener that year transferred to an inlener, a
    large employer that is not an uitlener (drawn by size). The doelgroep hours are the engine's
    (``motor.quotum_uren_per_persoon`` over the files in ``uit``), so that a quotum run accepts every row
    (``quotum.controleer_overdracht``)."""
    import duckdb

    from ..loading import Dataset, Reconciliatie
    from ..motor import quotum_uren_per_persoon
    from ..quotum import is_groot  # the quotum's own size rule and its dated limit (RULES.md §9)

    W = aannames()["werkgevers"]
    w = werkgevers.loc[werkgevers["jaar"] >= 2015]
    uitleners = w.loc[w["uitlener"], ["werkgever_id", "jaar", "fiscaal_nummer"]]
    leeg = pd.DataFrame({"jaar": pd.Series(dtype="int64"), "uitlener_fiscaal_nummer": pd.Series(dtype=str),
                         "inlener_fiscaal_nummer": pd.Series(dtype=str), "persoon_id": pd.Series(dtype=str),
                         "verloonde_uren": pd.Series(dtype=float)})
    con = duckdb.connect()
    try:
        con.register("u", uitleners)
        kandidaten = con.execute(f"""
            SELECT DISTINCT year(o.opgave_einde) AS jaar, u.fiscaal_nummer AS uitlener_fiscaal_nummer, o.persoon_id
            FROM read_parquet('{str(uit / "polis.parquet").replace(chr(39), chr(39) * 2)}') o
            JOIN u ON u.werkgever_id = o.werkgever_id AND u.jaar = year(o.opgave_einde)
            WHERE o.aard_arbeidsverhouding = '11' AND o.verloonde_uren > 0""").df()
    finally:
        con.close()
    if kandidaten.empty:
        return leeg
    import pyarrow.parquet as pq

    def lees(naam):  # dates as datetime64, as the contract's reader gives them
        return pq.read_table(uit / f"{naam}.parquet").to_pandas(date_as_object=False)

    ds = Dataset(uit, {}, {"persoon": lees("persoon"), "doelgroepregister": lees("doelgroepregister")},
                 {"polis": uit / "polis.parquet", "werkgever": uit / "werkgever.parquet"}, Reconciliatie())
    pp = quotum_uren_per_persoon(ds, sorted(kandidaten["jaar"].unique()), sorted(kandidaten["persoon_id"].unique()))
    pp = pp.merge(uitleners, on=["werkgever_id", "jaar"])  # hours at loonheffingennummers marked uitlener
    pp = pp.groupby(["jaar", "fiscaal_nummer", "persoon_id"], as_index=False)["inleen_uren"].sum()
    rijen = kandidaten.merge(pp.rename(columns={"fiscaal_nummer": "uitlener_fiscaal_nummer", "inleen_uren": "uren"}),
                             on=["jaar", "uitlener_fiscaal_nummer", "persoon_id"])
    rijen = rijen.loc[rijen["uren"] > 0].sort_values(["jaar", "uitlener_fiscaal_nummer", "persoon_id"]).reset_index(drop=True)
    rijen = rijen.loc[rng.random(len(rijen)) < float(W["inleen_overdracht_aandeel"])].reset_index(drop=True)
    delen = []
    for jaar, r in rijen.groupby("jaar"):
        groot = (w.loc[(w["jaar"] == jaar) & ~w["uitlener"]].groupby("fiscaal_nummer")["verloonde_uren_totaal"].sum())
        groot = groot.loc[is_groot(groot.to_numpy(dtype=float), int(jaar))]
        if groot.empty:
            continue
        cum = np.cumsum(groot.to_numpy(dtype=float)) / groot.sum()
        keuze = groot.index.to_numpy()[np.minimum(np.searchsorted(cum, rng.random(len(r))), len(groot) - 1)]
        # whole cents down: never more than the doelgroep hours
        uren = np.floor(r["uren"].to_numpy(dtype=float) * rng.uniform(0.25, 1.0, len(r)) * 100) / 100
        delen.append(pd.DataFrame({"jaar": int(jaar), "uitlener_fiscaal_nummer": r["uitlener_fiscaal_nummer"].to_numpy(),
                                   "inlener_fiscaal_nummer": keuze, "persoon_id": r["persoon_id"].to_numpy(),
                                   "verloonde_uren": uren}))
    if not delen:
        return leeg
    df = pd.concat(delen, ignore_index=True)
    df = df.loc[df["verloonde_uren"] > 0]
    return df.groupby(["jaar", "uitlener_fiscaal_nummer", "inlener_fiscaal_nummer", "persoon_id"], as_index=False)["verloonde_uren"].sum()


# --------------------------------------------------------------------------- residence, benefits, beschut werk


def woonplaatsen(rng, p: Personen, ev: dict, einde, gemeente_regio: pd.DataFrame) -> pd.DataFrame:
    """Residence spells (BRP; RULES.md §3) in the real gemeenten of ``gemeente_regio``: a region by
    approximate population (``regio_inwoners``), a gemeente of that region existing in the year the spell
    begins; moves (``verhuizing_per_jaar``) mostly within the region (``verhuizing_binnen_regio``); a spell
    in a gemeente that merges goes on in its successor from 1 January of the year it is gone."""
    from ..regio import regio_opvolgers

    A = aannames()
    n = len(p.groep)
    eind = np.where(np.isnat(ev["emigratie"]), np.where(np.isnat(ev["dood"]), NIETS, ev["dood"]),
                    ev["emigratie"] - np.timedelta64(1, "D"))
    rijen_p, rijen_b = [np.arange(n)], [p.geboren]
    z = rng.poisson(A["verhuizing_per_jaar"] * 12, n)
    z = np.minimum(z, 3)
    for i in range(1, 4):
        sel = np.flatnonzero(z >= i)
        d = _uniform_datum(rng, len(sel), _d("2013-01-01"), einde)
        rijen_p.append(sel)
        rijen_b.append(d)
    pi = np.concatenate(rijen_p)
    begin = np.concatenate(rijen_b)
    volg = np.lexsort((begin, pi))
    pi, begin = pi[volg], begin[volg]
    dubbel = np.r_[False, (pi[1:] == pi[:-1]) & (begin[1:] <= begin[:-1])]
    pi, begin = pi[~dubbel], begin[~dubbel]
    volgende = np.r_[begin[1:], NIETS]
    laatste = np.r_[pi[1:] != pi[:-1], True]
    spell_einde = np.where(laatste, eind[pi], volgende - np.timedelta64(1, "D"))
    # moves after death or emigration do not happen
    ok = np.isnat(eind[pi]) | (begin <= eind[pi])
    pi, begin, spell_einde = pi[ok], begin[ok], spell_einde[ok]
    laatste = np.r_[pi[1:] != pi[:-1], True]
    spell_einde = np.where(laatste, eind[pi], spell_einde)

    # the gemeenten per year with the region whose population weighs them
    g = gemeente_regio[["jaar", "gemeentecode", "arbeidsmarktregio_code"]].copy()
    g["jaar"] = g["jaar"].astype(int)
    opv = regio_opvolgers(gemeente_regio.assign(jaar=gemeente_regio["jaar"].astype(int)), int(A["regio_inwoners_jaar"]))
    g = g.merge(opv, on=["jaar", "arbeidsmarktregio_code"], how="left")
    regios = sorted(A["regio_inwoners"])
    onbekend = sorted(set(g["regio"]) - set(regios))
    if onbekend:
        raise GeneratorError(f"aannames regio_inwoners mist de regio's {', '.join(onbekend)} van gemeente_regio")
    g["ri"] = g["regio"].map({r: i for i, r in enumerate(regios)}).astype(int)
    jaren = np.array(sorted(g["jaar"].unique()))
    g = g.sort_values(["jaar", "ri", "gemeentecode"]).reset_index(drop=True)
    sleutel = (g["jaar"].to_numpy() - jaren[0]) * len(regios) + g["ri"].to_numpy()
    n_sleutels = len(jaren) * len(regios)
    aantal = np.bincount(sleutel, minlength=n_sleutels)
    offset = np.r_[0, np.cumsum(aantal)[:-1]]
    codes = g["gemeentecode"].to_numpy()

    def kies(jaar_i: np.ndarray, ri: np.ndarray) -> np.ndarray:
        k = jaar_i * len(regios) + ri
        if (aantal[k] == 0).any():
            raise GeneratorError("een regio zonder gemeenten in een jaar van gemeente_regio")
        return codes[offset[k] + np.floor(rng.random(len(k)) * aantal[k]).astype(int)]

    gewicht = np.array([A["regio_inwoners"][r] for r in regios], dtype=float)
    cum = np.cumsum(gewicht) / gewicht.sum()
    trek = np.minimum(np.searchsorted(cum, rng.random(len(pi))), len(regios) - 1)
    blijft = rng.random(len(pi)) < A["verhuizing_binnen_regio"]
    eerste = np.r_[True, pi[1:] != pi[:-1]]
    ri = trek.copy()
    for _ in range(3):  # a person has at most four spells: carry the region along the moves that stay
        vorige = np.r_[ri[:1], ri[:-1]]
        ri = np.where(~eerste & blijft, vorige, trek)
    jaar_van = lambda d: np.clip(d.astype("datetime64[Y]").astype(int) + 1970, jaren[0], jaren[-1]) - jaren[0]  # noqa: E731
    spells = pd.DataFrame({"p": pi, "gemeentecode": kies(jaar_van(begin), ri), "begin": begin, "einde": spell_einde,
                           "ri": ri})

    # mergers: from 1 January of the year a gemeente is gone, the spell goes on in a successor of its region
    per_jaar = {j: set(g.loc[g["jaar"] == j, "gemeentecode"]) for j in jaren}
    for a, b in zip(jaren[:-1], jaren[1:]):
        weg = per_jaar[a] - per_jaar[b]
        if not weg:
            continue
        jan = _d(f"{b}-01-01")
        e = spells["einde"].to_numpy().astype(D)
        m = (spells["gemeentecode"].isin(weg).to_numpy() & (spells["begin"].to_numpy().astype(D) < jan)
             & (np.isnat(e) | (e >= jan)))
        if not m.any():
            continue
        oud = spells.loc[m]
        nieuw_in_b = per_jaar[b] - per_jaar[a]
        gb = g.loc[g["jaar"] == b]
        opvolger = {}
        for r in np.unique(oud["ri"]):
            kand = gb.loc[gb["ri"] == r, "gemeentecode"]
            nieuw = sorted(set(kand) & nieuw_in_b)
            opvolger[r] = nieuw[0] if nieuw else None
        verder = oud.assign(begin=jan)
        vast = verder["ri"].map(opvolger)
        los = vast.isna().to_numpy()
        verder["gemeentecode"] = vast.to_numpy()
        if los.any():
            verder.loc[los, "gemeentecode"] = kies(np.full(int(los.sum()), b - jaren[0]), verder.loc[los, "ri"].to_numpy())
        spells.loc[m, "einde"] = jan - np.timedelta64(1, "D")
        spells = pd.concat([spells, verder], ignore_index=True)
    spells = spells.sort_values(["p", "begin"], kind="stable").reset_index(drop=True)
    return spells[["p", "gemeentecode", "begin", "einde"]]


def uitkeringen(rng, p: Personen, ev: dict, reg: pd.DataFrame, einde) -> pd.DataFrame:
    n = len(p.groep)
    stop = np.minimum(np.where(np.isnat(ev["dood"]), VER, ev["dood"]), ev["aow"]) - np.timedelta64(1, "D")
    rows = []
    # Wajong spells for everyone with a Wajong right (also Wsw persons that hold Wajong)
    wajong_reg = reg[reg["grondslag"].isin(["WAJONG_OUD", "WAJONG_2010"])].drop_duplicates("persoon_id")
    heeft = np.zeros(n, bool)
    heeft[wajong_reg["persoon_id"].to_numpy()] = True
    begin = np.full(n, NIETS)
    begin[wajong_reg["persoon_id"].to_numpy()] = wajong_reg["registratie_begin"].to_numpy().astype(D)
    regeling = np.full(n, "WAJONG_OUD", dtype=object)
    regeling[wajong_reg["persoon_id"].to_numpy()] = wajong_reg["grondslag"].to_numpy()
    buiten = p.groep == "wajong_buiten"
    heeft |= buiten
    begin[buiten] = p.wajong_begin[buiten]
    regeling[buiten] = np.where(p.wajong_begin[buiten] >= _d("2015-01-01"), "WAJONG_2015", "WAJONG_OUD")
    av = np.where(np.isin(p.groep, ["wajong_zav", "wajong_buiten"]), False, True)
    idx = np.flatnonzero(heeft)
    rows.append(pd.DataFrame({"p": idx, "regeling": regeling[idx], "begin": begin[idx], "einde": stop[idx],
                              "arbeidsvermogen": av[idx]}))
    wga = np.isin(p.groep, ["wga_gedeeltelijk", "wga_volledig"])
    idx = np.flatnonzero(wga)
    wga_begin = np.where(p.instroom[idx] < _d("2012-12-01"),
                         np.maximum(p.instroom[idx] - rng.integers(0, 3650, len(idx)).astype("timedelta64[D]"),
                                    _plus_jaren(p.geboren[idx], 20)), p.instroom[idx])
    rows.append(pd.DataFrame({"p": idx, "regeling": "WGA", "begin": wga_begin, "einde": stop[idx],
                              "arbeidsvermogen": None,
                              "ao_klasse": np.where(p.groep[idx] == "wga_volledig", "80-100", "35-80")}))
    u = pd.concat(rows, ignore_index=True)
    e = u["einde"].to_numpy().astype(D)
    u = u.loc[e >= u["begin"].to_numpy().astype(D)].copy()  # no spell that would start on or after its stop
    e = u["einde"].to_numpy().astype(D)
    u["einde"] = np.where(e > einde, NIETS, e)
    return u


def indicatie_einden(rng, p: Personen, einde) -> np.ndarray:
    """Per person the end of a valid indicatie beschut werk (RULES.md §11): for a positive advice, after an
    exponential time from the start of beschut werk (``beschut_werk.indicatie_einde_per_jaar``), when it falls
    within the data; NaT otherwise. Drawn with a generator of its own, so the other draws do not move."""
    A = aannames()["beschut_werk"]
    n = len(p.groep)
    jaren = rng.exponential(1.0 / float(A["indicatie_einde_per_jaar"]), n)
    e = _plus_jaren(p.instroom, jaren)
    return np.where((p.groep == "beschut_pw") & (e <= einde), e, NIETS).astype(D)


def beschut_werk_tabel(rng, p: Personen, woon: pd.DataFrame, einde, indicatie_einde=None) -> tuple[pd.DataFrame, np.ndarray]:
    """Advice per beschut werk application; negative advice for extra applicants (new persons); a positive
    advice's indicatie ends on ``indicatie_einde`` (:func:`indicatie_einden`) when given."""
    A = aannames()["beschut_werk"]
    idx = np.flatnonzero(np.isin(p.groep, ["beschut_pw", "beschut_negatief"]))
    positief = p.groep[idx] == "beschut_pw"
    # a positive advice precedes the start of beschut werk; a negative one is dated on entry
    adviesdatum = p.instroom[idx] - np.where(positief, rng.integers(20, 120, len(idx)), 0).astype("timedelta64[D]")
    aanvraag = adviesdatum - rng.integers(14, 60, len(idx)).astype("timedelta64[D]")
    eerste_gem = woon.drop_duplicates("p").set_index("p")["gemeentecode"]
    df = pd.DataFrame({"p": idx, "aanvraagdatum": aanvraag, "aanvrager": np.where(rng.random(len(idx)) < A["aanvrager_burger"], "BURGER", "GEMEENTE"),
                       "advies": np.where(positief, "POSITIEF", "NEGATIEF"), "adviesdatum": adviesdatum,
                       "gemeentecode": eerste_gem.reindex(idx).to_numpy(),
                       "indicatie_einde": NIETS if indicatie_einde is None else indicatie_einde[idx]})
    return df, idx


def taakstelling_tabel(gemeente_regio: pd.DataFrame, schaal: float, tot_jaar: int) -> pd.DataFrame:
    """The optional reference ``beschut_taakstelling`` (RULES.md §11): per year of ``beschut_werk.taakstelling``
    through ``tot_jaar`` and per gemeente of that year's composition, the national taakstelling x ``schaal``
    spread by the population of the gemeente's region (``regio_inwoners``, mapped to the regions of
    ``regio_inwoners_jaar``), equally over the region's gemeenten; whole werkplekken, as the regeling. No random
    draws."""
    from ..regio import regio_opvolgers

    A = aannames()
    gr = gemeente_regio.assign(jaar=gemeente_regio["jaar"].astype(int))
    opv = regio_opvolgers(gr, int(A["regio_inwoners_jaar"]))
    gewicht = pd.Series(A["regio_inwoners"], dtype=float)
    rijen = []
    for jaar, totaal in sorted(A["beschut_werk"]["taakstelling"].items()):
        if jaar > tot_jaar:
            continue
        j = max(x for x in gr["jaar"].unique() if x <= jaar)
        g = gr.loc[gr["jaar"] == j, ["gemeentecode", "arbeidsmarktregio_code"]].merge(
            opv.loc[opv["jaar"] == j, ["arbeidsmarktregio_code", "regio"]], on="arbeidsmarktregio_code", how="left")
        per_gemeente = gewicht.reindex(g["regio"]).to_numpy() / g.groupby("regio")["gemeentecode"].transform("size").to_numpy()
        w = per_gemeente / per_gemeente.sum()
        rijen.append(pd.DataFrame({"jaar": jaar, "gemeentecode": g["gemeentecode"].to_numpy(),
                                   "taakstelling": np.round(float(totaal) * float(schaal) * w)}))  # whole werkplekken
    if not rijen:  # data that end before the first regeling (2017)
        return pd.DataFrame({"jaar": pd.Series(dtype="int64"), "gemeentecode": pd.Series(dtype=str),
                             "taakstelling": pd.Series(dtype=float)})
    return pd.concat(rijen, ignore_index=True).sort_values(["jaar", "gemeentecode"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- writing


def _datum_array(x) -> pa.Array:
    return pa.array(np.asarray(x, dtype=D))


def schrijf_parquet(df: pd.DataFrame | pa.Table, pad: Path, datums=()) -> None:
    if isinstance(df, pd.DataFrame):
        kolommen = {}
        for c in df.columns:
            if c in datums:
                kolommen[c] = _datum_array(df[c].to_numpy())
            elif df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
                kolommen[c] = pa.array(df[c].to_numpy(), type=pa.bool_() if c == "arbeidsvermogen" else pa.string(),
                                       from_pandas=True)
            else:  # an empty number (an optional value, NaN) is written as empty, never as NaN
                kolommen[c] = pa.array(df[c].to_numpy(), from_pandas=True)
        df = pa.table(kolommen)
    pq.write_table(df, pad, compression="zstd", write_statistics=True)


def genereer(schaal: float, seed: int, uit: Path, tot_jaar: int = 2024, log=print) -> Path:
    """Write every contract table plus meta.yaml for December 2012 through December ``tot_jaar``."""
    if not 0 < schaal <= SCHAAL_MAX:
        raise GeneratorError(f"--schaal moet groter dan 0 en ten hoogste {SCHAAL_MAX:g} zijn, niet {schaal:g} "
                             "(1 = de omvang van Nederland; meer dan 1 alleen om snelheid en geheugen te meten)")
    if not 2013 <= tot_jaar <= 2030:
        raise GeneratorError(f"--tot moet tussen 2013 en 2030 liggen, niet {tot_jaar}")
    A = aannames()
    rng = np.random.default_rng(seed)
    start = _d(A["start"])
    einde = _d(f"{tot_jaar}-12-31")
    gemeente_regio = paths.referentie_dir() / "gemeente_regio.csv"  # the project root is needed: fail before writing
    try:
        uit = paths.maak_map(uit, "doelmap")
    except paths.MapError as e:
        raise GeneratorError(str(e)) from None
    log(f"synthetische data: schaal {schaal}, seed {seed}, december 2012 t/m december {tot_jaar} -> {uit}")
    p = maak_personen(rng, schaal, start, einde)
    n = len(p.groep)
    ev = at_once_events(rng, p, start, einde)
    reg, beschut_start = registraties(rng, p, ev, start, einde)
    log(f"  {getal(n)} personen, {getal(len(reg))} registraties")
    # window in which a person can work for their group
    eerste_reg = reg[p.groep[reg["persoon_id"].to_numpy()] != "beschut_pw"].groupby("persoon_id")["registratie_begin"].min()
    werk_begin = p.instroom.copy()
    werk_begin[eerste_reg.index.to_numpy()] = np.minimum(werk_begin[eerste_reg.index.to_numpy()],
                                                         eerste_reg.to_numpy().astype(D))
    werk_begin = np.maximum(werk_begin, start)
    werk_begin = np.maximum(werk_begin, _plus_jaren(p.geboren, 16))
    indicatie_einde = indicatie_einden(np.random.default_rng([seed, 15]), p, einde)
    werk_einde = np.minimum.reduce([np.where(np.isnat(ev["dood"]), VER, ev["dood"]),
                                    np.where(np.isnat(ev["emigratie"]), VER, ev["emigratie"]), ev["aow"],
                                    np.where(np.isnat(ev["naar_beschut"]), VER, ev["naar_beschut"]),
                                    np.where(np.isnat(indicatie_einde), VER, indicatie_einde)])
    praktijk = np.zeros(n, bool)
    praktijk[reg.loc[reg["grondslag"] == "PW_PRAKTIJKROUTE", "persoon_id"].to_numpy()] = True
    banen = simuleer_banen(rng, p, werk_begin, werk_einde, start, einde, praktijk, log=log)
    log(f"  {getal(len(banen.persoon))} inkomstenverhoudingen")
    wg = maak_werkgevers(rng, schaal)
    werkgever, aard, soort_baan, bepaald = ken_werkgevers_toe(rng, banen, p, wg)
    persoon_ids = pa.array(np.char.add("P", np.char.zfill(np.arange(n).astype(str), 8)))
    per_jaar = schrijf_polis(rng, banen, wg, werkgever, aard, soort_baan, bepaald, start, einde, persoon_ids,
                             uit / "polis.parquet")
    log(f"  {getal(per_jaar.attrs['rijen'])} inkomstenopgaven")
    werkgevers = werkgever_tabel(rng, wg, per_jaar, start, einde, schaal)
    rng_quotum = np.random.default_rng([seed, 16])  # the quotum's draws: the others do not move
    werkgevers["verloonde_uren_uitzend"] = uitzend_uren(rng_quotum, werkgevers)
    woon = woonplaatsen(rng, p, ev, einde, pd.read_csv(gemeente_regio, dtype=str))
    uitk = uitkeringen(rng, p, ev, reg, einde)
    besch, _ = beschut_werk_tabel(rng, p, woon, einde, indicatie_einde)
    pid = np.asarray(persoon_ids.to_numpy(zero_copy_only=False), dtype=object)

    persoon = pd.DataFrame({"persoon_id": pid, "geboortedatum": p.geboren, "geslacht": np.where(p.man, "M", "V"),
                            "overlijdensdatum": ev["dood"], "emigratiedatum": ev["emigratie"]})
    schrijf_parquet(persoon, uit / "persoon.parquet", datums=("geboortedatum", "overlijdensdatum", "emigratiedatum"))
    reg = reg.sort_values(["persoon_id", "grondslag", "registratie_begin"], kind="stable")
    reg["persoon_id"] = pid[reg["persoon_id"].to_numpy()]
    schrijf_parquet(reg, uit / "doelgroepregister.parquet", datums=("registratie_begin", "registratie_einde", "criteria_einde"))
    woon = pd.DataFrame({"persoon_id": pid[woon["p"].to_numpy()], "gemeentecode": woon["gemeentecode"].to_numpy(),
                         "begin": woon["begin"].to_numpy(), "einde": woon["einde"].to_numpy()})
    schrijf_parquet(woon, uit / "woonplaats.parquet", datums=("begin", "einde"))
    schrijf_parquet(werkgevers, uit / "werkgever.parquet")
    inleen = inleen_overdracht_tabel(rng_quotum, uit, werkgevers)
    if len(inleen):
        schrijf_parquet(inleen, uit / "inleen_overdracht.parquet")
    uitk = pd.DataFrame({"persoon_id": pid[uitk["p"].to_numpy()], "regeling": uitk["regeling"].to_numpy(),
                         "begin": uitk["begin"].to_numpy(), "einde": uitk["einde"].to_numpy(),
                         "arbeidsvermogen": uitk["arbeidsvermogen"].to_numpy(),
                         "ao_klasse": uitk["ao_klasse"].to_numpy()})
    uitk = uitk.sort_values(["persoon_id", "regeling", "begin"], kind="stable")
    schrijf_parquet(uitk, uit / "uitkering.parquet", datums=("begin", "einde"))
    besch = besch.assign(persoon_id=pid[besch["p"].to_numpy()]).drop(columns="p")
    besch = besch[["persoon_id", "aanvraagdatum", "aanvrager", "advies", "adviesdatum", "gemeentecode", "indicatie_einde"]]
    schrijf_parquet(besch, uit / "beschut_werk.parquet", datums=("aanvraagdatum", "adviesdatum", "indicatie_einde"))
    taak = taakstelling_tabel(pd.read_csv(gemeente_regio, dtype=str), schaal, tot_jaar)
    if len(taak):  # an optional reference: no file without a regeling in the period
        schrijf_parquet(taak, uit / "beschut_taakstelling.parquet")
    meta = {"bron": "synthetisch", "schaal": float(schaal), "seed": int(seed), "tot_jaar": int(tot_jaar),
            "aangemaakt": f"banenafspraak-generator {aannames_versie()} (seed {seed}, schaal {schaal})",
            "omschrijving": "Synthetische data volgens het datacontract, gekalibreerd op gepubliceerde landelijke "
                            "cijfers (CALIBRATION.md; README, 'Synthetic data and calibration'). Geen echte personen."}
    (uit / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8")
    log("  klaar")
    return uit


def aannames_versie() -> str:
    import hashlib

    # the assumptions and the generator code: either changing makes the embedded data stale
    h = hashlib.sha256()
    for naam in ("aannames.yaml", "generator.py"):
        h.update((resources.files("banenafspraak.synth") / naam).read_bytes())
    return h.hexdigest()[:10]
