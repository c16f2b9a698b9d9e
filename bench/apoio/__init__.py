"""Helpers shared by the benchmark scripts (not scripts themselves: ``tests/bench`` runs every
``bench/*.py``)."""
