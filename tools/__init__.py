"""Developer tools that are not part of the course product: the synthetic demo cohort, the grading
benchmark, the rubric-agreement study and the makers of synthetic submissions. They use the
package's public API; nothing under ``tic_course/`` imports them."""
