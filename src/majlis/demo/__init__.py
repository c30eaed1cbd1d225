"""majlis.demo."""
