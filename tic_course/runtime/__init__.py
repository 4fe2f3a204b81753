"""The learner runtime: the only course code that runs inside a learner's notebook.

The released notebooks import from here (the practice-conversation player, the conversation engine
and the answer previews), and the learners' notebook repository published with the book carries
only this subpackage. It imports nothing but the standard library and ipywidgets, and nothing
else of ``tic_course`` (a test enforces this), so a student notebook can never reach instructor
code such as answer keys or the rubric checker, and the same code can run in an in-browser
kernel later.
"""
