"""Synthetic data at the scale of a kabupaten or a province, for benchmarks (``kinerja generate``)."""
