"""Report runner end to end on a tiny notebook (DATA_CONTRACT.md "Output: one folder per run")."""
import datetime as dt
import errno
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from bouw import basis
from banenafspraak.runner import RunError, controleer_parameters, parse_p, run_rapport

NB = Path(__file__).parent / "notebooks"
pytestmark = pytest.mark.traag


@pytest.fixture
def data(tmp_path):
    return basis().schrijf(tmp_path / "data")


def test_run_schrijft_complete_map(tmp_path, data):
    run = run_rapport("mini-rapport", overrides={"data_dir": str(data), "drempel": 5}, uit=tmp_path / "uit",
                      notebooks_map=NB, log=lambda *_: None)
    assert run.parent == tmp_path / "uit" and not run.name.startswith(".")
    for f in ["mini-rapport.ipynb", "mini-rapport.html", "tables/per_grondslag.csv", "tables.xlsx",
              "figures/per_grondslag.png", "run.json"]:
        assert (run / f).exists(), f
    html = (run / "mini-rapport.html").read_text()
    assert "lees_map" not in html  # HTML without code
    t = pd.read_csv(run / "tables" / "per_grondslag.csv")
    assert t["personen"].sum() == 3
    rj = json.loads((run / "run.json").read_text())
    assert rj["status"] == "voltooid"
    assert rj["parameters"]["drempel"] == 5 and rj["parameters"]["min_cel"] == 10
    assert set(rj["data"]["vingerafdruk"]) >= {"persoon.csv", "polis.csv", "meta.yaml"}
    assert rj["data"]["meta"]["bron"] == "synthetisch"
    assert "git_commit" in rj["code"] and "git_dirty" in rj["code"]
    assert rj["pakketten"]["pandas"] and rj["start"] <= rj["einde"]
    assert rj["reconciliatie"]["gelezen"]["polis"] == 3
    assert rj["reconciliatie"]["weggelaten"][0]["rijen"] == 3
    xl = pd.read_excel(run / "tables.xlsx", sheet_name=None)
    assert list(xl) == ["Toelichting", "per_grondslag"]
    dekblad = xl["Toelichting"].astype(str).to_string()
    assert "SYNTHETISCHE DATA" in dekblad and "2023-12-31" in dekblad and "Mini-rapport" in dekblad


def test_params_bestand_en_p(tmp_path, data):
    pf = tmp_path / "p.yaml"
    pf.write_text(f"data_dir: {data}\ndrempel: 1.5\n")
    run = run_rapport("mini-rapport", params_file=pf, overrides=parse_p(["min_cel=0"]), uit=tmp_path / "u",
                      notebooks_map=NB, log=lambda *_: None)
    rj = json.loads((run / "run.json").read_text())
    assert rj["parameters"]["drempel"] == 1.5 and rj["parameters"]["min_cel"] == 0
    dekblad = pd.read_excel(run / "tables.xlsx", sheet_name="Toelichting").astype(str).to_string()
    assert "NIET VOOR PUBLICATIE" in dekblad


def test_onbekende_parameter_is_fout():
    with pytest.raises(RunError, match="drempl.*bedoelde u drempel"):
        controleer_parameters({"drempl": 3}, {"drempel": 50.0, "data_dir": None}, "mini")
    with pytest.raises(RunError, match="geheel getal"):
        controleer_parameters({"jaar": "twee"}, {"jaar": 2023}, "mini")
    with pytest.raises(RunError, match="zet de runner zelf"):
        controleer_parameters({"uitvoer_map": "/tmp"}, {"uitvoer_map": None}, "mini")


def test_mislukte_run_laat_geen_complete_map(tmp_path, data):
    with pytest.raises(RunError, match="drempel negatief"):
        run_rapport("mini-rapport", overrides={"data_dir": str(data), "drempel": -1}, uit=tmp_path / "uit",
                    notebooks_map=NB, log=lambda *_: None)
    mappen = list((tmp_path / "uit").iterdir())
    assert len(mappen) == 1 and mappen[0].name.endswith(".mislukt")
    assert not (mappen[0] / "run.json").exists() and (mappen[0] / "fout.txt").exists()


def test_onbekend_rapport():
    with pytest.raises(RunError, match="onbekend rapport"):
        run_rapport("bestaat-niet", notebooks_map=NB)


