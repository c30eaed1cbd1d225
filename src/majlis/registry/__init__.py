"""majlis.registry."""
