// Package calendar counts deadlines in dias úteis (business days) and dias
// corridos (calendar days) with Brazil's holidays.
//
// National holidays are computed for any year: the fixed ones of Lei nº
// 662/1949, Lei nº 6.802/1980 (Nossa Senhora Aparecida) and Lei nº
// 14.759/2023 (Dia Nacional de Zumbi e da Consciência Negra, counted from
// 2024), and the Easter-based Sexta-feira Santa. Carnaval (Monday and
// Tuesday) and Corpus Christi are pontos facultativos: whether they count
// as days off is configurable (Config.IncludeOptional). Quarta-feira de
// Cinzas, whose expediente only starts at 14h, is a business day. State and
// municipal holidays come from configuration (Config.Extra).
//
// # Counting rule
//
// Deadlines follow Lei nº 9.784/1999, art. 66: the day of the start is
// excluded and the day of the end is included; when the end falls on a day
// without expediente (a weekend, a holiday, or a ponto facultativo when
// those count as days off), the deadline moves to the next business day.
//
//   - AddCalendarDays(start, n) (dias corridos, art. 66 § 2º: counted
//     continuously) is start + n days, then moved forward to a business day
//     if needed.
//   - AddBusinessDays(start, n) (dias úteis) is the n-th business day after
//     start: only business days are counted, start itself never is, so a
//     deadline started on a Saturday counts from Monday. The result is
//     always a business day.
//
// The package uses only the standard library and compiles for
// GOOS=js GOARCH=wasm.
package calendar

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Kind classifies a holiday.
type Kind string

// Kinds of holidays.
const (
	National  Kind = "nacional"
	Optional  Kind = "ponto facultativo"
	State     Kind = "estadual"
	Municipal Kind = "municipal"
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	switch k {
	case National, Optional, State, Municipal:
		return true
	}
	return false
}

// rank orders kinds in listings.
func (k Kind) rank() int {
	switch k {
	case National:
		return 0
	case State:
		return 1
	case Municipal:
		return 2
	case Optional:
		return 3
	}
	return 4
}

// Holiday is a day without expediente, or a ponto facultativo. In
// Config.Extra, a Date with Year 0 repeats every year ("01-20"); a full
// date happens once.
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
}

// Config configures a Calendar.
type Config struct {
	// IncludeOptional makes pontos facultativos (Carnaval Monday and
	// Tuesday, Corpus Christi, and Extra holidays of kind Optional) count
	// as days off. When false they are business days.
	IncludeOptional bool
	// Extra holds state and municipal holidays (or local pontos
	// facultativos): yearly (Date.Year 0) or on a single full date.
	Extra []Holiday
}

// Calendar answers which days are business days. It is immutable and safe
// for concurrent use.
type Calendar struct {
	includeOptional bool
	extra           []Holiday
}

