package cli

// The room option of serve (--rede): the trainer's notebook serves the
// portal to the phones of the room over the local network. Listening stays
// on 127.0.0.1 unless asked; with --rede the server listens on 127.0.0.1
// and on the notebook's LAN addresses, prints the address and a QR code in
// the terminal, and answers /_seiportal/sala.json and /_seiportal/qr.svg for
// the /sala/ page. It serves the built portal only (GET and HEAD): nothing
// on the LAN can write anything.

import (
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/netip"
	"sort"
	"strings"

	goqr "github.com/piglig/go-qr"
)

// netInterface is what address selection needs from a network interface;
// tests give made-up ones.
type netInterface struct {
	Name     string
	Up       bool
	Loopback bool
	Addrs    []netip.Prefix
}

// systemInterfaces lists this machine's interfaces.
func systemInterfaces() ([]netInterface, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []netInterface
	for _, ifc := range ifs {
		ni := netInterface{Name: ifc.Name, Up: ifc.Flags&net.FlagUp != 0, Loopback: ifc.Flags&net.FlagLoopback != 0}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if p, err := netip.ParsePrefix(a.String()); err == nil {
				ni.Addrs = append(ni.Addrs, p)
			}
		}
		out = append(out, ni)
	}
	return out, nil
}

// lanAddr is an IPv4 address of this machine that other machines of the
// local network can reach, and the interface that has it.
type lanAddr struct {
	IP    netip.Addr
	Iface string
}

// isVirtual reports whether an interface's name is one of those that are
// not the room's network: containers, virtual machines, VPNs.
func isVirtual(name string) bool {
	for _, p := range []string{"docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "lxc", "lxd", "cni", "flannel", "podman", "tun", "tap", "wg", "tailscale", "zt", "utun", "ham", "vEthernet"} {
		if strings.HasPrefix(strings.ToLower(name), strings.ToLower(p)) {
			return true
		}
	}
	return false
}

// lanAddresses picks, from ifs, the IPv4 addresses the room's phones can
// use, best first: interfaces that are up, not loopback, addresses that are
// not loopback, link-local (169.254/16) or unspecified; private addresses
// (10/8, 172.16/12, 192.168/16) before others, and physical interfaces
// before virtual ones (Docker, VPN…). The order is otherwise the order of
// ifs, which is the system's.
func lanAddresses(ifs []netInterface) []lanAddr {
	type cand struct {
		lanAddr
		rank, pos int
	}
	var cs []cand
	for _, ifc := range ifs {
		if !ifc.Up || ifc.Loopback {
			continue
		}
		for _, p := range ifc.Addrs {
			ip := p.Addr().Unmap()
			if !ip.Is4() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() {
				continue
			}
			rank := 0
			if !ip.IsPrivate() {
				rank += 1
			}
			if isVirtual(ifc.Name) {
				rank += 2
			}
			cs = append(cs, cand{lanAddr{ip, ifc.Name}, rank, len(cs)})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].rank < cs[j].rank })
	out := make([]lanAddr, 0, len(cs))
	seen := map[netip.Addr]bool{}
	for _, c := range cs {
		if !seen[c.IP] {
			seen[c.IP] = true
			out = append(out, c.lanAddr)
		}
	}
	return out
}

// roomInfo is what serve --rede knows about the room: the addresses the
// phones can open, the first one being the one in the QR code.
type roomInfo struct {
	Local string   // http://127.0.0.1:port/
	LAN   []string // http://192.168.0.10:port/, best first; empty without --rede
}

// roomState is what /_seiportal/sala.json answers.
type roomState struct {
	Network   bool     `json:"rede"`                // served on the LAN (--rede)
	Address   string   `json:"endereco"`            // the address in the QR code (LAN) or the local one
	Addresses []string `json:"enderecos,omitempty"` // every LAN address, best first
	QR        string   `json:"qr,omitempty"`        // the QR code's image, with --rede
}

