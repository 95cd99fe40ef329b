"""The rules of the quotumheffing (RULES.md §9; S3 Q66-Q93; issue #16), worked by hand: the worked example of Q84,
the employer of RULES.md §9, the size limit, the rekentool (Q92)."""
from __future__ import annotations

import pytest

from bouw import gewijzigd
from banenafspraak import quotum
from banenafspraak.cli import main


def test_rekenvoorbeeld_q84():
    """((35.927 + 45.000) x 1.331 + 2.557 x 1.331) / (5.000.000 x 1.623) = 111.117.204 / 8.115.000.000 = 0,013693."""
    B = quotum.extra_banen_verschuldigd(2020, "markt")
    assert B == 45000.0  # 40.000 through 2019 plus half of the 10.000 of 2020
    p = quotum.quotumpercentage(35927, B, 1331, 5_000_000, 1623, 2557, 1331)
    assert p == pytest.approx(111_117_204 / 8_115_000_000, rel=1e-12)
    assert round(p, 6) == 0.013693 and round(100 * p, 2) == 1.37


def test_parameters_van_het_voorbeeld():
    d = "2020-12-31"
    from banenafspraak.parameters import parameter

    assert parameter("quotum.uren_per_arbeidsplaats", d) == 1331 and parameter("quotum.gemiddelde_jaaruren_werknemer", d) == 1623
    assert parameter("quotum.nulmeting_banen_groot_markt", d) == 35927 and parameter("quotum.quotumgroep_markt", d) == 2557
    assert parameter("quotum.grens_uren", d) == 40575 and parameter("quotum.heffing_per_arbeidsplaats", d) == 5000


def test_b_volgt_de_doelreeks_en_de_schaal():
    # overheid 2018: 10.000 (2017) + half of 2.500 = 11.250; at schaal 0,02: 225
    assert quotum.extra_banen_verschuldigd(2018, "overheid") == 11250.0
    assert quotum.extra_banen_verschuldigd(2018, "overheid", 0.02) == pytest.approx(225.0)
    with pytest.raises(ValueError, match="doelstelling"):
        quotum.extra_banen_verschuldigd(2015, "markt")  # no target for 2014


def test_werkgever_uit_rules():
    """100.000 hours, 500 doelgroep hours at 1,37%: 1.370 required, tekort 870 = 0,6536 arbeidsplaats = EUR 3.268,22."""
    b = quotum.bereken(0.0137, 100_000, 500, 2024)
    assert b.groot and b.vereiste_uren == pytest.approx(1370.0) and b.tekort_uren == pytest.approx(870.0)
    assert round(b.tekort_arbeidsplaatsen, 4) == 0.6536 and b.heffing == 3268.22


def test_grens_is_meer_dan_40575(monkeypatch):
    assert not quotum.is_groot(40575, 2024) and quotum.is_groot(40575.01, 2024)
    assert quotum.is_groot([40000, 40575, 50000], 2024).tolist() == [False, False, True]
    assert quotum.bereken(0.0137, 40575, 0, 2024).heffing == 0.0  # not large: no heffing, the shortfall still shown
    gewijzigd(monkeypatch, "quotum.grens_inclusief", {"2013-01-01": True})
    assert quotum.is_groot(40575, 2024)


def test_geen_tekort_geen_heffing():
    b = quotum.bereken(0.0137, 100_000, 2000, 2024)
    assert b.tekort_uren == 0.0 and b.heffing == 0.0


def test_geactiveerd_en_opgeschort():
    assert not any(quotum.heffing_actief("markt", j) for j in range(2015, 2026))  # never activated
    assert not quotum.heffing_actief("overheid", 2018)  # activated (1,93%) but the heffing was not levied
    assert quotum.heffing(0.6536, 2018, groot=True, actief=quotum.heffing_actief("overheid", 2018)) == 0.0
    assert quotum.heffing(0.6536, 2024, groot=True, actief=quotum.heffing_actief("overheid", 2024)) == pytest.approx(3268.0)


def test_rekentool_cli(capsys):
    assert main(["rekentool", "--percentage", "0.0137", "--uren", "100000", "--doelgroep-uren", "500"]) == 0
    uit = capsys.readouterr().out
    assert "1.370,00" in uit and "870,00" in uit and "0,6536" in uit and "EUR 3.268,22" in uit
    assert main(["rekentool", "--percentage", "1.37", "--uren", "100000", "--doelgroep-uren", "500"]) != 0
    assert "fractie" in capsys.readouterr().err
