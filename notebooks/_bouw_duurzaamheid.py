"""Cells of notebooks/duurzaamheid.ipynb (written by notebooks/_bouw.py)."""
from _bouw import CONTROLE, GEMEENSCHAPPELIJK, code, md

DUURZAAMHEID = [
    md("""
# Duurzaamheid van werk binnen de banenafspraak

Hoe duurzaam is het werk van mensen uit de doelgroep van de banenafspraak? Dit rapport volgt iedereen
die in een periode van vier kwartalen aan een nieuwe baan begon (een *cohort* starters) en kijkt een
jaar later: werkt de persoon nog (**werkbehoud**), en nog in dezelfde inkomstenverhouding
(**baanbehoud**)? Daarnaast: hoeveel van alle werkenden een jaar later nog werken, het type contract,
de duur van lopende dienstverbanden, en hoe lang starters aan het werk blijven.
"""),
    code("""
cohort = 2023
eerste_cohort = 2016
data_dir = None
min_cel = 10
nulmeting_bron = "data"
t2_scenario = "geregistreerd"
directe_einden = True
venster_start_maand = None
venster_maanden = None
behoud_na_maanden = None
uitvoer_map = None
""", "parameters"),
    code(GEMEENSCHAPPELIJK + """
from banenafspraak import duurzaamheid as dz
from banenafspraak.disclosure import onderdruk
from banenafspraak.loading import polis_bron
from banenafspraak.monitor import meet
from banenafspraak.register import CATEGORIE_LABEL

if not eerste_cohort <= cohort:
    raise ValueError(f"cohort ({cohort}) ligt voor eerste_cohort ({eerste_cohort})")
# register and employers in memory; the polis (tens of millions of rows nationally) is followed
# in DuckDB straight from the file, after its columns are checked against the contract; only the
# opgaven on the December peildatum (job durations) are loaded
basis = laad_data(data_dir, ["persoon", "doelgroepregister", "werkgever"])
polis = polis_bron(basis.map)
laatste_maand = dz.data_laatste_maand(polis)
peil_duur = pd.Timestamp(year=cohort - 1, month=12, day=31)
december = laad_data(basis.map, ["polis"], polis_peildata=[peil_duur])
ds_meting = {**basis.tabellen, "polis": december["polis"]}
basis.reconciliatie.voeg_toe(december.reconciliatie, f"duur op {peil_duur:%d-%m-%Y}")
ds = basis
uit = Uitvoer(uitvoer_map, rapport="duurzaamheid", titel=f"Duurzaamheid van werk, cohort {cohort}", min_cel=min_cel)
vb, ve = dz.venster(cohort, venster_start_maand, venster_maanden)
uit.zet(peildatum=f"starts {vb.date()} t/m {ve.date()}, gemeten een jaar later", cohort=cohort,
        bron="Doelgroepregister banenafspraak (UWV), Polisadministratie (loonaangiften)",
        definities={
            "starter": "persoon in de banenafspraak die in het venster aan een nieuwe inkomstenverhouding begint (eerste start telt)",
            "werkbehoud": "werkzaam (sv-loon > 0) in de kalendermaand twaalf maanden na de startmaand",
            "baanbehoud": "in die maand nog loon uit dezelfde inkomstenverhouding",
            "verlaten cohort": "overleden, geëmigreerd of AOW-leeftijd bereikt binnen die twaalf maanden: telt niet mee",
        })
toon_status(ds, min_cel)
"""),
    md("""
## Definities

- **Cohort** *Y*: iedereen die van 1 oktober *Y-1* tot en met 30 september *Y* aan een nieuwe
  inkomstenverhouding begon en op de startdatum tot de doelgroep van de banenafspraak hoorde. Wie in
  het venster meer banen begon, telt één keer, met de eerste start. De doelgroep is de categorie op de
  startdatum.
- **Werkbehoud**: twaalf maanden na de startmaand ontvangt de persoon loon uit een of meer
  inkomstenverhoudingen. **Baanbehoud**: dat is (ook) de inkomstenverhouding waarmee hij begon.
- Wie binnen die twaalf maanden overlijdt, emigreert of de AOW-leeftijd bereikt, valt buiten het cohort.
- Beschut werk telt niet mee.
"""),
    code("""
u_alle = dz.uitkomsten(basis.tabellen, range(eerste_cohort, cohort + 1), t2_scenario, directe_einden,
                       venster_start_maand, venster_maanden, behoud_na_maanden, laatste_maand, polis,
                       overleving=[cohort])
dz.reconcilieer_volgen(basis.reconciliatie, u_alle, "starters volgen")
uitkomsten = {cohort: u_alle.loc[u_alle["cohort"] == cohort]}
werkbehoud = dz.publiceer_werkbehoud(pd.concat([dz.werkbehoud_tabel(g, c) for c, g in u_alle.groupby("cohort")],
                                               ignore_index=True), min_cel)
uit.tabel(werkbehoud, "werkbehoud", f"Werkbehoud en baanbehoud van starters, cohorten {eerste_cohort}-{cohort}",
          "Aandelen (0-1) van de starters die in het cohort blijven.")
for _, r in werkbehoud.loc[werkbehoud["doelgroep"] == "totaal"].iterrows():
    print(f"cohort {r['cohort']}: starters {getal(r['starters']):>7}  werkbehoud {procent(r['werkbehoud']):>6}  "
          f"baanbehoud {procent(r['baanbehoud']):>6}")
""", CONTROLE),
    code("""
t = werkbehoud.loc[werkbehoud["cohort"] == cohort].set_index("doelgroep")
u = uitkomsten[cohort]
tekst = (f"Van de **{getal(t.loc['totaal', 'starters'])} starters** die tussen {vb:%d-%m-%Y} en {ve:%d-%m-%Y} "
         f"aan een nieuwe baan begonnen, werkte een jaar later **{procent(t.loc['totaal', 'werkbehoud'], 0)}** nog; "
         f"**{procent(t.loc['totaal', 'baanbehoud'], 0)}** werkte nog in dezelfde baan. Werkbehoud per doelgroep: "
         f"Wajong {procent(t.loc['wajong', 'werkbehoud'], 0)}, doelgroep Participatiewet "
         f"{procent(t.loc['participatiewet', 'werkbehoud'], 0)}, Wsw-indicatie en/of Wiw/ID-baan "
         f"{procent(t.loc['wsw_wiwid', 'werkbehoud'], 0)}. {getal((u['verlaten'] != '').sum())} starters vielen binnen het "
         f"jaar buiten het cohort (overlijden, emigratie of AOW).")
display(Markdown(f"### Cohort {cohort}\\n\\n{tekst}"))
toon(t.reset_index(), procenten=("werkbehoud", "baanbehoud"))
"""),
    code("""
lang = werkbehoud.melt(id_vars=["cohort", "doelgroep"], value_vars=["werkbehoud", "baanbehoud"], var_name="maat", value_name="aandeel")
lang["doelgroep"] = lang["doelgroep"].map(CATEGORIE_LABEL)
fig, ax = plt.subplots(figsize=(10, 4.5))
sns.lineplot(data=lang, x="cohort", y="aandeel", hue="doelgroep", style="maat", marker="o", ax=ax)
ax.set_ylim(0, 1)
ax.set_ylabel("aandeel van de starters")
ax.set_title("Werkbehoud en baanbehoud een jaar na de start, per cohort")
ax.legend(loc="lower left", fontsize=8)
uit.figuur(fig, "trend_werkbehoud", "Werkbehoud en baanbehoud per cohort")
plt.show()
"""),
    md("""
## Alle werkenden

Naast de starters kijkt UWV naar iedereen uit de doelgroep die in september (derde kwartaal) werkte:
werkt die persoon een jaar later nog, en in dezelfde baan?
"""),
    code("""
werkenden = dz.werkenden_behoud(basis.tabellen, range(eerste_cohort, cohort + 1), t2_scenario, directe_einden, polis)
werkenden = onderdruk(werkenden, min_cel, {"werkenden": ["werkbehoud", "baanbehoud"]})
uit.tabel(werkenden, "werkenden_behoud", "Werkbehoud en baanbehoud van alle werkenden (september tot september)",
          "jaar Y: werkend in september Y-1, gemeten in september Y.")
for _, r in werkenden.iterrows():
    print(f"{r['jaar'] - 1}-{r['jaar']}: werkenden {getal(r['werkenden']):>7}  werkbehoud {procent(r['werkbehoud']):>6}  "
          f"baanbehoud {procent(r['baanbehoud']):>6}")
""", CONTROLE),
    md("""
## Contractvorm en duur van dienstverbanden
"""),
    code("""
contract = onderdruk(dz.contract_tabel(uitkomsten[cohort]), min_cel, {"starters": ["aandeel", "werkbehoud", "baanbehoud"]})
uit.tabel(contract, "contract", f"Starters naar contractvorm, cohort {cohort}", "bepaald = tijdelijk contract, onbepaald = vast contract.")
m = meet(ds_meting, peil_duur, t2_scenario, directe_einden)
duur = dz.duur_tabel(m.ikv, peil_duur).assign(aandeel_uren_onbepaald=dz.onbepaald_aandeel_uren(m.ikv))
duur = onderdruk(duur, min_cel, {"inkomstenverhoudingen": ["aandeel"]})
uit.tabel(duur, "duur", f"Lopende inkomstenverhoudingen op {peil_duur:%d-%m-%Y} naar duur",
          "Duur sinds het begin van de inkomstenverhouding; gemiddelde in jaren; aandeel uren met een vast contract.")
r = duur.iloc[0]
print(f"{r['jaar']}: gemiddelde duur {getal(r['gemiddelde_duur_jaren'], 1)} jaar, uren onbepaalde tijd {procent(r['aandeel_uren_onbepaald'])}")
""", CONTROLE),
    code("""
toon(contract, procenten=("aandeel", "werkbehoud", "baanbehoud"))
toon(duur, {"gemiddelde_duur_jaren": 1}, procenten=("aandeel", "aandeel_uren_onbepaald"))
"""),
    md("""
## Hoe lang blijven starters aan het werk?

De overlevingscurve (Kaplan-Meier) toont per doelgroep welk deel van de starters na zoveel maanden nog
onafgebroken werkt (**werk**) of nog in de baan zit waarmee het begon (**baan**). Wie overlijdt,
emigreert of de AOW-leeftijd bereikt, of wiens gegevens ophouden, telt tot dat moment mee
(gecensureerd). Aantallen 'at risk' onder de drempel worden niet getoond.
"""),
    code("""
km_werk = dz.kaplan_meier(uitkomsten[cohort], "werk", 36, min_cel).assign(soort="werk")
km_baan = dz.kaplan_meier(uitkomsten[cohort], "baan", 36, min_cel).assign(soort="baan")
km = pd.concat([km_werk, km_baan], ignore_index=True)
uit.tabel(km, "kaplan_meier", f"Kaplan-Meier: aandeel nog aan het werk / in dezelfde baan, cohort {cohort}",
          "Per doelgroep en maand na de start; aantal at risk onder de drempel onderdrukt.")
fig, assen = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
for as_, (soort, d) in zip(assen, km.groupby("soort", sort=False)):
    for dg, g in d.groupby("doelgroep", sort=False):
        as_.step(g["maand"], g["overleving"], where="post", label=CATEGORIE_LABEL[dg])
    as_.set_title("nog aan het werk" if soort == "werk" else "nog in dezelfde baan")
    as_.set_xlabel("maanden na de start")
assen[0].set_ylabel("aandeel")
assen[0].legend(fontsize=8)
uit.figuur(fig, "kaplan_meier", "Kaplan-Meier per doelgroep")
plt.show()
lr_werk, lr_baan = dz.logrank(uitkomsten[cohort], "werk"), dz.logrank(uitkomsten[cohort], "baan")
display(Markdown(f"Log-rank toets op gelijke curves tussen de doelgroepen: werk chi2 = {getal(lr_werk['chi2'], 1)} "
                 f"(p = {lr_werk['p_waarde']:.3g}); baan chi2 = {getal(lr_baan['chi2'], 1)} (p = {lr_baan['p_waarde']:.3g})."))
"""),
    md("""
## Welke kenmerken hangen samen met werkbehoud?

Een logistische regressie van werkbehoud op doelgroep, leeftijd, geslacht, contractvorm, sector, inleen
en het aantal uren van de baan. Een odds ratio boven 1 betekent een grotere kans op werkbehoud dan de
referentiegroep, bij gelijke overige kenmerken. Dit zijn **samenhangen, geen effecten**: de kenmerken
zijn niet willekeurig toegewezen.
"""),
    code("""
regressie = dz.logistische_regressie(uitkomsten[cohort], min_cel)
uit.tabel(regressie, "regressie_werkbehoud", f"Logistische regressie van werkbehoud, cohort {cohort}",
          f"Odds ratios met 95%-betrouwbaarheidsinterval; n = {regressie.attrs['n']}. Samenhangen, geen effecten.")
toon(regressie, {"odds_ratio": 2, "ci_laag": 2, "ci_hoog": 2, "p_waarde": 3})
"""),
    code("""
display(uit.reconciliatie(ds.reconciliatie))
"""),
]
