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
# # Landelijke monitor banenafspraak
#
# De landelijke monitor is de officiële meting van de banenafspraak (Wet banenafspraak en quotum
# arbeidsbeperkten). Hij laat zien hoeveel banen er op 31 december van het verslagjaar zijn voor
# mensen uit de doelgroep, hoeveel daarvan er zijn bijgekomen ten opzichte van de nulmeting, en hoe
# dat zich verhoudt tot de afgesproken aantallen voor de marktsector en de overheid. Op basis van
# deze meting kan het kabinet besluiten de quotumregeling te activeren.

# %% tags=["parameters"]
jaar = 2023
data_dir = None
min_cel = None
nulmeting_bron = "data"
t2_scenario = "geregistreerd"
directe_einden = True
uitvoer_map = None

# %%
import matplotlib.pyplot as plt
import seaborn as sns
from IPython.display import Markdown, display

from banenafspraak import monitor
from banenafspraak.rapport import laad_data, schrijf, toon_definities, toon_status, toon_tabel, toon_titel
from banenafspraak.register import CATEGORIE_LABEL
from banenafspraak.sector import SECTOR_LABEL

sns.set_theme(style="whitegrid")
ds = laad_data(data_dir, monitor.TABELLEN, polis_peildata=monitor.peildata(jaar), polis_als_bestand=True)
pub = monitor.publicatie(ds, jaar, nulmeting_bron, ds.schaal, t2_scenario, directe_einden).publiceer(min_cel)
uit = schrijf(pub, uitvoer_map)
toon_titel(pub)
toon_status(ds, pub.min_cel)

# %% [markdown]
# ## Definities
#
# De definities hieronder komen uit de regels die op de peildatum golden. De doelgroep bestaat uit
# de personen met op de peildatum een geldige grondslag in het doelgroepregister.

# %%
toon_definities(pub)

# %% tags=["nbval-check-output"]
for s in ("markt", "overheid", "totaal"):
    print(f"{s:<9} banen {pub.tekst('banen_sector', 'banen', sector=s):>9}  "
          f"extra {pub.tekst('banen_sector', 'extra_banen', sector=s):>8}  "
          f"doelstelling {pub.tekst('banen_sector', 'doelstelling', sector=s):>8}  "
          f"verschil {pub.tekst('banen_sector', 'verschil', sector=s):>8}")
print(pub.samenvatting())

# %%
verschil = pub.waarde("banen_sector", "verschil", sector="totaal")
doel = pub.waarde("banen_sector", "doelstelling", sector="totaal")
zin = ("Voor dit jaar geldt nog geen doelstelling." if doel is None else
       "Of de doelstelling is gehaald, kan niet worden getoond (te weinig personen)." if verschil is None else
       "Daarmee is de doelstelling gehaald." if verschil >= 0 else "Daarmee is de doelstelling niet gehaald.")
display(Markdown(f"""
### Resultaat {jaar}

Op 31 december {jaar} waren er **{pub.md("banen_sector", "banen", sector="totaal")} banen** voor mensen
uit de doelgroep. Dat zijn **{pub.md("banen_sector", "extra_banen", sector="totaal")} extra banen** ten
opzichte van de nulmeting ({pub.md("banen_sector", "nulmeting", sector="totaal")} banen,
{"berekend uit de data" if nulmeting_bron == "data" else "officiële nulmeting"}). De doelstelling voor {jaar}
was {pub.md("banen_sector", "doelstelling", sector="totaal")} extra banen. {zin}

In de **marktsector** kwamen er {pub.md("banen_sector", "extra_banen", sector="markt")} banen bij
(doelstelling {pub.md("banen_sector", "doelstelling", sector="markt")}); bij de **overheid**
{pub.md("banen_sector", "extra_banen", sector="overheid")} (doelstelling
{pub.md("banen_sector", "doelstelling", sector="overheid")}). Een `*` staat voor een cijfer dat niet
wordt getoond omdat het op te weinig personen rust of een ander verborgen cijfer zou verraden; `-`
betekent niet van toepassing.
"""))
toon_tabel(pub, "banen_sector")

