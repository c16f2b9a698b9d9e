"""The "mesa de trabalho": the screens and API answers that show several apps together — the
process screen (its data, its document tree, later its signatures...) and the process detail the
API returns after every operation.

A top-level app of its own because no app below can honestly hold it: ``processos`` may not
know documents (dependencies run one way, ``sei`` ← ``processos`` ← ``documentos`` ← the later
apps), and each later app would otherwise have to own the page again. Everything here reads
through the apps' selectors and services and only composes and renders.
"""

from django.apps import AppConfig


class MesaConfig(AppConfig):
    name = "mesa"
    verbose_name = "Mesa de trabalho"
