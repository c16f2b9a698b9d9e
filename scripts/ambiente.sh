# Shared by scripts/run and scripts/test (sourced, not executed): the project's virtualenv.
# Creates .venv with python3 (3.11.4 or newer: tarfile extraction filters) if missing, and (re)installs the project when
# pyproject.toml changed since the last install. Returns non-zero on failure.

preparar_venv() {
  local extra="${1:-}"
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    if ! command -v "$python" >/dev/null 2>&1; then
      echo "Python 3.11.4 ou mais novo é necessário (python3 não encontrado)." >&2
      return 1
    fi
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11, 4))'; then
      echo "Python 3.11.4 ou mais novo é necessário (encontrado: $("$python" --version 2>&1))." >&2
      return 1
    fi
    echo "Criando o ambiente virtual .venv ..."
    if ! "$python" -m venv .venv; then
      rm -rf .venv
      echo "Não foi possível criar o .venv (no Debian/Ubuntu: apt-get install python3-venv)." >&2
      return 1
    fi
  fi
  local alvo="."
  [ -n "$extra" ] && alvo=".[$extra]"
  local marca=".venv/.instalado-${extra:-base}"
  local assinatura
  assinatura="$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' pyproject.toml)" || return 1
  if [ ! -f "$marca" ] || [ "$(cat "$marca")" != "$assinatura" ]; then
    echo "Instalando dependências ($alvo) ..."
    # (the filter drops pip's notes about this machine's unused local index folders)
    if ! .venv/bin/python -m pip install --quiet -e "$alvo" 2> >(grep -v "is ignored: it is neither a file" >&2); then
      echo "Falha ao instalar as dependências." >&2
      return 1
    fi
    echo "$assinatura" >"$marca"
  fi
}

# --- PDF (documentos/pdf) ------------------------------------------------------------------
# O WeasyPrint carrega Pango, HarfBuzz e fontconfig do sistema e precisa de fontes com serifa
# (Liberation Serif, DejaVu Serif). Os testes de assinatura (tests/assinaturas) conferem os PDFs
# assinados de fora, com o pdfsig e o pdftoppm do Poppler (poppler-utils) e o certutil do NSS
# (libnss3-tools). No Debian/Ubuntu, instala o que faltar quando roda como root; sem root só
# avisa. Fora do Debian (sem dpkg-query) não verifica nada.
preparar_sistema_pdf() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local pacote faltam=()
  for pacote in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
      poppler-utils libnss3-tools; do
    dpkg-query -W -f='${Status}' "$pacote" 2>/dev/null | grep -q "ok installed" || faltam+=("$pacote")
  done
  [ ${#faltam[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Instalando os pacotes do sistema para gerar PDF e conferir assinaturas: ${faltam[*]} ..."
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${faltam[@]}" >/dev/null; } \
      || echo "Falha ao instalar ${faltam[*]} (necessários para gerar PDF e conferir assinaturas)." >&2
  else
    echo "Aviso: faltam pacotes do sistema para gerar PDF e conferir assinaturas: ${faltam[*]} (apt-get install ${faltam[*]})." >&2
  fi
}
preparar_sistema_pdf
# --- fim PDF --------------------------------------------------------------------------------
