package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "serve", "serve [-s DIR] [--rede] [--bind 127.0.0.1] [--port 1313]")
	src := fl.String("s", "", "pasta do site (com content/); padrão: a pasta atual se tiver content/, senão o portal embutido")
	bind := fl.String("bind", "127.0.0.1", "endereço em que o servidor escuta; com --rede, o endereço da rede local a usar")
	port := fl.Int("port", 1313, "porta (0 escolhe uma livre)")
	room := fl.Bool("rede", false, "serve também na rede local (o Wi-Fi da sala), para os celulares dos participantes: mostra o endereço e um código QR; sem esta opção, só este computador abre o portal")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &UsageError{Msg: "serve não aceita argumentos: " + strings.Join(rest, " ")}
	}
	if *port < 0 || *port > 65535 {
		return &UsageError{Msg: fmt.Sprintf("porta inválida: %d", *port)}
	}
	bindSet := false
	fl.Visit(func(f *flag.Flag) { bindSet = bindSet || f.Name == "bind" })
	var lan []lanAddr
	if *room {
		if lan, err = roomAddresses(*bind, bindSet, systemInterfaces); err != nil {
			return err
		}
	}
	site, err := resolveSite(env, *src)
	if err != nil {
		return err
	}
	srv := newDevServer(env, site)
	srv.bind = *bind
	srv.rebuild(ctx)

	host := *bind
	if *room {
		host = "127.0.0.1" // the LAN addresses are added below
	}
	ln, err := listenTCP(host, *port)
	if err != nil {
		return err
	}
	listeners := []net.Listener{ln}
	srv.room.Local = "http://" + ln.Addr().String() + "/"
	ifaces := map[string]string{}
	for _, a := range lan {
		// The same port on every address, so that one address is printed
		// per network and the QR code's port is the loopback's.
		l, err := listenTCP(a.IP.String(), ln.Addr().(*net.TCPAddr).Port)
		if err != nil {
			fmt.Fprintf(env.Stderr, "seiportal: %s\n", err)
			continue
		}
		listeners = append(listeners, l)
		u := "http://" + l.Addr().String() + "/"
		srv.room.LAN = append(srv.room.LAN, u)
		ifaces[u] = a.Iface
	}
	closeAll := func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}
	if *room && len(srv.room.LAN) == 0 {
		closeAll()
		return errors.New("seiportal: não foi possível escutar em nenhum endereço da rede local")
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(env.Stdout, "seiportal: servindo %s em http://%s/ (Ctrl+C para sair)\n", site, ln.Addr())
	if *room {
		msg, err := roomMessage(srv.room, ifaces)
		if err != nil {
			closeAll()
			return err
		}
		fmt.Fprint(env.Stdout, msg)
	}

	errc := make(chan error, len(listeners))
	for _, l := range listeners {
		go func() { errc <- httpSrv.Serve(l) }()
	}
	if !site.embedded {
		go srv.watch(ctx)
	}
	select {
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = httpSrv.Shutdown(shutdownCtx)
		return nil
	case err := <-errc:
		_ = httpSrv.Close()
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// listenTCP listens on host:port, with the reason in Portuguese when it
// cannot.
func listenTCP(host string, port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, fmt.Sprint(port)))
	if err != nil {
		reason := diag.OSReason(err)
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			reason = "a porta já está em uso; escolha outra com --port (0 escolhe uma livre)"
		case errors.Is(err, syscall.EADDRNOTAVAIL):
			reason = "este computador não tem esse endereço; use --bind 127.0.0.1"
		case errors.Is(err, syscall.EACCES):
			reason = "sem permissão para essa porta; use uma acima de 1023"
		}
		return nil, fmt.Errorf("não foi possível escutar em %s:%d: %s", host, port, reason)
	}
	return ln, nil
}

// roomAddresses returns the LAN addresses serve --rede listens on: the one
// given to --bind, or those lanAddresses picks from the interfaces.
func roomAddresses(bind string, bindSet bool, interfaces func() ([]netInterface, error)) ([]lanAddr, error) {
	if bindSet {
		ip, err := netip.ParseAddr(bind)
		if err != nil || !ip.Is4() || ip.IsLoopback() || ip.IsUnspecified() {
			return nil, &UsageError{Msg: fmt.Sprintf("com --rede, --bind escolhe o endereço deste computador na rede local (IPv4, como 192.168.0.10), não %q; sem --bind, o seiportal escolhe sozinho", bind)}
		}
		return []lanAddr{{IP: ip}}, nil
	}
	ifs, err := interfaces()
	if err != nil {
		return nil, fmt.Errorf("seiportal: não foi possível listar as redes deste computador: %s", diag.OSReason(err))
	}
	lan := lanAddresses(ifs)
	if len(lan) == 0 {
		return nil, errors.New("seiportal: nenhuma rede local encontrada; conecte este computador ao Wi-Fi (ou ao cabo de rede) da sala e tente de novo")
	}
	return lan, nil
}

