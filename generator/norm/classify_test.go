package norm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		in          string
		kind        lineKind
		num, suffix int
		label, rest string
	}{
		{"Art. 1º Regulamentar a forma", lnArticle, 1, 0, "Art. 1º", "Regulamentar a forma"},
		{"Art. 1° Regulamentar", lnArticle, 1, 0, "Art. 1°", "Regulamentar"},
		{"Art. 1o Regulamentar", lnArticle, 1, 0, "Art. 1o", "Regulamentar"},
		{"Art. 10. São responsabilidades", lnArticle, 10, 0, "Art. 10.", "São responsabilidades"},
		{"Art. 10 O usuário", lnArticle, 10, 0, "Art. 10", "O usuário"},
		{"Art. 1º-A Fica", lnArticle, 1, 1, "Art. 1º-A", "Fica"},
		{"Art. 2º-B. Fica", lnArticle, 2, 2, "Art. 2º-B.", "Fica"},
		{"Art. 5º - A composição", lnArticle, 5, 0, "Art. 5º -", "A composição"},
		{"Art. As atividades", lnArtNoNum, 0, 0, "Art.", "As atividades"},
		{"§ 1º Os documentos", lnParagraph, 1, 0, "§ 1º", "Os documentos"},
		{"§ 1° Os documentos", lnParagraph, 1, 0, "§ 1°", "Os documentos"},
		{"§ 12. Os documentos", lnParagraph, 12, 0, "§ 12.", "Os documentos"},
		{"Parágrafo único. O substituto", lnParUnique, 1, 0, "Parágrafo único.", "O substituto"},
		{"Parágrafo Único. A solicitação", lnParUnique, 1, 0, "Parágrafo Único.", "A solicitação"},
		{"PARÁGRAFO ÚNICO - Texto", lnParUnique, 1, 0, "PARÁGRAFO ÚNICO -", "Texto"},
		{"I - Nível primário", lnInciso, 1, 0, "I -", "Nível primário"},
		{"IV – Remover", lnInciso, 4, 0, "IV –", "Remover"},
		{"XXVII — Usuário externo", lnInciso, 27, 0, "XXVII —", "Usuário externo"},
		{"II- Memorando", lnInciso, 2, 0, "II-", "Memorando"},
		{"I-A - Acrescido", lnInciso, 1, 1, "I-A -", "Acrescido"},
		{"IIII - not roman", lnText, 0, 0, "", ""},
		{"DI - ", lnInciso, 501, 0, "DI -", ""},
		{"DA ADMINISTRAÇÃO DO SEI/UFT", lnText, 0, 0, "", ""},
		{"CIVIL - texto", lnText, 0, 0, "", ""},
		{"a) Nome completo", lnAlinea, 1, 0, "a)", "Nome completo"},
		{"e) Usuários", lnAlinea, 5, 0, "e)", "Usuários"},
		{"1. gestor", lnItem, 1, 0, "1.", "gestor"},
		{"2) colaborador", lnItem, 2, 0, "2)", "colaborador"},
		{"45 (quarenta e cinco) dias", lnText, 0, 0, "", ""},
		{"CAPÍTULO I", lnChapter, 1, 0, "CAPÍTULO I", ""},
		{"CAPÍTULO I - DAS DISPOSIÇÕES GERAIS", lnChapter, 1, 0, "CAPÍTULO I", "DAS DISPOSIÇÕES GERAIS"},
		{"Capítulo IV – Disposições finais", lnChapter, 4, 0, "Capítulo IV", "Disposições finais"},
		{"SEÇÃO II - DA CRIAÇÃO", lnSection, 2, 0, "SEÇÃO II", "DA CRIAÇÃO"},
		{"Seção III", lnSection, 3, 0, "Seção III", ""},
		{"Subseção I – Da criação", lnSubsection, 1, 0, "Subseção I", "Da criação"},
		{"Seção I deste capítulo trata", lnText, 0, 0, "", ""},
		{"conforme o art. 19", lnText, 0, 0, "", ""},
	}
	for _, tt := range tests {
		l := classify(tt.in)
		if l.kind != tt.kind || l.num != tt.num || l.suffix != tt.suffix || l.kind != lnText && (l.label != tt.label || l.rest != tt.rest) {
			t.Errorf("classify(%q) = kind %d num %d suffix %d label %q rest %q; want %d %d %d %q %q",
				tt.in, l.kind, l.num, l.suffix, l.label, l.rest, tt.kind, tt.num, tt.suffix, tt.label, tt.rest)
		}
	}
}

func TestRoman(t *testing.T) {
	for n := 1; n < 4000; n++ {
		if got := romanValue(roman(n)); got != n {
			t.Fatalf("romanValue(roman(%d)) = %d", n, got)
		}
	}
	for _, bad := range []string{"", "IIII", "VX", "IC", "MMMM", "ABC", "iv"} {
		if romanValue(bad) != 0 {
			t.Errorf("romanValue(%q) != 0", bad)
		}
	}
}

// TestPositions checks that every provision's position points at its label
// in the original file, the front matter included.
func TestPositions(t *testing.T) {
	for _, name := range []string{"in-15-2024.md", "portaria-41-2022.md"} {
		s, d := parseShipped(t, name)
		src, err := os.ReadFile(filepath.Join("..", "..", "content", "normas", name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		for _, p := range d.Provisions() {
			if p.Kind == KindCaput {
				continue
			}
			if p.Line < 1 || p.Line > len(lines) || !strings.HasPrefix(lines[p.Line-1], p.Label) {
				t.Errorf("%s: %s at line %d, which reads %q", s.file, p.ID, p.Line, lines[p.Line-1])
			}
		}
	}
}

func TestLineEndingsAndSpaces(t *testing.T) {
	body := "\ufeffArt. 1º\u00a0 Texto do caput\r\ncontinuado na linha seguinte.\r\n\r\nSegundo parágrafo do caput.\r\n\r\n\tI -  inciso   com   espaços;\r\n"
	d, errs := Parse("crlf.md", 10, []byte(body))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a, _ := d.Lookup("art1")
	if got, want := a.Text(), "Art. 1º Texto do caput continuado na linha seguinte. Segundo parágrafo do caput."; got != want {
		t.Errorf("Text() = %q; want %q", got, want)
	}
	if c := a.Caput(); len(c.Paragraphs) != 2 {
		t.Errorf("caput paragraphs = %q; want 2", c.Paragraphs)
	}
	inc, ok := d.Lookup("art1_cpt_inc1")
	if !ok || inc.Text() != "I - inciso com espaços;" || inc.Line != 15 || inc.Col != 2 {
		t.Errorf("inciso = %+v", inc)
	}
}
