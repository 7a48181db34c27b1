"""Fixtures shared by the tests of cli."""
