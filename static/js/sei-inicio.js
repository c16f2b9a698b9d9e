// Lido no <head>, antes da primeira pintura: marca que há JavaScript (o menu vira gaveta no
// celular) e aplica o menu recolhido guardado, para a página não piscar a cada carregamento.
(function () {
  "use strict";
  var raiz = document.documentElement;
  raiz.classList.add("js");
  try {
    if (window.localStorage.getItem("sei.menu-recolhido") === "1") raiz.classList.add("menu-recolhido");
  } catch (e) { /* modo privado: o menu começa aberto */ }
})();
