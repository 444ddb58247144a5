"""The answer key: reference implementations of every graded exercise, and what needs them.

Only instructors install this package (the student wheel that ``nncourse release`` builds leaves
it out, and no release notebook imports it). Checkers import it inside ``make_cases`` only,
where it computes the expected values of the visible cases at release time and of the hidden
cases when grading; the benchmarks use its MLP.
"""
