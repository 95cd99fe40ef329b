"""Real microdata in (issue #17; DATA_CONTRACT.md): ``banenafspraak importeer --bronnen bronnen.yaml --uit MAP``
turns CBS Remote Access files (SPOLISBUS per year, GBAPERSOONTAB, GBAADRESOBJECTBUS + VSLGWBTAB) and a UWV extract of
the doelgroepregister into a data directory of the contract. The adapter only renames, casts and recodes, by a
mapping profile (``profielen/cbs.yaml``) that the user's YAML overrides in any part.

Streaming: a ``.sav`` file is read in chunks (pyreadstat) into a temporary parquet file, ``.csv`` and ``.parquet``
are read by DuckDB; nothing holds a whole polis in memory. The polis keeps the opgaven of persons who were ever in
the register (the quotum group included) and is written ordered by ``opgave_einde``, as the generator writes it (the
reports read only the row groups they need); the ``werkgever`` table is the yearly sum over ALL rows of the polis.
Every row read, kept and left out is counted per rule in ``importeer.json`` (the reports' reconciliation style).

Bad input stops the import with a :class:`~banenafspraak.validation.ContractError` naming the file, the column, the
values and the rows: a missing column, a RINPERSOON that lost its leading zeros, an unknown code, a date that is not
a date."""
from __future__ import annotations

import copy
import datetime as dt
import glob
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .validation import VOORBEELDEN, ContractError, Probleem, _sql_tekst

PROFIELEN = Path(__file__).parent / "profielen"
RIJGROEP = 500_000  # rows per parquet row group of the polis (as the generator)
SAV_BLOK = 1_000_000  # rows of a .sav file read at once
GEHEUGEN_GB = 3.0  # DuckDB's memory limit for the import unless BANENAFSPRAAK_DUCKDB_GEHEUGEN is set (it spills beyond)
TABELLEN = ("persoon", "doelgroepregister", "woonplaats", "uitkering", "polis")
# what a column of a profile or bronnen.yaml may say (a typo is an error, never a silent default)
KOLOM_SLEUTELS = {"kolom", "persoon", "lengte_deel", "type", "codes", "opvullen", "optioneel", "bevestigd", "waar"}
KOLOM_TYPEN = ("datum", "decimaal")


class ImportFout(Exception):
    """The bronnen file or the profile itself is wrong (not the data)."""


# --------------------------------------------------------------------------- the bronnen file and the profile

def _samenvoegen(basis: dict, over: dict) -> dict:
    """``over`` on top of ``basis``, dictionaries merged key by key (a user overrides one column or code)."""
    uit = copy.deepcopy(basis)
    for k, v in (over or {}).items():
        uit[k] = _samenvoegen(uit[k], v) if isinstance(v, dict) and isinstance(uit.get(k), dict) else copy.deepcopy(v)
    return uit


def profiel(naam: str) -> dict:
    """A shipped mapping profile (``profielen/<naam>.yaml``)."""
    pad = PROFIELEN / f"{naam}.yaml"
    if not pad.exists():
        bekend = ", ".join(sorted(p.stem for p in PROFIELEN.glob("*.yaml")))
        raise ImportFout(f"profiel {naam!r} bestaat niet (bekend: {bekend})")
    return yaml.safe_load(pad.read_text(encoding="utf-8"))


@dataclass
class Bronnen:
    profiel: dict                      # the shipped profile with the user's overrides
    bestanden: dict[str, list[Path]]   # per contract table (and "vslgwb") the source files, globs expanded
    meta: dict = field(default_factory=dict)
    extra: dict[str, Path] = field(default_factory=dict)  # contract tables copied as they are (beschut_werk, ...)


def lees_bronnen(pad: Path | str) -> Bronnen:
    """The user's bronnen.yaml: ``profiel`` (default ``cbs``), per table ``bronnen.<tabel>`` a file or glob (or a
    list), ``bronnen.vslgwb`` for the gemeente per address, ``tabellen`` overriding the profile, ``meta``
    (``omschrijving``); ``contract`` per table a file already in the contract (copied and checked as it is). Paths
    are relative to the YAML file."""
    pad = Path(pad)
    try:
        y = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ImportFout(f"{pad}: kan het bronnenbestand niet lezen: {e}") from None
    if not isinstance(y, dict):
        raise ImportFout(f"{pad}: verwacht sleutels {', '.join(SLEUTELS)}")
    onbekend = sorted(set(y) - set(SLEUTELS))
    if onbekend:
        raise ImportFout(f"{pad}: onbekende sleutel(s) {', '.join(onbekend)} (bekend: {', '.join(SLEUTELS)})")
    basis = profiel(str(y.get("profiel", "cbs")))
    _controleer_overschrijving(pad, basis["tabellen"], y.get("tabellen") or {})
    p = _samenvoegen(basis, {"tabellen": y.get("tabellen") or {}})
    for k in ("lege_datums", "geboortedag"):
        if k in y:
            p[k] = y[k]
    if not isinstance(p.get("lege_datums", []), list):
        raise ImportFout(f"{pad}: lege_datums {p['lege_datums']!r}: verwacht een lijst, zoals ['88888888', '99999999']")
    for k in ("bronnen", "contract", "tabellen"):
        if y.get(k) is not None and not isinstance(y[k], dict):
            raise ImportFout(f"{pad}: {k}: verwacht per tabel een waarde (tabel: ...), niet {y[k]!r}")
    dag = p.get("geboortedag", 1)
    if not isinstance(dag, int) or isinstance(dag, bool) or not 1 <= dag <= 28:
        raise ImportFout(f"{pad}: geboortedag {dag!r}: verwacht een dag van 1 tot en met 28 (elke maand heeft die)")
    meta = y.get("meta") or {}
    if not isinstance(meta, dict) or set(meta) - {"omschrijving"}:
        raise ImportFout(f"{pad}: meta: alleen omschrijving (bron en schaal van geïmporteerde data zijn cbs en 1)")
    bestanden: dict[str, list[Path]] = {}
    for tabel, spec in (y.get("bronnen") or {}).items():
        if tabel not in (*TABELLEN, "vslgwb"):
            raise ImportFout(f"{pad}: bronnen.{tabel}: onbekende tabel (verwacht: {', '.join((*TABELLEN, 'vslgwb'))})")
        lijst = spec if isinstance(spec, list) else [spec]
        gevonden: list[Path] = []
        for patroon in lijst:
            volledig = patroon if Path(patroon).is_absolute() else str(pad.parent / patroon)
            treffers = sorted(glob.glob(volledig))
            if not treffers:
                raise ImportFout(f"{pad}: bronnen.{tabel}: geen bestand gevonden voor {patroon!r}")
            gevonden += [Path(t) for t in treffers]
        bestanden[tabel] = gevonden
    for tabel in ("persoon", "doelgroepregister", "polis"):
        if tabel not in bestanden:
            raise ImportFout(f"{pad}: bronnen.{tabel} ontbreekt (verplicht)")
    if "woonplaats" in bestanden and "vslgwb" not in bestanden:
        raise ImportFout(f"{pad}: bronnen.woonplaats heeft bronnen.vslgwb nodig (de gemeente per adres per jaar)")
    from .contract import TABELLEN as CONTRACT

    extra = {}
    for tabel, f in (y.get("contract") or {}).items():
        if tabel not in CONTRACT or tabel in (*TABELLEN, "werkgever"):
            anders = sorted(set(CONTRACT) - {*TABELLEN, "werkgever"})
            raise ImportFout(f"{pad}: contract.{tabel}: geen tabel die als contracttabel wordt gekopieerd (wel: {', '.join(anders)})")
        if not isinstance(f, str):
            raise ImportFout(f"{pad}: contract.{tabel}: verwacht een bestandsnaam, niet {f!r}")
        bestand = Path(f) if Path(f).is_absolute() else pad.parent / f
        if not bestand.is_file():
            raise ImportFout(f"{pad}: contract.{tabel}: bestand {bestand} bestaat niet")
        extra[tabel] = bestand
    return Bronnen(p, bestanden, meta, extra)


