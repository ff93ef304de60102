"""Starting a case from a workload file, and replacing a case's workload with one."""

import io
from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.cases.helpers import form, saved_case
from twoway.cases.models import BusinessCase

pytestmark = pytest.mark.django_db


def plan_csv(rows: list[str], name: str = "week.csv") -> SimpleUploadedFile:
    text = "queue,start,calls,aht\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def good_rows() -> list[str]:
    rows = []
    for hour in range(8, 20):
        rows.append(f"sales,Mon {hour:02d}:00,{40 + hour},300")
        rows.append(f"care,Mon {hour:02d}:00,{90 + hour},420")
    return rows


def plan_xlsx() -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["Queue", "Start", "Calls", "AHT"])
    for hour in range(8, 12):
        sheet.append(["care", f"Tue {hour:02d}:00", 100, 400])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("week.xlsx", buffer.getvalue())


def test_a_csv_plan_starts_a_new_case(world, login):
    client = login(world.manager)
    upload = plan_csv(good_rows())
    response = client.post("/o/acme/cases/upload/", {"file": upload, "interval_minutes": "60"})
    case = BusinessCase.objects.get()
    assert response["Location"] == f"/o/acme/cases/{case.pk}/"
    assert case.owner == world.manager
    assert case.name == "week"
    assert case.has_plan
    assert case.data["workload"]["interval_seconds"] == 3600
    assert len(case.data["workload"]["calls"]) == 24
    page = client.get(response["Location"])
    assert "24 intervals in 2 queues" in page.content.decode()
    assert page.context["form"].initial["workload_source"] == "plan"


def test_an_xlsx_plan_is_read_too(world, login):
    client = login(world.manager)
    response = client.post("/o/acme/cases/upload/", {"file": plan_xlsx(), "name": "Tuesday"})
    assert response.status_code == 302
    case = BusinessCase.objects.get()
    assert case.name == "Tuesday"
    assert case.data["workload"]["queue"] == ["care"] * 4


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (["care,Mon 08:00,abc,300"], 'Row 2, column "calls"'),
        (["care,Mon 08:00,100,300", "care,Mon 08:15,-4,300"], 'Row 3, column "calls"'),
        (["care,Mon 08:00,100,0"], 'Row 2, column "aht"'),
    ],
)
def test_a_bad_plan_names_the_row_and_column(world, login, rows, words):
    response = login(world.manager).post("/o/acme/cases/upload/", {"file": plan_csv(rows)})
    assert response.status_code == 400
    assert words in response.context["upload_form"].errors["file"][0]
    assert escape(words) in response.content.decode()
    assert not BusinessCase.objects.exists()


def test_a_plan_without_the_needed_columns_says_which(world, login):
    upload = SimpleUploadedFile("week.csv", b"queue,when,volume\ncare,Mon,5\n")
    response = login(world.manager).post("/o/acme/cases/upload/", {"file": upload})
    assert response.status_code == 400
    assert 'no column "start"' in response.context["upload_form"].errors["file"][0]


def test_a_file_of_another_kind_is_refused_by_name(world, login):
    upload = SimpleUploadedFile("week.pdf", b"%PDF-1.7")
    response = login(world.manager).post("/o/acme/cases/upload/", {"file": upload})
    assert response.status_code == 400
    assert "week.pdf: a plan must be a .csv or .xlsx file" in response.content.decode()


def test_a_new_plan_replaces_the_workload_and_keeps_the_levers(world, login):
    case = saved_case(world.org, world.manager)
    client = login(world.manager)
    response = client.post(f"/o/acme/cases/{case.pk}/plan/", {"file": plan_csv(good_rows())})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.has_plan
    assert case.data["scenarios"][0]["name"] == "Chatbot"
    assert set(case.data["workload"]["queue"]) == {"sales", "care"}
    # Recomputing now uses the plan, whatever the daily-volume fields say.
    data = form(workload_source="plan", daily_calls="1")
    result = client.post(f"/o/acme/cases/{case.pk}/calculate/", data).context["result"]
    assert result.baseline.calls_per_week == pytest.approx(sum(case.data["workload"]["calls"]))


def test_only_the_owner_or_an_admin_replaces_the_plan(world, login):
    case = saved_case(world.org, world.director)
    response = login(world.team_lead).post(
        f"/o/acme/cases/{case.pk}/plan/", {"file": plan_csv(good_rows())}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert not case.has_plan


def test_the_plan_choice_is_offered_only_when_there_is_a_plan(world, login):
    data = form(workload_source="plan")
    response = login(world.manager).post("/o/acme/cases/new/calculate/", data)
    assert response.context["result"] is None
    assert "workload_source" in response.context["form"].errors


def test_saving_a_plan_case_keeps_the_plan_and_its_file_name(world, login):
    client = login(world.manager)
    client.post("/o/acme/cases/upload/", {"file": plan_csv(good_rows())})
    case = BusinessCase.objects.get()
    data = form(action="save", workload_source="plan", aht_seconds_saved=15)
    assert client.post(f"/o/acme/cases/{case.pk}/", data).status_code == 302
    case.refresh_from_db()
    assert case.workload_inputs == {"kind": "plan", "filename": "week.csv"}
    assert len(case.data["workload"]["calls"]) == 24
    assert (
        "The uploaded plan is week.csv" in client.get(f"/o/acme/cases/{case.pk}/").content.decode()
    )
