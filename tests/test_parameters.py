"""Dated parameters (RULES.md §2-§5, §10): one lookup, every change date bracketed."""
import datetime as dt

import pandas as pd
import pytest

from banenafspraak.dates import aow_datum, plus_maanden
from banenafspraak.parameters import ParameterError, alle_parameters, parameter


@pytest.mark.parametrize("naam", sorted(alle_parameters()))
def test_elke_wijzigingsdatum_begrensd(naam):
    """The day before a change gives the old value, the day itself the new one."""
    p = alle_parameters()[naam]
    for vorige, w in zip(p.values, p.values[1:]):
        assert parameter(naam, w.vanaf - dt.timedelta(days=1)) == vorige.value
        assert parameter(naam, w.vanaf) == w.value
    with pytest.raises(ParameterError):
        parameter(naam, p.values[0].vanaf - dt.timedelta(days=1))
    assert all(w.source for w in p.values)


def test_baan_is_110_92_uur_per_maand():
    assert parameter("banen.uren_per_maand", "2023-12-31") == 110.92
    assert parameter("banen.uren_per_maand", "2012-12-31") == 110.92  # the nulmeting month
    assert round(160 / parameter("banen.uren_per_maand", "2016-12-31"), 2) == 1.44  # S0 worked example


def test_doelstellingen_uit_s3_q4():
    assert parameter("doelstelling.totaal", 2014) is None
    assert parameter("doelstelling.totaal", 2015) == 9000
    assert parameter("doelstelling.markt", "2019-12-31") == 40000
    assert parameter("doelstelling.overheid", 2023) == 25000
    assert parameter("doelstelling.totaal", 2021) == 80000  # not S0's 62.000
    assert parameter("doelstelling.totaal", 2026) == 125000
    for jaar in range(2015, 2027):
        assert parameter("doelstelling.totaal", jaar) == parameter("doelstelling.markt", jaar) + parameter("doelstelling.overheid", jaar)


def test_nulmetingen():
    assert parameter("nulmeting.monitor", "2022-12-31") == 75179
    assert parameter("nulmeting.dashboard", "2022-12-31") == 75159


def test_verdeelsleutel_laatst_eerdere_waarde():
    assert parameter("sector.verdeelsleutel_overheid", "2012-12-31") == 0.24
    assert parameter("sector.verdeelsleutel_overheid", "2015-12-31") == 0.24
    assert parameter("sector.verdeelsleutel_overheid", "2016-12-31") == 0.278
    assert parameter("sector.verdeelsleutel_overheid", "2019-12-31") == 0.278
    assert parameter("sector.verdeelsleutel_overheid", "2023-12-31") == 0.337


def test_t_plus_2_regime():
    assert parameter("register.t_plus_2", "2017-01-01") == "actief"  # first exits executed
    assert parameter("register.t_plus_2", "2018-01-01") == "opgeschort"
    assert parameter("register.t_plus_2", "2020-01-01") == "afgeschaft"
    assert parameter("register.t_plus_2_heropname", "2019-01-01") == dt.date(2018, 12, 1)


def test_ufo_drempel_en_min_cel():
    assert parameter("sector.ufo_drempel", 2020) == 0.5
    assert parameter("sector.ufo_drempel_inclusief", 2020) is False
    assert parameter("publicatie.min_cel", 2023) == 10


def test_onbekende_parameter_met_suggestie():
    with pytest.raises(ParameterError, match="banen.uren_per_maand"):
        parameter("banen.uren_per_maan", "2023-12-31")


@pytest.mark.parametrize("geboren, aow", [
    # worked by hand: the first table period (in date order) in which geboren + age lies before its end
    ("1947-06-15", "2012-06-15"),  # 65 reached in 2012
    ("1947-12-31", "2012-12-31"),  # 65 reached on the last day of the '<= 2012' period
    ("1948-03-10", "2013-04-10"),  # 65 would be 2013-03-10 (2013: 65+1m) -> 65+1m
    ("1950-10-01", "2016-04-01"),  # 65+3m = 2016-01-01 is already in 2016 (65+6m) -> 2016-04-01
    ("1952-06-01", "2018-06-01"),  # 65+9m = 2018-03-01 is in 2018 (66) -> 66
    ("1953-05-20", "2019-09-20"),  # 66 = 2019-05-20 is in 2019 (66+4m) -> 66+4m
    ("1957-01-15", "2023-11-15"),  # 66+7m = 2023-08-15 is in 2023 (66+10m) -> 66+10m
    ("1960-12-31", "2027-12-31"),  # 67 reached in 2027 (2024-2027: 67)
    ("1961-01-01", "2028-04-01"),  # 67 = 2028-01-01 is in 2028 (67+3m) -> 67+3m
    ("1956-02-29", "2022-09-29"),  # leap day: 66+7m in 2022
])
def test_aow_datum(geboren, aow):
    s = pd.Series(pd.to_datetime([geboren]))
    assert aow_datum(s).iloc[0] == pd.Timestamp(aow)


def test_plus_maanden_einde_maand():
    s = pd.Series(pd.to_datetime(["2020-01-31", "2019-02-28", "2020-02-29"]))
    assert list(plus_maanden(s, 1)) == [pd.Timestamp("2020-02-29"), pd.Timestamp("2019-03-28"), pd.Timestamp("2020-03-29")]
    assert plus_maanden(s, 12).iloc[2] == pd.Timestamp("2021-02-28")


def test_parameterdocumentatie_is_actueel():
    from pathlib import Path

    from banenafspraak.parameters import als_markdown

    doc = Path(__file__).parents[1] / "docs" / "PARAMETERS.md"
    assert doc.read_text(encoding="utf-8").strip() == als_markdown().strip(), \
        "docs/PARAMETERS.md is verouderd: banenafspraak parameters --markdown > docs/PARAMETERS.md"
