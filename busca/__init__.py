"""Placeholder: this app arrives with its own issue (see ARCHITECTURE.md)."""
