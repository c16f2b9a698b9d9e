// A tela do processo: árvore (padrão ARIA tree), barra de ações (ARIA toolbar), diálogos com
// confirmação e a gaveta da árvore no celular. Sem JavaScript tudo continua acessível: a árvore
// aparece toda aberta e cada ação leva ao seu formulário no fim da página.
(function () {
  "use strict";

  var tela = document.querySelector("[data-tela-processo]");
  if (!tela) return;
  tela.classList.add("com-js");

  // --- Árvore -------------------------------------------------------------------------------
  var arvore = tela.querySelector('[role="tree"]');
  if (arvore) {
    var itens = function () {
      return Array.prototype.filter.call(arvore.querySelectorAll('[role="treeitem"]'), function (item) {
        for (var g = item.parentElement.closest('[role="group"]'); g; g = g.parentElement.closest('[role="group"]')) {
          var dono = g.previousElementSibling;
          if (dono && dono.getAttribute("aria-expanded") === "false") return false;
        }
        return true;
      });
    };
    var focar = function (item) {
      arvore.querySelectorAll('[role="treeitem"]').forEach(function (i) { i.setAttribute("tabindex", "-1"); });
      item.setAttribute("tabindex", "0");
      item.focus();
    };
    var grupoDe = function (item) {
      var irmao = item.nextElementSibling;
      return irmao && irmao.getAttribute("role") === "group" ? irmao : null;
    };
    var pai = function (item) {
      var grupo = item.parentElement.closest('[role="group"]');
      return grupo ? grupo.previousElementSibling : null;
    };
    var alternar = function (item, abrir) {
      if (!item.hasAttribute("aria-expanded")) return;
      item.setAttribute("aria-expanded", String(abrir === undefined ? item.getAttribute("aria-expanded") !== "true" : abrir));
    };
    var todos = arvore.querySelectorAll('[role="treeitem"]');
    todos.forEach(function (i) { i.setAttribute("tabindex", "-1"); });
    var atual = arvore.querySelector('[role="treeitem"][aria-selected="true"]') || todos[0];
    if (atual) {
      atual.setAttribute("tabindex", "0");
      for (var p = pai(atual); p; p = pai(p)) alternar(p, true); // o item aberto fica visível
      if (atual !== todos[0] && atual.scrollIntoView) atual.scrollIntoView({ block: "nearest" });
    }
    arvore.addEventListener("click", function (ev) {
      var item = ev.target.closest('span[role="treeitem"]');
      if (item) { alternar(item); focar(item); }
    });
    arvore.addEventListener("keydown", function (ev) {
      var item = ev.target.closest('[role="treeitem"]');
      if (!item) return;
      var visiveis = itens();
      var i = visiveis.indexOf(item);
      var aberto = item.getAttribute("aria-expanded");
      switch (ev.key) {
        case "ArrowDown": if (i < visiveis.length - 1) focar(visiveis[i + 1]); break;
        case "ArrowUp": if (i > 0) focar(visiveis[i - 1]); break;
        case "Home": focar(visiveis[0]); break;
        case "End": focar(visiveis[visiveis.length - 1]); break;
        case "ArrowRight":
          if (aberto === "false") alternar(item, true);
          else if (aberto === "true" && grupoDe(item)) focar(grupoDe(item).querySelector('[role="treeitem"]'));
          break;
        case "ArrowLeft":
          if (aberto === "true" && item !== todos[0]) alternar(item, false);
          else if (pai(item)) focar(pai(item));
          break;
        case "Enter": case " ":
          if (item.tagName !== "A") alternar(item);
          else if (ev.key === " ") item.click();
          else return; // Enter num link: o navegador abre
          break;
        default: return;
      }
      ev.preventDefault();
    });
  }

  // --- Barra de ações ---------------------------------------------------------------------------
  document.querySelectorAll('[role="toolbar"]').forEach(function (barra) {
    var botoes = Array.prototype.slice.call(barra.querySelectorAll(".botao-icone"));
    botoes.forEach(function (b, i) { b.setAttribute("tabindex", i === 0 ? "0" : "-1"); });
    barra.addEventListener("keydown", function (ev) {
      var i = botoes.indexOf(document.activeElement);
      if (i < 0) return;
      var destino = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: botoes.length - 1 }[ev.key];
      if (destino === undefined) return;
      destino = (destino + botoes.length) % botoes.length;
      botoes[i].setAttribute("tabindex", "-1");
      botoes[destino].setAttribute("tabindex", "0");
      botoes[destino].focus();
      ev.preventDefault();
    });
  });

  // --- Diálogos -------------------------------------------------------------------------------
  var origem = null;
  document.querySelectorAll("[data-dialogo]").forEach(function (botao) {
    botao.setAttribute("role", "button");
    botao.addEventListener("click", function (ev) {
      var dialogo = document.getElementById(botao.getAttribute("data-dialogo"));
      if (!dialogo || !dialogo.showModal) return; // sem suporte: o link leva ao formulário
      ev.preventDefault();
      origem = botao;
      dialogo.showModal();
    });
    botao.addEventListener("keydown", function (ev) {
      if (ev.key === " ") { ev.preventDefault(); botao.click(); }
    });
  });
  document.querySelectorAll("dialog.dialogo").forEach(function (dialogo) {
    dialogo.addEventListener("close", function () {
      var confirmacao = dialogo.querySelector(".confirmacao");
      if (confirmacao) confirmacao.hidden = true;
      if (origem) origem.focus();
    });
    dialogo.querySelectorAll("[data-fechar]").forEach(function (fechar) {
      fechar.addEventListener("click", function (ev) {
        if (!dialogo.open) return; // aberto pelo link (sem showModal): o href="#" fecha
        ev.preventDefault();
        dialogo.close();
      });
    });
  });
  // Um formulário com erro volta com o diálogo aberto.
  var comErro = document.querySelector("dialog.dialogo .errorlist");
  if (comErro) comErro.closest("dialog").showModal();

  // Enviar sem "manter aberto" tira o processo da unidade: pede confirmação dizendo para onde vai.
  document.querySelectorAll("form[data-confirmar-envio]").forEach(function (form) {
    var confirmacao = form.querySelector(".confirmacao");
    var texto = form.querySelector("[data-texto-confirmacao]");
    var confirmado = false;
    var nomes = function () {
      var marcados = form.querySelectorAll('select[name$="unidades"] option:checked, input[name$="unidades"]:checked');
      return Array.prototype.map.call(marcados, function (m) {
        if (m.tagName === "OPTION") return m.textContent.trim();
        var rotulo = m.closest("label") || form.querySelector('label[for="' + m.id + '"]');
        return rotulo ? rotulo.textContent.trim() : m.value;
      });
    };
    form.addEventListener("submit", function (ev) {
      var manter = form.querySelector('input[name$="manter_aberto"]');
      var destinos = nomes();
      if (confirmado || (manter && manter.checked) || !destinos.length) return;
      ev.preventDefault();
      texto.textContent = "O processo será enviado para " + destinos.join(", ") +
        " e deixará de estar aberto nesta unidade (sai do seu Controle de Processos). Confirma o envio?";
      confirmacao.hidden = false;
      confirmacao.querySelector("[data-confirmar]").focus();
    });
    confirmacao.querySelector("[data-confirmar]").addEventListener("click", function () {
      confirmado = true;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
    confirmacao.querySelector("[data-desistir]").addEventListener("click", function () {
      confirmacao.hidden = true;
      form.querySelector('button[type="submit"]').focus();
    });
  });

  // --- Gaveta da árvore (celular) ---------------------------------------------------------------
  var abrir = tela.querySelector(".abrir-arvore");
  var painel = document.getElementById("painel-arvore");
  if (abrir && painel) {
    abrir.hidden = false;
    var definir = function (aberta) {
      painel.classList.toggle("aberta", aberta);
      abrir.setAttribute("aria-expanded", String(aberta));
      if (aberta) {
        var item = painel.querySelector('[role="treeitem"][tabindex="0"]');
        if (item) item.focus();
      } else {
        abrir.focus();
      }
    };
    abrir.addEventListener("click", function () { definir(!painel.classList.contains("aberta")); });
    painel.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && painel.classList.contains("aberta")) definir(false);
    });
    document.addEventListener("click", function (ev) {
      if (painel.classList.contains("aberta") && !painel.contains(ev.target) && !abrir.contains(ev.target)) definir(false);
    });
  }
})();
