"""majlis.parliament."""
