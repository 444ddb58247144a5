"""Answers that look copied: renaming and reformatting do not hide a copy; shared idioms do not
make one."""

from __future__ import annotations

from nncourse.grading.similarity import clusters, fingerprints, similar_pairs, tokens

SOLUTION = """def softmax(z):
    ### BEGIN SOLUTION
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
    ### END SOLUTION
"""
STUB = "def softmax(z):\n    raise NotImplementedError()\n"
SHORT = """def softmax({v}):
    {m} = np.max({v}, axis=-1, keepdims=True)
    {e} = np.exp({v} - {m})
    return {e} / np.sum({e}, axis=-1, keepdims=True)
"""
LONG = """def softmax(z):
    z = np.array(z, dtype=np.float64)
    if z.ndim == 1:
        z = z[None, :]
        squeeze = True
    else:
        squeeze = False
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        row = z[i] - np.max(z[i])  # shift for stability
        ex = np.exp(row)
        out[i] = ex / ex.sum()
    return out[0] if squeeze else out
"""
RENAMED = (
    LONG.replace("out", "result")
    .replace("row", "r")
    .replace("squeeze", "single")
    .replace("  # shift for stability", "")
    .replace("    ", "  ")
)


def _class() -> dict[str, str]:
    names = [("z", "m", "e"), ("x", "mx", "ex"), ("v", "top", "p"), ("logits", "c", "w")]
    answers = {f"honest{i}": SHORT.format(v=v, m=m, e=e) for i, (v, m, e) in enumerate(names)}
    answers["original"] = LONG
    answers["copy"] = RENAMED
    answers["own_loop"] = (
        "def softmax(z):\n    out = []\n    for row in np.atleast_2d(z):\n"
        "        s = np.exp(row - row.max())\n        out.append(s / s.sum())\n"
        "    return np.array(out).reshape(np.shape(z))\n"
    )
    return answers


def test_names_numbers_comments_and_layout_do_not_matter():
    assert [t for t, _ in tokens(LONG)] == [t for t, _ in tokens(RENAMED)]
    assert set(fingerprints(LONG)) == set(fingerprints(RENAMED))


def test_the_renamed_copy_ranks_first_and_the_shared_three_liner_low():
    pairs = similar_pairs(_class(), exclude=[SOLUTION, STUB])
    assert (pairs[0].a, pairs[0].b) == ("copy", "original")
    assert pairs[0].overlap == 1.0
    honest = [p for p in pairs if p.a.startswith("honest") and p.b.startswith("honest")]
    assert all(p.score < 0.5 * pairs[0].score for p in honest)
    assert clusters(pairs[:1]) == [["copy", "original"]]


def test_what_the_solution_and_stub_contain_does_not_count():
    same_as_solution = SOLUTION.replace("    ### BEGIN SOLUTION\n", "").replace(
        "    ### END SOLUTION\n", ""
    )
    answers = {"a": same_as_solution, "b": same_as_solution.replace("e", "q")}
    assert similar_pairs(answers, exclude=[SOLUTION, STUB]) == []
    assert similar_pairs(answers, exclude=[]) != []


def test_broken_source_still_tokenises_up_to_the_error():
    assert tokens("def f(:\n    return 1\n") != []
    assert fingerprints("x = (") == {}
