"""XSS payloads for tests/e2e/test_xss.py. Each payload, when it runs, calls
``top.__xss.push('<id>')`` (or ``alert('<id>')``) with an id naming the field and the payload, so
a run is both detected and attributed. The test's init script defines ``window.__xss = []`` in
every frame."""


def _m(i: str) -> str:
    return f"top.__xss.push('{i}')"


# (name, template); "{M}" is replaced by the marker call, "{I}" by the id.
MODELOS = [
    ("script", "<script>{M}</script>"),
    ("img-onerror", '<img src=x onerror="{M}">'),
    ("svg-onload", '<svg onload="{M}">'),
    ("link-javascript", '<a href="javascript:{M}">clique</a>'),
    ("link-data-html", '<a href="data:text/html,<script>{M}</script>">abrir</a>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>{M}</script>"></iframe>'),
    ("math-style-mxss", '<math><mtext><table><mglyph><style><img src=x onerror="{M}">'),
    ("svg-style-mxss", '<svg><style><img src=x onerror="{M}"></style></svg>'),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror={M}>">'),
    ("attr-breakout-dq", '"><script>{M}</script>'),
    ("attr-breakout-sq", "'><img src=x onerror={M}>"),
    ("template-angular", "{{constructor.constructor('{M}')()}} {{7*7}}"),
    ("template-js", "${{M}} #{7*7} <%= 7*7 %>"),
    ("rtl-override", "\u202e<img src=x onerror={M}>\u202d"),
    ("textarea-breakout", "</textarea><script>{M}</script>"),
    ("title-breakout", "</title><svg onload={M}>"),
    ("script-breakout", "</script><script>{M}</script>"),
    ("css-url-javascript", '<div style="background:url(javascript:{M})">x</div>'),
    ("css-expression", '<div style="width:expression({M})">x</div>'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:{M}">'),
    ("base-href", '<base href="javascript:{M}//">'),
    ("form-action", '<form action="javascript:{M}"><button>ok</button></form>'),
    ("object-data", '<object data="javascript:{M}"></object>'),
    ("embed-src", '<embed src="javascript:{M}">'),
    ("details-ontoggle", '<details open ontoggle="{M}">d</details>'),
    ("input-autofocus", '<input autofocus onfocus="{M}">'),
    ("entity-javascript", '<a href="&#106;avascript:{M}">e</a>'),
    ("svg-xlink", '<svg><a xlink:href="javascript:{M}"><text y=20>t</text></a></svg>'),
    ("alert", "<img src=x onerror=alert('{I}')>"),
    ("meta-refresh-fora", '<meta http-equiv="refresh" content="0;url=https://exemplo.invalid/{I}">'),
    (
        "polyglot",
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk={M} )//%0D%0A//</stYle/</titLe/</teXtarEa/"
        "</scRipt/--!>\\x3csVg/<sVg/oNloAd={M}//>\\x3e",
    ),
]


def payload(indice: int, campo: str) -> str:
    _, modelo = MODELOS[indice]
    ident = f"{campo}{indice}"
    return modelo.replace("{M}", _m(ident)).replace("{I}", ident)


def todos(campo: str) -> list[str]:
    return [payload(i, campo) for i in range(len(MODELOS))]


def curto(texto: str, limite: int) -> str:
    return texto[:limite]


def sem_barra(texto: str) -> str:
    """For the client's file name (only the last path component is kept)."""
    return texto.replace("/", "").replace("\\", "")


# Run in every page after load: elements a payload would have created. Escaped text never
# creates elements; a legitimate input/textarea ``value`` holding the text is fine.
DOM_INJETADO = """() => {
  const ruins = [];
  const perigosos = new Set(['href','src','data','action','formaction','xlink:href','srcdoc','content','style','background','poster']);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if ((n.startsWith('on') || perigosos.has(n)) && a.value.includes('__xss')) ruins.push(el.tagName + '[' + n + ']=' + a.value.slice(0, 80));
      if ((n.startsWith('on') || perigosos.has(n)) && /alert\\('/.test(a.value)) ruins.push(el.tagName + '[' + n + ']=' + a.value.slice(0, 80));
    }
    const tag = el.tagName.toLowerCase();
    if ((tag === 'script' && !/json/.test(el.type || '')) || tag === 'style') {
      if (el.textContent.includes('__xss')) ruins.push(tag + ': ' + el.textContent.slice(0, 80));
    }
    if (tag === 'base' && el.getAttribute('href') && !el.getAttribute('href').startsWith('/')) ruins.push('base ' + el.getAttribute('href'));
    if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') ruins.push('meta refresh ' + el.getAttribute('content'));
  }
  return ruins;
}"""

# The text a user sees (and the values of form fields): where a payload shows up inert.
TEXTO_VISIVEL = """(document.body ? document.body.innerText : '') + ' ' + Array.from(
  document.querySelectorAll('input, textarea, option')).map(e => e.value || e.textContent).join(' ')"""
