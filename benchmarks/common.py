"""What the benchmark scripts share: plain-text tables, units, the machine they ran on."""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from importlib import metadata
from pathlib import Path

import psutil

PROJECT_DIR = Path(__file__).resolve().parent.parent
MiB = 2**20
SAMPLE_EVERY = 0.2  # s between RSS samples


class BenchmarkError(RuntimeError):
    pass


def table(headers: list[str], rows: Iterable[list[object]], right_from: int = 1) -> str:
    """A plain-text table; columns from `right_from` on are right-aligned (numbers)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        return "  " + "  ".join(c.rjust(w) if i >= right_from else c.ljust(w) for i, (c, w) in pairs).rstrip()

    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def mib(n_bytes: float | None) -> str:
    return "-" if n_bytes is None else f"{n_bytes / MiB:.0f} MiB"


def section(title: str) -> None:
    print(f"\n{title}", flush=True)


def vm_hwm(pid: int) -> int | None:
    """The kernel's peak-RSS counter of a live process (VmHWM in /proc/PID/status): exact, no sampling gaps."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def print_machine(title: str, rows: list[list[str]]) -> None:
    """The title with the time, then the machine, the project's commit and `rows` (versions, settings)."""
    print(f"innograph {title}, {datetime.now().isoformat(timespec='seconds')}")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    facts = [
        ["project", f"{PROJECT_DIR} (commit: {_commit()})"],
        ["CPUs", f"{os.cpu_count()} (usable: {usable}) {_cpu_model()}".strip()],
        ["memory", f"{psutil.virtual_memory().total / 2**30:.1f} GiB"],
        ["Python", f"{platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}"],
    ]
    print(table(["machine", ""], facts + rows, right_from=99))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _commit() -> str:
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=10)

    try:
        head = git("rev-parse", "--short", "HEAD")
        if head.returncode != 0:
            return "not a git checkout"
        dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
        return head.stdout.strip() + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"


# --- processes: memory and other load -----------------------------------------------------------------------------


class _Poller:
    """Calls `_sample()` every `every` s in a thread between __enter__ and __exit__ (once more at each end)."""

    every = SAMPLE_EVERY

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=type(self).__name__)

    def _sample(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def __enter__(self):
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._sample()


class RssSampler(_Poller):
    """The peak RSS of each group of processes, polled every SAMPLE_EVERY s.

    `targets` maps a name to a function returning that group's processes now (the server a COLD build spawns
    appears mid-way). Also keeps the last VmHWM seen, which, unlike sampled RSS, cannot miss a short spike
    (only growth after the last sample before the process exits).
    """

    def __init__(self, targets: dict[str, Callable[[], list[psutil.Process]]], every: float = SAMPLE_EVERY) -> None:
        super().__init__()
        self.every = every
        self.targets = targets
        self.peak: dict[str, int | None] = dict.fromkeys(targets)
        self.hwm: dict[str, int | None] = dict.fromkeys(targets)

    def _sample(self) -> None:
        for name, processes in self.targets.items():
            try:
                procs = processes()
            except psutil.Error:
                continue
            rss = hwm = 0
            seen = False
            for proc in procs:
                try:
                    rss += proc.memory_info().rss
                    hwm += vm_hwm(proc.pid) or 0
                    seen = True
                except psutil.Error:
                    pass
            if seen:
                self.peak[name] = max(rss, self.peak[name] or 0)
                self.hwm[name] = max(hwm, self.hwm[name] or 0) or None


class OtherLoad(_Poller):
    """CPU-seconds used by processes that are not this benchmark's while it measures: on a 2-core machine another
    session's tests change every number. Sampled once a second, so a process that starts and ends between two
    samples is missed: a lower bound. `ours()` gives the pids to leave out."""

    every = 1.0

    def __init__(self, ours: Callable[[], set[int]]) -> None:
        super().__init__()
        self.ours = ours
        self.seconds = 0.0
        self.elapsed = 0.0
        self._last: dict[tuple[int, float], float] = {}
        self._began = 0.0

    def _sample(self) -> None:
        ours = self.ours()
        for proc in psutil.process_iter(["pid", "create_time", "cpu_times"]):
            info = proc.info
            if info["cpu_times"] is None or info["pid"] in ours:
                continue
            key = (info["pid"], info["create_time"])
            used = info["cpu_times"].user + info["cpu_times"].system
            if key in self._last:
                self.seconds += max(0.0, used - self._last[key])
            self._last[key] = used

    def __enter__(self):
        self._began = time.perf_counter()
        return super().__enter__()

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        self.elapsed = time.perf_counter() - self._began
