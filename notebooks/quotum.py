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
# # Quotumheffing
#
# Grote werkgevers (meer dan 40.575 verloonde uren per jaar) betalen een heffing als zij te weinig mensen uit de
# doelgroep in dienst hebben, maar alleen als het quotum voor hun sector is geactiveerd. Dit rapport berekent het
# quotumpercentage per sector met de formule van de Wet banenafspraak en quotum arbeidsbeperkten, en per werkgever
# (fiscaal nummer) de vereiste uren, het tekort en de heffing. De tabel per werkgever is **intern** (voor de
# werkgeversbrieven) en staat niet in dit rapport.

# %% tags=["parameters"]
jaar = 2024
quotumpercentage = None
t2_scenario = "geregistreerd"
directe_einden = True
data_dir = None
min_cel = None
nulmeting_bron = "data"
uitvoer_map = None

# %%
from IPython.display import Markdown, display

from banenafspraak import quotum
from banenafspraak.rapport import laad_data, schrijf, toon_definities, toon_status, toon_tabel, toon_titel

ds = laad_data(data_dir, quotum.tabellen_voor(data_dir), polis_als_bestand=True)
q = quotum.tel_jaar(ds, jaar, quotumpercentage, t2_scenario, directe_einden)
pub = quotum.publicatie(q).publiceer(min_cel)
uit = schrijf(pub, uitvoer_map)
quotum.schrijf_intern(uit, q)
toon_titel(pub)
toon_status(ds, pub.min_cel)

# %% [markdown]
# ## Definities
#
# De definities komen uit de parameters die in het jaar golden en uit de parameters van deze run.

# %%
toon_definities(pub)

# %% [markdown]
# ## Quotumpercentage
#
# Het percentage is zo berekend dat, als alle grote werkgevers eraan voldoen, het aantal banen van de banenafspraak
# wordt gehaald (S3 Q83). Met de parameter `quotumpercentage` rekent het rapport met een ander percentage (wat-als).

# %% tags=["nbval-check-output"]
for s in quotum.SECTOREN:
    print(f"{s:<9} A {pub.tekst('quotumpercentage', 'A', sector=s):>9}  B {pub.tekst('quotumpercentage', 'B', sector=s):>9}  "
          f"D {pub.tekst('quotumpercentage', 'D', sector=s):>11}  F {pub.tekst('quotumpercentage', 'F', sector=s):>7}  "
          f"percentage {pub.tekst('quotumpercentage', 'quotumpercentage', sector=s):>7}")
print(pub.samenvatting())

# %%
display(Markdown(quotum.samenvatting_tekst(pub, q)))
toon_tabel(pub, "quotumpercentage")

# %% [markdown]
# ## Heffing per sector
#
# Het tekort staat er ook als er geen heffing is (het quotum van de sector is niet geactiveerd of de heffing is
# opgeschort). Aantallen werkgevers kleiner dan de drempel en totalen die vooral op één werkgever rusten, worden
# niet getoond.

# %%
toon_tabel(pub, "heffing_samenvatting")

# %% [markdown]
# ## Gevoeligheid voor de grens
#
# Werkgevers net onder de grens betalen niets, werkgevers net erboven wel (als het quotum van hun sector geactiveerd
# is en de heffing niet opgeschort). De tabel laat zien hoeveel werkgevers net
# onder en net boven de grens zitten (de breedte van die band is parameter `quotum.grens_band`), en welke heffing zij
# als grote werkgever zouden betalen.

# %%
toon_tabel(pub, "heffing_grens")

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Elke ingelezen rij is verantwoord. De tabel `heffing` per werkgever staat alleen in `tables/heffing.csv` (intern,
# voor de werkgeversbrieven; niet publiceren): niet in dit rapport en niet in het werkboek.

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(ds.reconciliatie))
