package cli

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func prefixes(t *testing.T, s ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, x := range s {
		out = append(out, netip.MustParsePrefix(x))
	}
	return out
}

// The room's address is the notebook's Wi-Fi or cable address: never
// loopback, link-local, IPv6 or a down interface; private networks before
// public addresses, physical interfaces before Docker and VPNs.
func TestLANAddressesPicksTheRoomNetwork(t *testing.T) {
	ifs := []netInterface{
		{Name: "lo", Up: true, Loopback: true, Addrs: prefixes(t, "127.0.0.1/8", "::1/128")},
		{Name: "docker0", Up: true, Addrs: prefixes(t, "172.17.0.1/16")},
		{Name: "tailscale0", Up: true, Addrs: prefixes(t, "100.101.102.103/32")},
		{Name: "eth0", Up: true, Addrs: prefixes(t, "203.0.113.9/24")},
		{Name: "eth1", Up: false, Addrs: prefixes(t, "10.0.0.5/24")},
		{Name: "wlan0", Up: true, Addrs: prefixes(t, "fe80::1/64", "169.254.3.4/16", "192.168.0.10/24", "2001:db8::5/64")},
		{Name: "enp3s0", Up: true, Addrs: prefixes(t, "10.1.2.3/8", "192.168.0.10/24")},
	}
	got := lanAddresses(ifs)
	want := []lanAddr{
		{netip.MustParseAddr("192.168.0.10"), "wlan0"},
		{netip.MustParseAddr("10.1.2.3"), "enp3s0"},
		{netip.MustParseAddr("203.0.113.9"), "eth0"},
		{netip.MustParseAddr("172.17.0.1"), "docker0"},
		{netip.MustParseAddr("100.101.102.103"), "tailscale0"},
	}
	if len(got) != len(want) {
		t.Fatalf("lanAddresses = %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("lanAddresses[%d] = %v; want %v (all: %v)", i, got[i], want[i], got)
		}
	}
	if got := lanAddresses(ifs[:1]); len(got) != 0 {
		t.Errorf("loopback only: %v; want none", got)
	}
}

func TestRoomAddresses(t *testing.T) {
	none := func() ([]netInterface, error) {
		return []netInterface{{Name: "lo", Up: true, Loopback: true, Addrs: prefixes(t, "127.0.0.1/8")}}, nil
	}
	if _, err := roomAddresses("127.0.0.1", false, none); err == nil || !strings.Contains(err.Error(), "nenhuma rede local") {
		t.Errorf("no LAN: %v; want the nenhuma rede local error", err)
	}
	broken := func() ([]netInterface, error) { return nil, errors.New("permission denied") }
	if _, err := roomAddresses("127.0.0.1", false, broken); err == nil {
		t.Error("an error listing the interfaces was not reported")
	}
	for _, bad := range []string{"127.0.0.1", "0.0.0.0", "::1", "sala.local"} {
		var ue *UsageError
		if _, err := roomAddresses(bad, true, none); !errors.As(err, &ue) {
			t.Errorf("--rede --bind %s: %v; want a usage error", bad, err)
		}
	}
	got, err := roomAddresses("192.168.0.10", true, broken)
	if err != nil || len(got) != 1 || got[0].IP.String() != "192.168.0.10" {
		t.Errorf("--rede --bind 192.168.0.10: %v, %v", got, err)
	}
}

// startServe runs serve with args on the embedded portal and returns its
// loopback address, its output and a function that stops it and returns its
// exit status.
func startServe(t *testing.T, args ...string) (base string, out *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	var errb syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &errb, Dir: t.TempDir(), Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- Main(ctx, env, append([]string{"serve", "--port", "0"}, args...)) }()
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Error("serve did not stop")
			}
		})
		return code
	}
	re := regexp.MustCompile(`em (http://127\.0\.0\.1:\d+/)`)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case code := <-done:
			t.Fatalf("serve %v ended with %d: %s %s", args, code, out.String(), errb.String())
		default:
		}
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], out, stop
		}
	}
	stop()
	t.Fatalf("serve did not start: %s %s", out.String(), errb.String())
	return "", nil, nil
}

