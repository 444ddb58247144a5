# %% [markdown]
# # Unit 07 — Optimizers: from SGD to Adam, Rprop and QuickProp
#
# Units 03 and 04 gave us correct gradients; unit 06 showed what a single learning rate does on
# a quadratic. A real loss surface is worse than one quadratic: along some directions it is
# steep, along others nearly flat (a *ravine*), it curves (a *valley*), and it has saddles.
# A single fixed step is then too large for the steep directions and too small for the flat
# ones. This unit builds the update rules people invented to cope, each in a few lines:
#
# 1. one interface for every optimizer, and stochastic gradient descent on mini-batches
#    (exercises 7.1, 7.2);
# 2. ravines, and why normalising the inputs removes them (demo);
# 3. momentum and Nesterov's look-ahead (exercises 7.3, 7.4);
# 4. rules that use the gradient's *sign* or its *change*: Rprop and QuickProp (7.5, 7.6);
# 5. Adam, with its bias correction (7.7);
# 6. a race of your optimizers on three surfaces (widget);
# 7. handwritten digits end to end, trained with your optimizer.

# %%
# %matplotlib inline
import numpy as np
from IPython.display import display

from nncourse import digits_demo, optimizer_race, plots_optimizers
from nncourse.check import grade_cell, unit07
from nncourse.widgets import OptimizerRace

# %% [markdown]
# ## 1. One interface for every optimizer
#
# A network's weights are several tensors, so weights and gradients travel as **dicts of
# arrays** with the same keys: `{"W1": (H, D), "b1": (H,), "W2": (K, H), "b2": (K,)}`. Every
# optimizer in this unit is a function
#
# ```python
# w_new, state_new = step(w, grad, state, **hyperparameters)
# ```
#
# * `grad[k]` is $\partial E / \partial w_k$ at `w`;
# * `state` is `None` on the first call; after that it is whatever your function returned the
#   time before. The caller never looks inside, so shape it as you like (a dict of velocities,
#   a step counter, ...);
# * the function is **pure**: it never changes the caller's `w`, `grad` or `state`. Build new
#   arrays (`w[k] - lr * grad[k]` does) instead of updating in place (`w[k] -= ...` does not).
#   Calling it twice with the same arguments must give the same answer;
# * the caller evaluates the next gradient at the `w_new` you return.
#
# The checkers run your function for several steps on gradients they choose and compare every
# step with their own trajectory, so any correct way to keep the state passes.
#
# ### Stochastic gradient descent
#
# The training loss is a mean over $N$ examples, $E(w) = \frac1N\sum_n \ell_n(w)$, and so is
# its gradient. A **mini-batch** $B$ of examples drawn uniformly gives
# $g_B = \frac1{|B|}\sum_{n\in B}\nabla \ell_n(w)$, whose expectation is exactly
# $\nabla E(w)$: an *unbiased* estimate, at a cost of $|B|$ examples instead of $N$. With
# $|B| = 1$ this is single-sample SGD; with $|B| = N$ it is plain gradient descent.

# %% [markdown]
# ### Exercise 7.1 — `sgd_step(w, grad, state=None, *, lr=0.1)`
# Return `({k: w[k] - lr * grad[k]}, state)`: new arrays, the state passed through untouched.

# %% solution id=answer_07_sgd_step
def sgd_step(w, grad, state=None, *, lr=0.1):
    """w <- w - lr * grad for every tensor; returns (new dict, state)."""
    ### BEGIN SOLUTION
    return {k: np.asarray(w[k], dtype=float) - lr * np.asarray(grad[k]) for k in w}, state
    ### END SOLUTION


# %%
unit07.sgd_step(sgd_step)

