"""majlis.store."""
