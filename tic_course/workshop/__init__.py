"""The hospital workshop kit: material and records for running the course as a face-to-face session."""
