//go:build !js

package worker

// The state programs' server side (ProgramaEstado in worker.mjs) in
// workerd: one entry per municipality, writable only with its secret,
// erased on withdrawal; the program erased with its admin code.

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

type programaList struct {
	Municipios []struct {
		Entrada    string
		Blob       string
		Atualizado int
	}
	Error string
}

func createProgram(t testing.TB, s *server) (id, admin string) {
	t.Helper()
	r := s.do(t, "POST", "/api/v1/programa", nil)
	var c struct{ ID, Admin string }
	if err := json.Unmarshal(r.body, &c); r.status != 201 || err != nil || len(c.ID) != 22 || len(c.Admin) < 22 {
		t.Fatalf("POST /api/v1/programa: %d %s", r.status, r.body)
	}
	return c.ID, c.Admin
}

func jsonBody(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestWorkerdProgramaAPI(t *testing.T) {
	dir := project(t)
	s := startWorkerd(t, dir)
	id, admin := createProgram(t, s)
	base := "/api/v1/programa/" + id
	list := func() (int, programaList) {
		r := s.do(t, "GET", base+"/municipios", nil)
		var l programaList
		json.Unmarshal(r.body, &l)
		return r.status, l
	}
	const e1, e2 = "EntradaUmAAAAAAAAAAAAA", "EntradaDoisAAAAAAAAAAA"
	const sec1, sec2 = "SegredoDoMunicipioUm_123", "SegredoDoMunicipioDois_4"
	blob := base64.StdEncoding.EncodeToString([]byte("cifrado-1"))
	for _, c := range []struct {
		method, path string
		body         []byte
		status       int
		text         string
	}{
		{"PUT", base + "/municipios/" + e1, jsonBody(map[string]string{"segredo": sec1, "blob": blob}), 204, ""},
		{"PUT", base + "/municipios/" + e2, jsonBody(map[string]string{"segredo": sec2, "blob": blob}), 204, ""},
		// Another municipality cannot overwrite or erase an entry.
		{"PUT", base + "/municipios/" + e1, jsonBody(map[string]string{"segredo": sec2, "blob": blob}), 403, "outro município"},
		{"DELETE", base + "/municipios/" + e1, jsonBody(map[string]string{"segredo": sec2}), 403, "outro município"},
		{"PUT", base + "/municipios/" + e1, jsonBody(map[string]string{"segredo": "curto", "blob": blob}), 400, "segredo"},
		{"PUT", base + "/municipios/" + e1, jsonBody(map[string]string{"segredo": sec1, "blob": strings.Repeat("A", 12<<10)}), 413, "8 KiB"},
		{"PUT", base + "/municipios/x", jsonBody(map[string]string{"segredo": sec1, "blob": blob}), 404, "Entrada desconhecida"},
		{"PUT", "/api/v1/programa/AAAAAAAAAAAAAAAAAAAAAA/municipios/" + e1, jsonBody(map[string]string{"segredo": sec1, "blob": blob}), 404, "não existe"},
		{"POST", base + "/municipios", nil, 405, "Método POST"},
		{"DELETE", base, jsonBody(map[string]string{"admin": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}), 403, "administração"},
		{"DELETE", base, nil, 400, "administração"},
	} {
		r := s.do(t, c.method, c.path, c.body)
		var e struct{ Error string }
		json.Unmarshal(r.body, &e)
		if r.status != c.status || !strings.Contains(e.Error, c.text) {
			t.Errorf("%s %s: %d %s; want %d with %q", c.method, c.path, r.status, r.body, c.status, c.text)
		}
	}
	st, l := list()
	if st != 200 || len(l.Municipios) != 2 || l.Municipios[1].Entrada != e1 || l.Municipios[0].Blob != blob || l.Municipios[0].Atualizado < 20260101 {
		t.Fatalf("list: %d %+v", st, l)
	}
	// Replaced on publication; erased on withdrawal.
	blob2 := base64.StdEncoding.EncodeToString([]byte("cifrado-2"))
	s.do(t, "PUT", base+"/municipios/"+e1, jsonBody(map[string]string{"segredo": sec1, "blob": blob2}))
	if r := s.do(t, "DELETE", base+"/municipios/"+e2, jsonBody(map[string]string{"segredo": sec2})); r.status != 204 {
		t.Errorf("withdraw: %d %s", r.status, r.body)
	}
	if _, l := list(); len(l.Municipios) != 1 || l.Municipios[0].Blob != blob2 {
		t.Errorf("after replace and withdraw: %+v", l)
	}
	// (A replaced or withdrawn summary may stay in SQLite's free pages
	// until they are reused: the README says so; it is ciphertext.)
	// The state erases the program.
	if r := s.do(t, "DELETE", base, jsonBody(map[string]string{"admin": admin})); r.status != 204 {
		t.Fatalf("DELETE program: %d %s", r.status, r.body)
	}
	if st, l := list(); st != 404 || !strings.Contains(l.Error, "foi apagado") {
		t.Errorf("after DELETE: %d %+v", st, l)
	}
	if found, _, _ := storedPlaintext(t, s.storage, []string{"cifrado-1", "cifrado-2"}); len(found) != 0 {
		t.Errorf("a summary is still on disk after the program was erased")
	}
}
