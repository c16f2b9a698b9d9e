// The destination units picker (processos.widgets.UnidadesDestinoWidget): a filter box over the
// list of checkboxes. Without this script the list works as it is; the box is shown only here.
(function () {
  "use strict";

  function normalizar(texto) {
    return texto.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function iniciar(caixa) {
    if (caixa.dataset.unidadesDestinoPronto) return;
    caixa.dataset.unidadesDestinoPronto = "1";
    var filtro = caixa.querySelector(".unidades-destino-filtro");
    var busca = caixa.querySelector(".unidades-destino-busca");
    var resumo = caixa.querySelector(".unidades-destino-resumo");
    var itens = Array.prototype.slice.call(caixa.querySelectorAll(".unidades-destino-lista li"));
    var opcoes = itens
      .map(function (li) {
        var marca = li.querySelector("input[type=checkbox]");
        return marca ? { li: li, marca: marca, texto: normalizar(li.textContent) } : null;
      })
      .filter(Boolean);
    if (!filtro || !busca || !opcoes.length) return;
    filtro.hidden = false;

    function atualizar() {
      var termos = normalizar(busca.value).split(/\s+/).filter(Boolean);
      var visiveis = 0;
      var marcadas = 0;
      opcoes.forEach(function (o) {
        // A checked unit stays in view: what will be sent is never hidden.
        var mostra = o.marca.checked || termos.every(function (t) { return o.texto.indexOf(t) !== -1; });
        o.li.hidden = !mostra;
        if (mostra) visiveis += 1;
        if (o.marca.checked) marcadas += 1;
      });
      var partes = [];
      if (termos.length) partes.push(visiveis + (visiveis === 1 ? " unidade encontrada" : " unidades encontradas"));
      partes.push(marcadas + (marcadas === 1 ? " selecionada" : " selecionadas"));
      resumo.textContent = partes.join("; ") + ".";
    }

    busca.addEventListener("input", atualizar);
    // Enter in the filter box must not send the form.
    busca.addEventListener("keydown", function (evento) {
      if (evento.key === "Enter") evento.preventDefault();
    });
    caixa.addEventListener("change", atualizar);
    atualizar();
  }

  function iniciarTodos() {
    document.querySelectorAll("[data-unidades-destino]").forEach(iniciar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", iniciarTodos);
  } else {
    iniciarTodos();
  }
})();
