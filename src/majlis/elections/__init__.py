"""majlis.elections."""