// devServer serves the last good build from memory, rebuilds on change and
// tells the open pages to reload (or shows the content error on them).
type devServer struct {
	env  *Env
	site siteRoot
	bind string // --bind: a host name given there is accepted in Host
	room roomInfo

	mu      sync.RWMutex
	out     *generator.MemOutput
	lastErr string
	version int // counts the good builds: a page reloads when it changes
	cache   generator.Cache
}

func newDevServer(env *Env, site siteRoot) *devServer {
	return &devServer{env: env, site: site, out: generator.NewMemOutput()}
}

func (s *devServer) rebuild(ctx context.Context) {
	start := time.Now()
	out := generator.NewMemOutput()
	res, err := generator.Build(ctx, generator.Options{Source: s.site.fsys, Out: out, Dev: true, Cache: &s.cache, LastMod: gitLastMod(ctx, s.site.dir)})
	elapsed := time.Since(start)
	if err != nil {
		list := diag.Flatten(err)
		list.Sort()
		msg := list.Error()
		fmt.Fprintf(s.env.Stderr, "%s\nseiportal: %d problema(s); servindo a última versão boa\n", msg, len(list))
		s.mu.Lock()
		s.lastErr = msg
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	s.out = out
	s.lastErr = ""
	s.version++
	s.mu.Unlock()
	fmt.Fprintf(s.env.Stdout, "seiportal: %d páginas geradas em %d ms\n", res.Pages, elapsed.Milliseconds())
}

// watch rebuilds when content/ or templates/ change.
func (s *devServer) watch(ctx context.Context) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		fmt.Fprintf(s.env.Stderr, "seiportal: não foi possível observar as pastas (a página não se recarregará sozinha): %s\n", diag.OSReason(err))
		return
	}
	defer w.Close()
	add := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = w.Add(p)
			}
			return nil
		})
	}
	for _, dir := range []string{"content", "templates"} {
		add(filepath.Join(s.site.dir, dir))
	}
	var timer *time.Timer
	fire := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Op&fsnotify.Create != 0 {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					add(ev.Name)
				}
			}
			base := filepath.Base(ev.Name)
			if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
				continue
			}
			if timer != nil {
				timer.Stop()
			}
			timer = time.AfterFunc(15*time.Millisecond, func() {
				select {
				case fire <- struct{}{}:
				default:
				}
			})
		case <-fire:
			s.rebuild(ctx)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.env.Stderr, "seiportal: observador de arquivos: %s\n", diag.OSReason(err))
		}
	}
}

// liveReloadJS reloads the page after a good rebuild and shows the content
// error of a failed one. It asks the server's state (/_seiportal/estado)
// once a second while the page is visible, and never holds a connection
// open: a page that keeps one (server-sent events, long polling) takes one
// of the browser's six connections per host, and with a few tabs open, or
// pages kept in the back/forward cache, the next page waits for a free one
// (about a minute). A hidden page, or one in the back/forward cache, does
// not ask; it asks at once when shown again. __VERSAO__ is the version the
// page was served with.
const liveReloadJS = `(function () {
  "use strict";
  var versao = __VERSAO__, painel = null, espera = 0, ativo = true;
  function mostrar(msg) {
    if (!painel) {
      painel = document.createElement("div");
      painel.setAttribute("role", "alert");
      painel.id = "seiportal-erro";
      painel.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#b00020;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(painel);
    }
    painel.textContent = "Erro no conteúdo (a página mostra a última versão boa):\n\n" + msg;
  }
  function agendar(ms) {
    clearTimeout(espera);
    if (ativo && document.visibilityState === "visible") espera = setTimeout(consultar, ms);
  }
  function consultar() {
    var ctl = typeof AbortController === "function" ? new AbortController() : null;
    var limite = ctl ? setTimeout(function () { ctl.abort(); }, 10000) : 0;
    fetch("/_seiportal/estado", { cache: "no-store", signal: ctl ? ctl.signal : undefined })
      .then(function (r) { return r.json(); })
      .then(function (e) {
        clearTimeout(limite);
        if (e.versao !== versao) { ativo = false; location.reload(); return; }
        if (e.erro) mostrar(e.erro);
        else if (painel) { painel.remove(); painel = null; }
        agendar(1000);
      }, function () { clearTimeout(limite); agendar(3000); });
  }
  document.addEventListener("visibilitychange", function () { agendar(0); });
  addEventListener("pagehide", function () { ativo = false; clearTimeout(espera); });
  addEventListener("pageshow", function () { ativo = true; agendar(0); });
  agendar(0);
})();
`

