"""Cells of notebooks/arbeidsparticipatie.ipynb (written by notebooks/_bouw.py)."""
from _bouw import CONTROLE, GEMEENSCHAPPELIJK, code, md

PARTICIPATIE = [
    md("""
# Monitor arbeidsparticipatie arbeidsbeperkten

Hoe ontwikkelt de arbeidsparticipatie van mensen met een arbeidsbeperking zich? Deze monitor volgt drie
groepen: **Wajongers met arbeidsvermogen**, **WGA-gerechtigden** en **Participatiewetters in het
doelgroepregister**: hoeveel mensen het zijn, hoeveel er werken, wie ze zijn, waarom het aandeel
werkenden verandert en bij welke werkgevers ze werken.
"""),
    code("""
van_jaar = 2013
tot_jaar = 2023
data_dir = None
min_cel = 10
nulmeting_bron = "data"
afronden = False
t2_scenario = "geregistreerd"
directe_einden = True
uitvoer_map = None
""", "parameters"),
    code(GEMEENSCHAPPELIJK + """
from banenafspraak import participatie as pa
from banenafspraak.disclosure import onderdruk, rond_af
from banenafspraak.loading import PolisSelectie
from banenafspraak.parameters import parameter

if not van_jaar <= tot_jaar:
    raise ValueError(f"van_jaar ({van_jaar}) ligt na tot_jaar ({tot_jaar})")
decembers = [(pd.Timestamp(year=j, month=12, day=1), pd.Timestamp(year=j, month=12, day=31)) for j in range(van_jaar - 1, tot_jaar + 1)]
ds = laad_data(data_dir, ["persoon", "doelgroepregister", "polis", "werkgever", "uitkering", "woonplaats", "gemeente_regio"],
               polis_selectie=PolisSelectie(perioden=decembers))
veelvoud = parameter("participatie.afronden_op", f"{tot_jaar}-12-31") if afronden else 1
uit = Uitvoer(uitvoer_map, rapport="arbeidsparticipatie", titel=f"Monitor arbeidsparticipatie arbeidsbeperkten {van_jaar}-{tot_jaar}",
              min_cel=min_cel)
uit.zet(peildatum=f"31 december {van_jaar} t/m {tot_jaar}", afronden=veelvoud,
        bron="Doelgroepregister (UWV), uitkeringen Wajong en WGA (UWV), Polisadministratie, BRP",
        definities={
            "Wajongers met arbeidsvermogen": "lopende Wajong-uitkering (oWajong of nWajong) met arbeidsvermogen op 31 december",
            "WGA-gerechtigden": "lopende WGA-uitkering op 31 december",
            "Participatiewetters in het doelgroepregister": "in de banenafspraak, categorie doelgroep Participatiewet, op 31 december",
            "werkend": "loon (sv-loon > 0) uit een inkomstenverhouding in december; beschut werk telt niet",
        })
toon_status(ds, min_cel)
"""),
    md("""
## Definities

- De groepen worden bepaald op **31 december** van elk jaar. Iemand kan in meer groepen vallen (bijvoorbeeld
  een Wajonger met arbeidsvermogen die ook WGA heeft); hij telt dan in elke groep mee.
- **Werkend**: in december loon uit een of meer inkomstenverhoudingen. Beschut werk telt niet mee.
- Aantallen kleiner dan de drempel worden niet getoond; met `afronden` worden aantallen, zoals in de
  gepubliceerde monitor, op honderdtallen afgerond.
"""),
    code("""
status = {}  # groups and werkend per year, computed once for all tables
part = pa.participatie(ds, range(van_jaar, tot_jaar + 1), t2_scenario, directe_einden, cache=status)
part = onderdruk(part, min_cel, {"personen": ["werkend", "aandeel_werkend"], "werkend": ["aandeel_werkend"]})
if afronden:
    part = rond_af(part, ["personen", "werkend"], veelvoud)
uit.tabel(part, "participatie", f"Personen en werkenden per groep, {van_jaar}-{tot_jaar}", "31 december van elk jaar.")
for _, r in part.iterrows():
    print(f"{r['jaar']} {r['groep']:<24} personen {getal(r['personen']):>8}  werkend {getal(r['werkend']):>8}  "
          f"aandeel {procent(r['aandeel_werkend']):>6}")
""", CONTROLE),
    code("""
laatst = part.loc[part["jaar"] == tot_jaar].set_index("groep")
display(Markdown(f'''
### Stand eind {tot_jaar}

Eind {tot_jaar} waren er {getal(laatst.loc["wajong_arbeidsvermogen", "personen"])} Wajongers met arbeidsvermogen, van wie
{procent(laatst.loc["wajong_arbeidsvermogen", "aandeel_werkend"], 0)} werkte; {getal(laatst.loc["wga", "personen"])}
WGA-gerechtigden ({procent(laatst.loc["wga", "aandeel_werkend"], 0)} werkend) en {getal(laatst.loc["pw_doelgroepregister", "personen"])}
Participatiewetters in het doelgroepregister ({procent(laatst.loc["pw_doelgroepregister", "aandeel_werkend"], 0)} werkend).
'''))
fig, ax = plt.subplots(figsize=(9, 4))
for groep, d in part.groupby("groep", sort=False):
    ax.plot(d["jaar"], d["aandeel_werkend"], marker="o", label=pa.GROEP_LABEL[groep])
ax.set_ylim(0, 1)
ax.set_ylabel("aandeel werkend")
ax.set_title("Aandeel werkenden per groep (december)")
ax.legend(fontsize=8)
uit.figuur(fig, "aandeel_werkend", "Aandeel werkenden per groep")
plt.show()
"""),
    md("""
## Kenmerken

Geslacht, leeftijd en arbeidsmarktregio (woonplaats) van elke groep en het aandeel werkenden daarbinnen.
"""),
    code("""
kenm = onderdruk(pa.kenmerken(ds, tot_jaar, t2_scenario, directe_einden, cache=status), min_cel, {"personen": ["werkend", "aandeel_werkend"], "werkend": ["aandeel_werkend"]})
if afronden:
    kenm = rond_af(kenm, ["personen", "werkend"], veelvoud)
uit.tabel(kenm, "kenmerken", f"Kenmerken per groep, 31 december {tot_jaar}", "Geslacht, leeftijdsklasse en arbeidsmarktregio.")
for _, r in kenm.loc[kenm["kenmerk"] != "regio"].iterrows():
    print(f"{r['groep']:<24} {r['waarde']:<12} personen {getal(r['personen']):>8}  werkend {procent(r['aandeel_werkend']):>6}")
""", CONTROLE),
    code("""
toon(kenm.loc[kenm["kenmerk"] == "regio"], procenten=("aandeel_werkend",))
"""),
    md("""
## Waarom verandert het aandeel werkenden?

Per groep: wie in beide jaren in de groep zat en werk behield, vond, verloor of zonder werk bleef, en wie
in- of uitstroomde. De stand van vorig jaar plus instroom min uitstroom is de stand van dit jaar.
"""),
    code("""
overg = pd.concat([pa.overgangen(ds, j, t2_scenario, directe_einden, cache=status) for j in range(max(van_jaar, tot_jaar - 4), tot_jaar + 1)], ignore_index=True)
overg = onderdruk(overg, min_cel, {"personen": []})
if afronden:
    overg = rond_af(overg, ["personen"], veelvoud)
uit.tabel(overg, "overgangen", "Overgangen in en uit werk per groep (december op december)", "Jaar Y: van december Y-1 naar december Y.")
for _, r in overg.loc[overg["jaar"] == tot_jaar].iterrows():
    print(f"{r['groep']:<24} {r['overgang']:<24} {getal(r['personen']):>8}")
""", CONTROLE),
    code("""
d = overg.loc[(overg["jaar"] == tot_jaar) & overg["overgang"].isin(pa.OVERGANGEN[:4])]
fig, ax = plt.subplots(figsize=(9, 4))
sns.barplot(data=d.assign(groep=d["groep"].map(pa.GROEP_LABEL)), x="groep", y="personen", hue="overgang", ax=ax)
ax.set_title(f"Overgangen {tot_jaar - 1}-{tot_jaar}")
ax.set_xlabel("")
uit.figuur(fig, "overgangen", "Overgangen in en uit werk")
plt.show()
"""),
    md("""
## Werkgevers

Hoeveel verschillende werkgevers iemand uit de groep in dienst hebben, naar sector en grootteklasse
(uit de verloonde uren van de werkgever), en hoe geconcentreerd dat is.
"""),
    code("""
wg, conc = pa.werkgevers(ds, tot_jaar, t2_scenario, directe_einden, cache=status)
wg = onderdruk(wg, min_cel, {"werkgevers": [], "personen": ["banen"]})
uit.tabel(wg, "werkgevers", f"Werkgevers per groep naar sector en grootteklasse, december {tot_jaar}", "Verschillende werkgevers, banen en personen.")
conc = onderdruk(conc, min_cel, {"werkgevers": ["aandeel_banen_top10", "aandeel_werkgevers_met_een_baan"]})
if afronden:
    wg = rond_af(wg, ["werkgevers", "banen", "personen"], veelvoud)
    conc = rond_af(conc, ["werkgevers", "banen"], veelvoud)
uit.tabel(conc, "concentratie", f"Concentratie bij werkgevers, december {tot_jaar}", "Aandeel van de banen van de groep bij de tien grootste werkgevers.")
for _, r in conc.iterrows():
    print(f"{r['groep']:<24} werkgevers {getal(r['werkgevers']):>7}  top-10 {procent(r['aandeel_banen_top10']):>6}  "
          f"met één baan {procent(r['aandeel_werkgevers_met_een_baan']):>6}")
""", CONTROLE),
    code("""
toon(wg)
display(uit.reconciliatie(ds.reconciliatie))
"""),
]
