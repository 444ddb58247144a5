# %% [markdown]
# # Unit 05 — Convexity, symmetry and the loss surface
#
# Linear and logistic regression have a comfortable property: their loss is **convex**, a
# single bowl. Whatever point gradient descent starts from, downhill leads to the one best
# answer. Neural networks lose this property, and the reason is surprisingly simple: a network's
# hidden units have no names. Swap two of them, with all their weights, and you get a different
# point in parameter space that computes exactly the same function. A landscape with many
# separate copies of the same valley cannot be a single bowl.
#
# In this notebook you will
#
# 1. test functions for convexity by hunting for violations of Jensen's inequality (exercise 5.1);
# 2. permute hidden units, count the equivalent networks (exercises 5.2, 5.3) and average them
#    into a network that is worse, which a convex loss would forbid (exercise 5.4);
# 3. walk from a trained network to its permuted twin and explore slices of the loss surface in
#    a widget;
# 4. classify critical points with a finite-difference Hessian (exercises 5.5, 5.6), escape a
#    saddle, and see why zero initialisation is a trap;
# 5. meet the critical points of a linear network (Baldi–Hornik), a case where backprop fails
#    and the perceptron does not, plateaux and ravines.

# %%
# %matplotlib inline
import numpy as np

from nncourse import landscape_demos as demos
from nncourse import plots_surface as plots
from nncourse import surface
from nncourse.check import grade_cell, unit05
from nncourse.widgets import LossSurface

# %% [markdown]
# ## 1. Convexity, and how to catch a function that lacks it
#
# A function $f$ is convex when every chord lies on or above its graph: for any two points
# $a, b$ and any $t \in [0, 1]$,
# $$f\big(t\,a + (1-t)\,b\big) \;\le\; t\,f(a) + (1-t)\,f(b) \qquad \text{(Jensen's inequality)}.$$
# For a convex loss, every local minimum is global, and the set of minimisers is one connected
# convex set. Proving convexity takes algebra (a positive semi-definite Hessian everywhere); *dis*proving
# it takes a single counterexample: one segment along which the function rises above its chord.
# That suggests an experiment: draw random segments, evaluate, and look for a violation.
#
# Here are three losses to test, each a function of a parameter vector `w` only (the data are
# fixed inside):
#
# * the squared loss of a linear model, $\tfrac12\,\mathrm{mean}\,(Xw - y)^2$;
# * the logistic loss of a linear model, $\mathrm{mean}\,\log\big(1 + e^{-y\,(Xw)}\big)$, labels $\pm 1$;
# * the squared loss of a small tanh network (2 inputs, 6 hidden units, 1 output: 25 parameters)
#   in all of its weights at once.

# %%
rng = np.random.default_rng(5)
X_lin = rng.normal(size=(40, 3))
y_reg = X_lin @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=40)
y_sign = np.where(X_lin @ np.array([1.0, -1.0, 0.3]) + 0.3 * rng.normal(size=40) > 0, 1.0, -1.0)


def squared_loss(w):
    return 0.5 * float(np.mean((X_lin @ w - y_reg) ** 2))


def logistic_loss(w):
    return float(np.mean(np.logaddexp(0.0, -y_sign * (X_lin @ w))))


problem = surface.Problem()   # a 2-6-1 tanh net trained on a smooth 2-D function


def mlp_loss(theta):
    return problem.loss(theta)


print(f"trained net: {problem.theta.size} parameters, loss {problem.loss(problem.theta):.4f}")

# %% [markdown]
# Along one segment, the chord and the function look like this (the MLP's loss between two
# random points within 1.5 of the trained weights in every coordinate). The red region is where the function is above its
# chord: that segment alone proves the MLP's loss is not convex.

# %%
seg_rng = np.random.default_rng(31)
a_pt = problem.theta + seg_rng.uniform(-1.5, 1.5, problem.theta.size)
b_pt = problem.theta + seg_rng.uniform(-1.5, 1.5, problem.theta.size)
ts = np.linspace(0, 1, 101)
values = np.array([mlp_loss((1 - t) * a_pt + t * b_pt) for t in ts])
plots.plot_jensen(ts, values, (1 - ts) * values[0] + ts * values[-1], "the MLP's loss on a segment")

