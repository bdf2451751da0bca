package generator

import "strings"

// Exercises reports whether the page shows exercises (```exercicio blocks of
// its own Markdown, or of the pages a handout holds): the layouts then load
// their style and, on pages, their script (js/exercicios.js).
func (d *pageData) Exercises() bool {
	return strings.Contains(string(d.Content), `<form class="exercicio"`)
}
