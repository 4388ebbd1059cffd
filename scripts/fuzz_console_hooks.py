"""schemathesis hooks for scripts/fuzz_console.py: form posts carry the session's CSRF token, so the fuzzer
reaches the handlers behind the check (the token comes from PORUCH_FUZZ_CSRF)."""

import os

import schemathesis


@schemathesis.hook
def map_case(context, case):
    if case.method.upper() == "POST" and case.path.startswith("/console/"):
        body = case.body if isinstance(case.body, dict) else {}
        case.body = {**body, "csrf_token": os.environ.get("PORUCH_FUZZ_CSRF", "")}
    return case