// New returns a Calendar for cfg. It fails, in Portuguese, when an extra
// holiday has no name, an unknown kind or a date that does not exist.
func New(cfg Config) (*Calendar, error) {
	var errs []error
	for i, h := range cfg.Extra {
		if err := CheckHoliday(h); err != nil {
			errs = append(errs, fmt.Errorf("feriado %d: %w", i+1, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	extra := make([]Holiday, len(cfg.Extra))
	copy(extra, cfg.Extra)
	return &Calendar{includeOptional: cfg.IncludeOptional, extra: extra}, nil
}

// CheckHoliday reports, in Portuguese, what is wrong with a configured
// holiday, or nil.
func CheckHoliday(h Holiday) error {
	switch {
	case strings.TrimSpace(h.Name) == "":
		return errors.New("feriado sem nome")
	case !h.Kind.Valid():
		return fmt.Errorf("tipo de feriado desconhecido %q (use nacional, estadual, municipal ou ponto facultativo)", h.Kind)
	case h.Date.IsZero():
		return errors.New("feriado sem data")
	case !h.Date.Valid():
		return fmt.Errorf("data inexistente: %04d-%02d-%02d", h.Date.Year, int(h.Date.Month), h.Date.Day)
	}
	return nil
}

// easterSunday returns Easter Sunday of year in the Gregorian calendar (the
// anonymous Gregorian algorithm of Meeus, Jones and Butcher).
func easterSunday(year int) Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{Year: year, Month: time.Month(month), Day: day}
}

type fixedHoliday struct {
	month time.Month
	day   int
	name  string
	from  int // first year it applies
}

// fixedNational lists the national holidays on fixed dates (a function, so
// the table cannot be changed).
func fixedNational() [9]fixedHoliday {
	return [...]fixedHoliday{
		{time.January, 1, "Confraternização Universal", 0},
		{time.April, 21, "Tiradentes", 0},
		{time.May, 1, "Dia do Trabalho", 0},
		{time.September, 7, "Independência do Brasil", 0},
		{time.October, 12, "Nossa Senhora Aparecida", 1980},
		{time.November, 2, "Finados", 0},
		{time.November, 15, "Proclamação da República", 0},
		{time.November, 20, "Dia Nacional de Zumbi e da Consciência Negra", 2024},
		{time.December, 25, "Natal", 0},
	}
}

type easterHoliday struct {
	offset int // days from Easter Sunday
	name   string
	kind   Kind
}

// easterBased lists the holidays that move with Easter.
func easterBased() [4]easterHoliday {
	return [...]easterHoliday{
		{-48, "Carnaval (segunda-feira)", Optional},
		{-47, "Carnaval (terça-feira)", Optional},
		{-2, "Sexta-feira Santa", National},
		{60, "Corpus Christi", Optional},
	}
}

// Holidays returns every holiday and ponto facultativo of year, sorted by
// date, then kind (nacional, estadual, municipal, ponto facultativo), then
// name. Pontos facultativos are listed whatever Config.IncludeOptional says;
// their Kind tells them apart.
func (c *Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	for _, f := range fixedNational() {
		if year >= f.from {
			out = append(out, Holiday{Date: Date{year, f.month, f.day}, Name: f.name, Kind: National})
		}
	}
	easter := easterSunday(year)
	for _, e := range easterBased() {
		out = append(out, Holiday{Date: easter.AddDays(e.offset), Name: e.name, Kind: e.kind})
	}
	for _, h := range c.extra {
		if d, ok := h.on(year); ok {
			out = append(out, Holiday{Date: d, Name: h.Name, Kind: h.Kind})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if x := a.Date.Compare(b.Date); x != 0 {
			return x < 0
		}
		if a.Kind.rank() != b.Kind.rank() {
			return a.Kind.rank() < b.Kind.rank()
		}
		return a.Name < b.Name
	})
	return out
}

// on returns the day h falls on in year, if any (a yearly 29 February only
// exists in leap years).
func (h Holiday) on(year int) (Date, bool) {
	if h.Date.Year == 0 {
		d := Date{Year: year, Month: h.Date.Month, Day: h.Date.Day}
		return d, d.Valid()
	}
	return h.Date, h.Date.Year == year
}

// HolidaysOn returns the holidays and pontos facultativos that fall on d.
func (c *Calendar) HolidaysOn(d Date) []Holiday {
	var out []Holiday
	for _, h := range c.Holidays(d.Year) {
		if h.Date == d {
			out = append(out, h)
		}
	}
	return out
}

// closed reports whether d is a day off because of a holiday.
func (c *Calendar) closed(d Date) bool {
	for _, f := range fixedNational() {
		if d.Month == f.month && d.Day == f.day && d.Year >= f.from {
			return true
		}
	}
	// Every Easter-based day lies between February and June.
	if d.Month >= time.February && d.Month <= time.June {
		easter := easterSunday(d.Year)
		for _, e := range easterBased() {
			if (e.kind != Optional || c.includeOptional) && easter.AddDays(e.offset) == d {
				return true
			}
		}
	}
	for _, h := range c.extra {
		if h.Kind == Optional && !c.includeOptional {
			continue
		}
		if x, ok := h.on(d.Year); ok && x == d {
			return true
		}
	}
	return false
}

// IsBusinessDay reports whether d is a dia útil: Monday to Friday and not a
// holiday (nor a ponto facultativo, when those count as days off).
func (c *Calendar) IsBusinessDay(d Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !c.closed(d)
}

// NextBusinessDay returns d if it is a business day, else the first
// business day after d.
func (c *Calendar) NextBusinessDay(d Date) Date {
	for !c.IsBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddBusinessDays returns the deadline of n dias úteis counted from start:
// the n-th business day after start (start excluded). For n = 0 it is
// NextBusinessDay(start); a negative n counts |n| business days backwards.
func (c *Calendar) AddBusinessDays(start Date, n int) Date {
	d := start
	switch {
	case n == 0:
		return c.NextBusinessDay(d)
	case n > 0:
		for n > 0 {
			d = d.AddDays(1)
			if c.IsBusinessDay(d) {
				n--
			}
		}
	default:
		for n < 0 {
			d = d.AddDays(-1)
			if c.IsBusinessDay(d) {
				n++
			}
		}
	}
	return d
}

// AddCalendarDays returns the deadline of n dias corridos counted from
// start: start + n days, moved to the next business day when it falls on a
// day without expediente.
func (c *Calendar) AddCalendarDays(start Date, n int) Date {
	return c.NextBusinessDay(start.AddDays(n))
}

// BusinessDaysBetween returns the number of business days d with
// from < d <= to, or minus the number with to < d <= from when to is
// before from. BusinessDaysBetween(s, AddBusinessDays(s, n)) == n for n > 0.
func (c *Calendar) BusinessDaysBetween(from, to Date) int {
	sign := 1
	if to.Before(from) {
		from, to = to, from
		sign = -1
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if c.IsBusinessDay(d) {
			n++
		}
	}
	return sign * n
}
