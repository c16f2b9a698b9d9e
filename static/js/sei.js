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

  // Mensagens: leva o foco à primeira mensagem de erro, para quem usa teclado ou leitor de tela.
  var erro = document.querySelector(".msg-error");
  if (erro) {
    erro.setAttribute("tabindex", "-1");
    erro.focus();
  }
})();
