"""majlis.report."""
