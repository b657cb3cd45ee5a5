// Package faultproxy is a TCP proxy for fault-injection tests: put it between the binary and
// PostgreSQL, Redis or S3, then make the dependency refuse connections, go silent (a network
// partition: bytes vanish and nothing answers), or drop every open connection, and restore it.
package faultproxy

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Proxy forwards every connection on a loopback port to a target.
type Proxy struct {
	addr      string
	target    string
	blackhole atomic.Bool

	mu    sync.Mutex
	ln    net.Listener // nil while refusing
	conns map[net.Conn]struct{}
}

// Start listens on a free loopback port and forwards to target (host:port).
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{addr: ln.Addr().String(), target: target, conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	return p, nil
}

// Addr is the host:port clients connect to.
func (p *Proxy) Addr() string { return p.addr }

// Refuse closes the port and every open connection: new connections are refused at once.
func (p *Proxy) Refuse() {
	p.mu.Lock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.mu.Unlock()
	p.Cut()
}

// Blackhole keeps accepting and reading but forwards nothing either way, so every call
// through the proxy waits until its own deadline.
func (p *Proxy) Blackhole() { p.blackhole.Store(true) }

// Cut closes every open connection (in the middle of whatever they carry); new ones work.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// Restore forwards again on the same port. Connections that were blackholed are closed, as
// a peer that timed out would see them, so clients reconnect.
func (p *Proxy) Restore() error {
	if p.blackhole.Swap(false) {
		p.Cut()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.serveLocked(ln)
	return nil
}

// Close stops the proxy and drops every connection.
func (p *Proxy) Close() { p.Refuse() }

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.serveLocked(ln)
}

func (p *Proxy) serveLocked(ln net.Listener) {
	p.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.handle(c)
		}
	}()
}

// handle connects c to the target; while blackholed it only reads c.
func (p *Proxy) handle(c net.Conn) {
	if !p.track(c) {
		return
	}
	if p.blackhole.Load() {
		_, _ = io.Copy(io.Discard, c)
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		p.drop(c)
		return
	}
	if !p.track(up) {
		p.drop(c)
		return
	}
	go p.pipe(up, c)
	p.pipe(c, up)
}

// pipe copies src to dst until either ends, dropping what arrives while blackholed.
func (p *Proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !p.blackhole.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				err = werr
			}
		}
		if err != nil {
			p.drop(dst)
			p.drop(src)
			return
		}
	}
}

// track registers c, or closes it when the proxy is refusing.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) drop(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}
