"""Benchmarks of Kinerja at the scale of a kabupaten and a province: ``.venv/bin/python benchmarks/run.py``."""
