"""The layers of docs/architecture.md hold: imports point down, and no app's modules import each
other in a circle."""

from __future__ import annotations

from tests.layers import cycles_within_apps, layer_of, upward_imports


def test_no_module_imports_a_higher_layer():
    assert upward_imports() == []


def test_no_import_cycle_between_modules_of_one_app():
    assert cycles_within_apps() == []


def test_the_checks_see_an_upward_import(tmp_path, monkeypatch):
    """The check can fail: a module of org that imports the pulse is reported."""
    import tests.layers as layers

    fake = tmp_path / "twoway"
    (fake / "org").mkdir(parents=True)
    (fake / "pulse").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "org" / "__init__.py").write_text("")
    (fake / "pulse" / "__init__.py").write_text("")
    (fake / "pulse" / "trends.py").write_text("from twoway.org import models\n")
    (fake / "org" / "models.py").write_text("def f():\n    from twoway.pulse.trends import x\n")
    monkeypatch.setattr(layers, "SOURCE", fake)
    assert upward_imports() == [
        "twoway.org.models:2 imports twoway.pulse.trends (twoway.pulse, layer 4)"
    ]
    assert cycles_within_apps() == []


def test_the_checks_see_a_cycle(tmp_path, monkeypatch):
    import tests.layers as layers

    fake = tmp_path / "twoway"
    (fake / "pulse").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "pulse" / "__init__.py").write_text("")
    (fake / "pulse" / "models.py").write_text("from .alerts import Alert\n")
    (fake / "pulse" / "alerts.py").write_text("from .models import Wave\n")
    monkeypatch.setattr(layers, "SOURCE", fake)
    assert cycles_within_apps() == [["twoway.pulse.alerts", "twoway.pulse.models"]]


def test_every_app_has_a_layer():
    assert layer_of("twoway.org.roster.parse") == ("twoway.org.roster", 0)
    assert layer_of("twoway.pulse.views") == ("twoway.pulse", 4)
    assert layer_of("twoway.demo.pulse") == ("twoway.demo", 8)
