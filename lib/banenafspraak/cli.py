"""Command line: ``banenafspraak valideer | run | genereer | importeer | verklaar | parameters | rekentool | opruimen``.

Errors a user or the system can cause (bad input, an unknown parameter, a failed report, a folder that
cannot be written, a full disk, a stopped run) print one line ``fout: ...`` on stderr (a contract
check: one line per problem) and exit non-zero, never with a Python traceback. Only an error nobody
expected (a bug) shows its traceback, and says in which log file it is kept.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

from . import paths

AFSLUIT_FOUT = 1
AFSLUIT_GEBRUIK = 2  # wrong use of the command line (argparse)


def _fout(tekst: str, code: int = AFSLUIT_FOUT) -> int:
    print(f"fout: {tekst}", file=sys.stderr)
    return code


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong command line gives one line (and the way to the help), not the usage block."""

    def error(self, message: str):
        print(f"fout: {self.prog}: {message} (zie {self.prog} --help)", file=sys.stderr)
        raise SystemExit(AFSLUIT_GEBRUIK)


def cmd_valideer(args) -> int:
    from .loading import lees_map
    from .validation import ContractError

    try:
        ds = lees_map(args.map, lege_tabellen=False, polis_lezen=False)  # the polis checked as a file, not loaded
    except ContractError as e:
        print(str(e), file=sys.stderr)
        return AFSLUIT_FOUT
    print(f"{args.map}: in orde volgens het datacontract")
    for tabel, n in ds.reconciliatie.gelezen.items():
        print(f"  {tabel:<18} {n:>12,} rijen  ({ds.bestanden[tabel].name})".replace(",", "."))
    return 0


def cmd_run(args) -> int:
    from .runner import GROEPEN, RunError, beschikbare_rapporten, parse_p, run_rapport

    if args.gelijktijdig < 1:
        return _fout(f"--gelijktijdig {args.gelijktijdig}: verwacht een geheel getal van minstens 1")
    if args.rapport in GROEPEN:
        return _run_groep(args)
    rapporten = [args.rapport]
    try:
        if args.rapport == "alle":
            rapporten = beschikbare_rapporten()
            if not rapporten:
                return _fout("geen rapporten gevonden in notebooks/")
        overrides = parse_p(args.p)
        for rapport in rapporten:
            params_file = args.params
            if params_file is None and args.rapport == "alle" and (paths.params_dir() / f"{rapport}.yaml").exists():
                params_file = paths.params_dir() / f"{rapport}.yaml"
            run_rapport(rapport, params_file=params_file, overrides=overrides, uit=args.uit)
    except RunError as e:
        return _fout(str(e))
    return 0


def _run_groep(args) -> int:
    """``run jaarrapporten``: the reports of a group (``runner.GROEPEN``), ``-p jaar`` as each one's year
    parameter; one after the other, or with ``--gelijktijdig N`` N at a time, each in its own process."""
    from .runner import RunError, groep_parameters, lees_params_bestand, parse_p, run_gelijktijdig, run_rapport

    try:
        gegeven = lees_params_bestand(args.params) if args.params else {}
        gegeven.update(parse_p(args.p))
        opdrachten = groep_parameters(args.rapport, gegeven)
        if args.gelijktijdig == 1:
            for rapport, parameters in opdrachten.items():
                run_rapport(rapport, overrides=parameters, uit=args.uit)
            return 0
        mislukt: list[str] = []
        rapporten = list(opdrachten)
        for i in range(0, len(rapporten), args.gelijktijdig):
            mislukt += run_gelijktijdig({r: opdrachten[r] for r in rapporten[i:i + args.gelijktijdig]}, args.uit)
    except RunError as e:
        return _fout(str(e))
    if mislukt:
        return _fout(f"{args.rapport}: mislukt: {', '.join(mislukt)} (zie de regels 'fout:' hierboven)")
    return 0