func (s *devServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", generator.ContentSecurityPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if !s.hostAllowed(r.Host) {
		// A page of another site whose name was made to resolve to this
		// machine (DNS rebinding) would read the portal as its own.
		http.Error(w, "endereço não reconhecido no cabeçalho Host: abra o portal pelo endereço que o seiportal serve mostrou", http.StatusMisdirectedRequest)
		return
	}
	local := isLoopbackRemote(r.RemoteAddr)
	switch r.URL.Path {
	case "/_seiportal/sala.json":
		s.serveRoom(w)
		return
	case "/_seiportal/qr.svg":
		s.serveQR(w)
		return
	case "/_seiportal/livereload.js":
		if !local {
			// The room's phones do not reload when the trainer edits the
			// content (an answer being typed would be lost), and they never
			// see the content errors, which name the trainer's files.
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write([]byte("// Recarga automática só no computador que serve o portal.\n"))
			return
		}
		s.mu.RLock()
		version := s.version
		s.mu.RUnlock()
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(strings.Replace(liveReloadJS, "__VERSAO__", strconv.Itoa(version), 1)))
		return
	case "/_seiportal/estado":
		if !local {
			http.NotFound(w, r)
			return
		}
		s.serveState(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "método não permitido", http.StatusMethodNotAllowed)
		return
	}
	s.mu.RLock()
	out := s.out
	lastErr := s.lastErr
	s.mu.RUnlock()
	serveFile(w, r, out, lastErr)
}

// hostAllowed accepts a Host that names this server: an IP address,
// localhost (or a name under .localhost), or the name given to --bind. Any
// other name could be an attacker's domain pointed at 127.0.0.1.
func (s *devServer) hostAllowed(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	switch {
	case host == "":
		return false
	case net.ParseIP(host) != nil:
		return true
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	}
	return s.bind != "" && net.ParseIP(s.bind) == nil && host == strings.ToLower(s.bind)
}

// devState is what /_seiportal/estado answers: the version of the last
// good build and the problems of the last build, if it failed.
type devState struct {
	Version int    `json:"versao"`
	Error   string `json:"erro,omitempty"`
}

func (s *devServer) serveState(w http.ResponseWriter) {
	s.mu.RLock()
	st := devState{Version: s.version, Error: s.lastErr}
	s.mu.RUnlock()
	b, _ := json.Marshal(st)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// contentType returns the media type of a published file.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".wasm":
		return "application/wasm"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".pdf":
		return "application/pdf"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveFile serves a built file, precompressed (.br, .gz) when the client
// accepts it, with the right Content-Type and Content-Encoding.
func serveFile(w http.ResponseWriter, r *http.Request, out *generator.MemOutput, lastErr string) {
	p := r.URL.Path
	if strings.Contains(p, "..") {
		http.Error(w, "caminho inválido", http.StatusBadRequest)
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := out.Get(name)
	if !ok {
		if _, isDir := out.Get(name + "/index.html"); isDir && path.Ext(name) == "" {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if nf, ok := out.Get("404.html"); ok {
			_, _ = w.Write(nf)
		} else {
			_, _ = w.Write([]byte("<!DOCTYPE html><html lang=\"pt-BR\"><title>Não encontrado</title><p>Página não encontrada.</p>"))
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if name == "sw.js" {
		h.Set("Service-Worker-Allowed", "/")
	}
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ ext, name string }{{".br", "br"}, {".gz", "gzip"}} {
		if !strings.Contains(accept, enc.name) {
			continue
		}
		if z, ok := out.Get(name + enc.ext); ok {
			h.Set("Content-Encoding", enc.name)
			h.Add("Vary", "Accept-Encoding")
			data = z
			break
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(data)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(data)
}
