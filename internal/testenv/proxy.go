package testenv

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// Proxy forwards TCP connections to a target so a test can cut a dependency off mid-run.
type Proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	limit  atomic.Int64 // StopAfter's byte count; 0 = none
	sent   atomic.Int64
}

// NewProxy listens on a loopback port and forwards to target until Stop or the test's end.
func NewProxy(t testing.TB, target string) *Proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, target: target}
	go p.accept()
	t.Cleanup(p.Stop)
	return p
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go pipe(c, up)
		go pipe(up, sentCounter{c, p})
	}
}

func pipe(dst net.Conn, src io.Reader) {
	_, _ = io.Copy(dst, src)
	dst.Close()
}

// StopAfter makes the proxy Stop by itself once clients have sent more than n bytes in all:
// the dependency dies in the middle of a request (the bytes past n are not forwarded).
func (p *Proxy) StopAfter(n int64) { p.limit.Store(n) }

// sentCounter reads what a client sends and stops the proxy past its StopAfter limit.
type sentCounter struct {
	c net.Conn
	p *Proxy
}

func (s sentCounter) Read(b []byte) (int, error) {
	n, err := s.c.Read(b)
	if limit := s.p.limit.Load(); limit > 0 && s.p.sent.Add(int64(n)) > limit {
		s.p.Stop()
		return 0, net.ErrClosed
	}
	return n, err
}

// Stop closes the listener and every open connection, as if the dependency died.
func (p *Proxy) Stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
