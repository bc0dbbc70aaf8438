"""Criteria weights: direct, rank-order, AHP and objective (entropy, CRITIC)."""
