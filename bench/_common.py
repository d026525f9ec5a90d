"""Helpers the benchmarks share: tables, ratio lines, CPU contention, servers, sizes."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def banner(title: str) -> None:
    """What ran where: the numbers only compare within one run, but the context helps."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    import kg

    print(f"# {title}")
    print(
        f"# kg from {Path(kg.__file__).parent.parent} (PYTHONPATH=<snapshot> measures a fixed copy)"
    )
    print(
        f"# {dt.datetime.now():%Y-%m-%d %H:%M} · Python {platform.python_version()} · "
        f"{os.cpu_count()} cores · load average {load}"
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print an aligned table (numbers right-aligned)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    numeric = [all(_is_number(row[i]) for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    print(line(list(headers)))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if value != value:  # NaN: not measured
            return "n/a"
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 0.01:
            return f"{value:.3f}"
        return f"{value:.2e}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def ratio(name: str, value: float, target: str) -> None:
    """``RATIO name = x.xx (target ≥ 0.90: met)``; ``target`` like ``">= 0.90"``."""
    op, _, number = target.partition(" ")
    limit = float(number)
    met = value >= limit if op == ">=" else value <= limit
    sign = "≥" if op == ">=" else "≤"
    print(f"RATIO {name} = {value:.2f} (target {sign} {limit:g}: {'met' if met else 'MISSED'})")


def note(name: str, value: float, what: str) -> None:
    """An informational ratio with no target."""
    print(f"RATIO {name} = {value:.2f} ({what})")


# -- CPU contention ----------------------------------------------------------------------------
def _busy_jiffies() -> int:
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


class CpuWatch:
    """How much CPU this process tree and everything else used while the block ran.

    >>> with CpuWatch() as cpu: ...
    >>> cpu.others  # cores used by other processes on average (0 = we had the machine)

    ``cpu`` is the CPU seconds this process and its waited-for children used: on a shared
    machine, work per CPU second is a steadier measure of single-process cost than wall time.
    """

    def __enter__(self) -> CpuWatch:
        self._t = time.perf_counter()
        self._busy = _busy_jiffies() if os.path.exists("/proc/stat") else 0
        self._ours = _own_cpu()
        self.wall = self.cpu = self.ours = self.others = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._t
        ours = self.cpu = _own_cpu() - self._ours
        busy = (
            (_busy_jiffies() - self._busy) / os.sysconf("SC_CLK_TCK")
            if os.path.exists("/proc/stat")
            else ours
        )
        self.ours = ours / self.wall if self.wall else 0.0
        self.others = max(0.0, (busy - ours) / self.wall) if self.wall else 0.0

    def __str__(self) -> str:
        return f"we used {self.ours:.2f} cores, other processes {self.others:.2f}"


def _own_cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def contention_warning(cpu: CpuWatch, limit: float = 0.25) -> None:
    if cpu.others > limit:
        print(
            f"# warning: other processes used {cpu.others:.2f} cores on average during this "
            "measurement; ratios that need the whole machine (workers) are pessimistic"
        )


# -- processes, memory, disk ------------------------------------------------------------------
def peak_rss_mib(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def dir_size_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
        except urllib.error.HTTPError:
            return  # it answers
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def server(
    args: Sequence[str], ready_url: str, *, timeout: float = 120, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until ``ready_url`` answers, and always stop it."""
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        list(args),
        stdout=log,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    try:
        try:
            wait_http(ready_url, timeout, proc)
        except (RuntimeError, TimeoutError) as exc:
            proc.terminate()
            _, err = proc.communicate(timeout=10)
            raise RuntimeError(
                f"{args[0]}: {exc}\n{err.decode(errors='replace')[-2000:]}"
            ) from None
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stderr:
            proc.stderr.close()
        log.close()


def words(text: str) -> int:
    return len(text.split())
