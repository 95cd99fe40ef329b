"""Reading a data directory in the contract (DATA_CONTRACT.md "Input: a data directory").

``lees_map`` reads every table (parquet or CSV; codes stay text, dates are parsed strictly), checks
the whole contract and raises one :class:`~banenafspraak.validation.ContractError` listing every
problem. The returned :class:`Dataset` carries a :class:`Reconciliatie` that reports add to
whenever they leave rows out, so a run can account for every row it read.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .contract import META_BRONNEN, TABELLEN
from .validation import ContractError, Probleem, cast_kolom, kruis_problemen, schema_problemen

__all__ = ["Dataset", "Reconciliatie", "lees_map", "lees_meta", "vind_bestanden", "data_vingerafdruk"]


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


def _peildata_filter(peildata):
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    expr = None
    for p in peildata:
        d = pd.Timestamp(p).date()
        e = (pc.field("opgave_begin") <= pads.scalar(d)) & (pc.field("opgave_einde") >= pads.scalar(d))
        expr = e if expr is None else expr | e
    return expr


def _lees_ruw(pad: Path, peildata=None) -> tuple[pd.DataFrame, int]:
    """Raw table and the number of rows in the file. With ``peildata`` (polis only) just the opgaven
    whose tijdvak contains one of them are read (parquet: filtered while reading)."""
    if pad.suffix == ".parquet":
        if peildata:
            import pyarrow.dataset as pads
            import pyarrow.parquet as pq

            totaal = pq.ParquetFile(pad).metadata.num_rows
            try:
                tabel = pads.dataset(pad, format="parquet").to_table(filter=_peildata_filter(peildata))
                return tabel.to_pandas(date_as_object=False), totaal
            except Exception:  # columns of another type: read everything, the checks will say what is wrong
                pass
        import pyarrow.parquet as pq

        df = pq.read_table(pad).to_pandas(date_as_object=False)
        return df, len(df)
    df = pd.read_csv(pad, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return df, len(df)


def _filter_peildata(df: pd.DataFrame, peildata) -> pd.DataFrame:
    """Keep the opgaven whose tijdvak contains one of the peildata (after casting)."""
    mask = pd.Series(False, index=df.index)
    for p in peildata:
        p = pd.Timestamp(p)
        mask |= (df["opgave_begin"] <= p) & (df["opgave_einde"] >= p)
    return df.loc[mask]


def lees_tabel(naam: str, pad: Path, peildata=None) -> tuple[pd.DataFrame, list[Probleem], int]:
    """Read and cast one table; return it with the problems found (schema and within-table rules)
    and the number of rows in the file."""
    tabel = TABELLEN[naam]
    bestand = pad.name
    totaal = 0
    try:
        ruw, totaal = _lees_ruw(pad, peildata)
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
    if peildata and not problemen and len(df) and naam == "polis":
        df = _filter_peildata(df, peildata)  # CSV, or parquet read whole: same rows as the parquet filter
    return df, problemen, totaal


def lees_map(map: Path | str, tabellen: list[str] | None = None, valideer: bool = True,
             polis_peildata=None) -> Dataset:
    """Read a data directory, check it against the contract and return a :class:`Dataset`.

    ``tabellen``: the tables a report needs (default: all that are present; the required ones must
    be). ``polis_peildata``: read only the opgaven whose tijdvak contains one of these dates (a report
    that counts on peildata needs no more; at national scale the polis has tens of millions of rows);
    the others are accounted for in the reconciliation. The checks then apply to the rows read;
    ``banenafspraak valideer`` checks everything. Raises :class:`ContractError` with every problem.
    """
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
        peil = polis_peildata if naam == "polis" else None
        df, p, totaal = lees_tabel(naam, bestanden[naam], peil)
        rec.lees(naam, totaal if peil else len(df))
        if peil:
            rec.laat_weg(naam, "tijdvak bevat geen peildatum van dit rapport (niet ingelezen)", totaal - len(df), "inlezen")
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
