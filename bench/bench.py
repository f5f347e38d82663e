#!/usr/bin/env python3
"""`make bench`: Lectern's speed and memory on generated MEDLINE corpora, written to BENCH.md.

    python3 bench/bench.py [--sizes 10000,100000] [--runs 5] [--no-build] [--out BENCH.md]

Generates bench-corpus/medline-N.nbib when missing (bench/gencorpus.py), builds the release
binary, then measures for each size, each figure the median of several runs:
  - grep -c over the same file: the floor, the time merely to scan the bytes;
  - load-to-ready (read, tag and index, dedupe, index renumbered) in process, cold (no corpus cache) and warm (cache fresh);
  - read speed in MB/s (file bytes over the read phase, which parses and tags each paper, cold);
  - `lectern list FILE --query "disease:AML relapse" --json` as a whole process, cold and warm;
  - first paint of the browser in a pseudo-terminal (time to the first screen text);
  - filter keystroke latency p50/p99 over a scripted typing session, facet counts included;
  - the time to count facets over the whole corpus;
  - peak resident memory (/usr/bin/time -v), against the corpus's size on disk.
Cold means no Lectern cache; the file itself is in the OS page cache (as after any first read): it is
read once just before each timed run, and so is the Lectern cache before a warm one, because some
machines drop the page cache within a minute and the run would then time the disk.
Python 3 standard library only. Never part of `make test`.
"""

import argparse
import datetime
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "lectern")
QUERY = "disease:AML relapse"
RUNS = 5
TARGETS = {  # issue 6, for the 100,000-record file
    "load_cold": 2.0, "load_warm": 0.5, "list_cold": 2.5, "first_paint": 0.1,
    "key_p50": 5.0, "key_p99": 16.0, "rss_ratio": 2.0,
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def corpus_path(n):
    return os.path.join(ROOT, "bench-corpus", f"medline-{n}.nbib")


def ensure_corpus(n):
    path = corpus_path(n)
    if not os.path.exists(path):
        log(f"generating {path} ...")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gencorpus.py"), str(n), "medline", "--out", path],
                       check=True)
    return path


CPU = {}  # argv tuple -> CPU seconds (user + system) of the last run


def timed(argv, env=None, stdout=subprocess.DEVNULL):
    """Runs argv under /usr/bin/time -v; returns (wall seconds, peak RSS in bytes, completed process).
    The process's CPU time (user + system) is kept in CPU[tuple(argv)]."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + argv, env=env, stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    err = proc.stderr.decode("utf-8", "replace")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    rss = int(match.group(1)) * 1024 if match else 0
    user = re.search(r"User time \(seconds\): ([\d.]+)", err)
    system = re.search(r"System time \(seconds\): ([\d.]+)", err)
    CPU[tuple(argv)] = (float(user.group(1)) if user else 0) + (float(system.group(1)) if system else 0)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{err[-2000:]}")
    return wall, rss, proc


class CacheHome:
    """A private XDG_CACHE_HOME, so cold runs start with no Lectern cache and nothing of the user's is touched."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="lectern-bench-cache-")

    def env(self):
        env = dict(os.environ)
        env["XDG_CACHE_HOME"] = self.path
        env.pop("LECTERN_PATH", None)
        return env

    def clear(self):
        shutil.rmtree(self.path, ignore_errors=True)
        os.makedirs(self.path, exist_ok=True)

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)


