"""The pre-check (事前確認): a versioned rulebook of the policy's requirements and the checks that apply it.

The rulebook is data (``rulebooks/<version>.yaml``): ids, severities, plan types, Japanese and
English messages, the seed passage behind each rule, and the parameters of its check. A revision of
the guidance is a new rulebook file, not a code change.
"""
