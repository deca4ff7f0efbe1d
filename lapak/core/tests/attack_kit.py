"""Tools for the attack tests: read the POST forms a page shows, fill them as a browser would, and take a
fingerprint of the whole database so a refused submission can be shown to have changed nothing.

Forms are read with the standard library's ``html.parser`` (no new dependency); each attack starts from
what a browser would send for the form as shown and changes one thing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, transaction

# Every page with an upload field: the form test fails on an upload field elsewhere, so a new one is
# attacked with files too (test_attacks_files.py).
FILE_PAGES = [
    "catalog:product_create",
    "catalog:product_detail",
    "catalog:product_update",
    "channels:business_channels",
    "ingest:home",
    "mentoring:training_detail",
    "mentoring:visit_create",
    "registry:business_create",
    "registry:document_create",
    "registry:document_update",
]
TEXT_KINDS = {"text", "textarea", "search", "tel", "url", "password", "email"}
# Rows that a refused request may legitimately write: the session and the login-failure counter (a wrong
# password is refused *and* counted, which is the point of throttling).
VOLATILE_TABLES = {"django_session", "accounts_loginfailure"}


@dataclass
class Field:
    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    page: str
    action: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """What a browser would send for the form as shown (checked boxes, selected or first options)."""
        sent: dict[str, list[str]] = {}
        for item in self.fields:
            if item.kind == "file":
                continue
            if item.kind in ("checkbox", "radio"):
                if item.checked:
                    sent.setdefault(item.name, []).append(item.value or "on")
                continue
            if item.kind == "select":
                chosen = item.value.split("\x00") if item.value else item.options[:1]
                if item.multiple and not item.value:
                    chosen = []
                sent.setdefault(item.name, []).extend(chosen)
                continue
            sent.setdefault(item.name, []).append(item.value)
        return {name: values if len(values) > 1 else values[0] for name, values in sent.items() if values}

    def named(self, *kinds: str) -> list[str]:
        return sorted({item.name for item in self.fields if item.kind in kinds})

    def offered(self, name: str) -> list[str]:
        """The non-empty values the form offers for ``name`` (an empty option means "none chosen")."""
        return [value for value in self.choices(name) if value]

    def choices(self, name: str) -> list[str]:
        """The values a select, radio group or checkbox group offers."""
        found: list[str] = []
        for item in self.fields:
            if item.name == name:
                found += item.options if item.kind == "select" else [item.value or "on"]
        return found


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.template = 0  # fields inside <template> (a formset's empty form) are never sent

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attributes}
        if tag == "template":
            self.template += 1
        if tag == "form":
            if "hx-post" in attrs or attrs.get("method", "get").lower() == "post":
                self.current = Form(self.page, attrs.get("hx-post") or attrs.get("action") or self.page)
            return
        if "hx-post" in attrs:  # an htmx button posts on its own, with hx-vals as its data
            vals = json.loads(attrs.get("hx-vals") or "{}")
            fields = [Field(str(k), "hidden", str(v)) for k, v in vals.items()]
            self.forms.append(Form(self.page, attrs["hx-post"], fields))
        if self.current is None or self.template:
            return
        self._field(tag, attrs)

    def _field(self, tag: str, attrs: dict[str, str]) -> None:
        assert self.current is not None
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            self.current.fields.append(Field(name, kind, attrs.get("value", ""), checked="checked" in attrs))
        elif tag == "button" and name and attrs.get("type", "submit") == "submit":
            if not any(item.name == name for item in self.current.fields):
                self.current.fields.append(Field(name, "button", attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = Field(name, "textarea")
            self.current.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = Field(name, "select", multiple="multiple" in attrs)
            self.current.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""  # an option without a value sends its text; ours all have one
            self.select.options.append(value)
            if "selected" in attrs:
                self.select.value = f"{self.select.value}\x00{value}" if self.select.value else value

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.template -= 1
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def post_forms(html: str, page: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


def fingerprint() -> dict[str, tuple[int, Any]]:
    """Row count and largest primary key of every table, in one query."""
    parts: list[str] = []
    seen: set[str] = set()
    quote = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in seen or table in VOLATILE_TABLES or not model._meta.managed:
            continue
        seen.add(table)
        pk = quote(model._meta.pk.column)
        parts.append(f"SELECT '{table}', COUNT(*), CAST(MAX({pk}) AS VARCHAR(100)) FROM {quote(table)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {table: (count, top) for table, count, top in cursor.fetchall()}


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


@contextmanager
def undone() -> Iterator[None]:
    """Run one attack in a savepoint and roll it back, so the next starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def files_under(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def stored_verbatim(value: str) -> bool:
    """Whether some text or JSON column of some table now holds ``value`` unchanged (a service may add
    words around it, as the access log does with the reason), one query per model."""
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    for model in apps.get_models():
        if not model._meta.managed:
            continue
        fields = [
            f for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField")
        ]
        documents = [f for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"]
        condition = Q()
        for item in fields:
            condition |= Q(**{f"{item.attname}__contains": value})
        annotations = {f"_text_{item.attname}": Cast(item.attname, TextField()) for item in documents}
        for name in annotations:  # JSON text escapes quotes: look for the value as JSON writes it
            condition |= Q(**{f"{name}__contains": json.dumps(value)[1:-1]})
        if condition and model._base_manager.annotate(**annotations).filter(condition).exists():
            return True
    return False
