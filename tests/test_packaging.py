"""The wheel holds every package of the source tree: pyproject lists each one explicitly."""

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "mtfix").rglob("__init__.py")}
    missing = found - listed
    assert not missing, f"packages missing from pyproject's [tool.setuptools] packages: {missing}"
