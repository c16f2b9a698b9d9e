// SEI: melhorias progressivas pequenas; tudo funciona sem JavaScript.
(function () {
  "use strict";

  var raiz = document.documentElement;
  raiz.classList.add("js");

  // Menu lateral: recolhível na tela larga (a escolha fica no navegador); gaveta no celular.
  var botaoMenu = document.querySelector(".botao-menu");
  var menu = document.getElementById("menu-lateral");
  if (botaoMenu && menu) {
    var CHAVE = "sei.menu-recolhido";
    var estreita = window.matchMedia("(max-width: 48rem)");
    var lembrar = function (valor) {
      try { window.localStorage.setItem(CHAVE, valor ? "1" : "0"); } catch (e) { /* private mode */ }
    };
    try { raiz.classList.toggle("menu-recolhido", window.localStorage.getItem(CHAVE) === "1"); } catch (e) { /* idem */ }
    var aberto = function () {
      return estreita.matches ? raiz.classList.contains("menu-aberto") : !raiz.classList.contains("menu-recolhido");
    };
    var atualizar = function () {
      botaoMenu.setAttribute("aria-expanded", aberto() ? "true" : "false");
    };
    var fecharGaveta = function (devolverFoco) {
      if (!raiz.classList.contains("menu-aberto")) return;
      raiz.classList.remove("menu-aberto");
      atualizar();
      if (devolverFoco) botaoMenu.focus();
    };
    botaoMenu.hidden = false;
    botaoMenu.addEventListener("click", function () {
      if (estreita.matches) {
        raiz.classList.toggle("menu-aberto");
        if (raiz.classList.contains("menu-aberto")) {
          var atual = menu.querySelector("[aria-current=page]") || menu.querySelector("a");
          if (atual) atual.focus();
        }
      } else {
        raiz.classList.toggle("menu-recolhido");
        lembrar(raiz.classList.contains("menu-recolhido"));
      }
      atualizar();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") fecharGaveta(true);
    });
    document.addEventListener("click", function (e) {
      if (estreita.matches && !menu.contains(e.target) && !botaoMenu.contains(e.target)) fecharGaveta(false);
    });
    if (estreita.addEventListener) estreita.addEventListener("change", function () { fecharGaveta(false); atualizar(); });
    atualizar();
  }

  // Troca de unidade: ao escolher, sem outro clique (o botão continua lá para quem não tem JavaScript).
  document.querySelectorAll("form[data-trocar-ao-escolher] select").forEach(function (lista) {
    var inicial = lista.value;
    lista.addEventListener("change", function () {
      if (lista.value && lista.value !== inicial) lista.form.submit();
    });
  });

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

  // Tabelas mais largas que a tela: a área que rola recebe o foco (setas do teclado rolam).
  document.querySelectorAll(".tabela-rolavel").forEach(function (area) {
    if (area.scrollWidth > area.clientWidth && !area.hasAttribute("tabindex")) area.setAttribute("tabindex", "0");
  });

  // Mensagens: leva o foco à primeira mensagem de erro, para quem usa teclado ou leitor de tela.
  var erro = document.querySelector(".msg-error");
  if (erro) {
    erro.setAttribute("tabindex", "-1");
    erro.focus();
  }
})();
