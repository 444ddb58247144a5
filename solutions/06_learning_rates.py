# %% [markdown]
# # Unit 06 — Learning rates on quadratics
#
# Every network in this course is trained by the same line, $w \leftarrow w - \eta\,\nabla E(w)$,
# and the one number in it that you choose is the learning rate $\eta$. Too small and training
# crawls; a little too large and the loss jumps around; larger still and it explodes. Why, and
# where exactly are the edges?
#
# Real losses are not quadratic, but near a minimum every smooth loss looks like one (Taylor's
# theorem), and on a quadratic gradient descent can be solved exactly. So quadratics are the
# benchmark: what happens on them is what happens, locally, everywhere. In this notebook you
#
# 1. write gradient descent (exercise 6.1) and predict its five regimes on a parabola, then run it
#    to confirm the prediction, right at the boundaries (6.2);
# 2. go to many dimensions: one optimal rate per eigen-direction, one largest stable rate (6.3),
#    and how the number of steps grows with the condition number (6.4);
# 3. undo the problem with Newton's normalised step (6.5);
# 4. measure the convergence rate of a run and hold it against the prediction (6.6);
# 5. decay the rate when the gradients are noisy (6.7, 6.8);
# 6. play with all of it in the learning-rate widget.
#
# Each exercise is a function: replace `raise NotImplementedError()` with your code, run the
# check cell below it (it says what it tried and what it expected), and move on.

# %%
# %matplotlib inline
import numpy as np

from nncourse import plots_quadratics, quadratics_demo
from nncourse.check import grade_cell, unit06
from nncourse.widgets import LearningRateExplorer

# %% [markdown]
# ## 1. One dimension
#
# Take $E(w) = \tfrac12 a w^2 + b w + c$ with curvature $a > 0$. Its gradient is $E'(w) = a w + b$
# and its minimum is at $w^* = -b/a$. One step of gradient descent gives
# $$w_{k+1} - w^* = w_k - \eta (a w_k + b) - w^* = (1 - \eta a)\,(w_k - w^*),$$
# because $a w_k + b = a (w_k - w^*)$. So **every step multiplies the error by the same factor
# $1 - \eta a$**, and everything about the run follows from that one number.
#
# Before the regimes, the tool.
#
# ### Exercise 6.1 — `gradient_descent(grad, w0, eta, steps)`
#
# * `grad(w)` returns the gradient at `w` (an array of shape `(n,)`; `w0` has that shape too);
# * take `steps` updates $w \leftarrow w - \eta\,\mathrm{grad}(w)$ with a fixed rate;
# * return all iterates as an array of shape `(steps + 1, n)`: row 0 is `w0`, row $k$ is $w_k$;
# * do not change the caller's `w0` (an in-place `w -= ...` on it would).
#
# The checker runs it on quadratics it makes up, and with a gradient that is not a quadratic's.

# %% solution id=answer_06_gradient_descent
def gradient_descent(grad, w0, eta, steps):
    """Iterates w_0 .. w_steps of w <- w - eta * grad(w); returns shape (steps + 1, n)."""
    ### BEGIN SOLUTION
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w = w - eta * np.asarray(grad(w), dtype=float)
        path.append(w)
    return np.array(path)
    ### END SOLUTION


# %%
unit06.gradient_descent(gradient_descent)

# %% tests id=test_06_gradient_descent points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.gradient_descent", gradient_descent, points=2, seed=906_001)
### END HIDDEN TESTS

