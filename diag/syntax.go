package diag

import (
	"regexp"
	"strings"
)

// The YAML and TOML libraries report syntax errors in English. These turn
// their usual messages into Portuguese; a message not recognised becomes a
// plain "sintaxe inválida", with the line, rather than English.

type translation struct {
	re  *regexp.Regexp
	out string // regexp replacement template
}

func tr(pattern, out string) translation {
	return translation{regexp.MustCompile("^" + pattern + "$"), out}
}

// yamlMessages and tomlMessages are built on each call: errors are rare,
// and the programs that never report one (the app's wasm) keep no table.
func yamlMessages() []translation {
	return []translation{
		tr(`did not find expected ',' or '\}'`, "o mapa entre chaves { } aberto aqui não foi fechado (falta ',' ou '}')"),
		tr(`did not find expected ',' or '\]'`, "a lista entre colchetes [ ] aberta aqui não foi fechada (falta ',' ou ']')"),
		tr(`did not find expected key`, "esperava uma chave: confira a indentação"),
		tr(`did not find expected '-' indicator`, "esperava um item de lista '-': confira a indentação"),
		tr(`did not find expected node content`, "esperava um valor"),
		tr(`did not find expected alphabetic or numeric character`, "depois de & ou * deve vir o nome de uma âncora"),
		tr(`could not find expected ':'`, "falta ':' depois da chave"),
		tr(`mapping values are not allowed in this context`, "':' fora de lugar: confira a indentação ou ponha o valor entre aspas"),
		tr(`block sequence entries are not allowed in this context`, "item de lista '-' fora de lugar: confira a indentação"),
		tr(`found character that cannot start any token`, "caractere inesperado (tabulação na indentação? use espaços; ou ponha o valor entre aspas)"),
		tr(`found a tab character.*`, "tabulação na indentação: use espaços"),
		tr(`found unexpected end of stream`, "o texto terminou antes do esperado (aspas não fechadas?)"),
		tr(`found unexpected document indicator`, "'---' ou '...' fora de lugar"),
		tr(`found unknown escape character`, "sequência de escape desconhecida entre aspas duplas (use \\\\ para uma barra invertida, ou aspas simples)"),
		tr(`found undefined tag handle`, "etiqueta (!) desconhecida"),
		tr(`found duplicate %YAML directive|found incompatible YAML document`, "diretiva %YAML inválida"),
		tr(`control characters are not allowed`, "caractere de controle não permitido"),
		tr(`(invalid leading|invalid trailing|incomplete) UTF-8 octet.*`, "o texto não está em UTF-8"),
		tr(`mapping key "(.*)" already defined at line (\d+)`, `a chave "$1" aparece duas vezes`),
		tr(`unknown anchor '(.*)' referenced`, "a âncora *$1 não foi definida (&$1)"),
		tr(`exceeded max depth of \d+`, "estruturas aninhadas demais"),
		tr(`document contains excessive aliasing`, "referências a âncoras (*) demais"),
		tr("cannot unmarshal !!\\w+ `(.*)` into .*", "valor `$1` de tipo inesperado"),
	}
}

func tomlMessages() []translation {
	return []translation{
		tr(`expected '\.' or '=', but got (.*) instead`, "esperava '=' depois da chave, mas encontrou $1"),
		tr(`expected value but found (.*) instead`, "esperava um valor, mas encontrou $1 (textos vão entre aspas)"),
		tr(`expected a comma \(','\) or array terminator \('\]'\), but got (.*)`, "a lista [ ] não foi fechada: falta ',' ou ']' (encontrou $1)"),
		tr(`expected a comma or an inline table terminator '\}', but got (.*) instead`, "a tabela { } não foi fechada: falta ',' ou '}' (encontrou $1)"),
		tr(`expected a top-level item to end with a newline, comment, or EOF, but got (.*) instead`, "depois do valor esperava o fim da linha, mas encontrou $1"),
		tr(`expected '\.' or '\]' to end table name, but got (.*) instead`, "nome de tabela [ ] não fechado (encontrou $1)"),
		tr(`unexpected EOF.*`, "o texto terminou antes do esperado (aspas, colchetes ou chaves não fechados?)"),
		tr(`Key '(.*)' has already been defined\.`, "a chave '$1' aparece duas vezes"),
		tr(`Key '(.*)' was already created.*`, "a chave '$1' já foi usada com outro tipo"),
		tr(`(.*) is not a table`, "$1 não é uma tabela"),
		tr(`unexpected '='.*`, "'=' sem nome de chave antes"),
		tr(`unexpected comma`, "vírgula fora de lugar"),
		tr(`trailing comma not allowed in inline tables`, "vírgula sobrando antes de '}'"),
		tr(`(invalid float|expected a digit|floats must start|not a binary|not a hexadecimal|not an octal|cannot use sign).*`, "número inválido"),
		tr(`files cannot contain NULL bytes.*`, "o texto contém bytes nulos (está em UTF-16? salve em UTF-8)"),
		tr(`invalid (datetime|date|time).*|.*Invalid (TOML )?Datetime.*`, "data ou hora inválida"),
	}
}

func translate(list []translation, msg, fallback string) string {
	msg = strings.TrimSpace(msg)
	for _, t := range list {
		if t.re.MatchString(msg) {
			return strings.ReplaceAll(t.re.ReplaceAllString(msg, t.out), "end of file", "o fim do texto")
		}
	}
	return fallback
}

// YAMLMessage turns a message of go.yaml.in/yaml (without its "yaml: line
// N: " prefix) into Portuguese. diag/yamlpos, which reads every YAML file,
// adds the position.
func YAMLMessage(msg string) string {
	return translate(yamlMessages(), msg, "sintaxe YAML inválida")
}

// TOMLMessage turns a message of github.com/BurntSushi/toml (its
// ParseError's Message) into Portuguese.
func TOMLMessage(msg string) string {
	return translate(tomlMessages(), msg, "sintaxe TOML inválida")
}
