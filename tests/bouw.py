"""Builder of small hand-made data directories in the contract, for hand-worked tests.

Every table starts empty; tests add exactly the rows of their worked example. ``schrijf`` writes a
valid directory (CSV by default) with meta.yaml and the shipped gemeente_regio reference. A worked
example means "these are all the opgaven since 2012": meta.yaml declares that the polis begins on
1 January 2012 (``polis_van``; earlier when an opgave is), so the nulmeting of December 2012 counts
0 where nobody worked then; the polis ends with its last opgave unless ``periode`` says otherwise.
"""
from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from banenafspraak import parameters
from banenafspraak.contract import TABELLEN

GEMEENTE = "GM0363"  # Amsterdam, AM18 Groot Amsterdam in the shipped reference (CBS codes)
POLIS_VAN = "2012-01-01"  # the start of the polis a hand-made directory declares by default
STANDAARD = object()


def maand(jaar: int, m: int) -> tuple[str, str]:
    return dt.date(jaar, m, 1).isoformat(), dt.date(jaar, m, calendar.monthrange(jaar, m)[1]).isoformat()


class Bouw:
    def __init__(self):
        self.rijen: dict[str, list[dict]] = {n: [] for n in TABELLEN if n != "gemeente_regio"}
        self._wg: set[tuple[str, int]] = set()

    def persoon(self, pid, geboren="1980-05-01", geslacht="V", overleden=None, emigratie=None, gemeente=GEMEENTE):
        self.rijen["persoon"].append(dict(persoon_id=pid, geboortedatum=geboren, geslacht=geslacht,
                                          overlijdensdatum=overleden, emigratiedatum=emigratie))
        if gemeente:
            self.rijen["woonplaats"].append(dict(persoon_id=pid, gemeentecode=gemeente, begin=geboren, einde=None))
        return self

    def registratie(self, pid, grondslag, begin="2010-01-01", einde=None, criteria_einde=None, reden=None):
        self.rijen["doelgroepregister"].append(dict(persoon_id=pid, grondslag=grondslag, registratie_begin=begin,
                                                    registratie_einde=einde, criteria_einde=criteria_einde,
                                                    reden_einde=reden))
        return self

    def werkgever(self, wid, jaar, sector="01", totaal=100000.0, ufo=0.0, uitlener=False, fiscaal=None):
        if (wid, jaar) not in self._wg:
            self._wg.add((wid, jaar))
            self.rijen["werkgever"].append(dict(werkgever_id=wid, jaar=jaar, fiscaal_nummer=fiscaal or f"F{wid}",
                                                wfsv_sector=sector, verloonde_uren_totaal=totaal,
                                                verloonde_uren_ufo=ufo, uitlener=uitlener))
        return self

    def opgave(self, pid, ikv, wid, begin, einde, uren, loon=None, tijdvak="MAAND", ikv_begin="2012-01-01",
               ikv_einde=None, contract="O", aard="01", soort_baan="9", sector="01", ufo=0.0):
        jaar = int(str(einde)[:4])
        self.werkgever(wid, jaar, sector=sector, ufo=ufo)
        self.rijen["polis"].append(dict(
            persoon_id=pid, ikv_id=ikv, werkgever_id=wid, opgave_begin=begin, opgave_einde=einde,
            tijdvak_type=tijdvak, verloonde_uren=uren, sv_loon=uren * 15.0 if loon is None else loon,
            ikv_begin=ikv_begin, ikv_einde=ikv_einde, contractsoort=contract, aard_arbeidsverhouding=aard,
            soort_baan=soort_baan))
        return self

    def maand_opgave(self, pid, ikv, wid, jaar, m, uren, **kw):
        b, e = maand(jaar, m)
        return self.opgave(pid, ikv, wid, b, e, uren, **kw)

    def uitkering(self, pid, regeling, begin, einde=None, arbeidsvermogen=None):
        self.rijen["uitkering"].append(dict(persoon_id=pid, regeling=regeling, begin=begin, einde=einde,
                                            arbeidsvermogen=arbeidsvermogen))
        return self

    def beschut(self, pid, aanvraag, advies="POSITIEF", adviesdatum=None, aanvrager="GEMEENTE", gemeente=GEMEENTE,
                indicatie_einde=None):
        """An aanvraag advies beschut werk (RULES.md §11); the advies a month after the aanvraag by default."""
        if adviesdatum is None:
            adviesdatum = (pd.Timestamp(aanvraag) + pd.DateOffset(months=1)).date().isoformat()
        self.rijen["beschut_werk"].append(dict(persoon_id=pid, aanvraagdatum=aanvraag, aanvrager=aanvrager, advies=advies,
                                               adviesdatum=adviesdatum, gemeentecode=gemeente,
                                               indicatie_einde=indicatie_einde))
        return self

    def frames(self) -> dict[str, pd.DataFrame]:
        def kolommen(n, r):  # the contract's columns, then optional ones a test set (polis.verwerkingsdatum)
            extra = [k for k in dict.fromkeys(k for rij in r for k in rij) if k not in TABELLEN[n].kolomnamen]
            return [*TABELLEN[n].kolomnamen, *extra]

        return {n: pd.DataFrame(r, columns=kolommen(n, r)) for n, r in self.rijen.items()}

    def periode(self) -> tuple[str, None]:
        """(:data:`POLIS_VAN`, or 1 January of the first opgave's year when earlier; no end)."""
        van = min([POLIS_VAN] + [f"{str(r['opgave_begin'])[:4]}-01-01" for r in self.rijen["polis"]])
        return van, None

    def schrijf(self, map: Path, formaat: str = "csv", schaal: float = 1.0, periode=STANDAARD) -> Path:
        """Write the directory; ``periode``: the (polis_van, polis_tot) meta.yaml declares, either may be
        None (default :meth:`periode`; None: neither, the period of the opgaven applies)."""
        map = Path(map)
        map.mkdir(parents=True, exist_ok=True)
        for naam, df in self.frames().items():
            if naam in ("beschut_taakstelling", "inleen_overdracht") and df.empty:
                continue  # an optional reference: a report reads it when it is there
            if formaat == "csv":
                df.to_csv(map / f"{naam}.csv", index=False)
            else:
                df.to_parquet(map / f"{naam}.parquet", index=False)
        meta = {"bron": "synthetisch", "schaal": schaal, "aangemaakt": "2026-01-01", "omschrijving": "testdata"}
        periode = self.periode() if periode is STANDAARD else periode
        for sleutel, d in zip(("polis_van", "polis_tot"), periode or (None, None)):
            if d is not None:
                meta[sleutel] = d
        (map / "meta.yaml").write_text(yaml.safe_dump(meta))
        return map


