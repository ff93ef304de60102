"""The question bank: install the built-in diagnostic, clone it, add and edit items."""

import pytest

from twoway.surveys.models import Item, Template

pytestmark = pytest.mark.django_db


def install(client):
    client.post("/o/acme/surveys/templates/install/")
    return Template.objects.get()


def test_an_admin_installs_clones_and_extends_a_template(world, login):
    client = login(world.admin)
    template = install(client)
    assert template.items.count() == 25
    page = client.get(f"/o/acme/surveys/templates/{template.pk}/").content.decode()
    assert "Our agents have the tools" in page and "Tengo las herramientas" in page
    client.post(f"/o/acme/surveys/templates/{template.pk}/clone/")
    copy = Template.objects.exclude(pk=template.pk).get()
    response = client.post(
        f"/o/acme/surveys/templates/{copy.pk}/",
        {
            "code": "headset-works",
            "kind": "agree5",
            "required": "on",
            "frontline_en": "My headset works all shift.",
            "leader_en": "Our agents' headsets work all shift.",
        },
    )
    assert response.status_code == 302
    assert copy.items.filter(code="headset-works").exists()
    assert not template.items.filter(code="headset-works").exists()


def test_an_item_is_edited_and_a_used_template_is_protected(world, login, diagnostic):
    client = login(world.admin)
    used = diagnostic.template
    item = used.items.first()
    response = client.post(
        f"/o/acme/surveys/templates/{used.pk}/items/{item.pk}/",
        {"code": item.code, "kind": item.kind, "frontline_en": "x", "leader_en": "y"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.frontline_text["en"] != "x"  # campaigns use it: unchanged
    client.post(f"/o/acme/surveys/templates/{used.pk}/clone/")
    copy = Template.objects.exclude(pk=used.pk).get()
    copied = copy.items.get(code=item.code)
    client.post(
        f"/o/acme/surveys/templates/{copy.pk}/items/{copied.pk}/",
        {"code": item.code, "kind": item.kind, "frontline_en": "New words", "leader_en": "Ours"},
    )
    copied.refresh_from_db()
    assert copied.frontline_text["en"] == "New words"
    assert copied.frontline_text["es"] == item.frontline_text["es"]


def test_duplicate_item_codes_are_refused_on_the_field(world, login):
    client = login(world.admin)
    template = install(client)
    client.post(f"/o/acme/surveys/templates/{template.pk}/clone/")
    copy = Template.objects.exclude(pk=template.pk).get()
    code = Item.objects.filter(template=copy).first().code
    response = client.post(
        f"/o/acme/surveys/templates/{copy.pk}/",
        {"code": code, "kind": "agree5", "frontline_en": "a", "leader_en": "b"},
    )
    assert response.status_code == 400
    assert "Another item of this template has this code" in response.content.decode()


def test_directors_read_templates_but_cannot_change_them(world, login):
    template = install(login(world.admin))
    director = login(world.director)
    assert director.get(f"/o/acme/surveys/templates/{template.pk}/").status_code == 200
    assert director.post(f"/o/acme/surveys/templates/{template.pk}/clone/").status_code == 404
