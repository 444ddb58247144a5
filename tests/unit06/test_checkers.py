"""Unit 06's checkers: each passes honest answers and names each typical bug."""

from __future__ import annotations

import pytest
from nnhelpers import failed

from nncourse.check import unit06
from nncourse.key import quadratics as key

from . import students

pytestmark = pytest.mark.unit06

EXERCISES = (
    "gradient_descent",
    "regime_1d",
    "direction_rates",
    "iterations_to_tol",
    "newton_step",
    "convergence_rate",
    "decay",
    "plateau_decay",
)
SEEDS = {name: 906_001 + i for i, name in enumerate(EXERCISES)}


def check(name, fn, **kw):
    return getattr(unit06, name)(fn, quiet=True, **kw)


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("seed", [None, "hidden", 7])
def test_the_key_passes_visible_and_hidden_seeds(name, seed):
    seed = SEEDS[name] if seed == "hidden" else seed
    report = check(name, getattr(key, name), seed=seed)
    assert report.passed, repr(report)


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("gradient_descent", "float32"),
        ("gradient_descent", "printing"),
        ("regime_1d", "eta_vs_inverse"),
        ("direction_rates", "float32"),
        ("iterations_to_tol", "numpy_int"),
        ("newton_step", "inverse"),
    ],
)
def test_honest_variants_keep_full_marks(name, variant):
    report = check(name, getattr(students, name)(variant))
    assert report.passed and report.points(2) == 2, repr(report)


# ---------------------------------------------------------------- 6.1 gradient_descent
def test_gd_without_the_start_row():
    report = check("gradient_descent", students.gradient_descent("no_start"))
    failed(report, "path on a 2-D quadratic", "wrong shape", "steps + 1 rows")
    assert report.points(2) == 0


def test_gd_ascent_is_named():
    report = check("gradient_descent", students.gradient_descent("ascent"))
    failed(report, "path on a 2-D quadratic", "gradient *ascent*", "w - eta * grad(w)")


def test_gd_frozen_gradient_is_named_on_the_non_quadratic():
    report = check("gradient_descent", students.gradient_descent("frozen_gradient"))
    failed(report, "a gradient that is not a quadratic's", "gradient at w0")
    assert report.points(2) < 1


def test_gd_in_place_update_fails_on_values():
    report = check("gradient_descent", students.gradient_descent("in_place"))
    failed(report, "path on a 2-D quadratic", "wrong values")
    assert report.points(2) == 0


def test_gd_right_path_but_mutated_start():
    report = check("gradient_descent", students.gradient_descent("mutates_w0"))
    failed(report, "leaves the caller's w0 unchanged", "changed the caller's w0", "copy")
    assert report.points(5) == 4


def test_gd_list_result_keeps_every_point():
    report = check("gradient_descent", students.gradient_descent("list"))
    assert report.points(5) == 5, report


def test_gd_list_of_wrong_values_is_refused_in_words():
    def wrong(grad, w0, eta, steps):
        return [[0.0] * len(w0) for _ in range(steps + 1)]

    report = check("gradient_descent", wrong)
    failed(report, "path on a 2-D quadratic", "wrong values", "first wrong entry")
    assert report.points(5) == 0


# ---------------------------------------------------------------- 6.2 regime_1d
def test_regime_le_boundaries_fails_on_the_boundaries_only():
    report = check("regime_1d", students.regime_1d("le_boundaries"))
    failed(
        report,
        "exactly on the boundaries: eta_opt and 2 eta_opt",
        "gradient descent did",
        "one step",
        "compare it with 1 and 2 exactly",
    )
    passed = {r.name for r in report.results if r.passed}
    assert passed == {
        "a millionth away from each boundary",
        "where rounding decides: eta = 1/a and 2/a with (1/a) * a != 1",
    }


def test_regime_with_a_tolerance_fails_a_millionth_away():
    report = check("regime_1d", students.regime_1d("isclose"))
    failed(report, "a millionth away from each boundary", "predicted")
    assert report.points(3) == pytest.approx(2.25)


def test_regime_stuck_called_divergent():
    report = check("regime_1d", students.regime_1d("two_is_divergent"))
    failed(
        report,
        "exactly on the boundaries: eta_opt and 2 eta_opt",
        "'divergent'",
        "stuck oscillating",
    )


def test_regime_wrong_optimal_rate():
    report = check("regime_1d", students.regime_1d("eta_opt_is_a"))
    failed(report, "the five regimes", "eta_opt", "factor 1 - eta * a zero")
    assert report.points(3) == 0


def test_regime_rounding_case_accepts_both_neighbours():
    cases = unit06.regime_1d.cases()
    rounding = next(c for c in cases if c.name.startswith("where rounding decides"))
    assert [len(n) for n in rounding.judge.params["accepted"][:2]] == [2, 2]