SLEUTELS = ("profiel", "meta", "bronnen", "tabellen", "contract", "lege_datums", "geboortedag")


def _controleer_overschrijving(pad: Path, basis: dict, over: dict, plek: str = "tabellen") -> None:
    """A user's override names only tables, parts and contract columns the profile has (a typo is an error, not a
    silent no-op); below a column anything goes (its source, codes, ...)."""
    if not isinstance(over, dict):
        raise ImportFout(f"{pad}: {plek}: verwacht een lijst van sleutels, niet {over!r}")
    for k, v in over.items():
        if k not in basis:
            raise ImportFout(f"{pad}: {plek}.{k}: onbekend (bekend: {', '.join(basis)})")
        if plek.count(".") < 2 and isinstance(basis[k], dict) and k not in ("codes",):
            _controleer_overschrijving(pad, basis[k], v, f"{plek}.{k}")
        elif plek.count(".") == 2 and isinstance(v, dict):  # a column: its source, type, codes, ...
            fout = sorted(set(v) - KOLOM_SLEUTELS)
            if fout:
                raise ImportFout(f"{pad}: {plek}.{k}.{fout[0]}: onbekend (bekend: {', '.join(sorted(KOLOM_SLEUTELS))})")
            if v.get("type") is not None and v["type"] not in KOLOM_TYPEN:
                raise ImportFout(f"{pad}: {plek}.{k}.type: {v['type']!r} onbekend (bekend: {', '.join(KOLOM_TYPEN)}; "
                                 "zonder type: tekst)")
            for sleutel, soort, tekst in (("kolom", str, "een kolomnaam (tekst)"), ("optioneel", bool, "true of false"),
                                          ("bevestigd", bool, "true of false"), ("opvullen", int, "een aantal tekens"),
                                          ("persoon", list, "een lijst van kolomnamen")):
                if sleutel in v and not (isinstance(v[sleutel], soort) and (soort is bool or not isinstance(v[sleutel], bool))):
                    raise ImportFout(f"{pad}: {plek}.{k}.{sleutel}: {v[sleutel]!r}: verwacht {tekst}")
            if "codes" in v and not isinstance(v["codes"], dict):
                raise ImportFout(f"{pad}: {plek}.{k}.codes: verwacht per waarde van de levering een code, niet {v['codes']!r}")


# --------------------------------------------------------------------------- reading a source

