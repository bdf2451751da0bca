package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/seiportal/seiportal/diag"
)

// A build is written into a staging folder beside the destination and
// swapped in only when it succeeds, so a failed build never leaves a
// half-written site. The folder swapped out is kept, hidden, as the next
// build's staging folder: a rebuild rewrites files that already exist and
// removes the ones it no longer makes, instead of creating and deleting
// every file and folder (which, on a large site, costs more than the
// generation itself). It can be deleted at any time.

const (
	buildMarker = ".seiportal" // in every folder seiportal built
	// spareSuffix names the kept folder: public → .public.seiportal-anterior.
	spareSuffix = ".seiportal-anterior"
	swapSuffix  = ".seiportal-troca"
)

// hiddenBeside names a hidden folder beside dest: public → .public+suffix.
// A trailing separator ("public/", `public\`) names the same folder.
func hiddenBeside(dest, suffix string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+suffix)
}

// checkDest refuses a destination that is a non-empty folder seiportal did
// not build.
func checkDest(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return fmt.Errorf("não foi possível usar a pasta de destino %s: %v", dir, diag.OSReason(err))
	}
	if _, err := os.Stat(filepath.Join(dir, buildMarker)); err != nil {
		return fmt.Errorf("a pasta de destino %s não está vazia e não foi gerada pelo seiportal; escolha outra com -d", dir)
	}
	return nil
}

// stageDest returns the folder to build into: the previous build kept beside
// dest, or a new empty folder (fresh).
func stageDest(dest string) (dir string, fresh bool, err error) {
	spare := hiddenBeside(dest, spareSuffix)
	if _, err := os.Stat(spare); err == nil {
		if _, err := os.Stat(filepath.Join(spare, buildMarker)); err != nil {
			return "", false, fmt.Errorf("a pasta %s existe e não foi gerada pelo seiportal; apague-a ou escolha outro destino com -d", spare)
		}
		return spare, false, nil
	}
	if err := os.MkdirAll(spare, 0o755); err != nil {
		return "", false, err
	}
	// Marked at once, so that a failed build leaves a folder the next one
	// recognizes as its own.
	return spare, true, writeMarker(spare)
}

// commitDest swaps the staged build in for dest and keeps the old dest as
// the next staging folder. The stage already carries the marker: written
// when it was made, or by writeManifest when it was an earlier build.
//
// On Linux the two folders are exchanged in one step, so that a web server
// reading dest never finds it missing; where that is not available (other
// systems, some file systems), dest is renamed aside and the stage renamed
// in, which leaves dest missing for an instant.
func commitDest(stage, dest string) error {
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(stage, dest)
	}
	if err := exchange(stage, dest); err == nil {
		// stage now holds the previous dest: it is the spare.
		if _, err := os.Stat(filepath.Join(stage, buildMarker)); err != nil {
			// Not a build (an empty folder made for the first one):
			// nothing to keep.
			return os.RemoveAll(stage)
		}
		if stage != hiddenBeside(dest, spareSuffix) {
			return os.Rename(stage, hiddenBeside(dest, spareSuffix))
		}
		return nil
	}
	swap := hiddenBeside(dest, swapSuffix)
	if err := os.RemoveAll(swap); err != nil {
		return err
	}
	if err := os.Rename(dest, swap); err != nil {
		return err
	}
	if err := os.Rename(stage, dest); err != nil {
		os.Rename(swap, dest) // put the previous site back
		return err
	}
	if _, err := os.Stat(filepath.Join(swap, buildMarker)); err != nil {
		// Not a build (an empty folder made for the first one): nothing to
		// keep.
		return os.RemoveAll(swap)
	}
	return os.Rename(swap, hiddenBeside(dest, spareSuffix))
}

const markerHeader = "gerado pelo seiportal build\n"

func writeMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, buildMarker), []byte(markerHeader), 0o644)
}

// writeManifest rewrites the marker with the list of the files this build
// wrote, one per line after the header: the next build tells from it the
// files someone put in the folder by hand.
func (d *dirOutput) writeManifest() error {
	d.mu.Lock()
	names := make([]string, 0, len(d.written))
	for n := range d.written {
		names = append(names, n)
	}
	d.mu.Unlock()
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(markerHeader)
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(d.dir, buildMarker), []byte(b.String()), 0o644)
}

// strayFiles lists the files of dir that the build that made it did not
// write (put there by hand, or by another tool), sorted; nil when dir has
// no list (no build, or one by an older seiportal).
func strayFiles(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, buildMarker))
	if err != nil {
		return nil, nil
	}
	list, ok := strings.CutPrefix(string(data), markerHeader)
	if !ok || list == "" {
		return nil, nil
	}
	written := map[string]bool{}
	for _, n := range strings.Split(strings.TrimSuffix(list, "\n"), "\n") {
		written[n] = true
	}
	var stray []string
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel != buildMarker && !written[rel] {
			stray = append(stray, rel)
		}
		return nil
	})
	return stray, err
}

