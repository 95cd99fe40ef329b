"""Reading a data directory in the contract (DATA_CONTRACT.md "Input: a data directory").

``lees_map`` reads every table (parquet or CSV; codes stay text, dates are parsed strictly), checks
the whole contract and raises one :class:`~banenafspraak.validation.ContractError` listing every
problem. The rules about one row run over every row of every table, also when a report reads only
some opgaven of the polis: a parquet polis is checked as a file in DuckDB (``validation.sql_controle``),
so a broken opgave outside a report's peildata stops the run just as it stops ``banenafspraak
valideer``; so do the references to persons and employers (``validation.kruis_controle``, in DuckDB on
the file). ``banenafspraak valideer`` reads no opgaven into pandas at all. The returned :class:`Dataset` carries a :class:`Reconciliatie` that reports add to
whenever they leave rows out, so a run can account for every row it read, and the period the polis
covers (``periode.Periode``), which every report checks its peildata against.

At national scale (tens of millions of opgaven) the reading is arranged so that every check still
covers every row at the least cost: every table in a typed parquet file is checked as that file in
DuckDB (in parallel; the other tables are read into pandas meanwhile, the polis in a thread of its
own); a rule that the file's statistics show no row can break is not counted row by row; the
opgaven a report reads are read from the row groups that can hold them; keys are compared as sorted
hashes (``validation.sleutel_controle``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import paths
from .contract import META_BRONNEN, TABELLEN
from .periode import Periode
from .validation import (_SQL_TYPEN, REGEL_LEEG_BESTAND, REGEL_ONTBREEKT, ContractError, Probleem, cast_kolom,
                         fout_tekst, frame_controle, frame_relatie, kop_problemen, kruis_controle, sql_controle)
from .verbinding import verbinding

__all__ = ["Dataset", "Reconciliatie", "lees_map", "lees_meta", "vind_bestanden", "data_vingerafdruk", "laatste_datum"]


@dataclass
class Reconciliatie:
    """Rows per input table: read, and left out by which rule (the rest is used).

    The steps of one table follow each other: a step starts from the rows the previous step left (the
    peildatum step counts what reading kept). A further load of the same file added with
    :meth:`voeg_toe` is a chain of its own that starts again from all rows read."""

    gelezen: dict[str, int] = field(default_factory=dict)
    weggelaten: list[dict] = field(default_factory=list)

    def lees(self, tabel: str, rijen: int) -> None:
        self.gelezen[tabel] = int(rijen)

    def laat_weg(self, tabel: str, regel: str, rijen: int, stap: str = "") -> None:
        """Record that ``rijen`` rows of ``tabel`` were left out by ``regel`` (a RULES.md rule) in step
        ``stap``; a new step follows the last step of this table recorded here."""
        eerder = [w for w in self.weggelaten if w["tabel"] == tabel and not w.get("apart")]
        na = next((w["na"] for w in eerder if w["stap"] == stap), None)
        if na is None:
            na = eerder[-1]["stap"] if eerder else None
        self.weggelaten.append({"tabel": tabel, "stap": stap, "regel": regel, "rijen": int(rijen), "na": na})

    def tabel(self) -> pd.DataFrame:
        """Per table: rows read; per step the rows left out by each rule and the rows used: those the
        step started from (the rows used after the step it follows, or all rows read) minus those it
        left out."""
        rows = []
        for tabel, n in self.gelezen.items():
            rows.append({"tabel": tabel, "stap": "", "regel": "gelezen", "rijen": n})
            weg = [w for w in self.weggelaten if w["tabel"] == tabel]
            gebruikt: dict[str, int] = {}
            for stap in dict.fromkeys(w["stap"] for w in weg):
                deel = [w for w in weg if w["stap"] == stap]
                na = deel[0].get("na")
                start = gebruikt.get(na, n) if na is not None else n
                rows += [{k: w[k] for k in ("tabel", "stap", "regel", "rijen")} for w in deel]
                gebruikt[stap] = start - sum(w["rijen"] for w in deel)
                rows.append({"tabel": tabel, "stap": stap, "regel": "gebruikt", "rijen": gebruikt[stap]})
        return pd.DataFrame(rows, columns=["tabel", "stap", "regel", "rijen"])

    def voeg_toe(self, ander: "Reconciliatie", stap: str) -> None:
        """Add the reconciliation of a further (partial) load of a table, under its own step: a chain of
        its own, starting from all rows read."""
        for tabel, n in ander.gelezen.items():
            if tabel not in self.gelezen:
                self.gelezen[tabel] = n
        for w in ander.weggelaten:
            na = w.get("na")
            self.weggelaten.append({**w, "stap": f"{stap}: {w['stap']}" if w["stap"] else stap,
                                    "na": (f"{stap}: {na}" if na else stap) if na is not None else None, "apart": True})

    def to_dict(self) -> dict:
        return {"gelezen": dict(self.gelezen), "weggelaten": list(self.weggelaten)}


@dataclass
class Dataset:
    map: Path
    meta: dict
    tabellen: dict[str, pd.DataFrame]
    bestanden: dict[str, Path]
    reconciliatie: Reconciliatie
    polis_periode: Periode | None = None  # of the whole polis file, also when a selection was read
    polis_volledig: object = None         # with ``volledige_polis``: the parquet file, or every row of a CSV
    polis_selectie: "PolisSelectie | None" = None  # the opgaven read, when a selection was read

    def __getitem__(self, naam: str) -> pd.DataFrame:
        if naam not in self.tabellen:
            raise KeyError(f"tabel {naam!r} is niet geladen uit {self.map}")
        return self.tabellen[naam]

    def __contains__(self, naam: str) -> bool:
        return naam in self.tabellen

    @property
    def schaal(self) -> float:
        return float(self.meta.get("schaal", 1.0))


SCHAAL_MAX = 5.0  # meta.yaml ``schaal``: 1 is the Netherlands; above 1 only synthetic data to measure speed and memory

def vind_bestanden(map: Path) -> dict[str, Path]:
    """The file of each contract table in ``map``; ``gemeente_regio`` falls back to the shipped reference.
    When a table has both a parquet and a CSV file, the parquet one is named here;
    :func:`bestand_problemen` refuses such a directory."""
    gevonden: dict[str, Path] = {}
    for naam in TABELLEN:
        for ext in (".parquet", ".csv"):
            p = map / f"{naam}{ext}"
            if p.exists():
                gevonden[naam] = p
                break
    if "gemeente_regio" not in gevonden:
        ref = paths.referentie_dir() / "gemeente_regio.csv"
        if ref.exists():
            gevonden["gemeente_regio"] = ref
    return gevonden


def bestand_problemen(map: Path, tabellen=None) -> list[Probleem]:
    """A table in two files (``persoon.parquet`` and ``persoon.csv``): which one is meant is unknown,
    so neither is read. ``tabellen``: only these tables (default: all)."""
    uit = []
    for naam in TABELLEN if tabellen is None else tabellen:
        if (map / f"{naam}.parquet").exists() and (map / f"{naam}.csv").exists():
            uit.append(Probleem(f"{naam}.parquet en {naam}.csv", None,
                                "twee bestanden voor dezelfde tabel; bewaar er één (verwijder of hernoem het andere)"))
    return uit


def meta_datum(waarde) -> pd.Timestamp | None:
    """A date from meta.yaml: a YAML date, or text JJJJ-MM-DD; anything else None."""
    if isinstance(waarde, dt.datetime):
        return pd.Timestamp(waarde.date())
    if isinstance(waarde, dt.date):
        return pd.Timestamp(waarde)
    if isinstance(waarde, str):
        try:
            return pd.Timestamp(dt.date.fromisoformat(waarde.strip()))
        except ValueError:
            return None
    return None


def _soort(waarde) -> str:
    if isinstance(waarde, list):
        return "een lijst"
    if isinstance(waarde, str):
        return "alleen tekst"
    return f"een waarde van type {type(waarde).__name__}"


class _MetaLader(yaml.SafeLoader):
    """YAML as ``yaml.safe_load`` reads it, but a key twice in one mapping is an error (YAML itself keeps
    the last one silently: ``schaal: 1`` followed by ``schaal: 0.02`` would change every figure)."""


def _mapping_zonder_dubbele_sleutels(lader: _MetaLader, node, deep: bool = False):
    gezien = set()
    for sleutel_node, _ in node.value:
        sleutel = lader.construct_object(sleutel_node, deep=True)
        if sleutel in gezien:
            raise yaml.constructor.ConstructorError(None, None, f"sleutel {sleutel!r} komt twee keer voor",
                                                    sleutel_node.start_mark)
        gezien.add(sleutel)
    return lader.construct_mapping(node, deep)


_MetaLader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_zonder_dubbele_sleutels)


def yaml_fout_tekst(e: yaml.YAMLError) -> str:
    """A YAML error in one line, with the line and column where it was found (PyYAML's own text spans
    several lines and quotes the file)."""
    mark = getattr(e, "problem_mark", None)
    probleem = getattr(e, "problem", None)
    if mark is None or not probleem:
        return " ".join(str(e).split())
    tekst = f"regel {mark.line + 1}, kolom {mark.column + 1}: {probleem}"
    context, cmark = getattr(e, "context", None), getattr(e, "context_mark", None)
    if context:
        tekst += f" ({context}" + (f" op regel {cmark.line + 1}, kolom {cmark.column + 1}" if cmark else "") + ")"
    return tekst


def lees_meta(map: Path) -> tuple[dict, list[Probleem]]:
    """``meta.yaml`` of a data directory and its problems (never an exception): it must be UTF-8 text
    with keys and values, ``bron`` one of the known sources and ``schaal`` in (0, 1]. Optional, when
    present: ``aangemaakt`` a date not in the future when it is one (the contract leaves its type open;
    the generator writes what made the data), ``polis_van`` / ``polis_tot`` dates (the period the
    polis covers, README "The data contract")."""
    p = map / "meta.yaml"
    if not p.exists():
        return {}, [Probleem("meta.yaml", None, "bestand ontbreekt (bron, schaal, aangemaakt, omschrijving)")]
    try:
        tekst = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        return {}, [Probleem("meta.yaml", None, f"niet in UTF-8 opgeslagen (byte 0x{e.object[e.start]:02x} op positie "
                                                f"{e.start}); sla het bestand op als UTF-8")]
    except OSError as e:
        return {}, [Probleem("meta.yaml", None, f"kan bestand niet lezen: {fout_tekst(e)}")]
    try:
        meta = yaml.load(tekst, Loader=_MetaLader)
    except yaml.YAMLError as e:
        return {}, [Probleem("meta.yaml", None, f"geen geldige YAML, {yaml_fout_tekst(e)}")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, [Probleem("meta.yaml", None, f"verwacht sleutels met waarden (bron: ..., schaal: ...), gevonden "
                                                f"{_soort(meta)}")]
    problemen = []
    if meta.get("bron") not in META_BRONNEN:
        problemen.append(Probleem("meta.yaml", "bron", f"onbekende bron (toegestaan: {', '.join(META_BRONNEN)})",
                                  [meta.get("bron")]))
    try:
        schaal = float(meta.get("schaal", "x"))
        if not 0 < schaal <= SCHAAL_MAX:
            raise ValueError
    except (TypeError, ValueError):
        problemen.append(Probleem("meta.yaml", "schaal", f"schaal moet een getal groter dan 0 en hoogstens {SCHAAL_MAX:g} zijn",
                                  [meta.get("schaal")]))
    aangemaakt = meta_datum(meta.get("aangemaakt"))
    if aangemaakt is not None and aangemaakt.date() > dt.date.today():
        problemen.append(Probleem("meta.yaml", "aangemaakt", f"ligt in de toekomst (vandaag is {dt.date.today()})",
                                  [aangemaakt.date().isoformat()]))
    for sleutel in ("polis_van", "polis_tot"):
        if meta.get(sleutel) is not None and meta_datum(meta[sleutel]) is None:
            problemen.append(Probleem("meta.yaml", sleutel, "geen geldige datum (JJJJ-MM-DD)", [meta[sleutel]]))
    van, tot = meta_datum(meta.get("polis_van")), meta_datum(meta.get("polis_tot"))
    if van is not None and tot is not None and tot < van:
        problemen.append(Probleem("meta.yaml", "polis_tot", "polis_tot ligt voor polis_van",
                                  [(van.date().isoformat(), tot.date().isoformat())]))
    return meta, problemen


def aanmaak_grens(meta: dict) -> tuple[dt.date, bool]:
    """The last date a date of birth may have: the day the data were made (meta.yaml ``aangemaakt``,
    when it is a date) or else today; and whether it came from meta.yaml."""
    vandaag = dt.date.today()
    aangemaakt = meta_datum(meta.get("aangemaakt"))
    if aangemaakt is not None and aangemaakt.date() <= vandaag:
        return aangemaakt.date(), True
    return vandaag, False


def meta_periode(meta: dict) -> dict:
    """The polis period meta.yaml declares: ``van`` and ``tot`` (each a date or None)."""
    return {"van": meta_datum(meta.get("polis_van")), "tot": meta_datum(meta.get("polis_tot"))}


def laatste_datum(map: Path | str) -> dt.date | None:
    """The last date the data of a directory cover, so that a report can refuse a year after it
    instead of counting zero banen: ``tot_jaar`` in ``meta.yaml`` (31 December of that year; the
    generator writes it), else the latest ``opgave_einde`` in the polis (parquet: from the row-group
    statistics when every row group has them, else that one column). None when neither can be read
    (``banenafspraak valideer`` says why)."""
    map = Path(map)
    meta, _ = lees_meta(map)
    gemeld = meta_datum(meta.get("polis_tot"))
    if gemeld is not None:
        return gemeld.date()
    tot = meta.get("tot_jaar")
    if isinstance(tot, int) and not isinstance(tot, bool):
        return dt.date(tot, 12, 31)
    pad = next((map / f"polis{ext}" for ext in (".parquet", ".csv") if (map / f"polis{ext}").exists()), None)
    if pad is None:
        return None
    try:
        if pad.suffix == ".parquet":
            import pyarrow.compute as pc
            import pyarrow.parquet as pq

            bestand = pq.ParquetFile(pad)
            kolom = bestand.schema_arrow.get_field_index("opgave_einde")
            if kolom < 0:
                return None
            rg = [bestand.metadata.row_group(i).column(kolom).statistics for i in range(bestand.metadata.num_row_groups)]
            if rg and all(st is not None and st.has_min_max for st in rg):
                datums = pd.to_datetime(pd.Series([st.max for st in rg]), errors="coerce")
            else:
                datums = pd.to_datetime(pd.Series([pc.max(bestand.read(columns=["opgave_einde"]).column(0)).as_py()]),
                                        errors="coerce")
        else:
            tekst = pd.read_csv(pad, usecols=["opgave_einde"], dtype=str, encoding="utf-8")["opgave_einde"]
            datums = pd.to_datetime(tekst, errors="coerce", format="%Y-%m-%d")
    except Exception:  # unreadable or another layout: the contract check reports it
        return None
    datums = datums.dropna()
    return datums.max().date() if len(datums) else None


@dataclass
class PolisSelectie:
    """Which opgaven a report reads (at national scale the polis has tens of millions of rows).

    ``perioden``: opgaven whose tijdvak overlaps one of these (begin, einde) intervals (a peildatum p
    is the interval (p, p)). Reports that follow persons over years aggregate the polis in DuckDB
    instead (:func:`polis_bron`)."""

    perioden: list = field(default_factory=list)

    def omschrijving(self) -> str:
        """How the reconciliation names the opgaven that were not read."""
        return "niet ingelezen: tijdvak buiten de perioden van dit rapport"

    def sql(self) -> str:
        """The selection as an SQL condition on ``werk.polis_verbinding``'s view ``polis_lokaal`` (the
        wall-clock dates of timezone-aware columns, as pandas reads them)."""
        from .werk import tijdvak_overlapt_sql

        delen = [f"({tijdvak_overlapt_sql(b, e)})" for b, e in self.perioden]
        return "(" + " OR ".join(delen) + ")" if delen else "FALSE"

    def rijen_sql(self, relatie: str = "polis") -> str:
        """SQL: the ``rij`` of every selected opgave of ``relatie``, once: one scan per periode, each with
        its single condition, so DuckDB skips the parquet row groups that cannot hold it (a filter with
        OR over several perioden skips none: the whole file is read)."""
        from .werk import tijdvak_overlapt_sql

        delen = [f"SELECT rij FROM {relatie} WHERE {tijdvak_overlapt_sql(b, e)}" for b, e in self.perioden]
        return "SELECT DISTINCT rij FROM (" + " UNION ALL ".join(delen) + ")" if delen else f"SELECT rij FROM {relatie} WHERE FALSE"

    def _expressie(self):
        import pyarrow.compute as pc
        import pyarrow.dataset as pads

        expr = None
        for b, e in self.perioden:
            x = (pc.field("opgave_begin") <= pads.scalar(pd.Timestamp(e).date())) & \
                (pc.field("opgave_einde") >= pads.scalar(pd.Timestamp(b).date()))
            expr = x if expr is None else expr | x
        return expr

    def lees_parquet(self, pad: Path, rijen: np.ndarray) -> pd.DataFrame:
        """The selected opgaven of a parquet file whose opgave dates are calendar dates, filtered while
        reading (row groups outside the perioden are skipped). ``rijen``: the rows of the file they are
        (found in the same pass as the contract checks), which become the index, so problems found in
        them name the right rows."""
        import pyarrow.dataset as pads

        df = pads.dataset(pad, format="parquet").to_table(filter=self._expressie()).to_pandas(date_as_object=False)
        if len(df) != len(rijen):  # cannot happen: the same condition on the same dates
            raise RuntimeError(f"{pad.name}: selectie van {len(df)} opgaven, verwacht {len(rijen)}")
        df.index = pd.Index(rijen)
        return df

    def lees_rijen(self, pad: Path, kolommen: list[str] | None = None):
        """The selected opgaven of a parquet file whose opgave dates are calendar dates (``date32``), with
        the rows of the file they are: (an Arrow table of ``kolommen``, default all, and an array of
        row numbers, ascending). A row group whose statistics show that none of its opgaven overlaps
        one of the perioden is not read (a polis written in time order: most of them); the others are
        filtered row by row on the same condition as :meth:`sql`."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        bestand = pq.ParquetFile(pad)
        meta = bestand.metadata
        namen = bestand.schema_arrow.names
        kolommen = list(namen) if kolommen is None else list(kolommen)
        lees = kolommen + [k for k in ("opgave_begin", "opgave_einde") if k not in kolommen]
        perioden = [(pd.Timestamp(b).date(), pd.Timestamp(e).date()) for b, e in self.perioden]
        plaats = {meta.row_group(0).column(j).path_in_schema: j for j in range(meta.num_columns)} \
            if meta.num_row_groups else {}

        def misschien(i: int) -> bool:
            rg = meta.row_group(i)
            try:
                sb = rg.column(plaats["opgave_begin"]).statistics
                se = rg.column(plaats["opgave_einde"]).statistics
                if sb is None or se is None or not sb.has_min_max or not se.has_min_max:
                    return True
                return any(sb.min <= e and se.max >= b for b, e in perioden)
            except (KeyError, TypeError):  # no statistics of dates: read it
                return True

        delen, rijen, begin = [], [], 0
        for i in range(meta.num_row_groups):
            n = meta.row_group(i).num_rows
            if perioden and n and misschien(i):
                t = bestand.read_row_group(i, columns=lees)
                masker = None
                for b, e in perioden:
                    x = pc.and_(pc.less_equal(t["opgave_begin"], pa.scalar(e, pa.date32())),
                                pc.greater_equal(t["opgave_einde"], pa.scalar(b, pa.date32())))
                    masker = x if masker is None else pc.or_(masker, x)
                masker = pc.fill_null(masker, False)
                posities = np.flatnonzero(masker.to_numpy(zero_copy_only=False))
                if len(posities):
                    delen.append(t.select(kolommen).take(pa.array(posities)))
                    rijen.append(begin + posities.astype(np.int64))
            begin += n
        schema = bestand.schema_arrow
        tabel = pa.concat_tables(delen) if delen else pa.schema([schema.field(k) for k in kolommen]).empty_table()
        return tabel, (np.concatenate(rijen) if rijen else np.zeros(0, dtype=np.int64))

    def filter(self, df: pd.DataFrame) -> pd.DataFrame:
        """The same selection on a cast DataFrame (CSV input)."""
        mask = pd.Series(False, index=df.index)
        for b, e in self.perioden:
            mask |= (df["opgave_begin"] <= pd.Timestamp(e)) & (df["opgave_einde"] >= pd.Timestamp(b))
        return df.loc[mask]


