"""Running a report notebook with papermill into a run folder (DATA_CONTRACT.md "Running", "Output").

``run_rapport`` checks the parameters against the notebook's ``parameters`` cell (papermill only
warns about unknown names; here they are an error), executes the notebook into a hidden work
folder, renders HTML without code, writes ``tables.xlsx`` with a cover sheet and ``run.json``, and
only then renames the folder to its run id. A failed run is renamed ``<run-id>.mislukt`` and has no
``run.json``, so it never looks complete; so is a run stopped by Ctrl-C, SIGTERM or SIGHUP. Run ids
carry a random part and the work folder is claimed atomically, so concurrent runs never touch each
other's folders. The work folder records its process (``proces.json``); a folder whose process is gone
(SIGKILL, a crash) is reported by the next run and cleaned by ``banenafspraak opruimen``
(:func:`ruim_op`).

The console shows progress, not the kernel's own messages: papermill's progress bar when stderr is a
terminal, otherwise one line per step. What the kernel process itself writes (its log, e.g. "Kernel
is running over TCP without encryption" or "KeyboardInterrupt caught in kernel" when jupyter_client
interrupts it at shutdown) goes to ``kernel.log`` in the work folder, which is kept only in a
``.mislukt`` folder; the connection to the kernel is encrypted (CurveZMQ) when pyzmq and the
kernelspec support it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import errno
import hashlib
import io
import json
import logging
import os
import secrets
import shutil
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from . import paths
from .loading import data_vingerafdruk, lees_meta
from .rapport import RAPPORT_META, RECONCILIATIE, TABELLEN_META

RUNNER_PARAMETERS = ("uitvoer_map",)  # injected by the runner, not settable by users
HTML_VERBORGEN = ("nbval-check-output", "verberg-in-html")  # cell tags left out of the HTML (input and output)
KERNEL_LOG = "kernel.log"
PAKKETTEN = ("banenafspraak", "pandas", "numpy", "pyarrow", "duckdb", "papermill", "nbconvert",
             "statsmodels", "matplotlib", "seaborn", "openpyxl", "pyyaml")
KERNEL = "python3"
PROCES = "proces.json"      # in a work folder while its run lives: pid, host and start of the process
FOUT = "fout.txt"           # in a .mislukt folder: what went wrong
VERWEESD_ZONDER_PROCES = 3600  # seconds: a work folder without PROCES (an older version) older than this is stale
SIGNALEN = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))  # stop a run like Ctrl-C


class RunError(Exception):
    """A report run that cannot start or did not finish; the message says why."""


class RunAfgebroken(KeyboardInterrupt):
    """A run stopped by Ctrl-C (SIGINT) or by a signal that ends the process (SIGTERM: a killed job, a
    shutdown; SIGHUP: a closed terminal). A KeyboardInterrupt, so it stops ``run alle`` too;
    ``signum`` gives the exit code 128 + signum."""

    def __init__(self, tekst: str, signum: int = signal.SIGINT):
        super().__init__(tekst)
        self.signum = int(signum)


def rapport_naar_notebook(rapport: str) -> str:
    return rapport.replace("-", "_")


def _notebooks_map(notebooks_map: Path | None) -> Path:
    if notebooks_map is not None:
        return notebooks_map
    try:
        return paths.notebooks_dir()
    except paths.ProjectRootError as e:
        raise RunError(str(e)) from None


def beschikbare_rapporten(notebooks_map: Path | None = None) -> list[str]:
    nbmap = _notebooks_map(notebooks_map)
    return sorted(p.stem.replace("_", "-") for p in nbmap.glob("*.ipynb") if not p.name.startswith("_"))


def notebook_pad(rapport: str, notebooks_map: Path | None = None) -> Path:
    """The notebook of a report name (``landelijke-monitor`` -> ``notebooks/landelijke_monitor.ipynb``)."""
    nbmap = _notebooks_map(notebooks_map)
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
    """A ``--params`` file: a YAML mapping ``naam: waarde``. A missing or unreadable file, invalid YAML
    or another structure (a list, a single value) is a :class:`RunError` of one line."""
    pad = Path(pad)
    if not pad.exists():
        raise RunError(f"parameterbestand {pad} bestaat niet")
    if pad.is_dir():
        raise RunError(f"parameterbestand {pad} is een map, geen bestand")
    try:
        tekst = pad.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RunError(f"parameterbestand {pad} is geen tekstbestand in UTF-8") from None
    except OSError as e:
        raise RunError(f"parameterbestand {pad} is niet te lezen: {e.strerror or e}") from None
    try:
        data = yaml.safe_load(tekst)
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        waar = f" (regel {plek.line + 1}, kolom {plek.column + 1})" if plek is not None else ""
        wat = " ".join(str(getattr(e, "problem", None) or e).split())
        raise RunError(f"parameterbestand {pad} is geen geldige YAML{waar}: {wat}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RunError(f"parameterbestand {pad}: verwacht 'naam: waarde' per regel, niet een {_yaml_soort(data)}")
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in data.items()}


def _yaml_soort(x) -> str:
    return "lijst" if isinstance(x, list) else "tekst" if isinstance(x, str) else "getal" if isinstance(
        x, (int, float)) else type(x).__name__


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
    if gegeven.get("min_cel") is not None and "min_cel" in defaults:
        from .disclosure import controleer_min_cel  # the one rule for a threshold, also used at publication

        try:
            controleer_min_cel(gegeven["min_cel"])
        except ValueError as e:
            fouten.append(f"parameter 'min_cel': {e} (0 zet de onderdrukking uit)")
    if fouten:
        raise RunError("; ".join(fouten))
    return {**defaults, **gegeven}


def _controleer_monitor(parameters: dict) -> None:
    """The landelijke monitor counts from the nulmeting's year through the last year of the data."""
    from .loading import laatste_datum
    from .monitor import controleer_jaar

    jaar = parameters.get("jaar")
    if not isinstance(jaar, int) or isinstance(jaar, bool):
        return
    data_dir = parameters.get("data_dir")
    try:
        controleer_jaar(jaar, laatste_datum(data_dir) if data_dir else None)
    except ValueError as e:
        raise RunError(f"landelijke-monitor: {e}") from None