// dirOutput writes the site into a folder that may hold an earlier build:
// files are overwritten, and prune removes those this build did not write.
type dirOutput struct {
	dir     string
	fresh   bool // dir was empty: nothing to prune
	mu      sync.Mutex
	made    map[string]bool // folders known to exist
	written map[string]bool // files written, relative to dir, with "/"
	bufs    sync.Pool       // *[]byte, to read a file back
}

func newDirOutput(dir string, fresh bool) *dirOutput {
	return &dirOutput{dir: dir, fresh: fresh, made: map[string]bool{}, written: map[string]bool{}}
}

func (d *dirOutput) WriteFile(name string, data []byte) error {
	// The generator refuses such names first; never write outside dir.
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("gravação recusada: %q sairia da pasta de saída", name)
	}
	if err := d.write(name, data); err != nil {
		// A file where a folder must go, or the reverse, left by an earlier
		// build: clear the way and try again.
		if d.clearPath(name) != nil {
			return errors.New(diag.OSReason(err))
		}
		if err := d.write(name, data); err != nil {
			return errors.New(diag.OSReason(err))
		}
	}
	d.mu.Lock()
	d.written[name] = true
	d.mu.Unlock()
	return nil
}

func (d *dirOutput) write(name string, data []byte) error {
	p := filepath.Join(d.dir, filepath.FromSlash(name))
	parent := filepath.Dir(p)
	d.mu.Lock()
	made := d.made[parent]
	d.mu.Unlock()
	if !made {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return err
		}
		d.mu.Lock()
		d.made[parent] = true
		d.mu.Unlock()
	}
	return d.writeIfChanged(p, data)
}

// writeIfChanged writes data into the file p unless it already holds
// exactly that: an unchanged page keeps its modification time (so rsync and
// similar deploys skip it) and costs a read instead of a write. A changed
// file is overwritten in place and then cut to size, never truncated to
// zero first, which on ext4 would force its blocks to be written at once
// (auto_da_alloc).
func (d *dirOutput) writeIfChanged(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err == nil && st.Size() == int64(len(data)) && len(data) > 0 {
		buf, _ := d.bufs.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		if cap(*buf) < len(data) {
			*buf = make([]byte, len(data))
		}
		old := (*buf)[:len(data)]
		_, rerr := io.ReadFull(f, old)
		same := rerr == nil && bytes.Equal(old, data)
		d.bufs.Put(buf)
		if same {
			return f.Close()
		}
	}
	_, err = f.WriteAt(data, 0)
	if err == nil && (st == nil || st.Size() > int64(len(data))) {
		err = f.Truncate(int64(len(data)))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// clearPath removes what stands in the way of writing name: a file where
// one of its folders goes, or a folder where it goes.
func (d *dirOutput) clearPath(name string) error {
	parts := strings.Split(name, "/")
	p := d.dir
	for i, part := range parts {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		last := i == len(parts)-1
		if last && st.IsDir() || !last && !st.IsDir() {
			rel := strings.Join(parts[:i+1], "/")
			d.mu.Lock()
			if d.writtenAt(rel) {
				// Never replace what this build wrote: the generator
				// refuses such names before writing anything.
				d.mu.Unlock()
				return fmt.Errorf("gravação recusada: %s já foi gravado nesta geração", rel)
			}
			for k := range d.made {
				if k == p || strings.HasPrefix(k, p+string(filepath.Separator)) {
					delete(d.made, k)
				}
			}
			d.mu.Unlock()
			return os.RemoveAll(p)
		}
	}
	return nil
}

// writtenAt reports whether this build wrote rel or a file below it. d.mu
// is held.
func (d *dirOutput) writtenAt(rel string) bool {
	if d.written[rel] {
		return true
	}
	for name := range d.written {
		if strings.HasPrefix(name, rel+"/") {
			return true
		}
	}
	return false
}

// prune removes the files and folders of an earlier build that this build
// did not write.
func (d *dirOutput) prune() error {
	if d.fresh {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	keep := map[string]bool{} // folders that hold a written file
	for name := range d.written {
		for dir := path.Dir(name); dir != "." && !keep[dir]; dir = path.Dir(dir) {
			keep[dir] = true
		}
	}
	return filepath.WalkDir(d.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == buildMarker:
			return nil
		case e.IsDir():
			if keep[rel] {
				return nil
			}
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return fs.SkipDir
		case !d.written[rel]:
			return os.Remove(p)
		}
		return nil
	})
}
