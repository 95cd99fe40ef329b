"""The one-page factsheet per arbeidsmarktregio (factsheet.py; RULES.md §1, §3, §6, §10).

Worked example: the factsheet of Amersfoort, first quarter 2021 (peildatum 31 March 2021), whose
kerncijfers table reads

    ============================================  =======  =========  ======  ==============  ====  ==============  ====
    indicator                                     2021 Q1  nulmeting  +/-     2020 Q1         +/-   2020 Q4         +/-
    ============================================  =======  =========  ======  ==============  ====  ==============  ====
    Banen binnen de banenafspraak                   2.184        938  +1.246           2.189    -5          2.259   -75
    Personen binnen de banenafspraak                3.963      4.187    -224           3.819  +144          3.917   +46
    Werkzame personen binnen de banenafspraak       1.916        874  +1.042           1.968   -52          1.938   -22
    ============================================  =======  =========  ======  ==============  ====  ==============  ====

The comparators are printed as S4 prints them: the nulmeting, the same quarter a year earlier (2020 Q1)
and the previous quarter (2020 Q4); grafiek 4 of S4 confirms 2020 Q4 (totaal 3.917 personen, 1.938
werkzaam). Each difference is the 2021 Q1 value minus the comparator: 2.184 - 938 = +1.246, 2.184 -
2.189 = -5.
The split of banen by soort and of persons by category over the quarters is made up (the seed gives
only the totals of the table) but adds up to those totals.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from banenafspraak.factsheet import (FactsheetInvoer, MARKERING_NIET_PUBLICEERBAAR, MARKERING_SYNTHETISCH,
                                     bestandsnaam, maak_factsheet, schrijf_factsheets, slug, verschil)

KWARTALEN = ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1"]


def kerncijfers(rijen: dict[str, tuple[float, float, float, float]]) -> pd.DataFrame:
    """Per indicator (value, nulmeting, vorig kwartaal, zelfde kwartaal vorig jaar) -> the input table
    with the differences computed as the factsheet defines them (value minus comparator)."""
    uit = []
    for ind, (w, nul, vorig, jaar) in rijen.items():
        uit.append({"indicator": ind, "waarde": w, "nulmeting": nul, "vorig_kwartaal": vorig,
                    "zelfde_kwartaal_vorig_jaar": jaar, "verschil_nulmeting": w - nul,
                    "verschil_vorig_kwartaal": w - vorig, "verschil_zelfde_kwartaal_vorig_jaar": w - jaar})
    return pd.DataFrame(uit)


AMERSFOORT = {
    "banen": (2184, 938, 2259, 2189),
    "personen": (3963, 4187, 3917, 3819),
    "werkzame_personen": (1916, 874, 1938, 1968),
}


def amersfoort(**wijzig) -> FactsheetInvoer:
    """The Amersfoort factsheet of 2021 Q1 as input."""
    banen = pd.DataFrame({
        "kwartaal": KWARTALEN,
        "banen_inleen": [402.0, 380.0, 395.0, 410.0, 404.0],
        "banen_regulier_markt": [1652.0, 1610.0, 1620.0, 1574.0, 1575.0],
        "banen_regulier_overheid": [205.0, 198.0, 201.0, 205.0, 205.0],
    })
    personen = {"2020Q1": (1310, 1903, 704), "2020Q2": (1300, 1890, 700), "2020Q3": (1290, 1900, 690),
                "2020Q4": (1280, 1860, 679), "2021Q1": (1275, 2013, 675)}
    werkzaam = {"2020Q1": (700, 690, 548), "2020Q2": (690, 672, 540), "2020Q3": (695, 700, 545),
                "2020Q4": (705, 720, 543), "2021Q1": (700, 676, 540)}
    categorie = pd.DataFrame([
        {"kwartaal": k, "categorie": c, "personen": float(personen[k][i]), "werkzame_personen": float(werkzaam[k][i])}
        for k in KWARTALEN for i, c in enumerate(("wajong", "participatiewet", "wsw_wiwid"))])
    invoer = dict(
        regio="AM14", regio_naam="Amersfoort", kwartaal="2021Q1", peildatum=date(2021, 3, 31),
        kerncijfers=kerncijfers(AMERSFOORT), banen_reeks=banen, nulmeting_banen=938.0, categorie_reeks=categorie,
        doelstelling_extra=None, doelstelling_jaar=None, synthetisch=False, publiceerbaar=True,
        definitie_baan="één baan staat gelijk aan 110,92 verloonde uren per maand",
        bron="doelgroepregister en polisadministratie (loonaangiften)")
    invoer.update(wijzig)
    return FactsheetInvoer(**invoer)


def nederland(**wijzig) -> FactsheetInvoer:
    """A national factsheet: with the doelstelling (dark grey part of the last column)."""
    a = amersfoort()
    schaal = 40
    banen, cat = a.banen_reeks, a.categorie_reeks
    return replace(a, regio="NL", regio_naam="Nederland", kerncijfers=a.kerncijfers * schaal,
                   banen_reeks=banen.assign(**{k: banen[k] * schaal for k in banen.columns if k != "kwartaal"}),
                   categorie_reeks=cat.assign(personen=cat.personen * schaal,
                                              werkzame_personen=cat.werkzame_personen * schaal),
                   nulmeting_banen=938.0 * schaal, doelstelling_extra=60000.0, doelstelling_jaar=2021, **wijzig)


def aantal_paginas(pdf) -> int:
    """Page objects of a PDF (``/Type /Page``, not the ``/Pages`` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def svg_teksten(pagina: str) -> list[str]:
    """The texts drawn in the inline SVG charts of an HTML factsheet."""
    return [t for svg in re.findall(r"<svg.*?</svg>", pagina, re.S)
            for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_verschil_en_slug():
    assert [verschil(x) for x in (1246, -5, 0, np.nan, 144)] == ["+1.246", "-5", "0", "*", "+144"]
    assert slug("Amersfoort") == "amersfoort"
    assert slug("Zuid-Holland Centraal") == "zuid-holland-centraal"
    assert slug("Fryslân") == "fryslan"
    assert slug("Groot Amsterdam / Zaanstreek") == "groot-amsterdam-zaanstreek"
    assert bestandsnaam(nederland()) == "NL-nederland"


def test_amersfoort(tmp_path):
    pdf, pagina = maak_factsheet(amersfoort(), tmp_path)
    assert (pdf.name, pagina.name) == ("AM14-amersfoort.pdf", "AM14-amersfoort.html")
    assert pdf.exists() and pagina.exists()
    assert aantal_paginas(pdf) == 1
    assert b"/MediaBox [ 0 0 595.44 841.68 ]" in pdf.read_bytes()  # A4 portrait
    tekst = pagina.read_text(encoding="utf-8")
    assert '<html lang="nl">' in tekst and "<title>Factsheet banenafspraak arbeidsmarktregio" in tekst
    assert "Eerste kwartaal 2021 Amersfoort" in tekst
    # the kerncijfers as printed, row by row
    kern = re.search(r'<table class="kerncijfers">.*?</table>', tekst).group(0)
    cellen = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", kern)
    assert len(cellen) == 3
    gedrukt = [re.findall(r"<td>(?:<strong>)?([^<]*)", r) for r in cellen]
    assert gedrukt == [["2.184", "938", "+1.246", "2.189", "-5", "2.259", "-75"],
                       ["3.963", "4.187", "-224", "3.819", "+144", "3.917", "+46"],
                       ["1.916", "874", "+1.042", "1.968", "-52", "1.938", "-22"]]
    assert "dezelfde peildatum, 31 maart 2021." in tekst
    assert "Vorig kwartaal (2020 Q4)" in tekst and "Zelfde kwartaal vorig jaar (2020 Q1)" in tekst
    assert "110,92 verloonde uren per maand" in tekst and "Indicatieve cijfers" in tekst
    assert "geen regionale doelstelling" in tekst
    assert "Onderdrukte kleine aantallen worden getoond als *." in tekst
    assert 'role="img" aria-label="Grafiek 1. Banen (aantal) in banenafspraak"' in tekst
    # standalone: no external resources
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", tekst)
    assert "@import" not in tekst
    assert not re.search(r"url\(\s*['\"]?(?!#)", tekst)  # only references inside the page (url(#clip))
    # three charts as inline SVG, quarters in the factsheet's notation, Dutch numbers in the bars
    assert tekst.count("<svg") == 3
    ids = re.findall(r'\bid="([^"]+)"', tekst)
    assert len(ids) == len(set(ids)) > 0  # three SVGs in one page share no id
    verwezen = set(re.findall(r"url\(#([^)]+)\)", tekst)) | set(re.findall(r'href="#([^"]+)"', tekst))
    assert verwezen <= set(ids)
    svg = svg_teksten(tekst)
    assert "2021 Q1" in svg and "1.575" in svg
    assert "*" not in svg
    # the figures behind the charts, for readers who do not see them
    assert "<summary>Cijfers bij grafiek 1</summary>" in tekst and "Nulmeting: 938 banen." in tekst
    assert "<tr><th scope=\"row\">2021 Q1</th><td>404</td><td>1.575</td><td>205</td></tr>" in tekst
    assert MARKERING_SYNTHETISCH not in tekst and MARKERING_NIET_PUBLICEERBAAR not in tekst


def test_onderdrukte_cel_is_ster(tmp_path):
    k = amersfoort().kerncijfers.copy()
    k.loc["werkzame_personen", "verschil_vorig_kwartaal"] = np.nan  # the last column printed
    _, pagina = maak_factsheet(amersfoort(kerncijfers=k), tmp_path)
    rij = re.search(r"<tr><th scope=\"row\">Werkzame personen.*?</tr>", pagina.read_text(encoding="utf-8")).group(0)
    assert re.findall(r"<td>(?:<strong>)?([^<]*)", rij)[-1] == "*"


def test_onderdrukt_segment_geeft_ster_in_grafiek(tmp_path):
    banen = amersfoort().banen_reeks.copy()
    banen.loc[banen.kwartaal == "2021Q1", "banen_regulier_overheid"] = np.nan
    cat = amersfoort().categorie_reeks.copy()
    cat.loc[(cat.kwartaal == "2020Q2") & (cat.categorie == "wsw_wiwid"), "werkzame_personen"] = np.nan
    _, pagina = maak_factsheet(amersfoort(banen_reeks=banen, categorie_reeks=cat), tmp_path)
    svgs = re.findall(r"<svg.*?</svg>", pagina.read_text(encoding="utf-8"), re.S)
    sterren = [sum(t == "*" for t in re.findall(r"<text[^>]*>([^<]*)</text>", s)) for s in svgs]
    assert sterren == [1, 0, 1]  # grafiek 1 and grafiek 3 each have one suppressed segment
    assert "<tr><th scope=\"row\">2021 Q1</th><td>404</td><td>1.575</td><td>*</td></tr>" in \
        pagina.read_text(encoding="utf-8")


def test_onderdrukte_nulmeting(tmp_path):
    _, pagina = maak_factsheet(amersfoort(nulmeting_banen=np.nan), tmp_path)
    svg = re.findall(r"<svg.*?</svg>", pagina.read_text(encoding="utf-8"), re.S)[0]
    assert re.findall(r"<text[^>]*>([^<]*)</text>", svg).count("*") == 1


def test_markeringen(tmp_path):
    for synthetisch in (False, True):
        for publiceerbaar in (False, True):
            _, pagina = maak_factsheet(amersfoort(synthetisch=synthetisch, publiceerbaar=publiceerbaar), tmp_path)
            tekst = pagina.read_text(encoding="utf-8")
            assert (MARKERING_SYNTHETISCH in tekst) == synthetisch
            assert (MARKERING_NIET_PUBLICEERBAAR in tekst) == (not publiceerbaar)
            assert ("Kleine aantallen zijn niet onderdrukt." in tekst) == (not publiceerbaar)


def test_nederland_met_doelstelling(tmp_path):
    pdf, pagina = maak_factsheet(nederland(synthetisch=True), tmp_path)
    assert pdf.name == "NL-nederland.pdf" and aantal_paginas(pdf) == 1
    tekst = pagina.read_text(encoding="utf-8")
    assert "Factsheet banenafspraak landelijk" in tekst and "Eerste kwartaal 2021 Nederland" in tekst
    assert "donkergrijze deel hoeveel extra banen er voor de doelstelling 2021" in tekst
    assert "geen regionale doelstelling" not in tekst
    assert "Extra banen voor doelstelling 2021" in svg_teksten(tekst)
    assert "Nulmeting: 37.520 banen. Extra banen voor de doelstelling 2021 (bovenop de nulmeting): 60.000." in tekst


def test_foute_invoer():
    with pytest.raises(ValueError, match="kwartaal"):
        amersfoort(kwartaal="2021-1")
    with pytest.raises(ValueError, match="banen_reeks"):
        amersfoort(banen_reeks=pd.DataFrame({"kwartaal": KWARTALEN}))
    with pytest.raises(ValueError, match="doelstelling"):
        amersfoort(doelstelling_extra=100.0)
    with pytest.raises(ValueError, match=r"laatste kwartaal \(2020Q4\)"):
        amersfoort(banen_reeks=amersfoort().banen_reeks.iloc[:-1])
    cat = amersfoort().categorie_reeks
    with pytest.raises(ValueError, match="meer dan eens"):
        amersfoort(categorie_reeks=pd.concat([cat, cat.iloc[:1]]))


def test_schrijf_factsheets(tmp_path):
    invoeren = [amersfoort(), nederland(), amersfoort(regio="FL01", regio_naam="Flevoland")]
    paden = schrijf_factsheets(invoeren, tmp_path / "fs")
    assert len(paden) == 2 * len(invoeren) == len(set(paden))
    assert all(p.exists() for p in paden)
    assert sorted(p.name for p in paden) == sorted(
        ["AM14-amersfoort.pdf", "AM14-amersfoort.html", "NL-nederland.pdf", "NL-nederland.html",
         "FL01-flevoland.pdf", "FL01-flevoland.html"])


def test_zelfde_invoer_zelfde_bestanden(tmp_path):
    """No dates, random ids or salts in the files: the same input gives the same bytes."""
    een = maak_factsheet(amersfoort(), tmp_path / "een")
    twee = maak_factsheet(amersfoort(), tmp_path / "twee")
    assert [p.read_bytes() for p in een] == [p.read_bytes() for p in twee]
