"""Answers that look copied: token fingerprints with winnowing, as MOSS and JPlag compute them.

For one exercise, each student's answer cell is tokenised with Python's own tokenizer; names
become ``N``, numbers ``1``, strings ``"s"``, and comments and layout vanish, so renaming
variables or reformatting changes nothing. Every run of ``K`` consecutive tokens is hashed, and
winnowing keeps the smallest hash of every window of ``W`` hashes (Schleimer, Wilkerson and Aiken,
2003): two answers that share a run of at least ``K + W - 1`` tokens are guaranteed to share a
fingerprint. Fingerprints of the release's stub and of the instructor's solution are dropped, and
so are those that many students share (what the exercise makes everyone write), so three honest
lines that everyone writes the same way leave nothing to compare.

Everything runs on this machine; nothing is uploaded. It is a guide for a human reading, never a
penalty: grades do not depend on it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import keyword
import math
import tokenize
from dataclasses import dataclass, field

K = 9
"""Tokens per hashed run."""

W = 4
"""Winnowing window (hashes)."""

COMMON_SHARE = 0.5
"""A fingerprint held by more than this share of the answers (and by 3 or more) is ignored."""

MIN_SHARED = 4
"""Fewest shared fingerprints for a pair to be listed."""

_SKIP = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}


def tokens(source: str) -> list[tuple[str, int]]:
    """Normalised tokens of ``source`` with their 1-based line numbers.

    Names (except keywords and attribute names after a dot) become ``N``, numbers ``1``,
    strings ``"s"``; comments, blank lines and indentation are dropped. Source that does not
    tokenise yields the tokens before the error.
    """
    out: list[tuple[str, int]] = []
    previous = ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in _SKIP:
                continue
            text = tok.string
            if tok.type == tokenize.NAME and not keyword.iskeyword(text) and previous != ".":
                text = "N"
            elif tok.type == tokenize.NUMBER:
                text = "1"
            elif tok.type == tokenize.STRING:
                text = '"s"'
            out.append((text, tok.start[0]))
            previous = tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


def _hash(run: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(run).encode(), digest_size=8).digest(), "big")


def fingerprints(source: str) -> dict[int, set[int]]:
    """Winnowed fingerprints of ``source``: hash -> the source lines its token run covers."""
    toks = tokens(source)
    if len(toks) < K:
        return {}
    grams = [
        (_hash([t for t, _ in toks[i : i + K]]), toks[i][1], toks[i + K - 1][1])
        for i in range(len(toks) - K + 1)
    ]
    chosen: dict[int, set[int]] = {}
    for start in range(max(1, len(grams) - W + 1)):
        window = grams[start : start + W]
        h, first, last = min(window, key=lambda g: g[0])
        chosen.setdefault(h, set()).update(range(first, last + 1))
    return chosen


@dataclass(frozen=True)
class Pair:
    """Two students whose answers share unusually much.

    Attributes
    ----------
    a, b : str
        Student ids (``a < b``).
    score : float
        The evidence: each shared fingerprint counts ``log(n / holders)`` (``n`` answers, of
        which ``holders`` have it), so long runs that only these two share weigh most and what
        several students wrote alike weighs little.
    overlap : float
        Shared fingerprints over the smaller answer's fingerprints, in [0, 1].
    shared : int
        Number of shared fingerprints.
    lines_a, lines_b : tuple of int
        Lines of each answer covered by the shared fingerprints.
    """

    a: str
    b: str
    score: float
    overlap: float
    shared: int
    lines_a: tuple[int, ...] = field(default=())
    lines_b: tuple[int, ...] = field(default=())


def similar_pairs(
    answers: dict[str, str], exclude: list[str] = (), min_shared: int = MIN_SHARED
) -> list[Pair]:
    """Pairs of answers to one exercise that share fingerprints, most similar first.

    Parameters
    ----------
    answers : dict
        Student id -> the answer cell's source.
    exclude : list of str
        Sources whose fingerprints do not count (the release's stub, the instructor's solution).
    min_shared : int
        Fewest shared fingerprints for a pair to be listed.

    Returns
    -------
    list of Pair, sorted by score, then overlap, descending.
    """
    prints = {s: fingerprints(src) for s, src in answers.items()}
    ignored: set[int] = set()
    for src in exclude:
        ignored |= set(fingerprints(src))
    counts: dict[int, int] = {}
    for fp in prints.values():
        for h in fp:
            counts[h] = counts.get(h, 0) + 1
    crowd = max(3, int(COMMON_SHARE * len(prints)))
    ignored |= {h for h, n in counts.items() if n > crowd}
    kept = {
        s: {h: lines for h, lines in fp.items() if h not in ignored} for s, fp in prints.items()
    }
    pairs = []
    for a, b in itertools.combinations(sorted(kept), 2):
        common = set(kept[a]) & set(kept[b])
        if len(common) < min_shared:
            continue
        smaller = min(len(kept[a]), len(kept[b]))
        lines_a = sorted(set().union(*(kept[a][h] for h in common)))
        lines_b = sorted(set().union(*(kept[b][h] for h in common)))
        score = sum(math.log(len(kept) / counts[h]) for h in common)
        pairs.append(
            Pair(a, b, score, len(common) / smaller, len(common), tuple(lines_a), tuple(lines_b))
        )
    return sorted(pairs, key=lambda p: (-p.score, -p.overlap, p.a, p.b))


def clusters(pairs: list[Pair], threshold: float = 0.5) -> list[list[str]]:
    """Groups of students linked by pairs whose overlap is at least ``threshold``."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for p in pairs:
        if p.overlap >= threshold:
            parent[find(p.a)] = find(p.b)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))