def test_cli_fout_zonder_traceback(tmp_path, data):
    cmd = [sys.executable, "-m", "banenafspraak.cli", "run", str(NB / "mini_rapport.ipynb"), "-p", f"data_dir={data}",
           "--uit", str(tmp_path / "uit")]
    r = subprocess.run(cmd + ["-p", "drempl=3"], capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "drempl" in r.stderr and "drempel" in r.stderr
    r = subprocess.run(cmd + ["-p", "drempel=-2"], capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr and "drempel negatief" in r.stderr
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    klaar = [p for p in (tmp_path / "uit").iterdir() if (p / "run.json").exists()]
    assert len(klaar) == 1


# --------------------------------------------------------------------------- bad input and faults (issue #11)

def _een_regel(tekst: str) -> str:
    assert "\n" not in tekst.strip() and "Traceback" not in tekst, tekst
    return tekst


@pytest.mark.parametrize("inhoud, melding", [
    ("data_dir: [1\n  x: {\n", r"is geen geldige YAML \(regel 2, kolom 4\): expected ',' or ']'"),
    ("- data_dir\n- drempel\n", "verwacht 'naam: waarde' per regel, niet een lijst"),
    ("drempel\n", "verwacht 'naam: waarde' per regel, niet een tekst"),
    (b"drempel: \xff\n", "geen tekstbestand in UTF-8"),
])
def test_params_bestand_ongeldig(tmp_path, inhoud, melding):
    pf = tmp_path / "p.yaml"
    (pf.write_bytes if isinstance(inhoud, bytes) else pf.write_text)(inhoud)
    with pytest.raises(RunError, match=melding) as e:
        run_rapport("mini-rapport", params_file=pf, uit=tmp_path / "uit", notebooks_map=NB, log=lambda *_: None)
    _een_regel(str(e.value))
    with pytest.raises(RunError, match="is een map, geen bestand"):
        run_rapport("mini-rapport", params_file=tmp_path, notebooks_map=NB, log=lambda *_: None)
    assert not (tmp_path / "uit").exists()


def test_uit_is_een_bestand(tmp_path, data):
    bestand = tmp_path / "bestand"
    bestand.write_text("x")
    for uit, melding in ((bestand, f"--uit {bestand} is een bestand, geen map"),
                         (bestand / "a" / "b", f"--uit {bestand / 'a' / 'b'} kan niet worden gemaakt: {bestand} is een bestand")):
        with pytest.raises(RunError, match=melding) as e:
            run_rapport("mini-rapport", overrides={"data_dir": str(data)}, uit=uit, notebooks_map=NB, log=lambda *_: None)
        _een_regel(str(e.value))
    assert bestand.read_text() == "x"


def test_cli_params_en_uit_een_regel(tmp_path, data, capsys):
    from banenafspraak import cli

    pf = tmp_path / "p.yaml"
    pf.write_text("data_dir: [\n")
    bestand = tmp_path / "bestand"
    bestand.write_text("x")
    cmd = ["run", str(NB / "mini_rapport.ipynb")]
    for extra in (["--params", str(pf)], ["-p", f"data_dir={data}", "--uit", str(bestand)],
                  ["-p", f"data_dir={data}", "--uit", str(bestand / "onder")]):
        assert cli.main(cmd + extra) != 0
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and err.startswith("fout: ") and "Traceback" not in err, err


@pytest.mark.parametrize("waarde", [-5, -1, 2.5, "tien", True])
def test_min_cel_ongeldig_bij_parametercontrole(waarde):
    with pytest.raises(RunError, match=r"parameter 'min_cel': min_cel moet een geheel getal van 0 of meer zijn"):
        controleer_parameters({"min_cel": waarde}, {"min_cel": None, "data_dir": None}, "mini")
    assert controleer_parameters({"min_cel": 0}, {"min_cel": None}, "mini")["min_cel"] == 0


def test_min_cel_negatief_geweigerd_voor_de_notebook(tmp_path, data):
    """landelijke-monitor's notebook has min_cel = None: the type check alone let -5 through to the notebook."""
    with pytest.raises(RunError, match="parameter 'min_cel'.*niet -5") as e:
        run_rapport("landelijke-monitor", overrides=parse_p(["min_cel=-5", f"data_dir={data}"]), uit=tmp_path / "uit",
                    log=lambda *_: None)
    _een_regel(str(e.value))
    assert not (tmp_path / "uit").exists()


def test_run_id_leesbaar_sorteerbaar_en_uniek(monkeypatch, tmp_path):
    from banenafspraak import runner

    monkeypatch.setattr(runner, "_nu", lambda: dt.datetime(2024, 1, 31, 9, 30, 0))
    a, b = runner.run_id({"x": 1}), runner.run_id({"x": 1})
    assert re.fullmatch(r"20240131T093000-[0-9a-f]{6}-[0-9a-f]{4}", a) and a[:22] == b[:22]
    # the same random part twice: the second claim takes another id, never the first run's folder
    reeks = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(runner.secrets, "token_hex", lambda n: next(reeks))
    rid1, werk1 = runner._nieuwe_werkmap(tmp_path, {"x": 1})
    rid2, werk2 = runner._nieuwe_werkmap(tmp_path, {"x": 1})
    assert rid1.endswith("-aaaa") and rid2.endswith("-bbbb") and werk1 != werk2
    assert json.loads((werk1 / runner.PROCES).read_text())["pid"] == os.getpid()


def _verweesd(basis: Path, rid: str, pid: int | None, oud: bool = False, **info) -> Path:
    import socket

    d = basis / f".{rid}.bezig"
    d.mkdir(parents=True)
    if pid is not None:
        (d / "proces.json").write_text(json.dumps({"pid": pid, "host": socket.gethostname(), "start": "2024-01-31T09:30:00",
                                                   **info}))
    if oud:
        os.utime(d, (time.time() - 7200, time.time() - 7200))
    return d


def _dode_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_twee_gelijke_runs_in_dezelfde_seconde(monkeypatch, tmp_path, data):
    """Two identical runs started in the same second (one clock for both) in the same folder: both finish,
    each in its own folder. Before, they got one run id and one died renaming the shared folder. Both also
    report the work folder that a killed run left behind."""
    from banenafspraak import runner

    monkeypatch.setattr(runner, "_nu", lambda: dt.datetime(2024, 1, 31, 9, 30, 0))
    uit = tmp_path / "uit"
    dood = _verweesd(uit, "20240130T080000-abcdef-0001", _dode_pid())
    klaar, fouten, meldingen = [], [], []

    def run():
        try:
            klaar.append(run_rapport("mini-rapport", overrides={"data_dir": str(data)}, uit=uit, notebooks_map=NB,
                                     log=lambda *_: None, waarschuw=meldingen.append))
        except BaseException as e:  # noqa: BLE001 - the test reports it
            fouten.append(e)

    draden = [threading.Thread(target=run) for _ in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert fouten == [] and len(set(klaar)) == 2
    assert all(k.name.startswith("20240131T093000-") for k in klaar)
    for k in klaar:
        assert json.loads((k / "run.json").read_text())["run_id"] == k.name and not (k / "proces.json").exists()
    assert sorted(p.name for p in uit.iterdir()) == sorted([dood.name, *(k.name for k in klaar)])
    assert len(meldingen) == 2 and all(dood.name in m and f"banenafspraak opruimen --uit {uit}" in m
                                       and "\n" not in m for m in meldingen)


def test_verweesde_runs_en_opruimen(tmp_path, capsys):
    from banenafspraak import cli
    from banenafspraak.runner import verweesde_runs

    basis = tmp_path / "uit"
    dood = _verweesd(basis, "20240101T000000-aaaaaa-0001", _dode_pid())
    levend = _verweesd(basis, "20240101T000000-aaaaaa-0002", os.getpid())
    oud_zonder = _verweesd(basis, "20240101T000000-aaaaaa-0003", None, oud=True)
    nieuw_zonder = _verweesd(basis, "20240101T000000-aaaaaa-0004", None)
    verwacht = {dood, oud_zonder}
    if Path(f"/proc/{os.getpid()}/stat").exists():  # a reused pid: alive, but another process than the run's
        verwacht.add(_verweesd(basis, "20240101T000000-aaaaaa-0005", os.getpid(), proces_start="1"))
    assert {v.map for v in verweesde_runs(basis)} == verwacht
    assert cli.main(["opruimen", "--uit", str(basis)]) == 0
    uitvoer = capsys.readouterr().out
    for d in verwacht:
        mislukt = basis / f"{d.name[1:-len('.bezig')]}.mislukt"
        assert not d.exists() and f"{d} -> {mislukt.name}" in uitvoer
        assert (mislukt / "fout.txt").read_text().startswith("afgebroken: ")
    assert "proces" in (basis / "20240101T000000-aaaaaa-0001.mislukt" / "fout.txt").read_text()
    assert levend.exists() and nieuw_zonder.exists()
    assert cli.main(["opruimen", "--uit", str(basis)]) == 0 and "geen onafgemaakte runs" in capsys.readouterr().out
    os.utime(nieuw_zonder, (time.time() - 7200, time.time() - 7200))
    assert cli.main(["opruimen", "--uit", str(basis), "--verwijder"]) == 0
    assert not nieuw_zonder.exists() and levend.exists()


SLAAP_NB = """{"cells": [{"cell_type": "code", "execution_count": null, "id": "p", "metadata": {"tags": ["parameters"]},
  "outputs": [], "source": "wacht = 120"},
 {"cell_type": "code", "execution_count": null, "id": "s", "metadata": {}, "outputs": [],
  "source": "import time\\ntime.sleep(wacht)"}],
 "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
 "nbformat": 4, "nbformat_minor": 5}"""


def test_sigterm_markeert_run_als_mislukt(tmp_path):
    """A killed job (SIGTERM) ends as Ctrl-C does: a .mislukt folder with fout.txt, one line, exit 143."""
    nb = tmp_path / "slaap.ipynb"
    nb.write_text(SLAAP_NB)
    uit = tmp_path / "uit"
    p = subprocess.Popen([sys.executable, "-m", "banenafspraak.cli", "run", str(nb), "--uit", str(uit)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        tot = time.time() + 60
        while not list(uit.glob(".*.bezig/proces.json")) and time.time() < tot and p.poll() is None:
            time.sleep(0.1)
        assert list(uit.glob(".*.bezig/proces.json")), "the run did not start"
        time.sleep(1.0)  # into the notebook
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 128 + signal.SIGTERM
    regel = err.strip().splitlines()
    assert len(regel) == 1 and "Traceback" not in err, err
    assert regel[0].startswith("fout: rapport slaap beëindigd door SIGTERM; onafgemaakte run: ")
    mappen = list(uit.iterdir())
    assert len(mappen) == 1 and mappen[0].name.endswith(".mislukt"), mappen
    assert "SIGTERM" in (mappen[0] / "fout.txt").read_text()
    assert not (mappen[0] / "proces.json").exists() and not (mappen[0] / "run.json").exists()


def test_schijf_vol_bij_html_een_regel(tmp_path, data, monkeypatch, capsys):
    """The disk fills up while the HTML is written, and stays full for fout.txt: one line on stderr, no
    traceback, no empty fout.txt. The notebook itself is not executed (papermill copies it)."""
    import shutil

    import papermill

    from banenafspraak import cli

    monkeypatch.setattr(papermill, "execute_notebook", lambda invoer, uitvoer, **kw: shutil.copy(invoer, uitvoer))
    schrijf = Path.write_text

    def vol(self, *a, **kw):
        if self.suffix == ".html" or self.name == "fout.txt":
            self.open("w").close()  # the file is made, its content does not fit
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return schrijf(self, *a, **kw)

    monkeypatch.setattr(Path, "write_text", vol)
    uit = tmp_path / "uit"
    rc = cli.main(["run", str(NB / "mini_rapport.ipynb"), "-p", f"data_dir={data}", "--uit", str(uit)])
    err = capsys.readouterr().err
    assert rc != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    mislukt = next(uit.iterdir())
    assert err.startswith("fout: rapport mini-rapport mislukt: schijf vol (geen ruimte meer op het apparaat): ")
    assert f"{mislukt / 'mini-rapport.html'}; onafgemaakte run: {mislukt} (zonder fout.txt" in err
    assert mislukt.name.endswith(".mislukt") and not (mislukt / "fout.txt").exists()
