"""Copy the top-level policies/ and wordlists/ into the wheel as bouncer/data/.

They live at the top of the repository so that people read and edit them there;
a plain `pip install` must still be able to load every preset, so the build step
places a copy inside the package. An editable install finds them at the top level
instead (see bouncer/resources.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
DATA_DIRS = ("policies", "wordlists")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        for name in DATA_DIRS:
            src = HERE / name
            dst = Path(self.build_lib) / "bouncer" / "data" / name
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.bloom", "__pycache__"))


setup(cmdclass={"build_py": BuildWithData})
