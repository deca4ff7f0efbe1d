from datetime import date

import pytest

from lapak.core.dependency_audit import EXCEPTIONS, AuditException, audit_judge, exceptions_read

TODAY = date(2026, 11, 30)
VULN = {"id": "PYSEC-2026-1", "aliases": ["GHSA-aaaa-bbbb-cccc"], "fix_versions": ["5.2.20"]}


def _report(*dependencies: dict) -> dict:
    return {"dependencies": list(dependencies)}


def test_an_unlisted_vulnerability_fails() -> None:
    verdict = audit_judge(
        _report({"name": "Django", "version": "5.2.19", "vulns": [VULN]}), [], today=TODAY, strict=False
    )

    assert verdict.failed
    assert verdict.lines == ["VULNERABLE Django 5.2.19: PYSEC-2026-1 (fixed in 5.2.20)"]


def test_a_reviewed_exception_passes_until_its_review_date() -> None:
    report = _report({"name": "Django", "version": "5.2.19", "vulns": [VULN]})
    exception = AuditException("GHSA-aaaa-bbbb-cccc", "django", date(2026, 12, 31), "only affects MySQL")

    assert not audit_judge(report, [exception], today=TODAY, strict=False).failed
    assert audit_judge(report, [exception], today=date(2027, 1, 1), strict=False).failed


def test_an_unreachable_database_is_reported_and_fails_only_when_strict() -> None:
    report = _report({"name": "django", "version": "5.2.19", "skip_reason": "not found"})

    relaxed = audit_judge(report, [], today=TODAY, strict=False)
    assert not relaxed.failed and relaxed.lines[0].startswith("NOT AUDITED")
    assert audit_judge(report, [], today=TODAY, strict=True).failed


def test_clean_packages_pass() -> None:
    verdict = audit_judge(
        _report({"name": "django", "version": "5.2.19", "vulns": []}), [], today=TODAY, strict=True
    )

    assert not verdict.failed
    assert verdict.lines == ["1 packages audited, no known vulnerabilities"]


def test_the_exception_file_parses_and_rejects_incomplete_lines() -> None:
    assert exceptions_read(EXCEPTIONS.read_text()) == []
    assert exceptions_read("X-1 | Pillow | 2027-01-31 | no untrusted TIFF # note")[0].package == "pillow"
    with pytest.raises(ValueError, match="line 1"):
        exceptions_read("X-1 | pillow | 2027-01-31")
