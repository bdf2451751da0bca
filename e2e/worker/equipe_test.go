//go:build !js

package worker

// The team spaces' server side (EspacoEquipe in worker.mjs) in workerd:
// create, append, read from a sequence number, the caps, and leave.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

type equipeOps struct {
	Ops []struct {
		Seq  int
		Blob string
	}
	Ultimo int
	Mais   bool
	Error  string
}

func createSpace(t testing.TB, s *server) string {
	t.Helper()
	r := s.do(t, "POST", "/api/v1/equipe", nil)
	var c struct{ ID string }
	if err := json.Unmarshal(r.body, &c); r.status != 201 || err != nil || len(c.ID) != 22 {
		t.Fatalf("POST /api/v1/equipe: %d %s", r.status, r.body)
	}
	return c.ID
}

func opsBody(blobs ...[]byte) []byte {
	var enc []string
	for _, b := range blobs {
		enc = append(enc, base64.StdEncoding.EncodeToString(b))
	}
	b, _ := json.Marshal(map[string]any{"ops": enc})
	return b
}

func TestWorkerdEquipeAPI(t *testing.T) {
	dir := project(t)
	s := startWorkerd(t, dir)
	id := createSpace(t, s)
	if other := createSpace(t, s); other == id {
		t.Fatalf("two spaces got the same id %s", id)
	}
	path := "/api/v1/equipe/" + id
	get := func(desde int) (int, equipeOps) {
		r := s.do(t, "GET", fmt.Sprintf("%s/ops?desde=%d", path, desde), nil)
		var o equipeOps
		json.Unmarshal(r.body, &o)
		if r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET ops: Cache-Control %q", r.header.Get("Cache-Control"))
		}
		return r.status, o
	}
	if st, o := get(0); st != 200 || len(o.Ops) != 0 || o.Ultimo != 0 {
		t.Fatalf("empty space: %d %+v", st, o)
	}
	blob := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 40+i) }
	r := s.do(t, "POST", path+"/ops", opsBody(blob(1), blob(2)))
	if r.status != 200 || !strings.Contains(string(r.body), `"ultimo":2`) {
		t.Fatalf("POST ops: %d %s", r.status, r.body)
	}
	s.do(t, "POST", path+"/ops", opsBody(blob(3)))
	st, o := get(1)
	if st != 200 || len(o.Ops) != 2 || o.Ops[0].Seq != 2 || o.Ops[1].Seq != 3 || o.Ultimo != 3 || o.Mais {
		t.Fatalf("GET desde=1: %d %+v", st, o)
	}
	if got, _ := base64.StdEncoding.DecodeString(o.Ops[1].Blob); !bytes.Equal(got, blob(3)) {
		t.Errorf("blob 3 came back as %x", got)
	}

	for _, c := range []struct {
		method, path string
		body         []byte
		status       int
		text         string
	}{
		{"POST", path + "/ops", opsBody(make([]byte, 16<<10+1)), 413, "limite de 16 KiB"},
		{"POST", path + "/ops", bytes.Repeat([]byte("x"), 1<<20+1), 413, "limite de 1 MiB"},
		{"POST", path + "/ops", []byte(`{"ops": "x"}`), 400, "base64"},
		{"POST", path + "/ops", []byte(`{"ops": []}`), 400, "base64"},
		{"POST", path + "/ops", []byte(`{`), 400, "base64"},
		{"GET", path + "/ops?desde=-1", nil, 400, "desde"},
		{"PUT", path + "/ops", nil, 405, "Método PUT"},
		{"GET", "/api/v1/equipe", nil, 405, "Método GET"},
		{"GET", "/api/v1/equipe/curto/ops", nil, 404, "não existe"},
		{"GET", "/api/v1/equipe/AAAAAAAAAAAAAAAAAAAAAA/ops", nil, 404, "não existe"},
		{"POST", "/api/v1/equipe/AAAAAAAAAAAAAAAAAAAAAA/ops", opsBody(blob(1)), 404, "não existe"},
		{"GET", path + "/outra", nil, 404, "Endereço desconhecido"},
	} {
		r := s.do(t, c.method, c.path, c.body)
		var e struct{ Error string }
		json.Unmarshal(r.body, &e)
		if r.status != c.status || !strings.Contains(e.Error, c.text) {
			t.Errorf("%s %s: %d %s; want %d with %q", c.method, c.path, r.status, r.body, c.status, c.text)
		}
	}

	// The cap per space: 5,000 operations.
	var many [][]byte
	for range 100 {
		many = append(many, []byte("c"))
	}
	for i := 0; i < 49; i++ {
		if r := s.do(t, "POST", path+"/ops", opsBody(many...)); r.status != 200 {
			t.Fatalf("filling the space: %d %s", r.status, r.body)
		}
	}
	// 3 + 4,900 stored: 97 more fit, 98 do not.
	if r := s.do(t, "POST", path+"/ops", opsBody(many[:98]...)); r.status != 507 || !strings.Contains(string(r.body), "limite de 5.000") {
		t.Errorf("over the cap: %d %s", r.status, r.body)
	}
	if r := s.do(t, "POST", path+"/ops", opsBody(many[:97]...)); r.status != 200 {
		t.Errorf("up to the cap: %d %s", r.status, r.body)
	}
	// Pages of 500.
	st, o = get(0)
	if st != 200 || len(o.Ops) != 500 || !o.Mais || o.Ultimo != 500 {
		t.Errorf("first page: %d, %d ops, mais %v, ultimo %d", st, len(o.Ops), o.Mais, o.Ultimo)
	}

	// The bytes a space stores are in s.storage (what the plaintext check of
	// TestWorkerdEquipeBrowsers reads)...
	clear := "Marcador Claro 8472"
	other := createSpace(t, s)
	s.do(t, "POST", "/api/v1/equipe/"+other+"/ops", opsBody([]byte(clear)))
	if found, _, _ := storedPlaintext(t, s.storage, []string{clear}); len(found) != 1 {
		t.Errorf("a stored blob is not in the files under %s", s.storage)
	}
	// ...and leaving erases them from the disk.
	s.do(t, "DELETE", "/api/v1/equipe/"+other, nil)
	if found, _, _ := storedPlaintext(t, s.storage, []string{clear}); len(found) != 0 {
		t.Errorf("a blob is still on disk after DELETE")
	}

	// Leave: everything goes; the space is then unknown.
	if r := s.do(t, "DELETE", path, nil); r.status != 204 {
		t.Fatalf("DELETE: %d %s", r.status, r.body)
	}
	if st, o := get(0); st != 404 || !strings.Contains(o.Error, "foi apagado") {
		t.Errorf("after DELETE: %d %+v", st, o)
	}
	if r := s.do(t, "POST", path+"/ops", opsBody(blob(1))); r.status != 404 {
		t.Errorf("POST after DELETE: %d %s", r.status, r.body)
	}
	if r := s.do(t, "DELETE", path, nil); r.status != 404 {
		t.Errorf("second DELETE: %d", r.status)
	}
}
