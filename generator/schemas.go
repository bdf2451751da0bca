package generator

import (
	"fmt"
	"reflect"

	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/engine/checklist"
	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/generator/norm"
	"github.com/seiportal/seiportal/generator/schema"
)

//go:generate go run ./internal/esquemas ../templates/static/esquemas

// SchemaDir is where the JSON Schemas of the definition files live in a
// site: templates/static/esquemas, published at /esquemas/.
const SchemaDir = "templates/static/esquemas"

// SchemaDoc is one JSON Schema of a definition file.
type SchemaDoc struct {
	File  string       // name under SchemaDir: "formulario.json"
	Title string       // in Portuguese
	Desc  string       // in Portuguese
	Root  reflect.Type // the Go type the loader fills
	For   string       // the files it describes, as a glob under the site
}

// SchemaDocs lists the schemas, one per kind of definition file.
func SchemaDocs() []SchemaDoc {
	return []SchemaDoc{
		{"formulario.json", "Definição de formulário do seiportal",
			"Um formulário: campos, validações, regras entre campos e o modelo do documento (PDF) que ele gera.",
			reflect.TypeFor[form.Definition](), "content/formularios/*.yaml"},
		{"checklist.json", "Checklist de adesão do seiportal",
			"O checklist: papéis, etapas, itens com responsável, dependências, evidências, base normativa e prazos, e os feriados locais usados na contagem de dias úteis.",
			reflect.TypeFor[checklist.Definition](), "content/checklists/*.yaml"},
		{"glossario.json", "Glossário do seiportal",
			"Os termos próprios do portal (os definidos nas normas entram sozinhos, do artigo indicado em norm.definitions).",
			reflect.TypeFor[[]glossEntry](), "content/glossario/termos.yaml"},
		{"fontes.json", "Fontes do programa do seiportal",
			"As fontes do programa de adesão (guias, apresentações, páginas) que as citações fonte:<chave>#<parte> nomeiam: material que orienta, mas não é norma.",
			reflect.TypeFor[[]sourceEntry](), "content/fontes.yaml"},
		{"site.json", "Configuração do portal (templates/site.yaml)",
			"Identidade e endereço do portal.",
			reflect.TypeFor[config](), "templates/site.yaml"},
		{"norma.json", "Front matter de uma norma do seiportal",
			"O front matter (entre as linhas ---) de uma página de content/normas/: as chaves do Hugo e, em norm, os metadados do ato.",
			reflect.TypeFor[frontMatter](), "content/normas/*.md"},
	}
}