# %% [markdown]
# ### The five regimes
#
# Write $q = \eta a$, so the factor is $1 - q$. The optimal rate is the one that makes the factor
# zero, $\eta_{opt} = 1/a$: it lands on the minimum in one step (it is Newton's step,
# $\eta_{opt} = E''(w)^{-1}$). Around it:
#
# | rate | factor $1-\eta a$ | the run |
# |---|---|---|
# | $\eta < \eta_{opt}$ | in $(0, 1)$ | **monotone**: approaches $w^*$ from one side |
# | $\eta = \eta_{opt}$ | $0$ | **one step**: lands on $w^*$ and stays |
# | $\eta_{opt} < \eta < 2\eta_{opt}$ | in $(-1, 0)$ | **oscillating**: jumps across $w^*$, each jump shorter |
# | $\eta = 2\eta_{opt}$ | $-1$ | **stuck oscillating**: jumps between $w_0$ and $2w^* - w_0$ forever |
# | $\eta > 2\eta_{opt}$ | below $-1$ | **divergent**: each jump longer than the last |
#
# ### Exercise 6.2 — `regime_1d(a, eta)`
#
# Return the pair `(eta_opt, name)` where `name` is one of `"monotone"`, `"one step"`,
# `"oscillating"`, `"stuck oscillating"`, `"divergent"` (upper or lower case, spaces, hyphens or
# underscores are all fine).
#
# **How ties are judged.** The boundaries are single points, and whether a float rate sits
# exactly on one is a question about floating point. The checker settles it the way a computer
# does: it *runs* gradient descent, $w \leftarrow w - \eta(a w + b)$ in float64 for 20 steps
# from a start about 1 away from $w^*$, reads off what the run did, and holds your prediction
# against it. A run counts as *one step* when the first error is below $10^{-12}$ of the start's,
# and as *stuck* when the error flips sign every step and its size stays within $10^{-9}$ of the
# start's. Where $\eta a$ is a rounding error away from 1 or 2 (for $a = 49$, `(1/49) * 49` is
# `0.9999999999999999`), no run can tell the regimes apart, and both names are accepted:
# the boundary's, and the one `eta * a` compared with 1 and 2 gives. So compare the product
# `eta * a` with 1 and 2 exactly, not `eta` with `1/a`, and not with a tolerance.

# %% solution id=answer_06_regime_1d
def regime_1d(a, eta):
    """(eta_opt, name) for gradient descent with rate eta on a w**2 / 2 + b w + c."""
    ### BEGIN SOLUTION
    q = eta * a
    if q < 1:
        name = "monotone"
    elif q == 1:
        name = "one step"
    elif q < 2:
        name = "oscillating"
    elif q == 2:
        name = "stuck oscillating"
    else:
        name = "divergent"
    return 1.0 / a, name
    ### END SOLUTION


# %%
unit06.regime_1d(regime_1d)

# %% tests id=test_06_regime_1d points=3
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.regime_1d", regime_1d, points=3, seed=906_002)
### END HIDDEN TESTS

# %% [markdown]
# ### Predicted, then confirmed
#
# Now run your `gradient_descent` on $E(w) = w^2 - 2w$ ($a = 2$, $b = -2$, $w^* = 1$) with the
# five kinds of rate, and compare what `regime_1d` predicted with what the run did
# (`quadratics_demo.observe_regime` reads the regime off a recorded run with the tolerances
# above).

# %%
a, b, w0 = 2.0, -2.0, -1.5
etas_1d = {"0.3": 0.3, "η_opt = 0.5": 0.5, "0.8": 0.8, "2 η_opt = 1": 1.0, "1.05": 1.05}
try:
    runs = {}
    for label, eta in etas_1d.items():
        ws = gradient_descent(lambda w: a * w + b, np.array([w0]), eta, 12)[:, 0]
        predicted = regime_1d(a, eta)[1]
        observed = quadratics_demo.observe_regime(ws, -b / a)
        print(f"η = {eta:<5} predicted {predicted:18} observed {observed}")
        runs[f"η = {label}: {observed}"] = ws
except NotImplementedError:
    print("Write gradient_descent (6.1) and regime_1d (6.2) to see the five runs.")
else:
    display(plots_quadratics.plot_regimes_1d(a, b, runs))

