"""The wheel works outside the checkout: built, installed into a fresh virtualenv, run from an empty folder.

The virtualenv must see the dependencies (installing spaCy, the JRE-bearing arcadedb-embedded … again would take
minutes and the network) but not the checkout. It is made `--without-pip`, the wheel is installed into it with
`--no-deps` while it sees nothing else, and only then is a .pth file added that lists the folders the test's own
interpreter finds its dependencies in: its site-packages and whatever their .pth files add, minus the checkout
itself. Lines of a .pth file are plain folders for sys.path, so the .pth files inside those folders are not run: an
editable install of innograph there (its import hook is one of them) stays out. `--system-site-packages` would not
do: the test's interpreter is usually a virtualenv whose site-packages holds that editable install. The test then
checks where every module it imported came from.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import anyio
import httpx
import pytest

import innograph
from graph import embedded
from loaders.version import LOADER_VERSION
from tests.conftest import FACTS, PROJECT_DIR, warm_home
from tests.test_cookbook import check_who_asked_about

# What a build would copy that is no part of the source: version control, virtualenvs, caches, earlier builds.
NOT_SOURCE = shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "build", "dist")

# Run in the installed virtualenv: where innograph's code and files are, and which modules came from where.
WHERE_FROM = """
import json, sys
import api.app, api.mcp_server, innograph.cli, innograph.client, loaders.pipeline
from graph import resources
from loaders.version import LOADER_VERSION
print(json.dumps({
    "modules": {name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())},
    "resource_root": str(resources.RESOURCE_ROOT), "version": resources.VERSION, "loader_version": LOADER_VERSION,
}))
"""


def run(command: list[str], timeout: float = 300, **options) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **options)
    assert result.returncode == 0, f"{' '.join(map(str, command))}:\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp: Path) -> Path:
    """The wheel of a copy of the checkout (building in place would leave build/ and *.egg-info in it)."""
    setuptools = metadata.version("setuptools")
    assert tuple(map(int, setuptools.split(".")[:2])) >= (70, 1), (
        f"setuptools {setuptools} cannot build the wheel offline: pip install -e '.[test]' (it needs >= 70.1)")
    source = tmp / "source"
    shutil.copytree(PROJECT_DIR, source, ignore=NOT_SOURCE)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
         "-w", str(tmp / "dist"), str(source)])
    [wheel] = (tmp / "dist").glob("innograph-*.whl")
    return wheel


def natural_sys_path(python: Path | str, cwd: Path) -> list[str]:
    """sys.path of `python` started as a user would start it: no PYTHONPATH, from a folder of no importance."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = run([str(python), "-c", "import json, sys; print(json.dumps(sys.path))"], cwd=cwd, env=env)
    return json.loads(result.stdout)


def install_in_fresh_venv(wheel: Path, tmp: Path) -> tuple[Path, Path, list[Path]]:
    """A virtualenv with the wheel installed and the dependencies visible: (its python, its site-packages, the
    dependency folders it was given)."""
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--quiet",
         str(wheel)])
    site_packages = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             cwd=tmp).stdout.strip())
    own = set(natural_sys_path(python, tmp))
    dependencies = [Path(p) for p in natural_sys_path(sys.executable, tmp)
                    if p and p not in own and Path(p).is_dir() and Path(p).resolve() != PROJECT_DIR.resolve()]
    (site_packages / "dependencies.pth").write_text("".join(f"{p}\n" for p in dependencies), encoding="utf-8")
    return python, site_packages, dependencies