# %% tests id=test_07_sgd_step points=1
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.sgd_step", sgd_step, points=1, seed=907_001)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 7.2 — `sgd_epoch(w, grad_fn, X, Y, order, *, lr, batch_size)`
#
# One epoch of mini-batch SGD. Visit the rows of `X` in the given `order` (a permutation of
# `range(N)`): the first batch is `order[0:batch_size]`, the next `order[batch_size:2*batch_size]`,
# and so on; **the last batch may be smaller**, and it still counts. For each batch `idx`, ask
# `grad_fn(w, X[idx], Y[idx])` for the batch's mean gradient (a dict) and take one `sgd_step`.
# Return the weights after the epoch: `ceil(N / batch_size)` steps in all.

# %% solution id=answer_07_sgd_epoch
def sgd_epoch(w, grad_fn, X, Y, order, *, lr, batch_size):
    """One epoch of mini-batch SGD over the rows of X in the given order; returns the weights."""
    ### BEGIN SOLUTION
    X, Y, order = np.asarray(X), np.asarray(Y), np.asarray(order)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        w, _ = sgd_step(w, grad_fn(w, X[idx], Y[idx]), None, lr=lr)
    return w
    ### END SOLUTION


# %%
unit07.sgd_epoch(sgd_epoch)

# %% tests id=test_07_sgd_epoch points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.sgd_epoch", sgd_epoch, points=2, seed=907_002)
### END HIDDEN TESTS

# %% [markdown]
# ### Demo: the mini-batch gradient is unbiased
#
# On the digits classifier of section 7, at its initial weights: draw batches of 32 at random
# and average the gradients of the first $k$ of them. Each batch gradient is noisy, but the
# average approaches the full gradient like $1/\sqrt{k}$ (the curve follows the reference
# line): the noise averages out because the expectation was right all along. SGD spends that
# noise on many cheap steps instead of a few exact ones.

# %%
data = digits_demo.load_split("10 classes")
params0 = digits_demo.init_params(64, 32, 10, seed=0)
_, full = digits_demo.loss_and_grads(params0, data.X_train, data.y_train)
rng = np.random.default_rng(1)
n, batch = len(data.y_train), 32
running, errors = {k: 0.0 for k in full}, []
for k in range(1, 401):
    idx = rng.choice(n, size=batch, replace=False)
    _, g = digits_demo.loss_and_grads(params0, data.X_train[idx], data.y_train[idx])
    running = {key: running[key] + g[key] for key in full}
    err = sum(np.sum((running[key] / k - full[key]) ** 2) for key in full)
    errors.append(np.sqrt(err / sum(np.sum(full[key] ** 2) for key in full)))
ks = np.arange(1, 401)
plots_optimizers.plot_curves(
    {"mean of k random batches": errors, "1 / sqrt(k) reference": errors[0] / np.sqrt(ks)},
    "k (number of batches averaged)", "relative distance to the full gradient",
    "a mini-batch gradient is a noisy but unbiased estimate")

# %% [markdown]
# ### Demo: your mini-batch SGD on the digits network
#
# Your `sgd_epoch` trains the digits network of section 7 (its `loss_and_grads` is the
# `grad_fn`) for two epochs at the same rate $\eta = 0.05$, with batches of 1, 32 and all
# 1348 training images. Per epoch every run touches each image once, but the single-sample run
# takes 1348 steps, the batch-of-32 run 43 and full-batch gradient descent 1.

# %%
def digits_grad(w, Xb, yb):
    return digits_demo.loss_and_grads(w, Xb, yb)[1]


try:
    curves = {}
    for batch_size in (1, 32, n):
        w, order_rng = params0, np.random.default_rng(0)
        losses = [digits_demo.evaluate(w, data.X_val, data.y_val)[0]]
        for epoch in range(2):
            w = sgd_epoch(w, digits_grad, data.X_train, data.y_train, order_rng.permutation(n),
                          lr=0.05, batch_size=batch_size)
            losses.append(digits_demo.evaluate(w, data.X_val, data.y_val)[0])
        curves[f"batch size {batch_size}"] = losses
    display(plots_optimizers.plot_curves(curves, "epoch", "validation loss",
                                         "same rate, same epochs, different batch sizes"))
