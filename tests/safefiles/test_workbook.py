"""Reading the first sheet: formulas without a saved value and runaway widths are refused."""

import io
import zipfile

import pytest

from tests.hostile_files import workbook_bytes
from twoway.safefiles import FileRefused, sheet_rows


def rows_of(data, max_columns=20):
    with sheet_rows(data, max_columns=max_columns, max_unpacked=2**27) as sheet:
        return [tuple(row) for row in sheet.rows]


def test_values_come_back_row_by_row_with_missing_rows_kept_in_place():
    data = workbook_bytes([["ID", "Name"], [], ["E2", "Ben"]])
    assert rows_of(data) == [("ID", "Name"), (), ("E2", "Ben")]


def test_a_formula_with_no_saved_value_is_refused_with_its_cell():
    data = workbook_bytes(
        [["ID", "Manager"], ["E1", None]], formulas={"B2": "=VLOOKUP(A2,C:D,2,0)"}
    )
    with pytest.raises(FileRefused) as refused:
        rows_of(data)
    assert (refused.value.row, refused.value.column) == (2, 2)
    assert "=VLOOKUP(A2,C:D,2,0)" in refused.value.message
    assert "no saved value" in refused.value.message


def with_cell_b2(xml: bytes) -> bytes:
    """A workbook whose cell B2 is the given XML, as Excel would write it (openpyxl cannot
    compute formulas, so the saved value is written by hand)."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["ID", "Code"], ["E1", "p"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b'<c r="B2" t="inlineStr"><is><t>p</t></is></c>', xml)
                assert xml in part
            target.writestr(info, part)
    return buffer.getvalue()


def test_a_formula_with_its_saved_value_is_read_as_that_value():
    data = with_cell_b2(b'<c r="B2" t="str"><f>A2&amp;"x"</f><v>E1x</v></c>')
    assert rows_of(data) == [("ID", "Code"), ("E1", "E1x")]


def test_a_formula_whose_saved_value_is_empty_text_is_blank_not_refused():
    data = with_cell_b2(b'<c r="B2" t="str"><f>IF(A2="","",A2&amp;"")</f><v></v></c>')
    assert rows_of(data) == [("ID", "Code"), ("E1", None)]


def test_a_shared_formula_with_no_saved_value_is_refused():
    with pytest.raises(FileRefused, match=r"Row 2, column 2: .*a shared formula"):
        rows_of(with_cell_b2(b'<c r="B2"><f t="shared" si="0"/></c>'))


def test_a_value_beyond_the_column_limit_is_refused():
    data = workbook_bytes([["ID", "Name"], ["E1"] + [None] * 30 + ["far"]])
    with pytest.raises(FileRefused, match="column 32"):
        rows_of(data)


def test_formatted_empty_cells_far_right_are_skipped():
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_bytes([["ID", "Name"], ["E1", "Ana"]])))
    book.active.cell(row=2, column=16000).number_format = "0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    assert rows_of(buffer.getvalue()) == [("ID", "Name"), ("E1", "Ana")]


def test_a_formula_far_into_a_large_sheet_is_found_across_scan_chunks():
    rows = [["ID", "Name"]] + [[f"E{i}", f"Person {i}"] for i in range(60_000)]
    data = workbook_bytes(rows, formulas={"B59999": "=A59999"})
    with pytest.raises(FileRefused, match="Row 59999, column 2"):
        rows_of(data)


def test_a_namespace_prefixed_sheet_is_scanned_too():
    data = with_cell_b2(b'<x:c r="B2"><x:f>A2</x:f></x:c>')
    with pytest.raises(FileRefused, match="Row 2, column 2: the cell holds a formula"):
        rows_of(data)
