"""Grafiek 4 of the factsheet (issue #14; RULES.md §6; S4, Amersfoort Q4 2020 -> Q1 2021): the flows on a second
page of the PDF and in the HTML page, exactly the figures given (NaN printed ``*``)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from test_factsheet import aantal_paginas, amersfoort, nederland, svg_teksten
from banenafspraak.factsheet import VerloopInvoer, maak_factsheet, teken_verloop, verloop_tabel
from banenafspraak.verloop import BLIJVER_STATUS, REDENEN_INSTROOM, REDENEN_UITSTROOM


def amersfoort_verloop(**wijzig) -> VerloopInvoer:
    """S4's grafiek 4 (RULES.md §6 worked figures: 3.917 - 116 + 162 = 3.963; werkzaam 1.938 -> 1.916). The seed does
    not print the werkzame uitstromers and instromers: 40 / 76 and 55 / 107 here, consistent with the totals."""
    blijvers = pd.DataFrame([[689, 737, 333], [64, 27, 0], [77, 48, 5], [960, 803, 58]], dtype=float,
                            index=list(BLIJVER_STATUS), columns=["participatiewet", "wajong", "wsw_wiwid"])
    v = dict(van="2020Q4", tot="2021Q1", voor={"totaal": 3917.0, "werkzaam": 1938.0, "niet_werkzaam": 1979.0},
             na={"totaal": 3963.0, "werkzaam": 1916.0, "niet_werkzaam": 2047.0},
             uitstroom={"totaal": 116.0, "werkzaam": 40.0, "niet_werkzaam": 76.0},
             instroom={"totaal": 162.0, "werkzaam": 55.0, "niet_werkzaam": 107.0},
             redenen_uitstroom=dict(zip(REDENEN_UITSTROOM, [39.0, 26.0, 26.0, 10.0, 8.0, 1.0, 4.0, 2.0])),
             redenen_instroom=dict(zip(REDENEN_INSTROOM, [50.0, 47.0, 60.0, 4.0, 1.0])), blijvers=blijvers)
    v.update(wijzig)
    return VerloopInvoer(**v)


def teksten_van(fig) -> list[str]:
    return ([t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title() for ax in fig.axes]
            + [t.get_text() for t in fig.texts])


def test_grafiek4_op_de_tweede_pagina(tmp_path):
    """With flows the PDF has two pages and the HTML page a fourth chart; without, one page as before."""
    pdf, html = maak_factsheet(amersfoort(verloop=amersfoort_verloop()), tmp_path / "met")
    assert aantal_paginas(pdf) == 2
    pagina = html.read_text(encoding="utf-8")
    assert "Grafiek 4. Verloop van (werkzame en niet werkzame) personen in de banenafspraak tussen 2020 Q4 en 2021 Q1" in pagina
    assert "Cijfers bij grafiek 4" in pagina
    assert "1.938" in svg_teksten(pagina) and "3.963)" in " ".join(svg_teksten(pagina))
    pdf0, _ = maak_factsheet(amersfoort(), tmp_path / "zonder")
    assert aantal_paginas(pdf0) == 1


def test_grafiek4_toont_precies_de_gegeven_cijfers():
    """The drawn texts hold every figure of the input (Dutch thousands separator) and the reasons of S4."""
    fig, panelen = teken_verloop(amersfoort(verloop=amersfoort_verloop()))
    tekst = " ".join(teksten_van(fig))
    for getal in ("1.938", "1.979", "1.916", "2.047", "3.917", "3.963", "116", "162", "689", "737", "333", "960", "803"):
        assert getal in tekst, getal
    for label in ("Vertrek uit regio", "Naar beschut werk Wsw", "Aankomst in regio", "Praktijkroute", "Persoon behoudt werk",
                  "Persoon zonder werk", "Werkzame uitstromers: 40", "Niet werkzame instromers: 107"):
        assert label in tekst, label
    assert "grafiek4" in panelen


def test_onderdrukt_cijfer_is_ster_en_nederland_zonder_verhuizing():
    """A suppressed figure (NaN) prints ``*``; Nederland has no vertrek / aankomst and says why."""
    b = amersfoort_verloop().blijvers.copy()
    b.loc["vindt_werk", "wsw_wiwid"] = np.nan
    v = amersfoort_verloop(redenen_uitstroom={k: w for k, w in zip(REDENEN_UITSTROOM[1:], [26.0, np.nan, 10.0, 8.0, 1.0, 4.0, 2.0])},
                           redenen_instroom={k: w for k, w in zip(REDENEN_INSTROOM[1:], [47.0, 60.0, 4.0, 1.0])}, blijvers=b)
    fig, _ = teken_verloop(nederland(verloop=v))
    tekst = teksten_van(fig)
    assert "*" in tekst
    assert "Vertrek uit regio" not in " ".join(tekst) and "Aankomst in regio" not in " ".join(tekst)
    assert any("Voor Nederland is een verhuizing binnen het land geen uit- of instroom" in t for t in tekst)
    rijen = dict(verloop_tabel(v))
    assert rijen["Blijver, vindt werk: WSW"] == "*"


def test_foute_verloop_invoer():
    """Missing keys, an unknown reason or a wrong blijvers grid are refused with a message naming them."""
    with pytest.raises(ValueError, match="voor: sleutels werkzaam"):
        amersfoort_verloop(voor={"totaal": 1.0, "niet_werkzaam": 1.0})
    with pytest.raises(ValueError, match="onbekende reden verhuizing"):
        amersfoort_verloop(redenen_uitstroom={"verhuizing": 1.0})
    with pytest.raises(ValueError, match="blijvers"):
        amersfoort_verloop(blijvers=amersfoort_verloop().blijvers.T)


def test_zelfde_invoer_zelfde_bestanden_met_verloop(tmp_path):
    """Same input, same bytes: the two-page PDF and the HTML page."""
    a = maak_factsheet(amersfoort(verloop=amersfoort_verloop()), tmp_path / "a")
    b = maak_factsheet(amersfoort(verloop=amersfoort_verloop()), tmp_path / "b")
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes(), x.name


def test_in_werkprocessen_dezelfde_bestanden_in_dezelfde_volgorde(tmp_path):
    """Drawn in two worker processes, the factsheets are the same files, byte for byte and in the order of the
    inputs, as drawn one after the other in this process (the trendrapportage draws them in parallel)."""
    from banenafspraak.factsheet import schrijf_factsheets

    invoeren = [amersfoort(verloop=amersfoort_verloop()), nederland()]
    een = schrijf_factsheets(invoeren, tmp_path / "een")
    twee = schrijf_factsheets(invoeren, tmp_path / "twee", processen=2)
    assert [p.name for p in een] == [p.name for p in twee] and len(een) == 4
    for x, y in zip(een, twee):
        assert x.read_bytes() == y.read_bytes(), x.name
    with pytest.raises(ValueError, match="processen"):
        schrijf_factsheets(invoeren, tmp_path / "nul", processen=0)


@pytest.mark.parametrize("waarde, verwacht", [("3", 3), ("1", 1), (" 2 ", 2)])
def test_processen_uit_de_omgeving(waarde, verwacht):
    from banenafspraak.factsheet import ENV_PROCESSEN, beschikbare_processen

    assert beschikbare_processen({ENV_PROCESSEN: waarde}) == verwacht
    assert 1 <= beschikbare_processen({}) <= 4


@pytest.mark.parametrize("waarde", ["0", "-1", "twee", "1.5"])
def test_foute_processen_uit_de_omgeving(waarde):
    from banenafspraak.factsheet import ENV_PROCESSEN, beschikbare_processen

    with pytest.raises(ValueError, match=ENV_PROCESSEN):
        beschikbare_processen({ENV_PROCESSEN: waarde})


def test_stijl_van_de_aanroeper_verandert_de_factsheet_niet(tmp_path):
    """The notebook sets a seaborn theme; the factsheet looks the same, byte for byte, whatever style the caller
    has set (so that drawing in worker processes, in a script or in the report gives the same files)."""
    import matplotlib

    invoer = amersfoort(verloop=amersfoort_verloop())
    a = maak_factsheet(invoer, tmp_path / "a")
    with matplotlib.rc_context({"axes.grid": False, "font.sans-serif": ["Liberation Sans", "DejaVu Sans"],
                                "text.color": "red", "axes.facecolor": "#eeeeee"}):
        b = maak_factsheet(invoer, tmp_path / "b")
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes(), x.name


def test_foute_processen_geweigerd_voor_de_notebook(monkeypatch):
    """A wrong BANENAFSPRAAK_FACTSHEET_PROCESSEN stops the trendrapportage before anything is counted."""
    from banenafspraak.factsheet import ENV_PROCESSEN
    from banenafspraak.runner import RAPPORT_CONTROLES, RunError

    monkeypatch.setenv(ENV_PROCESSEN, "0")
    with pytest.raises(RunError, match=ENV_PROCESSEN):
        RAPPORT_CONTROLES["trendrapportage"]({"kwartaal": "2021Q1", "regio": "alle", "jaargrondslagen": "jaarbegin",
                                              "volledigheid_maanden": None, "nulmeting_bron": "data"})
