package form

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
)

// tagMessage is the pt-BR message, shown next to the field, for a failed
// validation tag: one for each tag a definition may use (tagKind). The
// texts of the tags validator/v10's pt_BR translations covered are theirs,
// word for word; the package itself is not used, because it registers
// about 150 tags (and universal-translator with the pt_BR locale) that a
// definition cannot use, ~20 KB of the browser app, and left six allowed
// tags (alphaunicode, alphanumunicode, lowercase, uppercase, startswith,
// endswith) with validator's English error text.
func (fv *Validator) tagMessage(fe validator.FieldError) string {
	p := fe.Param()
	switch fe.Tag() {
	case "required":
		if fe.Kind() == reflect.Bool {
			return "marque esta opção para continuar"
		}
		return "campo obrigatório"
	case "email":
		return "endereço de e-mail inválido"
	case "cpf", "sigla", "phone":
		s, _ := fe.Value().(string)
		switch fe.Tag() {
		case "cpf":
			return cpfProblem(s)
		case "sigla":
			return siglaProblem(s)
		}
		return phoneProblem(s)
	case "realdate":
		return "data inválida; use dd/mm/aaaa com um dia que exista"
	case "notfuture":
		return "a data não pode estar no futuro"
	case "len":
		return sizeMessage(fe, "deve ter ", "deve ser igual a ", "")
	case "min":
		return sizeMessage(fe, "deve ter pelo menos ", "deve ser ", " ou superior")
	case "max":
		return sizeMessage(fe, "deve ter no máximo ", "deve ser ", " ou menor")
	case "url":
		return "deve ser uma URL válida"
	case "numeric":
		return "deve ser um valor numérico válido"
	case "number":
		return "deve ser um número válido"
	case "alpha":
		return "deve conter caracteres alfabéticos"
	case "alphanum":
		return "deve conter caracteres alfanuméricos"
	case "alphaunicode":
		return "deve conter apenas letras"
	case "alphanumunicode":
		return "deve conter apenas letras e algarismos"
	case "lowercase":
		return "deve conter apenas letras minúsculas"
	case "uppercase":
		return "deve conter apenas letras maiúsculas"
	case "printascii":
		return "deve conter apenas caracteres ascii imprimíveis"
	case "oneof":
		return "deve ser um de [" + p + "]"
	case "contains":
		return "deve conter o texto '" + p + "'"
	case "excludes":
		return "não deve conter o texto '" + p + "'"
	case "startswith":
		return "deve começar com o texto '" + p + "'"
	case "endswith":
		return "deve terminar com o texto '" + p + "'"
	case "eq":
		return "não é igual a " + p
	case "ne":
		return "não deve ser igual a " + p
	}
	return "valor inválido (regra “" + fe.Tag() + "”)"
}

// sizeMessage words len, min and max: a count of characters for a text
// ("deve ter no máximo 1.000 caracteres"), the number itself otherwise.
func sizeMessage(fe validator.FieldError, text, number, after string) string {
	n, err := strconv.Atoi(fe.Param())
	if err != nil {
		return "valor inválido (regra “" + fe.Tag() + "=" + fe.Param() + "”)"
	}
	if fe.Kind() != reflect.String {
		return number + groupThousands(n) + after
	}
	unit := " caracteres"
	if n == 0 || n == 1 { // pt-BR's plural rule: "one" is 0 and 1
		unit = " caractere"
	}
	return text + groupThousands(n) + unit
}

// groupThousands writes n with "." between thousands, as pt-BR does.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
