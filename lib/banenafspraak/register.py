"""The doelgroepregister on a peildatum (RULES.md §2).

Snapshot ("foto"): every person with one or more grondslagen valid on the peildatum. This module
decides validity (registration periods under a t+2 scenario, at-once ends visible in the person
data, the WSW_BESCHUT exclusion, QUOTUM_VOORZIENING outside the banenafspraak) and the category of
each person by the priority rules.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import aow_datum, ts
from .parameters import parameter_per_datum, parameter_waarden

# --------------------------------------------------------------------------- grondslagen and categories

# grondslag -> category code (DATA_CONTRACT.md personen_categorie) and its Dutch label (RULES.md §2)
CATEGORIE_VAN_GRONDSLAG = {
    "WAJONG_OUD": "wajong", "WAJONG_2010": "wajong",
    "PW_INDICATIE": "participatiewet", "PW_PRAKTIJKROUTE": "participatiewet", "PW_VSO_PRO": "participatiewet",
    "PW_AFGEWEZEN_WAJONG": "participatiewet", "PW_TIJDELIJK": "participatiewet",
    "PW_WML_VOORZIENING": "participatiewet",
    "WSW_BEGELEID_WERK": "wsw_wiwid", "WSW_DETACHERING": "wsw_wiwid", "WIW_ID": "wsw_wiwid",
}
CATEGORIEEN = ("wajong", "participatiewet", "wsw_wiwid")
CATEGORIE_LABEL = {
    "wajong": "Wajong",
    "participatiewet": "Doelgroep Participatiewet",
    "wsw_wiwid": "Wsw-indicatie en/of Wiw/ID-baan",
    "totaal": "Totaal",
}
SUBCATEGORIE_LABEL = {
    "owajong": "oWajong",
    "nwajong": "nWajong studie- of werkregeling",
    "wajong_wsw_begeleid": "Wajong én Wsw begeleid werk",
    "pw_indicatie": "Indicatie banenafspraak (incl. Praktijkroute)",
    "pw_vso_pro": "Leerlingen VSO / PrO",
    "pw_afgewezen_wajong": "Afgewezen Wajong-aanvragen",
    "pw_tijdelijk": "Tijdelijke registraties",
    "pw_wml_voorziening": "WML met voorziening",
    "wsw_begeleid_werk": "Wsw begeleid werk (zonder Wajong)",
    "wsw_detachering": "Wsw-detachering (met of zonder Wajong)",
    "wiw_id": "Wiw/ID-baan (zonder Wajong)",
    "totaal": "Totaal",
}
_BIT = {g: 1 << i for i, g in enumerate([
    "WAJONG_OUD", "WAJONG_2010", "PW_INDICATIE", "PW_PRAKTIJKROUTE", "PW_VSO_PRO", "PW_AFGEWEZEN_WAJONG",
    "PW_TIJDELIJK", "PW_WML_VOORZIENING", "WSW_BEGELEID_WERK", "WSW_DETACHERING", "WSW_BESCHUT", "WIW_ID",
    "QUOTUM_VOORZIENING"])}


# The priority rules of the category (RULES.md §2; S2 Q25, S0), in order: the first that applies chooses
# category, subcategory and the rule's label. A rule is a list of groups of grondslagen: every group
# must hold at least one valid grondslag. One definition, evaluated in SQL by the counting engine
# (``motor._categorie_sql``).
CATEGORIE_REGELS = (
    ([("WSW_DETACHERING",)], "wsw_wiwid", "wsw_detachering", "1: combinatie met Wsw-detachering -> Wsw-detachering"),
    ([("WAJONG_OUD", "WAJONG_2010"), ("WSW_BEGELEID_WERK",)], "wajong", "wajong_wsw_begeleid", "3: Wajong én Wsw begeleid werk"),
    ([("WAJONG_OUD",)], "wajong", "owajong", "2/3: Wajong gaat voor Participatiewet en Wiw/ID"),
    ([("WAJONG_OUD", "WAJONG_2010")], "wajong", "nwajong", "2/3: Wajong gaat voor Participatiewet en Wiw/ID"),
    ([("WSW_BEGELEID_WERK",)], "wsw_wiwid", "wsw_begeleid_werk", "2/3: Wsw begeleid werk gaat voor Participatiewet en Wiw/ID"),
    ([("WIW_ID",)], "wsw_wiwid", "wiw_id", "decision: Wiw/ID zonder Wajong/Wsw gaat voor Participatiewet"),
    ([("PW_INDICATIE", "PW_PRAKTIJKROUTE")], "participatiewet", "pw_indicatie", "Participatiewet"),
    ([("PW_VSO_PRO",)], "participatiewet", "pw_vso_pro", "Participatiewet"),
    ([("PW_AFGEWEZEN_WAJONG",)], "participatiewet", "pw_afgewezen_wajong", "Participatiewet"),
    ([("PW_TIJDELIJK",)], "participatiewet", "pw_tijdelijk", "Participatiewet"),
    ([("PW_WML_VOORZIENING",)], "participatiewet", "pw_wml_voorziening", "Participatiewet"),
)


def bits(*grondslagen: str) -> int:
    """The bitmask (``_BIT``) of a set of grondslagen."""
    b = 0
    for g in grondslagen:
        b |= _BIT[g]
    return b


# --------------------------------------------------------------------------- t+2


T2_SCENARIOS = ("geregistreerd", "altijd", "afgeschaft")
# the t+2 scenarios in words (RULES.md §2): in tables, titles and definitions of every report
T2_SCENARIO_LABEL = {
    "geregistreerd": "zoals geregistreerd",
    "altijd": "t+2-regel altijd toegepast",
    "afgeschaft": "zonder t+2-regel",
}
T2_SCENARIO_UITLEG = {
    "geregistreerd": "zoals het doelgroepregister is bijgehouden, met de t+2-regel zoals die in de uitvoering gold",
    "altijd": "wie niet meer aan de criteria voldoet, telt mee tot 31 december van het tweede jaar daarna",
    "afgeschaft": "de einden door de t+2-regel vervallen",
}


def t2_einde(criteria_einde: pd.Series) -> pd.Series:
    """31 December of the second calendar year after the year the criteria stopped (RULES.md §2, S3 Q42):
    criteria stop 2016-06-01 -> registered through 2018-12-31. The number of years (parameter
    ``register.t_plus_2_jaren``) is the one in force on the date the criteria stopped."""
    d = pd.to_datetime(criteria_einde)
    jaren = pd.Series(parameter_per_datum("register.t_plus_2_jaren", d), index=d.index).fillna(0).astype(int)
    jaar = d.dt.year + jaren
    uit = pd.to_datetime({"year": jaar.fillna(2000).astype(int), "month": 12, "day": 31}).astype("datetime64[s]")
    return uit.where(d.notna())


def t2_administratief(criteria_einde: pd.Series) -> pd.DataFrame:
    """How the register administered the t+2 rule for a criteria end (RULES.md §2 rule history).

    Returns per row ``einde`` (the registration end actually applied, NaT if none) and ``heropname``
    (the date the person was re-added, NaT if not): the exit on 1 January after :func:`t2_einde` is
    executed only while the regime parameter ``register.t_plus_2`` says 'actief' on that date;
    persons removed before the re-admission date (``register.t_plus_2_heropname``, as it applies to
    an exit on that date) were re-added then.
    """
    theoretisch = t2_einde(criteria_einde)
    uitschrijving = theoretisch + pd.Timedelta(days=1)
    regimes = parameter_waarden("register.t_plus_2").values
    datums = np.array([np.datetime64(w.vanaf, "s") for w in regimes])
    idx = np.searchsorted(datums, uitschrijving.to_numpy(dtype="datetime64[s]"), side="right") - 1
    actief_w = np.array([w.value == "actief" for w in regimes])
    geldig = theoretisch.notna().to_numpy() & (idx >= 0)
    actief = np.zeros(len(theoretisch), dtype=bool)
    actief[geldig] = actief_w[idx[geldig]]
    uitgevoerd = actief & uitschrijving.notna().to_numpy()
    heropname_datum = pd.Series(pd.NaT, index=theoretisch.index, dtype="datetime64[s]")
    if uitgevoerd.any():
        heropname_datum[uitgevoerd] = pd.to_datetime(pd.Series(parameter_per_datum(
            "register.t_plus_2_heropname", uitschrijving[uitgevoerd]), index=uitschrijving.index[uitgevoerd])).astype("datetime64[s]")
    einde = theoretisch.where(actief)
    heropname = heropname_datum.where(uitgevoerd & (uitschrijving < heropname_datum).to_numpy())
    return pd.DataFrame({"einde": einde.astype("datetime64[s]"), "heropname": heropname})


def einde_in_scenario(reg: pd.DataFrame, scenario: str = "geregistreerd") -> pd.Series:
    """Registration end under a t+2 policy scenario (RULES.md §2; issue: "what if t+2 had stayed?").

    - ``geregistreerd``: the register as administered (``registratie_einde``), the default;
    - ``altijd``: the t+2 rule always applied: the end is the earlier of :func:`t2_einde` of
      ``criteria_einde`` and any at-once end (every administered end not caused by t+2);
    - ``afgeschaft``: never applied: t+2 ends are removed, at-once ends stay.
    Rows that begin after their scenario end (re-admissions in ``altijd``) are never valid.
    """
    if scenario not in T2_SCENARIOS:
        raise ValueError(f"onbekend t+2-scenario {scenario!r}; kies uit {', '.join(T2_SCENARIOS)}")
    einde = reg["registratie_einde"]
    if scenario == "geregistreerd":
        return einde
    direct = einde.where(reg["reden_einde"] != "T_PLUS_2")
    if scenario == "afgeschaft":
        return direct
    t2 = t2_einde(reg["criteria_einde"])
    return direct.where(direct.notna() & (t2.isna() | (direct < t2)), t2)


_EINDEN_CACHE: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _persoon_einden(persoon: pd.DataFrame) -> pd.DataFrame:
    """Per person (indexed by persoon_id) the dates of the at-once ends visible in the person data:
    AOW date (parameter ``aow.leeftijd``), emigration, death. Computed once per loaded table."""
    hit = _EINDEN_CACHE.get(id(persoon))
    if hit is not None and hit[0] is persoon:
        return hit[1]
    e = pd.DataFrame({"aow_datum": aow_datum(persoon["geboortedatum"]).to_numpy(),
                      "emigratiedatum": persoon["emigratiedatum"].to_numpy(),
                      "overlijdensdatum": persoon["overlijdensdatum"].to_numpy()},
                     index=pd.Index(persoon["persoon_id"].to_numpy(), name="persoon_id"))
    if len(_EINDEN_CACHE) > 4:
        _EINDEN_CACHE.clear()
    _EINDEN_CACHE[id(persoon)] = (persoon, e)
    return e


# the at-once ends visible in the person data (RULES.md §2 decision), with their label; on the same day
# the first listed is the reason
DIRECTE_EINDEN = (("overlijdensdatum", "overleden"), ("emigratiedatum", "emigratie"), ("aow_datum", "AOW-leeftijd bereikt"))


def eerste_directe_einde(persoon: pd.DataFrame, persoon_ids=None, na=None) -> pd.DataFrame:
    """The at-once end of a registration visible in the person data (RULES.md §2 decision: death,
    emigration, reaching the AOW age by parameter ``aow.leeftijd``; S2 Q11 ends all grondslagen), per
    entry of ``persoon_ids`` in order: ``datum``, the earliest such date (only dates after ``na``, one
    date or one per entry, when given) and ``reden``, its label; NaT and '' when there is none.
    ``persoon_ids`` None: every person of ``persoon``, in its order.

    The one definition behind the snapshot (:func:`status_op`: an end on or before the date) and the
    duurzaamheid cohort (a starter leaving within the follow-up, RULES.md §7)."""
    pers = _persoon_einden(persoon)
    if persoon_ids is None:  # every person, in the table's order
        sel = pers
    else:
        ids = pd.Series(np.asarray(persoon_ids, dtype=object))
        idx = pers.index.get_indexer(ids)
        if (idx < 0).any():
            raise ValueError("persoon_id onbekend in persoon: " + ", ".join(ids[idx < 0].astype(str)[:5]))
        sel = pers.iloc[idx]
    grens = None if na is None else np.asarray(na, dtype="datetime64[s]")
    datum = np.full(len(sel), np.datetime64("NaT"), dtype="datetime64[s]")
    reden = np.full(len(sel), "", dtype=object)
    for kolom, label in DIRECTE_EINDEN:
        d = sel[kolom].to_numpy(dtype="datetime64[s]")
        raak = ~np.isnat(d) & (True if grens is None else d > grens) & (np.isnat(datum) | (d < datum))
        datum = np.where(raak, d, datum)
        reden[raak] = label
    return pd.DataFrame({"datum": datum, "reden": pd.Series(reden, dtype=object)})


def status_op(reg: pd.DataFrame, persoon: pd.DataFrame, paren: pd.DataFrame, scenario: str = "geregistreerd",
              directe_einden: bool = True, jaargrondslagen: str = "actueel") -> pd.DataFrame:
    """Register status of (persoon_id, datum) pairs (RULES.md §2): one row per pair, in the pairs' order.

    Columns: ``masker`` (bits of the grondslagen valid on that date), ``grondslagen`` (text),
    ``in_populatie`` (counts for the banenafspraak), ``uitsluiting`` (why not), ``categorie``,
    ``subcategorie``, ``regel`` (the priority rule that chose the category).

    Out of the banenafspraak population: no valid grondslag; a valid ``WSW_BESCHUT`` (decision,
    RULES.md §2); only ``QUOTUM_VOORZIENING``; with ``directe_einden`` (decision, default on):
    death, emigration or the AOW age on or before the date when the register has not caught up.
    ``PW_WML_VOORZIENING`` counts under Participatiewet from the date of parameter
    ``register.wml_voorziening_onder_pw``. ``jaargrondslagen``: ``actueel`` (the landelijke monitor) or
    the quarterly 1-January rule for Wsw and Wiw/ID, ``jaarbegin`` or ``halfjaar`` (RULES.md §2 decision).

    Evaluated by the counting engine (``motor.status_paren``), as every rule of the snapshot.
    """
    from .motor import status_paren

    return status_paren(reg, persoon, paren, scenario, directe_einden, jaargrondslagen=jaargrondslagen)


def snapshot(reg: pd.DataFrame, persoon: pd.DataFrame, peildatum, scenario: str = "geregistreerd",
             directe_einden: bool = True, jaargrondslagen: str = "actueel") -> pd.DataFrame:
    """The "foto" of the register on a peildatum (RULES.md §2, S0): every person with a valid
    grondslag on that date, with :func:`status_op`'s columns; evaluated by the counting engine
    (``motor.snapshot_op``, which takes many peildata at once); ``jaargrondslagen`` as in :func:`status_op`."""
    from .motor import snapshot_op

    s = snapshot_op(reg, persoon, [peildatum], scenario, directe_einden, jaargrondslagen=jaargrondslagen)
    return s.reset_index(drop=True)


def populatie(reg: pd.DataFrame, persoon: pd.DataFrame, peildatum, scenario: str = "geregistreerd",
              directe_einden: bool = True, jaargrondslagen: str = "actueel") -> pd.DataFrame:
    """Persons in the banenafspraak population on the peildatum, with their category."""
    s = snapshot(reg, persoon, peildatum, scenario, directe_einden, jaargrondslagen)
    return s.loc[s["in_populatie"], ["persoon_id", "categorie", "subcategorie", "regel"]].reset_index(drop=True)