# %% [markdown]
# ## Personen naar categorie
#
# Iedere persoon wordt ingedeeld in precies één categorie op basis van de grondslag(en) waarmee hij of
# zij in het doelgroepregister staat. Bij meerdere grondslagen gaat Wsw-detachering voor, daarna
# Wajong en Wsw voor de Participatiewet; Wajong met Wsw begeleid werk is een eigen subcategorie.

# %% tags=["nbval-check-output"]
for c in ("wajong", "participatiewet", "wsw_wiwid", "totaal"):
    if pub.bron.tabellen["personen_categorie"].rijen(categorie=c, subcategorie="totaal"):
        print(f"{c:<16} personen {pub.tekst('personen_categorie', 'personen', categorie=c, subcategorie='totaal'):>8}  "
              f"werkzaam {pub.tekst('personen_categorie', 'werkzame_personen', categorie=c, subcategorie='totaal'):>8}  "
              f"banen {pub.tekst('personen_categorie', 'banen', categorie=c, subcategorie='totaal'):>8}")

# %%
toon_tabel(pub, "personen_categorie")

# %% [markdown]
# ## Ontwikkeling sinds de nulmeting
#
# De reeks laat per jaar (december) de banen en de extra banen ten opzichte van de nulmeting zien,
# naast de doelstelling. De doelstellingen gelden vanaf 2015.

# %% tags=["nbval-check-output"]
reeks = pub["reeks"]
for _, r in reeks.loc[reeks["sector"] == "totaal"].iterrows():
    i = pub.bron.tabellen["reeks"].rij(jaar=r["jaar"], sector="totaal")
    print(f"{r['jaar']}  banen {pub.tekst('reeks', 'banen', jaar=r['jaar'], sector='totaal'):>9}  "
          f"extra {pub.tekst('reeks', 'extra_banen', jaar=r['jaar'], sector='totaal'):>8}  "
          f"doel {pub.tekst('reeks', 'doelstelling', jaar=r['jaar'], sector='totaal'):>8}")

# %%
if len(reeks):
    fig, assen = plt.subplots(1, 3, figsize=(14, 4))
    for as_, s in zip(assen, ("markt", "overheid", "totaal")):
        d = reeks.loc[reeks["sector"] == s]
        as_.plot(d["jaar"], d["extra_banen"].astype(float), marker="o", label="extra banen")
        as_.plot(d["jaar"], d["doelstelling"].astype(float), marker="s", linestyle="--", label="doelstelling")
        as_.set_title(SECTOR_LABEL[s])
        as_.set_xlabel("jaar (december)")
    assen[0].set_ylabel("banen t.o.v. nulmeting")
    assen[0].legend()
    fig.suptitle("Extra banen tegenover de doelstelling")
    uit.figuur(fig, "banen_doelstelling", "Extra banen tegenover de doelstelling per sector")
    toon_tabel(pub, "reeks")
else:
    display(Markdown("Het verslagjaar is het jaar van de nulmeting: er is nog geen reeks."))

# %% [markdown]
# ## Banengroei bruto en netto
#
# UWV rapporteert de banengroei alleen netto ("op dit moment niet mogelijk" om de bruto groei en krimp te
# laten zien). Hier staat de groei van 31 december van het vorige jaar tot 31 december van het verslagjaar
# uitgesplitst: banen van personen die in- en uitstroomden, nieuwe en beëindigde banen van personen die in
# de doelgroep bleven, en meer of minder uren in banen die op beide peildata bestonden. Netto is precies het
# verschil van de gepubliceerde banen (tabel reeks). Inleen is met de verdeelsleutel van elke peildatum over
# markt en overheid verdeeld. Banen die tussen de twee peildata beginnen én eindigen zijn niet zichtbaar.

