"""District figures with provenance: aggregation, year-on-year checks, rule candidates, numbers in prose."""
