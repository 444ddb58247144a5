"""nbgrader configuration of the course, for running nbgrader's own tools from this folder.

    cd grading
    nbgrader export                    # grades.csv of nbgrader's own, from out/grading/gradebook.db
    jupyter lab                        # the Formgrader tab, for manual grading and review
    nbgrader autograde 02_activations  # stock nbgrader, the old way (trusts the student's kernel)

The course directory is ``out/grading`` (outside git): ``nncourse grade`` writes the gradebook,
``source/``, ``autograded/`` and ``feedback/`` there. Submissions are read from
``grading/submitted`` (the example class).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent / "out" / "grading"

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "nncourse"
c.CourseDirectory.root = str(COURSE)
c.CourseDirectory.submitted_directory = str(HERE / "submitted")
c.CourseDirectory.db_url = f"sqlite:///{COURSE / 'gradebook.db'}"
c.Exchange.root = str(COURSE / "exchange")
c.CsvExportPlugin.to = str(COURSE / "nbgrader_export.csv")
