from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapak.api.api import SCHEMA_FILE, openapi_text

REGENERATE = "python -m lapak manage api_schema --write"


class Command(BaseCommand):
    help = (
        "Print the API's OpenAPI document as the code describes it; --write saves it to "
        "lapak/api/openapi.json, --check fails when the committed file differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help=f"Write {SCHEMA_FILE.name} beside the API.")
        parser.add_argument("--check", action="store_true", help="Exit with an error if the file is stale.")

    def handle(self, *args: Any, write: bool, check: bool, **options: Any) -> None:
        text = openapi_text()
        if write:
            SCHEMA_FILE.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {SCHEMA_FILE}")
        elif check:
            committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
            if committed != text:
                raise CommandError(f"{SCHEMA_FILE} is out of date with the code; run: {REGENERATE}")
            self.stdout.write("OpenAPI document is up to date.")
        else:
            self.stdout.write(text, ending="")