except NotImplementedError:
    print("Exercises 7.1 and 7.2 (sgd_step, sgd_epoch) bring this demo to life.")

# %% [markdown]
# Per epoch, small batches win by far: many noisy steps beat a few exact ones. Per step the
# picture reverses (a full-batch step is the best single step), which is why batch size and
# learning rate are tuned together, and why mini-batches of tens to hundreds, which keep the
# matrix products efficient, are the usual compromise.

# %% [markdown]
# ## 2. Ravines, and how normalising the inputs removes them
#
# Unit 06 showed that on a quadratic with Hessian $A$ gradient descent must use a rate below
# $2/\lambda_{\max}$, and then the flattest direction shrinks only by a factor
# $1 - \lambda_{\min}/\lambda_{\max}$ per step: the **condition number**
# $\kappa = \lambda_{\max}/\lambda_{\min}$ sets the pace. For a linear model with squared loss
# the Hessian is $X^\top X / N$. Raw pixel values run from 0 to 16, all positive and of very
# different spreads: the mean input is a huge shared direction and some pixels barely vary.
# Centring each input and dividing by its standard deviation makes the Hessian's eigenvalues
# far more alike.

# %%
ravine = {name: digits_demo.linear_ravine(normalise=flag, n_steps=150)
          for name, flag in (("raw pixels", False), ("normalised", True))}
plots_optimizers.plot_ravine(ravine)

# %% [markdown]
# Normalising shrinks the condition number by orders of magnitude, and the same fixed-rate
# gradient descent, each at its own safe rate $1/\lambda_{\max}$, gets much further in the same
# number of steps. Every network below is fed normalised digits. The same argument applies
# inside a network: a hidden layer's outputs are the next layer's inputs, which is one reason
# to prefer **centred** activations (tanh, symmetric around 0) to the logistic function (always
# positive, mean about 0.5). Section 7 compares the two.
#
# ## 3. Momentum and Nesterov
#
# In a ravine the gradient flips sign across the steep direction at every step and keeps its
# sign along the flat one. **Momentum** keeps a running step $\Delta W$ (the velocity) and
# adds the new gradient step to a fraction $\beta$ of the previous one:
# $$\Delta W^{(k)} = \beta\,\Delta W^{(k-1)} - \eta\,\nabla E(W^{(k-1)}),\qquad
#   W^{(k)} = W^{(k-1)} + \Delta W^{(k)}.$$
# Along the flat direction the steps add up (a constant gradient gives a step $1/(1-\beta) = 10$
# times longer for the usual $\beta = 0.9$); across the ravine they cancel.

# %% [markdown]
# ### Exercise 7.3 — `momentum_step(w, grad, state=None, *, lr=0.01, beta=0.9)`
# The velocity starts at zero. Note the signs: the velocity *subtracts* the gradient and the
# weights *add* the velocity.

# %% solution id=answer_07_momentum_step
def momentum_step(w, grad, state=None, *, lr=0.01, beta=0.9):
    """v <- beta v - lr grad; w <- w + v (v starts at 0). Returns (new w, {"v": v})."""
    ### BEGIN SOLUTION
    v_old = state["v"] if state else {k: np.zeros(np.shape(w[k])) for k in w}
    v = {k: beta * v_old[k] - lr * np.asarray(grad[k], dtype=float) for k in w}
    return {k: np.asarray(w[k], dtype=float) + v[k] for k in w}, {"v": v}
    ### END SOLUTION


# %%
unit07.momentum_step(momentum_step)

# %% tests id=test_07_momentum_step points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.momentum_step", momentum_step, points=2, seed=907_003)
### END HIDDEN TESTS

