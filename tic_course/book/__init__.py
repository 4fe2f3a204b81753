"""Sphinx extensions used by the Jupyter Book (listed in ``_config.yml``)."""
