# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Kalibratie van de synthetische data
#
# De suite draait standaard op synthetische data: echte microdata van UWV en CBS verlaten de beveiligde
# omgeving niet. De generator is zo afgesteld dat de synthetische data de gepubliceerde landelijke cijfers
# nabootsen. Dit rapport zet elk gepubliceerd cijfer (vermenigvuldigd met de schaal van de data) naast
# het gegenereerde cijfer, berekend met dezelfde telregels als de rapporten, met de tolerantie. De cijfers
# van het kwartaaldashboard zijn geteld met de regels van de trendrapportage: Wsw- en Wiw/ID-grondslagen
# op 1 januari, de polis zoals die vier maanden na de peildatum was verwerkt, en de nulmeting van
# 31 december 2012 met dezelfde regels.
#
# Dit rapport past geen onderdrukking van kleine aantallen toe en draait daarom alleen op synthetische
# data (`bron: synthetisch` in `meta.yaml`); andere data worden geweigerd voordat het rapport begint.

# %% tags=["parameters"]
data_dir = None
min_cel = None
nulmeting_bron = "data"
uitvoer_map = None

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display
from banenafspraak.rapport import Uitvoer, getal, laad_data, procent, toon, toon_status
sns.set_theme(style="whitegrid")
pd.set_option("display.max_rows", 100)

from banenafspraak.disclosure import standaard_min_cel
from banenafspraak.kalibratie import kalibratie

ds = laad_data(data_dir, polis_als_bestand=True)  # the polis is read by DuckDB from the file
# national aggregates of synthetic data next to published figures: an internal check, no small cells of persons
uit = Uitvoer(uitvoer_map, rapport="kalibratie", titel="Kalibratie synthetische data",
              min_cel=standaard_min_cel(2023) if min_cel is None else min_cel)
uit.zet(peildatum="2012-12-31 t/m 2023-12-31", schaal=ds.schaal,
        bron="Gepubliceerde landelijke cijfers (Kamerbrieven, UWV); gegenereerde data",
        definities={"afwijking": "gegenereerd t.o.v. gepubliceerd x schaal, in % (aantallen) of procentpunten (aandelen)"})
display(Markdown(f"Schaal van de data: **{getal(100 * ds.schaal, 1)}%** van Nederland; bron: {ds.meta.get('bron')}."))

# %% tags=["nbval-check-output"]
k = kalibratie(ds, ds.schaal)
uit.tabel(k, "kalibratie", "Gegenereerd tegenover gepubliceerd", "Per gepubliceerd cijfer: waarde x schaal, gegenereerd, afwijking, tolerantie.")
samenvatting = k.groupby("onderwerp", sort=False)["binnen_tolerantie"].agg(["sum", "count"])
for onderwerp, r in samenvatting.iterrows():
    print(f"{onderwerp:<22} {r['sum']:>3} van {r['count']:>3} binnen tolerantie")

# %%
display(Markdown(f"**{int(k['binnen_tolerantie'].sum())} van {len(k)}** cijfers liggen binnen hun tolerantie."))
buiten = k.loc[~k["binnen_tolerantie"]]
if len(buiten):
    display(Markdown("Buiten tolerantie:"))
    toon(buiten.drop(columns=["bron"]), {"gepubliceerd": 1, "gegenereerd": 1, "afwijking": 1})
toon(k.drop(columns=["bron"]), {"gepubliceerd": 1, "gegenereerd": 1, "afwijking": 1})

# %%
ex = k.loc[k["figuur"].str.startswith("extra banen ") & (k["onderwerp"] == "landelijke monitor")].copy()
ex["sector"] = ex["figuur"].str.replace("extra banen ", "")
fig, assen = plt.subplots(1, 3, figsize=(14, 4))
for as_, s in zip(assen, ("totaal", "markt", "overheid")):
    d = ex.loc[ex["sector"] == s]
    as_.plot(d["wanneer"], d["gepubliceerd"], marker="o", label="gepubliceerd x schaal")
    as_.plot(d["wanneer"], d["gegenereerd"], marker="s", label="gegenereerd")
    as_.set_title(f"Extra banen {s}")
assen[0].legend()
uit.figuur(fig, "extra_banen", "Extra banen: gegenereerd tegenover gepubliceerd")