# %% [markdown]
# ### Exercise 5.1 — `find_jensen_violation(f, center, radius=1.0, n_segments=200, seed=0)`
#
# Draw `n_segments` random segments with both ends uniform in the cube `center ± radius`
# (use `np.random.default_rng(seed)`), and test Jensen's inequality at $t = \tfrac14, \tfrac12,
# \tfrac34$. Return the first violation as a tuple `(a, b, t)` — the evidence — or `None` if
# none was found.
#
# * Floating point is not exact: $f$ of a midpoint can exceed the chord by $10^{-16}$ for a
#   perfectly convex (even linear) function. Count a violation only when the gap
#   $f(ta + (1-t)b) - (t f(a) + (1-t) f(b))$ exceeds `1e-9 * (1 + |chord|)`.
# * The checker verifies your evidence itself: it evaluates `f` at your `a`, `b` and `t`.

# %% solution id=answer_05_jensen
def find_jensen_violation(f, center, radius=1.0, n_segments=200, seed=0):
    """(a, b, t) with f(t a + (1-t) b) above the chord, or None if no violation was found."""
    ### BEGIN SOLUTION
    center = np.asarray(center, dtype=float)
    rng = np.random.default_rng(seed)
    for _ in range(n_segments):
        a = center + rng.uniform(-radius, radius, center.shape)
        b = center + rng.uniform(-radius, radius, center.shape)
        fa, fb = f(a), f(b)
        for t in (0.25, 0.5, 0.75):
            chord = t * fa + (1 - t) * fb
            if f(t * a + (1 - t) * b) - chord > 1e-9 * (1 + abs(chord)):
                return a, b, t
    return None
    ### END SOLUTION


# %%
unit05.jensen(find_jensen_violation)

# %% tests id=test_05_jensen points=4
# Hidden tests: the same checks on functions you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("05.jensen", find_jensen_violation, points=4, seed=905_001)
### END HIDDEN TESTS

# %% [markdown]
# Now classify the three losses:

# %%
try:
    for name, f, centre in (("squared loss, linear model", squared_loss, np.zeros(3)),
                            ("logistic loss, linear model", logistic_loss, np.zeros(3)),
                            ("squared loss, tanh MLP", mlp_loss, problem.theta)):
        found = find_jensen_violation(f, centre, radius=1.0, n_segments=300)
        verdict = "no violation found" if found is None else \
            f"NOT convex: gap {f(found[2] * found[0] + (1 - found[2]) * found[1]) - (found[2] * f(found[0]) + (1 - found[2]) * f(found[1])):.3g} at t = {found[2]}"
        print(f"{name:30s} {verdict}")
except NotImplementedError:
    print("Write find_jensen_violation (exercise 5.1) to classify the three losses.")

# %% [markdown]
# "No violation found" is not a proof of convexity — only evidence; for the two linear models
# the proof is that their Hessians, $X^\top X / N$ and $X^\top D X / N$ with $D$ a positive
# diagonal, are positive semi-definite everywhere. A violation, on the other hand, *is* a proof.
# The MLP's loss fails the test. The rest of this notebook is about why.

# %% [markdown]
# ## 2. Hidden units have no names
#
# Take a network with one hidden layer of $K$ units. Hidden unit $i$ owns row $i$ of $W_1$,
# entry $i$ of $b_1$ and column $i$ of $W_2$ (course convention: $z = Wh + b$, $W$ of shape
# `(n_out, n_in)`). Reorder the units — the rows of $W_1$, the entries of $b_1$, and the
# columns of $W_2$, all by the same permutation — and every output is the same sum in a
# different order. In a deeper network the same holds for every hidden layer separately: the
# units of layer $l$ are reordered by the rows of $W_l$, the entries of $b_l$ and the columns of
# $W_{l+1}$.
#
# ### Exercise 5.2 — `permute_hidden(params, perm, layer=0)`
#
# `params` is a list `[(W1, b1), (W2, b2), ...]`; `perm` is a permutation of
# `range(K)`, `K` the width of hidden layer `layer` (0 is the first hidden layer, the output
# of `params[0]`). Return a **new** list in which new unit `i` is old unit `perm[i]`:
# `W[perm]`, `b[perm]` and `W_next[:, perm]`; all other layers unchanged. Do not modify
# `params`.

