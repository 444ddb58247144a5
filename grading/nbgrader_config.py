"""nbgrader configuration of the course, for running nbgrader's own tools from this folder.

    cd grading
    nbgrader export                    # grades of nbgrader's own, from out/grading/gradebook.db
    nbgrader generate_feedback 02_activations   # nbgrader's feedback, into nbgrader_feedback/
    jupyter lab --ServerApp.root_dir=..   # the Formgrader tab (needs the course folder as root)
    nbgrader autograde 02_activations  # stock nbgrader, the old way (trusts the student's kernel)

The course directory is ``out/grading`` (outside git): ``nncourse grade`` writes the gradebook,
``source/``, ``autograded/`` and ``feedback/`` there. nbgrader's own ``generate_feedback`` writes
to ``nbgrader_feedback/`` so it never overwrites the feedback ``nncourse grade`` wrote.
Submissions are read from ``grading/submitted`` (the example class).

``nncourse grade`` reads the late-penalty settings below (``--nbgrader-config``, by default this
file) and applies them as ``nbgrader autograde`` would, to submissions whose ``timestamp.txt`` is
after the due date (``nncourse grade --duedate``).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent / "out" / "grading"

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "nncourse"
c.CourseDirectory.root = str(COURSE)
c.CourseDirectory.submitted_directory = str(HERE / "submitted")
c.CourseDirectory.feedback_directory = "nbgrader_feedback"
c.CourseDirectory.db_url = f"sqlite:///{COURSE / 'gradebook.db'}"
c.Exchange.root = str(COURSE / "exchange")
c.CsvExportPlugin.to = str(COURSE / "nbgrader_export.csv")
# Late submissions: 'none' (the default: flagged, no penalty) or 'zero' (score 0), or a plugin
# class of your own: c.AssignLatePenalties.plugin_class = "mypenalties.HalfOff"
c.LateSubmissionPlugin.penalty_method = "none"
