"""Charts on every Python the metadata allows: the oldest and the newest each get a venv of their own
with gongwen's dependencies as pip resolves them for that Python, and run this tree's `gen bulletin`
and `gen summary`, charts and all.

On Python 3.10 pip brings matplotlib 3.10, which sees face 0 (JP) of a .ttc only: this is where
「未找到可用于图表的中文字体」 came from. The venvs hold dependencies only (the code is this tree's,
on PYTHONPATH), so they are kept between runs, CI's included, in the user's cache folder under the
hash of setup.cfg; an interpreter this machine lacks is skipped, by name.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongwen-test-pythons"


def _allowed() -> tuple[str, str]:
    """The oldest and newest Python setup.cfg declares (its classifiers, the oldest being python_requires)."""
    cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    declared = sorted(re.findall(r"Programming Language :: Python :: 3\.(\d+)", cfg), key=int)
    oldest = re.search(r"python_requires\s*=\s*>=\s*3\.(\d+)", cfg)
    assert declared and oldest and oldest.group(1) == declared[0], "python_requires and the classifiers agree"
    return f"3.{declared[0]}", f"3.{declared[-1]}"


def _interpreter(version: str) -> str | None:
    """An interpreter of `version` that runs (a pyenv shim may name one it cannot start)."""
    candidates = [str(p) for p in sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))]
    candidates += [found for found in [shutil.which(f"python{version}")] if found]
    for python in candidates:
        said = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True
        )
        if said.returncode == 0 and said.stdout.strip() == version:
            return python
    return None


def _requirements() -> list[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return cfg["options"]["install_requires"].split()


def _venvs() -> dict[str, Path]:
    """{version: venv} for the interpreters present, each made (in parallel) unless made for this setup.cfg."""
    venvs, jobs = {}, []
    key = hashlib.sha256(" ".join(_requirements()).encode()).hexdigest()[:12]
    for version in _allowed():
        python = _interpreter(version)
        if python is None:
            continue
        venv = CACHE / f"{version}-{key}"
        venvs[version] = venv
        done = venv / "complete"
        if done.is_file():
            continue
        shutil.rmtree(venv, ignore_errors=True)
        requirements = " ".join(f"'{r}'" for r in _requirements())
        script = (
            f"'{python}' -m venv '{venv}' && '{venv}/bin/python' -m pip install -q --disable-pip-version-check "
            f"{requirements} && touch '{done}'"
        )
        jobs.append(
            (version, subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        )
    for version, job in jobs:
        out, _ = job.communicate(timeout=900)
        assert job.returncode == 0, f"installing gongwen on Python {version} failed:\n{out.decode(errors='replace')}"
    return venvs


@pytest.fixture(scope="module")
def venvs():
    made = _venvs()
    if not made:
        pytest.skip(f"Python {' or '.join(_allowed())} not installed")
    return made


@pytest.mark.parametrize("which", [0, 1], ids=["oldest", "newest"])
def test_bulletin_and_summary_draw_their_charts_in_a_simplified_chinese_face(venvs, which, tmp_path):
    version = _allowed()[which]
    if version not in venvs:
        pytest.skip(f"Python {version} not installed")
    venv = venvs[version]
    data = copy_sample(tmp_path / "data")
    # matplotlib's font list is kept with the venv (it takes seconds to build); the face copied out of a
    # collection is made afresh each run.
    config = venv / "mplconfig"
    shutil.rmtree(config / "gongwen-fonts", ignore_errors=True)
    env = {
        "PATH": f"{venv}/bin:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "MPLCONFIGDIR": str(config),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    font = subprocess.run(
        [
            f"{venv}/bin/python",
            "-c",
            "import matplotlib; from charts.fonts import chart_font; f = chart_font(); "
            "print(f.family, f.path, f.face_index, matplotlib.__version__, sep='\\n')",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert font.returncode == 0, font.stderr
    family, path, index, matplotlib = font.stdout.split("\n")[:4]
    assert family.endswith(" SC"), family  # not the JP face, and not the 楷体 last resort where Noto is installed
    if tuple(int(n) for n in matplotlib.split(".")[:2]) < (3, 11):  # sees face 0 only: the SC face copied out
        assert Path(path).parent == config / "gongwen-fonts" and index == "0", path
    # The face drawn is the SC face: the font file's own name says so (fontTools, as matplotlib has it).
    named = subprocess.run(
        [
            f"{venv}/bin/python",
            "-c",
            "import sys; from fontTools.ttLib import TTFont; "
            "print(TTFont(sys.argv[1], fontNumber=int(sys.argv[2]), lazy=True)['name'].getDebugName(1))",
            path,
            index,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert named.stdout.strip() == family, named.stderr
    for command, date in (
        (["bulletin", "--month", "2022-11"], "2022-12-05"),
        (["summary", "--year", "2022"], "2023-01-10"),
    ):
        args = [
            f"{venv}/bin/python",
            "-c",
            "import cli; cli.main()",
            *command,
            "--data",
            str(data),
            "--output",
            str(tmp_path / "out"),
            "--date",
            date,
        ]
        done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
    (bulletin,) = (tmp_path / "out" / "2022-11").glob("*.docx")
    (summary,) = (tmp_path / "out" / "2022").glob("*.docx")
    for document, charts in ((bulletin, 8), (summary, 4)):
        with zipfile.ZipFile(document) as z:
            pngs = [n for n in z.namelist() if n.startswith("word/media/") and z.read(n)[:4] == b"\x89PNG"]
        assert len(pngs) == charts, document.name
