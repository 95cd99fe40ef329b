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
# # Rapportage beschut werk
#
# Beschut werk is werk in een beschutte omgeving voor mensen die zoveel begeleiding of aanpassing van de
# werkplek nodig hebben dat dit niet van een reguliere werkgever mag worden verwacht. Het hoort niet bij de
# banenafspraak: een beschutte werkplek telt niet als baan. Elk kwartaal laat deze rapportage zien hoeveel
# adviezen beschut werk zijn aangevraagd en positief beoordeeld, hoeveel mensen een geldige indicatie hebben
# en hoeveel van hen op een beschutte werkplek werken, landelijk en per arbeidsmarktregio. De cijfers zijn
# **indicatief**.

# %% tags=["parameters"]
kwartaal = "2023Q4"
regio = "alle"
volledigheid_maanden = None
directe_einden = True
data_dir = None
min_cel = None
nulmeting_bron = "data"
uitvoer_map = None

# %%
from IPython.display import Markdown, display

from banenafspraak import beschut
from banenafspraak.rapport import laad_data, schrijf, toon_definities, toon_status, toon_tabel, toon_titel

peil = beschut.beschutpeil(kwartaal)
ds = laad_data(data_dir, beschut.tabellen_voor(data_dir), polis_peildata=peil.alle, polis_als_bestand=True)
pub = beschut.publicatie(ds, kwartaal, regio, volledigheid_maanden, directe_einden).publiceer(min_cel)
uit = schrijf(pub, uitvoer_map)
toon_titel(pub)
toon_status(ds, pub.min_cel)

# %% [markdown]
# ## Definities
#
# De definities komen uit de regels die op de peildatum golden en uit de parameters van deze run.

# %%
toon_definities(pub)

# %% [markdown]
# ## Landelijk
#
# Aanvragen en positieve adviezen tellen op vanaf 2015; geldige indicaties en werkzamen zijn de stand op de
# peildatum. Een `*` staat voor een cijfer dat niet wordt getoond omdat het op te weinig personen rust of een
# ander verborgen cijfer zou verraden, ook via het verschil met een vorig kwartaal.

# %% tags=["nbval-check-output"]
for k in ("aanvragen_gemeente", "aanvragen_burger", "aanvragen", "positieve_adviezen", "geldige_indicatie",
          "werkzaam", "aandeel_werkzaam", "verschil_werkzaam"):
    print(f"{k:<22} {pub.tekst('beschut_stand', k, regio='NL'):>8}")
print(pub.samenvatting())

# %%
for r in pub["beschut_stand"]["regio"]:
    if r != "onbekend":
        display(Markdown(beschut.samenvatting_tekst(pub, r)))
toon_tabel(pub, "beschut_stand", regio="NL")

# %% [markdown]
# ## Ontwikkeling sinds december 2015

# %%
fig = beschut.figuur_reeks(pub, "NL")
uit.figuur(fig, "reeks_nl", "Geldige indicaties en werkzamen per kwartaal, Nederland")
toon_tabel(pub, "beschut_reeks", regio="NL")
if len(pub["beschut_stand"]) == 2:  # a run of one region: its own series too
    r = pub["beschut_stand"]["regio"].iloc[1]
    fig = beschut.figuur_reeks(pub, r)
    uit.figuur(fig, f"reeks_{r.lower()}", f"Geldige indicaties en werkzamen per kwartaal, {pub.bron.info['regio_namen'][r]}")
    toon_tabel(pub, "beschut_reeks", regio=r)

# %% [markdown]
# ## De arbeidsmarktregio's vergeleken
#
# Per arbeidsmarktregio (woonplaats, niet de gemeente die het advies aanvroeg) het aandeel van de mensen met
# een geldige indicatie dat op een beschutte werkplek werkt, van hoog naar laag. Een regio waarvan het aandeel
# niet getoond kan worden, staat onderaan zonder rang. Cijfers per gemeente worden niet gemaakt (S2 Q37).

# %%
display(Markdown(beschut.ranglijst_tekst(pub)))
if beschut.ranglijst(pub)["rang"].notna().any():
    fig = beschut.figuur_ranglijst(pub)
    uit.figuur(fig, "ranglijst", "Aandeel werkzaam per arbeidsmarktregio")
if len(beschut.ranglijst(pub)):
    display(beschut.ranglijst_weergave(pub).style.hide(axis="index"))
toon_tabel(pub, "beschut_stand")

# %% [markdown]
# ## Werkzaam en de taakstelling
#
# Gemeenten moeten elk jaar ten minste een aantal beschutte werkplekken realiseren (Regeling Participatiewet,
# IOAW en IOAZ, artikel 15b en bijlage II). Deze rapportage telt personen met loon; SZW telt dienstbetrekkingen van
# gemiddeld 31 uur per week. De vergelijking is dus indicatief. De taakstellingen van de gemeenten zijn per
# arbeidsmarktregio opgeteld.

# %%
if "beschut_taakstelling" in pub.tabellen:
    toon_tabel(pub, "beschut_taakstelling")
else:
    display(Markdown("Geen taakstelling in de data (tabel `beschut_taakstelling` ontbreekt)."))

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Elke ingelezen rij is verantwoord: hoeveel rijen per bron zijn gelezen en welke om welke regel buiten
# de telling op de peildatum blijven, ook wie loon uit een beschutte werkplek heeft zonder geldige indicatie
# (gegevenskwaliteit). Alleen voor de controle binnen het bureau (niet publiceren).

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(ds.reconciliatie))
