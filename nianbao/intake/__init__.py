"""Opening and reading submissions: workbooks and CSV into values and texts, each with its cell."""
