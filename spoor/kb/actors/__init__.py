"""Curated actor records (YAML). A package only so that setuptools ships the files."""