def _controleer_kalibratie(parameters: dict) -> None:
    """The calibration report runs on synthetic data only (:func:`kalibratie.controleer_synthetisch`)."""
    from .kalibratie import NietSynthetischError, controleer_synthetisch

    data_dir = parameters.get("data_dir")
    if not data_dir:
        return
    meta, problemen = lees_meta(Path(data_dir))
    if problemen:
        return  # the contract check of the run names what is wrong with meta.yaml
    try:
        controleer_synthetisch(meta, data_dir)
    except NietSynthetischError as e:
        raise RunError(str(e)) from None


def _controleer_trend(parameters: dict) -> None:
    """The trendrapportage's own parameters (RULES.md §2, §6): a quarter as 2021Q1, a region choice, the
    1-January rule, the completeness in whole months and the quarter the flows compare with."""
    from .motor import JAARGRONDSLAGEN, extractiedatum
    from .trend import NULMETING_BRONNEN, VERLOOP_VAN, kwartaalpeil

    fouten = _kwartaal_en_regio(parameters, lambda k: kwartaalpeil(k).peildatum)
    if parameters.get("jaargrondslagen") not in JAARGRONDSLAGEN:
        fouten.append(f"parameter 'jaargrondslagen': {parameters.get('jaargrondslagen')!r}; kies {', '.join(JAARGRONDSLAGEN)}")
    if parameters.get("nulmeting_bron") not in NULMETING_BRONNEN:
        fouten.append(f"parameter 'nulmeting_bron': {parameters.get('nulmeting_bron')!r}; kies {', '.join(NULMETING_BRONNEN)}")
    if parameters.get("verloop_van", "vorig_kwartaal") not in VERLOOP_VAN:
        fouten.append(f"parameter 'verloop_van': {parameters.get('verloop_van')!r}; kies {', '.join(VERLOOP_VAN)}")
    try:
        extractiedatum("2020-03-31", parameters.get("volledigheid_maanden"))
    except ValueError as e:
        fouten.append(f"parameter 'volledigheid_maanden': {e}")
    try:  # the machine setting the factsheets are drawn with, before anything is counted
        from .factsheet import beschikbare_processen

        beschikbare_processen()
    except ValueError as e:
        fouten.append(str(e))
    if fouten:
        raise RunError("trendrapportage: " + "; ".join(fouten))


def _kwartaal_en_regio(parameters: dict, peildatum_van) -> list[str]:
    """The errors of a quarterly report's ``kwartaal`` (``peildatum_van``: the report's own rule for its peildatum,
    refusing a quarter it does not cover) and ``regio`` (RULES.md §6, §11): a quarter after the data, a region that
    does not exist in the quarter's year. The region is checked only for a valid quarter."""
    from .loading import laatste_datum
    from .trend import controleer_regio, regio_keuze

    fouten = []
    try:
        p = peildatum_van(parameters.get("kwartaal"))
    except ValueError as e:
        return [f"parameter 'kwartaal': {e}"]
    data_dir = parameters.get("data_dir")
    einde = laatste_datum(data_dir) if data_dir else None
    if einde is not None and p.date() > einde:
        fouten.append(f"parameter 'kwartaal': {parameters.get('kwartaal')} eindigt na de data "
                      f"(t/m {einde.day}-{einde.month:02d}-{einde.year})")
    try:
        controleer_regio(regio_keuze(parameters.get("regio")), _gemeente_regio(data_dir), p)
    except ValueError as e:
        fouten.append(f"parameter 'regio': {e}")
    return fouten


def _gemeente_regio(data_dir):
    """The gemeente_regio a run reads: the data directory's own table, else the shipped one."""
    import pandas as pd

    from .paths import referentie_dir

    if data_dir:
        for naam in ("gemeente_regio.csv", "gemeente_regio.parquet"):
            pad = Path(data_dir) / naam
            if pad.exists():
                return pd.read_csv(pad, dtype=str) if pad.suffix == ".csv" else pd.read_parquet(pad).astype(str)
    return pd.read_csv(referentie_dir() / "gemeente_regio.csv", dtype=str)


def _controleer_beschut(parameters: dict) -> None:
    """The rapportage beschut werk's own parameters (RULES.md §11): a quarter as 2023Q1 from December 2015 through
    the data, a region choice and the completeness in whole months."""
    from .beschut import beschutpeil
    from .motor import extractiedatum

    fouten = _kwartaal_en_regio(parameters, lambda k: beschutpeil(k).peildatum)
    try:
        extractiedatum("2020-03-31", parameters.get("volledigheid_maanden"))
    except ValueError as e:
        fouten.append(f"parameter 'volledigheid_maanden': {e}")
    if fouten:
        raise RunError("beschut-werk: " + "; ".join(fouten))


def _controleer_quotum(parameters: dict) -> None:
    """The quotum report's own parameters (RULES.md §9): ``jaar`` from 2018 (S3 Q68) through the data, ``quotumpercentage``
    empty or a fraction between 0 and 1."""
    from .loading import laatste_datum

    from .quotum import eerste_heffingsjaar

    fouten = []
    jaar = parameters.get("jaar")
    eerste = eerste_heffingsjaar()
    if not isinstance(jaar, int) or isinstance(jaar, bool) or jaar < eerste:
        fouten.append(f"parameter 'jaar': {jaar!r}; de quotumheffing kan voor het eerst gelden in {eerste} (S3 Q68), "
                      f"geef een jaar vanaf {eerste}")
    else:
        data_dir = parameters.get("data_dir")
        einde = laatste_datum(data_dir) if data_dir else None
        if einde is not None and jaar > einde.year:
            fouten.append(f"parameter 'jaar': {jaar} ligt na de data (t/m {einde.year})")
    p = parameters.get("quotumpercentage")
    if p is not None and (isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p < 1):
        fouten.append(f"parameter 'quotumpercentage': {p!r}; geef een fractie tussen 0 en 1 (0.0137 voor 1,37%)")
    if fouten:
        raise RunError("quotum: " + "; ".join(fouten))


