"""Form widgets of the process pages."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.safestring import mark_safe


class UnidadesDestinoWidget(forms.CheckboxSelectMultiple):
    """Destination units as checkboxes in a scrollable list with a filter box: several at once
    without Ctrl-click, found by typing part of the sigla or the name (SEI's "Unidades" picker).

    Progressive enhancement: without JavaScript, a plain list of checkboxes; the filter box
    (``static/js/unidades_destino.js``) appears when the script runs. The widget brings its own
    stylesheet and script, so every page that renders the field (``{{ field.as_field_group }}``)
    gets them without listing the form's media.

    Drawn in Python, not by a template: it is on the Controle de Processos page (the batch send),
    the most requested page, where a template loop over the units cost ~5 ms a request
    (``bench/carga.py``). Every label and value is escaped here."""

    def _opcoes(self) -> list[tuple[str, str]]:
        # A model field's choices: one plain query (ModelChoiceIterator would open a server-side
        # cursor on PostgreSQL: three round trips for a few dozen rows).
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return [(str(valor), str(rotulo)) for valor, rotulo in self.choices]
        rotular = self.choices.field.label_from_instance
        return [(str(obj.pk), rotular(obj)) for obj in list(queryset)]

    def render(self, name, value, attrs=None, renderer=None):
        marcadas = set(self.format_value(value))
        atributos = self.build_attrs(self.attrs, attrs)
        id_base = escape(str(atributos.pop("id", None) or name))
        # What the bound field adds (aria-describedby of the help text, aria-invalid, disabled)
        # goes on each checkbox.
        extra = flatatt({k: v for k, v in atributos.items() if k != "required"})
        nome = escape(name)
        itens = []
        for i, (valor, rotulo) in enumerate(self._opcoes()):
            marcada = " checked" if valor in marcadas else ""
            itens.append(
                f'\n    <li><input type="checkbox" name="{nome}" value="{escape(valor)}" id="{id_base}_{i}"'
                f'{marcada}{extra}>\n      <label for="{id_base}_{i}">{escape(rotulo)}</label></li>'
            )
        if not itens:
            itens.append('\n    <li class="vazio">Nenhuma unidade pode receber processos desta unidade.</li>')
        return mark_safe(
            f'<link rel="stylesheet" href="{static("css/unidades_destino.css")}">'
            f'<script src="{static("js/unidades_destino.js")}" defer></script>\n'
            f'<div class="unidades-destino" data-unidades-destino>\n'
            f'  <div class="unidades-destino-filtro" hidden>\n'
            f'    <label for="{id_base}_filtro">Filtrar unidades</label>\n'
            f'    <input type="search" id="{id_base}_filtro" class="unidades-destino-busca" '
            f'aria-controls="{id_base}_lista" aria-describedby="{id_base}_resumo" autocomplete="off" '
            f'spellcheck="false" placeholder="Sigla ou nome">\n'
            f'    <p class="unidades-destino-resumo" id="{id_base}_resumo" aria-live="polite"></p>\n'
            f"  </div>\n"
            f'  <ul class="unidades-destino-lista" id="{id_base}_lista">{"".join(itens)}\n  </ul>\n</div>'
        )
