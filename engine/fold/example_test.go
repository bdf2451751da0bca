package fold_test

import (
	"fmt"

	"github.com/seiportal/seiportal/engine/fold"
)

func Example() {
	fmt.Println(fold.Lower("Coordenação-Geral de Órgãos"))
	fmt.Println(fold.String("Coordenação-Geral de Órgãos")) // URL slugs keep the case until they lower it
	fmt.Println(fold.Lower("Art. 1° § 2º, Straße, Łódź"))
	// Output:
	// coordenacao-geral de orgaos
	// Coordenacao-Geral de Orgaos
	// art. 1o § 2o, strasse, lodz
}
