"""Ranking methods: the only package that imports scikit-criteria."""
