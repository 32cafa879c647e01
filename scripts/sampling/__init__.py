"""Generator of the sample submissions in inputs/2020–2022 from the data in scripts/samples/."""