def user_env(home: Path) -> dict[str, str]:
    """The environment of a user with the wheel installed: none of the checkout's or the test run's settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME") and not k.startswith(("NEO4J_", "INNOGRAPH_"))}
    env["INNOGRAPH_HOME"] = str(home)
    return env


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_builds_serves_and_reads_nothing_from_the_checkout(tmp_path: Path, bundled_facts: Path) -> None:
    wheel = build_wheel(tmp_path)
    python, site_packages, dependencies = install_in_fresh_venv(wheel, tmp_path)
    installed = files_under(site_packages)
    workdir, home = tmp_path / "somewhere-else", tmp_path / "home"
    workdir.mkdir()
    env = user_env(home)
    # The session's facts of the bundled documents but the smallest one's: the wheel's build analyses that document
    # with the wheel's own loaders, rules and gazetteer (the cache's key includes their digest, loader_version, so
    # a hit also says they are the checkout's), and reads the others' facts instead of analysing them again.
    cached = sorted((warm_home(home, bundled_facts) / FACTS).rglob("*.pickle"), key=lambda p: p.stat().st_size)
    cached[0].unlink()

    # Every module of innograph is the installed one, its files are the wheel's, and nothing at all comes from the
    # checkout except through a dependency folder (CI keeps its virtualenv inside the checkout).
    where = json.loads(run([str(python), "-c", WHERE_FROM], cwd=workdir, env=env).stdout)
    ours = {name: file for name, file in where["modules"].items() if name.split(".")[0] in
            ("graph", "loaders", "api", "innograph")}
    print("graph from", ours["graph"])
    assert ours and all(Path(file).is_relative_to(site_packages) for file in ours.values()), ours
    from_checkout = [file for file in where["modules"].values() if file and Path(file).is_relative_to(PROJECT_DIR)
                     and not any(Path(file).is_relative_to(d) for d in dependencies)]
    assert from_checkout == []
    assert Path(where["resource_root"]) == site_packages / "innograph_resources"
    # One version string (innograph/__init__.py), and the same loader files give the same loader_version.
    assert where["version"] == innograph.__version__ and wheel.name.startswith(f"innograph-{innograph.__version__}-")
    assert where["loader_version"].split("+")[1] == LOADER_VERSION.split("+")[1]

    # `innograph build` with no arguments: the bundled corpus from the wheel, the store in INNOGRAPH_HOME.
    innograph_command = str(python.parent / "innograph")
    built = run([innograph_command, "build"], cwd=workdir, env=env, timeout=600)
    assert "Question" in built.stdout and "251" in built.stdout, built.stdout
    said = " ".join((built.stdout + built.stderr).split())
    assert f"Text analysis: 1 documents analysed, {len(cached) - 1} from the cache" in said, said
    assert (home / embedded.DB_DIR).is_dir() and list(workdir.iterdir()) == []
    assert files_under(site_packages) == installed, "the build wrote into site-packages"

    # `innograph mcp` from the wheel: an agent's client lists the tools and searches over stdio
    tools, hit = anyio.run(_ask_the_mcp_server, innograph_command, home, workdir)
    assert "run_cypher" in tools and "get_schema" in tools and hit == "scheme:tvp", (tools, hit)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    serving = subprocess.Popen([innograph_command, "serve", "--port", str(port)], cwd=workdir, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_health(url, serving)
        page = httpx.get(f"{url}/", timeout=30)  # without index.html the API would redirect to /docs
        assert page.status_code == 200 and "<title>innograph explorer</title>" in page.text
        assert httpx.get(f"{url}/static/app.js", timeout=30).status_code == 200
        assert httpx.get(f"{url}/openapi.json", timeout=30).json()["info"]["version"] == innograph.__version__
        example = httpx.get(f"{url}/queries/who_asked_about", timeout=30).json()["example"]
        answer = httpx.post(f"{url}/queries/who_asked_about", json=example, timeout=60)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        check_who_asked_about([dict(zip(body["columns"], row, strict=True)) for row in body["rows"]])
    finally:
        serving.send_signal(signal.SIGTERM)
        try:
            serving.wait(timeout=60)
        finally:
            if serving.poll() is None:
                serving.kill()
            embedded.stop(home)  # whatever serve left behind; a no-op when it stopped the store itself
    assert files_under(site_packages) == installed, "serving wrote into site-packages"


async def _ask_the_mcp_server(command: str, home: Path, workdir: Path) -> tuple[list[str], str]:
    from mcp import Client, StdioServerParameters

    server = StdioServerParameters(command=command, args=["mcp"], env={"INNOGRAPH_HOME": str(home)}, cwd=workdir)
    async with Client(server) as client:
        tools = [tool.name for tool in (await client.list_tools()).tools]
        found = await client.call_tool("search_entities", {"query": "科技券"})
        return tools, found.structured_content["hits"][0]["id"]


def wait_for_health(url: str, serving: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            health = httpx.get(f"{url}/health", timeout=2)
            if health.status_code == 200:
                assert health.json()["status"] == "ok"
                return
        except httpx.TransportError:
            pass
        if serving.poll() is not None:
            pytest.fail(f"innograph serve exited:\n{serving.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"innograph serve did not answer /health within {timeout} s")
        time.sleep(0.3)