# %% [markdown]
# ### Nesterov's accelerated gradient: look before you step
#
# Momentum computes the gradient where it stands and then adds the old velocity. Nesterov
# reverses the order: first extend the previous step, then take the gradient **at the point
# that extension reaches**:
# $$\Delta W^{(k)} = \beta\,\Delta W^{(k-1)} - \eta\,\nabla E\big(W^{(k-1)} + \beta\,\Delta W^{(k-1)}\big),
#   \qquad W^{(k)} = W^{(k-1)} + \Delta W^{(k)}.$$
# If the velocity is about to carry us up the far wall of a ravine, the look-ahead gradient
# already sees the wall and brakes.
#
# Our interface gives you only the gradient at the weights the caller holds. So let the caller
# hold the **look-ahead point** $w = W + \beta\,\Delta W$: then `grad` is exactly the gradient
# Nesterov wants. Given $w$ and the old velocity $v$, the true weights are $W = w - \beta v$;
# update $v \leftarrow \beta v - \eta\,$`grad`, $W \leftarrow W + v$, and return the next
# look-ahead point $W + \beta v$. In one line:
# $$w_{\text{new}} = w - \beta\,v_{\text{old}} + (1+\beta)\,v_{\text{new}}.$$
# The velocity starts at zero, so on the first call the look-ahead point is the starting point.

# %% [markdown]
# ### Exercise 7.4 — `nesterov_step(w, grad, state=None, *, lr=0.01, beta=0.9)`
# `w` and the returned weights are look-ahead points; `grad` is the gradient at `w`.

# %% solution id=answer_07_nesterov_step
def nesterov_step(w, grad, state=None, *, lr=0.01, beta=0.9):
    """Nesterov on look-ahead weights: returns (w - beta v_old + (1 + beta) v_new, {"v": v_new})."""
    ### BEGIN SOLUTION
    v_old = state["v"] if state else {k: np.zeros(np.shape(w[k])) for k in w}
    v = {k: beta * v_old[k] - lr * np.asarray(grad[k], dtype=float) for k in w}
    new_w = {k: np.asarray(w[k], dtype=float) - beta * v_old[k] + (1 + beta) * v[k] for k in w}
    return new_w, {"v": v}
    ### END SOLUTION


# %%
unit07.nesterov_step(nesterov_step)

# %% tests id=test_07_nesterov_step points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.nesterov_step", nesterov_step, points=2, seed=907_004)
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Rules that look at signs and changes: Rprop and QuickProp
#
# Both treat **every weight on its own**, which is exactly what an axis-aligned ravine needs.
#
# **Rprop** (resilient propagation) ignores the gradient's size and keeps only its sign. Each
# weight has its own step size $s > 0$ and a reference gradient $p$. This is the lecture's
# simplified version (the published Rprop+ and iRprop$^-$ differ from the first sign flip on):
#
# * first call: $s = s_0$, $p = g$, move $w \leftarrow w - \operatorname{sign}(p)\,s$;
# * the sign of $g$ agrees with $p$: grow $s \leftarrow \min(1.2\,s,\ s_{\max})$, set $p = g$, and
#   move $w \leftarrow w - \operatorname{sign}(p)\,s$;
# * the sign flipped (we jumped over a minimum): **step back** $w \leftarrow w +
#   \operatorname{sign}(p)\,s$, shrink $s \leftarrow \max(0.5\,s,\ s_{\min})$, **keep** $p$, and take
#   the smaller step forward $w \leftarrow w - \operatorname{sign}(p)\,s$. Both moves happen in the
#   same call (the gradient at the point we went back to is never computed), so the net move
#   is $+\operatorname{sign}(p)(s_{\text{old}} - s_{\text{new}})$: half way back.
#
# A gradient of exactly zero has sign 0 and counts as a flip (the checks never hand you one).

# %% [markdown]
# ### Exercise 7.5 — `rprop_step(w, grad, state=None, *, step0=0.1, up=1.2, down=0.5, step_min=1e-6, step_max=50.0)`
# Vectorise with `np.sign`, `np.where`, `np.minimum`, `np.maximum`; no loops over entries.

