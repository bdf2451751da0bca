// Command esquemas writes the JSON Schemas of the definition files
// (generator.Schemas) into the folder given as its argument; "go generate
// ./generator" runs it into templates/static/esquemas.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/seiportal/seiportal/generator"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "uso: esquemas PASTA")
		os.Exit(2)
	}
	dir := os.Args[1]
	schemas, err := generator.Schemas()
	if err != nil {
		fmt.Fprintln(os.Stderr, "esquemas:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "esquemas:", err)
		os.Exit(1)
	}
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), schemas[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "esquemas:", err)
			os.Exit(1)
		}
		fmt.Println(filepath.Join(dir, n))
	}
}
