package cli

import "context"

// Placeholders until each subcommand lands; they report bad usage.
func runServe(ctx context.Context, env *Env, args []string) error {
	return &UsageError{Msg: "serve: ainda não implementado"}
}
func runInit(ctx context.Context, env *Env, args []string) error {
	return &UsageError{Msg: "init: ainda não implementado"}
}
func runValidate(ctx context.Context, env *Env, args []string) error {
	return &UsageError{Msg: "validate: ainda não implementado"}
}
func runPDF(ctx context.Context, env *Env, args []string) error {
	return &UsageError{Msg: "pdf: ainda não implementado"}
}