# %% solution id=answer_07_rprop_step
def rprop_step(w, grad, state=None, *, step0=0.1, up=1.2, down=0.5, step_min=1e-6, step_max=50.0):
    """The lecture's Rprop, per weight: grow while the sign holds, step back and shrink on a flip."""
    ### BEGIN SOLUTION
    g = {k: np.asarray(grad[k], dtype=float) for k in w}
    if state is None:
        s = {k: np.full(np.shape(w[k]), float(step0)) for k in w}
        new_w = {k: np.asarray(w[k], dtype=float) - np.sign(g[k]) * s[k] for k in w}
        return new_w, {"s": s, "p": g}
    new_w, new_s, new_p = {}, {}, {}
    for k in w:
        s, p = state["s"][k], state["p"][k]
        same = np.sign(g[k]) == np.sign(p)
        new_s[k] = np.where(same, np.minimum(up * s, step_max), np.maximum(down * s, step_min))
        new_p[k] = np.where(same, g[k], p)
        d = np.sign(new_p[k])
        new_w[k] = np.asarray(w[k], dtype=float) + np.where(same, 0.0, d * s) - d * new_s[k]
    return new_w, {"s": new_s, "p": new_p}
    ### END SOLUTION


# %%
unit07.rprop_step(rprop_step)

# %% tests id=test_07_rprop_step points=3
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.rprop_step", rprop_step, points=3, seed=907_005)
### END HIDDEN TESTS

# %% [markdown]
# **QuickProp** goes the other way: it uses the gradient's size, and how it *changed*, to
# estimate the curvature of each weight's own 1-D slice of the loss. Newton's step is
# $-E'/E''$; QuickProp replaces $E''$ by the finite difference of the last two gradients over
# the last move, $E'' \approx (g - g_{\text{prev}})/\Delta w_{\text{prev}}$, which gives the
# **secant step**
# $$\Delta w = -\,g\;\frac{\Delta w_{\text{prev}}}{g - g_{\text{prev}}}.$$
# It jumps to the minimum of the parabola through the last two gradients, so on a quadratic it
# lands on the minimum in **one** secant step. (One lecture slide writes this with the opposite
# sign; taken literally it walks *away* from the minimum — on a quadratic it lands on the
# mirror image of the minimum, twice as far out.)
#
# Two safeguards make it usable, per weight:
#
# * a **growth limit**: clip the step to $|\Delta w| \le \mu\,|\Delta w_{\text{prev}}|$ with
#   $\mu = 1.75$ (when the two gradients are nearly equal the secant step explodes). On a
#   quadratic $\tfrac12 a (w-m)^2$ the first secant step stays within the limit when
#   $\eta a \ge 1/(1+\mu) \approx 0.36$, which is why the demo below uses $\eta a = 0.6$;
# * a **fallback** to a plain gradient step $\Delta w = -\eta\,g$ on the first call (no previous
#   gradient yet), where $g = g_{\text{prev}}$ exactly (no curvature information) and where
#   $\Delta w_{\text{prev}} = 0$.
#
# ### Exercise 7.6 — `quickprop_step(w, grad, state=None, *, lr=0.1, growth=1.75)`
# Keep the previous move and the previous gradient in your state. Mind the division: compute
# the secant only where it is defined (e.g. divide by `np.where(fallback, 1.0, g - g_prev)`).

# %% solution id=answer_07_quickprop_step
def quickprop_step(w, grad, state=None, *, lr=0.1, growth=1.75):
    """Per-weight secant step -g dw_prev / (g - g_prev), limited to growth*|dw_prev|, with fallback."""
    ### BEGIN SOLUTION
    g = {k: np.asarray(grad[k], dtype=float) for k in w}
    if state is None:
        dw = {k: -lr * g[k] for k in w}
    else:
        dw = {}
        for k in w:
            dw_prev, g_prev = state["dw"][k], state["g"][k]
            fallback = (g[k] == g_prev) | (dw_prev == 0)
            secant = -g[k] * dw_prev / np.where(fallback, 1.0, g[k] - g_prev)
            limit = growth * np.abs(dw_prev)
            dw[k] = np.where(fallback, -lr * g[k], np.clip(secant, -limit, limit))
    return {k: np.asarray(w[k], dtype=float) + dw[k] for k in w}, {"dw": dw, "g": g}
    ### END SOLUTION


