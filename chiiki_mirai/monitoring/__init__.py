"""PDCA monitoring: the half-yearly progress report (progress@1) and, later, its workflow."""
