package faultproxy

import (
	"bufio"
	"net"
	"testing"
	"time"
)

// echo serves lines back on a loopback port.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := c.Write([]byte(line)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// roundTrip sends a line and waits up to 500 ms for it to come back.
func roundTrip(c net.Conn) error {
	if err := c.SetDeadline(time.Now().Add(500 * time.Millisecond)); err != nil {
		return err
	}
	if _, err := c.Write([]byte("ping\n")); err != nil {
		return err
	}
	_, err := bufio.NewReader(c).ReadString('\n')
	return err
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", p.Addr(), time.Second)
	if err != nil {
		t.Fatalf("dial through the proxy: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestFaults(t *testing.T) {
	p, err := Start(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)

	open := dial(t, p)
	if err := roundTrip(open); err != nil {
		t.Fatalf("forwarding: %v", err)
	}

	p.Blackhole()
	if err := roundTrip(open); !isTimeout(err) {
		t.Errorf("blackholed open connection: got %v, want a timeout", err)
	}
	if err := roundTrip(dial(t, p)); !isTimeout(err) {
		t.Errorf("blackholed new connection: got %v, want a timeout", err)
	}
	restore(t, p)
	if err := roundTrip(dial(t, p)); err != nil {
		t.Errorf("after restoring a blackhole: %v", err)
	}

	cut := dial(t, p)
	if err := roundTrip(cut); err != nil {
		t.Fatal(err)
	}
	p.Cut()
	if err := roundTrip(cut); err == nil || isTimeout(err) {
		t.Errorf("cut connection: got %v, want it closed", err)
	}
	if err := roundTrip(dial(t, p)); err != nil {
		t.Errorf("new connection after a cut: %v", err)
	}

	p.Refuse()
	if c, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		c.Close()
		t.Error("refusing: a connection was accepted")
	}
	restore(t, p)
	if err := roundTrip(dial(t, p)); err != nil {
		t.Errorf("after restoring from refusing: %v", err)
	}
}

func restore(t *testing.T, p *Proxy) {
	t.Helper()
	if err := p.Restore(); err != nil {
		t.Fatalf("Restore: %v", err)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
