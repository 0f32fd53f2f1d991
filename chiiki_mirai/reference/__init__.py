"""Reference data shipped with the product: local governments, strategic fields, JSIC.

Plain Python (no Django) so the command line, the API and the web share it.
"""
