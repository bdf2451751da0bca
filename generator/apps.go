package generator

import "github.com/seiportal/seiportal/diag"

// appData holds the form and checklist definitions.
type appData struct{}

// appView is what an app layout (formulario, checklist, conferir) receives.
type appView struct{}

func (b *builder) loadApps() diag.List { return nil }

func (b *builder) appView(p *Page) *appView { return nil }

func (b *builder) writeAppFiles(write func(string, []byte)) diag.List { return nil }
