"""The level above a district: published packages of checked figures, their collection, the city's intake."""
