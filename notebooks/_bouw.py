"""Source of the report notebooks: ``python notebooks/_bouw.py`` writes them, ``make notebooks`` also
executes them on the embedded synthetic data so that nbval has validated outputs to compare.

Notebooks stay thin: parameters, library calls, tables, figures, and Dutch text for the reader.
Cells tagged ``nbval-check-output`` print the headline figures as plain text; nbval compares them.
"""
from __future__ import annotations

from pathlib import Path

import nbformat as nbf

HIER = Path(__file__).parent
CONTROLE = "nbval-check-output"


def md(tekst: str):
    return nbf.v4.new_markdown_cell(tekst.strip())


def code(tekst: str, *tags: str):
    c = nbf.v4.new_code_cell(tekst.strip())
    if tags:
        c.metadata["tags"] = list(tags)
    return c


def schrijf(naam: str, cellen: list) -> Path:
    nb = nbf.v4.new_notebook()
    nb.cells = cellen
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    pad = HIER / f"{naam}.ipynb"
    nbf.write(nb, pad)
    return pad


GEMEENSCHAPPELIJK = """
import warnings
warnings.filterwarnings("ignore", category=FutureWarning)
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display
from banenafspraak.rapport import Uitvoer, getal, laad_data, procent, toon, toon_status
sns.set_theme(style="whitegrid")
pd.set_option("display.max_rows", 100)
"""

# --------------------------------------------------------------------------- landelijke monitor

