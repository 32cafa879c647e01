"""Generator of tests/corpus: messy and hostile 2022 submissions, each with its expected outcome."""
