package form

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/seiportal/seiportal/engine/document/fonts"
)

// Validator checks form data. Build one with NewValidator and keep it: it
// holds validator/v10 with the custom tags (cpf, sigla, phone, realdate,
// notfuture); tagMessage words its errors in pt-BR.
type Validator struct {
	v     *validator.Validate
	now   func() time.Time
	fonts *fonts.Coverage // what the PDF can print
}

// NewValidator returns a Validator; now gives "today" for notfuture (nil
// means time.Now).
func NewValidator(now func() time.Time) (*Validator, error) {
	if now == nil {
		now = time.Now
	}
	v := validator.New()
	fv := &Validator{v: v, now: now, fonts: fonts.NewCoverage()}
	custom := []struct {
		tag string
		fn  validator.Func
	}{
		{"cpf", func(fl validator.FieldLevel) bool { return cpfProblem(fl.Field().String()) == "" }},
		{"sigla", func(fl validator.FieldLevel) bool { return siglaProblem(fl.Field().String()) == "" }},
		{"phone", func(fl validator.FieldLevel) bool { return phoneProblem(fl.Field().String()) == "" }},
		{"realdate", func(fl validator.FieldLevel) bool { _, ok := ParseDate(fl.Field().String()); return ok }},
		{"notfuture", fv.notFuture},
	}
	for _, c := range custom {
		if err := v.RegisterValidation(c.tag, c.fn); err != nil {
			return nil, fmt.Errorf("cannot register tag %s: %w", c.tag, err)
		}
	}
	return fv, nil
}

func (fv *Validator) notFuture(fl validator.FieldLevel) bool {
	t, ok := ParseDate(fl.Field().String())
	if !ok {
		return true // realdate reports it
	}
	y, m, d := fv.now().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return !t.After(today)
}

// Validate checks values against def: each field's tags, list sizes,
// select options and the cross-field rules. Messages come in the order of
// the form, then the rules.
func (fv *Validator) Validate(def *Definition, vals *Values) []Message {
	if vals == nil {
		vals = NewValues()
	}
	var msgs []Message
	fv.group(def.Fields, vals.root, "", nil, &msgs)
	fv.rules(def, vals, &msgs)
	return msgs
}

func (fv *Validator) group(fields []Field, obj map[string]any, prefix string, ctx []itemCtx, msgs *[]Message) {
	for i := range fields {
		f := &fields[i]
		p := joinPath(prefix, f.Name)
		raw := obj[f.Name]
		switch {
		case f.Type == TypeGroup && f.Repeat != nil:
			list, _ := raw.([]map[string]any)
			n := len(list)
			label := labelOf(f, ctx)
			if n < f.Repeat.Min {
				*msgs = append(*msgs, Message{Path: p, Label: label, Text: fmt.Sprintf("informe pelo menos %d (%s)", f.Repeat.Min, countText(n))})
			}
			if f.Repeat.Max > 0 && n > f.Repeat.Max {
				*msgs = append(*msgs, Message{Path: p, Label: label, Text: fmt.Sprintf("informe no máximo %d (%s)", f.Repeat.Max, countText(n))})
			}
			for j, item := range list {
				ictx := append(ctx[:len(ctx):len(ctx)], itemCtx{f.Repeat, j})
				fv.group(f.Fields, item, p+"."+strconv.Itoa(j), ictx, msgs)
			}
		case f.Type == TypeGroup:
			sub, _ := raw.(map[string]any)
			fv.group(f.Fields, sub, p, ctx, msgs)
		case f.Type == TypeCheckbox:
			b, _ := raw.(bool)
			fv.field(f, b, p, ctx, msgs)
		default:
			s, _ := raw.(string)
			if f.Type == TypeSelect && s != "" && !hasOption(f, s) {
				*msgs = append(*msgs, Message{Path: p, Label: labelOf(f, ctx), Text: "opção inválida; escolha " + optionList(f)})
				continue
			}
			if c, bad := fv.fonts.Missing(s); bad {
				*msgs = append(*msgs, Message{Path: p, Label: labelOf(f, ctx), Text: UnprintableText(c)})
				continue
			}
			fv.field(f, s, p, ctx, msgs)
		}
	}
}

func countText(n int) string {
	switch n {
	case 0:
		return "nenhum informado"
	case 1:
		return "1 informado"
	}
	return strconv.Itoa(n) + " informados"
}

func (fv *Validator) field(f *Field, value any, p string, ctx []itemCtx, msgs *[]Message) {
	err := fv.run(f, value)
	if err == nil {
		return
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		*msgs = append(*msgs, Message{Path: p, Label: labelOf(f, ctx), Text: "não foi possível validar este campo"})
		return
	}
	for _, fe := range ves {
		text := fv.tagMessage(fe)
		*msgs = append(*msgs, Message{Path: p, Label: labelOf(f, ctx), Text: text})
	}
}

// run validates value with f's tags. The loader refuses tags that panic
// (TagProblem); a definition built some other way and not checked still
// gets an error here, never a panic.
func (fv *Validator) run(f *Field, value any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("regra de validação inválida na definição do formulário: %v", r)
		}
	}()
	return fv.v.Var(value, fieldTags(f))
}

