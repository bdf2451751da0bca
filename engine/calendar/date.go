package calendar

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date: a day in the proleptic Gregorian calendar with no
// time of day and no time zone. The zero Date means "no date".
//
// A Date with Year 0 and a valid Month and Day is a yearly date ("every
// 20 January"); only holidays use that form (see Holiday).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Of returns the date year-month-day, normalising out-of-range values the
// way time.Date does (Of(2026, 1, 32) is 1 February 2026).
func Of(year int, month time.Month, day int) Date {
	return FromTime(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// FromTime returns the civil date of t in t's own location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Time returns the date at midnight UTC.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Yearly reports whether d is a yearly date (Year 0, a month and a day).
func (d Date) Yearly() bool { return d.Year == 0 && d.Month != 0 }

// Valid reports whether d names a day that exists: a full date between the
// years 1 and 9999, or a yearly date whose day exists in some year
// (29 February included).
func (d Date) Valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	if d.Year == 0 {
		return d.Day <= daysIn(d.Month, 2000)
	}
	return d.Year >= 1 && d.Year <= 9999 && d.Day <= daysIn(d.Month, d.Year)
}

// AddDays returns d plus n calendar days (n may be negative).
func (d Date) AddDays(n int) Date {
	return Of(d.Year, d.Month, d.Day+n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil returns the number of calendar days from d to e (negative when
// e is before d).
func (d Date) DaysUntil(e Date) int {
	return int((e.Time().Unix() - d.Time().Unix()) / 86400)
}

// String formats d as "2006-01-02", a yearly date as "01-02" and the zero
// Date as "".
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Year == 0:
		return fmt.Sprintf("%02d-%02d", int(d.Month), d.Day)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
}

// BR formats d the Brazilian way: "16/02/2026", or "20/01" for a yearly
// date.
func (d Date) BR() string {
	switch {
	case d.IsZero():
		return ""
	case d.Year == 0:
		return fmt.Sprintf("%02d/%02d", d.Day, int(d.Month))
	default:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
	}
}

// MonthName returns the pt-BR name of m, in lower case as dates are
// written ("março"), and "" when m is not a month.
func MonthName(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return monthNames[m-1]
}

// monthNames holds the names of the months, January first. Read only.
var monthNames = [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
	"agosto", "setembro", "outubro", "novembro", "dezembro"}

// Long writes d as dates are written in pt-BR text: "5 de março de 2025",
// with the ordinal on the first day of a month, "1º de março de 2025" (as
// the Manual de Redação da Presidência da República asks), "20 de janeiro"
// for a yearly date, and "" for the zero Date or an invalid one. The
// portal's pages, its source list and the form documents all write dates
// with it.
func (d Date) Long() string {
	if !d.Valid() {
		return ""
	}
	day := strconv.Itoa(d.Day)
	if d.Day == 1 {
		day = "1º"
	}
	s := day + " de " + MonthName(d.Month)
	if d.Year != 0 {
		s += " de " + strconv.Itoa(d.Year)
	}
	return s
}

// MarshalText implements encoding.TextMarshaler with String's format.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsZero() && !d.Valid() {
		return nil, fmt.Errorf("data inexistente: %04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: "" (zero Date),
// "2006-01-02" or the yearly "01-02".
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	var (
		v   Date
		err error
	)
	if len(b) == 5 {
		v, err = ParseYearly(string(b))
	} else {
		v, err = Parse(string(b))
	}
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Parse reads a full date in ISO form "2006-01-02" and rejects days that
// do not exist ("2025-02-29"). Its errors are in Portuguese.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("formato de data inválido: %q (use AAAA-MM-DD)", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	dd, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("formato de data inválido: %q (use AAAA-MM-DD)", s)
	}
	d := Date{Year: y, Month: time.Month(m), Day: dd}
	if d.Year == 0 || !d.Valid() {
		return Date{}, fmt.Errorf("data inexistente: %s", s)
	}
	return d, nil
}

// ParseBR reads a date written the Brazilian way, "16/02/2026", and rejects
// days that do not exist.
func ParseBR(s string) (Date, error) {
	if len(s) != 10 || s[2] != '/' || s[5] != '/' {
		return Date{}, fmt.Errorf("formato de data inválido: %q (use DD/MM/AAAA)", s)
	}
	dd, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	y, ok3 := digits(s[6:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("formato de data inválido: %q (use DD/MM/AAAA)", s)
	}
	d := Date{Year: y, Month: time.Month(m), Day: dd}
	if d.Year == 0 || !d.Valid() {
		return Date{}, fmt.Errorf("data inexistente: %s", s)
	}
	return d, nil
}

// ParseYearly reads a yearly date "01-20" (month, day).
func ParseYearly(s string) (Date, error) {
	if len(s) != 5 || s[2] != '-' {
		return Date{}, fmt.Errorf("formato de data inválido: %q (use MM-DD para uma data anual)", s)
	}
	m, ok1 := digits(s[0:2])
	dd, ok2 := digits(s[3:5])
	if !ok1 || !ok2 {
		return Date{}, fmt.Errorf("formato de data inválido: %q (use MM-DD para uma data anual)", s)
	}
	d := Date{Month: time.Month(m), Day: dd}
	if !d.Valid() {
		return Date{}, fmt.Errorf("data inexistente: %s", s)
	}
	return d, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	default:
		return 31
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
