// SEI: melhorias progressivas pequenas; tudo funciona sem JavaScript.
(function () {
  "use strict";

  // "Selecionar todos" em cada coluna do Controle de Processos.
  document.querySelectorAll(".coluna").forEach(function (coluna) {
    var caixas = coluna.querySelectorAll('.caixa input[type="checkbox"]');
    var titulo = coluna.querySelector("h2");
    if (!caixas.length || !titulo) return;
    var botao = document.createElement("button");
    botao.type = "button";
    botao.className = "secundario pequeno";
    botao.textContent = "Selecionar todos";
    botao.setAttribute("aria-label", "Selecionar todos os processos de " + titulo.firstChild.textContent.trim());
    botao.addEventListener("click", function () {
      var marcar = Array.prototype.some.call(caixas, function (c) { return !c.checked; });
      caixas.forEach(function (c) { c.checked = marcar; });
      botao.textContent = marcar ? "Desmarcar todos" : "Selecionar todos";
    });
    titulo.insertAdjacentElement("afterend", botao);
  });

  // Lista de unidades com caixas de marcar (disponibilizar bloco): um campo filtra as opções.
  document.querySelectorAll("[data-filtrar]").forEach(function (campo) {
    var opcoes = campo.querySelectorAll("label");
    var lista = campo.querySelector("input[type=checkbox]");
    if (opcoes.length < 6 || !lista) return;
    var filtro = document.createElement("input");
    filtro.type = "search";
    filtro.className = "filtro-unidades";
    filtro.setAttribute("aria-label", "Filtrar unidades pela sigla ou nome");
    filtro.placeholder = "Filtrar unidades";
    filtro.addEventListener("input", function () {
      var termo = filtro.value.trim().toLowerCase();
      opcoes.forEach(function (rotulo) {
        if (!rotulo.querySelector("input[type=checkbox]")) return;
        var item = rotulo.closest("div") || rotulo;
        item.hidden = termo !== "" && rotulo.textContent.toLowerCase().indexOf(termo) === -1;
      });
    });
    var grupo = lista.closest("div").parentElement;
    grupo.parentElement.insertBefore(filtro, grupo);
  });

  // Mensagens: leva o foco à primeira mensagem de erro, para quem usa teclado ou leitor de tela.
  var erro = document.querySelector(".msg-error");
  if (erro) {
    erro.setAttribute("tabindex", "-1");
    erro.focus();
  }
})();