# %%
unit07.quickprop_step(quickprop_step)

# %% tests id=test_07_quickprop_step points=3
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.quickprop_step", quickprop_step, points=3, seed=907_006)
### END HIDDEN TESTS

# %% [markdown]
# Your QuickProp on $E(w) = \tfrac12 a (w - m)^2$ with $a = 2$, $m = 1$, from $w = 3$: the first
# call has no history and takes a gradient step, the second is a secant step.

# %%
try:
    w, state = {"w": np.array([3.0])}, None
    for k in range(3):
        w, state = quickprop_step(w, {"w": 2.0 * (w["w"] - 1.0)}, state, lr=0.3)
        print(f"after call {k + 1}: w = {w['w'][0]:.6f}")
except NotImplementedError:
    print("Exercise 7.6 (quickprop_step) brings this demo to life.")

# %% [markdown]
# ## 5. Adam
#
# Adam keeps two running averages per weight: of the gradient, $m$ (a momentum), and of its
# square, $v$ (a per-weight scale). The step is the ratio, so every weight moves by about
# $\eta$ whatever the size of its gradient:
# $$m \leftarrow \beta_1 m + (1-\beta_1)\,g,\qquad v \leftarrow \beta_2 v + (1-\beta_2)\,g^2,$$
# $$\hat m = \frac{m}{1-\beta_1^t},\qquad \hat v = \frac{v}{1-\beta_2^t},\qquad
#   w \leftarrow w - \eta\,\frac{\hat m}{\sqrt{\hat v} + \varepsilon}.$$
# Both averages start at zero, so early on they are biased toward zero: after one step
# $m = (1-\beta_1) g = 0.1\,g$ and $v = 0.001\,g^2$. Dividing by $1 - \beta^t$ (with $t$
# counting the calls from 1) removes that bias exactly for a constant gradient. Without it the
# first step is $\eta \cdot 0.1/\sqrt{0.001} \approx 3.2\,\eta$ instead of $\eta$ — too large,
# not too small, because $v$ is biased more than $m$.

# %% [markdown]
# ### Exercise 7.7 — `adam_step(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8)`