# the first and last day of the opgaven, computed in the same pass as the row rules
POLIS_PERIODE_SQL = {"van": ("min", "CAST(opgave_begin AS DATE)", ("opgave_begin",)),
                     "tot": ("max", "CAST(opgave_einde AS DATE)", ("opgave_einde",))}


@dataclass
class Gelezen:
    """One table as :func:`lees_tabel` read it."""

    df: pd.DataFrame
    problemen: list[Probleem]
    rijen: int                      # rows in the file
    periode: tuple | None = None    # polis: first opgave_begin and last opgave_einde of the whole file
    volledig: object = None         # polis: the parquet file, or the DataFrame of every row (CSV)
    fout: dict = field(default_factory=dict)  # per column the rows of ``df`` whose value failed its type check
    # polis: every row, for the checks across rows and tables: the parquet file checked as it is, or
    # (the DataFrame of every row, its ``fout``)
    alle: object = None
    gekozen: int | None = None      # polis not read into pandas: the opgaven of the selection in the file
    # polis not read into pandas: (an Arrow table of the key of the selected opgaven, their rows in the file)
    sleutels: object = None


def _parquet_nullen(con, pad: Path) -> dict[str, int]:
    """Null counts per column from the parquet statistics, where every row group has them."""
    return _parquet_statistiek(con, pad)[0]


