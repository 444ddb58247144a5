"""04.own_backprop and the new demo modules in the student edition: no answer key needed."""

from __future__ import annotations

import json

import pytest
from nokey import run_without_key

pytestmark = pytest.mark.unit04

SCRIPT = r"""
import json
import numpy as np
import nncourse.graph_view, nncourse.plots_units34, nncourse.wrong_gradient
from nncourse.check import unit04


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-8)


def numgrad(f, x, h=1e-5):
    x = np.array(x, float)
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2 * h)
    return g


def check_my_backprop(loss_and_grads, X, targets, params, configs, tol=1e-6):
    out = []
    for net in configs:
        y = targets[net["loss"]]
        grads = loss_and_grads(X, y, params, **net)[1]
        wrong = []
        for k, (pair, gpair) in enumerate(zip(params, grads)):
            for slot, kind in ((0, "W"), (1, "b")):
                if np.shape(gpair[slot]) != np.shape(pair[slot]):
                    wrong.append(f"{kind}{k + 1}")
                    continue

                def f(v, k=k, slot=slot, y=y, net=net):
                    trial = [list(p) for p in params]
                    trial[k][slot] = v
                    return loss_and_grads(X, y, [tuple(p) for p in trial], **net)[0]

                if not rel(gpair[slot], numgrad(f, pair[slot])) < tol:
                    wrong.append(f"{kind}{k + 1}")
        out.append(sorted(wrong, key=lambda n: (int(n[1:]), n[0] == "b")))
    return out


report = unit04.own_backprop(check_my_backprop, quiet=True)
hidden = unit04.own_backprop(check_my_backprop, seed=5, quiet=True)
keys = sorted(m for m in sys.modules if m.startswith("nncourse.key"))
names = [r.name for r in hidden.results]
print(json.dumps({"passed": report.passed, "hidden": names, "key": keys}))
"""


def test_visible_checks_run_without_the_answer_key():
    done = run_without_key(SCRIPT, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["passed"] is True
    assert out["hidden"] == ["checks available"]
    assert out["key"] == []
