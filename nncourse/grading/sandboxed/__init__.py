"""Code that runs *inside* the grading sandbox, next to student code.

The grader copies this package, together with ``nncourse/check/_guard.py`` and
``nncourse/check/probes/``, into a read-only folder as the standalone package ``_nngrade``:

* ``wire`` -- plain data <-> JSON lines (tagged float/int arrays, size caps); the grader uses the
  same module to decode replies without trusting them;
* ``confine`` -- the operating-system layers a worker applies to itself before it sees student code
  (resource limits, namespaces, Landlock, seccomp, no capabilities);
* ``worker`` -- the loop that executes a notebook's cells and answers the grader's calls.

Everything here imports only the standard library, numpy and (relatively) its own modules, so
``nncourse`` -- the reference solutions -- never has to be importable in the sandbox.
"""
