"""How long `kbgen serve` takes from saving an article to serving the rebuilt page.

    python -m bench.build.serve_timing [--source content] [--repeat 5]

Starts the preview on a free loopback port, appends a line to one article, and polls the page
until the line appears (every 50 ms). Writes bench/results/serve.json. The issue's target is
≤ 3 s on the sample content; the search index may follow a moment later.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import paths

RESULTS = paths.RESULTS / "serve.json"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, http.client.HTTPException):  # a page being rewritten mid-read
        return ""


def _wait(url: str, text: str, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if text in _page(url):
            return time.monotonic() - start
        time.sleep(0.05)
    raise TimeoutError(f"{text!r} did not appear at {url} within {timeout} s")


def measure(source: Path, repeat: int) -> list[float]:
    work = Path(tempfile.mkdtemp(prefix="kbgen-serve-"))
    content = work / "content"
    shutil.copytree(source, content)
    article = sorted(content.glob("*/*/*.md"))[0]
    page = article.relative_to(content).with_suffix(".html").as_posix()
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kbgen", "serve", "--source", str(content), "--cache-dir",
                                str(work / "cache"), "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/{page}"
        _wait(url, "<html", timeout=300)
        times = []
        for i in range(repeat):
            marker = f"Marcador de pré-visualização {i}."
            with article.open("a", encoding="utf-8") as fh:
                fh.write(f"\n{marker}\n")
            times.append(_wait(url, marker, timeout=120))
            time.sleep(1.0)  # let the search index follow before the next save
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("content"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times = measure(args.source, args.repeat)
    result = {"source": str(args.source), "seconds": [round(t, 2) for t in times],
              "median": round(statistics.median(times), 2), "max": round(max(times), 2), "target": 3.0}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"save → rebuilt page: median {result['median']} s, max {result['max']} s (target ≤ 3 s)")


if __name__ == "__main__":
    main()
