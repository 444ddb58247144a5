"""Everything that runs *beside* student code: in the notebook kernel and in the grading sandbox.

* ``guard`` -- ``guarded_call`` (copies in, plain data out, a real time limit) and ``to_plain``;
* ``wire`` -- plain data <-> JSON lines (tagged arrays, the same size limits as ``guard``); the
  grader uses it to decode replies without trusting them, and ``nncourse release`` to store the
  visible cases;
* ``probes`` -- small drivers for exercises that are more than one function call;
* ``confine`` -- the operating-system layers a grading worker applies to itself before it sees
  student code (resource limits, namespaces, Landlock, seccomp, no capabilities);
* ``worker`` -- the loop that executes a notebook's cells and answers the grader's calls.

This package imports only the standard library, numpy and (relatively) its own modules
(``tests/framework/test_inside.py`` holds it to that), so the grader copies it into the sandbox
as it stands, where ``nncourse`` -- and its answer key -- is not importable.
"""
