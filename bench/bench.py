#!/usr/bin/env python3
"""Benchmark driver behind bench/run.sh (see bench/README.md). Python 3.11 standard library only.

Generates (and caches) the corpora and plans, times `bucketguard scan` and the parse-only
baseline on each, and prints a markdown table. Expects the release binaries to be built.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCRATCH = REPO / "target" / "bench-corpus"
BG = REPO / "target" / "release" / "bucketguard"
PARSE_ONLY = REPO / "target" / "release" / "examples" / "parse_only"
VENV = REPO / "target" / "bench-venv"
CHECKOV_VERSION = "3.3.30"
# Checkov's S3 checks (bucket resources, public access block, bucket policy).
CHECKOV_S3 = ("CKV_AWS_18,CKV_AWS_19,CKV_AWS_20,CKV_AWS_21,CKV_AWS_53,CKV_AWS_54,CKV_AWS_55,"
              "CKV_AWS_56,CKV_AWS_57,CKV_AWS_70,CKV_AWS_93,CKV_AWS_144,CKV_AWS_145,CKV2_AWS_6,CKV2_AWS_67,"
              "CKV2_AWS_61,CKV2_AWS_62,CKV2_AWS_65")

# Targets for bucketguard rows: max wall seconds, max ratio to parse-only, max RSS (bytes or
# multiple of the input size).
TARGETS = {
    "sources-medium": {"wall": 0.25, "ratio": 1.5, "rss_x": 5},
    "sources-large": {"wall": 2.0, "rss_x": 5},
    "plan-10000": {"wall": 0.15},
    "plan-150000": {"wall": 5.0, "rss": 1 << 30},
}


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def corpus(preset: str, seed: int) -> tuple[Path, dict]:
    out = SCRATCH / preset
    key = digest(HERE / "gen_corpus.py") + f"-{seed}"
    stats_file = out / ".corpus.json"
    if stats_file.exists():
        stats = json.loads(stats_file.read_text())
        if stats.get("key") == key:
            return out, stats
    print(f"generating {preset} corpus ...", file=sys.stderr)
    subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(out), "--preset", preset,
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    stats = json.loads(stats_file.read_text())
    stats["key"] = key
    stats_file.write_text(json.dumps(stats) + "\n")
    return out, stats


# Plans this large stand for a whole estate: built from the heavy base (default_tags on every
# resource...), ~3.3 KB per resource instance; smaller ones keep the light base (~2 KB).
HEAVY_FROM = 100_000


def plan(resources: int) -> tuple[Path, dict]:
    out = SCRATCH / f"plan-{resources}.json"
    stats_file = SCRATCH / f"plan-{resources}.json.stats.json"
    base_set = "heavy" if resources >= HEAVY_FROM else "light"
    base_dir = HERE / ("plan-base-heavy" if base_set == "heavy" else "plan-base")
    key = digest(HERE / "gen_plan.py", base_dir / "plan.json")
    if stats_file.exists() and out.exists():
        stats = json.loads(stats_file.read_text())
        if stats.get("key") == key:
            return out, stats
    print(f"generating {resources}-resource plan ...", file=sys.stderr)
    subprocess.run([sys.executable, str(HERE / "gen_plan.py"), str(out), "--resources", str(resources),
                    "--base-set", base_set], check=True, stdout=subprocess.DEVNULL)
    stats = json.loads(stats_file.read_text())
    stats["key"] = key
    stats_file.write_text(json.dumps(stats) + "\n")
    return out, stats


GNU_TIME = "/usr/bin/time"


def run_once(cmd: list[str], env: dict | None = None) -> tuple[float, int, int, str, float]:
    """Wall seconds, peak RSS in bytes (largest single process), exit code, stderr, CPU seconds
    (user + system, the process and the children it waited for).

    Linux counts the pre-exec RSS of the forked parent into the child's peak RSS, which for a
    Python parent is ~20 MB: so the command runs under the small GNU `time` when available."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rep:
        wrapped = [GNU_TIME, "-f", "%M %U %S", "-o", rep.name, *cmd] if os.access(GNU_TIME, os.X_OK) else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        rss, cpu = usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime
        if wrapped is not cmd:
            # GNU time prints "Command exited with non-zero status N" first on failure.
            last = (rep.read().strip().splitlines() or ["0 0 0"])[-1].split()
            rss, cpu = int(last[0]) * 1024, float(last[1]) + float(last[2])
        return wall, rss, code, err.read().decode(errors="replace"), cpu


