"""Where the files that ship inside the packages are: SQL, agency data, site templates, fonts.

Found through `importlib.resources`, so a built wheel installed anywhere finds them exactly as a
checkout does. They are read as plain files (DuckDB reads SQL text, Jinja a template directory,
the site copies its assets), so a package installed as a zip, which would hand out no file
system paths, is refused with a clear error rather than half-working.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


class MissingResource(RuntimeError):
    """A file the product ships with is not where the installed package should have it."""


def package_dir(package: str, *parts: str) -> Path:
    """The directory of `package` (or of `parts` under it) as a real file system path."""
    root = files(package)
    if not isinstance(root, Path):
        raise MissingResource(
            f"package {package!r} is not installed as plain files ({root}); "
            "install the wheel unzipped (pip and uv always do)"
        )
    path = root.joinpath(*parts)
    if not path.exists():
        raise MissingResource(
            f"{path} is missing from the installed package {package!r}; "
            "the installation is incomplete (rebuild or reinstall the wheel)"
        )
    return path


def sql_dir(*parts: str) -> Path:
    """`sql/` (schema migrations, views, analysts' queries), shipped as the `sql` package."""
    return package_dir("sql", *parts)
