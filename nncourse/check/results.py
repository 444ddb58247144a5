"""Result objects a checker returns: one ``CheckResult`` per property, one ``Report`` per exercise.

Both render as plain text (``repr``) and as a green/red table in JupyterLab (``_repr_html_``),
and both convert to plain dictionaries (``to_dict``) for the grader and the gradebook.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field

PASS = "pass"
FAIL = "fail"
ERROR = "error"
TIMEOUT = "timeout"
NOT_ATTEMPTED = "not attempted"

STATUSES = (PASS, FAIL, ERROR, TIMEOUT, NOT_ATTEMPTED)

_ICON = {
    PASS: "\u2714",
    FAIL: "\u2718",
    ERROR: "\u2718",
    TIMEOUT: "\u23f1",
    NOT_ATTEMPTED: "\u2026",
}
_COLOUR = {
    PASS: "#e6f4ea",
    FAIL: "#fce8e6",
    ERROR: "#fce8e6",
    TIMEOUT: "#fef7e0",
    NOT_ATTEMPTED: "#f1f3f4",
}


def points_split(checks, max_points: float | None = None) -> str:
    """How an exercise's points are split over its checks, in words.

    Parameters
    ----------
    checks : sequence
        Cases or results: objects with ``name``, ``points`` and ``needs``.
    max_points : float, optional
        The exercise's points in its notebook (default: the checks' own weights).

    Returns
    -------
    str
        ``"values 2; large inputs 1 | only with 'values': input unchanged 1 (of 4 points)"``:
        the checks that count on their own, then those that count only with others, grouped.
    """
    total = float(sum(c.points for c in checks))
    whole = max_points or total
    scale = whole / total if total else 0.0
    groups: dict[tuple, list[str]] = {}
    for c in checks:
        share = f"{c.points * scale:.2f}".rstrip("0").rstrip(".")
        groups.setdefault(tuple(c.needs), []).append(f"{c.name} {share}")
    parts = ["; ".join(groups.pop((), []))]
    for needs, items in groups.items():
        parts.append("only with " + ", ".join(repr(n) for n in needs) + ": " + "; ".join(items))
    return " | ".join(p for p in parts if p) + f" (of {whole:g} points)"


class CheckFailed(AssertionError):
    """Raised by ``Report.raise_if_failed``; its message is the report in plain words."""


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one named property of a student's answer.

    Attributes
    ----------
    name : str
        Short name of the property, e.g. ``"stable for large |z|"``.
    status : str
        One of ``"pass"``, ``"fail"``, ``"error"``, ``"timeout"``, ``"not attempted"``.
    message : str
        One sentence saying what happened, in plain words.
    call : str
        The call that was made, e.g. ``"softmax(z) with z = [1000, 0]"``.
    expected, got : str
        Short descriptions of what was expected and what came back (empty when passed).
        ``expected`` may carry values the reference computed: the grader never shows it.
    hint : str
        How to fix it (shown on failure only).
    points : float
        Weight of this property within its exercise.
    wanted : str
        What was required as a property ("shape (3,)"); safe to show for hidden inputs.
    detail : str
        More about a difference that reveals expected values; shown in the notebook only.
    mistake : str
        Label of the known mistake the answer matched, or "".
    from_grader : bool
        True when ``message`` is the grader's own sentence about the run (the process running the
        code exited, a result could not be read back, the check was not run), not a judgement
        of a returned value or an exception from the student's code.
    needs : tuple of str
        Names of checks of the same exercise that must pass for this one's points to count.
    """

    name: str
    status: str
    message: str = ""
    call: str = ""
    expected: str = ""
    got: str = ""
    hint: str = ""
    points: float = 1.0
    wanted: str = ""
    detail: str = ""
    mistake: str = ""
    from_grader: bool = False
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        object.__setattr__(self, "needs", tuple(self.needs))

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def to_dict(self) -> dict:
        return asdict(self)

    def details(self) -> list[tuple[str, str]]:
        """(label, text) pairs shown for a failed check in the notebook, empty texts left out."""
        happened = f"{self.message} ({self.detail})" if self.detail else self.message
        pairs = [
            ("what happened", happened),
            ("call", self.call),
            ("expected", self.expected or self.wanted),
            ("got", self.got),
            ("hint", self.hint),
        ]
        return [(label, text) for label, text in pairs if text]

    def describe(self) -> str:
        """Plain-text description: one line, then indented details on failure."""
        line = f"{_ICON[self.status]} {self.name}: {self.status}"
        if self.passed:
            return line
        parts = [line]
        for label, text in self.details():
            if text:
                parts.append(f"    {label}: {text}")
        return "\n".join(parts)