def _parquet_statistiek(con, pad: Path) -> tuple[dict[str, int], dict[str, tuple]]:
    """From the parquet statistics (the file's footer, no row read), per column where every row group
    has them: the null count, and the least and greatest value (text, a date or a number, after the
    column's type; ``validation.sql_controle`` leaves out the rules they show no row can break). Only
    the statistics of the current format (``min_value``/``max_value``, ordered as the values compare;
    a truncated one still bounds them): the old ``min``/``max`` fields of early writers compared text as
    signed bytes. A row group whose column is empty or all NaN has no least value: then the column has
    none, and every rule on it is counted row by row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(pad)
    soort = {}
    for veld in schema:
        t = veld.type
        soort[veld.name] = (str if pa.types.is_string(t) or pa.types.is_large_string(t) else
                            (lambda v: dt.date.fromisoformat(v)) if pa.types.is_date32(t) else
                            float if pa.types.is_floating(t) or pa.types.is_integer(t) else None)
    pad_sql = str(pad).replace("'", "''")
    nullen: dict[str, int] = {}
    per_kolom: dict[str, list] = {}
    for k, n, lo, hi in con.execute("SELECT path_in_schema, stats_null_count, stats_min_value, stats_max_value "
                                    f"FROM parquet_metadata('{pad_sql}')").fetchall():
        per_kolom.setdefault(k, []).append((n, lo, hi))
    grenzen: dict[str, tuple] = {}
    for k, rg in per_kolom.items():
        if all(n is not None for n, _, _ in rg):
            nullen[k] = sum(int(n) for n, _, _ in rg)
        zet = soort.get(k)
        if zet is None or not rg or any(lo is None or hi is None for _, lo, hi in rg):
            continue
        try:
            waarden = [(zet(lo), zet(hi)) for _, lo, hi in rg]
        except (TypeError, ValueError):
            continue
        if any(w != w for paar in waarden for w in paar):  # NaN: no bound
            continue
        grenzen[k] = (min(w[0] for w in waarden), max(w[1] for w in waarden))
    return nullen, grenzen


def _parquet_getypeerd(pad: Path, naam: str = "polis") -> bool:
    """Whether every contract column present in a parquet file has its own type (text, a date or
    timestamp, a number, a boolean; an all-empty column has none and fits any): then its rows are
    checked in DuckDB as the file is. A file with, say, dates stored as text is read into pandas and
    each value cast (``validation.cast_kolom``), as a CSV file is; the rules after that are the same."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    past = {"str": (pa.types.is_string, pa.types.is_large_string), "code": (pa.types.is_string, pa.types.is_large_string),
            "date": (pa.types.is_date, pa.types.is_timestamp), "decimal": (pa.types.is_floating, pa.types.is_integer,
                                                                           pa.types.is_decimal),
            "int": (pa.types.is_integer,), "bool": (pa.types.is_boolean,)}
    schema = pq.read_schema(pad)
    for k in TABELLEN[naam].kolommen_van(schema.names):
        if k.naam in schema.names:
            t = schema.field(k.naam).type
            if not (pa.types.is_null(t) or any(f(t) for f in past[k.type])):
                return False
    return True


