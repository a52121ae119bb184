"""`python -m benchmarks.markdown [RESULTS.json]`: a results file (default
bench-results/latest.json) as the Markdown tables of docs/benchmarks.md, one per benchmark."""

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.helpers import ROOT, fmt


def figure_row(figure: dict[str, Any]) -> str:
    if figure["median"] is None:
        return f"| `{figure['name']}` | not measured | | {figure['note']} |"
    value = f"{fmt(figure['median'])} ({fmt(figure['min'])}–{fmt(figure['max'])}) {figure['unit']}"
    target = figure["target"]["text"] if figure["target"] else figure["note"] or "—"
    verdict = {True: "ok", False: "**MISSED**", None: ""}[figure["ok"]]
    return f"| `{figure['name']}` | {value} | {target} | {verdict} |"


def tables(results: dict[str, Any]) -> str:
    sections: dict[str, list[str]] = {}
    for figure in results["figures"]:
        sections.setdefault(figure["name"].split(".")[0], []).append(figure_row(figure))
    loads = results["machine"].get("load_average_at_each_benchmark", {})
    out = []
    for section, rows in sections.items():
        load = f" (load average {', '.join(map(str, loads[section]))} at its start)" if section in loads else ""
        out += [f"#### {section}{load}", "", "| figure | median (min–max) | target / note | |", "| --- | --- | --- | --- |"]
        out += [*rows, ""]
    return "\n".join(out)


def machine(results: dict[str, Any]) -> str:
    m = results["machine"]
    return (
        f"{m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Linux {m['kernel']}; "
        f"Python {m['python']}, Node {m['node']}, {m['chromium']}; commit {m['git_commit']}; "
        f"load average {m['load_average']} at the start, {m['load_average_after']} at the end; "
        f"{results['runs']} runs, {results['duration_s']:.0f} s."
    )


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench-results" / "latest.json"
    results = json.loads(path.read_text())
    print(machine(results) + "\n\n" + tables(results))
