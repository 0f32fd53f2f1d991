"""The web tests' people, plans and workflow helpers, for the security tests."""

from tests.web.conftest import advance, draft, edition, fast_passwords, people  # noqa: F401
