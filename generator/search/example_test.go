package search_test

import (
	"fmt"

	"github.com/seiportal/seiportal/generator/search"
)

// The terms of a text are what the index stores and what a query looks up:
// folded (no accents, lower case), without stop words, stemmed, so that
// singular and plural, "ação" and "ações", "artigo" and "art." meet. The
// browser's busca.js gives the same terms for the same text.
func ExampleTerms() {
	fmt.Println(search.Terms("As Ações dos Órgãos"))
	fmt.Println(search.Terms("a ação do órgão"))
	fmt.Println(search.Terms("Artigo 35, § 2º"))
	fmt.Println(search.Terms("art. 35, parágrafo 2°"))
	// Output:
	// [acao orgao]
	// [acao orgao]
	// [art 35 paragraf 2o]
	// [art 35 paragraf 2o]
}

func ExampleFold() {
	fmt.Println(search.Fold("Órgão: COORDENAÇÃO-GERAL"))
	// Output:
	// orgao: coordenacao-geral
}