def cmd_parameters(args) -> int:
    from .dates import DatumError, lees_datum
    from .parameters import ParameterError, alle_parameters, parameter_waarden

    if args.markdown:
        from .parameters import als_markdown

        print(als_markdown())
        return 0
    try:
        peildatum = lees_datum(args.peildatum) if args.peildatum else None
    except DatumError as e:
        return _fout(f"--peildatum: {e}")
    try:
        namen = [args.naam] if args.naam else list(alle_parameters())
        for naam in namen:
            p = parameter_waarden(naam)
            if peildatum:
                print(f"{naam} op {peildatum.isoformat()}: {p.at(peildatum)!r}  [{p.source_at(peildatum)}]")
                continue
            print(f"{naam}: {p.description}")
            for w in p.values:
                print(f"    vanaf {w.vanaf.isoformat()}: {w.value!r}  [{w.source}]")
    except ParameterError as e:
        return _fout(str(e))
    return 0


def cmd_genereer(args) -> int:
    from .synth import GeneratorError, genereer, zorg_voor_standaarddata

    try:
        if args.standaard:
            print(zorg_voor_standaarddata(opnieuw=True))
            return 0
        uit = Path(args.uit) if args.uit else paths.project_root() / "data" / "gegenereerd" / f"schaal{args.schaal:g}_seed{args.seed}"
        if args.formaat == "contract":
            genereer(schaal=args.schaal, seed=args.seed, uit=uit, tot_jaar=args.tot, log=print)
            return 0
        from .synth.cbs import naar_cbs

        if args.werknemers_buiten_register < 1:
            return _fout("--werknemers-buiten-register: verwacht een geheel getal van minstens 1")
        with tempfile.TemporaryDirectory(prefix="banenafspraak-genereer-") as tmp:
            genereer(schaal=args.schaal, seed=args.seed, uit=Path(tmp) / "contract", tot_jaar=args.tot, log=print)
            naar_cbs(Path(tmp) / "contract", uit, args.bestandsformaat, args.werknemers_buiten_register)
        print(f"  CBS-vormige bestanden en bronnen.yaml in {uit}; verder met: banenafspraak importeer --bronnen "
              f"{uit / 'bronnen.yaml'} --uit MAP")
    except GeneratorError as e:
        return _fout(str(e))
    return 0


def cmd_importeer(args) -> int:
    """Real microdata into a data directory of the contract (issue #17), then the contract check of ``valideer``."""
    from .importeer import ImportFout, importeer, lees_bronnen
    from .validation import ContractError

    try:
        bronnen = lees_bronnen(args.bronnen)
        print(f"importeren volgens profiel {bronnen.profiel.get('naam')} -> {args.uit}")
        verslag = importeer(bronnen, args.uit, log=print)
    except ImportFout as e:
        return _fout(str(e))
    except ContractError as e:
        print(str(e), file=sys.stderr)
        return AFSLUIT_FOUT
    for tabel, v in verslag.items():
        if "geschreven" in v:
            weg = "; ".join(f"{r}: " + f"{n:,}".replace(",", ".") for r, n in v["weggelaten"].items())
            print(f"  {tabel:<18} {v['gelezen_totaal']:>12,} gelezen {v['geschreven']:>12,} geschreven".replace(",", ".")
                  + (f"  (weggelaten: {weg})" if weg else ""))
    print(f"  verantwoording: {Path(args.uit) / 'importeer.json'}")
    print(f"{args.uit}: in orde volgens het datacontract (de controle van banenafspraak valideer, in de import)")
    return 0


def cmd_verklaar(args) -> int:
    from .dates import DatumError, lees_datum
    from .loading import lees_map
    from .periode import PeriodeError, controleer_peildata
    from .validation import ContractError
    from .verklaar import verklaar

    try:
        peildatum = lees_datum(args.peildatum)  # before the data are read: a typing error is refused at once
    except DatumError as e:
        return _fout(f"--peildatum: {e}")
    try:
        data_map = Path(args.data) if args.data else None
        if data_map is None:
            from .synth import zorg_voor_standaarddata

            data_map = zorg_voor_standaarddata()
        ds = lees_map(data_map, lege_tabellen=False)
        try:  # outside the polis nobody works: refused, as every report refuses it
            controleer_peildata(ds, [peildatum])
        except PeriodeError as e:
            return _fout(f"--peildatum: {e}")
        print(verklaar(ds, args.persoon_id, peildatum, t2_scenario=args.t2_scenario))
    except ContractError as e:
        print(str(e), file=sys.stderr)
        return AFSLUIT_FOUT
    except (KeyError, ValueError) as e:
        return _fout(str(e).strip("'\""))
    return 0


