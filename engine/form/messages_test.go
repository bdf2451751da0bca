package form

import (
	"strings"
	"testing"

	"github.com/go-playground/locales/pt_BR"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	ptBRtrans "github.com/go-playground/validator/v10/translations/pt_BR"
)

// TestTagMessages: every tag a definition may use fails with a pt-BR
// message; where validator/v10's pt_BR translations have one, it is theirs
// word for word (the app no longer carries them).
func TestTagMessages(t *testing.T) {
	fv, err := NewValidator(nil)
	if err != nil {
		t.Fatal(err)
	}
	pt := pt_BR.New()
	trans, _ := ut.New(pt, pt).GetTranslator("pt_BR")
	ref := validator.New()
	if err := ptBRtrans.RegisterDefaultTranslations(ref, trans); err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{"required": true, "email": true} // worded by the portal before
	for _, c := range []struct {
		tags  string
		value any
	}{
		{"required", ""}, {"email", "x"}, {"url", "x"}, {"numeric", "x"}, {"number", "x"},
		{"alpha", "1"}, {"alphanum", "-"}, {"alphaunicode", "1"}, {"alphanumunicode", "-"},
		{"lowercase", "A"}, {"uppercase", "a"}, {"printascii", "ç"},
		{"oneof=a b", "c"}, {"contains=x", "a"}, {"excludes=x", "x"}, {"startswith=x", "a"}, {"endswith=x", "a"},
		{"eq=x", "a"}, {"ne=x", "x"},
		{"len=1", "ab"}, {"len=3", "a"}, {"min=2", "a"}, {"max=1", "ab"}, {"max=1000", strings.Repeat("a", 1001)}, {"max=0", "a"},
	} {
		err := fv.v.Var(c.value, c.tags)
		ves, ok := err.(validator.ValidationErrors)
		if !ok || len(ves) != 1 {
			t.Errorf("%s: %v", c.tags, err)
			continue
		}
		got := fv.tagMessage(ves[0])
		if got == "" || strings.Contains(got, "Key:") || strings.Contains(got, "valor inválido") {
			t.Errorf("%s: message %q", c.tags, got)
		}
		want := strings.TrimSpace(ref.Var(c.value, c.tags).(validator.ValidationErrors)[0].Translate(trans))
		if strings.Contains(want, "Key:") || ours[ves[0].Tag()] {
			continue // no pt_BR translation, or the portal's own wording
		}
		if got != want {
			t.Errorf("%s: %q; validator's pt_BR says %q", c.tags, got, want)
		}
	}
	if got := groupThousands(1234567); got != "1.234.567" {
		t.Errorf("groupThousands = %q", got)
	}
}