# %% [markdown]
# The stuck run is the interesting one: it never converges and never diverges. Push $\eta$ a
# hair higher and the error grows by $|1 - \eta a| > 1$ per step, geometrically; at $1.05$ it
# has grown by $1.1^{12} \approx 3$ in 12 steps, at $1.5$ it would be $2^{12} = 4096$.
#
# ## 2. Many dimensions
#
# Now $E(w) = \tfrac12 w^\top A w + b^\top w + c$ with $A$ symmetric positive definite. The
# gradient is $A w + b$ and the minimum $w^* = -A^{-1} b$; the error obeys
# $$w_{k+1} - w^* = (I - \eta A)\,(w_k - w^*).$$
# Write $A = Q \Lambda Q^\top$ with orthonormal eigenvectors $q_i$ and eigenvalues $\lambda_i$.
# In the coordinates $u = Q^\top (w - w^*)$ the matrix is diagonal and the problem falls apart
# into $n$ independent one-dimensional ones: $u_{i,k+1} = (1 - \eta\lambda_i)\,u_{i,k}$.
# So each eigen-direction has its own optimal rate $1/\lambda_i$, and **one** shared $\eta$ has to
# serve them all:
#
# * it is stable only if it is stable in every direction, $\eta < 2/\lambda_{max}$;
# * the slowest direction is then the flat one, whose factor $1 - \eta\lambda_{min}$ is at best
#   $1 - 2\lambda_{min}/\lambda_{max}$ or so.
#
# When $A$ is diagonal (the contours' axes line up with the coordinate axes) the eigenvalues are
# the diagonal entries. When it is rotated they are not, and the diagonal tells you nothing safe.
#
# ### Exercise 6.3 — `direction_rates(A)`
#
# Return `(etas, eta_max, kappa)`:
# * `etas`: the optimal rate $1/\lambda_i$ of each eigen-direction, for the eigenvalues in the
#   ascending order of `np.linalg.eigvalsh`, an array of shape `(n,)`;
# * `eta_max`: the largest stable fixed rate, $2/\lambda_{max}$ (at it, the steepest direction is
#   stuck; above it, it diverges);
# * `kappa`: the condition number $\kappa = \lambda_{max}/\lambda_{min}$.
#
# The checker uses both axis-aligned and rotated matrices.

# %% solution id=answer_06_direction_rates
def direction_rates(A):
    """(1/lambda_i in eigvalsh order, 2/lambda_max, lambda_max/lambda_min) for symmetric PD A."""
    ### BEGIN SOLUTION
    lam = np.linalg.eigvalsh(np.asarray(A, dtype=float))
    return 1.0 / lam, 2.0 / lam[-1], lam[-1] / lam[0]
    ### END SOLUTION


# %%
unit06.direction_rates(direction_rates)

# %% tests id=test_06_direction_rates points=3
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.direction_rates", direction_rates, points=3, seed=906_003)
### END HIDDEN TESTS

# %% [markdown]
# Below: a rotated quadratic with eigenvalues 1 and 4, so $2/\lambda_{max} = 0.5$. Just under
# it, the path zig-zags across the narrow valley but gets there; just over it, the zig-zag grows.
# The diagonal entries of this $A$ are about 1.8 and 3.2: trusting them would suggest
# $2/3.2 \approx 0.62$ is still safe, and it is not.

# %%
A_rot = quadratics_demo.rotated_matrix(1.0, 4.0, np.deg2rad(35))
b_rot = -A_rot @ np.array([1.0, 0.5])
start = np.array([-1.5, 2.0])
print("A =", np.round(A_rot, 3).tolist())
try:
    print("direction_rates:", direction_rates(A_rot))
    paths = {f"η = {eta}": gradient_descent(lambda w: A_rot @ w + b_rot, start, eta, 25)
             for eta in (0.48, 0.52)}
except NotImplementedError:
    print("Write gradient_descent (6.1) and direction_rates (6.3) to see the two paths.")
else:
    display(plots_quadratics.plot_paths_2d(A_rot, b_rot, paths, radius=4.0))

# %% [markdown]
# ### How many steps? The condition number decides
#
# The best single rate balances the steepest and the flattest direction so that both shrink by
# the same factor: $\eta = 2/(\lambda_{min} + \lambda_{max})$, with factor
# $$\rho = \frac{\lambda_{max} - \lambda_{min}}{\lambda_{max} + \lambda_{min}}
#        = \frac{\kappa - 1}{\kappa + 1}.$$
# To shrink the error by a factor `tol` takes about $\log(\mathrm{tol}) / \log\rho$ steps, which
# for large $\kappa$ is about $\tfrac{\kappa}{2}\ln(1/\mathrm{tol})$: **linear in the condition
# number**. The rotation does not matter at all; the eigenvalues are all that count.
#
# ### Exercise 6.4 — `iterations_to_tol(A, b, w0, eta, tol, max_iter)`
#
# Run gradient descent on $\tfrac12 w^\top A w + b^\top w$ from `w0` with rate `eta` and return the
# smallest number of steps $k \ge 0$ after which $\|w_k - w^*\| \le \mathrm{tol}\cdot\|w_0 - w^*\|$
# (Euclidean norm, $w^* = -A^{-1}b$). If that does not happen within `max_iter` steps, return
# `-1`. (So a start already at the minimum needs 0 steps.)