# %% solution id=answer_05_permute_hidden
def permute_hidden(params, perm, layer=0):
    """The same network with hidden layer `layer`'s units reordered: new unit i = old perm[i]."""
    ### BEGIN SOLUTION
    perm = np.asarray(perm)
    out = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    W, b = out[layer]
    out[layer] = (W[perm], b[perm])
    W_next, b_next = out[layer + 1]
    out[layer + 1] = (W_next[:, perm], b_next)
    return out
    ### END SOLUTION


# %%
unit05.permute_hidden(permute_hidden)

# %% tests id=test_05_permute_hidden points=3
# Hidden tests: random networks and permutations you have not seen.
### BEGIN HIDDEN TESTS
grade_cell("05.permute_hidden", permute_hidden, points=3, seed=905_002)
### END HIDDEN TESTS

# %% [markdown]
# How many such twins does one network have? A layer of $K$ units can be ordered in $K!$ ways,
# and the layers are reordered independently, so a network with hidden widths
# $K_1, \dots, K_L$ has $\prod_l K_l!$ parameter settings that compute the same function (more,
# in fact, with tanh: flipping the signs of a unit's weights in and out also changes nothing).
#
# ### Exercise 5.3 — `count_equivalent(hidden_sizes)`
#
# Return $\prod_l K_l!$ **exactly**, as a Python `int`. Widths go up to 20 and there can be
# several layers: $20!^3 \approx 1.4 \times 10^{55}$ is far beyond what `np.int64` holds (it
# overflows silently) or what a float stores exactly.

# %% solution id=answer_05_count_equivalent
def count_equivalent(hidden_sizes):
    """prod over layers of K_l!, as an exact Python int."""
    ### BEGIN SOLUTION
    import math

    total = 1
    for k in hidden_sizes:
        total *= math.factorial(int(k))
    return total
    ### END SOLUTION


# %%
unit05.count_equivalent(count_equivalent)

# %% tests id=test_05_count_equivalent points=1
# Hidden tests: other layer widths.
### BEGIN HIDDEN TESTS
grade_cell("05.count_equivalent", count_equivalent, points=1, seed=905_003)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. The argument against convexity
#
# Suppose the loss $L$ were convex. Let $\theta_1, \dots, \theta_{K!}$ be the $K!$ permuted
# copies of a trained network; they all have the same loss $L(\theta)$. Jensen's inequality with
# weights $\tfrac1{K!}$ gives
# $$L\Big(\tfrac{1}{K!}\textstyle\sum_\pi \theta_\pi\Big) \;\le\; \tfrac{1}{K!}\sum_\pi L(\theta_\pi) \;=\; L(\theta).$$
# So the **average** of all the copies would be at least as good as the network itself. But
# that average is a degenerate network: averaged over all orderings, every hidden unit sees
# every other unit's weights equally often, so *all hidden units become identical* — a network
# with effectively one hidden unit. If that is worse than the trained network, the loss is not
# convex.
#
# You do not need to loop over $K!$ permutations (for $K = 12$ that is 479 million): in the
# average, unit $i$'s incoming row is the mean of all rows of $W_1$, its bias the mean of $b_1$,
# its outgoing column the mean of all columns of $W_2$.
#
# ### Exercise 5.4 — `average_permutations(params, layer=0)`
#
# Return a new parameter list, the average over all orderings of hidden layer `layer`'s units:
# every row of `W_layer` replaced by the mean row, every entry of `b_layer` by the mean entry,
# every column of `W_{layer+1}` by the mean column; all other arrays unchanged (the bias of
# the next layer too: it does not belong to a unit of this layer). Same shapes; `params`
# unchanged.

# %% solution id=answer_05_average_permutations
def average_permutations(params, layer=0):
    """The average of the network over all orderings of hidden layer `layer`'s units."""
    ### BEGIN SOLUTION
    out = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    W, b = out[layer]
    out[layer] = (np.tile(W.mean(axis=0), (W.shape[0], 1)), np.full(b.shape, b.mean()))
    W_next, b_next = out[layer + 1]
    out[layer + 1] = (np.tile(W_next.mean(axis=1, keepdims=True), (1, W_next.shape[1])), b_next)
    return out
    ### END SOLUTION


# %%
unit05.average_permutations(average_permutations)

