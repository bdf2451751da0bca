package calendar

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

func mustNew(t *testing.T, cfg Config) *Calendar {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Easter Sundays from published tables.
func TestEaster(t *testing.T) {
	known := []string{
		"1818-03-22", // earliest possible
		"1943-04-25", // latest possible
		"2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11",
		"2005-03-27", "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12",
		"2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31", "2014-04-20",
		"2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21",
		"2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31",
		"2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
		"2030-04-21", "2038-04-25", "2285-03-22",
	}
	for _, s := range known {
		want := d(s)
		if got := easterSunday(want.Year); got != want {
			t.Errorf("easterSunday(%d) = %v; want %v", want.Year, got, want)
		}
		if want.Weekday() != time.Sunday {
			t.Errorf("%v is not a Sunday", want)
		}
	}
}

func TestEasterBasedDays(t *testing.T) {
	tests := []struct {
		year                         int
		carnavalMon, goodFri, corpus string
	}{
		{2024, "2024-02-12", "2024-03-29", "2024-05-30"},
		{2025, "2025-03-03", "2025-04-18", "2025-06-19"},
		{2026, "2026-02-16", "2026-04-03", "2026-06-04"},
		{2027, "2027-02-08", "2027-03-26", "2027-05-27"},
	}
	c := mustNew(t, Config{})
	for _, tt := range tests {
		byName := map[string]Holiday{}
		for _, h := range c.Holidays(tt.year) {
			byName[h.Name] = h
		}
		check := func(name, date string, kind Kind) {
			h, ok := byName[name]
			if !ok {
				t.Errorf("%d: no %q", tt.year, name)
				return
			}
			if h.Date != d(date) || h.Kind != kind {
				t.Errorf("%d: %s = %v (%s); want %s (%s)", tt.year, name, h.Date, h.Kind, date, kind)
			}
		}
		check("Carnaval (segunda-feira)", tt.carnavalMon, Optional)
		check("Carnaval (terça-feira)", d(tt.carnavalMon).AddDays(1).String(), Optional)
		check("Sexta-feira Santa", tt.goodFri, National)
		check("Corpus Christi", tt.corpus, Optional)
	}
}

func TestHolidays2026(t *testing.T) {
	c := mustNew(t, Config{Extra: []Holiday{
		{Date: Date{Month: time.January, Day: 20}, Name: "São Sebastião", Kind: Municipal},
		{Date: Date{Month: time.July, Day: 9}, Name: "Revolução Constitucionalista", Kind: State},
		{Date: d("2026-03-10"), Name: "Aniversário da cidade", Kind: Municipal},
		{Date: d("2027-03-10"), Name: "Outro ano", Kind: Municipal},
	}})
	var got []string
	for _, h := range c.Holidays(2026) {
		got = append(got, h.Date.String()+" "+h.Name+" ("+string(h.Kind)+")")
	}
	want := []string{
		"2026-01-01 Confraternização Universal (nacional)",
		"2026-01-20 São Sebastião (municipal)",
		"2026-02-16 Carnaval (segunda-feira) (ponto facultativo)",
		"2026-02-17 Carnaval (terça-feira) (ponto facultativo)",
		"2026-03-10 Aniversário da cidade (municipal)",
		"2026-04-03 Sexta-feira Santa (nacional)",
		"2026-04-21 Tiradentes (nacional)",
		"2026-05-01 Dia do Trabalho (nacional)",
		"2026-06-04 Corpus Christi (ponto facultativo)",
		"2026-07-09 Revolução Constitucionalista (estadual)",
		"2026-09-07 Independência do Brasil (nacional)",
		"2026-10-12 Nossa Senhora Aparecida (nacional)",
		"2026-11-02 Finados (nacional)",
		"2026-11-15 Proclamação da República (nacional)",
		"2026-11-20 Dia Nacional de Zumbi e da Consciência Negra (nacional)",
		"2026-12-25 Natal (nacional)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Holidays(2026):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestIsBusinessDay(t *testing.T) {
	plain := mustNew(t, Config{})
	optional := mustNew(t, Config{IncludeOptional: true, Extra: []Holiday{
		{Date: Date{Month: time.January, Day: 20}, Name: "São Sebastião", Kind: Municipal},
		{Date: d("2026-10-28"), Name: "Dia do Servidor Público", Kind: Optional},
	}})
	tests := []struct {
		date          string
		plain, option bool
	}{
		{"2026-02-13", true, true},   // Friday before Carnaval
		{"2026-02-14", false, false}, // Saturday
		{"2026-02-15", false, false}, // Sunday
		{"2026-02-16", true, false},  // Carnaval Monday
		{"2026-02-17", true, false},  // Carnaval Tuesday
		{"2026-02-18", true, true},   // Quarta-feira de Cinzas: expediente from 14h
		{"2026-04-03", false, false}, // Sexta-feira Santa
		{"2026-06-04", true, false},  // Corpus Christi
		{"2026-01-20", true, false},  // municipal holiday (only in the second calendar)
		{"2026-10-28", true, false},  // local ponto facultativo
		{"2023-11-20", true, true},   // Consciência Negra was not national before 2024
		{"2024-11-20", false, false}, // ... and is since Lei 14.759/2023
		{"2025-11-20", false, false},
		{"2025-12-25", false, false},
		{"2025-12-26", true, true},
	}
	for _, tt := range tests {
		if got := plain.IsBusinessDay(d(tt.date)); got != tt.plain {
			t.Errorf("plain.IsBusinessDay(%s) = %v; want %v", tt.date, got, tt.plain)
		}
		if got := optional.IsBusinessDay(d(tt.date)); got != tt.option {
			t.Errorf("optional.IsBusinessDay(%s) = %v; want %v", tt.date, got, tt.option)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	plain := mustNew(t, Config{})
	optional := mustNew(t, Config{IncludeOptional: true})
	tests := []struct {
		name  string
		cal   *Calendar
		start string
		n     int
		want  string
	}{
		// 45 dias úteis (IN 15/2024, art. 35) from Monday 2 February 2026,
		// across Carnaval (16–17 Feb) and Sexta-feira Santa (3 Apr).
		{"45 úteis, Carnaval útil", plain, "2026-02-02", 45, "2026-04-07"},
		{"45 úteis, Carnaval facultativo", optional, "2026-02-02", 45, "2026-04-09"},
		{"start day excluded", plain, "2026-02-02", 1, "2026-02-03"},
		{"Friday + 1 is Monday", plain, "2026-02-06", 1, "2026-02-09"},
		{"start on Saturday counts from Monday", plain, "2026-02-07", 1, "2026-02-09"},
		{"over Carnaval", optional, "2026-02-13", 1, "2026-02-18"},
		{"zero on a business day", plain, "2026-02-02", 0, "2026-02-02"},
		{"zero on a Sunday", plain, "2026-02-01", 0, "2026-02-02"},
		{"backwards", plain, "2026-02-09", -1, "2026-02-06"},
		{"across the year", plain, "2025-12-24", 3, "2025-12-30"},
		{"year end", plain, "2025-12-30", 2, "2026-01-02"},
	}
	for _, tt := range tests {
		if got := tt.cal.AddBusinessDays(d(tt.start), tt.n); got != d(tt.want) {
			t.Errorf("%s: AddBusinessDays(%s, %d) = %v; want %s", tt.name, tt.start, tt.n, got, tt.want)
		}
	}
}

func TestAddCalendarDays(t *testing.T) {
	plain := mustNew(t, Config{})
	optional := mustNew(t, Config{IncludeOptional: true})
	tests := []struct {
		name  string
		cal   *Calendar
		start string
		n     int
		want  string
	}{
		{"ends on a business day", plain, "2026-02-02", 30, "2026-03-04"},
		{"ends on Saturday → Monday", plain, "2026-02-02", 5, "2026-02-09"},
		{"ends on Carnaval Monday, útil", plain, "2026-02-02", 14, "2026-02-16"},
		{"ends on Carnaval Monday, facultativo → Ash Wednesday", optional, "2026-02-02", 14, "2026-02-18"},
		{"ends on Good Friday → Monday", plain, "2026-03-27", 7, "2026-04-06"},
		{"leap day", plain, "2024-02-28", 1, "2024-02-29"},
	}
	for _, tt := range tests {
		if got := tt.cal.AddCalendarDays(d(tt.start), tt.n); got != d(tt.want) {
			t.Errorf("%s: AddCalendarDays(%s, %d) = %v; want %s", tt.name, tt.start, tt.n, got, tt.want)
		}
	}
}

func TestBusinessDaysBetweenInvertsAdd(t *testing.T) {
	c := mustNew(t, Config{IncludeOptional: true, Extra: []Holiday{
		{Date: Date{Month: time.July, Day: 9}, Name: "Revolução Constitucionalista", Kind: State},
	}})
	for start := d("2025-12-01"); start.Before(d("2026-08-01")); start = start.AddDays(3) {
		for _, n := range []int{1, 2, 5, 10, 45} {
			end := c.AddBusinessDays(start, n)
			if !c.IsBusinessDay(end) {
				t.Fatalf("AddBusinessDays(%v, %d) = %v, not a business day", start, n, end)
			}
			if got := c.BusinessDaysBetween(start, end); got != n {
				t.Fatalf("BusinessDaysBetween(%v, %v) = %d; want %d", start, end, got, n)
			}
			if got := c.BusinessDaysBetween(end, start); got != -n {
				t.Fatalf("BusinessDaysBetween(%v, %v) = %d; want %d", end, start, got, -n)
			}
		}
	}
	if got := c.BusinessDaysBetween(d("2026-02-14"), d("2026-02-14")); got != 0 {
		t.Errorf("same day: %d", got)
	}
}

func TestNewRejectsBadHolidays(t *testing.T) {
	_, err := New(Config{Extra: []Holiday{
		{Date: Date{Month: time.February, Day: 30}, Name: "X", Kind: Municipal},
		{Date: d("2026-01-01"), Name: "", Kind: Municipal},
		{Date: d("2026-01-01"), Name: "Y", Kind: "religioso"},
		{Name: "Z", Kind: State},
	}})
	if err == nil {
		t.Fatal("New accepted bad holidays")
	}
	for _, want := range []string{
		"feriado 1: data inexistente: 0000-02-30",
		"feriado 2: feriado sem nome",
		`feriado 3: tipo de feriado desconhecido "religioso"`,
		"feriado 4: feriado sem data",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestYearlyLeapDay(t *testing.T) {
	c := mustNew(t, Config{Extra: []Holiday{{Date: Date{Month: time.February, Day: 29}, Name: "Bissexto", Kind: Municipal}}})
	if c.IsBusinessDay(d("2028-02-29")) {
		t.Error("2028-02-29 should be a holiday")
	}
	for _, h := range c.Holidays(2027) {
		if h.Name == "Bissexto" {
			t.Errorf("2027 has %v", h)
		}
	}
}

func TestParse(t *testing.T) {
	good := map[string]Date{
		"2026-02-16": {2026, time.February, 16},
		"2024-02-29": {2024, time.February, 29},
		"0001-01-01": {1, time.January, 1},
	}
	for s, want := range good {
		if got, err := Parse(s); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := map[string]string{
		"2025-02-29":  "data inexistente: 2025-02-29",
		"2026-13-01":  "data inexistente: 2026-13-01",
		"2026-04-31":  "data inexistente: 2026-04-31",
		"0000-01-01":  "data inexistente: 0000-01-01",
		"26-02-16":    "formato de data inválido",
		"2026/02/16":  "formato de data inválido",
		"2026-0a-16":  "formato de data inválido",
		"":            "formato de data inválido",
		"2026-02-16 ": "formato de data inválido",
	}
	for s, want := range bad {
		if _, err := Parse(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v; want %q", s, err, want)
		}
	}
	if got, err := ParseBR("16/02/2026"); err != nil || got != d("2026-02-16") {
		t.Errorf("ParseBR = %v, %v", got, err)
	}
	if _, err := ParseBR("31/06/2026"); err == nil {
		t.Error("ParseBR accepted 31/06/2026")
	}
	if got, err := ParseYearly("01-20"); err != nil || got != (Date{Month: time.January, Day: 20}) {
		t.Errorf("ParseYearly = %v, %v", got, err)
	}
	if _, err := ParseYearly("02-30"); err == nil {
		t.Error("ParseYearly accepted 02-30")
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		A Date `json:"a"`
		B Date `json:"b"`
		C Date `json:"c,omitzero"`
	}
	in := doc{A: d("2026-02-16"), B: Date{Month: time.January, Day: 20}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"a":"2026-02-16","b":"01-20"}` {
		t.Errorf("Marshal = %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"a":"2026-02-30"}`), &out); err == nil {
		t.Error("Unmarshal accepted 2026-02-30")
	}
}

func TestDateArithmetic(t *testing.T) {
	if got := d("2026-02-02").DaysUntil(d("2026-04-07")); got != 64 {
		t.Errorf("DaysUntil = %d; want 64", got)
	}
	if got := d("2026-04-07").DaysUntil(d("2026-02-02")); got != -64 {
		t.Errorf("DaysUntil = %d; want -64", got)
	}
	if got := d("0001-01-01").DaysUntil(d("9999-12-31")); got != 3652058 {
		t.Errorf("DaysUntil over the whole range = %d; want 3652058", got)
	}
	if got := d("2024-12-31").AddDays(1); got != d("2025-01-01") {
		t.Errorf("AddDays = %v", got)
	}
	if d("2026-02-16").BR() != "16/02/2026" {
		t.Errorf("BR = %q", d("2026-02-16").BR())
	}
	if !d("2026-01-01").Before(d("2026-01-02")) || d("2026-01-02").Before(d("2026-01-01")) {
		t.Error("Before")
	}
}

func BenchmarkAddBusinessDays45(b *testing.B) {
	c, _ := New(Config{IncludeOptional: true, Extra: []Holiday{
		{Date: Date{Month: time.January, Day: 20}, Name: "São Sebastião", Kind: Municipal},
	}})
	start := d("2026-02-02")
	for b.Loop() {
		c.AddBusinessDays(start, 45)
	}
}

func BenchmarkHolidays(b *testing.B) {
	c, _ := New(Config{})
	for b.Loop() {
		c.Holidays(2026)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-02-16", "2024-02-29", "2025-02-29", "0000-01-01", "16/02/2026", "01-20", "", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := Parse(s); err == nil {
			if !v.Valid() || v.String() != s {
				t.Errorf("Parse(%q) = %v (valid %v)", s, v, v.Valid())
			}
		}
		if v, err := ParseBR(s); err == nil && v.BR() != s {
			t.Errorf("ParseBR(%q) = %v", s, v.BR())
		}
		var v Date
		if err := v.UnmarshalText([]byte(s)); err == nil {
			if b, err := v.MarshalText(); err != nil || string(b) != s {
				t.Errorf("text round trip of %q = %q, %v", s, b, err)
			}
		}
	})
}

func TestLong(t *testing.T) {
	for _, c := range []struct {
		d    Date
		want string
	}{
		{Date{2025, time.March, 1}, "1º de março de 2025"},
		{Date{2025, time.March, 5}, "5 de março de 2025"},
		{Date{2026, time.December, 31}, "31 de dezembro de 2026"},
		{Date{0, time.January, 20}, "20 de janeiro"},
		{Date{0, time.May, 1}, "1º de maio"},
		{Date{}, ""},
		{Date{2025, time.February, 29}, ""},
		{Date{2025, 13, 1}, ""},
	} {
		if got := c.d.Long(); got != c.want {
			t.Errorf("%#v.Long() = %q; want %q", c.d, got, c.want)
		}
	}
	if got := MonthName(time.March); got != "março" {
		t.Errorf("MonthName(March) = %q", got)
	}
	if got := MonthName(0); got != "" {
		t.Errorf("MonthName(0) = %q; want \"\"", got)
	}
}
