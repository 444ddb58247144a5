"""Building the course: authoring source notebooks, releasing the student edition, running them.

* ``authoring`` -- a percent-format script -> an nbgrader source notebook;
* ``release`` -- nbgrader's ``generate_assignment`` into ``notebooks/``, and the visible cases
  computed with the answer key;
* ``wheel`` -- the student wheel (the student edition, without the answer key);
* ``execute`` -- run a notebook headless in a real kernel and read its cell grades.
"""
