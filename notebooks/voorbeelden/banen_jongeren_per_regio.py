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
# # Voorbeeld: banen van jongeren per arbeidsmarktregio sinds 2015
#
# Een ad-hocvraag zoals beleidsmedewerkers die stellen: *hoeveel banen hebben mensen uit de doelgroep
# die jonger zijn dan 27, per arbeidsmarktregio, op 31 december van elk jaar sinds 2015?*
#
# `verkennen.verken` telt alle peildata in één keer met dezelfde telmotor als de rapporten (RULES.md
# §2-§4): per persoon en per baan, met categorie, regio, geslacht, leeftijd en leeftijdsklasse, uren,
# banen en werkzaam. Die rijen noemen personen en zijn alleen voor analyse binnen de organisatie.
# `verkennen.tabel` maakt er een tabel met totalen van, en `publiceer` past dezelfde onthullingscontrole
# toe als de rapporten (RULES.md §10): cellen van 1 tot 9 personen en alles waaruit ze terug te rekenen
# zijn, worden niet getoond (`*`).

# %% tags=["parameters"]
van_jaar = 2015
tot_jaar = 2023
leeftijdsklasse = "tot 27"
data_dir = None
min_cel = None

# %%
from banenafspraak import verkennen
from banenafspraak.rapport import toon_tabel

v = verkennen.verken(data_dir, peildata=range(van_jaar, tot_jaar + 1))
jong = v.personen.loc[v.personen["leeftijdsklasse"] == leeftijdsklasse]
pub = verkennen.tabel(v, ["arbeidsmarktregio_naam"], personen=jong,
                      titel=f"Personen en banen, leeftijd {leeftijdsklasse}, per arbeidsmarktregio").publiceer(min_cel)

# %% [markdown]
# ## Landelijk per jaar
#
# De regel `totaal` van elk jaar: alle jongeren uit de doelgroep in Nederland, ook wie geen bekende
# woonplaats heeft (regio `onbekend`).

# %% tags=["nbval-check-output"]
t = pub["verkenning"]
for _, r in t.loc[t["arbeidsmarktregio_naam"] == "totaal"].iterrows():
    s = dict(peildatum=r["peildatum"], arbeidsmarktregio_naam="totaal")
    print(f"{r['peildatum']}: personen {pub.tekst('verkenning', 'personen', **s):>7}  "
          f"werkzaam {pub.tekst('verkenning', 'werkzame_personen', **s):>7}  banen {pub.tekst('verkenning', 'banen', **s):>9}")
print(pub.samenvatting())

# %% [markdown]
# ## Per regio, laatste jaar
#
# Een `*` staat voor een cijfer dat op te weinig personen rust of een ander verborgen cijfer zou verraden.

# %%
toon_tabel(pub, "verkenning", peildatum=f"{tot_jaar}-12-31")