@dataclass
class Report:
    """All results of one checker run on one exercise.

    Attributes
    ----------
    exercise : str
        Registry id, e.g. ``"02.softmax"``.
    results : list of CheckResult
        One entry per property check, in the order they ran.
    title : str
        Human title of the exercise.
    """

    exercise: str
    results: list[CheckResult] = field(default_factory=list)
    title: str = ""
    max_points: float | None = None

    @property
    def total_points(self) -> float:
        return float(sum(r.points for r in self.results))

    def counts(self, result: CheckResult) -> bool:
        """True when ``result`` earns its points: it passed and every check it needs passed."""
        if not result.passed:
            return False
        passed = {r.name for r in self.results if r.passed}
        return all(name in passed for name in result.needs)

    @property
    def earned_points(self) -> float:
        return float(sum(r.points for r in self.results if self.counts(r)))

    @property
    def passed(self) -> bool:
        """True when there was at least one check and every check passed."""
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def attempted(self) -> bool:
        """False only when nothing was written yet (every check met a stub)."""
        return not self.results or any(r.status != NOT_ATTEMPTED for r in self.results)

    @property
    def stubs(self) -> list[str]:
        """What still raises NotImplementedError, named (``"`Node.__pow__`"``), in order."""
        found: list[str] = []
        for r in self.results:
            if r.status == NOT_ATTEMPTED and r.message.startswith("`"):
                name = r.message.split("`")[1]
                if f"`{name}`" not in found:
                    found.append(f"`{name}`")
        return found

    def split(self, max_points: float | None = None) -> str:
        """How the exercise's points are split over its checks, in words (see ``points_split``)."""
        return points_split(self.results, max_points or self.max_points)

    @property
    def score(self) -> float:
        """Fraction of the points earned, in [0, 1]."""
        total = self.total_points
        return self.earned_points / total if total > 0 else 0.0

    def points(self, max_points: float) -> float:
        """Score scaled to ``max_points``, rounded to 2 decimals (what nbgrader records)."""
        return round(self.score * float(max_points), 2)

    def summary(self) -> str:
        """One line: exercise, checks passed and score; or 'not attempted'."""
        name = self.title or self.exercise
        if not self.results:
            return f"{name}: no checks ran"
        if not self.attempted:
            return (
                f"{name}: not attempted yet \u2014 replace `raise NotImplementedError()` "
                "with your code, then run this cell again"
            )
        n_pass = sum(r.passed for r in self.results)
        verdict = (
            "all checks passed" if self.passed else f"{n_pass}/{len(self.results)} checks passed"
        )
        if self.max_points:
            worth = (
                f"{self.points(self.max_points):g} of {self.max_points:g} points, what the "
                "grader gives this code on these inputs"
            )
        else:
            worth = f"score {self.score:.2f}"
        todo = f"; still to write: {', '.join(self.stubs)}" if self.stubs else ""
        return f"{name}: {verdict} ({worth}){todo}"

    def note(self, result: CheckResult) -> str:
        """Why a passed check earns nothing yet ("" when it counts or failed)."""
        if not result.passed or self.counts(result):
            return ""
        return "counts once " + " and ".join(repr(n) for n in result.needs) + " passes"

    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]

    def __repr__(self) -> str:
        lines = [self.summary()]
        if self.attempted:
            for r in self.results:
                note = self.note(r)
                lines.append(r.describe() + (f" ({note})" if note else ""))
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        esc = html.escape
        ok = self.passed
        head_colour = "#137333" if ok else ("#5f6368" if not self.attempted else "#c5221f")
        rows = []
        if self.attempted:
            for r in self.results:
                details = (
                    ""
                    if r.passed
                    else "".join(
                        f"<div><b>{esc(label)}:</b> <code>{esc(text)}</code></div>"
                        if label in ("call", "expected", "got")
                        else f"<div><b>{esc(label)}:</b> {esc(text)}</div>"
                        for label, text in r.details()
                    )
                )
                rows.append(
                    f'<tr style="background:{_COLOUR[r.status]}">'
                    f'<td style="text-align:center">{_ICON[r.status]}</td>'
                    f"<td>{esc(r.name)}</td><td>{esc(r.status)}"
                    + (f" ({esc(self.note(r))})" if self.note(r) else "")
                    + "</td>"
                    f'<td style="text-align:left">{details}</td></tr>'
                )
        table = (
            '<table class="nncourse-report" style="border-collapse:collapse">'
            "<tr><th></th><th>check</th><th>result</th><th>details</th></tr>"
            + "".join(rows)
            + "</table>"
            if rows
            else ""
        )
        return (
            f'<div class="nncourse-report"><p style="color:{head_colour};font-weight:bold">'
            f"{esc(self.summary())}</p>{table}</div>"
        )

    def to_dict(self) -> dict:
        return {
            "exercise": self.exercise,
            "title": self.title,
            "passed": self.passed,
            "attempted": self.attempted,
            "score": self.score,
            "max_points": self.max_points,
            "results": [r.to_dict() for r in self.results],
        }

    def raise_if_failed(self) -> Report:
        """Raise ``CheckFailed`` with the plain-text report unless every check passed."""
        if not self.passed:
            raise CheckFailed(repr(self))
        return self