# %% tests id=test_05_average_permutations points=3
# Hidden tests: networks you have not seen, one with too many units for a loop over K!.
### BEGIN HIDDEN TESTS
grade_cell("05.average_permutations", average_permutations, points=3, seed=905_004)
### END HIDDEN TESTS

# %% [markdown]
# Now the argument, on the trained network:

# %%
try:
    averaged = surface.flatten(average_permutations(problem.params))
    loss_avg = problem.loss(averaged)
    print(f"loss of the trained net             {problem.loss(problem.theta):.4f}")
    print(f"loss of the average of its {problem.hidden}! = {count_equivalent([problem.hidden])} "
          f"twins  {loss_avg:.4f}")
    print("convexity would require the second to be at most the first: the loss is not convex.")
except NotImplementedError:
    print("Write average_permutations and count_equivalent (exercises 5.3, 5.4) to see the argument.")

# %% [markdown]
# ## 4. Walking from a network to its twin: the loss-surface widget
#
# A convex function on the straight line between two minimisers stays at or below their common
# value. Walk from the trained network $\theta$ to a permuted twin $\theta'$ along
# $(1-t)\,\theta + t\,\theta'$: the loss is the same at both ends, and in between it climbs over
# a **bump** — the two networks sit in separate valleys.
#
# The widget shows that path on the left and, on the right, a 2-D slice of the loss around a
# point, $L(c + a\,d_1 + b\,d_2)$ on a 41×41 grid, with the path of gradient descent *within the
# slice* drawn in white. The controls:
#
# * **permutation**: 0 reverses the hidden units, the others are random orderings;
# * **centre**: the trained net, its twin, or the midpoint of the path (the top of the bump);
# * **directions**: random (Gaussian, scaled to $\lVert\theta\rVert$); *filter-normalised*
#   (Li et al., 2018: each unit's incoming weights rescaled to that unit's weight norm, so
#   slices of differently scaled units are comparable); or the Hessian's two top eigenvectors
#   (the two most curved directions);
# * **extent**: how far the slice reaches, in units of the directions.
#
# The twin is built by *your* `permute_hidden`. Try the midpoint with Hessian directions: the
# centre is not a minimum, and descent runs away from it.

# %%
try:
    explorer = LossSurface(permute_hidden)
except NotImplementedError:
    explorer = None
    print("Write permute_hidden (exercise 5.2) to bring the loss-surface widget to life.")
explorer

# %% [markdown]
# ## 5. Critical points: minima, maxima and saddles
#
# Where the gradient vanishes, the Hessian $H_{ij} = \partial^2 f / \partial w_i \partial w_j$
# decides: all eigenvalues positive — a minimum; all negative — a maximum; both signs — a
# **saddle**, a minimum along some directions and a maximum along others. In high dimension
# saddles vastly outnumber minima (Dauphin et al., 2014).
#
# The Hessian can be computed from function values alone with central differences in two
# coordinates at once:
# $$H_{ij} \approx \frac{f(w + h e_i + h e_j) - f(w + h e_i - h e_j) - f(w - h e_i + h e_j) + f(w - h e_i - h e_j)}{4h^2},$$
# with error $O(h^2)$ and round-off about $\varepsilon\,|f|/h^2$: $h = 10^{-4}$ balances them
# in float64 (about $10^{-8}$ each). For $i = j$ the formula becomes
# $\big(f(w + 2he_i) - 2f(w) + f(w - 2he_i)\big)/4h^2$.
#
# ### Exercise 5.5 — `fd_hessian(f, w, h=1e-4)`
#
# `w` is a vector of shape `(n,)`; return the `(n, n)` Hessian from the formula above (it is
# symmetric by construction: compute each pair once). Do not modify `w`. The checker wants
# entries within `1e-5` (relative to the Hessian's largest entry) of the true Hessian.

# %% solution id=answer_05_hessian
def fd_hessian(f, w, h=1e-4):
    """Finite-difference Hessian of f: R^n -> R at w, shape (n, n)."""
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=float)
    n = w.size
    E = np.eye(n) * h
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            H[i, j] = H[j, i] = (f(w + E[i] + E[j]) - f(w + E[i] - E[j])
                                 - f(w - E[i] + E[j]) + f(w - E[i] - E[j])) / (4 * h * h)
    return H
    ### END SOLUTION


