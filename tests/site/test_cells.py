"""`cells_of` names exactly the cells each identity of `transform.checks` depends on: changing
one of them changes the check's result, changing any other cell leaves it alone."""

from __future__ import annotations

import copy

import pytest

from transform.checks import table3_checks, table4_checks
from warehouse.site.cells import cells_of


def _values(single_other: bool) -> dict:
    from mirror import numbers

    return numbers.generate(
        f"cells-{single_other}",
        "2021" if not single_other else "2019",
        single_other=single_other,
        blank=False,
        busy=2,
    )


def _result(checks, rule, subject):
    return next((c.status, c.expected, c.actual) for c in checks if c.rule == rule and c.subject == subject)


@pytest.mark.parametrize("single_other", [False, True])
def test_table3_checks_depend_on_exactly_the_named_cells(single_other):
    t3 = _values(single_other)["applications"]
    checks = table3_checks(t3)
    assert checks and all(c.status == "pass" for c in checks)
    every_cell = [(row, col) for row, cells in t3.items() for col in cells]
    for check in checks:
        named = {(row, col) for table, row, col in cells_of(check.rule, check.subject, set(t3))}
        assert named and all(table == "t3" for table, _, _ in cells_of(check.rule, check.subject, set(t3)))
        for row, col in every_cell:
            changed = copy.deepcopy(t3)
            changed[row][col] += 1
            moved = _result(table3_checks(changed), check.rule, check.subject) != _result(
                checks, check.rule, check.subject
            )
            assert moved == ((row, col) in named), (check.rule, check.subject, row, col)


def test_table4_checks_depend_on_exactly_the_named_cells():
    t4 = _values(False)["review_litigation"]
    checks = table4_checks(t4)
    for check in checks:
        named = {(row, col) for _, row, col in cells_of(check.rule, check.subject)}
        for row, cells in t4.items():
            for col in cells:
                changed = copy.deepcopy(t4)
                changed[row][col] += 1
                moved = _result(table4_checks(changed), check.rule, check.subject) != _result(
                    checks, check.rule, check.subject
                )
                assert moved == ((row, col) in named), (check.rule, check.subject, row, col)


def test_rules_about_no_printed_cell_name_none_and_the_stock_rule_its_cell():
    assert cells_of("cross.year_vs_title", "report") == []
    assert cells_of("cross.year_vs_published", "report") == []
    assert cells_of("cross.in_force_stock", "normative_document") == [
        ("t2", "normative_document", "in_force")
    ]