MONITOR = [
    md("""
# Landelijke monitor banenafspraak

De landelijke monitor is de officiële meting van de banenafspraak (Wet banenafspraak en quotum
arbeidsbeperkten). Hij laat zien hoeveel banen er op 31 december van het verslagjaar zijn voor
mensen uit de doelgroep, hoeveel daarvan er zijn bijgekomen ten opzichte van de nulmeting
(december 2012), en hoe dat zich verhoudt tot de afgesproken aantallen voor de marktsector en
de overheid. Op basis van deze meting kan het kabinet besluiten de quotumregeling te activeren.
"""),
    code("""
jaar = 2023
data_dir = None
min_cel = 10
nulmeting_bron = "data"
t2_scenario = "geregistreerd"
directe_einden = True
uitvoer_map = None
""", "parameters"),
    code(GEMEENSCHAPPELIJK + """
from banenafspraak import monitor
from banenafspraak.dates import ts
from banenafspraak.register import CATEGORIE_LABEL, SUBCATEGORIE_LABEL, T2_SCENARIOS

peildatum = ts(jaar)
peildata = [ts(j) for j in range(2012, jaar + 1)]  # the nulmeting and every December up to jaar
ds = laad_data(data_dir, ["persoon", "doelgroepregister", "polis", "werkgever"], polis_peildata=peildata)
schaal = ds.schaal
uit = Uitvoer(uitvoer_map, rapport="landelijke-monitor", titel=f"Landelijke monitor banenafspraak {jaar}", min_cel=min_cel)
uit.zet(peildatum=peildatum.date(), jaar=jaar, nulmeting_bron=nulmeting_bron, t2_scenario=t2_scenario,
        bron="Doelgroepregister banenafspraak (UWV), Polisadministratie (loonaangiften), werkgeversgegevens",
        definities={
            "baan": "25,5 verloonde uren per week = 110,92 verloonde uren per maand; banen tellen naar rato.",
            "peildatum": "31 december van het verslagjaar; uren van het loonaangiftetijdvak dat de peildatum bevat.",
            "werkzaam persoon": "ontvangt loon (sv-loon > 0) uit een of meer inkomstenverhoudingen in dat tijdvak.",
            "sector": "overheid = Wfsv-sector 61-66 en Ufo-premie over meer dan 50% van de uren; anders markt.",
            "inleen": "uitzendkrachten, Wsw-detachering en payrolling; toegerekend met de verdeelsleutel.",
        })
toon_status(ds, min_cel)
"""),
    md("""
## Definities

- **Baan**: 25,5 verloonde uren per week, dat is **110,92 verloonde uren per maand** (de gemiddelde
  baanomvang van de doelgroep in de nulmeting). Banen tellen naar rato: 160 uur in een maand is
  1,44 baan.
- **Peildatum**: 31 december van het verslagjaar. Per persoon en per inkomstenverhouding tellen de
  verloonde uren van het loonaangiftetijdvak waarin de peildatum valt; vierwekelijkse, kwartaal-,
  halfjaar- en jaaraangiften worden naar rato van de kalenderdagen omgerekend naar december.
- **Doelgroep**: personen met op de peildatum een geldige grondslag in het doelgroepregister. Beschut
  werk (Wsw en Participatiewet) telt niet mee.
- **Sector**: een werkgever hoort bij de **overheid** als hij in Wfsv-sector 61 tot en met 66 valt en
  over meer dan de helft van de verloonde uren Ufo-premie betaalt; anders bij de **markt**.
- **Inleen** (uitzendkrachten, Wsw-detachering, payrolling) wordt met de jaarlijkse **verdeelsleutel**
  over markt en overheid verdeeld.
"""),
    code("""
metingen = {}
m = monitor.meet(ds, peildatum, t2_scenario, directe_einden)
metingen[peildatum] = m
nul = monitor.meet(ds, "2012-12-31", t2_scenario, directe_einden)
metingen[nul.peildatum] = nul
nulmeting = monitor.nulmeting_per_sector(nul, nulmeting_bron, schaal)
banen_sector = monitor.publiceer_banen_sector(monitor.banen_sector(m, nulmeting, jaar, schaal), min_cel)
uit.tabel(banen_sector, "banen_sector", f"Banen in de banenafspraak per sector, 31 december {jaar}",
          "Banen regulier, inleen (met verdeelsleutel), totaal; nulmeting, extra banen, doelstelling en verschil.")
monitor.reconcilieer(ds.reconciliatie, ds, m)
t = banen_sector.set_index("sector")
"""),
    code("""
print(f"Peildatum: {peildatum.date().isoformat()}")
for s in ("markt", "overheid", "totaal"):
    r = t.loc[s]
    print(f"{s:<9} banen {getal(r['banen']):>9}  extra {getal(r['extra_banen']):>8}  "
          f"doelstelling {getal(r['doelstelling']):>8}  verschil {getal(r['verschil']):>8}")
""", CONTROLE),
    code("""
tot = t.loc["totaal"]
gehaald = tot["verschil"] >= 0 if tot["doelstelling"] == tot["doelstelling"] else None
zin = ("Daarmee is de doelstelling gehaald." if gehaald else
       "Daarmee is de doelstelling niet gehaald." if gehaald is not None else "Voor dit jaar geldt nog geen doelstelling.")
display(Markdown(f'''
### Resultaat {jaar}

Op 31 december {jaar} waren er **{getal(tot["banen"])} banen** voor mensen uit de doelgroep. Dat zijn
**{getal(tot["extra_banen"])} extra banen** ten opzichte van de nulmeting ({getal(tot["nulmeting"])} banen,
bron: {"berekend uit december 2012" if nulmeting_bron == "data" else "officiële nulmeting"}). De doelstelling
voor {jaar} was {getal(tot["doelstelling"])} extra banen. {zin}

In de **marktsector** kwamen er {getal(t.loc["markt", "extra_banen"])} banen bij (doelstelling
{getal(t.loc["markt", "doelstelling"])}); bij de **overheid** {getal(t.loc["overheid", "extra_banen"])}
(doelstelling {getal(t.loc["overheid", "doelstelling"])}).
'''))
toon(banen_sector)
"""),
    md("""
## Personen naar categorie

Iedere persoon wordt ingedeeld in precies één categorie op basis van de grondslag(en) waarmee hij of
zij in het doelgroepregister staat. Bij meerdere grondslagen gaat Wsw-detachering voor, daarna
Wajong en Wsw voor de Participatiewet; Wajong met Wsw begeleid werk is een eigen subcategorie.
"""),
    code("""
pc = monitor.publiceer_personen_categorie(monitor.personen_categorie(m), min_cel)
uit.tabel(pc, "personen_categorie", f"Personen, werkzame personen en banen naar categorie, 31 december {jaar}",
          "Categorie en subcategorie van de doelgroep; subcategorie 'totaal' is het categorietotaal.")
for _, r in pc.loc[pc["subcategorie"] == "totaal"].iterrows():
    print(f"{r['categorie']:<16} personen {getal(r['personen']):>8}  werkzaam {getal(r['werkzame_personen']):>8}  "
          f"banen {getal(r['banen']):>8}")
""", CONTROLE),
    code("""
weergave = pc.assign(categorie=pc["categorie"].map(CATEGORIE_LABEL),
                 subcategorie=pc["subcategorie"].map(lambda s: SUBCATEGORIE_LABEL.get(s, "Totaal")))
toon(weergave)
"""),
    md("""
## Ontwikkeling sinds de nulmeting

De reeks laat per jaar (december) de banen en de extra banen ten opzichte van de nulmeting zien, naast
de doelstelling. De doelstellingen gelden vanaf 2015.
"""),
    code("""
ruwe_reeks = monitor.reeks(ds, jaar, nulmeting_bron, schaal, t2_scenario, directe_einden, metingen=metingen)
reeks = monitor.publiceer_reeks(ruwe_reeks, min_cel)
uit.tabel(reeks, "reeks", f"Banen en extra banen per sector, 2013-{jaar}", "December van elk jaar; doelstelling cumulatief.")
r = reeks.loc[reeks["sector"] == "totaal"].set_index("jaar")
for j, rij in r.iterrows():
    doel = "-" if pd.isna(rij["doelstelling"]) else getal(rij["doelstelling"])  # no target before 2015
    print(f"{j}  banen {getal(rij['banen']):>9}  extra {getal(rij['extra_banen']):>8}  doel {doel:>8}")
""", CONTROLE),
    code("""
fig, assen = plt.subplots(1, 3, figsize=(14, 4), sharey=False)
for as_, s in zip(assen, ("markt", "overheid", "totaal")):
    d = reeks.loc[reeks["sector"] == s]
    as_.plot(d["jaar"], d["extra_banen"], marker="o", label="extra banen")
    as_.plot(d["jaar"], d["doelstelling"], marker="s", linestyle="--", label="doelstelling")
    as_.set_title(s.capitalize())
    as_.set_xlabel("jaar (december)")
assen[0].set_ylabel("banen t.o.v. nulmeting")
assen[0].legend()
fig.suptitle("Extra banen tegenover de doelstelling")
uit.figuur(fig, "banen_doelstelling", "Extra banen tegenover de doelstelling per sector")
plt.show()
"""),
    code("""
samenstelling = monitor.samenstelling(metingen, range(2013, jaar + 1), min_cel)
uit.tabel(samenstelling, "samenstelling", f"Personen in de banenafspraak naar categorie, 2013-{jaar}",
          "December van elk jaar.")
fig, ax = plt.subplots(figsize=(9, 4))
breed = samenstelling.pivot(index="jaar", columns="categorie", values="personen").rename(columns=CATEGORIE_LABEL)
breed.plot.bar(stacked=True, ax=ax)
ax.set_ylabel("personen")
ax.set_title("Samenstelling van de doelgroep naar categorie")
uit.figuur(fig, "samenstelling", "Samenstelling van de doelgroep naar categorie")
plt.show()
"""),
    md("""
## Beleidsvariant: de t+2-regel

Wie niet meer aan de criteria voldeed, bleef volgens de t+2-regel geregistreerd tot 31 december van
het tweede jaar daarna. De uitvoering werd in 2017 opgeschort; per 1 januari 2020 is de regel
afgeschaft. De tabel toont de telling op de peildatum zoals het register is bijgehouden, als de regel
altijd was toegepast, en als hij nooit had bestaan.
"""),
    code("""
t2 = monitor.t2_scenarios(ds, jaar, nulmeting, schaal, directe_einden,
                          basis=m if t2_scenario == "geregistreerd" else None)
t2 = monitor.publiceer_t2(t2, min_cel)
uit.tabel(t2, "t2_scenarios", f"Effect van de t+2-regel op 31 december {jaar}", "Scenario's: geregistreerd, altijd, afgeschaft.")
for _, r in t2.iterrows():
    print(f"{r['scenario']:<14} personen {getal(r['personen']):>8}  banen {getal(r['banen']):>9}")
""", CONTROLE),
    code("""
verschil = t2.set_index("scenario")
display(Markdown(f'''Als de t+2-regel altijd was toegepast, waren er op de peildatum
{getal(verschil.loc["geregistreerd", "personen"] - verschil.loc["altijd", "personen"])} personen minder in de doelgroep
en {getal(verschil.loc["geregistreerd", "banen"] - verschil.loc["altijd", "banen"], 0)} banen minder geteld.'''))
"""),
    md("""
## Verantwoording

Elke ingelezen rij is verantwoord: hoeveel rijen per bron zijn gelezen en welke om welke regel buiten
de telling op de peildatum blijven.
"""),
    code("""
display(uit.reconciliatie(ds.reconciliatie))
"""),
]

