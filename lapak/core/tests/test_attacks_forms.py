"""The attack pass over every form (issue 9): for each page that shows a POST form to a permitted user,
send it without a CSRF token, with over-long text, wrong types, SQL-looking and script input, and as a user
of another kab/kota. Refused means 4xx (the small action buttons answer 422 and send the browser back to
their page, see ``core.responses.refused_back``) and nothing changed; accepted text must be stored verbatim
and shown escaped.

The pages, records and users are those of ``test_url_permissions``; a page added there is attacked here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from lapak.conftest import PASSWORD, signed_in
from lapak.core.tests.attack_kit import (
    FILE_PAGES,
    TEXT_KINDS,
    Form,
    changed,
    fingerprint,
    post_forms,
    stored_verbatim,
    undone,
)
from lapak.core.tests.test_url_permissions import (
    API_MATRIX,
    PARTNER_KEY_ONLY,
    RECORD_KINDS,
    VISIBLE,
    VISIBLE_BY_KIND,
    _records,
    _snapshot,
    _url,
)

# The first of these roles that sees a form on a page attacks it (curators and owners have their own).
ROLES = ["admin", "operator", "pendamping", "kurator", "pemilik", "dekranasda"]
PAGES = sorted(
    name
    for name in set(RECORD_KINDS) - API_MATRIX - PARTNER_KEY_ONLY
    if name not in ("accounts:logout", "set_language")
)
SITE_FORMS = {reverse("accounts:logout"), reverse("set_language")}  # in every page's header
LONG = "x" * 100_000
SQL = ["' OR 1=1 --", "1; DROP TABLE registry_business"]
SCRIPT = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
FRAGMENT = {SQL[0]: "OR 1=1", SQL[1]: "DROP TABLE", SCRIPT: "alert(1)"}
RAW_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
WRONG = {
    "number": ["abc", "999999999999999999999", SQL[1]],
    "date": ["2026-13-45", SQL[0]],
    "month": ["2026-13"],
    "datetime-local": ["2026-13-45T25:61"],
    "email": ["abc", SQL[0]],
    "select": ["tidak-ditawarkan", "999999999"],
    "radio": ["tidak-ditawarkan"],
}
FIRST_CHOICE = object()  # the first non-empty value the form offers (ids differ between databases)
# Input a create form accepts (added to what the form shows), so that each of its fields is attacked on its
# own rather than all at once; a form without an entry here is attacked all at once. Values of the
# Sampang fixture (test_url_permissions._records); the test fails when an entry stops being accepted.
VALID_INPUT: dict[str, dict[str, Any]] = {
    "registry:business_create": {
        "name": "Keripik Uji",
        "sector": "pangan",
        "owner_name": "Siti Uji",
        "owner_sex": "P",
        "owner_nik": "3527015508900004",
        "phone": "081234567890",
        "kabkota": "35.27",
        "kecamatan": "35.27.01",
        "desa": "35.27.01.2001",
        "address": "Jl. Uji 1",
    },
    "registry:document_create": {"kind": "nib", "number": "9120001234567"},
    "catalog:product_create": {
        "name": "Keripik Singkong Uji",
        "category": "pangan.keripik",
        "sku-0-variant": "100 g",
        "sku-0-price": "15000",
        "sku-0-stock": "10",
        "sku-0-weight_grams": "100",
    },
    "channels:sale_create": {
        "sold_on": "2026-11-02",
        "sku": FIRST_CHOICE,
        "quantity": "2",
        "unit_price": "15000",
    },
    "mentoring:team_create": {
        "name": "Tim Uji",
        "organisation": "Dinas Uji",
        "region": "35.27",
        "areas": ["35.27"],
        "members": FIRST_CHOICE,
        "leads": FIRST_CHOICE,
    },
    "mentoring:training_create": {
        "title": "Kelas Uji",
        "starts_at": "2026-11-02T09:00",
        "ends_at": "2026-11-02T12:00",
        "place": "35.27",
        "participants": FIRST_CHOICE,
    },
    "privacy:incident_create": {
        "title": "Insiden uji",
        "discovered_at": "2026-11-02T09:00",
        "window_start": "2026-11-01T09:00",
        "window_end": "2026-11-02T09:00",
        "kabkota": ["35.27"],
    },
    "funnel:target_create": {
        "programme": "Uji",
        "indicator": "masuk_marketplace",
        "region": "35",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "value": "27000",
    },
    "ingest:source_create": {"code": "uji", "name": "Sumber Uji"},
}
# Pages a stored value shows up on, besides the form's own page and where it redirects.
SHOWN_ON = [
    "registry:business_detail",
    "registry:business_list",
    "catalog:product_detail",
    "catalog:product_list",
]


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _forms(name: str, users: dict, records: dict) -> tuple[str, Client, list[Form]]:
    """The first role that sees POST forms on the page, and the forms (the header's are left out)."""
    url = _url(name, RECORD_KINDS[name], records)
    for role in ROLES:
        client = signed_in(users[role])
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        forms = [f for f in post_forms(response.content.decode(), url) if f.action not in SITE_FORMS]
        if forms:
            return role, client, forms
    return "", Client(), []


class Attack:
    """One form, its baseline (what a browser sends), and the checks every variant must pass."""

    def __init__(self, client: Client, form: Form, records: dict) -> None:
        self.client, self.form, self.records = client, form, records
        valid = VALID_INPUT.get(resolve(form.action.split("?")[0]).view_name, {})
        valid = {k: form.offered(k)[:1] if v is FIRST_CHOICE else v for k, v in valid.items()}
        self.baseline = form.data() | valid
        status, _tables, response = self.send(self.baseline)
        self.accepts_baseline = status < 400
        assert self.accepts_baseline or not valid, (
            f"VALID_INPUT for {form.action} is refused: {sorted(_fields_in_error(response))}"
        )

    def send(self, data: dict[str, Any]) -> tuple[int, list[str], Any]:
        """Post in a savepoint that is rolled back: status, tables changed, the response."""
        with undone():
            before, records_before = fingerprint(), _snapshot(self.records)
            response = self.client.post(self.form.action, data)
            tables = changed(before, fingerprint())
            if _snapshot(self.records) != records_before:
                tables.append("(records)")
            self.after_accepted(response, data, tables)
        return response.status_code, tables, response

    def after_accepted(self, response: Any, data: dict[str, Any], tables: list[str]) -> None:
        """Checks that need the accepted change still in place (before the savepoint rolls back)."""
        if response.status_code >= 400 or not tables:
            return
        for value in {str(v) for v in data.values()} & {*SQL, SCRIPT}:
            # Stored as sent, or not at all (a field the form ignores, such as an attribute of
            # another category); never a mangled part of it.
            fields = [key for key, sent in data.items() if sent == value]
            assert stored_verbatim(value) or not stored_verbatim(FRAGMENT[value]), (
                f"{self.form.action} took {value!r} in {fields} but did not store it as sent ({tables})"
            )
        if any(str(v) == SCRIPT for v in data.values()):
            self.assert_escaped(response)

    def assert_escaped(self, response: Any) -> None:
        pages = [self.form.page, response.get("Location") or self.form.page]
        pages += [_url(name, RECORD_KINDS[name], self.records) for name in SHOWN_ON]
        for page in pages:
            body = self.client.get(page).content.decode()
            for raw in RAW_MARKUP:
                assert raw not in body, f"{page} shows {raw!r} unescaped after {self.form.action}"

    def refused(self, data: dict[str, Any], what: str) -> None:
        status, tables, _response = self.send(data)
        assert status >= 400, f"{self.form.action} accepted {what}: {status}, changed {tables}"
        assert not tables, f"{self.form.action} refused {what} ({status}) but changed {tables}"

    def refused_or_kept(self, data: dict[str, Any], what: str) -> None:
        status, tables, _response = self.send(data)
        if status >= 400:
            assert not tables, f"{self.form.action} refused {what} ({status}) but changed {tables}"

    def variants(self, names: list[str], value: str) -> list[tuple[str, dict[str, Any]]]:
        """One field at a time when the form as shown is accepted, else all at once (it is refused anyway)."""
        if not names:
            return []
        if self.accepts_baseline:
            return [(name, self.baseline | {name: value}) for name in names]
        return [(",".join(names), self.baseline | dict.fromkeys(names, value))]


def _fields_in_error(response: Any) -> set[str]:
    """The names (with prefix) of the fields the re-shown forms and formsets mark as wrong."""
    from django import forms as django_forms

    found: set[str] = set()
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = [value for context in contexts if context is not None for value in context.flatten().values()]
    for value in values:
        bound = list(value.forms) if isinstance(value, django_forms.BaseFormSet) else [value]
        for item in bound:
            if isinstance(item, django_forms.BaseForm) and item.is_bound:
                found |= {item.add_prefix(name) for name in item.errors if name != "__all__"}
    return found


def _text_fields(form: Form) -> list[str]:
    return form.named(*TEXT_KINDS)


def _other_region_action(action: str) -> bool:
    """Whether the action URL names a record of the Sampang fixture that Surabaya's operator cannot see."""
    try:
        match = resolve(action.split("?")[0])
    except Resolver404:
        return False
    kind = RECORD_KINDS.get(match.view_name)
    if kind in (None, "channel", "token", "public_args") or not match.kwargs:
        return False
    return "same" not in VISIBLE_BY_KIND.get(kind, VISIBLE)["other_operator"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_form_refuses_attacks(
    name: str, users: dict, sampang_business: Any, surabaya_business: Any
) -> None:
    records = _records(sampang_business, job_owner=users["admin"])
    role, client, forms = _forms(name, users, records)
    if not forms:
        pytest.skip("no POST form on this page for any role")
    if any(form.named("file") for form in forms):
        assert name in FILE_PAGES, f"{name} has an upload field: add it to FILE_PAGES"
    for form in forms:
        attack_form(client, form, records, role, users)


@pytest.mark.django_db
def test_the_visit_completion_form_refuses_attacks(
    users: dict, sampang_business: Any, surabaya_business: Any
) -> None:
    """Its page shows a form only while the visit is planned (the walk's fixture visit is done)."""
    client, form, records = visit_completion_form(users, sampang_business)
    attack_form(client, form, records, "pendamping", users)


def visit_completion_form(users: dict, business: Any) -> tuple[Client, Form, dict]:
    """The mentor's client, the completion form of a planned visit like the walk's done one, and the
    walk's records with that visit in them."""
    from lapak.mentoring.models import Visit, VisitStatus

    records = _records(business, job_owner=users["admin"])
    done = records["visit"]
    visit = Visit.objects.create(
        team=done.team, mentor=done.mentor, status=VisitStatus.PLANNED, visit_date=done.visit_date,
        place_id=done.place_id,
    )  # fmt: skip
    visit.businesses.set(done.businesses.all())
    client = signed_in(users["pendamping"])
    url = reverse("mentoring:visit_complete", args=[visit.pk])
    forms = [f for f in post_forms(client.get(url).content.decode(), url) if f.action not in SITE_FORMS]
    assert [form.action for form in forms] == [url]
    return client, forms[0], records | {"visit": visit}


def attack_form(client: Client, form: Form, records: dict, role: str, users: dict) -> None:
    """Every attack on one form, sent by ``role`` (whose client this is) and by another kab/kota."""
    attack = Attack(client, form, records)
    before = fingerprint()
    strict = signed_in(users[role], enforce_csrf_checks=True)
    assert strict.post(form.action, attack.baseline).status_code == 403
    assert not changed(before, fingerprint()), f"{form.action} changed data without a CSRF token"
    texts = _text_fields(form)
    for field, data in attack.variants(texts, LONG):
        attack.refused(data, f"100 000 characters in {field}")
    for kind, values in WRONG.items():
        for value in values:
            for field, data in attack.variants(form.named(kind), value):
                attack.refused(data, f"{value!r} in {kind} field {field}")
    for value in [*SQL, SCRIPT]:
        # Every text field at once first; one at a time only when that is refused (a field with a
        # format of its own), so forms with dozens of fields stay quick.
        if not texts:
            continue
        status, tables, response = attack.send(attack.baseline | dict.fromkeys(texts, value))
        if status < 400 or not attack.accepts_baseline:
            assert status < 400 or not tables, f"{form.action} refused {value!r} but changed {tables}"
            continue
        refusing = _fields_in_error(response)
        rest = [name for name in texts if name not in refusing]
        attack.refused_or_kept(attack.baseline | dict.fromkeys(rest, value), f"{value!r} in {rest}")
        for field in sorted(refusing & set(texts)):
            attack.refused_or_kept(attack.baseline | {field: value}, f"{value!r} in {field}")
    if _other_region_action(form.action):
        stranger = signed_in(users["other_operator"])
        before = fingerprint()
        status = stranger.post(form.action, attack.baseline).status_code
        assert status in (403, 404), f"Surabaya's operator reached {form.action}: {status}"
        assert not changed(before, fingerprint())


@pytest.mark.django_db
def test_the_header_forms_refuse_a_missing_csrf_token(users: dict) -> None:
    client = signed_in(users["operator"], enforce_csrf_checks=True)
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 403
    assert client.get(reverse("registry:business_list")).status_code == 200  # still signed in


@pytest.mark.django_db
def test_the_login_form_refuses_a_missing_csrf_token_and_bad_input(users: dict) -> None:
    url = reverse("accounts:login")
    before = fingerprint()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"username": "operator", "password": PASSWORD}).status_code == 403
    for username in (LONG, SQL[0], SCRIPT):
        response = Client().post(url, {"username": username, "password": SQL[1]})
        assert response.status_code == 422
        assert all(raw not in response.content.decode() for raw in RAW_MARKUP)
    assert not changed(before, fingerprint())
