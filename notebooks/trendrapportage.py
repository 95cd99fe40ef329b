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
# # Trendrapportage banenafspraak
#
# Elk kwartaal laat de trendrapportage zien hoeveel banen, personen en werkzame personen er in de
# banenafspraak zijn, landelijk en in elk van de arbeidsmarktregio's, vergeleken met de nulmeting, het
# vorige kwartaal en hetzelfde kwartaal een jaar eerder. Bij elke regio hoort een factsheet van één
# pagina. De kwartaalcijfers zijn **indicatief**: alleen de landelijke monitor (31 december, volledige
# polis) is de officiële meting.

# %% tags=["parameters"]
kwartaal = "2023Q4"
regio = "alle"
jaargrondslagen = "jaarbegin"
volledigheid_maanden = None
data_dir = None
min_cel = None
nulmeting_bron = "data"
directe_einden = True
uitvoer_map = None

# %%
import matplotlib.pyplot as plt
import seaborn as sns
from IPython.display import Markdown, display

from banenafspraak import trend
from banenafspraak.rapport import laad_data, schrijf, toon_definities, toon_status, toon_tabel, toon_titel

sns.set_theme(style="whitegrid")
peil = trend.kwartaalpeil(kwartaal)
ds = laad_data(data_dir, trend.TABELLEN, polis_peildata=peil.alle, polis_als_bestand=True)
pub = trend.publicatie(ds, kwartaal, regio, jaargrondslagen, volledigheid_maanden, nulmeting_bron, ds.schaal,
                       directe_einden).publiceer(min_cel)
uit = schrijf(pub, uitvoer_map)
toon_titel(pub)
toon_status(ds, pub.min_cel)
display(Markdown(f"Peildatum: **{trend.datum_tekst(pub.bron.peildatum)}**. Indicatieve kwartaalcijfers."))

# %% [markdown]
# ## Definities
#
# De definities komen uit de regels die op de peildatum golden en uit de parameters van deze run.

# %%
toon_definities(pub)

# %% [markdown]
# ## Landelijke kerncijfers
#
# Banen tellen naar verloonde uren (een baan is 25,5 uur per week); werkzame personen ontvangen loon in
# het tijdvak van de peildatum. Daardoor verschilt het aantal werkzame personen van het aantal banen. Een
# `*` staat voor een cijfer dat niet wordt getoond omdat het op te weinig personen rust of een ander
# verborgen cijfer zou verraden.

# %% tags=["nbval-check-output"]
for ind in trend.INDICATOREN:
    print(f"{ind:<18} {pub.tekst('kerncijfers', 'waarde', regio='NL', indicator=ind):>10}  "
          f"nulmeting {pub.tekst('kerncijfers', 'verschil_nulmeting', regio='NL', indicator=ind):>9}  "
          f"vorig kwartaal {pub.tekst('kerncijfers', 'verschil_vorig_kwartaal', regio='NL', indicator=ind):>8}  "
          f"vorig jaar {pub.tekst('kerncijfers', 'verschil_zelfde_kwartaal_vorig_jaar', regio='NL', indicator=ind):>8}")
print(pub.samenvatting())

# %%
display(Markdown(trend.samenvatting_tekst(pub)))
display(trend.kerncijfers_weergave(pub, "NL").style.hide(axis="index"))

# %% [markdown]
# ## Banen naar soort
#
# Inleen (uitzendcontracten, detachering en payrolling) is in de kwartaalcijfers een eigen soort: anders
# dan in de landelijke monitor wordt inleen niet met een verdeelsleutel over markt en overheid verdeeld.

# %%
toon_tabel(pub, "banen_soort", regio="NL")

# %% [markdown]
# ## Personen naar categorie
#
# Iedere persoon valt in precies één categorie, op basis van de grondslag(en) in het doelgroepregister.

# %%
toon_tabel(pub, "personen_categorie", regio="NL")

# %% [markdown]
# ## De arbeidsmarktregio's vergeleken
#
# Per arbeidsmarktregio (woonplaats van de persoon, niet de werkplek) de extra banen ten opzichte van de
# nulmeting en het aandeel werkzame personen, gerangschikt van hoog naar laag.

# %%
ro = pub["regio_overzicht"]
if len(ro) > 1:
    fig = trend.figuur_regio_overzicht(pub)
    uit.figuur(fig, "regio_overzicht", "Extra banen en aandeel werkzaam per arbeidsmarktregio")
toon_tabel(pub, "regio_overzicht")

# %% [markdown]
# ## Ontwikkeling sinds 2015
#
# Banen naar soort en personen per kwartaal. Vergelijk alleen hetzelfde kwartaal van verschillende jaren:
# in het eerste kwartaal worden minder uren verloond dan in het vierde (seizoen).

# %% tags=["nbval-check-output"]
for q in pub.bron.tabellen["reeks"].data.query("regio == 'NL'")["kwartaal"].tolist()[-5:]:
    print(f"{q}  personen {pub.tekst('reeks', 'personen', kwartaal=q, regio='NL'):>8}  "
          f"werkzaam {pub.tekst('reeks', 'werkzame_personen', kwartaal=q, regio='NL'):>8}  "
          f"banen {pub.tekst('reeks', 'banen', kwartaal=q, regio='NL'):>9}")

# %%
fig = trend.figuur_reeks(pub, "NL")
uit.figuur(fig, "reeks_nl", "Banen naar soort en personen per kwartaal, Nederland")
toon_tabel(pub, "reeks", regio="NL")

# %% [markdown]
# ## Volledigheid van de polis
#
# Een kwartaalcijfer wordt ongeveer vier maanden na de peildatum gemaakt. Loonaangiften die later zijn
# verwerkt, tellen niet mee; de tabel laat zien hoeveel dat er waren, per soort aangiftetijdvak.
# Werkgevers die per jaar aangifte doen, leveren die pas na afloop van het jaar: in de cijfers van het
# eerste tot en met het derde kwartaal ontbreken hun opgaven daarom meestal helemaal.

# %%
toon_tabel(pub, "volledigheid")

# %% [markdown]
# ## Factsheets
#
# Voor Nederland en elke arbeidsmarktregio een factsheet van één pagina (PDF en HTML), met dezelfde
# onderdrukte cijfers als de tabellen hierboven.

# %%
bestanden = trend.schrijf_factsheets(pub, uitvoer_map, synthetisch=ds.meta.get("bron") == "synthetisch")
display(Markdown(f"{len(bestanden) // 2} factsheets geschreven" + (" in `factsheets/`." if uitvoer_map else
                                                                  " (niet opgeslagen: geen uitvoermap).")))

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Elke ingelezen rij is verantwoord: hoeveel rijen per bron zijn gelezen en welke om welke regel buiten
# de telling op de peildatum blijven. Alleen voor de controle binnen het bureau (niet publiceren).

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(ds.reconciliatie))
