"""SCORM 1.2 and 2004 packages of the course, for hospitals that assign training through an LMS.

``modules`` reads what each module holds and tracks, ``pages`` makes the built book's pages
self-contained, ``manifest`` writes ``imsmanifest.xml``, ``package`` builds the byte-identical
zips; the launch page's scripts in ``static/`` report to the LMS through pipwerks' wrapper.
"""