def summarize_error(err: str, code: int) -> str:
    """The line that says what went wrong: a panic's message, else the last line."""
    lines = [ln.strip() for ln in err.splitlines() if ln.strip()]
    for i, ln in enumerate(lines):
        if "panicked at" in ln:
            return " ".join(lines[i:i + 2])[:200]
    return (lines[-1] if lines else f"exit {code}")[:200]


def measure(cmd: list[str], runs: int, env: dict | None = None) -> dict:
    """Median wall time over `runs` (hyperfine when installed), peak RSS of one run."""
    wall, rss, code, err, cpu = run_once(cmd, env)  # also the warm-up run
    res = {"cmd": " ".join(cmd), "rss": rss, "exit": code, "cpu": cpu}
    if code != 0:
        res["error"] = summarize_error(err, code)
        return res
    if runs <= 1:
        res.update(median=wall, min=wall, max=wall, runs=1, timer="wait4")
    elif shutil.which("hyperfine") and env is None:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(["hyperfine", "--runs", str(runs), "--warmup", "0", "--shell=none",
                            "--style", "none", "--export-json", out.name, " ".join(cmd)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r = json.load(open(out.name))["results"][0]
        res.update(median=r["median"], min=r["min"], max=r["max"], runs=runs, timer="hyperfine")
    else:
        times = [run_once(cmd, env)[0] for _ in range(runs)]
        res.update(median=statistics.median(times), min=min(times), max=max(times), runs=runs,
                   timer="python")
    return res


def checkov_bin() -> Path:
    exe = VENV / "bin" / "checkov"
    if not exe.exists():
        print(f"installing checkov=={CHECKOV_VERSION} into {VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", f"checkov=={CHECKOV_VERSION}"], check=True)
    return exe


def machine(bg: Path) -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([str(bg), "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {mem}, Linux {platform.release()}, "
            f"{rustc}, {bg} ({version}, tree {commit}), load average at start {load}")


def fmt_rate(n: float, secs: float) -> str:
    if not secs:
        return "-"
    r = n / secs
    return f"{r / 1e6:.2f}M" if r >= 1e6 else f"{r / 1e3:.1f}k" if r >= 1e3 else f"{r:.1f}"


def check(name: str, row: dict, inp: dict) -> str:
    t = TARGETS.get(name)
    if not t or "median" not in row:
        return ""
    marks = []
    if "wall" in t:
        marks.append(f"≤{t['wall']}s {'✓' if row['median'] <= t['wall'] else '✗'}")
    if "ratio" in t and row.get("ratio") is not None:
        marks.append(f"≤{t['ratio']}x parse {'✓' if row['ratio'] <= t['ratio'] else '✗'}")
    if "rss_x" in t:
        extra = row["rss"] - row.get("idle_rss", 0)
        marks.append(f"RSS−idle≤{t['rss_x']}x in {'✓' if extra <= t['rss_x'] * inp['bytes'] else '✗'}")
    if "rss" in t:
        marks.append(f"RSS≤{t['rss'] >> 20}MiB {'✓' if row['rss'] <= t['rss'] else '✗'}")
    return ", ".join(marks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="small,medium", help="source corpus presets (small,medium,large)")
    ap.add_argument("--plans", default="1000,10000", help="plan sizes in resources (e.g. 1000,10000,150000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--with-checkov", action="store_true", help=f"also time checkov {CHECKOV_VERSION} (1 run)")
    ap.add_argument("--bucketguard", type=Path, default=BG, help="the binary to time")
    ap.add_argument("--json", type=Path, default=SCRATCH / "results.json", help="write raw results here")
    args = ap.parse_args()
    bg_exe = args.bucketguard.resolve()
    for exe in (bg_exe, PARSE_ONLY):
        if not exe.exists():
            print(f"missing {exe}: build with cargo build --release --bin bucketguard --example parse_only",
                  file=sys.stderr)
            return 2
    SCRATCH.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine(bg_exe)}\n")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) * 0.5:
        print(f"**WARNING: load average {load:.1f} on {os.cpu_count()} CPUs: other work is running, wall "
              "times are not reliable (CPU s is less affected).**\n")

    inputs: list[tuple[str, Path, dict]] = []
    for size in filter(None, args.sizes.split(",")):
        path, stats = corpus(size, args.seed)
        inputs.append((f"sources-{size}", path, stats))
    for n in filter(None, args.plans.split(",")):
        path, stats = plan(int(n))
        inputs.append((f"plan-{n}", path, stats))
    checkov = checkov_bin() if args.with_checkov else None

    # What the process costs before it reads anything (binary, allocator, thread pool are not
    # input-proportional): RSS of `bucketguard --version`.
    idle_rss = run_once([str(bg_exe), "--version"])[1]
    print(f"Idle RSS (`bucketguard --version`): {idle_rss / 1048576:.1f} MiB\n")
    rows = []
    results = []
    for name, path, stats in inputs:
        # The big inputs get fewer runs: they take seconds each.
        runs = args.runs if stats["bytes"] < 100e6 else min(args.runs, 3)
        base = measure([str(PARSE_ONLY), str(path)], runs)
        bg = measure([str(bg_exe), "scan", str(path), "--format", "json", "--output", "/dev/null",
                      "--fail-on", "never"], runs)
        bg["idle_rss"] = idle_rss
        if "median" in base and "median" in bg:
            bg["ratio"] = bg["median"] / base["median"]
        tools = [("bucketguard", bg), ("parse-only", base)]
        if checkov is not None and name.startswith("sources-"):
            cmd = [str(checkov), "-d", str(path), "--framework", "terraform", "--check", CHECKOV_S3,
                   "--quiet", "--compact", "--soft-fail", "--skip-download"]
            env = dict(os.environ, LOG_LEVEL="ERROR")
            ck = measure(cmd, 1, env)
            if "median" in ck and "median" in bg:
                ck["ratio"] = ck["median"] / base["median"]
            tools.append((f"checkov {CHECKOV_VERSION}", ck))
        for tool, m in tools:
            results.append({"input": name, "tool": tool, **stats, **m})
            if "median" not in m:
                rows.append(f"| {name} | {tool} | FAILED (exit {m['exit']}): {m['error']} |")
                continue
            secs = m["median"]
            ratio = f"{m['ratio']:.2f}x" if "ratio" in m else "1.00x" if tool == "parse-only" else "-"
            rows.append(
                f"| {name} | {tool} | {stats['files']} | {stats['bytes'] / 1e6:.2f} | {stats['resources']} "
                f"| {secs:.4f} (n={m['runs']}, {m['min']:.4f}–{m['max']:.4f}) | {m['cpu']:.3f} | {fmt_rate(stats['files'], secs)} "
                f"| {stats['bytes'] / 1e6 / secs:.1f} | {fmt_rate(stats['resources'], secs)} "
                f"| {m['rss'] / 1048576:.1f} | {(m['rss'] - idle_rss) / stats['bytes']:.1f}x | {ratio} "
                f"| {check(name, m, stats) if tool == 'bucketguard' else ''} |")

    print("| input | tool | files | MB | resources | wall s median (runs, min–max) | CPU s | files/s | MB/s "
          "| resources/s | peak RSS MiB | (RSS−idle)/input | vs parse-only | targets |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    print("\n".join(rows))

    # Scaling: time per resource relative to the smallest input of each kind.
    for kind in ("sources-", "plan-"):
        series = [r for r in results if r["input"].startswith(kind) and r["tool"] == "bucketguard" and "median" in r]
        if len(series) > 1:
            first = series[0]
            parts = [f"{r['input']}: {r['resources'] / first['resources']:.0f}x input → "
                     f"{r['median'] / first['median']:.1f}x time" for r in series[1:]]
            print(f"\nScaling ({kind.rstrip('-')}, bucketguard, vs {first['input']}): " + "; ".join(parts))
    args.json.write_text(json.dumps({"machine": machine(bg_exe), "results": results}, indent=1) + "\n")
    print(f"\nRaw results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
