"""The ZIP bomb guard reads the central directory only, and real workbooks pass it."""

import io
import zipfile

import pytest

from tests.hostile_files import workbook_bytes
from twoway.safefiles import FileRefused, check_archive, sheet_rows


def test_the_bomb_of_issue_15_is_refused_from_its_directory_even_under_a_generous_limit(
    zip_bomb,
):
    """bench/hostile_files.py measures the cost (a few milliseconds)."""
    assert len(zip_bomb) < 2 * 2**20
    with pytest.raises(FileRefused, match=r"unpacks 1,0[0-9]{2} times its size"):
        check_archive(zip_bomb, max_unpacked=2 * 2**30)


def test_a_workbook_over_the_unpacked_limit_is_refused_naming_the_limit():
    data = workbook_bytes([["ID", "Name"]] + [[f"E{i}", f"Person {i}"] for i in range(5000)])
    with pytest.raises(FileRefused, match="the limit is 0 MB"):
        check_archive(data, max_unpacked=100_000)


def test_a_real_workbook_passes():
    data = workbook_bytes([["ID", "Name"]] + [[f"E{i}", f"Person {i}"] for i in range(5000)])
    names = [info.filename for info in check_archive(data, max_unpacked=2**27)]
    assert "xl/workbook.xml" in names


def test_an_archive_of_thousands_of_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"x/{number}", b"")
    with pytest.raises(FileRefused, match="10,001 files"):
        check_archive(buffer.getvalue(), max_unpacked=2**27)


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s uncompressed size in the central directory changed."""
    out = bytearray(data)
    at = data.find(member.encode(), data.find(b"PK\x01\x02")) - 46  # its directory entry
    assert out[at : at + 4] == b"PK\x01\x02"
    out[at + 24 : at + 28] = size.to_bytes(4, "little")
    return bytes(out)


def test_a_member_that_lies_about_its_size_cannot_unpack_more_than_it_declares():
    """zipfile stops at the declared size, so the guard's sum bounds what any reader unpacks:
    a lying header makes the read fail (a CRC or XML error), reported as such."""
    real = workbook_bytes([["ID", "Name"]] + [[f"E{i}", "Ana"] for i in range(2000)])
    lying = declare_size(real, "xl/worksheets/sheet1.xml", 100)
    assert sum(i.file_size for i in check_archive(lying, max_unpacked=2**27)) < len(real) * 10
    with (
        pytest.raises(FileRefused, match=r"damaged|could not be opened"),
        sheet_rows(lying, max_columns=50, max_unpacked=2**27) as sheet,
    ):
        list(sheet.rows)