# %% solution id=answer_06_iterations_to_tol
def iterations_to_tol(A, b, w0, eta, tol, max_iter):
    """Steps until |w_k - w*| <= tol * |w_0 - w*|, or -1 if more than max_iter are needed."""
    ### BEGIN SOLUTION
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    w = np.array(w0, dtype=float)
    w_star = np.linalg.solve(A, -b)
    limit = tol * np.linalg.norm(w - w_star)
    for k in range(max_iter + 1):
        if np.linalg.norm(w - w_star) <= limit:
            return k
        w = w - eta * (A @ w + b)
    return -1
    ### END SOLUTION


# %%
unit06.iterations_to_tol(iterations_to_tol)

# %% tests id=test_06_iterations_to_tol points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.iterations_to_tol", iterations_to_tol, points=2, seed=906_004)
### END HIDDEN TESTS

# %% [markdown]
# Your function, on quadratics with eigenvalues 1 and $\kappa$ (axis-aligned, and rotated by
# 40°), each at its best rate, with the prediction on the same axes:

# %%
kappas = np.geomspace(1.5, 1000, 12)
tol = 1e-6
try:
    measured = {
        "axis-aligned": quadratics_demo.kappa_sweep(iterations_to_tol, kappas, tol),
        "rotated 40°": quadratics_demo.kappa_sweep(iterations_to_tol, kappas, tol,
                                                   theta=np.deg2rad(40)),
    }
except NotImplementedError:
    print("Write iterations_to_tol (6.4) to draw the measured steps.")
else:
    predicted = quadratics_demo.predicted_iterations(kappas, tol)
    display(plots_quadratics.plot_iterations_vs_kappa(kappas, measured, predicted, tol))

# %% [markdown]
# The dots sit on the line, rotated or not, and the line has slope 1 on log-log axes: ten times
# the condition number, ten times the steps. (The prediction is a bound for the worst start; our
# start excites both directions equally, so the dots can sit a step or two under it.)
#
# ## 3. Newton's normalised step
#
# The trouble is that one rate must serve directions of different curvature. Fix the
# directions instead: rescale the space by $A^{1/2}$ so that the quadratic becomes round
# ($u = A^{1/2}(w - w^*)$ gives $E = \tfrac12 u^\top u + \text{const}$), step there, and map back.
# The step becomes
# $$w \leftarrow w - \eta\, A^{-1}\nabla E(w) = w - \eta\, A^{-1}(A w + b),$$
# whose error factor is $(1 - \eta)\,I$: the same in every direction. At $\eta = 1$ it is
# Newton's method and lands on $w^* = -A^{-1}b$ in **one step**, from anywhere, whatever the
# condition number; it is stable for $0 < \eta < 2$.
#
# (Careful with a shorthand you may meet on slides, $w - \eta A^{-1} b$: it drops the $A w$ term of
# the gradient. It only agrees with the real step at $w = 0$.)
#
# ### Exercise 6.5 — `newton_step(A, b, w, eta=1.0)`
#
# Return $w - \eta A^{-1}(A w + b)$, shape `(n,)`. Solve the linear system (`np.linalg.solve`)
# rather than forming $A^{-1}$. Do not change the caller's `w`.

# %% solution id=answer_06_newton_step
def newton_step(A, b, w, eta=1.0):
    """The normalised update w - eta * A^-1 (A w + b); shape (n,)."""
    ### BEGIN SOLUTION
    A, w = np.asarray(A, dtype=float), np.asarray(w, dtype=float)
    return w - eta * np.linalg.solve(A, A @ w + np.asarray(b, dtype=float))
    ### END SOLUTION


# %%
unit06.newton_step(newton_step)

# %% tests id=test_06_newton_step points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.newton_step", newton_step, points=2, seed=906_005)
### END HIDDEN TESTS