def in_page_cache(*roots):
    """Reads the files (and the files under folders) once, so the next run finds them in the OS page cache."""
    for root in roots:
        paths = [root] if os.path.isfile(root) else [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
        for p in paths:
            with open(p, "rb") as f:
                while f.read(8 << 20):
                    pass


def grep_floor(path, runs):
    samples = []
    for _ in range(runs):
        in_page_cache(path)
        start = time.perf_counter()
        # Output to a pipe: GNU grep stops at the first match when its output is /dev/null.
        subprocess.run(["grep", "-c", "^PMID- ", path], stdout=subprocess.PIPE, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def internal(path, cache, runs, warm):
    """Runs `lectern bench-internal` runs times; returns the reports (with the process's CPU seconds
    as "cpu") and peak RSS samples."""
    reports, rss = [], []
    if warm:
        cache.clear()
        subprocess.run([BINARY, "bench-internal", path, "--rounds", "1"], env=cache.env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        if not warm:
            cache.clear()
        argv = [BINARY, "bench-internal", path, "--type", QUERY, "--type", "author:nunez marrow",
                "--type", "exosome stromal", "--rounds", "3"]
        in_page_cache(path, cache.path)
        _, peak, proc = timed(argv, env=cache.env(), stdout=subprocess.PIPE)
        report = json.loads(proc.stdout)
        report["cpu"] = CPU[tuple(argv)]
        reports.append(report)
        rss.append(peak)
    return reports, rss


def list_query(path, cache, runs, warm):
    walls, rss, cpus = [], [], []
    if warm:
        cache.clear()
        subprocess.run([BINARY, "list", path, "--query", QUERY, "--json"], env=cache.env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        if not warm:
            cache.clear()
        argv = [BINARY, "list", path, "--query", QUERY, "--json"]
        in_page_cache(path, cache.path)
        wall, peak, _ = timed(argv, env=cache.env())
        walls.append(wall)
        rss.append(peak)
        cpus.append(CPU[tuple(argv)])
    return statistics.median(walls), max(rss), statistics.median(cpus)


def browser_start(path, cache, marker=b"Lectern", timeout=120.0):
    """Starts `lectern browse FILE` in a 120x40 pseudo-terminal. Returns the seconds to the first screen
    text (measured from outside), and the browser's own report (LECTERN_FIRST_PAINT_REPORT) once every
    paper is listed: first_papers_since_main_ms, list_paint_since_main_ms, frames_per_second_while_loading."""
    report_path = os.path.join(tempfile.mkdtemp(prefix="lectern-paint-"), "report.txt")
    env = cache.env()
    env["LECTERN_FIRST_PAINT_REPORT"] = report_path
    env["TERM"] = "xterm-256color"
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl
        import termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execve(BINARY, [BINARY, "browse", path], env)
    seen, painted = b"", None
    deadline = start + timeout
    try:
        while time.perf_counter() < deadline:
            if painted is not None and os.path.exists(report_path):
                break
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-4096:]
            if painted is None and marker.lower() in seen.lower():
                painted = time.perf_counter() - start
        try:
            os.write(fd, b"q")
        except OSError:
            pass
        end = time.perf_counter() + 3
        while time.perf_counter() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
        else:
            os.kill(pid, signal.SIGTERM)
            time.sleep(0.2)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    report = {}
    if os.path.exists(report_path):
        for line in open(report_path):
            key, _, value = line.strip().partition("=")
            try:
                report[key] = float(value)
            except ValueError:
                pass
    shutil.rmtree(os.path.dirname(report_path), ignore_errors=True)
    return painted, report


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure(n, runs, cache):
    path = ensure_corpus(n)
    size = os.path.getsize(path)
    log(f"[{n}] grep floor")
    floor = grep_floor(path, runs)
    # Cold runs are the figures most shaken by other work on a shared machine: as many as warm ones
    # (a cold load of 100,000 records is a few seconds), so their median means something.
    cold_runs = runs
    log(f"[{n}] load cold ({cold_runs} runs)")
    cold, cold_rss = internal(path, cache, cold_runs, warm=False)
    log(f"[{n}] load warm")
    warm, warm_rss = internal(path, cache, runs, warm=True)
    log(f"[{n}] list --query cold / warm")
    list_cold, list_cold_rss, list_cold_cpu = list_query(path, cache, cold_runs, warm=False)
    list_warm, list_warm_rss, list_warm_cpu = list_query(path, cache, runs, warm=True)
    log(f"[{n}] browser start, cold and warm")
    starts = {}
    for kind in ("cold", "warm"):
        samples = []
        for _ in range(runs):
            if kind == "cold":
                cache.clear()
            in_page_cache(path, cache.path)
            samples.append(browser_start(path, cache))
        starts[kind] = samples

    def report_seconds(kind, key):
        return med([r.get(key) / 1000 if r.get(key) is not None else None for _, r in starts[kind]])
    read_phase = med([r["phases"].get("read") for r in cold])
    result = {
        "records": n, "bytes": size, "papers": cold[0]["papers"], "grep": floor,
        "load_cold": med([r["loadSeconds"] for r in cold]),
        "load_warm": med([r["loadSeconds"] for r in warm]),
        "warm_cache": warm[0]["cache"],
        "phases_cold": {k: med([r["phases"].get(k) for r in cold]) for k in cold[0]["phases"]},
        "phases_warm": {k: med([r["phases"].get(k) for r in warm]) for k in warm[0]["phases"]},
        "parse_mbs": size / 1e6 / read_phase if read_phase else None,
        "list_cold": list_cold, "list_warm": list_warm, "list_cold_cpu": list_cold_cpu, "list_warm_cpu": list_warm_cpu,
        "cpu_cold": med([r["cpu"] for r in cold]), "cpu_warm": med([r["cpu"] for r in warm]),
        "cold_runs": cold_runs,
        "first_paint": med([p for p, _ in starts["cold"] + starts["warm"]]),
        "first_paint_cold": med([p for p, _ in starts["cold"]]),
        "first_paint_warm": med([p for p, _ in starts["warm"]]),
        "first_papers_cold": report_seconds("cold", "first_papers_since_main_ms"),
        "list_paint_cold": report_seconds("cold", "list_paint_since_main_ms"),
        "list_paint_warm": report_seconds("warm", "list_paint_since_main_ms"),
        "frames_per_second": med([r.get("frames_per_second_while_loading") for _, r in starts["cold"]]),
        "key_p50": med([r["keystrokes"]["p50Ms"] for r in cold + warm]),
        "key_p99": med([r["keystrokes"]["p99Ms"] for r in cold + warm]),
        "keystrokes": cold[0]["keystrokes"]["count"],
        "facets": med([r["facetSeconds"] for r in cold + warm]),
        "field_indexes": med([r.get("fieldIndexesSeconds") for r in cold + warm]),
        "slowest_key": max((s for r in cold + warm for s in r["keystrokes"].get("slowest", [])[:1]),
                           key=lambda s: s["ms"], default=None),
        "rss": max(cold_rss + warm_rss + [list_cold_rss, list_warm_rss]),
        "rss_load_cold": max(cold_rss), "rss_list_cold": list_cold_rss,
    }
    result["rss_ratio"] = result["rss"] / size
    return result


def fmt_s(value):
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def fmt_ratio(value, floor):
    return f" ({value / floor:.1f}× grep)" if value and floor else ""


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) // 1024 // 1024
    except (OSError, ValueError, IndexError):
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem} GiB RAM, " \
           f"{swift[0] if swift else 'swift ?'}"


def verdicts(big):
    rows = []

    def check(name, value, target, unit, shown):
        if value is None:
            rows.append(f"| {name} | not measured | {target}{unit} | — |")
            return
        ok = value <= target
        rows.append(f"| {name} | {shown} | ≤ {target}{unit} | {'met' if ok else '**missed**'} |")

    check("read+tag+index, cold", big["load_cold"], TARGETS["load_cold"], " s", fmt_s(big["load_cold"]))
    check("read+tag+index, warm", big["load_warm"], TARGETS["load_warm"], " s", fmt_s(big["load_warm"]))
    check("`list --query` whole process, cold", big["list_cold"], TARGETS["list_cold"], " s", fmt_s(big["list_cold"]))
    check("browser first paint", big["first_paint"], TARGETS["first_paint"], " s", fmt_s(big["first_paint"]))
    check("keystroke p50", big["key_p50"], TARGETS["key_p50"], " ms", f"{big['key_p50']:.2f} ms")
    check("keystroke p99", big["key_p99"], TARGETS["key_p99"], " ms", f"{big['key_p99']:.2f} ms")
    check("peak RSS / corpus size", big["rss_ratio"], TARGETS["rss_ratio"], "×", f"{big['rss_ratio']:.2f}×")
    return rows


def table(results):
    head = "| figure | " + " | ".join(f"{r['records']:,} records ({r['bytes'] / 1e6:.0f} MB)" for r in results) + " |"
    sep = "|---" * (len(results) + 1) + "|"
    lines = [head, sep]

    def row(name, cell):
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")

    row("papers after dedupe", lambda r: f"{r['papers']:,}")
    row("`grep -c '^PMID- '` (floor)", lambda r: fmt_s(r["grep"]))
    row("read, tag and index speed (read phase, cold)", lambda r: f"{r['parse_mbs']:.0f} MB/s" if r["parse_mbs"] else "—")
    row("load to ready, cold", lambda r: fmt_s(r["load_cold"]) + fmt_ratio(r["load_cold"], r["grep"]))
    row("load to ready, warm (cache " + results[0]["warm_cache"] + ")",
        lambda r: fmt_s(r["load_warm"]) + fmt_ratio(r["load_warm"], r["grep"]))
    row("CPU time of the whole bench process (user+sys), cold / warm",
        lambda r: f"{r['cpu_cold']:.1f} s / {r['cpu_warm']:.1f} s")
    row("phases, cold (read: parse, tag and index a large file's pieces; tag: merged papers again; index: renumber, merge)", lambda r: ", ".join(f"{k} {fmt_s(v)}" for k, v in r["phases_cold"].items()))
    row("phases, warm", lambda r: ", ".join(f"{k} {fmt_s(v)}" for k, v in r["phases_warm"].items()))
    row(f"`list --query \"{QUERY}\" --json`, cold (CPU)", lambda r: f"{fmt_s(r['list_cold'])} ({r['list_cold_cpu']:.1f} s CPU)")
    row(f"`list --query \"{QUERY}\" --json`, warm (CPU)", lambda r: f"{fmt_s(r['list_warm'])} ({r['list_warm_cpu']:.1f} s CPU)")
    row("browser first paint (progress line), cold / warm", lambda r: f"{fmt_s(r['first_paint_cold'])} / {fmt_s(r['first_paint_warm'])}")
    row("browser: first papers listed, cold", lambda r: fmt_s(r["first_papers_cold"]))
    row("browser: every paper listed, cold / warm", lambda r: f"{fmt_s(r['list_paint_cold'])} / {fmt_s(r['list_paint_warm'])}")
    row("browser redraws per second while loading (cold)", lambda r: f"{r['frames_per_second']:.0f}" if r["frames_per_second"] is not None else "—")
    row("cold runs / warm runs", lambda r: f"{r['cold_runs']} / {RUNS}")
    row("`/` keystroke p50 / p99 (facets included)", lambda r: f"{r['key_p50']:.2f} / {r['key_p99']:.2f} ms")
    row("slowest keystroke of any run (key → filter text)",
        lambda r: f"{r['slowest_key']['ms']:.1f} ms (`{r['slowest_key']['key']}`)" if r["slowest_key"] else "—")
    row("facet counts, whole corpus", lambda r: fmt_s(r["facets"]))
    row("author/journal/keyword indexes, built after the load", lambda r: fmt_s(r["field_indexes"]))
    row("peak RSS (any run)", lambda r: f"{r['rss'] / 1e6:.0f} MB = {r['rss_ratio']:.2f}× corpus")
    return lines


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--out", default=os.path.join(ROOT, "BENCH.md"))
    a = p.parse_args(argv)
    global RUNS
    RUNS = a.runs
    sizes = [int(s) for s in a.sizes.split(",") if s]
    for n in sizes:
        ensure_corpus(n)
    if not a.no_build:
        log("swift build -c release ...")
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    load_before = os.getloadavg()
    cache = CacheHome()
    try:
        results = [measure(n, a.runs if n < 500_000 else 1, cache) for n in sizes]
    finally:
        cache.remove()
    load_after = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = table(results)
    print("\n".join(lines))
    big = max(results, key=lambda r: r["records"])
    verdict = verdicts(big)
    print("\n".join(verdict))
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(f"# Lectern benchmark\n\n{now}, commit {commit}, `make bench` (bench/bench.py, median of "
                    f"{a.runs} runs per figure).\n\nMachine: {machine()}. Load average {load_before[0]:.2f} before, "
                    f"{load_after[0]:.2f} after: the machine is shared and noisy (other builds run on it), so single "
                    "figures can be off by tens of percent.\n\n")
            f.write("Corpora: bench/gencorpus.py MEDLINE, seed 1. Cold = no Lectern corpus cache (the file itself is "
                    "in the OS page cache: it is read just before each run); warm = nothing changed since the last run "
                    "(the corpus cache read just before each run too).\n\n")
            f.write("\n".join(lines) + "\n\n")
            f.write(f"## Targets (issue 6), at {big['records']:,} records\n\n| target | measured | goal | |\n|---|---|---|---|\n")
            f.write("\n".join(verdict) + "\n")
            notes = os.path.join(ROOT, "bench", "NOTES.md")
            if os.path.exists(notes):
                with open(notes, encoding="utf-8") as n:
                    f.write("\n" + n.read())
        log(f"wrote {a.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
