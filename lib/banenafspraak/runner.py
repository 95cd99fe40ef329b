"""Running a report notebook with papermill into a run folder (DATA_CONTRACT.md "Running", "Output").

``run_rapport`` checks the parameters against the notebook's ``parameters`` cell (papermill only
warns about unknown names; here they are an error), executes the notebook into a hidden work
folder, renders HTML without code, writes ``tables.xlsx`` with a cover sheet and ``run.json``, and
only then renames the folder to its run id. A failed run is renamed ``<run-id>.mislukt`` and has no
``run.json``, so it never looks complete.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import yaml

from . import paths
from .loading import data_vingerafdruk, lees_meta
from .rapport import RAPPORT_META, RECONCILIATIE, TABELLEN_META

RUNNER_PARAMETERS = ("uitvoer_map",)  # injected by the runner, not settable by users
PAKKETTEN = ("banenafspraak", "pandas", "numpy", "pyarrow", "duckdb", "pandera", "papermill", "nbconvert",
             "statsmodels", "matplotlib", "seaborn", "openpyxl", "pyyaml")
KERNEL = "python3"


class RunError(Exception):
    """A report run that cannot start or did not finish; the message says why."""


def rapport_naar_notebook(rapport: str) -> str:
    return rapport.replace("-", "_")


def beschikbare_rapporten(notebooks_map: Path | None = None) -> list[str]:
    nbmap = notebooks_map or paths.notebooks_dir()
    return sorted(p.stem.replace("_", "-") for p in nbmap.glob("*.ipynb") if not p.name.startswith("_"))


def notebook_pad(rapport: str, notebooks_map: Path | None = None) -> Path:
    """The notebook of a report name (``landelijke-monitor`` -> ``notebooks/landelijke_monitor.ipynb``)."""
    nbmap = notebooks_map or paths.notebooks_dir()
    pad = nbmap / f"{rapport_naar_notebook(rapport)}.ipynb"
    if not pad.exists():
        bekend = beschikbare_rapporten(nbmap)
        close = difflib.get_close_matches(rapport, bekend, n=2)
        hint = f" Bedoelde u {' of '.join(close)}?" if close else ""
        raise RunError(f"onbekend rapport {rapport!r}; beschikbaar: {', '.join(bekend) or '(geen)'}.{hint}")
    return pad


def notebook_parameters(pad: Path) -> dict:
    """Names and defaults of the notebook's ``parameters`` cell."""
    import papermill as pm

    info = pm.inspect_notebook(str(pad))
    if not info:
        raise RunError(f"{pad.name} heeft geen cel met de tag 'parameters'")
    result = {}
    for naam, spec in info.items():
        try:
            result[naam] = yaml.safe_load(spec["default"]) if spec["default"] not in (None, "") else None
        except yaml.YAMLError:
            result[naam] = spec["default"]
        if spec["default"] == "None":
            result[naam] = None
    return result


def parse_p(paren: list[str]) -> dict:
    """``-p naam=waarde`` pairs; values are read as YAML scalars (2023 -> int, 0.5 -> float)."""
    result = {}
    for paar in paren or []:
        if "=" not in paar:
            raise RunError(f"-p {paar!r}: verwacht naam=waarde")
        naam, waarde = paar.split("=", 1)
        naam = naam.strip()
        try:
            result[naam] = yaml.safe_load(waarde) if waarde.strip() else None
        except yaml.YAMLError:
            result[naam] = waarde
        if isinstance(result[naam], (dt.date, dt.datetime)):
            result[naam] = waarde.strip()  # papermill passes no dates; the notebook parses them
    return result


def lees_params_bestand(pad: Path | str) -> dict:
    pad = Path(pad)
    if not pad.exists():
        raise RunError(f"parameterbestand {pad} bestaat niet")
    data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise RunError(f"{pad}: verwacht naam: waarde per regel")
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in data.items()}


