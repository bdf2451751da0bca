package cli

// Placeholders until each subcommand lands live here; every subcommand has
// landed.
