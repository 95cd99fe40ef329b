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
# # Monitor arbeidsparticipatie arbeidsbeperkten
#
# Hoe ontwikkelt de arbeidsparticipatie van mensen met een arbeidsbeperking zich? Deze monitor volgt drie
# groepen: **Wajongers met arbeidsvermogen**, **WGA-gerechtigden** en **Participatiewetters in het
# doelgroepregister**: hoeveel mensen het zijn, hoeveel er werken, wie ze zijn, waarom het aandeel
# werkenden verandert en bij welke werkgevers ze werken.

# %% tags=["parameters"]
van_jaar = 2013
tot_jaar = 2023
data_dir = None
min_cel = None
nulmeting_bron = "data"
afronden = False
t2_scenario = "geregistreerd"
directe_einden = True
uitvoer_map = None

# %%
import matplotlib.pyplot as plt
import seaborn as sns
from IPython.display import Markdown, display

from banenafspraak import participatie as pa
from banenafspraak.rapport import schrijf, toon_definities, toon_status, toon_tabel

sns.set_theme(style="whitegrid")
ds = pa.laad(data_dir, van_jaar, tot_jaar)
pub = pa.publicatie(ds, van_jaar, tot_jaar, t2_scenario, directe_einden, afronden).publiceer(min_cel)
uit = schrijf(pub, uitvoer_map)
toon_status(ds, pub.min_cel)

# %% [markdown]
# ## Definities
#
# De groepen worden bepaald op **31 december** van elk jaar. Iemand kan in meer groepen vallen
# (bijvoorbeeld een Wajonger met arbeidsvermogen die ook WGA heeft); hij telt dan in elke groep mee.

# %%
toon_definities(pub)

# %% tags=["nbval-check-output"]
for _, r in pub["participatie"].iterrows():
    s = dict(jaar=r["jaar"], groep=r["groep"])
    print(f"{r['jaar']} {r['groep']:<24} personen {pub.tekst('participatie', 'personen', **s):>8}  "
          f"werkend {pub.tekst('participatie', 'werkend', **s):>8}  aandeel {pub.tekst('participatie', 'aandeel_werkend', **s):>6}")
print(pub.samenvatting())

# %%
def t(kolom, groep):
    return pub.md("participatie", kolom, jaar=tot_jaar, groep=groep)

display(Markdown(f"""
### Stand eind {tot_jaar}

Eind {tot_jaar} waren er {t('personen', 'wajong_arbeidsvermogen')} Wajongers met arbeidsvermogen, van wie
{t('aandeel_werkend', 'wajong_arbeidsvermogen')} werkte; {t('personen', 'wga')} WGA-gerechtigden
({t('aandeel_werkend', 'wga')} werkend) en {t('personen', 'pw_doelgroepregister')} Participatiewetters in het
doelgroepregister ({t('aandeel_werkend', 'pw_doelgroepregister')} werkend). Een `*` staat voor een cijfer dat
niet wordt getoond omdat het op te weinig personen rust of een ander verborgen cijfer zou verraden.
"""))
part = pub["participatie"]
fig, ax = plt.subplots(figsize=(9, 4))
for groep, d in part.groupby("groep", sort=False):
    ax.plot(d["jaar"], d["aandeel_werkend"].astype(float), marker="o", label=pa.GROEP_LABEL[groep])
ax.set_ylim(0, 1)
ax.set_ylabel("aandeel werkend")
ax.set_title("Aandeel werkenden per groep (december)")
ax.legend(fontsize=8)
uit.figuur(fig, "aandeel_werkend", "Aandeel werkenden per groep")
toon_tabel(pub, "participatie")

# %% [markdown]
# ## Kenmerken
#
# Geslacht, leeftijd en arbeidsmarktregio (woonplaats) van elke groep en het aandeel werkenden daarbinnen.

# %% tags=["nbval-check-output"]
ken = pub["kenmerken"]
for i, r in ken.loc[ken["kenmerk"] != "regio"].iterrows():
    print(f"{r['groep']:<24} {r['waarde']:<12} personen {pub.tabellen['kenmerken'].weergave(False).at[i, 'personen']:>8}  "
          f"werkend {pub.tabellen['kenmerken'].weergave(False).at[i, 'aandeel_werkend']:>6}")

# %%
toon_tabel(pub, "kenmerken")

# %% [markdown]
# ## Waarom verandert het aandeel werkenden?
#
# Per groep: wie in beide jaren in de groep zat en werk behield, vond, verloor of zonder werk bleef, en wie
# in- of uitstroomde. De stand van vorig jaar plus instroom min uitstroom is de stand van dit jaar.

# %% tags=["nbval-check-output"]
o = pub["overgangen"]
for i, r in o.loc[o["jaar"] == tot_jaar].iterrows():
    print(f"{r['groep']:<24} {r['overgang']:<24} {pub.tabellen['overgangen'].weergave(False).at[i, 'personen']:>8}")

# %%
d = o.loc[(o["jaar"] == tot_jaar) & o["overgang"].isin(pa.OVERGANGEN[:4])]
fig, ax = plt.subplots(figsize=(9, 4))
sns.barplot(data=d.assign(groep=d["groep"].map(pa.GROEP_LABEL), personen=d["personen"].astype(float)),
            x="groep", y="personen", hue="overgang", ax=ax)
ax.set_title(f"Overgangen {tot_jaar - 1}-{tot_jaar}")
ax.set_xlabel("")
uit.figuur(fig, "overgangen", "Overgangen in en uit werk")
toon_tabel(pub, "overgangen", jaar=tot_jaar)

# %% [markdown]
# ## Werkgevers
#
# Hoeveel verschillende werkgevers iemand uit de groep in dienst hebben, naar sector en grootteklasse
# (uit de verloonde uren van de werkgever), en hoe geconcentreerd dat is. Iedere persoon telt per kenmerk
# één keer, bij de werkgever van de baan met de meeste uren in december, zodat de rijen optellen tot de
# werkenden. Cijfers waarin één werkgever te zwaar weegt, worden niet getoond; dat kan doorwerken tot in
# de kopcijfers (een `*` bij werkend).

# %% tags=["nbval-check-output"]
for _, r in pub["concentratie"].iterrows():
    print(f"{r['groep']:<24} werkgevers {pub.tekst('concentratie', 'werkgevers', groep=r['groep']):>7}  "
          f"top-10 {pub.tekst('concentratie', 'aandeel_banen_top10', groep=r['groep']):>6}  "
          f"met één baan {pub.tekst('concentratie', 'aandeel_werkgevers_met_een_baan', groep=r['groep']):>6}")

# %%
toon_tabel(pub, "werkgevers")
toon_tabel(pub, "concentratie")

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Deze verantwoording bevat ongeschoonde aantallen: alleen voor de controle binnen het bureau. Ze staat
# niet in de HTML en niet in het werkboek, wel in `reconciliatie.json` van de run (niet publiceren).

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(ds.reconciliatie))