# %%
unit05.hessian(fd_hessian)

# %% tests id=test_05_hessian points=3
# Hidden tests: other functions and points.
### BEGIN HIDDEN TESTS
grade_cell("05.hessian", fd_hessian, points=3, seed=905_005)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5.6 — `classify_critical_point(f, w)`
#
# Return one of the strings `"not critical"`, `"minimum"`, `"maximum"`, `"saddle"`,
# `"degenerate"`:
#
# * `"not critical"` when the central-difference gradient (step `1e-6`) has norm above `1e-5`;
# * otherwise look at the eigenvalues of your `fd_hessian(f, w)` (`np.linalg.eigvalsh`), with
#   a tolerance of `1e-4`: some above `1e-4` and some below `-1e-4` — `"saddle"`; all above
#   `1e-4` — `"minimum"`; all below `-1e-4` — `"maximum"`; anything else (one sign, and some
#   eigenvalue within `1e-4` of zero: the Hessian cannot decide) — `"degenerate"`.

# %% solution id=answer_05_classify
def classify_critical_point(f, w):
    """'not critical', 'minimum', 'maximum', 'saddle' or 'degenerate'."""
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=float)
    E = np.eye(w.size) * 1e-6
    grad = np.array([(f(w + e) - f(w - e)) / 2e-6 for e in E])
    if np.linalg.norm(grad) > 1e-5:
        return "not critical"
    eig = np.linalg.eigvalsh(fd_hessian(f, w))
    pos, neg = np.any(eig > 1e-4), np.any(eig < -1e-4)
    if pos and neg:
        return "saddle"
    if np.all(np.abs(eig) > 1e-4):
        return "minimum" if pos else "maximum"
    return "degenerate"
    ### END SOLUTION


# %%
unit05.classify(classify_critical_point)

# %% tests id=test_05_classify points=2
# Hidden tests: other functions and points.
### BEGIN HIDDEN TESTS
grade_cell("05.classify", classify_critical_point, points=2, seed=905_006)
### END HIDDEN TESTS

# %% [markdown]
# ### Escaping a saddle
#
# $f(x, y) = \tfrac12 x^2 + \tfrac14 (y^2 - 1)^2$ has a saddle at the origin (curvature $+1$
# along $x$, $-1$ along $y$) and minima at $(0, \pm1)$. Gradient descent started exactly on the
# $x$-axis never gets a push along $y$: it slides into the saddle and stops there, with a zero
# gradient. A perturbation of $10^{-6}$ is enough to escape — slowly at first, since the
# push grows like $e^{\eta\,t}$, then fast.

# %%
paths = {
    "start (1.5, 0)": demos.descend(demos.saddle_gradient, [1.5, 0.0], steps=250),
    "start (1.5, 1e-6)": demos.descend(demos.saddle_gradient, [1.5, 1e-6], steps=250),
}
for label, path in paths.items():
    print(f"{label:18s} ends at ({path[-1, 0]:+.4f}, {path[-1, 1]:+.4f})")
try:
    for point in ([0.0, 0.0], [0.0, 1.0]):
        print(f"classify_critical_point at {point}: "
              f"{classify_critical_point(demos.saddle_function, np.array(point))}")
except NotImplementedError:
    print("Write classify_critical_point (exercise 5.6) to classify these two points.")
gx = np.linspace(-1.6, 1.6, 81)
GX, GY = np.meshgrid(gx, gx)
plots.plot_saddle((gx, gx, 0.5 * GX**2 + 0.25 * (GY**2 - 1) ** 2), paths)

# %% [markdown]
# ### Why zero initialisation is a trap
#
# The symmetry that makes twins also works against us at the start of training. If all hidden
# units start equal, they receive equal gradients, so they stay equal **forever**: the network
# trains as if it had one hidden unit. All-zero weights are worse still with tanh: the hidden
# units output $\tanh(0) = 0$ and the output weights are zero, so no gradient reaches either
# layer; only the output bias learns. Random initial weights break the symmetry.

# %%
X_sym = problem.X
y_sym = problem.y
curves = {init: demos.train_from(init, X_sym, y_sym, hidden=4, steps=300)
          for init in ("zeros", "constant", "random")}
