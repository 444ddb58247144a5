"""04.own_backprop: a backprop gradient-checked in every configuration it supports."""

from __future__ import annotations

import pytest

from nncourse.check import unit04
from nncourse.check.results import ERROR, FAIL, NOT_ATTEMPTED, PASS
from nncourse.key import gradcheck
from nncourse.key.own_backprop import check_my_backprop

pytestmark = pytest.mark.unit04


def _names(errors, tol):
    return [name for name, err in errors.items() if not err < tol]


def _student(bug=None):
    """A student's check_my_backprop, written with numpy, with one typical mistake."""

    def check(loss_and_grads, X, targets, params, configs, tol=1e-6):
        out = []
        for net in configs:
            y = targets["squared"] if bug == "one_target" else targets[net["loss"]]
            if bug == "default_config":
                net = {}

            def loss_fn(p, y=y, net=net):
                return loss_and_grads(X, y, p, **net)[0]

            grads = loss_and_grads(X, y, params, **net)[1]
            if bug == "grads_everywhere":

                def loss_fn(p, y=y, net=net, inner=loss_fn):  # noqa: F811
                    loss_and_grads(X, y, p, **net)[1][0][0].sum()
                    return inner(p)

            errors = gradcheck.per_tensor_check(loss_fn, params, grads)
            if bug == "errors_not_names":
                out.append(errors)
                continue
            limit = 1e-2 if bug == "loose_tol" else tol
            out.append(_names(errors, limit))
            if bug == "first_only":
                break
        return out

    return check


def _case(report, start):
    return next(r for r in report.results if r.name.startswith(start))


@pytest.mark.parametrize("seed", [None, 904_005])
def test_reference_and_an_honest_student_pass(seed):
    assert unit04.own_backprop(check_my_backprop, seed=seed, quiet=True).passed
    assert unit04.own_backprop(_student(), seed=seed, quiet=True).passed


def test_hidden_seeds_put_the_bugs_in_other_branches():
    def plan(seed):
        return tuple(str(c.judge.params["expected"]) for c in unit04.own_backprop.cases(seed))

    assert len({plan(s) for s in (None, 904_005, 1, 2)}) == 4


def test_the_wrong_target_is_named():
    report = unit04.own_backprop(_student("one_target"), quiet=True)
    assert report.earned_points == 0
    r = _case(report, "one branch wrong")
    assert r.status in (ERROR, FAIL) and "targets['cross_entropy']" in r.message


def test_checking_one_configuration_only_is_caught():
    report = unit04.own_backprop(_student("first_only"), quiet=True)
    assert report.earned_points == 0
    assert "one list of tensor names per configuration" in _case(report, "one branch").message


def test_the_default_configuration_instead_of_each_is_refused_in_words():
    r = _case(unit04.own_backprop(_student("default_config"), quiet=True), "one branch")
    assert r.status in (ERROR, FAIL) and "only asked for the configurations" in r.message


def test_errors_instead_of_names_fail_with_a_hint():
    r = _case(unit04.own_backprop(_student("errors_not_names"), quiet=True), "one branch")
    assert r.status == FAIL and "append one list per entry of configs" in r.hint


def test_grads_away_from_params_are_nan_and_harmless():
    assert unit04.own_backprop(_student("grads_everywhere"), quiet=True).passed


def test_flagging_nothing_earns_nothing():
    def nothing(loss_and_grads, X, targets, params, configs, tol=1e-6):
        return [[] for _ in configs]

    report = unit04.own_backprop(nothing, quiet=True)
    assert _case(report, "a correct backprop").status == PASS
    assert report.earned_points == 0


def test_flagging_everything_earns_nothing():
    def everything(loss_and_grads, X, targets, params, configs, tol=1e-6):
        return [gradcheck.tensor_names(len(params)) for _ in configs]

    assert unit04.own_backprop(everything, quiet=True).earned_points == 0


def test_a_stub_is_not_attempted():
    def stub(loss_and_grads, X, targets, params, configs, tol=1e-6):
        raise NotImplementedError()

    report = unit04.own_backprop(stub, quiet=True)
    assert all(r.status == NOT_ATTEMPTED for r in report.results)


def test_a_wrong_branch_message_names_the_configuration():
    def swap(loss_and_grads, X, targets, params, configs, tol=1e-6):
        right = check_my_backprop(loss_and_grads, X, targets, params, configs, tol)
        return right[::-1]

    r = _case(unit04.own_backprop(swap, quiet=True), "one branch")
    assert (
        r.status == FAIL and "/" in r.message and ("missed" in r.message or "flagged" in r.message)
    )


def test_every_case_is_clear_cut():
    """Right tensors far below the tolerance, wrong ones far above, on several seeds."""
    from nncourse.key import buggy_grads as bg

    for seed in (7,):
        for case in unit04.own_backprop.cases(seed):
            X, ys, params, configs, grads = case.args
            for net, g, want in zip(configs, grads, case.judge.params["expected"]):
                loss_fn = bg.make_loss_fn(X, ys[net["loss"]], **net)
                errors = gradcheck.per_tensor_check(loss_fn, params, g)
                assert _names(errors, 1e-3) == want == _names(errors, 1e-7)
