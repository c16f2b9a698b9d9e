// Editor de texto rico: transforma cada <textarea data-editor="html"> no TinyMCE 6 vendorizado
// (static/vendor/tinymce-6.8.6). Sem JavaScript, ou se o editor falhar, a textarea continua
// enviando o HTML normalmente. Funciona sob a CSP do projeto (sem 'unsafe-inline'): nenhum
// estilo inline é produzido; alinhamento vira classe (text-left|center|right|justify),
// sublinhado vira <u>, tabelas saem sem style/border/colgroup.
(function () {
  "use strict";

  var tinymce = window.tinymce;
  if (!tinymce) return;

  // Textos que faltam no pacote pt_BR (tinymce-i18n) ou que soam estranhos aqui. Acrescentados
  // só depois que o pacote carregou: antes, o TinyMCE acharia o idioma presente e não o buscaria.
  var TRADUCOES = {
    "Paragraph": "Parágrafo",
    "Press {0} for help": "Pressione {0} para ajuda",
  };

  var BLOCOS_ALINHAVEIS = "p,h1,h2,h3,h4,li,td,th";
  var CLASSES_ALINHAMENTO = "text-left text-center text-right text-justify";

  // O que o editor aceita e produz; o servidor (nh3) aceita o mesmo conjunto.
  var ELEMENTOS_VALIDOS = [
    "p[class]", "h1[class]", "h2[class]", "h3[class]", "h4[class]", "br",
    "strong/b", "em/i", "u", "a[href]", "ul", "ol", "li[class]",
    "table", "thead", "tbody", "tr", "th[class|colspan|rowspan|scope]", "td[class|colspan|rowspan]",
  ].join(",");

  function alinhamento(classe) {
    return { selector: BLOCOS_ALINHAVEIS, classes: classe };
  }

  function rotulo(textarea) {
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    return (label && label.textContent.trim()) || textarea.getAttribute("aria-label") || "Texto do documento";
  }

  function iniciar(textarea) {
    var obrigatorio = textarea.required;
    var css = textarea.getAttribute("data-editor-css");

    tinymce.init({
      target: textarea,
      language: "pt_BR",
      menubar: false,
      plugins: "lists table link autoresize help",
      toolbar:
        "undo redo | blocks | bold italic underline | alignleft aligncenter alignright alignjustify | " +
        "bullist numlist | table link | removeformat | help",
      toolbar_mode: "wrap",
      toolbar_sticky: true,
      block_formats: "Parágrafo=p; Título 1=h1; Título 2=h2; Título 3=h3",
      width: "100%",
      min_height: 320,
      autoresize_bottom_margin: 24,
      promotion: false,
      branding: false,
      contextmenu: false,
      browser_spellcheck: true,
      iframe_aria_text: rotulo(textarea) + ". Pressione Alt+0 para ajuda.",
      content_css: css ? ["default", css] : ["default"],
      visual: false, // bordas tracejadas do TinyMCE: as tabelas já têm borda (editor.css)

      // Só HTML semântico, sem estilos inline (bloqueados pela CSP e pelo sanitizador).
      valid_elements: ELEMENTOS_VALIDOS,
      valid_classes: { "*": CLASSES_ALINHAMENTO },
      valid_styles: { "*": "" },
      entity_encoding: "raw",
      formats: {
        alignleft: alinhamento("text-left"),
        aligncenter: alinhamento("text-center"),
        alignright: alinhamento("text-right"),
        alignjustify: alinhamento("text-justify"),
        underline: { inline: "u", exact: true },
      },

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
          tinymce.addI18n("pt_BR", TRADUCOES);
        });
        // A textarea oculta não pode ser "required" (o navegador recusaria o envio sem mostrar
        // onde); a verificação passa a ser feita aqui, e o servidor valida de novo.
        if (obrigatorio) textarea.required = false;
        editor.on("change input undo redo SetContent", function () {
          editor.save();
        });
        if (obrigatorio && textarea.form) {
          textarea.form.addEventListener("submit", function (evento) {
            editor.save();
            if (!editor.getContent({ format: "text" }).trim()) {
              evento.preventDefault();
              editor.notificationManager.open({ text: "Preencha o texto do documento.", type: "error", timeout: 5000 });
              editor.focus();
            }
          });
        }
      },
    }).catch(function () {
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
