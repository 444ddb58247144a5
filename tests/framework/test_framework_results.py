"""CheckResult and Report: verdicts, weighted scores, one-line summaries, text/HTML/dict views."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nncourse.check import CheckFailed, CheckResult, Report
from nncourse.check import unit02 as check02
from nncourse.check.results import ERROR, FAIL, NOT_ATTEMPTED, PASS, TIMEOUT


def _report(*statuses_and_points, title="Toy exercise"):
    results = [
        CheckResult(
            f"check {i}",
            status,
            message=f"message {i}" if status != PASS else "",
            call=f"f(x{i})",
            expected="something" if status != PASS else "",
            got="something else" if status != PASS else "",
            hint=f"hint {i}" if status != PASS else "",
            points=points,
        )
        for i, (status, points) in enumerate(statuses_and_points)
    ]
    return Report("99.toy", results, title)


def test_check_result_refuses_unknown_status():
    with pytest.raises(ValueError, match="unknown status"):
        CheckResult("x", "passed")


@pytest.mark.parametrize(
    "status, passed",
    [(PASS, True), (FAIL, False), (ERROR, False), (TIMEOUT, False), (NOT_ATTEMPTED, False)],
)
def test_check_result_passed_only_for_pass(status, passed):
    assert CheckResult("x", status).passed is passed


def test_score_is_the_weighted_fraction_of_points():
    report = _report((PASS, 1.0), (FAIL, 2.0), (PASS, 3.0), (ERROR, 2.0))
    assert report.total_points == 8.0
    assert report.earned_points == 4.0
    assert report.score == pytest.approx(0.5)
    assert report.points(10) == 5.0
    assert report.points(3) == 1.5
    assert report.passed is False
    assert report.attempted is True


def test_points_are_rounded_to_two_decimals():
    report = _report((PASS, 1.0), (FAIL, 1.0), (FAIL, 1.0))
    assert report.points(1) == 0.33
    assert report.points(2) == 0.67


def test_all_passed_report():
    report = _report((PASS, 1.0), (PASS, 2.0))
    assert report.passed is True
    assert report.score == 1.0
    assert report.points(4) == 4.0
    assert report.summary() == "Toy exercise: all checks passed (score 1.00)"
    assert report.failures() == []


def test_empty_report_is_not_a_pass():
    report = Report("99.toy", [], "Toy exercise")
    assert report.passed is False
    assert report.score == 0.0
    assert report.summary() == "Toy exercise: no checks ran"


def test_summary_of_a_partial_pass_is_one_line_with_counts_and_score():
    report = _report((PASS, 1.0), (FAIL, 1.0), (PASS, 2.0))
    summary = report.summary()
    assert "\n" not in summary
    assert summary == "Toy exercise: 2/3 checks passed (score 0.75)"


def test_summary_when_not_attempted():
    report = _report((NOT_ATTEMPTED, 1.0), (NOT_ATTEMPTED, 1.0))
    assert report.attempted is False
    assert report.passed is False
    assert report.score == 0.0
    summary = report.summary()
    assert "\n" not in summary
    assert "not attempted" in summary
    assert "NotImplementedError" in summary
    # The text view stays short: no per-check list for an untouched stub.
    assert repr(report) == summary


def test_summary_uses_the_id_when_there_is_no_title():
    report = Report("99.toy", [CheckResult("a", PASS)])
    assert report.summary().startswith("99.toy: ")


def test_repr_lists_details_of_failures_only():
    report = _report((PASS, 1.0), (FAIL, 1.0))
    text = repr(report)
    lines = text.splitlines()
    assert lines[0] == report.summary()
    assert "\u2714 check 0: pass" in lines
    assert "\u2718 check 1: fail" in lines
    for label, value in (
        ("what happened", "message 1"),
        ("call", "f(x1)"),
        ("expected", "something"),
        ("got", "something else"),
        ("hint", "hint 1"),
    ):
        assert f"    {label}: {value}" in lines
    assert "f(x0)" not in text, "a passing check shows no details"
    assert str(report) == text


def test_describe_skips_empty_fields():
    text = CheckResult("bare", FAIL, message="went wrong").describe()
    assert text.splitlines() == ["\u2718 bare: fail", "    what happened: went wrong"]


def test_html_is_green_for_a_pass_and_red_for_a_failure():
    passed = _report((PASS, 1.0))._repr_html_()
    failed = _report((PASS, 1.0), (FAIL, 1.0))._repr_html_()
    assert "color:#137333" in passed and "#c5221f" not in passed
    assert "background:#e6f4ea" in passed and "#fce8e6" not in passed
    assert "color:#c5221f" in failed
    assert "background:#fce8e6" in failed and "background:#e6f4ea" in failed
    assert "hint 1" in failed and "<code>f(x1)</code>" in failed


def test_html_of_a_stub_is_grey_and_has_no_table():
    html = _report((NOT_ATTEMPTED, 1.0))._repr_html_()
    assert "color:#5f6368" in html
    assert "<table" not in html
    assert "not attempted" in html


def _returns_markup(z):
    return "<script>alert('x')</script>"


def _raises_markup(z):
    raise ValueError("<img src=x onerror=alert(1)>")


@pytest.mark.parametrize(
    "fn, raw, escaped",
    [
        (_returns_markup, "<script>", "&lt;script&gt;alert("),
        (_raises_markup, "<img", "&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_html_escapes_text_the_student_controls(fn, raw, escaped):
    report = check02.softmax(fn)
    html = report._repr_html_()
    assert raw not in html
    assert escaped in html
    # the plain-text view shows the same text unescaped
    assert raw in repr(report)


def test_html_escapes_names_and_titles():
    report = Report("99.x", [CheckResult("<b>name</b>", FAIL, hint="a < b & c")], "<i>t</i>")
    html = report._repr_html_()
    assert "<b>name</b>" not in html and "&lt;b&gt;name&lt;/b&gt;" in html
    assert "&lt;i&gt;t&lt;/i&gt;" in html
    assert "a &lt; b &amp; c" in html


def test_to_dict_is_json_serialisable_and_complete():
    report = check02.softmax(lambda z: np.full(np.shape(z), np.nan))
    data = report.to_dict()
    text = json.dumps(data)
    back = json.loads(text)
    assert back["exercise"] == "02.softmax"
    assert back["passed"] is False and back["attempted"] is True
    assert back["score"] == pytest.approx(report.score)
    assert [r["name"] for r in back["results"]] == [r.name for r in report.results]
    assert [r["status"] for r in back["results"]] == [r.status for r in report.results]
    assert FAIL in {r["status"] for r in back["results"]}
    assert back["results"][0]["message"] == report.results[0].message != ""
    assert set(back["results"][0]) == {
        "name",
        "status",
        "message",
        "call",
        "expected",
        "got",
        "hint",
        "points",
        "wanted",
        "detail",
        "mistake",
        "from_grader",
        "needs",
    }


def test_raise_if_failed_raises_an_assertion_error_with_the_report():
    report = _report((PASS, 1.0), (FAIL, 1.0))
    with pytest.raises(CheckFailed) as info:
        report.raise_if_failed()
    assert isinstance(info.value, AssertionError)
    assert str(info.value) == repr(report)
    assert "hint 1" in str(info.value)


def test_raise_if_failed_raises_when_not_attempted():
    with pytest.raises(CheckFailed, match="not attempted"):
        _report((NOT_ATTEMPTED, 1.0)).raise_if_failed()


def test_raise_if_failed_returns_the_report_when_passed():
    report = _report((PASS, 1.0))
    assert report.raise_if_failed() is report


def test_a_property_counts_only_with_the_values_it_needs():
    values = CheckResult("values", FAIL, points=3)
    unchanged = CheckResult("input unchanged", PASS, points=1, needs=("values",))
    report = Report("00.toy", [values, unchanged], "Toy", max_points=4)
    assert report.earned_points == 0
    assert "counts once 'values' passes" in repr(report)
    fixed = Report("00.toy", [CheckResult("values", PASS, points=3), unchanged], "Toy", 4)
    assert fixed.points(4) == 4.0
    assert "4 of 4 points" in fixed.summary()
    assert fixed.split() == "values 3 | only with 'values': input unchanged 1 (of 4 points)"


def test_stubs_are_named_and_the_rest_still_counts():
    done = CheckResult("add", PASS, points=1)
    stub = CheckResult("power", NOT_ATTEMPTED, "`Node.__pow__` still raises NotImplementedError")
    report = Report("00.toy", [done, stub], "Toy")
    assert report.attempted and report.stubs == ["`Node.__pow__`"]
    assert report.score == 0.5
    assert "still to write: `Node.__pow__`" in report.summary()


def test_part_by_part_credit_runs_past_a_stub_and_names_it():
    from nncourse.check.exercise import Case, Exercise, judge
    from nncourse.check.judge import expect_scalar

    def make_cases(rng):
        return [
            Case(
                part,
                f"f({part!r})",
                judge(expect_scalar, expected=1.0, name="f"),
                (part,),
                part=part,
            )
            for part in ("a", "b", "c")
        ]

    class Parts:
        def b(self):
            raise NotImplementedError()

    def f(part):
        if part == "b":
            return Parts().b()
        return 1.0

    report = Exercise("00.parts", "Parts", ("f",), make_cases)(f, seed=1)
    assert [r.status for r in report.results] == [PASS, NOT_ATTEMPTED, PASS]
    assert report.results[1].message == "`Parts.b` still raises NotImplementedError"
    assert report.points(3) == 2.0
