"""Fixtures shared by the tests of queries."""
