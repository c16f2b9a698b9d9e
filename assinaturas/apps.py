from django.apps import AppConfig


class AssinaturasConfig(AppConfig):
    name = "assinaturas"
    verbose_name = "Assinaturas"
    default_auto_field = "django.db.models.BigAutoField"
    # What a backup manifest counts of this app (sei.backup): {name in the manifest: model}.
    contagens_backup = {"assinaturas": "Assinatura"}
    # Optional columns of importar_estrutura's user rows this app applies (sei reads them and never
    # imports this app): {column: "path.to.function(*, usuario, valor, unidades) -> Acao"}.
    colunas_estrutura_usuario = {"cargo": "assinaturas.provisionamento.cargo_da_estrutura"}

    def ready(self):
        # The document's read model (documentos) shows its signatures through this reader.
        from documentos.acoes import registrar_acoes_do_documento
        from documentos.selectors import registrar_leitor_de_assinaturas
        from documentos.services.internos import (
            registrar_descarte_de_assinaturas,
            registrar_impedimento_de_edicao,
        )

        from . import blocos, tasks  # noqa: F401  (tasks: registered for sei.tarefas.publicar)
        from .selectors import resumos
        from .services import acoes, descartar, impedimento_de_edicao

        registrar_leitor_de_assinaturas(resumos)
        registrar_acoes_do_documento(acoes)
        # Editing a signed document before it is bloqueado drops its signatures.
        registrar_descarte_de_assinaturas(descartar)
        # Signed by an external user: not edited any more (Editar hidden, the edit refused).
        registrar_impedimento_de_edicao(impedimento_de_edicao)
        registrar_acoes_do_documento(blocos.acoes)