# %% [markdown]
# On a rotated quadratic with $\kappa = 20$: plain gradient descent at its best rate against
# Newton at $\eta = 1$ (one step) and at $\eta = 0.5$ (half the remaining way each step, along
# a straight line to the minimum).

# %%
A_ill = quadratics_demo.rotated_matrix(0.2, 4.0, np.deg2rad(30))
b_ill = -A_ill @ np.array([0.5, -0.5])
start = np.array([-2.0, 1.5])


def newton_path(eta, steps):
    path = [start]
    for _ in range(steps):
        path.append(newton_step(A_ill, b_ill, path[-1], eta))
    return np.array(path)


try:
    paths = {
        "gradient descent, η = 2/(λmin+λmax)": gradient_descent(
            lambda w: A_ill @ w + b_ill, start, 2 / 4.2, 30),
        "Newton, η = 1": newton_path(1.0, 1),
        "Newton, η = 0.5": newton_path(0.5, 8),
    }
except NotImplementedError:
    print("Write gradient_descent (6.1) and newton_step (6.5) to race them.")
else:
    display(plots_quadratics.plot_paths_2d(A_ill, b_ill, paths))

# %% [markdown]
# Newton's price is $A^{-1}$: for a network with a million weights, a million-by-million
# Hessian, which nobody can store, let alone invert. That is why unit 07's optimizers try to get
# some of the rescaling cheaply, one weight at a time.
#
# ## 4. Measuring the convergence rate
#
# How fast a run converges is measured by the ratio of successive loss gaps,
# $$R_k = \frac{|f(x_{k+1}) - f^*|}{|f(x_k) - f^*|}.$$
# If $R_k$ stays below a constant $R < 1$ the convergence is called *linear* (the gap shrinks
# like $R^k$: linear on a log scale). On a 1-D quadratic the gap is
# $\tfrac a2 (w_k - w^*)^2$, so the prediction is exact: $R = (1 - \eta a)^2$.
#
# ### Exercise 6.6 — `convergence_rate(losses, f_star)`
#
# `losses` holds $f(x_0), \dots, f(x_{K-1})$ (shape `(K,)`, none equal to `f_star`); return the
# $K-1$ measured rates $R_0, \dots, R_{K-2}$ as an array of shape `(K - 1,)`.

# %% solution id=answer_06_convergence_rate
def convergence_rate(losses, f_star):
    """R_k = |f_{k+1} - f*| / |f_k - f*| for k = 0 .. K-2; shape (K - 1,)."""
    ### BEGIN SOLUTION
    gap = np.abs(np.asarray(losses, dtype=float) - f_star)
    return gap[1:] / gap[:-1]
    ### END SOLUTION


# %%
unit06.convergence_rate(convergence_rate)

# %% tests id=test_06_convergence_rate points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.convergence_rate", convergence_rate, points=2, seed=906_006)
### END HIDDEN TESTS

# %% [markdown]
# Runs on $E(w) = w^2 - 2w$ again ($a = 2$, $f^* = -1$), measured with your function, each
# against its dashed prediction $(1 - 2\eta)^2$:

# %%
a, b, w0 = 2.0, -2.0, -1.5
f_star = -b * b / (2 * a)
try:
    measured, predicted = {}, {}
    for eta in (0.1, 0.2, 0.65, 0.85):
        ws = gradient_descent(lambda w: a * w + b, np.array([w0]), eta, 15)[:, 0]
        measured[f"η = {eta}"] = convergence_rate(0.5 * a * ws**2 + b * ws, f_star)
        predicted[f"η = {eta}"] = (1 - eta * a) ** 2
except NotImplementedError:
    print("Write gradient_descent (6.1) and convergence_rate (6.6) to measure the rates.")
else:
    display(plots_quadratics.plot_convergence_rate(measured, predicted))

