"""Command line: ``banenafspraak valideer | run | genereer | verklaar | parameters``.

Errors a user can cause (bad input, unknown parameter, failed report) print a message and exit
non-zero, never a Python traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths

AFSLUIT_FOUT = 1


def _fout(tekst: str) -> int:
    print(f"fout: {tekst}", file=sys.stderr)
    return AFSLUIT_FOUT


def cmd_valideer(args) -> int:
    from .loading import lees_map
    from .validation import ContractError

    try:
        ds = lees_map(args.map, lege_tabellen=False)
    except ContractError as e:
        print(str(e), file=sys.stderr)
        return AFSLUIT_FOUT
    print(f"{args.map}: in orde volgens het datacontract")
    for tabel, n in ds.reconciliatie.gelezen.items():
        print(f"  {tabel:<18} {n:>12,} rijen  ({ds.bestanden[tabel].name})".replace(",", "."))
    return 0


def cmd_run(args) -> int:
    from .runner import RunError, beschikbare_rapporten, parse_p, run_rapport

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


def cmd_parameters(args) -> int:
    from .parameters import ParameterError, alle_parameters, parameter_waarden

    if args.markdown:
        from .parameters import als_markdown

        print(als_markdown())
        return 0
    try:
        namen = [args.naam] if args.naam else list(alle_parameters())
        for naam in namen:
            p = parameter_waarden(naam)
            if args.peildatum:
                print(f"{naam} op {args.peildatum}: {p.at(args.peildatum)!r}  [{p.source_at(args.peildatum)}]")
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
        genereer(schaal=args.schaal, seed=args.seed, uit=uit, tot_jaar=args.tot, log=print)
    except GeneratorError as e:
        return _fout(str(e))
    return 0


def cmd_verklaar(args) -> int:
    from .loading import lees_map
    from .validation import ContractError
    from .verklaar import verklaar

    try:
        data_map = Path(args.data) if args.data else None
        if data_map is None:
            from .synth import zorg_voor_standaarddata

            data_map = zorg_voor_standaarddata()
        ds = lees_map(data_map, lege_tabellen=False)
        print(verklaar(ds, args.persoon_id, args.peildatum, t2_scenario=args.t2_scenario))
    except ContractError as e:
        print(str(e), file=sys.stderr)
        return AFSLUIT_FOUT
    except (KeyError, ValueError) as e:
        return _fout(str(e).strip("'\""))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="banenafspraak", description="Statistieken banenafspraak")
    sub = ap.add_subparsers(dest="opdracht", required=True)

    p = sub.add_parser("valideer", help="controleer een datamap tegen het datacontract")
    p.add_argument("map", type=Path)
    p.set_defaults(func=cmd_valideer)

    p = sub.add_parser("run", help="voer een rapport uit (of 'alle')")
    p.add_argument("rapport")
    p.add_argument("--params", type=Path, help="YAML-bestand met parameters")
    p.add_argument("-p", action="append", metavar="naam=waarde", help="parameter (herhaalbaar)")
    p.add_argument("--uit", type=Path, help="map waarin de runmap komt (standaard outputs/<rapport>/)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("genereer", help="maak synthetische data volgens het datacontract")
    p.add_argument("--schaal", type=float, default=0.02)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--uit", type=Path, help="doelmap (standaard data/gegenereerd/schaal<S>_seed<N>)")
    p.add_argument("--tot", type=int, default=2024, help="laatste jaar (december)")
    p.add_argument("--standaard", action="store_true", help="(her)maak de ingebouwde standaarddata in data/synthetisch")
    p.set_defaults(func=cmd_genereer)

    p = sub.add_parser("verklaar", help="leg uit of en waarom één persoon meetelt (intern)")
    p.add_argument("persoon_id")
    p.add_argument("--peildatum", default="2023-12-31")
    p.add_argument("--data", type=Path)
    p.add_argument("--t2-scenario", default="geregistreerd", choices=["geregistreerd", "altijd", "afgeschaft"])
    p.set_defaults(func=cmd_verklaar)

    p = sub.add_parser("parameters", help="toon de gedateerde regelparameters")
    p.add_argument("naam", nargs="?")
    p.add_argument("--peildatum")
    p.add_argument("--markdown", action="store_true", help="documentatie in Markdown (docs/PARAMETERS.md)")
    p.set_defaults(func=cmd_parameters)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fout("afgebroken")


if __name__ == "__main__":
    sys.exit(main())
