"""The package installs as itself: wheel and sdist built, installed into fresh virtualenvs, checked.

Offline-friendly and fast: the builds run without isolation and the installs without
dependencies; a fresh virtualenv borrows the dependencies (requests, setuptools, pip...) from
the test's own environment through a path entry, while the package itself comes only from what
was installed.
"""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import ollama_python

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[1]
PROJECT_URLS = {"Source", "Documentation", "Issues"}
# what "pip install ollama-python" from PyPI gave before this project: its versions are 0.1.x
OLD_PYPI_VERSION = (0, 1, 2)


def run(*command: str | Path, cwd: Path | None = None, timeout: float = 240) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def source_copy(tmp: Path) -> Path:
    """The repository's files without build artifacts, so building never touches the checkout."""
    ignored = shutil.ignore_patterns(
        ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "site", ".hypothesis", "results"
    )
    return Path(shutil.copytree(ROOT, tmp / "src", ignore=ignored))


def fresh_venv(where: Path) -> Path:
    """A virtualenv without pip or setuptools of its own; returns its python."""
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    ours = sysconfig.get_paths()["purelib"]
    # The dependencies and the build tools, borrowed; the last entry of sys.path, so anything
    # installed in the fresh environment wins.
    (Path(purelib) / "zz_borrowed_dependencies.pth").write_text(ours + "\n")
    return python


def pip_install(python: Path, *args: str | Path) -> str:
    return run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", *args)


def where_imported(python: Path, cwd: Path) -> Path:
    return Path(run(python, "-c", "import ollama_python; print(ollama_python.__file__)", cwd=cwd).strip())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("build")
    source = source_copy(tmp)
    log = run(sys.executable, "-m", "build", "--no-isolation", "--outdir", tmp / "dist", source)
    (wheel,) = (tmp / "dist").glob("*.whl")
    (sdist,) = (tmp / "dist").glob("*.tar.gz")
    return wheel, sdist, log


def test_the_build_has_no_deprecation_warnings(built: tuple[Path, Path, str]) -> None:
    _, _, log = built
    assert not re.search(r"deprecat", log, re.IGNORECASE), log


def test_wheel_metadata(built: tuple[Path, Path, str]) -> None:
    wheel, _, _ = built
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(metadata_name))
        entry_points = archive.read(metadata_name.replace("METADATA", "entry_points.txt")).decode()
        license_text = archive.read(metadata_name.replace("METADATA", "licenses/LICENSE")).decode()

    assert metadata["Name"] == "ollama-python"
    version = tuple(int(part) for part in metadata["Version"].split(".")[:3])
    assert version > OLD_PYPI_VERSION and metadata["Version"] == ollama_python.__version__
    assert metadata["License-Expression"] == "MIT"
    assert license_text.startswith("MIT License") and license_text == (ROOT / "LICENSE").read_text()
    assert not [c for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")]
    urls = dict(value.split(", ", 1) for value in metadata.get_all("Project-URL") or [])
    assert set(urls) == PROJECT_URLS and all(url.startswith("https://") for url in urls.values())
    requires = metadata.get_all("Requires-Dist") or []
    runtime = sorted(r.split(">")[0] for r in requires if "extra ==" not in r)
    assert runtime == ["dataclasses-json", "requests", "urllib3"]
    assert "ollama-python = ollama_python.cli:main" in entry_points
    assert "ollama_python/py.typed" in names
    assert not [name for name in names if name.startswith(("tests/", "benchmarks/", "examples/"))]


def test_sdist_contents(built: tuple[Path, Path, str]) -> None:
    _, sdist, _ = built
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "setup.cfg", "pyproject.toml", "ollama_python/py.typed"} <= names


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installs_into_a_clean_venv(built: tuple[Path, Path, str], tmp_path: Path, kind: str) -> None:
    wheel, sdist, _ = built
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, wheel if kind == "wheel" else sdist)

    assert where_imported(python, tmp_path).is_relative_to(tmp_path / "venv")
    command = tmp_path / "venv" / "bin" / "ollama-python"
    assert run(command, "--version", cwd=tmp_path).strip() == f"ollama-python {ollama_python.__version__}"
    installed = "from importlib.metadata import metadata as m; d = m('ollama-python'); print(d['Version'], d['License-Expression'])"
    assert run(python, "-c", installed, cwd=tmp_path).split() == [ollama_python.__version__, "MIT"]


def test_mypy_finds_an_editable_install_from_outside_the_repo(tmp_path: Path) -> None:
    """The README's `pip install -e .`, then mypy on a user's script in another directory."""
    source = source_copy(tmp_path)
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, "-e", source)
    assert where_imported(python, tmp_path).is_relative_to(source)

    script = tmp_path / "elsewhere" / "script.py"
    script.parent.mkdir()
    script.write_text(
        "import ollama_python\n\nnames: int = ollama_python.Client().list()\nreveal_type(ollama_python.Timeout)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--python-executable",
            str(python),
            "--cache-dir",
            str(tmp_path / "cache"),
            str(script),
        ],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # Found and typed: mypy reports the deliberate mistake with the real type, not a missing module.
    assert "Cannot find implementation or library stub" not in done.stdout, done.stdout
    assert 'has type "ListResponse"' in done.stdout, done.stdout
    assert "ollama_python._config.Timeout" in done.stdout, done.stdout
