// Package smtptest is an in-process SMTP server (github.com/emersion/go-smtp) that keeps what
// it receives, for tests of the mail path end to end. It can be started later on an address
// reserved first, as a mail server that was down and came back.
package smtptest

import (
	"bytes"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one received message: envelope and raw bytes, parsed.
type Message struct {
	From string
	To   []string
	Raw  []byte
	*mail.Message
	Body []byte
}

// Server receives mail on Addr until the test ends.
type Server struct {
	Addr     string
	mu       sync.Mutex
	messages []Message
	srv      *smtp.Server
}

// Reserve picks a free address without serving it yet: connections are refused until Start.
func Reserve(t testing.TB) *Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return &Server{Addr: addr}
}

// New starts a server at once.
func New(t testing.TB) *Server {
	s := Reserve(t)
	s.Start(t)
	return s
}

// Start serves on the reserved address.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "smtptest.local"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(func() { s.srv.Close() })
}

// URL is the SMTP_URL of the server (plain SMTP, no credentials).
func (s *Server) URL() string { return "smtp://" + s.Addr }

// Messages returns what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error { x.to = append(x.to, to); return nil }

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Message{From: x.from, To: x.to, Raw: raw}
	if m.Message, err = mail.ReadMessage(bytes.NewReader(raw)); err != nil {
		return err
	}
	if m.Body, err = io.ReadAll(m.Message.Body); err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.messages = append(x.s.messages, m)
	x.s.mu.Unlock()
	return nil
}