# %% [markdown]
# $\eta = 0.2$ and $\eta = 0.8$ would give the same rate, $0.36$: one approaches from one
# side, the other jumps across, equally fast. The prediction holds step after step, until the
# gap reaches round-off (about $10^{-16}$) and the measured ratio becomes noise.
#
# ## 5. Decaying the rate
#
# So far the gradient was exact. In training it is estimated from a mini-batch, so every step
# carries noise. A fixed rate then converges only down to a *noise floor*: near the minimum the
# noisy steps keep kicking the weights around, with a spread that grows with $\eta$. Shrinking the
# rate over time removes the floor, if it is done at the right speed: the steps must still add
# up to an infinite distance ($\sum_k \eta_k = \infty$, so the minimum can be reached from
# anywhere) while the noise they inject stays finite ($\sum_k \eta_k^2 < \infty$).
#
# | schedule | $\eta_k$ | $\sum \eta_k$ |
# |---|---|---|
# | linear | $\eta_0/(k+1)$ | $\infty$ (slowly, like $\ln k$) |
# | quadratic | $\eta_0/(k+1)^2$ | $\eta_0\pi^2/6$: stops short |
# | exponential | $\eta_0 e^{-\beta k}$ | $\eta_0 / (1 - e^{-\beta})$: stops short |
#
# ### Exercise 6.7 — `decay(kind, eta0, steps, beta=0.1)`
#
# Return the rates $\eta_0, \dots, \eta_{\mathrm{steps}-1}$ of the schedule `kind`
# (`"linear"`, `"quadratic"` or `"exponential"`, as in the table, with $k$ counted from 0) as an
# array of shape `(steps,)`. `beta` is used by the exponential schedule only. For an unknown
# `kind`, raise `ValueError`.

# %% solution id=answer_06_decay
def decay(kind, eta0, steps, beta=0.1):
    """Rates eta_0 .. eta_{steps-1} of a linear, quadratic or exponential schedule."""
    ### BEGIN SOLUTION
    k = np.arange(steps, dtype=float)
    if kind == "linear":
        return eta0 / (k + 1)
    if kind == "quadratic":
        return eta0 / (k + 1) ** 2
    if kind == "exponential":
        return eta0 * np.exp(-beta * k)
    raise ValueError(f"unknown schedule {kind!r}")
    ### END SOLUTION


# %%
unit06.decay(decay)

# %% tests id=test_06_decay points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.decay", decay, points=2, seed=906_007)
### END HIDDEN TESTS

# %% [markdown]
# ### Step decay on a plateau
#
# The common recipe for networks watches the loss instead of the clock: train with a fixed rate
# until the loss stops improving, then multiply the rate by $\alpha < 1$ (typically 0.1) and carry
# on from where you were.
#
# ### Exercise 6.8 — `plateau_decay(losses, eta, alpha=0.1, patience=5, rel_tol=1e-3)`
#
# `losses` are the (non-negative) losses recorded since the rate last changed, oldest first.
# It is a **plateau** when there are more than `patience` of them and the best (smallest) of the
# last `patience` is not below `(1 - rel_tol)` times the best of the ones before them. Return the
# rate for the next step: `alpha * eta` on a plateau, `eta` otherwise.

# %% solution id=answer_06_plateau_decay
def plateau_decay(losses, eta, alpha=0.1, patience=5, rel_tol=1e-3):
    """alpha * eta if the last `patience` losses improved on the earlier best by less than
    rel_tol (relative), else eta."""
    ### BEGIN SOLUTION
    losses = np.asarray(losses, dtype=float)
    if losses.size <= patience:
        return float(eta)
    before, recent = losses[:-patience].min(), losses[-patience:].min()
    return float(alpha * eta) if recent >= (1 - rel_tol) * before else float(eta)
    ### END SOLUTION


# %%
unit06.plateau_decay(plateau_decay)

# %% tests id=test_06_plateau_decay points=2
# Hidden tests: the same checks on inputs you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("06.plateau_decay", plateau_decay, points=2, seed=906_008)
### END HIDDEN TESTS

# %% [markdown]
# ### Demo: a noisy quadratic
#
# Gradient descent on a quadratic with eigenvalues 1 and 4, where each gradient entry carries
# Gaussian noise of standard deviation 0.5. Five ways to set the rate, each starting from
# $\eta_0 = 0.4$ (below $2/\lambda_{max} = 0.5$), with your schedules:

# %%
A_noisy = quadratics_demo.rotated_matrix(1.0, 4.0, np.deg2rad(20))
b_noisy = -A_noisy @ np.array([3.0, -2.0])
steps = 600


def noisy(etas, rate_fn=None):
    return quadratics_demo.noisy_descent(A_noisy, b_noisy, np.zeros(2), etas, noise=0.5,
                                         seed=6, rate_fn=rate_fn)


