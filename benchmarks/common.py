"""What the benchmark scripts share: plain-text tables, units, the machine they ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Iterable
from datetime import datetime
from importlib import metadata
from pathlib import Path

import psutil

PROJECT_DIR = Path(__file__).resolve().parent.parent
MiB = 2**20


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
