"""Form widgets of the process pages."""

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string


class UnidadesDestinoWidget(forms.CheckboxSelectMultiple):
    """Destination units as checkboxes in a scrollable list with a filter box: several at once
    without Ctrl-click, found by typing part of the sigla or the name (SEI's "Unidades" picker).

    Progressive enhancement: without JavaScript, a plain list of checkboxes; the filter box
    (``static/js/unidades_destino.js``) appears when the script runs. The widget brings its own
    stylesheet and script, so every page that renders the field (``{{ field.as_field_group }}``)
    gets them without listing the form's media."""

    template_name = "processos/widgets/unidades_destino.html"

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/), not the form renderer's own: the markup is
        # written whole in the template, with no include of Django's widget templates.
        return render_to_string(template_name, context)

    def optgroups(self, name, value, attrs=None):
        return []  # the options are listed flat below: Django's per-option dicts cost ~60 µs each

    def get_context(self, name, value, attrs):
        contexto = super().get_context(name, value, attrs)
        marcadas = {str(v) for v in contexto["widget"]["value"]}
        contexto["widget"]["opcoes"] = [
            {"value": valor, "label": rotulo, "selected": str(valor) in marcadas}
            for valor, rotulo in self.choices
        ]
        atributos = dict(contexto["widget"]["attrs"])
        contexto["widget"]["id_base"] = atributos.pop("id", None) or name
        # What the bound field adds (aria-describedby of the help text, aria-invalid, disabled)
        # goes on each checkbox.
        contexto["widget"]["atributos"] = flatatt({k: v for k, v in atributos.items() if k != "required"})
        return contexto