try:
    plateau = lambda losses, eta: plateau_decay(losses, eta, alpha=0.2, patience=40,  # noqa: E731
                                                rel_tol=0.05)
    schedules = {
        "constant 0.4": noisy(np.full(steps, 0.4)),
        "linear": noisy(decay("linear", 0.4, steps)),
        "quadratic": noisy(decay("quadratic", 0.4, steps)),
        "exponential β=0.02": noisy(decay("exponential", 0.4, steps, beta=0.02)),
        "step decay on plateau": noisy(np.full(steps, 0.4), rate_fn=plateau),
    }
except NotImplementedError:
    print("Write decay (6.7) and plateau_decay (6.8) to race the schedules.")
else:
    display(plots_quadratics.plot_schedules({k: v[1] for k, v in schedules.items()},
                                            {k: v[0] for k, v in schedules.items()}))
    for name, (gaps, rates) in schedules.items():
        print(f"{name:22} mean gap over the last 100 steps {gaps[-100:].mean():.2e}")

# %% [markdown]
# Read the right panel from the top. The **constant** rate gets near the minimum quickly and then
# stays in a cloud at the noise floor. The **quadratic** schedule runs out of steps: its rates add
# up to $0.4 \cdot \pi^2/6 \approx 0.66$, too little to travel to the minimum, so it stalls
# far away. The **exponential** one travels further ($\sum\eta_k \approx 20$), then freezes
# wherever the noise left it. The **linear** schedule and **step decay** keep going down: the
# first because its steps never stop adding up, the second because it lowers the rate exactly
# when the floor is reached.
#
# ## 6. The learning-rate widget
#
# Gradient descent on $\tfrac12 w^\top A w + b^\top w$ where $A$ has eigenvalues $\lambda_1,
# \lambda_2$ and eigenvectors rotated by the angle you choose. The path is computed by **your**
# `gradient_descent`, and the label applies **your** `regime_1d` to each eigen-direction. Things
# to try:
#
# * set $\lambda_1 = \lambda_2$: the contours are circles and the rotation does nothing;
# * with $\lambda_2 = 3$, move $\eta$ across $1/3$ and $2/3$: the label of direction 2 goes from
#   monotone to oscillating to stuck, and the run diverges;
# * make $\lambda_1$ small: the run is stable but crawls along the valley floor.

# %%
try:
    explorer = LearningRateExplorer(gradient_descent, regime_1d)
except NotImplementedError:
    print("Write gradient_descent (6.1) and regime_1d (6.2) to bring the widget to life.")
else:
    display(explorer.widget)

# %% [markdown]
# ## Summary
#
# * On a quadratic, gradient descent multiplies the error in each eigen-direction by
#   $1 - \eta\lambda_i$ per step. Everything follows from that factor.
# * In one dimension $\eta_{opt} = 1/a$ lands in one step; below it the run is monotone, between
#   $\eta_{opt}$ and $2\eta_{opt}$ it oscillates and converges, at $2\eta_{opt}$ it is stuck,
#   above it diverges.
# * In many dimensions one rate serves all directions: it must stay below $2/\lambda_{max}$, and
#   the flattest direction then sets the pace; steps grow linearly with $\kappa$.
# * Newton's normalised step $w - \eta A^{-1}(Aw + b)$ makes every direction alike and lands in
#   one step at $\eta = 1$, at the price of $A^{-1}$.
# * The measured rate $R_k$ of a run matches $(1-\eta\lambda)^2$ until round-off.
# * With noisy gradients a fixed rate stops at a noise floor; a decaying rate gets below it if
#   the steps keep adding up ($\sum\eta_k = \infty$).
#
# ## Questions
#
# 1. A 2-D quadratic has eigenvalues 0.5 and 8. What is the largest stable rate, which direction
#    limits it, and how many steps (roughly) does the best fixed rate need for `tol = 1e-6`?
# 2. Why does rotating $A$ change the diagonal entries but neither the stable rates nor the
#    number of steps? What in a real network plays the role of the rotation?
# 3. Both $\eta = 0.2$ and $\eta = 0.8$ give $R = 0.36$ on $a = 2$. Which would you rather use
#    when you only know $a$ roughly, and why?
