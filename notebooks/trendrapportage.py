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
# vorige kwartaal en hetzelfde kwartaal een jaar eerder, met het verloop van personen in en uit de
# doelgroep en de bruto en netto banengroei. Bij elke regio hoort een factsheet van twee pagina's. De
# kwartaalcijfers zijn **indicatief**: alleen de landelijke monitor (31 december, volledige
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
verloop_van = "vorig_kwartaal"
uitvoer_map = None

# %%
import matplotlib.pyplot as plt
import seaborn as sns
from IPython.display import Markdown, display

from banenafspraak import trend
from banenafspraak.factsheet import beschikbare_processen
from banenafspraak.rapport import laad_data, schrijf, toon_definities, toon_status, toon_tabel, toon_titel

sns.set_theme(style="whitegrid")
peil = trend.kwartaalpeil(kwartaal)
ds = laad_data(data_dir, trend.TABELLEN, polis_peildata=peil.alle, polis_als_bestand=True)
pub = trend.publicatie(ds, kwartaal, regio, jaargrondslagen, volledigheid_maanden, nulmeting_bron, ds.schaal,
                       directe_einden, verloop_van).publiceer(min_cel)
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
# ## Verloop van personen
#
# Wie kwam er tussen de twee kwartalen in de doelgroep, wie ging eruit en waarom, en wie vond, behield of
# verloor werk? Iedere persoon is precies één keer uitstromer, instromer of blijver, met één reden; de
# voorraad sluit: vorige stand − uitstroom + instroom = huidige stand (gecontroleerd bij elke run). Een
# verhuizing naar een andere arbeidsmarktregio is uitstroom voor de ene en instroom voor de andere regio;
# voor Nederland blijft de persoon. Personen van wie geen reden te vinden is, staan onder *overig*.

# %% tags=["nbval-check-output"]
vk = pub.bron.info["verloop_kwartalen"][0]
for stroom, status in (("uitstroom", "totaal"), ("uitstroom", "werkzaam"), ("instroom", "totaal"), ("instroom", "werkzaam")):
    print(f"{stroom:<10} {status:<9} {pub.tekst('verloop_samenvatting', 'personen', van_kwartaal=vk, regio='NL', stroom=stroom, werkzaam_status=status, reden='totaal'):>7}")
for status in ("behoudt_werk", "vindt_werk", "verliest_werk", "zonder_werk"):
    print(f"blijver    {status:<13} {pub.tekst('verloop_samenvatting', 'personen', van_kwartaal=vk, regio='NL', stroom='blijver', werkzaam_status=status, reden=''):>7}")

# %%
display(Markdown(trend.verloop_tekst(pub)))
fig = trend.figuur_verloop(pub, "NL")
uit.figuur(fig, "verloop_nl", "Verloop van personen, Nederland")
toon_tabel(pub, "verloop_samenvatting", regio="NL")

# %% [markdown]
# ## Banengroei bruto en netto
#
# UWV rapporteert de banengroei alleen netto. Hier staat ook de bruto toename en afname: banen van
# instromers en uitstromers, nieuwe en beëindigde banen van blijvers, en meer of minder uren in banen die
# op beide peildata bestonden. Netto is precies het verschil van de gepubliceerde banen. Banen die tussen
# de twee peildata beginnen én eindigen zijn niet zichtbaar.

# %% tags=["nbval-check-output"]
for v in ("zelfde_kwartaal_vorig_jaar", "vorig_kwartaal"):
    print(v, *(f"{c} {pub.tekst('bruto_netto', 'banen', vergelijking=v, regio='NL', soort='totaal', component=c)}"
               for c in ("bruto_toename", "bruto_afname", "netto")))

# %%
fig = trend.figuur_bruto_netto(pub, "NL")
uit.figuur(fig, "bruto_netto_nl", "Banengroei bruto en netto, Nederland")
toon_tabel(pub, "bruto_netto", regio="NL", soort="totaal")

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
# Voor Nederland en elke arbeidsmarktregio een factsheet (PDF en HTML): de kerncijfers en grafiek 1-3 op
# de eerste pagina, het verloop (grafiek 4) op de tweede, met dezelfde onderdrukte cijfers als de tabellen
# hierboven.

# %%
bestanden = trend.schrijf_factsheets(pub, uitvoer_map, synthetisch=ds.meta.get("bron") == "synthetisch",
                                     processen=beschikbare_processen())
display(Markdown(f"{len(bestanden) // 2} factsheets geschreven" + (" in `factsheets/`." if uitvoer_map else
                                                                  " (niet opgeslagen: geen uitvoermap).")))

# %% [markdown] tags=["verberg-in-html"]
# ## Verantwoording
#
# Elke ingelezen rij is verantwoord: hoeveel rijen per bron zijn gelezen en welke om welke regel buiten
# de telling op de peildatum blijven. Alleen voor de controle binnen het bureau (niet publiceren).

# %% tags=["verberg-in-html"]
display(uit.reconciliatie(ds.reconciliatie))