// Schemas returns the JSON Schema of each definition file, by file name,
// generated from the loaders' types and schemaCatalog.
func Schemas() (map[string][]byte, error) {
	out := map[string][]byte{}
	cat := schemaCatalog()
	for _, d := range SchemaDocs() {
		data, err := schema.Generate(cat, d.Title, d.Desc, d.Root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		out[d.File] = data
	}
	return out, nil
}

func strs[T ~string](list ...T) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// schemaCatalog says, in Portuguese, what each key of the definition files
// means, and what the Go types do not: required keys, patterns and the
// lists of accepted values (taken from the engine, not repeated here).
// A key added to a loader's type needs an entry here (TestSchemasDescribed
// says which).
func schemaCatalog() *schema.Catalog {
	citation := map[string]any{
		"type":        "string",
		"pattern":     `^norma:[a-z0-9-]+(#[A-Za-z0-9_-]+)?$`,
		"description": "Citação de norma: norma:<chave>#<dispositivo>, como norma:in-15-2024#art29. A chave é o nome do arquivo em content/normas/; o dispositivo, o identificador do LexML (art29, art10_par1u, art3_cpt_inc2).",
	}
	// An item's basis cites a norm or a source of the program; a deadline's
	// origin cites a norm or says "sugerido". The loader tells which fits
	// where; the schema accepts the three forms.
	basis := map[string]any{
		"type":        "string",
		"pattern":     `^(norma:[a-z0-9-]+(#[A-Za-z0-9_-]+)?|fonte:[a-z0-9-]+(#[a-z0-9-]+)?|sugerido)$`,
		"description": "Citação de norma (norma:<chave>#<dispositivo>, como norma:in-15-2024#art29: Base normativa), de fonte do programa (fonte:<chave>#<parte>, como fonte:guia-ponto-focal#modulo-1, de content/fontes.yaml: Orientação do programa) ou, só na origem de um prazo, sugerido.",
	}
	idPattern := map[string]any{"pattern": `^[a-z0-9-]+$`}
	namePattern := map[string]any{"pattern": `^[a-z_][a-z0-9_]*$`, "not": map[string]any{"const": "n"}}
	date := map[string]any{"type": "string", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}`}
	req := func(desc string) schema.Key { return schema.Key{Desc: desc, Required: true} }
	opt := func(desc string) schema.Key { return schema.Key{Desc: desc} }
	with := func(k schema.Key, extra map[string]any) schema.Key { k.Extra = extra; return k }
	return &schema.Catalog{
		Types: map[string]map[string]any{
			"form.Ref":               citation,
			"checklist.Ref":          basis,
			"calendar.Date":          {"type": "string", "pattern": `^([0-9]{4}-)?[0-9]{2}-[0-9]{2}$`},
			"calendar.Kind":          {"type": "string", "enum": strs(calendar.National, calendar.State, calendar.Municipal, calendar.Optional)},
			"checklist.EvidenceKind": {"type": "string", "enum": strs(checklist.Process, checklist.Day, checklist.Link, checklist.Text)},
			"checklist.Unit":         {"type": "string", "enum": strs(checklist.BusinessDays, checklist.CalendarDays)},
			"time.Time":              date,
		},
		Open: map[string]bool{"generator.frontMatter": true},
		TypeExtra: map[string]map[string]any{
			// A block has exactly one of text, heading, lines, fields, table.
			"form.Block": {"minProperties": 1, "maxProperties": 1},
		},
		TypeDescs: map[string]string{
			"form.Field":            "Um campo do formulário, ou um grupo de campos (type: group), que pode se repetir (repeat).",
			"form.Option":           "Uma opção de um campo select.",
			"form.Repeat":           "Faz de um grupo uma lista de itens (vários pontos focais, por exemplo).",
			"form.Rule":             "Uma regra que relaciona campos.",
			"form.Document":         "O modelo do documento (PDF) gerado com os dados.",
			"form.Section":          "Uma seção do documento.",
			"form.Block":            "Um bloco de uma seção: exatamente uma das chaves text, heading, lines, fields ou table.",
			"form.Table":            "Uma tabela com uma linha por item de uma lista.",
			"form.Column":           "Uma coluna da tabela.",
			"form.Signer":           "Quem assina a seção: vira um campo de assinatura digital no PDF.",
			"checklist.Role":        "Um papel responsável por itens.",
			"checklist.Stage":       "Uma etapa da adesão.",
			"checklist.Item":        "Uma tarefa do checklist.",
			"checklist.Evidence":    "Um dado pedido quando o item é marcado como feito.",
			"checklist.Deadline":    "O prazo do item, contado do início da adesão ou da conclusão de outro item.",
			"calendar.Holiday":      "Um feriado estadual ou municipal, ou um ponto facultativo local.",
			"generator.glossEntry":  "Um termo do glossário.",
			"generator.sourceEntry": "Uma fonte do programa, citada com fonte:<chave>#<parte>.",
			"generator.partEntry":   "Uma parte da fonte que pode ser citada depois do #: um módulo, uma etapa, um slide, uma página (p3).",
			"generator.identity":    "Quem publica o portal.",
			"generator.repository":  "Onde ficam as fontes do portal.",
			"generator.contact":     "Como falar com a equipe do portal.",
			"norm.Meta":             "Metadados do ato normativo.",
			"norm.URNParts":         "Partes da URN do LexML que os outros metadados não dão.",
			"norm.Note":             "Nota editorial mostrada junto a um dispositivo.",
			"generator.frontMatter": "Front matter de uma página.",
		},
		Keys: map[string]schema.Key{
			// Forms.
			"form.Definition.id":          with(req("Identificador do formulário: letras minúsculas sem acento, algarismos e hífens. É o nome usado em seiportal validate e seiportal pdf."), idPattern),
			"form.Definition.title":       req("Título do formulário, mostrado na página e no aplicativo."),
			"form.Definition.description": opt("Texto curto que explica para que serve o formulário."),
			"form.Definition.version":     with(req("Versão do esquema dos dados (1 ou mais). Aumente quando mudar os campos, para que dados salvos de uma versão anterior sejam reconhecidos."), map[string]any{"minimum": 1}),
			"form.Definition.source":      opt("De onde vem o formulário (o guia ou o modelo oficial), em texto."),
			"form.Definition.basis":       opt("Normas em que o formulário se apoia: lista de citações norma:<chave>#<dispositivo>."),
			"form.Definition.fields":      with(req("Os campos, na ordem em que aparecem."), map[string]any{"minItems": 1}),
			"form.Definition.rules":       opt("Regras entre campos (obrigatório se, vazio a menos que, sem repetição, data não posterior)."),
			"form.Definition.document":    req("O modelo do documento gerado (seções, blocos, signatários)."),

			"form.Field.name":        with(req("Nome do campo nos dados: letras minúsculas sem acento, algarismos e “_” (não pode ser n)."), namePattern),
			"form.Field.type":        with(req("Tipo do campo."), map[string]any{"enum": strs(form.Types()...)}),
			"form.Field.label":       req("Rótulo mostrado ao lado do campo e nas mensagens de erro."),
			"form.Field.help":        opt("Dica mostrada abaixo do campo."),
			"form.Field.placeholder": opt("Exemplo mostrado dentro do campo vazio."),
			"form.Field.validate":    opt("Validações, separadas por vírgula, no formato do validator/v10: required, max=120, min=3, email, len=11, oneof=a b… Os tipos cpf, email, phone e date já trazem a validação do formato."),
			"form.Field.options":     opt("Opções de um campo select (obrigatórias nele, proibidas nos outros tipos)."),
			"form.Field.fields":      opt("Campos de um grupo (type: group)."),
			"form.Field.repeat":      opt("Faz do grupo uma lista de itens (só em type: group)."),

			"form.Option.value": req("Valor gravado nos dados."),
			"form.Option.label": req("Texto mostrado."),

			"form.Repeat.min":        with(opt("Número mínimo de itens (0 por padrão)."), map[string]any{"minimum": 0}),
			"form.Repeat.max":        with(opt("Número máximo de itens (0 ou ausente: sem limite)."), map[string]any{"minimum": 0}),
			"form.Repeat.item_label": opt("Nome de um item, com {n} para o número: \"{n}º ponto focal\"."),
			"form.Repeat.of":         opt("Palavra que liga o rótulo do campo ao item nas mensagens (\"CPF do 2º ponto focal\"): do, da, dos… (do por padrão)."),

			"form.Rule.kind":    with(req("Tipo da regra: required_if (field obrigatório quando when vale equals), empty_unless (field vazio a menos que when valha equals), unique (lista.campo sem valores repetidos), not_after (a data field não é posterior à data than)."), map[string]any{"enum": strs(form.RuleKinds()...)}),
			"form.Rule.field":   req("Caminho do campo a que a regra se aplica (grupo.campo; lista.campo em unique)."),
			"form.Rule.when":    opt("Em required_if e empty_unless: o campo cuja resposta decide."),
			"form.Rule.equals":  opt("Em required_if e empty_unless: o valor de when que ativa a regra."),
			"form.Rule.than":    opt("Em not_after: o campo de data que field não pode ultrapassar."),
			"form.Rule.message": opt("Mensagem em português que substitui a padrão."),

			"form.Document.header":   opt("Linhas do cabeçalho de cada página (aceitam marcadores {{campo}})."),
			"form.Document.sections": with(req("As seções do documento."), map[string]any{"minItems": 1}),

			"form.Section.repeat":    opt("Repete a seção para cada item desta lista (um group com repeat); dentro dela, {{campo}} se refere ao item."),
			"form.Section.new_page":  opt("Começa a seção numa página nova."),
			"form.Section.ref":       opt("Linha de identificação à esquerda (\"Ofício nº ___/2025\"); aceita {{campo}}."),
			"form.Section.date_line": opt("Linha de local e data à direita; aceita {{campo}}."),
			"form.Section.title":     opt("Título da seção; aceita {{campo}}."),
			"form.Section.blocks":    with(req("Os blocos da seção, em ordem."), map[string]any{"minItems": 1}),
			"form.Section.closing":   opt("Fecho antes das assinaturas (\"Atenciosamente,\")."),
			"form.Section.signers":   opt("Quem assina a seção; cada um vira um campo de assinatura no PDF."),

			"form.Block.text":    opt("Parágrafo; aceita {{campo}}."),
			"form.Block.heading": opt("Subtítulo; aceita {{campo}}."),
			"form.Block.lines":   opt("Linhas curtas, uma embaixo da outra; aceitam {{campo}}."),
			"form.Block.fields":  opt("Campos mostrados como rótulo: valor."),
			"form.Block.table":   opt("Tabela com uma linha por item de uma lista."),

			"form.Table.source":  req("A lista (group com repeat) que dá as linhas."),
			"form.Table.columns": with(req("As colunas."), map[string]any{"minItems": 1}),

			"form.Column.field": req("Campo do item mostrado na coluna."),
			"form.Column.label": opt("Cabeçalho da coluna (padrão: o rótulo do campo)."),
			"form.Column.width": with(opt("Largura relativa da coluna, de 0 a 100."), map[string]any{"exclusiveMinimum": 0, "maximum": 100}),

			"form.Signer.id":   with(req("Identificador do signatário: letras minúsculas sem acento e “_” (vira o nome do campo de assinatura)."), namePattern),
			"form.Signer.name": req("Nome de quem assina; aceita {{campo}}."),
			"form.Signer.role": opt("Cargo de quem assina; aceita {{campo}}."),

			// Checklists.
			"checklist.Definition.id":                        with(req("Identificador do checklist: letras minúsculas sem acento, algarismos e hífens."), idPattern),
			"checklist.Definition.title":                     req("Título do checklist."),
			"checklist.Definition.version":                   opt("Versão do checklist, em texto (\"1.0\")."),
			"checklist.Definition.description":               opt("Texto curto sobre o checklist."),
			"checklist.Definition.roles":                     opt("Os papéis responsáveis pelos itens (Gestor SEI, Ponto Focal, Prefeito…)."),
			"checklist.Definition.include_optional_holidays": opt("true: os pontos facultativos nacionais (segunda e terça de Carnaval, Corpus Christi) e os locais contam como dias sem expediente na contagem de dias úteis."),
			"checklist.Definition.holidays":                  opt("Feriados estaduais e municipais e pontos facultativos locais. Os feriados nacionais (inclusive a Sexta-feira Santa, calculada pela Páscoa) já são conhecidos."),
			"checklist.Definition.stages":                    with(req("As etapas, em ordem."), map[string]any{"minItems": 1}),

			"checklist.Role.id":          with(req("Identificador do papel, usado em role dos itens."), idPattern),
			"checklist.Role.title":       req("Nome do papel."),
			"checklist.Role.description": opt("O que cabe a esse papel."),

			"checklist.Stage.id":          with(req("Identificador da etapa."), idPattern),
			"checklist.Stage.title":       req("Título da etapa."),
			"checklist.Stage.description": opt("Texto curto sobre a etapa."),
			"checklist.Stage.items":       with(req("Os itens da etapa."), map[string]any{"minItems": 1}),

			"checklist.Item.id":          with(req("Identificador do item, único no checklist (usado em depends_on e deadline.after)."), idPattern),
			"checklist.Item.title":       req("O que fazer."),
			"checklist.Item.description": opt("Detalhes de como fazer."),
			"checklist.Item.role":        req("O id do papel responsável."),
			"checklist.Item.depends_on":  opt("Ids dos itens que precisam estar feitos antes (sem ciclos)."),
			"checklist.Item.evidence":    opt("Dados pedidos ao marcar o item como feito (número do processo, data de publicação, link…)."),
			"checklist.Item.basis":       opt("Em que o item se apoia: citações norma:<chave>#<dispositivo> (Base normativa, só o que o dispositivo diz) e fonte:<chave>#<parte> (Orientação do programa, das fontes de content/fontes.yaml)."),
			"checklist.Item.deadline":    opt("Prazo do item."),

			"checklist.Evidence.name":     with(req("Nome do dado, único no item."), idPattern),
			"checklist.Evidence.label":    req("Rótulo mostrado."),
			"checklist.Evidence.kind":     req("Tipo do dado: processo (número do processo), data, link (endereço http ou https) ou texto."),
			"checklist.Evidence.required": opt("true: o item só conta como feito com este dado preenchido."),
			"checklist.Evidence.help":     opt("Dica mostrada abaixo do campo."),

			"checklist.Deadline.after":  req("De onde conta o prazo: inicio (a data de início da adesão) ou o id do item cuja conclusão inicia a contagem."),
			"checklist.Deadline.days":   with(req("Número de dias do prazo."), map[string]any{"minimum": 1, "maximum": checklist.MaxDeadlineDays}),
			"checklist.Deadline.unit":   req("uteis (dias úteis: sem sábados, domingos e feriados) ou corridos (dias corridos)."),
			"checklist.Deadline.origin": req("De onde vem o prazo: a citação norma:<chave>#<dispositivo> do dispositivo que o fixa (a geração confere que o texto dele traz o mesmo número e o mesmo tipo de dias) ou sugerido (um prazo de planejamento que nenhuma norma fixa, mostrado como \"Prazo sugerido\")."),

			"calendar.Holiday.date": req("Data: MM-DD para um feriado de todo ano (\"01-20\") ou AAAA-MM-DD para uma data só (\"2026-03-10\")."),
			"calendar.Holiday.name": req("Nome do feriado."),
			"calendar.Holiday.kind": req("estadual, municipal, ponto facultativo ou nacional."),

			// Glossary.
			"generator.glossEntry.term":       req("O termo, como aparece no glossário."),
			"generator.glossEntry.abbr":       opt("A sigla, quando houver."),
			"generator.glossEntry.aliases":    opt("Outras formas do termo nas páginas (plural, variações); o primeiro uso de qualquer delas ganha a dica."),
			"generator.glossEntry.definition": req("A definição, em uma ou duas frases."),
			"generator.glossEntry.source":     opt("A fonte: uma citação norma:<chave>#<dispositivo> ou fonte:<chave>#<parte> (vira link) ou o nome do documento."),
			"generator.glossEntry.tooltip":    opt("false: o termo não ganha dica nas páginas (para palavras comuns demais); sem a chave, ganha."),

			// Sources of the program (content/fontes.yaml).
			"generator.sourceEntry.id":        with(req("A chave da fonte nas citações fonte:<chave>: letras minúsculas, algarismos e hífens."), idPattern),
			"generator.sourceEntry.title":     req("O título da fonte, como ela o escreve."),
			"generator.sourceEntry.publisher": req("Quem publicou a fonte."),
			"generator.sourceEntry.date":      with(req("A data da fonte: AAAA, AAAA-MM, AAAA-MM-DD ou s.d. (sem data)."), map[string]any{"type": []any{"string", "integer"}, "pattern": `^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|s\.d\.)$`, "minimum": 1000, "maximum": 9999}),
			"generator.sourceEntry.url":       with(opt("O endereço público da fonte (https:// ou http://)."), map[string]any{"pattern": `^https?://`}),
			"generator.sourceEntry.parts":     opt("As partes que podem ser citadas depois do #."),
			"generator.partEntry.id":          with(req("A chave da parte nas citações fonte:<chave>#<parte>: letras minúsculas, algarismos e hífens (modulo-1, p3)."), idPattern),
			"generator.partEntry.label":       req("Como a parte é mostrada: \"Módulo 1 — Designação do Ponto Focal\"."),
			"generator.partEntry.quote":       opt("Um trecho curto da parte, copiado exatamente como a fonte o escreve (vira a dica da citação); itens de lista juntados com \"; \", cortes marcados […]."),

			// Site.
			"generator.config.title":        opt("Nome do portal, no topo das páginas e na aba do navegador."),
			"generator.config.short_title":  opt("Nome curto, usado quando o portal é instalado como aplicativo."),
			"generator.config.description":  opt("Descrição do portal para buscadores e para o aplicativo instalado."),
			"generator.config.base_url":     with(opt("Endereço público do portal, terminado em /; usado no sitemap.xml (seiportal build --baseURL o substitui)."), map[string]any{"pattern": `^(/|https?://)`}),
			"generator.config.organization": opt("Órgão responsável pelo portal, mostrado no rodapé."),
			"generator.config.footer":       opt("Texto do rodapé."),
			"generator.config.theme_color":  with(opt("Cor do tema (barra do navegador e aplicativo instalado), em #rrggbb."), map[string]any{"pattern": `^#[0-9a-fA-F]{6}$`}),
			"generator.config.identidade":   opt("Quem publica o portal: nome e brasão, no topo de todas as páginas e no timbre dos PDFs."),
			"generator.config.repositorio":  opt("Repositório git das fontes do portal (GitHub ou GitLab): cada página ganha o link \"Editar esta página / sugerir correção\"."),
			"generator.config.edicao":       with(opt("Endereço do editor de uma página em outro servidor git, com {caminho} no lugar do caminho do arquivo dentro de content/ (em vez de repositorio)."), map[string]any{"pattern": `^https?://.*\{caminho\}`}),
			"generator.config.contato":      opt("Canal de contato com a equipe do portal, no rodapé de todas as páginas e no bloco \"Fale com a equipe\" das páginas com contato: true."),

			"generator.identity.nome":   opt("Nome do órgão ou município (\"Prefeitura Municipal de Exemplo\"); é também o texto alternativo do brasão."),
			"generator.identity.brasao": with(opt("Imagem do brasão, PNG ou JPEG de até 512 KB, com o caminho dentro de templates/static/ (\"identidade/brasao.png\"); pede nome."), map[string]any{"pattern": `^[^/].*\.([pP][nN][gG]|[jJ][pP][eE]?[gG])$`}),

			"generator.repository.url":  with(req("Endereço do repositório, como https://github.com/prefeitura/portal-sei (GitHub ou GitLab)."), map[string]any{"pattern": `^https?://`}),
			"generator.repository.ramo": opt("Ramo em que as páginas são editadas (main por padrão)."),

			"generator.contact.email":    with(opt("E-mail da equipe (vira link mailto:)."), map[string]any{"pattern": `^[^@\s]+@[^@\s]+\.[^@\s]+$`}),
			"generator.contact.telefone": with(opt("Telefone da equipe, com DDD (vira link tel:)."), map[string]any{"pattern": `^\+?[0-9 ().-]+$`}),
			"generator.contact.endereco": opt("Endereço para atendimento presencial."),
			"generator.contact.horario":  opt("Horário de atendimento."),

			// Norm front matter.
			"generator.frontMatter.title":       req("Título da página da norma."),
			"generator.frontMatter.description": opt("Resumo para buscadores e listas."),
			"generator.frontMatter.weight":      opt("Ordem na seção (menor primeiro)."),
			"generator.frontMatter.draft":       opt("true: a página não é publicada."),
			"generator.frontMatter.slug":        opt("Último trecho do endereço da página, no lugar do nome do arquivo."),
			"generator.frontMatter.aliases":     opt("Endereços antigos que redirecionam para a página."),
			"generator.frontMatter.date":        opt("Data da página (AAAA-MM-DD)."),
			"generator.frontMatter.lastmod":     opt("Data da última alteração (AAAA-MM-DD); sem ela, vale o histórico do git."),
			"generator.frontMatter.layout":      opt("Modelo de página (em normas, não use: a chave norm já escolhe o da norma)."),
			"generator.frontMatter.form":        opt("Em páginas de formulário (layout formulario): o id do formulário."),
			"generator.frontMatter.norm":        {Desc: "Metadados do ato; o texto vem depois do front matter, como publicado.", Required: true, As: reflect.TypeFor[norm.Meta]()},

			"norm.Meta.type":         req("Tipo do ato: \"Instrução Normativa\", \"Portaria\", \"Decreto\"…"),
			"norm.Meta.short":        req("Nome curto usado nas citações: \"IN\" faz \"da IN nº 15/2024\"."),
			"norm.Meta.number":       req("Número do ato, em texto (\"15\")."),
			"norm.Meta.year":         with(req("Ano do ato."), map[string]any{"minimum": 1800, "maximum": 2200}),
			"norm.Meta.date":         with(req("Data de assinatura, AAAA-MM-DD, do mesmo ano de year."), map[string]any{"type": "string", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`}),
			"norm.Meta.issuer":       req("Órgão que editou o ato."),
			"norm.Meta.jurisdiction": req("Esfera: \"Federal\", \"Estadual (…)\", \"Municipal (…)\", \"Distrital\"."),
			"norm.Meta.urn":          opt("Partes da URN do LexML (localidade e autoridade)."),
			"norm.Meta.ementa":       req("A ementa, como publicada."),
			"norm.Meta.source":       req("Onde e quando o ato foi publicado."),
			"norm.Meta.source_url":   with(opt("Endereço (http ou https) do texto publicado."), map[string]any{"pattern": `^https?://`}),
			"norm.Meta.status":       with(req("Situação do ato."), map[string]any{"enum": []any{"vigente", "revogada"}}),
			"norm.Meta.definitions":  opt("Id do artigo cujos incisos definem termos (\"art3\"): eles entram no glossário."),
			"norm.Meta.notes":        opt("Notas editoriais mostradas junto aos dispositivos."),

			"norm.URNParts.locality":  opt("Localidade abaixo de br: vazia para ato federal; [estado] para estado ou Distrito Federal; [estado, município] para município."),
			"norm.URNParts.authority": opt("Órgão emissor, do mais amplo ao mais específico."),
			"norm.URNParts.doc_type":  opt("Tipo de documento da URN, quando difere de type."),

			"norm.Note.provision": req("Id LexML do dispositivo (\"art3\")."),
			"norm.Note.text":      req("Texto da nota."),
		},
	}
}
