package calendar_test

import (
	"fmt"
	"time"

	"github.com/seiportal/seiportal/engine/calendar"
)

// A deadline of 5 dias úteis counted from Friday, 13 February 2026: the
// Carnaval Monday and Tuesday are pontos facultativos, business days unless
// the órgão closes on them (IncludeOptional), and a municipal holiday
// configured as data moves the deadline once more.
func ExampleCalendar_AddBusinessDays() {
	start := calendar.Of(2026, time.February, 13)

	open, err := calendar.New(calendar.Config{})
	if err != nil {
		panic(err)
	}
	fmt.Println(open.AddBusinessDays(start, 5).Long())

	closed, err := calendar.New(calendar.Config{
		IncludeOptional: true,
		Extra: []calendar.Holiday{
			{Date: calendar.Date{Month: time.February, Day: 20}, Name: "Aniversário da cidade", Kind: calendar.Municipal},
		},
	})
	if err != nil {
		panic(err)
	}
	end := closed.AddBusinessDays(start, 5)
	fmt.Println(end.Long(), end.BR())
	fmt.Println(closed.BusinessDaysBetween(start, end), "dias úteis")
	for _, h := range closed.HolidaysOn(calendar.Of(2026, time.February, 16)) {
		fmt.Println(h.Name, "—", h.Kind)
	}
	// Output:
	// 20 de fevereiro de 2026
	// 25 de fevereiro de 2026 25/02/2026
	// 5 dias úteis
	// Carnaval (segunda-feira) — ponto facultativo
}

func ExampleDate_Long() {
	fmt.Println(calendar.Of(2025, time.March, 1).Long())
	fmt.Println(calendar.Of(2025, time.March, 5).Long())
	fmt.Println(calendar.Date{Month: time.January, Day: 20}.Long())
	// Output:
	// 1º de março de 2025
	// 5 de março de 2025
	// 20 de janeiro
}