# --------------------------------------------------------------------------- calibration

KALIBRATIE = [
    md("""
# Kalibratie van de synthetische data

De suite draait standaard op synthetische data: echte microdata van UWV en CBS verlaten de beveiligde
omgeving niet. De generator is zo afgesteld dat de synthetische data de gepubliceerde landelijke cijfers
nabootsen. Dit rapport zet elk gepubliceerd cijfer (vermenigvuldigd met de schaal van de data) naast
het gegenereerde cijfer, berekend met dezelfde telregels als de rapporten, met de tolerantie.
"""),
    code("""
data_dir = None
min_cel = 10
nulmeting_bron = "data"
uitvoer_map = None
""", "parameters"),
    code(GEMEENSCHAPPELIJK + """
from banenafspraak.kalibratie import kalibratie

ds = laad_data(data_dir)
uit = Uitvoer(uitvoer_map, rapport="kalibratie", titel="Kalibratie synthetische data", min_cel=min_cel)
uit.zet(peildatum="2012-12-31 t/m 2023-12-31", schaal=ds.schaal,
        bron="Gepubliceerde landelijke cijfers (Kamerbrieven, UWV); gegenereerde data",
        definities={"afwijking": "gegenereerd t.o.v. gepubliceerd x schaal, in % (aantallen) of procentpunten (aandelen)"})
display(Markdown(f"Schaal van de data: **{getal(100 * ds.schaal, 1)}%** van Nederland; bron: {ds.meta.get('bron')}."))
"""),
    code("""
k = kalibratie(ds, ds.schaal)
uit.tabel(k, "kalibratie", "Gegenereerd tegenover gepubliceerd", "Per gepubliceerd cijfer: waarde x schaal, gegenereerd, afwijking, tolerantie.")
samenvatting = k.groupby("onderwerp", sort=False)["binnen_tolerantie"].agg(["sum", "count"])
for onderwerp, r in samenvatting.iterrows():
    print(f"{onderwerp:<22} {r['sum']:>3} van {r['count']:>3} binnen tolerantie")
""", CONTROLE),
    code("""
display(Markdown(f"**{int(k['binnen_tolerantie'].sum())} van {len(k)}** cijfers liggen binnen hun tolerantie."))
buiten = k.loc[~k["binnen_tolerantie"]]
if len(buiten):
    display(Markdown("Buiten tolerantie:"))
    toon(buiten.drop(columns=["bron"]), {"gepubliceerd": 1, "gegenereerd": 1, "afwijking": 1})
toon(k.drop(columns=["bron"]), {"gepubliceerd": 1, "gegenereerd": 1, "afwijking": 1})
"""),
    code("""
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
plt.show()
"""),
]


def main() -> None:
    import sys

    sys.path.insert(0, str(HIER))
    from _bouw_duurzaamheid import DUURZAAMHEID
    from _bouw_participatie import PARTICIPATIE

    schrijf("landelijke_monitor", MONITOR)
    schrijf("kalibratie", KALIBRATIE)
    schrijf("duurzaamheid", DUURZAAMHEID)
    schrijf("arbeidsparticipatie", PARTICIPATIE)


if __name__ == "__main__":
    main()