RAPPORT_CONTROLES = {"landelijke-monitor": _controleer_monitor, "quotum": _controleer_quotum, "kalibratie": _controleer_kalibratie,
                     "trendrapportage": _controleer_trend,
                     "beschut-werk": _controleer_beschut}  # checks of a report's parameters before it runs


# reports run together by one command (``banenafspraak run jaarrapporten -p jaar=2023``): per report the
# parameter that takes the group's ``jaar``
GROEPEN = {"jaarrapporten": {"landelijke-monitor": "jaar", "duurzaamheid": "cohort", "arbeidsparticipatie": "tot_jaar"}}


def groep_parameters(groep: str, gegeven: dict, notebooks_map: Path | None = None) -> dict[str, dict]:
    """Per report of ``groep`` (:data:`GROEPEN`) the parameters of its run: ``params/<rapport>.yaml``
    when there is one, then ``gegeven``: ``jaar`` becomes each report's own year parameter, every other
    parameter goes to each report whose notebook has it. A parameter that no report of the group takes
    is an error naming the known ones (as for one report)."""
    jaarparameter = GROEPEN[groep]
    defaults = {r: notebook_parameters(notebook_pad(r, notebooks_map)) for r in jaarparameter}
    bekend = (set().union(*defaults.values()) | {"jaar"}) - set(RUNNER_PARAMETERS)
    for naam in gegeven:
        if naam in RUNNER_PARAMETERS:
            raise RunError(f"parameter {naam!r} zet de runner zelf (gebruik --uit voor de uitvoermap)")
    onbekend = sorted(set(gegeven) - bekend)
    if onbekend:
        close = difflib.get_close_matches(onbekend[0], sorted(bekend), n=2)
        hint = f" (bedoelde u {' of '.join(close)}?)" if close else ""
        raise RunError(f"onbekende parameter(s) voor {groep}: {', '.join(onbekend)}{hint}; bekend: {', '.join(sorted(bekend))}")
    uit = {}
    for rapport, jaar_naam in jaarparameter.items():
        standaard = paths.params_dir() / f"{rapport}.yaml"
        parameters = lees_params_bestand(standaard) if standaard.exists() else {}
        parameters.update({k: v for k, v in gegeven.items() if k in defaults[rapport] and k != "jaar"})
        if "jaar" in gegeven:
            parameters[jaar_naam] = gegeven["jaar"]
        uit[rapport] = parameters
    return uit


def run_gelijktijdig(opdrachten: dict[str, dict], uit: str | Path | None = None, log=None) -> list[str]:
    """Run the reports of ``opdrachten`` (report -> parameters) at the same time, each in a process of
    its own (``banenafspraak run``; its own kernel, run folder and reconciliation), with the lines each
    prints prefixed by its name. Returns the reports that failed (their own ``fout:`` line said why).
    Ctrl-C or a signal stops every run; each marks its folder as failed (``<run-id>.mislukt``)."""
    import tempfile

    log = log or _meld
    with tempfile.TemporaryDirectory(prefix="banenafspraak-run-") as tmp:
        processen = {}
        for rapport, parameters in opdrachten.items():
            bestand = Path(tmp) / f"{rapport}.yaml"
            bestand.write_text(yaml.safe_dump(parameters, allow_unicode=True), encoding="utf-8")
            opdracht = [sys.executable, "-m", "banenafspraak.cli", "run", rapport, "--params", str(bestand)]
            opdracht += ["--uit", str(uit)] if uit else []
            processen[rapport] = subprocess.Popen(opdracht, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                  text=True, encoding="utf-8", errors="replace")

        def doorgeven(rapport: str, proces) -> None:
            for regel in proces.stdout:
                log(f"[{rapport}] {regel.rstrip()}")

        lezers = [threading.Thread(target=doorgeven, args=(r, p), daemon=True) for r, p in processen.items()]
        for t in lezers:
            t.start()
        try:
            codes = {r: p.wait() for r, p in processen.items()}
        except BaseException:  # Ctrl-C or a signal: every run stops and marks its folder
            for p in processen.values():
                if p.poll() is None:
                    p.send_signal(signal.SIGINT)
            for p in processen.values():
                p.wait()
            raise
        finally:
            for t in lezers:
                t.join()
    return [r for r, c in codes.items() if c != 0]


def _git_info() -> dict:
    root = paths.zoek_project_root()
    if root is None:
        return {"git_commit": None, "git_dirty": None}
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


def _nu() -> dt.datetime:
    return dt.datetime.now()


def run_id(parameters: dict) -> str:
    """``<start, to the second>-<hash of the parameters>-<random>``, e.g. ``20240131T093000-3fa2c1-8d0e``:
    sorts by start time, shows which runs had the same parameters, and the random part keeps two runs
    started in the same second with the same parameters apart (:func:`_nieuwe_werkmap` makes sure)."""
    h = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:6]
    return f"{_nu():%Y%m%dT%H%M%S}-{h}-{secrets.token_hex(2)}"


def _proces_start(pid: int) -> str | None:
    """When process ``pid`` started (Linux: field 22 of /proc/<pid>/stat), to tell a reused pid apart."""
    try:
        return Path(f"/proc/{int(pid)}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError, ValueError):
        return None


def _proces_info() -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname(), "proces_start": _proces_start(os.getpid()),
            "start": dt.datetime.now().astimezone().isoformat(timespec="seconds")}


def _leeft(info: dict) -> bool | None:
    """Whether the process of a work folder still runs: True, False, or None when this machine cannot
    tell (another host, a damaged record)."""
    if info.get("host") != socket.gethostname():
        return None
    try:
        pid = int(info["pid"])
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
    start, nu = info.get("proces_start"), _proces_start(pid)
    return not (start and nu and start != nu)  # the same pid, another process: the run's process is gone


@dataclass
class Verweesd:
    """A hidden work folder ``.<run-id>.bezig`` whose run no longer lives."""

    map: Path
    reden: str

    @property
    def run_id(self) -> str:
        return self.map.name[1:-len(".bezig")]


