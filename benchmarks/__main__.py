"""`python -m benchmarks [--quick] [--runs N] [--only NAME ...]`: run the benchmarks, print every
figure as `name: median (min–max) unit [target: ..., ok/MISSED]`, and write them with a
description of the machine to bench-results/<timestamp>.json and bench-results/latest.json
(`-quick.json` and latest-quick.json for a --quick smoke run).

Exit status: 0 when every benchmark ran (missed targets are reported, not failed, unless
--strict), 1 when a benchmark could not run, 2 on bad usage.
"""

import argparse
import importlib
import json
import shutil
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.helpers import ROOT, Bench, Figure, load_average, machine_info

BENCHMARKS = ("cold_start", "idle", "ingest", "insights", "export", "reader", "popup", "aw_server")
MIN_RUNS = 5
QUICK_RUNS = 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and 2 runs: a smoke test (well under a minute)")
    parser.add_argument("--runs", type=int, help=f"runs per figure (default {MIN_RUNS}; {QUICK_RUNS} with --quick)")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME", help=f"some of: {' '.join(BENCHMARKS)}")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results", help="folder for the JSON results")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else MIN_RUNS
    if args.runs < 1 or (not args.quick and args.runs < MIN_RUNS):
        parser.error(f"--runs must be at least {MIN_RUNS} (any positive number with --quick)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    machine = machine_info()
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']}", flush=True)
    figures: list[Figure] = []
    errors: dict[str, str] = {}
    loads: dict[str, list[float]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="ssi-bench-"))
    try:
        bench = Bench(quick=args.quick, runs=args.runs, scratch=scratch)
        for name in args.only or BENCHMARKS:
            loads[name] = load_average()
            print(f"\n== {name} (load {loads[name]})", flush=True)
            began = time.perf_counter()
            try:
                produced = importlib.import_module(f"benchmarks.{name}").run(bench)
            except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the others
                traceback.print_exc()
                errors[name] = f"{type(error).__name__}: {error}"
                print(f"{name}: FAILED ({errors[name]})", flush=True)
                continue
            for figure in produced:
                print(figure.line(), flush=True)
            print(f"({name} took {time.perf_counter() - began:.0f} s)", flush=True)
            figures.extend(produced)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    machine["load_average_after"] = load_average()
    machine["load_average_at_each_benchmark"] = loads
    path = write_results(args, machine, figures, errors, time.perf_counter() - started)
    judged = [figure for figure in figures if figure.ok is not None]
    missed = [figure.name for figure in judged if not figure.ok]
    print(f"\n{len(judged) - len(missed)}/{len(judged)} targets met; results in {path}")
    if missed:
        print("missed: " + ", ".join(missed))
    if errors:
        print("could not run: " + ", ".join(errors))
        return 1
    return 1 if args.strict and missed else 0


def write_results(
    args: argparse.Namespace, machine: dict[str, object], figures: list[Figure], errors: dict[str, str], seconds: float
) -> Path:
    args.output.mkdir(parents=True, exist_ok=True)
    partial = args.only is not None and set(args.only) != set(BENCHMARKS)
    mode = "quick" if args.quick else "partial" if partial else "full"
    document = {
        "mode": mode,
        "runs": args.runs,
        "duration_s": round(seconds, 1),
        "machine": machine,
        "figures": [figure.as_json() for figure in figures],
        "errors": errors,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # A smoke run's tiny figures, or a run of some benchmarks, must not replace the latest
    # complete results.
    suffix = "" if mode == "full" else f"-{mode}"
    output: Path = args.output
    path = output / f"{stamp}{suffix}.json"
    path.write_text(text)
    (output / f"latest{suffix}.json").write_text(text)
    return path


if __name__ == "__main__":
    sys.exit(main())
