"""Why a technology stands where it does: contributions, pairs, swap weights, method comparison."""
