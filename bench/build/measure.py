"""Running one build as a child process and measuring it.

CPU is ``user + sys`` from ``os.wait4``: the kernel adds the time of every descendant the
child waited for, so the worker processes of ``-j 2`` are counted. ``ru_maxrss`` is the
largest *single* process of the tree, which understates ``-j 2`` (parent and workers are alive
together); a sampler thread therefore also sums RSS over the whole process tree every 50 ms
(an upper bound: pages shared after ``fork`` are counted once per process) and PSS every
0.5 s (shared pages split between the processes that share them).

Times of the *outputs* (the edited page, the search index) are their files' modification
times relative to the start, so the build itself needs no instrumentation.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE")
_SAMPLE_S = 0.05
_PSS_EVERY = 10  # samples


@dataclass
class Measurement:
    returncode: int
    cpu_s: float
    user_s: float
    sys_s: float
    wall_s: float
    maxrss_mb: float  # largest single process (kernel, exact)
    tree_rss_mb: float  # peak of the sampled sum over the process tree
    tree_pss_mb: float  # peak of the sampled PSS sum (coarser)
    page_s: float | None = None  # start → the watched page's file written
    index_s: float | None = None  # start → the last search-index file written
    page_cpu_s: float | None = None  # CPU time used when the page was written (sampled, ±0.05 s)
    index_cpu_s: float | None = None  # CPU time used when the last search-index file was written
    pages_written: int = 0  # .html files created or rewritten under the build folder

    @property
    def peak_mb(self) -> float:
        return max(self.maxrss_mb, self.tree_rss_mb)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["peak_mb"] = self.peak_mb
        return data


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                found.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(_children(current))
    return pids


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pids: list[int], root: int) -> int:
    """utime + stime of the live processes, plus what the root already reaped from its children."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # fields[0] is field 3 of proc(5): utime, stime, cutime, cstime are fields 14–17
        total += int(fields[11]) + int(fields[12])
        if pid == root:
            total += int(fields[13]) + int(fields[14])
    return total


class _Sampler(threading.Thread):
    """Memory of the process tree, and the CPU time it had used when each watched file changed.

    CPU at the moment a page is written is what the wall-clock time would be on an idle machine;
    on a shared one (other builds, tests) it is the fairer of the two.
    """

    def __init__(self, pid: int, watched: list[Path], start_ns: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_rss = 0
        self.peak_pss = 0
        self.start_ns = start_ns
        self.initial = {path: _mtime_ns(path) for path in watched}
        self.cpu_at: dict[Path, float] = {}  # watched file → CPU seconds when its change was first seen
        self.seen: dict[Path, int | None] = dict(self.initial)

    def run(self) -> None:
        tick = 0
        while not self.stop.is_set():
            pids = _tree(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_rss_bytes(p) for p in pids))
            if tick % _PSS_EVERY == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss_bytes(p) for p in pids))
            for path, last in self.seen.items():
                now = _mtime_ns(path)
                if now is not None and now != last and now >= self.start_ns:
                    self.seen[path] = now
                    self.cpu_at[path] = _cpu_ticks(pids, self.pid) / _TICK
            tick += 1
            self.stop.wait(_SAMPLE_S)


def html_mtimes(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


def _mtime_ns(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def run_measured(cmd: Sequence[str], *, cwd: Path, log: Path, env: dict[str, str] | None = None,
                 build_dir: Path | None = None, page: Path | None = None,
                 index_globs: Sequence[str] = ()) -> Measurement:
    """Run ``cmd`` to completion; ``page``/``index_globs`` are outputs whose write time is wanted."""
    before = html_mtimes(build_dir) if build_dir else {}
    # index files are watched when they exist already (incremental builds, the case that matters)
    index_files = sorted({p for pattern in index_globs for p in build_dir.glob(pattern)}) if build_dir else []
    watched = ([page] if page is not None else []) + index_files
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        out.write("$ " + " ".join(str(c) for c in cmd) + "\n")
        out.flush()
        start_ns = time.time_ns()
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = _Sampler(proc.pid, watched, start_ns)
        sampler.start()
        # wait4, not proc.wait(): it returns the rusage of this child and its waited descendants
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    result = Measurement(
        returncode=proc.returncode,
        cpu_s=usage.ru_utime + usage.ru_stime, user_s=usage.ru_utime, sys_s=usage.ru_stime, wall_s=wall,
        maxrss_mb=usage.ru_maxrss / 1024, tree_rss_mb=sampler.peak_rss / 2**20, tree_pss_mb=sampler.peak_pss / 2**20,
    )

    def since_start(mtime: int | None) -> float | None:
        return None if mtime is None or mtime < start_ns else (mtime - start_ns) / 1e9

    if page is not None:
        result.page_s = since_start(_mtime_ns(page))
        result.page_cpu_s = sampler.cpu_at.get(page)
    index_cpu = [sampler.cpu_at[p] for p in index_files if p in sampler.cpu_at]
    result.index_cpu_s = max(index_cpu) if index_cpu else None
    if build_dir is not None:
        index_times = [_mtime_ns(p) for pattern in index_globs for p in build_dir.glob(pattern)]
        written = [t for t in index_times if t is not None and t >= start_ns]
        result.index_s = since_start(max(written)) if written else None
        after = html_mtimes(build_dir)
        result.pages_written = sum(1 for k, t in after.items() if before.get(k) != t)
    return result