def controleer_parameters(gegeven: dict, defaults: dict, rapport: str) -> dict:
    """Reject unknown or misspelled names and values of the wrong type."""
    fouten = []
    for naam, waarde in gegeven.items():
        if naam in RUNNER_PARAMETERS:
            fouten.append(f"parameter {naam!r} zet de runner zelf (gebruik --uit voor de uitvoermap)")
            continue
        if naam not in defaults:
            close = difflib.get_close_matches(naam, [d for d in defaults if d not in RUNNER_PARAMETERS], n=2)
            hint = f" (bedoelde u {' of '.join(close)}?)" if close else ""
            fouten.append(f"onbekende parameter {naam!r} voor {rapport}{hint}; bekend: "
                          f"{', '.join(d for d in defaults if d not in RUNNER_PARAMETERS)}")
            continue
        standaard = defaults[naam]
        if standaard is None or waarde is None:
            continue
        if isinstance(standaard, bool) and not isinstance(waarde, bool):
            fouten.append(f"parameter {naam!r} verwacht true/false, kreeg {waarde!r}")
        elif isinstance(standaard, int) and not isinstance(standaard, bool) and not (
                isinstance(waarde, int) and not isinstance(waarde, bool)):
            fouten.append(f"parameter {naam!r} verwacht een geheel getal, kreeg {waarde!r}")
        elif isinstance(standaard, float) and not isinstance(waarde, (int, float)):
            fouten.append(f"parameter {naam!r} verwacht een getal, kreeg {waarde!r}")
        elif isinstance(standaard, str) and not isinstance(waarde, str):
            gegeven[naam] = str(waarde)
        elif isinstance(standaard, list) and not isinstance(waarde, list):
            fouten.append(f"parameter {naam!r} verwacht een lijst, kreeg {waarde!r}")
    if fouten:
        raise RunError("; ".join(fouten))
    return {**defaults, **gegeven}


def _git_info() -> dict:
    root = paths.project_root()
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, check=True).stdout.strip()
        return {"git_commit": commit, "git_dirty": bool(status)}
    except (OSError, subprocess.CalledProcessError):
        return {"git_commit": None, "git_dirty": None}


def _versies() -> dict:
    result = {"python": sys.version.split()[0]}
    for p in PAKKETTEN:
        try:
            result[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            result[p] = None
    return result


def run_id(parameters: dict) -> str:
    h = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:6]
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S") + f"-{h}"