def _polis_met_datums(pad: Path) -> bool:
    """A typed parquet polis whose tijdvak dates are calendar dates: DuckDB selects its opgaven in the
    file as pandas would (a timestamp column is selected on its local date after the cast)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if pad.suffix != ".parquet" or not _parquet_getypeerd(pad):
        return False
    schema = pq.read_schema(pad)
    return all(k in schema.names and pa.types.is_date(schema.field(k).type) for k in ("opgave_begin", "opgave_einde"))


def _lees_polis_parquet(pad: Path, selectie: PolisSelectie | None, meta: dict, lezen: bool = True) -> Gelezen:
    """A parquet polis: every rule about one row checked over the whole file in DuckDB, in one pass that
    also finds the period it covers; then the selected opgaven (or all) read into pandas."""
    from .werk import polis_tijdzones, polis_verbinding

    tabel = TABELLEN["polis"]
    try:
        con = polis_verbinding(pad)
        tijdzones = polis_tijdzones(pad)
    except Exception as e:  # unreadable file: say which and why, no traceback
        return Gelezen(pd.DataFrame(columns=tabel.kolomnamen), [Probleem(pad.name, None, f"kan bestand niet lezen: {fout_tekst(e)}")], 0)
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(pad)
    datums = all(k in schema.names and pa.types.is_date(schema.field(k).type) for k in ("opgave_begin", "opgave_einde"))
    try:
        nullen, grenzen = _parquet_statistiek(con, pad)
        c = sql_controle(con, "polis_lokaal", tabel, pad.name, nullen, tijdzones, aanmaak_grens(meta), meta_periode(meta),
                         extra=dict(POLIS_PERIODE_SQL), grenzen=grenzen)
    except Exception as e:  # e.g. a time zone DuckDB does not know
        return Gelezen(pd.DataFrame(columns=tabel.kolomnamen), [Probleem(pad.name, None, f"kan bestand niet lezen: {fout_tekst(e)}")], 0)
    finally:
        con.close()
    periode = (c.waarden.get("van"), c.waarden.get("tot"))
    if not lezen or any(p.regel == REGEL_ONTBREEKT for p in c.problemen):
        gekozen, sleutels = None, None
        if selectie is not None and datums:  # the selection's keys (its count, and its key checked by _kruis)
            tabel_sel, rijen = selectie.lees_rijen(pad, [k for k in tabel.sleutel if k in schema.names])
            gekozen, sleutels = len(rijen), (tabel_sel, rijen)
        return Gelezen(pd.DataFrame(columns=tabel.kolomnamen), c.problemen, c.rijen, periode, pad, alle=pad,
                       gekozen=gekozen, sleutels=sleutels)
    if selectie is not None and datums:  # row groups outside the perioden skipped, the rows keep their numbers
        tabel_sel, rijen = selectie.lees_rijen(pad)
        ruw = tabel_sel.to_pandas(date_as_object=False)
        ruw.index = pd.Index(rijen)
    else:  # whole; a selection on timestamps is made after the cast, on the local dates
        ruw = pq.read_table(pad).to_pandas(date_as_object=False)
    df = ruw.copy(deep=False)  # the cast columns replace those of the file (a deep copy costs seconds)
    fout: dict[str, pd.Series] = {}
    for k in tabel.kolommen_van(ruw.columns):  # the file's types were checked in SQL; here only converted
        df[k.naam], _, fout[k.naam] = cast_kolom(ruw[k.naam], k.type, pad.name, k.naam)
    if selectie is not None and not datums:
        df = selectie.filter(df)
        fout = {k: m.loc[df.index] for k, m in fout.items()}
    return Gelezen(df, c.problemen, c.rijen, periode, pad, fout, alle=pad)


def _parquet_relatie(pad: Path) -> str:
    """SQL: a parquet file with its rows numbered (``rij``, 0-based), as ``validation`` reads relations."""
    pad_sql = str(pad).replace("'", "''")
    return (f"SELECT * EXCLUDE (file_row_number), file_row_number AS rij "
            f"FROM read_parquet('{pad_sql}', file_row_number = true)")


def _lees_parquet_bestand(naam: str, pad: Path, ruw: pd.DataFrame, df: pd.DataFrame, fout: dict[str, pd.Series],
                          meta: dict) -> Gelezen | None:
    """A table (not the polis) from a parquet file in which every contract column has its type, read
    into pandas and cast without a problem (``ruw``, ``df``, ``fout``): every rule about one row is
    checked in DuckDB on the file as it is (``validation.sql_controle``, the same SQL and messages as on
    the table in pandas, with the file's statistics; DuckDB reads it in parallel), and the rules
    across tables read the file too (:func:`_kruis`). None when this does not apply (a column missing,
    of another type in DuckDB, all empty, or with timestamps: the table in pandas is checked instead)."""
    tabel = TABELLEN[naam]
    if any(m.any() for m in fout.values()) or any(k not in ruw.columns for k in tabel.kolomnamen):
        return None
    if any(pd.api.types.is_float_dtype(ruw[k.naam]) and ruw[k.naam].isna().any() for k in tabel.kolommen):
        return None  # pandas reads NaN as empty ("lege waarde"), DuckDB as a number that is not finite
    con = verbinding()
    try:
        con.execute(f"CREATE VIEW tabel_bestand AS {_parquet_relatie(pad)}")
        typen = {r[0]: str(r[1]).upper() for r in con.execute("DESCRIBE tabel_bestand").fetchall()}
        if not all(typen.get(k.naam, "").startswith(_SQL_TYPEN[k.type]) and (k.type != "date" or typen[k.naam] == "DATE")
                   for k in tabel.kolommen):
            return None
        nullen, grenzen = _parquet_statistiek(con, pad)
        c = sql_controle(con, "tabel_bestand", tabel, pad.name, nullen, aanmaak=aanmaak_grens(meta), grenzen=grenzen)
    except Exception:  # not readable as DuckDB reads it: the table in pandas is checked instead
        return None
    finally:
        con.close()
    if c.rijen != len(df):  # cannot happen: the same file
        return None
    return Gelezen(df, c.problemen, c.rijen, fout=fout, alle=pad)


def lees_tabel(naam: str, pad: Path, selectie: PolisSelectie | None = None, meta: dict | None = None,
               volledig: bool = False, lezen: bool = True) -> Gelezen:
    """Read and cast one table; return it with the problems found (header, types, every rule of one row)
    and the number of rows in the file; the rules across rows and tables are ``validation.kruis_controle``
    (:func:`lees_map`). With a ``selectie`` (polis only) the rules about one row still cover every row
    of the file; only the selected opgaven are returned. ``volledig`` (polis): keep every row of a CSV
    polis as :attr:`Gelezen.volledig` (for DuckDB). ``lezen=False`` (polis): return no opgaven; a
    parquet polis is then only checked as a file in DuckDB, never loaded into pandas."""
    tabel = TABELLEN[naam]
    bestand = pad.name
    meta = meta or {}
    leeg = pd.DataFrame(columns=tabel.kolomnamen)
    kop = kop_problemen(pad, tabel)
    if kop:
        return Gelezen(leeg, kop, 0)
    if naam == "polis" and pad.suffix == ".parquet" and _parquet_getypeerd(pad):
        return _lees_polis_parquet(pad, selectie, meta, lezen)
    try:
        if pad.suffix == ".parquet":
            import pyarrow.parquet as pq

            ruw = pq.read_table(pad).to_pandas(date_as_object=False)
        else:
            ruw = pd.read_csv(pad, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except Exception as e:  # unreadable file: say which and why, no traceback
        return Gelezen(leeg, [Probleem(bestand, None, f"kan bestand niet lezen: {fout_tekst(e)}")], 0)
    problemen: list[Probleem] = []
    ontbrekend = [k for k in tabel.kolomnamen if k not in ruw.columns]
    for k in ontbrekend:
        problemen.append(Probleem(bestand, k, REGEL_ONTBREEKT,
                                  [f"aanwezig: {', '.join(map(str, ruw.columns))}"] if k == ontbrekend[0] else []))
    if ontbrekend:
        return Gelezen(ruw, problemen, len(ruw))
    df = ruw.copy(deep=False)  # the cast columns replace those of the file (a deep copy costs seconds)
    fout: dict[str, pd.Series] = {}
    for k in tabel.kolommen_van(ruw.columns):
        df[k.naam], p, fout[k.naam] = cast_kolom(ruw[k.naam], k.type, bestand, k.naam)
        if p is not None:
            problemen.append(p)
    if naam != "polis" and pad.suffix == ".parquet" and not problemen:
        g = _lees_parquet_bestand(naam, pad, ruw, df, fout, meta)
        if g is not None:
            return g
    c = frame_controle(df, tabel, bestand, fout, aanmaak_grens(meta), meta_periode(meta) if naam == "polis" else None,
                       extra=POLIS_PERIODE_SQL if naam == "polis" else None)
    problemen += c.problemen
    if naam != "polis":
        return Gelezen(df, problemen, len(df), fout=fout)
    periode = (c.waarden.get("van"), c.waarden.get("tot"))
    deel = df if lezen else df.iloc[:0]
    if selectie:
        deel = selectie.filter(deel)
    return Gelezen(deel, problemen, len(df), periode, df if volledig else None,
                   {k: m.loc[deel.index] for k, m in fout.items()}, alle=(df, fout))


def _structureel(p: Probleem) -> bool:
    """A problem after which a table's rows cannot be read as the contract says (a column missing, the
    file unreadable, a column name twice, `;` as separator, not UTF-8): its keys and references are
    not checked (every one would look wrong)."""
    return (p.regel == REGEL_ONTBREEKT or "kan bestand niet lezen" in p.regel
            or p.regel.startswith(("kolomnaam komt", "scheidingsteken", "niet in UTF-8")))


def _kruis(gelezen: dict[str, Gelezen], bestanden: dict[str, Path], verwijzingen: bool,
           polis_sleutel_selectie: bool, selectie: PolisSelectie | None = None) -> list[Probleem]:
    """``validation.kruis_controle`` on the tables read: each table read into pandas as a relation (a
    typed parquet file checked as it is, :func:`_lees_parquet_bestand`: that file), the polis as its
    parquet file (never loaded into pandas for this) or every row of a CSV. The references of the polis
    are checked on every row of the file; its key on every row too, or, with ``polis_sleutel_selectie``,
    on the opgaven read (a run that counts on peildata): when the polis was not read into pandas, the
    key of the ``selectie`` read with its count (:attr:`Gelezen.sleutels`), with its rows in the file."""
    relaties, uitgesloten, sleutel_relaties = {}, {}, {}
    polis = gelezen.get("polis")
    if polis is not None and isinstance(polis.alle, Path):
        from .werk import polis_verbinding

        con = polis_verbinding(polis.alle)
        relaties["polis"] = "polis_lokaal"
    else:
        con = verbinding()
    try:
        for naam, g in gelezen.items():
            if naam == "polis" and isinstance(g.alle, Path):
                continue
            if isinstance(g.alle, Path):  # a typed parquet file checked as it is (_lees_parquet_bestand)
                con.execute(f"CREATE VIEW rel_{naam} AS {_parquet_relatie(g.alle)}")
                relaties[naam], uitgesloten[naam] = f"rel_{naam}", set()
                continue
            df, fout = g.alle if naam == "polis" and g.alle is not None else (g.df, g.fout)
            rel, uitgesloten[naam] = frame_relatie(df, TABELLEN[naam], fout)
            con.register(f"rel_{naam}", rel)
            relaties[naam] = f"rel_{naam}"
        if polis is not None and polis_sleutel_selectie and isinstance(polis.alle, Path) and polis.sleutels is not None:
            import pyarrow as pa

            sleutels, rijen = polis.sleutels  # read with the selection's count (lees_tabel)
            con.register("polis_gekozen", sleutels.append_column("rij", pa.array(rijen, pa.int64())))
            sleutel_relaties["polis"] = ("polis_gekozen", set())
        elif polis is not None and polis_sleutel_selectie and isinstance(polis.alle, Path) and polis.gekozen is not None:
            con.execute(f"CREATE VIEW polis_gekozen AS SELECT * FROM polis_lokaal WHERE {selectie.sql()}")
            sleutel_relaties["polis"] = ("polis_gekozen", set())
        elif polis is not None and polis_sleutel_selectie:
            rel, fout = frame_relatie(polis.df, TABELLEN["polis"], polis.fout)
            con.register("rel_polis_gelezen", rel)
            sleutel_relaties["polis"] = ("rel_polis_gelezen", fout)
        return kruis_controle(con, relaties, {n: bestanden[n].name for n in relaties}, uitgesloten, verwijzingen,
                              sleutel_relaties)
    finally:
        con.close()


def _andere_schrijfwijze(map: Path, naam: str) -> str:
    """A hint when the table's file is there with capitals in its name (``Polis.csv``)."""
    gevonden = sorted(p.name for p in map.iterdir() if p.name.lower() in (f"{naam}.csv", f"{naam}.parquet"))
    return f" (gevonden: {', '.join(gevonden)}; de bestandsnaam moet in kleine letters)" if gevonden else ""


