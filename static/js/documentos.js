// Documentos: melhorias progressivas; tudo funciona sem JavaScript.
(function () {
  "use strict";

  // Campos que só valem para uma escolha: mostra-os apenas quando ela está marcada.
  function condicional(nomeEscolha, valor, nomeCampo) {
    var campo = document.querySelector('[data-campo="' + nomeCampo + '"]');
    var opcoes = document.querySelectorAll('input[name="' + nomeEscolha + '"]');
    if (!campo || !opcoes.length) return;
    function atualizar() {
      var marcada = document.querySelector('input[name="' + nomeEscolha + '"]:checked');
      campo.hidden = !(marcada && marcada.value === valor) && !campo.classList.contains("campo-erro");
    }
    opcoes.forEach(function (o) { o.addEventListener("change", atualizar); });
    atualizar();
  }
  condicional("texto_inicial", "documento", "documento_modelo");
  condicional("texto_inicial", "texto_padrao", "texto_padrao");
  condicional("formato", "digitalizado", "tipo_conferencia");

  // Número: só para tipos de numeração informada (o servidor ignora o campo nos demais).
  var tipo = document.querySelector('select[name="tipo"]');
  var campoNumero = document.querySelector('[data-campo="numero"]');
  if (tipo && campoNumero) {
    var mostrarNumero = function () {
      var opcao = tipo.options[tipo.selectedIndex];
      var informado = opcao && opcao.hasAttribute("data-numero-informado");
      campoNumero.hidden = !informado && !campoNumero.classList.contains("campo-erro");
    };
    tipo.addEventListener("change", mostrarNumero);
    mostrarNumero();
  }

  // Hipótese legal: só as do nível escolhido (restrito ou sigiloso); nenhuma para público.
  // O servidor confere de novo: uma hipótese de outro nível é recusada com mensagem no campo.
  var hipoteses = document.querySelector("select[data-hipoteses]");
  if (hipoteses && document.querySelector('input[name="nivel_acesso"]')) {
    var filtrarHipoteses = function () {
      var marcada = document.querySelector('input[name="nivel_acesso"]:checked');
      var nivel = marcada ? marcada.value : "";
      Array.prototype.forEach.call(hipoteses.querySelectorAll("option[data-nivel]"), function (opcao) {
        var vale = opcao.getAttribute("data-nivel") === nivel;
        opcao.hidden = !vale;
        opcao.disabled = !vale;
        if (!vale && opcao.selected) hipoteses.value = "";
      });
      Array.prototype.forEach.call(hipoteses.querySelectorAll("optgroup"), function (grupo) {
        grupo.hidden = !grupo.querySelector("option:not([hidden])");
      });
      var vazia = hipoteses.querySelector('option[value=""]');
      if (vazia) vazia.textContent = nivel === "publico" ? "Nenhuma (documento público)" : "Selecione a hipótese legal";
      hipoteses.disabled = nivel === "publico";
    };
    document.querySelectorAll('input[name="nivel_acesso"]').forEach(function (o) {
      o.addEventListener("change", filtrarHipoteses);
    });
    filtrarHipoteses();
  }

  // Editor: avisa antes de sair da página com texto não salvo.
  var formEditor = document.querySelector(".form-editor");
  if (formEditor) {
    var salvando = false;
    formEditor.addEventListener("submit", function () { salvando = true; });
    window.addEventListener("beforeunload", function (evento) {
      var editor = window.tinymce && window.tinymce.activeEditor;
      // editor.js sincroniza a textarea com editor.save(), que zera isDirty(); o histórico de
      // desfazer só cresce quando a pessoa altera o texto (carregar o documento não conta).
      if (!salvando && editor && editor.undoManager.hasUndo()) {
        evento.preventDefault();
        evento.returnValue = "";
      }
    });
  }

  // Gerar PDF/ZIP: marcar ou desmarcar todos os documentos.
  var lista = document.querySelector(".campo-documentos");
  if (lista) {
    var caixas = lista.querySelectorAll('input[type="checkbox"]');
    var botao = document.createElement("button");
    botao.type = "button";
    botao.className = "secundario pequeno";
    function rotular() {
      var todas = Array.prototype.every.call(caixas, function (c) { return c.checked; });
      botao.textContent = todas ? "Desmarcar todos" : "Marcar todos";
    }
    botao.addEventListener("click", function () {
      var marcar = Array.prototype.some.call(caixas, function (c) { return !c.checked; });
      caixas.forEach(function (c) { c.checked = marcar; });
      rotular();
    });
    caixas.forEach(function (c) { c.addEventListener("change", rotular); });
    rotular();
    lista.insertBefore(botao, lista.firstChild);
  }

  // Progresso da exportação: consulta o estado a cada segundo até concluir ou falhar.
  var painel = document.querySelector(".exportacao[data-estado-url]");
  if (painel) {
    var url = painel.getAttribute("data-estado-url");
    var barra = painel.querySelector("progress");
    var texto = painel.querySelector("[data-progresso-texto]");
    var estadoTexto = painel.querySelector("[data-estado-texto]");
    var detalhe = painel.querySelector("[data-detalhe]");
    var contagem = painel.querySelector("[data-contagem]");
    var baixar = painel.querySelector("[data-baixar]");
    var atualizar = painel.querySelector("[data-atualizar]");
    var NOMES = { pendente: "na fila…", executando: "gerando…", concluida: "concluído", erro: "erro" };
    var falhas = 0;

    function aplicar(dados) {
      barra.value = dados.progresso;
      barra.textContent = dados.progresso + " %";
      // Só atualiza o texto anunciado quando muda, para o leitor de tela não repetir.
      var novo = dados.progresso + " %";
      if (texto.textContent !== novo) texto.textContent = novo;
      if (contagem && typeof dados.total === "number") {
        // Fora da região anunciada: muda a cada documento e o leitor de tela não precisa repetir.
        var plural = dados.total === 1 ? "" : "s";
        contagem.textContent = dados.estado === "executando" && dados.feitos === dados.total
          ? dados.total + " de " + dados.total + " documentos lidos; montando o arquivo…"
          : dados.feitos + " de " + dados.total + " documento" + plural + " pronto" + plural;
      }
      var nome = NOMES[dados.estado] || dados.estado;
      if (estadoTexto.textContent !== nome) estadoTexto.textContent = nome;
      if (dados.estado === "erro") {
        detalhe.textContent = dados.detail || "Falha ao gerar o arquivo.";
        detalhe.hidden = false;
      }
      if (dados.arquivo) {
        baixar.querySelector("a").href = dados.arquivo;
        baixar.hidden = false;
      }
      var fim = dados.estado === "concluida" || dados.estado === "erro";
      atualizar.hidden = fim;
      return fim;
    }

    function consultar() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (dados) { falhas = 0; if (!aplicar(dados)) setTimeout(consultar, 1000); })
        .catch(function () { falhas += 1; if (falhas < 10) setTimeout(consultar, 2000); });
    }
    var inicial = painel.querySelector("[data-baixar]").hidden && painel.querySelector("[data-detalhe]").hidden;
    if (inicial) setTimeout(consultar, 1000);
  }
})();
