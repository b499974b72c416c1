"""A real install: the sdist and the wheel built from it carry the whole rule pack and every schema,
and the installed hybridlint lints each sample exactly as the editable install does.

The build runs on a copy of the project in a temporary folder (a build writes `build/` and
`*.egg-info` beside the sources), so the checkout is never touched. The wheel goes into a fresh
virtual environment without its dependencies; a path file lends it this environment's packages
(but not this environment's editable hybridlint), so the test needs no download beyond the build
backend and still imports hybridlint only from the wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import AS_OF, ROOT, SAMPLES

SAMPLE_DIRS = sorted(p for p in SAMPLES.iterdir() if p.is_dir() and p.name != "tools")
_COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel), built from a copy of the checkout."""
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=_COPY_IGNORE, symlinks=True)
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    (sdist,) = (work / "dist").glob("*.tar.gz")
    (wheel,) = (work / "dist").glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The `hybridlint` script of a fresh virtual environment holding the wheel."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(built[1])],
        check=True,
    )
    # The dependencies come from this environment: a path line, which (unlike a site folder) runs no
    # .pth file of ours, so the editable install of the checkout stays out of sight.
    (purelib / "_hybridlint_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    yield venv / "bin" / "hybridlint"


def _run(program: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*program, *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_the_sdist_and_the_wheel_carry_every_rule_and_schema(built: tuple[Path, Path]) -> None:
    sdist, wheel = built
    rules = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    schemas = sorted(p.relative_to(ROOT / "schemas").as_posix() for p in (ROOT / "schemas").rglob("*.json"))
    assert len(rules) >= 59 and len(schemas) >= 20
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert {f"linter/rulepacks/{r}" for r in rules} <= in_wheel
    assert {f"linter/schemas/{s}" for s in schemas} <= in_wheel
    assert {
        "linter/datasets/eop-ranges.json",
        "linter/report/assets/report.css",
        "linter/py.typed",
        "linter/collector/Collect-HybridSnapshot.ps1",
    } <= in_wheel
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {f"rules/{r}" for r in rules} <= in_sdist and {f"schemas/{s}" for s in schemas} <= in_sdist


def test_the_installed_wheel_lists_every_rule(installed: Path, tmp_path: Path) -> None:
    editable = _run([sys.executable, "-m", "linter.cli.app"], "rules", "list", cwd=ROOT)
    from_wheel = _run([str(installed)], "rules", "list", cwd=tmp_path)
    assert from_wheel.returncode == 0, from_wheel.stderr
    assert from_wheel.stdout == editable.stdout and len(from_wheel.stdout.splitlines()) >= 59


def test_the_installed_wheel_prints_the_collector_script(installed: Path, tmp_path: Path) -> None:
    editable = _run([sys.executable, "-m", "linter.cli.app"], "collector", cwd=ROOT)
    from_wheel = _run([str(installed)], "collector", cwd=tmp_path)
    assert from_wheel.returncode == 0, from_wheel.stderr
    assert from_wheel.stdout == editable.stdout and "Collect-HybridSnapshot" not in from_wheel.stderr
    assert from_wheel.stdout.startswith("<#") and "__HYBRIDLINT_VERSION__" not in from_wheel.stdout


def test_the_installed_wheel_reads_its_own_files_not_a_checkout(installed: Path, tmp_path: Path) -> None:
    probe = "from linter.support.resources import builtin_rules_dir as d; print(d())"
    where = _run([str(installed.parent / "python"), "-c", probe], cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert str(installed.parents[1]) in where.stdout and str(ROOT / "rules") not in where.stdout


@pytest.mark.parametrize("sample", SAMPLE_DIRS, ids=lambda p: p.name)
def test_the_installed_wheel_finds_what_the_editable_install_finds(
    installed: Path, sample: Path, tmp_path: Path
) -> None:
    args = ("lint", str(sample), *AS_OF, "--format", "json", "--fail-on", "never")
    editable = _run([sys.executable, "-m", "linter.cli.app"], *args, cwd=ROOT)
    from_wheel = _run([str(installed)], *args, cwd=tmp_path)
    assert from_wheel.returncode == editable.returncode == 0, from_wheel.stderr
    ours, theirs = json.loads(from_wheel.stdout), json.loads(editable.stdout)
    assert ours["summary"]["rules"] >= 59
    assert ours == theirs
