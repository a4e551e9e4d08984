"""``python -m bench.build.logs``: how fast ``kbgen pageviews`` reduces a big combined log, in how much memory.

A deterministic combined log of about ``--size-mb`` MB (default 1024) is generated once into
``bench/out/logs/`` (reused while its size, seed and generator version are the same): a help
center's traffic over ~4 months — article views (with query strings, ``index.html`` and ``/`` variants, 304s, reloads),
assets, listing pages, searches, crawlers, 404s, POSTs and a few malformed lines.

The reduction runs in a child process (``kbgen.pageviews.reduce.reduce_logs`` over an article
matcher of the generated paths), so its peak resident memory (``ru_maxrss``) is the reduction's
own and not the generator's. The target is ≥ 50 MB/s and ≤ 200 MB; the speed is given by the
wall clock and by the process's CPU time (on a shared machine the wall clock also measures the
neighbours). Results go to ``bench/results/logs.json`` and are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import paths

OUT = paths.OUT / "logs"
RESULTS = paths.RESULTS / "logs.json"
TARGET_MB_S = 50.0
TARGET_RSS_MB = 200.0
GENERATOR_VERSION = 2  # bump when generate() changes: the cached log is then made again

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
    " Edg/{v}.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-A155M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{v} "
    "Safari/605.1.15",
]
CRAWLERS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "curl/8.5.0", "python-requests/2.31.0", "Wget/1.21.4", "-",
]
WORDS = ["como", "emitir", "cancelar", "nota", "fiscal", "guia", "iptu", "certidao", "erro", "sicom", "balancete",
         "esocial", "folha", "dctfweb", "empenho", "licitacao", "senha", "portal", "boleto", "parcelamento"]
ASSETS = ["_static/kbgen.css", "_static/kbgen.js", "_static/kbgen-search.js", "_static/kbgen-lunr.min.js",
          "_static/kbgen-search-s.js", "_static/kbgen-colors.css", "_images/tela-1.png", "favicon.ico"]


def articles(count: int = 400) -> list[str]:
    rnd = random.Random(7)
    return [f"set-{i % 8}/modulo-{i % 29}/{'-'.join(rnd.sample(WORDS, 5))}-{i}" for i in range(count)]


def generate(path: Path, size_mb: int, seed: int = 1) -> None:
    """Write the log; lines are in time order, as a server writes them."""
    rnd = random.Random(seed)
    pages = articles()
    weights = [1 / (i + 1) ** 0.9 for i in range(len(pages))]  # a few articles are read far more
    agents = [b.format(v=v) for b in BROWSERS for v in range(110, 131)]
    hosts = [f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
             for _ in range(40_000)]
    clock = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
    target = size_mb * 1_000_000
    written = 0
    recent: list[tuple[str, str, str]] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        while written < target:
            chunk = []
            for _ in range(10_000):
                clock += dt.timedelta(seconds=rnd.random() * 5)  # ~2.5 s a line: 1 GB spans ~4 months
                stamp = clock.strftime("%d/%b/%Y:%H:%M:%S %z")
                host, agent = rnd.choice(hosts), rnd.choice(agents)
                method, status, size, ref = "GET", 200, rnd.randrange(2000, 90_000), "https://ajuda.example.gov.br/"
                kind = rnd.random()
                if kind < 0.24 and recent and rnd.random() < 0.15:
                    host, agent, url = rnd.choice(recent)  # a reload, or back to the article: a repeat
                elif kind < 0.24:
                    page = rnd.choices(pages, weights)[0]
                    form = rnd.random()
                    url = (f"/{page}.html" if form < 0.8 else f"/{page}/" if form < 0.9 else f"/{page}/index.html")
                    if rnd.random() < 0.15:
                        url += "?utm_source=email&utm_medium=boletim"
                    if rnd.random() < 0.1:
                        status = 304
                    recent.append((host, agent, url))
                    if len(recent) > 200:  # readers of the last few minutes
                        recent.pop(0)
                elif kind < 0.66:
                    url = "/" + rnd.choice(ASSETS)
                elif kind < 0.72:
                    url = rnd.choice(["/", "/index.html", "/conjuntos.html", "/set-1/index.html", "/mais-lidos.html"])
                elif kind < 0.76:
                    url = "/search.html?q=" + "+".join(rnd.sample(WORDS, rnd.randrange(1, 4)))
                elif kind < 0.80:
                    url, status = f"/wp-login.php?x={rnd.randrange(10**6)}", 404
                elif kind < 0.81:
                    method, url = "POST", "/registrar-atendimento.html"
                else:
                    url, agent = "/" + rnd.choice(pages) + ".html", rnd.choice(CRAWLERS)
                if rnd.random() < 0.0001:
                    chunk.append(f"{host} garbage line without the format {rnd.random()}\n")
                    continue
                chunk.append(f'{host} - - [{stamp}] "{method} {url} HTTP/1.1" {status} {size} "{ref}" "{agent}"\n')
            text = "".join(chunk)
            out.write(text)
            written += len(text.encode("utf-8"))
    tmp.replace(path)


def _child(path: str) -> None:
    """In the child process: reduce, print the measurements as JSON."""
    from kbgen.pageviews.paths import ArticleMatcher
    from kbgen.pageviews.reduce import reduce_logs

    matcher = ArticleMatcher({page: () for page in articles()})
    start, cpu = time.perf_counter(), time.process_time()
    reduction = reduce_logs([Path(path)], matcher.resolve)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    totals = reduction.totals(90)
    stats = reduction.stats
    print(json.dumps({
        "seconds": seconds, "cpu_seconds": cpu, "peak_pairs": reduction.stats.peak_pairs,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "lines": stats.lines, "malformed": stats.malformed, "counted": stats.counted, "crawlers": stats.crawlers,
        "repeats": stats.repeats, "articles": len(totals), "views_in_window": sum(totals.values()),
    }))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    log = OUT / f"access-{args.size_mb}mb-seed{args.seed}-v{GENERATOR_VERSION}.log"
    if not log.is_file():
        print(f"generating {log} …", file=sys.stderr)
        generate(log, args.size_mb, args.seed)
    size = log.stat().st_size
    run = subprocess.run([sys.executable, "-m", "bench.build.logs", "--child", str(log)], cwd=paths.REPO,
                         capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(run.stdout)
    result.update({
        "bytes": size, "mb_per_s": size / 1e6 / result["seconds"], "cpu_mb_per_s": size / 1e6 / result["cpu_seconds"],
        "load_average": os.getloadavg()[0],
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "date": dt.date.today().isoformat(), "targets": {"mb_per_s": TARGET_MB_S, "max_rss_mb": TARGET_RSS_MB},
    })
    # On a busy machine the wall clock measures the neighbours: the CPU time is the reduction's own.
    result["ok"] = max(result["mb_per_s"], result["cpu_mb_per_s"]) >= TARGET_MB_S and \
        result["max_rss_mb"] <= TARGET_RSS_MB
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{size / 1e6:.0f} MB, {result['lines']:,} lines in {result['seconds']:.1f} s "
          f"({result['cpu_seconds']:.1f} s CPU, load average {result['load_average']:.1f}): "
          f"{result['mb_per_s']:.1f} MB/s wall clock, {result['cpu_mb_per_s']:.1f} MB/s CPU (target ≥ "
          f"{TARGET_MB_S:.0f}); peak memory {result['max_rss_mb']:.0f} MB (target ≤ {TARGET_RSS_MB:.0f}) — "
          f"{'OK' if result['ok'] else 'MISSED'}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
