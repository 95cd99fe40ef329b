"""Monitor arbeidsparticipatie arbeidsbeperkten (RULES.md §8, S1 §7)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .sector import SECTOR_LABEL
from .dates import LEEFTIJDSLABELS, leeftijdsklasse, ts
from .disclosure import rond_half_op
from .util import _arrow, bevat

GROEPEN = ("wajong_arbeidsvermogen", "wga", "pw_doelgroepregister")
GROEP_LABEL = {"wajong_arbeidsvermogen": "Wajongers met arbeidsvermogen", "wga": "WGA-gerechtigden",
               "pw_doelgroepregister": "Participatiewetters in het doelgroepregister"}
# the characteristics and their values in words, in the tables (the CSVs keep the codes)
KENMERK_LABEL = {"geslacht": "Geslacht", "leeftijdsklasse": "Leeftijd", "regio": "Arbeidsmarktregio",
                 "sector": "Sector", "grootteklasse": "Grootte van de werkgever"}
WAARDE_LABEL = {"M": "Man", "V": "Vrouw", **SECTOR_LABEL}


def lopende_uitkering(uitkering: pd.DataFrame, peildatum, regelingen, arbeidsvermogen=None) -> pd.Series:
    """Persons with a benefit spell of ``regelingen`` running on the peildatum."""
    p = ts(peildatum)
    m = uitkering["regeling"].isin(regelingen) & (uitkering["begin"] <= p) & (uitkering["einde"].isna() | (uitkering["einde"] >= p))
    if arbeidsvermogen is not None:
        m &= uitkering["arbeidsvermogen"].fillna(False).astype(bool) == arbeidsvermogen
    return pd.Series(uitkering.loc[m, "persoon_id"].unique())


def groepen_op(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True) -> pd.DataFrame:
    """The three groups on 31 December (RULES.md §8 decision); a person may be in several (one row each)."""
    return groepen_alle(tabellen, [jaar], scenario, directe_einden)[int(jaar)]


def groepen_alle(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True) -> dict[int, pd.DataFrame]:
    """:func:`groepen_op` for every year of ``jaren`` with one call of the counting engine for all 31
    Decembers (:func:`participatiewet_op`); the benefit groups from ``tabellen["uitkering"]``
    (:func:`lopende_uitkering`). Per year the rows of :func:`groepen_op`, in its order."""
    jaren = sorted({int(j) for j in jaren})
    if not jaren:
        return {}
    u = tabellen["uitkering"]
    wajong = u.loc[u["regeling"].isin(["WAJONG_OUD", "WAJONG_2010"]) & (u["arbeidsvermogen"].fillna(False).astype(bool))]
    wga = u.loc[u["regeling"].isin(["WGA"])]
    (wajong_code, wajong_id), (wga_code, wga_id) = pd.factorize(wajong["persoon_id"]), pd.factorize(wga["persoon_id"])
    pw = participatiewet_op(tabellen["doelgroepregister"], tabellen["persoon"], [ts(j) for j in jaren], scenario, directe_einden)
    pw_jaar = pd.DatetimeIndex(pw["datum"]).year.to_numpy()
    uit = {}
    for jaar in jaren:
        p = ts(jaar)
        delen = [
            pd.DataFrame({"persoon_id": _lopend_op(wajong, wajong_code, wajong_id, p), "groep": "wajong_arbeidsvermogen"}),
            pd.DataFrame({"persoon_id": _lopend_op(wga, wga_code, wga_id, p), "groep": "wga"}),
            pd.DataFrame({"persoon_id": pw.loc[pw_jaar == jaar, "persoon_id"].reset_index(drop=True), "groep": "pw_doelgroepregister"}),
        ]
        uit[jaar] = pd.concat(delen, ignore_index=True)
    return uit


def _lopend_op(spells: pd.DataFrame, code: np.ndarray, personen: pd.Index, p: pd.Timestamp) -> pd.Series:
    """:func:`lopende_uitkering` on benefit spells already limited to the regelingen (and
    arbeidsvermogen) of a group, their persons factorized once (``code`` into ``personen``): the
    persons with a spell running on ``p``, in order of their first such spell."""
    m = ((spells["begin"] <= p) & (spells["einde"].isna() | (spells["einde"] >= p))).to_numpy()
    return pd.Series(personen.take(pd.unique(code[m])).array)


def participatiewet_op(reg: pd.DataFrame, persoon: pd.DataFrame, peildata, scenario: str = "geregistreerd",
                       directe_einden: bool = True) -> pd.DataFrame:
    """(datum, persoon_id): the persons in the banenafspraak population with categorie participatiewet
    on every peildatum, ordered by datum and persoon_id (``motor.populatie_op``: the engine's snapshot
    rules, one call for all peildata)."""
    from .motor import populatie_op

    df = populatie_op(reg, persoon, peildata, scenario, directe_einden, categorie="participatiewet")
    return pd.DataFrame({"datum": df["datum"].to_numpy(), "persoon_id": df["persoon_id"].array})  # text stays Arrow


def polis_bron(tabellen):
    """The polis DuckDB reads: the typed parquet file of a data directory (``motor.bestand``: read
    with filter pushdown, never loaded into pandas), else the frame ``tabellen["polis"]``."""
    from .motor import bestand

    pad = bestand(tabellen, "polis")
    return pad if pad is not None else tabellen["polis"]


def _december_verbinding(polis, jaren, personen=None, extra: tuple[str, ...] = ()):
    """A DuckDB connection over ``polis`` (DataFrame or parquet file, ``werk.polis_views``) with table
    ``december``: per year of ``jaren`` the opgaven of ``personen`` with pay covering a day of its
    December (the rule's SQL, ``werk.opgaven_maanden_sql`` with the thresholds of that December), as
    (jaar, rij, persoon_id, ikv_id, b, e, werkzaam, beschut, *extra); one query per December
    (:func:`_december_sql`) so that DuckDB skips the parquet row groups outside it."""
    from .werk import polis_verbinding, registreer_regels

    jaren = sorted({int(j) for j in jaren})
    con = polis_verbinding(polis)
    registreer_regels(con, _december_maand(jaren[0]), _december_maand(jaren[-1]))
    delen = " UNION ALL ".join(_december_sql(j, extra) for j in jaren)
    con.execute(f"CREATE TEMP VIEW december AS SELECT * FROM ({delen}) WHERE {_personen_filter(con, personen)}")
    return con


def _december_maand(jaar: int) -> int:
    """December of ``jaar`` as a month number (``werk.maandnummer``)."""
    return int(jaar) * 12 + 11


def _december_sql(jaar: int, extra: tuple[str, ...] = ()) -> str:
    """SQL: the opgaven with pay (``werkzaam``) covering a day of December ``jaar`` (RULES.md §8 decision;
    ``werk.opgaven_maanden_sql``, the thresholds of that December) with ``jaar`` in front. The opgave's
    period overlaps December (a range condition DuckDB checks against the parquet statistics) and, in
    months, the rule's period of the row contains it."""
    from .werk import maand_begin, maand_einde, opgaven_maanden_sql, tijdvak_overlapt_sql

    maand = _december_maand(jaar)
    waar = tijdvak_overlapt_sql(maand_begin(maand), maand_einde(maand))
    return (f"SELECT CAST({int(jaar)} AS BIGINT) AS jaar, o.* FROM ({opgaven_maanden_sql(waar, extra)}) o "
            f"WHERE o.werkzaam AND o.b <= {maand} AND o.e >= {maand}")


def _personen_filter(con, personen) -> str:
    """SQL condition limiting ``polis`` to ``personen`` (as ``werk.personen_filter``), the distinct
    persons registered on ``con`` as an Arrow array (no Python string per person); TRUE when None."""
    if personen is None:
        return "TRUE"
    con.register("personen_filter", pa.table({"persoon_id": pc.unique(_arrow_kolom(personen))}))
    return "persoon_id IN (SELECT persoon_id FROM personen_filter)"


def _december_tabel(polis, jaren, personen=None, op_persoon: bool = True) -> pa.Table:
    """:func:`december_werk_alle` as an Arrow table (jaar, persoon_id, alleen_beschut), ordered by jaar
    and, with ``op_persoon``, by persoon_id (sorting the text costs; set membership needs no order):
    one pass over the polis in DuckDB (RULES.md §8 decision, :func:`december_werk`)."""
    con = _december_verbinding(polis, jaren, personen)
    uit = con.sql("SELECT jaar, persoon_id, bool_and(beschut) AS alleen_beschut FROM december "
                  f"GROUP BY jaar, persoon_id ORDER BY jaar{', persoon_id' if op_persoon else ''}").to_arrow_table()
    con.close()
    return uit


def december_werk_alle(polis, jaren, personen=None) -> pd.DataFrame:
    """:func:`december_werk` for every year of ``jaren`` in one pass over the polis (DataFrame or
    parquet file): (jaar, persoon_id, alleen_beschut), ordered by jaar and persoon_id."""
    jaren = sorted({int(j) for j in jaren})
    if not jaren:
        return pd.DataFrame({"jaar": pd.Series(dtype=np.int64), "persoon_id": pd.Series(dtype=object),
                             "alleen_beschut": pd.Series(dtype=bool)})
    uit = _december_tabel(polis, jaren, personen).to_pandas(date_as_object=False)
    return pd.DataFrame({"jaar": uit["jaar"].to_numpy(dtype=np.int64), "persoon_id": uit["persoon_id"].to_numpy(dtype=object),
                         "alleen_beschut": uit["alleen_beschut"].to_numpy(dtype=bool)})


def december_werk(polis, jaar: int, personen=None) -> pd.DataFrame:
    """Persons werkend in December (RULES.md §8 decision): an opgave with pay (``banen.werkzaam_loon``)
    covering a day of December, beschut werk included (a Wajonger in an sw-bedrijf works); per person
    ``alleen_beschut``: all that work is beschut werk (``banen.beschut_werk``). ``polis``: DataFrame or
    parquet file; evaluated in DuckDB by the rule's SQL (``werk.opgaven_maanden_sql``)."""
    d = december_werk_alle(polis, [jaar], personen)
    return d[["persoon_id", "alleen_beschut"]].reset_index(drop=True)


def werkend_in_december(polis, jaar: int, personen=None) -> pd.Index:
    """Persons with an opgave with pay covering a day of December, beschut werk included (RULES.md §8
    decision, :func:`december_werk`)."""
    return pd.Index(december_werk(polis, jaar, personen)["persoon_id"])


def groep_status_alle(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True,
                      cache: dict | None = None) -> dict[int, pd.DataFrame]:
    """:func:`groep_status` for every year of ``jaren``: the years not in ``cache`` in one engine call
    (:func:`groepen_alle`) and one pass over the polis (:func:`december_werk_alle`); stored in ``cache``.
    The polis pass is not limited to the groups' persons (limiting costs more than it saves; only
    their membership is looked up) and runs in DuckDB, outside the GIL, while the engine determines
    the groups."""
    from concurrent.futures import ThreadPoolExecutor

    cache = {} if cache is None else cache
    jaren = sorted({int(j) for j in jaren})
    nieuw = [j for j in jaren if (j, scenario, directe_einden) not in cache]
    if nieuw:
        with ThreadPoolExecutor(1) as polis_pass:
            werk = polis_pass.submit(_december_tabel, polis_bron(tabellen), nieuw, None, False)
            groepen = groepen_alle(tabellen, nieuw, scenario, directe_einden)
            dec = werk.result()
        ids = {j: _arrow_kolom(g["persoon_id"]) for j, g in groepen.items()}
        dec_jaar = dec["jaar"].to_numpy()
        for j in nieuw:
            van, tot = np.searchsorted(dec_jaar, [j, j + 1])  # ordered by jaar
            d = dec.slice(van, tot - van)  # one row per person working in December j
            plek = _plek(ids[j], d["persoon_id"])
            g = groepen[j]
            g["werkend"] = plek.is_valid().to_numpy(zero_copy_only=False)
            g["werkend_beschut"] = _opzoeken(plek, d["alleen_beschut"].to_numpy(), False).astype(bool)
            cache[(j, scenario, directe_einden)] = g
    return {j: cache[(j, scenario, directe_einden)] for j in jaren}


def groep_status(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
                 cache: dict | None = None) -> pd.DataFrame:
    """The groups on 31 December with ``werkend`` per person (RULES.md §8, beschut werk included) and
    ``werkend_beschut`` (werkend in beschut werk only); with ``cache`` (a dict the caller keeps) each
    year is computed once for all tables of a report (:func:`groep_status_alle` fills it for many
    years at once)."""
    return groep_status_alle(tabellen, [jaar], scenario, directe_einden, cache)[int(jaar)]


def participatie(tabellen, jaren, scenario: str = "geregistreerd", directe_einden: bool = True,
                 cache: dict | None = None) -> pd.DataFrame:
    """Table ``participatie`` (DATA_CONTRACT.md): per year and group persons, werkend (beschut werk
    included, RULES.md §8), werkend_beschut (of whom working in beschut werk only), aandeel_werkend."""
    rijen = []
    cache = {} if cache is None else cache
    groep_status_alle(tabellen, jaren, scenario, directe_einden, cache)
    for jaar in jaren:
        g = groep_status(tabellen, jaar, scenario, directe_einden, cache)
        for groep in GROEPEN:
            d = g.loc[g["groep"] == groep]
            n = len(d)
            rijen.append({"jaar": jaar, "groep": groep, "personen": n, "werkend": int(d["werkend"].sum()),
                          "werkend_beschut": int(d["werkend_beschut"].sum()),
                          "aandeel_werkend": d["werkend"].mean() if n else np.nan})
    return pd.DataFrame(rijen)


def kenmerken(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
              cache: dict | None = None) -> pd.DataFrame:
    """Per group: persons, werkend and werkend_beschut by sex, age band and arbeidsmarktregio on 31
    December (RULES.md §8)."""
    p = ts(jaar)
    g = groep_status(tabellen, jaar, scenario, directe_einden, cache)
    waarden = persoon_kenmerken(tabellen, g["persoon_id"], p)
    groep_code, groepen = pd.factorize(g["groep"], sort=True)
    werkend, beschut = g["werkend"].to_numpy(dtype=bool), g["werkend_beschut"].to_numpy(dtype=bool)
    rijen = []
    for kenmerk, w in waarden.items():
        w = np.where(pd.isna(w) | (w.astype(str) == "nan"), ONBEKEND, w)
        waarde_code, uniek = pd.factorize(w)
        volgorde = kenmerk_volgorde(kenmerk, uniek)
        plaats = {v: i for i, v in enumerate(volgorde)}
        cel = groep_code * len(volgorde) + np.array([plaats[v] for v in uniek], dtype=np.int64)[waarde_code]
        n = np.bincount(cel, minlength=len(groepen) * len(volgorde))
        n_werkend = np.bincount(cel[werkend], minlength=len(n))
        n_beschut = np.bincount(cel[beschut], minlength=len(n))
        for c in np.flatnonzero(n):  # the cells present, by group and then the value's defined order
            rijen.append({"jaar": jaar, "groep": groepen[c // len(volgorde)], "kenmerk": kenmerk, "waarde": volgorde[c % len(volgorde)],
                          "personen": int(n[c]), "werkend": int(n_werkend[c]), "werkend_beschut": int(n_beschut[c]),
                          "aandeel_werkend": n_werkend[c] / n[c]})
    return pd.DataFrame(rijen, columns=["jaar", "groep", "kenmerk", "waarde", "personen", "werkend", "werkend_beschut",
                                        "aandeel_werkend"])


def persoon_kenmerken(tabellen, personen: pd.Series, p: pd.Timestamp) -> dict[str, np.ndarray]:
    """Per row of ``personen`` the characteristics of the monitor on peildatum ``p`` (RULES.md §8): sex,
    age band (``dates.leeftijdsklasse``) and, when the residence tables are there, the
    arbeidsmarktregio of the woonplaats as "code naam" (``regio.arbeidsmarktregio_op``; onbekend
    stays onbekend); missing where unknown. Persons looked up by Arrow hash, no text index."""
    from .regio import arbeidsmarktregio_op

    ids = _arrow_kolom(personen)
    pers = tabellen["persoon"]
    plek = _plek(ids, pers["persoon_id"])
    geboren = pd.Series(_opzoeken(plek, pers["geboortedatum"].to_numpy(), np.datetime64("NaT")))
    uit = {"geslacht": _opzoeken(plek, pers["geslacht"].to_numpy(dtype=object)),
           "leeftijdsklasse": leeftijdsklasse(geboren, p).to_numpy(dtype=object)}
    if "woonplaats" in tabellen and "gemeente_regio" in tabellen:
        r = arbeidsmarktregio_op(tabellen["woonplaats"], tabellen["gemeente_regio"], pc.unique(ids).to_numpy(zero_copy_only=False), p)
        regio = (r["arbeidsmarktregio_code"] + " " + r["arbeidsmarktregio_naam"]).where(
            r["arbeidsmarktregio_code"] != ONBEKEND, ONBEKEND).to_numpy(dtype=object)
        uit["regio"] = _opzoeken(_plek(ids, r["persoon_id"]), regio)
    return uit


def _plek(ids: pa.Array, sleutels: pd.Series) -> pa.Array:
    """Per key of ``ids`` its position among the distinct ``sleutels``, null where absent (an Arrow
    hash lookup instead of a text index)."""
    return pc.index_in(ids, value_set=_arrow_kolom(sleutels))


def _opzoeken(plek: pa.Array, waarden: np.ndarray, ontbreekt=np.nan) -> np.ndarray:
    """``waarden`` (aligned with the keys :func:`_plek` looked in) at the positions ``plek``,
    ``ontbreekt`` where a key was not found: ``Series.reindex`` without a text index."""
    gevonden = plek.is_valid().to_numpy(zero_copy_only=False)
    plek = plek.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    gekozen = waarden[plek] if len(waarden) else np.full(len(plek), ontbreekt, dtype=waarden.dtype)
    return np.where(gevonden, gekozen, ontbreekt)


ONBEKEND = "onbekend"


def kenmerk_volgorde(kenmerk: str, waarden) -> list:
    """The values of a characteristic in their defined order (RULES.md §8): age bands as the bands run
    (``dates.LEEFTIJDSLABELS``), other values alphabetically; ``onbekend`` always last."""
    waarden = [w for w in dict.fromkeys(waarden) if w != ONBEKEND]
    if kenmerk == "leeftijdsklasse":
        bekend = [w for w in LEEFTIJDSLABELS if w in waarden]
        geordend = bekend + sorted(w for w in waarden if w not in LEEFTIJDSLABELS)
    else:
        geordend = sorted(waarden)
    return geordend + [ONBEKEND]


def kenmerk_volgorde_klassen(waarden, labels) -> list:
    """Size classes in their defined order (small to large), ``onbekend`` last."""
    return [w for w in labels if w in set(waarden)] + sorted(w for w in set(waarden) if w not in labels)


OVERGANGEN = ("behoudt werk", "vindt werk", "verliest werk", "blijft zonder werk",
              "instroom werkend", "instroom niet werkend", "uitstroom werkend", "uitstroom niet werkend")


def overgangen(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
               cache: dict | None = None) -> pd.DataFrame:
    """Why the share working moves (RULES.md §8): per group, persons in the group in both December
    ``jaar``-1 and ``jaar`` by werkend status in each (behoudt / vindt / verliest werk, blijft zonder
    werk), and those entering or leaving the group. Stocks reconcile: previous + instroom - uitstroom
    = current, for persons and for werkend."""
    status = groep_status_alle(tabellen, (jaar - 1, jaar), scenario, directe_einden, cache)
    tellingen = [overgangen_groep(status[jaar - 1], status[jaar], groep) for groep in GROEPEN]
    volledig = pd.MultiIndex.from_product([list(GROEPEN), list(OVERGANGEN)], names=["groep", "overgang"])
    t = pd.Series(np.concatenate(tellingen), index=volledig, name="personen").reset_index()
    return t.assign(jaar=jaar)[["jaar", "groep", "overgang", "personen"]]


def overgangen_groep(vorig: pd.DataFrame, nu: pd.DataFrame, groep: str) -> np.ndarray:
    """The persons of one group per transition (RULES.md §8), in the order of :data:`OVERGANGEN`, from
    the group status (:func:`groep_status`) of December ``jaar``-1 (``vorig``) and ``jaar`` (``nu``):
    set membership of ``persoon_id`` in Arrow (``util.bevat``), no join on text keys. A person is in a
    group at most once per December (:func:`groepen_alle`)."""
    (v_id, v_werk), (n_id, n_werk) = _groep_leden(vorig, groep), _groep_leden(nu, groep)
    plek = pc.index_in(v_id, value_set=n_id)  # the person's row in December jaar, null when not in the group
    blijft = plek.is_valid().to_numpy(zero_copy_only=False)  # in the group in both Decembers
    werk_nu = n_werk[plek.fill_null(0).to_numpy(zero_copy_only=False)] & blijft if len(n_werk) else blijft
    nieuw = ~bevat(n_id, v_id)
    return np.array([(blijft & v_werk & werk_nu).sum(), (blijft & ~v_werk & werk_nu).sum(),
                     (blijft & v_werk & ~werk_nu).sum(), (blijft & ~v_werk & ~werk_nu).sum(),
                     (nieuw & n_werk).sum(), (nieuw & ~n_werk).sum(),
                     (~blijft & v_werk).sum(), (~blijft & ~v_werk).sum()], dtype=np.int64)


def _groep_leden(status: pd.DataFrame, groep: str) -> tuple[pa.Array, np.ndarray]:
    """The persons of ``groep`` in a group status (:func:`groep_status`) as an Arrow array, with
    ``werkend`` for each."""
    m = (status["groep"] == groep).to_numpy(dtype=bool)
    return _arrow_kolom(status["persoon_id"]).filter(pa.array(m)), status["werkend"].to_numpy(dtype=bool)[m]


def _arrow_kolom(kolom) -> pa.Array:
    """A key column (Series, array or Arrow) as one Arrow array, text as ``large_string`` (zero copy
    for pandas' Arrow-backed ``str``; an empty column too), so that keys from different frames compare
    and concatenate."""
    a = kolom if isinstance(kolom, (pa.Array, pa.ChunkedArray)) else _arrow(kolom)
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    # an empty or all-missing column has Arrow's null type: as text, so that it compares with the keys
    return a.cast(pa.large_string()) if pa.types.is_string(a.type) or pa.types.is_null(a.type) else a


def werkgevers(tabellen, jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
               cache: dict | None = None, top: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Employers of each group in December (RULES.md §8): distinct employers by sector and size class,
    and concentration (share of the group's jobs at its ``top`` largest employers).

    ``personen`` of a sector or size row counts each person once per characteristic, at the employer
    of the person's job with the most verloonde uren in December (ties: the lowest werkgever_id), so
    the rows add up to the persons with a job (RULES.md §10: a declared relation protects them);
    ``grootste_aandeel`` / ``grootste_aandeel_personen``: the largest employer's share of the row's
    banen / persons (dominance rule). The concentration table carries helper columns
    (:data:`CONCENTRATIE_HULP`) for disclosure control: the banen at the top employers and at the
    others, the employers with one baan and with more, and the largest employer's shares.

    Decision (RULES.md §8: the employers employing the group in December): the jobs behind ``werkend``,
    so beschut werk included (the sw-bedrijf employs its Wajongers); ``banen_beschut`` says how many
    of the jobs are beschut werk. A job is a (persoon_id, ikv_id) pair. Size class by the employer's
    verloonde uren in the year (parameters ``participatie.grootteklassen_werknemers`` x
    ``participatie.uren_per_werknemer``): a class boundary belongs to the class below, as in RULES.md
    §9 (25 or more employees = MORE than 25 x 1.623 = 40.575 hours)."""
    from .parameters import parameter

    p = ts(jaar)
    g = groep_status(tabellen, jaar, scenario, directe_einden, cache)[["persoon_id", "groep"]]
    grenzen = parameter("participatie.grootteklassen_werknemers", p)
    klassen_labels = grootteklassen(grenzen)
    con = _banen_verbinding(tabellen, g, jaar)
    rijen, conc = [], []
    for groep in con.sql("SELECT DISTINCT groep FROM banen ORDER BY groep").fetchnumpy()["groep"].tolist():
        for kenmerk in ("sector", "grootteklasse"):
            t = _werkgevers_per_waarde(con, groep, kenmerk)
            # the size classes from small to large (their defined order), sectors alphabetically
            for waarde in (sorted(t) if kenmerk == "sector" else kenmerk_volgorde_klassen(list(t), klassen_labels)):
                werkgevers_n, banen_n, grootste, beschut_n, personen_n, grootste_p = t[waarde]
                rijen.append({"jaar": jaar, "groep": groep, "kenmerk": kenmerk, "waarde": waarde,
                              "werkgevers": werkgevers_n, "banen": banen_n, "personen": personen_n,
                              "grootste_aandeel": grootste / banen_n,
                              "grootste_aandeel_personen": grootste_p / personen_n if personen_n else 0.0,
                              "banen_beschut": beschut_n})
        conc.append({"jaar": jaar, "groep": groep, **_concentratie(con, groep, top)})
    con.close()
    return (pd.DataFrame(rijen, columns=["jaar", "groep", "kenmerk", "waarde", "werkgevers", "banen", "personen",
                                         "grootste_aandeel", "grootste_aandeel_personen", "banen_beschut"]),
            pd.DataFrame(conc, columns=["jaar", "groep", "werkgevers", "banen", f"aandeel_banen_top{top}",
                                        "aandeel_werkgevers_met_een_baan", *CONCENTRATIE_HULP]))


def grootteklassen(grenzen) -> list[str]:
    """The labels of the size classes, small to large, for the class boundaries ``grenzen`` in
    employees (parameter ``participatie.grootteklassen_werknemers``, RULES.md §8)."""
    return [f"klein (< {grenzen[0]})", f"middelgroot ({grenzen[0]}-{grenzen[1] - 1})", f"groot (>= {grenzen[1]})"]


def werkgever_kenmerken(werkgever: pd.DataFrame, jaar: int, werkgever_ids) -> pd.DataFrame:
    """(werkgever_id, sector, grootteklasse) of the employers ``werkgever_ids`` in ``jaar`` (RULES.md §8,
    §4): sector and the employer's verloonde uren in the year by the engine's rule (``motor.werkgever_op``:
    its own row for the year, else the latest earlier, else the earliest later); size class by those
    hours (parameters ``participatie.grootteklassen_werknemers`` x ``participatie.uren_per_werknemer``), a
    class boundary belonging to the class below (RULES.md §9: 25 or more employees = MORE than 25 x
    1.623 = 40.575 hours). Employers without any row are left out."""
    from .motor import werkgever_op
    from .parameters import parameter

    p = ts(jaar)
    w = werkgever.loc[bevat(werkgever["werkgever_id"], werkgever_ids)]
    ids = pd.unique(w["werkgever_id"].to_numpy(dtype=object))
    k = werkgever_op(w, pd.DataFrame({"werkgever_id": ids, "datum": np.full(len(ids), p.to_datetime64())}), "datum")
    grenzen = parameter("participatie.grootteklassen_werknemers", p)
    uren_per_werknemer = parameter("participatie.uren_per_werknemer", p)
    klassen_labels = grootteklassen(grenzen)
    klasse = pd.cut(k["verloonde_uren_totaal"].astype(float),
                    [-np.inf, grenzen[0] * uren_per_werknemer, grenzen[1] * uren_per_werknemer, np.inf],
                    right=True,  # more than the boundary's hours is the next class (RULES.md §9)
                    labels=klassen_labels).astype(str)
    return pd.DataFrame({"werkgever_id": ids, "grootteklasse": klasse.to_numpy(), "sector": k["sector"].to_numpy()})


def _banen_verbinding(tabellen, g: pd.DataFrame, jaar: int):
    """A DuckDB connection with table ``banen``: the jobs with pay in December ``jaar`` of the persons
    in the groups ``g`` (persoon_id, groep), one row per group a person is in (RULES.md §8, as
    ``werkend``: the rule's SQL, :func:`_december_verbinding`). A job is a (persoon_id, ikv_id) pair
    with the employer and beschut werk of its first opgave in the polis, its verloonde uren in
    December, the employer's ``sector`` (markt when unknown) and ``grootteklasse`` (onbekend when
    unknown, :func:`werkgever_kenmerken`); ``hoofd``: the person's job with the most hours (ties: the
    lowest werkgever_id, then ikv_id), where the person counts once per characteristic."""
    con = _december_verbinding(polis_bron(tabellen), [jaar], g["persoon_id"], extra=("werkgever_id", "verloonde_uren"))
    con.execute("""
        CREATE TEMP TABLE dec_banen AS
        SELECT persoon_id, ikv_id, arg_min(werkgever_id, rij) AS werkgever_id, arg_min(beschut, rij) AS beschut,
               coalesce(sum(verloonde_uren), 0) AS uren
        FROM december GROUP BY persoon_id, ikv_id""")
    ids = con.sql("SELECT DISTINCT werkgever_id FROM dec_banen").to_arrow_table()["werkgever_id"]
    con.register("wg_kenmerk", werkgever_kenmerken(tabellen["werkgever"], jaar, pd.Series(ids.to_pandas())))
    con.register("groepen", pa.table({"persoon_id": _arrow_kolom(g["persoon_id"]), "groep": _arrow_kolom(g["groep"])}))
    con.execute(f"""
        CREATE TEMP TABLE banen AS
        SELECT gr.groep, b.persoon_id, b.ikv_id, b.werkgever_id, b.beschut, b.uren,
               coalesce(k.sector, 'markt') AS sector, coalesce(k.grootteklasse, '{ONBEKEND}') AS grootteklasse,
               row_number() OVER (PARTITION BY gr.groep, b.persoon_id ORDER BY b.uren DESC, b.werkgever_id, b.ikv_id) = 1 AS hoofd
        FROM dec_banen b JOIN groepen gr ON b.persoon_id = gr.persoon_id
        LEFT JOIN wg_kenmerk k ON b.werkgever_id = k.werkgever_id""")
    return con


def _werkgevers_per_waarde(con, groep: str, kenmerk: str) -> dict:
    """Per value of ``kenmerk`` (sector or grootteklasse) of the group's jobs (``banen`` of
    :func:`_banen_verbinding`): distinct employers, banen, banen at the largest employer, beschut
    banen, persons (at the employer of their ``hoofd`` job) and persons at the largest employer."""
    t = con.execute(f"""
        WITH per_wg AS (
            SELECT {kenmerk} AS waarde, werkgever_id, count(*) AS banen, count(*) FILTER (WHERE beschut) AS beschut,
                   count(*) FILTER (WHERE hoofd) AS personen
            FROM banen WHERE groep = $groep GROUP BY ALL)
        SELECT waarde, count(werkgever_id) AS werkgevers, sum(banen) AS banen, max(banen) AS grootste,
               sum(beschut) AS beschut, sum(personen) AS personen, max(personen) AS grootste_p
        FROM per_wg GROUP BY waarde""", {"groep": groep}).fetchall()
    return {r[0]: tuple(int(x) for x in r[1:]) for r in t}


def _concentratie(con, groep: str, top: int) -> dict:
    """The concentration row of a group (RULES.md §8, §10): employers, banen, the share at the ``top``
    largest employers and of employers with one baan, and the helper columns
    (:data:`CONCENTRATIE_HULP`), from the banen per employer (``banen`` of :func:`_banen_verbinding`)."""
    per_wg = np.sort(con.execute("SELECT count(*) AS n FROM banen WHERE groep = $groep GROUP BY werkgever_id",
                                 {"groep": groep}).fetchnumpy()["n"].astype(np.int64))[::-1]  # descending
    personen = con.execute("SELECT count(DISTINCT persoon_id) FROM banen WHERE groep = $groep", {"groep": groep}).fetchone()[0]
    banen, top_banen, meer = int(per_wg.sum()), int(per_wg[:top].sum()), per_wg[per_wg > 1]
    return {"werkgevers": len(per_wg), "banen": banen, f"aandeel_banen_top{top}": top_banen / per_wg.sum(),
            "aandeel_werkgevers_met_een_baan": (per_wg == 1).mean(),
            "personen": int(personen), "grootste_aandeel": per_wg[0] / per_wg.sum(),
            "banen_top": top_banen, "grootste_aandeel_top": per_wg[0] / top_banen,
            "werkgevers_rest": max(len(per_wg) - top, 0), "banen_rest": banen - top_banen,
            "werkgevers_een_baan": int((per_wg == 1).sum()), "werkgevers_meer": len(meer),
            "banen_meer": int(meer.sum()), "grootste_aandeel_meer": meer[0] / meer.sum() if len(meer) else 0.0}


CONCENTRATIE_HULP = ["personen", "grootste_aandeel", "banen_top", "grootste_aandeel_top", "werkgevers_rest", "banen_rest",
                     "werkgevers_een_baan", "werkgevers_meer", "banen_meer", "grootste_aandeel_meer"]


# --------------------------------------------------------------------------- the report as a publication

TABELLEN = ["persoon", "doelgroepregister", "polis", "werkgever", "uitkering", "woonplaats", "gemeente_regio"]


def laad(data_dir, van_jaar: int, tot_jaar: int):
    """The inputs of the monitor: every table, the polis only for the Decembers it counts; a typed
    parquet polis is read by DuckDB from the file (``polis_als_bestand``) and never loaded into pandas."""
    from .loading import PolisSelectie
    from .rapport import laad_data

    decembers = [(pd.Timestamp(year=j, month=12, day=1), pd.Timestamp(year=j, month=12, day=31))
                 for j in range(van_jaar - 1, tot_jaar + 1)]
    return laad_data(data_dir, TABELLEN, polis_selectie=PolisSelectie(perioden=decembers), polis_als_bestand=True)


def definities(jaar: int, afronden: bool = False) -> dict[str, str]:
    """The definitions printed with the monitor, from the dated parameters (RULES.md §8, §10); the
    text on rounding follows ``afronden``."""
    from .parameters import parameter

    p = ts(jaar)
    grenzen = parameter("participatie.grootteklassen_werknemers", p)
    return {
        "Wajongers met arbeidsvermogen": "lopende Wajong-uitkering (oWajong of nWajong) met arbeidsvermogen op 31 december",
        "WGA-gerechtigden": "lopende WGA-uitkering op 31 december",
        "Participatiewetters in het doelgroepregister": "in de banenafspraak, categorie doelgroep Participatiewet, op 31 december",
        "werkend": f"loon (sv-loon > {parameter('banen.werkzaam_loon_groter_dan', p):g} euro) uit een inkomstenverhouding in "
                   "december, beschut werk inbegrepen (werkend in beschut werk: apart getoond)",
        "grootteklasse": f"verloonde uren van de werkgever in het jaar / {parameter('participatie.uren_per_werknemer', p)} uur "
                         f"per werknemer: klein onder {grenzen[0]}, middelgroot tot {grenzen[1]}, groot vanaf {grenzen[1]} werknemers",
        "afronding": (f"aantallen afgerond op {parameter('participatie.afronden_op', p)} (half naar boven); aandelen "
                      "berekend uit de afgeronde aantallen") if afronden else "aantallen niet afgerond",
    }


def _aandeel(teller: pd.Series, noemer: pd.Series, veelvoud: int) -> np.ndarray:
    """A published share when counts are rounded (RULES.md §10): rounded numerator / rounded
    denominator (half up), so 43 of 75 shows 0 / 100 and not 0,5733; empty when the denominator rounds to 0."""
    t = rond_half_op(teller.astype(float).to_numpy(), veelvoud)
    n = rond_half_op(noemer.astype(float).to_numpy(), veelvoud)
    return np.divide(t, n, out=np.full(len(n), np.nan), where=n > 0)


def publicatie(tabellen, van_jaar: int, tot_jaar: int, scenario: str = "geregistreerd", directe_einden: bool = True,
               afronden: bool = False):
    """The monitor arbeidsparticipatie as one :class:`~banenafspraak.publicatie.Publicatie` (RULES.md §8,
    §10): ``participatie``, ``kenmerken``, ``overgangen``, ``werkgevers``, ``concentratie``, with the
    persons and employers behind every cell and the relations between the tables (stocks and flows,
    characteristics adding up to the group). Every December it counts (also the one before the first
    transition) must lie within the period of the polis (:func:`periode.controleer_peildata`)."""
    from .parameters import parameter
    from .periode import controleer_peildata
    from .publicatie import Kolom, Publicatie, Tabel

    if van_jaar > tot_jaar:
        raise ValueError(f"van_jaar ({van_jaar}) ligt na tot_jaar ({tot_jaar})")
    jaren_o = range(max(van_jaar, tot_jaar - 4), tot_jaar + 1)  # transitions: December jaar-1 to jaar
    controleer_peildata(tabellen, {f"december {j}": (pd.Timestamp(year=j, month=12, day=1), ts(j))
                                   for j in sorted(set(range(van_jaar, tot_jaar + 1)) | {j - 1 for j in jaren_o})})
    p = ts(tot_jaar)
    veelvoud = int(parameter("participatie.afronden_op", p)) if afronden else 0
    status: dict = {}  # every December the tables count, in one engine call and one pass over the polis
    groep_status_alle(tabellen, set(range(van_jaar, tot_jaar + 1)) | {j - 1 for j in jaren_o}, scenario, directe_einden, status)
    pub = Publicatie("arbeidsparticipatie", f"Monitor arbeidsparticipatie arbeidsbeperkten {van_jaar}-{tot_jaar}", p,
                     "Doelgroepregister (UWV), uitkeringen Wajong en WGA (UWV), Polisadministratie, BRP",
                     definities(tot_jaar, afronden), info={"van_jaar": van_jaar, "tot_jaar": tot_jaar, "afronden": veelvoud})
    personen_kol, werkend_kol = Kolom("Personen", "geheel", "personen"), Kolom("Werkend", "geheel", "personen")

    def tabel(naam, titel, df, kolommen, toelichting, tellers, afgeleid, verborgen=(), kosten=1.0, **extra):
        rond = {k: veelvoud for k, c in kolommen.items() if veelvoud and c.formaat == "geheel" and c.eenheid}
        return pub.voeg_toe(Tabel(naam, titel, df, kolommen, toelichting, variabelen=list(tellers),
                                  verborgen=set(verborgen), bescherming={**{k: [k] for k in tellers}, **extra.pop("bescherming", {})},
                                  afgeleid=afgeleid, afronden=rond, kosten=kosten, **extra))

    def werk_kolommen(df):
        df["niet_werkend"] = df["personen"] - df["werkend"]
        if "werkend_beschut" in df:
            df["werkend_regulier"] = df["werkend"] - df["werkend_beschut"]
        return df

    beschut = []
    part = werk_kolommen(participatie(tabellen, range(van_jaar, tot_jaar + 1), scenario, directe_einden, cache=status))
    if veelvoud:  # a share next to rounded counts is computed from them: it cannot give the exact counts back
        part["aandeel_werkend"] = _aandeel(part["werkend"], part["personen"], veelvoud)
    kol = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "personen": personen_kol, "werkend": werkend_kol}
    if "werkend_beschut" in part:
        kol["werkend_beschut"] = Kolom("Waarvan in beschut werk", "geheel", "personen")
        beschut = ["werkend_beschut", "werkend_regulier"]
    kol["aandeel_werkend"] = Kolom("Aandeel werkend", "procent")
    tellers = ["personen", "werkend", "niet_werkend", *beschut]
    tabel("participatie", f"Personen en werkenden per groep, {van_jaar}-{tot_jaar}", part, kol, "31 december van elk jaar.",
          tellers, {"aandeel_werkend": ["werkend", "personen"]}, verborgen={"niet_werkend", "werkend_regulier"})
    pub.kolomsom("participatie", "personen", ["werkend", "niet_werkend"])
    if beschut:
        pub.kolomsom("participatie", "werkend", ["werkend_beschut", "werkend_regulier"])
    pt = pub.tabellen["participatie"]

    # characteristics in the last year; what no value covers (no region known) is an explicit rest
    ken = werk_kolommen(kenmerken(tabellen, tot_jaar, scenario, directe_einden, cache=status))
    rest = []
    for groep in GROEPEN:
        for kenmerk in ken["kenmerk"].unique():
            d = ken.loc[(ken["groep"] == groep) & (ken["kenmerk"] == kenmerk)]
            tot = part.loc[(part["jaar"] == tot_jaar) & (part["groep"] == groep)].iloc[0]
            verschil = {k: int(tot[k]) - int(d[k].sum()) for k in tellers}
            if any(verschil.values()):
                rest.append({"jaar": tot_jaar, "groep": groep, "kenmerk": kenmerk, "waarde": "onbekend", **verschil})
    if rest:
        r = pd.DataFrame(rest)
        ken = pd.concat([ken, r], ignore_index=True).groupby(["jaar", "groep", "kenmerk", "waarde"], sort=False, as_index=False)[
            tellers].sum()
        ken["aandeel_werkend"] = ken["werkend"] / ken["personen"].where(ken["personen"] > 0)
        orde = {k: {w: i for i, w in enumerate(kenmerk_volgorde(k, ken.loc[ken["kenmerk"] == k, "waarde"]))}
                for k in ken["kenmerk"].unique()}
        kenmerken_orde = {k: i for i, k in enumerate(dict.fromkeys(ken["kenmerk"]))}
        ken = ken.sort_values(["kenmerk", "groep", "waarde"], key=lambda c: (
            c.map(kenmerken_orde) if c.name == "kenmerk" else c if c.name == "groep"
            else pd.Series([orde[k][w] for k, w in zip(ken.loc[c.index, "kenmerk"], c)], index=c.index)),
            kind="stable").reset_index(drop=True)
    if veelvoud:  # shares from the rounded counts (RULES.md §10)
        ken["aandeel_werkend"] = _aandeel(ken["werkend"], ken["personen"], veelvoud)
    kol_k = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "kenmerk": Kolom("Kenmerk", "tekst", waarden=KENMERK_LABEL),
             "waarde": Kolom("Waarde", "tekst", waarden=WAARDE_LABEL), "personen": personen_kol, "werkend": werkend_kol,
             **({"werkend_beschut": kol["werkend_beschut"]} if beschut else {}), "aandeel_werkend": Kolom("Aandeel werkend", "procent")}
    tabel("kenmerken", f"Kenmerken per groep, 31 december {tot_jaar}", ken, kol_k,
          "Geslacht, leeftijdsklasse (hele jaren) en arbeidsmarktregio van de woonplaats.", tellers,
          {"aandeel_werkend": ["werkend", "personen"]}, verborgen={"niet_werkend", "werkend_regulier"}, kosten=0.5)
    kt = pub.tabellen["kenmerken"]
    pub.kolomsom("kenmerken", "personen", ["werkend", "niet_werkend"])
    if beschut:
        pub.kolomsom("kenmerken", "werkend", ["werkend_beschut", "werkend_regulier"])
    for groep in GROEPEN:
        for kenmerk in ken["kenmerk"].unique():
            for k in tellers:
                pub.relatie(f"kenmerken {groep} {kenmerk} {k} = participatie",
                            [("participatie", pt.rij(jaar=tot_jaar, groep=groep), k, -1),
                             *[("kenmerken", i, k, 1) for i in kt.rijen(groep=groep, kenmerk=kenmerk)]])

    # transitions December to December: they reconcile with the stocks of the participatie table
    overg = pd.concat([overgangen(tabellen, j, scenario, directe_einden, cache=status) for j in jaren_o], ignore_index=True)
    tabel("overgangen", "Overgangen in en uit werk per groep (december op december)", overg,
          {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "overgang": Kolom("Overgang", "tekst"),
           "personen": personen_kol}, "Jaar Y: van december Y-1 naar december Y.", ["personen"], {}, kosten=0.5)
    ot = pub.tabellen["overgangen"]
    vorig_delen = {"personen": OVERGANGEN[:4] + OVERGANGEN[6:8], "werkend": (OVERGANGEN[0], OVERGANGEN[2], OVERGANGEN[6])}
    nu_delen = {"personen": OVERGANGEN[:6], "werkend": (OVERGANGEN[0], OVERGANGEN[1], OVERGANGEN[4])}
    for j in jaren_o:
        for groep in GROEPEN:
            for jaar_stand, delen in ((j - 1, vorig_delen), (j, nu_delen)):
                if not pt.rijen(jaar=jaar_stand, groep=groep):
                    continue
                for k, overgangen_k in delen.items():
                    pub.relatie(f"overgangen {j} {groep} {k} {jaar_stand}",
                                [("participatie", pt.rij(jaar=jaar_stand, groep=groep), k, -1),
                                 *[("overgangen", ot.rij(jaar=j, groep=groep, overgang=o), "personen", 1) for o in overgangen_k]])

    # employers: units are employers, magnitudes pass the dominance rule (RULES.md §10)
    wg, conc = werkgevers(tabellen, tot_jaar, scenario, directe_einden, cache=status)
    top = [k for k in conc.columns if k.startswith("aandeel_banen_top")]
    if veelvoud:  # shares from the rounded counts (a share next to rounded counts must not give them back)
        r = {k: rond_half_op(conc[k].astype(float), veelvoud) for k in ("banen", "banen_top", "werkgevers", "werkgevers_een_baan")}
        for k in top:
            conc[k] = r["banen_top"] / np.where(r["banen"] > 0, r["banen"], np.nan)
        conc["aandeel_werkgevers_met_een_baan"] = r["werkgevers_een_baan"] / np.where(r["werkgevers"] > 0, r["werkgevers"], np.nan)
    kol_w = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL), "kenmerk": Kolom("Kenmerk", "tekst", waarden=KENMERK_LABEL),
             "waarde": Kolom("Waarde", "tekst", waarden=WAARDE_LABEL), "werkgevers": Kolom("Werkgevers", "geheel", "werkgevers"),
             "banen": Kolom("Banen (inkomstenverhoudingen)", "geheel", "banen"),
             "personen": Kolom("Personen (bij de werkgever van hun grootste baan)", "geheel", "personen")}
    tabel("werkgevers", f"Werkgevers per groep naar sector en grootteklasse, december {tot_jaar}", wg, kol_w,
          "Verschillende werkgevers, banen en personen; beschut werk inbegrepen (RULES.md §8). Iedere persoon telt "
          "één keer, bij de werkgever van de baan met de meeste uren in december.", ["werkgevers", "banen", "personen"], {},
          bescherming={"banen": ["personen", "werkgevers"], "personen": ["personen", "werkgevers"]},
          dominantie={"banen": "grootste_aandeel", "personen": "grootste_aandeel_personen"}, kosten=0.5)
    kol_c = {"jaar": Kolom("Jaar", "jaar"), "groep": Kolom("Groep", "tekst", waarden=GROEP_LABEL),
             "werkgevers": Kolom("Werkgevers", "geheel", "werkgevers"), "banen": Kolom("Banen (inkomstenverhoudingen)", "geheel", "banen"),
             **{k: Kolom(f"Aandeel banen bij de {k.removeprefix('aandeel_banen_top')} grootste werkgevers", "procent") for k in top},
             "aandeel_werkgevers_met_een_baan": Kolom("Aandeel werkgevers met één baan", "procent")}
    # a reader knows banen_top (share x banen) and werkgevers_een_baan (share x werkgevers); what rests
    # on the other employers is hidden and protected: banen = banen_top + banen_rest, werkgevers =
    # werkgevers_een_baan + werkgevers_meer, banen = werkgevers_een_baan + banen_meer (one baan each)
    tabel("concentratie", f"Concentratie bij werkgevers, december {tot_jaar}", conc, kol_c,
          "Aandeel van de banen van de groep bij de grootste werkgevers; aandeel werkgevers met één baan.",
          ["werkgevers", "banen", "personen", "banen_top", "werkgevers_rest", "banen_rest", "werkgevers_een_baan",
           "werkgevers_meer", "banen_meer"], {**{k: ["banen", "banen_top"] for k in top},
                                             "aandeel_werkgevers_met_een_baan": ["werkgevers", "werkgevers_een_baan"]},
          verborgen={"personen", "banen_rest", "werkgevers_rest", "werkgevers_meer", "banen_meer"},
          bescherming={"banen": ["werkgevers"], "banen_top": ["werkgevers"], "werkgevers_een_baan": ["werkgevers_een_baan"],
                       "banen_rest": ["werkgevers_rest"], "banen_meer": ["werkgevers_meer"],
                       **{k: ["werkgevers"] for k in [*top, "aandeel_werkgevers_met_een_baan"]}},
          dominantie={"banen": "grootste_aandeel", "banen_top": "grootste_aandeel_top", "banen_meer": "grootste_aandeel_meer"})
    wt, ct = pub.tabellen["werkgevers"], pub.tabellen["concentratie"]
    pub.kolomsom("concentratie", "banen", ["banen_top", "banen_rest"])
    pub.kolomsom("concentratie", "werkgevers", ["werkgevers_een_baan", "werkgevers_meer"])
    pub.kolomsom("concentratie", "banen", ["werkgevers_een_baan", "banen_meer"])
    for groep in wg["groep"].unique():
        if not ct.rijen(groep=groep):
            continue
        for kenmerk in ("sector", "grootteklasse"):
            for k in ("werkgevers", "banen", "personen"):
                pub.relatie(f"werkgevers {groep} {kenmerk} {k} = concentratie",
                            [("concentratie", ct.rij(groep=groep), k, -1),
                             *[("werkgevers", i, k, 1) for i in wt.rijen(groep=groep, kenmerk=kenmerk)]])
    for groep in conc["groep"]:  # the persons with a job are the werkenden of the participatie table
        a, b = ("concentratie", ct.rij(groep=groep), "personen"), ("participatie", pt.rij(jaar=tot_jaar, groep=groep), "werkend")
        if ct.data.at[a[1], "personen"] != pt.data.at[b[1], "werkend"]:
            raise ValueError(f"werkgevers {groep}: {ct.data.at[a[1], 'personen']} personen met een baan, "
                             f"{pt.data.at[b[1], 'werkend']} werkend: de definities lopen uiteen")
        pub.gelijk(f"werkgevers {groep}: personen met een baan = werkend", a, b)
    return pub
