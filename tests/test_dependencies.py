"""The apps depend one way: workshops uses speakers, speakers never uses workshops, and the
pieces of idm/ that both use depend on neither (README: Layout). `make lint` checks the imports
of speakers/ too (speakers/ruff.toml); this also catches a model looked up by name."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = {"speakers", "workshops"}


def modules(package):
    return [path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]


def imported(path):
    """The top-level packages that a module imports, and the app labels it looks models up in
    (apps.get_model("workshops", ...) or get_model("workshops.Session"))."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value.partition(".")[0])
    return found


def test_the_probe_sees_imports_and_model_lookups(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import workshops.models\nfrom speakers import views\n"
        "apps.get_model('workshops', 'Session')\nget_model('idm.Thing')\n"
    )
    assert imported(module) == {"workshops", "speakers", "idm"}


def test_speakers_neither_imports_nor_looks_up_workshops():
    assert {
        str(path.relative_to(ROOT)) for path in modules("speakers") if "workshops" in imported(path)
    } == set()


def idm_modules_used_by(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "idm":
            yield from (f"idm.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("idm."):
            yield node.module


def test_the_pieces_of_idm_that_the_apps_use_depend_on_neither_app():
    shared = {
        module for app in APPS for path in modules(app) for module in idm_modules_used_by(path)
    }
    assert "idm.filters" in shared  # otherwise this proves nothing
    depending = {
        module for module in shared if imported(ROOT / f"{module.replace('.', '/')}.py") & APPS
    }
    assert depending == set()
