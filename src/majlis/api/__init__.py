"""majlis.api."""