func portOf(t *testing.T, base string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// Without --rede, serve listens on loopback only: the machine's other
// addresses refuse the connection, and the sala page is told there is no
// room network.
func TestServeLANIsOffByDefault(t *testing.T) {
	base, out, stop := startServe(t)
	defer stop()
	port := portOf(t, base)
	ifs, err := systemInterfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range lanAddresses(ifs) {
		c, err := net.DialTimeout("tcp", net.JoinHostPort(a.IP.String(), port), 2*time.Second)
		if err == nil {
			c.Close()
			t.Errorf("serve without --rede accepts connections on %s", a.IP)
		}
	}
	if strings.Contains(out.String(), "rede local") {
		t.Errorf("serve without --rede talks about the local network:\n%s", out.String())
	}
	resp, err := http.Get(base + "_seiportal/sala.json")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"rede":false,"endereco":"` + base + `"}`; string(b) != want {
		t.Errorf("sala.json = %s; want %s", b, want)
	}
	if resp, err := http.Get(base + "_seiportal/qr.svg"); err != nil || resp.StatusCode != 404 {
		t.Errorf("qr.svg without --rede: %v %v; want 404", resp.StatusCode, err)
	}
}

// With --rede, serve answers on the machine's LAN address as well as on
// loopback, read-only, without live reload or content errors for the
// room's devices; on a machine with no LAN address it says so and fails.
func TestServeRoomListensOnTheLAN(t *testing.T) {
	ifs, err := systemInterfaces()
	if err != nil {
		t.Fatal(err)
	}
	lan := lanAddresses(ifs)
	if len(lan) == 0 {
		var out, errb syncBuffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: t.TempDir(), Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
		if code := Main(context.Background(), env, []string{"serve", "--rede", "--port", "0"}); code != 1 || !strings.Contains(errb.String(), "nenhuma rede local") {
			t.Fatalf("serve --rede without a LAN: exit %d, %s", code, errb.String())
		}
		return
	}
	base, out, stop := startServe(t, "--rede")
	defer stop()
	port := portOf(t, base)
	lanURL := "http://" + net.JoinHostPort(lan[0].IP.String(), port) + "/"
	text := out.String()
	for _, want := range []string{"abrem " + lanURL, base + "sala/", "não guardam a cópia para usar sem internet", "https", "█"} {
		if !strings.Contains(text, want) {
			t.Errorf("serve --rede output lacks %q:\n%s", want, text)
		}
	}
	get := func(u string) (int, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(lanURL); code != 200 || !strings.Contains(body, `lang="pt-BR"`) {
		t.Errorf("GET %s: %d", lanURL, code)
	}
	if code, _ := get(lanURL + "_seiportal/estado"); code != 404 {
		t.Errorf("the build state is served to the LAN: %d", code)
	}
	if _, js := get(lanURL + "_seiportal/livereload.js"); strings.Contains(js, "fetch") {
		t.Errorf("the LAN gets the live-reload script:\n%s", js)
	}
	if code, _ := get(base + "_seiportal/estado"); code != 200 {
		t.Errorf("the build state is not served on loopback: %d", code)
	}
	req, _ := http.NewRequest("POST", lanURL, strings.NewReader("x"))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST on the LAN: %v %v; want 405", resp.StatusCode, err)
	}
	code, js := get(base + "_seiportal/sala.json")
	if want := `{"rede":true,"endereco":"` + lanURL + `"`; code != 200 || !strings.HasPrefix(js, want) {
		t.Errorf("sala.json = %s; want it to start with %s", js, want)
	}
	if code, svg := get(base + "_seiportal/qr.svg"); code != 200 || !strings.HasPrefix(svg, "<svg") {
		t.Errorf("qr.svg: %d %.60s", code, svg)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve --rede exit %d", code)
	}
	if _, err := net.DialTimeout("tcp", net.JoinHostPort(lan[0].IP.String(), port), time.Second); err == nil {
		t.Error("the LAN address still answers after serve stopped")
	}
}

// zbarDecode reads the QR code in img with zbarimg (Debian's zbar-tools),
// a decoder independent of the library that drew it.
func zbarDecode(t *testing.T, img image.Image) string {
	t.Helper()
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Fatal("zbarimg not found: install the Debian package zbar-tools (scripts/test does)")
	}
	f := filepath.Join(t.TempDir(), "qr.png")
	w, err := os.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(w, img); err != nil {
		t.Fatal(err)
	}
	w.Close()
	out, err := exec.Command(zbar, "--quiet", "--raw", f).Output()
	if err != nil {
		t.Fatalf("zbarimg could not read the code: %v", err)
	}
	return strings.TrimRight(string(out), "\n")
}

// drawModules paints a module matrix (true = dark), scale pixels a module.
func drawModules(m [][]bool, scale int) image.Image {
	img := image.NewGray(image.Rect(0, 0, len(m[0])*scale, len(m)*scale))
	for y := range m {
		for x := range m[y] {
			c := color.Gray{255}
			if m[y][x] {
				c = color.Gray{0}
			}
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray(x*scale+dx, y*scale+dy, c)
				}
			}
		}
	}
	return img
}

// The QR code printed in the terminal and the one served as SVG decode back
// to the address.
func TestQRDecodesToTheAddress(t *testing.T) {
	const u = "http://192.168.100.200:1313/"
	m, err := qrModules(u)
	if err != nil {
		t.Fatal(err)
	}
	if got := zbarDecode(t, drawModules(m, 6)); got != u {
		t.Errorf("modules decode to %q; want %q", got, u)
	}

	// The terminal's half blocks, read back: a drawn half is a light module.
	term, err := qrTerminal(u)
	if err != nil {
		t.Fatal(err)
	}
	var back [][]bool
	for _, line := range strings.Split(strings.TrimRight(term, "\n"), "\n") {
		var top, bottom []bool
		for _, r := range line {
			top = append(top, r == ' ' || r == '▄')
			bottom = append(bottom, r == ' ' || r == '▀')
		}
		back = append(back, top, bottom)
	}
	back = back[:len(m)] // the last line's lower half is past the code
	if got := zbarDecode(t, drawModules(back, 6)); got != u {
		t.Errorf("terminal code decodes to %q; want %q", got, u)
	}

	// The SVG: its path, read back, is the same matrix.
	svg, err := qrSVG(u)
	if err != nil {
		t.Fatal(err)
	}
	n := len(m)
	fromSVG := make([][]bool, n)
	for y := range fromSVG {
		fromSVG[y] = make([]bool, n)
	}
	for _, r := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllStringSubmatch(string(svg), -1) {
		x, _ := strconv.Atoi(r[1])
		y, _ := strconv.Atoi(r[2])
		w, _ := strconv.Atoi(r[3])
		for i := x; i < x+w; i++ {
			fromSVG[y][i] = true
		}
	}
	if !strings.Contains(string(svg), `viewBox="0 0 `+strconv.Itoa(n)+" "+strconv.Itoa(n)+`"`) {
		t.Errorf("the SVG's viewBox is not the matrix's size %d", n)
	}
	if got := zbarDecode(t, drawModules(fromSVG, 6)); got != u {
		t.Errorf("SVG code decodes to %q; want %q", got, u)
	}
}
