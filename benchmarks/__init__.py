"""Benchmarks (``make bench``): they print figures and ratios and assert nothing."""
