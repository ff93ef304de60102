"""Small builders shared by the roster tests."""

from __future__ import annotations

from twoway.org.roster import ParsedRoster, parse_roster, read_table


def csv_bytes(*lines: str, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """Lines written with ',' and joined by CRLF, as Excel writes them."""
    text = "\r\n".join(line.replace(",", delimiter) for line in lines) + "\r\n"
    return text.encode(encoding)


def parse_lines(*lines: str, org_name: str = "Acme", **options: object) -> ParsedRoster:
    return parse_roster(read_table(csv_bytes(*lines)), org_name=org_name, **options)  # type: ignore[arg-type]


def messages(parsed: ParsedRoster) -> list[str]:
    return [str(error) for error in parsed.errors]


def by_id(parsed: ParsedRoster) -> dict:
    return {record.employee_id: record for record in parsed.records}