for init, (losses, spread) in curves.items():
    print(f"{init:9s} final loss {losses[-1]:.4f}   unit spread {spread[-1]:.3g}")
plots.plot_symmetry_training(curves)

# %% [markdown]
# ## 6. Baldi–Hornik: all critical points of a linear network
#
# For a *linear* network with one hidden layer, $\hat Y = W_2 W_1 X$ (columns of $X$, $Y$ are
# examples; $W_1$ of shape $p \times d_x$, $p < d_y$), everything is known (Baldi & Hornik,
# 1989). Let $\Sigma = Y X^\top (X X^\top)^{-1} X Y^\top$ with eigenvalues
# $\lambda_1 > \dots > \lambda_{d_y}$ and eigenvectors $U$. Each subset $\Gamma$ of $p$
# eigenvectors gives critical points
# $$W_2 = U_\Gamma C, \qquad W_1 = C^{-1} U_\Gamma^\top Y X^\top (X X^\top)^{-1}$$
# for any invertible $C$, with loss $\operatorname{tr}(Y Y^\top) - \sum_{i\in\Gamma} \lambda_i$.
# The top-$p$ subset is the global minimum; **every other subset is a saddle**: there are no
# bad local minima, even though the loss is not convex.
#
# Below, for $d_x = d_y = 4$ and $p = 2$ (six subsets, 16 parameters) we build each point,
# check that its gradient vanishes and its loss matches the formula, and classify it with your
# `fd_hessian` (on the loss divided by $m$, so the curvatures are of order one). The
# global minimum comes out *degenerate*, not a strict minimum: the $p^2 = 4$ directions of
# $C$ leave the loss unchanged — yet another symmetry.

# %%
linear = demos.make_linear_problem()
lin_loss = demos.scaled_loss(linear)
rows = []
try:
    for cp in demos.baldi_hornik_points(linear):
        eig = np.linalg.eigvalsh(fd_hessian(lin_loss, cp.theta))
        n_neg, n_zero = int(np.sum(eig < -1e-4)), int(np.sum(np.abs(eig) <= 1e-4))
        label = "saddle" if n_neg else ("minimum" if n_zero == 0 else "degenerate")
        grad = np.linalg.norm(demos.numeric_gradient(lin_loss, cp.theta))
        print(f"subset {tuple(i + 1 for i in cp.subset)}: loss {linear.loss(cp.theta):9.3f} "
              f"(formula {cp.predicted_loss:9.3f})  |grad| {grad:.1e}  "
              f"negative eigenvalues {n_neg}, zero {n_zero} -> {label}")
        rows.append((cp.subset, linear.loss(cp.theta), label))
except NotImplementedError:
    print("Write fd_hessian (exercise 5.5) to classify the Baldi-Hornik critical points.")
plots.plot_baldi_hornik(rows) if rows else None

# %% [markdown]
# ## 7. When backprop will not separate what the perceptron can
#
# Minimising a smooth loss is not the same as classifying every point correctly. Three points
# — two of class 1 above, one of class 0 below-right — are easy for a sigmoid unit trained by
# gradient descent on the squared loss (weights kept bounded, $\lVert(w, b)\rVert \le 4$).
# Now add a fourth class-1 point far away, a "spoiler" at $(0, -t)$, and keep training. The
# four points are still linearly separable, and the perceptron (which stops only when every
# point is right) finds a separating line. The sigmoid unit hardly moves: the spoiler lies far
# on the wrong side of its line, its sigmoid is saturated, so its gradient
# $\sigma'(z)\,x \approx 0$, and its loss can never exceed $\tfrac12$ anyway. The smooth-loss
# solution keeps the three-point answer and misclassifies the spoiler (Brady, Raghavan &
# Slawny, 1989): low variance, at the price of bias.

# %%
t_spoiler = 8.0
X_sp, y_sp = demos.spoiler_data(t_spoiler)
w_p, b_p, updates = demos.perceptron(X_sp, y_sp)
w_3, b_3 = demos.sigmoid_squared_fit(X_sp[:3], y_sp[:3])            # the three points
w_s, b_s = demos.sigmoid_squared_fit(X_sp, y_sp, start=(w_3, b_3))  # then with the spoiler
print(f"labels                          {y_sp}")
print(f"perceptron ({updates:3d} updates)       {demos.classify(X_sp, w_p, b_p)}")
print(f"sigmoid + squared, 3 points     {demos.classify(X_sp, w_3, b_3)}")
print(f"sigmoid + squared, + spoiler    {demos.classify(X_sp, w_s, b_s)}   "
      f"weights moved by {np.linalg.norm(np.append(w_s - w_3, b_s - b_3)):.1e}")