# ---------------------------------------------------------------- 6.3 direction_rates
def test_rates_from_the_diagonal_pass_axis_aligned_only():
    report = check("direction_rates", students.direction_rates("diagonal"))
    assert {r.name for r in report.results if report.counts(r)} == {"axis-aligned 2x2"}
    failed(report, "rotated 2x2", "1 / (the diagonal of A)", "eigvalsh")


@pytest.mark.parametrize(
    ("variant", "words"),
    [
        ("min_eigenvalue", ("eta_max", "largest eigenvalue")),
        ("kappa_inverted", ("kappa", "lambda_max / lambda_min")),
        ("descending", ("descending order",)),
    ],
)
def test_rates_bugs(variant, words):
    report = check("direction_rates", students.direction_rates(variant))
    failed(report, "rotated 2x2", *words)
    assert report.points(3) == 0


# ---------------------------------------------------------------- 6.4 iterations_to_tol
@pytest.mark.parametrize(
    ("variant", "case", "words"),
    [
        ("off_by_one", "converging runs: best rate, near the edge, small rate", ("one too many",)),
        (
            "absolute_tol",
            "converging runs: best rate, near the edge, small rate",
            ("tol * norm(w_0 - w*)",),
        ),
        (
            "never_minus_one",
            "a diverging run (-1), a start at the minimum (0), a converging run",
            ("different count",),
        ),
    ],
)
def test_iteration_count_bugs(variant, case, words):
    report = check("iterations_to_tol", students.iterations_to_tol(variant))
    failed(report, case, *words)


def test_iteration_count_endless_loop_times_out_in_words():
    report = check("iterations_to_tol", students.iterations_to_tol("endless"), timeout=0.3)
    assert report.results[0].status == "timeout" and report.points(2) == 0
    assert "loop" in report.results[0].hint


# ---------------------------------------------------------------- 6.5 newton_step
@pytest.mark.parametrize(
    ("variant", "words"),
    [("shorthand", ("the A w term", "A @ w + b")), ("gradient_step", ("plain gradient step",))],
)
def test_newton_bugs_are_named(variant, words):
    report = check("newton_step", students.newton_step(variant))
    failed(report, "eta = 1 lands on the minimum", *words)
    assert report.points(2) == 0


def test_newton_that_ignores_eta_passes_only_eta_one():
    report = check("newton_step", students.newton_step("returns_minimum"))
    assert [report.counts(r) for r in report.results] == [True, False, False, False]


# ---------------------------------------------------------------- 6.6 convergence_rate
@pytest.mark.parametrize(
    ("variant", "case", "words"),
    [
        ("upside_down", "a sequence that is not geometric", ("upside down",)),
        ("no_f_star", "a sequence that is not geometric", ("f* left out",)),
        ("no_abs", "values on both sides of f_star", ("without abs",)),
        ("too_long", "a sequence that is not geometric", ("wrong shape",)),
        ("nan", "a sequence that is not geometric", ("NaN",)),
    ],
)
def test_convergence_rate_bugs(variant, case, words):
    report = check("convergence_rate", students.convergence_rate(variant))
    failed(report, case, *words)


# ---------------------------------------------------------------- 6.7 decay
@pytest.mark.parametrize(
    ("variant", "case", "words"),
    [
        ("from_zero", "linear", ("NaN or infinite",)),
        ("straight_line", "linear", ("straight-line",)),
        ("no_square", "quadratic", ("square is missing",)),
        ("growing", "exponential", ("growing rate",)),
        ("no_refusal", "exponential, then an unknown kind raises ValueError", ("ValueError",)),
    ],
)
def test_decay_bugs(variant, case, words):
    report = check("decay", students.decay(variant))
    failed(report, case, *words)


def test_decay_as_a_list_keeps_every_point():
    assert check("decay", students.decay("list")).points(3) == 3


# ---------------------------------------------------------------- 6.8 plateau_decay
@pytest.mark.parametrize(
    ("variant", "case"),
    [
        ("strict", "a tie counts as a plateau (>=)"),
        ("mean", "improving, flat, too short, just below the threshold"),
        ("last_loss", "improving, flat, too short, just below the threshold"),
        ("always", "improving, flat, too short, just below the threshold"),
    ],
)
def test_plateau_bugs(variant, case):
    report = check("plateau_decay", students.plateau_decay(variant))
    failed(report, case, "the rate from plateau_decay", "min(losses[-patience:])")


def test_visible_cases_are_plain_data_and_up_to_date():
    from nncourse.check import visible
    from nncourse.course.release import build_visible

    built = build_visible(["06"])["06.json"]
    assert '"$o"' not in built, "an argument or parameter is not plain data"
    assert (visible.DATA / "06.json").read_text("utf-8") == built, "run nncourse release"
