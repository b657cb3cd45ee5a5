package s3_test

import (
	"bytes"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// proxy forwards TCP connections to an S3 endpoint and can cut them: once more than cut bytes
// went from client to server it forwards nothing more (the server holds a partial request)
// and closes reached; Close then kills the listener and every connection, like a server that
// died. It records the first bytes it forwarded, to check what a request carried.
type proxy struct {
	ln      net.Listener
	target  string
	cut     int64
	sent    atomic.Int64
	reached chan struct{}
	once    sync.Once

	mu     sync.Mutex
	closed bool
	conns  []net.Conn
	head   bytes.Buffer
}

const recordBytes = 16 << 10

func startProxy(t *testing.T, target string, cut int64) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy: %v", err)
	}
	p := &proxy{ln: ln, target: target, cut: cut, reached: make(chan struct{})}
	t.Cleanup(p.Close)
	go p.serve()
	return p
}

// endpoint is the proxy's URL, for a Store.
func (p *proxy) endpoint() string { return "http://" + p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

func (p *proxy) handle(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	if !p.track(client, server) {
		return
	}
	go io.Copy(client, server)
	p.forward(server, client)
}

// track remembers the connections for Close; false when the proxy is already closed.
func (p *proxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	p.conns = append(p.conns, conns...)
	return true
}

func (p *proxy) forward(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && p.sent.Add(int64(n)) > p.cut {
			p.once.Do(func() { close(p.reached) })
			io.Copy(io.Discard, src) // stall: the server never gets the rest
			return
		}
		p.record(buf[:n])
		if _, werr := dst.Write(buf[:n]); werr != nil || err != nil {
			return
		}
	}
}

func (p *proxy) record(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if room := recordBytes - p.head.Len(); room > 0 {
		p.head.Write(b[:min(room, len(b))])
	}
}

// recorded returns the first bytes the proxy forwarded to the server.
func (p *proxy) recorded() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.head.String()
}

// Close stops accepting and kills every connection.
func (p *proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
