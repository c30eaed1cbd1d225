"""majlis.web."""