# %% tags=["nbval-check-output"]
if "bruto_netto" in pub.bron.tabellen:
    for c in ("bruto_toename", "bruto_afname", "netto"):
        print(f"{c:<14}", *(f"{s} {pub.tekst('bruto_netto', 'banen', soort=s, component=c):>9}" for s in ("markt", "overheid", "totaal")))

# %%
if "bruto_netto" in pub.bron.tabellen:
    van = pub.bron.info["bruto_netto_van"]
    voor = (pub.waarde("reeks", "banen", jaar=jaar - 1, sector="totaal") if (pub["reeks"]["jaar"] == jaar - 1).any()
            else pub.waarde("banen_sector", "nulmeting", sector="totaal"))
    fig = monitor.figuur_waterval(pub, voor, pub.waarde("banen_sector", "banen", sector="totaal"),
                                  f"Banen {van} → 31 december {jaar}, totaal", soort="totaal")
    uit.figuur(fig, "bruto_netto", "Banengroei bruto en netto, totaal")
    toon_tabel(pub, "bruto_netto")
else:
    display(Markdown("Het verslagjaar is het jaar van de nulmeting: er is nog geen groei te ontleden."))

# %% [markdown]
# ## Samenstelling van de doelgroep

# %%
samenstelling = pub["samenstelling"]
if len(samenstelling):
    fig, ax = plt.subplots(figsize=(9, 4))
    breed = samenstelling.pivot(index="jaar", columns="categorie", values="personen").astype(float).rename(columns=CATEGORIE_LABEL)
    breed.plot.bar(stacked=True, ax=ax)
    ax.set_ylabel("personen")
    ax.set_title("Samenstelling van de doelgroep naar categorie (december)")
    uit.figuur(fig, "samenstelling", "Samenstelling van de doelgroep naar categorie")
else:
    display(Markdown("Het verslagjaar is het jaar van de nulmeting: er is nog geen reeks."))

# %% [markdown]
# ## Beleidsvariant: de t+2-regel
#
# Wie niet meer aan de criteria voldeed, bleef volgens de t+2-regel geregistreerd tot 31 december van
# het tweede jaar daarna. De uitvoering werd in 2017 opgeschort; per 1 januari 2020 is de regel
# afgeschaft. De tabel toont de telling op de peildatum zoals het register is bijgehouden, als de regel
# altijd was toegepast, en als hij nooit had bestaan.

# %% tags=["nbval-check-output"]
for sc in ("geregistreerd", "altijd", "afgeschaft"):
    print(f"{sc:<14} personen {pub.tekst('t2_scenarios', 'personen', scenario=sc):>8}  "
          f"banen {pub.tekst('t2_scenarios', 'banen', scenario=sc):>9}")

# %%
a, b = (pub.waarde("t2_scenarios", "personen", scenario=sc) for sc in ("geregistreerd", "altijd"))
ba, bb = (pub.waarde("t2_scenarios", "banen", scenario=sc) for sc in ("geregistreerd", "altijd"))
if None in (a, b, ba, bb):
    display(Markdown("Het verschil tussen de scenario's wordt niet getoond: het rust op te weinig personen."))
else:
    from banenafspraak.rapport import getal

    display(Markdown(f"Als de t+2-regel altijd was toegepast, waren er op de peildatum {getal(a - b)} personen minder "
                     f"in de doelgroep en {getal(ba - bb, 1)} banen minder geteld."))
toon_tabel(pub, "t2_scenarios")

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Elke ingelezen rij is verantwoord: hoeveel rijen per bron zijn gelezen en welke om welke regel buiten
# de telling op de peildatum blijven.
#
# Deze verantwoording bevat ongeschoonde aantallen: alleen voor de controle binnen het bureau. Ze staat
# niet in de HTML en niet in het werkboek, wel in `reconciliatie.json` van de run (niet publiceren).

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(ds.reconciliatie))