plots.plot_spoiler(X_sp, y_sp, {"sigmoid + squared loss": (w_s, b_s),
                                "perceptron": (w_p, b_p)}, t_spoiler)

# %% [markdown]
# ## 8. Plateaux and ravines
#
# Two more shapes slow gradient descent without trapping it.
#
# **Plateaux.** A tanh unit with large incoming weights is saturated on most inputs:
# $1 - \tanh^2(z) \approx 0$, so its gradient nearly vanishes and the loss surface is flat
# around it. Scaling the first layer's weights up shows the gradient norm rising at first
# and then collapsing.

# %%
scales = np.geomspace(0.01, 100, 41)
norms = demos.gradient_norm_vs_scale(scales, problem.X, problem.y)
print(f"gradient norm at scale 1: {norms[20]:.3g}; at scale 100: {norms[-1]:.3g}")
plots.plot_plateau(scales, norms)

# %% [markdown]
# **Ravines.** With inputs in different units (one around 3 with spread 1, another around 0
# with spread 0.2) the squared loss of a linear model has long, narrow contours: the ratio of
# the curvatures along the two axes of the ellipses is the condition number of $X^\top X / N$.
# Gradient descent must use a step small enough for the steep direction and then crawls along
# the flat one: below, 40 steps from the same offset (white) reach the bottom of the bowl but
# barely start along the ravine. Centring each input and dividing by its
# standard deviation turns the ravine into a round bowl.

# %%
X_raw, y_rav, X_norm = demos.ravine_problem()
w_raw = np.linalg.lstsq(X_raw, y_rav, rcond=None)[0]
w_norm = np.linalg.lstsq(X_norm, y_rav, rcond=None)[0]
print(f"condition number: raw inputs {demos.condition_number(X_raw):.0f}, "
      f"normalised {demos.condition_number(X_norm):.2f}")
print(f"gradient descent steps to converge: raw inputs {demos.descent_steps(X_raw, y_rav)}, "
      f"normalised {demos.descent_steps(X_norm, y_rav)}")
plots.plot_ravines(
    {"raw inputs": demos.quadratic_loss_grid(X_raw, y_rav, w_raw, (3.0, 3.0)),
     "centred and normalised": demos.quadratic_loss_grid(X_norm, y_rav, w_norm, (3.0, 3.0))},
    {"raw inputs": demos.descent_path(X_raw, y_rav, w_raw + [2.0, 2.5], steps=40),
     "centred and normalised": demos.descent_path(X_norm, y_rav, w_norm + [2.0, 2.5], steps=40)},
)

# %% [markdown]
# ## Summary
#
# * A convex function lies below its chords; one segment where it does not is a proof of
#   non-convexity, and random segments find one quickly for a neural network's loss.
# * Permuting hidden units changes the weights, not the function: every network has
#   $\prod_l K_l!$ twins. Their average is a network with identical hidden units, and it is
#   worse — which convexity would forbid. On the straight path between twins the loss rises
#   over a bump.
# * Critical points are classified by the Hessian's eigenvalues; in practice most are
#   saddles, which a small perturbation escapes. Identical starting units stay identical:
#   initialise randomly.
# * A linear network's loss is not convex either, yet all its critical points but the global
#   minimum are saddles (Baldi–Hornik).
# * A smooth loss can prefer a small error on a far-away point to a perfect classification
#   (the spoiler); saturated units make plateaux, and unnormalised inputs make ravines.
#
# **Questions.**
#
# 1. The path from a net to its twin climbs over a bump. Could a *curved* path between them
#    stay low? What would that say about the set of good networks?
# 2. Tanh networks have a second symmetry: negate a unit's incoming weights, bias and outgoing
#    weights. How many equivalent settings does a layer of $K$ tanh units then have?
# 3. Why does the Baldi–Hornik global minimum come out "degenerate" rather than a strict
#    minimum, and would adding weight decay change that?
