# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Duurzaamheid van werk binnen de banenafspraak
#
# Hoe duurzaam is het werk van mensen uit de doelgroep van de banenafspraak? Dit rapport volgt iedereen
# die in een periode van vier kwartalen aan een nieuwe baan begon (een *cohort* starters) en kijkt na een
# vaste termijn (zie de definities): werkt de persoon nog (**werkbehoud**), en nog in dezelfde
# inkomstenverhouding (**baanbehoud**)? Daarnaast: hoeveel van alle werkenden een jaar later nog werken,
# het type contract, de duur van lopende dienstverbanden, en hoe lang starters aan het werk blijven.

# %% tags=["parameters"]
cohort = 2023
eerste_cohort = 2016
data_dir = None
min_cel = None
nulmeting_bron = "data"
t2_scenario = "geregistreerd"
directe_einden = True
venster_start_maand = None
venster_maanden = None
behoud_na_maanden = None
uitvoer_map = None

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

from banenafspraak import duurzaamheid as dz
from banenafspraak.rapport import schrijf, toon_definities, toon_status, toon_tabel
from banenafspraak.register import CATEGORIE_LABEL

sns.set_theme(style="whitegrid")
basis, polis, december = dz.laad(data_dir, cohort)
pub = dz.publicatie(basis, polis, december, cohort, eerste_cohort, t2_scenario, directe_einden, venster_start_maand,
                    venster_maanden, behoud_na_maanden, min_cel=min_cel).publiceer()
uit = schrijf(pub, uitvoer_map)
toon_status(basis, pub.min_cel)

# %% [markdown]
# ## Definities

# %%
toon_definities(pub)

# %% tags=["nbval-check-output"]
for _, r in pub["werkbehoud"].loc[pub["werkbehoud"]["doelgroep"] == "totaal"].iterrows():
    c = int(r["cohort"])
    print(f"cohort {c}: starters {pub.tekst('werkbehoud', 'starters', cohort=c, doelgroep='totaal'):>7}  "
          f"werkbehoud {pub.tekst('werkbehoud', 'werkbehoud', cohort=c, doelgroep='totaal'):>6}  "
          f"baanbehoud {pub.tekst('werkbehoud', 'baanbehoud', cohort=c, doelgroep='totaal'):>6}")
print(pub.samenvatting())

# %%
display(Markdown(dz.tekst_cohort(pub)))
toon_tabel(pub, "werkbehoud", cohort=cohort)

# %%
wb = pub["werkbehoud"]
lang = wb.melt(id_vars=["cohort", "doelgroep"], value_vars=["werkbehoud", "baanbehoud"], var_name="maat", value_name="aandeel")
lang["doelgroep"] = lang["doelgroep"].map(CATEGORIE_LABEL)
lang["aandeel"] = lang["aandeel"].astype(float)
fig, ax = plt.subplots(figsize=(10, 4.5))
sns.lineplot(data=lang, x="cohort", y="aandeel", hue="doelgroep", style="maat", marker="o", ax=ax)
ax.set_ylim(0, 1)
ax.set_ylabel("aandeel van de starters")
ax.set_title("Werkbehoud en baanbehoud een jaar na de start, per cohort")
ax.legend(loc="lower left", fontsize=8)
uit.figuur(fig, "trend_werkbehoud", "Werkbehoud en baanbehoud per cohort")
toon_tabel(pub, "werkbehoud")

# %% [markdown]
# ## Alle werkenden

# %%
display(Markdown(dz.tekst_werkenden(pub)))

# %% tags=["nbval-check-output"]
for j in pub["werkenden_behoud"]["jaar"]:
    print(f"{int(j) - 1}-{int(j)}: werkenden {pub.tekst('werkenden_behoud', 'werkenden', jaar=j):>7}  "
          f"werkbehoud {pub.tekst('werkenden_behoud', 'werkbehoud', jaar=j):>6}  "
          f"baanbehoud {pub.tekst('werkenden_behoud', 'baanbehoud', jaar=j):>6}")

# %%
toon_tabel(pub, "werkenden_behoud")

# %% [markdown]
# ## Contractvorm en duur van dienstverbanden

# %% tags=["nbval-check-output"]
d = pub["duur"]
if len(d):
    print(f"{int(d['jaar'].iloc[0])}: gemiddelde duur {pub.tekst('duur', 'gemiddelde_duur_jaren', duur=d['duur'].iloc[0])} jaar, "
          f"uren onbepaalde tijd {pub.tekst('duur', 'aandeel_uren_onbepaald', duur=d['duur'].iloc[0])}")

# %%
toon_tabel(pub, "contract")
toon_tabel(pub, "duur")

# %% [markdown]
# ## Hoe lang blijven starters aan het werk?
#
# De overlevingscurve (Kaplan-Meier) toont per doelgroep welk deel van de starters na zoveel maanden nog
# onafgebroken werkt (**werk**) of nog in de baan zit waarmee het begon (**baan**). Wie overlijdt,
# emigreert of de AOW-leeftijd bereikt, of wiens gegevens ophouden, telt tot dat moment mee
# (gecensureerd). Punten die op te weinig personen rusten, worden niet getoond.

# %%
display(Markdown(dz.tekst_kaplan_meier(pub)))
km = pub["kaplan_meier"]
if len(km):
    fig, assen = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
    for as_, (soort, d) in zip(assen, km.groupby("soort", sort=False)):
        for dg, g in d.groupby("doelgroep", sort=False):
            as_.step(g["maand"], g["overleving"].astype(float), where="post", label=CATEGORIE_LABEL[dg])
        as_.set_title("nog aan het werk" if soort == "werk" else "nog in dezelfde baan")
        as_.set_xlabel("maanden na de start")
    assen[0].set_ylabel("aandeel")
    assen[0].legend(fontsize=8)
    uit.figuur(fig, "kaplan_meier", "Kaplan-Meier per doelgroep")
    toon_tabel(pub, "kaplan_meier")

# %% [markdown]
# ## Welke kenmerken hangen samen met werkbehoud?
#
# Dit zijn **samenhangen, geen effecten**: de kenmerken zijn niet willekeurig toegewezen.

# %%
display(Markdown(dz.tekst_regressie(pub)))
if len(pub["regressie_werkbehoud"]):
    toon_tabel(pub, "regressie_werkbehoud")

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Deze verantwoording bevat ongeschoonde aantallen: alleen voor de controle binnen het bureau. Ze staat
# niet in de HTML en niet in het werkboek, wel in `reconciliatie.json` van de run (niet publiceren).

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(basis.reconciliatie))
