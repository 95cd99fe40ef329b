"""Dated rule parameters (rules as code).

Every constant of a counting rule lives in a YAML file in ``parameters/``, keyed by the date from
which it applies and carrying its source (README "Decisions (RULES.md "decision"), as parameters"; docs/PARAMETERS.md).
The value that applies on a date is the one with the latest key on or before that date; a ``null``
value ends the previous one. Look a value up with::

    parameter("banen.uren_per_maand", peildatum)

``name`` is ``<file>.<key>``. Asking for a date before the first key is an error, never a silent
default.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["ParameterError", "Parameter", "parameter", "parameter_per_datum", "parameter_waarden", "alle_parameters",
           "as_date"]


class ParameterError(KeyError):
    """Unknown parameter, malformed parameter file, or a date before the parameter's first value."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Waarde:
    vanaf: dt.date
    value: Any
    source: str


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str | None
    values: tuple[Waarde, ...]  # sorted by vanaf

    def at(self, datum) -> Any:
        d = as_date(datum)
        gekozen = None
        for w in self.values:
            if w.vanaf <= d:
                gekozen = w
            else:
                break
        if gekozen is None:
            raise ParameterError(
                f"parameter {self.name!r} heeft geen waarde op {d.isoformat()}: "
                f"de eerste waarde geldt vanaf {self.values[0].vanaf.isoformat()}"
            )
        return gekozen.value

    def source_at(self, datum) -> str:
        d = as_date(datum)
        return [w for w in self.values if w.vanaf <= d][-1].source


def as_date(x) -> dt.date:
    """A date, datetime, pandas Timestamp, ISO string (JJJJ-MM-DD) or year (31 December), read by
    :func:`banenafspraak.dates.lees_datum`; anything else is a :class:`ParameterError`."""
    from .dates import DatumError, lees_datum  # dates imports this module

    try:
        return lees_datum(x)
    except DatumError as e:
        raise ParameterError(str(e)) from None


def _parse_file(bestand: str, tekst: str) -> dict[str, Parameter]:
    data = yaml.safe_load(tekst) or {}
    result: dict[str, Parameter] = {}
    prefix = bestand.removesuffix(".yaml")
    for key, spec in data.items():
        if key.startswith("_"):
            continue  # YAML anchors / shared sources
        name = f"{prefix}.{key}"
        if not isinstance(spec, dict) or "values" not in spec or "description" not in spec:
            raise ParameterError(f"{bestand}: parameter {key!r} mist 'description' of 'values'")
        waarden = []
        for vanaf, item in spec["values"].items():
            if not isinstance(vanaf, dt.date):
                raise ParameterError(f"{bestand}: {key}: sleutel {vanaf!r} is geen datum JJJJ-MM-DD")
            if not isinstance(item, dict) or "value" not in item or not item.get("source"):
                raise ParameterError(f"{bestand}: {key} vanaf {vanaf}: elke waarde heeft 'value' en 'source'")
            waarden.append(Waarde(vanaf, item["value"], str(item["source"])))
        if not waarden:
            raise ParameterError(f"{bestand}: parameter {key!r} heeft geen waarden")
        waarden.sort(key=lambda w: w.vanaf)
        result[name] = Parameter(name, str(spec["description"]).strip(), spec.get("unit"), tuple(waarden))
    return result


@lru_cache(maxsize=1)
def alle_parameters() -> dict[str, Parameter]:
    """All parameters of all files in ``parameters/``, by name."""
    result: dict[str, Parameter] = {}
    root = resources.files("banenafspraak") / "parameters"
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            result.update(_parse_file(entry.name, entry.read_text(encoding="utf-8")))
    return result


def _get(name: str) -> Parameter:
    params = alle_parameters()
    if name not in params:
        close = difflib.get_close_matches(name, params.keys(), n=3)
        hint = f"; bedoelde u {', '.join(close)}?" if close else ""
        raise ParameterError(f"onbekende parameter {name!r}{hint}")
    return params[name]


def parameter(name: str, datum) -> Any:
    """The value of parameter ``name`` that applies on ``datum`` (latest key on or before it)."""
    return _get(name).at(datum)


def parameter_per_datum(name: str, datums):
    """The value of parameter ``name`` on each of ``datums`` (a Series or array of dates; null dates give
    None): the vectorised :func:`parameter`, for a rule that applies on a date per row (the criteria
    end of a registration, the tijdvak of an opgave). A non-null date before the first value is an
    error, as in :func:`parameter`. Returns an object array in the order of ``datums``."""
    import numpy as np
    import pandas as pd

    p = _get(name)
    d = pd.to_datetime(pd.Series(np.asarray(datums))).to_numpy(dtype="datetime64[s]")
    vanaf = np.array([np.datetime64(w.vanaf, "s") for w in p.values])
    idx = np.searchsorted(vanaf, d, side="right") - 1
    leeg = np.isnat(d)
    if ((idx < 0) & ~leeg).any():
        p.at(pd.Timestamp(d[(idx < 0) & ~leeg].min()))  # raises the usual ParameterError
    waarden = np.empty(len(p.values), dtype=object)
    for i, w in enumerate(p.values):
        waarden[i] = w.value
    uit = waarden[np.maximum(idx, 0)]
    uit[leeg] = None
    return uit


def parameter_waarden(name: str) -> Parameter:
    """The whole dated series of a parameter (for tables over years and for documentation)."""
    return _get(name)


def als_markdown() -> str:
    """The parameter documentation (docs/PARAMETERS.md), generated from the YAML files."""
    regels = ["# Dated rule parameters", "",
              "Generated from `lib/banenafspraak/parameters/*.yaml` by `banenafspraak parameters --markdown`;",
              "do not edit by hand. A value applies from its date until the next one; `None` means no value.", ""]
    huidig = None
    for naam, p in alle_parameters().items():
        bestand = naam.split(".")[0]
        if bestand != huidig:
            regels += [f"## {bestand}", ""]
            huidig = bestand
        eenheid = f" ({p.unit})" if p.unit else ""
        regels += [f"### `{naam}`{eenheid}", "", p.description, "", "| vanaf | waarde | bron |", "|---|---|---|"]
        for w in p.values:
            regels.append(f"| {w.vanaf.isoformat()} | {w.value!r} | {w.source} |")
        regels.append("")
    return "\n".join(regels)
