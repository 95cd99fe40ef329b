"""Packaging: the built wheel holds every YAML file the package reads and the shipped reference table,
pyproject.toml and the code name no files that do not exist, the documents they cite are in docs/, and
paths.py finds the project root explicitly or says what it looked for."""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from banenafspraak import paths

ROOT = Path(__file__).resolve().parents[1]
PAKKET = ROOT / "lib" / "banenafspraak"


# --- paths.py: the project root ---------------------------------------------------------------

def _laad_paths_kopie(map: Path):
    """paths.py as it would be imported from ``map`` (e.g. site-packages of a wheel install)."""
    doel = map / "banenafspraak"
    doel.mkdir(parents=True)
    shutil.copy(PAKKET / "paths.py", doel / "paths.py")
    spec = importlib.util.spec_from_file_location(f"paths_kopie_{abs(hash(str(map)))}", doel / "paths.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_root_uit_omgevingsvariabele(tmp_path, monkeypatch):
    monkeypatch.setenv("BANENAFSPRAAK_ROOT", str(tmp_path))
    assert paths.project_root() == tmp_path.resolve()
    assert paths.notebooks_dir() == tmp_path.resolve() / "notebooks"
    assert paths.synthetisch_dir() == tmp_path.resolve() / "data" / "synthetisch"


def test_root_omgevingsvariabele_bestaat_niet(tmp_path, monkeypatch):
    monkeypatch.setenv("BANENAFSPRAAK_ROOT", str(tmp_path / "weg"))
    with pytest.raises(paths.ProjectRootError, match="BANENAFSPRAAK_ROOT=.*geen bestaande map"):
        paths.project_root()


def test_root_is_de_checkout_met_het_pakket(tmp_path, monkeypatch):
    monkeypatch.delenv("BANENAFSPRAAK_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)  # not the working directory
    assert paths.project_root() == ROOT
    assert paths.referentie_dir() == PAKKET / "referentie"  # shipped in the package, also in a wheel
    assert paths.referentie_kopie_dir() == ROOT / "data" / "referentie"


def test_referentie_in_het_pakket_en_een_gelijke_kopie_in_data():
    """The shipped gemeente_regio.csv lives in the package (the wheel has it); data/referentie/ of the
    checkout holds the same bytes for its readers."""
    pakket = PAKKET / "referentie" / "gemeente_regio.csv"
    kopie = ROOT / "data" / "referentie" / "gemeente_regio.csv"
    assert pakket.is_file() and kopie.is_file()
    assert pakket.read_bytes() == kopie.read_bytes(), "data/referentie/gemeente_regio.csv wijkt af van het pakket"
    from banenafspraak.loading import vind_bestanden

    assert vind_bestanden(Path("/bestaat-niet"))["gemeente_regio"] == pakket


@pytest.mark.parametrize("map", ["site-packages", "lib"])
def test_buiten_een_checkout_een_duidelijke_fout(tmp_path, monkeypatch, map):
    """An installed package (no pyproject.toml next to lib/) never falls back to the working directory."""
    kopie = _laad_paths_kopie(tmp_path / "venv" / map)
    monkeypatch.delenv("BANENAFSPRAAK_ROOT", raising=False)
    (tmp_path / "werkmap" / "notebooks").mkdir(parents=True)
    (tmp_path / "werkmap" / "pyproject.toml").write_text("")
    monkeypatch.chdir(tmp_path / "werkmap")
    assert kopie.zoek_project_root() is None
    with pytest.raises(kopie.ProjectRootError) as fout:
        kopie.outputs_dir()
    tekst = str(fout.value)
    assert "BANENAFSPRAAK_ROOT" in tekst and "lib/banenafspraak" in tekst and "pyproject.toml" in tekst
    monkeypatch.setenv("BANENAFSPRAAK_ROOT", str(tmp_path / "werkmap"))
    assert kopie.notebooks_dir() == (tmp_path / "werkmap" / "notebooks").resolve()


# --- pyproject.toml and references in the code ---------------------------------------------------

def test_package_data_globs_vinden_bestanden():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    basis = ROOT / cfg["tool"]["setuptools"]["package-dir"][""]
    for pakket, globs in cfg["tool"]["setuptools"]["package-data"].items():
        for glob in globs:
            assert list((basis / pakket.replace(".", "/")).glob(glob)), f"package-data {pakket}: {glob} vindt niets"
    readme = cfg["project"]["readme"]
    assert (ROOT / readme).is_file()


def test_elk_yaml_bestand_valt_onder_package_data():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = cfg["tool"]["setuptools"]["package-data"]["banenafspraak"]
    for p in PAKKET.rglob("*.yaml"):
        rel = p.relative_to(PAKKET)
        assert any(rel.match(g) for g in globs), f"{rel} staat niet in package-data"


def test_documenten_in_de_repository():
    """The documents the README and the code cite are in the repository (docs/); notes that are not part
    of the project (the engineering notes) are cited nowhere."""
    for naam in ("RULES.md", "DATA_CONTRACT.md", "CALIBRATION.md", "PARAMETERS.md"):
        assert (ROOT / "docs" / naam).is_file(), naam
    genoemd = set()
    for p in [*PAKKET.rglob("*.py"), *PAKKET.rglob("*.yaml"), *(ROOT / "tests").glob("*.py"), *(ROOT / "notebooks").glob("*.py")]:
        tekst = p.read_text(encoding="utf-8")
        assert "ENGINEERING" + ".md" not in tekst, p
        genoemd |= set(re.findall(r"\b([A-Z][A-Z_]+\.md)\b", tekst))
    assert {"RULES.md", "DATA_CONTRACT.md", "CALIBRATION.md"} <= genoemd
    ontbreekt = sorted(n for n in genoemd if not (ROOT / n).is_file() and not (ROOT / "docs" / n).is_file()
                       and not list(PAKKET.rglob(n)))
    assert not ontbreekt, ontbreekt


def test_verwijzingen_naar_docs_bestaan():
    """Every ``docs/...`` file named in the package exists in the checkout."""
    ontbreekt = []
    for p in sorted(PAKKET.rglob("*")):
        if p.suffix not in (".py", ".yaml") or "__pycache__" in p.parts:
            continue
        for ref in re.findall(r"\bdocs/[\w./-]*\w", p.read_text(encoding="utf-8")):
            if not (ROOT / ref).exists():
                ontbreekt.append(f"{p.relative_to(ROOT)}: {ref}")
    assert not ontbreekt, ontbreekt


# --- the built wheel -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a copy of the sources (pip wheel writes build/ next to pyproject.toml)."""
    bron = tmp_path_factory.mktemp("bron")
    shutil.copy(ROOT / "pyproject.toml", bron)
    shutil.copy(ROOT / "README.md", bron)
    shutil.copytree(ROOT / "lib", bron / "lib", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    uit = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--no-index", "-w", str(uit), str(bron)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    (whl,) = uit.glob("banenafspraak-*.whl")
    return whl


@pytest.mark.traag
def test_wheel_bevat_alle_yaml_bestanden(wheel):
    namen = set(zipfile.ZipFile(wheel).namelist())
    verwacht = {"banenafspraak/" + p.relative_to(PAKKET).as_posix() for p in PAKKET.rglob("*.yaml")}
    assert {"banenafspraak/synth/aannames.yaml", "banenafspraak/synth/kalibratie_doelen.yaml"} <= verwacht
    assert not verwacht - namen, f"ontbreekt in de wheel: {sorted(verwacht - namen)}"
    # the shipped reference table, byte for byte
    assert "banenafspraak/referentie/gemeente_regio.csv" in namen
    assert zipfile.ZipFile(wheel).read("banenafspraak/referentie/gemeente_regio.csv") == \
        (PAKKET / "referentie" / "gemeente_regio.csv").read_bytes()
    # every package file the code opens by name (importlib.resources) is in the wheel
    gelezen = set()
    for p in PAKKET.rglob("*.py"):
        for pakket, naam in re.findall(r'resources\.files\("([\w.]+)"\)\s*/\s*"([^"]+)"', p.read_text(encoding="utf-8")):
            gelezen.add(pakket.replace(".", "/") + "/" + naam)
    assert "banenafspraak/synth/aannames.yaml" in gelezen
    assert all(g in namen or any(n.startswith(g + "/") for n in namen) for g in gelezen), sorted(gelezen - namen)
    meta = zipfile.ZipFile(wheel).read(next(n for n in namen if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Dist: jupytext>=1.16" in meta


@pytest.mark.traag
def test_geinstalleerde_wheel_werkt_zonder_checkout(wheel, tmp_path):
    """Parameters, generator assumptions and calibration targets come from the package itself; only the
    folders of the checkout need BANENAFSPRAAK_ROOT, and their absence is a clear error."""
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                        str(site), str(wheel)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    script = """
import json
import banenafspraak
from banenafspraak import paths
from banenafspraak.parameters import alle_parameters
from banenafspraak.synth.generator import aannames, aannames_versie
from banenafspraak.kalibratie import doelen
from banenafspraak.loading import vind_bestanden
ref = vind_bestanden(paths.PAKKET / "bestaat-niet").get("gemeente_regio")
uit = {"bestand": banenafspraak.__file__, "parameters": len(alle_parameters()), "groepen": len(aannames()["groepen"]),
       "versie": aannames_versie(), "doelen": sorted(doelen()), "referentie": str(ref) if ref else None,
       "regels": len(open(ref, encoding="utf-8").read().splitlines()) if ref else 0}
try:
    paths.project_root()
    uit["fout"] = None
except paths.ProjectRootError as e:
    uit["fout"] = str(e)
print(json.dumps(uit))
"""
    env = {k: v for k, v in os.environ.items() if k not in ("BANENAFSPRAAK_ROOT", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    werk = tmp_path / "ergens"
    werk.mkdir()
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=werk, env=env)
    assert r.returncode == 0, r.stderr
    uit = json.loads(r.stdout)
    assert Path(uit["bestand"]).is_relative_to(site)  # the wheel, not the editable checkout
    assert uit["parameters"] > 10 and uit["groepen"] > 3 and "monitor" in uit["doelen"]
    # the shipped gemeente_regio reference is found in the installed package, without a checkout
    assert uit["referentie"] and Path(uit["referentie"]).is_relative_to(site)
    assert uit["regels"] == len((PAKKET / "referentie" / "gemeente_regio.csv").read_text(encoding="utf-8").splitlines())
    assert uit["fout"] and "BANENAFSPRAAK_ROOT" in uit["fout"]
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "parameters", "publicatie.min_cel"],
                       capture_output=True, text=True, cwd=werk, env=env)
    assert r.returncode == 0 and "min_cel" in r.stdout, r.stderr
