"""The expert panel: the score cube, aggregation across experts and their agreement."""
