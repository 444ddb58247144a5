"""nncourse: reference implementations, checkers, widgets and grading for a course on how
neural networks learn."""

__version__ = "0.1.0"
