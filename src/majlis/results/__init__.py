"""majlis.results."""