def verweesde_runs(basis: Path) -> list[Verweesd]:
    """The work folders in ``basis`` left by a run whose process is gone (killed with SIGKILL, power
    lost, machine crashed). A folder without ``proces.json`` (written by an older version) counts once
    it is older than an hour; one of another host is left alone (its process cannot be checked here)."""
    uit = []
    for d in sorted(Path(basis).glob(".*.bezig")) if Path(basis).is_dir() else []:
        if not d.is_dir():
            continue
        try:
            info = json.loads((d / PROCES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = None
        if isinstance(info, dict):
            if _leeft(info) is False:
                uit.append(Verweesd(d, f"proces {info.get('pid')} (gestart {info.get('start')}) bestaat niet meer"))
        else:
            try:
                leeftijd = time.time() - d.stat().st_mtime
            except OSError:
                continue
            if leeftijd > VERWEESD_ZONDER_PROCES:
                uit.append(Verweesd(d, "geen procesgegevens en ouder dan een uur"))
    return uit


def ruim_op(basis: Path, verwijder: bool = False) -> list[tuple[Path, Path | None]]:
    """Mark every stale work folder in ``basis`` as failed (``<run-id>.mislukt`` with ``fout.txt``), or
    delete it (``verwijder``). Returns (old folder, new folder or None)."""
    gedaan = []
    for v in verweesde_runs(basis):
        if verwijder:
            shutil.rmtree(v.map)
            gedaan.append((v.map, None))
            continue
        doel = v.map.with_name(f"{v.run_id}.mislukt")
        if doel.exists():
            doel = v.map.with_name(f"{v.run_id}-{secrets.token_hex(2)}.mislukt")
        v.map.rename(doel)
        (doel / PROCES).unlink(missing_ok=True)
        (doel / FOUT).write_text(f"afgebroken: {v.reden}; als mislukt gemarkeerd door 'banenafspraak opruimen' op "
                                 f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')}\n", encoding="utf-8")
        gedaan.append((v.map, doel))
    return gedaan


def _nieuwe_werkmap(basis: Path, parameters: dict) -> tuple[str, Path]:
    """Claim a fresh run id: its hidden work folder is made atomically (never reused, never removed
    here), so concurrent runs never share or delete each other's folders."""
    for _ in range(100):
        rid = run_id(parameters)
        if (basis / rid).exists() or (basis / f"{rid}.mislukt").exists():
            continue
        werk = basis / f".{rid}.bezig"
        try:
            werk.mkdir()
        except FileExistsError:
            continue
        except OSError as e:
            raise RunError(f"kan werkmap {werk} niet maken: {e.strerror or e}") from None
        try:
            (werk / PROCES).write_text(json.dumps(_proces_info()), encoding="utf-8")
        except OSError:
            pass  # without it the folder counts as stale only after an hour
        return rid, werk
    raise RunError(f"geen vrije run-id in {basis}")


@contextlib.contextmanager
def _signalen_als_afbreken():
    """While a run lives, SIGTERM and SIGHUP stop it as Ctrl-C does: the work folder becomes a
    ``.mislukt`` folder with ``fout.txt`` instead of staying behind as a hidden ``.bezig`` folder.
    Only the main thread can set signal handlers; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise RunAfgebroken(f"beëindigd door {signal.Signals(signum).name}", signum)

    oud = {s: signal.signal(s, stop) for s in SIGNALEN}
    try:
        yield
    finally:
        for s, h in oud.items():
            signal.signal(s, h)


@contextlib.contextmanager
def _signalen_uitgesteld():
    """Hold back SIGINT, SIGTERM and SIGHUP (main thread, POSIX) until the block is done."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signalen = {signal.SIGINT, *SIGNALEN}
    oud = signal.pthread_sigmask(signal.SIG_BLOCK, signalen)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, oud)


def os_fout_tekst(e: OSError) -> str:
    """One line for an error of the operating system; a full disk said in plain words."""
    wat = "schijf vol (geen ruimte meer op het apparaat)" if e.errno == errno.ENOSPC else (e.strerror or str(e))
    return f"{wat}: {e.filename}" if e.filename else wat


def _markeer_mislukt(werk: Path, basis: Path, rid: str, tekst: str) -> tuple[Path, bool]:
    """Rename a failed run's work folder to ``<run-id>.mislukt`` and write ``fout.txt``. Never raises:
    on a full disk or a vanished folder it does what it can. Returns the folder and whether fout.txt
    was written."""
    mislukt = basis / f"{rid}.mislukt"
    try:
        werk.rename(mislukt)
    except OSError:
        mislukt = werk
    with contextlib.suppress(OSError):
        (mislukt / PROCES).unlink(missing_ok=True)
    klog = mislukt / KERNEL_LOG
    with contextlib.suppress(OSError):
        if klog.exists() and klog.stat().st_size == 0:
            klog.unlink()
        elif klog.exists():
            tekst += f"meldingen van de kernel: {klog}\n"
    try:
        (mislukt / FOUT).write_text(tekst, encoding="utf-8")
        return mislukt, True
    except OSError:
        with contextlib.suppress(OSError):
            (mislukt / FOUT).unlink(missing_ok=True)  # no empty or half fout.txt
        return mislukt, False


def schrijf_html(notebook: Path, html: Path) -> None:
    """The report for readers: without code, and without the cells tagged ``nbval-check-output``
    (plain-text blocks that nbval compares) or ``verberg-in-html`` (input and output); the executed
    notebook keeps them. Language ``nl``; title: the notebook's first heading (:func:`html_titel`)."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(HTML_VERBORGEN)
    exporter = HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, language_code="nl")  # the reports are in Dutch
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata.setdefault("title", html_titel(nb) or Path(notebook).stem)  # the browser tab, not "Notebook"
    body, _ = exporter.from_notebook_node(nb)
    schrijf_bestand(html, body)


def html_titel(nb) -> str | None:
    """The text of the first level-1 heading of the notebook's markdown (the report's title)."""
    for cel in nb.cells:
        if cel.cell_type == "markdown":
            for regel in cel.source.splitlines():
                if regel.startswith("# "):
                    return regel[2:].strip()
    return None


def schrijf_bestand(pad: Path, inhoud: str | bytes) -> None:
    """Write a file of the run (text in UTF-8). On an error of the system (a full disk) the half-written
    file is removed and the error names the file: Python's own error of a failed write has no file name."""
    try:
        if isinstance(inhoud, str):
            pad.write_text(inhoud, encoding="utf-8")
        else:
            pad.write_bytes(inhoud)
    except OSError as e:
        with contextlib.suppress(OSError):
            pad.unlink(missing_ok=True)
        if not e.filename:
            e.filename = str(pad)
        raise


# --- tables.xlsx -------------------------------------------------------------------------------
# Laid out as statistical offices publish spreadsheets (the conventions of gptables, the UK
# Analysis Function's library): a cover sheet with title, source, peildatum, definitions, notes
# and a linked list of the tables; then one sheet per table with its title, peildatum and source
# above it, Dutch column labels with units, formatted numbers and an Excel table object over the
# data. gptables itself refuses a cell that holds only '*', the mark for a suppressed cell here.

DEKBLAD = "Toelichting"
ONDERDRUKT_TEKEN = "*"
NVT_TEKEN = "-"
NUMMER_FORMAAT = {"geheel": "#,##0", "decimaal1": "#,##0.0", "decimaal2": "#,##0.00", "decimaal3": "#,##0.000",
                  "procent": "0.0%", "procent2": "0.00%", "jaar": "0", "tekst": "@"}
JAAR_KOLOMMEN = {"jaar", "cohort"}
PROCENT_KOLOMMEN = {"werkbehoud", "baanbehoud", "overleving"}
STANDAARD_BRON = "Doelgroepregister banenafspraak (UWV), Polisadministratie, BRP"


def raad_formaat(naam: str, tekst: "pd.Series") -> str:
    """The format of a column without ``kolom_info``, from its name and its values (text as read)."""
    import pandas as pd

    n = naam.lower()
    gevuld = tekst.dropna().astype(str).str.strip()
    getallen = pd.to_numeric(gevuld, errors="coerce")
    code = n.endswith(("code", "_id", "nummer")) or gevuld.str.match(r"^[+-]?0\d").any()
    if getallen.isna().any() or code:
        return "tekst"
    if n in JAAR_KOLOMMEN or n.endswith("_jaar"):
        return "jaar"
    if n.startswith("aandeel") or n in PROCENT_KOLOMMEN or n.endswith("percentage"):
        return "procent"
    if (getallen == getallen.round()).all():
        return "geheel"
    return "decimaal1"


def _kolom_label(naam: str, info: dict) -> str:
    label = str(info.get("label") or naam.replace("_", " ").strip().capitalize())
    eenheid = str(info.get("eenheid") or "")
    if not eenheid and info.get("formaat") in ("procent", "procent2"):
        eenheid = "%"
    if eenheid and f"({eenheid})" not in label and not label.lower().endswith(eenheid.lower()):
        label = f"{label} ({eenheid})"  # "Banen regulier (banen)", but "Werkzame personen", not "... (personen)"
    return label


def _werkblad_tabel(csv: Path, t: dict, publiceerbaar: bool) -> dict:
    """One table as it goes into the workbook: labels, formats and the cells (numbers, '*', '-', text)."""
    import math

    import pandas as pd

    tekst = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
    kolom_info = t.get("kolom_info") or {}
    onderdrukt = t.get("onderdrukt")
    weg = {(int(i), str(k)) for i, k in onderdrukt} if onderdrukt is not None else None
    kolommen = []
    for k in tekst.columns:
        info = dict(kolom_info.get(k) or {})
        formaat = info.get("formaat") if info.get("formaat") in NUMMER_FORMAAT else raad_formaat(k, tekst[k])
        info["formaat"] = formaat
        kolommen.append({"naam": k, "label": _kolom_label(k, info), "formaat": formaat,
                         "waarden": dict(info.get("waarden") or {})})  # code -> label (the CSV keeps the code)
    labels = [c["label"] for c in kolommen]
    for c in kolommen:  # an Excel table needs unique headers
        if labels.count(c["label"]) > 1:
            c["label"] = f"{c['label']} [{c['naam']}]"
    rijen, n_weg, n_nvt = [], 0, 0
    for i, rij in enumerate(tekst.itertuples(index=False, name=None)):
        cellen = []
        for c, v in zip(kolommen, rij):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                onderdrukte_cel = (weg is None and c["formaat"] != "tekst") or (weg is not None and (i, c["naam"]) in weg)
                if onderdrukte_cel and publiceerbaar:
                    cellen.append(ONDERDRUKT_TEKEN)
                    n_weg += 1
                else:
                    cellen.append(NVT_TEKEN)
                    n_nvt += 1
            elif c["formaat"] == "tekst":
                cellen.append(c["waarden"].get(str(v), str(v)))
            else:
                try:
                    x = float(v)
                except ValueError:
                    cellen.append(str(v))
                    continue
                cellen.append(int(x) if x.is_integer() and c["formaat"] in ("geheel", "jaar") else x)
        rijen.append(cellen)
    return {"kolommen": kolommen, "rijen": rijen, "onderdrukt": n_weg, "nvt": n_nvt}


def schrijf_xlsx(run_map: Path, info: dict, meta: dict) -> Path | None:
    """All tables in one workbook: a cover sheet (title, source, peildatum, definitions, notes and
    links to the tables), then one sheet per table with title, peildatum and source above a
    formatted Excel table. A table with a peildatum of its own (``info['peildata'][naam]``) shows
    that one."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink
    from openpyxl.worksheet.table import Table, TableStyleInfo

    tab_meta = json.loads((run_map / TABELLEN_META).read_text(encoding="utf-8")) if (run_map / TABELLEN_META).exists() else {"tabellen": []}
    publiceerbaar = bool(info.get("publiceerbaar", True))
    tabellen = []
    intern = {str(x) for x in info.get("intern") or []}  # internal tables: only their CSV (employer letters)
    for t in tab_meta["tabellen"]:
        csv = run_map / "tables" / f"{t['naam']}.csv"
        if csv.exists() and t["naam"] not in intern:
            tabellen.append((t, _werkblad_tabel(csv, t, publiceerbaar)))
    if not tabellen:
        return None

    titel = str(info.get("titel") or info.get("rapport") or "")
    bron = str(info.get("bron") or STANDAARD_BRON)
    peildatum = str(info.get("peildatum") or "")
    gegevens = f"{meta.get('bron', 'onbekend')} - {meta.get('omschrijving', '')}".strip(" -")
    synthetisch = meta.get("bron") == "synthetisch"
    noot_synthetisch = "SYNTHETISCHE DATA: geen echte personen; cijfers lijken op de werkelijkheid maar zijn het niet."
    noot_niet_publiceren = "NIET VOOR PUBLICATIE: onderdrukking van kleine aantallen staat uit (min_cel = 0)."
    noot_onderdrukt = (f"{ONDERDRUKT_TEKEN} = onderdrukt: aantallen personen kleiner dan {info.get('min_cel')} "
                       "(en cijfers waaruit die af te leiden zijn) worden niet gepubliceerd.")
    if info.get("dominantie") is not None:  # tables about employers (the quotum)
        from .publicatie import getal

        noot_onderdrukt += (f" In tabellen over werkgevers ook aantallen werkgevers kleiner dan {info.get('min_cel')}, en "
                            f"bedragen of uren waarvan één werkgever meer dan {getal(100 * float(info['dominantie']))}% "
                            "uitmaakt (dominantieregel).")
    noot_nvt = f"{NVT_TEKEN} = niet van toepassing of geen waarde."
    titel_font, kop_font, link_font = Font(bold=True, size=14), Font(bold=True), Font(color="0563C1", underline="single")

    wb = Workbook()
    dek = wb.active
    dek.title = DEKBLAD
    bladnamen = {DEKBLAD}
    for t, _ in tabellen:
        naam = t["naam"][:31]
        while naam in bladnamen:
            naam = naam[:28] + f"_{len(bladnamen)}"
        bladnamen.add(naam)
        t["_blad"] = naam

    # cover sheet
    dek.append([titel])
    dek["A1"].font = titel_font
    regels = [("Bron", bron), ("Gegevens", gegevens), ("Peildatum", peildatum)]
    if synthetisch:
        regels.append(("Let op", noot_synthetisch))
    if intern:  # tables for internal use only (the quotum's heffing per employer)
        regels.append(("INTERN", "; ".join(f"tables/{n}.csv" for n in sorted(intern)) + ": cijfers per werkgever, alleen "
                                 "voor intern gebruik (werkgeversbrieven); niet publiceren. Deze tabel staat niet in het "
                                 "rapport en niet in dit werkboek."))
    if not publiceerbaar:
        regels.append(("Let op", noot_niet_publiceren))
    else:
        regels.append(("Onthulling", noot_onderdrukt))
    if any(w["nvt"] for _, w in tabellen):
        regels.append(("Tekens", noot_nvt))
    for k, v in regels:
        if v:
            dek.append([k, v])
            dek.cell(dek.max_row, 1).font = kop_font
    definities = info.get("definities") or {}
    if definities:
        dek.append(["Definities"])
        dek.cell(dek.max_row, 1).font = Font(bold=True, size=12)
        for k, v in definities.items():
            dek.append([str(k), str(v)])
            dek.cell(dek.max_row, 1).font = kop_font
    dek.append(["Tabellen"])
    dek.cell(dek.max_row, 1).font = Font(bold=True, size=12)
    dek.append(["Werkblad", "Titel", "Toelichting"])
    begin = dek.max_row
    for c in range(1, 4):
        dek.cell(begin, c).font = kop_font
    for t, _ in tabellen:
        dek.append([t["_blad"], t.get("titel", ""), t.get("toelichting", "")])
        cel = dek.cell(dek.max_row, 1)
        cel.hyperlink = Hyperlink(ref=cel.coordinate, location=f"'{t['_blad']}'!A1")
        cel.font = link_font
    inhoud = Table(displayName="inhoud", ref=f"A{begin}:C{dek.max_row}")
    inhoud.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    dek.add_table(inhoud)
    dek.column_dimensions["A"].width = 28
    dek.column_dimensions["B"].width = 90
    dek.column_dimensions["C"].width = 60
    for rij in dek.iter_rows(min_row=2):
        for cel in rij[1:]:
            cel.alignment = Alignment(wrap_text=True, vertical="top")

    # one sheet per table
    for t, w in tabellen:
        ws = wb.create_sheet(t["_blad"])
        ws.append([t.get("titel") or t["naam"]])
        ws["A1"].font = titel_font
        boven = []
        if t.get("toelichting"):
            boven.append(t["toelichting"])
        peil_tabel = str((info.get("peildata") or {}).get(t["naam"]) or peildatum)  # a table may have its own
        if peil_tabel:
            boven.append(f"Peildatum: {peil_tabel}")
        boven.append(f"Bron: {bron}")
        if synthetisch:
            boven.append(noot_synthetisch)
        if not publiceerbaar:
            boven.append(noot_niet_publiceren)
        if w["onderdrukt"] and publiceerbaar:
            boven.append(noot_onderdrukt)
        if w["nvt"]:
            boven.append(noot_nvt)
        boven.extend(f"Noot: {v}" for v in t.get("voetnoten") or [])
        for regel in boven:
            ws.append([regel])
        ws.append([f"Dit werkblad bevat één tabel; definities staan op het werkblad {DEKBLAD}."])
        cel = ws.cell(ws.max_row, 1)
        cel.hyperlink = Hyperlink(ref=cel.coordinate, location=f"'{DEKBLAD}'!A1")
        cel.font = link_font
        kop = ws.max_row + 1
        ws.append([c["label"] for c in w["kolommen"]])
        for j in range(1, len(w["kolommen"]) + 1):
            ws.cell(kop, j).font = kop_font
            ws.cell(kop, j).alignment = Alignment(wrap_text=True, vertical="bottom")
        for rij in w["rijen"] or [[None] * len(w["kolommen"])]:
            ws.append(rij)
        laatste = ws.max_row
        breedtes = []
        for j, c in enumerate(w["kolommen"], start=1):
            numeriek = c["formaat"] != "tekst"
            for r in range(kop + 1, laatste + 1):
                cel = ws.cell(r, j)
                cel.number_format = NUMMER_FORMAAT[c["formaat"]]
                if numeriek and isinstance(cel.value, str):
                    cel.alignment = Alignment(horizontal="right")
            langste = max([len(str(v)) + (4 if numeriek else 0) for v in (rij[j - 1] for rij in w["rijen"])] or [0])
            breedtes.append(min(max(12, langste + 2, min(len(c["label"]), 30) + 2), 60))
        for j, b in enumerate(breedtes, start=1):
            ws.column_dimensions[get_column_letter(j)].width = b
        tabel = Table(displayName=f"tabel_{t['naam']}"[:255],
                      ref=f"A{kop}:{get_column_letter(len(w['kolommen']))}{laatste}")
        tabel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(tabel)
    pad = run_map / "tables.xlsx"
    buffer = io.BytesIO()  # built in memory: openpyxl writing to a full disk would leave a zip file that
    wb.save(buffer)        # complains on stderr when it is cleaned up
    schrijf_bestand(pad, buffer.getvalue())
    return pad


def standaard_data_map() -> Path:
    """The embedded synthetic data, generated on first use."""
    from .synth import zorg_voor_standaarddata  # local import: generator is heavy

    return zorg_voor_standaarddata()


def _meld(tekst: str) -> None:
    """Progress on the console: one line per step, flushed (the log of a batch job shows it at once)."""
    print(tekst, flush=True)


def _kernel_manager_class(kernel_log):
    """A kernel manager whose kernel process writes its own stdout/stderr (its log, not the cells'
    output, which reaches the notebook) into ``kernel_log``, and that encrypts the connection with
    CurveZMQ when pyzmq and the kernelspec support it (then ipykernel has no reason to warn about
    "running over TCP without encryption")."""
    import zmq
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class RunKernelManager(AsyncKernelManager):
        if "transport_encryption" in AsyncKernelManager.class_trait_names():
            @default("transport_encryption")
            def _standaard_versleuteling(self):
                return "auto" if zmq.has("curve") else "disabled"

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw.setdefault("stdout", kernel_log)
            kw.setdefault("stderr", kernel_log)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return RunKernelManager


@contextlib.contextmanager
def _kernel_omgeving(root: Path | None):
    """While a notebook runs: the kernel finds the project root through BANENAFSPRAAK_ROOT, and
    papermill's logger stays quiet below errors (the runner checks parameters itself, so its warnings
    "Passed unknown parameter" and "Input notebook does not contain a cell with tag parameters" can
    only repeat what the runner already reported as an error)."""
    oud_root = os.environ.get(paths.ENV_ROOT)
    pm_logger = logging.getLogger("papermill")
    oud_niveau = pm_logger.level
    if root is not None:
        os.environ[paths.ENV_ROOT] = str(root)
    pm_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        pm_logger.setLevel(oud_niveau)
        if oud_root is None:
            os.environ.pop(paths.ENV_ROOT, None)
        else:
            os.environ[paths.ENV_ROOT] = oud_root


def _waarschuw(tekst: str) -> None:
    print(f"let op: {tekst}", file=sys.stderr, flush=True)


def run_rapport(rapport: str, params_file: str | Path | None = None, overrides: dict | None = None,
                uit: str | Path | None = None, notebooks_map: Path | None = None, log=_meld,
                waarschuw=_waarschuw) -> Path:
    """Execute report ``rapport`` and return its finished run folder."""
    start = dt.datetime.now().astimezone()
    try:
        root = paths.zoek_project_root()
    except paths.ProjectRootError as e:
        raise RunError(str(e)) from None
    if rapport.endswith(".ipynb"):  # a notebook path: an ad-hoc report outside notebooks/
        nb = Path(rapport).resolve()
        if not nb.is_file():
            raise RunError(f"notebook {rapport} bestaat niet")
        rapport = nb.stem.replace("_", "-")
    else:
        nb = notebook_pad(rapport, notebooks_map)
    gegeven = lees_params_bestand(params_file) if params_file else {}  # before papermill is even imported
    gegeven.update(overrides or {})
    defaults = notebook_parameters(nb)
    parameters = controleer_parameters(dict(gegeven), defaults, rapport)
    try:
        if "data_dir" in parameters:
            if not parameters.get("data_dir"):
                parameters["data_dir"] = str(standaard_data_map())
            parameters["data_dir"] = str(Path(parameters["data_dir"]).resolve())
            if not Path(parameters["data_dir"]).exists():
                raise RunError(f"data_dir {parameters['data_dir']} bestaat niet")
            if not Path(parameters["data_dir"]).is_dir():
                raise RunError(f"data_dir {parameters['data_dir']} is een bestand, geen map")
        if rapport in RAPPORT_CONTROLES:
            RAPPORT_CONTROLES[rapport](parameters)
        basis = paths.maak_map(Path(uit) if uit else paths.outputs_dir() / rapport, "--uit" if uit else "uitvoermap")
    except (paths.ProjectRootError, paths.MapError) as e:
        raise RunError(str(e)) from None
    verweesd = verweesde_runs(basis)
    if verweesd:
        opruimen = "banenafspraak opruimen" + (f" --uit {basis}" if uit else "")
        waarschuw(f"{len(verweesd)} onafgemaakte run(s) in {basis} waarvan het proces niet meer bestaat "
                  f"({', '.join(v.map.name for v in verweesd)}); ruim op met: {opruimen}")
    import papermill as pm

    with _signalen_als_afbreken():
        rid, werk = _nieuwe_werkmap(basis, parameters)
        try:
            klaar = _voer_uit(rapport, nb, root, parameters, defaults, rid, werk, basis, start, log, pm)
        except BaseException as e:
            _mislukt(e, rapport, rid, werk, basis, pm)
    log(f"klaar: {klaar}")
    return klaar


class _NaastDeKernel:
    """Work of the run that does not need the notebook's results, done in a thread while the kernel
    computes: the SHA-256 fingerprint of the input files (run.json) and loading the HTML exporter.
    :meth:`vingerafdruk` waits for it; an error of the fingerprint is raised there, as it would be
    without the thread."""

    def __init__(self, data_dir: str | None):
        self._data_dir = data_dir
        self._resultaat: dict = {}
        self._fout: BaseException | None = None
        self._draad = threading.Thread(target=self._werk, name="naast-de-kernel", daemon=True)
        self._draad.start()

    def _werk(self) -> None:
        try:
            self._resultaat = data_vingerafdruk(self._data_dir) if self._data_dir else {}
        except BaseException as e:  # noqa: BLE001  (raised in the run's own thread by vingerafdruk)
            self._fout = e
        with contextlib.suppress(Exception):  # only to save time: schrijf_html imports it anyway
            import nbconvert  # noqa: F401

    def vingerafdruk(self) -> dict:
        self._draad.join()
        if self._fout is not None:
            raise self._fout
        return self._resultaat


def _voer_uit(rapport, nb, root, parameters, defaults, rid, werk, basis, start, log, pm) -> Path:
    """The run itself, in its work folder; renamed to ``basis/<run-id>`` when complete."""
    parameters_nb = {**{k: v for k, v in parameters.items() if k not in RUNNER_PARAMETERS}}
    if "uitvoer_map" in defaults:
        parameters_nb["uitvoer_map"] = str(werk.resolve())
    log(f"rapport {rapport}: notebook uitvoeren (run {rid}) ...")
    voortgang = {"desc": f"rapport {rapport}", "unit": "cel"} if sys.stderr.isatty() else False
    data_dir = parameters.get("data_dir")
    # while the kernel computes, this process fingerprints the input files and loads the HTML exporter
    naast = _NaastDeKernel(data_dir)
    with _kernel_omgeving(root), open(werk / KERNEL_LOG, "wb") as kernel_log:
        pm.execute_notebook(str(nb), str(werk / f"{rapport}.ipynb"), parameters=parameters_nb,
                            kernel_name=KERNEL, cwd=str(nb.parent), progress_bar=voortgang, log_output=False,
                            kernel_manager_class=_kernel_manager_class(kernel_log))
    (werk / KERNEL_LOG).unlink()
    log(f"rapport {rapport}: HTML, xlsx en run.json schrijven")
    vingerafdruk = naast.vingerafdruk()
    schrijf_html(werk / f"{rapport}.ipynb", werk / f"{rapport}.html")
    info = json.loads((werk / RAPPORT_META).read_text(encoding="utf-8")) if (werk / RAPPORT_META).exists() else {"rapport": rapport}
    meta = lees_meta(Path(data_dir))[0] if data_dir else {}
    schrijf_xlsx(werk, info, meta)
    rec = json.loads((werk / RECONCILIATIE).read_text(encoding="utf-8")) if (werk / RECONCILIATIE).exists() else None
    einde = dt.datetime.now().astimezone()
    run_json = {
        "rapport": rapport,
        "run_id": rid,
        "status": "voltooid",
        "parameters": parameters,
        "notebook": str(nb.relative_to(root)) if root is not None and nb.is_relative_to(root) else str(nb),
        "data": {"map": data_dir, "vingerafdruk": vingerafdruk, "meta": meta},
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
    (werk / PROCES).unlink(missing_ok=True)
    klaar = basis / rid
    werk.rename(klaar)
    return klaar


def _mislukt(e: BaseException, rapport: str, rid: str, werk: Path, basis: Path, pm) -> None:
    """A failed or stopped run: its folder becomes ``<run-id>.mislukt`` with ``fout.txt`` (the error; for
    an error that is not the notebook's nor the system's, with its traceback), and the caller gets one
    line: :class:`RunAfgebroken` for Ctrl-C or a signal, else :class:`RunError`."""
    if isinstance(e, KeyboardInterrupt):
        tekst = f"{type(e).__name__}: {e if isinstance(e, RunAfgebroken) else 'afgebroken (Ctrl-C)'}\n"
    elif isinstance(e, (pm.PapermillExecutionError, RunError, OSError)):
        tekst = f"{type(e).__name__}: {e}\n"
    else:
        tekst = "".join(traceback.format_exception(e))
    with _signalen_uitgesteld():  # a second Ctrl-C or SIGTERM waits until the folder is marked
        mislukt, geschreven = _markeer_mislukt(werk, basis, rid, tekst)
    waar = f"onafgemaakte run: {mislukt}" + ("" if geschreven else f" (zonder {FOUT}: die kon niet worden geschreven)")
    if isinstance(e, KeyboardInterrupt):
        signum = getattr(e, "signum", signal.SIGINT)
        door = str(e) if isinstance(e, RunAfgebroken) else "afgebroken (Ctrl-C)"
        raise RunAfgebroken(f"rapport {rapport} {door}; {waar}", signum) from None
    if isinstance(e, pm.PapermillExecutionError):
        raise RunError(f"rapport {rapport} mislukt in cel {e.exec_count} (uitgevoerd notebook: "
                       f"{mislukt / f'{rapport}.ipynb'}): {e.ename}: {e.evalue}") from None
    if isinstance(e, RunError):
        raise RunError(f"{e}; {waar}") from None
    if isinstance(e, OSError):
        if isinstance(e.filename, str) and Path(e.filename).is_relative_to(werk):  # name the file where the folder is now
            e.filename = str(mislukt / Path(e.filename).relative_to(werk))
        raise RunError(f"rapport {rapport} mislukt: {os_fout_tekst(e)}; {waar}") from None
    klog = mislukt / KERNEL_LOG
    kernel = f"; meldingen van de kernel: {klog}" if klog.exists() else ""
    raise RunError(f"rapport {rapport} mislukt: {type(e).__name__}: {e}; {waar}"
                   + (f", met de volledige melding in {mislukt / FOUT}" if geschreven else "") + kernel) from None
