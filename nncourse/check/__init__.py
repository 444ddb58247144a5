"""Checkers: call ``nncourse.check.unit02.softmax(softmax)`` in a notebook to check your code.

``EXERCISES`` maps every exercise id (``"02.softmax"``) to its ``Exercise``; the grader and the
tests enumerate it.
"""

from nncourse.check import unit01 as unit01
from nncourse.check import unit02 as unit02
from nncourse.check import unit03 as unit03
from nncourse.check import unit04 as unit04
from nncourse.check import unit05 as unit05
from nncourse.check import unit06 as unit06
from nncourse.check import unit07 as unit07
from nncourse.check.exercise import (
    EXERCISES,
    Case,
    Exercise,
    exercise_for_grade_id,
    grade_cell,
    register,
)
from nncourse.check.judge import ATOL, ATOL_FLOAT32, RTOL, RTOL_FLOAT32, Verdict
from nncourse.check.results import CheckFailed, CheckResult, Report
from nncourse.inside.guard import DEFAULT_TIMEOUT, Outcome, guarded_call, to_plain

__all__ = [
    "ATOL",
    "ATOL_FLOAT32",
    "DEFAULT_TIMEOUT",
    "EXERCISES",
    "RTOL",
    "RTOL_FLOAT32",
    "Case",
    "CheckFailed",
    "CheckResult",
    "Exercise",
    "Outcome",
    "Report",
    "Verdict",
    "exercise_for_grade_id",
    "grade_cell",
    "guarded_call",
    "register",
    "to_plain",
    "unit02",
]
