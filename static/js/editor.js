// Editor de texto rico: transforma cada <textarea data-editor="html"> no TinyMCE 8 vendorizado
// (static/vendor/tinymce-8.x, GPL-2.0-or-later). Sem JavaScript, ou se o editor falhar, a textarea
// continua enviando o HTML normalmente. Funciona sob a CSP do projeto (sem 'unsafe-inline'):
// nenhum estilo inline é produzido; alinhamento e estilos de parágrafo do SEI viram classes
// (as mesmas que o saneador do servidor aceita, documentos/html.py), sublinhado vira <u>, tabelas
// saem sem style/border/colgroup. O texto do editor usa a folha do PDF (documento-conteudo.css).
(function () {
  "use strict";

  var tinymce = window.tinymce;
  if (!tinymce) return;

  var IDIOMA = "pt-BR";
  // Textos que faltam no pacote pt-BR (tinymce-i18n) ou que soam estranhos aqui. Acrescentados
  // só depois que o pacote carregou: antes, o TinyMCE acharia o idioma presente e não o buscaria.
  var TRADUCOES = {
    "Paragraph": "Parágrafo",
    "Press {0} for help": "Pressione {0} para ajuda",
    "Styles": "Estilos",
    "Formats": "Estilos", // o rótulo do menu de estilos quando nenhum está aplicado
    "Reveal or hide additional toolbar items": "Mais ferramentas",
  };

  var BLOCOS_ALINHAVEIS = "p,h1,h2,h3,h4,li,td,th";
  var CLASSES_ALINHAMENTO = "text-left text-center text-right text-justify";

  // Estilos de parágrafo do SEI, com os nomes de classe do SEI (documentos/html.py: ESTILOS).
  var ESTILOS = [
    { nome: "sei_recuo", titulo: "Texto justificado com recuo", classe: "Texto_Justificado_Recuo_Primeira_Linha" },
    { nome: "sei_item1", titulo: "Item numerado nível 1 (1.)", classe: "Item_Nivel1" },
    { nome: "sei_item2", titulo: "Item numerado nível 2 (1.1.)", classe: "Item_Nivel2" },
    { nome: "sei_item3", titulo: "Item numerado nível 3 (1.1.1.)", classe: "Item_Nivel3" },
    { nome: "sei_item4", titulo: "Item numerado nível 4 (1.1.1.1.)", classe: "Item_Nivel4" },
    { nome: "sei_paragrafo_numerado", titulo: "Parágrafo numerado", classe: "Paragrafo_Numerado_Nivel1" },
    { nome: "sei_citacao", titulo: "Citação", classe: "Citacao" },
    { nome: "sei_tabela_esquerda", titulo: "Tabela: texto à esquerda", classe: "Tabela_Texto_Alinhado_Esquerda", tabela: true },
    { nome: "sei_tabela_centro", titulo: "Tabela: texto centralizado", classe: "Tabela_Texto_Centralizado", tabela: true },
  ];
  var CLASSES_ESTILOS = ESTILOS.map(function (e) { return e.classe; }).join(" ");
  var CLASSES_TABELA = ESTILOS.filter(function (e) { return e.tabela; }).map(function (e) { return e.classe; }).join(" ");

  // O que o editor aceita e produz; o servidor (nh3) aceita o mesmo conjunto.
  var ELEMENTOS_VALIDOS = [
    "p[class]", "h1[class]", "h2[class]", "h3[class]", "h4[class]", "br",
    "strong/b", "em/i", "u", "a[href|class|data-sei|data-nup]", "ul", "ol", "li[class]",
    "table", "thead", "tbody", "tr", "th[class|colspan|rowspan|scope]", "td[class|colspan|rowspan]",
  ].join(",");

  function alinhamento(classe) {
    return { selector: BLOCOS_ALINHAVEIS, classes: classe };
  }

  function formatos() {
    var f = {
      alignleft: alinhamento("text-left"),
      aligncenter: alinhamento("text-center"),
      alignright: alinhamento("text-right"),
      alignjustify: alinhamento("text-justify"),
      underline: { inline: "u", exact: true },
    };
    ESTILOS.forEach(function (e) {
      f[e.nome] = e.tabela ? { selector: "td,th,p", classes: e.classe } : { block: "p", classes: e.classe };
    });
    return f;
  }

  function rotulo(textarea) {
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    return (label && label.textContent.trim()) || textarea.getAttribute("aria-label") || "Texto do documento";
  }

  // --- Link SEI --------------------------------------------------------------------------------
  // Número SEI (até 12 dígitos) ou NUP (17 dígitos, com ou sem pontuação). O link guardado é só
  // <a class="link-sei" data-sei|data-nup>; quem pode seguir o link decide o servidor, ao exibir.

  function alvoLinkSei(texto) {
    var digitos = (texto || "").replace(/\D/g, "");
    if (digitos.length === 17) {
      var nup = digitos.slice(0, 5) + "." + digitos.slice(5, 11) + "/" + digitos.slice(11, 15) + "-" + digitos.slice(15);
      return { atributo: "data-nup", valor: digitos, texto: nup };
    }
    if (digitos.length >= 1 && digitos.length <= 12 && /^[\d.\s\/-]+$/.test(texto.trim())) {
      var numero = String(parseInt(digitos, 10));
      while (numero.length < 7) numero = "0" + numero;
      return { atributo: "data-sei", valor: numero, texto: numero };
    }
    return null;
  }

  function dialogoLinkSei(editor) {
    editor.windowManager.open({
      title: "Link SEI",
      body: {
        type: "panel",
        items: [
          { type: "input", name: "numero", label: "Número SEI ou NUP", inputMode: "numeric", placeholder: "0001234 ou 52402.000001/2026-30" },
          {
            type: "htmlpanel",
            html: "<p>O link aparece como o número. Só quem pode ver o documento ou processo citado o verá como link.</p>",
          },
        ],
      },
      buttons: [
        { type: "cancel", text: "Cancelar" },
        { type: "submit", name: "inserir", text: "Inserir", primary: true, enabled: false },
      ],
      onChange: function (api) {
        api.setEnabled("inserir", !!alvoLinkSei(api.getData().numero));
      },
      onSubmit: function (api) {
        var alvo = alvoLinkSei(api.getData().numero);
        if (!alvo) return;
        editor.insertContent(
          '<a class="link-sei" ' + alvo.atributo + '="' + alvo.valor + '">' + alvo.texto + "</a>&nbsp;"
        );
        api.close();
      },
    });
  }

  // --- Rascunho no navegador -------------------------------------------------------------------
  // O plugin autosave guarda o texto não salvo no localStorage, por usuário, documento e versão
  // (data-rascunho no elemento em volta da textarea). Ao abrir, se houver rascunho diferente do
  // texto salvo, pergunta: Restaurar ou Descartar. Depois de um salvamento bem-sucedido (a
  // versão mudou), o rascunho da versão anterior é apagado.

  var ENVIADO = "sei-rascunho-enviado";

  function prefixoRascunho(textarea) {
    var dono = textarea.closest("[data-rascunho]");
    return dono ? "sei-rascunho-" + dono.getAttribute("data-rascunho") + "-" : null;
  }

  function descartarRascunhoSalvo(prefixo) {
    try {
      var enviado = window.sessionStorage.getItem(ENVIADO);
      window.sessionStorage.removeItem(ENVIADO);
      if (enviado && enviado !== prefixo) {
        window.localStorage.removeItem(enviado + "draft");
        window.localStorage.removeItem(enviado + "time");
      }
    } catch (e) {
      // Armazenamento indisponível (modo privado restrito): sem rascunho, nada a apagar.
    }
  }

  function quando(prefixo) {
    var ms = parseInt(window.localStorage.getItem(prefixo + "time") || "0", 10);
    var data = new Date(ms);
    return data.toLocaleDateString("pt-BR") + " às " + data.toLocaleTimeString("pt-BR", { hour: "2-digit", minute: "2-digit" });
  }

  function oferecerRascunho(editor, prefixo) {
    var autosave = editor.plugins.autosave;
    if (!autosave || !autosave.hasDraft()) return;
    var rascunho = window.localStorage.getItem(prefixo + "draft") || "";
    if (editor.dom.isEmpty(editor.dom.createFragment(rascunho)) || rascunho === editor.getContent({ format: "raw" })) {
      autosave.removeDraft(false);
      return;
    }
    editor.windowManager.open({
      title: "Texto não salvo",
      body: {
        type: "panel",
        items: [{
          type: "htmlpanel",
          html: "<p>Este navegador guardou, em " + editor.dom.encode(quando(prefixo)) +
            ", alterações deste documento que não foram salvas.</p>" +
            "<p>Restaurar põe esse texto no editor (salve para mantê-lo); Descartar apaga o rascunho.</p>",
        }],
      },
      buttons: [
        { type: "custom", name: "descartar", text: "Descartar" },
        { type: "custom", name: "restaurar", text: "Restaurar", primary: true },
      ],
      onAction: function (api, detalhe) {
        if (detalhe.name === "restaurar") {
          editor.undoManager.transact(function () { autosave.restoreDraft(); });
          editor.setDirty(true);
        } else {
          autosave.removeDraft();
        }
        api.close();
        editor.focus();
      },
    });
  }

  function iniciar(textarea) {
    var obrigatorio = textarea.required;
    var css = textarea.getAttribute("data-editor-css");
    var prefixo = prefixoRascunho(textarea);
    var plugins = "lists table link autoresize help";
    if (prefixo) {
      plugins += " autosave";
      descartarRascunhoSalvo(prefixo);
    }

    var opcoes = {
      target: textarea,
      license_key: "gpl", // TinyMCE 8 sob a GPL-2.0-or-later (compatível com a AGPL do projeto)
      language: IDIOMA,
      menubar: false,
      plugins: plugins,
      toolbar:
        "undo redo | bold italic underline | styles blocks | linksei link | bullist numlist | " +
        "alignleft aligncenter alignright alignjustify | table | removeformat | help",
      // Uma linha só; o que não cabe vai para o botão "Mais ferramentas" (gaveta deslizante).
      toolbar_mode: "sliding",
      toolbar_sticky: true,
      block_formats: "Parágrafo=p; Título 1=h1; Título 2=h2; Título 3=h3",
      style_formats: ESTILOS.map(function (e) { return { title: e.titulo, format: e.nome }; }),
      style_formats_autohide: false,
      width: "100%",
      min_height: 320,
      autoresize_bottom_margin: 24,
      promotion: false,
      branding: false,
      contextmenu: false,
      browser_spellcheck: true,
      iframe_aria_text: rotulo(textarea) + ". Pressione Alt+0 para ajuda.",
      // A folha do PDF: mesma fonte, tamanho e largura de texto (ver documento-conteudo.css).
      content_css: css ? [css] : [],
      body_class: "corpo",
      visual: false, // bordas tracejadas do TinyMCE: as tabelas já têm borda
      noneditable_class: "link-sei", // o link SEI é um bloco só: apaga-se inteiro, não se edita

      // Só HTML semântico, sem estilos inline (bloqueados pela CSP e pelo sanitizador).
      valid_elements: ELEMENTOS_VALIDOS,
      valid_classes: {
        "*": CLASSES_ALINHAMENTO,
        p: CLASSES_ALINHAMENTO + " " + CLASSES_ESTILOS,
        td: CLASSES_ALINHAMENTO + " " + CLASSES_TABELA,
        th: CLASSES_ALINHAMENTO + " " + CLASSES_TABELA,
        a: "link-sei",
      },
      valid_styles: { "*": "" },
      entity_encoding: "raw",
      formats: formatos(),

      // Links: endereços relativos do próprio SEI (/processos/<NUP>/, /documentos/<nº SEI>/)
      // ficam como foram digitados; nada de alvo nem título.
      relative_urls: false,
      remove_script_host: true,
      link_title: false,
      link_target_list: false,
      link_assume_external_targets: false,
      allow_script_urls: false,

      // Tabelas simples: sem larguras, bordas ou estilos gravados no conteúdo.
      table_default_attributes: {},
      table_default_styles: {},
      table_use_colgroups: false,
      table_sizing_mode: "responsive",
      table_resize_bars: false,
      object_resizing: false,
      table_advtab: false,
      table_cell_advtab: false,
      table_row_advtab: false,
      table_appearance_options: false,
      table_header_type: "section",
      table_toolbar:
        "tableinsertrowbefore tableinsertrowafter tabledeleterow | " +
        "tableinsertcolbefore tableinsertcolafter tabledeletecol | tablerowheader | tabledelete",

      setup: function (editor) {
        editor.on("ScriptsLoaded", function () {
          tinymce.addI18n(IDIOMA, TRADUCOES);
        });
        editor.ui.registry.addButton("linksei", {
          text: "Link SEI",
          tooltip: "Inserir link SEI (número SEI ou NUP)",
          onAction: function () { dialogoLinkSei(editor); },
        });
        // Um estilo de parágrafo por vez: escolher outro tira o anterior.
        editor.on("BeforeExecCommand", function (evento) {
          if (evento.command !== "mceToggleFormat") return;
          var escolhido = ESTILOS.filter(function (e) { return e.nome === evento.value; })[0];
          if (!escolhido || editor.formatter.match(escolhido.nome)) return;
          ESTILOS.forEach(function (e) {
            if (e !== escolhido && editor.formatter.match(e.nome)) editor.formatter.remove(e.nome);
          });
        });
        if (prefixo) {
          editor.on("init", function () { oferecerRascunho(editor, prefixo); });
        }
        // A textarea oculta não pode ser "required" (o navegador recusaria o envio sem mostrar
        // onde); a verificação passa a ser feita aqui, e o servidor valida de novo.
        if (obrigatorio) textarea.required = false;
        if (textarea.form) {
          textarea.form.addEventListener("submit", function (evento) {
            editor.save();
            if (obrigatorio && !editor.getContent({ format: "text" }).trim()) {
              evento.preventDefault();
              editor.notificationManager.open({ text: "Preencha o texto do documento.", type: "error", timeout: 5000 });
              editor.focus();
              return;
            }
            if (prefixo) {
              // Guarda o rascunho até o fim do envio; a próxima página apaga o desta versão se
              // a versão mudou (salvou), e o mantém se o envio voltou com erro ou conflito.
              if (editor.plugins.autosave) editor.plugins.autosave.storeDraft();
              try { window.sessionStorage.setItem(ENVIADO, prefixo); } catch (e) { /* sem armazenamento */ }
            }
          });
        }
      },
    };
    if (prefixo) {
      // Rascunho no navegador (só onde a página diz de qual documento e versão).
      opcoes.autosave_prefix = prefixo;
      opcoes.autosave_ask_before_unload = false; // static/js/documentos.js já avisa ao sair
      opcoes.autosave_interval = "5s";
      opcoes.autosave_retention = "10080m"; // 7 dias
    }
    tinymce.init(opcoes).catch(function () {
      // Editor não carregou: a textarea continua visível e funcional.
      textarea.required = obrigatorio;
    });
  }

  function iniciarTodos() {
    document.querySelectorAll('textarea[data-editor="html"]').forEach(iniciar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", iniciarTodos);
  } else {
    iniciarTodos();
  }
})();