func (s *devServer) serveRoom(w http.ResponseWriter) {
	st := roomState{Address: s.room.Local}
	if len(s.room.LAN) > 0 {
		st = roomState{Network: true, Address: s.room.LAN[0], Addresses: s.room.LAN, QR: "/_seiportal/qr.svg"}
	}
	b, _ := json.Marshal(st)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

func (s *devServer) serveQR(w http.ResponseWriter) {
	if len(s.room.LAN) == 0 {
		http.Error(w, "o portal não está sendo servido na rede local (use seiportal serve --rede)", http.StatusNotFound)
		return
	}
	svg, err := qrSVG(s.room.LAN[0])
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(svg)
}

// qrQuiet is the light margin around a QR code, in modules (the standard's
// quiet zone).
const qrQuiet = 4

// qrModules encodes text as a QR code (error correction level M) and
// returns its modules, true for dark, with the quiet zone around them.
func qrModules(text string) ([][]bool, error) {
	c, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		return nil, fmt.Errorf("não foi possível gerar o código QR de %s: %w", text, err)
	}
	n := c.Size() + 2*qrQuiet
	m := make([][]bool, n)
	for y := range m {
		m[y] = make([]bool, n)
		for x := range m[y] {
			m[y][x] = c.Module(x-qrQuiet, y-qrQuiet)
		}
	}
	return m, nil
}

// qrSVG draws the QR code of text as an SVG image: one path of unit squares
// on a white square, crisp at any size.
func qrSVG(text string) ([]byte, error) {
	m, err := qrModules(text)
	if err != nil {
		return nil, err
	}
	n := len(m)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="Código QR de %s">`, n, n, html.EscapeString(text))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range m {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < n && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return []byte(b.String()), nil
}

// qrTerminal draws the QR code of text with Unicode half blocks, two rows
// of modules per line. Light modules are drawn (█ ▀ ▄) and dark ones left
// blank, so that the code reads right on a terminal with light text on a
// dark background, the usual default (as qrencode -t UTF8 does).
func qrTerminal(text string) (string, error) {
	m, err := qrModules(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for y := 0; y < len(m); y += 2 {
		for x := range m[y] {
			top := !m[y][x]
			bottom := y+1 < len(m) && !m[y+1][x]
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// roomMessage is what serve --rede prints: the addresses, the QR code of
// the first, and what phones on a plain http address can and cannot do.
func roomMessage(room roomInfo, ifaces map[string]string) (string, error) {
	qr, err := qrTerminal(room.LAN[0])
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "seiportal: na rede local, os celulares e computadores da sala abrem %s", room.LAN[0])
	if n := ifaces[room.LAN[0]]; n != "" {
		fmt.Fprintf(&b, " (%s)", n)
	}
	b.WriteString("\n")
	for _, u := range room.LAN[1:] {
		fmt.Fprintf(&b, "seiportal: também responde em %s", u)
		if n := ifaces[u]; n != "" {
			fmt.Fprintf(&b, " (%s)", n)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + qr + "\n")
	fmt.Fprintf(&b, "Aponte a câmera do celular para o código acima, ou projete a página %ssala/, que mostra o mesmo código em tamanho maior (use-a também se a câmera não ler o código do terminal, como num terminal de fundo claro).\n", room.Local)
	b.WriteString("Atenção: por um endereço http da rede local, os celulares abrem as páginas e os formulários, mas não guardam a cópia para usar sem internet (os navegadores só guardam sites abertos por https ou no próprio aparelho). Mantenha os celulares no Wi-Fi da sala durante a aula.\n")
	b.WriteString("Qualquer aparelho desta rede pode ler o portal enquanto o seiportal serve estiver aberto (só o portal, só leitura). Feche-o com Ctrl+C ao fim da aula.\n")
	return b.String(), nil
}

// isLoopbackRemote reports whether a request's RemoteAddr is this machine.
func isLoopbackRemote(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
