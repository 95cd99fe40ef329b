"""Reading a data directory in the contract (DATA_CONTRACT.md "Input: a data directory").

``lees_map`` reads every table (parquet or CSV; codes stay text, dates are parsed strictly), checks
the whole contract and raises one :class:`~banenafspraak.validation.ContractError` listing every
problem. The returned :class:`Dataset` carries a :class:`Reconciliatie` that reports add to
whenever they leave rows out, so a run can account for every row it read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .contract import META_BRONNEN, TABELLEN
from .validation import ContractError, Probleem, cast_kolom, kruis_problemen, schema_problemen

__all__ = ["Dataset", "Reconciliatie", "lees_map", "lees_meta", "vind_bestanden", "data_vingerafdruk", "laatste_datum"]


@dataclass
class Reconciliatie:
    """Rows per input table: read, and left out by which rule (the rest is used)."""

    gelezen: dict[str, int] = field(default_factory=dict)
    weggelaten: list[dict] = field(default_factory=list)

    def lees(self, tabel: str, rijen: int) -> None:
        self.gelezen[tabel] = int(rijen)

    def laat_weg(self, tabel: str, regel: str, rijen: int, stap: str = "") -> None:
        """Record that ``rijen`` rows of ``tabel`` were left out by ``regel`` (a RULES.md rule)."""
        self.weggelaten.append({"tabel": tabel, "stap": stap, "regel": regel, "rijen": int(rijen)})

    def tabel(self) -> pd.DataFrame:
        """Per table: rows read; per step the rows left out by each rule and the rows used (the rest)."""
        rows = []
        for tabel, n in self.gelezen.items():
            rows.append({"tabel": tabel, "stap": "", "regel": "gelezen", "rijen": n})
            weg = [w for w in self.weggelaten if w["tabel"] == tabel]
            for stap in dict.fromkeys(w["stap"] for w in weg):
                deel = [w for w in weg if w["stap"] == stap]
                rows += [{**w} for w in deel]
                rows.append({"tabel": tabel, "stap": stap, "regel": "gebruikt", "rijen": n - sum(w["rijen"] for w in deel)})
        return pd.DataFrame(rows, columns=["tabel", "stap", "regel", "rijen"])

    def voeg_toe(self, ander: "Reconciliatie", stap: str) -> None:
        """Add the reconciliation of a further (partial) load of a table, under its own step."""
        for tabel, n in ander.gelezen.items():
            if tabel not in self.gelezen:
                self.gelezen[tabel] = n
        for w in ander.weggelaten:
            self.weggelaten.append({**w, "stap": f"{stap}: {w['stap']}" if w["stap"] else stap})

    def to_dict(self) -> dict:
        return {"gelezen": dict(self.gelezen), "weggelaten": list(self.weggelaten)}


@dataclass
class Dataset:
    map: Path
    meta: dict
    tabellen: dict[str, pd.DataFrame]
    bestanden: dict[str, Path]
    reconciliatie: Reconciliatie

    def __getitem__(self, naam: str) -> pd.DataFrame:
        if naam not in self.tabellen:
            raise KeyError(f"tabel {naam!r} is niet geladen uit {self.map}")
        return self.tabellen[naam]

    def __contains__(self, naam: str) -> bool:
        return naam in self.tabellen

    @property
    def schaal(self) -> float:
        return float(self.meta.get("schaal", 1.0))


def vind_bestanden(map: Path) -> dict[str, Path]:
    """The file of each contract table in ``map``; ``gemeente_regio`` falls back to the shipped reference."""
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


def lees_meta(map: Path) -> tuple[dict, list[Probleem]]:
    p = map / "meta.yaml"
    if not p.exists():
        return {}, [Probleem("meta.yaml", None, "bestand ontbreekt (bron, schaal, aangemaakt, omschrijving)")]
    try:
        meta = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        return {}, [Probleem("meta.yaml", None, f"geen geldige YAML: {e}")]
    problemen = []
    if meta.get("bron") not in META_BRONNEN:
        problemen.append(Probleem("meta.yaml", "bron", f"onbekende bron (toegestaan: {', '.join(META_BRONNEN)})",
                                  [meta.get("bron")]))
    try:
        schaal = float(meta.get("schaal", "x"))
        if not 0 < schaal <= 1.0:
            raise ValueError
    except (TypeError, ValueError):
        problemen.append(Probleem("meta.yaml", "schaal", "schaal moet een getal groter dan 0 en hoogstens 1 zijn",
                                  [meta.get("schaal")]))
    return meta, problemen


def laatste_datum(map: Path | str) -> dt.date | None:
    """The last date the data of a directory cover, so that a report can refuse a year after it
    instead of counting zero banen: ``tot_jaar`` in ``meta.yaml`` (31 December of that year; the
    generator writes it), else the latest ``opgave_einde`` in the polis (parquet: from the row-group
    statistics when every row group has them, else that one column). None when neither can be read
    (``banenafspraak valideer`` says why)."""
    map = Path(map)
    meta, _ = lees_meta(map)
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

    def _expressie(self, pad: Path):
        import pyarrow.compute as pc
        import pyarrow.dataset as pads

        expr = None
        for b, e in self.perioden:
            x = (pc.field("opgave_begin") <= pads.scalar(pd.Timestamp(e).date())) & \
                (pc.field("opgave_einde") >= pads.scalar(pd.Timestamp(b).date()))
            expr = x if expr is None else expr | x
        return expr

    def lees_parquet(self, pad: Path) -> pd.DataFrame:
        """The selected opgaven of a parquet file, filtered while reading. Only on calendar dates: a
        timestamp column (with a time zone, or a time of day) is compared as an instant, which can
        drop an opgave whose local date qualifies; such a file is read whole, checked and converted
        like any other (``validation.cast_kolom``) and then selected by :meth:`filter`."""
        import pyarrow as pa
        import pyarrow.dataset as pads

        ds = pads.dataset(pad, format="parquet")
        if not all(pa.types.is_date(ds.schema.field(k).type) for k in ("opgave_begin", "opgave_einde")
                   if k in ds.schema.names):
            return pads.dataset(pad, format="parquet").to_table().to_pandas(date_as_object=False)
        return ds.to_table(filter=self._expressie(pad)).to_pandas(date_as_object=False)

    def filter(self, df: pd.DataFrame) -> pd.DataFrame:
        """The same selection on a cast DataFrame (CSV input)."""
        mask = pd.Series(False, index=df.index)
        for b, e in self.perioden:
            mask |= (df["opgave_begin"] <= pd.Timestamp(e)) & (df["opgave_einde"] >= pd.Timestamp(b))
        return df.loc[mask]


def _lees_ruw(pad: Path, selectie: PolisSelectie | None = None) -> tuple[pd.DataFrame, int]:
    """Raw table and the number of rows in the file. With a ``selectie`` (polis only) just those
    opgaven are read (parquet: filtered while reading, skipping row groups where it can)."""
    if pad.suffix == ".parquet":
        if selectie:
            import pyarrow.parquet as pq

            totaal = pq.ParquetFile(pad).metadata.num_rows
            try:
                return selectie.lees_parquet(pad), totaal
            except Exception:  # columns of another type: read everything, the checks will say what is wrong
                pass
        import pyarrow.parquet as pq

        df = pq.read_table(pad).to_pandas(date_as_object=False)
        return df, len(df)
    df = pd.read_csv(pad, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return df, len(df)


def lees_tabel(naam: str, pad: Path, selectie: PolisSelectie | None = None) -> tuple[pd.DataFrame, list[Probleem], int]:
    """Read and cast one table; return it with the problems found (schema and within-table rules)
    and the number of rows in the file."""
    tabel = TABELLEN[naam]
    bestand = pad.name
    totaal = 0
    try:
        ruw, totaal = _lees_ruw(pad, selectie)
    except Exception as e:  # unreadable file: say which and why, no traceback
        return pd.DataFrame(columns=tabel.kolomnamen), [Probleem(bestand, None, f"kan bestand niet lezen: {e}")], 0
    problemen: list[Probleem] = []
    ontbrekend = [k for k in tabel.kolomnamen if k not in ruw.columns]
    for k in ontbrekend:
        problemen.append(Probleem(bestand, k, "verplichte kolom ontbreekt",
                                  [f"aanwezig: {', '.join(map(str, ruw.columns))}"] if k == ontbrekend[0] else []))
    if ontbrekend:
        return ruw, problemen, totaal
    df = ruw.copy()
    fout: dict[str, pd.Series] = {}
    for k in tabel.kolommen:
        df[k.naam], p, mask = cast_kolom(ruw[k.naam], k.type, bestand, k.naam)
        fout[k.naam] = mask
        if p is not None:
            problemen.append(p)
    problemen += schema_problemen(df, tabel, bestand, fout)
    if selectie and not problemen and len(df) and naam == "polis":
        df = selectie.filter(df)  # CSV, or parquet read whole: the same rows as the parquet filter
    return df, problemen, totaal


def lees_map(map: Path | str, tabellen: list[str] | None = None, valideer: bool = True,
             polis_peildata=None, polis_selectie: PolisSelectie | None = None) -> Dataset:
    """Read a data directory, check it against the contract and return a :class:`Dataset`.

    ``tabellen``: the tables a report needs (default: all that are present; the required ones must
    be). ``polis_peildata``: read only the opgaven whose tijdvak contains one of these dates (a report
    that counts on peildata needs no more; at national scale the polis has tens of millions of rows);
    the others are accounted for in the reconciliation. The checks then apply to the rows read;
    ``banenafspraak valideer`` checks everything. ``polis_selectie``: any :class:`PolisSelectie`.
    Raises :class:`ContractError` with every problem.
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
            problemen.append(Probleem(f"{naam}.parquet / {naam}.csv", None, "verplichte tabel ontbreekt"))
    geladen: dict[str, pd.DataFrame] = {}
    rec = Reconciliatie()
    for naam in gevraagd:
        if naam not in bestanden:
            continue
        sel = polis_selectie if naam == "polis" else None
        df, p, totaal = lees_tabel(naam, bestanden[naam], sel)
        rec.lees(naam, totaal if sel else len(df))
        if sel:
            rec.laat_weg(naam, sel.omschrijving(), totaal - len(df), "inlezen")
        if valideer:
            problemen += p
        geladen[naam] = df
    if valideer and not any(p.regel == "verplichte kolom ontbreekt" or "kan bestand niet lezen" in p.regel
                            for p in problemen):
        problemen += kruis_problemen(geladen, {n: bestanden[n].name for n in geladen})
    if problemen:
        raise ContractError(problemen, map)
    return Dataset(map, meta, geladen, {n: bestanden[n] for n in geladen}, rec)


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
    instead of loading it: a parquet file is returned as its path after the contract's column rules
    are checked in DuckDB (``validation.sql_problemen``); a CSV file is read and checked as usual and
    returned as a DataFrame. Raises :class:`ContractError` naming file, column, values and rows.

    Dates (decision, DATA_CONTRACT.md): a calendar date. Timezone-aware timestamps at midnight in their
    own zone are converted to that local date, as ``lees_map`` does; any time of day is refused, on
    both paths with the same message (``validation.REGEL_TIJDSTIP``)."""
    from .validation import sql_problemen
    from .werk import polis_tijdzones, polis_verbinding

    map = Path(map)
    pad = vind_bestanden(map).get("polis")
    if pad is None:
        raise ContractError([Probleem("polis.parquet / polis.csv", None, "verplichte tabel ontbreekt")], map)
    if pad.suffix != ".parquet":
        return lees_map(map, ["polis"])["polis"]
    try:
        con = polis_verbinding(pad)
        tijdzones = polis_tijdzones(pad)
    except Exception as e:  # unreadable file: say which and why, no traceback
        raise ContractError([Probleem(pad.name, None, f"kan bestand niet lezen: {e}")], map) from None
    # null counts from the parquet statistics where every row group has them
    pad_sql = str(pad).replace("'", "''")
    nullen = {k: int(n) for k, n, zonder in con.execute(
        "SELECT path_in_schema, sum(stats_null_count), count(*) FILTER (WHERE stats_null_count IS NULL) "
        f"FROM parquet_metadata('{pad_sql}') GROUP BY 1").fetchall() if not zonder and n is not None}
    # checked on the local wall-clock times, as pandas reads them: a timezone-aware midnight becomes its
    # local date, a time of day is refused (validation.REGEL_TIJDSTIP), the same as ``lees_map``
    try:
        problemen = sql_problemen(con, "polis_lokaal", TABELLEN["polis"], pad.name, nullen, tijdzones)
    except Exception as e:  # e.g. a time zone DuckDB does not know
        raise ContractError([Probleem(pad.name, None, f"kan bestand niet lezen: {e}")], map) from None
    finally:
        con.close()
    if problemen:
        raise ContractError(problemen, map)
    return pad