def _sav_naar_parquet(pad: Path, doel: Path) -> None:
    """A ``.sav`` file to parquet in chunks of :data:`SAV_BLOK` rows (pyreadstat), text kept as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyreadstat

    schrijver = None
    try:
        for blok, _ in pyreadstat.read_file_in_chunks(pyreadstat.read_sav, str(pad), chunksize=SAV_BLOK):
            t = pa.Table.from_pandas(blok, preserve_index=False)
            if schrijver is None:
                schrijver = pq.ParquetWriter(doel, t.schema, compression="zstd")
            schrijver.write_table(t.cast(schrijver.schema))
    finally:
        if schrijver is not None:
            schrijver.close()
    if schrijver is None:  # an empty file: its columns only
        _, meta = pyreadstat.read_sav(str(pad), metadataonly=True)
        pq.write_table(pa.table({c: pa.array([], pa.string()) for c in meta.column_names}), doel)


def bron_relatie(con, naam: str, bestanden: list[Path], tijdelijk: Path) -> tuple[str, dict[str, str], dict[str, dict[str, str]]]:
    """A view ``naam`` over ``bestanden`` (one table, e.g. a SPOLISBUS file per year) with ``_bestand`` (the file
    name) and ``_rij`` (the row in the file, 0-based) besides the source columns; CSV read as text (leading zeros
    kept). A column whose type differs between the files (a date as a number in one year, as text in another) is
    read as text in every file (:func:`als_tekst`). Returns the view, its columns with their DuckDB types, and per
    file its own columns and types (a column missing from one year is named with that file)."""
    delen, per_bestand = [], {}
    for i, pad in enumerate(bestanden):
        suffix = pad.suffix.lower()
        if suffix == ".sav":
            doel = tijdelijk / f"{naam}_{i}.parquet"
            _sav_naar_parquet(pad, doel)
            bron, rij = f"read_parquet({_sql_tekst(doel)}, file_row_number=true)", "file_row_number"
        elif suffix == ".parquet":
            bron, rij = f"read_parquet({_sql_tekst(pad)}, file_row_number=true)", "file_row_number"
        elif suffix == ".csv":
            bron, rij = f"read_csv({_sql_tekst(pad)}, header=true, all_varchar=true)", "row_number() OVER () - 1"
        else:
            raise ImportFout(f"{pad}: onbekend bestandstype {suffix!r} (verwacht .sav, .csv of .parquet)")
        typen = {r[0]: str(r[1]).upper() for r in con.execute(f"DESCRIBE SELECT * FROM {bron}").fetchall()
                 if r[0] != "file_row_number"}
        per_bestand[pad.name] = typen
        delen.append((pad.name, bron, rij, typen))
    alle: dict[str, set] = {}
    for *_, typen in delen:
        for k, t in typen.items():
            alle.setdefault(k, set()).add(t)
    gemengd = {k for k, t in alle.items() if len(t) > 1}
    sql = []
    for bestand, bron, rij, typen in delen:
        kolommen = ", ".join(f"{als_tekst(k, t)} AS {k}" if k in gemengd else k for k, t in typen.items())
        sql.append(f"SELECT {kolommen}, {_sql_tekst(bestand)} AS _bestand, CAST({rij} AS BIGINT) AS _rij FROM {bron}")
    con.execute(f"CREATE OR REPLACE VIEW {naam} AS " + " UNION ALL BY NAME ".join(sql))
    typen = {r[0]: str(r[1]).upper() for r in con.execute(f"DESCRIBE {naam}").fetchall() if r[0] not in ("_bestand", "_rij")}
    return naam, typen, per_bestand


def als_tekst(kolom: str, type_: str) -> str:
    """SQL: a source column as text whatever its type: a date as YYYYMMDD, a whole number without decimals."""
    if type_.startswith(("DATE", "TIMESTAMP")):
        return f"strftime(CAST({kolom} AS DATE), '%Y%m%d')"
    return tekst_sql(kolom, type_)


# --------------------------------------------------------------------------- one column

NUMERIEK = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DOUBLE", "FLOAT", "DECIMAL", "UTINYINT",
            "USMALLINT", "UINTEGER", "UBIGINT")


def _is_numeriek(type_: str) -> bool:
    return type_.split("(")[0] in NUMERIEK


def tekst_sql(kolom: str, type_: str, opvullen: int | None = None) -> str:
    """SQL: the source column as text; a whole number stored as a float (20230131.0) without its decimals."""
    if _is_numeriek(type_):
        t = f"CAST(CAST({kolom} AS BIGINT) AS VARCHAR)" if not type_.startswith(("DOUBLE", "FLOAT", "DECIMAL")) else \
            f"CASE WHEN {kolom} = trunc({kolom}) THEN CAST(CAST({kolom} AS BIGINT) AS VARCHAR) ELSE CAST({kolom} AS VARCHAR) END"
    else:
        t = f"trim(CAST({kolom} AS VARCHAR))"
    return f"lpad({t}, {int(opvullen)}, '0')" if opvullen else t


def datum_sql(kolom: str, type_: str, lege: list[str]) -> tuple[str, str]:
    """SQL: (the date, the condition that the value is not a date). YYYYMMDD text or number, or a date; a sentinel of
    ``lege`` (88888888) or empty is an empty date."""
    if type_.startswith(("DATE", "TIMESTAMP")):
        return f"CAST({kolom} AS DATE)", "FALSE"
    t = tekst_sql(kolom, type_)
    leeg = " OR ".join([f"{t} IS NULL"] + [f"{t} = {_sql_tekst(x)}" for x in lege])
    waarde = f"CASE WHEN {leeg} THEN NULL ELSE try_strptime({t}, '%Y%m%d')::DATE END"
    return waarde, f"NOT ({leeg}) AND try_strptime({t}, '%Y%m%d') IS NULL"


@dataclass
class Kolomkaart:
    """The SQL of the contract columns of one table from its source, and the checks that stop the import."""
    select: dict[str, str] = field(default_factory=dict)           # contract column -> SQL
    controles: list[tuple[str, str, str, str]] = field(default_factory=list)  # (source column, rule, condition, value SQL)


def kolomkaart(tabel: str, spec: dict, typen: dict[str, str], per_bestand: dict[str, dict[str, str]],
               lege: list[str]) -> tuple[Kolomkaart, list[Probleem]]:
    """Per contract column of ``spec`` (the profile's ``tabellen.<tabel>.kolommen``) its SQL over the source with
    ``typen``; a source column missing from a file (unless ``optioneel`` and missing from every file) and a person key
    stored as a number are problems, named with the file (``per_bestand``: each file's own columns and types)."""
    k = Kolomkaart()
    problemen: list[Probleem] = []
    for naam, s in spec.items():
        s = s if isinstance(s, dict) else {"kolom": s}
        bron = s.get("persoon") or [s.get("kolom")]
        ontbreekt = {f: [b for b in bron if b not in t] for f, t in per_bestand.items()}
        ontbreekt = {f: b for f, b in ontbreekt.items() if b}
        if ontbreekt:
            if s.get("optioneel") and len(ontbreekt) == len(per_bestand):
                k.select[naam] = "NULL"
                continue
            for f, b in ontbreekt.items():
                problemen.append(Probleem(f, ", ".join(b), f"kolom ontbreekt (nodig voor {tabel}.{naam}; pas de naam aan "
                                          "onder tabellen in het bronnenbestand als de levering hem anders noemt)"))
            continue
        if "persoon" in s:
            delen = []
            for b in s["persoon"]:
                t = tekst_sql(b, typen[b])
                lengte = (s.get("lengte_deel") or {}).get(b)
                if lengte:
                    for f, tf in per_bestand.items():
                        if _is_numeriek(tf[b]):
                            problemen.append(Probleem(f, b, f"is een getal, geen tekst: de voorloopnullen kunnen verloren "
                                                      f"zijn (een {b} heeft {lengte} tekens); lees de kolom als tekst"))
                    k.controles.append((b, f"heeft niet {lengte} tekens: voorloopnullen verloren?",
                                        f"{t} IS NOT NULL AND length({t}) <> {int(lengte)}", t))
                k.controles.append((b, "leeg (onderdeel van de persoonssleutel)", f"{t} IS NULL OR {t} = ''", t))
                delen.append(f"coalesce({t}, '')")
            k.select[naam] = " || ".join(delen)
            continue
        b = s["kolom"]
        if s.get("type") == "datum":
            waarde, fout = datum_sql(b, typen[b], [str(x) for x in lege])
            k.select[naam] = waarde
            k.controles.append((b, "geen datum (verwacht JJJJMMDD)", fout, tekst_sql(b, typen[b])))
        elif s.get("type") == "decimaal":
            if _is_numeriek(typen[b]):
                k.select[naam] = f"CAST({b} AS DOUBLE)"
            else:
                t = tekst_sql(b, typen[b])
                k.select[naam] = f"try_cast(replace({t}, ',', '.') AS DOUBLE)"
                k.controles.append((b, "geen getal", f"{t} IS NOT NULL AND {t} <> '' AND {k.select[naam]} IS NULL", t))
        elif "codes" in s:
            t = tekst_sql(b, typen[b], s.get("opvullen"))
            codes = {str(a): ("" if v is None else str(v)) for a, v in (s.get("codes") or {}).items()}
            if not codes:
                problemen.append(Probleem(", ".join(per_bestand), b, f"geen codelijst voor {tabel}.{naam}: geef onder tabellen.{tabel}."
                                          f"kolommen.{naam}.codes per waarde van de levering de code van het datacontract"))
                continue
            geval = " ".join(f"WHEN {_sql_tekst(a)} THEN {('NULL' if v == '' else _sql_tekst(v))}" for a, v in codes.items())
            leeg = "''" if "" in codes else None
            t_leeg = f"coalesce({t}, '')" if leeg else t
            k.select[naam] = f"CASE {t_leeg} {geval} END"
            bekend = ", ".join(_sql_tekst(a) for a in codes)
            toon = ", ".join(a if a else "(leeg)" for a in codes)
            k.controles.append((b, f"onbekende code (bekend: {toon}; vul de codelijst aan in het bronnenbestand)",
                                f"{t_leeg} IS NOT NULL AND {t_leeg} NOT IN ({bekend})", t))
        else:
            k.select[naam] = tekst_sql(b, typen[b], s.get("opvullen"))
    return k, problemen


def controleer(con, relatie: str, kaart: Kolomkaart, waar: str = "TRUE") -> list[Probleem]:
    """The checks of ``kaart`` on ``relatie``: per rule the rows that break it (file, column, values, rows)."""
    uit = []
    for kolom, regel, conditie, waarde in kaart.controles:
        n = con.execute(f"SELECT count(*) FROM {relatie} WHERE ({waar}) AND ({conditie})").fetchone()[0]
        if not n:
            continue
        rijen = con.execute(f"SELECT _bestand, _rij, {waarde} FROM {relatie} WHERE ({waar}) AND ({conditie}) "
                            f"ORDER BY _bestand, _rij LIMIT {VOORBEELDEN * 20}").fetchall()
        bestand = rijen[0][0]
        # the distinct wrong values of the whole source (an unknown code list is fixed in one go), up to 20
        waarden = [r[0] for r in con.execute(f"SELECT DISTINCT {waarde} AS w FROM {relatie} WHERE ({waar}) AND ({conditie}) "
                                             "ORDER BY w NULLS FIRST LIMIT 20").fetchall()]
        rij_nummers = [int(r[1]) for r in rijen if r[0] == bestand][:VOORBEELDEN]
        uit.append(Probleem(bestand, kolom, regel, waarden, rij_nummers, int(n)))
    return uit


# --------------------------------------------------------------------------- the tables

@dataclass
class Verslag:
    """importeer.json: per table the rows read (per file), kept, and left out per rule."""
    tabellen: dict = field(default_factory=dict)

    def tabel(self, naam: str, gelezen: dict[str, int], geschreven: int, weggelaten: dict[str, int] | None = None):
        self.tabellen[naam] = {"gelezen": gelezen, "gelezen_totaal": int(sum(gelezen.values())),
                               "weggelaten": {k: int(v) for k, v in (weggelaten or {}).items() if v},
                               "geschreven": int(geschreven)}
        totaal = sum(gelezen.values()) - sum((weggelaten or {}).values())
        if naam not in ("werkgever", "woonplaats") and totaal != geschreven:  # aggregates and cut spells differ
            raise AssertionError(f"importeer {naam}: {sum(gelezen.values())} gelezen - weggelaten {weggelaten} "
                                 f"<> {geschreven} geschreven")


def _gelezen(con, relatie: str) -> dict[str, int]:
    return {b: int(n) for b, n in con.execute(f"SELECT _bestand, count(*) FROM {relatie} GROUP BY 1 ORDER BY 1").fetchall()}


def _schrijf(con, sql: str, pad: Path, volgorde: str | None = None, rijgroep: int | None = None) -> int:
    orde = f" ORDER BY {volgorde}" if volgorde else ""
    extra = f", ROW_GROUP_SIZE {rijgroep}" if rijgroep else ""
    con.execute(f"COPY ({sql}{orde}) TO {_sql_tekst(pad)} (FORMAT parquet, COMPRESSION zstd{extra})")
    return int(con.execute(f"SELECT count(*) FROM read_parquet({_sql_tekst(pad)})").fetchone()[0])


def importeer(bronnen: Bronnen, uit: Path, log=print) -> dict:
    """Write the contract tables of ``bronnen`` into ``uit`` (with meta.yaml and importeer.json); returns the
    reconciliation. Stops with a ContractError before writing anything when a source breaks the profile (and leaves
    no empty ``MAP.bezig``)."""
    try:
        return _importeer(bronnen, uit, log)
    except BaseException:
        bezig = Path(uit).with_name(Path(uit).name + ".bezig")
        if bezig.is_dir() and not any(bezig.iterdir()):
            bezig.rmdir()
        raise


def _importeer(bronnen: Bronnen, uit: Path, log=print) -> dict:
    eind = Path(uit)
    if eind.exists() and not eind.is_dir():
        raise ImportFout(f"{eind} is een bestand, geen map: geef met --uit een nieuwe of lege map")
    if eind.exists() and any(eind.iterdir()):
        raise ImportFout(f"{eind} bestaat al en is niet leeg: importeer in een nieuwe of lege map (tabellen van een "
                         "eerdere import zouden zich met de nieuwe mengen)")
    uit = eind.with_name(eind.name + ".bezig")
    if uit.exists() and not uit.is_dir():
        raise ImportFout(f"{uit} is een bestand: de import schrijft eerst naar deze map; verwijder het bestand of kies een andere --uit")
    if uit.exists():
        import shutil

        shutil.rmtree(uit)
    try:
        uit.mkdir(parents=True)
    except OSError as e:
        raise ImportFout(f"{uit}: kan de map niet maken ({e.strerror or e}); geef met --uit een map op een plek waar dat kan") from None
    P = bronnen.profiel
    lege = [str(x) for x in P.get("lege_datums", [])]
    verslag = Verslag()
    with tempfile.TemporaryDirectory(prefix="banenafspraak-importeer-") as tmp:
        tijdelijk = Path(tmp)
        from .verbinding import instellingen, standaard_geheugen, verbinding

        con = verbinding()  # the suite's DuckDB settings (BANENAFSPRAAK_DUCKDB_GEHEUGEN, ...): spills to disk
        standaard_geheugen(con, GEHEUGEN_GB)  # bounded unless the environment says otherwise
        if "temp_directory" not in instellingen():
            con.execute(f"SET temp_directory = {_sql_tekst(tijdelijk)}")
        try:
            relaties, kaarten, problemen = {}, {}, []
            for tabel in (*TABELLEN, "vslgwb"):
                if tabel not in bronnen.bestanden:
                    continue
                naam, typen, per_bestand = bron_relatie(con, f"bron_{tabel}", bronnen.bestanden[tabel], tijdelijk)
                relaties[tabel] = (naam, typen, per_bestand)
                if tabel == "vslgwb":
                    continue
                spec = P["tabellen"][tabel]["kolommen"]
                k, p = kolomkaart(tabel, spec, typen, per_bestand, lege)
                kaarten[tabel] = k
                problemen += p
                if tabel == "persoon" and not p and "geboortedatum" not in spec:
                    for deel, bron_kolom, laag, hoog in (("geboortejaar", spec["geboortejaar"], 1850, 2100),
                                                          ("geboortemaand", spec["geboortemaand"], 1, 12)):
                        b = bron_kolom["kolom"] if isinstance(bron_kolom, dict) else bron_kolom
                        t = k.select[deel]
                        k.controles.append((b, f"geen {deel[8:]} ({laag}-{hoog})",
                                            f"try_cast({t} AS INTEGER) IS NULL OR try_cast({t} AS INTEGER) NOT BETWEEN {laag} AND {hoog}", t))
                if tabel == "polis":  # the werkgever table's columns of the polis (checked before anything is written)
                    W = P["tabellen"]["polis"].get("werkgever") or {}
                    wspec = {c: W[c] for c in ("fiscaal_nummer", "wfsv_sector") if c in W}
                    if (W.get("ufo") or {}).get("kolom"):
                        wspec["ufo"] = {c: v for c, v in W["ufo"].items() if c in ("kolom", "optioneel")}
                    k, p = kolomkaart("werkgever", wspec, typen, per_bestand, lege)
                    kaarten["werkgever"] = k
                    problemen += p
            if problemen:
                raise ContractError(problemen, "bronnen")
            for tabel, k in kaarten.items():
                problemen += controleer(con, relaties["polis" if tabel == "werkgever" else tabel][0], k)
            if problemen:
                raise ContractError(problemen, "bronnen")
            log("  bronnen gecontroleerd")
            # from here on every output is ordered explicitly (the row numbers of a CSV source, used in the checks
            # above, need the file's order)
            con.execute("SET preserve_insertion_order = false")
            # the persons the reports need: ever in the register (the quotum group included), for the
            # arbeidsparticipatie monitor those with an AO benefit spell, and those of contract tables (beschut werk)
            delen = [f"SELECT {kaarten['doelgroepregister'].select['persoon_id']} AS persoon_id FROM {relaties['doelgroepregister'][0]}"]
            if "uitkering" in kaarten:
                delen.append(f"SELECT {kaarten['uitkering'].select['persoon_id']} FROM {relaties['uitkering'][0]}")
            for tabel, pad in bronnen.extra.items():  # a contract table of persons (beschut_werk) keeps its persons
                lezer = "read_parquet" if pad.suffix == ".parquet" else "read_csv"
                if "persoon_id" in {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {lezer}({_sql_tekst(pad)})").fetchall()}:
                    delen.append(f"SELECT CAST(persoon_id AS VARCHAR) FROM {lezer}({_sql_tekst(pad)})")
            con.execute("CREATE TEMP TABLE personen AS SELECT DISTINCT persoon_id FROM (" + " UNION ALL ".join(delen) + ")")
            _register(con, relaties, kaarten, uit, verslag)
            if "uitkering" in kaarten:
                _eenvoudig(con, "uitkering", relaties, kaarten, uit, verslag, ("persoon_id", "regeling", "begin"))
            _persoon(con, bronnen, relaties, kaarten, uit, verslag)
            # the polis's years (one scan of every SPOLISBUS file; residence and the werkgever table need them)
            einde = kaarten["polis"].select["opgave_einde"]
            jaren = con.execute(f"SELECT min(year({einde})), max(year({einde})) FROM {relaties['polis'][0]}").fetchone()
            if "woonplaats" in kaarten:
                _woonplaats(con, bronnen, relaties, kaarten, uit, verslag, jaren)
            _polis_en_werkgever(con, bronnen, relaties, kaarten, uit, verslag, log, tijdelijk, jaren)
        finally:
            con.close()
    for tabel, pad in bronnen.extra.items():
        import shutil

        shutil.copyfile(pad, uit / f"{tabel}{pad.suffix}")
        verslag.tabellen[tabel] = {"gekopieerd": str(pad)}
    meta = {"bron": "cbs", "schaal": 1.0, "aangemaakt": f"banenafspraak importeer {dt.date.today().isoformat()}",
            "omschrijving": str(bronnen.meta.get("omschrijving") or P.get("omschrijving", ""))}
    (uit / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8")
    (uit / "importeer.json").write_text(json.dumps({"profiel": P.get("naam"), "geboortedag": P.get("geboortedag"),
                                                    "lege_datums": P.get("lege_datums"), "tabellen": verslag.tabellen,
                                                    "toegepast_profiel": P}, indent=2, ensure_ascii=False), encoding="utf-8")
    # the contract check of `banenafspraak valideer` before the folder gets its name: a result that breaks the
    # contract stays in MAP.bezig (the message names it and its rows), never under the name asked for
    from .loading import lees_map

    try:
        lees_map(uit, lege_tabellen=False, polis_lezen=False)
    except ContractError as e:
        raise ContractError(e.problemen, f"{uit} (de import is niet in orde en blijft in deze map; de rijen zijn die "
                                         "van de geschreven tabellen)") from None
    if eind.exists():
        eind.rmdir()  # empty (checked above)
    uit.rename(eind)  # only a complete import gets the name asked for
    return verslag.tabellen


def _persoon(con, bronnen, relaties, kaarten, uit, verslag) -> None:
    """``persoon``: the birth date from year and month with the profile's day (``geboortedag``)."""
    naam = relaties["persoon"][0]
    s = kaarten["persoon"].select
    dag = int(bronnen.profiel.get("geboortedag", 1))
    if "geboortedatum" in s:
        geboren = s["geboortedatum"]
    else:
        geboren = (f"make_date(CAST({s['geboortejaar']} AS INTEGER), CAST({s['geboortemaand']} AS INTEGER), {dag})")
    sql = (f"SELECT * FROM (SELECT {s['persoon_id']} AS persoon_id, {geboren} AS geboortedatum, {s['geslacht']} AS geslacht, "
           f"{s.get('overlijdensdatum', 'NULL')}::DATE AS overlijdensdatum, {s.get('emigratiedatum', 'NULL')}::DATE AS emigratiedatum "
           f"FROM {naam}) p SEMI JOIN personen USING (persoon_id)")
    n = _schrijf(con, sql, uit / "persoon.parquet", "persoon_id")
    gelezen = _gelezen(con, naam)
    verslag.tabel("persoon", gelezen, n, {"niet in het doelgroepregister, zonder uitkering of beschut werk": sum(gelezen.values()) - n})


def _register(con, relaties, kaarten, uit, verslag) -> None:
    naam = relaties["doelgroepregister"][0]
    s = kaarten["doelgroepregister"].select
    kol = ["persoon_id", "grondslag", "registratie_begin", "registratie_einde", "criteria_einde", "reden_einde"]
    sql = "SELECT " + ", ".join(f"{s.get(k, 'NULL')}{'::DATE' if 'einde' in k and k != 'reden_einde' else ''} AS {k}"
                                for k in kol) + f" FROM {naam}"
    n = _schrijf(con, sql, uit / "doelgroepregister.parquet", "persoon_id, grondslag, registratie_begin")
    verslag.tabel("doelgroepregister", _gelezen(con, naam), n)


def _eenvoudig(con, tabel, relaties, kaarten, uit, verslag, volgorde) -> None:
    naam = relaties[tabel][0]
    s = kaarten[tabel].select
    sql = "SELECT " + ", ".join(f"CAST({v} AS BOOLEAN) AS {k}" if k == "arbeidsvermogen" else f"{v} AS {k}"
                                for k, v in s.items()) + f" FROM {naam}"
    n = _schrijf(con, sql, uit / f"{tabel}.parquet", ", ".join(volgorde))
    verslag.tabel(tabel, _gelezen(con, naam), n)


def _woonplaats(con, bronnen, relaties, kaarten, uit, verslag, polis_jaren) -> None:
    """``woonplaats``: each address spell in the gemeente of VSLGWBTAB's column of each year (``gem{jaar}``), cut at
    1 January where that gemeente changes (a herindeling); a year without a gemeente (empty) is no part."""
    G = bronnen.profiel["tabellen"]["woonplaats"]["gemeente"]
    naam = relaties["woonplaats"][0]
    vsl, typen, per_bestand = relaties["vslgwb"]
    s = kaarten["woonplaats"].select
    objkaart, p = kolomkaart("vslgwb", {"object": G["object"]}, typen, per_bestand, [])
    if p:
        raise ContractError(p, "bronnen")
    patroon = str(G.get("jaarkolom", "gem{jaar}"))
    vorm = re.compile("^" + re.escape(patroon).replace(re.escape("{jaar}"), r"(\d{4})") + "$", re.IGNORECASE)
    jaren = {int(m.group(1)): kolom for kolom in typen if (m := vorm.match(kolom))}
    if not jaren:
        raise ContractError([Probleem(bronnen.bestanden["vslgwb"][0].name, patroon, "geen kolom met de gemeente per jaar")], "bronnen")
    vullen = int(G.get("opvullen", 4))
    def code(k):  # an empty gemeente is no gemeente (not GM0000)
        t = tekst_sql(k, typen[k])
        return f"CASE WHEN {t} IS NULL OR {t} = '' THEN NULL ELSE 'GM' || lpad({t}, {vullen}, '0') END"

    eerste, laatste = min(jaren), max(jaren)
    polis_eerste, polis_laatste = polis_jaren
    vsl_naam = bronnen.bestanden["vslgwb"][0].name
    if polis_laatste is not None:
        # every year of the polis needs its gemeente column, with gemeenten in it (a peildatum without residence
        # would count nobody in a region)
        ontbreekt = [j for j in range(int(polis_eerste), int(polis_laatste) + 1) if j not in jaren]
        if ontbreekt:
            raise ContractError([Probleem(vsl_naam, ", ".join(patroon.format(jaar=j) for j in ontbreekt),
                                          f"geen gemeente voor {_jaren_tekst(ontbreekt)}: de polis loopt van {polis_eerste} tot "
                                          f"{polis_laatste}; neem een VSLGWBTAB met die jaren")], "bronnen")
        gevuld = con.execute("SELECT " + ", ".join(f"count({code(jaren[j])})" for j in range(int(polis_eerste), int(polis_laatste) + 1))
                             + f" FROM {vsl}").fetchone()
        leeg = [j for j, n in zip(range(int(polis_eerste), int(polis_laatste) + 1), gevuld) if not n]
        if leeg:
            raise ContractError([Probleem(vsl_naam, ", ".join(jaren[j] for j in leeg),
                                          f"de kolom is leeg: geen enkel adres heeft een gemeente in {_jaren_tekst(leeg)}")], "bronnen")
    # per object its runs of years in one gemeente (islands), from the wide row itself: one row per object is
    # read and a few written, so memory stays bounded however many year columns VSLGWBTAB has (1948-...)
    g = ", ".join(code(jaren[j]) if j in jaren else "NULL" for j in range(eerste, laatste + 1))
    con.execute(f"""CREATE TEMP TABLE gem AS
        SELECT object, {eerste - 1} + e.van AS van, {eerste - 1} + e.tot AS tot, e.gem AS gemeentecode
        FROM (SELECT object, unnest(list_transform(range(1, len(s) + 1),
                     lambda k: {{'van': s[k], 'tot': coalesce(s[k + 1] - 1, len(g)), 'gem': g[s[k]]}})) AS e
              FROM (SELECT object, g, list_filter(range(1, len(g) + 1), lambda i: i = 1 OR g[i] IS DISTINCT FROM g[i - 1]) AS s
                    FROM (SELECT {objkaart.select['object']} AS object, [{g}] AS g FROM {vsl})))
        WHERE e.gem IS NOT NULL""")
    # each address spell's part in each such run (a spell cut at 1 January where the gemeente changes)
    con.execute(f"""CREATE TEMP TABLE stukken AS
        WITH sp AS (SELECT * FROM (SELECT {s['persoon_id']} AS persoon_id, {s['object']} AS object, {s['begin']} AS begin,
                           {s['einde']} AS einde, _bestand || ':' || _rij AS _rij FROM {naam}) SEMI JOIN personen USING (persoon_id))
        SELECT sp.persoon_id, g.gemeentecode, greatest(sp.begin, make_date(g.van, 1, 1)) AS begin,
               CASE WHEN sp.einde IS NULL AND g.tot = {laatste} THEN NULL
                    ELSE least(coalesce(sp.einde, DATE '9999-12-31'), make_date(g.tot, 12, 31)) END AS einde,
               sp._rij
        FROM sp JOIN gem g ON g.object = sp.object AND g.van <= least(coalesce(year(sp.einde), {laatste}), {laatste})
                           AND g.tot >= greatest(year(sp.begin), {eerste})""")
    gelezen = _gelezen(con, naam)
    andere = sum(gelezen.values()) - con.execute(
        f"SELECT count(*) FROM (SELECT {s['persoon_id']} AS persoon_id FROM {naam}) SEMI JOIN personen USING (persoon_id)").fetchone()[0]
    behouden = con.execute("SELECT count(DISTINCT _rij) FROM stukken").fetchone()[0]
    zonder = sum(gelezen.values()) - andere - behouden
    sql = "SELECT persoon_id, gemeentecode, begin, einde FROM stukken"
    n = _schrijf(con, sql, uit / "woonplaats.parquet", "persoon_id, begin")
    verslag.tabel("woonplaats", gelezen, n, {"persoon niet in het doelgroepregister, zonder uitkering of beschut werk": andere,
                                             "adres zonder gemeente in VSLGWBTAB (of geheel voor het eerste jaar)": zonder})
    verslag.tabellen["woonplaats"]["adressen_behouden"] = int(behouden)  # cut at 1 January: rows written differ


def _jaren_tekst(jaren: list[int]) -> str:
    return f"{jaren[0]}-{jaren[-1]}" if len(jaren) > 1 and jaren[-1] - jaren[0] == len(jaren) - 1 else ", ".join(map(str, jaren))


def _polis_en_werkgever(con, bronnen, relaties, kaarten, uit, verslag, log, tijdelijk: Path, polis_jaren) -> None:
    """``polis``: the opgaven of the persons of table ``personen``, ordered by opgave_einde; ``werkgever``: per
    loonheffingennummer and year the sum over all opgaven (every employee), Ufo hours, sector, fiscaal nummer (the
    loonheffingennummer itself when the delivery has none: each its own fiscaal nummer), uitlener (profile
    ``werkgever``: the Wfsv sectors of uitzendbedrijven)."""
    naam, typen, per_bestand = relaties["polis"]
    s = kaarten["polis"].select
    kol = ["persoon_id", "ikv_id", "werkgever_id", "opgave_begin", "opgave_einde", "tijdvak_type", "verloonde_uren",
           "sv_loon", "ikv_begin", "ikv_einde", "contractsoort", "aard_arbeidsverhouding", "soort_baan"]
    kol += [k for k in ("verwerkingsdatum",) if s.get(k, "NULL") != "NULL"]  # optional: only when the delivery has it
    select = ", ".join(f"{s[k]} AS {k}" for k in kol)
    con.execute(f"CREATE TEMP VIEW polis_alle AS SELECT {select}, _bestand, _rij FROM {naam}")
    # two passes: the kept opgaven mapped into a temporary file, then that file sorted (sorting the mapped rows of
    # every SPOLISBUS file in one pass ran out of DuckDB's memory limit instead of spilling: 40 mln rows, 3 GB)
    tussen = tijdelijk / "polis_ongesorteerd.parquet"
    con.execute(f"COPY (SELECT {', '.join(kol)} FROM polis_alle p SEMI JOIN personen r ON r.persoon_id = p.persoon_id) "
                f"TO {_sql_tekst(tussen)} (FORMAT parquet)")
    n = _schrijf(con, f"SELECT * FROM read_parquet({_sql_tekst(tussen)})", uit / "polis.parquet",
                 "opgave_einde, persoon_id, ikv_id", RIJGROEP)
    tussen.unlink()
    gelezen = _gelezen(con, naam)
    verslag.tabel("polis", gelezen, n, {"persoon nooit in het doelgroepregister, zonder uitkering of beschut werk": sum(gelezen.values()) - n})
    log(f"  polis: {n} van {sum(gelezen.values())} opgaven")
    W = bronnen.profiel["tabellen"]["polis"].get("werkgever") or {}
    wk = kaarten["werkgever"]
    ufo_sql = f"coalesce({wk.select['ufo']} IN ({', '.join(_sql_tekst(x) for x in W['ufo'].get('waar', ['1']))}), FALSE)" \
        if wk.select.get("ufo", "NULL") != "NULL" else "FALSE"
    uitleners = ", ".join(_sql_tekst(x) for x in W.get("uitlener_sectoren", ["52"]))
    # uitzend hours of an uitlener: its opgaven of inleenverbanden by the engine's rule (motor.inleen_sql, RULES.md §4)
    # with the codes in force on 31 December of the opgave's year (a year before the parameters begin: those of
    # the last year)
    from .dates import ts
    from .motor import inleen_sql
    from .parameters import ParameterError, parameter

    def codes(naam_: str, jaar: int) -> list[str]:
        try:
            return list(parameter(naam_, ts(f"{jaar}-12-31")))
        except ParameterError:
            return list(parameter(naam_, ts(f"{int(polis_jaren[1])}-12-31")))

    con.execute("CREATE TEMP TABLE inleen_codes (jaar BIGINT, inleen_aard VARCHAR[], inleen_soort_baan VARCHAR[])")
    con.executemany("INSERT INTO inleen_codes VALUES (?, ?, ?)",
                    [(j, codes("sector.inleen_aarden", j), codes("sector.inleen_soort_baan", j))
                     for j in range(int(polis_jaren[0]), int(polis_jaren[1]) + 1)])
    # two plain aggregates (they spill to disk; a holistic mode() keeps every group's values in memory): per
    # loonheffingennummer, year and Wfsv sector, then per loonheffingennummer and year with its most frequent
    # sector (a tie: the lowest code)
    sql = f"""SELECT werkgever_id, jaar, coalesce(max(fiscaal_nummer), werkgever_id) AS fiscaal_nummer, sector AS wfsv_sector,
                     sum(uren) AS verloonde_uren_totaal, coalesce(sum(ufo), 0) AS verloonde_uren_ufo,
                     coalesce(sector IN ({uitleners}), FALSE) AS uitlener,
                     CASE WHEN sector IN ({uitleners}) THEN coalesce(sum(inleen), 0) END AS verloonde_uren_uitzend
              FROM (SELECT *, arg_min(wfsv_sector, (-n, wfsv_sector)) FILTER (WHERE wfsv_sector IS NOT NULL)
                                OVER (PARTITION BY werkgever_id, jaar) AS sector
                    FROM (SELECT werkgever_id, jaar, wfsv_sector, count(*) AS n, max(fiscaal_nummer) AS fiscaal_nummer,
                                 sum(uren) AS uren, sum(uren) FILTER (WHERE ufo) AS ufo, sum(uren) FILTER (WHERE inleen) AS inleen
                          FROM (SELECT o.*, {inleen_sql("o", "p")} AS inleen
                                FROM (SELECT {s['werkgever_id']} AS werkgever_id, CAST(year({s['opgave_einde']}) AS BIGINT) AS jaar,
                                             {wk.select['fiscaal_nummer']} AS fiscaal_nummer, {wk.select['wfsv_sector']} AS wfsv_sector,
                                             {s['verloonde_uren']} AS uren, {ufo_sql} AS ufo,
                                             {s['aard_arbeidsverhouding']} AS aard_arbeidsverhouding, {s['soort_baan']} AS soort_baan
                                      FROM {naam}) o LEFT JOIN inleen_codes p USING (jaar))
                          GROUP BY werkgever_id, jaar, wfsv_sector))
              GROUP BY werkgever_id, jaar, sector"""
    m = _schrijf(con, sql, uit / "werkgever.parquet", "werkgever_id, jaar")
    verslag.tabel("werkgever", gelezen, m)
