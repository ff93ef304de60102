"""New pages speak Spanish too: the menu, the dashboard, the heatmap's explanation, search."""


def spanish(client):
    client.cookies["django_language"] = "es"
    return client


def test_the_menu_and_the_dashboard_in_spanish(world, login):
    client = spanish(login(world.director))
    page = client.get("/o/acme/pulse/me/").content.decode()
    assert "Resultados" in page and "Última oleada" in page and "Abierto ahora" in page
    assert "Latest wave" not in page
    search = client.get("/o/acme/search/", {"q": "alertas"}).content.decode()
    assert "Alertas" in search


def test_a_404_in_spanish_keeps_the_layout(world, login):
    page = spanish(login(world.agent)).get("/o/acme/surveys/").content.decode()
    assert "Página no encontrada" in page and "Ir a tu página de inicio" in page
