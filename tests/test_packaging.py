"""A plain install (a wheel, as an office PC without internet gets software) carries everything `gen` needs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generators import KINDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("gongwen-*.whl")
    return found


def test_the_wheel_ships_templates_and_the_font_map(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in KINDS:
        assert f"templates/{kind}.docx" in names
    for template in (ROOT / "templates").glob("*.docx"):  # variants too (the summary's 报告 frame)
        assert f"templates/{template.name}" in names
    assert "generators/word/fontconfig/fonts.conf" in names
    assert "cli.py" in names


def test_a_fresh_venv_with_the_wheel_renders_the_bulletin(wheel, tmp_path, sample):
    # The new venv sees the test venv's packages (no internet needed) but not the source tree:
    # it runs from tmp_path, and the wheel is installed non-editable into it.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Dependencies come from the test venv's site-packages; gongwen itself only from the wheel.
    (
        Path(
            subprocess.run(
                [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        / "deps.pth"
    ).write_text(site)
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    result = subprocess.run(
        [venv / "bin" / "gen", "bulletin", "--month", "2022-11", "--date", "2022-12-05", "--data", str(sample),
         "--output", str(tmp_path / "out")],
        cwd=tmp_path, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [python, "-c", "import generators, templates; print(generators.__file__); print(templates.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(ROOT) not in where  # the installed copy ran, not the source tree
    assert list((tmp_path / "out" / "2022-11").glob("*.docx"))


def test_the_wheel_ships_the_page_with_everything_it_serves(wheel):
    # gen serve works offline: its templates, stylesheet and htmx come from the package, never a CDN.
    names = set(zipfile.ZipFile(wheel).namelist())
    page = ROOT / "generators" / "serve"
    shipped = [*(page / "templates").glob("*.html"), *(page / "static").iterdir()]
    assert len(shipped) >= 8
    for path in shipped:
        assert path.relative_to(ROOT).as_posix() in names