def lees_map(map: Path | str, tabellen: list[str] | None = None, valideer: bool = True,
             polis_peildata=None, polis_selectie: PolisSelectie | None = None, volledige_polis: bool = False,
             lege_tabellen: bool = True, polis_lezen: bool = True, polis_als_bestand: bool = False) -> Dataset:
    """Read a data directory, check it against the contract and return a :class:`Dataset`.

    ``tabellen``: the tables a report needs (default: all that are present; the required ones must
    be). ``lege_tabellen``: whether a table may have no rows; ``banenafspraak valideer`` and every run
    (``rapport.laad_data``) say no, and then a required table without rows is an error (a header-only
    polis would give 0 banen); an optional table may be empty (nobody had an uitkering); hand-made examples of one rule may leave a
    table empty. ``polis_peildata``: read only
    the opgaven whose tijdvak contains one of these dates (a report that counts on peildata needs no
    more; at national scale the polis has tens of millions of rows); the others are accounted for in
    the reconciliation. The rules about one row are checked on every row of the polis all the same
    (in DuckDB); keys and references between tables on the rows read. ``banenafspraak valideer``
    checks everything. ``polis_selectie``: any :class:`PolisSelectie`. ``volledige_polis``: also keep
    the whole polis for DuckDB (:attr:`Dataset.polis_volledig`: the parquet file, or every row of a
    CSV), as :func:`polis_bron` gives it. ``polis_lezen=False``: check the polis but return no opgaven
    (``banenafspraak valideer``: a parquet polis is then checked as a file in DuckDB, every rule, and
    never loaded into pandas). ``polis_als_bestand``: a report that counts with the engine only
    (``motor.tel`` reads a typed parquet polis itself): a typed parquet polis is checked, its
    selection counted and its key checked in DuckDB, and not read into pandas (``ds["polis"]`` then
    does not exist); a CSV polis, or a parquet file with dates as text, is read as usual. Raises
    :class:`ContractError` with every problem.

    The rules across rows and tables (``validation.kruis_controle``) run in DuckDB: references to
    persons, employers and gemeenten on every row of every table read, the polis file included; the
    key of the polis on every row of the file, except in a run that reads a selection of it and not
    the whole polis (``polis_peildata`` / ``polis_selectie`` without ``volledige_polis``): there on the
    opgaven read (a duplicate elsewhere cannot reach its figures).
    """
    if polis_peildata:
        polis_selectie = PolisSelectie(perioden=[(p, p) for p in polis_peildata])
    map = Path(map)
    if not map.is_dir():
        raise ContractError([Probleem(str(map), None, "map bestaat niet")], map)
    meta, problemen = lees_meta(map)
    bestanden = vind_bestanden(map)
    gevraagd = list(tabellen) if tabellen is not None else [n for n in TABELLEN if n in bestanden or TABELLEN[n].verplicht]
    if tabellen is not None and "persoon" not in gevraagd and any(TABELLEN[t].persoon_tabel for t in gevraagd):
        gevraagd.append("persoon")  # needed to check that referenced persons exist
    for naam in gevraagd:
        if naam not in TABELLEN:
            raise ValueError(f"onbekende tabel {naam!r}")
        if naam not in bestanden:
            problemen.append(Probleem(f"{naam}.parquet / {naam}.csv", None, "verplichte tabel ontbreekt"
                                      + _andere_schrijfwijze(map, naam)))
    dubbel = bestand_problemen(map, gevraagd)
    problemen += dubbel
    geladen: dict[str, pd.DataFrame] = {}
    gelezen: dict[str, Gelezen] = {}
    rec = Reconciliatie()
    periode, volledig = None, None
    if polis_als_bestand and "polis" in bestanden and _polis_met_datums(bestanden["polis"]):
        polis_lezen = False
    te_lezen = [n for n in gevraagd
                if n in bestanden and not any(p.bestand.startswith(f"{n}.parquet en ") for p in dubbel)]

    def lees(naam: str) -> Gelezen:
        return lees_tabel(naam, bestanden[naam], polis_selectie if naam == "polis" else None, meta,
                          volledig=volledige_polis, lezen=naam != "polis" or polis_lezen)

    # the polis (DuckDB and pyarrow, which leave Python free) is read and checked in a thread of its own
    # while the other tables are read into pandas; the results are taken in the order of the tables
    with ThreadPoolExecutor(max_workers=1) as achtergrond:
        polis_g = achtergrond.submit(lees, "polis") if "polis" in te_lezen and len(te_lezen) > 1 else None
        uitkomst = {n: lees(n) for n in te_lezen if n != "polis" or polis_g is None}
        if polis_g is not None:
            uitkomst["polis"] = polis_g.result()
    for naam in te_lezen:
        sel = polis_selectie if naam == "polis" else None
        g = uitkomst[naam]
        rec.lees(naam, g.rijen)
        if sel:
            rec.laat_weg(naam, sel.omschrijving(), g.rijen - (len(g.df) if g.gekozen is None else g.gekozen), "inlezen")
        if valideer:
            problemen += g.problemen
            leeg_bestand = g.rijen == 0 and not g.problemen
            if leeg_bestand and not lege_tabellen and TABELLEN[naam].verplicht:
                problemen.append(Probleem(bestanden[naam].name, None, REGEL_LEEG_BESTAND))
        if naam == "polis":
            periode = Periode.uit(*(g.periode or (None, None)), meta)
            volledig = g.volledig
        if naam != "polis" or polis_lezen:
            geladen[naam] = g.df
        if not any(_structureel(p) for p in g.problemen):
            gelezen[naam] = g
    if valideer:
        verwijzingen = not any(_structureel(p) for p in problemen if p.bestand != "meta.yaml")
        problemen += _kruis(gelezen, bestanden, verwijzingen,
                            polis_sleutel_selectie=polis_selectie is not None and not volledige_polis
                            and (polis_lezen or polis_als_bestand), selectie=polis_selectie)
    if problemen:
        raise ContractError(problemen, map)
    gelezen_bestanden = {n: bestanden[n] for n in gevraagd if n in rec.gelezen}
    return Dataset(map, meta, geladen, gelezen_bestanden, rec, periode, volledig, polis_selectie)