def schrijf_html(notebook: Path, html: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    html.write_text(body, encoding="utf-8")


def schrijf_xlsx(run_map: Path, info: dict, meta: dict) -> Path | None:
    """All tables in one workbook: a cover sheet (title, source, peildatum, definitions), then one sheet a table."""
    import pandas as pd

    tab_meta = json.loads((run_map / TABELLEN_META).read_text(encoding="utf-8")) if (run_map / TABELLEN_META).exists() else {"tabellen": []}
    tabellen = tab_meta["tabellen"]
    if not tabellen:
        return None
    regels = [
        ("Titel", info.get("titel", info.get("rapport", ""))),
        ("Bron", info.get("bron", "Doelgroepregister banenafspraak (UWV), Polisadministratie, BRP")),
        ("Gegevens", f"{meta.get('bron', 'onbekend')} - {meta.get('omschrijving', '')}".strip(" -")),
        ("Peildatum", info.get("peildatum", "")),
    ]
    if meta.get("bron") == "synthetisch":
        regels.append(("Let op", "SYNTHETISCHE DATA: geen echte personen; cijfers lijken op de werkelijkheid maar zijn het niet."))
    if not info.get("publiceerbaar", True):
        regels.append(("Let op", "NIET VOOR PUBLICATIE: onderdrukking van kleine aantallen staat uit (min_cel = 0)."))
    else:
        regels.append(("Onthulling", f"Aantallen personen kleiner dan {info.get('min_cel')} (en cijfers die daaruit "
                                     f"volgen) zijn onderdrukt en als '*' getoond."))
    for k, v in (info.get("definities") or {}).items():
        regels.append((f"Definitie: {k}", v))
    regels.append(("", ""))
    regels.append(("Tabellen", ""))
    for t in tabellen:
        regels.append((t["naam"], f"{t['titel']}. {t.get('toelichting', '')}".strip()))
    pad = run_map / "tables.xlsx"
    with pd.ExcelWriter(pad, engine="openpyxl") as xw:
        pd.DataFrame(regels, columns=["", "Toelichting"]).to_excel(xw, sheet_name="Toelichting", index=False)
        for t in tabellen:
            csv = run_map / "tables" / f"{t['naam']}.csv"
            if csv.exists():
                df = pd.read_csv(csv, dtype={c: str for c in ("regio", "categorie", "sector")}, keep_default_na=False,
                                 na_values=[""])
                df = df.astype(object).where(df.notna(), "*") if info.get("publiceerbaar", True) else df
                df.to_excel(xw, sheet_name=t["naam"][:31], index=False)
    return pad


def standaard_data_map() -> Path:
    """The embedded synthetic data, generated on first use."""
    from .synth import zorg_voor_standaarddata  # local import: generator is heavy

    return zorg_voor_standaarddata()


def run_rapport(rapport: str, params_file: str | Path | None = None, overrides: dict | None = None,
                uit: str | Path | None = None, notebooks_map: Path | None = None, log=print) -> Path:
    """Execute report ``rapport`` and return its finished run folder."""
    import papermill as pm

    start = dt.datetime.now().astimezone()
    if rapport.endswith(".ipynb"):  # a notebook path: an ad-hoc report outside notebooks/
        nb = Path(rapport).resolve()
        if not nb.exists():
            raise RunError(f"notebook {rapport} bestaat niet")
        rapport = nb.stem.replace("_", "-")
    else:
        nb = notebook_pad(rapport, notebooks_map)
    defaults = notebook_parameters(nb)
    gegeven = {}
    if params_file:
        gegeven.update(lees_params_bestand(params_file))
    gegeven.update(overrides or {})
    parameters = controleer_parameters(dict(gegeven), defaults, rapport)
    if "data_dir" in parameters:
        if not parameters.get("data_dir"):
            parameters["data_dir"] = str(standaard_data_map())
        parameters["data_dir"] = str(Path(parameters["data_dir"]).resolve())
        if not Path(parameters["data_dir"]).is_dir():
            raise RunError(f"data_dir {parameters['data_dir']} bestaat niet")
    rid = run_id(parameters)
    basis = Path(uit) if uit else paths.outputs_dir() / rapport
    basis.mkdir(parents=True, exist_ok=True)
    werk = basis / f".{rid}.bezig"
    if werk.exists():
        shutil.rmtree(werk)
    werk.mkdir(parents=True)
    parameters_nb = {**{k: v for k, v in parameters.items() if k not in RUNNER_PARAMETERS}}
    if "uitvoer_map" in defaults:
        parameters_nb["uitvoer_map"] = str(werk.resolve())
    log(f"rapport {rapport}: run {rid} -> {basis / rid}")
    env_root = os.environ.get("BANENAFSPRAAK_ROOT")
    os.environ["BANENAFSPRAAK_ROOT"] = str(paths.project_root())
    try:
        pm.execute_notebook(str(nb), str(werk / f"{rapport}.ipynb"), parameters=parameters_nb, kernel_name=KERNEL,
                            cwd=str(nb.parent), progress_bar=sys.stderr.isatty(), log_output=False)
        log("notebook uitgevoerd; HTML, xlsx en run.json schrijven")
        schrijf_html(werk / f"{rapport}.ipynb", werk / f"{rapport}.html")
        info = json.loads((werk / RAPPORT_META).read_text(encoding="utf-8")) if (werk / RAPPORT_META).exists() else {"rapport": rapport}
        data_dir = parameters.get("data_dir")
        meta = lees_meta(Path(data_dir))[0] if data_dir else {}
        schrijf_xlsx(werk, info, meta)
        rec = json.loads((werk / RECONCILIATIE).read_text(encoding="utf-8")) if (werk / RECONCILIATIE).exists() else None
        einde = dt.datetime.now().astimezone()
        run_json = {
            "rapport": rapport,
            "run_id": rid,
            "status": "voltooid",
            "parameters": parameters,
            "notebook": str(nb.relative_to(paths.project_root())) if nb.is_relative_to(paths.project_root()) else str(nb),
            "data": {"map": data_dir, "vingerafdruk": data_vingerafdruk(data_dir) if data_dir else {}, "meta": meta},
            "code": {**_git_info(), "versie": _versies().get("banenafspraak")},
            "pakketten": _versies(),
            "start": start.isoformat(timespec="seconds"),
            "einde": einde.isoformat(timespec="seconds"),
            "duur_s": round((einde - start).total_seconds(), 1),
            "rapport_info": info,
            "reconciliatie": rec,
            "tabellen": sorted(p.name for p in (werk / "tables").glob("*.csv")) if (werk / "tables").exists() else [],
            "figuren": sorted(p.name for p in (werk / "figures").glob("*.png")) if (werk / "figures").exists() else [],
        }
        (werk / "run.json").write_text(json.dumps(run_json, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    except BaseException as e:
        mislukt = basis / f"{rid}.mislukt"
        if mislukt.exists():
            shutil.rmtree(mislukt)
        werk.rename(mislukt)
        (mislukt / "fout.txt").write_text(f"{type(e).__name__}: {e}\n", encoding="utf-8")
        if isinstance(e, pm.PapermillExecutionError):
            raise RunError(f"rapport {rapport} mislukt in cel {e.exec_count}: {e.ename}: {e.evalue}\n"
                           f"(uitgevoerd notebook: {mislukt / f'{rapport}.ipynb'})") from None
        if isinstance(e, (KeyboardInterrupt, RunError)):
            raise
        raise RunError(f"rapport {rapport} mislukt: {type(e).__name__}: {e}") from None
    finally:
        if env_root is None:
            os.environ.pop("BANENAFSPRAAK_ROOT", None)
        else:
            os.environ["BANENAFSPRAAK_ROOT"] = env_root
    klaar = basis / rid
    werk.rename(klaar)
    log(f"klaar: {klaar}")
    return klaar