# %% solution id=answer_07_adam_step
def adam_step(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction; t counts calls from 1."""
    ### BEGIN SOLUTION
    g = {k: np.asarray(grad[k], dtype=float) for k in w}
    t = 1 if state is None else state["t"] + 1
    m0 = state["m"] if state else {k: 0.0 for k in w}
    v0 = state["v"] if state else {k: 0.0 for k in w}
    m = {k: beta1 * m0[k] + (1 - beta1) * g[k] for k in w}
    v = {k: beta2 * v0[k] + (1 - beta2) * g[k] ** 2 for k in w}
    new_w = {
        k: np.asarray(w[k], dtype=float)
        - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
        for k in w
    }
    return new_w, {"t": t, "m": m, "v": v}
    ### END SOLUTION


# %%
unit07.adam_step(adam_step)

# %% tests id=test_07_adam_step points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("07.adam_step", adam_step, points=2, seed=907_007)
### END HIDDEN TESTS

# %% [markdown]
# ## 6. The race
#
# Three surfaces, one start, your optimizers and a baseline (a fixed-rate gradient step built
# into the race engine):
#
# * **ravine** $E = (x^2 + 25y^2)/2$: condition number 25;
# * **valley** $E = (1-x)^2 + 10(y-x^2)^2$: a curved, Rosenbrock-like valley with its minimum at
#   $(1, 1)$;
# * **saddle** $E = x^2/2 - y^2/2 + y^4/4$: a saddle at the origin, minima at $(0, \pm 1)$; the
#   start is a hair off the ridge ($y = 10^{-3}$).
#
# Each racer is run for 120 steps. Drag **step** to replay the race; each racer has its own
# rate (the slider for `lr`, or `step0` for Rprop) and a box to take it out of the race. The
# status line says when each racer first gets within $10^{-3}$ of the minimum. Rules you have
# not written yet are listed as such.

# %%
racers = {
    "momentum": (momentum_step, {"lr": 0.01}),
    "nesterov": (nesterov_step, {"lr": 0.01}),
    "rprop": (rprop_step, {"step0": 0.1}),
    "quickprop": (quickprop_step, {"lr": 0.05}),
    "adam": (adam_step, {"lr": 0.1}),
}
exercise_of = {"momentum": "7.3", "nesterov": "7.4", "rprop": "7.5", "quickprop": "7.6",
               "adam": "7.7"}
race = OptimizerRace(racers, surface="ravine", exercises=exercise_of)
race

# %% [markdown]
# The same race on all three surfaces as still pictures (with your rules; the ones not written
# yet are left out):

# %%
for name, surface in optimizer_race.SURFACES.items():
    paths = {"gradient step": optimizer_race.run_baseline(surface, 120, lr=0.015)}
    for racer, (rule, hyper) in racers.items():
        try:
            paths[racer] = optimizer_race.run_rule(rule, surface, 120, hyper)
        except NotImplementedError:
            pass
    display(plots_optimizers.plot_race(optimizer_race.contour_grid(surface), paths,
                                       minimum=surface.minimum, title=surface.blurb,
                                       minima=surface.minima))

# %% [markdown]
# What the race shows (with the rules written as in the exercises):
#
# * **Ravine.** The gradient step zig-zags across the steep direction and crawls along the flat
#   one. Momentum and Nesterov pick up speed along the floor; Nesterov's look-ahead damps the
#   zig-zag. Rprop and QuickProp treat $x$ and $y$ separately, which is exactly right for an
#   axis-aligned ravine: QuickProp's secant step lands on each coordinate's minimum.
# * **Valley.** The valley curves, so no coordinate is "the flat one". Momentum with a modest rate
#   follows the floor; at twice the rate Nesterov overshoots the steep wall (try it). The
#   lecture's Rprop *stalls*: after a sign flip it keeps its old reference gradient, and when the
#   other coordinate has moved meanwhile, the sign never agrees again; at the floor $s_{\min}$
#   the net move of a flip is $s_{\min} - s_{\min} = 0$. (Rprop+ and iRprop$^-$ forget the
#   gradient after a flip for this reason.)
# * **Saddle.** Gradient-based rules slide off the ridge slowly, since the gradient is tiny near
#   the saddle; momentum and Adam escape faster, and Rprop, which ignores the gradient's size,
#   fastest of all. QuickProp is a Newton method per coordinate,
#   and Newton's step goes to the nearest stationary point of the local parabola, **maximum or
#   minimum**: it jumps onto the saddle and stays there. Second-order methods need care on
#   non-convex losses.
#
# ## 7. Digits end to end
#
# scikit-learn ships 1797 handwritten digits as 8×8 images (values 0–16), no download needed. We
# use a network with one hidden layer (tanh unless stated), a softmax output and the
# cross-entropy loss; `digits_demo.train` draws mini-batches of 32 and calls **your optimizer**
# on every batch, with a progress bar. Inputs are normalised with the training set's statistics
# (section 2); a quarter of the digits are held out for validation.
#
# ### "2" against everything else

# %%
two = digits_demo.load_split("2 vs not 2")
try:
    hist_two = digits_demo.train(digits_demo.init_params(64, 16, 2, seed=0), two,
                                 step=adam_step, hyper={"lr": 0.01}, epochs=5)
    print(f"validation accuracy: {hist_two.val_acc[-1]:.3f} "
          f"(always answering 'not 2' would score {1 - two.y_val.mean():.3f})")
except NotImplementedError:
    print("Exercise 7.7 (adam_step) brings this demo to life.")

# %% [markdown]
# Mind the baseline: only one digit in ten is a 2, so a network that always says "not 2" is 90%
# right. Accuracy alone hides that; the confusion matrix below does not.
#
# ### Ten classes

# %%
hist = None
try:
    hist = digits_demo.train(params0, data, step=adam_step, hyper={"lr": 0.01}, epochs=10)
    print(f"validation accuracy {hist.val_acc[-1]:.3f} after {len(hist.val_acc) - 1} epochs "
          f"({hist.seconds:.1f} s)")
    display(plots_optimizers.plot_training({"adam": hist}, "10 classes, your Adam"))
except NotImplementedError:
    print("Exercise 7.7 (adam_step) brings this demo to life.")

# %% [markdown]
# **Reading training curves.** Both losses falling together: keep training (the network
# underfits). Training loss still falling while validation loss has turned up: the network is
# starting to memorise the training digits (overfitting) — stop at the validation minimum, or
# regularise. Validation accuracy can keep improving a little after validation loss has turned,
# because the loss also punishes confident mistakes. A training loss that jumps around or rises
# means the rate is too high; one that falls in a straight line on this log scale for many epochs
# means it could be higher.
#
# What did the hidden units learn? Each row of $W_1$ weighs the 64 pixels; drawn as an 8×8 image
# it shows which strokes excite (red) or inhibit (blue) that unit.

# %%
if hist:
    display(plots_optimizers.plot_first_layer(hist.params["W1"], n=16))

# %%
if hist:
    pred = digits_demo.predict(hist.params, data.X_val)
    display(plots_optimizers.plot_confusion(digits_demo.confusion_matrix(data.y_val, pred, 10),
                                            data.class_names))

# %% [markdown]
# ### Centred activations: tanh against logistic
#
# The same network, the same data, the same fixed-rate gradient step (the built-in one, so this
# runs before you write any exercise): only the hidden activation differs. Logistic units output
# values around 0.5, all positive, so the next layer sees uncentred inputs — a ravine again
# (section 2). Tanh outputs are centred on 0.

# %%
compare = {act: digits_demo.train(params0, data, lr=0.1, activation=act, epochs=6,
                                   progress=False)
           for act in digits_demo.ACTIVATIONS}
plots_optimizers.plot_training(compare, "the built-in gradient step, rate 0.1")

# %% [markdown]
# ## Summary
#
# * All optimizers here share one pure interface, `step(w, grad, state) -> (w, state)`; the
#   state (velocity, step sizes, last gradients, moment estimates) is the optimizer's memory.
# * A mini-batch gradient is an unbiased, noisy estimate of the full gradient; SGD trades exactness
#   for many cheap steps.
# * Ravines come from badly scaled inputs and uncentred activations; normalising shrinks the
#   condition number and speeds up every method.
# * Momentum accumulates consistent directions; Nesterov evaluates the gradient at the look-ahead
#   point and brakes earlier.
# * Rprop uses only signs, per weight; QuickProp a per-weight secant (Newton) step, exact on a
#   quadratic and drawn to saddles on non-convex surfaces.
# * Adam normalises each weight's step by a running gradient scale; bias correction fixes the
#   first steps.
#
# ## Questions
#
# 1. With $\beta = 0.9$, how much longer is momentum's step than plain SGD's after many steps
#    of a constant gradient? What happens across a direction where the gradient alternates sign?
# 2. Why does QuickProp land on a 1-D quadratic's minimum in one secant step, and why is the same
#    property a danger near a saddle?
# 3. Adam's first step has size about $\eta$ per weight whatever the gradient. Why can that be a
#    problem for a weight whose gradient is pure noise, and what does $\varepsilon$ do?
