"""The input data contract (DATA_CONTRACT.md), declared once.

Each table is a list of typed columns with code lists, key, and periods (begin/einde pairs that must
not end before they begin), and for the polis the tijdvak and the most hours a day can have.
``validation`` checks every rule of one row in DuckDB (``validation.sql_controle``, the same code on a
parquet file and on a table read into pandas) and adds the checks that span rows or tables.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

GRONDSLAGEN = (
    "WAJONG_OUD", "WAJONG_2010", "PW_INDICATIE", "PW_PRAKTIJKROUTE", "PW_VSO_PRO",
    "PW_AFGEWEZEN_WAJONG", "PW_TIJDELIJK", "PW_WML_VOORZIENING", "WSW_BEGELEID_WERK",
    "WSW_DETACHERING", "WSW_BESCHUT", "WIW_ID", "QUOTUM_VOORZIENING",
)
REDENEN_EINDE = (
    "AOW", "OVERLIJDEN", "GEEN_ARBEIDSVERMOGEN", "BESCHUT_WERK_PW", "BESCHUT_WERK_WSW",
    "VRIJWILLIG", "EMIGRATIE", "T_PLUS_2", "BEZWAAR", "OVERIG",
)
TIJDVAK_TYPES = ("MAAND", "VIERWEKEN", "KWARTAAL", "HALFJAAR", "JAAR")
REGELINGEN = ("WAJONG_OUD", "WAJONG_2010", "WAJONG_2015", "WGA", "IVA", "WAO")
META_BRONNEN = ("synthetisch", "uwv", "cbs")

# Allowed length in days of an aangiftetijdvak per type (DATA_CONTRACT.md polis.tijdvak_type).
# A 4-week period has 28 days, except the 13th, which ends on 31 December (29 or 30 days).
TIJDVAK_DAGEN = {
    "MAAND": (28, 31),
    "VIERWEKEN": (28, 28),
    "KWARTAAL": (90, 92),
    "HALFJAAR": (181, 184),
    "JAAR": (365, 366),
}
VIERWEKEN_LAATSTE_DAGEN = (29, 30)
MAX_UREN_PER_DAG = 24  # verloonde uren cannot exceed 24 hours a day of the aangiftetijdvak
# No date of the data lies before this one (a birth date of 1850 or 0980 is a typing error in the year:
# the person would silently fall out of the count as past the AOW age)
EERSTE_DATUM = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Kolom:
    naam: str
    type: str  # str | code | date | decimal | int | bool
    nullable: bool = False
    codes: tuple[str, ...] | None = None
    patroon: str | None = None  # full-match regex for str/code columns
    minimum: float | None = None
    # a date not after the data were made (meta.yaml aangemaakt; at the latest today): a birth, death or
    # emigration, or the begin of something administered (an opgave that begins later cannot exist, and
    # would stretch the period the polis covers: a report on a later year would count 0 banen)
    niet_na_aanmaak: bool = False


@dataclass(frozen=True)
class Tabel:
    naam: str
    kolommen: tuple[Kolom, ...]
    sleutel: tuple[str, ...]
    perioden: tuple[tuple[str, str], ...] = ()
    verplicht: bool = True
    omschrijving: str = ""
    persoon_tabel: bool = field(default=False)  # persoon_id must exist in `persoon`
    # (type column, begin, einde): the period must span the days of its type (TIJDVAK_DAGEN)
    tijdvak: tuple[str, str, str] | None = None
    # (hours column, begin, einde): at most MAX_UREN_PER_DAG hours a day of the period, inclusive days
    uren_per_dag: tuple[str, str, str] | None = None
    # columns a table may carry (DATA_CONTRACT.md "Optional inputs"): checked and typed when present
    optioneel: tuple[Kolom, ...] = ()

    @property
    def kolomnamen(self) -> list[str]:
        """The required columns."""
        return [k.naam for k in self.kolommen]

    def kolommen_van(self, aanwezig) -> tuple[Kolom, ...]:
        """The required columns and the optional ones among ``aanwezig`` (column names of a file)."""
        namen = set(aanwezig)
        return self.kolommen + tuple(k for k in self.optioneel if k.naam in namen)

    def kolom(self, naam: str) -> Kolom:
        return next(k for k in self.kolommen if k.naam == naam)


PERSOON_ID = Kolom("persoon_id", "str")

TABELLEN: dict[str, Tabel] = {
    t.naam: t
    for t in (
        Tabel(
            "persoon",
            (
                PERSOON_ID,
                Kolom("geboortedatum", "date", niet_na_aanmaak=True),
                Kolom("geslacht", "code", codes=("M", "V")),
                Kolom("overlijdensdatum", "date", nullable=True, niet_na_aanmaak=True),
                Kolom("emigratiedatum", "date", nullable=True, niet_na_aanmaak=True),
            ),
            sleutel=("persoon_id",),
            perioden=(("geboortedatum", "overlijdensdatum"), ("geboortedatum", "emigratiedatum")),
            omschrijving="één rij per persoon",
        ),
        Tabel(
            "doelgroepregister",
            (
                PERSOON_ID,
                Kolom("grondslag", "code", codes=GRONDSLAGEN),
                Kolom("registratie_begin", "date", niet_na_aanmaak=True),
                Kolom("registratie_einde", "date", nullable=True),
                Kolom("criteria_einde", "date", nullable=True),
                Kolom("reden_einde", "code", nullable=True, codes=REDENEN_EINDE),
            ),
            sleutel=("persoon_id", "grondslag", "registratie_begin"),
            perioden=(("registratie_begin", "registratie_einde"),),
            persoon_tabel=True,
            omschrijving="één rij per registratieperiode per grondslag",
        ),
        Tabel(
            "woonplaats",
            (
                PERSOON_ID,
                Kolom("gemeentecode", "code", patroon=r"GM\d{4}"),
                Kolom("begin", "date", niet_na_aanmaak=True),
                Kolom("einde", "date", nullable=True),
            ),
            sleutel=("persoon_id", "begin"),
            perioden=(("begin", "einde"),),
            persoon_tabel=True,
            omschrijving="woonperioden (BRP)",
        ),
        Tabel(
            "gemeente_regio",
            (
                Kolom("jaar", "int", minimum=1900),
                Kolom("gemeentecode", "code", patroon=r"GM\d{4}"),
                Kolom("gemeentenaam", "str"),
                Kolom("arbeidsmarktregio_code", "code", patroon=r"AM(0[1-9]|[1-3]\d|99)"),  # CBS codes, AM36-AM38 and AM99 too
                Kolom("arbeidsmarktregio_naam", "str"),
            ),
            sleutel=("jaar", "gemeentecode"),
            verplicht=False,  # shipped with the suite in data/referentie/, overridable per data directory
            omschrijving="referentie gemeente -> arbeidsmarktregio per jaar",
        ),
        Tabel(
            "polis",
            (
                PERSOON_ID,
                Kolom("ikv_id", "str"),
                Kolom("werkgever_id", "str"),
                Kolom("opgave_begin", "date", niet_na_aanmaak=True),
                Kolom("opgave_einde", "date"),
                Kolom("tijdvak_type", "code", codes=TIJDVAK_TYPES),
                Kolom("verloonde_uren", "decimal", minimum=0),
                Kolom("sv_loon", "decimal"),
                Kolom("ikv_begin", "date", niet_na_aanmaak=True),
                Kolom("ikv_einde", "date", nullable=True),
                Kolom("contractsoort", "code", codes=("O", "B", "N")),
                Kolom("aard_arbeidsverhouding", "code", patroon=r"\d{2}"),
                Kolom("soort_baan", "code", patroon=r"\d{1,2}"),
            ),
            sleutel=("persoon_id", "ikv_id", "opgave_begin"),
            # an opgave cannot be processed before its tijdvak begins (RULES.md §2, late loonaangiften)
            perioden=(("opgave_begin", "opgave_einde"), ("ikv_begin", "ikv_einde"), ("opgave_begin", "verwerkingsdatum")),
            persoon_tabel=True,
            tijdvak=("tijdvak_type", "opgave_begin", "opgave_einde"),
            uren_per_dag=("verloonde_uren", "opgave_begin", "opgave_einde"),
            # the date the opgave was processed: the completeness rule of the quarterly reports (RULES.md §2)
            optioneel=(Kolom("verwerkingsdatum", "date", nullable=True),),
            omschrijving="één rij per inkomstenopgave (SPOLISBUS)",
        ),
        Tabel(
            "werkgever",
            (
                Kolom("werkgever_id", "str"),
                Kolom("jaar", "int", minimum=1900),
                Kolom("fiscaal_nummer", "str"),
                Kolom("wfsv_sector", "code", patroon=r"\d{2}"),
                Kolom("verloonde_uren_totaal", "decimal", minimum=0),
                Kolom("verloonde_uren_ufo", "decimal", minimum=0),
                Kolom("uitlener", "bool"),
            ),
            sleutel=("werkgever_id", "jaar"),
            # hours of an uitlener's uitzendkrachten: left out of its size and total for the quotum (RULES.md §9)
            optioneel=(Kolom("verloonde_uren_uitzend", "decimal", nullable=True, minimum=0),),
            omschrijving="één rij per werkgever per jaar",
        ),
        Tabel(
            "uitkering",
            (
                PERSOON_ID,
                Kolom("regeling", "code", codes=REGELINGEN),
                Kolom("begin", "date", niet_na_aanmaak=True),
                Kolom("einde", "date", nullable=True),
                Kolom("arbeidsvermogen", "bool", nullable=True),
            ),
            sleutel=("persoon_id", "regeling", "begin"),
            perioden=(("begin", "einde"),),
            persoon_tabel=True,
            verplicht=False,  # needed by the arbeidsparticipatie report only
            omschrijving="AO-uitkeringsperioden",
        ),
        Tabel(
            "beschut_werk",
            (
                PERSOON_ID,
                Kolom("aanvraagdatum", "date", niet_na_aanmaak=True),
                Kolom("aanvrager", "code", codes=("GEMEENTE", "BURGER")),
                Kolom("advies", "code", codes=("POSITIEF", "NEGATIEF")),
                Kolom("adviesdatum", "date", niet_na_aanmaak=True),
                Kolom("gemeentecode", "code", patroon=r"GM\d{4}"),
                Kolom("indicatie_einde", "date", nullable=True),
            ),
            sleutel=("persoon_id", "aanvraagdatum"),
            perioden=(("aanvraagdatum", "adviesdatum"), ("adviesdatum", "indicatie_einde")),
            persoon_tabel=True,
            verplicht=False,  # needed by the beschut werk report only
            omschrijving="adviezen en indicaties beschut werk",
        ),
        Tabel(
            "inleen_overdracht",
            (
                Kolom("jaar", "int", minimum=2015),
                Kolom("uitlener_fiscaal_nummer", "str"),
                Kolom("inlener_fiscaal_nummer", "str"),
                PERSOON_ID,
                Kolom("verloonde_uren", "decimal", minimum=0),
            ),
            sleutel=("jaar", "uitlener_fiscaal_nummer", "inlener_fiscaal_nummer", "persoon_id"),
            persoon_tabel=True,
            verplicht=False,  # optional input of the quotum report (RULES.md §9, S3 Q79)
            omschrijving="uren doelgroep-inleen die een uitlener aan de inlener heeft overgedragen (quotum)",
        ),
        Tabel(
            "beschut_taakstelling",
            (
                Kolom("jaar", "int", minimum=2015),
                Kolom("gemeentecode", "code", patroon=r"GM\d{4}"),
                Kolom("taakstelling", "decimal", minimum=0),
            ),
            sleutel=("jaar", "gemeentecode"),
            verplicht=False,  # optional reference of the beschut werk report (RULES.md §11, S2 Q35)
            omschrijving="taakstelling beschut werk per gemeente en jaar (Regeling Participatiewet, IOAW en IOAZ, bijlage II)",
        ),
    )
}