def data_vingerafdruk(map: Path | str) -> dict[str, str]:
    """SHA-256 of every input file of a data directory (run.json's data fingerprint)."""
    map = Path(map)
    result = {}
    for pad in sorted(list(vind_bestanden(map).values()) + [map / "meta.yaml"]):
        if pad.exists():
            h = hashlib.sha256()
            with open(pad, "rb") as f:
                for blok in iter(lambda: f.read(1 << 20), b""):
                    h.update(blok)
            result[str(pad.name if pad.parent == map else pad)] = h.hexdigest()
    return result


def polis_bron(map: Path | str):
    """The polis of a data directory for reports that aggregate it in DuckDB (``werk.polis_verbinding``)
    instead of loading it: a parquet file is returned as its path after every rule about one row is
    checked on it in DuckDB (``validation.sql_controle``, the same check as ``lees_map``'s); a CSV
    file, or a parquet file with columns of another type (dates as text), is read and checked as usual
    and returned as a DataFrame. Raises :class:`ContractError`
    naming file, column, values and rows.

    Dates (decision, DATA_CONTRACT.md): a calendar date. Timezone-aware timestamps at midnight in their
    own zone are converted to that local date, as ``lees_map`` does; any time of day is refused, on
    both paths with the same message (``validation.REGEL_TIJDSTIP``)."""
    map = Path(map)
    meta, problemen = lees_meta(map)
    problemen += bestand_problemen(map, ["polis"])
    pad = vind_bestanden(map).get("polis")
    if pad is None:
        raise ContractError(problemen + [Probleem("polis.parquet / polis.csv", None, "verplichte tabel ontbreekt")], map)
    if problemen:
        raise ContractError(problemen, map)
    g = kop_problemen(pad, TABELLEN["polis"])
    if not g and (pad.suffix != ".parquet" or not _parquet_getypeerd(pad)):  # values cast in pandas first
        return lees_map(map, ["polis"], volledige_polis=True).polis_volledig
    if not g:
        c = _lees_polis_parquet(pad, None, meta, lezen=False)
        g = c.problemen + ([Probleem(pad.name, None, REGEL_LEEG_BESTAND)] if c.rijen == 0 and not c.problemen else [])
    if g:
        raise ContractError(g, map)
    return pad


def met_optionele_tabellen(data_dir, tabellen: list[str], optioneel: list[str]) -> list[str]:
    """``tabellen`` and those of ``optioneel`` (optional inputs, DATA_CONTRACT.md) that the data directory has (empty:
    the embedded synthetic data): what a report that can use an optional table reads."""
    from .synth import zorg_voor_standaarddata

    map = Path(data_dir) if data_dir else zorg_voor_standaarddata(log=lambda *a: None)
    aanwezig = vind_bestanden(Path(map))
    return list(tabellen) + [t for t in optioneel if t in aanwezig]
