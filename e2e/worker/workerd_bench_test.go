//go:build !js

package worker

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Benchmarks of the Worker in workerd on loopback. Figures only; nothing
// here is a timed test.
//
//	cd e2e && go test -run '^$' -bench Workerd -benchtime 1000x ./worker/
//
// BenchmarkWorkerdLoad sends b.N validations, 50 at a time, and reports
// p50, p99 and the errors. BenchmarkWorkerdCPU sends requests one at a time
// to a warm isolate and reports the CPU workerd spent per request (user +
// system time of the process, from /proc), which bounds the Worker's CPU
// time from above: it includes workerd's own HTTP work.

func BenchmarkWorkerdLoad(b *testing.B) {
	s := startWorkerd(b, project(b))
	data := sampleData(b)
	s.do(b, "POST", "/api/v1/validar/"+form, data) // start Go
	b.ResetTimer()
	st := load(s, b.N, 50, data)
	b.StopTimer()
	b.ReportMetric(float64(st.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(st.p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(st.errors), "errors")
	if st.errors > 0 {
		b.Errorf("%d errors, first: %v", st.errors, st.firstErr)
	}
}

// cpuTime is the user + system CPU time of process pid.
func cpuTime(b *testing.B, pid int) time.Duration {
	b.Helper()
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ = 100
}

func BenchmarkWorkerdCPU(b *testing.B) {
	dir := project(b)
	s := startWorkerd(b, dir)
	data := sampleData(b)
	pdf := s.do(b, "POST", "/api/v1/pdf/"+form, data).body
	for _, c := range []struct {
		name, method, path string
		body               []byte
	}{
		{"validar", "POST", "/api/v1/validar/" + form, data},
		{"conferir", "POST", "/api/v1/conferir", pdf},
		{"pdf", "POST", "/api/v1/pdf/" + form, data},
		{"pagina", "GET", "/", nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range 5 { // warm up
				s.do(b, c.method, c.path, c.body)
			}
			cpu0 := cpuTime(b, s.cmd.Process.Pid)
			b.ResetTimer()
			for range b.N {
				if r := s.do(b, c.method, c.path, c.body); r.status != 200 {
					b.Fatalf("%d %s", r.status, r.body)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime(b, s.cmd.Process.Pid)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