def cmd_opruimen(args) -> int:
    """Stale work folders of runs whose process is gone: marked failed (or deleted with --verwijder)."""
    from .runner import ruim_op

    if args.uit:
        if not args.uit.is_dir():
            return _fout(f"--uit {args.uit} is geen bestaande map")
        mappen = [args.uit]
    else:
        uitvoer = paths.outputs_dir()
        mappen = sorted(d for d in uitvoer.iterdir() if d.is_dir()) if uitvoer.is_dir() else []
    n = 0
    for basis in mappen:
        for oud, nieuw in ruim_op(basis, verwijder=args.verwijder):
            n += 1
            print(f"{oud}: verwijderd" if nieuw is None else f"{oud} -> {nieuw.name}")
    if n == 0:
        print("geen onafgemaakte runs gevonden")
    return 0


def cmd_rekentool(args) -> int:
    """One employer's quotumheffing (S3 Q92), with the functions of the quotum report (RULES.md §9)."""
    from .quotum import bereken, rekentool_tekst

    try:
        b = bereken(args.percentage, args.uren, args.doelgroep_uren, args.jaar)
    except ValueError as e:
        return _fout(str(e))
    print(rekentool_tekst(b))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = Parser(prog="banenafspraak", description="Statistieken banenafspraak")
    sub = ap.add_subparsers(dest="opdracht", required=True)

    p = sub.add_parser("valideer", help="controleer een datamap tegen het datacontract")
    p.add_argument("map", type=Path)
    p.set_defaults(func=cmd_valideer)

    p = sub.add_parser("run", help="voer een rapport uit (of 'alle', of 'jaarrapporten')")
    p.add_argument("rapport")
    p.add_argument("--params", type=Path, help="YAML-bestand met parameters")
    p.add_argument("-p", action="append", metavar="naam=waarde", help="parameter (herhaalbaar)")
    p.add_argument("--uit", type=Path, help="map waarin de runmap komt (standaard outputs/<rapport>/)")
    p.add_argument("--gelijktijdig", type=int, default=1, metavar="N",
                   help="jaarrapporten: zoveel rapporten tegelijk, elk in een eigen proces (standaard 1)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("genereer", help="maak synthetische data volgens het datacontract")
    p.add_argument("--schaal", type=float, default=0.02)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--uit", type=Path, help="doelmap (standaard data/gegenereerd/schaal<S>_seed<N>)")
    p.add_argument("--tot", type=int, default=2024, help="laatste jaar (december)")
    p.add_argument("--standaard", action="store_true", help="(her)maak de ingebouwde standaarddata in data/synthetisch")
    p.add_argument("--formaat", choices=["contract", "cbs"], default="contract",
                   help="contract (standaard) of cbs: bestanden zoals in de CBS Remote Access-omgeving, voor importeer")
    p.add_argument("--bestandsformaat", choices=["parquet", "csv", "sav"], default="parquet", help="bij --formaat cbs")
    p.add_argument("--werknemers-buiten-register", type=int, default=1, metavar="N",
                   help="bij --formaat cbs: opgaven van werknemers buiten het register per werkgever, jaar en Ufo-deel")
    p.set_defaults(func=cmd_genereer)

    p = sub.add_parser("importeer", help="zet echte microdata (CBS, UWV) om naar een datamap volgens het datacontract")
    p.add_argument("--bronnen", type=Path, required=True, help="YAML-bestand met de bronbestanden en het profiel (README, 'Echte microdata')")
    p.add_argument("--uit", type=Path, required=True, help="doelmap")
    p.set_defaults(func=cmd_importeer)

    p = sub.add_parser("verklaar", help="leg uit of en waarom één persoon meetelt (intern)")
    p.add_argument("persoon_id")
    p.add_argument("--peildatum", default="2023-12-31", help="JJJJ-MM-DD, of een jaartal (31 december)")
    p.add_argument("--data", type=Path)
    p.add_argument("--t2-scenario", default="geregistreerd", choices=["geregistreerd", "altijd", "afgeschaft"])
    p.set_defaults(func=cmd_verklaar)

    p = sub.add_parser("parameters", help="toon de gedateerde regelparameters")
    p.add_argument("naam", nargs="?")
    p.add_argument("--peildatum", help="JJJJ-MM-DD, of een jaartal (31 december)")
    p.add_argument("--markdown", action="store_true", help="documentatie in Markdown (docs/PARAMETERS.md)")
    p.set_defaults(func=cmd_parameters)

    p = sub.add_parser("rekentool", help="quotumheffing van één werkgever (indicatief, S3 Q92)")
    p.add_argument("--percentage", type=float, required=True, help="quotumpercentage als fractie (0.0137 = 1,37%%)")
    p.add_argument("--uren", type=float, required=True, help="verloonde uren van de werkgever in het jaar")
    p.add_argument("--doelgroep-uren", type=float, required=True, help="verloonde uren van mensen uit de doelgroep")
    p.add_argument("--jaar", type=int, default=2024, help="jaar van de heffing (de parameters van dat jaar; standaard 2024)")
    p.set_defaults(func=cmd_rekentool)

    p = sub.add_parser("opruimen", help="markeer onafgemaakte runs waarvan het proces niet meer bestaat als mislukt")
    p.add_argument("--uit", type=Path, help="map met runmappen (standaard: elke map in outputs/)")
    p.add_argument("--verwijder", action="store_true", help="verwijder ze in plaats van ze als mislukt te markeren")
    p.set_defaults(func=cmd_opruimen)
    return ap


def _verwachte_fouten() -> tuple[type[BaseException], ...]:
    """Errors whose message is all a user needs: one line, no traceback."""
    from .dates import DatumError
    from .parameters import ParameterError
    from .runner import RunError
    from .synth import GeneratorError
    from .verbinding import InstellingFout

    return (RunError, GeneratorError, ParameterError, DatumError, paths.ProjectRootError, paths.MapError, InstellingFout)


def _onverwacht(e: BaseException) -> int:
    """A bug: show the traceback, keep it in a log file and say where."""
    tekst = "".join(traceback.format_exception(e))
    log = Path(tempfile.gettempdir()) / f"banenafspraak-fout-{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}.log"
    try:
        log.write_text(" ".join(sys.argv) + "\n" + tekst, encoding="utf-8")
        waar = f"; de volledige melding staat in {log}"
    except OSError:
        waar = ""
    print(tekst, file=sys.stderr, end="")
    return _fout(f"onverwachte fout in banenafspraak: {type(e).__name__}: {e}{waar}")


def main(argv: list[str] | None = None) -> int:
    from .runner import RunAfgebroken, os_fout_tekst
    from .validation import ContractError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt as e:
        signum = e.signum if isinstance(e, RunAfgebroken) else 2
        return _fout(str(e) or "afgebroken", 128 + signum)
    except ContractError as e:
        print(str(e), file=sys.stderr)
        return AFSLUIT_FOUT
    except OSError as e:
        return _fout(os_fout_tekst(e))
    except Exception as e:
        if isinstance(e, _verwachte_fouten()):
            return _fout(str(e))
        import duckdb

        if isinstance(e, duckdb.OutOfMemoryException):  # a limit, not a bug
            eerste = str(e).splitlines()[0] if str(e) else ""
            return _fout(f"DuckDB had te weinig geheugen ({eerste}); geef meer met BANENAFSPRAAK_DUCKDB_GEHEUGEN "
                         "(bijvoorbeeld 4GB) of een map met ruimte om naar uit te wijken met BANENAFSPRAAK_DUCKDB_TEMP")
        return _onverwacht(e)


if __name__ == "__main__":
    sys.exit(main())
