"""Writes tests/notebooks/mini_rapport.ipynb, the tiny report the runner tests execute."""
from pathlib import Path

import nbformat as nbf

nb = nbf.v4.new_notebook()
params = nbf.v4.new_code_cell("data_dir = None\nmin_cel = 10\ndrempel = 50.0\nuitvoer_map = None")
params.metadata["tags"] = ["parameters"]
nb.cells = [
    nbf.v4.new_markdown_cell("# Mini-rapport\nAlleen voor de tests van de runner."),
    params,
    nbf.v4.new_code_cell(
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "from banenafspraak.loading import lees_map\nfrom banenafspraak.rapport import Uitvoer\n"
        "ds = lees_map(data_dir)\n"
        "uit = Uitvoer(uitvoer_map, rapport='mini-rapport', titel='Mini-rapport', min_cel=min_cel)\n"
        "uit.zet(peildatum='2023-12-31', definities={'persoon': 'iemand in de testdata'})"),
    nbf.v4.new_code_cell(
        "if drempel < 0:\n    raise ValueError('drempel negatief')\n"
        "t = ds['doelgroepregister'].groupby('grondslag').size().rename('personen').reset_index()\n"
        "uit.tabel(t, 'per_grondslag', 'Personen per grondslag', 'telling per grondslag')"),
    nbf.v4.new_code_cell(
        "fig, ax = plt.subplots()\nax.bar(t['grondslag'], t['personen'])\nuit.figuur(fig, 'per_grondslag')\n"
        "ds.reconciliatie.laat_weg('polis', 'niet gebruikt in dit rapport', len(ds['polis']))\n"
        "uit.reconciliatie(ds.reconciliatie)"),
]
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbf.write(nb, Path(__file__).parent / "notebooks" / "mini_rapport.ipynb")
