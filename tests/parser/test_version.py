"""PARSER_VERSION moves when the parse could change, and only then."""

from __future__ import annotations

import transform
from transform import version

CODE = '''"""Module docstring."""
def f(x):
    """Why f exists."""
    return x + 1  # a comment
'''


def test_comments_and_docstrings_do_not_change_the_digest():
    reworded = CODE.replace("a comment", "another remark").replace("Why f exists.", "Reworded.")
    undocumented = "def f(x):\n    return x + 1\n"
    assert version.code_digest(reworded) == version.code_digest(CODE)
    assert version.code_digest(undocumented) == version.code_digest(CODE)


def test_a_code_change_changes_the_digest():
    assert version.code_digest(CODE.replace("x + 1", "x + 2")) != version.code_digest(CODE)


def test_it_covers_core_modules_and_library_versions():
    files = {p.as_posix() for p in version._code_files()}
    assert any(f.endswith("core/decode.py") for f in files)
    assert any(f.endswith("core/sniff.py") for f in files)
    assert any(f.endswith("core/titles.py") for f in files)
    assert any(f.endswith("transform/readers/html.py") for f in files)
    libraries = version.library_versions()
    assert libraries["selectolax"] != "absent" and libraries["opencc"] != "absent"


def test_a_library_upgrade_changes_the_version(monkeypatch):
    before = version.compute_parser_version()
    real = version.library_versions()
    monkeypatch.setattr(version, "library_versions", lambda: {**real, "selectolax": "99.0"})
    assert version.compute_parser_version() != before


def test_the_package_attribute_is_the_computed_version():
    assert version.compute_parser_version() == transform.PARSER_VERSION
    assert transform.PARSER_VERSION.startswith(version.RELEASE + "+")
