"""Tests of the Prefect flows (embedded API, servers, deployments)."""
