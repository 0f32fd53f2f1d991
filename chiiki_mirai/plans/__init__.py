"""The plan document (plan@1): its typed model, its notations and its file formats.

Plain Python (pydantic, no Django): the command line, the API and the web share it.
"""
