"""Reports of the pre-check for people: a terminal listing and a printable Japanese HTML page."""
