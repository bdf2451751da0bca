package cli

import "context"

// Placeholders until each subcommand lands; they report bad usage.
func runValidate(ctx context.Context, env *Env, args []string) error {
	return &UsageError{Msg: "validate: ainda não implementado"}
}
func runPDF(ctx context.Context, env *Env, args []string) error {
	return &UsageError{Msg: "pdf: ainda não implementado"}
}