def basis() -> Bouw:
    """Three persons, one job each, December 2023, all valid."""
    b = Bouw()
    for i, g in enumerate(["WAJONG_OUD", "PW_INDICATIE", "WSW_BEGELEID_WERK"], start=1):
        b.persoon(f"P{i:03d}").registratie(f"P{i:03d}", g)
        b.maand_opgave(f"P{i:03d}", f"IKV{i}", "WG01", 2023, 12, 100.0)
    return b


def getypeerd(b: "Bouw", map, datums: bool = True, **schrijf):
    """The directory as a national delivery would be: parquet files with their own column types (dates
    as calendar dates, as the generator writes them; ``datums=False``: as timestamps), from the tables
    as ``lees_map`` reads them."""
    from banenafspraak.loading import lees_map

    ds = lees_map(b.schrijf(map / "csv", **schrijf))
    for naam, df in ds.tabellen.items():
        if naam != "gemeente_regio":
            t = pa.Table.from_pandas(df, preserve_index=False)
            if datums:
                t = t.cast(pa.schema([pa.field(f.name, pa.date32()) if pa.types.is_timestamp(f.type) else f
                                      for f in t.schema]))
            pq.write_table(t, map / f"{naam}.parquet")
    shutil.copy(map / "csv" / "meta.yaml", map / "meta.yaml")
    shutil.rmtree(map / "csv")
    return map


def gewijzigd(monkeypatch, naam: str, waarden: dict):
    """Replace the dated values of one parameter for the duration of a test (a rule change)."""
    alle = dict(parameters.alle_parameters())
    oud = alle[naam]
    alle[naam] = parameters.Parameter(naam, oud.description, oud.unit, tuple(
        parameters.Waarde(dt.date.fromisoformat(d), v, "test") for d, v in sorted(waarden.items())))
    monkeypatch.setattr(parameters, "alle_parameters", lambda: alle)