func hasOption(f *Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func optionList(f *Field) string {
	var parts []string
	for _, o := range f.Options {
		if len(f.Options) > 6 {
			parts = append(parts, o.Value)
		} else {
			parts = append(parts, "“"+o.Value+"” ("+o.Label+")")
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " ou " + parts[len(parts)-1]
}

func (fv *Validator) rules(def *Definition, vals *Values, msgs *[]Message) {
	for _, r := range def.Rules {
		f, ok := def.Lookup(r.Field)
		if !ok {
			continue // the loader reports it
		}
		switch r.Kind {
		case RuleRequiredIf, RuleEmptyUnless:
			w, ok := def.Lookup(r.When)
			if !ok {
				continue
			}
			match := vals.Get(r.When) == r.Equals
			empty := vals.Get(r.Field) == ""
			cond := "“" + w.Label + "” for “" + w.optionLabel(r.Equals) + "”"
			if r.Kind == RuleRequiredIf && match && empty {
				*msgs = append(*msgs, Message{Path: r.Field, Label: f.Label, Text: ruleText(r, "obrigatório quando "+cond)})
			}
			if r.Kind == RuleEmptyUnless && !match && !empty {
				*msgs = append(*msgs, Message{Path: r.Field, Label: f.Label, Text: ruleText(r, "preencha só quando "+cond)})
			}
		case RuleNotAfter:
			t, ok := def.Lookup(r.Than)
			if !ok {
				continue
			}
			a, ok1 := ParseDate(vals.Get(r.Field))
			b, ok2 := ParseDate(vals.Get(r.Than))
			if ok1 && ok2 && a.After(b) {
				*msgs = append(*msgs, Message{Path: r.Field, Label: f.Label, Text: ruleText(r, "não pode ser posterior a “"+t.Label+"”")})
			}
		case RuleUnique:
			list, sub, ok := strings.Cut(r.Field, ".")
			lf, _ := def.Lookup(list)
			if !ok || lf == nil || lf.Repeat == nil {
				continue
			}
			seen := map[string]int{}
			for j := 0; j < vals.Len(list); j++ {
				p := list + "." + strconv.Itoa(j) + "." + sub
				key := uniqueKey(f, vals.Get(p))
				if key == "" {
					continue
				}
				if first, dup := seen[key]; dup {
					label := labelOf(f, []itemCtx{{lf.Repeat, j}})
					*msgs = append(*msgs, Message{Path: p, Label: label, Text: ruleText(r, "repetido: já informado "+in(lf.Repeat.of())+" "+lf.Repeat.Item(first))})
					continue
				}
				seen[key] = j
			}
		}
	}
}

// in turns the preposition joining labels ("do", "da") into the one of
// place ("no", "na").
func in(of string) string {
	switch of {
	case "do":
		return "no"
	case "da":
		return "na"
	case "dos":
		return "nos"
	case "das":
		return "nas"
	}
	return "em"
}

func ruleText(r Rule, def string) string {
	if r.Message != "" {
		return r.Message
	}
	return def
}

func uniqueKey(f *Field, s string) string {
	if f.Type == TypeCPF {
		if d, ok := cpfDigits(s); ok {
			return string(d[:])
		}
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// UnprintableText says, in pt-BR, that the PDF cannot print c.
func UnprintableText(c rune) string {
	name := "“" + string(c) + "”"
	if !unicode.IsPrint(c) || c == utf8.RuneError {
		name = fmt.Sprintf("U+%04X", c)
	} else if c > 0x7f {
		name += fmt.Sprintf(" (U+%04X)", c)
	}
	return "o caractere " + name + " não pode ser impresso no PDF (a fonte do documento não o tem); escreva-o de outra forma"
}

// TagProblem compiles the validation tags of f against probe values of its
// type, as Validate will run them, and returns what is wrong in pt-BR, or ""
// when every tag works. validator/v10 panics on a tag it cannot run (an
// unknown function after a "|", a tag that does not apply to a checkbox…):
// the panic is caught here, at load, so that nothing a definition says can
// panic when data is validated.
func (fv *Validator) TagProblem(f *Field) string {
	if f.Type == TypeGroup {
		if strings.TrimSpace(f.Validate) != "" {
			return "validate não vale para campos do tipo group (valide os campos de dentro)"
		}
		return ""
	}
	if p := CheckTags(f.Validate); p != "" {
		return p
	}
	var probes []any
	if f.Type == TypeCheckbox {
		probes = []any{false, true}
		for _, t := range splitTags(f.Validate) {
			if t != "required" && t != "omitempty" {
				return "num campo do tipo checkbox só vale a etiqueta “required” (marcar é obrigatório), não “" + t + "”"
			}
		}
	} else {
		probes = []any{"", "x", "Ação 12/ab-C", "2025-03-05", "123.456.789-09"}
	}
	// each tag alone first, so that every validation function runs on a
	// probe, then the whole list as Validate composes it
	var tags []string
	for _, t := range splitTags(f.Validate) {
		if t != "required" && t != "omitempty" {
			tags = append(tags, t)
		}
	}
	tags = append(tags, fieldTags(f))
	for _, tag := range tags {
		for _, v := range probes {
			if p := fv.probe(tag, v); p != "" {
				return fmt.Sprintf("a regra de validação “%s” não funciona num campo do tipo %s: %s", f.Validate, f.Type, p)
			}
		}
	}
	return ""
}

// probe runs one tag list on v and turns a panic into a description.
func (fv *Validator) probe(tag string, v any) (problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = panicText(fmt.Sprint(r), tag)
		}
	}()
	fv.v.Var(v, tag)
	return ""
}

// panicText explains a validator/v10 panic in pt-BR.
func panicText(msg, tag string) string {
	if name, ok := strings.CutPrefix(msg, "Undefined validation function '"); ok {
		name, _, _ = strings.Cut(name, "'")
		text := "“" + name + "” não é uma etiqueta de validação"
		if strings.Contains(tag, "|") {
			text += " (no validator, “|” separa etiquetas alternativas; para o caractere “|” num parâmetro, escreva 0x7C)"
		}
		return text
	}
	if strings.HasPrefix(msg, "Bad field type") {
		return "a etiqueta “" + tag + "” não se aplica a este tipo de valor"
	}
	return "a etiqueta “" + tag + "” não pôde ser aplicada (" + msg + ")"
}
