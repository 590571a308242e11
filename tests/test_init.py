from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import bouncer

ROOT = Path(__file__).resolve().parent.parent


def test_dir_lists_each_public_name_once() -> None:
    """dir(bouncer) names every public name exactly once, before and after it is loaded."""
    assert bouncer.Verdict is not None  # loaded: now a module global as well
    names = dir(bouncer)
    assert len(names) == len(set(names))
    assert set(bouncer.__all__) <= set(names)


def test_star_import_and_pickle_of_lazy_names() -> None:
    """`from bouncer import *` binds every public name, and a Verdict pickles round-trip."""
    namespace: dict[str, object] = {}
    exec("from bouncer import *", namespace)
    assert set(bouncer.__all__) <= set(namespace)
    verdict = bouncer.Bouncer("testing").check("short")
    assert pickle.loads(pickle.dumps(verdict)) == verdict


def test_type_checker_rejects_a_misspelled_public_name(tmp_path: Path) -> None:
    """mypy reports a name the package does not export, instead of typing it as Any."""
    sample = tmp_path / "uses_bouncer.py"
    sample.write_text("from bouncer import Bouncer, Bouncr\n\nb: Bouncer = Bouncer('testing')\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent",
         "--cache-dir", str(tmp_path / "cache"), str(sample)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert 'Module "bouncer" has no attribute "Bouncr"' in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1
