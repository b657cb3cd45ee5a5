// Package apitest runs the real HTTP server over a real store for scenario tests, and gives
// them a small client that keeps cookies and decodes JSON.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/tms"
)

// Server is a running instance.
type Server struct {
	*httptest.Server
	App *app.App
}

// DefaultConfig is a dev configuration for tests.
func DefaultConfig(t testing.TB) config.Config {
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"DATA_DIR": t.TempDir()}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	// The race detector on a busy CI machine makes a bcrypt hash or a SQLite write wait for
	// seconds: the production deadline (4 s) would answer those 503. Outage tests set their own.
	cfg.RequestTimeout = 30 * time.Second
	return cfg
}

// Start serves an App built around store until the test ends.
func Start(t testing.TB, cfg config.Config, store tms.Store) *Server {
	t.Helper()
	if !testing.Verbose() {
		slog.SetDefault(slog.New(slog.DiscardHandler)) // access logs only with -v
	}
	a, err := app.FromStore(context.Background(), cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &Server{Server: srv, App: a}
}

// CreateUser makes an account directly in the store and returns its password. The hash uses
// bcrypt's minimum cost: real logins check it the same way, and the race detector makes the
// default cost take seconds per login.
func CreateUser(t testing.TB, s tms.Store, email string, role tms.Role) (tms.User, string) {
	t.Helper()
	pw := auth.GeneratePassword()
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u := tms.User{Email: email, Role: role, Active: true, PasswordHash: string(hash)}
	if err := s.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u, pw
}

// Client calls one server with its own cookie jar.
type Client struct {
	t      testing.TB
	base   string
	HTTP   *http.Client
	Header http.Header // sent with every request
}

// NewClient returns a client without a session.
func (s *Server) NewClient(t testing.TB) *Client {
	return NewClient(t, s.URL)
}

// NewClient returns a client for base.
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, base: base, HTTP: &http.Client{Jar: jar}, Header: http.Header{}}
}

// Base is the server's URL the client calls.
func (c *Client) Base() string { return c.base }

// Login logs in and fails the test when it does not work.
func (c *Client) Login(email, password string) *Client {
	c.t.Helper()
	c.Do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}).Want(http.StatusOK)
	return c
}

// Response is a finished response with its body read.
type Response struct {
	t      testing.TB
	Status int
	Header http.Header
	Body   []byte
	req    string
}

// Do sends body as JSON (nil = none) and reads the whole response.
func (c *Client) Do(method, path string, body any, header ...string) *Response {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Send(req)
}

// Send performs a prepared request.
func (c *Client) Send(req *http.Request) *Response {
	c.t.Helper()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &Response{t: c.t, Status: resp.StatusCode, Header: resp.Header, Body: b, req: req.Method + " " + req.URL.Path}
}

// Want fails the test unless the status is want.
func (r *Response) Want(want int) *Response {
	r.t.Helper()
	if r.Status != want {
		r.t.Fatalf("%s: status %d, want %d; body: %s", r.req, r.Status, want, r.Body)
	}
	return r
}

// JSON decodes the body into v.
func (r *Response) JSON(v any) *Response {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("%s: decode %q: %v", r.req, r.Body, err)
	}
	return r
}

// Problem decodes a problem+json body and checks its content type.
func (r *Response) Problem() map[string]any {
	r.t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		r.t.Fatalf("%s: content type %q, want application/problem+json", r.req, ct)
	}
	var p map[string]any
	r.JSON(&p)
	return p
}

// UntilThrottled repeats a failing login until it is answered 429 (returned). The first
// repeat is expected to be; since each failure doubles the wait, only a machine stalling for
// 1 s, then 2 s, then 4 s between two requests reaches the end, which fails the test.
func UntilThrottled(t testing.TB, login func() *Response) *Response {
	t.Helper()
	for range 4 {
		if r := login(); r.Status == http.StatusTooManyRequests {
			return r
		} else if r.Status != http.StatusUnauthorized {
			t.Fatalf("failing login: status %d, want 401 or 429", r.Status)
		}
	}
	t.Fatal("four failing logins in a row past the free ones were never answered 429")
	return nil
}
